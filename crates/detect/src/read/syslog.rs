//! Linux authentication logs: `auth.log` / `secure` syslog lines and journald JSON
//! (`journalctl -o json`), normalised to one schema (`product: linux, service: auth`).
//!
//! Syslog lines are read in three shapes:
//! - classic BSD: `Nov  1 10:00:00 host sshd[123]: message`;
//! - ISO timestamps as rsyslog writes them on newer distributions
//!   (`RSYSLOG_FileFormat`): `2026-11-01T10:00:00.123456+00:00 host sshd[123]: message`;
//! - RFC 5424: `<38>1 2026-11-01T10:00:00.123Z host sshd 123 - - message` (`-` is nil, the
//!   structured data is skipped).
//!
//! The classic time has neither year nor zone. It is read as UTC, in the current year of the
//! reading machine, or the previous year when that would put it more than a day in the future
//! (a December log read in January). The ISO and RFC 5424 times carry both.
//!
//! Field names: `time` (RFC 3339, normalised), `host`, `program`, `pid`, `message`, and for
//! messages of `sshd` (and OpenSSH 9.8's `sshd-session`): `sshd_event`, `user`, `source_ip`,
//! `source_port`. `sshd_event` is one of `failed_password`, `failed_publickey`,
//! `failed_keyboard_interactive`, `failed_none`, `failed_other`, `accepted_password`,
//! `accepted_publickey`, `accepted_keyboard_interactive`, `accepted_other`, `invalid_user`,
//! `max_auth_attempts`, `connection_closed_preauth`, `disconnected_preauth`,
//! `received_disconnect`, `pam_auth_failure`, `no_identification`; other messages have no
//! `sshd_event`. journald records give `__REALTIME_TIMESTAMP` (µs since the epoch),
//! `_HOSTNAME`, `SYSLOG_IDENTIFIER` (else `_COMM`), `_PID` (else `SYSLOG_PID`) and `MESSAGE`;
//! a record whose `MESSAGE` is not text (journald writes binary messages as byte arrays) is
//! malformed.

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};

use crate::event::{parse_time, Header, LogKind};
use crate::json::{index_object, Raw};
use crate::read::lines::{LineEvent, LineFormat};

/// Field names; index = position in the event's spans.
const NAMES: [&str; 9] = [
    "time",
    "host",
    "program",
    "pid",
    "message",
    "sshd_event",
    "user",
    "source_ip",
    "source_port",
];

fn header() -> Arc<Header> {
    static H: OnceLock<Arc<Header>> = OnceLock::new();
    H.get_or_init(|| Header::new(NAMES.iter().map(|s| Box::from(*s)).collect()))
        .clone()
}

type Span = Option<(u32, u32)>;

/// Month (1-12), day and seconds of the day of a classic `Nov  1 10:00:00` prefix, and its
/// length.
fn classic_time(b: &[u8]) -> Option<(u32, u32, u32, usize)> {
    let month = crate::event::month_number(b.get(..3)?)?;
    let mut i = 3;
    if b.get(i) != Some(&b' ') {
        return None;
    }
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    let ds = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if i == ds || i - ds > 2 || b.get(i) != Some(&b' ') {
        return None;
    }
    let day: u32 = std::str::from_utf8(&b[ds..i]).ok()?.parse().ok()?;
    let t = b.get(i + 1..i + 9)?;
    let num = |x: &[u8]| -> Option<u32> {
        x.iter().all(u8::is_ascii_digit).then_some(())?;
        std::str::from_utf8(x).ok()?.parse().ok()
    };
    if t[2] != b':' || t[5] != b':' {
        return None;
    }
    let (h, m, s) = (num(&t[..2])?, num(&t[3..5])?, num(&t[6..8])?);
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some((month, day, h * 3600 + m * 60 + s.min(59), i + 9))
}

/// The RFC 3339 time token at the start of `b` and its length.
fn iso_time(b: &[u8]) -> Option<usize> {
    let end = memchr::memchr(b' ', b).unwrap_or(b.len());
    let tok = std::str::from_utf8(&b[..end]).ok()?;
    (tok.len() >= 20 && tok.as_bytes()[4] == b'-' && parse_time(tok).is_some()).then_some(end)
}

/// Whether the first line of a stream is a syslog line of one of the three shapes with a
/// `program:` tag (or an RFC 5424 line).
pub(crate) fn looks_like_syslog(line: &[u8]) -> bool {
    if let Some(rest) = rfc5424_body(line) {
        return iso_time(rest).is_some();
    }
    let rest = if let Some((.., n)) = classic_time(line) {
        &line[n..]
    } else if let Some(n) = iso_time(line) {
        &line[n..]
    } else {
        return false;
    };
    // " host tag: ..."
    let mut toks = rest.split(|&c| c == b' ').filter(|t| !t.is_empty());
    let (Some(_host), Some(tag)) = (toks.next(), toks.next()) else {
        return false;
    };
    tag.len() > 1 && tag.ends_with(b":")
}

/// The part of an RFC 5424 line after `<PRI>1 `.
fn rfc5424_body(b: &[u8]) -> Option<&[u8]> {
    let rest = b.strip_prefix(b"<")?;
    let close = memchr::memchr(b'>', rest)?;
    if close == 0 || close > 3 || !rest[..close].iter().all(u8::is_ascii_digit) {
        return None;
    }
    rest[close + 1..].strip_prefix(b"1 ")
}

/// The [`LineFormat`] of syslog `auth.log` / `secure` files.
#[derive(Debug)]
pub(crate) struct SyslogFormat {
    reference: DateTime<Utc>,
}

impl Default for SyslogFormat {
    fn default() -> Self {
        SyslogFormat {
            reference: Utc::now(),
        }
    }
}

impl SyslogFormat {
    /// Classic (yearless) times are placed in the year of `now`, or the year before when
    /// that would be more than a day after `now`.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn reference(now: DateTime<Utc>) -> Self {
        SyslogFormat { reference: now }
    }

    fn classic_year(&self, month: u32, day: u32, secs: u32) -> Option<DateTime<Utc>> {
        let at = |year: i32| {
            NaiveDate::from_ymd_opt(year, month, day)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|d| Utc.from_utc_datetime(&d) + Duration::seconds(i64::from(secs)))
        };
        let year = self.reference.year();
        match at(year) {
            Some(t) if t <= self.reference + Duration::days(1) => Some(t),
            // In the future, or 29 February of a non-leap year: last year's.
            _ => at(year - 1),
        }
    }
}

/// Appends `t` as `2026-11-01T10:00:00Z` (by hand: chrono's formatter was a tenth of the read
/// time of a syslog line).
fn push_rfc3339(text: &mut String, t: DateTime<Utc>) {
    use chrono::Timelike;
    let two = |text: &mut String, v: u32| {
        text.push(char::from(b'0' + (v / 10 % 10) as u8));
        text.push(char::from(b'0' + (v % 10) as u8));
    };
    let y = t.year().clamp(0, 9999) as u32;
    two(text, y / 100);
    two(text, y % 100);
    text.push('-');
    two(text, t.month());
    text.push('-');
    two(text, t.day());
    text.push('T');
    two(text, t.hour());
    text.push(':');
    two(text, t.minute());
    text.push(':');
    two(text, t.second());
    text.push('Z');
}

/// Splits `host tag: message` (after the time) into spans relative to `b`, starting at `at`.
fn host_tag_message(b: &[u8], mut at: usize, spans: &mut [Span; 9]) {
    let skip = |b: &[u8], mut i: usize| {
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        i
    };
    let word = |b: &[u8], i: usize| memchr::memchr(b' ', &b[i..]).map_or(b.len(), |k| i + k);
    at = skip(b, at);
    let host_end = word(b, at);
    if host_end > at {
        spans[1] = Some((at as u32, host_end as u32));
    }
    at = skip(b, host_end);
    let tag_end = word(b, at);
    let tag = &b[at..tag_end];
    if tag.len() > 1 && tag.ends_with(b":") {
        let tag = &tag[..tag.len() - 1];
        match (memchr::memchr(b'[', tag), tag.last()) {
            (Some(k), Some(b']')) => {
                spans[2] = Some((at as u32, (at + k) as u32));
                spans[3] = Some(((at + k + 1) as u32, (at + tag.len() - 1) as u32));
            }
            _ => spans[2] = Some((at as u32, (at + tag.len()) as u32)),
        }
        at = skip(b, tag_end);
    }
    if at < b.len() {
        spans[4] = Some((at as u32, b.len() as u32));
    }
}

/// RFC 5424 `HOST APP PROCID MSGID SD MSG` after the time, spans relative to `b`.
fn rfc5424_fields(b: &[u8], mut at: usize, spans: &mut [Span; 9]) -> Result<(), String> {
    let next_word = |at: &mut usize| -> Span {
        while b.get(*at) == Some(&b' ') {
            *at += 1;
        }
        let s = *at;
        let e = memchr::memchr(b' ', &b[s..]).map_or(b.len(), |k| s + k);
        *at = e;
        (e > s && &b[s..e] != b"-").then_some((s as u32, e as u32))
    };
    spans[1] = next_word(&mut at);
    spans[2] = next_word(&mut at);
    spans[3] = next_word(&mut at);
    let _msgid = next_word(&mut at);
    while b.get(at) == Some(&b' ') {
        at += 1;
    }
    // Structured data: `-` or one or more `[...]` with `\]` escapes.
    if b.get(at) == Some(&b'-') {
        at += 1;
    } else {
        while b.get(at) == Some(&b'[') {
            let mut j = at + 1;
            loop {
                match b.get(j) {
                    None => return Err("unterminated RFC 5424 structured data".into()),
                    Some(b'\\') => j += 2,
                    Some(b']') => break,
                    Some(_) => j += 1,
                }
            }
            at = j + 1;
        }
    }
    while b.get(at) == Some(&b' ') {
        at += 1;
    }
    // An optional UTF-8 byte order mark before the message.
    if b[at.min(b.len())..].starts_with("\u{feff}".as_bytes()) {
        at += 3;
    }
    if at < b.len() {
        spans[4] = Some((at as u32, b.len() as u32));
    }
    Ok(())
}

impl LineFormat for SyslogFormat {
    const KIND: LogKind = LogKind::LinuxAuth;

    fn parse(&mut self, line: &str) -> Result<Option<LineEvent>, String> {
        let b = line.as_bytes();
        let mut spans: [Span; 9] = [None; 9];
        let mut text = String::with_capacity(line.len() + 48);
        text.push_str(line);
        if let Some(body) = rfc5424_body(b) {
            let at = b.len() - body.len();
            let Some(n) = iso_time(body) else {
                return Err("RFC 5424 line without an RFC 3339 time".into());
            };
            spans[0] = Some((at as u32, (at + n) as u32));
            rfc5424_fields(b, at + n, &mut spans)?;
        } else if let Some((month, day, secs, n)) = classic_time(b) {
            let Some(t) = self.classic_year(month, day, secs) else {
                return Err(format!("day {day} of month {month} does not exist"));
            };
            let s = text.len() + 1;
            text.push(' ');
            push_rfc3339(&mut text, t);
            spans[0] = Some((s as u32, text.len() as u32));
            host_tag_message(b, n, &mut spans);
        } else if let Some(n) = iso_time(b) {
            spans[0] = Some((0, n as u32));
            host_tag_message(b, n, &mut spans);
        } else {
            let shown: String = line.chars().take(32).collect();
            return Err(format!(
                "{shown:?} does not start with a syslog time (`Nov  1 10:00:00`, RFC 3339, or RFC 5424 `<PRI>1 `)"
            ));
        }
        sshd_fields(&mut text, &mut spans);
        Ok(Some(LineEvent {
            text,
            header: header(),
            spans: spans.to_vec(),
        }))
    }
}

/// The [`LineFormat`] of `journalctl -o json` output (one object per line).
#[derive(Debug, Default)]
pub(crate) struct JournaldFormat;

impl LineFormat for JournaldFormat {
    const KIND: LogKind = LogKind::LinuxAuth;

    fn parse(&mut self, line: &str) -> Result<Option<LineEvent>, String> {
        let b = line.as_bytes();
        let top = index_object(b).map_err(|e| e.to_string())?;
        let member = |key: &str| {
            top.member(b, key)
                .map(|(_, n)| Raw(crate::json::span_str(line, n.value)))
        };
        let text_of = |key: &str| member(key).and_then(Raw::as_str);
        let Some(us) = text_of("__REALTIME_TIMESTAMP") else {
            return Err("no __REALTIME_TIMESTAMP string".into());
        };
        let time = us
            .parse::<i64>()
            .ok()
            .and_then(|us| Utc.timestamp_micros(us).single())
            .ok_or_else(|| {
                let shown: String = us.chars().take(30).collect();
                format!("__REALTIME_TIMESTAMP {shown:?} is not microseconds since the epoch")
            })?;
        let message = match member("MESSAGE") {
            None => None,
            Some(raw) => match raw.as_str() {
                Some(m) => Some(m),
                None if raw.0 == "null" => None,
                None => return Err("MESSAGE is not text (journald wrote it as bytes)".into()),
            },
        };
        let mut spans: [Span; 9] = [None; 9];
        let mut text = String::with_capacity(line.len() / 2 + 48);
        let push = |text: &mut String, v: Option<&str>| -> Span {
            let v = v.filter(|v| !v.is_empty())?;
            if !text.is_empty() {
                text.push(' ');
            }
            let s = text.len();
            text.push_str(v);
            Some((s as u32, text.len() as u32))
        };
        let t = time.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
        spans[0] = push(&mut text, Some(&t));
        spans[1] = push(&mut text, text_of("_HOSTNAME").as_deref());
        let program = text_of("SYSLOG_IDENTIFIER").or_else(|| text_of("_COMM"));
        spans[2] = push(&mut text, program.as_deref());
        let pid = text_of("_PID").or_else(|| text_of("SYSLOG_PID"));
        spans[3] = push(&mut text, pid.as_deref());
        spans[4] = push(&mut text, message.as_deref());
        sshd_fields(&mut text, &mut spans);
        Ok(Some(LineEvent {
            text,
            header: header(),
            spans: spans.to_vec(),
        }))
    }
}

/// Parses an sshd message (when `program` is `sshd` or `sshd-session`) into `sshd_event`
/// (appended to `text`), `user`, `source_ip` and `source_port` (spans into the message).
fn sshd_fields(text: &mut String, spans: &mut [Span; 9]) {
    let (Some(p), Some(m)) = (spans[2], spans[4]) else {
        return;
    };
    let program = &text.as_bytes()[p.0 as usize..p.1 as usize];
    if program != b"sshd" && program != b"sshd-session" {
        return;
    }
    let base = m.0 as usize;
    let msg = &text.as_bytes()[base..m.1 as usize];
    let Some(parsed) = parse_sshd(msg) else {
        return;
    };
    let rel = |r: Option<(usize, usize)>| {
        r.filter(|(a, z)| z > a)
            .map(|(a, z)| ((base + a) as u32, (base + z) as u32))
    };
    spans[6] = rel(parsed.user);
    spans[7] = rel(parsed.ip);
    spans[8] = rel(parsed.port);
    let s = text.len() + 1;
    text.push(' ');
    text.push_str(parsed.event);
    spans[5] = Some((s as u32, text.len() as u32));
}

/// What an sshd message says, with ranges into the message.
#[derive(Debug, PartialEq)]
struct Sshd {
    event: &'static str,
    user: Option<(usize, usize)>,
    ip: Option<(usize, usize)>,
    port: Option<(usize, usize)>,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::rfind(hay, needle)
}

/// The word (up to a space, `:` or the end) starting at `at`: a user name or a port.
fn word_at(m: &[u8], at: usize) -> Option<(usize, usize)> {
    let end = m[at.min(m.len())..]
        .iter()
        .position(|&c| c == b' ' || c == b':')
        .map_or(m.len(), |k| at + k);
    (end > at).then_some((at, end))
}

/// The address (up to a space or the end; IPv6 has colons) starting at `at`.
fn address_at(m: &[u8], at: usize) -> Option<(usize, usize)> {
    let end = m[at.min(m.len())..]
        .iter()
        .position(|&c| c == b' ')
        .map_or(m.len(), |k| at + k);
    (end > at).then_some((at, end))
}

/// `USER from IP port PORT...` starting at `at`; the user may contain spaces (the last
/// ` from ` separates it).
fn user_from_ip_port(m: &[u8], at: usize, event: &'static str) -> Sshd {
    let rest = &m[at.min(m.len())..];
    match rfind(rest, b" from ") {
        Some(k) => {
            let ip = address_at(m, at + k + 6);
            let port = ip.and_then(|(_, e)| {
                m[e..]
                    .strip_prefix(b" port ")
                    .and_then(|_| word_at(m, e + 6))
            });
            Sshd {
                event,
                user: (k > 0).then_some((at, at + k)),
                ip,
                port,
            }
        }
        None => Sshd {
            event,
            user: word_at(m, at),
            ip: None,
            port: None,
        },
    }
}

/// `[USER ]IP port PORT...` starting at `at` (no `from`): the IP is the word before the last
/// ` port `.
fn user_ip_port(m: &[u8], at: usize, event: &'static str, with_user: bool) -> Sshd {
    let rest = &m[at.min(m.len())..];
    let Some(k) = rfind(rest, b" port ").map(|k| at + k) else {
        return Sshd {
            event,
            user: None,
            ip: address_at(m, at),
            port: None,
        };
    };
    let ip_start = m[at..k]
        .iter()
        .rposition(|&c| c == b' ')
        .map_or(at, |s| at + s + 1);
    let user = (with_user && ip_start > at + 1).then_some((at, ip_start - 1));
    Sshd {
        event,
        user,
        ip: Some((ip_start, k)),
        port: word_at(m, k + 6),
    }
}

fn method_event(accepted: bool, method: &[u8]) -> &'static str {
    match (accepted, method) {
        (true, b"password") => "accepted_password",
        (true, b"publickey") => "accepted_publickey",
        (true, b"keyboard-interactive/pam") => "accepted_keyboard_interactive",
        (true, _) => "accepted_other",
        (false, b"password") => "failed_password",
        (false, b"publickey") => "failed_publickey",
        (false, b"keyboard-interactive/pam") => "failed_keyboard_interactive",
        (false, b"none") => "failed_none",
        (false, _) => "failed_other",
    }
}

fn parse_sshd(m: &[u8]) -> Option<Sshd> {
    let after_invalid = |at: usize| {
        if m[at.min(m.len())..].starts_with(b"invalid user ") {
            at + 13
        } else {
            at
        }
    };
    for (prefix, accepted) in [(&b"Accepted "[..], true), (b"Failed ", false)] {
        if let Some(rest) = m.strip_prefix(prefix) {
            let sp = find(rest, b" for ")?;
            let event = method_event(accepted, &rest[..sp]);
            let at = after_invalid(prefix.len() + sp + 5);
            return Some(user_from_ip_port(m, at, event));
        }
    }
    if m.starts_with(b"Invalid user ") {
        return Some(user_from_ip_port(m, 13, "invalid_user"));
    }
    const MAX_ATTEMPTS: &[u8] = b"maximum authentication attempts exceeded for ";
    if let Some(k) = find(m, MAX_ATTEMPTS) {
        let at = after_invalid(k + MAX_ATTEMPTS.len());
        return Some(user_from_ip_port(m, at, "max_auth_attempts"));
    }
    if let Some(rest) = m.strip_prefix(b"Disconnecting ") {
        if find(rest, b"Too many authentication failures").is_some() {
            let at = 14
                + ["authenticating user ", "invalid user "]
                    .iter()
                    .find(|p| rest.starts_with(p.as_bytes()))
                    .map_or(0, |p| p.len());
            return Some(user_ip_port(m, at, "max_auth_attempts", true));
        }
    }
    for (prefix, event) in [
        (&b"Connection closed by "[..], "connection_closed_preauth"),
        (b"Disconnected from ", "disconnected_preauth"),
    ] {
        if let Some(rest) = m.strip_prefix(prefix) {
            // Only pre-authentication closes name an attempt; others end sessions.
            find(rest, b"[preauth]")?;
            for who in [&b"authenticating user "[..], b"invalid user ", b"user "] {
                if rest.starts_with(who) {
                    return Some(user_ip_port(m, prefix.len() + who.len(), event, true));
                }
            }
            return Some(user_ip_port(m, prefix.len(), event, false));
        }
    }
    for (prefix, event) in [
        (&b"Received disconnect from "[..], "received_disconnect"),
        (
            b"Did not receive identification string from ",
            "no_identification",
        ),
    ] {
        if m.starts_with(prefix) {
            return Some(user_ip_port(m, prefix.len(), event, false));
        }
    }
    if m.starts_with(b"pam_unix(sshd:auth): authentication failure;") {
        let value = |key: &[u8]| {
            let k = find(m, key)? + key.len();
            word_at(m, k)
        };
        return Some(Sshd {
            event: "pam_auth_failure",
            user: value(b" user="),
            ip: find(m, b" rhost=").and_then(|k| address_at(m, k + 7)),
            port: None,
        });
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Event, user, address and port of a message.
    type Parsed<'a> = (
        &'static str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );

    fn sshd(m: &str) -> Option<Parsed<'_>> {
        let s = parse_sshd(m.as_bytes())?;
        let t = |r: Option<(usize, usize)>| r.map(|(a, z)| &m[a..z]);
        Some((s.event, t(s.user), t(s.ip), t(s.port)))
    }

    #[test]
    fn sshd_messages() {
        assert_eq!(
            sshd("Failed password for invalid user admin from 203.0.113.5 port 52144 ssh2"),
            Some((
                "failed_password",
                Some("admin"),
                Some("203.0.113.5"),
                Some("52144")
            ))
        );
        assert_eq!(
            sshd("Failed password for root from 2001:db8::1 port 22 ssh2"),
            Some((
                "failed_password",
                Some("root"),
                Some("2001:db8::1"),
                Some("22")
            ))
        );
        assert_eq!(
            sshd("Accepted publickey for ubuntu from 198.51.100.4 port 50022 ssh2: ED25519 SHA256:abc"),
            Some(("accepted_publickey", Some("ubuntu"), Some("198.51.100.4"), Some("50022")))
        );
        assert_eq!(
            sshd("Accepted keyboard-interactive/pam for bob from 10.0.0.2 port 1 ssh2")
                .map(|s| s.0),
            Some("accepted_keyboard_interactive")
        );
        assert_eq!(
            sshd("Invalid user oracle from 203.0.113.9 port 40000"),
            Some((
                "invalid_user",
                Some("oracle"),
                Some("203.0.113.9"),
                Some("40000")
            ))
        );
        assert_eq!(
            sshd("Invalid user  from 203.0.113.9 port 40000").map(|s| s.1),
            Some(None)
        );
        assert_eq!(
            sshd("Connection closed by authenticating user root 203.0.113.5 port 52144 [preauth]"),
            Some((
                "connection_closed_preauth",
                Some("root"),
                Some("203.0.113.5"),
                Some("52144")
            ))
        );
        assert_eq!(
            sshd("Connection closed by 203.0.113.5 port 52144 [preauth]"),
            Some((
                "connection_closed_preauth",
                None,
                Some("203.0.113.5"),
                Some("52144")
            ))
        );
        assert_eq!(
            sshd("error: maximum authentication attempts exceeded for invalid user pi from 203.0.113.5 port 1 ssh2 [preauth]"),
            Some(("max_auth_attempts", Some("pi"), Some("203.0.113.5"), Some("1")))
        );
        assert_eq!(
            sshd("Disconnecting authenticating user root 203.0.113.5 port 2: Too many authentication failures [preauth]"),
            Some(("max_auth_attempts", Some("root"), Some("203.0.113.5"), Some("2")))
        );
        assert_eq!(
            sshd("pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.5  user=root"),
            Some(("pam_auth_failure", Some("root"), Some("203.0.113.5"), None))
        );
        assert_eq!(
            sshd("Received disconnect from 203.0.113.5 port 52144:11: Bye Bye [preauth]"),
            Some((
                "received_disconnect",
                None,
                Some("203.0.113.5"),
                Some("52144")
            ))
        );
        assert_eq!(sshd("Server listening on 0.0.0.0 port 22."), None);
        assert_eq!(sshd("Failed"), None);
        assert_eq!(sshd("Accepted password for"), None);
        assert!(sshd("Accepted password for x").is_some());
        assert!(sshd("Failed none for  from  port ").is_some());
    }

    #[test]
    fn classic_times_take_the_year_from_the_reference() {
        let now = Utc.with_ymd_and_hms(2027, 1, 2, 0, 0, 0).unwrap();
        let f = SyslogFormat::reference(now);
        let t = |m, d| f.classic_year(m, d, 3600).map(|t| t.to_rfc3339());
        assert_eq!(t(12, 31).as_deref(), Some("2026-12-31T01:00:00+00:00"));
        assert_eq!(t(1, 2).as_deref(), Some("2027-01-02T01:00:00+00:00"));
        // Up to a day ahead is this year (zones, clock skew); more is last year's.
        assert_eq!(
            f.classic_year(1, 2, 86399)
                .map(|t| t.to_rfc3339())
                .as_deref(),
            Some("2027-01-02T23:59:59+00:00")
        );
        assert_eq!(t(1, 3).as_deref(), Some("2026-01-03T01:00:00+00:00"));
        // 29 February 2027 does not exist: 2026 has none either.
        assert_eq!(t(2, 29), None);
        let leap = SyslogFormat::reference(Utc.with_ymd_and_hms(2029, 3, 1, 0, 0, 0).unwrap());
        assert!(leap.classic_year(2, 29, 0).is_some(), "2028 is a leap year");
        assert_eq!(classic_time(b"Nov  1 10:00:00 h"), Some((11, 1, 36000, 15)));
        assert_eq!(
            classic_time(b"Nov 11 10:00:00 h"),
            Some((11, 11, 36000, 15))
        );
        assert_eq!(classic_time(b"Nov 111 10:00:00"), None);
        assert_eq!(classic_time(b"Nov  1 25:00:00"), None);
        assert_eq!(classic_time(b"Foo  1 10:00:00"), None);
        assert_eq!(classic_time(b"Nov  1 10:00"), None);
    }

    #[test]
    fn rfc3339_is_written_as_chrono_would() {
        for t in [
            Utc.with_ymd_and_hms(2026, 11, 1, 10, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(1999, 1, 9, 3, 4, 5).unwrap(),
        ] {
            let mut s = String::new();
            push_rfc3339(&mut s, t);
            assert_eq!(s, t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        }
    }

    #[test]
    fn shapes_are_recognised() {
        assert!(looks_like_syslog(
            b"Nov  1 10:00:00 web-1 sshd[123]: Failed password"
        ));
        assert!(looks_like_syslog(
            b"2026-11-01T10:00:00.123456+00:00 web-1 sshd[123]: Failed password"
        ));
        assert!(looks_like_syslog(
            b"<38>1 2026-11-01T10:00:00.123Z web-1 sshd 123 - - Failed"
        ));
        // An ALB connection log line starts with a time too, then an address and ports.
        assert!(!looks_like_syslog(
            b"2026-11-01T10:00:00.123456Z 192.0.2.1 2817 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256"
        ));
        assert!(!looks_like_syslog(b"Nov  1 10:00:00"));
    }
}
