//! Systems Manager against moto: secret-named parameters stored as String, StringList and
//! SecureString, and a harmless String (only `DescribeParameters` is called: the recorder test
//! checks no value is read); a Command document shared with everyone and a private one; a
//! running instance. moto implements neither `DescribeInstanceInformation` nor
//! `ListResourceComplianceSummaries`, so the instance rules are Unknown.

use aws_sdk_ec2::types as ec2t;
use aws_sdk_ssm::types::{DocumentPermissionType, DocumentType, ParameterType};
use cloudward_model::Status::{Fail, Pass};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::Moto;

/// The expectations.
pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[
        (
            "ssm-instance-managed",
            "moto does not implement ssm:DescribeInstanceInformation",
        ),
        (
            "ssm-instance-patch-compliant",
            "moto does not implement ssm:ListResourceComplianceSummaries",
        ),
        (
            "ssm-instance-association-compliant",
            "moto does not implement ssm:ListResourceComplianceSummaries",
        ),
    ],
};

const ROWS: &[Row] = &[
    ("ssm-document-not-public", "ops-public@us-east-1", Fail),
    ("ssm-document-not-public", "ops-private@us-east-1", Pass),
    (
        "ssm-parameter-secure-string-for-secrets",
        "/acme/db/password@us-east-1",
        Fail,
    ),
    (
        "ssm-parameter-secure-string-for-secrets",
        "/acme/db/masterPassword@us-east-1",
        Pass,
    ),
    (
        "ssm-parameter-secure-string-for-secrets",
        "/acme/api/tokens@us-east-1",
        Fail,
    ),
    (
        "ssm-parameter-secure-string-for-secrets",
        "/acme/app/log-level@us-east-1",
        Pass,
    ),
];

const DOCUMENT: &str = r#"{"schemaVersion":"2.2","description":"ops","mainSteps":[{"action":"aws:runShellScript","name":"run","inputs":{"runCommand":["uptime"]}}]}"#;

async fn provision(moto: &Moto) {
    let config = moto.sdk_config("us-east-1").await;
    let ssm = aws_sdk_ssm::Client::new(&config);
    for name in ["ops-public", "ops-private"] {
        must(
            ssm.create_document()
                .name(name)
                .document_type(DocumentType::Command)
                .content(DOCUMENT)
                .send()
                .await,
            "CreateDocument",
        );
    }
    must(
        ssm.modify_document_permission()
            .name("ops-public")
            .permission_type(DocumentPermissionType::Share)
            .account_ids_to_add("all")
            .send()
            .await,
        "ModifyDocumentPermission",
    );
    must(
        aws_sdk_ec2::Client::new(&config)
            .run_instances()
            .image_id(crate::provision::AMI)
            .instance_type(ec2t::InstanceType::T3Micro)
            .min_count(1)
            .max_count(1)
            .tag_specifications(
                ec2t::TagSpecification::builder()
                    .resource_type(ec2t::ResourceType::Instance)
                    .tags(ec2t::Tag::builder().key("Name").value("app-1").build())
                    .build(),
            )
            .send()
            .await,
        "RunInstances",
    );
    for (name, kind, value) in [
        ("/acme/db/password", ParameterType::String, "hunter2"),
        (
            "/acme/db/masterPassword",
            ParameterType::SecureString,
            "hunter3",
        ),
        ("/acme/api/tokens", ParameterType::StringList, "a,b"),
        ("/acme/app/log-level", ParameterType::String, "info"),
    ] {
        must(
            ssm.put_parameter()
                .name(name)
                .r#type(kind)
                .value(value)
                .send()
                .await,
            "PutParameter",
        );
    }
}

#[tokio::test]
async fn parameters_give_the_expected_verdicts() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["ssm", "ec2"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
