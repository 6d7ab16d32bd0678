//! Shared helpers: fixture paths and one-rule engines.

use std::path::PathBuf;
use std::sync::Arc;

use cloudward_detect::{Engine, Event, LogKind};

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A CloudTrail event from JSON text.
pub fn ct(json: &str) -> Event {
    Event::from_json(
        LogKind::CloudTrail,
        Arc::from("test"),
        1,
        json.as_bytes().to_vec(),
    )
    .expect("valid test JSON")
}

/// An engine with only the given rule text (no built-ins); panics if anything is rejected.
pub fn engine(yaml: &str) -> Engine {
    let e = Engine::builder()
        .builtin(false)
        .rule_text("test.yml", yaml)
        .build()
        .expect("builds");
    assert!(e.rejected().is_empty(), "rejected: {:?}", e.rejected());
    e
}

/// The rejection reasons for a rule text.
pub fn rejected(yaml: &str) -> Vec<String> {
    let e = Engine::builder()
        .builtin(false)
        .rule_text("test.yml", yaml)
        .build()
        .expect("builds");
    e.rejected().iter().map(|r| r.reason.clone()).collect()
}

/// A CloudTrail rule with the given detection block (indented by two spaces).
pub fn ct_rule(detection: &str) -> String {
    format!(
        "title: t\nid: 00000000-0000-0000-0000-000000000001\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n{detection}\n"
    )
}

/// Whether the one-rule engine for `detection` matches the event JSON.
pub fn matches(detection: &str, event: &str) -> bool {
    !engine(&ct_rule(detection)).process(&ct(event)).is_empty()
}
