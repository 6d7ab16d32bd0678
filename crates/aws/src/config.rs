//! SDK configuration shared by every client: credentials, region, endpoint, retries, timeouts,
//! and the two emulator quirks (S3 path-style, the S3 Control account-id host prefix).
//!
//! Everyone who talks to AWS in cloudward builds clients here, so an endpoint URL or a profile
//! means the same thing to the collectors, the integration tests and the log readers.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeTransmitInterceptorContextMut, InterceptorContext,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryClassifierPriority,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

use crate::classify::is_html_error;
use crate::CollectOptions;

/// Attempts per request, first one included. Modest on purpose: adaptive mode already slows
/// the client when AWS throttles, and a scan should report Unknown rather than hang.
const MAX_ATTEMPTS: u32 = 4;

/// The SDK configuration for `options`: the standard credential chain (or the named profile),
/// the first `--region` or else the profile's region, the endpoint URL, adaptive retries and
/// per-attempt timeouts.
///
/// Build service clients from it with the `*_client` functions of this crate, which add the
/// per-service fixes (path-style S3, S3 Control host, no retry of emulator HTML errors).
pub async fn sdk_config(options: &CollectOptions) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(https_client())
        .retry_config(
            RetryConfig::adaptive()
                .with_max_attempts(MAX_ATTEMPTS)
                .with_initial_backoff(Duration::from_millis(500))
                .with_max_backoff(Duration::from_secs(10)),
        )
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .read_timeout(Duration::from_secs(20))
                .operation_attempt_timeout(Duration::from_secs(20))
                .operation_timeout(Duration::from_secs(90))
                .build(),
        );
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = options.regions.first() {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &options.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

/// The HTTPS client every SDK call goes through: hyper 1 with rustls on the ring crypto
/// provider, trusting the platform's root certificates.
///
/// The SDK's own default (`default-https-client`) is the same stack on aws-lc-rs; building it
/// here instead keeps the aws-lc-sys C library out of the build (issue 2: cold release builds
/// under 10 minutes on 2 cores). The credential providers of `aws-config` (SSO, web identity,
/// IMDS) use this client too, because it is set on the config loader.
pub fn https_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
            aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https()
}

/// A copy of `config` pointed at another region.
pub(crate) fn in_region(config: &SdkConfig, region: &str) -> SdkConfig {
    config
        .to_builder()
        .region(Region::new(region.to_string()))
        .build()
}

/// Build a client of an SDK crate from an `SdkConfig` with the HTML classifier installed.
macro_rules! client {
    ($krate:ident, $config:expr) => {
        $krate::Client::from_conf(
            $krate::config::Builder::from($config)
                .retry_classifier($crate::config::HtmlNotRetried)
                .build(),
        )
    };
}
pub(crate) use client;

/// STS client.
pub fn sts_client(config: &SdkConfig) -> aws_sdk_sts::Client {
    client!(aws_sdk_sts, config)
}

/// IAM client (a global service: any commercial region reaches the global endpoint).
pub fn iam_client(config: &SdkConfig) -> aws_sdk_iam::Client {
    client!(aws_sdk_iam, config)
}

/// EC2 client.
pub fn ec2_client(config: &SdkConfig) -> aws_sdk_ec2::Client {
    client!(aws_sdk_ec2, config)
}

/// AWS WAF (wafv2) client in `region`: `cloudward respond` updates IP sets with the
/// collection's credentials, endpoint and retries. CLOUDFRONT-scope IP sets live in
/// `us-east-1`.
pub fn wafv2_client(config: &SdkConfig, region: &str) -> aws_sdk_wafv2::Client {
    client!(aws_sdk_wafv2, &in_region(config, region))
}

/// EC2 client in `region` (`cloudward respond` network ACL entries).
pub fn ec2_client_in(config: &SdkConfig, region: &str) -> aws_sdk_ec2::Client {
    client!(aws_sdk_ec2, &in_region(config, region))
}

/// Security Hub client in `region`: the Security Hub import (crate `respond`) writes findings
/// to the hub of each finding's region with the same credentials, endpoint and retries as the
/// collection.
pub fn securityhub_client(config: &SdkConfig, region: &str) -> aws_sdk_securityhub::Client {
    client!(aws_sdk_securityhub, &in_region(config, region))
}

/// SQS client (used by the log readers for S3 event notifications).
pub fn sqs_client(config: &SdkConfig) -> aws_sdk_sqs::Client {
    client!(aws_sdk_sqs, config)
}

/// Per-attempt (and time-to-first-byte) timeout of SQS calls that long-poll: the longest long
/// poll (20 s) plus room for a slow network.
const SQS_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(40);

/// SQS client for long polls (`ReceiveMessage` with `WaitTimeSeconds` up to 20): a long poll
/// holds the response for up to 20 s, longer than the shared per-attempt timeout allows, so
/// these calls get more room. Used by the log readers and the watch loop's event queue.
pub(crate) fn sqs_long_poll_client(config: &SdkConfig) -> aws_sdk_sqs::Client {
    let config = config
        .to_builder()
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .read_timeout(SQS_ATTEMPT_TIMEOUT)
                .operation_attempt_timeout(SQS_ATTEMPT_TIMEOUT)
                .operation_timeout(Duration::from_secs(180))
                .build(),
        )
        .build();
    sqs_client(&config)
}

/// S3 client; path-style addressing when an endpoint URL is set, because an emulator on
/// `127.0.0.1:PORT` has no `<bucket>.127.0.0.1` host names.
pub fn s3_client(config: &SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(config)
            .force_path_style(config.endpoint_url().is_some())
            .retry_classifier(HtmlNotRetried)
            .build(),
    )
}

/// S3 Control client. The SDK puts the account id in front of the host
/// (`123456789012.s3-control.<region>.amazonaws.com`); with an endpoint URL that gives
/// `123456789012.127.0.0.1:PORT`, which does not resolve, so the prefix is stripped there.
pub fn s3control_client(config: &SdkConfig) -> aws_sdk_s3control::Client {
    let mut builder =
        aws_sdk_s3control::config::Builder::from(config).retry_classifier(HtmlNotRetried);
    if config.endpoint_url().is_some() {
        builder = builder.interceptor(StripAccountHost);
    }
    aws_sdk_s3control::Client::from_conf(builder.build())
}

/// Forbids retrying an error response whose body is HTML: AWS answers errors in XML or JSON,
/// so HTML means an emulator or proxy that does not implement the API. Retrying it with
/// backoff only costs seconds per call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HtmlNotRetried;

impl ClassifyRetry for HtmlNotRetried {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        match ctx.response() {
            Some(response)
                if matches!(response.status().as_u16(), 404 | 405 | 500 | 501)
                    && is_html_error(response.status().as_u16(), response.body().bytes()) =>
            {
                RetryAction::RetryForbidden
            }
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "cloudward: HTML error bodies are not retried"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

/// Drops a 12-digit account-id label from the front of the request host (S3 Control against
/// an emulator endpoint).
#[derive(Debug, Clone, Copy)]
struct StripAccountHost;

impl Intercept for StripAccountHost {
    fn name(&self) -> &'static str {
        "cloudward: strip the S3 Control account-id host prefix"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(uri) = strip_account_prefix(context.request().uri()) {
            context.request_mut().set_uri(uri)?;
        }
        Ok(())
    }
}

/// `http://123456789012.127.0.0.1:5123/v20180820/...` → `http://127.0.0.1:5123/v20180820/...`;
/// `None` when the host has no account-id label.
fn strip_account_prefix(uri: &str) -> Option<String> {
    let (scheme, rest) = uri.split_once("://")?;
    let (label, host_rest) = rest.split_once('.')?;
    if label.len() == 12 && label.bytes().all(|b| b.is_ascii_digit()) {
        Some(format!("{scheme}://{host_rest}"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_runtime_api::client::interceptors::context::Input;
    use aws_smithy_runtime_api::http::{Response, StatusCode};
    use aws_smithy_types::body::SdkBody;

    fn verdict(status: u16, body: &'static str) -> RetryAction {
        let mut ctx = InterceptorContext::new(Input::erase(()));
        ctx.set_response(Response::new(
            StatusCode::try_from(status).expect("valid status"),
            SdkBody::from(body),
        ));
        HtmlNotRetried.classify_retry(&ctx)
    }

    #[test]
    fn html_error_pages_are_never_retried_other_errors_are_left_alone() {
        assert_eq!(
            verdict(
                500,
                "<!DOCTYPE html><title>500 Internal Server Error</title>"
            ),
            RetryAction::RetryForbidden
        );
        assert_eq!(
            verdict(404, "<html><body>not found</body></html>"),
            RetryAction::RetryForbidden
        );
        // AWS's own 500s (XML/JSON) stay retryable by the SDK's classifiers.
        assert_eq!(
            verdict(500, "<Error><Code>InternalError</Code></Error>"),
            RetryAction::NoActionIndicated
        );
        assert_eq!(
            verdict(503, r#"{"__type":"ThrottlingException"}"#),
            RetryAction::NoActionIndicated
        );
        // It runs after the SDK's classifiers, so its veto wins.
        assert!(HtmlNotRetried.priority() > RetryClassifierPriority::transient_error_classifier());
    }

    #[test]
    fn strips_the_account_label_only() {
        assert_eq!(
            strip_account_prefix(
                "http://123456789012.127.0.0.1:5123/v20180820/configuration/publicAccessBlock"
            )
            .as_deref(),
            Some("http://127.0.0.1:5123/v20180820/configuration/publicAccessBlock")
        );
        assert_eq!(
            strip_account_prefix("http://127.0.0.1:5123/v20180820/x"),
            None
        );
        assert_eq!(strip_account_prefix("http://localhost:5123/x"), None);
        // A host label of 12 characters that is not all digits stays.
        assert_eq!(
            strip_account_prefix("https://s3controlabc.example.com/x"),
            None
        );
    }
}
