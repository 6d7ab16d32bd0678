//! Athena against moto: the `primary` workgroup moto (like AWS) creates, unencrypted and not
//! enforced; a workgroup that encrypts results but lets clients override; and one that
//! encrypts with KMS and enforces.

use aws_sdk_athena::types::{
    EncryptionConfiguration, EncryptionOption, ResultConfiguration, WorkGroupConfiguration,
};
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
        "athena-workgroup-query-results-encrypted",
        "primary@us-east-1",
        Fail,
    ),
    (
        "athena-workgroup-query-results-encrypted",
        "loose@us-east-1",
        Pass,
    ),
    (
        "athena-workgroup-query-results-encrypted",
        "strict@us-east-1",
        Pass,
    ),
    (
        "athena-workgroup-configuration-enforced",
        "primary@us-east-1",
        Fail,
    ),
    (
        "athena-workgroup-configuration-enforced",
        "loose@us-east-1",
        Fail,
    ),
    (
        "athena-workgroup-configuration-enforced",
        "strict@us-east-1",
        Pass,
    ),
];

fn configuration(option: EncryptionOption, enforce: bool) -> WorkGroupConfiguration {
    WorkGroupConfiguration::builder()
        .enforce_work_group_configuration(enforce)
        .result_configuration(
            ResultConfiguration::builder()
                .output_location("s3://results/athena/")
                .encryption_configuration(
                    EncryptionConfiguration::builder()
                        .encryption_option(option)
                        .build()
                        .expect("encryption option set"),
                )
                .build(),
        )
        .build()
}

async fn provision(moto: &Moto) {
    let athena = aws_sdk_athena::Client::new(&moto.sdk_config("us-east-1").await);
    for (name, option, enforce) in [
        ("loose", EncryptionOption::SseS3, false),
        ("strict", EncryptionOption::SseKms, true),
    ] {
        must(
            athena
                .create_work_group()
                .name(name)
                .configuration(configuration(option, enforce))
                .send()
                .await,
            "athena:CreateWorkGroup",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn athena_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["athena"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
