//! The run history from the command line: where the store is (`--store`, `CLOUDWARD_STORE`,
//! `--no-store`), recording a scan, `cloudward history`, `cloudward diff` and
//! `cloudward store prune`.

use std::path::PathBuf;

use anyhow::Context;
use chrono::Utc;
use cloudward_model::{CollectionError, Finding};
use cloudward_store::{Diff, Run, RunInfo, RunKind, Store, StoredResult};

use super::Globals;
use crate::exit::{UsageError, OK};

/// Where the history is kept, for the commands that record runs.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct StoreArgs {
    /// The history database (SQLite). Default: $XDG_DATA_HOME/cloudward/history.sqlite3, else
    /// ~/.local/share/cloudward/history.sqlite3.
    #[arg(long = "store", value_name = "PATH", env = "CLOUDWARD_STORE")]
    pub store_path: Option<PathBuf>,
    /// Do not record this run in the history (wins over --store and CLOUDWARD_STORE).
    #[arg(long = "no-store")]
    pub no_store: bool,
}

impl StoreArgs {
    /// The database path: `--store`, `CLOUDWARD_STORE`, or the per-user default.
    pub fn path(&self) -> anyhow::Result<PathBuf> {
        match &self.store_path {
            Some(p) => Ok(p.clone()),
            None => cloudward_store::default_path().ok_or_else(|| {
                UsageError("no --store given and no home directory to keep the history in".into())
                    .into()
            }),
        }
    }

    /// The store, opened; `None` with `--no-store`.
    pub fn open(&self) -> anyhow::Result<Option<Store>> {
        if self.no_store {
            return Ok(None);
        }
        let path = self.path()?;
        Ok(Some(Store::open(&path)?))
    }
}

/// What `--fail-on-new` counts: failures (at or above `threshold`) whose fingerprint was not
/// failing in the previous run of the same target. `None` when there is no previous run: the
/// first run is the baseline.
pub fn new_failures(
    store: &mut Store,
    target: &str,
    findings: &[Finding],
) -> anyhow::Result<Option<Vec<String>>> {
    let Some(previous) = store.previous_run(target, None)? else {
        return Ok(None);
    };
    let before: std::collections::HashMap<String, String> = store
        .results(previous.id)?
        .into_iter()
        .map(|r| (r.fingerprint, r.status))
        .collect();
    Ok(Some(
        findings
            .iter()
            .filter(|f| f.status == cloudward_model::Status::Fail)
            .map(cloudward_store::fingerprint)
            .filter(|fp| before.get(fp).map(String::as_str) != Some("fail"))
            .collect(),
    ))
}

/// What the history records about a run that finishes now.
pub fn run_info(
    kind: RunKind,
    target: &str,
    account: Option<String>,
    regions: Vec<String>,
    started_at: chrono::DateTime<Utc>,
    rule_ids: &[&str],
) -> RunInfo {
    RunInfo {
        kind,
        target: target.to_string(),
        account,
        regions,
        started_at,
        finished_at: Utc::now(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        catalogue_version: cloudward_store::catalogue_version(rule_ids),
    }
}

/// Record a finished run; a failure to write is a warning, not a failed scan. Returns the
/// run's id when it was recorded.
pub fn record(
    store: &mut Store,
    info: &RunInfo,
    findings: &[Finding],
    errors: &[CollectionError],
    alerts: &[cloudward_model::alert::Alert],
) -> Option<i64> {
    match store.record_with_alerts(info, findings, errors, alerts) {
        Ok(run) => {
            tracing::info!(run, target = info.target, "recorded in the history");
            Some(run)
        }
        Err(e) => {
            tracing::warn!("the run was not recorded in the history: {e}");
            None
        }
    }
}

/// How many recorded runs the HTML report's trend chart draws: a few dozen points read well,
/// and each costs one pass over that run's results.
pub const TREND_RUNS: usize = 30;

/// The trend of `target` for the HTML report: its latest [`TREND_RUNS`] runs, oldest first. A
/// failure to read is a warning and an empty chart, not a failed scan.
pub fn trend(store: &mut Store, target: &str) -> Vec<cloudward_report::TrendPoint> {
    let points = match store.run_counts(target, TREND_RUNS) {
        Ok(points) => points,
        Err(e) => {
            tracing::warn!("the report's trend could not be read from the history: {e}");
            return Vec::new();
        }
    };
    let count = |n: i64| usize::try_from(n).unwrap_or(0);
    points
        .into_iter()
        .filter_map(|p| {
            let started_at = chrono::DateTime::parse_from_rfc3339(&p.started_at)
                .ok()?
                .with_timezone(&Utc);
            Some(cloudward_report::TrendPoint {
                run: p.run,
                started_at,
                counts: cloudward_report::Counts {
                    fail: count(p.fail),
                    unknown: count(p.unknown),
                    suppressed: count(p.suppressed),
                    pass: count(p.pass),
                    not_applicable: count(p.not_applicable),
                },
            })
        })
        .collect()
}

/// Output of `history` and `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// For people.
    Terminal,
    /// One JSON document.
    Json,
}

/// Arguments of `cloudward history`.
#[derive(clap::Args)]
pub struct HistoryArgs {
    /// Only runs of this target (an account id, or the path scanned).
    #[arg(long)]
    pub target: Option<String>,
    /// The history database (default as for scan).
    #[arg(long = "store", value_name = "PATH", env = "CLOUDWARD_STORE")]
    pub store: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Terminal)]
    pub format: ListFormat,
}

fn open_existing(path: Option<PathBuf>) -> anyhow::Result<Store> {
    let args = StoreArgs {
        store_path: path,
        no_store: false,
    };
    let path = args.path()?;
    if !path.exists() {
        return Err(UsageError(format!(
            "no history at {} yet: scans record there unless --no-store is given",
            path.display()
        ))
        .into());
    }
    Ok(Store::open(&path)?)
}

/// Run `cloudward history`.
pub fn run_history(args: HistoryArgs, _globals: &Globals) -> anyhow::Result<u8> {
    let mut store = open_existing(args.store)?;
    let runs = store.runs(args.target.as_deref())?;
    let mut text = String::new();
    match args.format {
        ListFormat::Json => {
            let doc: Vec<serde_json::Value> = runs.iter().map(run_json).collect();
            text = serde_json::to_string_pretty(&serde_json::json!({ "runs": doc }))?;
            text.push('\n');
        }
        ListFormat::Terminal => {
            if runs.is_empty() {
                text.push_str("no runs recorded\n");
            }
            for r in &runs {
                text.push_str(&format!(
                    "{:>5}  {:<6}  {}  {:<30}  {} findings\n",
                    r.id, r.kind, r.finished_at, r.target, r.findings
                ));
            }
        }
    }
    print!("{text}");
    Ok(OK)
}

fn run_json(r: &Run) -> serde_json::Value {
    serde_json::json!({
        "id": r.id,
        "kind": r.kind,
        "target": r.target,
        "finished_at": r.finished_at,
        "findings": r.findings,
    })
}

/// Arguments of `cloudward diff`.
#[derive(clap::Args)]
pub struct DiffArgs {
    /// The earlier run (default: the run of the same target before RUN_B).
    pub run_a: Option<i64>,
    /// The later run (default: the latest run).
    pub run_b: Option<i64>,
    /// The history database (default as for scan).
    #[arg(long = "store", value_name = "PATH", env = "CLOUDWARD_STORE")]
    pub store: Option<PathBuf>,
    /// Output format: terminal and json list the five changes; the report formats (csv,
    /// sarif, ocsf, junit, html, asff) carry the changed findings, each message starting with
    /// its change (`new failure:`, `regressed:`, `fixed:`, `newly unknown:`, `gone (was ..):`).
    #[arg(long, value_enum, default_value_t = super::scan::FormatArg::Terminal)]
    pub format: super::scan::FormatArg,
}

/// Run `cloudward diff`: exit 1 when the later run has new or regressed failures.
pub fn run_diff(args: DiffArgs, _globals: &Globals) -> anyhow::Result<u8> {
    let mut store = open_existing(args.store)?;
    let missing = |id: i64| {
        UsageError(format!(
            "no run {id} in the history (see `cloudward history`)"
        ))
    };
    let (a, b) = match (args.run_a, args.run_b) {
        (Some(a), Some(b)) => (
            store.run(a)?.ok_or_else(|| missing(a))?,
            store.run(b)?.ok_or_else(|| missing(b))?,
        ),
        (only, None) => {
            let b = match only {
                Some(id) => store.run(id)?.ok_or_else(|| missing(id))?,
                None => store
                    .runs(None)?
                    .into_iter()
                    .next()
                    .ok_or_else(|| UsageError("no runs recorded yet".into()))?,
            };
            let a = store.previous_run(&b.target, Some(b.id))?.ok_or_else(|| {
                UsageError(format!(
                    "run {} is the first of target {}: nothing to compare with",
                    b.id, b.target
                ))
            })?;
            (a, b)
        }
        // clap fills RUN_A before RUN_B, so this is never reached; a usage error if it were.
        (None, Some(_)) => return Err(UsageError("give RUN_A before RUN_B".into()).into()),
    };
    let diff = Diff::between(&store.results(a.id)?, &store.results(b.id)?);
    let worse = !diff.new_failures.is_empty() || !diff.regressed.is_empty();
    let exit = if worse { crate::exit::FINDINGS } else { OK };
    let list_format = match args.format {
        super::scan::FormatArg::Terminal => ListFormat::Terminal,
        super::scan::FormatArg::Json => ListFormat::Json,
        other => {
            let report = super::diff_report::report(&a, &b, &diff);
            let mut bytes = Vec::new();
            cloudward_report::render(
                other.into(),
                &report,
                &cloudward_report::RenderOptions::default(),
                &mut bytes,
            )
            .map_err(|e| UsageError(format!("--format {other:?}: {e}")))?;
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes).context("writing the diff")?;
            stdout.flush().context("writing the diff")?;
            return Ok(exit);
        }
    };
    let text = match list_format {
        ListFormat::Json => {
            let list = |v: &[StoredResult]| -> Vec<serde_json::Value> {
                v.iter()
                    .map(|r| {
                        serde_json::json!({
                            "rule_id": r.rule_id,
                            "resource_id": r.resource_id,
                            "status": r.status,
                            "severity": r.severity,
                            "message": r.message,
                            "first_seen_run": r.first_seen,
                        })
                    })
                    .collect()
            };
            let mut t = serde_json::to_string_pretty(&serde_json::json!({
                "from": run_json(&a),
                "to": run_json(&b),
                "new_failures": list(&diff.new_failures),
                "regressed": list(&diff.regressed),
                "fixed": list(&diff.fixed),
                "newly_unknown": list(&diff.newly_unknown),
                "gone": list(&diff.gone),
            }))
            .context("rendering the diff")?;
            t.push('\n');
            t
        }
        ListFormat::Terminal => {
            let mut t = format!(
                "run {} ({}) -> run {} ({}), target {}\n",
                a.id, a.finished_at, b.id, b.finished_at, b.target
            );
            for (title, items) in [
                ("new failures", &diff.new_failures),
                ("regressed", &diff.regressed),
                ("fixed", &diff.fixed),
                ("newly unknown", &diff.newly_unknown),
                ("gone", &diff.gone),
            ] {
                t.push_str(&format!("\n{title}: {}\n", items.len()));
                for r in items {
                    t.push_str(&format!(
                        "  {:<8} {}  {}\n           {}\n",
                        r.severity, r.rule_id, r.resource_id, r.message
                    ));
                }
            }
            t
        }
    };
    print!("{text}");
    Ok(exit)
}

/// Arguments of `cloudward store`.
#[derive(clap::Args)]
pub struct StoreCommandArgs {
    #[command(subcommand)]
    pub command: StoreCommand,
}

/// What to do with the history database.
#[derive(clap::Subcommand)]
pub enum StoreCommand {
    /// Delete runs older than --keep (their findings and errors with them).
    Prune {
        /// How long to keep runs: days (`90d`) or hours (`12h`).
        #[arg(long, value_parser = parse_keep)]
        keep: chrono::Duration,
        /// The history database (default as for scan).
        #[arg(long = "store", value_name = "PATH", env = "CLOUDWARD_STORE")]
        store: Option<PathBuf>,
    },
}

fn parse_keep(s: &str) -> Result<chrono::Duration, String> {
    let (number, unit) = s.split_at(s.len().saturating_sub(1));
    let n: i64 = number
        .parse()
        .map_err(|_| format!("{s:?}: expected a number of days or hours, like 90d or 12h"))?;
    if !(1..=36_500).contains(&n) {
        return Err(format!("{s:?}: between 1 and 36500"));
    }
    match unit {
        "d" => Ok(chrono::Duration::days(n)),
        "h" => Ok(chrono::Duration::hours(n)),
        _ => Err(format!(
            "{s:?}: expected a number of days or hours, like 90d or 12h"
        )),
    }
}

/// Run `cloudward store ...`.
pub fn run_store(args: StoreCommandArgs, globals: &Globals) -> anyhow::Result<u8> {
    match args.command {
        StoreCommand::Prune { keep, store } => {
            let mut store = open_existing(store)?;
            let gone = store.prune(Utc::now() - keep)?;
            if !globals.quiet {
                eprintln!("pruned {gone} run(s)");
            }
            Ok(OK)
        }
    }
}
