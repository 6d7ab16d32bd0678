//! The built-in rules with the organisation's settings: `%trusted_accounts%` takes trusted
//! accounts out of `cloudward.foreign_accounts`, `%automation_principals%` filters pipelines
//! (`rule_cases.rs` runs the rules with no placeholder set), and the derived fields a rule may
//! name.

use cloudward_detect::Engine;

use crate::common::ct;

const SNAPSHOT_RULE: &str = "AWS EBS Snapshot Shared With A Foreign Account";
const CODE_RULE: &str = "AWS Lambda Function Code Replaced Outside The Pipeline";
const DEPLOY: &str = "arn:aws:sts::111122223333:assumed-role/deploy/run-7";

fn engine() -> Engine {
    Engine::builder()
        .placeholder("trusted_accounts", vec!["444455556666".into()])
        .placeholder(
            "automation_principals",
            vec!["arn:aws:sts::111122223333:assumed-role/deploy/*".into()],
        )
        .build()
        .expect("built-in rules build")
}

fn fired(engine: &Engine, json: &str) -> Vec<String> {
    engine
        .process(&ct(json))
        .into_iter()
        .map(|m| m.rule.title.clone())
        .collect()
}

fn share(accounts: &[&str]) -> String {
    let items: Vec<String> = accounts
        .iter()
        .map(|a| format!(r#"{{"userId":"{a}"}}"#))
        .collect();
    format!(
        r#"{{"eventID":"s","eventTime":"2026-11-01T10:00:00Z","eventSource":"ec2.amazonaws.com",
            "eventName":"ModifySnapshotAttribute","recipientAccountId":"111122223333",
            "sourceIPAddress":"203.0.113.10","userIdentity":{{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"}},
            "requestParameters":{{"snapshotId":"snap-1","createVolumePermission":{{"add":{{"items":[{}]}}}}}}}}"#,
        items.join(",")
    )
}

#[test]
fn a_trusted_account_is_not_foreign_but_an_untrusted_one_beside_it_is() {
    let e = engine();
    assert!(!fired(&e, &share(&["444455556666"])).contains(&SNAPSHOT_RULE.to_owned()));
    assert!(fired(&e, &share(&["193672423079"])).contains(&SNAPSHOT_RULE.to_owned()));
    assert!(
        fired(&e, &share(&["444455556666", "193672423079"])).contains(&SNAPSHOT_RULE.to_owned())
    );
    // without the setting the same account is foreign
    let plain = Engine::builder().build().expect("build");
    assert!(fired(&plain, &share(&["444455556666"])).contains(&SNAPSHOT_RULE.to_owned()));
}

#[test]
fn the_pipeline_may_replace_function_code_a_person_may_not() {
    let e = engine();
    let call = |arn: &str| {
        format!(
            r#"{{"eventID":"c","eventTime":"2026-11-01T10:00:00Z","eventSource":"lambda.amazonaws.com",
                "eventName":"UpdateFunctionCode20150331v2","sourceIPAddress":"203.0.113.10",
                "userIdentity":{{"type":"AssumedRole","arn":"{arn}"}},"requestParameters":{{"functionName":"f"}}}}"#
        )
    };
    assert!(!fired(&e, &call(DEPLOY)).contains(&CODE_RULE.to_owned()));
    assert!(fired(
        &e,
        &call("arn:aws:sts::111122223333:assumed-role/dev/alice")
    )
    .contains(&CODE_RULE.to_owned()));
}

#[test]
fn a_rule_naming_an_unknown_derived_field_is_rejected() {
    let e = Engine::builder()
        .builtin(false)
        .rule_text(
            "t.yml",
            "title: t\nid: t1\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  s: {cloudward.policy_is_public: 'true'}\n  condition: s\n",
        )
        .build()
        .expect("build");
    assert_eq!(e.rejected().len(), 1);
    assert!(
        e.rejected()[0].reason.contains("not a derived field"),
        "{}",
        e.rejected()[0]
    );
}
