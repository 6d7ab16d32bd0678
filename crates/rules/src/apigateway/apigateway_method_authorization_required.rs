//! API Gateway REST API methods require authorization or an API key.

use crate::rule::flag;
use cloudward_model::apigateway::Method;
use cloudward_model::Evidence;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads each method's `authorizationType` and `apiKeyRequired` (`GetResources?embed=methods`). `OPTIONS` methods are CORS preflights, which browsers send without credentials: not applicable. A method meant to be public fails and should be suppressed with a reason, so that being open is a recorded decision.
pub struct ApigatewayMethodAuthorizationRequired;

const META: RuleMeta = RuleMeta {
    id: "apigateway-method-authorization-required",
    title: "API Gateway REST API methods require authorization or an API key",
    severity: Severity::High,
    service: "apigateway",
    kinds: Method::KINDS,
    checks: "For each REST API method other than OPTIONS, whether it uses an authorizer (AWS_IAM, a Lambda authorizer or a Cognito user pool) or requires an API key. authorizationType NONE without an API key fails.",
    rationale: "A method without authorization lets anyone on the internet invoke the integration behind it: read or change data, run a Lambda function at the account's expense, or reach an internal service.",
    remediation: Remediation {
        console: "API Gateway console > APIs > <api> > Resources > <resource> > <method> > Method request > Edit > Authorization: AWS IAM, a Cognito user pool or a Lambda authorizer (or API key required: on) > Save, then deploy the API.",
        cli: "aws apigateway update-method --rest-api-id <api-id> --resource-id <resource-id> --http-method <method> --patch-operations op=replace,path=/authorizationType,value=AWS_IAM; aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage>",
        terraform: "resource \"aws_api_gateway_method\" \"this\" {\n  rest_api_id   = aws_api_gateway_rest_api.this.id\n  resource_id   = aws_api_gateway_resource.this.id\n  http_method   = \"GET\"\n  authorization = \"AWS_IAM\"\n}",
    },
    references: &["https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"example\"\n}\n\nresource \"aws_api_gateway_resource\" \"pets\" {\n  rest_api_id = aws_api_gateway_rest_api.api.id\n  parent_id   = aws_api_gateway_rest_api.api.root_resource_id\n  path_part   = \"pets\"\n}\n\nresource \"aws_api_gateway_method\" \"get\" {\n  rest_api_id      = aws_api_gateway_rest_api.api.id\n  resource_id      = aws_api_gateway_resource.pets.id\n  http_method      = \"GET\"\n  authorization    = \"NONE\"\n  api_key_required = false\n}\n",
        terraform_good: "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"example\"\n}\n\nresource \"aws_api_gateway_resource\" \"pets\" {\n  rest_api_id = aws_api_gateway_rest_api.api.id\n  parent_id   = aws_api_gateway_rest_api.api.root_resource_id\n  path_part   = \"pets\"\n}\n\nresource \"aws_api_gateway_method\" \"get\" {\n  rest_api_id      = aws_api_gateway_rest_api.api.id\n  resource_id      = aws_api_gateway_resource.pets.id\n  http_method      = \"GET\"\n  authorization    = \"AWS_IAM\"\n  api_key_required = false\n}\n",
        cloudformation_bad: "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: example\n  Pets:\n    Type: AWS::ApiGateway::Resource\n    Properties:\n      RestApiId: !Ref Api\n      ParentId: !GetAtt Api.RootResourceId\n      PathPart: pets\n  GetPets:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n      ResourceId: !Ref Pets\n      HttpMethod: GET\n      AuthorizationType: NONE\n      ApiKeyRequired: false\n      Integration:\n        Type: MOCK\n",
        cloudformation_good: "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: example\n  Pets:\n    Type: AWS::ApiGateway::Resource\n    Properties:\n      RestApiId: !Ref Api\n      ParentId: !GetAtt Api.RootResourceId\n      PathPart: pets\n  GetPets:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n      ResourceId: !Ref Pets\n      HttpMethod: GET\n      AuthorizationType: AWS_IAM\n      ApiKeyRequired: false\n      Integration:\n        Type: MOCK\n",
    },
    file: file!(),
};

impl Check for ApigatewayMethodAuthorizationRequired {
    type Subject = Method;
    const META: &'static RuleMeta = &META;

    fn judge(&self, m: &Method, _: &Resource, _: &Inventory) -> Outcome {
        if m.http_method.eq_ignore_ascii_case("OPTIONS") {
            return Outcome::not_applicable(
                "OPTIONS answers CORS preflights, which carry no credentials",
            );
        }
        let auth = match m.authorization_type.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(a) => a,
        };
        if auth != "NONE" {
            return Outcome::Pass(Evidence::at(
                "authorization_type",
                format!("callers are authorized by {auth}"),
            ));
        }
        flag(
            &m.api_key_required,
            "api_key_required",
            "no authorizer, but an API key is required",
            format!(
                "{} {} needs no authorization and no API key: anyone can call it",
                m.http_method, m.resource_path
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::apigateway::test_helpers::method;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(verb: &str, auth: &str, key: Value<bool>) -> Status {
        let m = Method {
            http_method: verb.into(),
            authorization_type: Value::Known(auth.into()),
            api_key_required: key,
            ..Default::default()
        };
        testing::judge(&ApigatewayMethodAuthorizationRequired, &method(m))
    }

    #[test]
    fn an_authorizer_or_an_api_key_passes() {
        assert_eq!(judge("GET", "AWS_IAM", Value::Known(false)), Status::Pass);
        assert_eq!(judge("GET", "NONE", Value::Known(true)), Status::Pass);
    }

    #[test]
    fn open_methods_fail_but_options_is_not_applicable() {
        assert_eq!(judge("POST", "NONE", Value::Known(false)), Status::Fail);
        assert_eq!(
            judge("OPTIONS", "NONE", Value::Known(false)),
            Status::NotApplicable
        );
    }

    #[test]
    fn unknown_settings_are_unknown() {
        assert_eq!(
            judge("GET", "NONE", Value::unknown("AccessDenied")),
            Status::Unknown
        );
        let m = Method {
            http_method: "GET".into(),
            authorization_type: Value::unknown("AccessDenied"),
            ..Default::default()
        };
        assert_eq!(
            testing::judge(&ApigatewayMethodAuthorizationRequired, &method(m)),
            Status::Unknown
        );
    }
}
