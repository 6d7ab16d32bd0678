//! Amazon CloudFront, global (called once): `ListDistributions` gives each distribution's
//! origins, cache behaviours, viewer certificate and web ACL; `GetDistributionConfig` adds
//! what the summary lacks (standard logging, default root object); `ListTagsForResource` its
//! tags.

use std::sync::Arc;

use aws_sdk_cloudfront::types::{
    CacheBehaviors, DefaultCacheBehavior, DistributionSummary, Origins,
};
use cloudward_model::cloudfront::{
    CacheBehavior, CustomOriginConfig, Distribution, Logging, Origin, ViewerCertificate,
};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect every distribution of the account.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_cloudfront, &ctx.config);
    let client = &client;
    let listed = paginate(ctx, "ListDistributions", |marker| async move {
        let out = ctx
            .call(
                "ListDistributions",
                client.list_distributions().set_marker(marker).send(),
            )
            .await?;
        let list = out.distribution_list();
        Ok::<_, ApiError>(Page {
            next: list
                .filter(|l| l.is_truncated())
                .and_then(|l| l.next_marker())
                .map(str::to_string),
            items: list.map(|l| l.items().to_vec()).unwrap_or_default(),
        })
    })
    .await;
    let summaries = match listed {
        Ok(s) => s,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::CloudfrontDistribution]);
            return;
        }
    };
    let distributions = join_all(summaries.into_iter().map(|summary| async move {
        let id = summary.id().to_string();
        let config = ctx
            .call_on(
                &format!("distribution {id}"),
                "GetDistributionConfig",
                client.get_distribution_config().id(&id).send(),
            )
            .await;
        let (logging, default_root_object) = match config {
            Err(err) => {
                let failed: Value<()> = ctx.failed(&err);
                let reason = failed.unknown_reason().unwrap_or_default().to_string();
                (Value::Unknown(reason.clone()), Value::Unknown(reason))
            }
            Ok(out) => match out.distribution_config() {
                None => {
                    let reason = format!("GetDistributionConfig returned no config for {id}");
                    (Value::unknown(reason.clone()), Value::unknown(reason))
                }
                Some(c) => (
                    match c.logging() {
                        None => Value::Known(Logging::default()),
                        Some(l) => Value::Known(Logging {
                            enabled: l.enabled(),
                            bucket: l.bucket().to_string(),
                        }),
                    },
                    Value::Known(
                        c.default_root_object()
                            .filter(|o| !o.is_empty())
                            .map(str::to_string),
                    ),
                ),
            },
        };
        let tags = match ctx
            .call_on(
                &format!("distribution {id}"),
                "ListTagsForResource",
                client
                    .list_tags_for_resource()
                    .resource(summary.arn())
                    .send(),
            )
            .await
        {
            Ok(out) => Ok(out
                .tags()
                .map(|t| t.items())
                .unwrap_or_default()
                .iter()
                .map(|t| {
                    (
                        t.key().to_string(),
                        t.value().unwrap_or_default().to_string(),
                    )
                })
                .collect::<std::collections::BTreeMap<String, String>>()),
            Err(err) => {
                // Recorded, and kept as why the tag rule cannot judge the distribution.
                let failed: Value<()> = ctx.failed(&err);
                Err(failed.get().err().unwrap_or_default())
            }
        };
        (summary, logging, default_root_object, tags)
    }))
    .await;
    for (summary, logging, default_root_object, tags) in distributions {
        let distribution = Distribution {
            logging,
            default_root_object,
            ..from_summary(&summary)
        };
        let arn = if summary.arn().is_empty() {
            crate::arn::arn(
                ctx.partition(),
                "cloudfront",
                "",
                ctx.account(),
                &format!("distribution/{}", summary.id()),
            )
        } else {
            summary.arn().to_string()
        };
        let name = summary.id().to_string();
        let mut resource =
            ctx.resource(arn, name, Attributes::CloudfrontDistribution(distribution));
        match tags {
            Ok(tags) => resource.set_tags(tags),
            Err(why) => resource.tags_unknown = Some(why),
        }
        ctx.push(resource);
    }
}

/// What the summary says; logging and the default root object are filled by the caller.
fn from_summary(s: &DistributionSummary) -> Distribution {
    let id = s.id();
    Distribution {
        id: id.to_string(),
        domain_name: s.domain_name().to_string(),
        cache_behaviors: behaviors(id, s.default_cache_behavior(), s.cache_behaviors()),
        viewer_certificate: match s.viewer_certificate() {
            None => Value::unknown(format!(
                "ListDistributions returned no ViewerCertificate for {id}"
            )),
            Some(v) => Value::Known(ViewerCertificate {
                cloudfront_default_certificate: v
                    .cloud_front_default_certificate()
                    .unwrap_or(false),
                acm_certificate_arn: v
                    .acm_certificate_arn()
                    .filter(|a| !a.is_empty())
                    .map(str::to_string),
                iam_certificate_id: v
                    .iam_certificate_id()
                    .filter(|a| !a.is_empty())
                    .map(str::to_string),
                ssl_support_method: v.ssl_support_method().map(|m| m.as_str().to_string()),
                minimum_protocol_version: v
                    .minimum_protocol_version()
                    .map(|m| m.as_str().to_string()),
            }),
        },
        origins: origins(id, s.origins()),
        web_acl_id: Value::Known(
            Some(s.web_acl_id())
                .filter(|w| !w.is_empty())
                .map(str::to_string),
        ),
        ..Default::default()
    }
}

fn behaviors(
    id: &str,
    default: Option<&DefaultCacheBehavior>,
    others: Option<&CacheBehaviors>,
) -> Value<Vec<CacheBehavior>> {
    let Some(default) = default else {
        return Value::unknown(format!(
            "ListDistributions returned no DefaultCacheBehavior for {id}"
        ));
    };
    let mut list = vec![CacheBehavior {
        path_pattern: None,
        viewer_protocol_policy: default.viewer_protocol_policy().as_str().to_string(),
    }];
    list.extend(
        others
            .map(|o| o.items())
            .unwrap_or_default()
            .iter()
            .map(|b| CacheBehavior {
                path_pattern: Some(b.path_pattern().to_string()),
                viewer_protocol_policy: b.viewer_protocol_policy().as_str().to_string(),
            }),
    );
    Value::Known(list)
}

fn origins(id: &str, origins: Option<&Origins>) -> Value<Vec<Origin>> {
    let Some(origins) = origins else {
        return Value::unknown(format!("ListDistributions returned no Origins for {id}"));
    };
    Value::Known(
        origins
            .items()
            .iter()
            .map(|o| Origin {
                id: o.id().to_string(),
                domain_name: o.domain_name().to_string(),
                s3_origin_access_identity: o
                    .s3_origin_config()
                    .map(|s| s.origin_access_identity().to_string()),
                origin_access_control_id: o
                    .origin_access_control_id()
                    .filter(|c| !c.is_empty())
                    .map(str::to_string),
                custom_origin_config: o.custom_origin_config().map(|c| CustomOriginConfig {
                    origin_protocol_policy: c.origin_protocol_policy().as_str().to_string(),
                    origin_ssl_protocols: c
                        .origin_ssl_protocols()
                        .map(|p| p.items().iter().map(|i| i.as_str().to_string()).collect())
                        .unwrap_or_default(),
                }),
            })
            .collect(),
    )
}
