//! VPC Flow Logs reader: space-separated lines, the field list taken from the header line that
//! S3 delivery writes (which is how custom v3–v8 formats are recognised), or the 14-field
//! version 2 default format when there is no header. `-` is an absent value. NODATA / SKIPDATA
//! records are yielded (their `action` etc. are absent) and counted.
//!
//! Field names in events and Sigma rules are the flow log field names: `version`, `account-id`,
//! `interface-id`, `srcaddr`, `dstaddr`, `srcport`, `dstport`, `protocol`, `packets`, `bytes`,
//! `start`, `end`, `action`, `log-status`, and any custom field named in the header.

use std::io::BufRead;
use std::sync::Arc;

use crate::event::{Event, Header, LogKind};
use crate::read::lines::{Line, Lines};
use crate::read::{ReadError, ReadStats};

/// The version 2 default format.
pub const DEFAULT_FIELDS: [&str; 14] = [
    "version",
    "account-id",
    "interface-id",
    "srcaddr",
    "dstaddr",
    "srcport",
    "dstport",
    "protocol",
    "packets",
    "bytes",
    "start",
    "end",
    "action",
    "log-status",
];

/// Every field name AWS documents for flow logs (v2–v8); a header must name at least one.
const KNOWN_FIELDS: &[&str] = &[
    "version",
    "account-id",
    "interface-id",
    "srcaddr",
    "dstaddr",
    "srcport",
    "dstport",
    "protocol",
    "packets",
    "bytes",
    "start",
    "end",
    "action",
    "log-status",
    "vpc-id",
    "subnet-id",
    "instance-id",
    "tcp-flags",
    "type",
    "pkt-srcaddr",
    "pkt-dstaddr",
    "region",
    "az-id",
    "sublocation-type",
    "sublocation-id",
    "pkt-src-aws-service",
    "pkt-dst-aws-service",
    "flow-direction",
    "traffic-path",
    "ecs-cluster-arn",
    "ecs-cluster-name",
    "ecs-container-instance-arn",
    "ecs-container-instance-id",
    "ecs-container-id",
    "ecs-second-container-id",
    "ecs-service-name",
    "ecs-task-definition-arn",
    "ecs-task-arn",
    "ecs-task-id",
    "reject-reason",
];

/// Whether `line` is a header: only lowercase field-name tokens, at least one of them known.
fn is_header(line: &[u8]) -> bool {
    let mut any_known = false;
    for tok in line
        .split(|c| c.is_ascii_whitespace())
        .filter(|t| !t.is_empty())
    {
        if !tok[0].is_ascii_lowercase()
            || !tok
                .iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        {
            return false;
        }
        if KNOWN_FIELDS.iter().any(|k| k.as_bytes() == tok) {
            any_known = true;
        }
    }
    any_known
}

/// Whether the first line of a stream looks like a flow log (a header or a v2 record).
pub(crate) fn looks_like_flow(line: &[u8]) -> bool {
    if is_header(line) {
        return true;
    }
    let toks: Vec<&[u8]> = line
        .split(|c| c.is_ascii_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    toks.len() == DEFAULT_FIELDS.len() && toks[0] == b"2"
}

/// Streams flow log records from a buffered reader (decompress first, or use
/// [`crate::read::Reader`]).
pub struct FlowReader<R> {
    lines: Lines<R>,
    header: Option<Arc<Header>>,
    status_idx: Option<usize>,
    start_idx: Option<usize>,
    stats: ReadStats,
}

impl<R> std::fmt::Debug for FlowReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FlowReader")
            .field("origin", &self.lines.origin)
            .field("line", &self.lines.line_no)
            .finish()
    }
}

impl<R: BufRead> FlowReader<R> {
    /// Reads decompressed flow log lines from `r`; `origin` names the file or object.
    pub fn new(origin: impl Into<Arc<str>>, r: R) -> Self {
        FlowReader {
            lines: Lines::new(origin.into(), r, 512),
            header: None,
            status_idx: None,
            start_idx: None,
            stats: ReadStats::default(),
        }
    }

    /// Sets the longest line accepted (default [`crate::read::MAX_LINE`]); a longer line is
    /// a malformed record, skipped without being held in memory.
    pub fn max_line(mut self, bytes: usize) -> Self {
        self.lines.max = bytes;
        self
    }

    /// What was read so far.
    pub fn stats(&self) -> ReadStats {
        self.stats
    }

    fn set_header(&mut self, names: Vec<Box<str>>) {
        self.status_idx = names.iter().position(|n| &**n == "log-status");
        self.start_idx = names.iter().position(|n| &**n == "start");
        self.header = Some(Header::new(names));
    }

    fn malformed(&mut self, offset: u64, reason: String) -> ReadError {
        self.stats.malformed += 1;
        self.lines.malformed(offset, reason)
    }

    fn next_inner(&mut self) -> Result<Option<Event>, ReadError> {
        loop {
            let (offset, line) = match self.lines.next_line()? {
                None => return Ok(None),
                Some((offset, Line::Text(line))) => (offset, line),
                Some((offset, Line::Oversize(len))) => {
                    self.stats.malformed += 1;
                    return Err(self.lines.oversize(offset, len));
                }
            };
            if line[0].is_ascii_lowercase() && is_header(line) {
                let names = line
                    .split(|c| c.is_ascii_whitespace())
                    .filter(|t| !t.is_empty())
                    .map(|t| Box::from(String::from_utf8_lossy(t).as_ref()))
                    .collect();
                self.set_header(names);
                continue;
            }
            let Ok(text) = std::str::from_utf8(line) else {
                return Err(self.malformed(offset, "line is not UTF-8".into()));
            };
            let text = text.to_owned();
            if self.header.is_none() {
                self.set_header(DEFAULT_FIELDS.iter().map(|s| Box::from(*s)).collect());
            }
            let header = self.header.clone().expect("header set just above");
            let mut spans = Vec::with_capacity(header.names.len());
            let bytes = text.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i >= bytes.len() {
                    break;
                }
                let s = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if &bytes[s..i] == b"-" {
                    spans.push(None);
                } else {
                    spans.push(Some((s as u32, i as u32)));
                }
            }
            if spans.len() != header.names.len() {
                let (want, got) = (header.names.len(), spans.len());
                return Err(self.malformed(
                    offset,
                    format!("expected {want} fields as declared by the header, found {got}"),
                ));
            }
            if let Some(Some((s, e))) = self.start_idx.and_then(|i| spans.get(i)) {
                let start = &text[*s as usize..*e as usize];
                if start.parse::<i64>().is_err() {
                    // It would otherwise be placed at the epoch in alerts and windows.
                    let shown: String = start.chars().take(40).collect();
                    return Err(self.malformed(
                        offset,
                        format!("start {shown:?} is not a time in epoch seconds"),
                    ));
                }
            }
            if let Some(si) = self.status_idx {
                if let Some(Some((s, e))) = spans.get(si) {
                    let st = &text[*s as usize..*e as usize];
                    if st == "NODATA" || st == "SKIPDATA" {
                        self.stats.nodata += 1;
                    }
                }
            }
            self.stats.events += 1;
            return Ok(Some(Event::from_line_parts(
                LogKind::VpcFlow,
                self.lines.origin.clone(),
                self.lines.line_no,
                text,
                header,
                spans,
            )));
        }
    }
}

impl<R: BufRead> Iterator for FlowReader<R> {
    type Item = Result<Event, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_inner().transpose()
    }
}
