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
//! - collection errors are `invocations[0].toolExecutionNotifications`, and any of them makes
//!   `executionSuccessful` false.

use std::collections::BTreeMap;
use std::io::Write;

use cloudward_model::{Finding, RuleMeta, Severity, Status};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::report::{RenderOptions, Report};
use crate::text::{fingerprint, first_line, framework_labels, remediation_markdown};
use crate::RenderError;

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/cloudward/cloudward";

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
    let named = (report.findings.iter().map(|f| (&*f.rule_id, &*f.title))).chain(
        report
            .omitted
            .iter()
            .map(|o| (o.rule_id.as_str(), o.title.as_str())),
    );
    for (id, _) in named.clone() {
        if report.rule(id).is_none() && !rule_ids.contains(&id) {
            rule_ids.push(id);
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
                let title = named
                    .clone()
                    .find(|(rule_id, _)| rule_id == id)
                    .map(|(_, title)| title)
                    .unwrap_or(id);
                json!({ "id": id, "shortDescription": { "text": title } })
            }
        })
        .collect();

    let results: Vec<SarifResult<'_>> = report
        .findings
        .iter()
        .filter(|f| match f.status {
            Status::Fail | Status::Unknown | Status::Suppressed => true,
            Status::Pass => options.show_pass,
            Status::NotApplicable => false,
        })
        .map(|f| result(f, index[&*f.rule_id]))
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
                    "errorKind": e.kind.as_str(),
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

    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: json!({
                "driver": {
                    "name": "cloudward",
                    "informationUri": INFORMATION_URI,
                    "version": report.tool_version,
                    "semanticVersion": report.tool_version,
                    "rules": rules,
                },
            }),
            // A collection error means part of what the run was asked to judge was not read
            // (an API call that failed, an IaC file that was skipped): the run did not
            // complete, whatever it found in the rest (issue 8).
            invocations: json!([{
                "executionSuccessful": report.collection_errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }]),
            column_kind: "unicodeCodePoints",
            results,
            properties: run_properties,
        }],
    };
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
                "cis_v7": fw.cis_v7,
                "cis_v6": fw.cis_v6,
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

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Value,
    invocations: Value,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    properties: Map<String, Value>,
}

// Results are typed structs rather than `serde_json::Value` trees: a report can hold 100k
// results, and building a map per result was 10x slower than the rest of the format.
// Field order is fixed by declaration, so output stays deterministic.

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    kind: &'static str,
    level: &'static str,
    message: Text,
    locations: [SarifLocation<'a>; 1],
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<[Suppression<'a>; 1]>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "cloudwardFindingHash/v1")]
    hash: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    physical_location: Option<PhysicalLocation>,
    logical_locations: [LogicalLocation<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: SarifRegion,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    fully_qualified_name: &'a str,
    name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    status: &'static str,
    justification: &'a str,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    #[serde(rename = "cloudward/status")]
    status: &'static str,
    #[serde(rename = "cloudward/severity")]
    severity: &'static str,
    #[serde(rename = "resourceKind")]
    resource_kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
    #[serde(rename = "accountId", skip_serializing_if = "Option::is_none")]
    account_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attribute: Option<&'a str>,
}

fn result(f: &Finding, rule_index: usize) -> SarifResult<'_> {
    let (kind, level, text) = match f.status {
        Status::Fail | Status::Suppressed => ("fail", level(f.severity), f.message.to_string()),
        Status::Unknown => (
            "open",
            "none",
            format!("Could not be checked: {}", f.message),
        ),
        Status::Pass | Status::NotApplicable => ("pass", "none", f.message.to_string()),
    };
    let physical_location = f.location.as_ref().map(|loc| {
        let (uri, relative) = file_uri(&loc.path);
        PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri,
                uri_base_id: relative.then_some("%SRCROOT%"),
            },
            region: SarifRegion {
                start_line: loc.line.max(1),
                start_column: (loc.column > 0).then_some(loc.column),
            },
        }
    });
    let suppressions = (f.status == Status::Suppressed).then(|| {
        [Suppression {
            kind: if f.location.is_some() {
                "inSource"
            } else {
                "external"
            },
            status: "accepted",
            justification: f.suppression.as_deref().unwrap_or(""),
        }]
    });
    SarifResult {
        rule_id: &f.rule_id,
        rule_index,
        kind,
        level,
        message: Text {
            text: format!("{text} [{}]", f.resource_id),
        },
        locations: [SarifLocation {
            physical_location,
            logical_locations: [LogicalLocation {
                fully_qualified_name: &f.resource_id,
                name: &f.resource_name,
                kind: "resource",
            }],
        }],
        partial_fingerprints: Fingerprints {
            hash: fingerprint(f),
        },
        suppressions,
        properties: ResultProperties {
            status: f.status.as_str(),
            severity: f.severity.as_str(),
            resource_kind: f.resource_kind.to_string(),
            region: f.region.as_deref(),
            account_id: f.account.as_deref(),
            attribute: f.attribute.as_deref(),
        },
    }
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
