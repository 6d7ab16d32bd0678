//! API Gateway REST API stages are associated with an AWS WAF web ACL.

use crate::rule::judged;
use cloudward_model::apigateway::Stage;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads the stage's `webAclArn` (WAFv2). In Terraform the association is an `aws_wafv2_web_acl_association` whose `resource_arn` is the stage's ARN (or a literal ARN naming the API and stage); in CloudFormation an `AWS::WAFv2::WebACLAssociation` with a literal `ResourceArn` naming the stage, and any association whose target is only known at deployment makes the stage Unknown.
pub struct ApigatewayStageWafEnabled;

const META: RuleMeta = RuleMeta {
    id: "apigateway-stage-waf-enabled",
    title: "API Gateway REST API stages are associated with an AWS WAF web ACL",
    severity: Severity::Medium,
    service: "apigateway",
    kinds: Stage::KINDS,
    checks: "For each REST API stage, whether a WAF web ACL is associated with it.",
    rationale: "A web ACL in front of the API blocks injection payloads, known bad inputs, bots and request floods before they reach the integration and its backend.",
    remediation: Remediation {
        console: "WAF console > Web ACLs (the API's region) > <web ACL> > Associated AWS resources > Add AWS resources > API Gateway REST API > select the stage > Add.",
        cli: "aws wafv2 associate-web-acl --web-acl-arn <web-acl-arn> --resource-arn arn:aws:apigateway:<region>::/restapis/<api-id>/stages/<stage>",
        terraform: "resource \"aws_wafv2_web_acl_association\" \"api\" {\n  resource_arn = aws_api_gateway_stage.this.arn\n  web_acl_arn  = aws_wafv2_web_acl.api.arn\n}",
    },
    references: &["https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-4"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["APIGateway.4"],
        well_architected: &["SEC05-BP03"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"example\"\n}\n\nresource \"aws_api_gateway_stage\" \"prod\" {\n  rest_api_id   = aws_api_gateway_rest_api.api.id\n  deployment_id = \"abc123\"\n  stage_name    = \"prod\"\n}\n",
        terraform_good: "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"example\"\n}\n\nresource \"aws_api_gateway_stage\" \"prod\" {\n  rest_api_id   = aws_api_gateway_rest_api.api.id\n  deployment_id = \"abc123\"\n  stage_name    = \"prod\"\n}\n\nresource \"aws_wafv2_web_acl_association\" \"prod\" {\n  resource_arn = aws_api_gateway_stage.prod.arn\n  web_acl_arn  = \"arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/a1b2c3d4\"\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for ApigatewayStageWafEnabled {
    type Subject = Stage;
    const META: &'static RuleMeta = &META;

    fn judge(&self, s: &Stage, _: &Resource, _: &Inventory) -> Outcome {
        judged(&s.web_acl_arn, "web_acl_arn", |w| match w {
            Some(w) => Ok(format!("web ACL {w} is associated")),
            None => Err("no WAF web ACL is associated".into()),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::apigateway::test_helpers::{secure_stage, stage};
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(w: Value<Option<String>>) -> Status {
        let mut s = secure_stage();
        s.web_acl_arn = w;
        testing::judge(&ApigatewayStageWafEnabled, &stage(s))
    }

    #[test]
    fn a_web_acl_passes() {
        assert_eq!(judge(secure_stage().web_acl_arn), Status::Pass);
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
