//! Each toxic combination: a fixture that has it and one that does not.

use cloudward_graph::{build, find, ToxicFinding, PROFILE_BY_NAME};
use cloudward_model::s3::PublicAccessBlock;
use cloudward_model::{Attributes, Inventory, Status, Value};
use serde_json::json;

use crate::fixture::*;

fn found(inv: &Inventory, id: &str) -> Vec<ToxicFinding> {
    let evaluator = cloudward_policy::Evaluator::new(inv);
    let graph = build(inv, &evaluator);
    find(&graph, &evaluator)
        .findings
        .into_iter()
        .filter(|f| f.combination == id)
        .collect()
}

const ADMIN_INSTANCE: &str = "toxic-internet-instance-admin-role";
const IMDS: &str = "toxic-internet-instance-imdsv1-sensitive-bucket";
const PUBLIC_BUCKET: &str = "toxic-public-bucket-read-write";
const FUNCTION_URL: &str = "toxic-public-function-url-iam-write";
const CROSS_ACCOUNT: &str = "toxic-cross-account-trust-no-external-id-admin-role";

#[test]
fn internet_instance_with_admin_role_is_found_unverified_through_the_profile() {
    let f = found(&web("required", ADMIN()), ADMIN_INSTANCE);
    assert_eq!(f.len(), 1, "{f:?}");
    // The instance profile's roles are not collected: possible, never certain.
    assert_eq!(f[0].status, Status::Unknown);
    assert!(
        f[0].unverified.iter().any(|u| u.contains(PROFILE_BY_NAME)),
        "{f:?}"
    );
    assert!(
        f[0].evidence
            .iter()
            .any(|e| e.contains("sg-web ingress[0] tcp 443 from 0.0.0.0/0")),
        "{f:?}"
    );
    assert!(
        f[0].evidence
            .iter()
            .any(|e| e.contains("role app is administrator-equivalent")),
        "{f:?}"
    );
    assert_eq!(f[0].path.as_ref().map(|p| p.nodes.len()), Some(3));
}

#[test]
fn internet_instance_with_a_narrow_role_or_closed_group_is_not() {
    assert!(found(&web("required", READ_DATA()), ADMIN_INSTANCE).is_empty());
    let mut resources = instance("required", Value::Known(vec![]));
    resources.push(role("app", ADMIN(), service_trust("ec2.amazonaws.com")));
    assert!(found(&inventory(resources), ADMIN_INSTANCE).is_empty());
}

#[test]
fn unreadable_security_group_makes_the_path_possible_with_the_reason() {
    let mut resources = instance(
        "required",
        Value::unknown("AccessDenied on DescribeSecurityGroups"),
    );
    resources.push(role("app", ADMIN(), service_trust("ec2.amazonaws.com")));
    let f = found(&inventory(resources), ADMIN_INSTANCE);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].status, Status::Unknown);
    assert!(
        f[0].unverified
            .iter()
            .any(|u| u.contains("AccessDenied on DescribeSecurityGroups")),
        "{f:?}"
    );
}

#[test]
fn imdsv1_instance_whose_role_reads_a_sensitive_bucket_is_found() {
    let f = found(&web("optional", READ_DATA()), IMDS);
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].evidence.iter().any(|e| e.contains("IMDSv1")), "{f:?}");
    assert!(
        f[0].evidence.iter().any(|e| e.contains("s3:GetObject")),
        "{f:?}"
    );
    assert_eq!(f[0].path.as_ref().map(|p| p.nodes.len()), Some(4));
}

#[test]
fn imdsv2_or_a_public_bucket_or_no_read_is_not() {
    assert!(found(&web("required", READ_DATA()), IMDS).is_empty());
    let mut tagged = web("optional", READ_DATA());
    for r in &mut tagged.resources {
        if r.name == "data" {
            r.tags.insert("data-classification".into(), "public".into());
        }
    }
    assert!(found(&tagged, IMDS).is_empty());
    let other =
        json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::other/*"});
    assert!(found(&web("optional", other), IMDS).is_empty());
}

fn public_bucket(actions: &[&str]) -> Inventory {
    let statement = json!({"Effect": "Allow", "Principal": "*", "Action": actions, "Resource": "arn:aws:s3:::site/*"});
    inventory(vec![bucket("site", Some(statement))])
}

#[test]
fn bucket_anyone_reads_and_writes_fails() {
    let f = found(
        &public_bucket(&["s3:GetObject", "s3:PutObject"]),
        PUBLIC_BUCKET,
    );
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].status, Status::Fail);
    assert!(
        f[0].evidence[1].contains("bucket policy gives anyone s3:PutObject"),
        "{f:?}"
    );
}

#[test]
fn bucket_read_only_or_blocked_is_not() {
    assert!(found(&public_bucket(&["s3:GetObject"]), PUBLIC_BUCKET).is_empty());
    let mut blocked = public_bucket(&["s3:GetObject", "s3:PutObject"]);
    for r in &mut blocked.resources {
        if let Attributes::S3Bucket(b) = &mut r.attributes {
            b.public_access_block = Value::Known(Some(PublicAccessBlock {
                block_public_acls: true,
                ignore_public_acls: true,
                block_public_policy: true,
                restrict_public_buckets: true,
            }));
        }
    }
    assert!(found(&blocked, PUBLIC_BUCKET).is_empty());
}

#[test]
fn open_function_url_whose_role_writes_iam_fails() {
    let inv = inventory(vec![
        function("NONE", "fn"),
        role("fn", IAM_WRITE(), service_trust("lambda.amazonaws.com")),
    ]);
    let f = found(&inv, FUNCTION_URL);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].status, Status::Fail);
    assert!(
        f[0].evidence
            .iter()
            .any(|e| e.contains("iam:AttachRolePolicy")),
        "{f:?}"
    );
}

#[test]
fn authenticated_function_url_or_read_only_role_is_not() {
    let inv = inventory(vec![
        function("AWS_IAM", "fn"),
        role("fn", IAM_WRITE(), service_trust("lambda.amazonaws.com")),
    ]);
    assert!(found(&inv, FUNCTION_URL).is_empty());
    let inv = inventory(vec![
        function("NONE", "fn"),
        role("fn", READ_DATA(), service_trust("lambda.amazonaws.com")),
    ]);
    assert!(found(&inv, FUNCTION_URL).is_empty());
}

fn vendor(condition: Option<serde_json::Value>, statement: serde_json::Value) -> Inventory {
    let mut trust = json!({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}});
    if let Some(c) = condition {
        trust["Condition"] = c;
    }
    inventory(vec![role("vendor", statement, trust)])
}

#[test]
fn admin_role_assumable_from_another_account_without_external_id_fails() {
    let f = found(&vendor(None, ADMIN()), CROSS_ACCOUNT);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].status, Status::Fail);
    assert!(
        f[0].evidence[0].contains("account 444455556666 can assume it"),
        "{f:?}"
    );
}

#[test]
fn external_id_or_a_narrow_role_is_not() {
    let guarded = Some(json!({"StringEquals": {"sts:ExternalId": "s3cr3t"}}));
    assert!(found(&vendor(guarded, ADMIN()), CROSS_ACCOUNT).is_empty());
    assert!(found(&vendor(None, READ_DATA()), CROSS_ACCOUNT).is_empty());
}

/// The fixture's role `app` with its instance profiles known.
fn with_profiles(inv: &mut Inventory, profiles: Vec<String>) {
    for r in &mut inv.resources {
        if let Attributes::IamRole(role) = &mut r.attributes {
            role.instance_profiles = Value::Known(profiles.clone());
        }
    }
}

#[test]
fn a_role_known_to_be_in_the_instance_profile_makes_the_combination_certain() {
    let mut inv = web("required", ADMIN());
    with_profiles(
        &mut inv,
        vec![format!(
            "arn:aws:iam::{}:instance-profile/app",
            cloudward_model::test_support::TEST_ACCOUNT
        )],
    );
    let f = found(&inv, ADMIN_INSTANCE);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].status, Status::Fail, "{f:?}");
    assert!(f[0].unverified.is_empty(), "{f:?}");
}

#[test]
fn a_profile_known_to_hold_no_role_of_the_inventory_is_no_combination() {
    // The role is named like the profile, but its own list says it is in another one.
    let mut inv = web("required", ADMIN());
    with_profiles(
        &mut inv,
        vec!["arn:aws:iam::123456789012:instance-profile/other".into()],
    );
    assert!(found(&inv, ADMIN_INSTANCE).is_empty());
}
