//! `scan --to-security-hub` and `--format asff`: the scan's findings into AWS Security Hub.
//!
//! The import is the only call of `scan` that changes the account, so it runs only with its
//! explicit flag; `--dry-run` prints what it would import and archive (after reading the
//! existing findings, `securityhub:GetFindings`) and writes nothing. The report is written
//! first either way; an import that did not go through completely prints why on stderr and
//! makes the scan exit 3.

use std::time::Duration;

use anyhow::Context;
use cloudward_model::Inventory;
use cloudward_report::asff::{self, AsffOptions};
use cloudward_report::{render, Format, RenderOptions, Report};
use cloudward_respond::ImportOptions;
use cloudward_rules::Rule;

use super::Globals;
use crate::exit::UsageError;
use crate::live::LiveArgs;

/// Stack of the thread that runs the import: the SDK's `GetFindings` deserialiser (ASFF
/// resource details nest deeply) needs more than a default 2 MiB thread stack in debug builds.
const STACK: usize = 32 << 20;

/// Security Hub flags of `cloudward scan`.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct SecurityHubArgs {
    /// Import the findings into AWS Security Hub (BatchImportFindings, the only call of a scan
    /// that changes the account) and archive the earlier cloudward findings that were fixed
    /// or whose resource is gone. Uses the --profile / --endpoint-url credentials; needs
    /// securityhub:BatchImportFindings and securityhub:GetFindings.
    #[arg(long)]
    pub to_security_hub: bool,

    /// With --to-security-hub: print what would be imported and archived (stderr), and import
    /// nothing. Reads the existing findings (securityhub:GetFindings).
    #[arg(long, requires = "to_security_hub")]
    pub dry_run: bool,

    /// The region whose Security Hub receives findings of global resources (IAM, account
    /// settings), for --to-security-hub and --format asff. Default: the first collected
    /// region (sorted), else us-east-1. Regional findings always go to their own region.
    #[arg(long, value_name = "REGION")]
    pub security_hub_region: Option<String>,
}

impl SecurityHubArgs {
    /// Whether `format` or the import needs the report in ASFF.
    fn needs_asff(&self, format: Format) -> bool {
        format == Format::Asff || self.to_security_hub
    }

    /// A usage error (exit 2) when the report cannot be ASFF: no account id or no time.
    pub fn check(&self, format: Format, report: &Report) -> anyhow::Result<()> {
        if self.needs_asff(format) {
            asff::check(report).map_err(|reason| {
                let flag = if self.to_security_hub {
                    "--to-security-hub"
                } else {
                    "--format asff"
                };
                UsageError(format!("{flag}: {reason}"))
            })?;
        }
        Ok(())
    }

    /// Render `report` in `format`; ASFF with the home region of `--security-hub-region`.
    pub fn render(
        &self,
        format: Format,
        report: &Report,
        options: &RenderOptions<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(), cloudward_report::RenderError> {
        if format == Format::Asff {
            asff::render_with(
                report,
                &AsffOptions {
                    home_region: self.security_hub_region.as_deref(),
                },
                out,
            )
        } else {
            render(format, report, options, out)
        }
    }
}

/// The report the import needs: every verdict, passes included (a pass archives the finding
/// it fixed), also when the printed report counts passes without listing them.
pub fn full_report(inventory: &Inventory, rules: &[&dyn Rule], printed: &Report) -> Report {
    if printed.omitted.is_empty() {
        return printed.clone();
    }
    Report::new(
        cloudward_rules::engine::evaluate(inventory, rules),
        printed.collection_errors.clone(),
        printed.rules.values().copied().collect(),
        printed.target.clone(),
        printed.tool_version.clone(),
    )
}

/// Import `report` (or with `--dry-run`, show the plan). `Ok(false)` when something was not
/// imported or could not be read: the caller exits 3 after the report is out.
pub fn export(
    args: &SecurityHubArgs,
    live: &LiveArgs,
    report: &Report,
    globals: &Globals,
) -> anyhow::Result<bool> {
    let options = ImportOptions {
        home_region: args.security_hub_region.clone(),
        concurrency: live.concurrency.clamp(1, 8),
        retry_backoff: Duration::from_millis(500),
    };
    let collect = live.options();
    let dry_run = args.dry_run;
    let quiet = globals.quiet;
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("security-hub".into())
            .stack_size(STACK)
            .spawn_scoped(scope, || -> anyhow::Result<bool> {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .context("starting the async runtime")?;
                runtime.block_on(async {
                    let config = cloudward_aws::sdk_config(&collect).await;
                    let plan = cloudward_respond::plan(&config, report, &options)
                        .await
                        .map_err(|e| UsageError(format!("--to-security-hub: {e}")))?;
                    if dry_run {
                        eprint!("{}", plan.describe());
                        eprintln!(
                            "security hub: dry run, nothing imported ({} BatchImportFindings calls planned)",
                            plan.calls()
                        );
                        let unreadable = plan.regions.values().any(|r| r.read_error.is_some());
                        return Ok(!unreadable);
                    }
                    let summary = cloudward_respond::import(&config, &plan, &options).await;
                    if !summary.is_complete() || !quiet {
                        eprint!("{}", summary.describe());
                    }
                    Ok(summary.is_complete())
                })
            })
            .context("starting the Security Hub import thread")?
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
