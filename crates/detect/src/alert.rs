//! From matches to alerts: [`Detector`] runs readers through the [`Engine`] and a
//! [`Correlator`], and [`Aggregator`] folds the matches into deduplicated
//! [`cloudward_model::alert::Alert`]s.
//!
//! Alert windows (one alert per rule, actor and window):
//! - a **stateless rule** groups its matches into fixed one-hour buckets aligned to the hour
//!   (UTC), per actor; a principal that calls `PutBucketPolicy` forty times between 10:00 and
//!   10:59 gives one alert with a count of 40;
//! - a **correlation rule** gives one alert per burst and group (`group-by` values): from the
//!   first event of the window that met its threshold to the last event that kept the burst
//!   going (each within the timespan of the one before), with the count of all of them;
//! - an event without a valid time is put in the bucket at the epoch (1970-01-01), so it is
//!   still reported, and visibly so.
//! - a **failed call** (CloudTrail `errorCode` set) goes to an alert of its own beside the
//!   successful calls of the same rule, actor and window, one severity level below the rule's
//!   ([`Match::failed_attempt`]), so a backdoor that *succeeded* stands out; rules tagged
//!   [`crate::FAILURE_IS_SIGNAL`] (refused calls, failed sign-ins) keep their level. Every
//!   stateless alert counts its failed calls and their error codes.
//!
//! Who the actor is depends on the log: the principal ARN (or principal id, or identity type)
//! for CloudTrail, and the source address for VPC flow and ALB logs, where the "who" of an
//! attack is the remote address. Memory is one accumulator per open alert: each keeps at most
//! [`MAX_VALUES`] distinct values per list and counts the rest, so it grows with the number of
//! alerts, never with the size of the log.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use cloudward_model::alert::{Alert, AlertField, AlertRule, MAX_EVENT_IDS, MAX_VALUES};
use cloudward_model::Severity;

use crate::correlate::{CorrelationMatch, Correlator, CorrelatorStats};
use crate::engine::Engine;
use crate::event::LogKind;
use crate::matched::Match;
use crate::read::{ReadError, Reader};
use crate::sigma::RuleInfo;

/// The window of stateless rules' alerts: one hour.
pub const STATELESS_WINDOW_MS: i64 = 60 * 60 * 1000;

/// Fields that hold the remote address in the logs we read; a correlation grouped by one of
/// them names an offending address.
pub const SOURCE_ADDRESS_FIELDS: &[&str] = &[
    "sourceIPAddress",
    "srcaddr",
    "client_ip",
    "remote_ip",
    "httpRequest.clientIp",
    "source_ip",
];

/// The tag that marks a rule whose matches name an address worth blocking
/// (see [`crate::blocklist`]).
pub const BLOCKLIST_TAG: &str = "cloudward.blocklist";

/// A rule's metadata as alerts carry it.
pub fn alert_rule(info: &RuleInfo) -> AlertRule {
    AlertRule {
        id: info.id.clone(),
        title: info.title.clone(),
        description: info.description.clone(),
        status: info.status.clone(),
        author: info.author.clone(),
        license: info.license.clone(),
        references: info.references.clone(),
        tags: info.tags.clone(),
        falsepositives: info.falsepositives.clone(),
        origin: info.origin.clone(),
        correlation: info.correlation,
    }
}

/// What to do about an alert of `info`: the rule's `cloudward_response` field, or a generic
/// triage line for the log kind.
pub fn response(info: &RuleInfo) -> String {
    if let Some(r) = &info.response {
        return r.trim().to_owned();
    }
    match info.log {
        LogKind::CloudTrail => "Confirm with the principal's owner that these calls were intended; if not, disable the access key or revoke the role session, review everything else the principal did in the same window, and revert the change.".into(),
        LogKind::VpcFlow => "Check whether the traffic from these addresses was expected; if not, block them (see --blocklist), restrict the security group or NACL, and look for follow-on activity from the destination instance.".into(),
        LogKind::Alb => "Check whether these requests were expected; if not, block the addresses with AWS WAF (see --blocklist) and confirm the requested paths are not exposed.".into(),
        #[allow(unreachable_patterns)]
        _ => "Review the events and confirm they were expected.".into(),
    }
}

/// Whether alerts of this rule name addresses to block: the rule carries the
/// [`BLOCKLIST_TAG`] tag, or it is a correlation grouped by a source address field.
pub fn names_offending_address(rule: &AlertRule, group: &[AlertField]) -> bool {
    rule.tags
        .iter()
        .any(|t| t.eq_ignore_ascii_case(BLOCKLIST_TAG))
        || (rule.correlation
            && group
                .iter()
                .any(|g| SOURCE_ADDRESS_FIELDS.contains(&g.name.as_str())))
}

/// The distinct values of one alert list, at most [`MAX_VALUES`]: a short vector searched
/// linearly (cheaper than a tree for 20 short strings, and no allocation for a value already
/// there, which is what almost every match brings), sorted when the alert is made.
#[derive(Debug, Default)]
struct Values {
    list: Vec<String>,
}

impl Values {
    /// Adds `v`; returns false when the list is full and `v` is new.
    fn add(&mut self, v: Option<&str>) -> bool {
        let Some(v) = v else { return true };
        if v.is_empty() || self.list.iter().any(|x| x == v) {
            return true;
        }
        if self.list.len() >= MAX_VALUES {
            return false;
        }
        self.list.push(v.to_owned());
        true
    }

    fn into_vec(mut self) -> Vec<String> {
        self.list.sort_unstable();
        self.list
    }
}

/// An event's place in an alert's id list: by time, then by id in natural order (shorter
/// first, then text), so `auth.log:9` comes before `auth.log:10`. The order does not depend
/// on the order events arrive in, and a burst read in file order only ever appends: each
/// later line has the later key, so a full list turns it away with one comparison (in text
/// order, `:1000` sorting before `:999` made every such line replace the list's last entry).
#[derive(Debug, Clone, PartialEq, Eq)]
struct EventKey(i64, String);

impl EventKey {
    fn order(&self) -> (i64, usize, &str) {
        (self.0, self.1.len(), &self.1)
    }

    /// Whether the event (`t`, `id`) sorts before `other`.
    fn precedes(t: i64, id: &str, other: &EventKey) -> bool {
        (t, id.len(), id) < other.order()
    }
}

impl Ord for EventKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.order().cmp(&other.order())
    }
}

impl PartialOrd for EventKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Debug)]
struct Acc {
    rule: Arc<RuleInfo>,
    actor: Option<String>,
    window_start: i64,
    window_ms: i64,
    count: u64,
    first: (i64, String, String),
    last: (i64, String),
    keys: Values,
    ips: Values,
    agents: Values,
    regions: Values,
    accounts: Values,
    names: Values,
    resources: Values,
    group: Vec<AlertField>,
    omitted: u64,
    /// The earliest [`MAX_EVENT_IDS`] events by (time, id), so the list does not depend on
    /// the order events arrive in.
    ids: Vec<EventKey>,
    ids_omitted: u64,
    /// This alert gathers failed attempts only ([`Match::failed_attempt`]): one level lower.
    attempts: bool,
    failed_calls: u64,
    error_codes: Values,
    /// The correlation bursts whose events this alert gathers (their entries in
    /// [`Aggregator::bursts`] go when it is taken).
    bursts: Vec<u64>,
}

impl Acc {
    fn new(rule: Arc<RuleInfo>, actor: Option<String>, window_start: i64, window_ms: i64) -> Acc {
        Acc {
            rule,
            actor,
            window_start,
            window_ms,
            count: 0,
            first: (i64::MAX, String::new(), String::new()),
            last: (i64::MIN, String::new()),
            keys: Values::default(),
            ips: Values::default(),
            agents: Values::default(),
            regions: Values::default(),
            accounts: Values::default(),
            names: Values::default(),
            resources: Values::default(),
            group: Vec::new(),
            omitted: 0,
            ids: Vec::new(),
            ids_omitted: 0,
            attempts: false,
            failed_calls: 0,
            error_codes: Values::default(),
            bursts: Vec::new(),
        }
    }

    /// When no more events can join this alert, in event time before lateness: the end of a
    /// stateless window; for a correlation burst, a timespan after its latest event (a match
    /// later than that starts a new burst).
    fn closes_at(&self) -> i64 {
        if self.rule.correlation {
            let span = self
                .rule
                .timespan
                .and_then(|d| i64::try_from(d.as_millis()).ok())
                .unwrap_or(STATELESS_WINDOW_MS);
            self.last.0.saturating_add(span)
        } else {
            self.window_start.saturating_add(self.window_ms)
        }
    }

    /// Keeps an event id, the earliest [`MAX_EVENT_IDS`] of them, in order. Events mostly
    /// come in order, so the usual case is a push (or, once full, one comparison).
    fn event_id(&mut self, t: i64, id: &str) {
        let after_last = self
            .ids
            .last()
            .is_none_or(|last| !EventKey::precedes(t, id, last));
        if self.ids.len() >= MAX_EVENT_IDS {
            if after_last {
                self.ids_omitted += 1;
                return;
            }
            self.ids.pop();
            self.ids_omitted += 1;
        }
        let key = EventKey(t, id.to_owned());
        if after_last {
            if self.ids.last() != Some(&key) {
                self.ids.push(key);
            }
            return;
        }
        if let Err(at) = self.ids.binary_search(&key) {
            self.ids.insert(at, key);
        }
    }

    /// Records the first/last event; ties are broken by event id so the result does not
    /// depend on input order.
    /// `first.2` is the match whose `origin:record` is the first event's location (formatted
    /// only when it becomes the first).
    fn span(&mut self, first: (i64, &str, &Match), last: (i64, &str)) {
        if (first.0, first.1) < (self.first.0, self.first.1.as_str()) {
            let location = format!("{}:{}", first.2.origin, first.2.record);
            self.first = (first.0, first.1.to_owned(), location);
        }
        if (last.0, last.1) > (self.last.0, self.last.1.as_str()) {
            self.last = (last.0, last.1.to_owned());
        }
    }

    fn values(&mut self, m: &Match) {
        let ok = [
            self.keys.add(m.access_key_id.as_deref()),
            self.ips.add(m.source_ip.as_deref()),
            self.agents.add(m.user_agent.as_deref()),
            self.regions.add(m.region.as_deref()),
            self.accounts.add(m.account.as_deref()),
            self.names.add(m.event_name.as_deref()),
        ];
        for r in &m.resources {
            if !self.resources.add(Some(r)) {
                self.omitted += 1;
            }
        }
        self.omitted += ok.iter().filter(|ok| !**ok).count() as u64;
    }

    fn into_alert(self) -> Alert {
        let info = &self.rule;
        Alert {
            rule: alert_rule(info),
            severity: if self.attempts {
                info.level.lowered()
            } else {
                info.level
            },
            log: info.log.logsource().to_owned(),
            response: response(info),
            actor: self.actor,
            window_start: millis(self.window_start),
            window_end: millis(self.window_start.saturating_add(self.window_ms)),
            count: self.count,
            first_time: millis(self.first.0),
            last_time: millis(self.last.0),
            first_event_id: self.first.1,
            last_event_id: self.last.1,
            access_key_ids: self.keys.into_vec(),
            source_ips: self.ips.into_vec(),
            user_agents: self.agents.into_vec(),
            regions: self.regions.into_vec(),
            accounts: self.accounts.into_vec(),
            event_names: self.names.into_vec(),
            resources: self.resources.into_vec(),
            group: self.group,
            first_location: self.first.2,
            values_omitted: self.omitted,
            event_ids: self.ids.into_iter().map(|k| k.1).collect(),
            event_ids_omitted: self.ids_omitted,
            failed_calls: self.failed_calls,
            error_codes: self.error_codes.into_vec(),
        }
    }
}

fn millis(t: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(t)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

fn bucket(t: i64, width: i64) -> i64 {
    t.div_euclid(width.max(1)) * width.max(1)
}

/// An open alert's identity as one string: rule (and whether it gathers failed attempts or
/// which correlation group), actor and window start, separated by control characters no
/// field holds unescaped. One string so a match of an open alert is looked up by a borrowed
/// key built in a reused buffer, without an allocation per match.
type Key = String;

/// Writes an alert key (see [`Key`]) into `buf`.
fn write_key(buf: &mut String, rule: &str, variant: &str, actor: Option<&str>, start: i64) {
    use std::fmt::Write;
    buf.clear();
    buf.push_str(rule);
    buf.push('\u{1e}');
    buf.push_str(variant);
    buf.push('\u{1e}');
    match actor {
        // `\u{2}` and `\u{3}` keep "no actor" apart from an empty one.
        None => buf.push('\u{2}'),
        Some(a) => {
            buf.push('\u{3}');
            buf.push_str(a);
        }
    }
    let _ = write!(buf, "\u{1e}{start}");
}

/// Folds matches and correlation matches into alerts, one per rule, actor and window.
#[derive(Debug, Default)]
pub struct Aggregator {
    open: HashMap<Key, Acc>,
    /// Scratch buffer for the key of the match being added.
    key: String,
    /// The open alert of each correlation burst ([`CorrelationMatch::burst`]): a continuing
    /// event of a burst finds its alert here instead of rebuilding the key from its group.
    bursts: HashMap<u64, Key>,
}

impl Aggregator {
    /// An empty aggregator.
    pub fn new() -> Aggregator {
        Aggregator::default()
    }

    /// Open alerts so far.
    pub fn len(&self) -> usize {
        self.open.len()
    }

    /// True when no alert is open.
    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
    }

    /// Adds one stateless match (ignored when its rule does not generate alerts on its own).
    pub fn add_match(&mut self, m: &Match) {
        if !m.rule.generate {
            return;
        }
        let actor = match m.rule.log {
            // A GuardDuty finding is about a resource, not a caller's address.
            LogKind::CloudTrail | LogKind::GuardDuty => m.actor.clone(),
            _ => m.source_ip.clone(),
        };
        let t = m.time.map_or(0, |t| t.timestamp_millis());
        let start = bucket(t, STATELESS_WINDOW_MS);
        // Failed attempts are an alert of their own, beside the successful calls.
        let attempts = m.failed_attempt();
        let variant = if attempts { "failed" } else { "" };
        write_key(&mut self.key, &m.rule.id, variant, actor.as_deref(), start);
        if !self.open.contains_key(self.key.as_str()) {
            let mut acc = Acc::new(m.rule.clone(), actor, start, STATELESS_WINDOW_MS);
            acc.attempts = attempts;
            self.open.insert(self.key.clone(), acc);
        }
        let Some(acc) = self.open.get_mut(self.key.as_str()) else {
            return;
        };
        acc.count += 1;
        if let Some(code) = m.error_code.as_deref() {
            acc.failed_calls += 1;
            if !acc.error_codes.add(Some(code)) {
                acc.omitted += 1;
            }
        }
        acc.span((t, &m.event_id, m), (t, &m.event_id));
        acc.values(m);
        acc.event_id(t, &m.event_id);
    }

    /// Adds one correlation match. `m` is the base-rule match that completed it (its facts
    /// describe the last event of the window).
    pub fn add_correlation(&mut self, c: &CorrelationMatch, m: &Match) {
        let first = c.first_time.timestamp_millis();
        // A continuing event of a burst whose alert is open goes to that alert; otherwise the
        // key is built from the rule, the group, the actor and the burst's start.
        let open_burst = match self.bursts.get(&c.burst) {
            Some(key) if self.open.contains_key(key.as_str()) => {
                self.key.clear();
                self.key.push_str(key);
                true
            }
            _ => false,
        };
        if !open_burst {
            let grouped_actor = c
                .group
                .iter()
                .find(|(name, _)| {
                    matches!(
                        name.as_str(),
                        "userIdentity.arn" | "userIdentity.principalId"
                    ) || SOURCE_ADDRESS_FIELDS.contains(&name.as_str())
                })
                .and_then(|(_, value)| value.clone());
            let actor = grouped_actor.or_else(|| match c.rule.log {
                LogKind::CloudTrail | LogKind::GuardDuty => c.actor.clone(),
                _ => c.source_ip.clone(),
            });
            // One alert per burst: keyed by the burst's first event, its window running from
            // there to its latest event (see `correlate`).
            let start = c.burst_start.timestamp_millis();
            let mut group_key = String::new();
            for (i, (name, value)) in c.group.iter().enumerate() {
                if i > 0 {
                    group_key.push('\u{1f}');
                }
                group_key.push_str(name);
                group_key.push('=');
                group_key.push_str(value.as_deref().unwrap_or(""));
            }
            write_key(
                &mut self.key,
                &c.rule.id,
                &group_key,
                actor.as_deref(),
                start,
            );
            let acc = self.open.entry(self.key.clone()).or_insert_with(|| {
                let mut acc = Acc::new(c.rule.clone(), actor, start, 1);
                acc.group = c
                    .group
                    .iter()
                    .map(|(name, value)| AlertField {
                        name: name.clone(),
                        value: value.clone(),
                    })
                    .collect();
                acc
            });
            acc.bursts.push(c.burst);
            self.bursts.insert(c.burst, self.key.clone());
        }
        let Some(acc) = self.open.get_mut(self.key.as_str()) else {
            return;
        };
        acc.count += c.events;
        let last = c.last_time.timestamp_millis();
        acc.window_ms = acc
            .window_ms
            .max(last.saturating_sub(acc.window_start).saturating_add(1));
        for (t, id) in &c.event_ids {
            acc.event_id(t.timestamp_millis(), id);
        }
        acc.span(
            (first, &c.first_event_id, m),
            (c.last_time.timestamp_millis(), &c.last_event_id),
        );
        acc.values(m);
        if let Some(ip) = &c.source_ip {
            if !acc.ips.add(Some(ip)) {
                acc.omitted += 1;
            }
        }
    }

    /// Takes the alerts that no further event can change: those that closed (see
    /// [`Aggregator::closes_at`]) at or before `watermark` (milliseconds of event time), sorted
    /// as [`Aggregator::finish`] sorts. A live consumer calls it as time advances; an event
    /// that arrives after its alert was taken starts a new alert for the same window.
    pub fn drain_closed(&mut self, watermark: i64) -> Vec<Alert> {
        let closed: Vec<Key> = self
            .open
            .iter()
            .filter(|(_, acc)| acc.closes_at() <= watermark)
            .map(|(k, _)| k.clone())
            .collect();
        let mut alerts = Vec::with_capacity(closed.len());
        for k in &closed {
            if let Some(acc) = self.open.remove(k) {
                for b in &acc.bursts {
                    self.bursts.remove(b);
                }
                alerts.push(acc.into_alert());
            }
        }
        alerts.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        alerts
    }

    /// The alerts, sorted by first event time, then rule id, actor and window.
    pub fn finish(self) -> Vec<Alert> {
        let mut alerts: Vec<Alert> = self.open.into_values().map(Acc::into_alert).collect();
        alerts.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        alerts
    }
}

/// Where a read problem happened, for the end-of-run summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadProblem {
    /// File or object.
    pub file: String,
    /// Record number (for malformed records) or the last good record (stream errors).
    pub record: u64,
    /// What went wrong.
    pub message: String,
}

/// Counters of a [`Detector`] run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetectStats {
    /// Inputs (files, objects, streams) read.
    pub inputs: u64,
    /// Events read.
    pub events: u64,
    /// Malformed records skipped.
    pub malformed: u64,
    /// Records deliberately skipped (digest files, NLB and connection-log lines).
    pub skipped: u64,
    /// Inputs that stopped early (I/O error, truncated gzip) or could not be read at all.
    pub failed_inputs: u64,
    /// Rule matches (before grouping into alerts).
    pub matches: u64,
    /// The first [`Detector::MAX_PROBLEMS`] problems, in order.
    pub problems: Vec<ReadProblem>,
    /// Problems not kept in `problems`.
    pub problems_omitted: u64,
    /// Correlation counters.
    pub correlation: CorrelatorStats,
}

/// The outcome of reading one input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InputOutcome {
    /// Events read from it.
    pub events: u64,
    /// Malformed records in it.
    pub malformed: u64,
    /// True when the input was read to its end (it may still hold malformed records).
    pub complete: bool,
}

/// Runs inputs through an engine, its correlator and an [`Aggregator`].
#[derive(Debug)]
pub struct Detector<'e> {
    engine: &'e Engine,
    correlator: Correlator<'e>,
    aggregator: Aggregator,
    stats: DetectStats,
    buf: Vec<Match>,
    /// Latest event time of a match, in milliseconds: how far event time has advanced.
    latest: i64,
}

impl<'e> Detector<'e> {
    /// Most read problems kept for the summary; the rest are counted.
    pub const MAX_PROBLEMS: usize = 50;

    /// A detector over `engine`.
    pub fn new(engine: &'e Engine) -> Detector<'e> {
        Detector {
            engine,
            correlator: engine.correlator(),
            aggregator: Aggregator::new(),
            stats: DetectStats::default(),
            buf: Vec::new(),
            latest: i64::MIN,
        }
    }

    /// The engine this detector runs.
    pub(crate) fn engine(&self) -> &'e Engine {
        self.engine
    }

    pub(crate) fn problem(&mut self, file: &str, record: u64, message: String) {
        if self.stats.problems.len() < Self::MAX_PROBLEMS {
            self.stats.problems.push(ReadProblem {
                file: file.to_owned(),
                record,
                message,
            });
        } else {
            self.stats.problems_omitted += 1;
        }
    }

    /// Reads one input to its end (`origin` names it in alerts and problems). Malformed records
    /// are counted and skipped; a stream error ends this input only.
    pub fn read<R: Read + Send + 'static>(&mut self, origin: &str, r: R) -> InputOutcome {
        self.stats.inputs += 1;
        match Reader::new(origin, r) {
            Ok(reader) => self.run_reader(origin, reader),
            Err(e) => {
                self.stats.failed_inputs += 1;
                self.problem(origin, e.record(), e.detail());
                InputOutcome::default()
            }
        }
    }

    /// Records an input that could not be opened at all (an S3 object that `GetObject`
    /// refused, a path that vanished), so the run summary names it.
    pub fn record_failure(&mut self, origin: &str, message: String) {
        self.stats.inputs += 1;
        self.stats.failed_inputs += 1;
        self.problem(origin, 0, message);
    }

    /// Reads a file (as [`Detector::read`]).
    pub fn read_file(&mut self, path: &std::path::Path) -> InputOutcome {
        let origin = path.display().to_string();
        match std::fs::File::open(path) {
            Ok(f) => self.read(&origin, f),
            Err(e) => {
                self.stats.inputs += 1;
                self.stats.failed_inputs += 1;
                self.problem(&origin, 0, e.to_string());
                InputOutcome::default()
            }
        }
    }

    pub(crate) fn run_reader(&mut self, origin: &str, mut reader: Reader) -> InputOutcome {
        let mut outcome = InputOutcome {
            complete: true,
            ..Default::default()
        };
        for item in reader.by_ref() {
            match item {
                Ok(ev) => {
                    outcome.events += 1;
                    let mut buf = std::mem::take(&mut self.buf);
                    buf.clear();
                    self.engine.process_into(&ev, &mut buf);
                    self.add_matches(&buf);
                    self.buf = buf;
                }
                Err(e @ ReadError::Malformed { .. }) => {
                    outcome.malformed += 1;
                    self.problem(origin, e.record(), e.detail());
                }
                Err(e) => {
                    outcome.complete = false;
                    self.problem(origin, e.record(), e.detail());
                }
            }
        }
        self.end_input(outcome, reader.stats().skipped);
        outcome
    }

    /// Folds matches, in input order, into the correlation windows and the alerts.
    pub(crate) fn add_matches(&mut self, matches: &[Match]) {
        self.stats.matches += matches.len() as u64;
        for m in matches {
            if let Some(t) = m.time {
                self.latest = self.latest.max(t.timestamp_millis());
            }
            self.aggregator.add_match(m);
            for c in self.correlator.observe(m) {
                self.aggregator.add_correlation(&c, m);
            }
        }
    }

    /// Counts one more input (before [`Detector::end_input`] or [`Detector::fail_input`]).
    pub(crate) fn begin_input(&mut self) {
        self.stats.inputs += 1;
    }

    /// Counts what an input gave once it has been read (to its end or not).
    pub(crate) fn end_input(&mut self, outcome: InputOutcome, skipped: u64) {
        self.stats.events += outcome.events;
        self.stats.malformed += outcome.malformed;
        self.stats.skipped += skipped;
        if !outcome.complete {
            self.stats.failed_inputs += 1;
        }
    }

    /// Counts an input that could not be read at all (its problem is recorded separately).
    pub(crate) fn fail_input(&mut self) {
        self.stats.failed_inputs += 1;
    }

    /// Counts problems not kept in the summary.
    pub(crate) fn omit_problems(&mut self, n: u64) {
        self.stats.problems_omitted += n;
    }

    /// Counters so far.
    pub fn stats(&self) -> &DetectStats {
        &self.stats
    }

    /// The alerts whose window has closed, taken out of the detector (live consumers: `detect
    /// --sqs`, `watch`). A window closes when the latest event time seen, or `now` when given
    /// (a quiet queue: wall-clock time stands in for event time), is past its end by the
    /// engine's allowed lateness; until then a late event could still join it.
    pub fn drain_closed(&mut self, now: Option<DateTime<Utc>>) -> Vec<Alert> {
        let lateness = i64::try_from(self.engine.lateness().as_millis()).unwrap_or(i64::MAX / 4);
        let latest = self
            .latest
            .max(now.map_or(i64::MIN, |t| t.timestamp_millis()));
        self.aggregator
            .drain_closed(latest.saturating_sub(lateness))
    }

    /// Ends the run: the alerts (sorted) and the counters.
    pub fn finish(self) -> (Vec<Alert>, DetectStats) {
        let mut stats = self.stats;
        stats.correlation = self.correlator.finish();
        (self.aggregator.finish(), stats)
    }
}

/// Alerts at or above `min`.
pub fn count_at_or_above(alerts: &[Alert], min: Severity) -> usize {
    alerts.iter().filter(|a| a.severity >= min).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acc() -> Acc {
        let info = crate::Engine::builder()
            .build()
            .expect("built-in rules load")
            .loaded()[0]
            .clone();
        Acc::new(info, None, 0, 1)
    }

    /// The id list is the earliest MAX_EVENT_IDS by (time, natural id order), whatever order
    /// the events come in.
    #[test]
    fn event_ids_are_the_earliest_in_natural_order_whatever_the_arrival_order() {
        let ids: Vec<(i64, String)> = (0..600).map(|i| (i / 7, format!("f:{i}"))).collect();
        let mut want: Vec<String> = ids.iter().map(|(_, id)| id.clone()).collect();
        want.truncate(MAX_EVENT_IDS);
        let orders: [Vec<usize>; 3] = [
            (0..600).collect(),
            (0..600).rev().collect(),
            (0..600).map(|i| (i * 277) % 600).collect(),
        ];
        for order in orders {
            let mut a = acc();
            for &i in &order {
                a.event_id(ids[i].0, &ids[i].1);
            }
            let got: Vec<String> = a.ids.iter().map(|k| k.1.clone()).collect();
            assert_eq!(got, want);
            assert_eq!(a.ids_omitted, 600 - MAX_EVENT_IDS as u64);
        }
    }

    #[test]
    fn value_lists_keep_distinct_values_up_to_the_cap_sorted() {
        let mut v = Values::default();
        for i in (0..30).rev() {
            let s = format!("v{i:02}");
            let kept = v.add(Some(&s));
            assert_eq!(kept, i >= 10, "{s}");
            assert!(
                v.add(Some(&s)) || i < 10,
                "a value already there is always accepted"
            );
        }
        assert!(v.add(None) && v.add(Some("")));
        let list = v.into_vec();
        assert_eq!(list.len(), MAX_VALUES);
        assert_eq!(list.first().map(String::as_str), Some("v10"));
        assert_eq!(list.last().map(String::as_str), Some("v29"));
    }
}
