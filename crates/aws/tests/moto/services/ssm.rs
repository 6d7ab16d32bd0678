//! SSM Parameter Store against moto: secret-named parameters stored as String, StringList and
//! SecureString, and a harmless String. Only `DescribeParameters` is called (the recorder test
//! checks no value is read).

use aws_sdk_ssm::types::ParameterType;
use cloudward_model::Status::{Fail, Pass};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::Moto;

/// The expectations.
pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const ROWS: &[Row] = &[
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

async fn provision(moto: &Moto) {
    let config = moto.sdk_config("us-east-1").await;
    let ssm = aws_sdk_ssm::Client::new(&config);
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
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["ssm"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
