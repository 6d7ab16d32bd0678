//! The Security Hub import against the moto emulator (moto 5.2.5 implements BatchImportFindings
//! and GetFindings, without filters: the import checks its scope itself).
//!
//! The emulator helper is the aws crate's (`crates/aws/tests/moto/server.rs`, included by
//! path): one `moto_server` per test on a free 127.0.0.1 port, with its request recorder.

#[path = "../../../aws/tests/moto/server.rs"]
#[allow(dead_code)]
mod server;

mod securityhub;
