//! The collection run: identity, regions, then every service collector fanned out over
//! regions, concurrently. One module per service; the services and how each runs are the
//! table in [`crate::registry`].

pub(crate) mod accessanalyzer;
pub(crate) mod account;
pub(crate) mod account_contacts;
pub(crate) mod acm;
pub(crate) mod apigateway;
pub(crate) mod apigatewayv2;
pub(crate) mod athena;
pub(crate) mod backup;
pub(crate) mod cloudfront;
pub(crate) mod cloudtrail;
pub(crate) mod cloudwatch;
pub(crate) mod config;
mod credential_report;
pub(crate) mod dynamodb;
pub(crate) mod ec2;
pub(crate) mod ecr;
pub(crate) mod ecs;
pub(crate) mod efs;
pub(crate) mod eks;
pub(crate) mod elasticache;
pub(crate) mod elasticloadbalancing;
pub(crate) mod elasticloadbalancingv2;
pub(crate) mod guardduty;
pub(crate) mod iam;
pub(crate) mod inspector2;
pub(crate) mod kms;
pub(crate) mod lambda;
pub(crate) mod logs;
pub(crate) mod macie2;
pub(crate) mod opensearch;
pub(crate) mod organizations;
pub(crate) mod rds;
pub(crate) mod redshift;
pub(crate) mod route53;
pub(crate) mod route53domains;
pub(crate) mod s3;
pub(crate) mod secretsmanager;
pub(crate) mod securityhub;
pub(crate) mod sns;
pub(crate) mod sqs;
pub(crate) mod ssm;
pub(crate) mod ssoadmin;
pub(crate) mod wafv2;

use std::future::Future;
use std::sync::Arc;

use std::collections::BTreeMap;

use cloudward_model::{Inventory, Resource};
use tokio::task::JoinSet;

use crate::classify::ApiError;

use crate::context::{CollectContext, Shared};
use crate::registry::{self, Scope, Service, SERVICES};
use crate::{CollectOptions, Error, Progress};

/// Collect one account. See the crate documentation for what becomes an error and what
/// becomes data.
pub async fn collect(
    options: &CollectOptions,
    progress: Arc<dyn Progress>,
) -> Result<Inventory, Error> {
    check_options(options)?;
    let base = crate::config::sdk_config(options).await;
    collect_with(base, options, progress, None).await
}

/// The option checks every collection makes before its first call.
pub(crate) fn check_options(options: &CollectOptions) -> Result<(), Error> {
    if options.concurrency == 0 {
        return Err(Error::InvalidOption {
            option: "concurrency",
            message: "must be at least 1".into(),
        });
    }
    if let Some(services) = &options.services {
        registry::check_services(services).map_err(|message| Error::InvalidOption {
            option: "services",
            message,
        })?;
    }
    Ok(())
}

/// Collect the account `base` reaches (its credentials: the profile's own, or a role assumed
/// in a member account of an organization). `budget`, when given, is a request limit shared
/// with other collections running at the same time (`scan --org`): each call then holds a
/// permit of both its own run's limiter and the shared one.
pub(crate) async fn collect_with(
    base: aws_config::SdkConfig,
    options: &CollectOptions,
    progress: Arc<dyn Progress>,
    budget: Option<Arc<tokio::sync::Semaphore>>,
) -> Result<Inventory, Error> {
    let Some(home_region) = base.region().map(|r| r.as_ref().to_string()) else {
        // With no configuration at all, the missing credentials are the thing to fix first:
        // ask the chain (only here, so a normal run resolves credentials once).
        if let Some(provider) = base.credentials_provider() {
            use aws_credential_types::provider::{error::CredentialsError, ProvideCredentials};
            if let Err(e @ CredentialsError::CredentialsNotLoaded(_)) =
                provider.provide_credentials().await
            {
                return Err(Error::NoCredentials {
                    profile: options.profile.clone(),
                    message: aws_smithy_types::error::display::DisplayErrorContext(e).to_string(),
                });
            }
        }
        return Err(Error::NoRegion);
    };
    if base.credentials_provider().is_none() {
        return Err(Error::NoCredentials {
            profile: options.profile.clone(),
            message: "no credentials provider is configured".into(),
        });
    }
    // The chain ran but found nothing: said so (naming the profile) rather than "STS failed".
    let identity = account::identity(&base, &home_region, options.profile.as_deref()).await?;
    tracing::info!(account = %identity.account, region = %home_region, "collecting");
    let mut shared = Shared::new(
        base,
        identity.clone(),
        home_region.clone(),
        options.concurrency,
        progress,
    );
    shared.buckets = options
        .buckets
        .as_ref()
        .map(|names| names.iter().cloned().collect());
    shared.budget = budget;
    let shared = Arc::new(shared);

    // The account and its enabled regions come first: they decide the fan-out.
    let enabled = account::collect(&CollectContext::new(shared.clone(), "account", None)).await;
    let regions: Vec<String> = if !options.regions.is_empty() {
        // A region given twice must not be collected twice (duplicate resources).
        let mut regions = options.regions.clone();
        regions.sort();
        regions.dedup();
        regions
    } else {
        match enabled {
            Some(regions) if !regions.is_empty() => regions,
            _ => vec![home_region.clone()],
        }
    };

    let wanted = |service: &str| {
        options
            .services
            .as_ref()
            .is_none_or(|s| s.iter().any(|x| x == service))
    };
    let mut tasks = JoinSet::new();
    let run_regions: Arc<[String]> = regions.clone().into();
    let mut collected = Vec::new();
    for service in SERVICES.iter().filter(|s| wanted(s.name)) {
        spawn_service(&mut tasks, &shared, service, &run_regions);
        collected.push(service.name.to_string());
    }
    while let Some(joined) = tasks.join_next().await {
        if let Err(e) = joined {
            // A collector panicked: whatever it had not pushed is lost, which must show.
            CollectContext::new(shared.clone(), "cloudward", None).problem(
                "collector",
                cloudward_model::ErrorKind::Other,
                format!("a collector task failed: {e}"),
                &[],
            );
        }
    }

    let (resources, errors) = shared.take();
    let mut inventory = Inventory::new();
    inventory.account_id = Some(identity.account);
    inventory.collected_at = Some(shared.collected_at);
    inventory.regions = regions;
    inventory.services = collected;
    inventory.resources = resources;
    inventory.errors = errors;
    inventory.normalize();
    Ok(inventory)
}

/// Start the tasks of one service: once for global services, once per region otherwise.
fn spawn_service(
    tasks: &mut JoinSet<()>,
    shared: &Arc<Shared>,
    service: &'static Service,
    regions: &Arc<[String]>,
) {
    let run = || {
        let regions = regions.clone();
        move |ctx| (service.collect)(ctx, regions)
    };
    match service.scope {
        Scope::Global => spawn(tasks, shared, service.name, None, run()),
        Scope::Regional => {
            for region in regions.iter() {
                spawn(tasks, shared, service.name, Some(region.clone()), run());
            }
        }
    }
}

fn spawn<F, Fut>(
    tasks: &mut JoinSet<()>,
    shared: &Arc<Shared>,
    service: &'static str,
    region: Option<String>,
    collector: F,
) where
    F: FnOnce(Arc<CollectContext>) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let ctx = Arc::new(CollectContext::new(shared.clone(), service, region));
    tasks.spawn(async move {
        let progress = ctx.shared.progress.clone();
        progress.started(service, ctx.region_label());
        collector(ctx.clone()).await;
        progress.finished(service, ctx.region_label(), ctx.error_count());
    });
}

/// Record the tags a collector read for `resource`, or, when reading them failed, the failure
/// (as every failed call is) and why the tag rule cannot judge the resource.
pub(crate) fn record_tags(
    ctx: &CollectContext,
    resource: &mut Resource,
    tags: Result<BTreeMap<String, String>, ApiError>,
) {
    match tags {
        Ok(tags) => resource.set_tags(tags),
        Err(err) => {
            let failed: cloudward_model::Value<()> = ctx.failed(&err);
            resource.tags_unknown = failed.get().err();
        }
    }
}
