//! `cloudward detect`: run the Sigma rules (built-in and `--rules`) over AWS logs (CloudTrail,
//! VPC flow, ALB, S3 access, WAF, Route 53 Resolver, GuardDuty) and guest logs (auth.log,
//! journald, web access logs) from files, directories, standard input, `s3://bucket/prefix` or
//! an SQS queue of S3 event notifications; report grouped alerts (as their windows close, for
//! a queue: see `detect_live`); optionally write a blocklist or block the offenders.
//!
//! Read problems never stop the run: malformed records and unreadable inputs are summarised
//! on stderr (file and record), and exit code 3 is kept for a run where nothing at all could
//! be read.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use cloudward_aws::logs::{LogOptions, LogStore, QueueOptions, S3Url};
use cloudward_detect::alert::{count_at_or_above, Detector};
use cloudward_detect::blocklist::{Blocklist, WafScope, NACL_DEFAULT_LIMIT, NACL_FIRST_RULE};
use cloudward_detect::{DetectStats, Engine};
use cloudward_model::Severity;
use cloudward_report::alerts::{
    render_alerts, AlertFormat, AlertRenderOptions, AlertReport, AlertSummary,
};

use super::Globals;
use crate::exit::{UsageError, ERROR, FINDINGS, OK};
use crate::output::OutputFile;

/// Alert formats, as clap values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Readable text (colour on a TTY unless NO_COLOR is set).
    Terminal,
    /// One JSON document.
    Json,
    /// OCSF 1.3 Detection Finding events (class 2004), JSON Lines.
    Ocsf,
    /// SARIF 2.1.0.
    Sarif,
    /// One self-contained HTML page listing the alerts (no network needed to open it).
    Html,
}

/// Blocklist formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BlocklistArg {
    /// One address per line, IPv4 then IPv6, sorted.
    Plain,
    /// AWS WAF IP set documents (`wafv2 create-ip-set --cli-input-json`), a JSON array with
    /// one document per address family.
    WafIpset,
    /// Network ACL inbound deny entries, a JSON array.
    Nacl,
}

/// Arguments of `cloudward detect`.
#[derive(clap::Args)]
#[command(after_help = "\
Inputs: files, directories (read recursively, hidden entries skipped), `-` for standard input, \
or s3://bucket/prefix. Gzip and zip are recognised by their magic bytes (each zip member is read \
as its own input, archive.zip!member). Logs are recognised by content: CloudTrail (management \
and data events), VPC Flow Logs, ALB, S3 server access, AWS WAF, Route 53 Resolver query logs, \
GuardDuty findings exported to S3, Linux auth.log/secure and journald JSON (journalctl -o json), \
nginx/Apache access logs (common, combined).

Alerts: one per rule, actor and window: one hour (UTC, aligned) for single-event rules, the \
rule's timespan for correlation rules. Events may arrive up to 15 minutes late for correlation \
windows.

Exit codes: 0 no alert at or above --fail-on; 1 there was one; 2 usage error; 3 nothing could \
be read.

Examples:
  cloudward detect ./cloudtrail-logs/
  cloudward detect s3://trail-bucket/AWSLogs/123456789012/CloudTrail/ --format json -o alerts.json
  cloudward detect flow.log --blocklist nacl --blocklist-out deny.json --fail-on high
  cloudward detect --sqs https://sqs.eu-west-1.amazonaws.com/123456789012/trail-events --idle-exit 300")]
pub struct Args {
    /// Log files, directories, `-` (stdin) or s3://bucket/prefix.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Terminal)]
    pub format: FormatArg,
    /// Write the alerts to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also load the Sigma rules in DIR (or file); repeatable. A rule with the id of a
    /// built-in rule replaces it.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Leave the built-in rules out.
    #[arg(long)]
    pub no_builtin: bool,
    /// List the loaded rules and the rejected ones (with the reason), then exit.
    #[arg(long)]
    pub list_rules: bool,
    /// Exit 1 when an alert is at or above SEVERITY (info, low, medium, high, critical).
    #[arg(long, value_name = "SEVERITY", value_parser = parse_level)]
    pub fail_on: Option<Severity>,
    /// Write the source addresses of alerts that name an offender in this format.
    #[arg(long, value_enum, requires = "blocklist_out")]
    pub blocklist: Option<BlocklistArg>,
    /// Where to write the blocklist.
    #[arg(long, value_name = "FILE", requires = "blocklist")]
    pub blocklist_out: Option<PathBuf>,
    /// Name of the WAF IP sets (suffixed -ipv4 / -ipv6).
    #[arg(
        long,
        value_name = "NAME",
        default_value = "cloudward-detect-blocklist"
    )]
    pub blocklist_name: String,
    /// WAF IP set scope (blocklist documents and --respond waf) [default: regional].
    #[arg(long, value_name = "SCOPE", value_parser = ["regional", "cloudfront"])]
    pub waf_scope: Option<String>,
    /// First rule number of the NACL deny entries.
    #[arg(long, value_name = "N", default_value_t = NACL_FIRST_RULE)]
    pub nacl_first_rule: i32,
    /// How late (seconds of event time behind the latest event seen) an event may arrive and
    /// still count in correlation windows.
    #[arg(long, value_name = "SECONDS", default_value_t = cloudward_detect::DEFAULT_LATENESS.as_secs())]
    pub lateness: u64,
    /// Consume S3 event notifications from this SQS queue and read the objects they name.
    #[arg(long, value_name = "QUEUE_URL")]
    pub sqs: Option<String>,
    /// Stop after this many SQS messages.
    #[arg(long, value_name = "N", requires = "sqs")]
    pub max_messages: Option<u64>,
    /// Stop after SECONDS without an SQS message.
    #[arg(long, value_name = "SECONDS", requires = "sqs")]
    pub idle_exit: Option<u64>,
    /// Long-poll wait of each SQS ReceiveMessage (0-20).
    #[arg(long, value_name = "SECONDS", default_value_t = 20, value_parser = clap::value_parser!(i32).range(0..=20))]
    pub sqs_wait: i32,
    /// Named profile from ~/.aws/config (S3 and SQS inputs).
    #[arg(long, env = "AWS_PROFILE")]
    pub profile: Option<String>,
    /// Region of the S3 bucket / SQS queue.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Endpoint URL for S3 and SQS (an emulator such as moto); S3 uses path-style there.
    #[arg(long, env = "AWS_ENDPOINT_URL")]
    pub endpoint_url: Option<String>,
    /// Worker threads reading local files (default: the available CPUs). Files are read in
    /// parallel and their matches folded in file order, so the output does not depend on N.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    #[command(flatten)]
    pub store: super::history::StoreArgs,

    /// The settings file: `trusted_accounts` and `[detect]` (automation principals, trusted
    /// networks, placeholders) fill the rules' `%placeholders%`; `[[notifications]]` sinks get
    /// the alerts at or above their min_severity.
    #[command(flatten)]
    pub settings: crate::settings::SettingsArgs,

    #[command(flatten)]
    pub notify: super::notify::NotifyArgs,

    /// After the report, block the offending addresses of this run's alerts (as `cloudward
    /// respond` does): a dry run unless --apply. Targets and policy come from the flags below
    /// or `[respond]`; --region, --profile and --endpoint-url are this command's.
    #[arg(long, value_enum, value_name = "TARGET")]
    pub respond: Option<super::respond::RespondKind>,
    #[command(flatten)]
    pub respond_targets: super::respond::TargetArgs,
}

/// Finishes an engine: the settings' `%placeholders%` (trusted accounts, `[detect]`) and the
/// `--rules` directories, each of which must exist (a usage error otherwise). Shared by
/// `detect` and `watch`.
pub(crate) fn build_engine(
    mut builder: cloudward_detect::EngineBuilder,
    settings: &cloudward_model::Settings,
    rules: &[PathBuf],
) -> anyhow::Result<Engine> {
    for (name, values) in settings.detect.placeholders(&settings.trusted_accounts) {
        builder = builder.placeholder(name, values);
    }
    for dir in rules {
        if !dir.exists() {
            return Err(UsageError(format!(
                "--rules {}: no such file or directory",
                dir.display()
            ))
            .into());
        }
        builder = builder.rules_dir(dir);
    }
    builder.build().context("loading the rules")
}

/// Parses a severity, accepting Sigma's level names too.
fn parse_level(s: &str) -> Result<Severity, String> {
    match s.to_ascii_lowercase().as_str() {
        "info" | "informational" => Ok(Severity::Info),
        "low" => Ok(Severity::Low),
        "medium" => Ok(Severity::Medium),
        "high" => Ok(Severity::High),
        "critical" => Ok(Severity::Critical),
        other => Err(format!(
            "unknown severity `{other}` (info, low, medium, high, critical)"
        )),
    }
}

/// Run `cloudward detect`.
pub fn run(args: Args, globals: &Globals) -> anyhow::Result<u8> {
    let started_at = chrono::Utc::now();
    // Before reading: a settings file that does not parse is a usage error now.
    let loaded = args.settings.load_all()?;
    let builder = Engine::builder()
        .builtin(!args.no_builtin)
        .allowed_lateness(Duration::from_secs(args.lateness));
    let engine = build_engine(builder, &loaded.settings, &args.rules)?;
    let sinks = if args.notify.no_notify {
        Vec::new()
    } else {
        loaded.notifications
    };
    let respond_settings = loaded.respond;

    if args.list_rules {
        let stdout = std::io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        list_rules(&engine, args.format, &mut out)?;
        out.flush()?;
        return Ok(OK);
    }
    if !globals.quiet {
        for r in engine.rejected() {
            eprintln!("warning: rule not loaded: {r}");
        }
    }
    if args.inputs.is_empty() && args.sqs.is_none() {
        return Err(UsageError(
            "nothing to read: give log files, directories, `-`, s3://bucket/prefix, or --sqs QUEUE_URL"
                .into(),
        )
        .into());
    }
    let endless = args.sqs.is_some() && args.max_messages.is_none() && args.idle_exit.is_none();
    if endless
        && (!matches!(args.format, FormatArg::Terminal | FormatArg::Ocsf)
            || args.output.is_some()
            || args.blocklist.is_some()
            || args.respond.is_some())
    {
        // An endless consumer emits each alert as its window closes and keeps none: a document
        // (JSON, SARIF, HTML, a file, a blocklist) would only be written when it stops.
        return Err(UsageError(
            "an endless --sqs consumer streams alerts to standard output as --format terminal or ocsf (JSON Lines); for a document, -o, --blocklist or --respond bound the run with --max-messages N or --idle-exit SECONDS".into(),
        )
        .into());
    }
    if engine.loaded().is_empty() {
        return Err(UsageError("no rules loaded (see --list-rules)".into()).into());
    }
    // Before reading: paths that cannot be written fail now, not after the logs were read.
    let output = args
        .output
        .as_deref()
        .map(|path| OutputFile::open(path, "-o"))
        .transpose()?;
    let blocklist_out = args
        .blocklist_out
        .as_deref()
        .map(|path| OutputFile::open(path, "--blocklist-out"))
        .transpose()?;
    let mut s3_urls = Vec::new();
    for input in &args.inputs {
        if input.starts_with("s3://") {
            s3_urls.push(S3Url::parse(input).map_err(|e| UsageError(e.to_string()))?);
        }
    }

    let mut detector = Detector::new(&engine);
    let needs_aws = !s3_urls.is_empty() || args.sqs.is_some();
    let store = if needs_aws {
        Some(
            LogStore::connect(&LogOptions {
                profile: args.profile.clone(),
                region: args.region.clone(),
                endpoint_url: args.endpoint_url.clone(),
            })
            .context("connecting to AWS")?,
        )
    } else {
        None
    };

    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    // Consecutive local paths are read as one list, in parallel; other inputs in between are
    // read in their place, so the order (and the output) is that of a one-thread run.
    let mut files = Vec::new();
    for input in &args.inputs {
        if input != "-" && !input.starts_with("s3://") {
            collect_files(&mut detector, &mut files, threads, Path::new(input));
            continue;
        }
        detector.read_files(&std::mem::take(&mut files), threads);
        if input == "-" {
            detector.read("-", std::io::stdin());
        } else if input.starts_with("s3://") {
            let url = S3Url::parse(input).map_err(|e| UsageError(e.to_string()))?;
            let store = store.as_ref().context("no AWS clients")?;
            let objects = match store.list(&url) {
                Ok(o) => o,
                Err(e) => {
                    detector.record_failure(input, e.to_string());
                    continue;
                }
            };
            for o in objects {
                match store.open(&o) {
                    Ok(reader) => {
                        detector.read(&o.uri(), reader);
                    }
                    Err(e) => detector.record_failure(&o.uri(), e.to_string()),
                }
            }
        }
    }
    detector.read_files(&files, threads);

    let mut history = args.store.open()?;
    let mut sources: Vec<String> = args.inputs.clone();
    sources.extend(args.sqs.iter().map(|q| format!("sqs:{q}")));
    let target = format!("logs:{}", sources.join(","));
    let rule_ids: Vec<&str> = engine.loaded().iter().map(|r| r.id.as_str()).collect();
    let info = super::history::run_info(
        cloudward_store::RunKind::Detect,
        &target,
        None,
        Vec::new(),
        started_at,
        &rule_ids,
    );
    let aws = super::notify::AwsTarget {
        profile: args.profile.clone(),
        endpoint_url: args.endpoint_url.clone(),
    };

    let mut queue_errors = Vec::new();
    let mut live = None;
    if let (Some(queue), Some(store)) = (&args.sqs, &store) {
        let options = QueueOptions {
            wait_seconds: args.sqs_wait,
            batch: 10,
            max_messages: args.max_messages,
            idle_exit: args.idle_exit.map(Duration::from_secs),
        };
        // Alerts are emitted as their windows close, into a run recorded now.
        let run = match history.as_mut().map(|h| h.begin_run(&info)) {
            Some(Ok(run)) => Some(run),
            Some(Err(e)) => {
                tracing::warn!("the run was not recorded in the history: {e}");
                None
            }
            None => None,
        };
        let streaming = (args.output.is_none()
            && matches!(args.format, FormatArg::Terminal | FormatArg::Ocsf))
        .then_some(match args.format {
            FormatArg::Ocsf => AlertFormat::Ocsf,
            _ => AlertFormat::Terminal,
        });
        let mut emitter = super::detect_live::Live {
            streaming,
            sinks: &sinks,
            notify: &args.notify,
            aws: aws.clone(),
            history: history.as_mut(),
            run,
            keep: !endless,
            fail_on: args.fail_on,
            kept: Vec::new(),
            failing: 0,
            emitted: 0,
        };
        let stop = super::detect_live::stop_flag();
        let rules = engine.loaded().len() as u64;
        let detector_cell = std::cell::RefCell::new(&mut detector);
        let stats = store
            .consume_live(
                queue,
                &options,
                &mut |object, reader| {
                    detector_cell
                        .borrow_mut()
                        .read(&object.uri(), reader)
                        .complete
                },
                &mut |message| queue_errors.push(message),
                &mut |idle| {
                    let mut d = detector_cell.borrow_mut();
                    let closed = d.drain_closed(idle.then(chrono::Utc::now));
                    let summary = summary_of(d.stats(), rules);
                    drop(d);
                    emitter.emit(closed, summary, globals);
                    !stop.load(std::sync::atomic::Ordering::SeqCst)
                },
            )
            .context("consuming the SQS queue")?;
        if !globals.quiet {
            eprintln!(
                "sqs: {} message(s) received, {} deleted, {} s3:TestEvent, {} left on the queue; {} object(s) read, {} failed",
                stats.received, stats.deleted, stats.test_events, stats.left, stats.objects, stats.failed_objects
            );
        }
        live = Some(emitter);
    }

    let (mut alerts, stats) = detector.finish();
    summarise(&stats, &queue_errors, globals);
    let mut run = None;
    if let Some(mut emitter) = live {
        // What was still open when the consumer stopped is emitted like the rest.
        emitter.emit(
            alerts,
            summary_of(&stats, engine.loaded().len() as u64),
            globals,
        );
        if let (Some(store), Some(r)) = (emitter.history.as_deref_mut(), emitter.run) {
            if let Err(e) = store.finish_run(r, chrono::Utc::now()) {
                tracing::warn!("the end of run {r} was not recorded: {e}");
            }
        }
        if !globals.quiet {
            eprintln!(
                "detect: {} alert(s) emitted as their windows closed",
                emitter.emitted
            );
        }
        if endless {
            // Printed, recorded and notified as they closed, and not kept: only the exit code
            // is left.
            if stats.inputs > 0 && stats.failed_inputs == stats.inputs && stats.events == 0 {
                eprintln!("error: none of the {} input(s) could be read", stats.inputs);
                return Ok(ERROR);
            }
            return Ok(if emitter.failing > 0 { FINDINGS } else { OK });
        }
        if emitter.streaming.is_some() {
            // Printed, recorded and notified as they closed: what is left is `--respond` and
            // the exit code, over every alert of the run.
            let notify = Notify {
                sinks: &[],
                history: emitter.history,
                run: emitter.run,
                respond: &respond_settings,
            };
            return finish(&args, &emitter.kept, &stats, blocklist_out, notify, globals);
        }
        // A bounded run writing a document: the document holds every alert; they were
        // recorded and notified already.
        alerts = emitter.kept;
        let notify = Notify {
            sinks: &[],
            history: emitter.history,
            run: emitter.run,
            respond: &respond_settings,
        };
        return write_report(
            &args,
            &engine,
            &alerts,
            &stats,
            output,
            blocklist_out,
            notify,
            globals,
        );
    }
    if let Some(store) = history.as_mut() {
        run = super::history::record(store, &info, &[], &[], &alerts);
    }
    let notify = Notify {
        sinks: &sinks,
        history: history.as_mut(),
        run,
        respond: &respond_settings,
    };
    write_report(
        &args,
        &engine,
        &alerts,
        &stats,
        output,
        blocklist_out,
        notify,
        globals,
    )
}

/// What was read so far, as the alert summary shows it.
fn summary_of(stats: &DetectStats, rules: u64) -> AlertSummary {
    AlertSummary {
        inputs: stats.inputs,
        events: stats.events,
        malformed: stats.malformed,
        failed_inputs: stats.failed_inputs,
        rules,
    }
}

/// Writes the alerts in the chosen format, then [`finish`]es the run.
#[allow(clippy::too_many_arguments)]
fn write_report(
    args: &Args,
    engine: &Engine,
    alerts: &[cloudward_model::alert::Alert],
    stats: &DetectStats,
    output: Option<OutputFile>,
    blocklist_out: Option<OutputFile>,
    notify: Notify<'_>,
    globals: &Globals,
) -> anyhow::Result<u8> {
    let report = AlertReport {
        alerts,
        summary: summary_of(stats, engine.loaded().len() as u64),
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    let format = match args.format {
        FormatArg::Terminal => AlertFormat::Terminal,
        FormatArg::Json => AlertFormat::Json,
        FormatArg::Ocsf => AlertFormat::Ocsf,
        FormatArg::Sarif => AlertFormat::Sarif,
        // The page of the posture reports, with the alerts section only.
        FormatArg::Html => {
            let page = html_report(args, alerts);
            let render = |out: &mut dyn Write| {
                cloudward_report::render(
                    cloudward_report::Format::Html,
                    &page,
                    &cloudward_report::RenderOptions::default(),
                    out,
                )
            };
            match output {
                Some(file) => file.write(|out| Ok(render(out)?))?,
                None => {
                    let stdout = std::io::stdout();
                    let mut out = BufWriter::new(stdout.lock());
                    render(&mut out)?;
                    out.flush()?;
                }
            }
            return finish(args, alerts, stats, blocklist_out, notify, globals);
        }
    };
    let color = format == AlertFormat::Terminal
        && args.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let options = AlertRenderOptions { color };
    match output {
        Some(file) => file.write(|out| Ok(render_alerts(format, &report, &options, out)?))?,
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            render_alerts(format, &report, &options, &mut out)?;
            out.flush()?;
        }
    }

    finish(args, alerts, stats, blocklist_out, notify, globals)
}

/// What the notifications of a detect run need: the sinks, the history (their dedupe
/// ledger) and the recorded run.
struct Notify<'a> {
    sinks: &'a [cloudward_monitor::SinkConfig],
    history: Option<&'a mut cloudward_store::Store>,
    run: Option<i64>,
    /// `[respond]`, for `--respond`.
    respond: &'a crate::settings::RespondSettings,
}

/// After the report: the blocklist, the notifications, then the exit code (3 when no input
/// could be read, 1 for alerts at or above `--fail-on`).
fn finish(
    args: &Args,
    alerts: &[cloudward_model::alert::Alert],
    stats: &DetectStats,
    blocklist_out: Option<OutputFile>,
    notify: Notify<'_>,
    globals: &Globals,
) -> anyhow::Result<u8> {
    if let (Some(kind), Some(file)) = (args.blocklist, blocklist_out) {
        write_blocklist(args, kind, file, alerts, globals)?;
    }
    // After the report: notifying never changes the exit code.
    let pending = super::notify::alerts_to_notify(&args.notify, notify.sinks, alerts, notify.run);
    let aws = super::notify::AwsTarget {
        profile: args.profile.clone(),
        endpoint_url: args.endpoint_url.clone(),
    };
    let mut history = notify.history;
    super::notify::send(
        &pending,
        notify.sinks,
        &aws,
        history.as_deref_mut(),
        globals,
    );
    if let Some(kind) = args.respond {
        let request = super::respond::Request {
            only: Some(kind),
            targets: &args.respond_targets,
            scope: args.waf_scope.as_deref(),
            region: args.region.as_deref(),
            profile: args.profile.clone(),
            endpoint_url: args.endpoint_url.clone(),
            format: super::respond::PlanFormat::Text,
            to_stderr: true,
            settings: notify.respond,
            sinks: notify.sinks,
        };
        if super::respond::execute(&request, alerts, false, history, globals)? != OK {
            return Ok(ERROR);
        }
    }

    if stats.inputs > 0 && stats.failed_inputs == stats.inputs && stats.events == 0 {
        eprintln!("error: none of the {} input(s) could be read", stats.inputs);
        return Ok(ERROR);
    }
    match args.fail_on {
        Some(min) if count_at_or_above(alerts, min) > 0 => Ok(FINDINGS),
        _ => Ok(OK),
    }
}

/// The HTML page of a detect run: no findings, the alerts, the inputs as its source.
fn html_report(args: &Args, alerts: &[cloudward_model::alert::Alert]) -> cloudward_report::Report {
    let mut sources: Vec<String> = args.inputs.clone();
    sources.extend(args.sqs.iter().map(|q| format!("sqs:{q}")));
    cloudward_report::Report::new(
        Vec::new(),
        Vec::new(),
        Vec::new(),
        cloudward_report::Target {
            source: format!("logs {}", sources.join(", ")),
            ..Default::default()
        },
        env!("CARGO_PKG_VERSION"),
    )
    .with_alerts(alerts.to_vec())
}

/// Adds the files under `path` to `files`; a path that cannot be listed is recorded after the
/// files before it have been read, as a one-thread run would.
fn collect_files(
    detector: &mut Detector<'_>,
    files: &mut Vec<PathBuf>,
    threads: usize,
    path: &Path,
) {
    match cloudward_detect::read::list_files(path) {
        Ok(found) => files.extend(found),
        Err(e) => {
            detector.read_files(&std::mem::take(files), threads);
            detector.record_failure(&path.display().to_string(), e.to_string());
        }
    }
}

/// Read problems and counters on stderr.
fn summarise(stats: &DetectStats, queue_errors: &[String], globals: &Globals) {
    let problems = !stats.problems.is_empty() || !queue_errors.is_empty();
    if globals.quiet && !problems {
        return;
    }
    if stats.malformed > 0 || stats.failed_inputs > 0 || problems {
        eprintln!(
            "read summary: {} input(s), {} event(s), {} malformed record(s) skipped, {} input(s) not read to the end",
            stats.inputs, stats.events, stats.malformed, stats.failed_inputs
        );
        for p in &stats.problems {
            if p.record > 0 {
                eprintln!("  {}: record {}: {}", p.file, p.record, p.message);
            } else {
                eprintln!("  {}: {}", p.file, p.message);
            }
        }
        if stats.problems_omitted > 0 {
            eprintln!("  ... and {} more", stats.problems_omitted);
        }
        for e in queue_errors {
            eprintln!("  {e}");
        }
    }
    let c = stats.correlation;
    if c.late > 0 || c.untimed > 0 {
        eprintln!(
            "correlation: {} match(es) arrived later than the allowed lateness and {} had no time; they were not counted in correlation windows",
            c.late, c.untimed
        );
    }
    // Correlation state is bounded (docs/limits.md): say when a bound was reached, since a
    // correlation may then have been missed.
    if c.state_full > 0 {
        eprintln!(
            "correlation: {} match(es) were not counted because the correlation state was full (a flood of distinct values); correlations may have been missed",
            c.state_full
        );
    }
    if c.overflow > 0 {
        eprintln!(
            "correlation: {} oldest match(es) were dropped from groups that held the most a group keeps",
            c.overflow
        );
    }
}

fn list_rules(engine: &Engine, format: FormatArg, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut loaded: Vec<_> = engine.loaded().iter().collect();
    loaded.sort_by(|a, b| (a.log, &a.title, &a.id).cmp(&(b.log, &b.title, &b.id)));
    if format == FormatArg::Json {
        let doc = serde_json::json!({
            "loaded": loaded.iter().map(|r| serde_json::json!({
                "id": r.id,
                "title": r.title,
                "level": r.level.as_str(),
                "log": r.log.logsource(),
                "correlation": r.correlation,
                "alerts": r.generate,
                "origin": r.origin,
                "tags": r.tags,
            })).collect::<Vec<_>>(),
            "rejected": engine.rejected().iter().map(|r| serde_json::json!({
                "origin": r.origin,
                "document": r.document,
                "title": r.title,
                "id": r.id,
                "reason": r.reason,
            })).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "Loaded rules ({}):", loaded.len())?;
    writeln!(
        out,
        "  {:<8} {:<10} {:<11} {:<36} TITLE",
        "LEVEL", "LOG", "TYPE", "ID"
    )?;
    for r in &loaded {
        let kind = match (r.correlation, r.generate) {
            (true, _) => "correlation",
            (false, true) => "rule",
            (false, false) => "base",
        };
        writeln!(
            out,
            "  {:<8} {:<10} {:<11} {:<36} {}",
            r.level.as_str(),
            r.log.logsource(),
            kind,
            r.id,
            r.title
        )?;
    }
    writeln!(out, "Rejected ({}):", engine.rejected().len())?;
    for r in engine.rejected() {
        writeln!(out, "  {r}")?;
    }
    Ok(())
}

fn write_blocklist(
    args: &Args,
    kind: BlocklistArg,
    file: OutputFile,
    alerts: &[cloudward_model::alert::Alert],
    globals: &Globals,
) -> anyhow::Result<()> {
    let list = Blocklist::from_alerts(alerts);
    let text = match kind {
        BlocklistArg::Plain => list.plain(),
        BlocklistArg::WafIpset => {
            let scope = if args.waf_scope.as_deref() == Some("cloudfront") {
                WafScope::Cloudfront
            } else {
                WafScope::Regional
            };
            let mut s =
                serde_json::to_string_pretty(&list.waf_ip_sets(&args.blocklist_name, scope))?;
            s.push('\n');
            s
        }
        BlocklistArg::Nacl => {
            let (entries, over) = list.nacl_entries(args.nacl_first_rule);
            if over {
                eprintln!(
                    "warning: {} NACL deny entries exceed the default quota of {NACL_DEFAULT_LIMIT} inbound rules per network ACL (which also holds the ACL's existing rules); use a WAF IP set instead or request a quota increase",
                    entries.len()
                );
            }
            let mut s = serde_json::to_string_pretty(&entries)?;
            s.push('\n');
            s
        }
    };
    let path = file.path().to_path_buf();
    file.write(|out| Ok(out.write_all(text.as_bytes())?))?;
    if !globals.quiet {
        eprintln!(
            "blocklist: {} address(es) written to {} ({} source value(s) excluded: private, reserved, AWS service names)",
            list.len(),
            path.display(),
            list.excluded.len()
        );
        if list.truncated_alerts > 0 {
            eprintln!(
                "warning: {} alert(s) had more distinct values than an alert keeps; their blocklist may be incomplete",
                list.truncated_alerts
            );
        }
    }
    Ok(())
}
