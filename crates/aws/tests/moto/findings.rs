//! Findings: the whole catalogue over each emulated account, compared with an exact table of
//! (rule id, resource label) → status.
//!
//! Every rule listed in a table is checked exactly: each of its findings must be in the table
//! with that status, and each table row must be found. Rules of the catalogue missing from
//! both tables fail `every_catalogue_rule_is_covered`, so a new rule is either exercised
//! against moto here or listed in [`NOT_EXERCISABLE`] with the reason.
//!
//! Labels are `Name` tag (or what the resource is, for defaults) `@region`; see
//! [`crate::support::label`]. To extend: add the rule's rows to both tables. A failing run
//! prints the actual rows of the unmatched rules in table syntax, to review line by line
//! against what was provisioned, never to paste blindly.

use std::collections::{BTreeMap, BTreeSet};

use cloudward_model::Status::{self, Fail, NotApplicable as NA, Pass, Unknown};

use crate::provision::{self, Posture, REGIONS};
use crate::server::Moto;
use crate::support::{self, Verdicts};

/// One expectation: rule id, resource label, status.
pub type Row = (&'static str, &'static str, Status);

/// Rules moto cannot exercise, with why; their findings must be Unknown (or, for a rule with
/// no resource to judge, absent).
const NOT_EXERCISABLE: &[(&str, &str)] = &[
    (
        "iam-root-not-used-in-90-days",
        "moto's credential report has no <root_account> row",
    ),
    (
        "accessanalyzer-enabled",
        "moto does not implement access-analyzer:ListAnalyzers (HTML 500)",
    ),
];

/// The insecure account. Notes on rows that may surprise:
/// - root rows come from moto's `GetAccountSummary`, which always says `AccountMFAEnabled=0`
///   and `AccountAccessKeysPresent=0` (the same in both accounts; moto cannot set them);
/// - key-age and unused-credential rules Pass because moto cannot back-date keys: every key
///   is minutes old;
/// - versioning and MFA delete are Unknown: moto 5.2.5 answers `GetBucketVersioning` with a
///   `GetBucketVersioningResponse` root element, which the Rust SDK rejects, and the collector
///   records the parse failure as the reason (an honest Unknown, not a Pass);
/// - `iam-support-role-exists` is Unknown: moto has no `AWSSupportAccess` managed policy;
/// - the S3 default-encryption and KMS-key rows Fail because moto leaves new buckets
///   unencrypted; real AWS applies SSE-S3 to every bucket (since January 2023), so there
///   `s3-bucket-default-encryption` would Pass and only the KMS-key rule would Fail (issue 8,
///   defect 13). Likewise moto creates buckets without ownership controls, where real AWS
///   makes new buckets `BucketOwnerEnforced` (since April 2023): the `s3-bucket-acls-disabled`
///   rows of `acme-audit-trail` and `acme-shared-reports` would Pass there (`acme-public-assets`
///   only gets its public-read ACL because moto lets ACLs be set);
/// - `alice` holds the customer managed `*:*` policy `AcmeFullAdmin`: it fails the policy
///   rules as a resource of its own, and `iam-no-full-admin-policy-attached` fails on her too,
///   because she holds it (issue 8, defect 11).
const INSECURE: &[Row] = &[
    (
        "cloudtrail-bucket-access-logging-enabled",
        "acme-trail@us-east-1",
        Fail,
    ),
    ("cloudtrail-bucket-not-public", "acme-trail@us-east-1", Pass),
    (
        "cloudtrail-cloudwatch-logs-integrated",
        "acme-trail@us-east-1",
        Fail,
    ),
    (
        "cloudtrail-encrypted-with-kms",
        "acme-trail@us-east-1",
        Fail,
    ),
    (
        "cloudtrail-log-file-validation-enabled",
        "acme-trail@us-east-1",
        Fail,
    ),
    (
        "cloudtrail-multi-region-trail-enabled",
        "123456789012@global",
        Fail,
    ),
    ("config-recording-enabled", "eu-west-1@eu-west-1", Fail),
    ("config-recording-enabled", "us-east-1@us-east-1", Pass),
    ("ebs-encryption-by-default", "eu-west-1@eu-west-1", Pass),
    ("ebs-encryption-by-default", "us-east-1@us-east-1", Fail),
    (
        "ebs-snapshot-not-public",
        "snapshot/acme-data@us-east-1",
        Fail,
    ),
    ("ebs-volume-encrypted", "acme-data@us-east-1", Fail),
    ("ebs-volume-encrypted", "root-volume/web-1@us-east-1", Fail),
    ("ec2-instance-imdsv2-required", "web-1@us-east-1", Fail),
    ("ec2-instance-no-public-ipv4", "web-1@us-east-1", Fail),
    (
        "ec2-instance-sensitive-ports-not-internet-exposed",
        "web-1@us-east-1",
        Fail,
    ),
    (
        "ec2-security-group-admin-ports-ipv4-restricted",
        "acme-eu-bastion@eu-west-1",
        Pass,
    ),
    (
        "ec2-security-group-admin-ports-ipv4-restricted",
        "acme-web-open@us-east-1",
        Fail,
    ),
    (
        "ec2-security-group-admin-ports-ipv4-restricted",
        "default-sg/acme-legacy@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-admin-ports-ipv4-restricted",
        "default-sg/default-vpc@eu-west-1",
        Pass,
    ),
    (
        "ec2-security-group-admin-ports-ipv4-restricted",
        "default-sg/default-vpc@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-admin-ports-ipv6-restricted",
        "acme-eu-bastion@eu-west-1",
        Fail,
    ),
    (
        "ec2-security-group-admin-ports-ipv6-restricted",
        "acme-web-open@us-east-1",
        Fail,
    ),
    (
        "ec2-security-group-admin-ports-ipv6-restricted",
        "default-sg/acme-legacy@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-admin-ports-ipv6-restricted",
        "default-sg/default-vpc@eu-west-1",
        Pass,
    ),
    (
        "ec2-security-group-admin-ports-ipv6-restricted",
        "default-sg/default-vpc@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-all-ports-restricted",
        "acme-eu-bastion@eu-west-1",
        Pass,
    ),
    (
        "ec2-security-group-all-ports-restricted",
        "acme-web-open@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-all-ports-restricted",
        "default-sg/acme-legacy@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-all-ports-restricted",
        "default-sg/default-vpc@eu-west-1",
        Pass,
    ),
    (
        "ec2-security-group-all-ports-restricted",
        "default-sg/default-vpc@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-cifs-restricted",
        "acme-eu-bastion@eu-west-1",
        Pass,
    ),
    (
        "ec2-security-group-cifs-restricted",
        "acme-web-open@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-cifs-restricted",
        "default-sg/acme-legacy@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-cifs-restricted",
        "default-sg/default-vpc@eu-west-1",
        Pass,
    ),
    (
        "ec2-security-group-cifs-restricted",
        "default-sg/default-vpc@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-database-ports-restricted",
        "acme-eu-bastion@eu-west-1",
        Pass,
    ),
    (
        "ec2-security-group-database-ports-restricted",
        "acme-web-open@us-east-1",
        Fail,
    ),
    (
        "ec2-security-group-database-ports-restricted",
        "default-sg/acme-legacy@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-database-ports-restricted",
        "default-sg/default-vpc@eu-west-1",
        Pass,
    ),
    (
        "ec2-security-group-database-ports-restricted",
        "default-sg/default-vpc@us-east-1",
        Pass,
    ),
    ("guardduty-enabled", "eu-west-1@eu-west-1", Fail),
    ("guardduty-enabled", "us-east-1@us-east-1", Pass),
    ("iam-access-keys-rotated-90-days", "alice@global", Pass),
    ("iam-access-keys-rotated-90-days", "deploy-bot@global", Pass),
    (
        "iam-cloudshell-full-access-restricted",
        "alice@global",
        Pass,
    ),
    (
        "iam-cloudshell-full-access-restricted",
        "deploy-bot@global",
        Pass,
    ),
    ("iam-instance-role-attached", "web-1@us-east-1", Fail),
    // Issue 8, defect 11: alice holds the customer managed `*:*` policy AcmeFullAdmin, which
    // fails on its own; she must not read Pass.
    ("iam-no-full-admin-policy-attached", "alice@global", Fail),
    // Both are administrators already (`*` on `*`): nothing to escalate to.
    ("iam-no-privilege-escalation-path", "alice@global", Pass),
    (
        "iam-no-privilege-escalation-path",
        "deploy-bot@global",
        Pass,
    ),
    (
        "iam-no-full-admin-policy-attached",
        "deploy-bot@global",
        Fail,
    ),
    (
        "iam-no-full-admin-policy-attached",
        "policy/AcmeFullAdmin@global",
        Fail,
    ),
    (
        "iam-password-policy-complexity",
        "password-policy@global",
        Fail,
    ),
    (
        "iam-password-policy-minimum-length-14",
        "password-policy@global",
        Fail,
    ),
    (
        "iam-password-policy-reuse-prevention-24",
        "password-policy@global",
        Fail,
    ),
    (
        "iam-policy-no-kms-decrypt-on-all-keys",
        "alice@global",
        Pass,
    ),
    (
        "iam-policy-no-kms-decrypt-on-all-keys",
        "deploy-bot@global",
        Fail,
    ),
    (
        "iam-policy-no-kms-decrypt-on-all-keys",
        "policy/AcmeFullAdmin@global",
        Fail,
    ),
    (
        "iam-policy-no-service-wildcard-actions",
        "policy/AcmeFullAdmin@global",
        Fail,
    ),
    ("iam-root-hardware-mfa-enabled", "root@global", Fail),
    ("iam-root-mfa-enabled", "root@global", Fail),
    ("iam-root-no-access-keys", "root@global", Pass),
    ("iam-support-role-exists", "123456789012@global", Unknown),
    ("iam-user-console-mfa-enabled", "alice@global", Fail),
    ("iam-user-console-mfa-enabled", "deploy-bot@global", NA),
    ("iam-user-no-initial-access-key", "alice@global", Fail),
    ("iam-user-no-initial-access-key", "deploy-bot@global", NA),
    ("iam-user-one-active-access-key", "alice@global", Fail),
    ("iam-user-one-active-access-key", "deploy-bot@global", Pass),
    ("iam-user-permissions-through-groups", "alice@global", Fail),
    (
        "iam-user-permissions-through-groups",
        "deploy-bot@global",
        Fail,
    ),
    ("iam-user-unused-credentials-disabled", "alice@global", Pass),
    (
        "iam-user-unused-credentials-disabled",
        "deploy-bot@global",
        Pass,
    ),
    (
        "s3-account-public-access-block",
        "123456789012@global",
        Fail,
    ),
    (
        "s3-bucket-acl-not-public",
        "acme-audit-trail@us-east-1",
        Pass,
    ),
    (
        "s3-bucket-acl-not-public",
        "acme-public-assets@us-east-1",
        Fail,
    ),
    (
        "s3-bucket-acl-not-public",
        "acme-shared-reports@eu-west-1",
        Pass,
    ),
    (
        "s3-bucket-acls-disabled",
        "acme-audit-trail@us-east-1",
        Fail,
    ),
    (
        "s3-bucket-acls-disabled",
        "acme-public-assets@us-east-1",
        Fail,
    ),
    (
        "s3-bucket-acls-disabled",
        "acme-shared-reports@eu-west-1",
        Fail,
    ),
    // moto leaves new buckets unencrypted; real AWS applies SSE-S3, which would Pass.
    (
        "s3-bucket-default-encryption",
        "acme-audit-trail@us-east-1",
        Fail,
    ),
    (
        "s3-bucket-default-encryption",
        "acme-public-assets@us-east-1",
        Fail,
    ),
    (
        "s3-bucket-default-encryption",
        "acme-shared-reports@eu-west-1",
        Fail,
    ),
    // moto leaves new buckets unencrypted; real AWS applies SSE-S3 (so still a Fail there).
    (
        "s3-bucket-encrypted-with-kms-key",
        "acme-audit-trail@us-east-1",
        Fail,
    ),
    (
        "s3-bucket-encrypted-with-kms-key",
        "acme-public-assets@us-east-1",
        Fail,
    ),
    (
        "s3-bucket-encrypted-with-kms-key",
        "acme-shared-reports@eu-west-1",
        Fail,
    ),
    (
        "s3-bucket-mfa-delete",
        "acme-audit-trail@us-east-1",
        Unknown,
    ),
    (
        "s3-bucket-mfa-delete",
        "acme-public-assets@us-east-1",
        Unknown,
    ),
    (
        "s3-bucket-mfa-delete",
        "acme-shared-reports@eu-west-1",
        Unknown,
    ),
    (
        "s3-bucket-policy-not-public",
        "acme-audit-trail@us-east-1",
        Pass,
    ),
    (
        "s3-bucket-policy-not-public",
        "acme-public-assets@us-east-1",
        Pass,
    ),
    (
        "s3-bucket-policy-not-public",
        "acme-shared-reports@eu-west-1",
        Fail,
    ),
    (
        "s3-bucket-public-access-block",
        "acme-audit-trail@us-east-1",
        Fail,
    ),
    (
        "s3-bucket-public-access-block",
        "acme-public-assets@us-east-1",
        Fail,
    ),
    (
        "s3-bucket-public-access-block",
        "acme-shared-reports@eu-west-1",
        Fail,
    ),
    (
        "s3-bucket-secure-transport-required",
        "acme-audit-trail@us-east-1",
        Fail,
    ),
    (
        "s3-bucket-secure-transport-required",
        "acme-public-assets@us-east-1",
        Fail,
    ),
    (
        "s3-bucket-secure-transport-required",
        "acme-shared-reports@eu-west-1",
        Fail,
    ),
    (
        "s3-bucket-server-access-logging",
        "acme-audit-trail@us-east-1",
        Fail,
    ),
    (
        "s3-bucket-server-access-logging",
        "acme-public-assets@us-east-1",
        Fail,
    ),
    (
        "s3-bucket-server-access-logging",
        "acme-shared-reports@eu-west-1",
        Fail,
    ),
    (
        "s3-bucket-versioning-enabled",
        "acme-audit-trail@us-east-1",
        Unknown,
    ),
    (
        "s3-bucket-versioning-enabled",
        "acme-public-assets@us-east-1",
        Unknown,
    ),
    (
        "s3-bucket-versioning-enabled",
        "acme-shared-reports@eu-west-1",
        Unknown,
    ),
    ("securityhub-enabled", "eu-west-1@eu-west-1", Fail),
    ("securityhub-enabled", "us-east-1@us-east-1", Pass),
    (
        "vpc-default-security-group-restricts-all-traffic",
        "acme-eu-bastion@eu-west-1",
        NA,
    ),
    (
        "vpc-default-security-group-restricts-all-traffic",
        "acme-web-open@us-east-1",
        NA,
    ),
    (
        "vpc-default-security-group-restricts-all-traffic",
        "default-sg/acme-legacy@us-east-1",
        Fail,
    ),
    (
        "vpc-default-security-group-restricts-all-traffic",
        "default-sg/default-vpc@eu-west-1",
        Fail,
    ),
    (
        "vpc-default-security-group-restricts-all-traffic",
        "default-sg/default-vpc@us-east-1",
        Fail,
    ),
    ("vpc-flow-logs-enabled", "acme-legacy@us-east-1", Fail),
    ("vpc-flow-logs-enabled", "default-vpc@eu-west-1", Fail),
    ("vpc-flow-logs-enabled", "default-vpc@us-east-1", Fail),
    (
        "vpc-network-acl-admin-ports-restricted",
        "acme-legacy-public@us-east-1",
        Fail,
    ),
    (
        "vpc-network-acl-admin-ports-restricted",
        "default-nacl/acme-legacy@us-east-1",
        Fail,
    ),
    (
        "vpc-network-acl-admin-ports-restricted",
        "default-nacl/default-vpc@eu-west-1",
        Fail,
    ),
    (
        "vpc-network-acl-admin-ports-restricted",
        "default-nacl/default-vpc@us-east-1",
        Fail,
    ),
    (
        "vpc-subnet-no-public-ip-auto-assign",
        "acme-legacy-public-a@us-east-1",
        Fail,
    ),
    (
        "vpc-subnet-no-public-ip-auto-assign",
        "subnet/default-vpc@eu-west-1",
        Fail,
    ),
    (
        "vpc-subnet-no-public-ip-auto-assign",
        "subnet/default-vpc@us-east-1",
        Fail,
    ),
];

/// The secure account. moto keeps the default NACLs of deleted default VPCs; provisioning
/// empties them, so they pass (`default-nacl/deleted-vpc`).
const SECURE: &[Row] = &[
    (
        "cloudtrail-bucket-access-logging-enabled",
        "acme-org-trail@us-east-1",
        Pass,
    ),
    (
        "cloudtrail-bucket-not-public",
        "acme-org-trail@us-east-1",
        Pass,
    ),
    (
        "cloudtrail-cloudwatch-logs-integrated",
        "acme-org-trail@us-east-1",
        Pass,
    ),
    (
        "cloudtrail-encrypted-with-kms",
        "acme-org-trail@us-east-1",
        Pass,
    ),
    (
        "cloudtrail-log-file-validation-enabled",
        "acme-org-trail@us-east-1",
        Pass,
    ),
    (
        "cloudtrail-multi-region-trail-enabled",
        "123456789012@global",
        Pass,
    ),
    ("config-recording-enabled", "eu-west-1@eu-west-1", Pass),
    ("config-recording-enabled", "us-east-1@us-east-1", Pass),
    ("ebs-encryption-by-default", "eu-west-1@eu-west-1", Pass),
    ("ebs-encryption-by-default", "us-east-1@us-east-1", Pass),
    (
        "ebs-snapshot-not-public",
        "snapshot/acme-data@us-east-1",
        Pass,
    ),
    ("ebs-volume-encrypted", "acme-data@us-east-1", Pass),
    ("ebs-volume-encrypted", "root-volume/app-1@us-east-1", Pass),
    ("ec2-instance-imdsv2-required", "app-1@us-east-1", Pass),
    ("ec2-instance-no-public-ipv4", "app-1@us-east-1", Pass),
    (
        "ec2-instance-sensitive-ports-not-internet-exposed",
        "app-1@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-admin-ports-ipv4-restricted",
        "acme-app@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-admin-ports-ipv4-restricted",
        "default-sg/acme-prod@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-admin-ports-ipv6-restricted",
        "acme-app@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-admin-ports-ipv6-restricted",
        "default-sg/acme-prod@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-all-ports-restricted",
        "acme-app@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-all-ports-restricted",
        "default-sg/acme-prod@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-cifs-restricted",
        "acme-app@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-cifs-restricted",
        "default-sg/acme-prod@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-database-ports-restricted",
        "acme-app@us-east-1",
        Pass,
    ),
    (
        "ec2-security-group-database-ports-restricted",
        "default-sg/acme-prod@us-east-1",
        Pass,
    ),
    ("guardduty-enabled", "eu-west-1@eu-west-1", Pass),
    ("guardduty-enabled", "us-east-1@us-east-1", Pass),
    ("iam-access-keys-rotated-90-days", "carol@global", Pass),
    (
        "iam-access-keys-rotated-90-days",
        "ci-deployer@global",
        Pass,
    ),
    (
        "iam-cloudshell-full-access-restricted",
        "acme-app-instance@global",
        Pass,
    ),
    (
        "iam-cloudshell-full-access-restricted",
        "carol@global",
        Pass,
    ),
    (
        "iam-cloudshell-full-access-restricted",
        "ci-deployer@global",
        Pass,
    ),
    (
        "iam-cloudshell-full-access-restricted",
        "deployers@global",
        Pass,
    ),
    (
        "iam-cloudshell-full-access-restricted",
        "engineers@global",
        Pass,
    ),
    ("iam-instance-role-attached", "app-1@us-east-1", Pass),
    (
        "iam-no-full-admin-policy-attached",
        "acme-app-instance@global",
        Pass,
    ),
    ("iam-no-full-admin-policy-attached", "carol@global", Pass),
    (
        "iam-no-privilege-escalation-path",
        "acme-app-instance@global",
        Pass,
    ),
    ("iam-no-privilege-escalation-path", "carol@global", Pass),
    (
        "iam-no-privilege-escalation-path",
        "ci-deployer@global",
        Pass,
    ),
    (
        "iam-no-full-admin-policy-attached",
        "ci-deployer@global",
        Pass,
    ),
    (
        "iam-no-full-admin-policy-attached",
        "deployers@global",
        Pass,
    ),
    (
        "iam-no-full-admin-policy-attached",
        "engineers@global",
        Pass,
    ),
    (
        "iam-no-full-admin-policy-attached",
        "policy/AcmeDeployArtifacts@global",
        Pass,
    ),
    (
        "iam-no-full-admin-policy-attached",
        "policy/AcmeEngineerReadOnly@global",
        Pass,
    ),
    (
        "iam-password-policy-complexity",
        "password-policy@global",
        Pass,
    ),
    (
        "iam-password-policy-minimum-length-14",
        "password-policy@global",
        Pass,
    ),
    (
        "iam-password-policy-reuse-prevention-24",
        "password-policy@global",
        Pass,
    ),
    (
        "iam-policy-no-kms-decrypt-on-all-keys",
        "acme-app-instance@global",
        Pass,
    ),
    (
        "iam-policy-no-kms-decrypt-on-all-keys",
        "carol@global",
        Pass,
    ),
    (
        "iam-policy-no-kms-decrypt-on-all-keys",
        "ci-deployer@global",
        Pass,
    ),
    (
        "iam-policy-no-kms-decrypt-on-all-keys",
        "deployers@global",
        Pass,
    ),
    (
        "iam-policy-no-kms-decrypt-on-all-keys",
        "engineers@global",
        Pass,
    ),
    (
        "iam-policy-no-kms-decrypt-on-all-keys",
        "policy/AcmeDeployArtifacts@global",
        Pass,
    ),
    (
        "iam-policy-no-kms-decrypt-on-all-keys",
        "policy/AcmeEngineerReadOnly@global",
        Pass,
    ),
    (
        "iam-policy-no-service-wildcard-actions",
        "policy/AcmeDeployArtifacts@global",
        Pass,
    ),
    (
        "iam-policy-no-service-wildcard-actions",
        "policy/AcmeEngineerReadOnly@global",
        Pass,
    ),
    (
        "iam-role-trust-policy-not-public",
        "acme-app-instance@global",
        Pass,
    ),
    ("iam-root-hardware-mfa-enabled", "root@global", Fail),
    ("iam-root-mfa-enabled", "root@global", Fail),
    ("iam-root-no-access-keys", "root@global", Pass),
    ("iam-support-role-exists", "123456789012@global", Unknown),
    ("iam-user-console-mfa-enabled", "carol@global", Pass),
    ("iam-user-console-mfa-enabled", "ci-deployer@global", NA),
    ("iam-user-no-initial-access-key", "carol@global", Pass),
    ("iam-user-no-initial-access-key", "ci-deployer@global", NA),
    ("iam-user-one-active-access-key", "carol@global", Pass),
    ("iam-user-one-active-access-key", "ci-deployer@global", Pass),
    ("iam-user-permissions-through-groups", "carol@global", Pass),
    (
        "iam-user-permissions-through-groups",
        "ci-deployer@global",
        Pass,
    ),
    ("iam-user-unused-credentials-disabled", "carol@global", Pass),
    (
        "iam-user-unused-credentials-disabled",
        "ci-deployer@global",
        Pass,
    ),
    (
        "s3-account-public-access-block",
        "123456789012@global",
        Pass,
    ),
    ("s3-bucket-acl-not-public", "acme-prod-app@us-east-1", Pass),
    (
        "s3-bucket-acl-not-public",
        "acme-prod-eu-data@eu-west-1",
        Pass,
    ),
    ("s3-bucket-acl-not-public", "acme-prod-logs@us-east-1", Pass),
    ("s3-bucket-acls-disabled", "acme-prod-app@us-east-1", Pass),
    (
        "s3-bucket-acls-disabled",
        "acme-prod-eu-data@eu-west-1",
        Pass,
    ),
    ("s3-bucket-acls-disabled", "acme-prod-logs@us-east-1", Pass),
    (
        "s3-bucket-default-encryption",
        "acme-prod-app@us-east-1",
        Pass,
    ),
    (
        "s3-bucket-default-encryption",
        "acme-prod-eu-data@eu-west-1",
        Pass,
    ),
    (
        "s3-bucket-default-encryption",
        "acme-prod-logs@us-east-1",
        Pass,
    ),
    (
        "s3-bucket-encrypted-with-kms-key",
        "acme-prod-app@us-east-1",
        Pass,
    ),
    // SSE-S3 (AES256) by choice: S3-managed keys.
    (
        "s3-bucket-encrypted-with-kms-key",
        "acme-prod-eu-data@eu-west-1",
        Fail,
    ),
    (
        "s3-bucket-encrypted-with-kms-key",
        "acme-prod-logs@us-east-1",
        Pass,
    ),
    ("s3-bucket-mfa-delete", "acme-prod-app@us-east-1", Unknown),
    (
        "s3-bucket-mfa-delete",
        "acme-prod-eu-data@eu-west-1",
        Unknown,
    ),
    ("s3-bucket-mfa-delete", "acme-prod-logs@us-east-1", Unknown),
    (
        "s3-bucket-policy-not-public",
        "acme-prod-app@us-east-1",
        Pass,
    ),
    (
        "s3-bucket-policy-not-public",
        "acme-prod-eu-data@eu-west-1",
        Pass,
    ),
    (
        "s3-bucket-policy-not-public",
        "acme-prod-logs@us-east-1",
        Pass,
    ),
    (
        "s3-bucket-public-access-block",
        "acme-prod-app@us-east-1",
        Pass,
    ),
    (
        "s3-bucket-public-access-block",
        "acme-prod-eu-data@eu-west-1",
        Pass,
    ),
    (
        "s3-bucket-public-access-block",
        "acme-prod-logs@us-east-1",
        Pass,
    ),
    (
        "s3-bucket-secure-transport-required",
        "acme-prod-app@us-east-1",
        Pass,
    ),
    (
        "s3-bucket-secure-transport-required",
        "acme-prod-eu-data@eu-west-1",
        Pass,
    ),
    (
        "s3-bucket-secure-transport-required",
        "acme-prod-logs@us-east-1",
        Pass,
    ),
    (
        "s3-bucket-server-access-logging",
        "acme-prod-app@us-east-1",
        Pass,
    ),
    (
        "s3-bucket-server-access-logging",
        "acme-prod-eu-data@eu-west-1",
        Pass,
    ),
    (
        "s3-bucket-server-access-logging",
        "acme-prod-logs@us-east-1",
        Pass,
    ),
    (
        "s3-bucket-versioning-enabled",
        "acme-prod-app@us-east-1",
        Unknown,
    ),
    (
        "s3-bucket-versioning-enabled",
        "acme-prod-eu-data@eu-west-1",
        Unknown,
    ),
    (
        "s3-bucket-versioning-enabled",
        "acme-prod-logs@us-east-1",
        Unknown,
    ),
    ("securityhub-enabled", "eu-west-1@eu-west-1", Pass),
    ("securityhub-enabled", "us-east-1@us-east-1", Pass),
    (
        "vpc-default-security-group-restricts-all-traffic",
        "acme-app@us-east-1",
        NA,
    ),
    (
        "vpc-default-security-group-restricts-all-traffic",
        "default-sg/acme-prod@us-east-1",
        Pass,
    ),
    ("vpc-flow-logs-enabled", "acme-prod@us-east-1", Pass),
    (
        "vpc-network-acl-admin-ports-restricted",
        "default-nacl/acme-prod@us-east-1",
        Pass,
    ),
    (
        "vpc-network-acl-admin-ports-restricted",
        "default-nacl/deleted-vpc@eu-west-1",
        Pass,
    ),
    (
        "vpc-network-acl-admin-ports-restricted",
        "default-nacl/deleted-vpc@us-east-1",
        Pass,
    ),
    (
        "vpc-subnet-no-public-ip-auto-assign",
        "acme-prod-private-a@us-east-1",
        Pass,
    ),
];

fn table(rows: &[Row]) -> Verdicts {
    let mut out = Verdicts::new();
    for (rule, label, status) in rows {
        let fresh = out
            .insert(
                (rule.to_string(), label.to_string()),
                BTreeSet::from([*status]),
            )
            .is_none();
        assert!(fresh, "duplicate expectation row ({rule}, {label})");
    }
    out
}

fn covered_rules() -> BTreeSet<&'static str> {
    INSECURE
        .iter()
        .chain(SECURE)
        .chain(crate::services::SUITES.iter().flat_map(|s| s.rows))
        .map(|(rule, _, _)| *rule)
        .collect()
}

/// Rules listed as not exercisable, here or by a service suite.
fn not_exercisable() -> Vec<(&'static str, &'static str)> {
    NOT_EXERCISABLE
        .iter()
        .chain(
            crate::services::SUITES
                .iter()
                .flat_map(|s| s.not_exercisable),
        )
        .copied()
        .collect()
}

fn render(rows: &Verdicts) -> String {
    rows.iter()
        .map(|((rule, label), statuses)| {
            let statuses: Vec<String> = statuses.iter().map(|s| format!("{s:?}")).collect();
            format!("    (\"{rule}\", \"{label}\", {}),", statuses.join(" | "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

async fn check(posture: Posture, expected_rows: &[Row]) {
    let moto = Moto::start();
    provision::account(&moto, posture).await;
    let inventory = support::collect(&moto, &REGIONS).await;
    let problems = compare(&inventory, expected_rows, &not_exercisable(), true);
    assert!(
        problems.is_empty(),
        "{posture:?} account:\n{}",
        problems.join("\n\n")
    );
}

/// The differences between the catalogue's verdicts on `inventory` and `expected_rows`, for
/// the rules the rows name (each finding of theirs must be a row, each row a finding); rules in
/// `not_exercisable` must be Unknown wherever they judge. With `show_uncovered`, the rows of
/// rules in no table are printed, to help whoever extends the tables.
pub fn compare(
    inventory: &cloudward_model::Inventory,
    expected_rows: &[Row],
    not_exercisable: &[(&str, &str)],
    show_uncovered: bool,
) -> Vec<String> {
    let (_findings, actual) = support::verdicts(inventory);
    let expected = table(expected_rows);
    let checked: BTreeSet<&str> = expected_rows.iter().map(|(rule, _, _)| *rule).collect();
    let actual_checked: Verdicts = actual
        .iter()
        .filter(|((rule, _), _)| checked.contains(rule.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let missing: Verdicts = expected
        .iter()
        .filter(|(k, v)| actual_checked.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let unexpected: Verdicts = actual_checked
        .iter()
        .filter(|(k, v)| expected.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut problems = Vec::new();
    if !missing.is_empty() || !unexpected.is_empty() {
        problems.push(format!(
            "findings differ from the table.\nexpected but not found:\n{}\n\nfound but not \
             expected:\n{}\n\ncollection errors: {:#?}",
            render(&missing),
            render(&unexpected),
            inventory.errors
        ));
    }

    // Rules moto cannot exercise are never Pass or Fail.
    for (rule, reason) in not_exercisable {
        for ((r, label), statuses) in &actual {
            if r == rule && statuses.iter().any(|s| !matches!(s, Unknown | NA)) {
                problems.push(format!(
                    "{rule} on {label} is {statuses:?}, but {reason}: it must be Unknown"
                ));
            }
        }
    }

    if show_uncovered {
        let exempt = not_exercisable;
        let uncovered: Verdicts = actual
            .into_iter()
            .filter(|((rule, _), _)| {
                !covered_rules().contains(rule.as_str()) && !exempt.iter().any(|(r, _)| r == rule)
            })
            .collect();
        if !uncovered.is_empty() {
            eprintln!("rules not in the tables yet:\n{}", render(&uncovered));
        }
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn insecure_account_findings_match_the_table() {
    check(Posture::Insecure, INSECURE).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secure_account_findings_match_the_table() {
    check(Posture::Secure, SECURE).await;
}

#[test]
fn every_catalogue_rule_is_covered() {
    let covered = covered_rules();
    let exempt: BTreeMap<&str, &str> = not_exercisable().into_iter().collect();
    let uncovered: Vec<&str> = cloudward_rules::catalogue()
        .iter()
        .map(|r| r.meta().id)
        .filter(|id| !covered.contains(id) && !exempt.contains_key(id))
        .collect();
    assert!(
        uncovered.is_empty(),
        "rules neither exercised against moto (the tables in crates/aws/tests/moto/findings.rs \
         or a suite in services/) nor listed as not exercisable: {uncovered:?}"
    );
}
