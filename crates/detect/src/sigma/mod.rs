//! The Sigma engine: YAML rules (single or multi-document files, directories, embedded strings)
//! compiled once into matcher trees. See [`crate::Engine`] for the entry point.
//!
//! Semantics follow shared/reference/detection.md: dotted paths fan out over arrays at any level
//! (a literal key containing dots is tried too), string matching is case-insensitive, `null`
//! means absent or JSON null, non-string JSON is matched by its text (`false`, `42`, compact
//! JSON for objects), and anything we cannot evaluate faithfully is rejected at load time.

pub(crate) mod condition;
pub(crate) mod matcher;
pub(crate) mod rule;

pub use rule::{Rejection, RuleInfo};

use serde::Deserialize;

/// One YAML document of a rule file, parsed or rejected.
pub(crate) struct LoadedDoc {
    pub origin: String,
    pub document: usize,
    pub result: Result<rule::Doc, Rejection>,
}

/// Parses every document of a YAML text.
pub(crate) fn load_text(origin: &str, text: &str) -> Vec<LoadedDoc> {
    let mut out = Vec::new();
    for (i, de) in yaml_serde::Deserializer::from_str(text).enumerate() {
        let document = i + 1;
        let result = match yaml_serde::Value::deserialize(de) {
            Err(e) => Err(Rejection {
                origin: origin.to_owned(),
                document,
                title: None,
                id: None,
                reason: format!("YAML: {e}"),
            }),
            Ok(yaml_serde::Value::Null) => continue,
            Ok(v) => rule::parse_doc(&v, origin).map_err(|(title, id, reason)| Rejection {
                origin: origin.to_owned(),
                document,
                title,
                id,
                reason,
            }),
        };
        let failed = matches!(&result, Err(r) if r.reason.starts_with("YAML:"));
        out.push(LoadedDoc {
            origin: origin.to_owned(),
            document,
            result,
        });
        if failed {
            // The YAML stream cannot be resynchronised after a syntax error.
            break;
        }
    }
    out
}
