//! API Gateway REST API stage caches are encrypted.

use cloudward_model::apigateway::Stage;
use cloudward_model::Evidence;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `methodSettings[*].cachingEnabled` and `cacheDataEncrypted`; not applicable when no method caches responses (FSBP APIGateway.5).
pub struct ApigatewayStageCacheEncrypted;

const META: RuleMeta = RuleMeta {
    id: "apigateway-stage-cache-encrypted",
    title: "API Gateway REST API stage caches are encrypted",
    severity: Severity::Medium,
    service: "apigateway",
    kinds: Stage::KINDS,
    checks: "For each REST API stage that caches responses, whether every method setting with caching enabled also encrypts the cache data.",
    rationale: "Cached responses may hold personal or authorization-scoped data; an unencrypted cache keeps it in clear text on the cache cluster's storage.",
    remediation: Remediation {
        console: "API Gateway console > APIs > <api> > Stages > <stage> > Stage details > Edit > Cache settings: Encrypt cache data > Save (and for each method override).",
        cli: "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/*/*/caching/dataEncrypted,value=true",
        terraform: "resource \"aws_api_gateway_method_settings\" \"all\" {\n  rest_api_id = aws_api_gateway_rest_api.this.id\n  stage_name  = aws_api_gateway_stage.this.stage_name\n  method_path = \"*/*\"\n  settings {\n    caching_enabled      = true\n    cache_data_encrypted = true\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-5"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["APIGateway.5"],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"example\"\n}\n\nresource \"aws_api_gateway_stage\" \"prod\" {\n  rest_api_id   = aws_api_gateway_rest_api.api.id\n  deployment_id = \"abc123\"\n  stage_name    = \"prod\"\n  cache_cluster_enabled = true\n  cache_cluster_size    = \"0.5\"\n}\n\nresource \"aws_api_gateway_method_settings\" \"all\" {\n  rest_api_id = aws_api_gateway_rest_api.api.id\n  stage_name  = aws_api_gateway_stage.prod.stage_name\n  method_path = \"*/*\"\n  settings {\n    caching_enabled      = true\n    cache_data_encrypted = false\n  }\n}\n",
        terraform_good: "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"example\"\n}\n\nresource \"aws_api_gateway_stage\" \"prod\" {\n  rest_api_id   = aws_api_gateway_rest_api.api.id\n  deployment_id = \"abc123\"\n  stage_name    = \"prod\"\n  cache_cluster_enabled = true\n  cache_cluster_size    = \"0.5\"\n}\n\nresource \"aws_api_gateway_method_settings\" \"all\" {\n  rest_api_id = aws_api_gateway_rest_api.api.id\n  stage_name  = aws_api_gateway_stage.prod.stage_name\n  method_path = \"*/*\"\n  settings {\n    caching_enabled      = true\n    cache_data_encrypted = true\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: example\n  Prod:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      RestApiId: !Ref Api\n      DeploymentId: abc123\n      StageName: prod\n      CacheClusterEnabled: true\n      CacheClusterSize: \"0.5\"\n      MethodSettings:\n        - ResourcePath: /*\n          HttpMethod: \"*\"\n          CachingEnabled: true\n          CacheDataEncrypted: false\n",
        cloudformation_good: "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: example\n  Prod:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      RestApiId: !Ref Api\n      DeploymentId: abc123\n      StageName: prod\n      CacheClusterEnabled: true\n      CacheClusterSize: \"0.5\"\n      MethodSettings:\n        - ResourcePath: /*\n          HttpMethod: \"*\"\n          CachingEnabled: true\n          CacheDataEncrypted: true\n",
    },
    file: file!(),
};

impl Check for ApigatewayStageCacheEncrypted {
    type Subject = Stage;
    const META: &'static RuleMeta = &META;

    fn judge(&self, s: &Stage, _: &Resource, _: &Inventory) -> Outcome {
        let settings = match s.method_settings.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(s) => s,
        };
        let caching: Vec<_> = settings.iter().filter(|m| m.caching_enabled).collect();
        if caching.is_empty() {
            return Outcome::not_applicable("no method of the stage caches responses");
        }
        let clear: Vec<&str> = caching
            .iter()
            .filter(|m| !m.cache_data_encrypted)
            .map(|m| m.key.as_str())
            .collect();
        if clear.is_empty() {
            Outcome::Pass(Evidence::at(
                "method_settings",
                "every cached method encrypts its cache data",
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "method_settings",
                format!("cache data is not encrypted for {}", clear.join(", ")),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::apigateway::test_helpers::{secure_stage, stage};
    use crate::rule::testing;
    use cloudward_model::apigateway::MethodSetting;
    use cloudward_model::{Status, Value};

    fn judge(caching: bool, encrypted: bool) -> Status {
        let mut s = secure_stage();
        s.method_settings = Value::Known(vec![MethodSetting {
            key: "*/*".into(),
            logging_level: "INFO".into(),
            caching_enabled: caching,
            cache_data_encrypted: encrypted,
        }]);
        testing::judge(&ApigatewayStageCacheEncrypted, &stage(s))
    }

    #[test]
    fn encrypted_cache_passes() {
        assert_eq!(judge(true, true), Status::Pass);
    }

    #[test]
    fn clear_cache_fails_and_no_cache_is_not_applicable() {
        assert_eq!(judge(true, false), Status::Fail);
        assert_eq!(judge(false, false), Status::NotApplicable);
    }

    #[test]
    fn unreadable_is_unknown() {
        let mut s = secure_stage();
        s.method_settings = Value::unknown("AccessDenied");
        assert_eq!(
            testing::judge(&ApigatewayStageCacheEncrypted, &stage(s)),
            Status::Unknown
        );
    }
}
