//! Detection over AWS logs: streaming readers, a Sigma engine, built-in detections and
//! correlation windows.
#![deny(missing_docs)]

pub mod alert;
pub mod blocklist;
mod correlate;
mod engine;
mod event;
mod json;
pub mod read;
pub mod sigma;

pub use alert::{Aggregator, DetectStats, Detector};
pub use correlate::{CorrelationMatch, Correlator, CorrelatorStats};
pub use engine::{BuildError, Engine, EngineBuilder, Match, DEFAULT_LATENESS};
pub use event::{Event, LogKind};
pub use json::JsonError;
pub use read::{ReadError, ReadStats, Reader};
pub use sigma::{Rejection, RuleInfo};
