//! nginx and Apache access logs: the Common Log Format, the combined format, and the combined
//! format with extra trailing fields (nginx's default `main` adds `"$http_x_forwarded_for"`).
//!
//! Field names in events and Sigma rules (`category: webserver`): `client_ip`, `ident`,
//! `user`, `time` (`01/Nov/2026:10:00:00 +0000`, as written without the brackets), `request`
//! (the whole request line), `status`, `bytes`, `referer`, `user_agent`, `forwarded_for`, and
//! from the request line: `method`, `uri` (the request target as sent, query included), `path`
//! (without query, scheme and authority), `query` (after `?`), `protocol`. `-` is absent.
//! Values are as written: escapes (`\x22` from nginx, `\"` from Apache) are not decoded.
//! Fields after the tenth are not named (custom formats); they stay in the raw text that
//! keyword searches see.

use std::sync::{Arc, OnceLock};

use crate::event::{parse_clf_time, Header, LogKind};
use crate::read::lines::{present, split_fields, LineEvent, LineFormat, Quoting, Tok};

/// Field names; index = position in the event's spans.
const NAMES: [&str; 15] = [
    "client_ip",
    "ident",
    "user",
    "time",
    "request",
    "status",
    "bytes",
    "referer",
    "user_agent",
    "forwarded_for",
    "method",
    "uri",
    "path",
    "query",
    "protocol",
];

/// Fields of a line in order (those named before the request-line parts).
const LINE_FIELDS: usize = 10;

/// Fewest fields accepted: the Common Log Format.
const MIN_FIELDS: usize = 7;

fn header() -> Arc<Header> {
    static H: OnceLock<Arc<Header>> = OnceLock::new();
    H.get_or_init(|| Header::new(NAMES.iter().map(|s| Box::from(*s)).collect()))
        .clone()
}

/// Whether the first line of a stream is a web access log line: a client field, ident, user,
/// a bracketed CLF time and a quoted request.
pub(crate) fn looks_like_web(line: &[u8]) -> bool {
    let mut toks = Vec::new();
    if split_fields(line, &mut toks).is_err() || toks.len() < MIN_FIELDS {
        return false;
    }
    toks[..3].iter().all(|t| t.quoting == Quoting::Bare)
        && toks[3].quoting == Quoting::Bracketed
        && toks[4].quoting == Quoting::Quoted
        && std::str::from_utf8(&line[toks[3].start as usize..toks[3].end as usize])
            .ok()
            .and_then(parse_clf_time)
            .is_some()
}

/// The [`LineFormat`] of access logs.
#[derive(Debug, Default)]
pub(crate) struct WebFormat {
    toks: Vec<Tok>,
}

impl LineFormat for WebFormat {
    const KIND: LogKind = LogKind::WebAccess;

    fn parse(&mut self, line: &str) -> Result<Option<LineEvent>, String> {
        let b = line.as_bytes();
        split_fields(b, &mut self.toks).map_err(str::to_owned)?;
        let toks = &self.toks;
        if toks.len() < MIN_FIELDS {
            let got = toks.len();
            return Err(format!(
                "expected at least {MIN_FIELDS} fields (Common Log Format), found {got}"
            ));
        }
        if toks[3].quoting != Quoting::Bracketed || toks[4].quoting != Quoting::Quoted {
            return Err(
                "expected a [time] as the 4th and a quoted request as the 5th field".into(),
            );
        }
        let time = &line[toks[3].start as usize..toks[3].end as usize];
        if parse_clf_time(time).is_none() {
            let shown: String = time.chars().take(40).collect();
            return Err(format!(
                "time {shown:?} is not a Common Log Format time (01/Nov/2026:10:00:00 +0000)"
            ));
        }
        let status = &b[toks[5].start as usize..toks[5].end as usize];
        if status.len() != 3 || !status.iter().all(u8::is_ascii_digit) {
            let shown = String::from_utf8_lossy(&status[..status.len().min(20)]).into_owned();
            return Err(format!("status {shown:?} is not a three-digit HTTP status"));
        }
        let mut spans: Vec<Option<(u32, u32)>> = Vec::with_capacity(NAMES.len());
        spans.extend(toks.iter().take(LINE_FIELDS).map(|t| present(b, t.span())));
        spans.resize(LINE_FIELDS, None);
        spans.extend(request_parts(b, toks[4].span()));
        Ok(Some(LineEvent {
            text: line.to_owned(),
            header: header(),
            spans,
        }))
    }
}

/// `method`, `uri`, `path`, `query`, `protocol` of the request line at `span` of `b`
/// (`"-"` or a line of garbage: what can be found).
fn request_parts(b: &[u8], span: (u32, u32)) -> [Option<(u32, u32)>; 5] {
    let (s, e) = (span.0 as usize, span.1 as usize);
    let req = &b[s..e];
    let mut parts = req
        .split(|&c| c == b' ')
        .scan(s, |at, p| {
            let start = *at;
            *at += p.len() + 1;
            Some((start, start + p.len()))
        })
        .filter(|(a, z)| z > a);
    let span_of = |p: Option<(usize, usize)>| p.map(|(a, z)| (a as u32, z as u32));
    let method = parts.next();
    let uri = parts.next();
    let protocol = parts.next();
    let (path, query) = match uri {
        Some((a, z)) => {
            let target = &b[a..z];
            let mut from = a;
            for scheme in [&b"http://"[..], b"https://"] {
                if target.len() >= scheme.len()
                    && target[..scheme.len()].eq_ignore_ascii_case(scheme)
                {
                    let after = a + scheme.len();
                    from = memchr::memchr(b'/', &b[after..z]).map_or(z, |k| after + k);
                }
            }
            match memchr::memchr2(b'?', b'#', &b[from..z]) {
                Some(k) => {
                    let q = from + k;
                    let query = (b[q] == b'?' && q + 1 < z).then_some((q + 1, z));
                    ((q > from).then_some((from, q)), query)
                }
                None => ((z > from).then_some((from, z)), None),
            }
        }
        None => (None, None),
    };
    let dash = |p: Option<(usize, usize)>| p.filter(|&(a, z)| &b[a..z] != b"-");
    [
        span_of(dash(method)),
        span_of(dash(uri)),
        span_of(path),
        span_of(query),
        span_of(protocol),
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parts(req: &str) -> Vec<Option<&str>> {
        request_parts(req.as_bytes(), (0, req.len() as u32))
            .iter()
            .map(|p| p.map(|(a, z)| &req[a as usize..z as usize]))
            .collect()
    }

    #[test]
    fn request_line_parts() {
        assert_eq!(
            parts("GET /a/b?x=1 HTTP/1.1"),
            [
                Some("GET"),
                Some("/a/b?x=1"),
                Some("/a/b"),
                Some("x=1"),
                Some("HTTP/1.1")
            ]
        );
        assert_eq!(
            parts("GET http://example.com/p?q HTTP/1.0"),
            [
                Some("GET"),
                Some("http://example.com/p?q"),
                Some("/p"),
                Some("q"),
                Some("HTTP/1.0")
            ]
        );
        assert_eq!(parts("-"), [None, None, None, None, None]);
        assert_eq!(
            parts("\\x16\\x03\\x01"),
            [Some("\\x16\\x03\\x01"), None, None, None, None]
        );
        assert_eq!(parts("GET /? HTTP/1.1")[3], None);
    }

    #[test]
    fn detection_needs_the_clf_shape() {
        assert!(looks_like_web(
            br#"203.0.113.7 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 612"#
        ));
        assert!(!looks_like_web(
            br#"79a5 awsexamplebucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - 3E57 REST.GET.VERSIONING - "GET /awsexamplebucket1?versioning HTTP/1.1" 200"#
        ));
        assert!(!looks_like_web(
            b"2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 1 ACCEPT OK"
        ));
    }
}
