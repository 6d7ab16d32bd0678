//! Output formats for cloudward findings and alerts.
#![deny(missing_docs)]
