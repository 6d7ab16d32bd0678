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
    /// Collected from a live account through the AWS API. The account and region are the
    /// resource's own fields: repeating them here cost two strings per resource, a tenth of a
    /// million-resource inventory. (Snapshots written with them still read: the extra fields
    /// are ignored.)
    Live,
    /// Declared in infrastructure code.
    File(Location),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_sources_of_earlier_snapshots_still_read() {
        let old = r#"{"type":"live","account":"123456789012","region":"eu-west-1"}"#;
        let source: Source = serde_json::from_str(old).expect("old live source");
        assert_eq!(source, Source::Live);
        assert_eq!(
            serde_json::to_string(&Source::Live).expect("serialise"),
            r#"{"type":"live"}"#
        );
    }
}
