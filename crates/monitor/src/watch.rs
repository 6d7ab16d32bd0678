//! `cloudward watch`: scan an account on an interval and, between scans, re-collect and
//! re-judge only what CloudTrail events (EventBridge to SQS) say changed.
//!
//! State is the last inventory and, per finding fingerprint, its last status. A change that
//! turns a finding into a failure (new, or from pass / unknown / suppressed) is reported
//! once, as [`WatchEvent::Worse`]; it is reported again only after the finding was fixed and
//! failed anew. The first judgement is compared with the store's last run of the account, so
//! a restarted watch does not re-announce old failures; with no history the first run is the
//! baseline (nothing is announced), as `scan --fail-on-new` does.
//!
//! Memory is bounded by the account: one inventory, one status per fingerprint, and at most
//! [`SEEN_EVENTS_CAP`] remembered event ids (SQS may deliver an event twice).
//!
//! Detection: with an engine ([`Watch::with_detection`]), every CloudTrail event from the queue
//! also goes through the Sigma rules, and each alert is reported ([`WatchEvent::Alert`]) as
//! soon as its window closes (wall-clock time past its end plus the allowed lateness: these
//! events arrive within minutes), recorded in a detect run of the history begun with the
//! watch, and linked to posture: it carries the current failing findings on the resources its
//! events acted on, judged after the same events' re-collection, so what an attacker just
//! opened is shown as judged now.
//!
//! Stopping: the `shutdown` future given to [`Watch::run`] interrupts only waits (the interval
//! sleep and the queue's long poll). A collection or a store write in progress is finished,
//! so SIGINT/SIGTERM never leaves a half-judged state behind.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use cloudward_aws::events::{parse_event, EventQueue, Parsed, QueuedMessage, Recollect};
use cloudward_aws::{CollectOptions, NoProgress};
use cloudward_model::{Finding, Inventory, Settings, Status};
use cloudward_rules::Rule;
use cloudward_store::{RunInfo, RunKind, Store};

/// At most this many event ids are remembered for de-duplication (oldest forgotten first).
pub const SEEN_EVENTS_CAP: usize = 10_000;

/// At most this many messages are taken into one re-collection batch.
pub const MAX_BATCH_MESSAGES: usize = 100;

/// How to watch.
#[derive(Clone)]
pub struct WatchOptions {
    /// The full scan's collection options (profile, regions, endpoint, services).
    pub collect: CollectOptions,
    /// Time between full scans.
    pub every: Duration,
    /// The SQS queue EventBridge delivers CloudTrail events to, if any.
    pub queue_url: Option<String>,
    /// After the first event arrives, keep receiving for this long so that a burst of calls
    /// (a Terraform apply) becomes one re-collection.
    pub batch_window: Duration,
    /// The organisation's settings the rules judge with (suppressions included).
    pub settings: Settings,
    /// The rules that judge.
    pub rules: Vec<&'static dyn Rule>,
    /// Stop after this many judgements (tests); `None`: until shut down.
    pub max_judgements: Option<u64>,
}

/// What made a judgement happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// The first scan, or the interval elapsed.
    Scheduled,
    /// These events (described: `ec2:AuthorizeSecurityGroupIngress in eu-west-1 by ...`).
    Events(Vec<String>),
}

impl Trigger {
    /// For log lines.
    pub fn describe(&self) -> String {
        match self {
            Trigger::Scheduled => "scheduled scan".to_string(),
            Trigger::Events(events) => match events.as_slice() {
                [] => "no events".to_string(),
                [one] => one.clone(),
                [first, ..] => format!("{} events ({first}, ...)", events.len()),
            },
        }
    }
}

/// How a finding got worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Worsening {
    /// Failing, and not seen before (a new resource, or a resource newly judged).
    NewFailure,
    /// Failing, and passing (or unknown, or suppressed) before.
    Regressed,
}

impl Worsening {
    /// `new` or `regressed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Worsening::NewFailure => "new",
            Worsening::Regressed => "regressed",
        }
    }
}

/// One finding that got worse.
#[derive(Debug, Clone)]
pub struct Worse {
    /// New or regressed.
    pub how: Worsening,
    /// The finding as judged now.
    pub finding: Finding,
    /// Its status before (`None`: not judged before).
    pub before: Option<Status>,
}

/// What the loop reports to its caller (who prints and notifies).
#[derive(Debug, Clone)]
pub enum WatchEvent {
    /// A judgement finished.
    Judged {
        /// What caused it.
        trigger: Trigger,
        /// The services re-collected (`None`: all, a full scan).
        services: Option<Vec<String>>,
        /// The run id in the store, when recorded.
        run: Option<i64>,
        /// Failing findings now.
        failing: usize,
        /// Findings that could not be checked now.
        unknown: usize,
        /// Findings that turned to pass since the previous judgement.
        fixed: usize,
        /// How long collection and judgement took.
        took: Duration,
    },
    /// Findings that got worse in that judgement (each reported once).
    Worse {
        /// What caused it.
        trigger: Trigger,
        /// The findings.
        findings: Vec<Worse>,
    },
    /// A detection alert whose window closed.
    Alert {
        /// The alert.
        alert: Box<cloudward_model::alert::Alert>,
        /// The failing findings of the latest judgement on the resources the alert's events
        /// acted on (empty when none fails, or the alert names no resource).
        posture: Vec<Finding>,
        /// The detect run of the history the alert is recorded in.
        run: Option<i64>,
    },
    /// An event message that was not acted on, and why.
    Ignored(String),
    /// Something failed; the loop goes on (the next scan or event retries).
    Warning(String),
}

/// Why the watch could not start (later failures are [`WatchEvent::Warning`]s).
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The first collection failed (no credentials, no region, ...).
    #[error(transparent)]
    Collect(#[from] cloudward_aws::Error),
}

/// Counters of a finished watch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WatchStats {
    /// Full scans.
    pub scans: u64,
    /// Event-driven re-collections.
    pub partial: u64,
    /// Event messages received.
    pub messages: u64,
    /// Findings reported as worse.
    pub worse: u64,
    /// Detection alerts reported.
    pub alerts: u64,
}

/// A bounded set of recently seen event ids.
#[derive(Default)]
struct Seen {
    order: VecDeque<String>,
    set: HashSet<String>,
}

impl Seen {
    /// Remember `id`; false when it was already remembered.
    fn insert(&mut self, id: &str) -> bool {
        if id.is_empty() {
            return true;
        }
        if !self.set.insert(id.to_owned()) {
            return false;
        }
        self.order.push_back(id.to_owned());
        if self.order.len() > SEEN_EVENTS_CAP {
            if let Some(old) = self.order.pop_front() {
                self.set.remove(&old);
            }
        }
        true
    }
}

/// The watch loop and its state.
pub struct Watch<'s> {
    options: WatchOptions,
    store: Option<&'s mut Store>,
    inventory: Inventory,
    /// Last status per fingerprint; `None` before the first judgement without history.
    known: Option<HashMap<String, Status>>,
    seen: Seen,
    stats: WatchStats,
    judgements: u64,
    /// Detection over the queue's events, when an engine was given.
    detector: Option<cloudward_detect::Detector<'s>>,
    /// The detect run alerts are recorded in (begun with the first alert).
    detect_run: Option<i64>,
    /// Failing findings of the latest judgement: what an alert's resources are looked up in.
    failing: Vec<Finding>,
}

/// The failing findings on the resources `alert` names: a finding's resource id (an ARN or an
/// id) or name equal to one of them, or an ARN ending in `:` / `/` and one of them (an alert
/// names a bucket `b`, the finding `arn:aws:s3:::b`).
pub fn posture_of(alert: &cloudward_model::alert::Alert, failing: &[Finding]) -> Vec<Finding> {
    if alert.resources.is_empty() {
        return Vec::new();
    }
    failing
        .iter()
        .filter(|f| {
            alert.resources.iter().any(|r| {
                f.resource_id == *r
                    || f.resource_name == *r
                    || f.resource_id
                        .strip_suffix(r.as_str())
                        .is_some_and(|head| head.ends_with(':') || head.ends_with('/'))
            })
        })
        .cloned()
        .collect()
}

fn fingerprint_statuses(findings: &[Finding]) -> HashMap<String, Status> {
    findings
        .iter()
        .map(|f| (cloudward_store::fingerprint(f), f.status))
        .collect()
}

/// Replace the part of `inventory` that `fresh` re-collected: the resources of `services`
/// (in `region`, or everywhere for a global collection) and their collection errors. With
/// `buckets`, only those S3 buckets are replaced (the S3 collector read no others).
pub fn merge(
    inventory: &mut Inventory,
    fresh: Inventory,
    services: &BTreeSet<&str>,
    region: Option<&str>,
    buckets: Option<&BTreeSet<String>>,
) {
    use cloudward_model::ResourceKind;
    let in_scope_resource = |r: &cloudward_model::Resource| {
        let kind = r.kind();
        services.contains(kind.service())
            && region.is_none_or(|reg| r.region.as_deref() == Some(reg))
            && match (kind, buckets) {
                (ResourceKind::S3Bucket, Some(names)) => names.contains(&r.name),
                _ => true,
            }
    };
    inventory.resources.retain(|r| !in_scope_resource(r));
    let bucket_subjects: Option<BTreeSet<String>> =
        buckets.map(|names| names.iter().map(|n| format!("bucket {n}")).collect());
    inventory.errors.retain(|e| {
        let in_scope = services.contains(e.service.as_str())
            && region.is_none_or(|reg| e.region.as_deref() == Some(reg));
        match (&bucket_subjects, e.service.as_str()) {
            // Narrowed S3: an error about another bucket still stands.
            (Some(subjects), "s3") if in_scope => {
                !e.subjects.is_empty() && e.subjects.iter().all(|s| !subjects.contains(s))
            }
            _ => !in_scope,
        }
    });
    for r in fresh.resources {
        if in_scope_resource(&r) {
            inventory.resources.push(r);
        }
    }
    for e in fresh.errors {
        if services.contains(e.service.as_str())
            && region.is_none_or(|reg| e.region.as_deref() == Some(reg))
        {
            inventory.errors.push(e);
        }
    }
    if let Some(at) = fresh.collected_at {
        inventory.collected_at = Some(at);
    }
    inventory.normalize();
}

impl<'s> Watch<'s> {
    /// A watch that records every judgement in `store` (when given).
    pub fn new(options: WatchOptions, store: Option<&'s mut Store>) -> Watch<'s> {
        Watch {
            options,
            store,
            inventory: Inventory::new(),
            known: None,
            seen: Seen::default(),
            stats: WatchStats::default(),
            judgements: 0,
            detector: None,
            detect_run: None,
            failing: Vec::new(),
        }
    }

    /// Also runs `engine`'s rules over every event of the queue (see the module docs).
    pub fn with_detection(mut self, engine: &'s cloudward_detect::Engine) -> Self {
        self.detector = Some(cloudward_detect::Detector::new(engine));
        self
    }

    /// Reports the alerts whose windows closed by now, each with the posture of its
    /// resources, and records them in the history.
    fn emit_alerts(&mut self, on: &mut dyn FnMut(WatchEvent)) {
        let Some(detector) = self.detector.as_mut() else {
            return;
        };
        let alerts = detector.drain_closed(Some(Utc::now()));
        if alerts.is_empty() {
            return;
        }
        if let Some(store) = self.store.as_mut() {
            if self.detect_run.is_none() {
                let target = format!(
                    "watch:{}",
                    self.inventory
                        .account_id
                        .as_deref()
                        .unwrap_or("live account")
                );
                let info = RunInfo {
                    kind: RunKind::Detect,
                    target,
                    account: self.inventory.account_id.clone(),
                    regions: self.inventory.regions.clone(),
                    started_at: Utc::now(),
                    finished_at: Utc::now(),
                    tool_version: env!("CARGO_PKG_VERSION").to_string(),
                    catalogue_version: String::new(),
                };
                match store.begin_run(&info) {
                    Ok(run) => self.detect_run = Some(run),
                    Err(e) => on(WatchEvent::Warning(format!(
                        "alerts are not recorded in the history: {e}"
                    ))),
                }
            }
            if let Some(run) = self.detect_run {
                if let Err(e) = store.add_alerts(run, &alerts) {
                    on(WatchEvent::Warning(format!(
                        "{} alert(s) were not recorded in the history: {e}",
                        alerts.len()
                    )));
                }
            }
        }
        for alert in alerts {
            let posture = posture_of(&alert, &self.failing);
            self.stats.alerts += 1;
            on(WatchEvent::Alert {
                alert: Box::new(alert),
                posture,
                run: self.detect_run,
            });
        }
    }

    fn done(&self) -> bool {
        self.options
            .max_judgements
            .is_some_and(|max| self.judgements >= max)
    }

    /// Run until `shutdown` resolves (or `max_judgements`). `on` hears every judgement,
    /// worsening, ignored message and warning as it happens.
    pub async fn run(
        mut self,
        shutdown: impl Future<Output = ()>,
        on: &mut dyn FnMut(WatchEvent),
    ) -> Result<WatchStats, WatchError> {
        tokio::pin!(shutdown);
        // The first scan must work: a watch that cannot collect at all is a usage problem.
        self.full_scan(on, true).await?;
        let queue = match &self.options.queue_url {
            Some(url) => {
                let mut config_options = self.options.collect.clone();
                if let Some(region) = cloudward_aws::events::queue_region(url) {
                    config_options.regions = vec![region];
                }
                let config = cloudward_aws::sdk_config(&config_options).await;
                Some(EventQueue::new(&config, url))
            }
            None => None,
        };
        let mut next_scan = Instant::now() + self.options.every;
        while !self.done() {
            let until_scan = next_scan.saturating_duration_since(Instant::now());
            if until_scan.is_zero() {
                self.full_scan(on, false).await?;
                next_scan = Instant::now() + self.options.every;
                continue;
            }
            let Some(queue) = &queue else {
                tokio::select! {
                    () = &mut shutdown => break,
                    () = tokio::time::sleep(until_scan) => continue,
                }
            };
            // Long-poll no longer than the time left before the next scan.
            let wait = i32::try_from(until_scan.as_secs().min(20)).unwrap_or(20);
            let received = tokio::select! {
                () = &mut shutdown => break,
                r = queue.receive(wait) => r,
            };
            let mut messages = match received {
                Ok(m) => m,
                Err(e) => {
                    on(WatchEvent::Warning(e.to_string()));
                    tokio::select! {
                        () = &mut shutdown => break,
                        () = tokio::time::sleep(Duration::from_secs(5).min(until_scan)) => {}
                    }
                    continue;
                }
            };
            if messages.is_empty() {
                self.emit_alerts(on);
                continue;
            }
            // A burst becomes one batch.
            let window_ends = Instant::now() + self.options.batch_window;
            while messages.len() < MAX_BATCH_MESSAGES && Instant::now() < window_ends {
                match queue.receive(1).await {
                    Ok(more) if more.is_empty() => break,
                    Ok(more) => messages.extend(more),
                    Err(e) => {
                        on(WatchEvent::Warning(e.to_string()));
                        break;
                    }
                }
            }
            self.handle_messages(queue, messages, on).await;
        }
        // Alerts still open when the watch stops are reported now rather than lost.
        if let Some(detector) = self.detector.take() {
            let (open, _) = detector.finish();
            self.detector = None;
            let failing = std::mem::take(&mut self.failing);
            for alert in open {
                let posture = posture_of(&alert, &failing);
                if let (Some(store), Some(run)) = (self.store.as_mut(), self.detect_run) {
                    if let Err(e) = store.add_alerts(run, std::slice::from_ref(&alert)) {
                        on(WatchEvent::Warning(format!(
                            "an alert was not recorded: {e}"
                        )));
                    }
                }
                self.stats.alerts += 1;
                on(WatchEvent::Alert {
                    alert: Box::new(alert),
                    posture,
                    run: self.detect_run,
                });
            }
        }
        if let (Some(store), Some(run)) = (self.store.as_mut(), self.detect_run) {
            if let Err(e) = store.finish_run(run, Utc::now()) {
                on(WatchEvent::Warning(format!(
                    "the end of run {run} was not recorded: {e}"
                )));
            }
        }
        Ok(self.stats)
    }

    async fn handle_messages(
        &mut self,
        queue: &EventQueue,
        messages: Vec<QueuedMessage>,
        on: &mut dyn FnMut(WatchEvent),
    ) {
        self.stats.messages += messages.len() as u64;
        let account = self.inventory.account_id.clone();
        let mut changes = Vec::new();
        for m in &messages {
            match parse_event(&m.body, account.as_deref()) {
                Ok(Parsed::Change(change)) => {
                    if self.seen.insert(&change.event_id) {
                        changes.push(change);
                    } else {
                        on(WatchEvent::Ignored(format!(
                            "message {}: event {} was already handled",
                            m.id, change.event_id
                        )));
                    }
                }
                Ok(Parsed::Ignored(why)) => {
                    on(WatchEvent::Ignored(format!("message {}: {why}", m.id)));
                }
                // A message that will never parse would come back forever: it is reported
                // and deleted (a dead-letter queue on the SQS side keeps it if wanted).
                Err(why) => on(WatchEvent::Warning(format!(
                    "message {} is not a CloudTrail event from EventBridge and is dropped: {why}",
                    m.id
                ))),
            }
        }
        let recollect = Recollect::from_changes(&changes, &self.inventory.regions);
        if !recollect.is_empty() {
            let trigger = Trigger::Events(changes.iter().map(|c| c.describe()).collect());
            if !self.partial(&recollect, trigger, on).await {
                // Left on the queue: the visibility timeout brings them back for a retry.
                return;
            }
        }
        if let Some(detector) = self.detector.as_mut() {
            // Every event, read-only ones included (a burst of GetSecretValue changes nothing
            // to re-collect but is what detection is for). A message delivered twice is read
            // twice only if it was not yet deleted: SQS's at-least-once, as for the posture.
            for m in &messages {
                detector.read(
                    &format!("sqs:{}", m.id),
                    std::io::Cursor::new(m.body.clone().into_bytes()),
                );
            }
        }
        // After the re-judgement, so an alert shows its resources' posture as it is now.
        self.emit_alerts(on);
        for m in &messages {
            if let Some(receipt) = &m.receipt {
                if let Err(e) = queue.delete(receipt).await {
                    on(WatchEvent::Warning(e.to_string()));
                }
            }
        }
    }

    async fn full_scan(
        &mut self,
        on: &mut dyn FnMut(WatchEvent),
        first: bool,
    ) -> Result<(), WatchError> {
        let started = Instant::now();
        let started_at = Utc::now();
        let mut fresh =
            match cloudward_aws::collect(&self.options.collect, Arc::new(NoProgress)).await {
                Ok(inventory) => inventory,
                Err(e) if first => return Err(e.into()),
                Err(e) => {
                    on(WatchEvent::Warning(format!(
                        "the scheduled scan could not collect, the next one retries: {e}"
                    )));
                    return Ok(());
                }
            };
        // Expired suppressions are named once per full scan (a re-collection names only part).
        for warning in self.prepare(&mut fresh) {
            on(WatchEvent::Warning(warning));
        }
        self.inventory = fresh;
        self.stats.scans += 1;
        self.judge(Trigger::Scheduled, None, started, started_at, on);
        Ok(())
    }

    /// Settings and accepted risks on freshly collected resources.
    /// Returns the warnings about expired suppressions.
    fn prepare(&self, fresh: &mut Inventory) -> Vec<String> {
        fresh.settings = self.options.settings.clone();
        cloudward_rules::suppressions::apply(fresh, Utc::now().date_naive())
    }

    /// Re-collect what `recollect` names and judge again; false when nothing could be
    /// collected (the messages are then retried).
    async fn partial(
        &mut self,
        recollect: &Recollect,
        trigger: Trigger,
        on: &mut dyn FnMut(WatchEvent),
    ) -> bool {
        let started = Instant::now();
        let started_at = Utc::now();
        // One collection per region (regional services) plus one for the global ones.
        let mut groups: BTreeMap<Option<String>, BTreeSet<&'static str>> = BTreeMap::new();
        for (service, region) in &recollect.targets {
            groups.entry(region.clone()).or_default().insert(service);
        }
        let jobs = groups.iter().map(|(region, services)| {
            let mut options = self.options.collect.clone();
            options.services = Some(services.iter().map(|s| s.to_string()).collect());
            options.regions = match region {
                Some(r) => vec![r.clone()],
                None => self.inventory.regions.clone(),
            };
            options.buckets = if services.contains("s3") {
                recollect
                    .buckets
                    .as_ref()
                    .map(|b| b.iter().cloned().collect())
            } else {
                None
            };
            async move {
                (
                    region.clone(),
                    services.clone(),
                    cloudward_aws::collect(&options, Arc::new(NoProgress)).await,
                )
            }
        });
        let results = futures_util::future::join_all(jobs).await;
        let mut any = false;
        let mut names = BTreeSet::new();
        for (region, services, result) in results {
            match result {
                Ok(mut fresh) => {
                    let _ = self.prepare(&mut fresh);
                    let buckets = services
                        .contains("s3")
                        .then_some(recollect.buckets.as_ref())
                        .flatten();
                    merge(
                        &mut self.inventory,
                        fresh,
                        &services,
                        region.as_deref(),
                        buckets,
                    );
                    names.extend(services.iter().map(|s| s.to_string()));
                    any = true;
                }
                Err(e) => on(WatchEvent::Warning(format!(
                    "re-collecting {} failed: {e}",
                    services.iter().copied().collect::<Vec<_>>().join(", ")
                ))),
            }
        }
        if any {
            self.stats.partial += 1;
            self.judge(
                trigger,
                Some(names.into_iter().collect()),
                started,
                started_at,
                on,
            );
        }
        any
    }

    /// Judge the inventory, compare with what was known, record and report.
    fn judge(
        &mut self,
        trigger: Trigger,
        services: Option<Vec<String>>,
        started: Instant,
        started_at: chrono::DateTime<Utc>,
        on: &mut dyn FnMut(WatchEvent),
    ) {
        let rules: Vec<&dyn Rule> = self
            .options
            .rules
            .iter()
            .map(|r| &**r as &dyn Rule)
            .collect();
        let findings = cloudward_rules::engine::evaluate(&self.inventory, &rules);
        let target = self
            .inventory
            .account_id
            .clone()
            .unwrap_or_else(|| "live account".to_string());
        if self.known.is_none() {
            // What the store last knew of this account, if anything (a restarted watch).
            self.known = self.store.as_mut().and_then(|store| {
                let previous = store.previous_run(&target, None).ok().flatten()?;
                let results = store.results(previous.id).ok()?;
                Some(
                    results
                        .into_iter()
                        .filter_map(|r| Some((r.fingerprint, Status::from_name(&r.status)?)))
                        .collect(),
                )
            });
        }
        let now = fingerprint_statuses(&findings);
        let mut worse = Vec::new();
        let mut fixed = 0;
        if let Some(known) = &self.known {
            for f in &findings {
                let before = known.get(&cloudward_store::fingerprint(f)).copied();
                match (before, f.status) {
                    (Some(Status::Fail), Status::Fail) => {}
                    (None, Status::Fail) => worse.push(Worse {
                        how: Worsening::NewFailure,
                        finding: f.clone(),
                        before,
                    }),
                    (Some(_), Status::Fail) => worse.push(Worse {
                        how: Worsening::Regressed,
                        finding: f.clone(),
                        before,
                    }),
                    (Some(Status::Fail), Status::Pass) => fixed += 1,
                    _ => {}
                }
            }
        }
        let run = self.store.as_mut().and_then(|store| {
            let ids: Vec<&str> = rules.iter().map(|r| r.meta().id).collect();
            let info = RunInfo {
                kind: RunKind::Scan,
                target: target.clone(),
                account: self.inventory.account_id.clone(),
                regions: self.inventory.regions.clone(),
                started_at,
                finished_at: Utc::now(),
                tool_version: env!("CARGO_PKG_VERSION").to_string(),
                catalogue_version: cloudward_store::catalogue_version(&ids),
            };
            match store.record(&info, &findings, &self.inventory.errors) {
                Ok(id) => Some(id),
                Err(e) => {
                    on(WatchEvent::Warning(format!(
                        "the judgement was not recorded in the history: {e}"
                    )));
                    None
                }
            }
        });
        self.known = Some(now);
        self.failing = findings
            .iter()
            .filter(|f| f.status == Status::Fail)
            .cloned()
            .collect();
        self.judgements += 1;
        on(WatchEvent::Judged {
            trigger: trigger.clone(),
            services,
            run,
            failing: findings.iter().filter(|f| f.status == Status::Fail).count(),
            unknown: findings
                .iter()
                .filter(|f| f.status == Status::Unknown)
                .count(),
            fixed,
            took: started.elapsed(),
        });
        if !worse.is_empty() {
            self.stats.worse += worse.len() as u64;
            on(WatchEvent::Worse {
                trigger,
                findings: worse,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudward_model::test_support::*;
    use cloudward_model::{Attributes, CollectionError, ErrorKind};

    #[test]
    fn seen_events_are_bounded_and_forget_the_oldest() {
        let mut seen = Seen::default();
        assert!(seen.insert("a"));
        assert!(!seen.insert("a"));
        for i in 0..SEEN_EVENTS_CAP {
            assert!(seen.insert(&i.to_string()));
        }
        assert_eq!(seen.order.len(), SEEN_EVENTS_CAP);
        assert!(seen.insert("a"), "the oldest id was forgotten");
    }

    fn sg(name: &str, region: &str) -> cloudward_model::Resource {
        let mut r = resource(
            name,
            Attributes::Ec2SecurityGroup(cloudward_model::ec2::SecurityGroup::default()),
        );
        r.region = Some(region.to_string());
        r.id = format!("{region}/{name}");
        r
    }

    fn bucket(name: &str) -> cloudward_model::Resource {
        global(
            name,
            Attributes::S3Bucket(cloudward_model::s3::Bucket::default()),
        )
    }

    fn error(service: &str, region: Option<&str>, subject: &str) -> CollectionError {
        CollectionError {
            account: None,
            service: service.into(),
            region: region.map(str::to_string),
            api: "Api".into(),
            kind: ErrorKind::AccessDenied,
            message: "denied".into(),
            detail: None,
            subjects: vec![subject.to_string()],
            not_called: 0,
            kinds: vec![],
        }
    }

    fn inventory(
        resources: Vec<cloudward_model::Resource>,
        errors: Vec<CollectionError>,
    ) -> Inventory {
        let mut inv = Inventory::new();
        inv.resources = resources;
        inv.errors = errors;
        inv.normalize();
        inv
    }

    fn ids(inv: &Inventory) -> Vec<String> {
        let mut ids: Vec<String> = inv.resources.iter().map(|r| r.id.clone()).collect();
        ids.sort();
        ids
    }

    #[test]
    fn merge_replaces_only_the_re_collected_region_of_a_service() {
        let mut inv = inventory(
            vec![
                sg("old", "eu-west-1"),
                sg("other", "us-east-1"),
                bucket("b"),
            ],
            vec![
                error("ec2", Some("eu-west-1"), "x"),
                error("ec2", Some("us-east-1"), "y"),
            ],
        );
        let fresh = inventory(vec![sg("new", "eu-west-1"), bucket("ignored")], vec![]);
        merge(
            &mut inv,
            fresh,
            &BTreeSet::from(["ec2"]),
            Some("eu-west-1"),
            None,
        );
        assert_eq!(
            ids(&inv),
            [
                "arn:aws:test::123456789012:b",
                "eu-west-1/new",
                "us-east-1/other"
            ],
            "the deleted group is gone, the other region and S3 untouched"
        );
        assert_eq!(
            inv.errors.len(),
            1,
            "the re-collected region's error is replaced"
        );
        assert_eq!(inv.errors[0].region.as_deref(), Some("us-east-1"));
    }

    #[test]
    fn an_alert_shows_the_failing_findings_of_the_resources_it_names() {
        let on = |id: &str, name: &str| Finding {
            resource_id: id.into(),
            resource_name: name.into(),
            ..finding(cloudward_model::Severity::High, Status::Fail)
        };
        let failing = vec![
            on("arn:aws:s3:::b1", "b1"),
            on(
                "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0abc",
                "web",
            ),
            on("arn:aws:s3:::b10", "b10"),
        ];
        let alert = |resources: &[&str]| cloudward_model::alert::Alert {
            resources: resources.iter().map(|r| r.to_string()).collect(),
            ..serde_json::from_value(serde_json::json!({
                "rule": {"id": "r", "title": "t", "origin": "builtin", "correlation": false,
                         "references": [], "tags": [], "falsepositives": []},
                "severity": "high", "log": "cloudtrail", "response": "",
                "window_start": "2026-11-01T10:00:00Z", "window_end": "2026-11-01T11:00:00Z",
                "count": 1, "first_time": "2026-11-01T10:00:00Z",
                "last_time": "2026-11-01T10:00:00Z", "first_event_id": "e",
                "last_event_id": "e", "first_location": "x:1"
            }))
            .expect("an alert")
        };
        let ids = |found: Vec<Finding>| -> Vec<String> {
            found.into_iter().map(|f| f.resource_id).collect()
        };
        assert_eq!(
            ids(posture_of(&alert(&["b1"]), &failing)),
            ["arn:aws:s3:::b1"]
        );
        assert_eq!(
            ids(posture_of(&alert(&["sg-0abc"]), &failing)),
            ["arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0abc"]
        );
        assert!(
            posture_of(&alert(&["b"]), &failing).is_empty(),
            "no partial names"
        );
        assert!(posture_of(&alert(&[]), &failing).is_empty());
    }

    #[test]
    fn merge_of_named_buckets_keeps_the_others_and_their_errors() {
        let mut inv = inventory(
            vec![bucket("a"), bucket("b")],
            vec![error("s3", None, "bucket a"), error("s3", None, "bucket b")],
        );
        let mut changed = bucket("b");
        changed.tags.insert("k".into(), "v".into());
        let fresh = inventory(vec![changed], vec![]);
        merge(
            &mut inv,
            fresh,
            &BTreeSet::from(["s3"]),
            None,
            Some(&BTreeSet::from(["b".to_string()])),
        );
        assert_eq!(inv.resources.len(), 2);
        let b = inv.resources.iter().find(|r| r.name == "b").expect("b");
        assert_eq!(b.tags.get("k").map(String::as_str), Some("v"));
        assert_eq!(inv.errors.len(), 1);
        assert_eq!(inv.errors[0].subjects, ["bucket a"]);
    }
}
