//! Amazon ECS, per region: `ListClusters` + `DescribeClusters` (with `SETTINGS`), for each
//! cluster `ListServices` + `DescribeServices`, and `ListTaskDefinitionFamilies` (ACTIVE) +
//! `DescribeTaskDefinition` of each family, which answers with its latest ACTIVE revision.
//! Environment variable values arrive with the task definition and are dropped at once.

use std::sync::Arc;

use aws_sdk_ecs::types::{ClusterField, TaskDefinitionFamilyStatus};
use cloudward_model::ecs::{Cluster, ContainerDefinition, Service, TaskDefinition};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

type Client = aws_sdk_ecs::Client;

/// DescribeClusters takes at most 100 clusters, DescribeServices 10 services.
const CLUSTER_BATCH: usize = 100;
const SERVICE_BATCH: usize = 10;

/// Collect the clusters, services and task definitions of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_ecs, &ctx.config);
    let c = &client;
    tokio::join!(clusters(ctx, c), task_definitions(ctx, c));
}

async fn clusters(ctx: &CollectContext, c: &Client) {
    let listed = paginate(ctx, "ListClusters", |token| async move {
        let out = ctx
            .call(
                "ListClusters",
                c.list_clusters().set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.cluster_arns().to_vec(),
        })
    })
    .await;
    let arns = match listed {
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::EcsCluster, ResourceKind::EcsService]);
            return;
        }
        Ok(a) => a,
    };
    for batch in arns.chunks(CLUSTER_BATCH) {
        match ctx
            .call(
                "DescribeClusters",
                c.describe_clusters()
                    .set_clusters(Some(batch.to_vec()))
                    .include(ClusterField::Settings)
                    .include(ClusterField::Tags)
                    .send(),
            )
            .await
        {
            Err(err) => {
                // Without the description neither the cluster nor its settings are known.
                ctx.listing_failed(&err, &[ResourceKind::EcsCluster]);
            }
            Ok(out) => {
                for cl in out.clusters() {
                    let Some(arn) = cl.cluster_arn() else {
                        continue;
                    };
                    let name = cl.cluster_name().unwrap_or(arn).to_string();
                    let insights = cl
                        .settings()
                        .iter()
                        .find(|s| s.name().is_some_and(|n| n.as_str() == "containerInsights"))
                        .and_then(|s| s.value())
                        // No setting on the cluster: Container Insights is off.
                        .unwrap_or("disabled")
                        .to_string();
                    let cluster = Cluster {
                        cluster_name: name.clone(),
                        cluster_arn: arn.to_string(),
                        container_insights: Value::Known(insights),
                    };
                    let mut r =
                        ctx.resource(arn.to_string(), name, Attributes::EcsCluster(cluster));
                    r.set_tags(
                        cl.tags()
                            .iter()
                            .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
                            .collect(),
                    );
                    ctx.push(r);
                }
            }
        }
    }
    join_all(arns.iter().map(|arn| services(ctx, c, arn))).await;
}

async fn services(ctx: &CollectContext, c: &Client, cluster: &str) {
    let subject = format!("cluster {}", cluster.rsplit('/').next().unwrap_or(cluster));
    let listed = paginate(ctx, "ListServices", |token| {
        let subject = &subject;
        async move {
            let out = ctx
                .call_on(
                    subject,
                    "ListServices",
                    c.list_services()
                        .cluster(cluster)
                        .set_next_token(token)
                        .send(),
                )
                .await?;
            Ok::<_, ApiError>(Page {
                next: out.next_token().map(str::to_string),
                items: out.service_arns().to_vec(),
            })
        }
    })
    .await;
    let arns = match listed {
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::EcsService]);
            return;
        }
        Ok(a) => a,
    };
    for batch in arns.chunks(SERVICE_BATCH) {
        match ctx
            .call_on(
                &subject,
                "DescribeServices",
                c.describe_services()
                    .cluster(cluster)
                    .set_services(Some(batch.to_vec()))
                    .send(),
            )
            .await
        {
            Err(err) => ctx.listing_failed(&err, &[ResourceKind::EcsService]),
            Ok(out) => {
                for s in out.services() {
                    let Some(arn) = s.service_arn() else { continue };
                    let name = s.service_name().unwrap_or(arn).to_string();
                    let service = Service {
                        service_name: name.clone(),
                        service_arn: arn.to_string(),
                        cluster_arn: s.cluster_arn().unwrap_or(cluster).to_string(),
                        assign_public_ip: Value::Known(
                            s.network_configuration()
                                .and_then(|n| n.awsvpc_configuration())
                                .map(|a| {
                                    a.assign_public_ip()
                                        .map_or("DISABLED", |p| p.as_str())
                                        .to_string()
                                }),
                        ),
                    };
                    ctx.push(ctx.resource(arn.to_string(), name, Attributes::EcsService(service)));
                }
            }
        }
    }
}

async fn task_definitions(ctx: &CollectContext, c: &Client) {
    let listed = paginate(ctx, "ListTaskDefinitionFamilies", |token| async move {
        let out = ctx
            .call(
                "ListTaskDefinitionFamilies",
                c.list_task_definition_families()
                    .status(TaskDefinitionFamilyStatus::Active)
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.families().to_vec(),
        })
    })
    .await;
    let families = match listed {
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::EcsTaskDefinition]);
            return;
        }
        Ok(f) => f,
    };
    join_all(families.iter().map(|family| async move {
        match ctx
            .call_on(
                &format!("task definition family {family}"),
                "DescribeTaskDefinition",
                c.describe_task_definition().task_definition(family).send(),
            )
            .await
        {
            // The family's latest revision is what runs next: without it nothing is known.
            Err(err) => ctx.listing_failed(&err, &[ResourceKind::EcsTaskDefinition]),
            Ok(out) => {
                let Some(td) = out.task_definition() else {
                    return;
                };
                let Some(arn) = td.task_definition_arn() else {
                    return;
                };
                let containers = td
                    .container_definitions()
                    .iter()
                    .map(|c| ContainerDefinition {
                        name: c.name().unwrap_or_default().to_string(),
                        privileged: c.privileged(),
                        readonly_root_filesystem: c.readonly_root_filesystem(),
                        user: c.user().filter(|u| !u.is_empty()).map(str::to_string),
                        environment_names: c
                            .environment()
                            .iter()
                            .filter_map(|kv| kv.name().map(str::to_string))
                            .collect(),
                        log_driver: c
                            .log_configuration()
                            .map(|l| l.log_driver().as_str().to_string()),
                    })
                    .collect();
                let task = TaskDefinition {
                    family: td.family().unwrap_or(family).to_string(),
                    revision: i64::from(td.revision()),
                    task_definition_arn: arn.to_string(),
                    network_mode: Value::Known(td.network_mode().map(|m| m.as_str().to_string())),
                    container_definitions: Value::Known(containers),
                };
                let name = format!("{}:{}", task.family, task.revision);
                ctx.push(ctx.resource(arn.to_string(), name, Attributes::EcsTaskDefinition(task)));
            }
        }
    }))
    .await;
}
