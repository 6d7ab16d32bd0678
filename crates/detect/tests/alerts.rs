//! Alerts: grouping per rule, actor and window, correlation alerts, ordering, severity and
//! response mapping, bounded lists, read-problem accounting and blocklists from real runs.

use std::io::Cursor;

use cloudward_detect::alert::{Detector, STATELESS_WINDOW_MS};
use cloudward_detect::blocklist::Blocklist;
use cloudward_detect::Engine;
use cloudward_model::alert::{Alert, MAX_EVENT_IDS, MAX_VALUES};
use cloudward_model::Severity;
use serde_json::json;

const RULE: &str = r#"
title: Test Bucket Policy Change
id: 00000000-0000-4000-8000-000000000001
description: A bucket policy was changed.
author: tester
license: DRL-1.1
references: [https://example.org/rule]
tags: [attack.persistence, attack.t1098]
falsepositives: [Planned changes]
cloudward_response: Revert the policy.
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventName: PutBucketPolicy}
  condition: selection
level: high
---
title: Test Informational Describe
id: 00000000-0000-4000-8000-000000000002
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventName: DescribeInstances}
  condition: selection
level: informational
"#;

fn ev(id: &str, time: &str, name: &str, actor: &str, ip: &str) -> serde_json::Value {
    json!({
        "eventVersion": "1.09",
        "userIdentity": {"type": "IAMUser", "arn": actor, "accessKeyId": "AKIATEST"},
        "eventTime": time,
        "eventSource": "s3.amazonaws.com",
        "eventName": name,
        "awsRegion": "eu-west-1",
        "sourceIPAddress": ip,
        "userAgent": "aws-cli/2.15.0",
        "eventID": id,
        "recipientAccountId": "111122223333"
    })
}

fn trail(records: &[serde_json::Value]) -> Cursor<Vec<u8>> {
    Cursor::new(serde_json::to_vec(&json!({ "Records": records })).expect("serialise test records"))
}

fn run(engine: &Engine, inputs: Vec<(&str, Cursor<Vec<u8>>)>) -> Vec<Alert> {
    let mut d = Detector::new(engine);
    for (name, r) in inputs {
        d.read(name, r);
    }
    d.finish().0
}

fn test_engine() -> Engine {
    Engine::builder()
        .builtin(false)
        .rule_text("test.yml", RULE)
        .build()
        .expect("build")
}

const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
const BOB: &str = "arn:aws:iam::111122223333:user/bob";

#[test]
fn one_alert_per_rule_actor_and_hour() {
    let e = test_engine();
    let records = vec![
        ev(
            "e3",
            "2026-11-01T10:50:00Z",
            "PutBucketPolicy",
            ALICE,
            "192.0.2.1",
        ),
        ev(
            "e1",
            "2026-11-01T10:05:00Z",
            "PutBucketPolicy",
            ALICE,
            "192.0.2.1",
        ),
        ev(
            "e2",
            "2026-11-01T10:20:00Z",
            "PutBucketPolicy",
            ALICE,
            "192.0.2.2",
        ),
        ev(
            "e4",
            "2026-11-01T11:00:00Z",
            "PutBucketPolicy",
            ALICE,
            "192.0.2.1",
        ),
        ev(
            "e5",
            "2026-11-01T10:30:00Z",
            "PutBucketPolicy",
            BOB,
            "192.0.2.9",
        ),
        ev("e6", "2026-11-01T10:30:00Z", "GetObject", BOB, "192.0.2.9"),
    ];
    let alerts = run(&e, vec![("a.json", trail(&records))]);
    let summary: Vec<(&str, &str, u64)> = alerts
        .iter()
        .map(|a| {
            (
                a.actor.as_deref().unwrap_or(""),
                a.first_event_id.as_str(),
                a.count,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [(ALICE, "e1", 3), (BOB, "e5", 1), (ALICE, "e4", 1)],
        "sorted by first event time"
    );
    let a = &alerts[0];
    assert_eq!(a.last_event_id, "e3");
    assert_eq!(a.source_ips, ["192.0.2.1", "192.0.2.2"]);
    assert_eq!(a.event_names, ["PutBucketPolicy"]);
    assert_eq!(a.access_key_ids, ["AKIATEST"]);
    assert_eq!(a.regions, ["eu-west-1"]);
    assert_eq!(a.accounts, ["111122223333"]);
    assert_eq!(a.first_location, "a.json:2");
    assert_eq!(
        (a.window_end - a.window_start).num_milliseconds(),
        STATELESS_WINDOW_MS
    );
    assert_eq!(a.window_start.to_rfc3339(), "2026-11-01T10:00:00+00:00");
    // Rule metadata and what to do travel with the alert.
    assert_eq!(a.severity, Severity::High);
    assert_eq!(a.response, "Revert the policy.");
    assert_eq!(a.rule.author.as_deref(), Some("tester"));
    assert_eq!(a.rule.license.as_deref(), Some("DRL-1.1"));
    assert_eq!(a.rule.falsepositives, ["Planned changes"]);
    assert_eq!(a.rule.attack_techniques(), ["T1098"]);
}

#[test]
fn informational_level_and_fallback_response() {
    let e = test_engine();
    let records = vec![ev(
        "d1",
        "2026-11-01T10:00:00Z",
        "DescribeInstances",
        ALICE,
        "192.0.2.1",
    )];
    let alerts = run(&e, vec![("a.json", trail(&records))]);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].severity, Severity::Info);
    assert!(alerts[0].response.contains("Confirm with the principal"));
}

#[test]
fn order_does_not_depend_on_input_order() {
    let e = test_engine();
    let mut records: Vec<_> = (0..30)
        .map(|i| {
            ev(
                &format!("e{i:02}"),
                &format!("2026-11-01T{:02}:{:02}:00Z", 8 + i % 5, (i * 7) % 60),
                "PutBucketPolicy",
                if i % 2 == 0 { ALICE } else { BOB },
                &format!("192.0.2.{i}"),
            )
        })
        .collect();
    let forward = run(&e, vec![("a.json", trail(&records))]);
    records.reverse();
    let backward = run(&e, vec![("a.json", trail(&records))]);
    let strip = |v: &[Alert]| -> Vec<Alert> {
        v.iter()
            .cloned()
            .map(|mut a| {
                a.first_location.clear();
                a
            })
            .collect()
    };
    assert_eq!(strip(&forward), strip(&backward));
    assert_eq!(forward.iter().map(|a| a.count).sum::<u64>(), 30);
}

#[test]
fn event_ids_keep_the_earliest_up_to_the_cap_whatever_the_order() {
    let e = test_engine();
    let n = MAX_EVENT_IDS + 44;
    let mut records: Vec<_> = (0..n)
        .map(|i| {
            ev(
                &format!("e{i:04}"),
                &format!("2026-11-01T10:{:02}:{:02}Z", i / 60, i % 60),
                "PutBucketPolicy",
                ALICE,
                "198.51.100.1",
            )
        })
        .collect();
    records.reverse();
    let alerts = run(&e, vec![("a.json", trail(&records))]);
    assert_eq!(alerts.len(), 1);
    let a = &alerts[0];
    assert_eq!(a.count, n as u64);
    assert_eq!(a.event_ids.len(), MAX_EVENT_IDS);
    assert_eq!(a.event_ids_omitted, 44);
    let earliest: Vec<String> = (0..MAX_EVENT_IDS).map(|i| format!("e{i:04}")).collect();
    assert_eq!(a.event_ids, earliest);
}

#[test]
fn lists_are_capped_and_the_rest_counted() {
    let e = test_engine();
    let records: Vec<_> = (0..(MAX_VALUES + 5))
        .map(|i| {
            ev(
                &format!("e{i}"),
                "2026-11-01T10:00:00Z",
                "PutBucketPolicy",
                ALICE,
                &format!("198.51.100.{i}"),
            )
        })
        .collect();
    let alerts = run(&e, vec![("a.json", trail(&records))]);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].count, (MAX_VALUES + 5) as u64);
    assert_eq!(alerts[0].source_ips.len(), MAX_VALUES);
    assert_eq!(alerts[0].values_omitted, 5);
}

#[test]
fn a_correlation_alert_reports_the_whole_burst() {
    // The built-in CIS 4.1 burst: 10 refused calls by one principal in 5 minutes. A burst of
    // 29 is one alert of 29 with its true first and last event (it once said 20: the
    // threshold's multiple).
    let e = Engine::builder().build().expect("build");
    let mut records = Vec::new();
    for i in 0..29 {
        let mut r = ev(
            &format!("d{i:02}"),
            &format!("2026-11-01T10:00:{:02}Z", i * 2),
            "DescribeInstances",
            ALICE,
            "203.0.113.5",
        );
        r["errorCode"] = json!("Client.UnauthorizedOperation");
        records.push(r);
    }
    let alerts = run(&e, vec![("denied.json", trail(&records))]);
    let burst: Vec<&Alert> = alerts.iter().filter(|a| a.rule.correlation).collect();
    assert_eq!(burst.len(), 1, "{burst:#?}");
    let b = burst[0];
    assert_eq!(
        b.rule.title,
        "AWS Burst of Access Denied Errors From One Principal"
    );
    assert_eq!(b.actor.as_deref(), Some(ALICE));
    assert_eq!(b.count, 29);
    assert_eq!(b.first_event_id, "d00");
    assert_eq!(b.last_event_id, "d28");
    let ids: Vec<String> = (0..29).map(|i| format!("d{i:02}")).collect();
    assert_eq!(b.event_ids, ids);
    assert_eq!(b.event_ids_omitted, 0);
    assert_eq!(b.group[0].name, "userIdentity.arn");
    assert_eq!(b.window_start, b.first_time);
    assert_eq!((b.window_end - b.window_start).num_seconds(), 56);
    assert!(b.response.contains("rotate or deactivate"));
    // The base rule generates alerts too (generate: true): one hourly alert.
    let base: Vec<&Alert> = alerts.iter().filter(|a| !a.rule.correlation).collect();
    assert_eq!(base.len(), 1);
    assert_eq!(base[0].count, 29);
    assert_eq!(base[0].severity, Severity::Low);
}

#[test]
fn read_problems_name_file_and_record_and_the_run_goes_on() {
    let e = test_engine();
    let mut d = Detector::new(&e);
    let text = br#"{"Records":[42, {"eventTime":"2026-11-01T10:00:00Z","eventName":"PutBucketPolicy","eventID":"ok","userIdentity":{"arn":"x"}}]}"#;
    d.read("broken.json", Cursor::new(text.to_vec()));
    d.read("garbage.bin", Cursor::new(b"\x00\x01 not a log".to_vec()));
    d.read_file(std::path::Path::new("/nonexistent/cloudward/file.json"));
    let (alerts, stats) = d.finish();
    assert_eq!(alerts.len(), 1);
    assert_eq!(stats.inputs, 3);
    assert_eq!(stats.events, 1);
    assert_eq!(stats.malformed, 1);
    assert_eq!(stats.failed_inputs, 2);
    assert_eq!(stats.problems.len(), 3);
    assert_eq!(stats.problems[0].file, "broken.json");
    assert_eq!(stats.problems[0].record, 1);
    assert_eq!(stats.problems[1].file, "garbage.bin");
    assert!(stats.problems[2].file.contains("nonexistent"));
}

#[test]
fn blocklist_from_a_run_lists_only_offenders_public_addresses() {
    let e = Engine::builder().build().expect("build");
    let kali = "aws-cli/2.15.0 Python/3.11 Linux/6.6.9-amd64 distrib#kali.2024";
    let mut records = Vec::new();
    for (i, ip) in [
        "185.220.101.4",
        "185.220.101.4",
        "10.1.2.3",
        "AWS Internal",
        "s3.amazonaws.com",
        "2a01:4f8:c010::5",
        "100.64.1.1",
    ]
    .iter()
    .enumerate()
    {
        let mut r = ev(
            &format!("k{i}"),
            &format!("2026-11-01T10:0{i}:00Z"),
            "ListBuckets",
            ALICE,
            ip,
        );
        r["userAgent"] = json!(kali);
        records.push(r);
    }
    // A change by an ordinary admin from another public address: alerts, but its rule does not
    // name an offending address, so the address is not blocked.
    records.push(ev(
        "p1",
        "2026-11-01T10:30:00Z",
        "PutBucketPolicy",
        BOB,
        "93.184.216.34",
    ));
    let alerts = run(&e, vec![("t.json", trail(&records))]);
    assert!(alerts
        .iter()
        .any(|a| a.source_ips.contains(&"93.184.216.34".to_owned())));
    let b = Blocklist::from_alerts(&alerts);
    assert_eq!(b.plain(), "185.220.101.4\n2a01:4f8:c010::5\n");
    let excluded: Vec<&str> = b.excluded.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        excluded,
        ["10.1.2.3", "100.64.1.1", "AWS Internal", "s3.amazonaws.com"]
    );
}

#[test]
fn flow_log_alerts_use_the_source_address_as_actor_and_feed_the_blocklist() {
    let e = Engine::builder().build().expect("build");
    let mut log = String::from(
        "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n",
    );
    // A port scan from 45.33.32.156: 30 distinct ports rejected within a minute.
    for port in 1000..1030 {
        log.push_str(&format!(
            "2 111122223333 eni-0a1b2c3d 45.33.32.156 10.0.1.5 40000 {port} 6 1 40 1793500000 1793500060 REJECT OK\n"
        ));
    }
    // SSH accepted from two public addresses and from a private one.
    for src in [
        "185.220.101.4",
        "185.220.101.4",
        "2a01:4f8:c010::5",
        "10.0.9.9",
    ] {
        log.push_str(&format!(
            "2 111122223333 eni-0a1b2c3d {src} 10.0.1.5 50000 22 6 10 840 1793500100 1793500160 ACCEPT OK\n"
        ));
    }
    let alerts = run(&e, vec![("flow.log", Cursor::new(log.into_bytes()))]);
    let scan: Vec<&Alert> = alerts.iter().filter(|a| a.rule.correlation).collect();
    assert_eq!(scan.len(), 1, "{alerts:#?}");
    assert_eq!(scan[0].rule.title, "AWS VPC Port Scan From One Address");
    assert_eq!(scan[0].actor.as_deref(), Some("45.33.32.156"));
    assert_eq!(scan[0].log, "vpcflow");
    assert!(scan[0].count >= 25);
    // The rejected-traffic base rule raises no alert of its own.
    assert!(alerts
        .iter()
        .all(|a| a.rule.title != "AWS VPC Flow Rejected Traffic From a Public Address"));
    let ssh: Vec<(&str, u64)> = alerts
        .iter()
        .filter(|a| a.rule.title.contains("SSH or RDP"))
        .map(|a| (a.actor.as_deref().unwrap_or(""), a.count))
        .collect();
    assert_eq!(ssh, [("185.220.101.4", 2), ("2a01:4f8:c010::5", 1)]);
    let b = Blocklist::from_alerts(&alerts);
    assert_eq!(b.plain(), "45.33.32.156\n185.220.101.4\n2a01:4f8:c010::5\n");
    let (entries, over) = b.nacl_entries(100);
    assert_eq!(entries.len(), 3);
    assert!(!over);
    assert_eq!(entries[2].rule_number, 102);
}

#[test]
fn closed_windows_are_taken_as_event_time_passes_and_late_ones_wait() {
    // Live consumers take each alert once no event can change it: a stateless window an hour
    // long closes an hour after its start plus the allowed lateness (15 minutes).
    let e = test_engine();
    let mut d = Detector::new(&e);
    let first = vec![ev(
        "a1",
        "2026-11-01T10:05:00Z",
        "PutBucketPolicy",
        ALICE,
        "198.51.100.1",
    )];
    d.read("a.json", trail(&first));
    assert!(d.drain_closed(None).is_empty(), "the window is open");
    // Event time reaches 11:10: past the window's end but within the lateness.
    let later = vec![ev(
        "a2",
        "2026-11-01T11:10:00Z",
        "PutBucketPolicy",
        ALICE,
        "198.51.100.1",
    )];
    d.read("b.json", trail(&later));
    assert!(
        d.drain_closed(None).is_empty(),
        "a late event could still join"
    );
    let even_later = vec![ev(
        "a3",
        "2026-11-01T11:16:00Z",
        "PutBucketPolicy",
        ALICE,
        "198.51.100.1",
    )];
    d.read("c.json", trail(&even_later));
    let closed = d.drain_closed(None);
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].first_event_id, "a1");
    assert_eq!(closed[0].count, 1);
    // Wall-clock time closes the rest when the queue is quiet; nothing is taken twice.
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-01T13:00:00Z")
        .expect("time")
        .with_timezone(&chrono::Utc);
    let rest = d.drain_closed(Some(now));
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].count, 2);
    let (at_end, _) = d.finish();
    assert!(at_end.is_empty());
}
