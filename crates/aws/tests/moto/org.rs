//! Organization-wide collection against moto (issue 13): an organization of a management
//! account and six members in nested OUs, each member with its own `OrganizationAccountAccessRole`
//! and its own resources, all provisioned through the SDK with the member's assumed-role
//! credentials. moto then enforces IAM, and the scan runs as `org-admin`, a management-account
//! user whose policy denies `sts:AssumeRole` into one member: that account must come back as a
//! failure with AWS's reason, the others with their own resources and nothing of another's.
//!
//! moto maps assumed-role credentials to the account in the role ARN (see moto's
//! `multi_account` docs): the role need not exist for AssumeRole to succeed, but with IAM
//! enforced every later call is authorised by the role's policies, so each member's role is
//! created, as AWS Organizations does for the accounts it creates.

use std::collections::BTreeMap;
use std::sync::Arc;

use cloudward_aws::org::{AccountCollection, OrgOptions, Organization};
use cloudward_aws::{CollectOptions, NoProgress};
use cloudward_model::{ErrorKind, Inventory, ResourceKind, Status};

use crate::provision::must;
use crate::server::Moto;

const REGION: &str = "us-east-1";
/// The management account: moto's default account, which creates the organization.
const MANAGEMENT: &str = "123456789012";
const ROLE: &str = "OrganizationAccountAccessRole";
const ALLOW_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

/// The provisioned organization.
struct Org {
    root: String,
    prod: String,
    web: String,
    sandbox: String,
    /// Member account id by name.
    accounts: BTreeMap<&'static str, String>,
    /// `org-admin`'s access key.
    key: (String, String),
}

impl Org {
    fn id(&self, name: &str) -> String {
        self.accounts[name].clone()
    }
}

/// Credentials in `account`, through moto's STS (before IAM is enforced).
async fn member_config(moto: &Moto, account: &str) -> aws_config::SdkConfig {
    let sts = aws_sdk_sts::Client::new(&moto.sdk_config(REGION).await);
    let assumed = must(
        sts.assume_role()
            .role_arn(format!("arn:aws:iam::{account}:role/{ROLE}"))
            .role_session_name("provision")
            .send()
            .await,
        "sts:AssumeRole",
    );
    let c = assumed
        .credentials()
        .expect("AssumeRole returns credentials");
    moto.sdk_config_as(REGION, c.access_key_id(), c.secret_access_key())
        .await
}

async fn provision(moto: &Moto) -> Org {
    let config = moto.sdk_config(REGION).await;
    let orgs = aws_sdk_organizations::Client::new(&config);
    must(
        orgs.create_organization()
            .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
            .send()
            .await,
        "organizations:CreateOrganization",
    );
    let roots = must(orgs.list_roots().send().await, "organizations:ListRoots");
    let root = roots.roots()[0].id().expect("a root id").to_string();
    let ou = |parent: String, name: &'static str| {
        let orgs = orgs.clone();
        async move {
            let out = must(
                orgs.create_organizational_unit()
                    .parent_id(parent)
                    .name(name)
                    .send()
                    .await,
                "organizations:CreateOrganizationalUnit",
            );
            out.organizational_unit()
                .and_then(|o| o.id())
                .expect("an OU id")
                .to_string()
        }
    };
    let prod = ou(root.clone(), "Prod").await;
    let web = ou(prod.clone(), "Web").await;
    let sandbox = ou(root.clone(), "Sandbox").await;

    // name, where it goes
    let layout = [
        ("public-bucket", Some(&prod)),
        ("quiet", Some(&prod)),
        ("plain-volume", Some(&web)),
        ("sandbox", Some(&sandbox)),
        ("at-root", None),
        ("denied", None),
    ];
    let mut accounts = BTreeMap::new();
    for (name, parent) in layout {
        let created = must(
            orgs.create_account()
                .account_name(name)
                .email(format!("{name}@example.com"))
                .send()
                .await,
            "organizations:CreateAccount",
        );
        let id = created
            .create_account_status()
            .and_then(|s| s.account_id())
            .expect("moto creates the account at once")
            .to_string();
        if let Some(parent) = parent {
            must(
                orgs.move_account()
                    .account_id(&id)
                    .source_parent_id(&root)
                    .destination_parent_id(parent.as_str())
                    .send()
                    .await,
                "organizations:MoveAccount",
            );
        }
        // The role AWS Organizations creates in each new account (moto creates it too), with
        // a policy, which moto's IAM enforcement authorises the scan's calls by.
        let member = member_config(moto, &id).await;
        let iam = aws_sdk_iam::Client::new(&member);
        if iam.get_role().role_name(ROLE).send().await.is_err() {
            must(
                iam.create_role()
                    .role_name(ROLE)
                    .assume_role_policy_document(format!(
                        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{MANAGEMENT}:root"}},"Action":"sts:AssumeRole"}}]}}"#
                    ))
                    .send()
                    .await,
                "iam:CreateRole",
            );
        }
        must(
            iam.put_role_policy()
                .role_name(ROLE)
                .policy_name("admin")
                .policy_document(ALLOW_ALL)
                .send()
                .await,
            "iam:PutRolePolicy",
        );
        match name {
            "public-bucket" => {
                let s3 = cloudward_aws::s3_client(&member);
                must(
                    s3.create_bucket().bucket("org-public-bucket").send().await,
                    "s3:CreateBucket",
                );
                must(
                    s3.put_bucket_acl()
                        .bucket("org-public-bucket")
                        .acl(aws_sdk_s3::types::BucketCannedAcl::PublicRead)
                        .send()
                        .await,
                    "s3:PutBucketAcl",
                );
            }
            "plain-volume" => {
                let ec2 = aws_sdk_ec2::Client::new(&member);
                must(
                    ec2.create_volume()
                        .availability_zone("us-east-1a")
                        .size(8)
                        .encrypted(false)
                        .send()
                        .await,
                    "ec2:CreateVolume",
                );
            }
            _ => {}
        }
        accounts.insert(name, id);
    }

    // The scanner: a management-account user allowed everything but the role in `denied`.
    let iam = aws_sdk_iam::Client::new(&config);
    must(
        iam.create_user().user_name("org-admin").send().await,
        "iam:CreateUser",
    );
    let denied = &accounts["denied"];
    must(
        iam.put_user_policy()
            .user_name("org-admin")
            .policy_name("scan")
            .policy_document(
                serde_json::json!({
                    "Version": "2012-10-17",
                    "Statement": [
                        { "Effect": "Allow", "Action": "*", "Resource": "*" },
                        {
                            "Effect": "Deny",
                            "Action": "sts:AssumeRole",
                            "Resource": format!("arn:aws:iam::{denied}:role/{ROLE}")
                        }
                    ]
                })
                .to_string(),
            )
            .send()
            .await,
        "iam:PutUserPolicy",
    );
    let key = must(
        iam.create_access_key().user_name("org-admin").send().await,
        "iam:CreateAccessKey",
    );
    let key = key.access_key().expect("CreateAccessKey returns the key");
    Org {
        root,
        prod,
        web,
        sandbox,
        accounts,
        key: (
            key.access_key_id().to_string(),
            key.secret_access_key().to_string(),
        ),
    }
}

fn options(moto: &Moto) -> CollectOptions {
    CollectOptions {
        endpoint_url: Some(moto.endpoint()),
        regions: vec![REGION.into()],
        services: Some(vec!["s3".into(), "ec2".into()]),
        concurrency: 8,
        ..Default::default()
    }
}

/// Open the organization as `org-admin` and collect it; results by account id.
async fn collect(
    moto: &Moto,
    org: &Org,
    filters: OrgOptions,
) -> (
    cloudward_aws::org::Roster,
    BTreeMap<String, AccountCollection>,
) {
    let base = moto.sdk_config_as(REGION, &org.key.0, &org.key.1).await;
    let options = options(moto);
    let organization = Organization::open_with(base, &options, &filters)
        .await
        .expect("org-admin lists the organization");
    let mut done = BTreeMap::new();
    organization
        .collect_each(&options, &filters, Arc::new(NoProgress), |account| {
            assert!(
                done.insert(account.member.id.clone(), account).is_none(),
                "an account was handed out twice"
            );
        })
        .await;
    (organization.roster().clone(), done)
}

fn inventory<'a>(done: &'a BTreeMap<String, AccountCollection>, id: &str) -> &'a Inventory {
    match &done[id].outcome {
        Ok(inventory) => inventory,
        Err(failure) => panic!("account {id} was not collected: {failure:?}"),
    }
}

fn count(inventory: &Inventory, kind: ResourceKind) -> usize {
    inventory.of_kind(kind).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organization_is_collected_account_by_account_with_the_denied_one_reported() {
    let moto = Moto::start();
    let org = provision(&moto).await;
    moto.enforce_iam().await;
    moto.start_recording().await;
    let (roster, done) = collect(&moto, &org, OrgOptions::default()).await;
    let recording = moto.stop_recording().await;

    // Every active account: the six members and the management account itself.
    assert_eq!(roster.caller_account, MANAGEMENT);
    assert_eq!(roster.management_account, MANAGEMENT);
    assert_eq!(roster.listed, 7);
    assert_eq!(roster.members.len(), 7, "{:#?}", roster.members);
    assert_eq!(done.len(), 7);
    let paths: BTreeMap<&str, &str> = roster
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.ou_path.as_str()))
        .collect();
    assert_eq!(paths["public-bucket"], "Root/Prod");
    assert_eq!(paths["plain-volume"], "Root/Prod/Web");
    assert_eq!(paths["sandbox"], "Root/Sandbox");
    assert_eq!(paths["at-root"], "Root");
    let web = roster
        .members
        .iter()
        .find(|m| m.name == "plain-volume")
        .expect("listed");
    assert_eq!(
        web.parents,
        [org.root.clone(), org.prod.clone(), org.web.clone()]
    );

    // The denied account: a failure of AssumeRole, with AWS's reason; never silence.
    let denied = &done[&org.id("denied")];
    let failure = denied.outcome.as_ref().expect_err("AssumeRole is denied");
    assert_eq!((failure.service, failure.api), ("sts", "AssumeRole"));
    assert_eq!(failure.kind, ErrorKind::AccessDenied, "{failure:?}");
    assert!(
        failure
            .message
            .contains(&format!("arn:aws:iam::{}:role/{ROLE}", org.id("denied"))),
        "{}",
        failure.message
    );
    let unknown = failure.inventory(&denied.member);
    let (findings, _) = crate::support::verdicts(&unknown);
    assert!(!findings.is_empty());
    assert!(findings
        .iter()
        .all(|f| f.status == Status::Unknown
            && f.account.as_deref() == Some(org.id("denied").as_str())));

    // Every other account under its own id, with its own resources only.
    for (name, id) in &org.accounts {
        if *name == "denied" {
            continue;
        }
        let inv = inventory(&done, id);
        assert_eq!(inv.account_id.as_deref(), Some(id.as_str()));
        assert!(inv
            .resources
            .iter()
            .all(|r| r.account.as_deref() == Some(id)));
        let buckets = count(inv, ResourceKind::S3Bucket);
        assert_eq!(buckets, usize::from(*name == "public-bucket"), "{name}");
        let volumes = count(inv, ResourceKind::Ec2Volume);
        assert_eq!(volumes, usize::from(*name == "plain-volume"), "{name}");
    }
    let management = inventory(&done, MANAGEMENT);
    assert_eq!(count(management, ResourceKind::S3Bucket), 0);

    // Judged per account: the public bucket fails in its account, the volume in its own.
    let (findings, _) = crate::support::verdicts(inventory(&done, &org.id("public-bucket")));
    assert!(findings
        .iter()
        .any(|f| f.rule_id == "s3-bucket-acl-not-public"
            && f.status == Status::Fail
            && f.account.as_deref() == Some(org.id("public-bucket").as_str())));
    let (findings, _) = crate::support::verdicts(inventory(&done, &org.id("plain-volume")));
    assert!(findings
        .iter()
        .any(|f| f.rule_id == "ebs-volume-encrypted" && f.status == Status::Fail));

    // Read-only: listing, assuming and collecting made no mutating call.
    let calls = crate::readonly::parse(&recording);
    let assumed = calls
        .iter()
        .filter(|c| c.service == "sts" && c.action == "AssumeRole")
        .count();
    // One per member account (six, the denied one included), none for the management
    // account, which is collected with the caller's own credentials.
    assert_eq!(assumed, 6, "{calls:#?}");
    let mutating: Vec<String> = calls
        .iter()
        .filter(|c| !(c.service == "sts" && c.action == "AssumeRole"))
        .filter(|c| !crate::readonly::is_read_only(c))
        .map(|c| format!("{}:{} {}", c.service, c.action, c.url))
        .collect();
    assert!(mutating.is_empty(), "mutating calls: {mutating:#?}");
    // And every call is in the registry, so `cloudward permissions --org` allows it.
    let undeclared: Vec<String> = calls
        .iter()
        .map(crate::readonly::operation)
        .filter(|(prefix, op)| {
            let org_api = cloudward_aws::registry::ORG_APIS
                .iter()
                .any(|a| a.operation == op && a.action.split(':').next() == Some(prefix));
            !org_api && !crate::readonly::declared(prefix, op)
        })
        .map(|(prefix, op)| format!("{prefix}:{op}"))
        .collect();
    assert!(undeclared.is_empty(), "undeclared calls: {undeclared:?}");
    assert!(calls
        .iter()
        .any(|c| c.service == "organizations" && c.action == "ListAccounts"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_choose_accounts_by_ou_with_children_by_id_and_by_exclusion() {
    let moto = Moto::start();
    let org = provision(&moto).await;
    moto.enforce_iam().await;
    let ids = |roster: &cloudward_aws::org::Roster| -> Vec<String> {
        roster.members.iter().map(|m| m.id.clone()).collect()
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };

    // --ou Prod: its accounts and those of Web below it.
    let (roster, done) = collect(
        &moto,
        &org,
        OrgOptions {
            ous: vec![org.prod.clone()],
            ..OrgOptions::default()
        },
    )
    .await;
    assert_eq!(
        ids(&roster),
        sorted(vec![
            org.id("public-bucket"),
            org.id("quiet"),
            org.id("plain-volume")
        ])
    );
    assert!(done.values().all(|a| a.outcome.is_ok()));

    // --ou Prod --exclude-accounts quiet, and --ou Sandbox beside it.
    let (roster, _) = collect(
        &moto,
        &org,
        OrgOptions {
            ous: vec![org.prod.clone(), org.sandbox.clone()],
            exclude_accounts: vec![org.id("quiet")],
            ..OrgOptions::default()
        },
    )
    .await;
    assert_eq!(
        ids(&roster),
        sorted(vec![
            org.id("public-bucket"),
            org.id("plain-volume"),
            org.id("sandbox")
        ])
    );

    // --accounts: an account that is not in the organization is reported, not dropped.
    let stranger = "999999999999".to_string();
    let (roster, done) = collect(
        &moto,
        &org,
        OrgOptions {
            accounts: vec![org.id("at-root"), stranger.clone()],
            ..OrgOptions::default()
        },
    )
    .await;
    assert_eq!(
        ids(&roster),
        sorted(vec![org.id("at-root"), stranger.clone()])
    );
    assert!(done[&org.id("at-root")].outcome.is_ok());
    let failure = done[&stranger].outcome.as_ref().expect_err("not a member");
    assert!(
        failure
            .message
            .contains("is not an account of organization"),
        "{}",
        failure.message
    );

    // An OU that does not exist is an error, not an empty scan.
    let base = moto.sdk_config_as(REGION, &org.key.0, &org.key.1).await;
    let err = Organization::open_with(
        base,
        &options(&moto),
        &OrgOptions {
            ous: vec!["ou-zzzz-nothere1".into()],
            ..OrgOptions::default()
        },
    )
    .await
    .err()
    .expect("an unknown OU is refused");
    assert!(err.to_string().contains("ou-zzzz-nothere1"), "{err}");
}
