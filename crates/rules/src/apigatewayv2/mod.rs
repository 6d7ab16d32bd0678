//! API Gateway HTTP and WebSocket API rules: routes specify an authorization type, stages
//! log access.

mod apigatewayv2_route_authorization_required;
mod apigatewayv2_stage_access_logging_enabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &apigatewayv2_route_authorization_required::Apigatewayv2RouteAuthorizationRequired,
    &apigatewayv2_stage_access_logging_enabled::Apigatewayv2StageAccessLoggingEnabled,
];

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::apigatewayv2::{Route, Stage};
    use cloudward_model::{Attributes, Resource};

    /// A route resource.
    pub(crate) fn route(r: Route) -> Resource {
        cloudward_model::test_support::resource(
            "example GET /pets",
            Attributes::Apigatewayv2Route(r),
        )
    }

    /// A stage resource.
    pub(crate) fn stage(s: Stage) -> Resource {
        cloudward_model::test_support::resource("example/prod", Attributes::Apigatewayv2Stage(s))
    }
}
