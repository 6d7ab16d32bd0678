//! Notifications from the command line: `--no-notify`, sending what a recorded run changed
//! (scan, iac) or what a detect run alerted on, and `cloudward notify test`.
//!
//! Notifying never changes a run's exit code or report: it happens after the report is
//! written, within the notifier's overall deadline, and what fails is a warning on stderr
//! naming the sink, never its URL.

use cloudward_model::alert::Alert;
use cloudward_model::Finding;
use cloudward_monitor::{
    changes_in_run, Ledger, MemoryLedger, Notification, Notifier, NotifyOptions, SendReport,
    SinkConfig,
};
use cloudward_store::Store;

use super::Globals;
use crate::exit::{UsageError, ERROR, OK};

/// `--no-notify`, shared by the commands that notify.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct NotifyArgs {
    /// Send no notification for this run, whatever `[[notifications]]` in the settings file
    /// configures.
    #[arg(long = "no-notify")]
    pub no_notify: bool,
}

/// Where SNS sinks find AWS: the run's own profile and endpoint.
#[derive(Clone, Debug, Default)]
pub struct AwsTarget {
    /// `--profile`.
    pub profile: Option<String>,
    /// `--endpoint-url`.
    pub endpoint_url: Option<String>,
}

/// What a recorded scan or iac run has to notify, found right after recording (a quick query)
/// and sent after the report is written.
pub fn findings_to_notify(
    args: &NotifyArgs,
    sinks: &[SinkConfig],
    store: Option<&mut Store>,
    run: Option<i64>,
    target: &str,
    findings: &[Finding],
    globals: &Globals,
) -> Vec<Notification> {
    if args.no_notify || sinks.is_empty() {
        return Vec::new();
    }
    let (Some(store), Some(run)) = (store, run) else {
        tracing::warn!(
            "notifications need the run history to tell new failures from old ones: \
             nothing is notified with --no-store (or when the run could not be recorded)"
        );
        return Vec::new();
    };
    match changes_in_run(store, target, run, findings) {
        Ok(Some(changes)) => changes.notifications,
        Ok(None) => {
            if !globals.quiet {
                eprintln!(
                    "notifications: this is the first recorded run of {target}, the baseline: \
                     nothing is new yet"
                );
            }
            Vec::new()
        }
        Err(e) => {
            tracing::warn!("notifications: comparing with the previous run failed: {e}");
            Vec::new()
        }
    }
}

/// What a detect run has to notify: its alerts (deduplicated against the history).
pub fn alerts_to_notify(
    args: &NotifyArgs,
    sinks: &[SinkConfig],
    alerts: &[Alert],
    run: Option<i64>,
) -> Vec<Notification> {
    if args.no_notify || sinks.is_empty() {
        return Vec::new();
    }
    alerts
        .iter()
        .map(|a| Notification::from_alert(a, run))
        .collect()
}

/// Send `pending` to `sinks`, deduplicated through the store when there is one. Never fails:
/// problems are warnings on stderr naming the sink.
pub fn send(
    pending: &[Notification],
    sinks: &[SinkConfig],
    aws: &AwsTarget,
    store: Option<&mut Store>,
    globals: &Globals,
) {
    if pending.is_empty() || sinks.is_empty() {
        return;
    }
    let (notifier, skipped) = match Notifier::build(sinks, options(aws)) {
        Ok(built) => built,
        Err(e) => {
            tracing::warn!("{e}; nothing notified");
            return;
        }
    };
    for e in skipped {
        tracing::warn!("{e}; this sink is skipped");
    }
    let mut memory = MemoryLedger::default();
    let ledger: &mut (dyn Ledger + Send) = match store {
        Some(store) => store,
        None => &mut memory,
    };
    let report = notifier.send_blocking(pending, ledger);
    summarise(&report, globals);
}

fn options(aws: &AwsTarget) -> NotifyOptions {
    NotifyOptions {
        profile: aws.profile.clone(),
        endpoint_url: aws.endpoint_url.clone(),
        ..NotifyOptions::default()
    }
}

fn summarise(report: &SendReport, globals: &Globals) {
    for w in report.warnings() {
        tracing::warn!("{w}");
    }
    if report.deadline_reached {
        tracing::warn!(
            "notifications: stopped at the {}s deadline",
            cloudward_monitor::DEFAULT_DEADLINE.as_secs()
        );
    }
    if !globals.quiet && report.delivered() > 0 {
        let sinks: Vec<String> = report
            .sinks
            .iter()
            .filter(|s| s.delivered > 0)
            .map(|s| format!("{} ({})", s.sink, s.delivered))
            .collect();
        eprintln!(
            "notified {} change(s): {}",
            report.delivered(),
            sinks.join(", ")
        );
    }
}

/// Arguments of `cloudward notify`.
#[derive(clap::Args)]
pub struct NotifyCommandArgs {
    #[command(subcommand)]
    pub command: NotifyCommand,
}

/// `cloudward notify` subcommands.
#[derive(clap::Subcommand)]
pub enum NotifyCommand {
    /// Send one sample notification to every sink of the settings file (whatever its
    /// min_severity and events), to check the setup. Exit 0 when every sink took it, 3 when
    /// one did not, 2 when the settings are wrong.
    Test(TestArgs),
}

/// Arguments of `cloudward notify test`.
#[derive(clap::Args)]
pub struct TestArgs {
    #[command(flatten)]
    pub settings: crate::settings::SettingsArgs,
    /// Only the sink of this name (repeatable).
    #[arg(long = "sink", value_name = "NAME")]
    pub sinks: Vec<String>,
    /// AWS profile for SNS sinks.
    #[arg(long, env = "AWS_PROFILE")]
    pub profile: Option<String>,
    /// Endpoint URL for SNS (an emulator).
    #[arg(long, env = "AWS_ENDPOINT_URL")]
    pub endpoint_url: Option<String>,
}

/// Run `cloudward notify ...`.
pub fn run(args: NotifyCommandArgs, globals: &Globals) -> anyhow::Result<u8> {
    match args.command {
        NotifyCommand::Test(args) => run_test(args, globals),
    }
}

fn run_test(args: TestArgs, globals: &Globals) -> anyhow::Result<u8> {
    let loaded = args.settings.load_all()?;
    let mut sinks = loaded.notifications;
    if sinks.is_empty() {
        return Err(UsageError(
            "no [[notifications]] sink in the settings file (see docs/notifications.md)".into(),
        )
        .into());
    }
    if !args.sinks.is_empty() {
        for name in &args.sinks {
            if !sinks.iter().any(|s| &s.name == name) {
                return Err(UsageError(format!("--sink {name}: no sink of that name")).into());
            }
        }
        sinks.retain(|s| args.sinks.contains(&s.name));
    }
    let aws = AwsTarget {
        profile: args.profile,
        endpoint_url: args.endpoint_url,
    };
    let notifier = Notifier::new(&sinks, options(&aws)).map_err(|e| UsageError(e.to_string()))?;
    let report = notifier.send_test_blocking();
    let mut all_ok = true;
    for s in &report.sinks {
        if s.delivered > 0 {
            if !globals.quiet {
                println!("{}: delivered ({} attempt(s))", s.sink, s.attempts);
            }
        } else {
            all_ok = false;
            println!("{}: FAILED: {}", s.sink, s.errors.join("; "));
        }
    }
    Ok(if all_ok { OK } else { ERROR })
}
