//! Correlation rules: thresholds, windows, grouping, out-of-order input, eviction.

use std::sync::Arc;
use std::time::Duration;

use cloudward_detect::{CorrelationMatch, Engine, Event, LogKind};

use crate::common::ct;

fn failed_login(ip: &str, secs: i64, n: usize) -> Event {
    let t = chrono::DateTime::from_timestamp(1_790_000_000 + secs, 0).unwrap();
    ct(&format!(
        r#"{{"eventID":"f-{n}","eventTime":"{}","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","sourceIPAddress":"{ip}","errorMessage":"Failed authentication","userIdentity":{{"type":"IAMUser","userName":"bob"}},"responseElements":{{"ConsoleLogin":"Failure"}}}}"#,
        t.to_rfc3339()
    ))
}

const BRUTE: &str = "AWS Console Brute Force From One Source Address";

fn run(e: &Engine, events: &[Event]) -> Vec<CorrelationMatch> {
    let mut c = e.correlator();
    let mut out = vec![];
    for ev in events {
        for m in e.process(ev) {
            out.extend(c.observe(&m));
        }
    }
    out
}

fn only(out: &[CorrelationMatch], title: &str) -> Vec<CorrelationMatch> {
    out.iter()
        .filter(|m| m.rule.title == title)
        .cloned()
        .collect()
}

#[test]
fn five_failed_logins_from_one_ip_in_ten_minutes() {
    let e = Engine::builder().build().unwrap();
    let evs: Vec<Event> = (0..5)
        .map(|i| failed_login("198.51.100.1", i * 60, i as usize))
        .collect();
    let out = only(&run(&e, &evs), BRUTE);
    assert_eq!(out.len(), 1);
    let m = &out[0];
    assert_eq!(m.count, 5);
    assert_eq!(m.first_event_id, "f-0");
    assert_eq!(m.last_event_id, "f-4");
    assert_eq!(m.last_time - m.first_time, chrono::Duration::minutes(4));
    assert_eq!(
        m.group,
        [(
            "sourceIPAddress".to_owned(),
            Some("198.51.100.1".to_owned())
        )]
    );
    assert_eq!(m.rule.level, cloudward_model::Severity::High);
}

#[test]
fn four_failures_or_spread_out_or_different_ips_do_not_fire() {
    let e = Engine::builder().build().unwrap();
    let four: Vec<Event> = (0..4)
        .map(|i| failed_login("198.51.100.1", i * 60, i as usize))
        .collect();
    assert!(only(&run(&e, &four), BRUTE).is_empty());
    let spread: Vec<Event> = (0..5)
        .map(|i| failed_login("198.51.100.1", i * 200, i as usize))
        .collect();
    assert!(
        only(&run(&e, &spread), BRUTE).is_empty(),
        "5 over 13+ minutes"
    );
    let ips: Vec<Event> = (0..5)
        .map(|i| failed_login(&format!("198.51.100.{i}"), i * 10, i as usize))
        .collect();
    assert!(only(&run(&e, &ips), BRUTE).is_empty());
}

#[test]
fn ten_failures_in_a_row_are_one_burst_and_a_pause_starts_another() {
    let e = Engine::builder().build().unwrap();
    let evs: Vec<Event> = (0..10)
        .map(|i| failed_login("198.51.100.1", i * 30, i as usize))
        .collect();
    let out = run(&e, &evs);
    let bursts = only(&out, BRUTE);
    assert_eq!(bursts.len(), 6, "the window of 5, then 5 continuations");
    assert_eq!(bursts.iter().filter(|c| !c.continuation).count(), 1);
    assert!(bursts.iter().all(|c| c.burst_start == bursts[0].first_time));
    assert_eq!(bursts.iter().map(|c| c.events).sum::<u64>(), 10);
    // After more than the timespan (10 minutes) of silence, five more are a second burst.
    let mut evs = evs;
    evs.extend((0..5).map(|i| failed_login("198.51.100.1", 1_200 + i * 30, 10 + i as usize)));
    let out = run(&e, &evs);
    let opened: Vec<_> = only(&out, BRUTE)
        .into_iter()
        .filter(|c| !c.continuation)
        .collect();
    assert_eq!(opened.len(), 2);
    assert_ne!(opened[0].burst_start, opened[1].burst_start);
}

#[test]
fn out_of_order_within_lateness_gives_the_same_result() {
    let e = Engine::builder().build().unwrap();
    // Times 0..4 minutes, delivered 4,2,0,3,1, plus unrelated later events from another IP.
    let order = [4, 2, 0, 3, 1];
    let evs: Vec<Event> = order
        .iter()
        .map(|&i| failed_login("198.51.100.1", i * 60, i as usize))
        .collect();
    let out = only(&run(&e, &evs), BRUTE);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].first_event_id, "f-0");
    assert_eq!(out[0].last_event_id, "f-4");
}

#[test]
fn events_later_than_the_allowed_lateness_are_dropped_and_counted() {
    let e = Engine::builder()
        .allowed_lateness(Duration::from_secs(60))
        .build()
        .unwrap();
    let mut c = e.correlator();
    // A far-future event moves the watermark; the burst then arrives too late.
    let mut out = vec![];
    let future = failed_login("203.0.113.1", 3600, 99);
    for m in e.process(&future) {
        out.extend(c.observe(&m));
    }
    for i in 0..5 {
        for m in e.process(&failed_login("198.51.100.1", i * 60, i as usize)) {
            out.extend(c.observe(&m));
        }
    }
    assert!(only(&out, BRUTE).is_empty());
    assert_eq!(c.stats().late, 5);
}

#[test]
fn state_is_evicted_so_memory_follows_active_groups() {
    let e = Engine::builder().build().unwrap();
    let mut c = e.correlator();
    // 20,000 single failures from distinct IPs, one per second over 5.5 hours.
    for i in 0..20_000i64 {
        let ev = failed_login(
            &format!("10.{}.{}.{}", i / 65536, (i / 256) % 256, i % 256),
            i,
            i as usize,
        );
        for m in e.process(&ev) {
            assert!(c.observe(&m).is_empty());
        }
    }
    let groups = c.stats().groups;
    // Window 10 min + lateness 15 min = 1,500 s of live groups, plus up to one sweep interval.
    assert!(groups <= 1_500 + 4_096, "{groups} groups still held");
}

fn flow(src: &str, port: u32, action: &str, secs: i64, n: u64) -> Event {
    let start = (1_790_000_000 + secs).to_string();
    let port = port.to_string();
    Event::from_fields(
        LogKind::VpcFlow,
        Arc::from("flow.log"),
        n,
        &[
            ("srcaddr", Some(src)),
            ("dstaddr", Some("10.0.0.5")),
            ("dstport", Some(&port)),
            ("action", Some(action)),
            ("start", Some(&start)),
        ],
    )
}

#[test]
fn port_scan_value_count() {
    let e = Engine::builder().build().unwrap();
    let title = "AWS VPC Port Scan From One Address";
    let scan: Vec<Event> = (0..25)
        .map(|p| flow("198.51.100.9", 1000 + p, "REJECT", p as i64, p as u64))
        .collect();
    let out = only(&run(&e, &scan), title);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].count, 25);
    // 24 distinct ports, or one port many times, or private source: nothing.
    let few: Vec<Event> = (0..24)
        .map(|p| flow("198.51.100.9", 1000 + p, "REJECT", p as i64, p as u64))
        .collect();
    assert!(only(&run(&e, &few), title).is_empty());
    let same: Vec<Event> = (0..100)
        .map(|p| flow("198.51.100.9", 22, "REJECT", p, p as u64))
        .collect();
    assert!(only(&run(&e, &same), title).is_empty());
    let private: Vec<Event> = (0..30)
        .map(|p| flow("10.1.1.1", 1000 + p, "REJECT", p as i64, p as u64))
        .collect();
    assert!(only(&run(&e, &private), title).is_empty());
    // The base rule does not alert on its own (generate: false).
    let m = e.process(&scan[0]);
    assert_eq!(m.len(), 1);
    assert!(!m[0].rule.generate);
    assert_eq!(m[0].field("dstport"), Some("1000"));
}

fn alb(ip: &str, path: &str, status: &str, secs: i64) -> Event {
    let t = chrono::DateTime::from_timestamp(1_790_000_000 + secs, 0)
        .unwrap()
        .to_rfc3339();
    Event::from_fields(
        LogKind::Alb,
        Arc::from("alb.log"),
        1,
        &[
            ("time", Some(&t)),
            ("client_ip", Some(ip)),
            ("request_path", Some(path)),
            ("elb_status_code", Some(status)),
        ],
    )
}

#[test]
fn alb_path_probing() {
    let e = Engine::builder().build().unwrap();
    let title = "AWS ALB Path Probing From One Client";
    let probe: Vec<Event> = (0..30)
        .map(|i| alb("198.51.100.3", &format!("/p{i}"), "404", i))
        .collect();
    assert_eq!(only(&run(&e, &probe), title).len(), 1);
    let ok: Vec<Event> = (0..30)
        .map(|i| alb("198.51.100.3", &format!("/p{i}"), "200", i))
        .collect();
    assert!(only(&run(&e, &ok), title).is_empty());
}

#[test]
fn access_denied_burst() {
    let e = Engine::builder().build().unwrap();
    let title = "AWS Burst of Access Denied Errors From One Principal";
    let ev = |i: i64, arn: &str| {
        let t = chrono::DateTime::from_timestamp(1_790_000_000 + i * 10, 0)
            .unwrap()
            .to_rfc3339();
        ct(&format!(
            r#"{{"eventID":"d-{i}","eventTime":"{t}","eventSource":"iam.amazonaws.com","eventName":"ListUsers","errorCode":"AccessDenied","sourceIPAddress":"203.0.113.5","userIdentity":{{"type":"IAMUser","arn":"{arn}"}}}}"#
        ))
    };
    let burst: Vec<Event> = (0..10).map(|i| ev(i, "arn:aws:iam::1:user/x")).collect();
    let out = only(&run(&e, &burst), title);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].actor.as_deref(), Some("arn:aws:iam::1:user/x"));
    let split: Vec<Event> = (0..10)
        .map(|i| ev(i, &format!("arn:aws:iam::1:user/{}", i % 2)))
        .collect();
    assert!(only(&run(&e, &split), title).is_empty());
}

#[test]
fn temporal_correlation_in_separate_documents_by_id() {
    let yaml = r#"title: Key created
id: 10000000-0000-0000-0000-000000000001
logsource: {product: aws, service: cloudtrail}
detection:
  sel: {eventName: CreateAccessKey}
  condition: sel
---
title: Trail stopped
id: 10000000-0000-0000-0000-000000000002
logsource: {product: aws, service: cloudtrail}
detection:
  sel: {eventName: StopLogging}
  condition: sel
---
title: Key then trail stopped
id: 10000000-0000-0000-0000-000000000003
correlation:
  type: temporal
  rules:
    - 10000000-0000-0000-0000-000000000001
    - 10000000-0000-0000-0000-000000000002
  group-by: [userIdentity.arn]
  timespan: 1h
level: critical
"#;
    let e = crate::common::engine(yaml);
    let ev = |name: &str, min: i64, arn: &str| {
        let t = chrono::DateTime::from_timestamp(1_790_000_000 + min * 60, 0)
            .unwrap()
            .to_rfc3339();
        ct(&format!(
            r#"{{"eventID":"{name}-{min}","eventTime":"{t}","eventName":"{name}","userIdentity":{{"arn":"{arn}"}}}}"#
        ))
    };
    let out = run(
        &e,
        &[ev("CreateAccessKey", 0, "a"), ev("StopLogging", 30, "a")],
    );
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].first_event_id, "CreateAccessKey-0");
    assert_eq!(out[0].last_event_id, "StopLogging-30");
    assert!(run(
        &e,
        &[ev("CreateAccessKey", 0, "a"), ev("StopLogging", 90, "a")]
    )
    .is_empty());
    assert!(run(
        &e,
        &[ev("CreateAccessKey", 0, "a"), ev("StopLogging", 5, "b")]
    )
    .is_empty());
    assert!(run(
        &e,
        &[ev("CreateAccessKey", 0, "a"), ev("CreateAccessKey", 5, "a")]
    )
    .is_empty());
    // Base rules referenced with the default generate: false do not alert on their own.
    assert!(e
        .process(&ev("StopLogging", 1, "a"))
        .iter()
        .all(|m| !m.rule.generate));
}

#[test]
fn correlation_rejections() {
    let r = crate::common::rejected(
        "title: c\nid: c1\ncorrelation:\n  type: event_count\n  rules: [nope]\n  timespan: 5m\n  condition: {gte: 2}\n",
    );
    assert!(r.iter().any(|x| x.contains("not loaded")), "{r:?}");
    let r = crate::common::rejected(
        "title: c\nid: c1\ncorrelation:\n  type: event_count\n  rules: [x]\n  timespan: 5 minutes\n  condition: {gte: 2}\n",
    );
    assert!(r.iter().any(|x| x.contains("timespan")), "{r:?}");
    let r = crate::common::rejected(
        "title: c\nid: c1\ncorrelation:\n  type: event_count\n  rules: [x]\n  timespan: 5m\n  condition: {lt: 2}\n",
    );
    assert!(r.iter().any(|x| x.contains("upper bound")), "{r:?}");
    let r = crate::common::rejected(
        "title: c\nid: c1\ncorrelation:\n  type: value_count\n  rules: [x]\n  timespan: 5m\n  condition: {gte: 2}\n",
    );
    assert!(r.iter().any(|x| x.contains("field")), "{r:?}");
}

#[test]
fn one_noisy_group_stays_small_and_fast() {
    let e = Engine::builder().build().unwrap();
    let mut c = e.correlator();
    // The same rejected port from one address, 12,000 times within the window: never a scan,
    // and the group keeps one entry for the value, not one per event.
    for i in 0..12_000u64 {
        for m in e.process(&flow("198.51.100.9", 22, "REJECT", (i / 100) as i64, i)) {
            assert!(c.observe(&m).is_empty());
        }
    }
    let s = c.stats();
    assert_eq!(s.overflow, 0);
    assert_eq!(s.deduplicated, 11_999);
    assert_eq!(s.groups, 1);
    // Distinct ports still count when interleaved with the flood.
    let mut out = vec![];
    for p in 0..25u32 {
        for k in 0..50u64 {
            let ev = flow("198.51.100.9", 22, "REJECT", 130, k);
            for m in e.process(&ev) {
                out.extend(c.observe(&m));
            }
        }
        for m in e.process(&flow("198.51.100.9", 2000 + p, "REJECT", 131, 0)) {
            out.extend(c.observe(&m));
        }
    }
    // One window met the threshold; the matches after it continue that burst.
    let opened: Vec<_> = out.iter().filter(|c| !c.continuation).collect();
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0].count, 25);
    assert!(out.iter().all(|c| c.burst_start == opened[0].burst_start));
}
