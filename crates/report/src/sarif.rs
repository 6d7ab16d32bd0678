//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//!
//! Mapping (SARIF 2.1.0 section numbers in brackets):
//! - each rule that ran is a `reportingDescriptor` in `tool.driver.rules` with its title, what
//!   it checks, `help` (text and Markdown with the remediation), `helpUri` (its first
//!   reference) and `properties` carrying `security-severity` (read by GitHub) and frameworks;
//! - a Fail is a result of kind `fail` whose `level` follows the severity (critical and high:
//!   `error`; medium and low: `warning`; info: `note`);
//! - an Unknown is a result of kind `open` ("insufficient information to decide", 3.27.9)
//!   with level `none`, as 3.27.10 requires for every kind other than `fail`; its property
//!   `cloudward/status` says `unknown`;
//! - a suppressed Fail keeps kind `fail` and gains `suppressions: [{kind, justification}]`,
//!   `inSource` for code and `external` for live resources;
//! - passes appear (kind `pass`, level `none`) only with `show_pass`;
//! - code findings have a `physicalLocation` whose `artifactLocation.uri` is relative to
//!   `%SRCROOT%`; live findings have only a `logicalLocation` holding the ARN (kind
//!   `resource`), because inventing a file for them would be an invalid physical location;
//! - `partialFingerprints["cloudwardFindingHash/v1"]` hashes rule, resource and region, so a
//!   finding keeps its identity when code moves;
//! - collection errors are `invocations[0].toolExecutionNotifications`.

use std::collections::BTreeMap;
use std::io::Write;

use cloudward_model::{Finding, RuleMeta, Severity, Status};
use serde_json::{json, Map, Value};

use crate::report::{RenderOptions, Report};
use crate::text::{fingerprint, first_line, framework_labels, remediation_markdown};
use crate::RenderError;

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/cloudward/cloudward";
const FINGERPRINT_KEY: &str = "cloudwardFindingHash/v1";

/// GitHub's `security-severity`: a CVSS-like score as a string; GitHub buckets it as critical
/// (> 9.0), high (7.0-8.9), medium (4.0-6.9) and low (0.1-3.9).
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium | Severity::Low => "warning",
        Severity::Info => "note",
    }
}

pub(crate) fn render(
    report: &Report,
    options: &RenderOptions<'_>,
    out: &mut dyn Write,
) -> Result<(), RenderError> {
    // Rule descriptors: every rule that ran, plus any rule a finding names that the catalogue
    // passed in does not know (a finding from a newer store), so every ruleIndex resolves.
    let mut rule_ids: Vec<&str> = report.rules.keys().copied().collect();
    for f in &report.findings {
        if report.rule(&f.rule_id).is_none() && !rule_ids.contains(&f.rule_id.as_str()) {
            rule_ids.push(&f.rule_id);
        }
    }
    rule_ids.sort_unstable();
    let index: BTreeMap<&str, usize> = rule_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    let rules: Vec<Value> = rule_ids
        .iter()
        .map(|id| match report.rule(id) {
            Some(meta) => descriptor(meta),
            None => {
                let title = report
                    .findings
                    .iter()
                    .find(|f| f.rule_id == *id)
                    .map(|f| f.title.as_str())
                    .unwrap_or(id);
                json!({ "id": id, "shortDescription": { "text": title } })
            }
        })
        .collect();

    let results: Vec<Value> = report
        .findings
        .iter()
        .filter(|f| match f.status {
            Status::Fail | Status::Unknown | Status::Suppressed => true,
            Status::Pass => options.show_pass,
            Status::NotApplicable => false,
        })
        .map(|f| result(f, index[f.rule_id.as_str()]))
        .collect();

    let notifications: Vec<Value> = report
        .collection_errors
        .iter()
        .map(|e| {
            json!({
                "level": "warning",
                "message": { "text": format!("{} ({:?})", e.reason(), e.kind) },
                "properties": {
                    "service": e.service,
                    "region": e.region.as_deref().unwrap_or("global"),
                    "api": e.api,
                    "errorKind": serde_json::to_value(e.kind).unwrap_or(Value::Null),
                },
            })
        })
        .collect();

    let mut run_properties = Map::new();
    if let Some(account) = &report.target.account_id {
        run_properties.insert("accountId".into(), json!(account));
    }
    run_properties.insert("regions".into(), json!(report.target.regions));
    run_properties.insert("source".into(), json!(report.target.source));
    if let Some(at) = report.target.collected_at {
        run_properties.insert("collectedAt".into(), json!(at.to_rfc3339()));
    }

    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "cloudward",
                    "informationUri": INFORMATION_URI,
                    "version": report.tool_version,
                    "semanticVersion": report.tool_version,
                    "rules": rules,
                },
            },
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": run_properties,
        }],
    });
    let mut bytes = serde_json::to_vec_pretty(&log).map_err(RenderError::json("sarif"))?;
    bytes.push(b'\n');
    out.write_all(&bytes).map_err(RenderError::io("sarif"))
}

fn descriptor(meta: &RuleMeta) -> Value {
    let mut tags = vec!["security".to_string(), meta.service.to_string()];
    tags.extend(framework_labels(meta));
    let fw = &meta.frameworks;
    let mut d = json!({
        "id": meta.id,
        "shortDescription": { "text": meta.title },
        "fullDescription": { "text": meta.checks.trim() },
        "help": {
            "text": format!(
                "{}\n\nFix: {}\n\n{}",
                meta.rationale.trim(),
                first_line(meta.remediation.console),
                meta.remediation.cli.trim()
            ),
            "markdown": remediation_markdown(meta),
        },
        "defaultConfiguration": { "level": level(meta.severity) },
        "properties": {
            "tags": tags,
            "precision": "high",
            "problem.severity": level(meta.severity),
            "security-severity": security_severity(meta.severity),
            "cloudward/severity": meta.severity.as_str(),
            "frameworks": {
                "cis_v5": fw.cis_v5,
                "cis_v3": fw.cis_v3,
                "fsbp": fw.fsbp,
                "well_architected": fw.well_architected,
            },
        },
    });
    if let Some(uri) = meta.references.first() {
        d["helpUri"] = json!(uri);
    }
    d
}

fn result(f: &Finding, rule_index: usize) -> Value {
    let (kind, level, text) = match f.status {
        Status::Fail | Status::Suppressed => ("fail", level(f.severity), f.message.clone()),
        Status::Unknown => (
            "open",
            "none",
            format!("Could not be checked: {}", f.message),
        ),
        Status::Pass | Status::NotApplicable => ("pass", "none", f.message.clone()),
    };
    let text = format!("{text} [{}]", f.resource_id);

    let logical = json!([{
        "fullyQualifiedName": f.resource_id,
        "name": f.resource_name,
        "kind": "resource",
    }]);
    let location = match &f.location {
        Some(loc) => {
            let mut region = json!({ "startLine": loc.line.max(1) });
            if loc.column > 0 {
                region["startColumn"] = json!(loc.column);
            }
            let mut artifact = Map::new();
            let (uri, relative) = file_uri(&loc.path);
            artifact.insert("uri".into(), json!(uri));
            if relative {
                artifact.insert("uriBaseId".into(), json!("%SRCROOT%"));
            }
            json!({
                "physicalLocation": { "artifactLocation": artifact, "region": region },
                "logicalLocations": logical,
            })
        }
        None => json!({ "logicalLocations": logical }),
    };

    let mut properties = Map::new();
    properties.insert("cloudward/status".into(), json!(f.status.as_str()));
    properties.insert("cloudward/severity".into(), json!(f.severity.as_str()));
    properties.insert("resourceKind".into(), json!(f.resource_kind.to_string()));
    if let Some(region) = &f.region {
        properties.insert("region".into(), json!(region));
    }
    if let Some(account) = &f.account {
        properties.insert("accountId".into(), json!(account));
    }
    if let Some(attribute) = &f.attribute {
        properties.insert("attribute".into(), json!(attribute));
    }

    let mut r = json!({
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "kind": kind,
        "level": level,
        "message": { "text": text },
        "locations": [location],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint(f) },
        "properties": properties,
    });
    if f.status == Status::Suppressed {
        let kind = if f.location.is_some() {
            "inSource"
        } else {
            "external"
        };
        r["suppressions"] = json!([{
            "kind": kind,
            "status": "accepted",
            "justification": f.suppression.as_deref().unwrap_or(""),
        }]);
    }
    r
}

/// A URI reference for a location path, and whether it is relative (to `%SRCROOT%`).
/// Backslashes become slashes; anything outside RFC 3986's unreserved set and `/` is
/// percent-encoded, so a space or `#` in a file name cannot break the URI.
fn file_uri(path: &str) -> (String, bool) {
    let path = path.replace('\\', "/");
    let trimmed = path.strip_prefix("./").unwrap_or(&path);
    let mut encoded = String::with_capacity(trimmed.len());
    for b in trimmed.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                encoded.push(char::from(b))
            }
            _ => encoded.push_str(&format!("%{b:02X}")),
        }
    }
    if trimmed.starts_with('/') {
        (format!("file://{encoded}"), false)
    } else {
        (encoded, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_are_relative_and_encoded() {
        assert_eq!(file_uri("./infra/main.tf"), ("infra/main.tf".into(), true));
        assert_eq!(
            file_uri("a dir\\x#.yaml"),
            ("a%20dir/x%23.yaml".into(), true)
        );
        assert_eq!(file_uri("/abs/t.tf"), ("file:///abs/t.tf".into(), false));
    }

    #[test]
    fn levels_follow_severity() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Info), "note");
    }
}
