//! Provisioning through the Rust SDK: an insecure account and its secure counterpart, each over
//! two regions, shaped like the accounts cloudward meets in practice.
//!
//! Both postures build the same skeleton (users, buckets, a VPC with an instance, a trail,
//! detective services) so that every rule sees a Fail in one and a Pass in the other. The
//! regional toggles (EBS default encryption, Config, GuardDuty, Security Hub) are on in one
//! region only in the insecure account, so per-region rules are exercised both ways in it.
//!
//! Emulator quirks handled here (see `/work/shared/reference/moto.md`):
//! - moto runs without its default AMIs; it does not validate image ids either, so
//!   instances use a well-formed id that is registered nowhere (registering one would add an
//!   AMI backing snapshot to the account, which the expectations would then have to carry);
//! - instances are launched with `SubnetId` + `SecurityGroupIds` (not `NetworkInterfaces`),
//!   else moto leaves the instance's security groups empty;
//! - KMS is not provisioned (cloudward-aws does not depend on the KMS SDK): key ARNs are
//!   well-formed but moto does not check that they exist;
//! - S3 and S3 Control clients come from `cloudward_aws::{s3_client, s3control_client}`, the
//!   same path-style and host-prefix fixes the collectors use.

use std::collections::BTreeMap;

use aws_sdk_ec2::types as ec2t;
use aws_sdk_s3::types as s3t;
use aws_smithy_types::error::display::DisplayErrorContext;

use crate::server::{Moto, ACCOUNT_ID};

/// The region most resources live in.
pub const PRIMARY: &str = "us-east-1";
/// The second region.
pub const SECONDARY: &str = "eu-west-1";
/// Both regions, in collection order.
pub const REGIONS: [&str; 2] = [PRIMARY, SECONDARY];
/// A well-formed image id (moto does not validate AMIs unless told to).
pub const AMI: &str = "ami-0a1b2c3d4e5f67890";

/// Which account to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Posture {
    /// Everything a review would flag.
    Insecure,
    /// The hardened counterpart.
    Secure,
}

/// Ids of what was provisioned, for assertions on the collected model.
#[derive(Debug, Default)]
pub struct Provisioned {
    /// The VPC built in the primary region.
    pub vpc_id: String,
    /// Its workload subnet (public in the insecure account, private in the secure one).
    pub subnet_id: String,
    /// The workload security group (open in the insecure account).
    pub workload_sg_id: String,
    /// The VPC's default security group.
    pub default_sg_id: String,
    /// The custom network ACL on the workload subnet (insecure account only).
    pub nacl_id: Option<String>,
    /// The instance in the workload subnet.
    pub instance_id: String,
    /// The extra data volume.
    pub volume_id: String,
    /// A snapshot of that volume (public in the insecure account).
    pub snapshot_id: String,
    /// Security groups in the secondary region, by name.
    pub secondary_sgs: BTreeMap<String, String>,
    /// Access key of each IAM user, by user name: (access key id, secret).
    pub access_keys: BTreeMap<String, Vec<(String, String)>>,
}

/// An organization (all features) whose root carries one service control policy besides
/// `FullAWSAccess`: the client, in the primary region, and the root's id.
pub async fn organization_with_scp(
    moto: &Moto,
    name: &str,
    description: &str,
    content: &str,
) -> (aws_sdk_organizations::Client, String) {
    use aws_sdk_organizations::types::{OrganizationFeatureSet, PolicyType};
    let org = aws_sdk_organizations::Client::new(&moto.sdk_config(PRIMARY).await);
    must(
        org.create_organization()
            .feature_set(OrganizationFeatureSet::All)
            .send()
            .await,
        "CreateOrganization",
    );
    let roots = must(org.list_roots().send().await, "ListRoots");
    let root = roots
        .roots()
        .first()
        .and_then(|r| r.id())
        .expect("an organization has a root")
        .to_string();
    let policy = must(
        org.create_policy()
            .name(name)
            .description(description)
            .r#type(PolicyType::ServiceControlPolicy)
            .content(content)
            .send()
            .await,
        "CreatePolicy",
    );
    let policy_id = policy
        .policy()
        .and_then(|p| p.policy_summary())
        .and_then(|s| s.id())
        .expect("a created policy has an id")
        .to_string();
    must(
        org.attach_policy()
            .policy_id(policy_id)
            .target_id(&root)
            .send()
            .await,
        "AttachPolicy",
    );
    (org, root)
}

/// Panic with the SDK's full error chain: `Display` alone says only "service error".
pub fn must<T, E>(result: Result<T, E>, what: &str) -> T
where
    E: std::error::Error,
{
    result.unwrap_or_else(|e| panic!("provisioning `{what}` failed: {}", DisplayErrorContext(&e)))
}

/// Service clients for one region.
pub struct Regional {
    /// Region name.
    pub region: &'static str,
    /// EC2.
    pub ec2: aws_sdk_ec2::Client,
    /// S3 (path-style: `<bucket>.127.0.0.1` does not resolve).
    pub s3: aws_sdk_s3::Client,
    /// CloudTrail.
    pub cloudtrail: aws_sdk_cloudtrail::Client,
    /// AWS Config.
    pub config: aws_sdk_config::Client,
    /// GuardDuty.
    pub guardduty: aws_sdk_guardduty::Client,
    /// Security Hub.
    pub securityhub: aws_sdk_securityhub::Client,
}

impl Regional {
    /// Clients for `region` against `moto`.
    pub async fn new(moto: &Moto, region: &'static str) -> Regional {
        let config = moto.sdk_config(region).await;
        Regional {
            region,
            ec2: aws_sdk_ec2::Client::new(&config),
            s3: cloudward_aws::s3_client(&config),
            cloudtrail: aws_sdk_cloudtrail::Client::new(&config),
            config: aws_sdk_config::Client::new(&config),
            guardduty: aws_sdk_guardduty::Client::new(&config),
            securityhub: aws_sdk_securityhub::Client::new(&config),
        }
    }
}

/// Global clients (IAM, S3 Control) plus one [`Regional`] per region.
pub struct Clients {
    /// IAM.
    pub iam: aws_sdk_iam::Client,
    /// S3 Control, without the account-id host prefix.
    pub s3control: aws_sdk_s3control::Client,
    /// Primary region.
    pub primary: Regional,
    /// Secondary region.
    pub secondary: Regional,
}

impl Clients {
    /// Clients against `moto`.
    pub async fn new(moto: &Moto) -> Clients {
        let config = moto.sdk_config(PRIMARY).await;
        Clients {
            iam: aws_sdk_iam::Client::new(&config),
            s3control: cloudward_aws::s3control_client(&config),
            primary: Regional::new(moto, PRIMARY).await,
            secondary: Regional::new(moto, SECONDARY).await,
        }
    }
}

/// Provision one account of the given posture into `moto`.
pub async fn account(moto: &Moto, posture: Posture) -> Provisioned {
    let clients = Clients::new(moto).await;
    let mut out = Provisioned::default();
    iam(&clients.iam, posture, &mut out).await;
    s3(&clients, posture).await;
    network(&clients.primary, posture, &mut out).await;
    if posture == Posture::Secure {
        delete_default_vpc(&clients.primary.ec2).await;
    }
    secondary_network(&clients.secondary, posture, &mut out).await;
    ebs(&clients.primary, posture, &mut out).await;
    detective_services(&clients, posture).await;
    out
}

/// The demo account (`examples/demo-account.json`): the insecure account with a hardened
/// corner, three hardened buckets and a production VPC with its instance, as real accounts are
/// neither all bad nor all good.
pub async fn demo_account(moto: &Moto) -> Provisioned {
    let clients = Clients::new(moto).await;
    let mut out = account(moto, Posture::Insecure).await;
    instance_profile(&clients.iam).await;
    hardened_buckets(&clients).await;
    network(&clients.primary, Posture::Secure, &mut out).await;
    out
}

fn policy_json(statements: serde_json::Value) -> String {
    serde_json::json!({ "Version": "2012-10-17", "Statement": statements }).to_string()
}

async fn create_user(
    iam: &aws_sdk_iam::Client,
    out: &mut Provisioned,
    name: &str,
    console_password: bool,
    access_keys: usize,
) {
    must(
        iam.create_user().user_name(name).send().await,
        "iam:CreateUser",
    );
    if console_password {
        must(
            iam.create_login_profile()
                .user_name(name)
                .password("Correct-Horse-Battery-9")
                .send()
                .await,
            "iam:CreateLoginProfile",
        );
    }
    for _ in 0..access_keys {
        let key = must(
            iam.create_access_key().user_name(name).send().await,
            "iam:CreateAccessKey",
        );
        let key = key.access_key().expect("CreateAccessKey returns the key");
        out.access_keys.entry(name.to_string()).or_default().push((
            key.access_key_id().to_string(),
            key.secret_access_key().to_string(),
        ));
    }
}

async fn enable_virtual_mfa(iam: &aws_sdk_iam::Client, user: &str) {
    let device = must(
        iam.create_virtual_mfa_device()
            .virtual_mfa_device_name(format!("{user}-phone"))
            .send()
            .await,
        "iam:CreateVirtualMFADevice",
    );
    let serial = device
        .virtual_mfa_device()
        .expect("CreateVirtualMFADevice returns the device")
        .serial_number()
        .to_string();
    must(
        iam.enable_mfa_device()
            .user_name(user)
            .serial_number(serial)
            .authentication_code1("123456")
            .authentication_code2("654321")
            .send()
            .await,
        "iam:EnableMFADevice",
    );
}

async fn create_policy(
    iam: &aws_sdk_iam::Client,
    name: &str,
    statements: serde_json::Value,
) -> String {
    let created = must(
        iam.create_policy()
            .policy_name(name)
            .policy_document(policy_json(statements))
            .send()
            .await,
        "iam:CreatePolicy",
    );
    created
        .policy()
        .and_then(|p| p.arn())
        .expect("CreatePolicy returns the ARN")
        .to_string()
}

/// IAM. Insecure: `alice` (console, no MFA, two active keys, a customer managed `*:*` policy),
/// `deploy-bot` (an inline `*:*` policy), a weak password policy. Secure: `carol` (console with
/// virtual MFA, scoped group policy), `ci-deployer` (one key, scoped policy), a strong
/// password policy. moto cannot back-date keys, so key *age* rules see fresh keys only.
async fn iam(iam: &aws_sdk_iam::Client, posture: Posture, out: &mut Provisioned) {
    match posture {
        Posture::Insecure => {
            create_user(iam, out, "alice", true, 2).await;
            let admin = create_policy(
                iam,
                "AcmeFullAdmin",
                serde_json::json!([{ "Effect": "Allow", "Action": "*", "Resource": "*" }]),
            )
            .await;
            must(
                iam.attach_user_policy()
                    .user_name("alice")
                    .policy_arn(admin)
                    .send()
                    .await,
                "iam:AttachUserPolicy",
            );
            create_user(iam, out, "deploy-bot", false, 1).await;
            must(
                iam.put_user_policy()
                    .user_name("deploy-bot")
                    .policy_name("deploy-everything")
                    .policy_document(policy_json(
                        serde_json::json!([{ "Effect": "Allow", "Action": "*:*", "Resource": "*" }]),
                    ))
                    .send()
                    .await,
                "iam:PutUserPolicy",
            );
            must(
                iam.update_account_password_policy()
                    .minimum_password_length(8)
                    .require_symbols(false)
                    .require_numbers(false)
                    .require_uppercase_characters(false)
                    .require_lowercase_characters(true)
                    .allow_users_to_change_password(true)
                    .send()
                    .await,
                "iam:UpdateAccountPasswordPolicy",
            );
        }
        Posture::Secure => {
            // A human with a console password and MFA, and no access keys (CIS 1.11).
            create_user(iam, out, "carol", true, 0).await;
            enable_virtual_mfa(iam, "carol").await;
            must(
                iam.create_group().group_name("engineers").send().await,
                "iam:CreateGroup",
            );
            let read_only = create_policy(
                iam,
                "AcmeEngineerReadOnly",
                serde_json::json!([{
                    "Effect": "Allow",
                    "Action": ["ec2:Describe*", "s3:GetObject", "s3:ListBucket", "cloudtrail:LookupEvents"],
                    "Resource": "*"
                }]),
            )
            .await;
            must(
                iam.attach_group_policy()
                    .group_name("engineers")
                    .policy_arn(read_only)
                    .send()
                    .await,
                "iam:AttachGroupPolicy",
            );
            must(
                iam.add_user_to_group()
                    .group_name("engineers")
                    .user_name("carol")
                    .send()
                    .await,
                "iam:AddUserToGroup",
            );
            create_user(iam, out, "ci-deployer", false, 1).await;
            let deploy = create_policy(
                iam,
                "AcmeDeployArtifacts",
                serde_json::json!([{
                    "Effect": "Allow",
                    "Action": ["s3:PutObject", "s3:GetObject"],
                    "Resource": "arn:aws:s3:::acme-prod-app/releases/*"
                }]),
            )
            .await;
            must(
                iam.create_group().group_name("deployers").send().await,
                "iam:CreateGroup",
            );
            must(
                iam.attach_group_policy()
                    .group_name("deployers")
                    .policy_arn(deploy)
                    .send()
                    .await,
                "iam:AttachGroupPolicy",
            );
            must(
                iam.add_user_to_group()
                    .group_name("deployers")
                    .user_name("ci-deployer")
                    .send()
                    .await,
                "iam:AddUserToGroup",
            );
            instance_profile(iam).await;
            must(
                iam.update_account_password_policy()
                    .minimum_password_length(14)
                    .require_symbols(true)
                    .require_numbers(true)
                    .require_uppercase_characters(true)
                    .require_lowercase_characters(true)
                    .password_reuse_prevention(24)
                    .max_password_age(90)
                    .allow_users_to_change_password(true)
                    .send()
                    .await,
                "iam:UpdateAccountPasswordPolicy",
            );
        }
    }
}

/// The secure instance's role: assumable by EC2 only, allowed to read its own bucket.
pub const INSTANCE_PROFILE: &str = "acme-app-instance";

async fn instance_profile(iam: &aws_sdk_iam::Client) {
    must(
        iam.create_role()
            .role_name(INSTANCE_PROFILE)
            .assume_role_policy_document(policy_json(serde_json::json!([{
                "Effect": "Allow",
                "Principal": { "Service": "ec2.amazonaws.com" },
                "Action": "sts:AssumeRole"
            }])))
            .send()
            .await,
        "iam:CreateRole",
    );
    must(
        iam.put_role_policy()
            .role_name(INSTANCE_PROFILE)
            .policy_name("read-app-bucket")
            .policy_document(policy_json(serde_json::json!([{
                "Effect": "Allow",
                "Action": ["s3:GetObject"],
                "Resource": "arn:aws:s3:::acme-prod-app/*"
            }])))
            .send()
            .await,
        "iam:PutRolePolicy",
    );
    must(
        iam.create_instance_profile()
            .instance_profile_name(INSTANCE_PROFILE)
            .send()
            .await,
        "iam:CreateInstanceProfile",
    );
    must(
        iam.add_role_to_instance_profile()
            .instance_profile_name(INSTANCE_PROFILE)
            .role_name(INSTANCE_PROFILE)
            .send()
            .await,
        "iam:AddRoleToInstanceProfile",
    );
}

async fn create_bucket(regional: &Regional, name: &str) {
    let mut request = regional.s3.create_bucket().bucket(name);
    if regional.region != "us-east-1" {
        request = request.create_bucket_configuration(
            s3t::CreateBucketConfiguration::builder()
                .location_constraint(s3t::BucketLocationConstraint::from(regional.region))
                .build(),
        );
    }
    must(request.send().await, "s3:CreateBucket");
}

fn all_blocked() -> s3t::PublicAccessBlockConfiguration {
    s3t::PublicAccessBlockConfiguration::builder()
        .block_public_acls(true)
        .ignore_public_acls(true)
        .block_public_policy(true)
        .restrict_public_buckets(true)
        .build()
}

/// A bucket as a careful team builds it: public access blocked, ACLs disabled, default
/// encryption, versioning, access logging into `log_target` (itself for the log bucket), and
/// a policy denying requests without TLS (plus log delivery when it is a log target).
async fn hardened_bucket(
    regional: &Regional,
    name: &str,
    sse: s3t::ServerSideEncryption,
    log_target: &str,
) {
    create_bucket(regional, name).await;
    let s3 = &regional.s3;
    must(
        s3.put_public_access_block()
            .bucket(name)
            .public_access_block_configuration(all_blocked())
            .send()
            .await,
        "s3:PutPublicAccessBlock",
    );
    must(
        s3.put_bucket_ownership_controls()
            .bucket(name)
            .ownership_controls(
                s3t::OwnershipControls::builder()
                    .rules(
                        s3t::OwnershipControlsRule::builder()
                            .object_ownership(s3t::ObjectOwnership::BucketOwnerEnforced)
                            .build()
                            .expect("object ownership is set"),
                    )
                    .build()
                    .expect("rules are set"),
            )
            .send()
            .await,
        "s3:PutBucketOwnershipControls",
    );
    let mut default = s3t::ServerSideEncryptionByDefault::builder().sse_algorithm(sse.clone());
    if sse == s3t::ServerSideEncryption::AwsKms {
        default = default.kms_master_key_id(format!(
            "arn:aws:kms:{}:{ACCOUNT_ID}:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
            regional.region
        ));
    }
    put_default_encryption(
        s3,
        name,
        default.build().expect("algorithm is set"),
        Some(true),
    )
    .await;
    must(
        s3.put_bucket_versioning()
            .bucket(name)
            .versioning_configuration(
                s3t::VersioningConfiguration::builder()
                    .status(s3t::BucketVersioningStatus::Enabled)
                    .build(),
            )
            .send()
            .await,
        "s3:PutBucketVersioning",
    );
    let mut statements = vec![serde_json::json!({
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        // `{"AWS": "*"}` means the same as `"*"`; moto 5.2 fails with HTTP 500 on a string
        // principal when it checks a log target's policy.
        "Principal": { "AWS": "*" },
        "Action": "s3:*",
        "Resource": [format!("arn:aws:s3:::{name}"), format!("arn:aws:s3:::{name}/*")],
        "Condition": { "Bool": { "aws:SecureTransport": "false" } }
    })];
    if log_target == name {
        statements.push(serde_json::json!({
            "Sid": "S3ServerAccessLogsPolicy",
            "Effect": "Allow",
            "Principal": { "Service": "logging.s3.amazonaws.com" },
            "Action": "s3:PutObject",
            "Resource": format!("arn:aws:s3:::{name}/*"),
            "Condition": { "StringEquals": { "aws:SourceAccount": ACCOUNT_ID } }
        }));
    }
    must(
        s3.put_bucket_policy()
            .bucket(name)
            .policy(policy_json(serde_json::Value::Array(statements)))
            .send()
            .await,
        "s3:PutBucketPolicy",
    );
    must(
        s3.put_bucket_logging()
            .bucket(name)
            .bucket_logging_status(
                s3t::BucketLoggingStatus::builder()
                    .logging_enabled(
                        s3t::LoggingEnabled::builder()
                            .target_bucket(log_target)
                            .target_prefix(format!("s3-access/{name}/"))
                            .build()
                            .expect("target bucket and prefix are set"),
                    )
                    .build(),
            )
            .send()
            .await,
        "s3:PutBucketLogging",
    );
}

/// S3. Insecure: `acme-public-assets` public through its ACL, `acme-shared-reports` (eu-west-1)
/// public through its policy, `acme-audit-trail` private but unhardened; no account-level
/// block. Secure: `acme-prod-logs` and `acme-prod-app` (us-east-1), `acme-prod-eu-data`
/// (eu-west-1), all hardened; the account-level public access block fully on.
async fn s3(clients: &Clients, posture: Posture) {
    let (primary, secondary) = (&clients.primary, &clients.secondary);
    match posture {
        Posture::Insecure => {
            create_bucket(primary, "acme-public-assets").await;
            must(
                primary
                    .s3
                    .put_bucket_acl()
                    .bucket("acme-public-assets")
                    .acl(s3t::BucketCannedAcl::PublicRead)
                    .send()
                    .await,
                "s3:PutBucketAcl",
            );
            create_bucket(secondary, "acme-shared-reports").await;
            must(
                secondary
                    .s3
                    .put_bucket_policy()
                    .bucket("acme-shared-reports")
                    .policy(policy_json(serde_json::json!([{
                        "Sid": "PublicRead",
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::acme-shared-reports/*"
                    }])))
                    .send()
                    .await,
                "s3:PutBucketPolicy",
            );
            create_bucket(primary, "acme-audit-trail").await;
        }
        Posture::Secure => {
            hardened_buckets(clients).await;
            must(
                clients
                    .s3control
                    .put_public_access_block()
                    .account_id(ACCOUNT_ID)
                    .public_access_block_configuration(
                        aws_sdk_s3control::types::PublicAccessBlockConfiguration::builder()
                            .block_public_acls(true)
                            .ignore_public_acls(true)
                            .block_public_policy(true)
                            .restrict_public_buckets(true)
                            .build(),
                    )
                    .send()
                    .await,
                "s3control:PutPublicAccessBlock",
            );
        }
    }
}

async fn hardened_buckets(clients: &Clients) {
    let (primary, secondary) = (&clients.primary, &clients.secondary);
    hardened_bucket(
        primary,
        "acme-prod-logs",
        s3t::ServerSideEncryption::AwsKms,
        "acme-prod-logs",
    )
    .await;
    hardened_bucket(
        primary,
        "acme-prod-app",
        s3t::ServerSideEncryption::AwsKms,
        "acme-prod-logs",
    )
    .await;
    hardened_bucket(
        secondary,
        "acme-prod-eu-data",
        s3t::ServerSideEncryption::Aes256,
        "acme-prod-eu-data",
    )
    .await;
}

/// A `Name` tag for a resource created by `ec2:Create*`.
/// Set a bucket's default encryption (one rule), failing the test if the call fails.
pub async fn put_default_encryption(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
    by_default: s3t::ServerSideEncryptionByDefault,
    bucket_key_enabled: Option<bool>,
) {
    must(
        s3.put_bucket_encryption()
            .bucket(bucket)
            .server_side_encryption_configuration(
                s3t::ServerSideEncryptionConfiguration::builder()
                    .rules(
                        s3t::ServerSideEncryptionRule::builder()
                            .apply_server_side_encryption_by_default(by_default)
                            .set_bucket_key_enabled(bucket_key_enabled)
                            .build(),
                    )
                    .build()
                    .expect("rules are set"),
            )
            .send()
            .await,
        "s3:PutBucketEncryption",
    );
}

pub fn tags(resource_type: ec2t::ResourceType, name: &str) -> ec2t::TagSpecification {
    ec2t::TagSpecification::builder()
        .resource_type(resource_type)
        .tags(ec2t::Tag::builder().key("Name").value(name).build())
        .build()
}

/// An `ec2:Describe*` filter on one value.
pub fn filter(name: &str, value: impl Into<String>) -> ec2t::Filter {
    ec2t::Filter::builder().name(name).values(value).build()
}

/// The id of the region's default VPC.
pub async fn default_vpc_id(ec2: &aws_sdk_ec2::Client) -> String {
    let vpcs = must(
        ec2.describe_vpcs()
            .filters(filter("is-default", "true"))
            .send()
            .await,
        "ec2:DescribeVpcs",
    );
    vpcs.vpcs()
        .first()
        .and_then(|v| v.vpc_id())
        .expect("moto creates a default VPC per region")
        .to_string()
}

/// Move a subnet from the network ACL it is associated with to `nacl_id`.
pub async fn associate_network_acl(ec2: &aws_sdk_ec2::Client, subnet_id: &str, nacl_id: &str) {
    let current = must(
        ec2.describe_network_acls()
            .filters(filter("association.subnet-id", subnet_id))
            .send()
            .await,
        "ec2:DescribeNetworkAcls",
    );
    let association_id = current
        .network_acls()
        .iter()
        .flat_map(|n| n.associations())
        .find(|a| a.subnet_id() == Some(subnet_id))
        .and_then(|a| a.network_acl_association_id())
        .expect("every subnet is associated with a network ACL")
        .to_string();
    must(
        ec2.replace_network_acl_association()
            .association_id(association_id)
            .network_acl_id(nacl_id)
            .send()
            .await,
        "ec2:ReplaceNetworkAclAssociation",
    );
}

fn tcp_from_world(port: i32, ipv4: bool, ipv6: bool) -> ec2t::IpPermission {
    let mut permission = ec2t::IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(port)
        .to_port(port);
    if ipv4 {
        permission = permission.ip_ranges(ec2t::IpRange::builder().cidr_ip("0.0.0.0/0").build());
    }
    if ipv6 {
        permission = permission.ipv6_ranges(ec2t::Ipv6Range::builder().cidr_ipv6("::/0").build());
    }
    permission.build()
}

async fn security_group(
    ec2: &aws_sdk_ec2::Client,
    vpc_id: &str,
    name: &str,
    description: &str,
) -> String {
    let created = must(
        ec2.create_security_group()
            .group_name(name)
            .description(description)
            .vpc_id(vpc_id)
            .tag_specifications(tags(ec2t::ResourceType::SecurityGroup, name))
            .send()
            .await,
        "ec2:CreateSecurityGroup",
    );
    created
        .group_id()
        .expect("CreateSecurityGroup returns the id")
        .to_string()
}

async fn default_security_group(ec2: &aws_sdk_ec2::Client, vpc_id: &str) -> ec2t::SecurityGroup {
    let groups = must(
        ec2.describe_security_groups()
            .filters(filter("vpc-id", vpc_id))
            .filters(filter("group-name", "default"))
            .send()
            .await,
        "ec2:DescribeSecurityGroups",
    );
    groups
        .security_groups()
        .first()
        .cloned()
        .expect("every VPC has a default security group")
}

/// The primary region's network. Insecure: VPC `acme-legacy` without flow logs, an internet
/// gateway, a public subnet (0.0.0.0/0 to the gateway) with a NACL admitting SSH from
/// anywhere, security group `acme-web-open` admitting 22/3389/3306 from 0.0.0.0/0 and ::/0, the
/// default group left with its rules, and `web-1` with a public IP and IMDSv1 allowed.
/// Secure: VPC `acme-prod` with flow logs to S3, a private subnet, `acme-app` admitting 443
/// from the VPC only, the default group emptied, `app-1` requiring IMDSv2 with an encrypted
/// root volume; the default VPCs deleted.
async fn network(regional: &Regional, posture: Posture, out: &mut Provisioned) {
    let ec2 = &regional.ec2;
    let insecure = posture == Posture::Insecure;
    let (vpc_name, cidr, subnet_cidr) = if insecure {
        ("acme-legacy", "10.0.0.0/16", "10.0.1.0/24")
    } else {
        ("acme-prod", "10.20.0.0/16", "10.20.1.0/24")
    };
    let vpc = must(
        ec2.create_vpc()
            .cidr_block(cidr)
            .tag_specifications(tags(ec2t::ResourceType::Vpc, vpc_name))
            .send()
            .await,
        "ec2:CreateVpc",
    );
    let vpc_id = vpc
        .vpc()
        .and_then(|v| v.vpc_id())
        .expect("CreateVpc returns the id")
        .to_string();
    let subnet = must(
        ec2.create_subnet()
            .vpc_id(&vpc_id)
            .cidr_block(subnet_cidr)
            .availability_zone(format!("{}a", regional.region))
            .tag_specifications(tags(
                ec2t::ResourceType::Subnet,
                if insecure {
                    "acme-legacy-public-a"
                } else {
                    "acme-prod-private-a"
                },
            ))
            .send()
            .await,
        "ec2:CreateSubnet",
    );
    let subnet_id = subnet
        .subnet()
        .and_then(|s| s.subnet_id())
        .expect("CreateSubnet returns the id")
        .to_string();
    let default_sg = default_security_group(ec2, &vpc_id).await;
    let default_sg_id = default_sg.group_id().expect("groups have ids").to_string();

    if insecure {
        let igw = must(
            ec2.create_internet_gateway()
                .tag_specifications(tags(ec2t::ResourceType::InternetGateway, "acme-legacy-igw"))
                .send()
                .await,
            "ec2:CreateInternetGateway",
        );
        let igw_id = igw
            .internet_gateway()
            .and_then(|g| g.internet_gateway_id())
            .expect("CreateInternetGateway returns the id")
            .to_string();
        must(
            ec2.attach_internet_gateway()
                .internet_gateway_id(&igw_id)
                .vpc_id(&vpc_id)
                .send()
                .await,
            "ec2:AttachInternetGateway",
        );
        let table = must(
            ec2.create_route_table()
                .vpc_id(&vpc_id)
                .tag_specifications(tags(ec2t::ResourceType::RouteTable, "acme-legacy-public"))
                .send()
                .await,
            "ec2:CreateRouteTable",
        );
        let table_id = table
            .route_table()
            .and_then(|t| t.route_table_id())
            .expect("CreateRouteTable returns the id")
            .to_string();
        must(
            ec2.create_route()
                .route_table_id(&table_id)
                .destination_cidr_block("0.0.0.0/0")
                .gateway_id(&igw_id)
                .send()
                .await,
            "ec2:CreateRoute",
        );
        must(
            ec2.associate_route_table()
                .route_table_id(&table_id)
                .subnet_id(&subnet_id)
                .send()
                .await,
            "ec2:AssociateRouteTable",
        );
        must(
            ec2.modify_subnet_attribute()
                .subnet_id(&subnet_id)
                .map_public_ip_on_launch(ec2t::AttributeBooleanValue::builder().value(true).build())
                .send()
                .await,
            "ec2:ModifySubnetAttribute",
        );

        // A custom NACL on the public subnet admitting SSH from anywhere.
        let nacl = must(
            ec2.create_network_acl()
                .vpc_id(&vpc_id)
                .tag_specifications(tags(ec2t::ResourceType::NetworkAcl, "acme-legacy-public"))
                .send()
                .await,
            "ec2:CreateNetworkAcl",
        );
        let nacl_id = nacl
            .network_acl()
            .and_then(|n| n.network_acl_id())
            .expect("CreateNetworkAcl returns the id")
            .to_string();
        for (number, egress, port) in [(100, false, Some(22)), (100, true, None)] {
            let mut entry = ec2
                .create_network_acl_entry()
                .network_acl_id(&nacl_id)
                .rule_number(number)
                .rule_action(ec2t::RuleAction::Allow)
                .egress(egress)
                .cidr_block("0.0.0.0/0");
            entry = match port {
                Some(port) => entry
                    .protocol("6")
                    .port_range(ec2t::PortRange::builder().from(port).to(port).build()),
                None => entry.protocol("-1"),
            };
            must(entry.send().await, "ec2:CreateNetworkAclEntry");
        }
        associate_network_acl(ec2, &subnet_id, &nacl_id).await;
        out.nacl_id = Some(nacl_id);

        let sg = security_group(ec2, &vpc_id, "acme-web-open", "legacy web tier").await;
        must(
            ec2.authorize_security_group_ingress()
                .group_id(&sg)
                .ip_permissions(tcp_from_world(22, true, true))
                .ip_permissions(tcp_from_world(3389, true, true))
                .ip_permissions(tcp_from_world(3306, true, true))
                .ip_permissions(tcp_from_world(443, true, true))
                .send()
                .await,
            "ec2:AuthorizeSecurityGroupIngress",
        );
        out.workload_sg_id = sg;
    } else {
        let flow_logs = must(
            ec2.create_flow_logs()
                .resource_ids(&vpc_id)
                .resource_type(ec2t::FlowLogsResourceType::Vpc)
                .traffic_type(ec2t::TrafficType::All)
                .log_destination_type(ec2t::LogDestinationType::S3)
                // moto takes everything after `:::` as the bucket name, so no key prefix.
                .log_destination("arn:aws:s3:::acme-prod-logs")
                .send()
                .await,
            "ec2:CreateFlowLogs",
        );
        assert!(
            flow_logs.unsuccessful().is_empty() && !flow_logs.flow_log_ids().is_empty(),
            "CreateFlowLogs did not create a flow log: {:?}",
            flow_logs.unsuccessful()
        );
        // The default NACL admits everything from everywhere; a private VPC admits its own
        // range only.
        let default_nacl = must(
            ec2.describe_network_acls()
                .filters(filter("vpc-id", &vpc_id))
                .filters(filter("default", "true"))
                .send()
                .await,
            "ec2:DescribeNetworkAcls",
        );
        let default_nacl_id = default_nacl
            .network_acls()
            .first()
            .and_then(|n| n.network_acl_id())
            .expect("every VPC has a default network ACL")
            .to_string();
        must(
            ec2.replace_network_acl_entry()
                .network_acl_id(&default_nacl_id)
                .rule_number(100)
                .protocol("-1")
                .rule_action(ec2t::RuleAction::Allow)
                .egress(false)
                .cidr_block(cidr)
                .send()
                .await,
            "ec2:ReplaceNetworkAclEntry",
        );
        let sg = security_group(
            ec2,
            &vpc_id,
            "acme-app",
            "application tier, HTTPS from the VPC",
        )
        .await;
        must(
            ec2.authorize_security_group_ingress()
                .group_id(&sg)
                .ip_permissions(
                    ec2t::IpPermission::builder()
                        .ip_protocol("tcp")
                        .from_port(443)
                        .to_port(443)
                        .ip_ranges(
                            ec2t::IpRange::builder()
                                .cidr_ip(cidr)
                                .description("VPC")
                                .build(),
                        )
                        .build(),
                )
                .send()
                .await,
            "ec2:AuthorizeSecurityGroupIngress",
        );
        empty_security_group(ec2, &default_sg).await;
        out.workload_sg_id = sg;
    }

    let (instance_name, tokens) = if insecure {
        ("web-1", ec2t::HttpTokensState::Optional)
    } else {
        ("app-1", ec2t::HttpTokensState::Required)
    };
    let mut run = ec2.run_instances();
    if !insecure {
        run = run.iam_instance_profile(
            ec2t::IamInstanceProfileSpecification::builder()
                .name(INSTANCE_PROFILE)
                .build(),
        );
    }
    let instance = must(
        run.image_id(AMI)
            .instance_type(ec2t::InstanceType::T3Micro)
            .min_count(1)
            .max_count(1)
            .subnet_id(&subnet_id)
            .security_group_ids(&out.workload_sg_id)
            .metadata_options(
                ec2t::InstanceMetadataOptionsRequest::builder()
                    .http_tokens(tokens)
                    .http_endpoint(ec2t::InstanceMetadataEndpointState::Enabled)
                    .build(),
            )
            .block_device_mappings(
                ec2t::BlockDeviceMapping::builder()
                    .device_name("/dev/xvda")
                    .ebs(
                        ec2t::EbsBlockDevice::builder()
                            .volume_size(8)
                            .encrypted(!insecure)
                            .build(),
                    )
                    .build(),
            )
            .tag_specifications(tags(ec2t::ResourceType::Instance, instance_name))
            .send()
            .await,
        "ec2:RunInstances",
    );
    out.instance_id = instance
        .instances()
        .first()
        .and_then(|i| i.instance_id())
        .expect("RunInstances returns the instance")
        .to_string();
    out.vpc_id = vpc_id;
    out.subnet_id = subnet_id;
    out.default_sg_id = default_sg_id;
}

/// Revoke every rule of a security group (CIS: the default group must restrict all traffic).
async fn empty_security_group(ec2: &aws_sdk_ec2::Client, group: &ec2t::SecurityGroup) {
    let group_id = group.group_id().expect("groups have ids");
    if !group.ip_permissions().is_empty() {
        must(
            ec2.revoke_security_group_ingress()
                .group_id(group_id)
                .set_ip_permissions(Some(group.ip_permissions().to_vec()))
                .send()
                .await,
            "ec2:RevokeSecurityGroupIngress",
        );
    }
    if !group.ip_permissions_egress().is_empty() {
        must(
            ec2.revoke_security_group_egress()
                .group_id(group_id)
                .set_ip_permissions(Some(group.ip_permissions_egress().to_vec()))
                .send()
                .await,
            "ec2:RevokeSecurityGroupEgress",
        );
    }
}

/// Delete the region's default VPC (its subnets first), as hardened accounts do.
async fn delete_default_vpc(ec2: &aws_sdk_ec2::Client) {
    let vpcs = must(
        ec2.describe_vpcs()
            .filters(filter("is-default", "true"))
            .send()
            .await,
        "ec2:DescribeVpcs",
    );
    for vpc in vpcs.vpcs() {
        let vpc_id = vpc.vpc_id().expect("VPCs have ids");
        let subnets = must(
            ec2.describe_subnets()
                .filters(filter("vpc-id", vpc_id))
                .send()
                .await,
            "ec2:DescribeSubnets",
        );
        for subnet in subnets.subnets() {
            must(
                ec2.delete_subnet()
                    .subnet_id(subnet.subnet_id().expect("subnets have ids"))
                    .send()
                    .await,
                "ec2:DeleteSubnet",
            );
        }
        // moto keeps the default NACL of a deleted VPC (AWS deletes it with the VPC) and
        // refuses to delete it: empty it instead, so the leftover admits nothing.
        let nacls = must(
            ec2.describe_network_acls()
                .filters(filter("vpc-id", vpc_id))
                .send()
                .await,
            "ec2:DescribeNetworkAcls",
        );
        for nacl in nacls.network_acls() {
            for entry in nacl.entries() {
                let number = entry.rule_number().expect("entries have numbers");
                if number == 32767 {
                    continue; // the implicit deny, not deletable
                }
                must(
                    ec2.delete_network_acl_entry()
                        .network_acl_id(nacl.network_acl_id().expect("NACLs have ids"))
                        .rule_number(number)
                        .egress(entry.egress().unwrap_or(false))
                        .send()
                        .await,
                    "ec2:DeleteNetworkAclEntry",
                );
            }
        }
        must(
            ec2.delete_vpc().vpc_id(vpc_id).send().await,
            "ec2:DeleteVpc",
        );
    }
}

/// The secondary region's network. Insecure: in the default VPC, `acme-eu-bastion` admitting
/// SSH from `::/0` only (IPv6-only exposure). Secure: the default VPC deleted, nothing else.
async fn secondary_network(regional: &Regional, posture: Posture, out: &mut Provisioned) {
    let ec2 = &regional.ec2;
    match posture {
        Posture::Insecure => {
            let vpc_id = default_vpc_id(ec2).await;
            let sg = security_group(ec2, &vpc_id, "acme-eu-bastion", "bastion, IPv6 SSH").await;
            must(
                ec2.authorize_security_group_ingress()
                    .group_id(&sg)
                    .ip_permissions(tcp_from_world(22, false, true))
                    .send()
                    .await,
                "ec2:AuthorizeSecurityGroupIngress",
            );
            out.secondary_sgs.insert("acme-eu-bastion".into(), sg);
        }
        Posture::Secure => delete_default_vpc(ec2).await,
    }
}

/// EBS in the primary region: a 20 GiB data volume (unencrypted in the insecure account) and a
/// snapshot of it (shared with `all` in the insecure account). Default encryption: on in the
/// secondary region only in the insecure account, on in both in the secure one.
async fn ebs(regional: &Regional, posture: Posture, out: &mut Provisioned) {
    let ec2 = &regional.ec2;
    let insecure = posture == Posture::Insecure;
    let volume = must(
        ec2.create_volume()
            .availability_zone(format!("{}a", regional.region))
            .size(20)
            .encrypted(!insecure)
            .tag_specifications(tags(ec2t::ResourceType::Volume, "acme-data"))
            .send()
            .await,
        "ec2:CreateVolume",
    );
    out.volume_id = volume
        .volume_id()
        .expect("CreateVolume returns the id")
        .to_string();
    let snapshot = must(
        ec2.create_snapshot()
            .volume_id(&out.volume_id)
            .description("nightly acme-data backup")
            .send()
            .await,
        "ec2:CreateSnapshot",
    );
    out.snapshot_id = snapshot
        .snapshot_id()
        .expect("CreateSnapshot returns the id")
        .to_string();
    if insecure {
        must(
            ec2.modify_snapshot_attribute()
                .snapshot_id(&out.snapshot_id)
                .attribute(ec2t::SnapshotAttributeName::CreateVolumePermission)
                .operation_type(ec2t::OperationType::Add)
                .group_names("all")
                .send()
                .await,
            "ec2:ModifySnapshotAttribute",
        );
    }
}

/// CloudTrail, Config, GuardDuty, Security Hub and EBS default encryption. Insecure: one
/// single-region trail without log file validation or KMS; Config, GuardDuty and Security Hub
/// in the primary region only; EBS default encryption in the secondary region only. Secure:
/// a multi-region trail with validation and KMS, and every service in both regions.
async fn detective_services(clients: &Clients, posture: Posture) {
    let insecure = posture == Posture::Insecure;
    let primary = &clients.primary;
    let trail_name = if insecure {
        "acme-trail"
    } else {
        "acme-org-trail"
    };
    let mut trail = primary
        .cloudtrail
        .create_trail()
        .name(trail_name)
        .s3_bucket_name(if insecure {
            "acme-audit-trail"
        } else {
            "acme-prod-logs"
        })
        .is_multi_region_trail(!insecure)
        .include_global_service_events(!insecure)
        .enable_log_file_validation(!insecure);
    if !insecure {
        trail = trail
            .cloud_watch_logs_log_group_arn(format!(
                "arn:aws:logs:{PRIMARY}:{ACCOUNT_ID}:log-group:acme-cloudtrail:*"
            ))
            .cloud_watch_logs_role_arn(format!(
                "arn:aws:iam::{ACCOUNT_ID}:role/acme-cloudtrail-to-logs"
            ));
        trail = trail.kms_key_id(format!(
            "arn:aws:kms:{PRIMARY}:{ACCOUNT_ID}:key/6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d"
        ));
    }
    must(trail.send().await, "cloudtrail:CreateTrail");
    if !insecure {
        // AWS answers GetEventSelectors for a new trail with the default selector (all
        // management events); moto answers with none, so set it explicitly.
        must(
            primary
                .cloudtrail
                .put_event_selectors()
                .trail_name(trail_name)
                .event_selectors(
                    aws_sdk_cloudtrail::types::EventSelector::builder()
                        .read_write_type(aws_sdk_cloudtrail::types::ReadWriteType::All)
                        .include_management_events(true)
                        .build(),
                )
                .send()
                .await,
            "cloudtrail:PutEventSelectors",
        );
    }
    must(
        primary
            .cloudtrail
            .start_logging()
            .name(trail_name)
            .send()
            .await,
        "cloudtrail:StartLogging",
    );

    let everywhere = [&clients.primary, &clients.secondary];
    let service_regions: &[&Regional] = if insecure {
        &everywhere[..1]
    } else {
        &everywhere
    };
    for regional in service_regions {
        config_recorder(regional).await;
        must(
            regional
                .guardduty
                .create_detector()
                .enable(true)
                .send()
                .await,
            "guardduty:CreateDetector",
        );
        must(
            regional
                .securityhub
                .enable_security_hub()
                .enable_default_standards(true)
                .send()
                .await,
            "securityhub:EnableSecurityHub",
        );
    }
    let ebs_regions: &[&Regional] = if insecure {
        &everywhere[1..]
    } else {
        &everywhere
    };
    for regional in ebs_regions {
        must(
            regional.ec2.enable_ebs_encryption_by_default().send().await,
            "ec2:EnableEbsEncryptionByDefault",
        );
    }
}

async fn config_recorder(regional: &Regional) {
    use aws_sdk_config::types as cfg;
    must(
        regional
            .config
            .put_configuration_recorder()
            .configuration_recorder(
                cfg::ConfigurationRecorder::builder()
                    .name("default")
                    .role_arn(format!(
                        "arn:aws:iam::{ACCOUNT_ID}:role/aws-config-recorder"
                    ))
                    .recording_group(
                        cfg::RecordingGroup::builder()
                            .all_supported(true)
                            .include_global_resource_types(true)
                            .build(),
                    )
                    .build(),
            )
            .send()
            .await,
        "config:PutConfigurationRecorder",
    );
    must(
        regional
            .config
            .put_delivery_channel()
            .delivery_channel(
                cfg::DeliveryChannel::builder()
                    .name("default")
                    .s3_bucket_name("acme-config-delivery")
                    .build(),
            )
            .send()
            .await,
        "config:PutDeliveryChannel",
    );
    must(
        regional
            .config
            .start_configuration_recorder()
            .configuration_recorder_name("default")
            .send()
            .await,
        "config:StartConfigurationRecorder",
    );
}
