//! Correlation rules (Sigma correlation format): `event_count`, `value_count` and `temporal`
//! over event-time windows, grouped by fields.
//!
//! Out-of-order input: a match is accepted while its time is no more than the allowed lateness
//! behind the latest event time seen; each group keeps its matches sorted by time, so a late
//! match lands in the window it belongs to. Matches older than `latest - lateness - timespan`
//! can no longer share a window with any acceptable match and are evicted, and empty groups
//! are dropped, so memory is bounded by the active groups and their windows, not by log size.
//! A window that satisfies the condition opens a **burst** for its group: it emits one
//! [`CorrelationMatch`] at once (so a live consumer hears of it without waiting), and every
//! later match of the group that comes within the timespan of the burst's latest match is part
//! of the same burst and emitted as a continuation (`events: 1`). The alert of a burst
//! therefore counts all of its events, with its true first and last event, however long it
//! lasts (a burst of 29 failed logins over a threshold of 10 is one alert of 29, not two of
//! 10). A group silent for longer than the timespan closes its burst; the next match starts
//! counting afresh.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};

use crate::matched::Match;
use crate::sigma::rule::{CorrDef, CorrType};
use crate::sigma::RuleInfo;

/// A compiled correlation rule.
#[derive(Debug)]
pub(crate) struct CorrRule {
    pub info: Arc<RuleInfo>,
    kind: CorrType,
    group_by: Vec<String>,
    span_ms: i64,
    min: u64,
}

impl CorrRule {
    pub(crate) fn new(info: Arc<RuleInfo>, def: CorrDef) -> CorrRule {
        CorrRule {
            info,
            kind: def.kind,
            group_by: def.group_by,
            span_ms: i64::try_from(def.timespan.as_millis()).unwrap_or(i64::MAX / 4),
            min: def.min,
        }
    }
}

/// A correlation rule's condition met by one group in one window.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrelationMatch {
    /// The correlation rule.
    pub rule: Arc<RuleInfo>,
    /// The group: `group-by` field names and their values.
    pub group: Vec<(String, Option<String>)>,
    /// Events in the window (`event_count`, `temporal`) or distinct values (`value_count`).
    pub count: u64,
    /// Number of base-rule matches in the window (for `value_count` and `temporal`, only the
    /// latest match of each value is kept, so this is at most one per value).
    pub events: u64,
    /// Time of the first match in the window.
    pub first_time: DateTime<Utc>,
    /// Time of the last match in the window.
    pub last_time: DateTime<Utc>,
    /// Event id of the first match.
    pub first_event_id: String,
    /// Event id of the last match.
    pub last_event_id: String,
    /// Actor of the last match (CloudTrail), for the alert.
    pub actor: Option<String>,
    /// Source IP of the last match, for the alert.
    pub source_ip: Option<String>,
    /// Time of the first event of the burst this match belongs to: the alert key, so every
    /// piece of one burst lands in one alert.
    pub burst_start: DateTime<Utc>,
    /// Whether this is a later event of an open burst rather than the window that opened it.
    pub continuation: bool,
    /// The burst this match belongs to: the same for every piece of one burst, unique among
    /// the bursts of one [`Correlator`]. Lets the alert aggregation find a burst's alert
    /// without rebuilding its key for every continuing event.
    pub burst: u64,
    /// The events of this piece (time and id), oldest first: the window's base-rule matches,
    /// or the one continuing event.
    pub event_ids: Vec<(DateTime<Utc>, String)>,
}

/// Counters of a [`Correlator`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CorrelatorStats {
    /// Matches fed to correlations.
    pub observed: u64,
    /// Matches dropped because they were later than the allowed lateness.
    pub late: u64,
    /// Matches dropped because their event had no valid time.
    pub untimed: u64,
    /// Groups currently held.
    pub groups: u64,
    /// Oldest matches dropped from a group that held [`MAX_GROUP_ENTRIES`] (a flood of one
    /// value from one source in `value_count`, which never reaches its threshold).
    pub overflow: u64,
    /// Matches not counted because the correlation state was full ([`MAX_GROUPS`] groups or
    /// [`MAX_STATE_ENTRIES`] matches held, after evicting what had expired): a flood of
    /// distinct group values. Correlations may be missed; the run says so.
    pub state_full: u64,
    /// `value_count` / `temporal` matches that replaced an earlier match of the same value in
    /// the window (only the latest occurrence of a value is kept).
    pub deduplicated: u64,
}

/// Most matches one group keeps; beyond it the oldest are dropped (and counted), so one noisy
/// group cannot take memory without limit. Event-count groups never get near it: a window
/// reaching its threshold is emitted and drained.
pub const MAX_GROUP_ENTRIES: usize = 10_000;

/// Most event ids one correlation match or alert carries (the earliest are kept, the rest
/// counted in [`cloudward_model::alert::Alert::event_ids_omitted`]): enough to pull every event
/// of an ordinary burst for an investigation, while a flood cannot make one alert large.
pub const MAX_EVENT_IDS: usize = cloudward_model::alert::MAX_EVENT_IDS;

/// Most correlation groups (one per correlation rule and `group-by` values) held at a time.
/// Groups are dropped when their matches expire; a flood of distinct values (every source
/// address of a scan) within one window is what fills it.
pub const MAX_GROUPS: usize = 100_000;

/// Most matches held over all groups (about 100 bytes each): bounds the correlation state
/// at roughly 100 MB whatever the log. Past it, new matches are counted in
/// [`CorrelatorStats::state_full`] instead of being kept.
pub const MAX_STATE_ENTRIES: usize = 1_000_000;

/// An open burst of one group: the first event's time and the latest match's time.
#[derive(Debug, Clone, Copy)]
struct Burst {
    start: i64,
    last: i64,
    id: u64,
}

#[derive(Debug)]
struct Entry {
    t: i64,
    id: String,
    /// The counted value: the field value (`value_count`), the rule index (`temporal`).
    value: Option<String>,
}

/// The correlation rules of a rule set, and which base rules feed each: what a [`Correlator`]
/// needs of the engine, and all it sees.
#[derive(Debug)]
pub(crate) struct Correlations {
    /// The correlation rules.
    pub(crate) rules: Vec<CorrRule>,
    /// For each base rule, the correlations that consume its matches.
    pub(crate) by_base_rule: Vec<Vec<usize>>,
    /// Allowed lateness of out-of-order events.
    pub(crate) lateness: std::time::Duration,
}

/// Correlation state for one engine's rule set: feed it every [`Match`] with
/// [`Correlator::observe`].
#[derive(Debug)]
pub struct Correlator<'e> {
    engine: &'e Correlations,
    groups: HashMap<(usize, Vec<Option<String>>), VecDeque<Entry>>,
    /// Groups whose condition was met and whose burst is still going on (at most one per
    /// group, so bounded by [`MAX_GROUPS`] too).
    bursts: HashMap<(usize, Vec<Option<String>>), Burst>,
    max_seen: i64,
    lateness_ms: i64,
    /// Matches held over all groups.
    held: usize,
    /// [`MAX_GROUPS`] and [`MAX_STATE_ENTRIES`] (smaller in unit tests).
    max_groups: usize,
    max_entries: usize,
    since_sweep: u64,
    stats: CorrelatorStats,
    /// The id of the next burst to begin.
    next_burst: u64,
}

impl<'e> Correlator<'e> {
    pub(crate) fn new(engine: &'e Correlations) -> Self {
        Correlator {
            engine,
            groups: HashMap::new(),
            bursts: HashMap::new(),
            max_seen: i64::MIN,
            lateness_ms: i64::try_from(engine.lateness.as_millis()).unwrap_or(i64::MAX / 4),
            held: 0,
            max_groups: MAX_GROUPS,
            max_entries: MAX_STATE_ENTRIES,
            since_sweep: 0,
            stats: CorrelatorStats::default(),
            next_burst: 0,
        }
    }

    /// Counters so far.
    pub fn stats(&self) -> CorrelatorStats {
        CorrelatorStats {
            groups: self.groups.len() as u64,
            ..self.stats
        }
    }

    /// Feeds one match; returns the correlation matches it completes.
    pub fn observe(&mut self, m: &Match) -> Vec<CorrelationMatch> {
        let mut out = Vec::new();
        let Some(corrs) = self.engine.by_base_rule.get(m.rule_index) else {
            return out;
        };
        if corrs.is_empty() {
            return out;
        }
        self.stats.observed += 1;
        let Some(time) = m.time else {
            self.stats.untimed += 1;
            return out;
        };
        let t = time.timestamp_millis();
        self.max_seen = self.max_seen.max(t);
        if t < self.max_seen.saturating_sub(self.lateness_ms) {
            self.stats.late += 1;
            return out;
        }
        for &ci in corrs {
            let c = &self.engine.rules[ci];
            let key: Vec<Option<String>> = c
                .group_by
                .iter()
                .map(|f| m.field(f).map(str::to_owned))
                .collect();
            let value = match &c.kind {
                CorrType::EventCount => None,
                CorrType::ValueCount { field } => m.field(field).map(str::to_owned),
                CorrType::Temporal => Some(m.rule_index.to_string()),
            };
            let horizon = self
                .max_seen
                .saturating_sub(self.lateness_ms)
                .saturating_sub(c.span_ms);
            let group = (ci, key.clone());
            if let Some(burst) = self.bursts.get_mut(&group) {
                if t <= burst.last.saturating_add(c.span_ms)
                    && t >= burst.start.saturating_sub(c.span_ms)
                {
                    // Part of the burst already reported: counted, not re-windowed.
                    burst.last = burst.last.max(t);
                    let (start, id) = (burst.start, burst.id);
                    out.push(CorrelationMatch {
                        rule: c.info.clone(),
                        group: c.group_by.iter().cloned().zip(key).collect(),
                        count: 1,
                        events: 1,
                        first_time: millis(t),
                        last_time: millis(t),
                        first_event_id: m.event_id.clone(),
                        last_event_id: m.event_id.clone(),
                        actor: m.actor.clone(),
                        source_ip: m.source_ip.clone(),
                        burst_start: millis(start),
                        continuation: true,
                        burst: id,
                        event_ids: vec![(millis(t), m.event_id.clone())],
                    });
                    continue;
                }
                if t > burst.last.saturating_add(c.span_ms) {
                    self.bursts.remove(&group);
                }
            }
            let new_group = !self.groups.contains_key(&group);
            let full = |me: &Self| {
                (new_group && me.groups.len() >= me.max_groups) || me.held >= me.max_entries
            };
            if full(self) {
                // Evict what expired, but at most once per 1024 matches, so a full state
                // does not cost a walk over every group for each match.
                if self.since_sweep >= 1024 {
                    self.sweep();
                }
                if full(self) {
                    self.stats.state_full += 1;
                    continue;
                }
            }
            let entries = self.groups.entry(group).or_default();
            while entries.front().is_some_and(|e| e.t < horizon) {
                entries.pop_front();
                self.held = self.held.saturating_sub(1);
            }
            let mut pos = entries.partition_point(|e| e.t <= t);
            if value.is_some() {
                // value_count / temporal: a value is represented by its latest occurrence, which
                // is exact for every window that contains this (newest) match and keeps a flood
                // of one value at one entry instead of one per event.
                let lo = t.saturating_sub(c.span_ms);
                let mut k = pos;
                while k > 0 && entries[k - 1].t >= lo {
                    k -= 1;
                    if entries[k].value == value {
                        entries.remove(k);
                        self.held = self.held.saturating_sub(1);
                        pos -= 1;
                        self.stats.deduplicated += 1;
                        break;
                    }
                }
            }
            entries.insert(
                pos,
                Entry {
                    t,
                    id: m.event_id.clone(),
                    value,
                },
            );
            self.held += 1;
            if entries.len() > MAX_GROUP_ENTRIES {
                entries.pop_front();
                self.held = self.held.saturating_sub(1);
                self.stats.overflow += 1;
            }
            if let Some((i, j, count)) = check(c, entries, t) {
                let first = &entries[i];
                let last = &entries[j];
                let event_ids = entries
                    .range(i..=j)
                    .take(MAX_EVENT_IDS)
                    .map(|e| (millis(e.t), e.id.clone()))
                    .collect();
                let id = self.next_burst;
                self.next_burst = self.next_burst.wrapping_add(1);
                self.bursts.insert(
                    (ci, key.clone()),
                    Burst {
                        start: first.t,
                        last: last.t.max(t),
                        id,
                    },
                );
                out.push(CorrelationMatch {
                    rule: c.info.clone(),
                    group: c.group_by.iter().cloned().zip(key).collect(),
                    count,
                    events: (j - i + 1) as u64,
                    first_time: millis(first.t),
                    last_time: millis(last.t),
                    first_event_id: first.id.clone(),
                    last_event_id: last.id.clone(),
                    actor: m.actor.clone(),
                    source_ip: m.source_ip.clone(),
                    burst_start: millis(first.t),
                    continuation: false,
                    burst: id,
                    event_ids,
                });
                entries.drain(i..=j);
                self.held = self.held.saturating_sub(j - i + 1);
            }
        }
        self.since_sweep += 1;
        if self.since_sweep >= 4096 {
            self.sweep();
        }
        out
    }

    /// Evicts expired entries in every group and drops empty groups.
    fn sweep(&mut self) {
        self.since_sweep = 0;
        let engine = self.engine;
        let base = self.max_seen.saturating_sub(self.lateness_ms);
        let held = &mut self.held;
        self.groups.retain(|(ci, _), entries| {
            let horizon = base.saturating_sub(engine.rules[*ci].span_ms);
            while entries.front().is_some_and(|e| e.t < horizon) {
                entries.pop_front();
                *held = held.saturating_sub(1);
            }
            !entries.is_empty()
        });
        self.bursts
            .retain(|(ci, _), burst| burst.last >= base.saturating_sub(engine.rules[*ci].span_ms));
        debug_assert_eq!(
            self.held,
            self.groups.values().map(VecDeque::len).sum::<usize>(),
            "held-match accounting"
        );
    }

    /// Ends the stream. Thresholds are lower bounds, so every correlation match was already
    /// emitted by [`Correlator::observe`]; this releases the state and returns the counters.
    pub fn finish(mut self) -> CorrelatorStats {
        let s = self.stats();
        self.groups.clear();
        self.bursts.clear();
        self.held = 0;
        s
    }
}

fn millis(t: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(t)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Finds a window of `c.span_ms` containing time `t` whose count reaches `c.min`; returns the
/// window's first and last entry indices and the count.
fn check(c: &CorrRule, entries: &VecDeque<Entry>, t: i64) -> Option<(usize, usize, u64)> {
    let lo = t.saturating_sub(c.span_ms);
    let start = entries.partition_point(|e| e.t < lo);
    let end_of_t = entries.partition_point(|e| e.t <= t);
    match &c.kind {
        CorrType::EventCount => {
            for i in start..end_of_t {
                let limit = entries[i].t.saturating_add(c.span_ms);
                let j = entries.partition_point(|e| e.t <= limit) - 1;
                let n = (j - i + 1) as u64;
                if n >= c.min {
                    return Some((i, j, n));
                }
            }
            None
        }
        CorrType::ValueCount { .. } | CorrType::Temporal => {
            let mut counts: HashMap<&str, usize> = HashMap::new();
            let mut j = start; // exclusive end of the window
            for i in start..end_of_t {
                let limit = entries[i].t.saturating_add(c.span_ms);
                while j < entries.len() && entries[j].t <= limit {
                    if let Some(v) = &entries[j].value {
                        *counts.entry(v.as_str()).or_default() += 1;
                    }
                    j += 1;
                }
                if counts.len() as u64 >= c.min {
                    // Shrink the right end to the entry that reached the threshold.
                    let mut seen: HashMap<&str, ()> = HashMap::new();
                    let mut k = i;
                    while k < j {
                        if let Some(v) = &entries[k].value {
                            seen.insert(v.as_str(), ());
                        }
                        if seen.len() as u64 >= c.min {
                            break;
                        }
                        k += 1;
                    }
                    return Some((i, k.min(j - 1), seen.len() as u64));
                }
                if let Some(v) = &entries[i].value {
                    if let Some(n) = counts.get_mut(v.as_str()) {
                        *n -= 1;
                        if *n == 0 {
                            counts.remove(v.as_str());
                        }
                    }
                }
            }
            None
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::{Engine, Event, LogKind};

    const RULES: &str = "title: base\nname: base\nid: b\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    eventName: X\n  condition: sel\n---\ntitle: c\nid: c\ncorrelation:\n  type: event_count\n  rules: [base]\n  group-by: [sourceIPAddress]\n  timespan: 1h\n  condition:\n    gte: 10000\n";

    fn base_match(e: &Engine) -> Match {
        let ev = Event::from_json(
            LogKind::CloudTrail,
            "t".into(),
            1,
            br#"{"eventName":"X","eventTime":"2024-05-01T10:00:00Z","sourceIPAddress":"1.2.3.4"}"#
                .to_vec(),
        )
        .unwrap();
        e.process(&ev).pop().unwrap()
    }

    fn with_ip(m: &Match, ip: usize) -> Match {
        let mut m = m.clone();
        m.fields = vec![("sourceIPAddress".into(), Some(format!("ip{ip}")))];
        m
    }

    #[test]
    fn issue8_state_entry_limit_counts_what_it_drops() {
        let e = Engine::builder()
            .builtin(false)
            .rule_text("c.yml", RULES)
            .build()
            .unwrap();
        assert!(e.rejected().is_empty(), "{:?}", e.rejected());
        let base = base_match(&e);
        let mut c = e.correlator();
        c.max_entries = 50;
        for k in 0..50 {
            c.observe(&with_ip(&base, k % 5));
        }
        assert_eq!((c.held, c.stats().state_full), (50, 0), "at the limit");
        c.observe(&with_ip(&base, 0));
        c.observe(&with_ip(&base, 99));
        assert_eq!((c.held, c.stats().state_full), (50, 2), "past it");
    }

    #[test]
    fn issue8_group_limit_counts_what_it_drops() {
        let e = Engine::builder()
            .builtin(false)
            .rule_text("c.yml", RULES)
            .build()
            .unwrap();
        let base = base_match(&e);
        let mut c = e.correlator();
        for k in 0..MAX_GROUPS {
            c.observe(&with_ip(&base, k));
        }
        assert_eq!(
            (c.stats().groups, c.stats().state_full),
            (MAX_GROUPS as u64, 0)
        );
        // A new group past the limit is dropped and counted; an existing group still counts.
        c.observe(&with_ip(&base, MAX_GROUPS));
        c.observe(&with_ip(&base, 7));
        assert_eq!(
            (c.stats().groups, c.stats().state_full),
            (MAX_GROUPS as u64, 1)
        );
        assert_eq!(c.held, MAX_GROUPS + 1);
    }
}
