//! Privilege-escalation paths over a live collection (issue 13, part 3): users provisioned in
//! moto through the SDK, one with `iam:PassRole` + `ec2:RunInstances` and an administrator
//! role EC2 may assume, one that may rewrite its own customer managed policy, one that only
//! reads, and a role with the same launch rights cut off by a permissions boundary. The scan
//! (`iam-no-privilege-escalation-path`) finds exactly the two open paths.

use cloudward_model::Status;

use crate::provision::must;
use crate::server::{Moto, ACCOUNT_ID};

const LAUNCH: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Launch","Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"*"}]}"#;
const SELF_SERVICE: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Versions","Effect":"Allow","Action":["iam:CreatePolicyVersion","s3:ListAllMyBuckets"],"Resource":"*"}]}"#;
const READ: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
const ADMIN: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
const EC2_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

async fn provision(moto: &Moto) {
    let config = moto.sdk_config("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&config);
    let arn = |name: &str| format!("arn:aws:iam::{ACCOUNT_ID}:policy/{name}");
    for (name, doc) in [
        ("Admin", ADMIN),
        ("SelfService", SELF_SERVICE),
        ("ReadOnlyBoundary", READ),
    ] {
        must(
            iam.create_policy()
                .policy_name(name)
                .policy_document(doc)
                .send()
                .await,
            "iam:CreatePolicy",
        );
    }
    must(
        iam.create_role()
            .role_name("ec2-admin")
            .assume_role_policy_document(EC2_TRUST)
            .send()
            .await,
        "iam:CreateRole",
    );
    must(
        iam.attach_role_policy()
            .role_name("ec2-admin")
            .policy_arn(arn("Admin"))
            .send()
            .await,
        "iam:AttachRolePolicy",
    );
    must(
        iam.create_user().user_name("launcher").send().await,
        "iam:CreateUser",
    );
    must(
        iam.put_user_policy()
            .user_name("launcher")
            .policy_name("launch")
            .policy_document(LAUNCH)
            .send()
            .await,
        "iam:PutUserPolicy",
    );
    // moto keeps permissions boundaries of roles only (CreateUser ignores the parameter), so
    // the bounded principal is a role.
    must(
        iam.create_role()
            .role_name("bounded")
            .assume_role_policy_document(EC2_TRUST)
            .permissions_boundary(arn("ReadOnlyBoundary"))
            .send()
            .await,
        "iam:CreateRole",
    );
    must(
        iam.put_role_policy()
            .role_name("bounded")
            .policy_name("launch")
            .policy_document(LAUNCH)
            .send()
            .await,
        "iam:PutRolePolicy",
    );
    must(
        iam.create_user().user_name("ci").send().await,
        "iam:CreateUser",
    );
    must(
        iam.attach_user_policy()
            .user_name("ci")
            .policy_arn(arn("SelfService"))
            .send()
            .await,
        "iam:AttachUserPolicy",
    );
    must(
        iam.create_user().user_name("reader").send().await,
        "iam:CreateUser",
    );
    must(
        iam.put_user_policy()
            .user_name("reader")
            .policy_name("read")
            .policy_document(READ)
            .send()
            .await,
        "iam:PutUserPolicy",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scan_finds_the_open_escalation_paths_of_a_live_account() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory =
        crate::support::collect_services(&moto, &["us-east-1"], &["iam", "organizations"]).await;
    let rule = cloudward_rules::find("iam-no-privilege-escalation-path").expect("in the catalogue");
    let findings = cloudward_rules::engine::evaluate(&inventory, &[rule]);
    let of = |name: &str| {
        findings
            .iter()
            .find(|f| f.resource_name == name)
            .unwrap_or_else(|| panic!("no finding for {name}: {findings:#?}"))
    };

    let launcher = of("launcher");
    assert_eq!(launcher.status, Status::Fail, "{}", launcher.message);
    assert!(
        launcher.message.contains("ec2-run-instances-pass-role"),
        "{}",
        launcher.message
    );
    assert!(
        launcher.message.contains("role/ec2-admin"),
        "{}",
        launcher.message
    );
    assert!(
        launcher.message.contains("Sid \"Launch\""),
        "{}",
        launcher.message
    );

    let ci = of("ci");
    assert_eq!(ci.status, Status::Fail, "{}", ci.message);
    assert!(
        ci.message.contains("iam-create-policy-version"),
        "{}",
        ci.message
    );
    assert!(ci.message.contains("policy/SelfService"), "{}", ci.message);

    for name in ["bounded", "reader", "ec2-admin"] {
        let f = of(name);
        assert_eq!(f.status, Status::Pass, "{name}: {}", f.message);
    }
}
