//! IAM role trust against moto: a vendor role trusted by an unlisted account without an
//! external id, the same vendor with one, and an instance role trusted by EC2 only. All are
//! new, so none is unused yet.

use cloudward_model::Status::{Fail, Pass};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const ROWS: &[Row] = &[
    (
        "iam-role-trust-trusted-accounts-only",
        "vendor-open@global",
        Fail,
    ),
    (
        "iam-role-trust-trusted-accounts-only",
        "vendor-guarded@global",
        Fail,
    ),
    (
        "iam-role-trust-trusted-accounts-only",
        "instance-role@global",
        Pass,
    ),
    (
        "iam-role-cross-account-external-id-or-mfa",
        "vendor-open@global",
        Fail,
    ),
    (
        "iam-role-cross-account-external-id-or-mfa",
        "vendor-guarded@global",
        Pass,
    ),
    (
        "iam-role-cross-account-external-id-or-mfa",
        "instance-role@global",
        Pass,
    ),
    ("iam-role-unused", "vendor-open@global", Pass),
    ("iam-role-unused", "vendor-guarded@global", Pass),
    ("iam-role-unused", "instance-role@global", Pass),
];

const OPEN: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::444455556666:root"}}]}"#;
const GUARDED: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Condition":{"StringEquals":{"sts:ExternalId":"vendor-1234"}}}]}"#;
const INSTANCE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"}}]}"#;

async fn provision(moto: &Moto) {
    let iam = aws_sdk_iam::Client::new(&moto.sdk_config("us-east-1").await);
    for (name, trust) in [
        ("vendor-open", OPEN),
        ("vendor-guarded", GUARDED),
        ("instance-role", INSTANCE),
    ] {
        must(
            iam.create_role()
                .role_name(name)
                .assume_role_policy_document(trust)
                .send()
                .await,
            "iam:CreateRole",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn iam_role_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["iam"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
