//! `--format json`: one document with a versioned, stable schema.
//!
//! ```text
//! { "schema_version": 1,
//!   "tool": { "name": "cloudward", "version": "0.1.0" },
//!   "target": { "account_id", "regions", "source", "collected_at" },
//!   "summary": { "total": Counts, "by_severity": { "high": Counts, .. }, "by_service": { .. } },
//!   "findings": [ Finding + "fingerprint" ],
//!   "collection_errors": [ CollectionError ],
//!   "accounts": [ AccountSummary ] }   (organization scans only)
//! ```
//!
//! Every finding is listed, passes and not-applicable ones included, so consumers can compute
//! coverage. Fields are only ever added within a schema version; a rename or removal bumps it.

use std::io::Write;

use cloudward_model::{CollectionError, Finding};
use serde::Serialize;

use crate::report::{AccountSummary, Report, Target};
use crate::summary::Summary;
use crate::text::fingerprint;
use crate::RenderError;

/// The version of the JSON document's layout.
pub(crate) const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    tool: Tool<'a>,
    target: &'a Target,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
    collection_errors: &'a [CollectionError],
    /// The per-account summary of an organization scan; absent for one account.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    accounts: &'a [AccountSummary],
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    fingerprint: String,
}

pub(crate) fn render(report: &Report, out: &mut dyn Write) -> Result<(), RenderError> {
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "cloudward",
            version: &report.tool_version,
        },
        target: &report.target,
        summary: report.summary(),
        findings: report
            .findings
            .iter()
            .map(|finding| JsonFinding {
                finding,
                fingerprint: fingerprint(finding),
            })
            .collect(),
        collection_errors: &report.collection_errors,
        accounts: &report.accounts,
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(RenderError::json("json"))?;
    bytes.push(b'\n');
    out.write_all(&bytes).map_err(RenderError::io("json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::AccountSummary;

    fn json(report: &Report) -> serde_json::Value {
        let mut out = Vec::new();
        render(report, &mut out).expect("renders");
        serde_json::from_slice(&out).expect("JSON")
    }

    #[test]
    fn accounts_appear_only_in_an_organization_report() {
        let report = Report::new(vec![], vec![], vec![], Target::default(), "0");
        assert!(json(&report).get("accounts").is_none());
        let report = report.with_accounts(vec![AccountSummary {
            account_id: "111111111111".into(),
            name: "prod".into(),
            error: Some("denied".into()),
            ..AccountSummary::default()
        }]);
        let doc = json(&report);
        assert_eq!(doc["accounts"][0]["account_id"], "111111111111");
        assert_eq!(doc["accounts"][0]["error"], "denied");
        assert_eq!(doc["accounts"][0]["counts"]["fail"], 0);
        assert!(doc["accounts"][0].get("ou_path").is_none());
    }
}
