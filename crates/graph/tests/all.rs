//! Integration tests of the exposure graph (one binary).

mod combinations;
mod fixture;
mod paths;
