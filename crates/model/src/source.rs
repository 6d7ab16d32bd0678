//! Where a resource came from: a live account, or a file and line of infrastructure code.

use serde::{Deserialize, Serialize};

/// A position in a source file (1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    /// Path as given to the scanner, relative to the scanned root where there is one.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (0 when unknown).
    #[serde(default)]
    pub column: u32,
}

/// The provenance of a resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Source {
    /// Collected from a live account through the AWS API.
    Live {
        /// Account id.
        account: String,
        /// Region, or `global` for IAM and other global services.
        region: String,
    },
    /// Declared in infrastructure code.
    File(Location),
}
