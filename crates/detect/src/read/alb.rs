//! Application Load Balancer access log reader: the documented space-separated format with
//! quoted fields. NLB access log lines (`tls 2.0 ...`) and ALB connection-log lines (starting
//! with a timestamp) share the same S3 prefixes; they are recognised, counted in
//! [`ReadStats::skipped`] and skipped.
//!
//! Field names in events and Sigma rules (`product: aws, service: alb`): `type`, `time`, `elb`,
//! `client_ip`, `client_port`, `target_ip`, `target_port`, `request_processing_time`,
//! `target_processing_time`, `response_processing_time`, `elb_status_code`,
//! `target_status_code`, `received_bytes`, `sent_bytes`, `request` (the whole request line),
//! `request_verb`, `request_url`, `request_path` (URL path without scheme, host and query),
//! `request_protocol`, `user_agent`, `ssl_cipher`, `ssl_protocol`, `target_group_arn`,
//! `trace_id`, `domain_name`, `chosen_cert_arn`, `matched_rule_priority`,
//! `request_creation_time`, `actions_executed`, `redirect_url`, `error_reason`,
//! `target_port_list`, `target_status_code_list`, `classification`, `classification_reason`,
//! `conn_trace_id`. `-` (and `-1` nothing else) is absent.

use std::io::BufRead;
use std::sync::{Arc, OnceLock};

use crate::event::{Event, Header, LogKind};
use crate::read::lines::{Line, Lines};
use crate::read::{ReadError, ReadStats};

/// The fields of an ALB line in order, as AWS documents them (`client:port` and `target:port`
/// are split by us, see `NAMES`).
const LINE_FIELDS: usize = 30;

/// Our field names; index = position in the event's spans.
const NAMES: &[&str] = &[
    "type",
    "time",
    "elb",
    "client_ip",
    "client_port",
    "target_ip",
    "target_port",
    "request_processing_time",
    "target_processing_time",
    "response_processing_time",
    "elb_status_code",
    "target_status_code",
    "received_bytes",
    "sent_bytes",
    "request",
    "user_agent",
    "ssl_cipher",
    "ssl_protocol",
    "target_group_arn",
    "trace_id",
    "domain_name",
    "chosen_cert_arn",
    "matched_rule_priority",
    "request_creation_time",
    "actions_executed",
    "redirect_url",
    "error_reason",
    "target_port_list",
    "target_status_code_list",
    "classification",
    "classification_reason",
    "conn_trace_id",
    "request_verb",
    "request_url",
    "request_path",
    "request_protocol",
];

/// Fewest fields accepted (through `user_agent`); older logs have fewer trailing fields.
const MIN_FIELDS: usize = 14;

const ALB_TYPES: &[&[u8]] = &[b"http", b"https", b"h2", b"grpcs", b"ws", b"wss"];

fn header() -> Arc<Header> {
    static H: OnceLock<Arc<Header>> = OnceLock::new();
    H.get_or_init(|| Header::new(NAMES.iter().map(|s| Box::from(*s)).collect()))
        .clone()
}

fn first_token(line: &[u8]) -> &[u8] {
    let line = line.trim_ascii_start();
    let end = line
        .iter()
        .position(|c| c.is_ascii_whitespace())
        .unwrap_or(line.len());
    &line[..end]
}

/// Whether the first line looks like an ALB/NLB access log or an ALB connection log.
pub(crate) fn looks_like_alb(line: &[u8]) -> bool {
    let t = first_token(line);
    ALB_TYPES.contains(&t) || t == b"tls" || is_timestamp(t)
}

fn is_timestamp(t: &[u8]) -> bool {
    std::str::from_utf8(t)
        .ok()
        .and_then(crate::event::parse_time)
        .is_some()
}

/// Splits an ALB line into tokens: quoted tokens lose their quotes (backslash escapes inside
/// are kept as written). Returns `None` on an unterminated quote.
fn tokenize(line: &str) -> Option<Vec<(u32, u32)>> {
    let b = line.as_bytes();
    let mut out = Vec::with_capacity(32);
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        if b[i] == b'"' {
            let s = i + 1;
            let mut j = s;
            loop {
                if j >= b.len() {
                    return None;
                }
                match b[j] {
                    b'\\' => j += 2,
                    b'"' => break,
                    _ => j += 1,
                }
            }
            out.push((s as u32, j as u32));
            i = j + 1;
        } else {
            let s = i;
            while i < b.len() && b[i] != b' ' {
                i += 1;
            }
            out.push((s as u32, i as u32));
        }
    }
    Some(out)
}

/// Streams ALB access log records from a buffered reader.
pub struct AlbReader<R> {
    lines: Lines<R>,
    stats: ReadStats,
}

impl<R> std::fmt::Debug for AlbReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AlbReader")
            .field("origin", &self.lines.origin)
            .field("line", &self.lines.line_no)
            .finish()
    }
}

impl<R: BufRead> AlbReader<R> {
    /// Reads decompressed ALB log lines from `r`; `origin` names the file or object.
    pub fn new(origin: impl Into<Arc<str>>, r: R) -> Self {
        AlbReader {
            lines: Lines::new(origin.into(), r, 1024),
            stats: ReadStats::default(),
        }
    }

    /// Sets the longest line accepted (default [`crate::read::MAX_LINE`]); a longer line is
    /// a malformed record, skipped without being held in memory.
    pub fn max_line(mut self, bytes: usize) -> Self {
        self.lines.max = bytes;
        self
    }

    /// What was read and skipped so far.
    pub fn stats(&self) -> ReadStats {
        self.stats
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
            let t = first_token(line);
            if t == b"tls" || is_timestamp(t) {
                // NLB access log or ALB connection log: a different format, not ours to parse.
                self.stats.skipped += 1;
                continue;
            }
            if !ALB_TYPES.contains(&t) {
                let shown = String::from_utf8_lossy(&t[..t.len().min(20)]).into_owned();
                return Err(self.malformed(offset, format!("unknown request type {shown:?}")));
            }
            let Ok(text) = std::str::from_utf8(line) else {
                return Err(self.malformed(offset, "line is not UTF-8".into()));
            };
            let mut text = text.to_owned();
            let Some(toks) = tokenize(&text) else {
                return Err(self.malformed(offset, "unterminated quoted field".into()));
            };
            if toks.len() < MIN_FIELDS {
                let got = toks.len();
                return Err(self.malformed(
                    offset,
                    format!("expected at least {MIN_FIELDS} fields, found {got}"),
                ));
            }
            let time = &text[toks[1].0 as usize..toks[1].1 as usize];
            if time != "-" && crate::event::parse_time(time).is_none() {
                // It would otherwise be placed at the epoch in alerts and windows.
                let shown: String = time.chars().take(40).collect();
                return Err(
                    self.malformed(offset, format!("time {shown:?} is not an RFC 3339 time"))
                );
            }
            let absent = |text: &str, s: (u32, u32)| {
                let v = &text[s.0 as usize..s.1 as usize];
                if v == "-" || v.is_empty() {
                    None
                } else {
                    Some(s)
                }
            };
            let mut spans: Vec<Option<(u32, u32)>> = Vec::with_capacity(NAMES.len());
            for (k, &tok) in toks.iter().take(LINE_FIELDS).enumerate() {
                if k == 3 || k == 4 {
                    // client:port / target:port, split at the last colon (IPv6 safe).
                    let v = &text[tok.0 as usize..tok.1 as usize];
                    match v.rfind(':') {
                        Some(c) if v != "-" => {
                            let c = tok.0 + c as u32;
                            spans.push(absent(&text, (tok.0, c)));
                            spans.push(absent(&text, (c + 1, tok.1)));
                        }
                        _ => {
                            spans.push(None);
                            spans.push(None);
                        }
                    }
                } else {
                    spans.push(absent(&text, tok));
                }
            }
            while spans.len() < NAMES.len() - 4 {
                spans.push(None);
            }
            // Request line parts: "VERB URL PROTOCOL" ("- - -" for malformed requests).
            let req = toks[12];
            let req_text = text[req.0 as usize..req.1 as usize].to_owned();
            let mut parts = req_text.splitn(3, ' ');
            let mut part = || {
                parts
                    .next()
                    .map(str::trim)
                    .filter(|v| !v.is_empty() && *v != "-")
            };
            let verb = part();
            let url = part();
            let proto = part();
            let path = url.map(url_path);
            for v in [verb, url, path, proto] {
                spans.push(v.map(|v| {
                    let s = text.len() as u32;
                    text.push(' ');
                    text.push_str(v);
                    (s + 1, text.len() as u32)
                }));
            }
            self.stats.events += 1;
            return Ok(Some(Event::from_line_parts(
                LogKind::Alb,
                self.lines.origin.clone(),
                self.lines.line_no,
                text,
                header(),
                spans,
            )));
        }
    }
}

/// The path of a request URL: scheme and authority removed, query and fragment cut.
fn url_path(url: &str) -> &str {
    let rest = match url.find("://") {
        Some(i) => {
            let after = &url[i + 3..];
            match after.find('/') {
                Some(j) => &after[j..],
                None => "/",
            }
        }
        None => url,
    };
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

impl<R: BufRead> Iterator for AlbReader<R> {
    type Item = Result<Event, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_inner().transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths() {
        assert_eq!(url_path("https://a.example.com:443/x/y?q=1"), "/x/y");
        assert_eq!(url_path("http://a.example.com:80"), "/");
        assert_eq!(url_path("/rel?x"), "/rel");
    }

    #[test]
    fn tokenizes_quotes() {
        let l = r#"a "b c" "d\"e" f"#;
        let t = tokenize(l).expect("valid");
        let s: Vec<&str> = t
            .iter()
            .map(|(a, b)| &l[*a as usize..*b as usize])
            .collect();
        assert_eq!(s, ["a", "b c", r#"d\"e"#, "f"]);
        assert!(tokenize(r#"a "b"#).is_none());
    }
}
