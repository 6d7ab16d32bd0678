//! `cloudward can` on a bundled snapshot (`tests/fixtures/policy-account.json`): alice is in
//! group `devs` (managed `ReadReports`), has a `DevBoundary` boundary, the `reports` bucket
//! denies deletes, role `deploy` trusts alice, an SCP on the OU denies `iam:CreateUser`.

use super::{cloudward, code, stdout};

const FIXTURE: &str = "tests/fixtures/policy-account.json";
const ALICE: &str = "arn:aws:iam::123456789012:user/alice";

fn can(args: &[&str]) -> std::process::Output {
    let mut all = vec!["can"];
    all.extend_from_slice(args);
    all.extend(["--inventory", FIXTURE]);
    cloudward(&all)
}

#[test]
fn an_allowed_request_names_its_statements() {
    let out = can(&[ALICE, "s3:GetObject", "arn:aws:s3:::reports/2026/q1.csv"]);
    assert_eq!(code(&out), 0, "{}", super::stderr(&out));
    insta::assert_snapshot!("can_allowed", stdout(&out));
}

#[test]
fn an_explicit_deny_exits_1_with_the_denying_statement() {
    let out = can(&[
        ALICE,
        "s3:DeleteObject",
        "arn:aws:s3:::reports/2026/q1.csv",
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(v["decision"]["verdict"], "explicit_deny");
    assert_eq!(v["decision"]["statements"][0]["sid"], "NoDeletes");
    insta::assert_snapshot!("can_denied_json", stdout(&out));
}

#[test]
fn the_boundary_gives_an_implicit_deny() {
    let out = can(&[ALICE, "iam:ListUsers", "*"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("DENIED (no policy allows it)"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("permissions boundary"));
}

#[test]
fn an_unknown_condition_key_exits_4_and_context_decides_it() {
    // The bucket `home` is in the fixture without a policy; `ReadReports` allows
    // dynamodb:GetItem only for team=data, which alice's tags say.
    let table = "arn:aws:dynamodb:us-east-1:123456789012:table/jobs";
    assert_eq!(code(&can(&[ALICE, "dynamodb:GetItem", table])), 0);
    let out = can(&[
        ALICE,
        "dynamodb:GetItem",
        table,
        "--context",
        "aws:PrincipalTag/team=ops",
    ]);
    assert_eq!(
        code(&out),
        1,
        "the caller's context overrides the derived tag"
    );
    let out = can(&[ALICE, "s3:GetObject", "arn:aws:s3:::not-in-inventory/x"]);
    assert_eq!(code(&out), 4, "{}", stdout(&out));
    assert!(stdout(&out).contains("UNKNOWN"));
}

#[test]
fn bad_arguments_are_usage_errors() {
    assert_eq!(code(&can(&[ALICE, "GetObject", "*"])), 2);
    assert_eq!(
        code(&can(&[ALICE, "s3:GetObject", "*", "--context", "novalue"])),
        2
    );
}
