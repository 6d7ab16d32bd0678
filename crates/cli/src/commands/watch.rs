//! `cloudward watch`: keep judging a live account. A full scan on an interval, and between
//! scans, with `--events-queue`, re-collection of what CloudTrail events say changed. Each
//! finding that gets worse is printed (and notified) once. See `cloudward_monitor::watch`.

use std::io::Write;
use std::time::Duration;

use anyhow::Context;
use cloudward_model::Severity;
use cloudward_monitor::watch::{Watch, WatchEvent, WatchOptions, Worsening};
use cloudward_rules::Selection;

use super::Globals;
use crate::exit::{UsageError, OK};
use crate::live::LiveArgs;

/// Shortest `--every`: a full scan of a large account takes minutes.
const MIN_INTERVAL: Duration = Duration::from_secs(60);

/// Parse `--every`: minutes (`30m`), hours (`1h`) or days (`1d`), at least one minute.
pub(crate) fn parse_interval(s: &str) -> Result<Duration, String> {
    let bad = || format!("{s:?}: expected minutes, hours or days, like 30m, 1h or 1d");
    let (number, unit) = s.split_at(s.len().saturating_sub(1));
    let n: u64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit {
        "m" => n.checked_mul(60),
        "h" => n.checked_mul(3600),
        "d" => n.checked_mul(86_400),
        _ => return Err(bad()),
    }
    .filter(|&secs| secs <= 366 * 86_400)
    .ok_or_else(|| format!("{s:?}: at most a year"))?;
    let interval = Duration::from_secs(seconds);
    if interval < MIN_INTERVAL {
        return Err(format!("{s:?}: at least 1m"));
    }
    Ok(interval)
}

/// How each event is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LineFormat {
    /// One readable line per event.
    Text,
    /// One JSON object per line (for log shippers).
    Json,
}

/// Arguments of `cloudward watch`.
#[derive(clap::Args)]
#[command(after_help = "\
Runs until interrupted (Ctrl-C or SIGTERM: the judgement in progress is finished and
recorded first). Every judgement is a run in the history (`cloudward history`).
The first judgement is compared with the last recorded run of the account; with no
history it is the baseline and nothing is reported as worse.

With --events-queue, an EventBridge rule must send CloudTrail management events to that
SQS queue (README: Monitoring an account); the watch then re-collects only the services
(and S3 buckets) the events name, within seconds. It deletes the messages it handled: its
only write, on that queue. The same events go through the detection rules (built-in and
--rules; --no-detect turns it off): each alert is printed as its window closes, with the
current failing findings on the resources it names, notified and recorded in the history.

Examples:
  cloudward watch --every 1h
  cloudward watch --every 6h --events-queue https://sqs.eu-west-1.amazonaws.com/123456789012/cloudward-events")]
pub struct Args {
    /// Live collection flags (`--service` also selects the rules, as for scan).
    #[command(flatten)]
    pub live: LiveArgs,

    #[command(flatten)]
    pub settings: crate::settings::SettingsArgs,

    /// Time between full scans: 30m, 1h, 1d.
    #[arg(long, value_name = "INTERVAL", default_value = "1h", value_parser = parse_interval)]
    pub every: Duration,

    /// SQS queue URL that EventBridge delivers CloudTrail events to.
    #[arg(long, value_name = "URL")]
    pub events_queue: Option<String>,

    /// Report worsened findings of this severity or above (all by default).
    #[arg(long, value_name = "SEVERITY", value_parser = super::scan::parse_severity)]
    pub min_severity: Option<Severity>,

    /// Run only this rule (repeatable).
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,

    /// Do not run this rule (repeatable).
    #[arg(long = "skip-rule", value_name = "ID")]
    pub skip_rules: Vec<String>,

    /// How events are printed on standard output.
    #[arg(long, value_enum, default_value_t = LineFormat::Text)]
    pub format: LineFormat,

    /// Stop after this many judgements (scans and event re-collections); for scripts.
    #[arg(long, value_name = "N", hide = true)]
    pub max_judgements: Option<u64>,

    /// Do not run the Sigma rules over the queue's CloudTrail events (detection is on with
    /// --events-queue: built-in rules plus --rules).
    #[arg(long)]
    pub no_detect: bool,

    /// Also load the Sigma rules in DIR (or file) for detection; repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub detect_rules: Vec<std::path::PathBuf>,

    #[command(flatten)]
    pub store: super::history::StoreArgs,

    #[command(flatten)]
    pub notify: super::notify::NotifyArgs,
}

/// The detection engine of a watch: built-in rules, `--rules`, and the `[detect]`
/// placeholders of the settings file. Rules that do not load are warnings, as in `detect`.
fn detection_engine(
    args: &Args,
    settings: &cloudward_model::Settings,
    globals: &Globals,
) -> anyhow::Result<cloudward_detect::Engine> {
    let engine = super::detect::build_engine(
        cloudward_detect::Engine::builder(),
        settings,
        &args.detect_rules,
    )?;
    if !globals.quiet {
        for r in engine.rejected() {
            eprintln!("warning: rule not loaded: {r}");
        }
    }
    Ok(engine)
}

/// Run `cloudward watch`.
pub fn run(args: Args, globals: &Globals) -> anyhow::Result<u8> {
    cloudward_aws::registry::check_services(&args.live.services)
        .map_err(|e| UsageError(format!("--service: {e}")))?;
    let catalogue = cloudward_rules::catalogue();
    let rules = Selection {
        rules: args.rules.clone(),
        skip_rules: args.skip_rules.clone(),
        services: args.live.services.clone(),
        min_severity: None,
    }
    .apply(&catalogue)
    .map_err(|e| UsageError(e.to_string()))?;
    if rules.is_empty() {
        return Err(UsageError("the filters select no rule (see `cloudward rules`)".into()).into());
    }
    let loaded = args.settings.load_all()?;
    let settings = loaded.settings;
    let engine = if args.events_queue.is_some() && !args.no_detect {
        Some(detection_engine(&args, &settings, globals)?)
    } else {
        None
    };
    let sinks = if args.notify.no_notify {
        Vec::new()
    } else {
        loaded.notifications
    };
    let mut store = args.store.open()?;
    let options = WatchOptions {
        collect: args.live.options(),
        every: args.every,
        queue_url: args.events_queue.clone(),
        batch_window: Duration::from_secs(2),
        settings,
        rules,
        max_judgements: args.max_judgements,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    if !globals.quiet {
        eprintln!(
            "watching: a full scan every {}{}; Ctrl-C to stop",
            humanize(args.every),
            args.events_queue
                .as_deref()
                .map(|q| format!(", and CloudTrail events from {q}"))
                .unwrap_or_default()
        );
    }
    let min = args.min_severity;
    let format = args.format;
    // Notifications go through a task of their own: a slow or dead sink never holds up the
    // watch (each batch still ends within the notifier's deadline). The watch reports each
    // worsening once, so an in-memory dedupe ledger is enough here.
    let (notify_tx, mut notify_rx) =
        tokio::sync::mpsc::unbounded_channel::<Vec<cloudward_monitor::Notification>>();
    let notifier = if sinks.is_empty() {
        None
    } else {
        let (notifier, skipped) = cloudward_monitor::Notifier::build(
            &sinks,
            cloudward_monitor::NotifyOptions {
                profile: args.live.profile.clone(),
                endpoint_url: args.live.endpoint_url.clone(),
                ..Default::default()
            },
        )
        .map_err(|e| UsageError(e.to_string()))?;
        for e in skipped {
            tracing::warn!("{e}");
        }
        Some(notifier)
    };
    let notifying = notifier.map(|notifier| {
        runtime.spawn(async move {
            let mut ledger = cloudward_monitor::MemoryLedger::default();
            while let Some(batch) = notify_rx.recv().await {
                let report = notifier.send(&batch, &mut ledger).await;
                for warning in report.warnings() {
                    tracing::warn!("{warning}");
                }
            }
        })
    });
    let mut stdout = std::io::stdout();
    let mut last_run = None;
    let mut on = |event: WatchEvent| {
        for line in lines(&event, min, format) {
            // A closed pipe must not stop the watch: the history still records.
            let _ = writeln!(stdout, "{line}");
        }
        let _ = stdout.flush();
        match &event {
            WatchEvent::Judged { run, .. } => last_run = *run,
            WatchEvent::Alert { alert, run, .. } => {
                let _ = notify_tx.send(vec![cloudward_monitor::Notification::from_alert(
                    alert, *run,
                )]);
            }
            WatchEvent::Worse { findings, .. } => {
                let batch: Vec<_> = findings
                    .iter()
                    .map(|w| {
                        let change = match w.how {
                            Worsening::NewFailure => cloudward_monitor::Change::New,
                            Worsening::Regressed => cloudward_monitor::Change::Regressed,
                        };
                        cloudward_monitor::Notification::from_finding(change, &w.finding, last_run)
                    })
                    .collect();
                // Only fails when no notifier listens (no sinks): nothing to send then.
                let _ = notify_tx.send(batch);
            }
            _ => {}
        }
    };
    let mut watch = Watch::new(options, store.as_mut());
    if let Some(engine) = &engine {
        watch = watch.with_detection(engine);
    }
    let shutdown = {
        let _inside = runtime.enter();
        shutdown_signal()
    };
    let stats = runtime.block_on(watch.run(shutdown, &mut on));
    drop(notify_tx);
    if let Some(task) = notifying {
        // The last batch is given its deadline to go out.
        let _ = runtime.block_on(async {
            tokio::time::timeout(cloudward_monitor::DEFAULT_DEADLINE, task).await
        });
    }
    match stats {
        Ok(stats) => {
            if !globals.quiet {
                eprintln!(
                    "stopped: {} full scans, {} event re-collections from {} messages, {} findings got worse, {} alerts",
                    stats.scans, stats.partial, stats.messages, stats.worse, stats.alerts
                );
            }
            Ok(OK)
        }
        Err(e) => Err(anyhow::Error::new(e).context("the first scan of the watch failed")),
    }
}

/// Resolves on SIGINT or SIGTERM. The handlers are installed when this is called, not when
/// the future is first polled: the watch polls it only after its first scan, and a signal in
/// between would otherwise kill the process with no clean stop. Call it inside the runtime.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let term = signal(SignalKind::terminate()).ok();
        let interrupt = signal(SignalKind::interrupt()).ok();
        async move {
            let wait = |stream: Option<tokio::signal::unix::Signal>| async move {
                match stream {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(term) => {}
                () = wait(interrupt) => {}
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

fn humanize(d: Duration) -> String {
    let s = d.as_secs();
    if s % 86_400 == 0 {
        format!("{}d", s / 86_400)
    } else if s % 3600 == 0 {
        format!("{}h", s / 3600)
    } else {
        format!("{}m", s / 60)
    }
}

/// The printed lines of one event.
fn lines(event: &WatchEvent, min: Option<Severity>, format: LineFormat) -> Vec<String> {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    match (event, format) {
        (
            WatchEvent::Judged {
                trigger,
                services,
                run,
                failing,
                unknown,
                fixed,
                took,
            },
            format,
        ) => vec![match format {
            LineFormat::Text => format!(
                "{now} judged ({}; {}): {failing} failing, {unknown} could not be checked, {fixed} fixed{} in {:.1} s",
                trigger.describe(),
                services
                    .as_ref()
                    .map(|s| format!("re-collected {}", s.join(", ")))
                    .unwrap_or_else(|| "every service".to_string()),
                run.map(|r| format!(", run {r}")).unwrap_or_default(),
                took.as_secs_f64()
            ),
            LineFormat::Json => serde_json::json!({
                "time": now.to_string(), "event": "judged", "trigger": trigger.describe(),
                "services": services, "run": run, "failing": failing, "unknown": unknown,
                "fixed": fixed, "seconds": took.as_secs_f64(),
            })
            .to_string(),
        }],
        (WatchEvent::Worse { trigger, findings }, _) => findings
            .iter()
            .filter(|w| min.is_none_or(|m| w.finding.severity >= m))
            .map(|w| {
                let f = &w.finding;
                match format {
                    LineFormat::Text => format!(
                        "{now} WORSE ({}) [{}] {} on {}{}: {} (after {})",
                        w.how.as_str(),
                        f.severity,
                        f.rule_id,
                        f.resource_id,
                        f.region.as_deref().map(|r| format!(" in {r}")).unwrap_or_default(),
                        f.message,
                        trigger.describe()
                    ),
                    LineFormat::Json => serde_json::json!({
                        "time": now.to_string(), "event": "worse", "how": w.how.as_str(),
                        "before": w.before.map(|s| s.as_str()), "severity": f.severity.as_str(),
                        "rule": f.rule_id, "resource": f.resource_id, "region": f.region,
                        "account": f.account, "message": f.message, "trigger": trigger.describe(),
                    })
                    .to_string(),
                }
            })
            .collect(),
        (WatchEvent::Alert { alert, posture, .. }, _) => {
            if min.is_some_and(|m| alert.severity < m) {
                return Vec::new();
            }
            match format {
                LineFormat::Text => {
                    let mut out = vec![format!(
                        "{now} ALERT [{}] {} by {} ({} event{}, {} .. {}){}",
                        alert.severity,
                        alert.rule.title,
                        alert.actor.as_deref().unwrap_or("unknown actor"),
                        alert.count,
                        if alert.count == 1 { "" } else { "s" },
                        alert.first_time.format("%H:%M:%SZ"),
                        alert.last_time.format("%H:%M:%SZ"),
                        if alert.resources.is_empty() {
                            String::new()
                        } else {
                            format!(" on {}", alert.resources.join(", "))
                        }
                    )];
                    for f in posture {
                        out.push(format!(
                            "{now}   posture now: [{}] {} on {}: {}",
                            f.severity, f.rule_id, f.resource_id, f.message
                        ));
                    }
                    out
                }
                LineFormat::Json => vec![serde_json::json!({
                    "time": now.to_string(), "event": "alert", "alert": alert,
                    "posture": posture.iter().map(|f| serde_json::json!({
                        "rule": f.rule_id, "resource": f.resource_id, "severity": f.severity.as_str(),
                        "status": f.status.as_str(), "message": f.message,
                    })).collect::<Vec<_>>(),
                })
                .to_string()],
            }
        }
        (WatchEvent::Ignored(why), LineFormat::Text) => vec![format!("{now} ignored {why}")],
        (WatchEvent::Ignored(why), LineFormat::Json) => vec![serde_json::json!({
            "time": now.to_string(), "event": "ignored", "reason": why,
        })
        .to_string()],
        (WatchEvent::Warning(why), LineFormat::Text) => vec![format!("{now} warning {why}")],
        (WatchEvent::Warning(why), LineFormat::Json) => vec![serde_json::json!({
            "time": now.to_string(), "event": "warning", "reason": why,
        })
        .to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_take_minutes_hours_days_within_bounds() {
        assert_eq!(parse_interval("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_interval("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_interval("2d"), Ok(Duration::from_secs(172_800)));
        assert!(parse_interval("0m").is_err());
        assert!(parse_interval("10s").is_err());
        assert!(parse_interval("h").is_err());
        assert!(parse_interval("99999999999999999d").is_err());
        assert!(parse_interval("400d").is_err());
        assert_eq!(humanize(Duration::from_secs(5400)), "90m");
    }
}
