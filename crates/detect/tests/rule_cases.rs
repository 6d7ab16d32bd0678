//! Every built-in rule document carries its own test events under `cloudward_tests:` (matching
//! events and near misses written by us, see `rules/README.md`), and this test runs them all:
//! a rule without at least one match and one near miss fails the suite.
//!
//! Case forms:
//! - CloudTrail: a map of top-level members merged over [`ct_base`] (a successful IAM user call
//!   from a public address); a member set to `~` is removed.
//! - Other logs: a string (one log line, or several separated by newlines, read through
//!   [`Reader`] so format detection is exercised) or a map (one JSON record, one line).
//! - Correlations: `{events: [...], repeat: N, every: SECONDS}` — the events (in the forms
//!   above, for the base rules) repeated N times, `{{i}}` in any string replaced by the
//!   repetition number, `{{time}}` / `{{epoch}}` / `{{clf}}` / `{{syslog}}` by the event's time
//!   (RFC 3339, epoch seconds, `01/Nov/2026:10:00:00 +0000`, `Nov  1 10:00:00`), which starts
//!   at 2026-11-01T10:00:00Z and advances `every` seconds (default 1) per repetition. A
//!   CloudTrail event without `eventTime` gets that time, and every one a unique `eventID`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use cloudward_detect::{Engine, Event, LogKind, Reader};
use serde_json::{json, Map, Value};

/// The built-in rule files, read from the source tree (the binary embeds the same files).
fn rule_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("rules directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    files
}

/// The base of every CloudTrail case.
pub fn ct_base() -> Map<String, Value> {
    let v = json!({
        "eventVersion": "1.09",
        "userIdentity": {
            "type": "IAMUser",
            "principalId": "AIDAEXAMPLE",
            "arn": "arn:aws:iam::111122223333:user/alice",
            "accountId": "111122223333",
            "accessKeyId": "AKIAEXAMPLE",
            "userName": "alice"
        },
        "eventTime": "2026-11-01T10:00:00Z",
        "eventSource": "ec2.amazonaws.com",
        "eventName": "DescribeInstances",
        "awsRegion": "eu-west-1",
        "sourceIPAddress": "203.0.113.10",
        "userAgent": "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.ubuntu.22",
        "requestParameters": null,
        "responseElements": null,
        "requestID": "req-0",
        "eventID": "evt-0",
        "readOnly": false,
        "eventType": "AwsApiCall",
        "managementEvent": true,
        "recipientAccountId": "111122223333",
        "eventCategory": "Management"
    });
    match v {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 10, 0, 0)
        .single()
        .expect("valid time")
}

/// Replaces the `{{...}}` placeholders in every string of `v`.
fn substitute(v: &Value, i: u64, t: DateTime<Utc>) -> Value {
    match v {
        Value::String(s) => Value::String(substitute_str(s, i, t)),
        Value::Array(a) => Value::Array(a.iter().map(|x| substitute(x, i, t)).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), substitute(x, i, t)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn substitute_str(s: &str, i: u64, t: DateTime<Utc>) -> String {
    if !s.contains("{{") {
        return s.to_owned();
    }
    s.replace("{{i}}", &i.to_string())
        .replace("{{time}}", &t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .replace("{{epoch}}", &t.timestamp().to_string())
        .replace("{{clf}}", &t.format("%d/%b/%Y:%H:%M:%S +0000").to_string())
        .replace("{{syslog}}", &t.format("%b %e %H:%M:%S").to_string())
}

/// The events of one case (a single event or line, or a correlation sequence).
fn events(log: LogKind, case: &Value, place: &str) -> Vec<Event> {
    let (items, repeat, every) = match case.get("events") {
        Some(Value::Array(items)) => (
            items.clone(),
            case.get("repeat").and_then(Value::as_u64).unwrap_or(1),
            case.get("every").and_then(Value::as_i64).unwrap_or(1),
        ),
        _ => (vec![case.clone()], 1, 1),
    };
    let mut out = Vec::new();
    let mut seq = 0u64;
    for i in 0..repeat {
        let t = start() + Duration::seconds(every * i as i64);
        for item in &items {
            seq += 1;
            let item = substitute(item, i, t);
            out.extend(decode(log, &item, seq, t, place));
        }
    }
    out
}

fn decode(log: LogKind, item: &Value, seq: u64, t: DateTime<Utc>, place: &str) -> Vec<Event> {
    let origin: Arc<str> = Arc::from(place);
    if log == LogKind::CloudTrail {
        let Value::Object(fields) = item else {
            panic!("{place}: a CloudTrail case must be a map of event members");
        };
        let mut ev = ct_base();
        ev.insert(
            "eventTime".into(),
            Value::String(t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        );
        ev.insert("eventID".into(), Value::String(format!("evt-{seq}")));
        for (k, v) in fields {
            if v.is_null() {
                ev.remove(k);
            } else {
                ev.insert(k.clone(), v.clone());
            }
        }
        let bytes = serde_json::to_vec(&Value::Object(ev)).expect("serialise");
        return vec![Event::from_json(LogKind::CloudTrail, origin, seq, bytes)
            .unwrap_or_else(|e| panic!("{place}: {e}"))];
    }
    let text = match item {
        Value::String(s) => s.clone(),
        other => serde_json::to_string(other).expect("serialise"),
    };
    let reader = Reader::new(origin, std::io::Cursor::new(text.into_bytes()))
        .unwrap_or_else(|e| panic!("{place}: {e}"));
    assert_eq!(reader.kind(), log, "{place}: read as another log kind");
    reader
        .map(|r| r.unwrap_or_else(|e| panic!("{place}: {e}")))
        .collect()
}

/// Whether the rule titled `title` fired on `evs`: a match of a detection rule, or a
/// correlation match of a correlation rule.
fn fires(engine: &Engine, title: &str, correlation: bool, evs: &[Event]) -> bool {
    let mut correlator = engine.correlator();
    let mut fired = false;
    for ev in evs {
        for m in engine.process(ev) {
            if correlation {
                fired |= correlator.observe(&m).iter().any(|c| c.rule.title == title);
            } else {
                fired |= m.rule.title == title;
            }
        }
    }
    fired
}

fn log_kind(doc: &Value) -> Option<LogKind> {
    let ls = doc.get("logsource")?;
    let get = |k: &str| ls.get(k).and_then(Value::as_str);
    LogKind::from_logsource(get("product"), get("category"), get("service"))
}

#[test]
fn every_builtin_rule_fires_on_its_cases_and_not_on_its_near_misses() {
    let engine = Engine::builder().build().expect("built-in rules build");
    let mut checked = 0;
    for path in rule_files() {
        let text = std::fs::read_to_string(&path).expect("rule file");
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let mut base_log = None;
        for (d, doc) in yaml_serde::Deserializer::from_str(&text).enumerate() {
            let doc: Value = serde::Deserialize::deserialize(doc)
                .unwrap_or_else(|e| panic!("{name} document {d}: {e}"));
            let title = doc["title"].as_str().expect("title").to_owned();
            let correlation = doc.get("correlation").is_some();
            let log = match log_kind(&doc) {
                Some(k) => {
                    base_log = Some(k);
                    k
                }
                None => base_log.unwrap_or_else(|| panic!("{name}: {title}: no log kind")),
            };
            let tests = doc
                .get("cloudward_tests")
                .unwrap_or_else(|| panic!("{name}: {title}: no cloudward_tests"));
            for (key, expected) in [("match", true), ("near_miss", false)] {
                let cases = tests[key]
                    .as_array()
                    .filter(|a| !a.is_empty())
                    .unwrap_or_else(|| panic!("{name}: {title}: no {key} cases"));
                for (k, case) in cases.iter().enumerate() {
                    let place = format!("{name}: {title}: {key}[{k}]");
                    let evs = events(log, case, &place);
                    assert!(!evs.is_empty(), "{place}: no events");
                    assert_eq!(
                        fires(&engine, &title, correlation, &evs),
                        expected,
                        "{place}: expected {}",
                        if expected { "a match" } else { "no match" }
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 0);
}
