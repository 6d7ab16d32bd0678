//! The built-in rule set as a whole: it loads, carries its metadata and covers the CIS
//! monitoring controls. Each rule's own cases run in `rule_cases.rs`.

use std::collections::BTreeSet;

use cloudward_detect::Engine;

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
