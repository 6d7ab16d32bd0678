//! The Sigma engine: YAML rules (single or multi-document files, directories, embedded strings)
//! compiled once into matcher trees. See [`crate::Engine`] for the entry point.
//!
//! Semantics follow shared/reference/detection.md: dotted paths fan out over arrays at any level
//! (a literal key containing dots is tried too), string matching is case-insensitive, `null`
//! means absent or JSON null, non-string JSON is matched by its text (`false`, `42`, compact
//! JSON for objects), and anything we cannot evaluate faithfully is rejected at load time.
//!
//! CloudTrail fields under `cloudward.` are derived facts, not members of the record:
//! `cloudward.policy_public`, `cloudward.foreign_accounts`, `cloudward.service_call` and
//! `cloudward.policy_unevaluated`, computed only when a rule names them (see
//! [`crate::derived`] for their values, caps and imprecision). A rule naming any other
//! `cloudward.` field is rejected. `cloudward.foreign_accounts` in a detection leaves out the
//! accounts of the `%trusted_accounts%` placeholder as well as the event's own account.

pub(crate) mod condition;
pub(crate) mod limits;
pub(crate) mod matcher;
pub(crate) mod rule;

pub use condition::MAX_CONDITION_DEPTH;
pub use limits::{MAX_RULE_FILE, MAX_YAML_DEPTH, MAX_YAML_NODES};
pub use matcher::MAX_REGEX_SIZE;
pub use rule::{Placeholders, Rejection, RuleInfo, MAX_EXPANSION, MAX_THRESHOLD, MAX_TIMESPAN};

use serde::Deserialize;

/// Parses a detection `condition` against selection names, as rule loading does: the entry
/// point of the condition fuzz target and of lint tools. `Err` is the rejection reason.
#[doc(hidden)]
pub fn check_condition(condition: &str, names: &[String]) -> Result<(), String> {
    condition::parse(condition, names).map(drop)
}

/// One YAML document of a rule file, parsed or rejected.
pub(crate) struct LoadedDoc {
    pub origin: String,
    pub document: usize,
    pub result: Result<rule::Doc, Rejection>,
}

impl LoadedDoc {
    /// Gives a loaded rule without a `license` the licence of its collection.
    pub(crate) fn set_default_licence(&mut self, licence: &str) {
        if let Ok(doc) = &mut self.result {
            doc.set_default_licence(licence);
        }
    }
}

/// Parses every document of a YAML text. A document past a limit in [`limits`] is rejected
/// before its value tree is built; the documents after it are still read.
pub(crate) fn load_text(origin: &str, text: &str, placeholders: &Placeholders) -> Vec<LoadedDoc> {
    let reject = |document: usize, reason: String| LoadedDoc {
        origin: origin.to_owned(),
        document,
        result: Err(Rejection {
            origin: origin.to_owned(),
            document,
            title: None,
            id: None,
            reason,
        }),
    };
    if text.len() > limits::MAX_RULE_FILE {
        return vec![reject(
            0,
            format!(
                "rule file of {} bytes is larger than the {}-byte limit; not read",
                text.len(),
                limits::MAX_RULE_FILE
            ),
        )];
    }
    if let Err(line) = limits::scan_depth(text, limits::MAX_YAML_DEPTH) {
        // The parser would take time quadratic in this depth; the stream is not parsed.
        return vec![reject(
            1,
            format!(
                "YAML nesting deeper than {} levels at line {line}; the file is not parsed",
                limits::MAX_YAML_DEPTH
            ),
        )];
    }
    let mut out = Vec::new();
    let shapes = yaml_serde::Deserializer::from_str(text);
    let values = yaml_serde::Deserializer::from_str(text);
    for (i, (shape, de)) in shapes.zip(values).enumerate() {
        let document = i + 1;
        match limits::check_shape(shape) {
            Ok(()) => {}
            Err(limits::ShapeError::Limit(reason)) => {
                out.push(reject(document, reason));
                continue;
            }
            Err(limits::ShapeError::Yaml(e)) => {
                // The YAML stream cannot be resynchronised after a syntax error.
                out.push(reject(document, format!("YAML: {e}")));
                break;
            }
        }
        let result = match yaml_serde::Value::deserialize(de) {
            Err(e) => Err(Rejection {
                origin: origin.to_owned(),
                document,
                title: None,
                id: None,
                reason: format!("YAML: {e}"),
            }),
            Ok(yaml_serde::Value::Null) => continue,
            Ok(v) => {
                rule::parse_doc(&v, origin, placeholders).map_err(|(title, id, reason)| Rejection {
                    origin: origin.to_owned(),
                    document,
                    title,
                    id,
                    reason,
                })
            }
        };
        // The shape walk read this document, so a value error is not a syntax error and the
        // stream goes on with the next document.
        out.push(LoadedDoc {
            origin: origin.to_owned(),
            document,
            result,
        });
    }
    out
}
