//! [`Event`]: one log record (a CloudTrail event or another JSON record, a log line)
//! kept as its raw bytes plus an index, with fields decoded only when a rule asks for them.

use std::borrow::Cow;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};

use crate::json::{self, JsonError, Raw, Tape};

/// Which log an event came from; Sigma rules are routed to events by it (see
/// [`LogKind::sigma_logsource`]).
///
/// Sigma logsource mapping (SigmaHQ's own names where SigmaHQ has a logsource for the log,
/// ours under `product: aws` where it has none):
///
/// | kind | logsource | field names |
/// |---|---|---|
/// | [`LogKind::CloudTrail`] | `product: aws, service: cloudtrail` | CloudTrail's |
/// | [`LogKind::VpcFlow`] | `product: aws, service: vpcflow` | [`crate::read::flow`] |
/// | [`LogKind::Alb`] | `product: aws, service: alb` | [`crate::read::alb`] |
/// | [`LogKind::S3Access`] | `product: aws, service: s3access` | [`crate::read::s3access`] |
/// | [`LogKind::Waf`] | `product: aws, service: waf` | AWS WAF's JSON |
/// | [`LogKind::Resolver`] | `product: aws, service: route53resolver` | Resolver's JSON plus [`RESOLVER_DERIVED`] |
/// | [`LogKind::GuardDuty`] | `product: aws, service: guardduty` | the finding's JSON |
/// | [`LogKind::LinuxAuth`] | `product: linux, service: auth` (also `service: sshd`) | [`crate::read::syslog`] |
/// | [`LogKind::WebAccess`] | `category: webserver` (any or no product) | [`crate::read::web`] |
///
/// SigmaHQ's webserver rules use W3C names (`cs-uri-query`, `c-useragent`); ours are named
/// after the log format's own fields (`path`, `user_agent`), so those rules load but must be
/// adapted to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum LogKind {
    /// CloudTrail management/data events (S3 delivery, CloudTrail Lake, EventBridge `detail`).
    CloudTrail,
    /// VPC Flow Logs; field names are the flow log field names (`srcaddr`, `dstport`, ...).
    VpcFlow,
    /// Application Load Balancer access logs.
    Alb,
    /// S3 server access logs (the space-separated format, not CloudTrail data events).
    S3Access,
    /// AWS WAF web ACL logs (JSON lines); time is `timestamp` (epoch milliseconds).
    Waf,
    /// Route 53 Resolver query logs (JSON lines); time is `query_timestamp`.
    Resolver,
    /// GuardDuty findings exported to S3 (JSON lines); time is `updatedAt`.
    GuardDuty,
    /// Linux `auth.log` / `secure` (syslog) and journald JSON, normalised to one schema.
    LinuxAuth,
    /// nginx / Apache access logs (common and combined formats).
    WebAccess,
}

/// A Sigma logsource: the `product`, `category` and `service` a rule names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigmaLogsource {
    /// `product`, when the logsource names one.
    pub product: Option<&'static str>,
    /// `category`, when the logsource names one.
    pub category: Option<&'static str>,
    /// `service`, when the logsource names one.
    pub service: Option<&'static str>,
}

/// Derived fields of Route 53 Resolver events, computed from `query_name` (trailing dot
/// removed) when a rule asks: the name's length, its longest label's length, and the Shannon
/// entropy (bits per character) of its first label as text with two decimals, for tunnelling
/// rules comparing with `gt`.
pub const RESOLVER_DERIVED: [&str; 3] = [
    "query_name_length",
    "query_label_max_length",
    "query_label_entropy",
];

impl LogKind {
    /// A short unique name of the kind (alerts' `log` field): the Sigma `service`, or
    /// `webserver` for web access logs.
    pub fn logsource(self) -> &'static str {
        match self {
            LogKind::CloudTrail => "cloudtrail",
            LogKind::VpcFlow => "vpcflow",
            LogKind::Alb => "alb",
            LogKind::S3Access => "s3access",
            LogKind::Waf => "waf",
            LogKind::Resolver => "route53resolver",
            LogKind::GuardDuty => "guardduty",
            LogKind::LinuxAuth => "auth",
            LogKind::WebAccess => "webserver",
        }
    }

    /// The Sigma logsource rules for this kind name.
    pub fn sigma_logsource(self) -> SigmaLogsource {
        let aws = |service| SigmaLogsource {
            product: Some("aws"),
            category: None,
            service: Some(service),
        };
        match self {
            LogKind::LinuxAuth => SigmaLogsource {
                product: Some("linux"),
                category: None,
                service: Some("auth"),
            },
            LogKind::WebAccess => SigmaLogsource {
                product: None,
                category: Some("webserver"),
                service: None,
            },
            other => aws(other.logsource()),
        }
    }

    /// The kind a rule's logsource selects, if we read that log. `product: linux` also accepts
    /// `service: sshd` (SigmaHQ uses both for sshd messages); `category: webserver` accepts any
    /// product (SigmaHQ's webserver rules name none, others name `nginx` or `apache`); a bare
    /// `service: cloudtrail` (SigmaHQ's older AWS rules name no product) is CloudTrail.
    pub fn from_logsource(
        product: Option<&str>,
        category: Option<&str>,
        service: Option<&str>,
    ) -> Option<LogKind> {
        match (product, category, service) {
            (_, Some("webserver"), None) => Some(LogKind::WebAccess),
            (Some("linux"), None, Some("auth" | "sshd")) => Some(LogKind::LinuxAuth),
            (None, None, Some("cloudtrail")) => Some(LogKind::CloudTrail),
            (Some("aws"), None, Some(s)) => LogKind::ALL
                .into_iter()
                .find(|k| k.sigma_logsource().product == Some("aws") && k.logsource() == s),
            _ => None,
        }
    }

    /// Position of the kind in [`LogKind::ALL`] (the engine's routing slot).
    pub(crate) fn slot(self) -> usize {
        self as usize
    }

    /// All kinds, in a stable order (their declaration order, checked by a test).
    pub const ALL: [LogKind; 9] = [
        LogKind::CloudTrail,
        LogKind::VpcFlow,
        LogKind::Alb,
        LogKind::S3Access,
        LogKind::Waf,
        LogKind::Resolver,
        LogKind::GuardDuty,
        LogKind::LinuxAuth,
        LogKind::WebAccess,
    ];
}

/// Field names and the shared header of a line-oriented log (flow logs, ALB).
#[derive(Debug)]
pub(crate) struct Header {
    pub names: Vec<Box<str>>,
}

impl Header {
    pub(crate) fn new(names: Vec<Box<str>>) -> Arc<Header> {
        Arc::new(Header { names })
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| &**n == name)
    }
}

#[derive(Debug)]
enum Data {
    /// The record as text (UTF-8 checked once, when it was taken) and its structure.
    Json { raw: String, tape: Tape },
    /// `text` holds the line (and derived values appended after it); `spans[i]` is the value of
    /// `header.names[i]`, `None` for `-` (absent).
    Line {
        text: String,
        header: Arc<Header>,
        spans: Vec<Option<(u32, u32)>>,
    },
}

/// One log record. Cheap to create: CloudTrail records are validated and their top-level
/// members indexed, nothing else is decoded until a rule or the caller asks.
#[derive(Debug)]
pub struct Event {
    kind: LogKind,
    origin: Arc<str>,
    record: u64,
    data: Data,
}

impl Event {
    /// Builds a CloudTrail-style JSON event from the bytes of one JSON object. `origin` names the
    /// file or object it came from and `record` is its 1-based record number there.
    pub fn from_json(
        kind: LogKind,
        origin: Arc<str>,
        record: u64,
        bytes: Vec<u8>,
    ) -> Result<Event, JsonError> {
        let tape = json::index_object(&bytes)?;
        let raw = String::from_utf8(bytes).map_err(|e| JsonError {
            offset: e.utf8_error().valid_up_to(),
            reason: "invalid UTF-8",
        })?;
        Ok(Event {
            kind,
            origin,
            record,
            data: Data::Json { raw, tape },
        })
    }

    /// Builds a flat event from name/value pairs (a value of `None` is absent), as the line
    /// readers do; useful for tests and for other sources.
    pub fn from_fields(
        kind: LogKind,
        origin: Arc<str>,
        record: u64,
        fields: &[(&str, Option<&str>)],
    ) -> Event {
        let header = Header::new(fields.iter().map(|(n, _)| Box::from(*n)).collect());
        let mut text = String::new();
        let mut spans = Vec::with_capacity(fields.len());
        for (_, v) in fields {
            spans.push(v.map(|v| {
                let s = text.len() as u32;
                text.push_str(v);
                (s, text.len() as u32)
            }));
        }
        Event::from_line_parts(kind, origin, record, text, header, spans)
    }

    /// Builds a JSON event from a record whose structure [`json::index_at`] validated.
    pub(crate) fn from_indexed(
        kind: LogKind,
        origin: Arc<str>,
        record: u64,
        text: String,
        tape: Tape,
    ) -> Event {
        Event {
            kind,
            origin,
            record,
            data: Data::Json { raw: text, tape },
        }
    }

    pub(crate) fn from_line_parts(
        kind: LogKind,
        origin: Arc<str>,
        record: u64,
        text: String,
        header: Arc<Header>,
        spans: Vec<Option<(u32, u32)>>,
    ) -> Event {
        Event {
            kind,
            origin,
            record,
            data: Data::Line {
                text,
                header,
                spans,
            },
        }
    }

    /// The log this event came from.
    pub fn kind(&self) -> LogKind {
        self.kind
    }

    /// The file or object name the event was read from.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// 1-based record number in its origin (array element for CloudTrail, line for text logs).
    pub fn record(&self) -> u64 {
        self.record
    }

    /// A stable id: CloudTrail's `eventID`, otherwise `origin:record`.
    pub fn id(&self) -> String {
        if let Some(id) = self.top_str("eventID") {
            return id.into_owned();
        }
        format!("{}:{}", self.origin, self.record)
    }

    /// The raw text of the record (JSON for CloudTrail, the line for flow and ALB logs), used by
    /// Sigma keyword searches.
    pub fn raw_text(&self) -> &str {
        match &self.data {
            Data::Json { raw, .. } => raw,
            Data::Line { text, .. } => text,
        }
    }

    /// Event time: CloudTrail `eventTime`, flow log `start` (epoch seconds), ALB `time`, S3
    /// access and web access `time` (`06/Feb/2019:00:00:38 +0000`), WAF `timestamp` (epoch
    /// milliseconds), Resolver `query_timestamp`, GuardDuty `updatedAt` (else `createdAt`),
    /// Linux auth `time` (RFC 3339, normalised by the reader).
    pub fn time(&self) -> Option<DateTime<Utc>> {
        match self.kind {
            LogKind::CloudTrail => parse_time(&self.top_str("eventTime")?),
            LogKind::VpcFlow => {
                let secs: i64 = self.field("start")?.parse().ok()?;
                Utc.timestamp_opt(secs, 0).single()
            }
            LogKind::Alb | LogKind::LinuxAuth => parse_time(&self.field("time")?),
            LogKind::S3Access | LogKind::WebAccess => parse_clf_time(&self.field("time")?),
            LogKind::Waf => {
                // A number as WAF writes it (a string of digits is accepted too).
                let ms: i64 = self.field("timestamp")?.parse().ok()?;
                Utc.timestamp_millis_opt(ms).single()
            }
            LogKind::Resolver => parse_time(&self.top_str("query_timestamp")?),
            LogKind::GuardDuty => parse_time(
                &self
                    .top_str("updatedAt")
                    .or_else(|| self.top_str("createdAt"))?,
            ),
        }
    }

    /// The first value of a dotted field path as text (strings decoded, other JSON as compact
    /// text); `None` when absent or null.
    pub fn field(&self, path: &str) -> Option<String> {
        let mut out = None;
        self.values(path, &mut |v| {
            out = v.map(Cow::into_owned);
            out.is_some()
        });
        out
    }

    /// Calls `f` with every value at `path` (arrays fanned out; `None` for a JSON null) until it
    /// returns true. Returns whether it did; absent fields call `f` zero times. CloudTrail paths
    /// under `cloudward.` are derived facts ([`crate::derived`]), not members of the record.
    pub(crate) fn values(
        &self,
        path: &str,
        f: &mut dyn FnMut(Option<Cow<'_, str>>) -> bool,
    ) -> bool {
        if self.kind == LogKind::CloudTrail && path.starts_with(crate::derived::PREFIX) {
            return crate::derived::values(self, path, &crate::derived::Context::default(), f);
        }
        if self.kind == LogKind::Resolver && RESOLVER_DERIVED.contains(&path) {
            return match self.top_str("query_name") {
                Some(name) => f(Some(Cow::Owned(resolver_derived(path, &name)))),
                None => false,
            };
        }
        match &self.data {
            Data::Json { raw, tape } => {
                // The record is an object, so an empty path finds nothing (as before the tape).
                !path.is_empty() && json::resolve_node(raw, tape, 0, path, &mut |v| f(v.text()))
            }
            Data::Line {
                text,
                header,
                spans,
            } => match header.position(path) {
                Some(i) => match spans.get(i).copied().flatten() {
                    Some((s, e)) => f(text.get(s as usize..e as usize).map(Cow::Borrowed)),
                    None => false,
                },
                None => false,
            },
        }
    }

    /// Calls `f(i, value)` for every value at `paths[i]` (dotted, relative) below the top-level
    /// member `parent`, in one pass over that member's members (in document order; `None` for
    /// a JSON null) until `f` returns true. Returns whether it did. For many paths under one
    /// object (the resource names in `requestParameters`), instead of a lookup each.
    pub(crate) fn values_below(
        &self,
        parent: &str,
        paths: &[&str],
        f: &mut dyn FnMut(usize, Option<Cow<'_, str>>) -> bool,
    ) -> bool {
        let Data::Json { raw, tape } = &self.data else {
            return false;
        };
        let Some((node, _)) = tape.member(raw.as_bytes(), parent) else {
            return false;
        };
        tape.children(node).any(|(c, n)| {
            let key = json::span(raw.as_bytes(), n.key);
            paths.iter().enumerate().any(|(i, path)| {
                json::rest_of_path(key, n.key_escaped(), path).is_some_and(|rest| {
                    json::resolve_node(raw, tape, c, rest, &mut |v| f(i, v.text()))
                })
            })
        })
    }

    /// Whether a JSON event has the top-level member `key`.
    pub(crate) fn has_top(&self, key: &str) -> bool {
        self.top_raw(key).is_some()
    }

    /// The raw bytes of a top-level member's value.
    pub(crate) fn top_raw(&self, key: &str) -> Option<&[u8]> {
        match &self.data {
            Data::Json { raw, tape } => {
                let raw = raw.as_bytes();
                tape.member(raw, key).map(|(_, n)| json::span(raw, n.value))
            }
            Data::Line { .. } => None,
        }
    }

    /// The byte span (`start..end`) of a top-level member's value in the record.
    pub(crate) fn top_span(&self, key: &str) -> Option<(usize, usize)> {
        match &self.data {
            Data::Json { raw, tape } => tape
                .member(raw.as_bytes(), key)
                .map(|(_, n)| (n.value.0 as usize, n.value.1 as usize)),
            Data::Line { .. } => None,
        }
    }

    /// The record's bytes (JSON events) or line text, giving up the event.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        match self.data {
            Data::Json { raw, .. } => raw.into_bytes(),
            Data::Line { text, .. } => text.into_bytes(),
        }
    }

    /// A top-level string member of a JSON event, decoded (no dotted paths, no fan-out).
    pub(crate) fn top_str(&self, key: &str) -> Option<Cow<'_, str>> {
        match &self.data {
            Data::Json { raw, tape } => tape
                .member(raw.as_bytes(), key)
                .and_then(|(_, n)| Raw(json::span_str(raw, n.value)).as_str()),
            Data::Line { .. } => None,
        }
    }
}

/// Parses an RFC 3339 timestamp (CloudTrail `eventTime`, ALB `time`). The common
/// `2026-11-01T10:00:00Z` form (CloudTrail's, and the one the syslog reader writes) is read by
/// hand; anything else goes to chrono.
pub(crate) fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
    {
        if let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(sec)) = (
            digits(&b[0..4]),
            digits(&b[5..7]),
            digits(&b[8..10]),
            digits(&b[11..13]),
            digits(&b[14..16]),
            digits(&b[17..19]),
        ) {
            // A leap second (:60) or an impossible date falls through to chrono's verdict.
            if let Some(t) = i32::try_from(y)
                .ok()
                .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, mo, d))
                .and_then(|d| d.and_hms_opt(h, mi, sec))
            {
                return Some(Utc.from_utc_datetime(&t));
            }
        }
    }
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Parses the Common Log Format time (`06/Feb/2019:00:00:38 +0000`, brackets removed) of web
/// and S3 access logs. Hand-written for the fixed layout: it runs for every line (chrono's
/// format parser cost a fifth of the read time).
pub(crate) fn parse_clf_time(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() != 26 || b[2] != b'/' || b[6] != b'/' || b[11] != b':' || b[14] != b':' {
        return None;
    }
    if b[17] != b':' || b[20] != b' ' || !matches!(b[21], b'+' | b'-') {
        return None;
    }
    let day = digits(&b[0..2])?;
    let month = month_number(&b[3..6])?;
    let year = digits(&b[7..11])?;
    let (h, m, sec) = (
        digits(&b[12..14])?,
        digits(&b[15..17])?,
        digits(&b[18..20])?,
    );
    let offset = i64::from(digits(&b[22..24])? * 3600 + digits(&b[24..26])? * 60);
    let offset = if b[21] == b'-' { -offset } else { offset };
    let naive = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?
        .and_hms_opt(h, m, sec)?;
    Some(Utc.from_utc_datetime(&naive) - chrono::Duration::seconds(offset))
}

/// The value of a run of ASCII digits (at most 9 of them); `None` for anything else.
pub(crate) fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// 1-12 for `Jan`..`Dec` (as CLF and syslog write them).
pub(crate) fn month_number(b: &[u8]) -> Option<u32> {
    const MONTHS: [&[u8; 3]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    MONTHS
        .iter()
        .position(|m| &m[..] == b)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// One of [`RESOLVER_DERIVED`] for a query name.
fn resolver_derived(field: &str, name: &str) -> String {
    let name = name.strip_suffix('.').unwrap_or(name);
    match field {
        "query_name_length" => name.len().to_string(),
        "query_label_max_length" => name.split('.').map(str::len).max().unwrap_or(0).to_string(),
        _ => format!(
            "{:.2}",
            shannon_entropy(name.split('.').next().unwrap_or(""))
        ),
    }
}

/// Shannon entropy in bits per byte of `s` (0 for the empty string): random base32/hex
/// labels of DNS tunnels score about 4 and more, words about 2.5 to 3.5.
pub(crate) fn shannon_entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    for &b in s.as_bytes() {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    if n == 0.0 {
        return 0.0;
    }
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            p * (1.0 / p).log2()
        })
        .sum()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn json_event_accessors() {
        let ev = Event::from_json(
            LogKind::CloudTrail,
            "f".into(),
            3,
            br#"{"eventID":"abc","eventTime":"2024-05-01T10:00:00Z","userIdentity":{"arn":"arn:aws:iam::1:user/x"}}"#
                .to_vec(),
        )
        .unwrap();
        assert_eq!(ev.id(), "abc");
        assert_eq!(
            ev.field("userIdentity.arn").unwrap(),
            "arn:aws:iam::1:user/x"
        );
        assert_eq!(ev.time().unwrap().to_rfc3339(), "2024-05-01T10:00:00+00:00");
        assert!(ev.field("nope").is_none());
    }

    #[test]
    fn line_event_accessors() {
        let ev = Event::from_fields(
            LogKind::VpcFlow,
            "f".into(),
            7,
            &[("start", Some("1700000000")), ("srcaddr", None)],
        );
        assert_eq!(ev.id(), "f:7");
        assert!(ev.field("srcaddr").is_none());
        assert_eq!(ev.time().unwrap().timestamp(), 1_700_000_000);
    }

    #[test]
    fn all_is_in_declaration_order_and_logsources_round_trip() {
        for (i, k) in LogKind::ALL.into_iter().enumerate() {
            assert_eq!(k.slot(), i, "{k:?}");
            let ls = k.sigma_logsource();
            assert_eq!(
                LogKind::from_logsource(ls.product, ls.category, ls.service),
                Some(k)
            );
        }
        let names: std::collections::BTreeSet<_> =
            LogKind::ALL.iter().map(|k| k.logsource()).collect();
        assert_eq!(names.len(), LogKind::ALL.len(), "names are unique");
        assert_eq!(
            LogKind::from_logsource(Some("linux"), None, Some("sshd")),
            Some(LogKind::LinuxAuth)
        );
        assert_eq!(
            LogKind::from_logsource(Some("nginx"), Some("webserver"), None),
            Some(LogKind::WebAccess)
        );
        assert_eq!(
            LogKind::from_logsource(Some("windows"), None, Some("security")),
            None
        );
        assert_eq!(
            LogKind::from_logsource(Some("aws"), None, Some("auth")),
            None
        );
        assert_eq!(
            LogKind::from_logsource(None, None, Some("cloudtrail")),
            Some(LogKind::CloudTrail)
        );
        assert_eq!(
            LogKind::from_logsource(None, None, Some("vpcflow")),
            None,
            "only CloudTrail is known without a product"
        );
    }

    #[test]
    fn resolver_derived_fields() {
        assert_eq!(
            resolver_derived("query_name_length", "www.example.com."),
            "15"
        );
        assert_eq!(
            resolver_derived("query_label_max_length", "www.example.com."),
            "7"
        );
        assert_eq!(
            resolver_derived("query_label_entropy", "aaaa.example.com"),
            "0.00"
        );
        assert_eq!(
            resolver_derived("query_label_entropy", "abcd.example.com"),
            "2.00"
        );
        assert_eq!(resolver_derived("query_label_entropy", ""), "0.00");
    }

    #[test]
    fn clf_time() {
        let t = parse_clf_time("06/Feb/2019:00:00:38 +0100").unwrap();
        assert_eq!(t.to_rfc3339(), "2019-02-05T23:00:38+00:00");
        let t = parse_clf_time("31/Dec/2026:23:30:00 -0730").unwrap();
        assert_eq!(t.to_rfc3339(), "2027-01-01T07:00:00+00:00");
        for bad in [
            "06/Foo/2019:00:00:38 +0000",
            "32/Jan/2019:00:00:38 +0000",
            "29/Feb/2027:00:00:38 +0000",
            "06/Feb/2019:24:00:38 +0000",
            "06/Feb/2019:00:00:38 0000",
            "6/Feb/2019:00:00:38 +0000",
            "06/Feb/2019:00:00:38 +0000 ",
            "+6/Feb/2019:00:00:38 +0000",
            "",
        ] {
            assert!(parse_clf_time(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn rfc3339_fast_path_agrees_with_chrono() {
        for s in [
            "2026-11-01T10:00:00Z",
            "2024-02-29T23:59:59Z",
            "2023-02-29T23:59:59Z",
            "2026-13-01T10:00:00Z",
            "2026-11-01T10:00:60Z",
            "2026-11-01T10:00:00.5Z",
            "2026-11-01T10:00:00+02:00",
            "2026-11-01t10:00:00z",
            "+026-11-01T10:00:00Z",
        ] {
            let chrono = DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|t| t.with_timezone(&Utc));
            assert_eq!(parse_time(s), chrono, "{s}");
        }
    }
}
