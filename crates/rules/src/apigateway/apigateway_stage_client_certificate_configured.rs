//! API Gateway REST API stages use a client certificate for backend authentication.

use crate::rule::judged;
use cloudward_model::apigateway::Stage;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `clientCertificateId`. The backend must still be configured to verify the certificate: that is outside AWS and not judged.
pub struct ApigatewayStageClientCertificateConfigured;

const META: RuleMeta = RuleMeta {
    id: "apigateway-stage-client-certificate-configured",
    title: "API Gateway REST API stages use a client certificate for backend authentication",
    severity: Severity::Medium,
    service: "apigateway",
    kinds: Stage::KINDS,
    checks: "For each REST API stage, whether an API Gateway client certificate is configured, so HTTP backends can verify that requests come from API Gateway.",
    rationale: "Without a client certificate an HTTP integration endpoint cannot tell API Gateway from any other caller on the internet, so anyone who finds the backend can bypass the API's authorization, throttling and WAF.",
    remediation: Remediation {
        console: "API Gateway console > Client certificates > Generate > then APIs > <api> > Stages > <stage> > Stage details > Edit > Client certificate: choose it > Save. Configure the backend to require it.",
        cli: "aws apigateway generate-client-certificate --description <description>; aws apigateway update-stage --rest-api-id <api-id> --stage-name <stage> --patch-operations op=replace,path=/clientCertificateId,value=<certificate-id>",
        terraform: "resource \"aws_api_gateway_client_certificate\" \"backend\" {\n  description = \"backend authentication\"\n}\n\nresource \"aws_api_gateway_stage\" \"this\" {\n  # ...\n  client_certificate_id = aws_api_gateway_client_certificate.backend.id\n}",
    },
    references: &["https://docs.aws.amazon.com/apigateway/latest/developerguide/getting-started-client-side-ssl-authentication.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-2"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["APIGateway.2"],
        well_architected: &["SEC09-BP03"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"example\"\n}\n\nresource \"aws_api_gateway_stage\" \"prod\" {\n  rest_api_id   = aws_api_gateway_rest_api.api.id\n  deployment_id = \"abc123\"\n  stage_name    = \"prod\"\n}\n",
        terraform_good: "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"example\"\n}\n\nresource \"aws_api_gateway_stage\" \"prod\" {\n  rest_api_id   = aws_api_gateway_rest_api.api.id\n  deployment_id = \"abc123\"\n  stage_name    = \"prod\"\n  client_certificate_id = \"a1b2c3\"\n}\n",
        cloudformation_bad: "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: example\n  Prod:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      RestApiId: !Ref Api\n      DeploymentId: abc123\n      StageName: prod\n",
        cloudformation_good: "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: example\n  Prod:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      RestApiId: !Ref Api\n      DeploymentId: abc123\n      StageName: prod\n      ClientCertificateId: a1b2c3\n",
    },
    file: file!(),
};

impl Check for ApigatewayStageClientCertificateConfigured {
    type Subject = Stage;
    const META: &'static RuleMeta = &META;

    fn judge(&self, s: &Stage, _: &Resource, _: &Inventory) -> Outcome {
        judged(
            &s.client_certificate_id,
            "client_certificate_id",
            |c| match c {
                Some(c) => Ok(format!(
                    "client certificate {c} authenticates API Gateway to the backend"
                )),
                None => {
                    Err("no client certificate: the backend cannot authenticate API Gateway".into())
                }
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

    fn judge(c: Value<Option<String>>) -> Status {
        let mut s = secure_stage();
        s.client_certificate_id = c;
        testing::judge(&ApigatewayStageClientCertificateConfigured, &stage(s))
    }

    #[test]
    fn a_certificate_passes() {
        assert_eq!(judge(Value::Known(Some("abc".into()))), Status::Pass);
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
