//! Fuzz Sigma rule loading: any text must load or be rejected with a reason, never panic,
//! and every rule that loads is run on a few events (matchers, modifiers, correlations).
#![no_main]

use std::sync::Arc;

use cloudward_detect::{Engine, Event, LogKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(engine) = Engine::builder()
        .builtin(false)
        .rule_text("fuzz.yml", text)
        .build()
    else {
        return;
    };
    let mut c = engine.correlator();
    let events = [
        br#"{"eventName":"ConsoleLogin","eventSource":"signin.amazonaws.com","eventTime":"2024-05-01T10:00:00Z","sourceIPAddress":"1.2.3.4","userIdentity":{"type":"Root","arn":"arn:aws:iam::1:root"},"requestParameters":{"a":[1,"x",null,{"b":true}]},"count":"42"}"#.as_slice(),
        br#"{"eventName":"StopLogging","eventTime":"2024-05-01T10:01:00Z","errorCode":"AccessDenied","sourceIPAddress":"10.0.0.1"}"#.as_slice(),
    ];
    for (i, raw) in events.iter().enumerate() {
        if let Ok(ev) = Event::from_json(
            LogKind::CloudTrail,
            Arc::from("e"),
            i as u64 + 1,
            raw.to_vec(),
        ) {
            for m in engine.process(&ev) {
                c.observe(&m);
            }
        }
    }
    let flow = Event::from_fields(
        LogKind::VpcFlow,
        Arc::from("f"),
        1,
        &[
            ("srcaddr", Some("198.51.100.7")),
            ("dstport", Some("22")),
            ("action", Some("ACCEPT")),
            ("start", Some("1700000000")),
        ],
    );
    for m in engine.process(&flow) {
        c.observe(&m);
    }
});
