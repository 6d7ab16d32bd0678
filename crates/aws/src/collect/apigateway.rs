//! Amazon API Gateway REST APIs, per region: `GetRestApis`, then for each API `GetStages`
//! (logging, tracing, client certificate, web ACL, cache) and `GetResources` with the methods
//! embedded (authorization); `GetDomainNames` for custom domains (TLS security policy).

use std::sync::Arc;

use aws_sdk_apigateway::types::{Resource as ApiResource, RestApi};
use cloudward_model::apigateway::{DomainName, Method, MethodSetting, Stage};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the REST APIs' stages and methods, and the custom domain names, of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_apigateway, &ctx.config);
    let client = &client;
    let apis = paginate(ctx, "GetRestApis", |position| async move {
        let out = ctx
            .call(
                "GetRestApis",
                client.get_rest_apis().set_position(position).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.position().map(str::to_string),
            items: out.items().to_vec(),
        })
    })
    .await;
    match apis {
        Err(err) => ctx.listing_failed(
            &err,
            &[
                ResourceKind::ApigatewayStage,
                ResourceKind::ApigatewayMethod,
            ],
        ),
        Ok(apis) => {
            join_all(apis.iter().map(|api| async move {
                let (Some(id), name) = (api.id(), api.name().unwrap_or_default()) else {
                    return;
                };
                futures_util::future::join(
                    stages(ctx, client, id, name),
                    methods(ctx, client, api, id),
                )
                .await;
            }))
            .await;
        }
    }
    domain_names(ctx, client).await;
}

fn path_arn(ctx: &CollectContext, path: &str) -> String {
    crate::arn::arn(ctx.partition(), "apigateway", ctx.arn_region(), "", path)
}

async fn stages(ctx: &CollectContext, client: &aws_sdk_apigateway::Client, id: &str, name: &str) {
    let out = match ctx
        .call_on(
            &format!("REST API {id}"),
            "GetStages",
            client.get_stages().rest_api_id(id).send(),
        )
        .await
    {
        Ok(out) => out,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::ApigatewayStage]);
            return;
        }
    };
    for s in out.item() {
        let Some(stage_name) = s.stage_name() else {
            continue;
        };
        let mut settings: Vec<MethodSetting> = s
            .method_settings()
            .map(|m| {
                m.iter()
                    .map(|(key, v)| MethodSetting {
                        key: key.clone(),
                        logging_level: v.logging_level().unwrap_or("OFF").to_string(),
                        caching_enabled: v.caching_enabled(),
                        cache_data_encrypted: v.cache_data_encrypted(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        settings.sort_by(|a, b| a.key.cmp(&b.key));
        let stage = Stage {
            rest_api_id: id.to_string(),
            rest_api_name: name.to_string(),
            stage_name: stage_name.to_string(),
            method_settings: Value::Known(settings),
            access_log_destination: Value::Known(
                s.access_log_settings()
                    .and_then(|a| a.destination_arn())
                    .filter(|d| !d.is_empty())
                    .map(str::to_string),
            ),
            client_certificate_id: Value::Known(
                s.client_certificate_id()
                    .filter(|c| !c.is_empty())
                    .map(str::to_string),
            ),
            tracing_enabled: Value::Known(s.tracing_enabled()),
            web_acl_arn: Value::Known(
                s.web_acl_arn()
                    .filter(|w| !w.is_empty())
                    .map(str::to_string),
            ),
            cache_cluster_enabled: Value::Known(s.cache_cluster_enabled()),
        };
        let mut r = ctx.resource(
            path_arn(ctx, &format!("/restapis/{id}/stages/{stage_name}")),
            format!("{name}/{stage_name}"),
            Attributes::ApigatewayStage(stage),
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

async fn methods(
    ctx: &CollectContext,
    client: &aws_sdk_apigateway::Client,
    api: &RestApi,
    id: &str,
) {
    let resources = paginate(ctx, "GetResources", |position| async move {
        let out = ctx
            .call_on(
                &format!("REST API {id}"),
                "GetResources",
                client
                    .get_resources()
                    .rest_api_id(id)
                    .embed("methods")
                    .set_position(position)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.position().map(str::to_string),
            items: out.items().to_vec(),
        })
    })
    .await;
    let resources: Vec<ApiResource> = match resources {
        Ok(r) => r,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::ApigatewayMethod]);
            return;
        }
    };
    let name = api.name().unwrap_or(id);
    for res in &resources {
        let (Some(rid), Some(path)) = (res.id(), res.path()) else {
            continue;
        };
        let Some(methods) = res.resource_methods() else {
            continue;
        };
        let mut verbs: Vec<(&String, _)> = methods.iter().collect();
        verbs.sort_by(|a, b| a.0.cmp(b.0));
        for (verb, m) in verbs {
            let method = Method {
                rest_api_id: id.to_string(),
                resource_path: path.to_string(),
                http_method: verb.clone(),
                authorization_type: match m.authorization_type() {
                    Some(a) => Value::Known(a.to_string()),
                    None => Value::unknown(format!(
                        "GetResources returned no authorizationType for {verb} {path}"
                    )),
                },
                api_key_required: Value::Known(m.api_key_required().unwrap_or(false)),
            };
            ctx.push(ctx.resource(
                path_arn(
                    ctx,
                    &format!("/restapis/{id}/resources/{rid}/methods/{verb}"),
                ),
                format!("{name} {verb} {path}"),
                Attributes::ApigatewayMethod(method),
            ));
        }
    }
}

async fn domain_names(ctx: &CollectContext, client: &aws_sdk_apigateway::Client) {
    let listed = paginate(ctx, "GetDomainNames", |position| async move {
        let out = ctx
            .call(
                "GetDomainNames",
                client.get_domain_names().set_position(position).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.position().map(str::to_string),
            items: out.items().to_vec(),
        })
    })
    .await;
    let domains = match listed {
        Ok(d) => d,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::ApigatewayDomainName]);
            return;
        }
    };
    for d in domains {
        let Some(name) = d.domain_name() else {
            continue;
        };
        let domain = DomainName {
            domain_name: name.to_string(),
            security_policy: match d.security_policy() {
                Some(p) => Value::Known(p.as_str().to_string()),
                None => Value::unknown(format!(
                    "GetDomainNames returned no securityPolicy for {name}"
                )),
            },
        };
        let arn = d
            .domain_name_arn()
            .map(str::to_string)
            .unwrap_or_else(|| path_arn(ctx, &format!("/domainnames/{name}")));
        ctx.push(ctx.resource(
            arn,
            name.to_string(),
            Attributes::ApigatewayDomainName(domain),
        ));
    }
}
