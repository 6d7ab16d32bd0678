//! API Gateway REST API stages have X-Ray tracing enabled.

use crate::rule::flag;
use cloudward_model::apigateway::Stage;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `tracingEnabled`.
pub struct ApigatewayStageXrayTracingEnabled;

const META: RuleMeta = RuleMeta {
    id: "apigateway-stage-xray-tracing-enabled",
    title: "API Gateway REST API stages have X-Ray tracing enabled",
    severity: Severity::Low,
    service: "apigateway",
    kinds: Stage::KINDS,
    checks: "For each REST API stage, whether AWS X-Ray active tracing is enabled.",
    rationale: "Traces follow each request from API Gateway through its integrations, which shows where latency or errors come from and helps reconstruct what a suspicious request touched.",
    remediation: Remediation {
        console: "API Gateway console > APIs > <api> > Stages > <stage> > Logs and tracing > Edit > X-Ray tracing: on > Save.",
        cli: "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/tracingEnabled,value=true",
        terraform: "resource \"aws_api_gateway_stage\" \"this\" {\n  # ...\n  xray_tracing_enabled = true\n}",
    },
    references: &["https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-xray.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-3"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["APIGateway.3"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"example\"\n}\n\nresource \"aws_api_gateway_stage\" \"prod\" {\n  rest_api_id   = aws_api_gateway_rest_api.api.id\n  deployment_id = \"abc123\"\n  stage_name    = \"prod\"\n}\n",
        terraform_good: "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"example\"\n}\n\nresource \"aws_api_gateway_stage\" \"prod\" {\n  rest_api_id   = aws_api_gateway_rest_api.api.id\n  deployment_id = \"abc123\"\n  stage_name    = \"prod\"\n  xray_tracing_enabled = true\n}\n",
        cloudformation_bad: "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: example\n  Prod:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      RestApiId: !Ref Api\n      DeploymentId: abc123\n      StageName: prod\n",
        cloudformation_good: "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: example\n  Prod:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      RestApiId: !Ref Api\n      DeploymentId: abc123\n      StageName: prod\n      TracingEnabled: true\n",
    },
    file: file!(),
};

impl Check for ApigatewayStageXrayTracingEnabled {
    type Subject = Stage;
    const META: &'static RuleMeta = &META;

    fn judge(&self, s: &Stage, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &s.tracing_enabled,
            "tracing_enabled",
            "X-Ray tracing is enabled",
            "X-Ray tracing is disabled",
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::apigateway::test_helpers::{secure_stage, stage};
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(t: Value<bool>) -> Status {
        let mut s = secure_stage();
        s.tracing_enabled = t;
        testing::judge(&ApigatewayStageXrayTracingEnabled, &stage(s))
    }

    #[test]
    fn on_passes() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
    }

    #[test]
    fn off_fails() {
        assert_eq!(judge(Value::Known(false)), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
