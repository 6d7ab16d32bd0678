//! Live, read-only collection of an AWS account into the cloudward model.
//!
//! [`collect`] reads one account through the official AWS SDK for Rust and returns a
//! [`cloudward_model::Inventory`]: every service collector runs per region (IAM and S3 once),
//! concurrently, and every detail request goes through one bounded pool
//! ([`CollectOptions::concurrency`] requests in flight).
//!
//! What could not be read is data, never a default: a listing that failed becomes a
//! [`cloudward_model::CollectionError`] naming the resource kinds it hides, and an attribute
//! that failed becomes `Value::Unknown(reason)`. Only problems that make the whole run
//! meaningless (no credentials, `sts:GetCallerIdentity` failing, no region) are an [`Error`].
//!
//! Principal items:
//! - [`CollectOptions`], [`collect`], [`Progress`]: the entry point the CLI and tests call.
//! - [`org::Organization`]: the accounts of an organization, each collected with a role
//!   assumed in it (`scan --org`).
//! - [`sdk_config`] and the `*_client` builders: the same endpoint, credential, retry and
//!   timeout handling for anyone else who talks to AWS (integration tests provisioning moto,
//!   the log readers pulling CloudTrail objects from S3 and notifications from SQS).
//!
//! The crate makes no mutating call except `iam:GenerateCredentialReport`, which AWS requires
//! before `GetCredentialReport` and which changes no configuration.
//!
//! ```no_run
//! use std::sync::Arc;
//! use cloudward_aws::{collect, CollectOptions, NoProgress};
//!
//! # async fn run() -> Result<(), cloudward_aws::Error> {
//! let options = CollectOptions {
//!     regions: vec!["eu-west-1".into()],
//!     ..Default::default()
//! };
//! let inventory = collect(&options, Arc::new(NoProgress)).await?;
//! println!("{} resources, {} errors", inventory.resources.len(), inventory.errors.len());
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod arn;
mod classify;
mod collect;
mod config;
mod context;
mod convert;
pub mod events;
pub mod logs;
#[cfg(feature = "moto")]
pub mod moto;
pub mod org;
mod paginate;
pub mod registry;

/// The SDK configuration type [`sdk_config`] returns, so that callers need no `aws-config`
/// dependency of their own.
pub use aws_config::SdkConfig;
pub use collect::collect;
pub use config::{
    ec2_client, ec2_client_in, https_client, iam_client, s3_client, s3control_client, sdk_config,
    securityhub_client, sqs_client, sts_client, wafv2_client,
};

/// What to collect and how.
#[derive(Clone, Debug)]
pub struct CollectOptions {
    /// Named profile from the shared config files (`None`: the default credential chain).
    pub profile: Option<String>,
    /// Regions to collect; empty means every region enabled for the account.
    pub regions: Vec<String>,
    /// One endpoint URL for every service (an emulator such as moto). S3 then uses path-style
    /// addressing and S3 Control drops the account-id host prefix.
    pub endpoint_url: Option<String>,
    /// Requests in flight at once across the whole run.
    pub concurrency: usize,
    /// Services to collect by SDK name (see [`registry::SERVICES`]); `None` collects all. The
    /// account itself is always collected.
    pub services: Option<Vec<String>>,
    /// S3 only: read just these buckets (by name) after listing them; `None` reads every
    /// bucket. The watch loop sets it when an event named the bucket it changed, so one
    /// `PutBucketPolicy` does not re-read ten thousand buckets.
    pub buckets: Option<Vec<String>>,
}

impl Default for CollectOptions {
    fn default() -> Self {
        CollectOptions {
            profile: None,
            regions: Vec::new(),
            endpoint_url: None,
            concurrency: 32,
            services: None,
            buckets: None,
        }
    }
}

pub use registry::SERVICES;

/// Progress callbacks, one pair per (service, region); `region` is `global` for IAM and S3.
/// Implementations must be cheap: they are called from collector tasks.
pub trait Progress: Send + Sync {
    /// A collector started.
    fn started(&self, service: &str, region: &str);
    /// A collector finished; `errors` is how many failed calls it recorded.
    fn finished(&self, service: &str, region: &str, errors: usize);
}

/// A [`Progress`] that shows nothing (tests, `--quiet`).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn started(&self, _service: &str, _region: &str) {}
    fn finished(&self, _service: &str, _region: &str, _errors: usize) {}
}

/// Problems that stop a collection before it starts. Everything after that point is recorded
/// in the inventory instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The credential chain found no credentials (or there is no chain at all). The message
    /// names the sources the SDK's default chain tries, in its order, so the user knows what
    /// was looked at; the SDK's own explanation is in `message` (and at `-vv`), not in the
    /// one-line message (issue 8).
    #[error(
        "no AWS credentials found{}: tried environment variables (AWS_ACCESS_KEY_ID), the shared \
         config and credentials files ({}, with SSO and credential_process), web identity \
         (AWS_WEB_IDENTITY_TOKEN_FILE), and container and EC2 instance metadata",
        profile.as_deref().map(|p| format!(" for profile {p}")).unwrap_or_default(),
        profile.as_deref().map(|p| format!("profile {p}")).unwrap_or_else(|| "profile default".into())
    )]
    NoCredentials {
        /// The profile that was asked for, if any.
        profile: Option<String>,
        /// What the credential chain said.
        message: String,
    },
    /// `sts:GetCallerIdentity` failed: the credentials are invalid, expired or cannot reach STS.
    #[error("sts:GetCallerIdentity failed in {region}: {message}")]
    Identity {
        /// Region the call was made in.
        region: String,
        /// The SDK error with its context chain.
        message: String,
    },
    /// The organization could not be listed (`scan --org` from an account that is neither the
    /// management account nor a delegated administrator, an `--ou` that is not in it, ...).
    #[error("the organization could not be listed: {message}")]
    Organization {
        /// What failed, with the API and AWS's reason.
        message: String,
    },
    /// No `--region` was given and the profile or environment names none.
    #[error("no AWS region: pass --region or set AWS_REGION / a region in the profile")]
    NoRegion,
    /// An option is out of range.
    #[error("invalid collection option {option}: {message}")]
    InvalidOption {
        /// The option name.
        option: &'static str,
        /// What is wrong.
        message: String,
    },
}
