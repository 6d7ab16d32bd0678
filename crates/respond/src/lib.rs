//! Actions that change an AWS account. Scanning never does; everything here runs only behind
//! an explicit command-line flag, and shows what it would do first (a dry run).
//!
//! Two actions live here. Blocking offending addresses ([`block`], `cloudward respond`): the
//! public source addresses of alerts go into a WAFv2 IP set or network ACL deny entries for a
//! time, recorded in the store; [`block::plan`] reads and decides, [`block::apply`] changes.
//! And the AWS Security Hub import (`cloudward scan --to-security-hub`):
//! [`plan`] reads what cloudward imported before (`GetFindings`, read-only) and works out, per
//! region, which findings to import and which earlier ones to archive because they were fixed
//! or their resource is gone; [`import`] sends that plan with `BatchImportFindings`, in batches
//! of 100 (the API's limit), retrying throttled calls and retryable failed findings with
//! backoff, and reports what failed and why. A dry run is [`plan`] alone.
//!
//! The findings are the `--format asff` findings of the report
//! ([`cloudward_report::asff::findings`]), so what is imported is exactly what that format
//! prints; clients and credentials come from [`cloudward_aws::sdk_config`], the collection's.
//!
//! ```no_run
//! # async fn run(report: &cloudward_report::Report) -> Result<(), cloudward_respond::Error> {
//! use cloudward_respond::{import, plan, ImportOptions};
//!
//! let config = cloudward_aws::sdk_config(&Default::default()).await;
//! let options = ImportOptions::default();
//! let plan = plan(&config, report, &options).await?;
//! println!("{}", plan.describe());
//! let summary = import(&config, &plan, &options).await;
//! assert!(summary.is_complete(), "{}", summary.describe());
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

pub mod block;
mod securityhub;

pub use securityhub::{
    import, is_retryable, plan, to_sdk, Error, FailedFinding, ImportOptions, ImportSummary, Plan,
    RegionPlan, BATCH_SIZE, MAX_EXISTING,
};
