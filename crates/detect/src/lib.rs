//! Detection over AWS logs: streaming readers, a Sigma engine, built-in detections and
//! correlation windows.
#![deny(missing_docs)]

mod event;
mod json;
pub mod read;

pub use event::{Event, LogKind};
pub use json::JsonError;
pub use read::{ReadError, ReadStats, Reader};
