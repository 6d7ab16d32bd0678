//! S3 server access logs: space-separated fields, the time in brackets, `request_uri`,
//! `referer` and `user_agent` quoted, as AWS documents them. CloudTrail S3 *data events* are
//! CloudTrail records and are read by [`crate::read::CloudTrailReader`].
//!
//! Field names in events and Sigma rules (`product: aws, service: s3access`), the AWS names in
//! snake case: `bucket_owner`, `bucket`, `time` (`06/Feb/2019:00:00:38 +0000`), `remote_ip`,
//! `requester`, `request_id`, `operation`, `key`, `request_uri`, `http_status`, `error_code`,
//! `bytes_sent`, `object_size`, `total_time`, `turn_around_time`, `referer`, `user_agent`,
//! `version_id`, `host_id`, `signature_version`, `cipher_suite`, `authentication_type`,
//! `host_header`, `tls_version`, `access_point_arn`, `acl_required`, `source_region`, and
//! derived: `requester_account` (the account of an IAM or STS `requester` ARN). `-` is absent;
//! older logs end early (their missing trailing fields are absent); fields AWS may add after
//! `source_region` stay in the raw text only.

use std::sync::{Arc, OnceLock};

use crate::event::{parse_clf_time, Header, LogKind};
use crate::read::lines::{present, split_fields, LineEvent, LineFormat, Quoting, Tok};

/// Field names; index = position in the event's spans.
const NAMES: [&str; 28] = [
    "bucket_owner",
    "bucket",
    "time",
    "remote_ip",
    "requester",
    "request_id",
    "operation",
    "key",
    "request_uri",
    "http_status",
    "error_code",
    "bytes_sent",
    "object_size",
    "total_time",
    "turn_around_time",
    "referer",
    "user_agent",
    "version_id",
    "host_id",
    "signature_version",
    "cipher_suite",
    "authentication_type",
    "host_header",
    "tls_version",
    "access_point_arn",
    "acl_required",
    "source_region",
    "requester_account",
];

/// Fields of a line in order (all but the derived last one).
const LINE_FIELDS: usize = NAMES.len() - 1;

/// Fewest fields accepted: through `user_agent` (the oldest documented format).
const MIN_FIELDS: usize = 17;

fn header() -> Arc<Header> {
    static H: OnceLock<Arc<Header>> = OnceLock::new();
    H.get_or_init(|| Header::new(NAMES.iter().map(|s| Box::from(*s)).collect()))
        .clone()
}

/// Whether the first line of a stream is an S3 server access log line: owner, bucket, a
/// bracketed CLF time third, and a quoted request URI ninth.
pub(crate) fn looks_like_s3access(line: &[u8]) -> bool {
    let mut toks = Vec::new();
    if split_fields(line, &mut toks).is_err() || toks.len() < MIN_FIELDS {
        return false;
    }
    toks[2].quoting == Quoting::Bracketed
        && toks[8].quoting == Quoting::Quoted
        && std::str::from_utf8(&line[toks[2].start as usize..toks[2].end as usize])
            .ok()
            .and_then(parse_clf_time)
            .is_some()
}

/// The account id in an `arn:aws:iam::123456789012:...` or `arn:aws:sts::...` requester.
fn requester_account(b: &[u8], span: Option<(u32, u32)>) -> Option<(u32, u32)> {
    let (s, e) = span?;
    let v = &b[s as usize..e as usize];
    if !v.starts_with(b"arn:") {
        return None;
    }
    // arn:partition:service:region:account:resource
    let mut colons = v
        .iter()
        .enumerate()
        .filter(|(_, &c)| c == b':')
        .map(|(i, _)| i);
    let start = colons.nth(3)? + 1;
    let end = colons.next()?;
    let account = &v[start..end];
    (account.len() == 12 && account.iter().all(u8::is_ascii_digit))
        .then_some((s + start as u32, s + end as u32))
}

/// The [`LineFormat`] of S3 server access logs.
#[derive(Debug, Default)]
pub(crate) struct S3AccessFormat {
    toks: Vec<Tok>,
}

impl LineFormat for S3AccessFormat {
    const KIND: LogKind = LogKind::S3Access;

    fn parse(&mut self, line: &str) -> Result<Option<LineEvent>, String> {
        let b = line.as_bytes();
        split_fields(b, &mut self.toks).map_err(str::to_owned)?;
        let toks = &self.toks;
        if toks.len() < MIN_FIELDS {
            let got = toks.len();
            return Err(format!(
                "expected at least {MIN_FIELDS} fields, found {got}"
            ));
        }
        if toks[2].quoting != Quoting::Bracketed {
            return Err("expected a [time] as the 3rd field".into());
        }
        let time = &line[toks[2].start as usize..toks[2].end as usize];
        if parse_clf_time(time).is_none() {
            let shown: String = time.chars().take(40).collect();
            return Err(format!(
                "time {shown:?} is not an S3 access log time (06/Feb/2019:00:00:38 +0000)"
            ));
        }
        let mut spans: Vec<Option<(u32, u32)>> = Vec::with_capacity(NAMES.len());
        spans.extend(toks.iter().take(LINE_FIELDS).map(|t| present(b, t.span())));
        spans.resize(LINE_FIELDS, None);
        spans.push(requester_account(b, spans[4]));
        Ok(Some(LineEvent {
            text: line.to_owned(),
            header: header(),
            spans,
        }))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn requester_accounts() {
        let acct = |v: &str| {
            requester_account(v.as_bytes(), Some((0, v.len() as u32)))
                .map(|(a, z)| v[a as usize..z as usize].to_owned())
        };
        assert_eq!(
            acct("arn:aws:iam::123456789012:user/alice").as_deref(),
            Some("123456789012")
        );
        assert_eq!(
            acct("arn:aws:sts::444455556666:assumed-role/r/s").as_deref(),
            Some("444455556666")
        );
        assert_eq!(
            acct("79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"),
            None
        );
        assert_eq!(acct("arn:aws:iam::notanaccount:user/x"), None);
        assert_eq!(acct("arn:"), None);
    }
}
