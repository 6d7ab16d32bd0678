//! Amazon EKS, per region: `ListClusters`, then `DescribeCluster` for each (endpoint access,
//! secrets encryption, control-plane logging, version, tags).

use std::sync::Arc;

use cloudward_model::eks::Cluster;
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the clusters of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_eks, &ctx.config);
    let c = &client;
    let listed = paginate(ctx, "ListClusters", |token| async move {
        let out = ctx
            .call(
                "ListClusters",
                c.list_clusters().set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.clusters().to_vec(),
        })
    })
    .await;
    let names = match listed {
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::EksCluster]);
            return;
        }
        Ok(n) => n,
    };
    join_all(names.iter().map(|name| async move {
        let out = match ctx
            .call_on(
                &format!("cluster {name}"),
                "DescribeCluster",
                c.describe_cluster().name(name).send(),
            )
            .await
        {
            Ok(out) => out,
            // Every judged attribute comes from this call.
            Err(err) => {
                ctx.listing_failed(&err, &[ResourceKind::EksCluster]);
                return;
            }
        };
        let Some(cl) = out.cluster() else { return };
        let arn = cl.arn().map_or_else(
            || {
                crate::arn::arn(
                    ctx.partition(),
                    "eks",
                    ctx.arn_region(),
                    ctx.account(),
                    &format!("cluster/{name}"),
                )
            },
            str::to_string,
        );
        let vpc = cl.resources_vpc_config();
        let mut log_types: Vec<String> = cl
            .logging()
            .map(|l| {
                l.cluster_logging()
                    .iter()
                    .filter(|s| s.enabled() == Some(true))
                    .flat_map(|s| s.types().iter().map(|t| t.as_str().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        log_types.sort();
        log_types.dedup();
        let cluster = Cluster {
            name: name.clone(),
            arn: arn.clone(),
            version: Value::Known(cl.version().map(str::to_string)),
            endpoint_public_access: match vpc {
                Some(v) => Value::Known(v.endpoint_public_access()),
                None => Value::unknown("DescribeCluster returned no resourcesVpcConfig"),
            },
            endpoint_private_access: match vpc {
                Some(v) => Value::Known(v.endpoint_private_access()),
                None => Value::unknown("DescribeCluster returned no resourcesVpcConfig"),
            },
            public_access_cidrs: match vpc {
                Some(v) => Value::Known(v.public_access_cidrs().to_vec()),
                None => Value::unknown("DescribeCluster returned no resourcesVpcConfig"),
            },
            secrets_encryption_key_arn: Value::Known(
                // EKS now envelope-encrypts all Kubernetes API data (secrets included) with
                // the configured key; `resources` is deprecated and no longer decides it.
                cl.encryption_config()
                    .iter()
                    .find_map(|e| e.provider())
                    .and_then(|p| p.key_arn())
                    .map(str::to_string),
            ),
            enabled_log_types: Value::Known(log_types),
        };
        let mut r = ctx.resource(arn, name.clone(), Attributes::EksCluster(cluster));
        // No tags: the field is absent.
        r.set_tags(
            cl.tags()
                .map(|tags| tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default(),
        );
        ctx.push(r);
    }))
    .await;
}
