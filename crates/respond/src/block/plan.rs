//! The planner: a pure function of what the target holds now, what the store recorded, the
//! offenders of the alerts, the allow-list and the time, giving what to add, keep, refresh
//! and remove. No I/O here, so every rule of ownership, expiry and capacity is tested on plain
//! values.
//!
//! Ownership: an entry is cloudward's when the store recorded adding it to this target and it
//! is still there (in a network ACL: at the recorded rule number, inside the reserved range).
//! Only those are ever removed. An entry someone else made, in a WAF IP set or inside the
//! reserved NACL range, is left alone (and takes its place against the capacity). A recorded
//! entry that is gone from the target was removed by someone else: its record is closed
//! ("forget"), never re-added behind their back, unless the address offends again later.
//!
//! Expiry: an entry expires `ttl` after it was added or last extended. It is extended when the
//! address offends again, which means an alert whose last event is *newer* than the offence
//! recorded: running `respond` twice on the same alerts extends nothing, so a cron job on an
//! old detect run cannot keep an address blocked forever.
//!
//! Capacity: new offenders are admitted up to `max_entries` of cloudward's entries and the
//! target's own limit (a WAF IP set's 10,000 addresses; the free rule numbers of the NACL range
//! and the ACL's inbound rule quota), highest severity first, then most recent; the rest are
//! listed as "not blocked: capacity". Entries already blocked keep their place: evicting one
//! would unblock an address whose time has not run out.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use chrono::{DateTime, Utc};
use cloudward_detect::blocklist::{Blocklist, Excluded};
use cloudward_model::alert::Alert;
use cloudward_model::Severity;
use cloudward_store::BlockRecord;
use ipnet::IpNet;
use serde::Serialize;

use super::allow::{AllowList, AllowedWhy};
use super::target::Target;

/// One address named by an alert at or above the minimum severity, with the worst alert
/// naming it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Offender {
    /// The address.
    pub address: IpAddr,
    /// The highest severity of the alerts naming it.
    pub severity: Severity,
    /// The rule of that alert.
    pub rule_id: String,
    /// That alert's identity (rule, log, actor, window start), as notifications name it.
    pub alert: String,
    /// The latest event of any alert naming the address.
    pub offence_at: DateTime<Utc>,
}

/// What the alerts name: the offenders, and what was left out before any target is read.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Offenders {
    /// Distinct addresses, sorted.
    pub offenders: Vec<Offender>,
    /// Source values that may never be blocked (private, special-purpose, not an address),
    /// sorted, each once.
    pub refused: Vec<Refused>,
    /// Alerts below the minimum severity, not considered.
    pub below_severity: usize,
    /// Alerts of rules that do not name an offending address (an IAM change, a root login).
    pub not_naming_an_address: usize,
    /// Alerts with more source values than an alert keeps: some offenders may be missing.
    pub truncated_alerts: usize,
}

/// The offenders of `alerts` at or above `min`: the alerts whose rules name an offending
/// address, filtered by the blocklist filter (which refuses private, special-purpose and
/// non-address values such as `s3.amazonaws.com`).
pub fn offenders(alerts: &[Alert], min: Severity) -> Offenders {
    let mut out = Offenders::default();
    let mut by_address: BTreeMap<IpAddr, Offender> = BTreeMap::new();
    let mut refused: BTreeMap<String, Excluded> = BTreeMap::new();
    for alert in alerts {
        if alert.severity < min {
            out.below_severity = out.below_severity.saturating_add(1);
            continue;
        }
        // One alert at a time, so each address keeps the alert that named it.
        let list = Blocklist::from_alerts(std::iter::once(alert));
        if list.is_empty() && list.excluded.is_empty() {
            out.not_naming_an_address = out.not_naming_an_address.saturating_add(1);
            continue;
        }
        out.truncated_alerts = out.truncated_alerts.saturating_add(list.truncated_alerts);
        for (value, why) in list.excluded {
            refused.entry(value).or_insert(why);
        }
        let identity = alert_identity(alert);
        let addresses = list
            .v4
            .iter()
            .map(|a| IpAddr::V4(*a))
            .chain(list.v6.iter().map(|a| IpAddr::V6(*a)));
        for address in addresses {
            let candidate = Offender {
                address,
                severity: alert.severity,
                rule_id: alert.rule.id.clone(),
                alert: identity.clone(),
                offence_at: alert.last_time,
            };
            match by_address.get_mut(&address) {
                None => {
                    by_address.insert(address, candidate);
                }
                Some(known) => {
                    let latest = known.offence_at.max(candidate.offence_at);
                    if (candidate.severity, candidate.offence_at)
                        > (known.severity, known.offence_at)
                    {
                        *known = candidate;
                    }
                    known.offence_at = latest;
                }
            }
        }
    }
    out.offenders = by_address.into_values().collect();
    out.refused = refused
        .into_iter()
        .map(|(value, why)| Refused {
            value,
            reason: Reason::NeverBlocked {
                class: excluded_name(why).into(),
            },
        })
        .collect();
    out
}

/// An alert's identity, the one notifications use (rule, log, actor, window start).
pub fn alert_identity(a: &Alert) -> String {
    format!(
        "alert|{}|{}|{}|{}",
        a.rule.id,
        a.log,
        a.actor.as_deref().unwrap_or(""),
        a.window_start.to_rfc3339()
    )
}

fn excluded_name(why: Excluded) -> &'static str {
    match why {
        Excluded::NotAnAddress => "not an IP address",
        Excluded::Private => "private range",
        Excluded::Loopback => "loopback",
        Excluded::LinkLocal => "link-local",
        Excluded::Documentation => "documentation range",
        Excluded::Reserved => "reserved or special-purpose range",
        _ => "never blocked",
    }
}

/// A value that is not blocked, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Refused {
    /// The address or source value as the alert had it.
    pub value: String,
    /// Why.
    #[serde(flatten)]
    pub reason: Reason,
}

/// Why an address is not blocked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// Private, special-purpose or not an address: the blocklist filter.
    NeverBlocked {
        /// Which class (`private range`, `not an IP address`, ...).
        class: String,
    },
    /// On the allow-list.
    Allowed {
        /// The allow-listed range.
        range: String,
        /// Why it is there.
        why: AllowedWhy,
    },
    /// The other address family than this target holds (a WAF IP set holds one).
    OtherFamily,
    /// Already covered by an entry of the target that is not cloudward's.
    CoveredByOtherEntry {
        /// That entry.
        entry: String,
    },
}

impl Reason {
    /// How the plan says it.
    pub fn describe(&self) -> String {
        match self {
            Reason::NeverBlocked { class } => format!("never blocked: {class}"),
            Reason::Allowed { range, why } => {
                format!("allow-listed: {range} ({})", why.describe())
            }
            Reason::OtherFamily => {
                "other address family than this IP set (give --waf-ip-set-v6 for IPv6)".into()
            }
            Reason::CoveredByOtherEntry { entry } => {
                format!("already covered by {entry}, an entry that is not cloudward's")
            }
        }
    }
}

/// One entry of the target as read now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentEntry {
    /// The range it matches.
    pub net: IpNet,
    /// Its NACL rule number (`None` in a WAF IP set).
    pub rule_number: Option<i32>,
    /// Whether it blocks what it matches (a NACL `deny`; every IP set address), so an
    /// offender it matches is blocked already.
    pub blocks: bool,
}

/// What the target holds now: the entries cloudward may own (a WAF IP set's addresses; the
/// inbound entries inside a NACL's reserved range) and its limits.
#[derive(Clone, Debug, Default)]
pub struct Current {
    /// The entries.
    pub entries: Vec<CurrentEntry>,
    /// How many entries the target takes at most (WAF: 10,000 addresses per IP set; NACL:
    /// the inbound rule quota less the inbound entries outside the range, the default `*`
    /// rule not counted).
    pub limit: usize,
    /// NACL: the free rule numbers of the reserved range, ascending. Empty for WAF.
    pub free_rule_numbers: Vec<i32>,
}

/// What the planner is given.
#[derive(Clone, Copy, Debug)]
pub struct PlanInput<'a> {
    /// The target.
    pub target: &'a Target,
    /// What it holds now.
    pub current: &'a Current,
    /// The store's active records for this target.
    pub records: &'a [BlockRecord],
    /// The offenders (empty for `--expire-only`).
    pub offenders: &'a [Offender],
    /// Never blocked.
    pub allow: &'a AllowList,
    /// The time of the run.
    pub now: DateTime<Utc>,
    /// How long an entry stays.
    pub ttl: chrono::Duration,
    /// At most this many entries of cloudward's in the target.
    pub max_entries: usize,
}

/// One entry of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlannedEntry {
    /// The CIDR (`/32`, `/128`).
    pub address: String,
    /// The NACL rule number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_number: Option<i32>,
    /// The rule of the alert that caused it.
    pub rule_id: String,
    /// That alert.
    pub alert: String,
    /// Its severity.
    pub severity: Severity,
    /// The latest offence.
    pub offence_at: DateTime<Utc>,
    /// When it expires (for a removal: when it expired).
    pub expires_at: DateTime<Utc>,
    /// Why (removals and forgotten records).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// The store row, for entries recorded before.
    #[serde(skip)]
    pub record: Option<i64>,
}

/// What to do on one target.
#[derive(Clone, Debug, Serialize)]
pub struct TargetPlan {
    /// The target.
    pub target: Target,
    /// Its key in the store.
    pub key: String,
    /// New entries.
    pub add: Vec<PlannedEntry>,
    /// cloudward's entries that stay as they are.
    pub keep: Vec<PlannedEntry>,
    /// cloudward's entries whose address offended again: they stay, with a later expiry
    /// (a store change only).
    pub refresh: Vec<PlannedEntry>,
    /// cloudward's entries to remove (expired, or now allow-listed).
    pub remove: Vec<PlannedEntry>,
    /// Recorded entries that are gone from the target (removed by someone else): their
    /// records are closed (a store change only).
    pub forget: Vec<PlannedEntry>,
    /// Offenders not blocked for lack of room.
    pub capacity: Vec<PlannedEntry>,
    /// Offenders not blocked, with the reason.
    pub refused: Vec<Refused>,
    /// Entries of the target that are not cloudward's (left alone).
    pub others: usize,
    /// Entries of the target now.
    pub entries_now: usize,
    /// WAF: the addresses and lock token read, which the first update is sent with.
    #[serde(skip)]
    pub waf_read: Option<super::waf::WafRead>,
}

impl TargetPlan {
    /// Whether applying changes the target.
    pub fn changes_target(&self) -> bool {
        !self.add.is_empty() || !self.remove.is_empty()
    }

    /// Whether applying changes anything (target or store).
    pub fn changes_anything(&self) -> bool {
        self.changes_target() || !self.refresh.is_empty() || !self.forget.is_empty()
    }
}

fn severity_of(text: &str) -> Severity {
    // A row a newer cloudward wrote with a severity this build does not know: treat it as
    // the worst, so it is never the one that loses a capacity contest by accident.
    text.parse().unwrap_or(Severity::Critical)
}

fn from_record(r: &BlockRecord, why: Option<String>) -> PlannedEntry {
    PlannedEntry {
        address: r.address.clone(),
        rule_number: r.entry,
        rule_id: r.rule_id.clone(),
        alert: r.alert.clone(),
        severity: severity_of(&r.severity),
        offence_at: r.offence_at,
        expires_at: r.expires_at,
        why,
        record: Some(r.id),
    }
}

/// The host range of an address (`/32`, `/128`).
pub fn host_net(ip: IpAddr) -> IpNet {
    IpNet::from(ip)
}

/// Plan one target. Pure: the same input gives the same plan.
pub fn plan_target(input: &PlanInput<'_>) -> TargetPlan {
    let PlanInput {
        target,
        current,
        records,
        offenders,
        allow,
        now,
        ttl,
        max_entries,
    } = *input;
    let expiry = now
        .checked_add_signed(ttl)
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let mut plan = TargetPlan {
        target: target.clone(),
        key: target.key(),
        add: Vec::new(),
        keep: Vec::new(),
        refresh: Vec::new(),
        remove: Vec::new(),
        forget: Vec::new(),
        capacity: Vec::new(),
        refused: Vec::new(),
        others: 0,
        entries_now: current.entries.len(),
        waf_read: None,
    };

    // 1. Which present entries are cloudward's: recorded, and still where they were put.
    let mut owned: BTreeMap<IpNet, &BlockRecord> = BTreeMap::new();
    for r in records {
        let held = super::allow::parse_net(&r.address).ok().filter(|net| {
            current
                .entries
                .iter()
                .any(|e| e.net == *net && e.rule_number == r.entry)
        });
        match held {
            Some(net) if !owned.contains_key(&net) => {
                owned.insert(net, r);
            }
            _ => plan.forget.push(from_record(
                r,
                Some("missing from the target (removed outside cloudward): record closed".into()),
            )),
        }
    }
    let others: Vec<&CurrentEntry> = current
        .entries
        .iter()
        .filter(|e| !owned.contains_key(&e.net))
        .collect();
    plan.others = others.len();

    // 2. Offenders: refused, extending an entry of ours, or candidates for a new entry.
    let mut refreshed: BTreeSet<IpNet> = BTreeSet::new();
    let mut candidates: Vec<&Offender> = Vec::new();
    for o in offenders {
        let net = host_net(o.address);
        let refuse = |reason| Refused {
            value: o.address.to_string(),
            reason,
        };
        if !target.holds_family(o.address) {
            plan.refused.push(refuse(Reason::OtherFamily));
            continue;
        }
        if let Some(a) = allow.find(o.address) {
            plan.refused.push(refuse(Reason::Allowed {
                range: a.net.to_string(),
                why: a.why.clone(),
            }));
            continue;
        }
        if let Some(r) = owned.get(&net) {
            if o.offence_at > r.offence_at {
                refreshed.insert(net);
                plan.refresh.push(PlannedEntry {
                    address: r.address.clone(),
                    rule_number: r.entry,
                    rule_id: o.rule_id.clone(),
                    alert: o.alert.clone(),
                    severity: o.severity,
                    offence_at: o.offence_at,
                    expires_at: expiry.max(r.expires_at),
                    why: None,
                    record: Some(r.id),
                });
            }
            continue;
        }
        if let Some(e) = others
            .iter()
            .find(|e| e.blocks && e.net.contains(&o.address))
        {
            plan.refused.push(refuse(Reason::CoveredByOtherEntry {
                entry: e.net.to_string(),
            }));
            continue;
        }
        candidates.push(o);
    }

    // 3. cloudward's entries not extended: kept until they expire; removed at once when the
    // address is allow-listed now (unblocking is the safe direction).
    for (net, r) in &owned {
        if refreshed.contains(net) {
            continue;
        }
        let allowed = net_address(net).and_then(|ip| allow.find(ip));
        if let Some(a) = allowed {
            plan.remove.push(from_record(
                r,
                Some(format!(
                    "allow-listed now: {} ({})",
                    a.net,
                    a.why.describe()
                )),
            ));
        } else if r.expires_at <= now {
            plan.remove.push(from_record(r, Some("expired".into())));
        } else {
            plan.keep.push(from_record(r, None));
        }
    }

    // 4. Room for new entries, after the removals.
    let ours_after = owned.len().saturating_sub(plan.remove.len());
    let total_after = current.entries.len().saturating_sub(plan.remove.len());
    let mut room = max_entries
        .saturating_sub(ours_after)
        .min(current.limit.saturating_sub(total_after));
    let mut numbers: Vec<i32> = Vec::new();
    if target.numbers_entries() {
        numbers = current.free_rule_numbers.clone();
        numbers.extend(plan.remove.iter().filter_map(|e| e.rule_number));
        numbers.sort_unstable();
        numbers.dedup();
        room = room.min(numbers.len());
    }
    candidates.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| b.offence_at.cmp(&a.offence_at))
            .then_with(|| a.address.cmp(&b.address))
    });
    for (i, o) in candidates.into_iter().enumerate() {
        let entry = PlannedEntry {
            address: host_net(o.address).to_string(),
            rule_number: None,
            rule_id: o.rule_id.clone(),
            alert: o.alert.clone(),
            severity: o.severity,
            offence_at: o.offence_at,
            expires_at: expiry,
            why: None,
            record: None,
        };
        if i < room {
            plan.add.push(PlannedEntry {
                rule_number: numbers.get(i).copied(),
                ..entry
            });
        } else {
            plan.capacity.push(entry);
        }
    }
    plan.refresh.sort_by(|a, b| a.address.cmp(&b.address));
    plan.refused.sort_by(|a, b| a.value.cmp(&b.value));
    plan
}

/// The address of a host range (`None` for a wider range).
fn net_address(net: &IpNet) -> Option<IpAddr> {
    (net.prefix_len() == net.max_prefix_len()).then(|| net.addr())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::target::{IpVersion, RuleRange, WafScope};
    use chrono::TimeZone;

    /// `hour` hours after midnight on 2026-12-02 (past 23 is the next day).
    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 0, 0, 0)
            .single()
            .expect("a time")
            + chrono::Duration::hours(i64::from(hour))
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    fn offender(address: &str, severity: Severity, hour: u32) -> Offender {
        Offender {
            address: ip(address),
            severity,
            rule_id: "brute-force".into(),
            alert: format!("alert|brute-force|{address}"),
            offence_at: at(hour),
        }
    }

    fn waf() -> Target {
        Target::WafIpSet {
            name: "blocklist".into(),
            id: "id-1".into(),
            scope: WafScope::Regional,
            region: "eu-west-1".into(),
            version: IpVersion::V4,
        }
    }

    fn nacl() -> Target {
        Target::NetworkAcl {
            id: "acl-1".into(),
            region: "eu-west-1".into(),
            rules: RuleRange {
                first: 50,
                last: 53,
            },
        }
    }

    fn waf_current(addresses: &[&str]) -> Current {
        Current {
            entries: addresses
                .iter()
                .map(|a| CurrentEntry {
                    net: a.parse().expect("cidr"),
                    rule_number: None,
                    blocks: true,
                })
                .collect(),
            limit: 10_000,
            free_rule_numbers: Vec::new(),
        }
    }

    fn record(target: &Target, address: &str, entry: Option<i32>, expires: u32) -> BlockRecord {
        BlockRecord {
            id: i64::from(expires) * 100 + i64::from(entry.unwrap_or(0)),
            target: target.key(),
            address: address.into(),
            entry,
            rule_id: "brute-force".into(),
            alert: "alert|old".into(),
            severity: "high".into(),
            offence_at: at(1),
            added_at: at(1),
            expires_at: at(expires),
            removed_at: None,
            removed_why: None,
        }
    }

    fn run(
        target: &Target,
        current: &Current,
        records: &[BlockRecord],
        offenders: &[Offender],
        allow: &AllowList,
        max_entries: usize,
    ) -> TargetPlan {
        plan_target(&PlanInput {
            target,
            current,
            records,
            offenders,
            allow,
            now: at(12),
            ttl: chrono::Duration::hours(24),
            max_entries,
        })
    }

    fn addresses(entries: &[PlannedEntry]) -> Vec<&str> {
        entries.iter().map(|e| e.address.as_str()).collect()
    }

    #[test]
    fn new_offenders_are_added_with_the_ttl_and_entries_of_others_are_left_alone() {
        let target = waf();
        let current = waf_current(&["198.51.0.0/16"]);
        let plan = run(
            &target,
            &current,
            &[],
            &[
                offender("45.33.32.1", Severity::High, 10),
                offender("198.51.7.7", Severity::High, 10),
            ],
            &AllowList::default(),
            100,
        );
        assert_eq!(addresses(&plan.add), ["45.33.32.1/32"]);
        assert_eq!(plan.add[0].expires_at, at(12) + chrono::Duration::hours(24));
        assert_eq!(plan.others, 1);
        assert_eq!(plan.refused.len(), 1);
        assert_eq!(
            plan.refused[0].reason,
            Reason::CoveredByOtherEntry {
                entry: "198.51.0.0/16".into()
            }
        );
        assert!(plan.remove.is_empty() && plan.keep.is_empty());
    }

    #[test]
    fn the_same_alerts_again_add_and_extend_nothing() {
        let target = waf();
        let mut r = record(&target, "45.33.32.1/32", None, 30);
        r.offence_at = at(10);
        let plan = run(
            &target,
            &waf_current(&["45.33.32.1/32"]),
            &[r],
            &[offender("45.33.32.1", Severity::High, 10)],
            &AllowList::default(),
            100,
        );
        assert!(plan.add.is_empty());
        assert!(plan.refresh.is_empty());
        assert_eq!(addresses(&plan.keep), ["45.33.32.1/32"]);
        assert!(!plan.changes_anything());
    }

    #[test]
    fn a_newer_offence_extends_even_an_expired_entry() {
        let target = waf();
        let expired = record(&target, "45.33.32.1/32", None, 11);
        let plan = run(
            &target,
            &waf_current(&["45.33.32.1/32"]),
            &[expired],
            &[offender("45.33.32.1", Severity::Critical, 11)],
            &AllowList::default(),
            100,
        );
        assert!(plan.remove.is_empty());
        assert_eq!(addresses(&plan.refresh), ["45.33.32.1/32"]);
        assert_eq!(
            plan.refresh[0].expires_at,
            at(12) + chrono::Duration::hours(24)
        );
        assert_eq!(plan.refresh[0].severity, Severity::Critical);
        assert!(plan.changes_anything() && !plan.changes_target());
    }

    #[test]
    fn expiry_removes_exactly_our_expired_entries() {
        let target = nacl();
        let current = Current {
            entries: vec![
                CurrentEntry {
                    net: "45.33.32.1/32".parse().expect("cidr"),
                    rule_number: Some(50),
                    blocks: true,
                },
                CurrentEntry {
                    net: "45.33.32.2/32".parse().expect("cidr"),
                    rule_number: Some(51),
                    blocks: true,
                },
                // In the range, not recorded: someone else's.
                CurrentEntry {
                    net: "45.33.32.3/32".parse().expect("cidr"),
                    rule_number: Some(52),
                    blocks: true,
                },
            ],
            limit: 18,
            free_rule_numbers: vec![53],
        };
        let records = [
            record(&target, "45.33.32.1/32", Some(50), 11),
            record(&target, "45.33.32.2/32", Some(51), 13),
            // Recorded at 53, but 53 is free: removed by someone else.
            record(&target, "45.33.32.4/32", Some(53), 11),
            // Recorded at 52, but 52 holds another address now.
            record(&target, "45.33.32.5/32", Some(52), 11),
        ];
        let plan = run(&target, &current, &records, &[], &AllowList::default(), 20);
        assert_eq!(addresses(&plan.remove), ["45.33.32.1/32"]);
        assert_eq!(plan.remove[0].why.as_deref(), Some("expired"));
        assert_eq!(addresses(&plan.keep), ["45.33.32.2/32"]);
        assert_eq!(addresses(&plan.forget), ["45.33.32.4/32", "45.33.32.5/32"]);
        assert_eq!(plan.others, 1);
        assert!(plan.add.is_empty());
    }

    #[test]
    fn allow_listed_private_and_other_family_addresses_are_refused_with_the_reason() {
        let target = waf();
        let mut allow = AllowList::default();
        allow
            .add_text("45.33.32.0/24", AllowedWhy::Settings)
            .expect("cidr");
        let plan = run(
            &target,
            &waf_current(&[]),
            &[],
            &[
                offender("45.33.32.1", Severity::High, 10),
                offender("2a01:4f8::1", Severity::High, 10),
                offender("8.8.8.8", Severity::High, 10),
            ],
            &allow,
            100,
        );
        assert_eq!(addresses(&plan.add), ["8.8.8.8/32"]);
        let reasons: Vec<String> = plan.refused.iter().map(|r| r.reason.describe()).collect();
        assert_eq!(
            reasons,
            [
                "other address family than this IP set (give --waf-ip-set-v6 for IPv6)",
                "allow-listed: 45.33.32.0/24 ([respond] allow)"
            ]
        );
        // An entry of ours whose address is allow-listed now goes at once.
        let r = record(&target, "45.33.32.1/32", None, 30);
        let plan = run(
            &target,
            &waf_current(&["45.33.32.1/32"]),
            &[r],
            &[],
            &allow,
            100,
        );
        assert_eq!(addresses(&plan.remove), ["45.33.32.1/32"]);
        assert!(plan.remove[0]
            .why
            .as_deref()
            .is_some_and(|w| w.starts_with("allow-listed now")));
    }

    #[test]
    fn over_capacity_the_most_severe_then_most_recent_win() {
        let target = waf();
        let offenders = [
            offender("45.33.32.1", Severity::High, 5),
            offender("45.33.32.2", Severity::Critical, 1),
            offender("45.33.32.3", Severity::High, 9),
            offender("45.33.32.4", Severity::Medium, 11),
        ];
        // One entry of ours already: two more fit under max_entries = 3.
        let kept = record(&target, "45.33.32.9/32", None, 30);
        let plan = run(
            &target,
            &waf_current(&["45.33.32.9/32"]),
            &[kept],
            &offenders,
            &AllowList::default(),
            3,
        );
        assert_eq!(addresses(&plan.add), ["45.33.32.2/32", "45.33.32.3/32"]);
        assert_eq!(
            addresses(&plan.capacity),
            ["45.33.32.1/32", "45.33.32.4/32"]
        );
        assert_eq!(addresses(&plan.keep), ["45.33.32.9/32"]);
    }

    #[test]
    fn nacl_entries_take_free_numbers_of_the_range_and_freed_ones() {
        let target = nacl();
        let current = Current {
            entries: vec![CurrentEntry {
                net: "45.33.32.1/32".parse().expect("cidr"),
                rule_number: Some(51),
                blocks: true,
            }],
            limit: 18,
            free_rule_numbers: vec![50, 52, 53],
        };
        let records = [record(&target, "45.33.32.1/32", Some(51), 11)];
        let offenders: Vec<Offender> = (2..=7)
            .map(|i| offender(&format!("45.33.33.{i}"), Severity::High, i))
            .collect();
        let plan = run(
            &target,
            &current,
            &records,
            &offenders,
            &AllowList::default(),
            20,
        );
        assert_eq!(addresses(&plan.remove), ["45.33.32.1/32"]);
        let numbers: Vec<Option<i32>> = plan.add.iter().map(|e| e.rule_number).collect();
        assert_eq!(numbers, [Some(50), Some(51), Some(52), Some(53)]);
        // Most recent first among equals.
        assert_eq!(plan.add[0].address, "45.33.33.7/32");
        assert_eq!(plan.capacity.len(), 2);
    }

    #[test]
    fn the_nacl_quota_caps_below_the_range() {
        let target = nacl();
        let current = Current {
            entries: Vec::new(),
            limit: 1,
            free_rule_numbers: vec![50, 51, 52, 53],
        };
        let offenders = [
            offender("45.33.32.1", Severity::High, 1),
            offender("45.33.32.2", Severity::High, 2),
        ];
        let plan = run(
            &target,
            &current,
            &[],
            &offenders,
            &AllowList::default(),
            20,
        );
        assert_eq!(addresses(&plan.add), ["45.33.32.2/32"]);
        assert_eq!(addresses(&plan.capacity), ["45.33.32.1/32"]);
    }

    fn alert(severity: Severity, ips: &[&str], hour: u32) -> Alert {
        let mut a: Alert = serde_json::from_value(serde_json::json!({
            "rule": {"id": "brute-force", "title": "t", "references": [], "tags": ["cloudward.blocklist"],
                     "falsepositives": [], "origin": "builtin", "correlation": false},
            "severity": severity.as_str(),
            "log": "cloudtrail",
            "response": "",
            "actor": null,
            "window_start": at(0).to_rfc3339(),
            "window_end": at(1).to_rfc3339(),
            "count": 1,
            "first_time": at(0).to_rfc3339(),
            "last_time": at(hour).to_rfc3339(),
            "first_event_id": "e1",
            "last_event_id": "e2",
            "access_key_ids": [], "source_ips": [], "user_agents": [], "regions": [],
            "accounts": [], "event_names": [], "group": [],
            "first_location": "f:1",
            "values_omitted": 0
        }))
        .expect("an alert document");
        a.source_ips = ips.iter().map(|s| s.to_string()).collect();
        a
    }

    #[test]
    fn offenders_keep_the_worst_alert_and_the_latest_offence() {
        let alerts = [
            alert(
                Severity::High,
                &["45.33.32.1", "10.0.0.1", "s3.amazonaws.com"],
                5,
            ),
            alert(Severity::Critical, &["45.33.32.1"], 3),
            alert(Severity::Medium, &["45.33.32.2"], 9),
        ];
        let found = offenders(&alerts, Severity::High);
        assert_eq!(found.offenders.len(), 1);
        let o = &found.offenders[0];
        assert_eq!(o.severity, Severity::Critical);
        assert_eq!(o.offence_at, at(5), "the latest event of any alert");
        assert_eq!(found.below_severity, 1);
        let refused: Vec<(&str, String)> = found
            .refused
            .iter()
            .map(|r| (r.value.as_str(), r.reason.describe()))
            .collect();
        assert_eq!(
            refused,
            [
                ("10.0.0.1", "never blocked: private range".to_string()),
                (
                    "s3.amazonaws.com",
                    "never blocked: not an IP address".to_string()
                )
            ]
        );
        let mut untagged = alert(Severity::High, &["45.33.32.1"], 5);
        untagged.rule.tags.clear();
        let found = offenders(&[untagged], Severity::High);
        assert!(found.offenders.is_empty());
        assert_eq!(found.not_naming_an_address, 1);
    }
}
