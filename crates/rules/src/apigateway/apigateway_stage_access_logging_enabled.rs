//! API Gateway REST API stages have access logging enabled.

use crate::rule::judged;
use cloudward_model::apigateway::Stage;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `accessLogSettings.destinationArn` (a CloudWatch Logs group or a Firehose stream).
pub struct ApigatewayStageAccessLoggingEnabled;

const META: RuleMeta = RuleMeta {
    id: "apigateway-stage-access-logging-enabled",
    title: "API Gateway REST API stages have access logging enabled",
    severity: Severity::Medium,
    service: "apigateway",
    kinds: Stage::KINDS,
    checks: "For each REST API stage, whether access logging to CloudWatch Logs or Kinesis Data Firehose is configured.",
    rationale: "Access logs record who called the API (source IP, caller identity, request, status), one line per request, which CIS v7 4.10 requires of every AWS-managed web front end.",
    remediation: Remediation {
        console: "API Gateway console > APIs > <api> > Stages > <stage> > Logs and tracing > Edit > Custom access logging: on > destination log group ARN and log format > Save.",
        cli: "aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/accessLogSettings/destinationArn,value=<log-group-arn> op=replace,path=/accessLogSettings/format,value='$context.requestId $context.identity.sourceIp $context.status'",
        terraform: "resource \"aws_api_gateway_stage\" \"this\" {\n  # ...\n  access_log_settings {\n    destination_arn = aws_cloudwatch_log_group.api.arn\n    format          = \"$context.requestId $context.identity.sourceIp $context.status\"\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html#apigateway-cloudwatch-access-logs"],
    frameworks: Frameworks {
        cis_v7: &["4.10"],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"example\"\n}\n\nresource \"aws_api_gateway_stage\" \"prod\" {\n  rest_api_id   = aws_api_gateway_rest_api.api.id\n  deployment_id = \"abc123\"\n  stage_name    = \"prod\"\n}\n",
        terraform_good: "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"example\"\n}\n\nresource \"aws_api_gateway_stage\" \"prod\" {\n  rest_api_id   = aws_api_gateway_rest_api.api.id\n  deployment_id = \"abc123\"\n  stage_name    = \"prod\"\n  access_log_settings {\n    destination_arn = \"arn:aws:logs:us-east-1:123456789012:log-group:api-access\"\n    format          = \"$context.requestId $context.identity.sourceIp $context.status\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: example\n  Prod:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      RestApiId: !Ref Api\n      DeploymentId: abc123\n      StageName: prod\n",
        cloudformation_good: "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: example\n  Prod:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      RestApiId: !Ref Api\n      DeploymentId: abc123\n      StageName: prod\n      AccessLogSetting:\n        DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:api-access\n        Format: $context.requestId $context.identity.sourceIp $context.status\n",
    },
    file: file!(),
};

impl Check for ApigatewayStageAccessLoggingEnabled {
    type Subject = Stage;
    const META: &'static RuleMeta = &META;

    fn judge(&self, s: &Stage, _: &Resource, _: &Inventory) -> Outcome {
        judged(
            &s.access_log_destination,
            "access_log_destination",
            |d| match d {
                Some(d) => Ok(format!("access logs go to {d}")),
                None => Err("access logging is off".into()),
            },
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

    fn judge(d: Value<Option<String>>) -> Status {
        let mut s = secure_stage();
        s.access_log_destination = d;
        testing::judge(&ApigatewayStageAccessLoggingEnabled, &stage(s))
    }

    #[test]
    fn a_destination_passes() {
        assert_eq!(judge(secure_stage().access_log_destination), Status::Pass);
    }

    #[test]
    fn no_destination_fails() {
        assert_eq!(judge(Value::Known(None)), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
