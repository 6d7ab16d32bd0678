//! The integration tests of cloudward-policy, in one binary.

mod conformance;
mod inventory;
