//! Blocking offending addresses (`cloudward respond`, `cloudward detect --respond`): the
//! public source addresses of alerts at or above a severity go into a WAFv2 IP set or into
//! network ACL deny entries, each for a time (the TTL), recorded in the store.
//!
//! The flow is the Security Hub import's: [`plan`] reads the targets (`ListIPSets` +
//! `GetIPSet`, `DescribeNetworkAcls`: read-only) and the store's records and works out, per
//! target, what to add, keep, refresh and remove ([`plan::plan_target`], a pure function);
//! a dry run stops there and prints it. [`apply`] makes the changes and records each one that
//! was made. What is refused (private, allow-listed, other family) and what did not fit is in
//! the plan with the reason.

pub mod allow;
pub mod nacl;
pub mod plan;
pub mod target;
pub mod waf;

use chrono::{DateTime, Utc};
use cloudward_aws::SdkConfig;
use cloudward_model::Severity;
use cloudward_store::{BlockChange, BlockRecord, Store};
use serde::Serialize;

use allow::AllowList;
use plan::{Offenders, PlanInput, PlannedEntry, TargetPlan};
use target::{RuleRange, Target, WafScope};

/// Why blocking could not be planned or applied.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BlockError {
    /// The IP set or network ACL does not exist (or is not visible with these credentials).
    #[error("{0}")]
    NotFound(String),
    /// An AWS call failed.
    #[error("{target}: {call}: {message}")]
    Aws {
        /// The target.
        target: String,
        /// The API.
        call: &'static str,
        /// The SDK's error with its context.
        message: String,
    },
    /// The store could not be read or written.
    #[error(transparent)]
    Store(#[from] cloudward_store::StoreError),
}

/// A target as the command line names it, before it is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetSpec {
    /// A WAF IP set, by name or id.
    Waf {
        /// Name or id.
        name_or_id: String,
        /// Scope.
        scope: WafScope,
        /// Region (`us-east-1` for CLOUDFRONT).
        region: String,
    },
    /// A network ACL.
    Nacl {
        /// `acl-...`.
        id: String,
        /// Region.
        region: String,
        /// The reserved rule numbers.
        rules: RuleRange,
        /// The ACL's quota of inbound rules.
        quota: usize,
    },
}

impl TargetSpec {
    /// The default of `--max-entries`: the range's size for a NACL, WAF's limit for an IP set.
    pub fn default_max_entries(&self) -> usize {
        match self {
            TargetSpec::Waf { .. } => waf::WAF_MAX_ADDRESSES,
            TargetSpec::Nacl { rules, .. } => rules.len(),
        }
    }
}

/// How to plan.
#[derive(Clone, Copy, Debug)]
pub struct PlanOptions {
    /// The time of the run (injected in tests: expiry is a function of it).
    pub now: DateTime<Utc>,
    /// How long an entry stays.
    pub ttl: chrono::Duration,
    /// At most this many of cloudward's entries per target (`None`: the target's default).
    pub max_entries: Option<usize>,
}

/// What a `respond` run will do, on every target.
#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    /// The time of the run.
    pub now: DateTime<Utc>,
    /// The TTL, in seconds.
    pub ttl_seconds: i64,
    /// The offenders and what was refused before any target was read.
    pub offenders: Offenders,
    /// One per target.
    pub targets: Vec<TargetPlan>,
    /// What the reader must know (AWS ranges not known, truncated alerts).
    pub notes: Vec<String>,
}

/// Read each target and the store's records, and plan. Changes nothing.
pub async fn plan(
    config: &SdkConfig,
    specs: &[TargetSpec],
    store: &mut Store,
    offenders: Offenders,
    allow: &AllowList,
    options: PlanOptions,
) -> Result<Plan, BlockError> {
    let mut targets = Vec::with_capacity(specs.len());
    for spec in specs {
        let (target, current, read) = match spec {
            TargetSpec::Waf {
                name_or_id,
                scope,
                region,
            } => {
                let client = cloudward_aws::wafv2_client(config, region);
                let (target, current, read) =
                    waf::read(&client, name_or_id, *scope, region).await?;
                (target, current, Some(read))
            }
            TargetSpec::Nacl {
                id,
                region,
                rules,
                quota,
            } => {
                let client = cloudward_aws::ec2_client_in(config, region);
                let (target, current) = nacl::read(&client, id, region, *rules, *quota).await?;
                (target, current, None)
            }
        };
        let records = store.active_blocks(&target.key())?;
        let mut p = plan::plan_target(&PlanInput {
            target: &target,
            current: &current,
            records: &records,
            offenders: &offenders.offenders,
            allow,
            now: options.now,
            ttl: options.ttl,
            max_entries: options
                .max_entries
                .unwrap_or_else(|| spec.default_max_entries()),
        });
        p.waf_read = read;
        targets.push(p);
    }
    Ok(assemble(offenders, targets, allow, options))
}

/// The run's plan from its target plans, with the notes a reader needs.
pub fn assemble(
    offenders: Offenders,
    targets: Vec<TargetPlan>,
    allow: &AllowList,
    options: PlanOptions,
) -> Plan {
    let mut notes = Vec::new();
    if !allow.aws_ranges_known {
        notes.push(
            "AWS service ranges are not known (no [respond] aws_ip_ranges file): an AWS address \
             (a NAT gateway, Lambda, CloudFront) is not recognised and may be blocked"
                .to_string(),
        );
    }
    if offenders.truncated_alerts > 0 {
        notes.push(format!(
            "{} alert(s) had more source values than an alert keeps: some offenders may be missing",
            offenders.truncated_alerts
        ));
    }
    Plan {
        now: options.now,
        ttl_seconds: options.ttl.num_seconds(),
        offenders,
        targets,
        notes,
    }
}

fn line(out: &mut String, action: &str, e: &PlannedEntry, detail: &str) {
    let number = e
        .rule_number
        .map(|n| format!(" rule {n}"))
        .unwrap_or_default();
    out.push_str(&format!(
        "  {action:<8} {}{number}  {} {}  {detail}\n",
        e.address, e.severity, e.rule_id
    ));
}

impl Plan {
    /// Whether applying would change anything.
    pub fn changes_anything(&self) -> bool {
        self.targets.iter().any(TargetPlan::changes_anything)
    }

    /// For people: per target the counts and one line per entry and refusal.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for t in &self.targets {
            out.push_str(&format!(
                "{}: add {}, keep {}, refresh {}, remove {} ({} entries now, {} not cloudward's)\n",
                t.target.describe(),
                t.add.len(),
                t.keep.len(),
                t.refresh.len(),
                t.remove.len(),
                t.entries_now,
                t.others,
            ));
            for e in &t.add {
                line(
                    &mut out,
                    "add",
                    e,
                    &format!("expires {}", e.expires_at.to_rfc3339()),
                );
            }
            for e in &t.refresh {
                line(
                    &mut out,
                    "refresh",
                    e,
                    &format!("offended again; expires {}", e.expires_at.to_rfc3339()),
                );
            }
            for e in &t.keep {
                line(
                    &mut out,
                    "keep",
                    e,
                    &format!("expires {}", e.expires_at.to_rfc3339()),
                );
            }
            for e in &t.remove {
                line(&mut out, "remove", e, e.why.as_deref().unwrap_or(""));
            }
            for e in &t.forget {
                line(&mut out, "forget", e, e.why.as_deref().unwrap_or(""));
            }
            for e in &t.capacity {
                line(&mut out, "skip", e, "not blocked: capacity");
            }
            for r in &t.refused {
                out.push_str(&format!(
                    "  refused  {}  {}\n",
                    r.value,
                    r.reason.describe()
                ));
            }
        }
        for r in &self.offenders.refused {
            out.push_str(&format!("refused  {}  {}\n", r.value, r.reason.describe()));
        }
        if self.offenders.offenders.is_empty() {
            out.push_str("no offending public address in the alerts considered\n");
        }
        for n in &self.notes {
            out.push_str(&format!("note: {n}\n"));
        }
        out
    }
}

/// What was done on one target.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TargetOutcome {
    /// The target, as people read it.
    pub target: String,
    /// Its store key.
    pub key: String,
    /// Entries added.
    pub added: Vec<PlannedEntry>,
    /// Entries removed.
    pub removed: Vec<PlannedEntry>,
    /// Entries given a later expiry.
    pub refreshed: usize,
    /// Records closed because their entry was gone.
    pub forgotten: usize,
    /// `UpdateIPSet` resends after a lock conflict.
    pub lock_retries: u32,
    /// What was not done: (address, why).
    pub failed: Vec<(String, String)>,
    /// The store could not record what was done.
    pub store_error: Option<String>,
}

/// What [`apply`] did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ApplySummary {
    /// One per target.
    pub targets: Vec<TargetOutcome>,
}

impl ApplySummary {
    /// Whether everything planned was done and recorded.
    pub fn is_complete(&self) -> bool {
        self.targets
            .iter()
            .all(|t| t.failed.is_empty() && t.store_error.is_none())
    }

    /// Entries added over all targets.
    pub fn added(&self) -> usize {
        self.targets.iter().map(|t| t.added.len()).sum()
    }

    /// Entries removed over all targets.
    pub fn removed(&self) -> usize {
        self.targets.iter().map(|t| t.removed.len()).sum()
    }

    /// One line per target, then one per failure.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for t in &self.targets {
            let retries = match t.lock_retries {
                0 => String::new(),
                n => format!(
                    ", {n} retr{} after the IP set changed under us",
                    if n == 1 { "y" } else { "ies" }
                ),
            };
            out.push_str(&format!(
                "{}: added {}, removed {}, refreshed {}, records closed {}, failed {}{retries}\n",
                t.target,
                t.added.len(),
                t.removed.len(),
                t.refreshed,
                t.forgotten,
                t.failed.len()
            ));
            for (address, why) in &t.failed {
                out.push_str(&format!("  failed {address}: {why}\n"));
            }
            if let Some(e) = &t.store_error {
                out.push_str(&format!("  the store could not record this: {e}\n"));
            }
        }
        out
    }
}

fn record_of(key: &str, e: &PlannedEntry, now: DateTime<Utc>) -> BlockRecord {
    BlockRecord {
        id: 0,
        target: key.to_string(),
        address: e.address.clone(),
        entry: e.rule_number,
        rule_id: e.rule_id.clone(),
        alert: e.alert.clone(),
        severity: e.severity.as_str().to_string(),
        offence_at: e.offence_at,
        added_at: now,
        expires_at: e.expires_at,
        removed_at: None,
        removed_why: None,
    }
}

/// Make the plan's changes and record each change made, target by target. Never fails as a
/// whole: what could not be done is in the summary.
pub async fn apply(
    config: &SdkConfig,
    plan: &Plan,
    store: &mut Store,
    retry: waf::RetryOptions,
) -> ApplySummary {
    let mut summary = ApplySummary::default();
    for t in &plan.targets {
        let mut outcome = TargetOutcome {
            target: t.target.describe(),
            key: t.key.clone(),
            ..TargetOutcome::default()
        };
        if t.changes_target() {
            match &t.target {
                Target::WafIpSet { region, .. } => {
                    let client = cloudward_aws::wafv2_client(config, region);
                    let done = waf::update(&client, t, retry).await;
                    outcome.lock_retries = done.lock_retries;
                    match done.error {
                        None => {
                            outcome.added = t.add.clone();
                            outcome.removed = t.remove.clone();
                        }
                        Some(why) => {
                            for e in t.add.iter().chain(&t.remove) {
                                outcome.failed.push((e.address.clone(), why.clone()));
                            }
                        }
                    }
                }
                Target::NetworkAcl { region, .. } => {
                    let client = cloudward_aws::ec2_client_in(config, region);
                    let done = nacl::change(&client, t).await;
                    outcome.added = done.added;
                    outcome.removed = done.removed;
                    outcome.failed = done.failed;
                }
            }
        }
        outcome.refreshed = t.refresh.len();
        outcome.forgotten = t.forget.len();
        let mut changes: Vec<BlockChange> = Vec::new();
        changes.extend(
            outcome
                .added
                .iter()
                .map(|e| BlockChange::Added(record_of(&t.key, e, plan.now))),
        );
        for (entries, default_why) in [(&outcome.removed, "expired"), (&t.forget, "gone")] {
            changes.extend(entries.iter().filter_map(|e| {
                Some(BlockChange::Removed {
                    id: e.record?,
                    at: plan.now,
                    why: e.why.clone().unwrap_or_else(|| default_why.into()),
                })
            }));
        }
        changes.extend(t.refresh.iter().filter_map(|e| {
            Some(BlockChange::Extended {
                id: e.record?,
                expires_at: e.expires_at,
                offence_at: e.offence_at,
                rule_id: e.rule_id.clone(),
                alert: e.alert.clone(),
                severity: e.severity.as_str().to_string(),
            })
        }));
        if !changes.is_empty() {
            if let Err(e) = store.record_block_changes(&changes) {
                outcome.store_error = Some(e.to_string());
            }
        }
        summary.targets.push(outcome);
    }
    summary
}

/// The most severe alert among the entries a summary added or removed (a notification's
/// severity), `None` when nothing changed.
pub fn summary_severity(summary: &ApplySummary) -> Option<Severity> {
    summary
        .targets
        .iter()
        .flat_map(|t| t.added.iter().chain(&t.removed))
        .map(|e| e.severity)
        .max()
}
