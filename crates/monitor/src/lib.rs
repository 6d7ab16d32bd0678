//! Continuous monitoring, between the CLI and the crates that collect, judge and store.
//!
//! The watch loop re-scans an account on an interval and, between scans, re-collects only
//! what CloudTrail management events (delivered by EventBridge to an SQS queue) name.
//! Notifications tell people when a finding turns worse or a detection fires, through the
//! sinks configured in `cloudward.toml`, without ever blocking or failing the scan that
//! raised them.
#![deny(missing_docs)]

pub mod watch;
