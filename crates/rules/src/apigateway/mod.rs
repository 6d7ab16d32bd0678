//! API Gateway REST API rules: stage logging (execution and access), X-Ray tracing, client
//! certificates for backends, WAF, cache encryption; method authorization; custom domain TLS.

mod apigateway_domain_name_tls_1_2_required;
mod apigateway_method_authorization_required;
mod apigateway_stage_access_logging_enabled;
mod apigateway_stage_cache_encrypted;
mod apigateway_stage_client_certificate_configured;
mod apigateway_stage_execution_logging_enabled;
mod apigateway_stage_waf_enabled;
mod apigateway_stage_xray_tracing_enabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &apigateway_stage_execution_logging_enabled::ApigatewayStageExecutionLoggingEnabled,
    &apigateway_stage_access_logging_enabled::ApigatewayStageAccessLoggingEnabled,
    &apigateway_stage_client_certificate_configured::ApigatewayStageClientCertificateConfigured,
    &apigateway_stage_xray_tracing_enabled::ApigatewayStageXrayTracingEnabled,
    &apigateway_stage_waf_enabled::ApigatewayStageWafEnabled,
    &apigateway_stage_cache_encrypted::ApigatewayStageCacheEncrypted,
    &apigateway_method_authorization_required::ApigatewayMethodAuthorizationRequired,
    &apigateway_domain_name_tls_1_2_required::ApigatewayDomainNameTls12Required,
];

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::apigateway::{DomainName, Method, MethodSetting, Stage};
    use cloudward_model::{Attributes, Resource, Value};

    /// A stage resource `example/prod`.
    pub(crate) fn stage(s: Stage) -> Resource {
        cloudward_model::test_support::resource("example/prod", Attributes::ApigatewayStage(s))
    }

    /// A stage that passes every stage rule.
    pub(crate) fn secure_stage() -> Stage {
        Stage {
            rest_api_id: "a1".into(),
            rest_api_name: "example".into(),
            stage_name: "prod".into(),
            method_settings: Value::Known(vec![MethodSetting {
                key: "*/*".into(),
                logging_level: "INFO".into(),
                caching_enabled: true,
                cache_data_encrypted: true,
            }]),
            access_log_destination: Value::Known(Some(
                "arn:aws:logs:us-east-1:123456789012:log-group:api".into(),
            )),
            client_certificate_id: Value::Known(Some("c1".into())),
            tracing_enabled: Value::Known(true),
            web_acl_arn: Value::Known(Some(
                "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/1".into(),
            )),
            cache_cluster_enabled: Value::Known(true),
        }
    }

    /// A method resource.
    pub(crate) fn method(m: Method) -> Resource {
        cloudward_model::test_support::resource(
            "example GET /pets",
            Attributes::ApigatewayMethod(Method {
                resource_path: "/pets".into(),
                ..m
            }),
        )
    }

    /// A custom domain name resource.
    pub(crate) fn domain(d: DomainName) -> Resource {
        cloudward_model::test_support::resource(
            "api.example.com",
            Attributes::ApigatewayDomainName(d),
        )
    }
}
