//! S3 (global listing, regional buckets): `ListBuckets`, each bucket's region, then eight
//! per-bucket reads through the limiter with a client in the bucket's own region; and the
//! account public access block (`s3control:GetPublicAccessBlock`).
//!
//! "Not configured" answers (`NoSuchBucketPolicy`, `NoSuchPublicAccessBlockConfiguration`,
//! `ServerSideEncryptionConfigurationNotFoundError`, `OwnershipControlsNotFoundError`) are
//! known values (`None`), not errors.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_sdk_s3::types::Bucket as SdkBucket;
use cloudward_model::s3::{
    AccountPublicAccessBlock, Bucket, Encryption, Grant, Logging, PublicAccessBlock, Versioning,
};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::convert::{policy_document, time};
use crate::paginate::{paginate, Page};

type Client = aws_sdk_s3::Client;

/// The region of a `LocationConstraint`: none or empty is us-east-1, the legacy `EU` is
/// eu-west-1 (<https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html>).
fn bucket_region(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => "us-east-1".to_string(),
        Some("EU") => "eu-west-1".to_string(),
        Some(other) => other.to_string(),
    }
}

/// Clients per region, built on first use.
struct Clients<'a> {
    ctx: &'a CollectContext,
    by_region: Mutex<HashMap<String, Client>>,
}

impl Clients<'_> {
    fn get(&self, region: &str) -> Client {
        let mut map = self
            .by_region
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(region.to_string())
            .or_insert_with(|| {
                crate::config::s3_client(&crate::config::in_region(&self.ctx.config, region))
            })
            .clone()
    }
}

/// Collect S3.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let home = crate::config::s3_client(&ctx.config);
    tokio::join!(account_public_access_block(ctx), buckets(ctx, &home));
}

async fn buckets(ctx: &CollectContext, home: &Client) {
    // No MaxBuckets: with it, some endpoints truncate without a continuation token.
    let listed = paginate(ctx, "ListBuckets", |token| async move {
        let out = ctx
            .call(
                "ListBuckets",
                home.list_buckets().set_continuation_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.continuation_token().map(str::to_string),
            items: out.buckets().to_vec(),
        })
    })
    .await;
    let listed = match listed {
        Ok(list) => list,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::S3Bucket]);
            return;
        }
    };
    // Only the buckets asked for (the watch loop re-reading one that an event named).
    let listed: Vec<SdkBucket> = match &ctx.shared.buckets {
        Some(wanted) => listed
            .into_iter()
            .filter(|b| b.name().is_some_and(|n| wanted.contains(n)))
            .collect(),
        None => listed,
    };
    let clients = Clients {
        ctx,
        by_region: Mutex::new(HashMap::new()),
    };
    let clients = &clients;
    join_all(listed.iter().map(|b| bucket(ctx, home, clients, b))).await;
}

async fn bucket(ctx: &CollectContext, home: &Client, clients: &Clients<'_>, listed: &SdkBucket) {
    let name = listed.name().unwrap_or_default().to_string();
    let subject = format!("bucket {name}");
    let region = match listed.bucket_region().filter(|r| !r.is_empty()) {
        Some(r) => Ok(r.to_string()),
        None => ctx
            .call_on(
                &subject,
                "GetBucketLocation",
                home.get_bucket_location().bucket(&name).send(),
            )
            .await
            .map(|out| bucket_region(out.location_constraint().map(|c| c.as_str()))),
    };
    let mut attributes = Bucket {
        name: name.clone(),
        creation_date: listed.creation_date().and_then(time),
        ..Default::default()
    };
    let region = match region {
        Ok(region) => region,
        Err(err) => {
            // Without its region no other call can be aimed; every attribute says why.
            let unknown = ctx.failed::<()>(&err);
            let reason = unknown.unknown_reason().unwrap_or_default().to_string();
            attributes.acl_grants = Value::unknown(reason.clone());
            attributes.policy = Value::unknown(reason.clone());
            attributes.policy_is_public = Value::unknown(reason.clone());
            attributes.public_access_block = Value::unknown(reason.clone());
            attributes.encryption = Value::unknown(reason.clone());
            attributes.versioning = Value::unknown(reason.clone());
            attributes.logging = Value::unknown(reason.clone());
            attributes.object_ownership = Value::unknown(reason);
            ctx.push(ctx.resource_in(
                None,
                format!("arn:{}:s3:::{name}", ctx.partition()),
                name,
                Attributes::S3Bucket(attributes),
            ));
            return;
        }
    };
    let client = clients.get(&region);
    // Per-bucket calls are aimed at the bucket's region, not the listing's "global": their
    // failures carry it, and what is remembered about an API is remembered there.
    let c = &client;
    let b = name.as_str();
    let (acl, policy, status, pab, enc, ver, log, own, tagging) = tokio::join!(
        ctx.call_about(
            Some(&region),
            Some(&subject),
            "GetBucketAcl",
            c.get_bucket_acl().bucket(b).send()
        ),
        ctx.call_about(
            Some(&region),
            Some(&subject),
            "GetBucketPolicy",
            c.get_bucket_policy().bucket(b).send()
        ),
        ctx.call_about(
            Some(&region),
            Some(&subject),
            "GetBucketPolicyStatus",
            c.get_bucket_policy_status().bucket(b).send()
        ),
        ctx.call_about(
            Some(&region),
            Some(&subject),
            "GetPublicAccessBlock",
            c.get_public_access_block().bucket(b).send()
        ),
        ctx.call_about(
            Some(&region),
            Some(&subject),
            "GetBucketEncryption",
            c.get_bucket_encryption().bucket(b).send()
        ),
        ctx.call_about(
            Some(&region),
            Some(&subject),
            "GetBucketVersioning",
            c.get_bucket_versioning().bucket(b).send()
        ),
        ctx.call_about(
            Some(&region),
            Some(&subject),
            "GetBucketLogging",
            c.get_bucket_logging().bucket(b).send()
        ),
        ctx.call_about(
            Some(&region),
            Some(&subject),
            "GetBucketOwnershipControls",
            c.get_bucket_ownership_controls().bucket(b).send()
        ),
        ctx.call_about(
            Some(&region),
            Some(&subject),
            "GetBucketTagging",
            c.get_bucket_tagging().bucket(b).send()
        ),
    );
    attributes.acl_grants = match acl {
        Ok(out) => Value::Known(
            out.grants()
                .iter()
                .map(|g| {
                    let grantee = g.grantee();
                    Grant {
                        grantee_type: grantee
                            .map(|g| g.r#type().as_str().to_string())
                            .unwrap_or_default(),
                        grantee_uri: grantee.and_then(|g| g.uri()).map(str::to_string),
                        grantee_id: grantee.and_then(|g| g.id()).map(str::to_string),
                        permission: g
                            .permission()
                            .map(|p| p.as_str().to_string())
                            .unwrap_or_default(),
                    }
                })
                .collect(),
        ),
        Err(err) => ctx.failed(&err),
    };
    attributes.policy = match policy {
        Ok(out) => match out.policy() {
            Some(text) => match policy_document(text) {
                Ok(doc) => Value::Known(Some(doc)),
                Err(e) => Value::unknown(format!("bucket {name}: {e}")),
            },
            None => Value::Known(None),
        },
        Err(err) if err.is_code("NoSuchBucketPolicy") => Value::Known(None),
        Err(err) => ctx.failed(&err),
    };
    attributes.policy_is_public = match status {
        Ok(out) => match out.policy_status().and_then(|s| s.is_public()) {
            Some(public) => Value::Known(public),
            None => Value::Known(false),
        },
        // No policy, so the policy makes nothing public.
        Err(err) if err.is_code("NoSuchBucketPolicy") => Value::Known(false),
        Err(err) => ctx.failed(&err),
    };
    attributes.public_access_block = match pab {
        Ok(out) => {
            Value::Known(
                out.public_access_block_configuration()
                    .map(|c| PublicAccessBlock {
                        block_public_acls: c.block_public_acls().unwrap_or(false),
                        ignore_public_acls: c.ignore_public_acls().unwrap_or(false),
                        block_public_policy: c.block_public_policy().unwrap_or(false),
                        restrict_public_buckets: c.restrict_public_buckets().unwrap_or(false),
                    }),
            )
        }
        Err(err) if err.is_code("NoSuchPublicAccessBlockConfiguration") => Value::Known(None),
        Err(err) => ctx.failed(&err),
    };
    attributes.encryption = match enc {
        Ok(out) => Value::Known(
            out.server_side_encryption_configuration()
                .and_then(|c| c.rules().first())
                .and_then(|rule| {
                    rule.apply_server_side_encryption_by_default()
                        .map(|d| Encryption {
                            sse_algorithm: d.sse_algorithm().as_str().to_string(),
                            kms_master_key_id: d.kms_master_key_id().map(str::to_string),
                            bucket_key_enabled: rule.bucket_key_enabled().unwrap_or(false),
                        })
                }),
        ),
        Err(err) if err.is_code("ServerSideEncryptionConfigurationNotFoundError") => {
            Value::Known(None)
        }
        Err(err) => ctx.failed(&err),
    };
    attributes.versioning = match ver {
        Ok(out) => Value::Known(Versioning {
            enabled: out.status().map(|s| s.as_str()) == Some("Enabled"),
            mfa_delete: out.mfa_delete().map(|s| s.as_str()) == Some("Enabled"),
        }),
        Err(err) => ctx.failed(&err),
    };
    attributes.logging = match log {
        Ok(out) => Value::Known(out.logging_enabled().map(|l| Logging {
            target_bucket: l.target_bucket().to_string(),
            target_prefix: l.target_prefix().to_string(),
        })),
        Err(err) => ctx.failed(&err),
    };
    attributes.object_ownership = match own {
        Ok(out) => Value::Known(
            out.ownership_controls()
                .and_then(|c| c.rules().first())
                .map(|r| r.object_ownership().as_str().to_string()),
        ),
        Err(err) if err.is_code("OwnershipControlsNotFoundError") => Value::Known(None),
        Err(err) => ctx.failed(&err),
    };
    let mut resource = ctx.resource_in(
        Some(region),
        format!("arn:{}:s3:::{name}", ctx.partition()),
        name,
        Attributes::S3Bucket(attributes),
    );
    let tags = match tagging {
        Ok(out) => Ok(out
            .tag_set()
            .iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect()),
        // A bucket without tags answers NoSuchTagSet.
        Err(err) if err.is_code("NoSuchTagSet") => Ok(Default::default()),
        Err(err) => Err(err),
    };
    crate::collect::record_tags(ctx, &mut resource, tags);
    ctx.push(resource);
}

async fn account_public_access_block(ctx: &CollectContext) {
    let client = crate::config::s3control_client(&ctx.config);
    let configuration = match ctx
        .call(
            "GetPublicAccessBlock",
            client
                .get_public_access_block()
                .account_id(ctx.account())
                .send(),
        )
        .await
    {
        Ok(out) => {
            Value::Known(
                out.public_access_block_configuration()
                    .map(|c| PublicAccessBlock {
                        block_public_acls: c.block_public_acls().unwrap_or(false),
                        ignore_public_acls: c.ignore_public_acls().unwrap_or(false),
                        block_public_policy: c.block_public_policy().unwrap_or(false),
                        restrict_public_buckets: c.restrict_public_buckets().unwrap_or(false),
                    }),
            )
        }
        Err(err) if err.is_code("NoSuchPublicAccessBlockConfiguration") => Value::Known(None),
        Err(err) => ctx.failed(&err),
    };
    ctx.push(ctx.resource(
        format!(
            "arn:{}:s3::{}:account-public-access-block",
            ctx.partition(),
            ctx.account()
        ),
        ctx.account().to_string(),
        Attributes::S3AccountPublicAccessBlock(AccountPublicAccessBlock { configuration }),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_constraints_map_to_regions() {
        assert_eq!(bucket_region(None), "us-east-1");
        assert_eq!(bucket_region(Some("")), "us-east-1");
        assert_eq!(bucket_region(Some("EU")), "eu-west-1");
        assert_eq!(bucket_region(Some("ap-southeast-2")), "ap-southeast-2");
    }
}
