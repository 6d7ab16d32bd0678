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

/// Built-in rules that judge "a person, not automation" filter `%automation_principals%`:
/// with it set, the pipeline's calls are quiet and a person's still alert; unset (as in
/// `rule_cases.rs`), nothing is filtered.
#[test]
fn automation_principals_quiet_the_builtin_execution_rules() {
    let pipeline = "arn:aws:sts::111122223333:assumed-role/deploy/run-42";
    let person = "arn:aws:iam::111122223333:user/alice";
    let event = |arn: &str, name: &str, params: &str| {
        crate::common::ct(&format!(
            r#"{{"eventID":"e1","eventTime":"2026-11-01T10:00:00Z","eventSource":"{source}",
                "eventName":"{name}","sourceIPAddress":"203.0.113.10",
                "userIdentity":{{"type":"AssumedRole","arn":"{arn}"}},"requestParameters":{params}}}"#,
            source = if name == "SendCommand" {
                "ssm.amazonaws.com"
            } else {
                "ec2.amazonaws.com"
            },
        ))
    };
    let titles = |engine: &Engine, ev: &cloudward_detect::Event| -> Vec<String> {
        engine
            .process(ev)
            .iter()
            .map(|m| m.rule.title.clone())
            .collect()
    };
    let configured = Engine::builder()
        .placeholder(
            "automation_principals",
            vec!["arn:aws:sts::111122223333:assumed-role/deploy/*".into()],
        )
        .build()
        .expect("built-in rules build with placeholders");
    let unset = Engine::builder().build().expect("built-in rules build");
    for (name, params, title) in [
        (
            "SendCommand",
            r#"{"instanceIds":["i-1","i-2"],"documentName":"AWS-RunShellScript"}"#,
            "AWS SSM Command Sent to Several Instances in One Call",
        ),
        (
            "ModifyInstanceAttribute",
            r#"{"instanceId":"i-1","userData":"<sensitiveDataRemoved>"}"#,
            "AWS EC2 Instance User Data Modified",
        ),
    ] {
        let by_pipeline = event(pipeline, name, params);
        let by_person = event(person, name, params);
        assert!(
            !titles(&configured, &by_pipeline).iter().any(|t| t == title),
            "{title}"
        );
        assert!(
            titles(&configured, &by_person).iter().any(|t| t == title),
            "{title}"
        );
        assert!(
            titles(&unset, &by_pipeline).iter().any(|t| t == title),
            "{title}"
        );
    }
}

/// The catalogue page of the built-in rules, as `docs/detections.md` holds it.
fn detections_page(e: &Engine) -> String {
    let mut rules: Vec<_> = e.loaded().iter().collect();
    rules.sort_by(|a, b| (a.log, &a.title, &a.id).cmp(&(b.log, &b.title, &b.id)));
    let alerting = rules.iter().filter(|r| r.generate || r.correlation).count();
    let mut page = format!(
        "# Built-in detections\n\n\
         Generated from `crates/detect/rules/` by `crates/detect/tests/builtin.rs` \
         (`CLOUDWARD_UPDATE_DOCS=1 cargo test -p cloudward-detect --test detect -- detections_page` \
         rewrites it; the test fails when it is out of date). {} rules, {} of which raise alerts \
         (the others are base rules of a correlation). `cloudward detect --list-rules` prints \
         the same list with any rules of your own.\n\n\
         | Level | Log | Type | Title | ATT&CK | Stratus Red Team | Id |\n\
         |---|---|---|---|---|---|---|\n",
        rules.len(),
        alerting
    );
    for r in rules {
        let attack: Vec<String> = r
            .tags
            .iter()
            .filter_map(|t| t.strip_prefix("attack.t"))
            .map(|t| format!("T{}", t.to_ascii_uppercase()))
            .collect();
        let stratus: Vec<&str> = r
            .tags
            .iter()
            .filter_map(|t| t.strip_prefix("stratus.aws."))
            .collect();
        let kind = match (r.correlation, r.generate) {
            (true, _) => "correlation",
            (false, true) => "rule",
            (false, false) => "base rule",
        };
        page.push_str(&format!(
            "| {} | {} | {kind} | {} | {} | {} | `{}` |\n",
            r.level.as_str(),
            r.log.logsource(),
            r.title.replace('|', "\\|"),
            attack.join(", "),
            stratus.join(", "),
            r.id
        ));
    }
    page
}

#[test]
fn detections_page_lists_every_builtin_rule() {
    let e = Engine::builder().build().unwrap();
    let page = detections_page(&e);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/detections.md");
    if std::env::var_os("CLOUDWARD_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &page).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == page,
        "docs/detections.md is out of date: run CLOUDWARD_UPDATE_DOCS=1 cargo test -p cloudward-detect --test detect -- detections_page"
    );
}
