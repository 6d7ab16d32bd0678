//! The collection context: what every collector needs (SDK config for its region, account,
//! partition, the request limiter, the error sink) and the one place API calls go through.
//!
//! [`CollectContext::call`] is where requests are bounded, traced, classified, and
//! short-circuited when an earlier identical call showed that they cannot succeed.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use aws_config::SdkConfig;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use chrono::{DateTime, Utc};
use cloudward_model::{
    Attributes, CollectionError, ErrorKind, Resource, ResourceKind, Source, Value,
};
use tokio::sync::Semaphore;

use crate::classify::{from_sdk, ApiError};
use crate::Progress;

/// After this many access denials of one API in one region, with no success, the principal
/// evidently lacks the permission: later calls are not made. A single denial is not enough
/// for per-resource calls, because a bucket policy can deny one bucket and not the next.
const DENIALS_BEFORE_SKIPPING: u32 = 3;

#[derive(Debug, Default)]
struct DenialState {
    denials: u32,
    succeeded: bool,
    first: Option<ApiError>,
}

/// What every collector task of one run shares.
pub(crate) struct Shared {
    /// SDK configuration in the home region.
    pub base: SdkConfig,
    /// The account id from `sts:GetCallerIdentity`.
    pub account: String,
    /// The partition from the caller ARN (`aws`, `aws-cn`, `aws-us-gov`).
    pub partition: String,
    /// The region global calls are made in.
    pub home_region: String,
    /// The moment the inventory describes.
    pub collected_at: DateTime<Utc>,
    /// Progress callbacks.
    pub progress: Arc<dyn Progress>,
    limiter: Semaphore,
    unsupported: Mutex<HashMap<(&'static str, &'static str), ApiError>>,
    denied: Mutex<HashMap<(&'static str, &'static str, String), DenialState>>,
    errors: Mutex<Vec<CollectionError>>,
    resources: Mutex<Vec<Resource>>,
}

/// Lock a mutex; a panic in another collector task must not hide this one's data.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    /// A new run.
    pub fn new(
        base: SdkConfig,
        identity: Identity,
        home_region: String,
        concurrency: usize,
        progress: Arc<dyn Progress>,
    ) -> Self {
        Shared {
            base,
            account: identity.account,
            partition: identity.partition,
            home_region,
            collected_at: Utc::now(),
            progress,
            limiter: Semaphore::new(concurrency.max(1)),
            unsupported: Mutex::new(HashMap::new()),
            denied: Mutex::new(HashMap::new()),
            errors: Mutex::new(Vec::new()),
            resources: Mutex::new(Vec::new()),
        }
    }

    /// Everything collected so far.
    pub fn take(&self) -> (Vec<Resource>, Vec<CollectionError>) {
        (
            std::mem::take(&mut *lock(&self.resources)),
            std::mem::take(&mut *lock(&self.errors)),
        )
    }
}

/// Who we are: account and partition.
#[derive(Clone, Debug)]
pub(crate) struct Identity {
    /// 12-digit account id.
    pub account: String,
    /// ARN partition.
    pub partition: String,
}

/// The context of one collector task: one service in one region (or global).
pub(crate) struct CollectContext {
    /// The run.
    pub shared: Arc<Shared>,
    /// SDK service name, for errors and progress.
    pub service: &'static str,
    /// Region, `None` for global services.
    pub region: Option<String>,
    /// SDK configuration in this region (the home region for global services).
    pub config: SdkConfig,
    errors: AtomicUsize,
}

impl CollectContext {
    /// A context for `service` in `region` (`None`: global, in the home region).
    pub fn new(shared: Arc<Shared>, service: &'static str, region: Option<String>) -> Self {
        let config = match &region {
            Some(r) => crate::config::in_region(&shared.base, r),
            None => shared.base.clone(),
        };
        CollectContext {
            shared,
            service,
            region,
            config,
            errors: AtomicUsize::new(0),
        }
    }

    /// The region as shown to people (`global` for global services).
    pub fn region_label(&self) -> &str {
        self.region.as_deref().unwrap_or("global")
    }

    /// The region an ARN of this context carries (empty for global resources).
    pub fn arn_region(&self) -> &str {
        self.region.as_deref().unwrap_or("")
    }

    /// The account id.
    pub fn account(&self) -> &str {
        &self.shared.account
    }

    /// The ARN partition.
    pub fn partition(&self) -> &str {
        &self.shared.partition
    }

    /// How many failed calls this context recorded.
    pub fn error_count(&self) -> usize {
        self.errors.load(Ordering::Relaxed)
    }

    /// Make one API call: wait for a slot, trace it, classify a failure, remember APIs that
    /// cannot succeed. `request` is the SDK's `send()` future, which does nothing until awaited.
    pub async fn call<T, E, Fut>(&self, api: &'static str, request: Fut) -> Result<T, ApiError>
    where
        Fut: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        if let Some(skip) = self.known_broken(api) {
            return Err(skip);
        }
        let _permit = self
            .shared
            .limiter
            .acquire()
            .await
            .expect("the limiter is never closed");
        // Another call may have found the API broken while this one waited.
        if let Some(skip) = self.known_broken(api) {
            return Err(skip);
        }
        tracing::debug!(
            service = self.service,
            api,
            region = self.region_label(),
            "call"
        );
        match request.await {
            Ok(output) => {
                self.note_success(api);
                Ok(output)
            }
            Err(err) => {
                let err = from_sdk(self.service, api, self.region.clone(), &err);
                tracing::debug!(
                    service = self.service,
                    api,
                    region = self.region_label(),
                    kind = ?err.kind,
                    code = err.code.as_deref().unwrap_or(""),
                    "call failed"
                );
                self.note_failure(api, &err);
                Err(err)
            }
        }
    }

    fn region_key(&self) -> String {
        self.region_label().to_string()
    }

    fn known_broken(&self, api: &'static str) -> Option<ApiError> {
        let shortcut = |first: &ApiError| ApiError {
            region: self.region.clone(),
            short_circuited: true,
            ..first.clone()
        };
        if let Some(first) = lock(&self.shared.unsupported).get(&(self.service, api)) {
            return Some(shortcut(first));
        }
        let denied = lock(&self.shared.denied);
        match denied.get(&(self.service, api, self.region_key())) {
            Some(DenialState {
                denials,
                succeeded: false,
                first: Some(first),
            }) if *denials >= DENIALS_BEFORE_SKIPPING => Some(shortcut(first)),
            _ => None,
        }
    }

    fn note_success(&self, api: &'static str) {
        lock(&self.shared.denied)
            .entry((self.service, api, self.region_key()))
            .or_default()
            .succeeded = true;
    }

    fn note_failure(&self, api: &'static str, err: &ApiError) {
        match err.kind {
            ErrorKind::Unsupported => {
                lock(&self.shared.unsupported)
                    .entry((self.service, api))
                    .or_insert_with(|| err.clone());
            }
            ErrorKind::AccessDenied => {
                let mut denied = lock(&self.shared.denied);
                let state = denied
                    .entry((self.service, api, self.region_key()))
                    .or_default();
                state.denials += 1;
                state.first.get_or_insert_with(|| err.clone());
            }
            _ => {}
        }
    }

    /// Record a failed call that only made attributes Unknown, and return that Unknown.
    /// Short-circuited repeats are not recorded again.
    pub fn failed<T>(&self, err: &ApiError) -> Value<T> {
        if !err.short_circuited {
            self.record(err, &[]);
        }
        Value::unknown(err.reason())
    }

    /// Record a listing that failed, hiding every resource of `kinds` in this region. Always
    /// recorded, even when short-circuited: the kinds differ per region.
    pub fn listing_failed(&self, err: &ApiError, kinds: &[ResourceKind]) {
        self.record(err, kinds);
    }

    fn record(&self, err: &ApiError, kinds: &[ResourceKind]) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        lock(&self.shared.errors).push(CollectionError {
            service: err.service.to_string(),
            region: err.region.clone(),
            api: err.api.to_string(),
            kind: err.kind,
            message: err.message.clone(),
            kinds: kinds.to_vec(),
        });
    }

    /// Record a problem that is not an SDK error (an unparsable document, a report that never
    /// completed) against `api`.
    pub fn problem(
        &self,
        api: &'static str,
        kind: ErrorKind,
        message: String,
        kinds: &[ResourceKind],
    ) {
        self.record(
            &ApiError {
                service: self.service,
                api,
                region: self.region.clone(),
                kind,
                code: None,
                message,
                short_circuited: false,
            },
            kinds,
        );
    }

    /// A resource of this context (its region, account and live source).
    pub fn resource(&self, id: String, name: String, attributes: Attributes) -> Resource {
        self.resource_in(self.region.clone(), id, name, attributes)
    }

    /// A resource in another region than the context's (S3 buckets, trails).
    pub fn resource_in(
        &self,
        region: Option<String>,
        id: String,
        name: String,
        attributes: Attributes,
    ) -> Resource {
        Resource {
            id,
            name,
            account: Some(self.shared.account.clone()),
            source: Source::Live,
            region,
            tags: Default::default(),
            attribute_locations: Default::default(),
            existence_unknown: None,
            suppressions: Vec::new(),
            attributes,
        }
    }

    /// Add a resource to the inventory.
    pub fn push(&self, resource: Resource) {
        lock(&self.shared.resources).push(resource);
    }
}

#[cfg(test)]
// The fakes return the SDK's own error type, exactly as `send()` does.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use crate::NoProgress;
    use aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityError;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::error::ErrorMetadata;

    type Result = std::result::Result<(), SdkError<GetCallerIdentityError, HttpResponse>>;

    fn shared() -> Arc<Shared> {
        Arc::new(Shared::new(
            SdkConfig::builder().build(),
            Identity {
                account: "123456789012".into(),
                partition: "aws".into(),
            },
            "us-east-1".into(),
            4,
            Arc::new(NoProgress),
        ))
    }

    fn response(status: u16, body: &'static str) -> HttpResponse {
        HttpResponse::new(
            StatusCode::try_from(status).expect("valid status"),
            SdkBody::from(body),
        )
    }

    fn denied() -> Result {
        Err(SdkError::service_error(
            GetCallerIdentityError::generic(
                ErrorMetadata::builder()
                    .code("AccessDenied")
                    .message("not authorized")
                    .build(),
            ),
            response(403, ""),
        ))
    }

    /// moto's answer for an API it does not implement.
    fn html_500() -> Result {
        Err(SdkError::service_error(
            GetCallerIdentityError::generic(ErrorMetadata::builder().build()),
            response(
                500,
                "<!DOCTYPE html><title>500 Internal Server Error</title>",
            ),
        ))
    }

    fn run<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime builds")
            .block_on(f)
    }

    #[test]
    fn unsupported_is_remembered_across_regions() {
        let shared = shared();
        let east = CollectContext::new(shared.clone(), "accessanalyzer", Some("us-east-1".into()));
        let west = CollectContext::new(shared.clone(), "accessanalyzer", Some("eu-west-1".into()));
        let made = AtomicUsize::new(0);
        let request = || async {
            made.fetch_add(1, Ordering::SeqCst);
            html_500()
        };
        run(async {
            let first = east
                .call("ListAnalyzers", request())
                .await
                .expect_err("fails");
            assert_eq!(first.kind, ErrorKind::Unsupported);
            assert!(!first.short_circuited);
            let second = west
                .call("ListAnalyzers", request())
                .await
                .expect_err("skipped");
            assert_eq!(second.kind, ErrorKind::Unsupported);
            assert!(second.short_circuited);
            assert_eq!(second.region.as_deref(), Some("eu-west-1"));
            // Another API of the same service is still tried.
            let _ = west.call("GetAnalyzer", request()).await;
        });
        assert_eq!(made.load(Ordering::SeqCst), 2);

        // An attribute failure is recorded once, a listing failure in every region.
        let _: Value<bool> = east.failed(&ApiError {
            short_circuited: false,
            ..from_sdk(
                "accessanalyzer",
                "ListAnalyzers",
                None,
                &html_500().expect_err("err"),
            )
        });
        let skipped = run(west.call("ListAnalyzers", request())).expect_err("skipped");
        let _: Value<bool> = west.failed(&skipped);
        west.listing_failed(&skipped, &[ResourceKind::AccessAnalyzerRegion]);
        let (_, errors) = shared.take();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[1].kinds, [ResourceKind::AccessAnalyzerRegion]);
    }

    #[test]
    fn repeated_denials_stop_further_calls_unless_one_succeeded() {
        let ctx = CollectContext::new(shared(), "s3", None);
        let made = AtomicUsize::new(0);
        let deny = || async {
            made.fetch_add(1, Ordering::SeqCst);
            denied()
        };
        run(async {
            for _ in 0..DENIALS_BEFORE_SKIPPING {
                let err = ctx
                    .call("GetBucketPolicy", deny())
                    .await
                    .expect_err("denied");
                assert_eq!(err.kind, ErrorKind::AccessDenied);
                assert!(!err.short_circuited);
            }
            let err = ctx
                .call("GetBucketPolicy", deny())
                .await
                .expect_err("skipped");
            assert!(err.short_circuited);
            assert!(err.reason().contains("access denied"), "{}", err.reason());
        });
        assert_eq!(
            made.load(Ordering::SeqCst),
            DENIALS_BEFORE_SKIPPING as usize
        );

        // One success means the denials were per resource (a bucket policy): keep calling.
        let ctx = CollectContext::new(shared(), "s3", None);
        let made = AtomicUsize::new(0);
        run(async {
            ctx.call("GetBucketAcl", async { Result::Ok(()) })
                .await
                .expect("succeeds");
            for _ in 0..5 {
                let err = ctx
                    .call("GetBucketAcl", async {
                        made.fetch_add(1, Ordering::SeqCst);
                        denied()
                    })
                    .await
                    .expect_err("denied");
                assert!(!err.short_circuited);
            }
        });
        assert_eq!(made.load(Ordering::SeqCst), 5);
    }
}
