//! `cloudward permissions`: the least-privilege IAM policy a scan needs, from the service
//! registry (the README's policy is this output; a test keeps them equal).

use std::io::Write;

use anyhow::Context;

use super::Globals;
use crate::exit::OK;

/// Arguments of `cloudward permissions`.
#[derive(clap::Args)]
#[command(
    after_help = "Attach the output as an identity policy on the role or user that \
    scans. Every action is a read, except iam:GenerateCredentialReport, which AWS requires \
    before GetCredentialReport and which changes no configuration."
)]
pub struct Args {
    /// Only the actions these services' collectors call (repeatable or comma-separated), as
    /// for `cloudward scan --service`. Default: every service.
    #[arg(
        long = "service",
        value_name = "SERVICE",
        value_delimiter = ',',
        value_parser = crate::live::service_names()
    )]
    pub services: Vec<String>,
    /// The policy of the management-account (or delegated-administrator) credentials of
    /// `scan --org`: the scan's actions plus listing the organization and sts:AssumeRole.
    /// The member accounts' roles need the policy without --org.
    #[arg(long)]
    pub org: bool,
}

/// Run `cloudward permissions`.
pub fn run(args: Args, _globals: &Globals) -> anyhow::Result<u8> {
    let selected = (!args.services.is_empty()).then_some(args.services.as_slice());
    let policy = if args.org {
        cloudward_aws::registry::org_policy(selected)
    } else {
        cloudward_aws::registry::policy(selected)
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{policy}").context("writing the policy")?;
    Ok(OK)
}
