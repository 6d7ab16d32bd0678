//! ECR against moto: a public, mutable, unscanned repository with AES256 and no lifecycle
//! policy; one shared with an untrusted account; and a private, immutable, scanned repository
//! encrypted with a customer key and a lifecycle policy.

use aws_sdk_ecr::types::{
    EncryptionConfiguration, EncryptionType, ImageScanningConfiguration, ImageTagMutability,
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
        "ecr-repository-scanning-enabled",
        "open-repo@us-east-1",
        Fail,
    ),
    (
        "ecr-repository-scanning-enabled",
        "shared-repo@us-east-1",
        Fail,
    ),
    (
        "ecr-repository-scanning-enabled",
        "private-repo@us-east-1",
        Pass,
    ),
    (
        "ecr-repository-tag-immutability-enabled",
        "open-repo@us-east-1",
        Fail,
    ),
    (
        "ecr-repository-tag-immutability-enabled",
        "shared-repo@us-east-1",
        Fail,
    ),
    (
        "ecr-repository-tag-immutability-enabled",
        "private-repo@us-east-1",
        Pass,
    ),
    (
        "ecr-repository-lifecycle-policy-configured",
        "open-repo@us-east-1",
        Fail,
    ),
    (
        "ecr-repository-lifecycle-policy-configured",
        "shared-repo@us-east-1",
        Fail,
    ),
    (
        "ecr-repository-lifecycle-policy-configured",
        "private-repo@us-east-1",
        Pass,
    ),
    (
        "ecr-repository-policy-not-public",
        "open-repo@us-east-1",
        Fail,
    ),
    (
        "ecr-repository-policy-not-public",
        "shared-repo@us-east-1",
        Pass,
    ),
    (
        "ecr-repository-policy-not-public",
        "private-repo@us-east-1",
        Pass,
    ),
    (
        "ecr-repository-policy-trusted-accounts-only",
        "open-repo@us-east-1",
        Fail,
    ),
    (
        "ecr-repository-policy-trusted-accounts-only",
        "shared-repo@us-east-1",
        Fail,
    ),
    (
        "ecr-repository-policy-trusted-accounts-only",
        "private-repo@us-east-1",
        Pass,
    ),
    (
        "ecr-repository-encrypted-with-customer-key",
        "open-repo@us-east-1",
        Fail,
    ),
    (
        "ecr-repository-encrypted-with-customer-key",
        "shared-repo@us-east-1",
        Fail,
    ),
    (
        "ecr-repository-encrypted-with-customer-key",
        "private-repo@us-east-1",
        Pass,
    ),
];

const PUBLIC: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Anyone","Effect":"Allow","Principal":"*","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}"#;
const SHARED: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":["ecr:BatchGetImage"]}]}"#;
const OWN: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Owner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["ecr:BatchGetImage"]}]}"#;
const LIFECYCLE: &str = r#"{"rules":[{"rulePriority":1,"description":"expire untagged","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}"#;

async fn provision(moto: &Moto) {
    let config = moto.sdk_config("us-east-1").await;
    let ecr = aws_sdk_ecr::Client::new(&config);
    let kms = aws_sdk_kms::Client::new(&config);
    let key = must(kms.create_key().send().await, "kms:CreateKey");
    let key_arn = key
        .key_metadata()
        .and_then(|k| k.arn())
        .unwrap()
        .to_string();
    for (name, policy) in [("open-repo", PUBLIC), ("shared-repo", SHARED)] {
        must(
            ecr.create_repository().repository_name(name).send().await,
            "ecr:CreateRepository",
        );
        must(
            ecr.set_repository_policy()
                .repository_name(name)
                .policy_text(policy)
                .send()
                .await,
            "ecr:SetRepositoryPolicy",
        );
    }
    must(
        ecr.create_repository()
            .repository_name("private-repo")
            .image_tag_mutability(ImageTagMutability::Immutable)
            .image_scanning_configuration(
                ImageScanningConfiguration::builder()
                    .scan_on_push(true)
                    .build(),
            )
            .encryption_configuration(
                EncryptionConfiguration::builder()
                    .encryption_type(EncryptionType::Kms)
                    .kms_key(&key_arn)
                    .build()
                    .unwrap(),
            )
            .send()
            .await,
        "ecr:CreateRepository",
    );
    must(
        ecr.set_repository_policy()
            .repository_name("private-repo")
            .policy_text(OWN)
            .send()
            .await,
        "ecr:SetRepositoryPolicy",
    );
    must(
        ecr.put_lifecycle_policy()
            .repository_name("private-repo")
            .lifecycle_policy_text(LIFECYCLE)
            .send()
            .await,
        "ecr:PutLifecyclePolicy",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ecr_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["ecr"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
