//! Lambda against moto: a public function on a deprecated runtime with a secret in a plain
//! environment, a function in one subnet, and a private, signed, traced function with an
//! encrypted environment in two Availability Zones. moto has no `ListFunctionUrlConfigs`, so
//! the function URL rule is Unknown here.

use aws_sdk_ec2::types::ResourceType;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{
    Environment, FunctionCode, Runtime, TracingConfig, TracingMode, VpcConfig,
};
use cloudward_model::Status::{Fail, NotApplicable, Pass, Unknown};

use super::Suite;
use crate::findings::Row;
use crate::provision::{must, tags};
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[(
        "lambda-function-url-auth-required",
        "moto does not implement ListFunctionUrlConfigs (HTML 404)",
    )],
};

const ROWS: &[Row] = &[
    (
        "lambda-function-policy-not-public",
        "open-fn@us-east-1",
        Fail,
    ),
    (
        "lambda-function-policy-not-public",
        "one-az-fn@us-east-1",
        Pass,
    ),
    (
        "lambda-function-policy-not-public",
        "private-fn@us-east-1",
        Pass,
    ),
    (
        "lambda-function-policy-trusted-accounts-only",
        "open-fn@us-east-1",
        Fail,
    ),
    (
        "lambda-function-policy-trusted-accounts-only",
        "one-az-fn@us-east-1",
        Fail,
    ),
    (
        "lambda-function-policy-trusted-accounts-only",
        "private-fn@us-east-1",
        Pass,
    ),
    (
        "lambda-function-runtime-supported",
        "open-fn@us-east-1",
        Fail,
    ),
    (
        "lambda-function-runtime-supported",
        "one-az-fn@us-east-1",
        Pass,
    ),
    (
        "lambda-function-runtime-supported",
        "private-fn@us-east-1",
        Pass,
    ),
    (
        "lambda-function-secrets-not-in-plain-environment",
        "open-fn@us-east-1",
        Fail,
    ),
    (
        "lambda-function-secrets-not-in-plain-environment",
        "one-az-fn@us-east-1",
        Pass,
    ),
    (
        "lambda-function-secrets-not-in-plain-environment",
        "private-fn@us-east-1",
        Pass,
    ),
    ("lambda-function-in-vpc", "open-fn@us-east-1", Fail),
    ("lambda-function-in-vpc", "one-az-fn@us-east-1", Pass),
    ("lambda-function-in-vpc", "private-fn@us-east-1", Pass),
    (
        "lambda-function-multi-az",
        "open-fn@us-east-1",
        NotApplicable,
    ),
    ("lambda-function-multi-az", "one-az-fn@us-east-1", Fail),
    ("lambda-function-multi-az", "private-fn@us-east-1", Pass),
    (
        "lambda-function-code-signing-enabled",
        "open-fn@us-east-1",
        Fail,
    ),
    (
        "lambda-function-code-signing-enabled",
        "one-az-fn@us-east-1",
        Fail,
    ),
    (
        "lambda-function-code-signing-enabled",
        "private-fn@us-east-1",
        Pass,
    ),
    ("lambda-function-tracing-active", "open-fn@us-east-1", Fail),
    (
        "lambda-function-tracing-active",
        "one-az-fn@us-east-1",
        Fail,
    ),
    (
        "lambda-function-tracing-active",
        "private-fn@us-east-1",
        Pass,
    ),
    (
        "lambda-function-url-auth-required",
        "open-fn@us-east-1",
        Unknown,
    ),
    (
        "lambda-function-url-auth-required",
        "one-az-fn@us-east-1",
        Unknown,
    ),
    (
        "lambda-function-url-auth-required",
        "private-fn@us-east-1",
        Unknown,
    ),
];

/// An empty zip archive (its end-of-central-directory record): moto stores the code, it does
/// not run it.
const EMPTY_ZIP: [u8; 22] = [
    0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

async fn provision(moto: &Moto) {
    let config = moto.sdk_config("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&config);
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let kms = aws_sdk_kms::Client::new(&config);
    let lambda = aws_sdk_lambda::Client::new(&config);
    let role = must(
        iam.create_role()
            .role_name("lambda-exec")
            .assume_role_policy_document(TRUST)
            .send()
            .await,
        "iam:CreateRole",
    );
    let role_arn = role.role().map(|r| r.arn().to_string()).unwrap();
    let vpc = must(
        ec2.create_vpc().cidr_block("10.60.0.0/16").send().await,
        "ec2:CreateVpc",
    );
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).unwrap().to_string();
    let mut subnets = Vec::new();
    for (cidr, zone, name) in [
        ("10.60.1.0/24", "us-east-1a", "fn-a"),
        ("10.60.2.0/24", "us-east-1b", "fn-b"),
    ] {
        let out = must(
            ec2.create_subnet()
                .vpc_id(&vpc_id)
                .cidr_block(cidr)
                .availability_zone(zone)
                .tag_specifications(tags(ResourceType::Subnet, name))
                .send()
                .await,
            "ec2:CreateSubnet",
        );
        subnets.push(
            out.subnet()
                .and_then(|s| s.subnet_id())
                .unwrap()
                .to_string(),
        );
    }
    // moto needs a VPC function's security groups as well as its subnets.
    let sg = must(
        ec2.create_security_group()
            .group_name("fn-sg")
            .description("functions")
            .vpc_id(&vpc_id)
            .send()
            .await,
        "ec2:CreateSecurityGroup",
    );
    let sg_id = sg.group_id().unwrap().to_string();
    let key = must(kms.create_key().send().await, "kms:CreateKey");
    let key_arn = key
        .key_metadata()
        .and_then(|k| k.arn())
        .unwrap()
        .to_string();

    let code = || {
        FunctionCode::builder()
            .zip_file(Blob::new(EMPTY_ZIP.to_vec()))
            .build()
    };
    let env = |vars: &[(&str, &str)]| {
        let mut e = Environment::builder();
        for (k, v) in vars {
            e = e.variables(*k, *v);
        }
        e.build()
    };
    // Public, deprecated runtime, secret in the plain environment, no VPC.
    must(
        lambda
            .create_function()
            .function_name("open-fn")
            .runtime(Runtime::Python38)
            .role(&role_arn)
            .handler("app.handler")
            .code(code())
            .environment(env(&[("DB_PASSWORD", "hunter2")]))
            .send()
            .await,
        "lambda:CreateFunction",
    );
    must(
        lambda
            .add_permission()
            .function_name("open-fn")
            .statement_id("Anyone")
            .action("lambda:InvokeFunction")
            .principal("*")
            .send()
            .await,
        "lambda:AddPermission",
    );
    // In a VPC but one subnet; invocable by an untrusted account.
    must(
        lambda
            .create_function()
            .function_name("one-az-fn")
            .runtime(Runtime::Python313)
            .role(&role_arn)
            .handler("app.handler")
            .code(code())
            .environment(env(&[("LOG_LEVEL", "info")]))
            .vpc_config(
                VpcConfig::builder()
                    .subnet_ids(&subnets[0])
                    .security_group_ids(&sg_id)
                    .build(),
            )
            .send()
            .await,
        "lambda:CreateFunction",
    );
    must(
        lambda
            .add_permission()
            .function_name("one-az-fn")
            .statement_id("Partner")
            .action("lambda:InvokeFunction")
            .principal("999999999999")
            .send()
            .await,
        "lambda:AddPermission",
    );
    // Private, signed, traced, encrypted environment, two zones.
    must(
        lambda
            .create_function()
            .function_name("private-fn")
            .runtime(Runtime::Python313)
            .role(&role_arn)
            .handler("app.handler")
            .code(code())
            .kms_key_arn(&key_arn)
            .environment(env(&[("API_TOKEN", "t0k3n")]))
            .vpc_config(
                VpcConfig::builder()
                    .subnet_ids(&subnets[0])
                    .subnet_ids(&subnets[1])
                    .security_group_ids(&sg_id)
                    .build(),
            )
            .tracing_config(TracingConfig::builder().mode(TracingMode::Active).build())
            .code_signing_config_arn(
                "arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0",
            )
            .send()
            .await,
        "lambda:CreateFunction",
    );
    must(
        lambda
            .add_permission()
            .function_name("private-fn")
            .statement_id("Uploads")
            .action("lambda:InvokeFunction")
            .principal("s3.amazonaws.com")
            .source_arn("arn:aws:s3:::example-uploads")
            .source_account("123456789012")
            .send()
            .await,
        "lambda:AddPermission",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lambda_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory =
        crate::support::collect_services(&moto, &["us-east-1"], &["lambda", "ec2"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n")); // The execution role is collected (the exposure graph follows function → role).
    let functions: Vec<_> = inventory
        .of_kind(cloudward_model::ResourceKind::LambdaFunction)
        .filter_map(cloudward_model::Resource::as_lambda_function)
        .collect();
    assert!(!functions.is_empty());
    for f in functions {
        assert_eq!(
            f.role,
            cloudward_model::Value::Known("arn:aws:iam::123456789012:role/lambda-exec".into()),
            "{}",
            f.function_name
        );
    }
}
