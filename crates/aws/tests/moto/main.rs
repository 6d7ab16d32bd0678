//! Live collection against the moto AWS emulator: one harness, one module per concern.
//!
//! Every test starts its own `moto_server` (see [`server`]), provisions an account through the
//! Rust SDK (see [`provision`]), collects it with `cloudward_aws::collect`, and asserts on the
//! model, the findings, and the requests moto recorded. Run with `./scripts/test.sh`, which
//! installs the pinned emulator; without it these tests fail with instructions.
#![allow(clippy::unwrap_used)]

mod faults;
mod provision;
use cloudward_aws::moto as server;
mod support;

mod bench;
mod collection;
mod demo;
mod drift;
mod escalation;
mod fault_suite;
mod findings;
mod iac_cross_check;
mod logs;
mod org;
mod policy;
mod readonly;
mod refusal;
mod regions;
mod services;
