//! KMS against moto: keys rotated and not, a public key policy, a policy giving `kms:*` to
//! another account, a key pending deletion that a log group still uses, a disabled key in
//! use and one idle, and an asymmetric signing key. Collected with `logs`, whose log groups
//! are what makes a key "in use".
//!
//! Labels are each key's alias (the collector names keys by their first alias).

use aws_sdk_kms::types::{KeySpec, KeyUsageType};
use cloudward_model::Status::{Fail, NotApplicable as NA, Pass};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::{Moto, ACCOUNT_ID};

/// The expectations.
pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const ROWS: &[Row] = &[
    (
        "kms-key-rotation-enabled",
        "alias/acme-rotated@us-east-1",
        Pass,
    ),
    (
        "kms-key-rotation-enabled",
        "alias/acme-static@us-east-1",
        Fail,
    ),
    (
        "kms-key-rotation-enabled",
        "alias/acme-public@us-east-1",
        Pass,
    ),
    (
        "kms-key-rotation-enabled",
        "alias/acme-partner@us-east-1",
        Pass,
    ),
    (
        "kms-key-rotation-enabled",
        "alias/acme-doomed@us-east-1",
        NA,
    ),
    (
        "kms-key-rotation-enabled",
        "alias/acme-disabled-used@us-east-1",
        Pass,
    ),
    (
        "kms-key-rotation-enabled",
        "alias/acme-disabled-idle@us-east-1",
        Pass,
    ),
    (
        "kms-key-rotation-enabled",
        "alias/acme-signing@us-east-1",
        NA,
    ),
    (
        "kms-key-policy-not-public",
        "alias/acme-rotated@us-east-1",
        Pass,
    ),
    (
        "kms-key-policy-not-public",
        "alias/acme-static@us-east-1",
        Pass,
    ),
    (
        "kms-key-policy-not-public",
        "alias/acme-public@us-east-1",
        Fail,
    ),
    (
        "kms-key-policy-not-public",
        "alias/acme-partner@us-east-1",
        Pass,
    ),
    (
        "kms-key-policy-not-public",
        "alias/acme-doomed@us-east-1",
        Pass,
    ),
    (
        "kms-key-policy-not-public",
        "alias/acme-disabled-used@us-east-1",
        Pass,
    ),
    (
        "kms-key-policy-not-public",
        "alias/acme-disabled-idle@us-east-1",
        Pass,
    ),
    (
        "kms-key-policy-not-public",
        "alias/acme-signing@us-east-1",
        Pass,
    ),
    (
        "kms-key-policy-no-full-access-to-other-accounts",
        "alias/acme-rotated@us-east-1",
        Pass,
    ),
    (
        "kms-key-policy-no-full-access-to-other-accounts",
        "alias/acme-static@us-east-1",
        Pass,
    ),
    (
        "kms-key-policy-no-full-access-to-other-accounts",
        "alias/acme-public@us-east-1",
        Pass,
    ),
    (
        "kms-key-policy-no-full-access-to-other-accounts",
        "alias/acme-partner@us-east-1",
        Fail,
    ),
    (
        "kms-key-policy-no-full-access-to-other-accounts",
        "alias/acme-doomed@us-east-1",
        Pass,
    ),
    (
        "kms-key-policy-no-full-access-to-other-accounts",
        "alias/acme-disabled-used@us-east-1",
        Pass,
    ),
    (
        "kms-key-policy-no-full-access-to-other-accounts",
        "alias/acme-disabled-idle@us-east-1",
        Pass,
    ),
    (
        "kms-key-policy-no-full-access-to-other-accounts",
        "alias/acme-signing@us-east-1",
        Pass,
    ),
    (
        "kms-key-not-pending-deletion",
        "alias/acme-rotated@us-east-1",
        Pass,
    ),
    (
        "kms-key-not-pending-deletion",
        "alias/acme-static@us-east-1",
        Pass,
    ),
    (
        "kms-key-not-pending-deletion",
        "alias/acme-public@us-east-1",
        Pass,
    ),
    (
        "kms-key-not-pending-deletion",
        "alias/acme-partner@us-east-1",
        Pass,
    ),
    (
        "kms-key-not-pending-deletion",
        "alias/acme-doomed@us-east-1",
        Fail,
    ),
    (
        "kms-key-not-pending-deletion",
        "alias/acme-disabled-used@us-east-1",
        Pass,
    ),
    (
        "kms-key-not-pending-deletion",
        "alias/acme-disabled-idle@us-east-1",
        Pass,
    ),
    (
        "kms-key-not-pending-deletion",
        "alias/acme-signing@us-east-1",
        Pass,
    ),
    (
        "kms-key-in-use-not-disabled",
        "alias/acme-rotated@us-east-1",
        Pass,
    ),
    (
        "kms-key-in-use-not-disabled",
        "alias/acme-static@us-east-1",
        Pass,
    ),
    (
        "kms-key-in-use-not-disabled",
        "alias/acme-public@us-east-1",
        Pass,
    ),
    (
        "kms-key-in-use-not-disabled",
        "alias/acme-partner@us-east-1",
        Pass,
    ),
    (
        "kms-key-in-use-not-disabled",
        "alias/acme-doomed@us-east-1",
        Pass,
    ),
    (
        "kms-key-in-use-not-disabled",
        "alias/acme-disabled-used@us-east-1",
        Fail,
    ),
    (
        "kms-key-in-use-not-disabled",
        "alias/acme-disabled-idle@us-east-1",
        Pass,
    ),
    (
        "kms-key-in-use-not-disabled",
        "alias/acme-signing@us-east-1",
        Pass,
    ),
];

fn policy(extra: serde_json::Value) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Admin", "Effect": "Allow",
             "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT_ID}:root")},
             "Action": "kms:*", "Resource": "*"},
            extra
        ]
    })
    .to_string()
}

/// Create a key with an alias; returns its id and ARN (moto's ScheduleKeyDeletion answers an
/// ARN with HTTP 500, so later calls use the id).
async fn key(
    kms: &aws_sdk_kms::Client,
    alias: &str,
    policy: Option<String>,
    rotate: bool,
) -> (String, String) {
    let out = must(
        kms.create_key()
            .description(alias)
            .set_policy(policy)
            .send()
            .await,
        "CreateKey",
    );
    let meta = out.key_metadata().expect("key metadata");
    let id = meta.key_id().to_string();
    must(
        kms.create_alias()
            .alias_name(format!("alias/{alias}"))
            .target_key_id(&id)
            .send()
            .await,
        "CreateAlias",
    );
    if rotate {
        must(
            kms.enable_key_rotation().key_id(&id).send().await,
            "EnableKeyRotation",
        );
    }
    (id, meta.arn().expect("key arn").to_string())
}

async fn provision(moto: &Moto) {
    let config = moto.sdk_config("us-east-1").await;
    let kms = aws_sdk_kms::Client::new(&config);
    let logs = aws_sdk_cloudwatchlogs::Client::new(&config);
    key(&kms, "acme-rotated", None, true).await;
    key(&kms, "acme-static", None, false).await;
    let open = serde_json::json!({"Sid": "Everyone", "Effect": "Allow", "Principal": {"AWS": "*"},
        "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*"});
    key(&kms, "acme-public", Some(policy(open)), true).await;
    let partner = serde_json::json!({"Sid": "Partner", "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:*", "Resource": "*"});
    key(&kms, "acme-partner", Some(policy(partner)), true).await;
    let (doomed_id, doomed) = key(&kms, "acme-doomed", None, true).await;
    must(
        kms.schedule_key_deletion()
            .key_id(&doomed_id)
            .pending_window_in_days(7)
            .send()
            .await,
        "ScheduleKeyDeletion",
    );
    let (used_id, used) = key(&kms, "acme-disabled-used", None, true).await;
    must(
        kms.disable_key().key_id(&used_id).send().await,
        "DisableKey",
    );
    let (idle_id, _) = key(&kms, "acme-disabled-idle", None, true).await;
    must(
        kms.disable_key().key_id(&idle_id).send().await,
        "DisableKey",
    );
    let signing = must(
        kms.create_key()
            .key_spec(KeySpec::Rsa2048)
            .key_usage(KeyUsageType::SignVerify)
            .send()
            .await,
        "CreateKey (RSA)",
    );
    must(
        kms.create_alias()
            .alias_name("alias/acme-signing")
            .target_key_id(signing.key_metadata().expect("metadata").key_id())
            .send()
            .await,
        "CreateAlias",
    );
    for (group, key) in [("acme-app", &used), ("acme-archive", &doomed)] {
        must(
            logs.create_log_group()
                .log_group_name(group)
                .kms_key_id(key)
                .send()
                .await,
            "CreateLogGroup",
        );
    }
}

#[tokio::test]
async fn kms_keys_give_the_expected_verdicts() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["kms", "logs"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    // The key pending deletion names the log group that still uses it.
    let findings = cloudward_rules::engine::evaluate(&inventory, &cloudward_rules::catalogue());
    let doomed = findings
        .iter()
        .find(|f| f.rule_id == "kms-key-not-pending-deletion" && f.status == Fail)
        .expect("the doomed key fails");
    assert!(
        doomed.message.contains("CloudWatch log group acme-archive"),
        "{}",
        doomed.message
    );
}
