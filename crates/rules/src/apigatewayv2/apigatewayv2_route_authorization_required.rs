//! API Gateway HTTP and WebSocket routes specify an authorization type.

use crate::rule::judged;
use cloudward_model::apigatewayv2::Route;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads each route's `AuthorizationType` (`GetRoutes`; absent means `NONE`). WebSocket APIs authorize only on `$connect`, so their other routes are not applicable. A route meant to be public fails and should be suppressed with a reason.
pub struct Apigatewayv2RouteAuthorizationRequired;

const META: RuleMeta = RuleMeta {
    id: "apigatewayv2-route-authorization-required",
    title: "API Gateway HTTP and WebSocket routes specify an authorization type",
    severity: Severity::Medium,
    service: "apigatewayv2",
    kinds: Route::KINDS,
    checks: "For each HTTP API route and each WebSocket $connect route, whether the authorization type is AWS_IAM, CUSTOM (Lambda authorizer) or JWT; NONE fails.",
    rationale: "A route without authorization lets anyone on the internet invoke its integration: read or change data, run a Lambda function at the account's expense, or reach a private service through a VPC link.",
    remediation: Remediation {
        console: "API Gateway console > APIs > <api> > Routes > <route> > Attach authorization > choose or create an authorizer (JWT, Lambda or IAM) > Attach.",
        cli: "aws apigatewayv2 update-route --api-id <api-id> --route-id <route-id> --authorization-type JWT --authorizer-id <authorizer-id>",
        terraform: "resource \"aws_apigatewayv2_route\" \"this\" {\n  api_id             = aws_apigatewayv2_api.this.id\n  route_key          = \"GET /pets\"\n  authorization_type = \"AWS_IAM\"\n}",
    },
    references: &["https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-8"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["APIGateway.8"],
        well_architected: &["SEC03-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_apigatewayv2_api\" \"http\" {\n  name          = \"example\"\n  protocol_type = \"HTTP\"\n}\n\nresource \"aws_apigatewayv2_route\" \"pets\" {\n  api_id    = aws_apigatewayv2_api.http.id\n  route_key = \"GET /pets\"\n}\n",
        terraform_good: "resource \"aws_apigatewayv2_api\" \"http\" {\n  name          = \"example\"\n  protocol_type = \"HTTP\"\n}\n\nresource \"aws_apigatewayv2_route\" \"pets\" {\n  api_id    = aws_apigatewayv2_api.http.id\n  route_key = \"GET /pets\"\n  authorization_type = \"AWS_IAM\"\n}\n",
        cloudformation_bad: "Resources:\n  Http:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: example\n      ProtocolType: HTTP\n  Pets:\n    Type: AWS::ApiGatewayV2::Route\n    Properties:\n      ApiId: !Ref Http\n      RouteKey: GET /pets\n",
        cloudformation_good: "Resources:\n  Http:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: example\n      ProtocolType: HTTP\n  Pets:\n    Type: AWS::ApiGatewayV2::Route\n    Properties:\n      ApiId: !Ref Http\n      RouteKey: GET /pets\n      AuthorizationType: AWS_IAM\n",
    },
    file: file!(),
};

impl Check for Apigatewayv2RouteAuthorizationRequired {
    type Subject = Route;
    const META: &'static RuleMeta = &META;

    fn judge(&self, r: &Route, _: &Resource, _: &Inventory) -> Outcome {
        if r.protocol_type == "WEBSOCKET" && r.route_key != "$connect" {
            return Outcome::not_applicable("WebSocket APIs authorize on the $connect route only");
        }
        judged(&r.authorization_type, "authorization_type", |a| {
            if a == "NONE" {
                Err(format!(
                    "route {} has no authorization: anyone can call it",
                    r.route_key
                ))
            } else {
                Ok(format!("route {} is authorized by {a}", r.route_key))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::apigatewayv2::test_helpers::route;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(protocol: &str, key: &str, auth: Value<String>) -> Status {
        testing::judge(
            &Apigatewayv2RouteAuthorizationRequired,
            &route(Route {
                api_id: "a1".into(),
                protocol_type: protocol.into(),
                route_key: key.into(),
                authorization_type: auth,
            }),
        )
    }

    #[test]
    fn an_authorizer_passes() {
        assert_eq!(
            judge("HTTP", "GET /pets", Value::Known("JWT".into())),
            Status::Pass
        );
        assert_eq!(
            judge("WEBSOCKET", "$connect", Value::Known("AWS_IAM".into())),
            Status::Pass
        );
    }

    #[test]
    fn none_fails_except_on_websocket_message_routes() {
        assert_eq!(
            judge("HTTP", "GET /pets", Value::Known("NONE".into())),
            Status::Fail
        );
        assert_eq!(
            judge("WEBSOCKET", "$connect", Value::Known("NONE".into())),
            Status::Fail
        );
        assert_eq!(
            judge("WEBSOCKET", "sendmessage", Value::Known("NONE".into())),
            Status::NotApplicable
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge("HTTP", "GET /pets", Value::unknown("AccessDenied")),
            Status::Unknown
        );
    }
}
