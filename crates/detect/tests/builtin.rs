//! Built-in detections against fixtures: every CloudTrail rule has matching and near-miss
//! events in `fixtures/cloudtrail_builtin_cases.json`; flow log and ALB rules have lines.

use std::collections::BTreeSet;
use std::sync::Arc;

use cloudward_detect::{Engine, Event, LogKind};

use crate::common::fixture;

#[test]
fn all_builtin_rules_load() {
    let e = Engine::builder().build().unwrap();
    for r in e.rejected() {
        eprintln!("{r}");
    }
    assert!(e.rejected().is_empty());
    assert!(e.loaded().len() >= 30, "{}", e.loaded().len());
    for r in e.loaded() {
        assert_eq!(r.author.as_deref(), Some("cloudward"), "{}", r.title);
        assert_eq!(r.license.as_deref(), Some("Apache-2.0"), "{}", r.title);
        assert!(r.origin.starts_with("builtin:"), "{}", r.origin);
        assert!(!r.references.is_empty(), "{}", r.title);
        assert!(r
            .tags
            .iter()
            .any(|t| t.starts_with("attack.") || t.starts_with("cis.")));
    }
    let ids: BTreeSet<&str> = e.loaded().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), e.loaded().len(), "ids are unique");
}

#[test]
fn every_cis_monitoring_control_is_covered() {
    let e = Engine::builder().build().unwrap();
    for n in 1..=15 {
        let tag = format!("cis.aws_v5.4.{n}");
        assert!(
            e.loaded().iter().any(|r| r.tags.contains(&tag)),
            "no rule tagged {tag}"
        );
    }
}

fn event(v: &serde_json::Value, n: u64) -> Event {
    Event::from_json(
        LogKind::CloudTrail,
        Arc::from("cases.json"),
        n,
        serde_json::to_vec(v).unwrap(),
    )
    .unwrap()
}

#[test]
fn cloudtrail_rules_match_their_fixtures_and_not_the_near_misses() {
    let e = Engine::builder().build().unwrap();
    let text = std::fs::read_to_string(fixture("cloudtrail_builtin_cases.json")).unwrap();
    let cases: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let mut covered = BTreeSet::new();
    for case in &cases {
        let title = case["rule"].as_str().unwrap();
        assert!(
            e.loaded().iter().any(|r| r.title == title),
            "fixture names unknown rule {title}"
        );
        covered.insert(title.to_owned());
        for (k, ev) in case["match"].as_array().unwrap().iter().enumerate() {
            let got = e.process(&event(ev, k as u64));
            assert!(
                got.iter().any(|m| m.rule.title == title),
                "{title}: match case {k} did not match; got {:?}",
                got.iter().map(|m| &m.rule.title).collect::<Vec<_>>()
            );
        }
        for (k, ev) in case["near_miss"].as_array().unwrap().iter().enumerate() {
            let got = e.process(&event(ev, k as u64));
            assert!(
                !got.iter().any(|m| m.rule.title == title),
                "{title}: near-miss case {k} matched"
            );
        }
    }
    for r in e.loaded() {
        if r.log == LogKind::CloudTrail && !r.correlation {
            assert!(covered.contains(&r.title), "no fixture for {}", r.title);
        }
    }
}

fn flow(fields: &[(&str, &str)]) -> Event {
    let f: Vec<(&str, Option<&str>)> = fields.iter().map(|(k, v)| (*k, Some(*v))).collect();
    Event::from_fields(LogKind::VpcFlow, Arc::from("flow"), 1, &f)
}

fn titles(e: &Engine, ev: &Event) -> Vec<String> {
    e.process(ev)
        .into_iter()
        .map(|m| m.rule.title.clone())
        .collect()
}

#[test]
fn flow_rules() {
    let e = Engine::builder().build().unwrap();
    let ssh = "AWS VPC Flow Accepted to SSH or RDP From a Public Address";
    let db = "AWS VPC Flow Accepted to a Database Port From a Public Address";
    let t = titles(
        &e,
        &flow(&[
            ("srcaddr", "198.51.100.4"),
            ("dstport", "22"),
            ("action", "ACCEPT"),
        ]),
    );
    assert!(t.contains(&ssh.to_owned()), "{t:?}");
    let t = titles(
        &e,
        &flow(&[
            ("srcaddr", "2001:db8::9"),
            ("dstport", "5432"),
            ("action", "ACCEPT"),
        ]),
    );
    assert!(t.contains(&db.to_owned()), "{t:?}");
    // near misses: private source, rejected, other port, IPv6 private
    for f in [
        [
            ("srcaddr", "10.2.3.4"),
            ("dstport", "22"),
            ("action", "ACCEPT"),
        ],
        [
            ("srcaddr", "198.51.100.4"),
            ("dstport", "22"),
            ("action", "REJECT"),
        ],
        [
            ("srcaddr", "198.51.100.4"),
            ("dstport", "443"),
            ("action", "ACCEPT"),
        ],
        [
            ("srcaddr", "fd00::1"),
            ("dstport", "3306"),
            ("action", "ACCEPT"),
        ],
        [
            ("srcaddr", "172.20.0.1"),
            ("dstport", "3389"),
            ("action", "ACCEPT"),
        ],
    ] {
        let t = titles(&e, &flow(&f));
        assert!(
            !t.contains(&ssh.to_owned()) && !t.contains(&db.to_owned()),
            "{f:?}: {t:?}"
        );
    }
}
