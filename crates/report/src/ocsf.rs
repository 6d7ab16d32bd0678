//! `--format ocsf`: OCSF 1.3 Compliance Finding events (class 2003, category 2 "Findings"), as
//! JSON Lines: one event per line, so the output streams into Security Lake pipelines, Vector,
//! Splunk HEC or `jq -c` without holding an array in memory.
//!
//! Mapping:
//! - `compliance.status_id`: Pass 1, Fail 3 (also for suppressed findings: the control still
//!   fails), Unknown 0 with the reason in `compliance.status_detail`;
//! - finding `status_id`: New 1, Suppressed 3 (with the justification in `status_detail`);
//! - `severity_id`: info 1, low 2, medium 3, high 4, critical 5;
//! - `time` is the inventory's `collected_at` in epoch milliseconds and is omitted when the
//!   input has none (cloudward never reads the clock while rendering);
//! - not-applicable findings are not emitted; passes are (Security Hub does the same).

use std::io::Write;

use cloudward_model::{CollectionError, Finding, Severity, Status};
use serde_json::{json, Map, Value};

use crate::report::Report;
use crate::text::{
    fingerprint, first_line, framework_labels, location_label, severity_title, standard_names,
};
use crate::RenderError;

/// The OCSF schema version the events follow.
pub(crate) const OCSF_VERSION: &str = "1.3.0";

fn severity_id(s: Severity) -> u8 {
    match s {
        Severity::Info => 1,
        Severity::Low => 2,
        Severity::Medium => 3,
        Severity::High => 4,
        Severity::Critical => 5,
    }
}

/// The fields every cloudward OCSF finding starts with: class (`class_uid` of category 2
/// "Findings", e.g. 2003 Compliance Finding, 2004 Detection Finding), activity Create, severity,
/// and the finding status. Shared by the posture report and the detection alerts.
pub(crate) fn finding_event(
    class_uid: u32,
    class_name: &str,
    severity: Severity,
    (status_id, status): (u8, &str),
) -> Map<String, Value> {
    let mut event = Map::new();
    event.insert("activity_id".into(), json!(1));
    event.insert("activity_name".into(), json!("Create"));
    event.insert("category_uid".into(), json!(2));
    event.insert("category_name".into(), json!("Findings"));
    event.insert("class_uid".into(), json!(class_uid));
    event.insert("class_name".into(), json!(class_name));
    event.insert("type_uid".into(), json!(class_uid * 100 + 1));
    event.insert("type_name".into(), json!(format!("{class_name}: Create")));
    event.insert("severity_id".into(), json!(severity_id(severity)));
    event.insert("severity".into(), json!(severity_title(severity)));
    event.insert("status_id".into(), json!(status_id));
    event.insert("status".into(), json!(status));
    event
}

pub(crate) fn render(report: &Report, out: &mut dyn Write) -> Result<(), RenderError> {
    for f in &report.findings {
        if f.status == Status::NotApplicable {
            continue;
        }
        let mut line = serde_json::to_vec(&event(report, f)).map_err(RenderError::json("ocsf"))?;
        line.push(b'\n');
        out.write_all(&line).map_err(RenderError::io("ocsf"))?;
    }
    for e in &report.collection_errors {
        let mut line =
            serde_json::to_vec(&collection_event(report, e)).map_err(RenderError::json("ocsf"))?;
        line.push(b'\n');
        out.write_all(&line).map_err(RenderError::io("ocsf"))?;
    }
    Ok(())
}

/// `time` (the snapshot's `collected_at`, when known) and `metadata` (OCSF version, product).
fn insert_time_and_metadata(event: &mut Map<String, Value>, report: &Report) {
    if let Some(at) = report.target.collected_at {
        event.insert("time".into(), json!(at.timestamp_millis()));
    }
    event.insert(
        "metadata".into(),
        json!({
            "version": OCSF_VERSION,
            "product": {
                "name": "cloudward",
                "vendor_name": "cloudward",
                "version": report.tool_version,
            },
        }),
    );
}

/// A collection error as a Compliance Finding whose compliance status is Unknown: what the
/// run could not read, so that a consumer of the OCSF stream sees the gap (issue 8).
fn collection_event(report: &Report, e: &CollectionError) -> Value {
    let region = e.region.as_deref().unwrap_or("global");
    let scope = e.scope();
    let detail = if scope.is_empty() {
        e.reason()
    } else {
        format!("{} ({scope})", e.reason())
    };
    let kind = e.kind.as_str();
    let mut event = finding_event(2003, "Compliance Finding", Severity::Info, (1, "New"));
    event.insert("message".into(), json!(detail));
    insert_time_and_metadata(&mut event, report);
    event.insert(
        "finding_info".into(),
        json!({
            "uid": format!("cloudward:collection-error:{}:{region}:{}:{kind}", e.service, e.api),
            "title": format!("Could not be read: {}:{}", e.service, e.api),
            "desc": "A call that failed or an input that was skipped: what it would have read was not judged.",
            "types": ["Software and Configuration Checks"],
        }),
    );
    event.insert(
        "compliance".into(),
        json!({
            "control": "collection",
            "status_id": 0,
            "status": "Unknown",
            "status_detail": detail,
            "standards": ["cloudward"],
        }),
    );
    let mut cloud = Map::new();
    cloud.insert("provider".into(), json!("AWS"));
    if let Some(account) = &report.target.account_id {
        cloud.insert(
            "account".into(),
            json!({ "uid": account, "type": "AWS Account", "type_id": 10 }),
        );
    }
    if let Some(region) = &e.region {
        cloud.insert("region".into(), json!(region));
    }
    event.insert("cloud".into(), Value::Object(cloud));
    event.insert(
        "unmapped".into(),
        json!({
            "cloudward_status": "collection_error",
            "error_kind": kind,
            "kinds": e.kinds.iter().map(|k| k.to_string()).collect::<Vec<_>>(),
        }),
    );
    Value::Object(event)
}

fn event(report: &Report, f: &Finding) -> Value {
    let meta = report.rule(&f.rule_id);
    let (compliance_status_id, compliance_status) = match f.status {
        Status::Pass => (1, "Pass"),
        Status::Fail | Status::Suppressed => (3, "Fail"),
        Status::Unknown | Status::NotApplicable => (0, "Unknown"),
    };
    let (status_id, status) = match f.status {
        Status::Suppressed => (3, "Suppressed"),
        _ => (1, "New"),
    };

    let mut compliance = Map::new();
    compliance.insert("control".into(), json!(f.rule_id));
    compliance.insert("status_id".into(), json!(compliance_status_id));
    compliance.insert("status".into(), json!(compliance_status));
    compliance.insert("status_detail".into(), json!(f.message));
    match meta {
        Some(m) => {
            let mut standards = standard_names(m);
            if standards.is_empty() {
                standards.push("cloudward");
            }
            compliance.insert("standards".into(), json!(standards));
            compliance.insert("requirements".into(), json!(framework_labels(m)));
        }
        None => {
            compliance.insert("standards".into(), json!(["cloudward"]));
        }
    }

    let mut finding_info = Map::new();
    finding_info.insert(
        "uid".into(),
        json!(format!("cloudward:{}:{}", f.rule_id, fingerprint(f))),
    );
    finding_info.insert("title".into(), json!(f.title));
    finding_info.insert(
        "desc".into(),
        json!(meta.map(|m| m.checks.trim()).unwrap_or(&f.title)),
    );
    finding_info.insert("types".into(), json!(["Software and Configuration Checks"]));
    if let Some(at) = report.target.collected_at {
        finding_info.insert("created_time".into(), json!(at.timestamp_millis()));
    }

    let mut resource = Map::new();
    resource.insert("uid".into(), json!(f.resource_id));
    resource.insert("name".into(), json!(f.resource_name));
    resource.insert("type".into(), json!(f.resource_kind.label()));
    if let Some(region) = &f.region {
        resource.insert("region".into(), json!(region));
    }

    let mut cloud = Map::new();
    cloud.insert("provider".into(), json!("AWS"));
    if let Some(account) = f.account.as_ref().or(report.target.account_id.as_ref()) {
        cloud.insert(
            "account".into(),
            json!({ "uid": account, "type": "AWS Account", "type_id": 10 }),
        );
    }
    if let Some(region) = &f.region {
        cloud.insert("region".into(), json!(region));
    }

    let mut event = finding_event(2003, "Compliance Finding", f.severity, (status_id, status));
    if let Some(reason) = &f.suppression {
        event.insert("status_detail".into(), json!(reason));
    }
    event.insert("message".into(), json!(f.message));
    insert_time_and_metadata(&mut event, report);
    event.insert("finding_info".into(), Value::Object(finding_info));
    event.insert("compliance".into(), Value::Object(compliance));
    event.insert("resources".into(), json!([Value::Object(resource)]));
    event.insert("cloud".into(), Value::Object(cloud));
    if let Some(m) = meta {
        let mut desc = first_line(m.remediation.console).to_string();
        if !m.remediation.cli.trim().is_empty() {
            desc.push_str("\nAWS CLI: ");
            desc.push_str(m.remediation.cli.trim());
        }
        event.insert(
            "remediation".into(),
            json!({ "desc": desc, "references": m.references }),
        );
    }
    let mut unmapped = Map::new();
    unmapped.insert("cloudward_status".into(), json!(f.status.as_str()));
    unmapped.insert("cloudward_severity".into(), json!(f.severity.as_str()));
    if let Some(loc) = &f.location {
        unmapped.insert("location".into(), json!(location_label(loc)));
    }
    if let Some(attribute) = &f.attribute {
        unmapped.insert("attribute".into(), json!(attribute));
    }
    event.insert("unmapped".into(), Value::Object(unmapped));
    Value::Object(event)
}
