//! SNS against moto: an encrypted private topic, and an unencrypted one whose policy is
//! public and shared with an untrusted account.

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
    ("sns-topic-encrypted-with-kms", "open-topic@us-east-1", Fail),
    (
        "sns-topic-encrypted-with-kms",
        "private-topic@us-east-1",
        Pass,
    ),
    ("sns-topic-policy-not-public", "open-topic@us-east-1", Fail),
    (
        "sns-topic-policy-not-public",
        "shared-topic@us-east-1",
        Pass,
    ),
    (
        "sns-topic-policy-not-public",
        "private-topic@us-east-1",
        Pass,
    ),
    (
        "sns-topic-policy-trusted-accounts-only",
        "open-topic@us-east-1",
        Fail,
    ),
    (
        "sns-topic-policy-trusted-accounts-only",
        "shared-topic@us-east-1",
        Fail,
    ),
    (
        "sns-topic-policy-trusted-accounts-only",
        "private-topic@us-east-1",
        Pass,
    ),
    (
        "sns-topic-encrypted-with-kms",
        "shared-topic@us-east-1",
        Fail,
    ),
];

const PUBLIC: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Anyone","Effect":"Allow","Principal":"*","Action":["SNS:Publish","SNS:Subscribe"],"Resource":"*"}]}"#;
const SHARED: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"SNS:Publish","Resource":"*"}]}"#;
const OWN: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Owner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"SNS:Publish","Resource":"*"}]}"#;

async fn provision(moto: &Moto) {
    let sns = aws_sdk_sns::Client::new(&moto.sdk_config("us-east-1").await);
    for (name, policy, key) in [
        ("open-topic", PUBLIC, None),
        ("shared-topic", SHARED, None),
        ("private-topic", OWN, Some("alias/aws/sns")),
    ] {
        let mut create = sns.create_topic().name(name).attributes("Policy", policy);
        if let Some(key) = key {
            create = create.attributes("KmsMasterKeyId", key);
        }
        must(create.send().await, "sns:CreateTopic");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sns_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["sns"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
