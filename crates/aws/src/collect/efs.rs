//! EFS, per region: `DescribeFileSystems`, then for each file system `DescribeBackupPolicy` and
//! `DescribeMountTargets` concurrently, and `DescribeAccessPoints` for the region.
//!
//! `DescribeBackupPolicy` answers `PolicyNotFound` for a file system that never had automatic
//! backups turned on: that is a known "no policy", not a failure.

use std::collections::BTreeMap;
use std::sync::Arc;

use aws_sdk_efs::types::{FileSystemDescription, Tag};
use aws_sdk_efs::Client;
use cloudward_model::efs::{AccessPoint, FileSystem, MountTarget, PosixUser};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the file systems and access points of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_efs, &ctx.config);
    let client = &client;
    tokio::join!(file_systems(ctx, client), access_points(ctx, client));
}

fn tags(list: &[Tag]) -> BTreeMap<String, String> {
    list.iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect()
}

async fn file_systems(ctx: &CollectContext, client: &Client) {
    let listed = paginate(ctx, "DescribeFileSystems", |token| async move {
        let out = ctx
            .call(
                "DescribeFileSystems",
                client.describe_file_systems().set_marker(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_marker().map(str::to_string),
            items: out.file_systems().to_vec(),
        })
    })
    .await;
    match listed {
        Err(err) => ctx.listing_failed(&err, &[ResourceKind::EfsFileSystem]),
        Ok(list) => {
            join_all(list.into_iter().map(|fs| file_system(ctx, client, fs))).await;
        }
    }
}

async fn file_system(ctx: &CollectContext, client: &Client, fs: FileSystemDescription) {
    let id = fs.file_system_id().to_string();
    let subject = format!("file system {id}");
    let (backup_policy_status, mount_targets) = tokio::join!(
        backup_policy(ctx, client, &subject, &id),
        mount_targets(ctx, client, &subject, &id),
    );
    let model = FileSystem {
        file_system_id: id.clone(),
        file_system_arn: fs.file_system_arn().unwrap_or_default().to_string(),
        encrypted: Value::Known(fs.encrypted().unwrap_or(false)),
        kms_key_id: fs.kms_key_id().map(str::to_string),
        backup_policy_status,
        mount_targets,
    };
    let arn = match fs.file_system_arn() {
        Some(a) => a.to_string(),
        None => crate::arn::arn(
            ctx.partition(),
            "elasticfilesystem",
            ctx.arn_region(),
            ctx.account(),
            &format!("file-system/{id}"),
        ),
    };
    let mut resource = ctx.resource(arn, id, Attributes::EfsFileSystem(model));
    resource.set_tags(tags(fs.tags()));
    ctx.push(resource);
}

async fn backup_policy(
    ctx: &CollectContext,
    client: &Client,
    subject: &str,
    id: &str,
) -> Value<Option<String>> {
    match ctx
        .call_on(
            subject,
            "DescribeBackupPolicy",
            client.describe_backup_policy().file_system_id(id).send(),
        )
        .await
    {
        Ok(out) => Value::Known(out.backup_policy().map(|p| p.status().as_str().to_string())),
        Err(err) if err.code.as_deref() == Some("PolicyNotFound") => Value::Known(None),
        Err(err) => ctx.failed(&err),
    }
}

async fn mount_targets(
    ctx: &CollectContext,
    client: &Client,
    subject: &str,
    id: &str,
) -> Value<Vec<MountTarget>> {
    let listed = paginate(ctx, "DescribeMountTargets", |token| async move {
        let out = ctx
            .call_on(
                subject,
                "DescribeMountTargets",
                client
                    .describe_mount_targets()
                    .file_system_id(id)
                    .set_marker(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_marker().map(str::to_string),
            items: out
                .mount_targets()
                .iter()
                .map(|m| MountTarget {
                    mount_target_id: m.mount_target_id().to_string(),
                    subnet_id: Value::Known(m.subnet_id().to_string()),
                })
                .collect::<Vec<_>>(),
        })
    })
    .await;
    match listed {
        Ok(list) => Value::Known(list),
        Err(err) => ctx.failed(&err),
    }
}

async fn access_points(ctx: &CollectContext, client: &Client) {
    let listed = paginate(ctx, "DescribeAccessPoints", |token| async move {
        let out = ctx
            .call(
                "DescribeAccessPoints",
                client.describe_access_points().set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.access_points().to_vec(),
        })
    })
    .await;
    let list = match listed {
        Ok(list) => list,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::EfsAccessPoint]);
            return;
        }
    };
    for ap in list {
        let id = ap.access_point_id().unwrap_or_default().to_string();
        let arn = ap
            .access_point_arn()
            .map(str::to_string)
            .unwrap_or_else(|| {
                crate::arn::arn(
                    ctx.partition(),
                    "elasticfilesystem",
                    ctx.arn_region(),
                    ctx.account(),
                    &format!("access-point/{id}"),
                )
            });
        let model = AccessPoint {
            access_point_id: id.clone(),
            access_point_arn: arn.clone(),
            file_system_id: ap.file_system_id().unwrap_or_default().to_string(),
            root_directory_path: Value::Known(
                ap.root_directory()
                    .and_then(|r| r.path())
                    .map(str::to_string),
            ),
            posix_user: Value::Known(ap.posix_user().map(|u| PosixUser {
                uid: u.uid(),
                gid: u.gid(),
            })),
        };
        let mut resource = ctx.resource(arn, id, Attributes::EfsAccessPoint(model));
        resource.set_tags(tags(ap.tags()));
        ctx.push(resource);
    }
}
