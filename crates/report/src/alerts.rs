//! Output formats for detection alerts (`cloudward detect`): terminal, JSON, OCSF Detection
//! Finding and SARIF 2.1.0.
//!
//! The same promises as for findings hold: output is deterministic (the alerts arrive sorted,
//! every list in an alert is sorted, nothing here reads a clock) and every format carries the
//! rule's `author`, which the DRL licence of SigmaHQ rules requires of messages based on
//! matches.
//!
//! Mappings:
//! - **JSON**: `{"tool", "version", "summary", "alerts": [...]}`, alerts as
//!   [`cloudward_model::alert::Alert`] serialises them.
//! - **OCSF**: OCSF 1.3 Detection Finding (`class_uid` 2004, `category_uid` 2), JSON Lines, one
//!   event per alert: `finding_info` (uid, title, desc, `types` = log, `analytic` = the rule,
//!   `attacks` from ATT&CK tags, first/last seen), `severity_id` (info 1 .. critical 5),
//!   `time` = last event time, `evidences` with the actor (`actor.user.uid`), the source IPs
//!   (`src_endpoint.ip`) and the event ids, `observables` for every IP address (type 2),
//!   user agent (type 16) and principal (user name, type 4), `remediation.desc` = what to do,
//!   and `metadata.product.name` = `cloudward`.
//! - **SARIF**: one result per alert, `ruleId` = rule id, level from the severity, a logical
//!   location for the actor (kind `resource`) and one for each region, the window, count and
//!   lists in `properties`; each rule that fired is a `reportingDescriptor` in
//!   `tool.driver.rules` with its description, tags, author, licence and references.

use std::collections::BTreeMap;
use std::io::Write;

use anstyle::Style;
use chrono::{DateTime, SecondsFormat, Utc};
use cloudward_model::alert::{Alert, AlertRule};
use cloudward_model::Severity;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::style::{paint, severity_style};
use crate::RenderError;

/// The output formats of `cloudward detect`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AlertFormat {
    /// Readable text, colour only when asked.
    Terminal,
    /// One JSON document.
    Json,
    /// OCSF Detection Finding events, JSON Lines.
    Ocsf,
    /// SARIF 2.1.0.
    Sarif,
}

impl std::str::FromStr for AlertFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "terminal" | "text" => Ok(AlertFormat::Terminal),
            "json" => Ok(AlertFormat::Json),
            "ocsf" => Ok(AlertFormat::Ocsf),
            "sarif" => Ok(AlertFormat::Sarif),
            other => Err(format!(
                "unknown alert format `{other}` (terminal, json, ocsf, sarif)"
            )),
        }
    }
}

/// What was read, for the summary line and the JSON header.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AlertSummary {
    /// Inputs (files, objects, streams) read.
    pub inputs: u64,
    /// Events read.
    pub events: u64,
    /// Malformed records skipped.
    pub malformed: u64,
    /// Inputs that could not be read to their end.
    pub failed_inputs: u64,
    /// Rules loaded.
    pub rules: u64,
}

/// Everything a renderer needs.
#[derive(Clone, Debug)]
pub struct AlertReport<'a> {
    /// The alerts, in the order [`Alert::sort_key`] gives.
    pub alerts: &'a [Alert],
    /// Counters of the run.
    pub summary: AlertSummary,
    /// cloudward's version.
    pub tool_version: &'a str,
}

/// Rendering options.
#[derive(Clone, Copy, Debug, Default)]
pub struct AlertRenderOptions {
    /// ANSI colours in the terminal format (the CLI decides: a TTY and no `NO_COLOR`).
    pub color: bool,
}

/// Writes `report` in `format`.
pub fn render_alerts(
    format: AlertFormat,
    report: &AlertReport<'_>,
    options: &AlertRenderOptions,
    out: &mut dyn Write,
) -> Result<(), RenderError> {
    match format {
        AlertFormat::Terminal => terminal(report, options, out),
        AlertFormat::Json => json_doc(report, out),
        AlertFormat::Ocsf => ocsf(report, out),
        AlertFormat::Sarif => sarif(report, out),
    }
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A stable id for an alert: FNV-1a over rule id, actor, window start and first event id.
pub fn alert_uid(a: &Alert) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let start = a.window_start.timestamp_millis().to_string();
    for (i, part) in [
        a.rule.id.as_str(),
        a.actor.as_deref().unwrap_or(""),
        start.as_str(),
        a.first_event_id.as_str(),
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            hash = (hash ^ 0x1f).wrapping_mul(0x0000_0100_0000_01b3);
        }
        for &b in part.as_bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

// ---------------------------------------------------------------------------------------------
// Terminal

fn list(values: &[String]) -> String {
    values.join(", ")
}

fn terminal(
    report: &AlertReport<'_>,
    options: &AlertRenderOptions,
    out: &mut dyn Write,
) -> Result<(), RenderError> {
    let c = options.color;
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut s = String::new();
    for a in report.alerts {
        let sev = format!("{:<8}", a.severity.as_str().to_uppercase());
        s.push_str(&format!(
            "{} {}  {}\n",
            paint(c, severity_style(a.severity), &sev),
            paint(c, bold, &a.rule.title),
            paint(c, dim, &format!("[{}]", a.rule.id)),
        ));
        let span = if a.first_time == a.last_time {
            ts(a.first_time)
        } else {
            format!("{} .. {}", ts(a.first_time), ts(a.last_time))
        };
        let events = if a.count == 1 { "event" } else { "events" };
        s.push_str(&format!("  when       {span} ({} {events})\n", a.count));
        if let Some(actor) = &a.actor {
            s.push_str(&format!("  who        {actor}\n"));
        }
        let rows: [(&str, &[String]); 6] = [
            ("access key", &a.access_key_ids),
            ("from", &a.source_ips),
            ("user agent", &a.user_agents),
            ("what", &a.event_names),
            ("region", &a.regions),
            ("account", &a.accounts),
        ];
        for (label, values) in rows {
            if !values.is_empty() {
                s.push_str(&format!("  {label:<10} {}\n", list(values)));
            }
        }
        for g in &a.group {
            s.push_str(&format!(
                "  group      {}={}\n",
                g.name,
                g.value.as_deref().unwrap_or("(none)")
            ));
        }
        if a.values_omitted > 0 {
            s.push_str(&format!(
                "  (+{} more distinct values not shown)\n",
                a.values_omitted
            ));
        }
        if let Some(d) = &a.rule.description {
            s.push_str(&format!("  why        {}\n", d.trim()));
        }
        let techniques = a.rule.attack_techniques();
        if !techniques.is_empty() {
            s.push_str(&format!("  att&ck     {}\n", techniques.join(", ")));
        }
        s.push_str(&format!(
            "  {}         {}\n",
            paint(c, bold, "do"),
            a.response
        ));
        s.push_str(&format!(
            "  events     first {} ({}), last {}\n",
            a.first_event_id, a.first_location, a.last_event_id
        ));
        if let Some(author) = &a.rule.author {
            s.push_str(&format!(
                "  rule by    {author}{}\n",
                a.rule
                    .license
                    .as_deref()
                    .map(|l| format!(" ({l})"))
                    .unwrap_or_default()
            ));
        }
        s.push('\n');
    }
    let mut by_sev: BTreeMap<std::cmp::Reverse<Severity>, usize> = BTreeMap::new();
    for a in report.alerts {
        *by_sev.entry(std::cmp::Reverse(a.severity)).or_default() += 1;
    }
    let counts = by_sev
        .iter()
        .map(|(k, n)| format!("{n} {}", k.0.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let sm = &report.summary;
    s.push_str(&format!(
        "{} alert{}{} from {} event{} in {} input{} ({} rules; {} malformed record{} skipped; {} input{} not read to the end)\n",
        report.alerts.len(),
        if report.alerts.len() == 1 { "" } else { "s" },
        if counts.is_empty() { String::new() } else { format!(" ({counts})") },
        sm.events,
        if sm.events == 1 { "" } else { "s" },
        sm.inputs,
        if sm.inputs == 1 { "" } else { "s" },
        sm.rules,
        sm.malformed,
        if sm.malformed == 1 { "" } else { "s" },
        sm.failed_inputs,
        if sm.failed_inputs == 1 { "" } else { "s" },
    ));
    out.write_all(s.as_bytes())
        .map_err(RenderError::io("terminal"))
}

// ---------------------------------------------------------------------------------------------
// JSON

fn json_doc(report: &AlertReport<'_>, out: &mut dyn Write) -> Result<(), RenderError> {
    #[derive(Serialize)]
    struct Doc<'a> {
        tool: &'static str,
        version: &'a str,
        summary: &'a AlertSummary,
        alerts: Vec<JsonAlert<'a>>,
    }
    #[derive(Serialize)]
    struct JsonAlert<'a> {
        uid: String,
        #[serde(flatten)]
        alert: &'a Alert,
    }
    let doc = Doc {
        tool: "cloudward",
        version: report.tool_version,
        summary: &report.summary,
        alerts: report
            .alerts
            .iter()
            .map(|a| JsonAlert {
                uid: alert_uid(a),
                alert: a,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(RenderError::json("json"))?;
    out.write_all(b"\n").map_err(RenderError::io("json"))
}

// ---------------------------------------------------------------------------------------------
// OCSF

fn attacks(rule: &AlertRule) -> Vec<Value> {
    let tactics = rule.attack_tactics();
    rule.attack_techniques()
        .into_iter()
        .map(|t| {
            let mut m = Map::new();
            m.insert("technique".into(), json!({ "uid": t }));
            if let Some(first) = tactics.first() {
                m.insert("tactic".into(), json!({ "name": first }));
            }
            m.insert("version".into(), json!("v15"));
            Value::Object(m)
        })
        .collect()
}

fn ocsf_event(report: &AlertReport<'_>, a: &Alert) -> Value {
    let uid = alert_uid(a);
    let mut finding_info = Map::new();
    finding_info.insert("uid".into(), json!(uid));
    finding_info.insert("title".into(), json!(a.rule.title));
    if let Some(d) = &a.rule.description {
        finding_info.insert("desc".into(), json!(d.trim()));
    }
    finding_info.insert("types".into(), json!([a.log]));
    finding_info.insert(
        "analytic".into(),
        json!({
            "uid": a.rule.id,
            "name": a.rule.title,
            "type_id": if a.rule.correlation { 3 } else { 1 },
            "type": if a.rule.correlation { "Statistical" } else { "Rule" },
        }),
    );
    let att = attacks(&a.rule);
    if !att.is_empty() {
        finding_info.insert("attacks".into(), Value::Array(att));
    }
    finding_info.insert(
        "first_seen_time".into(),
        json!(a.first_time.timestamp_millis()),
    );
    finding_info.insert(
        "last_seen_time".into(),
        json!(a.last_time.timestamp_millis()),
    );
    finding_info.insert("related_events_count".into(), json!(a.count));
    finding_info.insert("src_url".into(), json!(a.rule.references.first()));
    if finding_info.get("src_url") == Some(&Value::Null) {
        finding_info.remove("src_url");
    }

    let mut evidence = Map::new();
    if let Some(actor) = &a.actor {
        if a.log == "cloudtrail" {
            evidence.insert(
                "actor".into(),
                json!({ "user": { "uid": actor, "credential_uid": a.access_key_ids.first() } }),
            );
        }
    }
    if let Some(ip) = a.source_ips.first() {
        evidence.insert("src_endpoint".into(), json!({ "ip": ip }));
    }
    if !a.user_agents.is_empty() {
        evidence.insert(
            "http_request".into(),
            json!({ "user_agent": a.user_agents.first() }),
        );
    }
    evidence.insert(
        "data".into(),
        json!({
            "first_event_id": a.first_event_id,
            "last_event_id": a.last_event_id,
            "first_location": a.first_location,
            "event_names": a.event_names,
        }),
    );

    let mut observables = Vec::new();
    for ip in &a.source_ips {
        if ip.parse::<std::net::IpAddr>().is_ok() {
            observables.push(json!({ "name": "src_endpoint.ip", "type_id": 2, "type": "IP Address", "value": ip }));
        } else {
            observables.push(json!({ "name": "src_endpoint.hostname", "type_id": 1, "type": "Hostname", "value": ip }));
        }
    }
    if let Some(actor) = &a.actor {
        if a.log == "cloudtrail" {
            observables.push(json!({ "name": "actor.user.uid", "type_id": 4, "type": "User Name", "value": actor }));
        }
    }
    for k in &a.access_key_ids {
        observables.push(json!({ "name": "actor.user.credential_uid", "type_id": 99, "type": "Other", "value": k }));
    }
    for ua in &a.user_agents {
        observables.push(json!({ "name": "http_request.user_agent", "type_id": 16, "type": "HTTP User-Agent", "value": ua }));
    }

    let mut unmapped = Map::new();
    unmapped.insert("rule_author".into(), json!(a.rule.author));
    unmapped.insert("rule_license".into(), json!(a.rule.license));
    unmapped.insert("rule_origin".into(), json!(a.rule.origin));
    unmapped.insert("window_start".into(), json!(ts(a.window_start)));
    unmapped.insert("window_end".into(), json!(ts(a.window_end)));
    if !a.regions.is_empty() {
        unmapped.insert("regions".into(), json!(a.regions));
    }
    if !a.rule.falsepositives.is_empty() {
        unmapped.insert("falsepositives".into(), json!(a.rule.falsepositives));
    }
    if !a.group.is_empty() {
        unmapped.insert("group".into(), json!(a.group));
    }

    let mut ev = crate::ocsf::finding_event(2004, "Detection Finding", a.severity, (1, "New"));
    ev.insert("time".into(), json!(a.last_time.timestamp_millis()));
    ev.insert("count".into(), json!(a.count));
    ev.insert("message".into(), json!(a.rule.title));
    ev.insert("finding_info".into(), Value::Object(finding_info));
    ev.insert("evidences".into(), json!([Value::Object(evidence)]));
    ev.insert("observables".into(), Value::Array(observables));
    ev.insert("remediation".into(), json!({ "desc": a.response }));
    if let Some(account) = a.accounts.first() {
        let mut cloud = json!({ "provider": "AWS", "account": { "uid": account } });
        if let Some(region) = a.regions.first() {
            cloud["region"] = json!(region);
        }
        ev.insert("cloud".into(), cloud);
    } else {
        ev.insert("cloud".into(), json!({ "provider": "AWS" }));
    }
    ev.insert(
        "metadata".into(),
        json!({
            "version": crate::ocsf::OCSF_VERSION,
            "product": { "name": "cloudward", "vendor_name": "cloudward", "version": report.tool_version },
            "log_name": a.log,
        }),
    );
    ev.insert("unmapped".into(), Value::Object(unmapped));
    Value::Object(ev)
}

fn ocsf(report: &AlertReport<'_>, out: &mut dyn Write) -> Result<(), RenderError> {
    for a in report.alerts {
        let mut line =
            serde_json::to_vec(&ocsf_event(report, a)).map_err(RenderError::json("ocsf"))?;
        line.push(b'\n');
        out.write_all(&line).map_err(RenderError::io("ocsf"))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// SARIF

const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium | Severity::Low => "warning",
        Severity::Info => "note",
    }
}

fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

fn sarif(report: &AlertReport<'_>, out: &mut dyn Write) -> Result<(), RenderError> {
    // Rules that fired, in id order, with their highest severity.
    let mut rules: BTreeMap<&str, (&AlertRule, Severity)> = BTreeMap::new();
    for a in report.alerts {
        let e = rules
            .entry(a.rule.id.as_str())
            .or_insert((&a.rule, a.severity));
        e.1 = e.1.max(a.severity);
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let descriptors: Vec<Value> = rules
        .values()
        .map(|(r, sev)| {
            let mut props = Map::new();
            props.insert("security-severity".into(), json!(security_severity(*sev)));
            let mut tags = vec!["security".to_owned()];
            tags.extend(r.tags.iter().cloned());
            props.insert("tags".into(), json!(tags));
            if let Some(a) = &r.author {
                props.insert("author".into(), json!(a));
            }
            if let Some(l) = &r.license {
                props.insert("license".into(), json!(l));
            }
            if !r.references.is_empty() {
                props.insert("references".into(), json!(r.references));
            }
            if !r.falsepositives.is_empty() {
                props.insert("falsepositives".into(), json!(r.falsepositives));
            }
            props.insert("origin".into(), json!(r.origin));
            let mut d = Map::new();
            d.insert("id".into(), json!(r.id));
            d.insert("name".into(), json!(r.title));
            d.insert("shortDescription".into(), json!({ "text": r.title }));
            if let Some(desc) = &r.description {
                d.insert("fullDescription".into(), json!({ "text": desc.trim() }));
            }
            if let Some(uri) = r.references.iter().find(|u| u.starts_with("http")) {
                if !uri.contains(' ') {
                    d.insert("helpUri".into(), json!(uri));
                }
            }
            d.insert(
                "defaultConfiguration".into(),
                json!({ "level": sarif_level(*sev) }),
            );
            d.insert("properties".into(), Value::Object(props));
            Value::Object(d)
        })
        .collect();
    let results: Vec<Value> = report
        .alerts
        .iter()
        .map(|a| {
            let who = a.actor.as_deref().unwrap_or("an unknown actor");
            let text = format!(
                "{}: {} event{} by {who} between {} and {}. {}",
                a.rule.title,
                a.count,
                if a.count == 1 { "" } else { "s" },
                ts(a.first_time),
                ts(a.last_time),
                a.response
            );
            let mut locations = Vec::new();
            if let Some(actor) = &a.actor {
                locations.push(
                    json!({ "name": actor, "fullyQualifiedName": actor, "kind": "resource" }),
                );
            }
            for r in &a.regions {
                locations.push(json!({ "name": r, "kind": "namespace" }));
            }
            let mut props = Map::new();
            props.insert("severity".into(), json!(a.severity.as_str()));
            props.insert("count".into(), json!(a.count));
            props.insert("windowStart".into(), json!(ts(a.window_start)));
            props.insert("windowEnd".into(), json!(ts(a.window_end)));
            props.insert("firstTime".into(), json!(ts(a.first_time)));
            props.insert("lastTime".into(), json!(ts(a.last_time)));
            props.insert("firstEventId".into(), json!(a.first_event_id));
            props.insert("lastEventId".into(), json!(a.last_event_id));
            props.insert("firstLocation".into(), json!(a.first_location));
            props.insert("log".into(), json!(a.log));
            for (k, v) in [
                ("accessKeyIds", &a.access_key_ids),
                ("sourceIps", &a.source_ips),
                ("userAgents", &a.user_agents),
                ("eventNames", &a.event_names),
                ("accounts", &a.accounts),
            ] {
                if !v.is_empty() {
                    props.insert(k.into(), json!(v));
                }
            }
            if let Some(author) = &a.rule.author {
                props.insert("ruleAuthor".into(), json!(author));
            }
            let mut r = Map::new();
            r.insert("ruleId".into(), json!(a.rule.id));
            r.insert("ruleIndex".into(), json!(index[a.rule.id.as_str()]));
            r.insert("level".into(), json!(sarif_level(a.severity)));
            r.insert("kind".into(), json!("fail"));
            r.insert("message".into(), json!({ "text": text }));
            if !locations.is_empty() {
                r.insert(
                    "locations".into(),
                    json!([{ "logicalLocations": locations }]),
                );
            }
            r.insert(
                "partialFingerprints".into(),
                json!({ "cloudwardAlertHash/v1": alert_uid(a) }),
            );
            r.insert("properties".into(), Value::Object(props));
            Value::Object(r)
        })
        .collect();
    let doc = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "cloudward",
                "informationUri": "https://github.com/cloudward/cloudward",
                "version": report.tool_version,
                "rules": descriptors,
            }},
            "automationDetails": { "id": "cloudward/detect/" },
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(RenderError::json("sarif"))?;
    out.write_all(b"\n").map_err(RenderError::io("sarif"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::TimeZone;
    use cloudward_model::alert::AlertField;

    fn t(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, h, m, s).unwrap()
    }

    fn alerts() -> Vec<Alert> {
        let trail = Alert {
            rule: AlertRule {
                id: "a1b2c3d4-0000-5000-8000-000000000005".into(),
                title: "AWS CloudTrail Configuration Change".into(),
                description: Some("A trail was stopped, deleted or changed (CIS 4.5).".into()),
                status: Some("stable".into()),
                author: Some("cloudward".into()),
                license: Some("Apache-2.0".into()),
                references: vec![
                    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/".into(),
                ],
                tags: vec!["attack.defense_evasion".into(), "attack.t1562.008".into()],
                falsepositives: vec!["Planned trail changes".into()],
                origin: "builtin:cis_4_05_cloudtrail_change.yml".into(),
                correlation: false,
            },
            severity: Severity::High,
            log: "cloudtrail".into(),
            response: "Turn logging back on and find out who stopped it.".into(),
            actor: Some("arn:aws:iam::123456789012:user/mallory".into()),
            window_start: t(10, 0, 0),
            window_end: t(11, 0, 0),
            count: 2,
            first_time: t(10, 5, 0),
            last_time: t(10, 7, 30),
            first_event_id: "e-1".into(),
            last_event_id: "e-2".into(),
            access_key_ids: vec!["AKIAEXAMPLE1".into()],
            source_ips: vec!["198.51.100.7".into()],
            user_agents: vec!["aws-cli/2.15.0 distrib#kali".into()],
            regions: vec!["eu-west-1".into()],
            accounts: vec!["123456789012".into()],
            event_names: vec!["StopLogging".into(), "UpdateTrail".into()],
            group: vec![],
            first_location: "logs/a.json.gz:3".into(),
            values_omitted: 0,
            event_ids: vec![],
            event_ids_omitted: 0,
        };
        let scan = Alert {
            rule: AlertRule {
                id: "358c88d3-8e22-543d-a8d0-ab6c7f49cdf0".into(),
                title: "AWS VPC Port Scan From One Address".into(),
                description: None,
                status: None,
                author: Some("cloudward".into()),
                license: None,
                references: vec![],
                tags: vec!["attack.discovery".into(), "attack.t1046".into()],
                falsepositives: vec![],
                origin: "builtin:vpcflow_port_scan.yml".into(),
                correlation: true,
            },
            severity: Severity::Medium,
            log: "vpcflow".into(),
            response: "Block the address.".into(),
            actor: Some("203.0.113.9".into()),
            window_start: t(10, 0, 0),
            window_end: t(10, 10, 0),
            count: 30,
            first_time: t(10, 1, 0),
            last_time: t(10, 2, 0),
            first_event_id: "flow.log:2".into(),
            last_event_id: "flow.log:31".into(),
            access_key_ids: vec![],
            source_ips: vec!["203.0.113.9".into()],
            user_agents: vec![],
            regions: vec![],
            accounts: vec!["123456789012".into()],
            event_names: vec!["REJECT".into()],
            group: vec![AlertField {
                name: "srcaddr".into(),
                value: Some("203.0.113.9".into()),
            }],
            first_location: "flow.log:2".into(),
            values_omitted: 0,
            event_ids: vec![],
            event_ids_omitted: 0,
        };
        vec![scan, trail]
    }

    fn render(format: AlertFormat, color: bool) -> String {
        let alerts = alerts();
        let report = AlertReport {
            alerts: &alerts,
            summary: AlertSummary {
                inputs: 2,
                events: 120,
                malformed: 1,
                failed_inputs: 0,
                rules: 40,
            },
            tool_version: "0.0.0-test",
        };
        let mut out = Vec::new();
        render_alerts(format, &report, &AlertRenderOptions { color }, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn terminal_snapshot() {
        let text = render(AlertFormat::Terminal, false);
        assert!(!text.contains('\u{1b}'));
        insta::assert_snapshot!("alerts_terminal", text);
    }

    #[test]
    fn terminal_colour_only_when_asked() {
        assert!(render(AlertFormat::Terminal, true).contains('\u{1b}'));
    }

    #[test]
    fn json_snapshot() {
        let text = render(AlertFormat::Json, false);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["alerts"].as_array().unwrap().len(), 2);
        insta::assert_snapshot!("alerts_json", text);
    }

    #[test]
    fn ocsf_snapshot_and_shape() {
        let text = render(AlertFormat::Ocsf, false);
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        for ev in &lines {
            assert_eq!(ev["class_uid"], 2004);
            assert_eq!(ev["category_uid"], 2);
            assert_eq!(ev["type_uid"], 200401);
            assert_eq!(ev["metadata"]["product"]["name"], "cloudward");
            assert!(ev["finding_info"]["uid"].is_string());
            assert!(ev["time"].is_i64());
        }
        let trail = &lines[1];
        assert_eq!(trail["severity_id"], 4);
        assert_eq!(
            trail["finding_info"]["attacks"][0]["technique"]["uid"],
            "T1562.008"
        );
        let obs = trail["observables"].as_array().unwrap();
        assert!(obs
            .iter()
            .any(|o| o["type_id"] == 2 && o["value"] == "198.51.100.7"));
        assert!(obs
            .iter()
            .any(|o| o["type_id"] == 4 && o["value"] == "arn:aws:iam::123456789012:user/mallory"));
        insta::assert_snapshot!("alerts_ocsf", text);
    }

    #[test]
    fn sarif_snapshot_and_shape() {
        let text = render(AlertFormat::Sarif, false);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 2);
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        for r in results {
            let idx = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[idx]["id"], r["ruleId"]);
        }
        assert_eq!(results[1]["level"], "error");
        assert_eq!(
            results[1]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "arn:aws:iam::123456789012:user/mallory"
        );
        insta::assert_snapshot!("alerts_sarif", text);
    }

    #[test]
    fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
        // The vendored schema has a broken `language` pattern; the report tests patch it the
        // same way.
        let text = include_str!("../tests/fixtures/sarif-schema-2.1.0.json");
        let schema: Value = serde_json::from_str(&text.replace(
            r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
            r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
        ))
        .unwrap();
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let log: Value = serde_json::from_str(&render(AlertFormat::Sarif, false)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }

    #[test]
    fn output_is_deterministic() {
        for f in [
            AlertFormat::Terminal,
            AlertFormat::Json,
            AlertFormat::Ocsf,
            AlertFormat::Sarif,
        ] {
            assert_eq!(render(f, false), render(f, false));
        }
    }

    #[test]
    fn uid_depends_on_rule_actor_and_window() {
        let a = alerts();
        assert_ne!(alert_uid(&a[0]), alert_uid(&a[1]));
        let mut b = a[1].clone();
        b.window_start = t(11, 0, 0);
        assert_ne!(alert_uid(&a[1]), alert_uid(&b));
    }
}
