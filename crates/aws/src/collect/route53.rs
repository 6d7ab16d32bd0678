//! Amazon Route 53, global: `ListHostedZones`, `ListQueryLoggingConfigs` (all zones at once)
//! and `GetDNSSEC` for each public zone.

use std::collections::BTreeMap;
use std::sync::Arc;

use cloudward_model::route53::HostedZone;
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the hosted zones of the account.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_route53, &ctx.config);
    let client = &client;
    let zones = paginate(ctx, "ListHostedZones", |marker| async move {
        let out = ctx
            .call(
                "ListHostedZones",
                client.list_hosted_zones().set_marker(marker).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: if out.is_truncated() {
                out.next_marker().map(str::to_string)
            } else {
                None
            },
            items: out.hosted_zones().to_vec(),
        })
    })
    .await;
    let zones = match zones {
        Ok(z) => z,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::Route53HostedZone]);
            return;
        }
    };
    if zones.is_empty() {
        return;
    }
    let configs = paginate(ctx, "ListQueryLoggingConfigs", |token| async move {
        let out = ctx
            .call(
                "ListQueryLoggingConfigs",
                client
                    .list_query_logging_configs()
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.query_logging_configs().to_vec(),
        })
    })
    .await;
    let logging: Value<BTreeMap<String, Vec<String>>> = match configs {
        Err(err) => ctx.failed(&err),
        Ok(configs) => {
            let mut by_zone: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for c in configs {
                by_zone
                    .entry(short_id(c.hosted_zone_id()).to_string())
                    .or_default()
                    .push(c.cloud_watch_logs_log_group_arn().to_string());
            }
            Value::Known(by_zone)
        }
    };
    let logging = &logging;
    let zones = join_all(zones.iter().map(|z| async move {
        let id = short_id(z.id()).to_string();
        let private = z.config().is_some_and(|c| c.private_zone());
        let dnssec = if private {
            // DNSSEC signing applies to public zones only.
            Value::Known("NOT_SIGNING".to_string())
        } else {
            match ctx
                .call_on(
                    &format!("hosted zone {id}"),
                    "GetDNSSEC",
                    client.get_dnssec().hosted_zone_id(&id).send(),
                )
                .await
            {
                Err(err) => ctx.failed(&err),
                Ok(out) => match out.status().and_then(|s| s.serve_signature()) {
                    Some(s) => Value::Known(s.to_string()),
                    None => {
                        Value::unknown(format!("GetDNSSEC returned no ServeSignature for {id}"))
                    }
                },
            }
        };
        let query_logging_log_groups = match logging {
            Value::Known(map) => Value::Known(map.get(&id).cloned().unwrap_or_default()),
            Value::Unknown(r) => Value::Unknown(r.clone()),
        };
        (
            id.clone(),
            HostedZone {
                id,
                name: z.name().to_string(),
                private_zone: private,
                query_logging_log_groups,
                dnssec_serve_signature: dnssec,
            },
        )
    }))
    .await;
    for (id, zone) in zones {
        let arn = crate::arn::arn(
            ctx.partition(),
            "route53",
            "",
            "",
            &format!("hostedzone/{id}"),
        );
        let name = zone.name.trim_end_matches('.').to_string();
        ctx.push(ctx.resource(arn, name, Attributes::Route53HostedZone(zone)));
    }
}

/// `/hostedzone/Z123` → `Z123`.
fn short_id(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}
