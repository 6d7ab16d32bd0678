//! Actions that change an AWS account. Scanning never does; everything here runs only behind
//! an explicit command-line flag, and shows what it would do first (a dry run).
#![deny(missing_docs)]
