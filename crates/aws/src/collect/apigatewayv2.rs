//! Amazon API Gateway HTTP and WebSocket APIs, per region: `GetApis`, then for each API
//! `GetRoutes` (authorization type) and `GetStages` (access logging).

use std::sync::Arc;

use aws_sdk_apigatewayv2::types::Api;
use cloudward_model::apigatewayv2::{Route, Stage};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

type Client = aws_sdk_apigatewayv2::Client;

/// Collect the routes and stages of every HTTP and WebSocket API of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_apigatewayv2, &ctx.config);
    let client = &client;
    let apis = paginate(ctx, "GetApis", |token| async move {
        let out = ctx
            .call("GetApis", client.get_apis().set_next_token(token).send())
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.items().to_vec(),
        })
    })
    .await;
    let apis = match apis {
        Ok(a) => a,
        Err(err) => {
            ctx.listing_failed(
                &err,
                &[
                    ResourceKind::Apigatewayv2Route,
                    ResourceKind::Apigatewayv2Stage,
                ],
            );
            return;
        }
    };
    join_all(apis.iter().map(|api| async move {
        if api.api_id().is_some() {
            futures_util::future::join(routes(ctx, client, api), stages(ctx, client, api)).await;
        }
    }))
    .await;
}

fn api_arn(ctx: &CollectContext, path: &str) -> String {
    crate::arn::arn(ctx.partition(), "apigateway", ctx.arn_region(), "", path)
}

fn ids(api: &Api) -> (&str, &str, String) {
    let id = api.api_id().unwrap_or_default();
    (
        id,
        api.name().unwrap_or(id),
        api.protocol_type()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
    )
}

async fn routes(ctx: &CollectContext, client: &Client, api: &Api) {
    let (id, name, protocol) = ids(api);
    let listed = paginate(ctx, "GetRoutes", |token| async move {
        let out = ctx
            .call_on(
                &format!("API {id}"),
                "GetRoutes",
                client.get_routes().api_id(id).set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.items().to_vec(),
        })
    })
    .await;
    let routes = match listed {
        Ok(r) => r,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::Apigatewayv2Route]);
            return;
        }
    };
    for r in routes {
        let (Some(route_id), Some(key)) = (r.route_id(), r.route_key()) else {
            continue;
        };
        let route = Route {
            api_id: id.to_string(),
            protocol_type: protocol.clone(),
            route_key: key.to_string(),
            // AuthorizationType is optional in the API and defaults to NONE.
            authorization_type: Value::Known(
                r.authorization_type()
                    .map(|a| a.as_str().to_string())
                    .unwrap_or_else(|| "NONE".to_string()),
            ),
        };
        ctx.push(ctx.resource(
            api_arn(ctx, &format!("/apis/{id}/routes/{route_id}")),
            format!("{name} {key}"),
            Attributes::Apigatewayv2Route(route),
        ));
    }
}

async fn stages(ctx: &CollectContext, client: &Client, api: &Api) {
    let (id, name, protocol) = ids(api);
    let listed = paginate(ctx, "GetStages", |token| async move {
        let out = ctx
            .call_on(
                &format!("API {id}"),
                "GetStages",
                client.get_stages().api_id(id).set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.items().to_vec(),
        })
    })
    .await;
    let stages = match listed {
        Ok(s) => s,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::Apigatewayv2Stage]);
            return;
        }
    };
    for s in stages {
        let Some(stage_name) = s.stage_name() else {
            continue;
        };
        let stage = Stage {
            api_id: id.to_string(),
            protocol_type: protocol.clone(),
            stage_name: stage_name.to_string(),
            access_log_destination: Value::Known(
                s.access_log_settings()
                    .and_then(|a| a.destination_arn())
                    .filter(|d| !d.is_empty())
                    .map(str::to_string),
            ),
        };
        let mut r = ctx.resource(
            api_arn(ctx, &format!("/apis/{id}/stages/{stage_name}")),
            format!("{name}/{stage_name}"),
            Attributes::Apigatewayv2Stage(stage),
        );
        // No tags: the field is absent.
        r.set_tags(
            s.tags()
                .map(|tags| tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default(),
        );
        ctx.push(r);
    }
}
