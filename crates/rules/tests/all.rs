//! Integration tests of the rule catalogue and the engine, in one binary.

mod catalogue;
mod engine;
