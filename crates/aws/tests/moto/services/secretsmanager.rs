//! Secrets Manager against moto: a rotating secret under a customer key with an own-account
//! policy, a token without rotation under the default key with a public policy, and a secret
//! shared with an untrusted account. Collected with `kms`, which tells customer keys from AWS
//! managed ones.
//!
//! moto cannot back-date secrets: every secret was created (and the rotating one rotated)
//! moments before the scan, so the age rules (`secretsmanager-secret-rotated-periodically`,
//! `secretsmanager-secret-accessed-recently`) Pass on all three; their Fail cases are unit
//! tests on hand-built dates.

use cloudward_model::Status::{Fail, Pass};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::{Moto, ACCOUNT_ID};

/// The expectations.
pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const ROTATING: &str = "acme/db/rotating@us-east-1";
const TOKEN: &str = "acme/api/token@us-east-1";
const SHARED: &str = "acme/partner/shared@us-east-1";

const ROWS: &[Row] = &[
    ("secretsmanager-secret-rotation-enabled", ROTATING, Pass),
    ("secretsmanager-secret-rotation-enabled", TOKEN, Fail),
    ("secretsmanager-secret-rotation-enabled", SHARED, Fail),
    ("secretsmanager-secret-rotated-periodically", ROTATING, Pass),
    ("secretsmanager-secret-rotated-periodically", TOKEN, Pass),
    ("secretsmanager-secret-rotated-periodically", SHARED, Pass),
    ("secretsmanager-secret-accessed-recently", ROTATING, Pass),
    ("secretsmanager-secret-accessed-recently", TOKEN, Pass),
    ("secretsmanager-secret-accessed-recently", SHARED, Pass),
    (
        "secretsmanager-secret-encrypted-with-customer-key",
        ROTATING,
        Pass,
    ),
    (
        "secretsmanager-secret-encrypted-with-customer-key",
        TOKEN,
        Fail,
    ),
    (
        "secretsmanager-secret-encrypted-with-customer-key",
        SHARED,
        Fail,
    ),
    ("secretsmanager-secret-policy-not-public", ROTATING, Pass),
    ("secretsmanager-secret-policy-not-public", TOKEN, Fail),
    ("secretsmanager-secret-policy-not-public", SHARED, Pass),
    (
        "secretsmanager-secret-policy-trusted-accounts-only",
        ROTATING,
        Pass,
    ),
    (
        "secretsmanager-secret-policy-trusted-accounts-only",
        TOKEN,
        Fail,
    ),
    (
        "secretsmanager-secret-policy-trusted-accounts-only",
        SHARED,
        Fail,
    ),
];

fn allow(principal: serde_json::Value) -> String {
    serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": principal, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]})
    .to_string()
}

async fn provision(moto: &Moto) {
    let config = moto.sdk_config("us-east-1").await;
    let sm = aws_sdk_secretsmanager::Client::new(&config);
    let kms = aws_sdk_kms::Client::new(&config);
    let key = must(
        kms.create_key().description("secrets").send().await,
        "CreateKey",
    );
    let key_arn = key
        .key_metadata()
        .and_then(|m| m.arn())
        .expect("arn")
        .to_string();
    let create = |name: &'static str, key: Option<String>| {
        let sm = sm.clone();
        async move {
            must(
                sm.create_secret()
                    .name(name)
                    .secret_string("not-a-real-credential")
                    .set_kms_key_id(key)
                    .send()
                    .await,
                "CreateSecret",
            )
        }
    };
    create("acme/db/rotating", Some(key_arn)).await;
    create("acme/api/token", None).await;
    create("acme/partner/shared", None).await;
    must(
        sm.rotate_secret()
            .secret_id("acme/db/rotating")
            .rotation_rules(
                aws_sdk_secretsmanager::types::RotationRulesType::builder()
                    .automatically_after_days(30)
                    .build(),
            )
            .send()
            .await,
        "RotateSecret",
    );
    for (name, principal) in [
        (
            "acme/db/rotating",
            serde_json::json!({"AWS": format!("arn:aws:iam::{ACCOUNT_ID}:role/app")}),
        ),
        ("acme/api/token", serde_json::json!("*")),
        (
            "acme/partner/shared",
            serde_json::json!({"AWS": "arn:aws:iam::444455556666:root"}),
        ),
    ] {
        must(
            sm.put_resource_policy()
                .secret_id(name)
                .resource_policy(allow(principal))
                .send()
                .await,
            "PutResourcePolicy",
        );
    }
}

#[tokio::test]
async fn secrets_give_the_expected_verdicts() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory =
        crate::support::collect_services(&moto, &["us-east-1"], &["secretsmanager", "kms"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
