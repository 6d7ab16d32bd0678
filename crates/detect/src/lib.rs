//! Streaming log readers, the Sigma engine and built-in detections.
#![deny(missing_docs)]
