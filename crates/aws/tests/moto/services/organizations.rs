//! AWS Organizations against moto, in two accounts' worth of moto servers: one where the
//! scanned account creates an organization with all features, attaches a guardrail SCP to the
//! root, creates a member account and registers it as delegated administrator of GuardDuty,
//! Security Hub and Config (and runs no EC2 instance); one standalone account. moto does not
//! implement `iam:ListOrganizationsFeatures`, so centralized root access is Unknown there.

use cloudward_model::Status::{Fail, NotApplicable, Pass, Unknown};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::Moto;

/// The organization's management account: every guardrail in place.
pub const SUITE: Suite = Suite {
    rows: ROWS,
    // Root access is Unknown in an organization (moto does not implement
    // iam:ListOrganizationsFeatures) but judged outside one, so it is a row, not exempt.
    not_exercisable: &[(
        "organizations-members-run-management-security-services",
        "judged across the accounts of an organization scan, never on one inventory: \
         exercised against moto by crates/cli/tests/org.rs",
    )],
};

const ACCOUNT: &str = "123456789012@global";

const ROWS: &[Row] = &[
    ("organizations-all-features-enabled", ACCOUNT, Pass),
    ("organizations-scp-guardrails-attached", ACCOUNT, Pass),
    // moto accepts delegated administrators only for a few services (GuardDuty yes,
    // Security Hub no) and answers ListDelegatedAdministrators filtered by the others with
    // "unrecognized service principal": an honest Unknown.
    (
        "organizations-delegated-administrators-registered",
        ACCOUNT,
        Unknown,
    ),
    (
        "organizations-centralized-root-access-enabled",
        ACCOUNT,
        Unknown,
    ),
    (
        "organizations-management-account-no-workloads",
        ACCOUNT,
        Pass,
    ),
];

/// A standalone account: no organization, so no guardrail at all.
const STANDALONE: &[Row] = &[
    ("organizations-all-features-enabled", ACCOUNT, Fail),
    ("organizations-scp-guardrails-attached", ACCOUNT, Fail),
    (
        "organizations-delegated-administrators-registered",
        ACCOUNT,
        Fail,
    ),
    (
        "organizations-management-account-no-workloads",
        ACCOUNT,
        NotApplicable,
    ),
    (
        "organizations-centralized-root-access-enabled",
        ACCOUNT,
        Fail,
    ),
];

const GUARDRAIL: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#;

async fn provision(moto: &Moto) {
    let (org, _root) = crate::provision::organization_with_scp(
        moto,
        "guardrails",
        "deny leaving the organization",
        GUARDRAIL,
    )
    .await;
    let created = must(
        org.create_account()
            .email("security@example.com")
            .account_name("security")
            .send()
            .await,
        "CreateAccount",
    );
    let security = created
        .create_account_status()
        .and_then(|s| s.account_id())
        .expect("moto creates the account at once")
        .to_string();
    for principal in ["guardduty.amazonaws.com"] {
        must(
            org.register_delegated_administrator()
                .account_id(&security)
                .service_principal(principal)
                .send()
                .await,
            "RegisterDelegatedAdministrator",
        );
    }
}

#[tokio::test]
async fn a_governed_management_account_passes() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory =
        crate::support::collect_services(&moto, &["us-east-1"], &["organizations", "ec2"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[tokio::test]
async fn a_standalone_account_fails_the_membership_rules() {
    let moto = Moto::start();
    let inventory =
        crate::support::collect_services(&moto, &["us-east-1"], &["organizations", "ec2"]).await;
    let problems = crate::findings::compare(&inventory, STANDALONE, &[], false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
