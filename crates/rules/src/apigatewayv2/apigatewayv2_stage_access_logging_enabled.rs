//! API Gateway HTTP and WebSocket API stages have access logging enabled.

use crate::rule::judged;
use cloudward_model::apigatewayv2::Stage;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `AccessLogSettings.DestinationArn` (`GetStages`).
pub struct Apigatewayv2StageAccessLoggingEnabled;

const META: RuleMeta = RuleMeta {
    id: "apigatewayv2-stage-access-logging-enabled",
    title: "API Gateway HTTP and WebSocket API stages have access logging enabled",
    severity: Severity::Medium,
    service: "apigatewayv2",
    kinds: Stage::KINDS,
    checks: "For each HTTP or WebSocket API stage, whether access logging to a CloudWatch Logs group is configured.",
    rationale: "Access logs record who called the API (source IP, caller identity, route, status), one line per request, which CIS v7 4.10 requires of every AWS-managed web front end.",
    remediation: Remediation {
        console: "API Gateway console > APIs > <api> > Monitor > Logging > select the stage > Edit > Access logging: on > log group ARN and format > Save.",
        cli: "aws apigatewayv2 update-stage --api-id <api-id> --stage-name <stage> --access-log-settings DestinationArn=<log-group-arn>,Format='$context.requestId $context.identity.sourceIp $context.status'",
        terraform: "resource \"aws_apigatewayv2_stage\" \"this\" {\n  # ...\n  access_log_settings {\n    destination_arn = aws_cloudwatch_log_group.api.arn\n    format          = \"$context.requestId $context.identity.sourceIp $context.status\"\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-9"],
    frameworks: Frameworks {
        cis_v7: &["4.10"],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["APIGateway.9"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_apigatewayv2_api\" \"http\" {\n  name          = \"example\"\n  protocol_type = \"HTTP\"\n}\n\nresource \"aws_apigatewayv2_stage\" \"prod\" {\n  api_id      = aws_apigatewayv2_api.http.id\n  name        = \"prod\"\n  auto_deploy = true\n}\n",
        terraform_good: "resource \"aws_apigatewayv2_api\" \"http\" {\n  name          = \"example\"\n  protocol_type = \"HTTP\"\n}\n\nresource \"aws_apigatewayv2_stage\" \"prod\" {\n  api_id      = aws_apigatewayv2_api.http.id\n  name        = \"prod\"\n  auto_deploy = true\n  access_log_settings {\n    destination_arn = \"arn:aws:logs:us-east-1:123456789012:log-group:http-access\"\n    format          = \"$context.requestId $context.identity.sourceIp $context.status\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Http:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: example\n      ProtocolType: HTTP\n  Prod:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties:\n      ApiId: !Ref Http\n      StageName: prod\n      AutoDeploy: true\n",
        cloudformation_good: "Resources:\n  Http:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: example\n      ProtocolType: HTTP\n  Prod:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties:\n      ApiId: !Ref Http\n      StageName: prod\n      AutoDeploy: true\n      AccessLogSettings:\n        DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:http-access\n        Format: $context.requestId $context.identity.sourceIp $context.status\n",
    },
    file: file!(),
};

impl Check for Apigatewayv2StageAccessLoggingEnabled {
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
    use crate::apigatewayv2::test_helpers::stage;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(d: Value<Option<String>>) -> Status {
        testing::judge(
            &Apigatewayv2StageAccessLoggingEnabled,
            &stage(Stage {
                api_id: "a1".into(),
                protocol_type: "HTTP".into(),
                stage_name: "prod".into(),
                access_log_destination: d,
            }),
        )
    }

    #[test]
    fn a_destination_passes() {
        assert_eq!(
            judge(Value::Known(Some(
                "arn:aws:logs:us-east-1:123456789012:log-group:a".into()
            ))),
            Status::Pass
        );
    }

    #[test]
    fn none_fails() {
        assert_eq!(judge(Value::Known(None)), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
