//! Amazon API Gateway REST APIs (`GetRestApis`, `GetStages`, `GetResources` with methods,
//! `GetDomainNames`).

use serde::{Deserialize, Serialize};

use crate::Value;

/// A deployment stage of a REST API.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stage {
    /// The REST API's `id`.
    pub rest_api_id: String,
    /// The REST API's `name`.
    pub rest_api_name: String,
    /// `stageName`.
    pub stage_name: String,
    /// `methodSettings`: `*/*` for the stage-wide defaults, `<path>/<METHOD>` overrides.
    pub method_settings: Value<Vec<MethodSetting>>,
    /// `accessLogSettings.destinationArn`; `None`: access logging is off.
    pub access_log_destination: Value<Option<String>>,
    /// `clientCertificateId`; `None`: the backend cannot authenticate API Gateway.
    pub client_certificate_id: Value<Option<String>>,
    /// `tracingEnabled` (X-Ray).
    pub tracing_enabled: Value<bool>,
    /// `webAclArn` (a WAFv2 web ACL); `None` when no web ACL is associated.
    pub web_acl_arn: Value<Option<String>>,
    /// `cacheClusterEnabled`.
    pub cache_cluster_enabled: Value<bool>,
}

/// One entry of a stage's `methodSettings`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MethodSetting {
    /// The key: `*/*` or `<resource path>/<HTTP method>`.
    pub key: String,
    /// `loggingLevel`: `OFF`, `ERROR` or `INFO`.
    pub logging_level: String,
    /// `cachingEnabled`.
    pub caching_enabled: bool,
    /// `cacheDataEncrypted`.
    pub cache_data_encrypted: bool,
}

/// One method of one resource of a REST API.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Method {
    /// The REST API's `id`.
    pub rest_api_id: String,
    /// The resource's `path` (`/pets/{id}`).
    pub resource_path: String,
    /// `httpMethod` (`GET`, `ANY`, `OPTIONS`).
    pub http_method: String,
    /// `authorizationType`: `NONE`, `AWS_IAM`, `CUSTOM` or `COGNITO_USER_POOLS`.
    pub authorization_type: Value<String>,
    /// `apiKeyRequired`.
    pub api_key_required: Value<bool>,
}

/// A custom domain name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DomainName {
    /// `domainName`.
    pub domain_name: String,
    /// `securityPolicy`: `TLS_1_0`, `TLS_1_2` or a `SecurityPolicy_TLS13_...` /
    /// `SecurityPolicy_TLS12_...` enhanced policy.
    pub security_policy: Value<String>,
}
