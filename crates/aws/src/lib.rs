//! Live, read-only collection of an AWS account into the cloudward model.
#![deny(missing_docs)]
