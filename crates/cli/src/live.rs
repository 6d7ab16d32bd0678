//! Live collection from the CLI: credentials, regions, the tokio runtime and progress bars.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use cloudward_aws::{CollectOptions, Progress};
use cloudward_model::Inventory;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::commands::Globals;

/// Flags that choose what live account and regions to collect.
/// The `--service` values, with what each collects, from the service registry: `--help`
/// lists them, and clap rejects a typo as a usage error (exit 2).
pub(crate) fn service_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        cloudward_aws::registry::SERVICES
            .iter()
            .map(|s| clap::builder::PossibleValue::new(s.name).help(s.summary)),
    )
}

#[derive(clap::Args, Clone, Debug)]
pub struct LiveArgs {
    /// Named profile from ~/.aws/config (default: the standard credential chain).
    #[arg(long, env = "AWS_PROFILE")]
    pub profile: Option<String>,
    /// Region to collect (repeatable). Default: every region enabled for the account.
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// Endpoint URL for every service (an emulator such as moto); S3 uses path-style there.
    #[arg(long, env = "AWS_ENDPOINT_URL")]
    pub endpoint_url: Option<String>,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,
    /// Service to collect (repeatable or comma-separated). Default: all.
    #[arg(
        long = "service",
        value_name = "SERVICE",
        value_delimiter = ',',
        value_parser = service_names(),
        hide_possible_values = false
    )]
    pub services: Vec<String>,
}

impl LiveArgs {
    /// The library options these flags describe.
    pub fn options(&self) -> CollectOptions {
        CollectOptions {
            profile: self.profile.clone(),
            regions: self.regions.clone(),
            endpoint_url: self.endpoint_url.clone(),
            concurrency: self.concurrency,
            services: (!self.services.is_empty()).then(|| self.services.clone()),
            buckets: None,
        }
    }
}

/// One progress bar on stderr: its length grows as (service, region) collectors start, its
/// position as they finish; the message names the last one and the errors so far.
struct Bar {
    bar: ProgressBar,
    errors: std::sync::atomic::AtomicUsize,
}

impl Progress for Bar {
    fn started(&self, _service: &str, _region: &str) {
        self.bar.inc_length(1);
    }

    fn finished(&self, service: &str, region: &str, errors: usize) {
        let total = self
            .errors
            .fetch_add(errors, std::sync::atomic::Ordering::Relaxed)
            + errors;
        self.bar.inc(1);
        self.bar.set_message(format!(
            "{service} {region} done, {total} failed calls so far"
        ));
    }
}

/// Collect the account described by `args` into an inventory.
pub fn collect_inventory(args: &LiveArgs, globals: &Globals) -> anyhow::Result<Inventory> {
    check_args(args)?;
    let options = args.options();
    let (bar, progress) = progress_bar(globals)?;
    let result = runtime()?.block_on(cloudward_aws::collect(&options, progress));
    bar.finish_and_clear();
    result.map_err(failed)
}

/// The usage checks of the live flags (exit 2), before anything is called.
pub(crate) fn check_args(args: &LiveArgs) -> anyhow::Result<()> {
    cloudward_aws::registry::check_services(&args.services)
        .map_err(|e| crate::exit::UsageError(format!("--service: {e}")))?;
    if args.concurrency == 0 {
        return Err(crate::exit::UsageError("--concurrency must be at least 1".into()).into());
    }
    Ok(())
}

/// The collection progress bar on stderr (hidden when quiet, verbose or not a terminal), and
/// the [`Progress`] that drives it.
pub(crate) fn progress_bar(globals: &Globals) -> anyhow::Result<(ProgressBar, Arc<dyn Progress>)> {
    let show = !globals.quiet && globals.verbose == 0 && std::io::stderr().is_terminal();
    let bar = ProgressBar::with_draw_target(
        Some(0),
        if show {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} collecting [{bar:30}] {pos}/{len} {msg} ({elapsed})",
        )
        .context("progress bar template")?
        .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    let progress: Arc<dyn Progress> = Arc::new(Bar {
        bar: bar.clone(),
        errors: Default::default(),
    });
    Ok((bar, progress))
}

/// The async runtime live collection runs on.
pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// A collection that could not start, for the user: missing credentials get two lines, what
/// was tried and what to do, instead of an SDK error (issue 8).
pub(crate) fn failed(e: cloudward_aws::Error) -> anyhow::Error {
    match e {
        e @ cloudward_aws::Error::NoCredentials { .. } => crate::exit::Hinted {
            error: e.into(),
            hint: "run `aws configure` or `aws sso login`, pass --profile NAME, or try \
                   `cloudward scan --inventory examples/demo-account.json`"
                .to_string(),
        }
        .into(),
        e => anyhow::Error::new(e).context("live collection failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        live: LiveArgs,
    }

    #[test]
    fn flags_map_to_collect_options() {
        let cli = Cli::try_parse_from([
            "x",
            "--region",
            "eu-west-1",
            "--region",
            "us-east-1",
            "--service",
            "s3,iam",
            "--service",
            "ec2",
            "--concurrency",
            "4",
            "--endpoint-url",
            "http://127.0.0.1:5000",
        ])
        .expect("valid flags");
        let options = cli.live.options();
        assert_eq!(options.regions, ["eu-west-1", "us-east-1"]);
        assert_eq!(
            options.services.as_deref(),
            Some(&["s3".to_string(), "iam".into(), "ec2".into()][..])
        );
        assert_eq!(options.concurrency, 4);
        assert_eq!(
            options.endpoint_url.as_deref(),
            Some("http://127.0.0.1:5000")
        );
    }

    #[test]
    fn no_service_flag_means_every_service() {
        let cli = Cli::try_parse_from(["x"]).expect("valid flags");
        assert_eq!(cli.live.options().services, None);
    }
}
