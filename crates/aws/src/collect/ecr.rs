//! Amazon ECR, per region: `GetRegistryScanningConfiguration` once, `DescribeRepositories`,
//! then for each repository `GetRepositoryPolicy` and `GetLifecyclePolicy`. The registry's
//! scanning configuration is copied onto every repository of the region.

use std::sync::Arc;

use aws_sdk_ecr::types::Repository as SdkRepository;
use cloudward_model::ecr::{RegistryScanning, Repository, ScanningRule};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::convert::policy_document;
use crate::paginate::{paginate, Page};

type Client = aws_sdk_ecr::Client;

/// Collect the private repositories of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_ecr, &ctx.config);
    let c = &client;
    let listed = paginate(ctx, "DescribeRepositories", |token| async move {
        let out = ctx
            .call(
                "DescribeRepositories",
                c.describe_repositories().set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.repositories().to_vec(),
        })
    })
    .await;
    let repositories = match listed {
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::EcrRepository]);
            return;
        }
        Ok(r) => r,
    };
    if repositories.is_empty() {
        return;
    }
    let registry = match ctx
        .call(
            "GetRegistryScanningConfiguration",
            c.get_registry_scanning_configuration().send(),
        )
        .await
    {
        Ok(out) => Value::Known(match out.scanning_configuration() {
            None => RegistryScanning {
                scan_type: "BASIC".into(),
                rules: Vec::new(),
            },
            Some(s) => RegistryScanning {
                scan_type: s.scan_type().map_or("BASIC", |t| t.as_str()).to_string(),
                rules: s
                    .rules()
                    .iter()
                    .map(|r| ScanningRule {
                        scan_frequency: r.scan_frequency().as_str().to_string(),
                        filters: r
                            .repository_filters()
                            .iter()
                            .map(|f| f.filter().to_string())
                            .collect(),
                    })
                    .collect(),
            },
        }),
        Err(err) => ctx.failed(&err),
    };
    let registry = &registry;
    join_all(
        repositories
            .into_iter()
            .map(|r| repository(ctx, c, r, registry)),
    )
    .await;
}

async fn repository(
    ctx: &CollectContext,
    client: &Client,
    r: SdkRepository,
    registry: &Value<RegistryScanning>,
) {
    let (Some(name), Some(arn)) = (r.repository_name(), r.repository_arn()) else {
        return;
    };
    let subject = format!("repository {name}");
    let (policy, lifecycle) = tokio::join!(
        ctx.call_on(
            &subject,
            "GetRepositoryPolicy",
            client.get_repository_policy().repository_name(name).send()
        ),
        ctx.call_on(
            &subject,
            "GetLifecyclePolicy",
            client.get_lifecycle_policy().repository_name(name).send()
        ),
    );
    let policy = match policy {
        Ok(out) => match out.policy_text().filter(|p| !p.trim().is_empty()) {
            None => Value::Known(None),
            Some(text) => match policy_document(text) {
                Ok(doc) => Value::Known(Some(doc)),
                Err(message) => Value::unknown(format!("{subject}: {message}")),
            },
        },
        Err(err) if err.is_code("RepositoryPolicyNotFoundException") => Value::Known(None),
        Err(err) => ctx.failed(&err),
    };
    let lifecycle_policy_configured = match lifecycle {
        Ok(out) => Value::Known(
            out.lifecycle_policy_text()
                .is_some_and(|t| !t.trim().is_empty()),
        ),
        Err(err) if err.is_code("LifecyclePolicyNotFoundException") => Value::Known(false),
        Err(err) => ctx.failed(&err),
    };
    let encryption = r.encryption_configuration();
    let repo = Repository {
        repository_name: name.to_string(),
        repository_arn: arn.to_string(),
        scan_on_push: Value::Known(
            r.image_scanning_configuration()
                .is_some_and(|s| s.scan_on_push()),
        ),
        image_tag_mutability: Value::Known(
            r.image_tag_mutability()
                .map_or("MUTABLE", |m| m.as_str())
                .to_string(),
        ),
        encryption_type: Value::Known(
            encryption
                .map_or("AES256", |e| e.encryption_type().as_str())
                .to_string(),
        ),
        kms_key: Value::Known(encryption.and_then(|e| e.kms_key()).map(str::to_string)),
        lifecycle_policy_configured,
        policy,
        registry_scanning: registry.clone(),
    };
    ctx.push(ctx.resource(
        arn.to_string(),
        name.to_string(),
        Attributes::EcrRepository(repo),
    ));
}
