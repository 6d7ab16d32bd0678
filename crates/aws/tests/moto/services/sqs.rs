//! SQS against moto: an unencrypted public queue, a queue shared with an untrusted account
//! (SSE-SQS, moto's and AWS's default), and a KMS-encrypted private queue.

use aws_sdk_sqs::types::QueueAttributeName as A;
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
    ("sqs-queue-encrypted", "open-queue@us-east-1", Fail),
    ("sqs-queue-encrypted", "shared-queue@us-east-1", Pass),
    ("sqs-queue-encrypted", "private-queue@us-east-1", Pass),
    ("sqs-queue-policy-not-public", "open-queue@us-east-1", Fail),
    (
        "sqs-queue-policy-not-public",
        "shared-queue@us-east-1",
        Pass,
    ),
    (
        "sqs-queue-policy-not-public",
        "private-queue@us-east-1",
        Pass,
    ),
    (
        "sqs-queue-policy-trusted-accounts-only",
        "open-queue@us-east-1",
        Fail,
    ),
    (
        "sqs-queue-policy-trusted-accounts-only",
        "shared-queue@us-east-1",
        Fail,
    ),
    (
        "sqs-queue-policy-trusted-accounts-only",
        "private-queue@us-east-1",
        Pass,
    ),
];

const PUBLIC: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Anyone","Effect":"Allow","Principal":{"AWS":"*"},"Action":"sqs:SendMessage","Resource":"*"}]}"#;
const SHARED: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"999999999999"}}}]}"#;

async fn provision(moto: &Moto) {
    let sqs = aws_sdk_sqs::Client::new(&moto.sdk_config("us-east-1").await);
    must(
        sqs.create_queue()
            .queue_name("open-queue")
            .attributes(A::SqsManagedSseEnabled, "false")
            .attributes(A::Policy, PUBLIC)
            .send()
            .await,
        "sqs:CreateQueue open",
    );
    must(
        sqs.create_queue()
            .queue_name("shared-queue")
            .attributes(A::Policy, SHARED)
            .send()
            .await,
        "sqs:CreateQueue shared",
    );
    must(
        sqs.create_queue()
            .queue_name("private-queue")
            .attributes(A::KmsMasterKeyId, "alias/aws/sqs")
            .send()
            .await,
        "sqs:CreateQueue private",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqs_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["sqs"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
