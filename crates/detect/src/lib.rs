//! Detection over AWS logs: streaming readers, a Sigma engine, built-in detections and
//! correlation windows.
//!
//! Principal types:
//! - [`Reader`] (and the per-format readers in [`read`]): takes any [`std::io::Read`] plus an
//!   origin name (a path, an `s3://` URL), detects gzip and zip by magic bytes (a zip's members
//!   are read one after the other as inputs of their own, `archive.zip!member`) and the log
//!   kind by content, and yields `Result<Event, ReadError>` one record at a time in bounded memory.
//!   CloudTrail `{"Records":[...]}` documents (any number of them, one after the other, in
//!   any number of gzip members) are streamed element by element; malformed records
//!   are errors naming file, record and byte offset, and reading goes on.
//! - [`Event`]: a record kept as raw bytes plus an index of its top-level members; fields are
//!   decoded only when a rule asks (this is what makes ~500 K CloudTrail events/s per core
//!   possible, see shared/reference/detection.md).
//! - [`Engine`]: Sigma rules (built-in ones from `crates/detect/rules/`, a directory, strings)
//!   compiled once, indexed by log kind and `eventName`; [`Engine::process`] returns the
//!   [`Match`]es of one event. [`Engine::rejected`] lists every rule not loaded and why.
//! - [`Detector`]: runs inputs through the engine, a correlator and an alert [`Aggregator`];
//!   [`Detector::read_files`] spreads many files over worker threads with the same result as
//!   one thread (see [`parallel`]).
//! - [`Correlator`]: the state of Sigma correlation rules (`event_count`, `value_count`,
//!   `temporal`) over event-time windows with an allowed lateness; emits
//!   [`CorrelationMatch`]es.
//!
//! Log sources for Sigma rules (the mapping is [`LogKind`]'s): `product: aws` with
//! `service: cloudtrail` (CloudTrail field names), `service: vpcflow` (flow log field names:
//! `srcaddr`, `dstport`, `action`, ...), `service: alb` (field names in [`read::alb`]),
//! `service: s3access` ([`read::s3access`]), `service: waf` and `service: guardduty` (their
//! JSON), `service: route53resolver` (its JSON plus [`RESOLVER_DERIVED`]); `product: linux,
//! service: auth` (or `sshd`) for auth.log / secure / journald ([`read::syslog`]);
//! `category: webserver` for nginx and Apache access logs ([`read::web`]). Matching semantics
//! are documented in [`sigma`].
//!
//! # Limits
//!
//! Every input is capped, and hitting a cap names the place (file and record or line with
//! the byte offset, or the rule file and document) while the rest is processed (issue 8):
//!
//! | limit | value | when hit |
//! |---|---|---|
//! | [`read::MAX_RECORD`] | 32 MiB per CloudTrail record | malformed record, skipped without being held |
//! | [`read::MAX_RECORD`] | 32 MiB per WAF / Resolver / GuardDuty record | as for CloudTrail |
//! | [`read::MAX_LINE`] | 1 MiB per flow, ALB, S3 access, syslog, journald or web access line (settable per reader, [`Reader::max_line`]) | malformed record, skipped to the next newline in bounded memory |
//! | [`read::FORMAT_HEAD`] | 64 KiB of the first line looked at to recognise the format | a JSON first line longer than this is read as CloudTrail |
//! | [`read::MAX_JSON_DEPTH`] | 128 levels in one record | malformed record |
//! | [`read::archive::MAX_ZIP_MEMBERS`] | 10,000 members per zip archive | the rest reported once ([`ReadError::Archive`]), not read |
//! | [`read::archive::MAX_ZIP_MEMBER_SIZE`] | 8 GiB uncompressed per member (declared, and held to it while reading) | member reported and skipped |
//! | [`read::archive::MAX_ZIP_TOTAL_SIZE`] | 64 GiB uncompressed per archive | the members past it reported and skipped |
//! | [`read::archive::MAX_ZIP_RATIO`] | compression ratio 200 for members over 1 MiB | member reported and skipped (zip bomb) |
//! | [`read::archive::MAX_ZIP_STREAM`] | 256 MiB of a zip from a stream (stdin, S3 body) held in memory | archive not read, named; files on disk are read in place |
//! | gzip members | every member read | a corrupt member ends the file with [`ReadError::Gzip`] (member, compressed offset) after the records before it |
//! | [`sigma::MAX_RULE_FILE`] | 1 MiB per rule file | that file rejected, the others load |
//! | [`sigma::MAX_YAML_DEPTH`] | 64 levels in a rule document | rejected before the value tree is built |
//! | [`sigma::MAX_YAML_NODES`] | 100,000 nodes per document, aliases expanded | document rejected |
//! | [`sigma::MAX_CONDITION_DEPTH`] | 64 levels of parentheses and `not` | rule rejected |
//! | [`sigma::MAX_REGEX_SIZE`] | 4 MiB compiled per pattern (`\|re`, wildcards) | rule rejected; matching is linear-time |
//! | [`sigma::MAX_THRESHOLD`] | 10,000 (correlation `gte`, `gt` + 1, temporal rule count) | rule rejected (it could never fire) |
//! | [`sigma::MAX_TIMESPAN`] | 366 days | rule rejected; arithmetic checked |
//! | [`derived::MAX_POLICY_BYTES`] | 64 KiB per policy document in a request | `cloudward.policy_public` is `unknown`, `cloudward.policy_unevaluated` says why |
//! | [`derived::MAX_STATEMENTS`] | 1,000 statements per policy | as above |
//! | [`MAX_GROUP_ENTRIES`] | 10,000 matches per correlation group | oldest dropped, [`CorrelatorStats::overflow`] |
//! | [`MAX_GROUPS`] | 100,000 correlation groups | match not counted, [`CorrelatorStats::state_full`] |
//! | [`MAX_STATE_ENTRIES`] | 1,000,000 matches held | match not counted, [`CorrelatorStats::state_full`] |
//! | [`Detector::MAX_PROBLEMS`] | 50 read problems kept | the rest counted in `problems_omitted` |
//!
//! This crate knows the model crate only; S3/SQS sources, output formats and the CLI build on
//! it.
//!
//! ```
//! use cloudward_detect::{Engine, Reader};
//!
//! let log = br#"{"Records":[{"eventID":"1","eventTime":"2024-05-01T10:00:00Z",
//!   "eventSource":"ec2.amazonaws.com","eventName":"DisableEbsEncryptionByDefault",
//!   "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"}}]}"#;
//! let engine = Engine::builder().build().unwrap();
//! assert!(engine.rejected().is_empty());
//! let mut correlator = engine.correlator();
//! let mut titles = vec![];
//! for event in Reader::new("example.json", &log[..]).unwrap() {
//!     for m in engine.process(&event.unwrap()) {
//!         correlator.observe(&m);
//!         titles.push(m.rule.title.clone());
//!     }
//! }
//! assert_eq!(titles, ["AWS EBS Default Encryption Disabled"]);
//! ```
#![deny(missing_docs)]

pub mod alert;
pub mod blocklist;
mod correlate;
pub mod derived;
mod engine;
mod event;
mod json;
mod matched;
pub mod parallel;
pub mod read;
pub mod resources;
pub mod sigma;

pub use alert::{Aggregator, DetectStats, Detector};
pub use correlate::{
    CorrelationMatch, Correlator, CorrelatorStats, MAX_GROUPS, MAX_GROUP_ENTRIES, MAX_STATE_ENTRIES,
};
pub use engine::{BuildError, Engine, EngineBuilder, DEFAULT_LATENESS};
pub use event::{Event, LogKind, SigmaLogsource, RESOLVER_DERIVED};
pub use json::JsonError;
pub use matched::{Match, FAILURE_IS_SIGNAL};
pub use read::{ReadError, ReadStats, Reader};
pub use sigma::{Rejection, RuleInfo};
