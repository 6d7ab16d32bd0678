//! Continuous monitoring, between the CLI and the crates that collect, judge and store.
//!
//! The watch loop re-scans an account on an interval and, between scans, re-collects only
//! what CloudTrail management events (delivered by EventBridge to an SQS queue) name.
//! Notifications tell people when a finding turns worse or a detection fires, through the
//! sinks configured in `cloudward.toml`, without ever blocking or failing the scan that
//! raised them.
//!
//! Notifications, in three steps (module `notify`):
//! - [`SinkConfig::parse_all`] reads the `[[notifications]]` tables (secrets stay in the
//!   environment or in files: only their *names* are in the settings file);
//! - [`changes_in_run`] turns a recorded run into [`Notification`]s (new and regressed
//!   failures against the previous run of its target), [`Notification::from_alert`] does so
//!   for detection alerts;
//! - [`Notifier::send`] delivers them, deduplicated through a [`Ledger`] (the store), rate
//!   limited, retried, within a deadline, and returns a [`SendReport`] instead of failing.
//!
//! ```
//! use cloudward_monitor::{MemoryLedger, Notification, Notifier, NotifyOptions};
//! let notifier = Notifier::new(&[], NotifyOptions::default()).expect("no sinks, no secrets");
//! let report = notifier.send_blocking(&[Notification::sample()], &mut MemoryLedger::default());
//! assert_eq!(report.delivered(), 0);
//! ```
#![deny(missing_docs)]

mod notify;
pub mod watch;

pub use notify::{
    changes_in_run, from_diff, signature, slack_body, teams_body, webhook_body, Change, EventKind,
    FieldError, Ledger, MemoryLedger, Message, Notification, Notifier, NotifyError, NotifyOptions,
    RunChanges, SecretSource, SendReport, SinkConfig, SinkKind, SinkReport, DEFAULT_DEADLINE,
    MAX_SECRET_BYTES, MAX_SINKS, SIGNATURE_HEADER, TIMESTAMP_HEADER, WEBHOOK_SCHEMA_VERSION,
};
