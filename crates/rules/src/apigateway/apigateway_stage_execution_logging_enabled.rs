//! API Gateway REST API stages have execution logging enabled.

use crate::rule::judged;
use cloudward_model::apigateway::Stage;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `methodSettings`: the stage-wide `*/*` entry must log at `ERROR` or `INFO`, and no per-method override may turn logging `OFF` (FSBP APIGateway.1). A stage without a `*/*` entry logs nothing.
pub struct ApigatewayStageExecutionLoggingEnabled;

const META: RuleMeta = RuleMeta {
    id: "apigateway-stage-execution-logging-enabled",
    title: "API Gateway REST API stages have execution logging enabled",
    severity: Severity::Medium,
    service: "apigateway",
    kinds: Stage::KINDS,
    checks: "For each REST API stage, whether execution logging is on at level ERROR or INFO for all methods (stage-wide setting, with no method override set to OFF).",
    rationale: "Execution logs in CloudWatch record authorizer decisions, integration errors and throttling for every request, which is what an investigation of abuse or a failing backend needs.",
    remediation: Remediation {
        console: "API Gateway console > APIs > <api> > Stages > <stage> > Logs and tracing > Edit > CloudWatch logs: Errors and info logs > Save. (The account needs a CloudWatch Logs role in API Gateway > Settings.)",
        cli: "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/*/*/logging/loglevel,value=INFO",
        terraform: "resource \"aws_api_gateway_method_settings\" \"all\" {\n  rest_api_id = aws_api_gateway_rest_api.this.id\n  stage_name  = aws_api_gateway_stage.this.stage_name\n  method_path = \"*/*\"\n  settings {\n    logging_level = \"INFO\"\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-1"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["APIGateway.1"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"example\"\n}\n\nresource \"aws_api_gateway_stage\" \"prod\" {\n  rest_api_id   = aws_api_gateway_rest_api.api.id\n  deployment_id = \"abc123\"\n  stage_name    = \"prod\"\n}\n\nresource \"aws_api_gateway_method_settings\" \"all\" {\n  rest_api_id = aws_api_gateway_rest_api.api.id\n  stage_name  = aws_api_gateway_stage.prod.stage_name\n  method_path = \"*/*\"\n  settings {\n    logging_level = \"OFF\"\n  }\n}\n",
        terraform_good: "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"example\"\n}\n\nresource \"aws_api_gateway_stage\" \"prod\" {\n  rest_api_id   = aws_api_gateway_rest_api.api.id\n  deployment_id = \"abc123\"\n  stage_name    = \"prod\"\n}\n\nresource \"aws_api_gateway_method_settings\" \"all\" {\n  rest_api_id = aws_api_gateway_rest_api.api.id\n  stage_name  = aws_api_gateway_stage.prod.stage_name\n  method_path = \"*/*\"\n  settings {\n    logging_level = \"INFO\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: example\n  Prod:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      RestApiId: !Ref Api\n      DeploymentId: abc123\n      StageName: prod\n      MethodSettings:\n        - ResourcePath: /*\n          HttpMethod: \"*\"\n          LoggingLevel: \"OFF\"\n",
        cloudformation_good: "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: example\n  Prod:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      RestApiId: !Ref Api\n      DeploymentId: abc123\n      StageName: prod\n      MethodSettings:\n        - ResourcePath: /*\n          HttpMethod: \"*\"\n          LoggingLevel: INFO\n",
    },
    file: file!(),
};

impl Check for ApigatewayStageExecutionLoggingEnabled {
    type Subject = Stage;
    const META: &'static RuleMeta = &META;

    fn judge(&self, s: &Stage, _: &Resource, _: &Inventory) -> Outcome {
        judged(&s.method_settings, "method_settings", |settings| {
            let logs = |level: &str| level == "ERROR" || level == "INFO";
            let Some(all) = settings.iter().find(|m| m.key == "*/*") else {
                return Err("no stage-wide method settings: execution logging is off".into());
            };
            if !logs(&all.logging_level) {
                return Err(format!(
                    "stage-wide execution logging level is {}",
                    all.logging_level
                ));
            }
            let off: Vec<&str> = settings
                .iter()
                .filter(|m| m.key != "*/*" && !logs(&m.logging_level))
                .map(|m| m.key.as_str())
                .collect();
            if off.is_empty() {
                Ok(format!("execution logging at level {}", all.logging_level))
            } else {
                Err(format!("execution logging is off for {}", off.join(", ")))
            }
        })
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

    fn setting(key: &str, level: &str) -> MethodSetting {
        MethodSetting {
            key: key.into(),
            logging_level: level.into(),
            ..Default::default()
        }
    }

    fn judge(settings: Value<Vec<MethodSetting>>) -> Status {
        let mut s = secure_stage();
        s.method_settings = settings;
        testing::judge(&ApigatewayStageExecutionLoggingEnabled, &stage(s))
    }

    #[test]
    fn info_or_error_everywhere_passes() {
        assert_eq!(
            judge(Value::Known(vec![
                setting("*/*", "ERROR"),
                setting("pets/GET", "INFO")
            ])),
            Status::Pass
        );
    }

    #[test]
    fn off_or_missing_or_overridden_off_fails() {
        assert_eq!(judge(Value::Known(vec![])), Status::Fail);
        assert_eq!(
            judge(Value::Known(vec![setting("*/*", "OFF")])),
            Status::Fail
        );
        assert_eq!(
            judge(Value::Known(vec![
                setting("*/*", "INFO"),
                setting("pets/GET", "OFF")
            ])),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
