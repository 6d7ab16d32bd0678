//! API Gateway against moto: REST APIs `open-api` (an unauthenticated GET and a CORS OPTIONS,
//! a stage with no logging or tracing and an unencrypted cache) and `locked-api` (IAM and
//! API-key methods, a stage with execution and access logs, X-Ray and an encrypted cache);
//! custom domains with TLS 1.0 and TLS 1.2; an HTTP API with an open and an IAM route and a
//! logged and an unlogged stage.
//!
//! moto gaps: `UpdateStage` ignores `/clientCertificateId` (and `GenerateClientCertificate` is
//! an HTML 404), so no stage can pass `apigateway-stage-client-certificate-configured`; a web
//! ACL is associated through WAFv2, whose SDK this suite does not provision, so
//! `apigateway-stage-waf-enabled` is exercised on its Fail side only (Pass: unit tests).

use aws_sdk_apigateway::types::{
    CacheClusterSize, EndpointConfiguration, EndpointType, IntegrationType, Op, PatchOperation,
    SecurityPolicy,
};
use cloudward_model::Status::{Fail, NotApplicable, Pass};

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
        "apigateway-stage-execution-logging-enabled",
        "open-api/prod@us-east-1",
        Fail,
    ),
    (
        "apigateway-stage-execution-logging-enabled",
        "locked-api/prod@us-east-1",
        Pass,
    ),
    (
        "apigateway-stage-access-logging-enabled",
        "open-api/prod@us-east-1",
        Fail,
    ),
    (
        "apigateway-stage-access-logging-enabled",
        "locked-api/prod@us-east-1",
        Pass,
    ),
    (
        "apigateway-stage-client-certificate-configured",
        "open-api/prod@us-east-1",
        Fail,
    ),
    // moto ignores the clientCertificateId patch.
    (
        "apigateway-stage-client-certificate-configured",
        "locked-api/prod@us-east-1",
        Fail,
    ),
    (
        "apigateway-stage-xray-tracing-enabled",
        "open-api/prod@us-east-1",
        Fail,
    ),
    (
        "apigateway-stage-xray-tracing-enabled",
        "locked-api/prod@us-east-1",
        Pass,
    ),
    (
        "apigateway-stage-waf-enabled",
        "open-api/prod@us-east-1",
        Fail,
    ),
    // No WAFv2 association is provisioned (see the module doc).
    (
        "apigateway-stage-waf-enabled",
        "locked-api/prod@us-east-1",
        Fail,
    ),
    (
        "apigateway-stage-cache-encrypted",
        "open-api/prod@us-east-1",
        Fail,
    ),
    (
        "apigateway-stage-cache-encrypted",
        "locked-api/prod@us-east-1",
        Pass,
    ),
    (
        "apigateway-method-authorization-required",
        "open-api GET /pets@us-east-1",
        Fail,
    ),
    (
        "apigateway-method-authorization-required",
        "open-api OPTIONS /pets@us-east-1",
        NotApplicable,
    ),
    (
        "apigateway-method-authorization-required",
        "locked-api GET /pets@us-east-1",
        Pass,
    ),
    (
        "apigateway-method-authorization-required",
        "locked-api POST /pets@us-east-1",
        Pass,
    ),
    (
        "apigateway-domain-name-tls-1-2-required",
        "legacy.example.com@us-east-1",
        Fail,
    ),
    (
        "apigateway-domain-name-tls-1-2-required",
        "api.example.com@us-east-1",
        Pass,
    ),
    (
        "apigatewayv2-route-authorization-required",
        "http-api GET /open@us-east-1",
        Fail,
    ),
    (
        "apigatewayv2-route-authorization-required",
        "http-api GET /iam@us-east-1",
        Pass,
    ),
    (
        "apigatewayv2-stage-access-logging-enabled",
        "http-api/prod@us-east-1",
        Pass,
    ),
    (
        "apigatewayv2-stage-access-logging-enabled",
        "http-api/dev@us-east-1",
        Fail,
    ),
];

fn patch(path: &str, value: &str) -> PatchOperation {
    PatchOperation::builder()
        .op(Op::Replace)
        .path(path)
        .value(value)
        .build()
}

/// A REST API `name` with methods on `/pets` (`(verb, authorization, api key)`) and a `prod`
/// stage updated with `patches`.
async fn rest_api(
    ag: &aws_sdk_apigateway::Client,
    name: &str,
    methods: &[(&str, &str, bool)],
    tracing: bool,
    patches: Vec<PatchOperation>,
) {
    let api = must(
        ag.create_rest_api().name(name).send().await,
        "apigateway:CreateRestApi",
    );
    let id = api.id().expect("api id").to_string();
    let resources = must(
        ag.get_resources().rest_api_id(&id).send().await,
        "apigateway:GetResources",
    );
    let root = resources
        .items()
        .iter()
        .find(|r| r.path() == Some("/"))
        .and_then(|r| r.id())
        .expect("root resource")
        .to_string();
    let pets = must(
        ag.create_resource()
            .rest_api_id(&id)
            .parent_id(&root)
            .path_part("pets")
            .send()
            .await,
        "apigateway:CreateResource",
    );
    let pets = pets.id().expect("resource id").to_string();
    for (verb, auth, key) in methods {
        must(
            ag.put_method()
                .rest_api_id(&id)
                .resource_id(&pets)
                .http_method(*verb)
                .authorization_type(*auth)
                .api_key_required(*key)
                .send()
                .await,
            "apigateway:PutMethod",
        );
        must(
            ag.put_integration()
                .rest_api_id(&id)
                .resource_id(&pets)
                .http_method(*verb)
                .r#type(IntegrationType::Mock)
                .send()
                .await,
            "apigateway:PutIntegration",
        );
    }
    let deployment = must(
        ag.create_deployment().rest_api_id(&id).send().await,
        "apigateway:CreateDeployment",
    );
    must(
        ag.create_stage()
            .rest_api_id(&id)
            .stage_name("prod")
            .deployment_id(deployment.id().expect("deployment id"))
            .tracing_enabled(tracing)
            .cache_cluster_enabled(true)
            .cache_cluster_size(CacheClusterSize::from("0.5"))
            .send()
            .await,
        "apigateway:CreateStage",
    );
    must(
        ag.update_stage()
            .rest_api_id(&id)
            .stage_name("prod")
            .set_patch_operations(Some(patches))
            .send()
            .await,
        "apigateway:UpdateStage",
    );
}

async fn provision(moto: &Moto) {
    let config = moto.sdk_config("us-east-1").await;
    let ag = aws_sdk_apigateway::Client::new(&config);
    rest_api(
        &ag,
        "open-api",
        &[("GET", "NONE", false), ("OPTIONS", "NONE", false)],
        false,
        vec![
            patch("/*/*/caching/enabled", "true"),
            patch("/*/*/caching/dataEncrypted", "false"),
        ],
    )
    .await;
    rest_api(
        &ag,
        "locked-api",
        &[("GET", "AWS_IAM", false), ("POST", "NONE", true)],
        true,
        vec![
            patch("/*/*/logging/loglevel", "INFO"),
            patch(
                "/accessLogSettings/destinationArn",
                "arn:aws:logs:us-east-1:123456789012:log-group:api-access",
            ),
            patch("/accessLogSettings/format", "$context.requestId"),
            patch("/clientCertificateId", "cc1234"),
            patch("/*/*/caching/enabled", "true"),
            patch("/*/*/caching/dataEncrypted", "true"),
        ],
    )
    .await;
    for (domain, policy) in [
        ("legacy.example.com", SecurityPolicy::Tls10),
        ("api.example.com", SecurityPolicy::Tls12),
    ] {
        must(
            ag.create_domain_name()
                .domain_name(domain)
                .regional_certificate_arn("arn:aws:acm:us-east-1:123456789012:certificate/1234abcd")
                .security_policy(policy)
                .endpoint_configuration(
                    EndpointConfiguration::builder()
                        .types(EndpointType::Regional)
                        .build(),
                )
                .send()
                .await,
            "apigateway:CreateDomainName",
        );
    }

    let v2 = aws_sdk_apigatewayv2::Client::new(&config);
    let api = must(
        v2.create_api()
            .name("http-api")
            .protocol_type(aws_sdk_apigatewayv2::types::ProtocolType::Http)
            .send()
            .await,
        "apigateway:CreateApi",
    );
    let id = api.api_id().expect("api id").to_string();
    for (key, auth) in [
        ("GET /open", None),
        (
            "GET /iam",
            Some(aws_sdk_apigatewayv2::types::AuthorizationType::AwsIam),
        ),
    ] {
        must(
            v2.create_route()
                .api_id(&id)
                .route_key(key)
                .set_authorization_type(auth)
                .send()
                .await,
            "apigateway:CreateRoute",
        );
    }
    must(
        v2.create_stage()
            .api_id(&id)
            .stage_name("prod")
            .access_log_settings(
                aws_sdk_apigatewayv2::types::AccessLogSettings::builder()
                    .destination_arn("arn:aws:logs:us-east-1:123456789012:log-group:http-access")
                    .format("$context.requestId")
                    .build(),
            )
            .send()
            .await,
        "apigateway:CreateStage",
    );
    must(
        v2.create_stage().api_id(&id).stage_name("dev").send().await,
        "apigateway:CreateStage",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apigateway_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory =
        crate::support::collect_services(&moto, &["us-east-1"], &["apigateway", "apigatewayv2"])
            .await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
