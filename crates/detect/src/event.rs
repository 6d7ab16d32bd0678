//! [`Event`]: one log record (a CloudTrail event, a VPC flow log line, an ALB access log line)
//! kept as its raw bytes plus an index, with fields decoded only when a rule asks for them.

use std::borrow::Cow;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};

use crate::json::{self, JsonError, Member, Raw};

/// Which log an event came from; Sigma rules are routed to events by it (see [`LogKind::logsource`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum LogKind {
    /// CloudTrail management/data events (S3 delivery, CloudTrail Lake, EventBridge `detail`).
    /// Sigma logsource `product: aws, service: cloudtrail`.
    CloudTrail,
    /// VPC Flow Logs. Our logsource: `product: aws, service: vpcflow`; field names are the
    /// flow log field names (`srcaddr`, `dstport`, `action`, `log-status`, ...).
    VpcFlow,
    /// Application Load Balancer access logs. Our logsource: `product: aws, service: alb`;
    /// field names are listed in [`crate::read::alb`].
    Alb,
}

impl LogKind {
    /// The Sigma `service` value of this kind (product is always `aws`).
    pub fn logsource(self) -> &'static str {
        match self {
            LogKind::CloudTrail => "cloudtrail",
            LogKind::VpcFlow => "vpcflow",
            LogKind::Alb => "alb",
        }
    }

    /// All kinds, in a stable order.
    pub const ALL: [LogKind; 3] = [LogKind::CloudTrail, LogKind::VpcFlow, LogKind::Alb];
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
    Json {
        raw: Vec<u8>,
        top: Vec<Member>,
    },
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
        let top = json::index_object(&bytes)?;
        Ok(Event {
            kind,
            origin,
            record,
            data: Data::Json { raw: bytes, top },
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

    /// Builds a JSON event from bytes already validated by [`json::index_at`].
    pub(crate) fn from_indexed(
        kind: LogKind,
        origin: Arc<str>,
        record: u64,
        bytes: Vec<u8>,
        top: Vec<Member>,
    ) -> Event {
        Event {
            kind,
            origin,
            record,
            data: Data::Json { raw: bytes, top },
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
            Data::Json { raw, .. } => std::str::from_utf8(raw).unwrap_or_default(),
            Data::Line { text, .. } => text,
        }
    }

    /// Event time: CloudTrail `eventTime`, flow log `start` (epoch seconds), ALB `time`.
    pub fn time(&self) -> Option<DateTime<Utc>> {
        match self.kind {
            LogKind::CloudTrail => parse_time(&self.top_str("eventTime")?),
            LogKind::VpcFlow => {
                let secs: i64 = self.field("start")?.parse().ok()?;
                Utc.timestamp_opt(secs, 0).single()
            }
            LogKind::Alb => parse_time(&self.field("time")?),
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
        match &self.data {
            Data::Json { raw, top } => {
                let mut g = |v: Raw<'_>| f(v.text());
                for m in top {
                    let key = &raw[m.key.0 as usize..m.key.1 as usize];
                    let val = Raw(&raw[m.value.0 as usize..m.value.1 as usize]);
                    if json::match_member(key, m.escaped, val, path, &mut g) {
                        return true;
                    }
                }
                false
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

    /// Whether a JSON event has the top-level member `key`.
    pub(crate) fn has_top(&self, key: &str) -> bool {
        self.top_raw(key).is_some()
    }

    /// The raw bytes of a top-level member's value.
    pub(crate) fn top_raw(&self, key: &str) -> Option<&[u8]> {
        match &self.data {
            Data::Json { raw, top } => top.iter().find_map(|m| {
                let k = &raw[m.key.0 as usize..m.key.1 as usize];
                json::key_eq(k, m.escaped, key)
                    .then(|| &raw[m.value.0 as usize..m.value.1 as usize])
            }),
            Data::Line { .. } => None,
        }
    }

    /// The byte span (`start..end`) of a top-level member's value in the record.
    pub(crate) fn top_span(&self, key: &str) -> Option<(usize, usize)> {
        match &self.data {
            Data::Json { raw, top } => top.iter().find_map(|m| {
                let k = &raw[m.key.0 as usize..m.key.1 as usize];
                json::key_eq(k, m.escaped, key).then_some((m.value.0 as usize, m.value.1 as usize))
            }),
            Data::Line { .. } => None,
        }
    }

    /// The record's bytes (JSON events) or line text, giving up the event.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        match self.data {
            Data::Json { raw, .. } => raw,
            Data::Line { text, .. } => text.into_bytes(),
        }
    }

    /// A top-level string member of a JSON event, decoded (no dotted paths, no fan-out).
    pub(crate) fn top_str(&self, key: &str) -> Option<Cow<'_, str>> {
        match &self.data {
            Data::Json { raw, top } => top.iter().find_map(|m| {
                let k = &raw[m.key.0 as usize..m.key.1 as usize];
                if json::key_eq(k, m.escaped, key) {
                    Raw(&raw[m.value.0 as usize..m.value.1 as usize]).as_str()
                } else {
                    None
                }
            }),
            Data::Line { .. } => None,
        }
    }
}

/// Parses an RFC 3339 timestamp (CloudTrail `eventTime`, ALB `time`).
pub(crate) fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
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
}
