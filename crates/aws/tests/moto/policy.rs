//! The policy evaluator over a live collection (issue 13): an IAM user in a group with a
//! managed policy and an inline one, a role with a permissions boundary, an S3 bucket whose
//! policy denies deletes, all provisioned through the SDK; collected from moto, then asked
//! through `cloudward_policy::Evaluator`, as `cloudward can` does.

use cloudward_policy::{Context, Evaluator, PolicyKind, Request, Verdict};

use crate::provision::must;
use crate::server::{Moto, ACCOUNT_ID};

const READ: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"ReadReports","Effect":"Allow","Action":["s3:GetObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::cw-policy-reports/*"}]}"#;
const HOME: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::cw-policy-reports/home/${aws:username}/*"}]}"#;
const BOUNDARY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
const ADMIN: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
const BUCKET_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoDeletes","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::cw-policy-reports/*"}]}"#;

async fn provision(moto: &Moto) {
    let config = moto.sdk_config("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&config);
    let s3 = aws_sdk_s3::Client::new(&config);
    let policy = |name: &'static str, doc: &'static str| {
        let iam = iam.clone();
        async move {
            must(
                iam.create_policy()
                    .policy_name(name)
                    .policy_document(doc)
                    .send()
                    .await,
                "iam:CreatePolicy",
            )
        }
    };
    policy("ReadReports", READ).await;
    policy("S3ReadBoundary", BOUNDARY).await;
    policy("Admin", ADMIN).await;
    let arn = |name: &str| format!("arn:aws:iam::{ACCOUNT_ID}:policy/{name}");
    must(
        iam.create_group().group_name("analysts").send().await,
        "iam:CreateGroup",
    );
    must(
        iam.attach_group_policy()
            .group_name("analysts")
            .policy_arn(arn("ReadReports"))
            .send()
            .await,
        "iam:AttachGroupPolicy",
    );
    must(
        iam.create_user().user_name("alice").send().await,
        "iam:CreateUser",
    );
    must(
        iam.add_user_to_group()
            .group_name("analysts")
            .user_name("alice")
            .send()
            .await,
        "iam:AddUserToGroup",
    );
    must(
        iam.put_user_policy()
            .user_name("alice")
            .policy_name("home")
            .policy_document(HOME)
            .send()
            .await,
        "iam:PutUserPolicy",
    );
    must(
        iam.create_role()
            .role_name("worker")
            .assume_role_policy_document(TRUST)
            .permissions_boundary(arn("S3ReadBoundary"))
            .send()
            .await,
        "iam:CreateRole",
    );
    must(
        iam.attach_role_policy()
            .role_name("worker")
            .policy_arn(arn("Admin"))
            .send()
            .await,
        "iam:AttachRolePolicy",
    );
    must(
        s3.create_bucket().bucket("cw-policy-reports").send().await,
        "s3:CreateBucket",
    );
    must(
        s3.put_bucket_policy()
            .bucket("cw-policy-reports")
            .policy(BUCKET_POLICY)
            .send()
            .await,
        "s3:PutBucketPolicy",
    );
}

fn ask(
    evaluator: &Evaluator<'_>,
    principal: &str,
    action: &str,
    resource: &str,
) -> cloudward_policy::Decision {
    let mut context = Context::new();
    // Absent in these requests; organizations is not collected here, so the SCP chain is
    // unknown unless the account is said to be outside an organization (see below).
    context.set_absent("aws:SourceVpce");
    evaluator.evaluate(&Request {
        principal: principal.into(),
        action: action.into(),
        resource: resource.into(),
        context,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_evaluator_answers_from_a_live_collection() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory =
        crate::support::collect_services(&moto, &["us-east-1"], &["iam", "s3", "organizations"])
            .await;
    let evaluator = Evaluator::new(&inventory);
    let alice = format!("arn:aws:iam::{ACCOUNT_ID}:user/alice");
    let worker = format!("arn:aws:iam::{ACCOUNT_ID}:role/worker");
    let object = "arn:aws:s3:::cw-policy-reports/q1.csv";

    // The group's managed policy allows reading; moto's account is in no organization.
    let read = ask(&evaluator, &alice, "s3:GetObject", object);
    assert_eq!(read.verdict, Verdict::Allow, "{read:#?}");
    assert!(read
        .statements
        .iter()
        .any(|s| s.sid.as_deref() == Some("ReadReports")));

    // The bucket policy's deny wins over the same grant.
    let delete = ask(&evaluator, &alice, "s3:DeleteObject", object);
    assert_eq!(delete.verdict, Verdict::ExplicitDeny, "{delete:#?}");
    assert_eq!(delete.statements[0].policy.kind, PolicyKind::Resource);
    assert_eq!(delete.statements[0].sid.as_deref(), Some("NoDeletes"));

    // The inline policy's ${aws:username} resolves to alice.
    let home = ask(
        &evaluator,
        &alice,
        "s3:PutObject",
        "arn:aws:s3:::cw-policy-reports/home/alice/a",
    );
    assert_eq!(home.verdict, Verdict::Allow, "{home:#?}");
    let other = ask(
        &evaluator,
        &alice,
        "s3:PutObject",
        "arn:aws:s3:::cw-policy-reports/home/bob/a",
    );
    assert_eq!(other.verdict, Verdict::ImplicitDeny, "{other:#?}");

    // The role's boundary (collected from GetAccountAuthorizationDetails) cuts Admin down
    // to s3:GetObject.
    let role_read = ask(&evaluator, &worker, "s3:GetObject", object);
    assert_eq!(role_read.verdict, Verdict::Allow, "{role_read:#?}");
    let role_iam = ask(&evaluator, &worker, "iam:CreateUser", "*");
    assert_eq!(role_iam.verdict, Verdict::ImplicitDeny, "{role_iam:#?}");
    assert!(
        role_iam.reasons.iter().any(|r| r.contains("boundary")),
        "{role_iam:#?}"
    );
}

const NO_READS: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoReports","Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}"#;

/// An organization whose root carries `FullAWSAccess` and an SCP denying reads: the collector
/// reads the SCP texts (`DescribePolicy`) and the account's path (`ListParents`). Moto's
/// scanned account is the management account, which SCPs do not restrict; read as a member
/// (the same data with another management account) the SCP denies.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scps_collected_live_are_evaluated_on_the_account_path() {
    let moto = Moto::start();
    provision(&moto).await;
    let (_, root) = crate::provision::organization_with_scp(
        &moto,
        "no-reads",
        "deny reading objects",
        NO_READS,
    )
    .await;

    let mut inventory =
        crate::support::collect_services(&moto, &["us-east-1"], &["iam", "s3", "organizations"])
            .await;
    let organization = inventory
        .resources
        .iter()
        .find_map(|r| r.as_organizations_organization())
        .expect("the organization is collected");
    assert_eq!(
        organization.parent_path,
        cloudward_model::Value::Known(vec![root.clone()])
    );
    let scps = organization.scps.known().expect("SCPs listed");
    assert!(scps.iter().all(|s| s.document.is_known()), "{scps:#?}");

    let alice = format!("arn:aws:iam::{ACCOUNT_ID}:user/alice");
    let object = "arn:aws:s3:::cw-policy-reports/q1.csv";
    let as_management = ask(&Evaluator::new(&inventory), &alice, "s3:GetObject", object);
    assert_eq!(as_management.verdict, Verdict::Allow, "{as_management:#?}");

    for r in &mut inventory.resources {
        if let cloudward_model::Attributes::OrganizationsOrganization(o) = &mut r.attributes {
            if let cloudward_model::Value::Known(Some(m)) = &mut o.membership {
                m.management_account_id = "999999999999".into();
            }
        }
    }
    let as_member = ask(&Evaluator::new(&inventory), &alice, "s3:GetObject", object);
    assert_eq!(as_member.verdict, Verdict::ExplicitDeny, "{as_member:#?}");
    assert_eq!(
        as_member.statements[0].policy.kind,
        PolicyKind::ServiceControl
    );
    assert_eq!(as_member.statements[0].sid.as_deref(), Some("NoReports"));
}
