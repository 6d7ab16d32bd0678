//! Integration tests of cloudward-detect (one harness, see STYLE.md §8).
#![allow(clippy::unwrap_used)]

mod alerts;
mod builtin;
mod builtin_settings;
mod common;
mod correlation;
mod issue8;
mod no_panic;
mod parallel;
mod placeholders;
mod readers;
mod rule_cases;
mod sigma_conformance;
mod stratus_coverage;
