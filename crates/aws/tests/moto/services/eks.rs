//! EKS against moto: a cluster with a public endpoint open to the internet, no secrets
//! encryption, API logs only and an old Kubernetes version, and a private cluster with KMS
//! secrets encryption, full control-plane logging and a current version.

use aws_sdk_eks::types::{
    EncryptionConfig, LogSetup, LogType, Logging, Provider, VpcConfigRequest,
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
        "eks-cluster-endpoint-not-public",
        "open-cluster@us-east-1",
        Fail,
    ),
    (
        "eks-cluster-endpoint-not-public",
        "private-cluster@us-east-1",
        Pass,
    ),
    (
        "eks-cluster-secrets-encrypted-with-kms",
        "open-cluster@us-east-1",
        Fail,
    ),
    (
        "eks-cluster-secrets-encrypted-with-kms",
        "private-cluster@us-east-1",
        Pass,
    ),
    (
        "eks-cluster-control-plane-logging-enabled",
        "open-cluster@us-east-1",
        Fail,
    ),
    (
        "eks-cluster-control-plane-logging-enabled",
        "private-cluster@us-east-1",
        Pass,
    ),
    (
        "eks-cluster-version-supported",
        "open-cluster@us-east-1",
        Fail,
    ),
    // Newer than every version in the table, so its verdict does not move with the clock.
    (
        "eks-cluster-version-supported",
        "private-cluster@us-east-1",
        Pass,
    ),
];

fn logging(types: &[LogType]) -> Logging {
    Logging::builder()
        .cluster_logging(
            LogSetup::builder()
                .set_types(Some(types.to_vec()))
                .enabled(true)
                .build(),
        )
        .build()
}

async fn provision(moto: &Moto) {
    let config = moto.sdk_config("us-east-1").await;
    let eks = aws_sdk_eks::Client::new(&config);
    let kms = aws_sdk_kms::Client::new(&config);
    let key = must(kms.create_key().send().await, "kms:CreateKey");
    let key_arn = key
        .key_metadata()
        .and_then(|k| k.arn())
        .unwrap()
        .to_string();
    let role = "arn:aws:iam::123456789012:role/eks-cluster";
    must(
        eks.create_cluster()
            .name("open-cluster")
            .version("1.28")
            .role_arn(role)
            .resources_vpc_config(
                VpcConfigRequest::builder()
                    .subnet_ids("subnet-0123456789abcdef0")
                    .endpoint_public_access(true)
                    .public_access_cidrs("0.0.0.0/0")
                    .build(),
            )
            .logging(logging(&[LogType::Api]))
            .send()
            .await,
        "eks:CreateCluster",
    );
    must(
        eks.create_cluster()
            .name("private-cluster")
            .version("1.99")
            .role_arn(role)
            .resources_vpc_config(
                VpcConfigRequest::builder()
                    .subnet_ids("subnet-0123456789abcdef0")
                    .endpoint_public_access(false)
                    .endpoint_private_access(true)
                    .build(),
            )
            .encryption_config(
                EncryptionConfig::builder()
                    .provider(Provider::builder().key_arn(&key_arn).build())
                    .build(),
            )
            .logging(logging(&[
                LogType::Api,
                LogType::Audit,
                LogType::Authenticator,
            ]))
            .send()
            .await,
        "eks:CreateCluster",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eks_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["eks"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
