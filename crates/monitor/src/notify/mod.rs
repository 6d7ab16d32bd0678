//! Notifications: tell people when a finding turns worse or a detection fires, through the
//! sinks of `cloudward.toml` (Slack, a signed generic webhook, Microsoft Teams, SNS).
//!
//! The flow: a run is recorded in the store; [`changes_in_run`] compares it with the previous
//! run of the same target and yields a [`Notification`] per new or regressed failure (alerts
//! come from [`Notification::from_alert`]); [`Notifier::send`] filters them per sink
//! (severity, events), drops those already sent ([`Ledger`], the store's `notified` table),
//! folds what exceeds the sink's rate into one digest, and delivers with retries under one
//! overall deadline. It never fails: what could not be sent is in the [`SendReport`], which
//! the caller prints as warnings naming the sink (never its URL).

mod config;
mod deliver;
mod render;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use cloudward_model::alert::Alert;
use cloudward_model::{Finding, Severity};
use cloudward_store::{Diff, NotifiedKey, Store, StoreError};

pub use config::{
    EventKind, FieldError, SecretSource, SinkConfig, SinkKind, MAX_SECRET_BYTES, MAX_SINKS,
};
pub use deliver::{
    signature, Notifier, NotifyError, NotifyOptions, SIGNATURE_HEADER, TIMESTAMP_HEADER,
};
pub use render::{slack_body, teams_body, webhook_body, Message, WEBHOOK_SCHEMA_VERSION};

/// What happened to make a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    /// A failure the previous run of the target did not judge.
    New,
    /// A failure the previous run judged otherwise (pass, unknown, suppressed, ...).
    Regressed,
    /// A detection alert.
    Alert,
    /// `cloudward respond` blocked or unblocked addresses (one summary per run).
    Blocked,
}

impl Change {
    /// `new`, `regressed`, `alert` or `blocked`: the value in webhook bodies and the dedupe
    /// ledger.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Regressed => "regressed",
            Change::Alert => "alert",
            Change::Blocked => "blocked",
        }
    }

    /// How people read it: `New failure`, `Regressed`, `Detection alert`.
    pub fn label(self) -> &'static str {
        match self {
            Change::New => "New failure",
            Change::Regressed => "Regressed",
            Change::Alert => "Detection alert",
            Change::Blocked => "Addresses blocked",
        }
    }

    /// The sink setting (`events`) that selects it.
    pub fn event(self) -> EventKind {
        match self {
            Change::New => EventKind::New,
            Change::Regressed => EventKind::Regressed,
            Change::Alert => EventKind::Alerts,
            Change::Blocked => EventKind::Blocks,
        }
    }
}

/// One thing to tell people, independent of the sink it goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// What happened.
    pub change: Change,
    /// The rule's severity.
    pub severity: Severity,
    /// Rule id.
    pub rule_id: String,
    /// Rule title.
    pub title: String,
    /// The resource (ARN, Terraform address) or, for an alert, the actor.
    pub resource: String,
    /// The account, when known.
    pub account: Option<String>,
    /// The region, when regional.
    pub region: Option<String>,
    /// The evidence (or what the alert saw).
    pub message: String,
    /// How to fix it (or, for an alert, what to do first).
    pub remediation: Option<String>,
    /// The run that saw it, when recorded.
    pub run: Option<i64>,
    /// Its identity for deduplication: the store's fingerprint of a finding, or an alert's
    /// rule, log, actor and window.
    pub fingerprint: String,
}

impl Notification {
    /// A notification about finding `f`.
    pub fn from_finding(change: Change, f: &Finding, run: Option<i64>) -> Notification {
        Notification {
            change,
            severity: f.severity,
            rule_id: f.rule_id.to_string(),
            title: f.title.to_string(),
            resource: f.resource_id.clone(),
            account: f.account.clone(),
            region: f.region.clone(),
            message: f.message.to_string(),
            remediation: remediation(&f.rule_id),
            run,
            fingerprint: cloudward_store::fingerprint(f),
        }
    }

    /// A notification about detection alert `a`.
    pub fn from_alert(a: &Alert, run: Option<i64>) -> Notification {
        let mut message = format!(
            "{} matching event(s) from {} to {}",
            a.count,
            a.first_time.to_rfc3339(),
            a.last_time.to_rfc3339()
        );
        if !a.event_names.is_empty() {
            message.push_str(&format!("; events: {}", capped_join(&a.event_names)));
        }
        if !a.source_ips.is_empty() {
            message.push_str(&format!("; from: {}", capped_join(&a.source_ips)));
        }
        message.push_str(&format!("; first event {}", a.first_location));
        Notification {
            change: Change::Alert,
            severity: a.severity,
            rule_id: a.rule.id.clone(),
            title: a.rule.title.clone(),
            resource: a.actor.clone().unwrap_or_else(|| "(no actor)".into()),
            account: a.accounts.first().cloned(),
            region: a.regions.first().cloned(),
            message,
            remediation: Some(a.response.clone()).filter(|r| !r.trim().is_empty()),
            run,
            fingerprint: format!(
                "alert|{}|{}|{}|{}",
                a.rule.id,
                a.log,
                a.actor.as_deref().unwrap_or(""),
                a.window_start.to_rfc3339()
            ),
        }
    }

    /// The one notification of a `cloudward respond` run that changed a target: what was
    /// blocked and unblocked where. `severity` is the worst alert behind the changes, so a
    /// sink's `min_severity` filters block summaries as it filters alerts.
    pub fn from_blocks(
        target: &str,
        added: &[String],
        removed: &[String],
        severity: Severity,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Notification {
        let mut message = format!(
            "{} address(es) blocked, {} unblocked (expired)",
            added.len(),
            removed.len()
        );
        if !added.is_empty() {
            message.push_str(&format!("; blocked: {}", capped_join(added)));
        }
        if !removed.is_empty() {
            message.push_str(&format!("; unblocked: {}", capped_join(removed)));
        }
        Notification {
            change: Change::Blocked,
            severity,
            rule_id: "cloudward-respond".into(),
            title: format!(
                "cloudward respond: {} blocked, {} unblocked",
                added.len(),
                removed.len()
            ),
            resource: target.to_string(),
            account: None,
            region: None,
            message,
            remediation: Some(
                "To unblock an address before its time: cloudward respond --allow ADDRESS --apply (an allow-listed address is removed at once)".into(),
            ),
            run: None,
            fingerprint: format!("blocks|{target}|{}", at.to_rfc3339()),
        }
    }

    /// The sample that `cloudward notify test` sends, so a setup can be checked end to end.
    pub fn sample() -> Notification {
        Notification {
            change: Change::New,
            severity: Severity::Critical,
            rule_id: "cloudward-notification-test".into(),
            title: "cloudward test notification: this sink is set up".into(),
            resource: "arn:aws:s3:::example-bucket".into(),
            account: Some("123456789012".into()),
            region: Some("eu-west-1".into()),
            message: "This is a test sent by `cloudward notify test`; nothing is wrong.".into(),
            remediation: Some("Nothing to fix.".into()),
            run: None,
            fingerprint: format!("test|{}", chrono::Utc::now().to_rfc3339()),
        }
    }

    fn key(&self, sink: &str) -> NotifiedKey {
        NotifiedKey {
            fingerprint: self.fingerprint.clone(),
            change: self.change.as_str().to_string(),
            sink: sink.to_string(),
        }
    }
}

/// At most this many values of a list go into an alert's message.
const MAX_LISTED: usize = 5;

fn capped_join(values: &[String]) -> String {
    let mut text = values
        .iter()
        .take(MAX_LISTED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if values.len() > MAX_LISTED {
        text.push_str(&format!(" (+{} more)", values.len() - MAX_LISTED));
    }
    text
}

/// A rule's fix: its console steps and its AWS CLI command.
fn remediation(rule_id: &str) -> Option<String> {
    let rule = cloudward_rules::find(rule_id)?;
    let fix = &rule.meta().remediation;
    let mut text = fix.console.trim().to_string();
    if !fix.cli.trim().is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str("CLI: ");
        text.push_str(fix.cli.trim());
    }
    Some(text).filter(|t| !t.is_empty())
}

/// What a recorded run changed against the previous run of its target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunChanges {
    /// The previous run compared with.
    pub previous: i64,
    /// New and regressed failures, most severe first.
    pub notifications: Vec<Notification>,
    /// Fingerprints fixed since: their dedupe rows were forgotten, so turning worse again is
    /// notified again.
    pub resolved: usize,
}

/// Compare run `run` (of `target`, already recorded, holding `findings`) with the previous
/// run of the same target. `None` when there is none: the first run is the baseline and
/// nothing in it is "new" (a team adopting cloudward on an old account is not told about
/// 500 old findings at once).
pub fn changes_in_run(
    store: &mut Store,
    target: &str,
    run: i64,
    findings: &[Finding],
) -> Result<Option<RunChanges>, StoreError> {
    let Some(previous) = store.previous_run(target, Some(run))? else {
        return Ok(None);
    };
    let before = store.results(previous.id)?;
    let after = store.results(run)?;
    let diff = Diff::between(&before, &after);
    // Only a fix resets a fingerprint's dedupe rows. A fingerprint merely not judged (a run
    // of fewer services, a watch re-judging a few resources) comes back as "new" in the next
    // full run: the ledger is what keeps that from being sent twice.
    let resolved: Vec<String> = diff.fixed.iter().map(|r| r.fingerprint.clone()).collect();
    store.forget_notified(&resolved)?;
    Ok(Some(RunChanges {
        previous: previous.id,
        notifications: from_diff(&diff, findings, Some(run)),
        resolved: resolved.len(),
    }))
}

/// The notifications of a diff: its new failures and regressions, with their details taken
/// from `findings` (the later run's), most severe first.
pub fn from_diff(diff: &Diff, findings: &[Finding], run: Option<i64>) -> Vec<Notification> {
    let by_fingerprint: HashMap<String, &Finding> = findings
        .iter()
        .map(|f| (cloudward_store::fingerprint(f), f))
        .collect();
    let mut out = Vec::new();
    for (change, results) in [
        (Change::New, &diff.new_failures),
        (Change::Regressed, &diff.regressed),
    ] {
        for r in results {
            match by_fingerprint.get(&r.fingerprint) {
                Some(f) => out.push(Notification::from_finding(change, f, run)),
                // Recorded but not in memory (a caller passing a subset): what the store has.
                None => out.push(Notification {
                    change,
                    severity: r.severity.parse().unwrap_or(Severity::High),
                    rule_id: r.rule_id.clone(),
                    title: r.rule_id.clone(),
                    resource: r.resource_id.clone(),
                    account: None,
                    region: None,
                    message: r.message.clone(),
                    remediation: remediation(&r.rule_id),
                    run,
                    fingerprint: r.fingerprint.clone(),
                }),
            }
        }
    }
    sort(&mut out);
    out
}

/// Most severe first, then rule, resource and change: a digest lists the worst first and the
/// order is the same from run to run.
pub(crate) fn sort(items: &mut [Notification]) {
    items.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.rule_id.cmp(&b.rule_id))
            .then_with(|| a.resource.cmp(&b.resource))
            .then_with(|| a.change.as_str().cmp(b.change.as_str()))
    });
}

/// Remembers which notifications were delivered, so none is sent twice.
pub trait Ledger {
    /// Whether `key` was delivered already.
    fn seen(&mut self, key: &NotifiedKey) -> bool;
    /// Remember `keys` as delivered.
    fn remember(&mut self, keys: &[NotifiedKey]);
}

/// The run history as the ledger (table `notified`). A store that cannot be read counts as
/// "not sent" (a duplicate is better than a lost alert), with a warning.
impl Ledger for Store {
    fn seen(&mut self, key: &NotifiedKey) -> bool {
        self.was_notified(key).unwrap_or_else(|e| {
            tracing::warn!("notifications: the dedupe ledger could not be read: {e}");
            false
        })
    }

    fn remember(&mut self, keys: &[NotifiedKey]) {
        if let Err(e) = self.mark_notified(keys, chrono::Utc::now()) {
            tracing::warn!("notifications: the dedupe ledger could not be written: {e}");
        }
    }
}

/// A ledger in memory: for `--no-store` runs and tests.
#[derive(Debug, Default)]
pub struct MemoryLedger(HashSet<NotifiedKey>);

impl Ledger for MemoryLedger {
    fn seen(&mut self, key: &NotifiedKey) -> bool {
        self.0.contains(key)
    }

    fn remember(&mut self, keys: &[NotifiedKey]) {
        self.0.extend(keys.iter().cloned());
    }
}

/// What one sink did with a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SinkReport {
    /// The sink's name.
    pub sink: String,
    /// Notifications delivered (alone or in a digest).
    pub delivered: usize,
    /// Messages delivered (a digest is one).
    pub messages: usize,
    /// Notifications folded into a digest because of the rate limit.
    pub digested: usize,
    /// Notifications skipped because they were sent before.
    pub duplicates: usize,
    /// Notifications not sent because the sink's rate for this minute was used up.
    pub rate_limited: usize,
    /// Notifications whose delivery failed.
    pub failed: usize,
    /// Why, one line per failed message; never holds the sink's URL or secret.
    pub errors: Vec<String>,
    /// Requests made, retries included.
    pub attempts: u32,
}

/// What a [`Notifier::send`] did, per sink.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SendReport {
    /// One per configured sink, in configuration order.
    pub sinks: Vec<SinkReport>,
    /// Whether the overall deadline cut delivery short.
    pub deadline_reached: bool,
}

impl SendReport {
    /// One warning per sink that failed or dropped something, naming the sink, for stderr.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.sinks {
            if s.failed > 0 {
                out.push(format!(
                    "notification sink {:?}: {} notification(s) not delivered: {}",
                    s.sink,
                    s.failed,
                    s.errors.join("; ")
                ));
            }
            if s.rate_limited > 0 {
                out.push(format!(
                    "notification sink {:?}: {} notification(s) not sent: its rate \
                     (max_per_minute) is used up",
                    s.sink, s.rate_limited
                ));
            }
        }
        out
    }

    /// Total notifications delivered over all sinks.
    pub fn delivered(&self) -> usize {
        self.sinks.iter().map(|s| s.delivered).sum()
    }
}

/// The default overall deadline of one [`Notifier::send`].
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(30);

#[cfg(test)]
mod tests {
    use super::*;
    use cloudward_model::Status;
    use cloudward_store::StoredResult;

    fn stored(f: &Finding) -> StoredResult {
        StoredResult {
            fingerprint: cloudward_store::fingerprint(f),
            rule_id: f.rule_id.to_string(),
            resource_id: f.resource_id.clone(),
            status: f.status.as_str().into(),
            severity: f.severity.as_str().into(),
            message: f.message.to_string(),
            first_seen: 1,
        }
    }

    #[test]
    fn a_diff_yields_new_and_regressed_most_severe_first() {
        let mut low = cloudward_model::test_support::finding(Severity::Low, Status::Fail);
        low.resource_id = "low".into();
        let mut crit = cloudward_model::test_support::finding(Severity::Critical, Status::Fail);
        crit.resource_id = "crit".into();
        let mut was_pass = crit.clone();
        was_pass.status = Status::Pass;
        let diff = Diff::between(&[stored(&was_pass)], &[stored(&low), stored(&crit)]);
        let out = from_diff(&diff, &[low.clone(), crit.clone()], Some(7));
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].resource, "crit");
        assert_eq!(out[0].change, Change::Regressed);
        assert_eq!(out[1].change, Change::New);
        assert_eq!(out[1].run, Some(7));
        assert_eq!(out[1].fingerprint, cloudward_store::fingerprint(&low));
    }

    #[test]
    fn a_block_summary_names_the_target_and_the_addresses() {
        let at = chrono::Utc::now();
        let n = Notification::from_blocks(
            "network ACL acl-1 (eu-west-1), inbound rules 50-69",
            &["45.33.32.1/32".into()],
            &["45.33.32.2/32".into(), "45.33.32.3/32".into()],
            Severity::Critical,
            at,
        );
        assert_eq!(n.change, Change::Blocked);
        assert_eq!(n.change.event(), EventKind::Blocks);
        assert_eq!(n.title, "cloudward respond: 1 blocked, 2 unblocked");
        assert!(
            n.message.contains("blocked: 45.33.32.1/32"),
            "{}",
            n.message
        );
        assert!(
            n.message
                .contains("unblocked: 45.33.32.2/32, 45.33.32.3/32"),
            "{}",
            n.message
        );
        assert!(n.resource.contains("acl-1"));
    }

    #[test]
    fn the_memory_ledger_remembers() {
        let n = Notification::sample();
        let mut ledger = MemoryLedger::default();
        assert!(!ledger.seen(&n.key("a")));
        ledger.remember(&[n.key("a")]);
        assert!(ledger.seen(&n.key("a")));
        assert!(!ledger.seen(&n.key("b")), "per sink");
    }

    #[test]
    fn warnings_name_the_sink() {
        let report = SendReport {
            sinks: vec![SinkReport {
                sink: "ops".into(),
                failed: 2,
                errors: vec!["HTTP 500".into()],
                ..Default::default()
            }],
            deadline_reached: false,
        };
        let w = report.warnings();
        assert_eq!(w.len(), 1);
        assert!(
            w[0].contains("\"ops\"") && w[0].contains("HTTP 500"),
            "{w:?}"
        );
    }
}
