//! What an organisation configures reaches the rules: `%placeholder%` values for `|expand`
//! fields, and the licence of a rule collection for rules that do not name one.

use cloudward_detect::Engine;

use crate::common::ct;

const RULE: &str = r#"
title: Role Trust Changed by Someone Else
id: 7c0c8e5e-4d0e-4a53-9d7e-1b6a2f0f1e01
logsource: {product: aws, service: cloudtrail}
detection:
  selection:
    eventName: UpdateAssumeRolePolicy
  filter_automation:
    userIdentity.arn|expand: '%automation_principals%'
  filter_office:
    sourceIPAddress|cidr|expand: '%trusted_networks%'
  condition: selection and not 1 of filter_*
level: high
"#;

fn event(arn: &str, ip: &str) -> cloudward_detect::Event {
    ct(&format!(
        r#"{{"eventID":"e1","eventTime":"2026-11-01T10:00:00Z","eventName":"UpdateAssumeRolePolicy",
            "sourceIPAddress":"{ip}","userIdentity":{{"arn":"{arn}"}}}}"#
    ))
}

fn fires(engine: &Engine, arn: &str, ip: &str) -> bool {
    !engine.process(&event(arn, ip)).is_empty()
}

#[test]
fn placeholders_filter_what_the_settings_name() {
    let engine = Engine::builder()
        .builtin(false)
        .rule_text("t.yml", RULE)
        .placeholder(
            "automation_principals",
            vec!["arn:aws:sts::111122223333:assumed-role/deploy/*".into()],
        )
        .placeholder("trusted_networks", vec!["198.51.100.0/24".into()])
        .build()
        .expect("build");
    assert!(engine.rejected().is_empty(), "{:?}", engine.rejected());
    let pipeline = "arn:aws:sts::111122223333:assumed-role/deploy/run-42";
    let person = "arn:aws:iam::111122223333:user/mallory";
    assert!(!fires(&engine, pipeline, "203.0.113.9"));
    assert!(!fires(&engine, person, "198.51.100.7"));
    assert!(fires(&engine, person, "203.0.113.9"));
}

#[test]
fn an_unset_placeholder_filters_nothing() {
    let engine = Engine::builder()
        .builtin(false)
        .rule_text("t.yml", RULE)
        .build()
        .expect("build");
    assert!(engine.rejected().is_empty(), "{:?}", engine.rejected());
    assert!(fires(
        &engine,
        "arn:aws:sts::111122223333:assumed-role/deploy/run-42",
        "198.51.100.7"
    ));
}

#[test]
fn malformed_placeholders_are_rejected_with_the_reason() {
    for (value, reason) in [
        ("'%a%%b%'", "more than one placeholder"),
        ("'%unterminated'", "unterminated placeholder"),
        ("'%bad-name%'", "placeholder names"),
    ] {
        let rule = RULE.replace("'%automation_principals%'", value);
        let engine = Engine::builder()
            .builtin(false)
            .rule_text("t.yml", rule)
            .build()
            .expect("build");
        let rejected = engine.rejected();
        assert_eq!(rejected.len(), 1, "{value}");
        assert!(
            rejected[0].reason.contains(reason),
            "{}",
            rejected[0].reason
        );
    }
    let too_many: Vec<String> = (0..=cloudward_detect::sigma::MAX_EXPANSION)
        .map(|i| format!("arn:aws:iam::111122223333:user/u{i}"))
        .collect();
    let engine = Engine::builder()
        .builtin(false)
        .rule_text("t.yml", RULE)
        .placeholder("automation_principals", too_many)
        .build()
        .expect("build");
    assert!(engine.rejected()[0].reason.contains("expands to more than"));
}

#[test]
fn a_collection_under_the_detection_rule_license_carries_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = dir.path().join("rules/cloud/aws");
    std::fs::create_dir_all(&rules).expect("mkdir");
    std::fs::write(
        dir.path().join("LICENSE.Detection.Rules.md"),
        "# Detection Rule License (DRL) 1.1\n\nPermission is hereby granted...\n",
    )
    .expect("write");
    std::fs::write(
        rules.join("a.yml"),
        RULE.replace("level: high", "author: Jane Doe\nlevel: high"),
    )
    .expect("write");
    std::fs::write(
        rules.join("b.yml"),
        RULE.replace(
            "7c0c8e5e-4d0e-4a53-9d7e-1b6a2f0f1e01",
            "7c0c8e5e-4d0e-4a53-9d7e-1b6a2f0f1e02",
        )
        .replace("level: high", "license: MIT\nlevel: high"),
    )
    .expect("write");
    let engine = Engine::builder()
        .builtin(false)
        .rules_dir(&rules)
        .build()
        .expect("build");
    let licences: Vec<(Option<&str>, Option<&str>)> = engine
        .loaded()
        .iter()
        .map(|r| (r.license.as_deref(), r.author.as_deref()))
        .collect();
    assert_eq!(
        licences,
        [(Some("DRL-1.1"), Some("Jane Doe")), (Some("MIT"), None)]
    );
    // Without a licence file, nothing is invented.
    let plain = tempfile::tempdir().expect("tempdir");
    std::fs::write(plain.path().join("a.yml"), RULE).expect("write");
    let engine = Engine::builder()
        .builtin(false)
        .rules_dir(plain.path())
        .build()
        .expect("build");
    assert_eq!(engine.loaded()[0].license, None);
}
