//! An organization scan spread over machines (issue 13): `scan --org --work-queue URL
//! --results s3://...` lists the organization, writes its index under the results prefix and
//! queues one message per account; `cloudward worker` takes accounts from the queue, collects
//! each and writes its results; `cloudward report --from s3://...` judges what they wrote as
//! one report. The protocol is in `cloudward_aws::org::queue`.
//!
//! The results prefix has the layout of a `collect --org` directory plus one entry and one
//! report per account, each written by the one worker that did the account:
//! - `index.json`: the organization and every account, pending (written once, by the
//!   publisher; workers never rewrite it, so they never race on it);
//! - `<account>.json`: the account's snapshot;
//! - `<account>.report.json`: its JSON report (every rule, the worker's settings);
//! - `<account>.entry.json`: its index entry, written last: an account has results when its
//!   entry exists and names this run.

use std::time::Duration;

use anyhow::Context;
use cloudward_aws::org::queue::{
    Results, ResultsLocation, WorkError, WorkItem, WorkQueue, VISIBILITY_RANGE,
};
use cloudward_aws::org::{OrgOptions, Reach};
use cloudward_model::{CollectionError, Inventory};
use cloudward_report::{Format, RenderOptions, Report, Target};

use super::Globals;
use crate::exit::{UsageError, ERROR, OK};
use crate::live::LiveArgs;
use crate::org::{snapshot_name, snapshot_of, IndexEntry, OrgIndex, INDEX_FILE, MAX_INDEX_BYTES};

/// Largest account entry read back (a few hundred bytes, more with a long error message).
const MAX_ENTRY_BYTES: u64 = 1 << 20;

/// The object name of an account's index entry.
fn entry_name(account: &str) -> String {
    format!("{account}.entry.json")
}

/// The object name of an account's JSON report.
fn report_name(account: &str) -> String {
    format!("{account}.report.json")
}

/// `scan --org --work-queue`: hand the accounts to workers instead of scanning them here.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct PublishArgs {
    /// With --org: scan nothing here; write the organization's index under --results and
    /// queue one message per account on this SQS queue, for `cloudward worker` processes to
    /// take (then `cloudward report --from` merges their results).
    #[arg(long, value_name = "SQS_URL", requires = "org", requires = "results")]
    pub work_queue: Option<String>,
    /// With --work-queue: the s3://bucket/prefix the workers write each account's results to.
    #[arg(long, value_name = "S3_URL", requires = "work_queue")]
    pub results: Option<String>,
}

/// A run id: when the publication started, and the process, so two publications to one prefix
/// in the same second still differ.
fn new_run_id() -> String {
    let now = chrono::Utc::now();
    format!(
        "{}-{:x}{:x}",
        now.format("%Y%m%dT%H%M%SZ"),
        std::process::id(),
        now.timestamp_subsec_nanos()
    )
}

/// Run `scan --org --work-queue URL --results s3://...`: exit 0 once the index is written
/// and every account is queued.
pub fn publish(args: &super::scan::Args, globals: &Globals) -> anyhow::Result<u8> {
    let (Some(url), Some(results)) = (&args.queue.work_queue, &args.queue.results) else {
        return Err(UsageError("--work-queue needs --results s3://bucket/prefix".into()).into());
    };
    let location = ResultsLocation::parse(results).map_err(UsageError)?;
    let run = crate::org::OrgRun::open(&args.live, &args.org, globals)?;
    let roster = run.roster();
    let mut index = OrgIndex::pending(roster, &args.org.role_name);
    let run_id = new_run_id();
    index.run_id = Some(run_id.clone());
    for entry in &mut index.accounts {
        if let Some(error) = &mut entry.error {
            error.message = "no worker has written results for this account yet".into();
        }
    }
    let items: Vec<WorkItem> = roster
        .members
        .iter()
        .map(|m| WorkItem::of(&roster.organization_id, &run_id, m, &args.org.role_name))
        .collect();
    let base = run.reach().base().clone();
    let store = Results::new(&base, location.clone());
    let queue = WorkQueue::new(&base, url);
    let body = serde_json::to_vec_pretty(&index).context("serializing the index")?;
    let sent = run.block_on(async {
        // The index first: a worker that takes an account checks it against the index.
        store.put(INDEX_FILE, body).await?;
        queue.publish(&items).await
    })?;
    if !globals.quiet {
        eprintln!(
            "queued {sent} account(s) of organization {} on {url} (run {run_id}); workers \
             write to {location}; merge with `cloudward report --from {location}`",
            roster.organization_id
        );
    }
    Ok(OK)
}

/// Arguments of `cloudward worker`.
#[derive(clap::Args)]
#[command(after_help = "\
Takes one account at a time from the queue that `scan --org --work-queue` filled, assumes
the role the message names in it (from the credentials of --profile), collects it, and writes
its snapshot, report and entry under --results. The message is deleted only after the
results are written; while the account is collected its visibility timeout is extended, so a
worker that dies leaves its account to be taken again once the timeout runs out.

Exit codes: 0 every account taken was written; 3 a result could not be written, an account
could not be collected, or a message was not a work item of this results prefix.

Example:
  cloudward worker --profile security-tooling \\
    --work-queue https://sqs.eu-west-1.amazonaws.com/123456789012/cloudward-accounts \\
    --results s3://audit-results/org-scan/ --exit-when-empty")]
pub struct WorkerArgs {
    #[command(flatten)]
    live: LiveArgs,
    #[command(flatten)]
    settings: crate::settings::SettingsArgs,
    /// The SQS queue of accounts.
    #[arg(long, value_name = "SQS_URL")]
    work_queue: String,
    /// Where the results go: the --results of the publishing scan.
    #[arg(long, value_name = "S3_URL")]
    results: String,
    /// The results bucket's region, when it is not the first --region (which also chooses
    /// what is collected) or the profile's.
    #[arg(long, value_name = "REGION")]
    results_region: Option<String>,
    /// External id for sts:AssumeRole, when the roles' trust policies require one.
    #[arg(long, value_name = "ID")]
    external_id: Option<String>,
    /// Seconds an account taken is hidden from other workers; extended every third of it
    /// while the account is collected, so it bounds how long a crashed worker's account waits.
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    visibility_timeout: u32,
    /// Seconds one receive waits for a message (SQS long polling, 0-20).
    #[arg(long, value_name = "SECONDS", default_value_t = 20)]
    wait_seconds: u8,
    /// Stop when the queue holds no message, neither waiting nor taken by another worker
    /// (default: keep polling).
    #[arg(long)]
    exit_when_empty: bool,
    /// Stop after this many accounts.
    #[arg(long, value_name = "N")]
    max_accounts: Option<usize>,
}

/// What one worker has done so far.
#[derive(Default)]
struct Tally {
    written: usize,
    not_collected: usize,
    refused: usize,
    unwritten: usize,
}

/// Run `cloudward worker`.
pub fn run_worker(args: WorkerArgs, globals: &Globals) -> anyhow::Result<u8> {
    crate::live::check_args(&args.live)?;
    if !VISIBILITY_RANGE.contains(&args.visibility_timeout) {
        return Err(UsageError(format!(
            "--visibility-timeout must be {} to {} seconds",
            VISIBILITY_RANGE.start(),
            VISIBILITY_RANGE.end()
        ))
        .into());
    }
    if args.wait_seconds > 20 {
        return Err(UsageError("--wait-seconds must be 0 to 20".into()).into());
    }
    let location = ResultsLocation::parse(&args.results).map_err(UsageError)?;
    let settings = args.settings.load_all()?.settings;
    let options = args.live.options();
    let runtime = crate::live::runtime()?;
    let reach = runtime
        .block_on(Reach::open(&options))
        .map_err(crate::live::failed)?;
    let results = match &args.results_region {
        Some(region) => {
            let mut at = options.clone();
            at.regions = vec![region.clone()];
            Results::new(&runtime.block_on(cloudward_aws::sdk_config(&at)), location)
        }
        None => Results::new(reach.base(), location),
    };
    let worker = Worker {
        queue: WorkQueue::new(reach.base(), &args.work_queue),
        results,
        reach,
        options,
        settings,
        args: &args,
        globals,
    };
    let tally = runtime.block_on(worker.run())?;
    if !globals.quiet {
        eprintln!(
            "worker done: {} account(s) written ({} of them not collected), {} unwritten, {} \
             message(s) refused",
            tally.written, tally.not_collected, tally.unwritten, tally.refused
        );
    }
    let clean = tally.not_collected == 0 && tally.refused == 0 && tally.unwritten == 0;
    Ok(if clean { OK } else { ERROR })
}

/// One worker process: the queue, the results, and how accounts are reached.
struct Worker<'a> {
    queue: WorkQueue,
    results: Results,
    reach: Reach,
    options: cloudward_aws::CollectOptions,
    settings: cloudward_model::Settings,
    args: &'a WorkerArgs,
    globals: &'a Globals,
}

impl Worker<'_> {
    async fn run(&self) -> anyhow::Result<Tally> {
        let visibility = Duration::from_secs(u64::from(self.args.visibility_timeout));
        let mut tally = Tally::default();
        loop {
            if self
                .args
                .max_accounts
                .is_some_and(|max| tally.written + tally.unwritten >= max)
            {
                break;
            }
            let Some(lease) = self
                .queue
                .take(visibility, i32::from(self.args.wait_seconds))
                .await?
            else {
                // Nothing visible. Messages in flight may be another worker's, or a dead
                // worker's lapsing back: wait for those too.
                if self.args.exit_when_empty && self.queue.backlog().await?.is_empty() {
                    break;
                }
                continue;
            };
            let item = match self.accept(&lease.body).await? {
                Ok(item) => item,
                Err(reason) => {
                    tracing::error!("message {}: {reason}; deleted", lease.message_id);
                    self.queue.finish(&lease).await?;
                    tally.refused += 1;
                    continue;
                }
            };
            if !self.globals.quiet {
                eprintln!(
                    "took account {} ({}), attempt {}",
                    item.account_id, item.name, lease.receive_count
                );
            }
            let heartbeat = tokio::spawn({
                let (queue, lease) = (self.queue.clone(), lease.clone());
                async move {
                    loop {
                        tokio::time::sleep(visibility / 3).await;
                        if let Err(e) = queue.extend(&lease, visibility).await {
                            tracing::warn!("{e}; another worker may take the account too");
                        }
                    }
                }
            });
            let outcome = self.collect(&item).await;
            let written = self.write(&item, outcome).await;
            heartbeat.abort();
            match written {
                Ok(collected) => {
                    // Deleted only now that the results are written. A delete that fails
                    // lets the account be done twice, which rewrites the same results.
                    if let Err(e) = self.queue.finish(&lease).await {
                        tracing::warn!("{e}; the account may be taken again");
                    }
                    tally.written += 1;
                    if !collected {
                        tally.not_collected += 1;
                    }
                }
                Err(e) => {
                    tracing::error!(
                        "account {}: {e}; its message is left for another worker",
                        item.account_id
                    );
                    tally.unwritten += 1;
                }
            }
        }
        Ok(tally)
    }

    /// The work item of a message body, when it is one of the run the results' index names
    /// (`Ok(Err(reason))` otherwise). An unreadable index is an error: nothing can be taken.
    async fn accept(&self, body: &str) -> anyhow::Result<Result<WorkItem, String>> {
        let item = match WorkItem::parse(body) {
            Ok(item) => item,
            Err(reason) => return Ok(Err(reason)),
        };
        let place = format!("{}{INDEX_FILE}", self.results.location());
        let Some(bytes) = self.results.get(INDEX_FILE, MAX_INDEX_BYTES).await? else {
            anyhow::bail!(
                "{place} does not exist: `scan --org --work-queue` writes it before queuing"
            );
        };
        let index = OrgIndex::parse(&String::from_utf8_lossy(&bytes), &place)?;
        if index.organization_id != item.organization_id
            || index.run_id.as_deref() != Some(item.run_id.as_str())
        {
            return Ok(Err(format!(
                "account {} is of run {} of {}, but {place} is run {} of {}: a later \
                 publication replaced it",
                item.account_id,
                item.run_id,
                item.organization_id,
                index.run_id.as_deref().unwrap_or("(none)"),
                index.organization_id
            )));
        }
        if !index
            .accounts
            .iter()
            .any(|e| e.account_id == item.account_id)
        {
            return Ok(Err(format!(
                "account {} is not in {place}",
                item.account_id
            )));
        }
        Ok(Ok(item))
    }

    /// Collect the item's account through its role; a failure is the account's collection
    /// error (its report is then every rule Unknown for that reason).
    async fn collect(&self, item: &WorkItem) -> Result<Inventory, CollectionError> {
        let member = item.member();
        let org = OrgOptions {
            role_name: item.role_name.clone(),
            external_id: self.args.external_id.clone(),
            ..OrgOptions::default()
        };
        let (bar, progress) =
            crate::live::progress_bar(self.globals).map_err(|e| CollectionError {
                account: Some(member.id.clone()),
                service: "cloudward".into(),
                api: "worker".into(),
                message: e.to_string(),
                ..Default::default()
            })?;
        let outcome = self
            .reach
            .collect(&member, &self.options, &org, progress, None)
            .await;
        bar.finish_and_clear();
        outcome.map_err(|failure| {
            tracing::warn!("account {}: {}", member.id, failure.message);
            failure.collection_error(&member)
        })
    }

    /// Write the account's snapshot (when collected), its report, and last its entry.
    /// `Ok(true)` when it was collected.
    async fn write(
        &self,
        item: &WorkItem,
        outcome: Result<Inventory, CollectionError>,
    ) -> Result<bool, WorkError> {
        let member = item.member();
        let mut entry = IndexEntry::of(&member, &outcome);
        entry.run_id = Some(item.run_id.clone());
        let inventory = match outcome {
            Ok(inventory) => {
                self.results
                    .put(
                        &snapshot_name(&item.account_id),
                        inventory.to_json().into_bytes(),
                    )
                    .await?;
                inventory
            }
            Err(error) => Inventory::uncollected(&item.account_id, error),
        };
        self.results
            .put(&report_name(&item.account_id), self.report(item, inventory))
            .await?;
        let body = serde_json::to_vec_pretty(&entry).map_err(|e| WorkError {
            service: "s3",
            operation: "PutObject",
            target: format!(
                "{}{}",
                self.results.location(),
                entry_name(&item.account_id)
            ),
            message: format!("the entry could not be serialized: {e}"),
        })?;
        self.results
            .put(&entry_name(&item.account_id), body)
            .await?;
        if !self.globals.quiet {
            eprintln!(
                "account {}: {} resource(s), {} failed call(s){}, written to {}",
                item.account_id,
                entry.resources,
                entry.collection_errors,
                if entry.error.is_some() {
                    " (not collected)"
                } else {
                    ""
                },
                self.results.location()
            );
        }
        Ok(entry.error.is_none())
    }

    /// The account's JSON report: every rule and toxic combination, with the worker's
    /// settings and suppressions.
    fn report(&self, item: &WorkItem, mut inventory: Inventory) -> Vec<u8> {
        inventory.settings = self.settings.clone();
        let today = chrono::Utc::now().date_naive();
        for warning in cloudward_rules::suppressions::apply(&mut inventory, today) {
            tracing::warn!("account {}: {warning}", item.account_id);
        }
        let catalogue = cloudward_rules::catalogue();
        let mut findings = cloudward_rules::engine::evaluate(&inventory, &catalogue);
        findings.extend(super::paths::toxic_findings(&inventory, |_| true));
        let report = Report::new(
            findings,
            inventory.errors.clone(),
            catalogue.iter().map(|r| r.meta()).collect(),
            Target {
                account_id: Some(item.account_id.clone()),
                regions: inventory.regions.clone(),
                source: format!(
                    "account {} ({}) of organization {}, run {}",
                    item.account_id, item.name, item.organization_id, item.run_id
                ),
                collected_at: inventory.collected_at,
            },
            env!("CARGO_PKG_VERSION"),
        );
        let options = RenderOptions {
            color: false,
            show_pass: true,
            source: None,
        };
        let mut bytes = Vec::new();
        if let Err(e) = cloudward_report::render(Format::Json, &report, &options, &mut bytes) {
            tracing::error!("account {}: rendering its report: {e}", item.account_id);
        }
        bytes
    }
}

/// The results of a work-queue run, read back for `report --from`.
pub(crate) struct ResultsReader {
    runtime: tokio::runtime::Runtime,
    results: Results,
}

impl ResultsReader {
    /// The results at `url`, reached with the credentials of `live`.
    pub fn open(live: &LiveArgs, url: &str) -> anyhow::Result<ResultsReader> {
        let location = ResultsLocation::parse(url).map_err(UsageError)?;
        let runtime = crate::live::runtime()?;
        let config = runtime.block_on(cloudward_aws::sdk_config(&live.options()));
        Ok(ResultsReader {
            results: Results::new(&config, location),
            runtime,
        })
    }

    /// Where they are.
    pub fn location(&self) -> String {
        self.results.location().to_string()
    }

    fn get(&self, name: &str, limit: u64) -> Result<Option<String>, String> {
        match self.runtime.block_on(self.results.get(name, limit)) {
            Ok(None) => Ok(None),
            Ok(Some(bytes)) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| format!("{}{name} is not UTF-8", self.results.location())),
            Err(e) => Err(e.to_string()),
        }
    }

    /// The index the publisher wrote.
    pub fn index(&self) -> anyhow::Result<OrgIndex> {
        let place = format!("{}{INDEX_FILE}", self.results.location());
        let Some(text) = self
            .get(INDEX_FILE, MAX_INDEX_BYTES)
            .map_err(anyhow::Error::msg)?
        else {
            anyhow::bail!(
                "{place} does not exist: is this the --results of `scan --org --work-queue`?"
            );
        };
        OrgIndex::parse(&text, &place)
    }

    /// One account of `index` as its worker left it: its entry and snapshot when they are of
    /// this run, else the account pending or failed with the reason (every rule Unknown for
    /// it). A problem with one account's results never hides another's.
    pub fn account(&self, index: &OrgIndex, listed: &IndexEntry) -> (IndexEntry, Inventory) {
        let id = &listed.account_id;
        let place = |name: &str| format!("{}{name}", self.results.location());
        let not_there = |status: &str, message: String| {
            let mut entry = IndexEntry {
                status: status.into(),
                snapshot: None,
                resources: 0,
                collection_errors: 0,
                ..listed.clone()
            };
            let error = CollectionError {
                account: Some(id.clone()),
                service: "s3".into(),
                api: "GetObject".into(),
                message,
                ..Default::default()
            };
            entry.error = Some(error.clone());
            let inventory = Inventory::uncollected(id, error);
            (entry, inventory)
        };
        let entry = match self.get(&entry_name(id), MAX_ENTRY_BYTES) {
            Err(e) => return not_there("failed", e),
            Ok(None) => return (listed.clone(), uncollected(listed)),
            Ok(Some(text)) => match serde_json::from_str::<IndexEntry>(&text) {
                Err(e) => {
                    return not_there(
                        "failed",
                        format!("{} is not an index entry: {e}", place(&entry_name(id))),
                    )
                }
                Ok(entry) if entry.account_id != *id => {
                    return not_there(
                        "failed",
                        format!(
                            "{} names account {:?}",
                            place(&entry_name(id)),
                            entry.account_id
                        ),
                    )
                }
                Ok(entry) if entry.run_id != index.run_id => {
                    return not_there(
                        "pending",
                        format!(
                            "the results under {} are of run {}, not of this index's run {}",
                            place(&entry_name(id)),
                            entry.run_id.as_deref().unwrap_or("(none)"),
                            index.run_id.as_deref().unwrap_or("(none)")
                        ),
                    )
                }
                Ok(entry) => entry,
            },
        };
        if entry.error.is_some() {
            let inventory = uncollected(&entry);
            return (entry, inventory);
        }
        let snapshot = snapshot_name(id);
        match self.get(&snapshot, cloudward_model::MAX_SNAPSHOT_BYTES) {
            Err(e) => not_there("failed", e),
            Ok(None) => not_there(
                "failed",
                format!(
                    "{} says collected, but {} does not exist",
                    place(&entry_name(id)),
                    place(&snapshot)
                ),
            ),
            Ok(Some(text)) => match snapshot_of(&entry, &text, &place(&snapshot)) {
                Ok(inventory) => (entry, inventory),
                Err(e) => not_there("failed", format!("{e:#}")),
            },
        }
    }
}

/// The inventory of an entry that names why its account has no snapshot.
fn uncollected(entry: &IndexEntry) -> Inventory {
    let error = entry.error.clone().unwrap_or_else(|| CollectionError {
        account: Some(entry.account_id.clone()),
        service: "organizations".into(),
        api: "collect".into(),
        message: "the account has no results".into(),
        ..Default::default()
    });
    Inventory::uncollected(&entry.account_id, error)
}

/// Arguments of `cloudward report`.
#[derive(clap::Args)]
#[command(after_help = "\
Exit codes: as `cloudward scan`: 0 nothing failed at or above --fail-on; 1 something did;
2 usage error; 3 an account has no results (pending, not collected, or unreadable), or the
index could not be read.

Examples:
  cloudward report --from s3://audit-results/org-scan/ --format html -o org.html
  cloudward report --from s3://audit-results/org-scan/ --fail-on high --format sarif -o org.sarif")]
pub struct ReportArgs {
    /// The s3://bucket/prefix of a work-queue scan (the --results of `scan --org
    /// --work-queue` and its workers): every account of its index is judged, an account no
    /// worker has written yet Unknown ("pending").
    #[arg(long, value_name = "S3_URL")]
    from: String,
    /// The scan flags (format, output, rule selection, --fail-on, store, notifications).
    #[command(flatten)]
    scan: super::scan::Args,
}

/// Run `cloudward report --from s3://...`.
pub fn run_report(args: ReportArgs, globals: &Globals) -> anyhow::Result<u8> {
    if args.scan.inventory.is_some() || args.scan.org.org || args.scan.queue.work_queue.is_some() {
        return Err(UsageError(
            "report --from reads a results prefix: --inventory, --org and --work-queue belong              to `cloudward scan`"
                .into(),
        )
        .into());
    }
    super::scan_org::run(
        args.scan,
        super::scan_org::Source::Results(&args.from),
        globals,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ids_differ_between_publications() {
        let a = new_run_id();
        std::thread::sleep(Duration::from_millis(2));
        assert_ne!(a, new_run_id());
        assert!(a.starts_with("20"), "{a}");
    }

    #[test]
    fn result_object_names_are_the_account_and_a_suffix() {
        assert_eq!(entry_name("111111111111"), "111111111111.entry.json");
        assert_eq!(report_name("111111111111"), "111111111111.report.json");
        assert_eq!(snapshot_name("111111111111"), "111111111111.json");
    }
}
