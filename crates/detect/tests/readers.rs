//! Readers on fixtures: formats, gzip by magic bytes, malformed records, truncation.

use cloudward_detect::read::list_files;
use cloudward_detect::{Event, LogKind, ReadError, Reader};

use crate::common::fixture;

fn read_all(name: &str) -> (Vec<Event>, Vec<ReadError>, Reader) {
    let mut r = Reader::open(&fixture(name)).unwrap();
    let mut evs = vec![];
    let mut errs = vec![];
    for item in r.by_ref() {
        match item {
            Ok(e) => evs.push(e),
            Err(e) => errs.push(e),
        }
    }
    (evs, errs, r)
}

#[test]
fn cloudtrail_pretty_records_document() {
    let (evs, errs, r) = read_all("cloudtrail/records_pretty.json");
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(r.kind(), LogKind::CloudTrail);
    let ids: Vec<String> = evs.iter().map(Event::id).collect();
    assert_eq!(ids, ["evt-1", "evt-2", "evt-3"]);
    assert_eq!(evs[1].record(), 2);
    assert_eq!(
        evs[0].field("requestParameters.note").unwrap(),
        "brace } and bracket ] and quote \" in a string"
    );
}

#[test]
fn cloudtrail_gzip_detected_by_magic_bytes_not_extension() {
    for name in [
        "cloudtrail/records_minified.gz",
        "cloudtrail/gzip_without_extension.json",
    ] {
        let (evs, errs, _) = read_all(name);
        assert!(errs.is_empty(), "{name}: {errs:?}");
        assert_eq!(evs.len(), 5, "{name}");
        assert_eq!(evs[4].id(), "evt-5");
    }
}

#[test]
fn cloudtrail_malformed_records_are_reported_and_skipped() {
    let (evs, errs, r) = read_all("cloudtrail/malformed_records.json");
    let ids: Vec<String> = evs.iter().map(Event::id).collect();
    assert_eq!(ids, ["evt-1", "evt-2", "evt-3", "evt-4"]);
    let records: Vec<u64> = errs
        .iter()
        .map(|e| match e {
            ReadError::Malformed { record, file, .. } => {
                assert!(file.ends_with("malformed_records.json"));
                *record
            }
            other => panic!("unexpected {other}"),
        })
        .collect();
    assert_eq!(records, [2, 4, 6]);
    assert_eq!(r.stats().malformed, 3);
    assert_eq!(r.stats().events, 4);
    let msg = errs[0].to_string();
    assert!(
        msg.contains("record 2") && msg.contains("malformed_records.json"),
        "{msg}"
    );
}

#[test]
fn cloudtrail_truncated_gzip_yields_what_came_before_then_an_error() {
    let (evs, errs, _) = read_all("cloudtrail/truncated.json.gz");
    assert!(evs.len() > 10, "{}", evs.len());
    assert!(evs.len() < 400);
    assert_eq!(errs.len(), 1, "{errs:?}");
    let last = errs.last().unwrap();
    assert!(
        matches!(last, ReadError::Truncated { .. } | ReadError::Io { .. }),
        "{last:?}"
    );
    assert!(last.to_string().contains("truncated.json.gz"));
}

#[test]
fn cloudtrail_unterminated_plain_file() {
    let (evs, errs, _) = read_all("cloudtrail/unterminated.json");
    assert_eq!(evs.len(), 2);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].to_string().contains("record 3"), "{}", errs[0]);
}

#[test]
fn cloudtrail_json_lines_with_eventbridge_and_a_bad_line() {
    let (evs, errs, _) = read_all("cloudtrail/events.jsonl");
    let names: Vec<String> = evs.iter().map(|e| e.field("eventName").unwrap()).collect();
    assert_eq!(names, ["DescribeInstances", "StopLogging", "CreateUser"]);
    assert_eq!(evs[1].id(), "evt-9", "EventBridge detail is unwrapped");
    assert_eq!(errs.len(), 1);
    assert!(
        matches!(errs[0], ReadError::Malformed { record: 3, .. }),
        "{:?}",
        errs[0]
    );
}

#[test]
fn flow_default_format_with_header() {
    let (evs, errs, r) = read_all("flow/default_v2.log");
    assert_eq!(r.kind(), LogKind::VpcFlow);
    assert_eq!(evs.len(), 5);
    assert_eq!(errs.len(), 1);
    assert!(
        matches!(errs[0], ReadError::Malformed { record: 6, .. }),
        "{:?}",
        errs[0]
    );
    assert_eq!(evs[0].field("srcaddr").unwrap(), "198.51.100.7");
    assert_eq!(evs[0].field("dstport").unwrap(), "22");
    assert_eq!(
        evs[0].id(),
        format!("{}:2", fixture("flow/default_v2.log").display())
    );
    assert!(evs[2].field("srcaddr").is_none(), "'-' is absent");
    assert_eq!(evs[2].field("log-status").unwrap(), "NODATA");
    assert_eq!(r.stats().nodata, 2);
    assert_eq!(evs[0].time().unwrap().timestamp(), 1_700_000_000);
}

#[test]
fn flow_without_header_is_version_2() {
    let (evs, errs, _) = read_all("flow/no_header.log");
    assert!(errs.is_empty());
    assert_eq!(evs.len(), 2);
    assert_eq!(evs[1].field("srcport").unwrap(), "22");
}

#[test]
fn flow_custom_format_gzip() {
    let (evs, errs, r) = read_all("flow/custom_v5.log.gz");
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(r.kind(), LogKind::VpcFlow);
    assert_eq!(evs.len(), 2);
    assert_eq!(evs[0].field("flow-direction").unwrap(), "ingress");
    assert_eq!(evs[0].field("dstport").unwrap(), "3306");
    assert!(evs[0].field("traffic-path").is_none());
    let e = cloudward_detect::Engine::builder().build().unwrap();
    let got = e.process(&evs[0]);
    assert!(
        got.iter().any(|m| m.rule.title.contains("Database Port")),
        "{got:?}"
    );
    assert!(e.process(&evs[1]).is_empty());
}

#[test]
fn alb_lines_parse_and_other_formats_are_skipped() {
    let (evs, errs, r) = read_all("alb/access.log.gz");
    assert_eq!(r.kind(), LogKind::Alb);
    assert_eq!(evs.len(), 3, "{errs:?}");
    assert_eq!(r.stats().skipped, 2, "NLB and connection-log lines");
    assert_eq!(errs.len(), 2, "garbage and unterminated quote: {errs:?}");
    let e0 = &evs[0];
    assert_eq!(e0.field("client_ip").unwrap(), "198.51.100.20");
    assert_eq!(e0.field("client_port").unwrap(), "2817");
    assert_eq!(e0.field("request_verb").unwrap(), "GET");
    assert_eq!(e0.field("request_path").unwrap(), "/index.html");
    assert_eq!(e0.field("user_agent").unwrap(), "curl/7.46.0");
    assert_eq!(e0.field("elb_status_code").unwrap(), "200");
    assert_eq!(e0.field("conn_trace_id").unwrap(), "TID_1234");
    assert_eq!(e0.time().unwrap().timestamp(), 1_793_527_200);
    let e1 = &evs[1];
    assert_eq!(e1.field("client_ip").unwrap(), "2001:db8::7");
    assert_eq!(e1.field("request_path").unwrap(), "/.env");
    assert!(
        e1.field("conn_trace_id").is_none(),
        "older line without the field"
    );
    let e2 = &evs[2];
    assert!(e2.field("request_verb").is_none(), "\"- - -\" request");
    assert!(e2.field("target_ip").is_none());
    assert_eq!(e2.field("request_processing_time").unwrap(), "-1");
}

#[test]
fn unknown_format_is_an_error_naming_the_file() {
    let err = Reader::new("weird.txt", &b"hello world\nmore\n"[..]).unwrap_err();
    assert!(err.to_string().contains("weird.txt"), "{err}");
}

#[test]
fn empty_input_yields_nothing() {
    let mut r = Reader::new("empty", &b""[..]).unwrap();
    assert!(r.next().is_none());
}

#[test]
fn directory_listing_is_recursive_and_sorted() {
    let files = list_files(&fixture("")).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.strip_prefix(fixture("")).unwrap().display().to_string())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(names.contains(&"flow/custom_v5.log.gz".to_owned()));
    assert!(names.contains(&"cloudtrail/events.jsonl".to_owned()));
}

#[test]
fn large_records_document_streams_in_bounded_memory() {
    // 20,000 records through a reader that only ever holds one record: the reader never sees
    // the whole document, so this also guards against accidental whole-document buffering
    // (the document is produced lazily by a generator Read).
    struct Gen {
        n: usize,
        i: usize,
        buf: Vec<u8>,
        pos: usize,
    }
    impl std::io::Read for Gen {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            if self.pos == self.buf.len() {
                self.buf.clear();
                self.pos = 0;
                if self.i == 0 {
                    self.buf.extend_from_slice(b"{\"Records\":[");
                }
                if self.i < self.n {
                    if self.i > 0 {
                        self.buf.push(b',');
                    }
                    self.buf.extend_from_slice(
                        format!("{{\"eventID\":\"e{}\",\"eventName\":\"X\"}}", self.i).as_bytes(),
                    );
                    self.i += 1;
                } else if self.i == self.n {
                    self.buf.extend_from_slice(b"]}");
                    self.i += 1;
                } else {
                    return Ok(0);
                }
            }
            let n = out.len().min(self.buf.len() - self.pos);
            out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
            self.pos += n;
            Ok(n)
        }
    }
    let r = Reader::new(
        "gen",
        Gen {
            n: 20_000,
            i: 0,
            buf: vec![],
            pos: 0,
        },
    )
    .unwrap();
    let mut count = 0;
    let mut last = String::new();
    for e in r {
        last = e.unwrap().id();
        count += 1;
    }
    assert_eq!(count, 20_000);
    assert_eq!(last, "e19999");
}

/// Events and errors of a fixture, the reader's kind and stats.
fn read_kind(
    name: &str,
) -> (
    Vec<Event>,
    Vec<ReadError>,
    LogKind,
    cloudward_detect::ReadStats,
) {
    let (evs, errs, r) = read_all(name);
    (evs, errs, r.kind(), r.stats())
}

fn field(ev: &Event, name: &str) -> Option<String> {
    ev.field(name)
}

/// The line numbers and offsets of malformed-record errors, each naming the file.
fn malformed_places(errs: &[ReadError], file: &str) -> Vec<(u64, u64)> {
    errs.iter()
        .map(|e| match e {
            ReadError::Malformed {
                file: f,
                record,
                offset,
                ..
            } => {
                assert!(f.ends_with(file), "{f}");
                assert!(e.to_string().contains(&format!("record {record}")), "{e}");
                (*record, *offset)
            }
            other => panic!("unexpected {other}"),
        })
        .collect()
}

/// Byte offset of the start of 1-based line `n` of a fixture.
fn line_offset(name: &str, n: usize) -> u64 {
    let text = std::fs::read(fixture(name)).expect("fixture");
    text.split_inclusive(|&c| c == b'\n')
        .take(n - 1)
        .map(|l| l.len() as u64)
        .sum()
}

#[test]
fn s3_server_access_log_fields_and_malformed_lines() {
    let name = "s3access/access.log";
    let (evs, errs, kind, stats) = read_kind(name);
    assert_eq!(kind, LogKind::S3Access);
    assert_eq!(evs.len(), 4);
    assert_eq!(
        malformed_places(&errs, name),
        [(4, line_offset(name, 4)), (5, line_offset(name, 5))]
    );
    assert!(
        errs[0].to_string().contains("not an S3 access log time"),
        "{}",
        errs[0]
    );
    assert!(
        errs[1].to_string().contains("unterminated quoted field"),
        "{}",
        errs[1]
    );
    assert_eq!(stats.malformed, 2);
    let first = &evs[0];
    assert_eq!(
        field(first, "operation").as_deref(),
        Some("REST.GET.VERSIONING")
    );
    assert_eq!(field(first, "key"), None, "`-` is absent");
    assert_eq!(
        field(first, "request_uri").as_deref(),
        Some("GET /amzn-s3-demo-bucket1?versioning HTTP/1.1")
    );
    assert_eq!(field(first, "user_agent").as_deref(), Some("S3Console/0.4"));
    assert_eq!(field(first, "source_region").as_deref(), Some("us-east-1"));
    assert_eq!(
        field(first, "requester_account"),
        None,
        "a canonical id is no ARN"
    );
    assert_eq!(
        first.time().expect("time").to_rfc3339(),
        "2019-02-06T00:00:38+00:00"
    );
    let cross = &evs[1];
    assert_eq!(field(cross, "remote_ip").as_deref(), Some("203.0.113.50"));
    assert_eq!(
        field(cross, "requester_account").as_deref(),
        Some("444455556666")
    );
    assert_eq!(field(cross, "key").as_deref(), Some("reports/2019/q1.csv"));
    assert_eq!(field(cross, "http_status").as_deref(), Some("200"));
    assert_eq!(
        field(&evs[2], "error_code").as_deref(),
        Some("AccessDenied")
    );
    assert_eq!(field(&evs[2], "requester"), None, "anonymous");
    // The oldest format ends at user_agent: the later fields are absent.
    let old = &evs[3];
    assert_eq!(old.record(), 6);
    assert_eq!(field(old, "user_agent").as_deref(), Some("S3Console/0.4"));
    assert_eq!(field(old, "version_id"), None);
}

#[test]
fn cloudtrail_s3_data_events_read_as_cloudtrail() {
    let (evs, errs, kind, _) = read_kind("cloudtrail/s3_data_events.json");
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(kind, LogKind::CloudTrail);
    let ev = &evs[0];
    assert_eq!(field(ev, "eventName").as_deref(), Some("GetObject"));
    assert_eq!(
        field(ev, "requestParameters.key").as_deref(),
        Some("reports/2026/q3.csv")
    );
    assert_eq!(
        field(ev, "additionalEventData.bytesTransferredOut").as_deref(),
        Some("4096")
    );
    assert_eq!(
        field(ev, "resources.accountId").as_deref(),
        Some("123456789012")
    );
    assert_eq!(
        field(ev, "resources.ARN").as_deref(),
        Some("arn:aws:s3:::amzn-s3-demo-bucket1/reports/2026/q3.csv")
    );
}

#[test]
fn waf_json_lines() {
    let name = "waf/waf.jsonl";
    let (evs, errs, kind, _) = read_kind(name);
    assert_eq!(kind, LogKind::Waf);
    assert_eq!(evs.len(), 3);
    assert_eq!(malformed_places(&errs, name), [(3, line_offset(name, 3))]);
    assert!(errs[0].to_string().contains("timestamp"), "{}", errs[0]);
    let blocked = &evs[0];
    assert_eq!(field(blocked, "action").as_deref(), Some("BLOCK"));
    assert_eq!(
        field(blocked, "httpRequest.clientIp").as_deref(),
        Some("198.51.100.77")
    );
    assert_eq!(
        blocked.time().expect("time").to_rfc3339(),
        "2025-11-01T12:26:40+00:00"
    );
    assert_eq!(
        field(&evs[2], "rateBasedRuleList.rateBasedRuleName").as_deref(),
        Some("rate-limit-per-ip")
    );
    assert_eq!(
        field(&evs[2], "terminatingRuleType").as_deref(),
        Some("RATE_BASED")
    );
}

#[test]
fn resolver_query_logs_with_derived_fields() {
    let name = "resolver/query.jsonl";
    let (evs, errs, kind, _) = read_kind(name);
    assert_eq!(kind, LogKind::Resolver);
    assert_eq!(evs.len(), 3);
    assert_eq!(malformed_places(&errs, name), [(3, line_offset(name, 3))]);
    assert!(
        errs[0].to_string().contains("query_timestamp"),
        "{}",
        errs[0]
    );
    let plain = &evs[0];
    assert_eq!(field(plain, "query_name_length").as_deref(), Some("15"));
    assert_eq!(field(plain, "query_label_max_length").as_deref(), Some("7"));
    assert_eq!(
        field(plain, "query_label_entropy").as_deref(),
        Some("0.00"),
        "`www`: one letter"
    );
    assert_eq!(
        plain.time().expect("time").to_rfc3339(),
        "2026-11-01T10:00:00+00:00"
    );
    let tunnel = &evs[1];
    assert_eq!(field(tunnel, "rcode").as_deref(), Some("NXDOMAIN"));
    assert_eq!(
        field(tunnel, "query_label_max_length").as_deref(),
        Some("24")
    );
    let entropy: f64 = field(tunnel, "query_label_entropy")
        .expect("entropy")
        .parse()
        .expect("a number");
    assert!(entropy > 4.0, "{entropy}");
    assert_eq!(
        field(tunnel, "srcids.instance").as_deref(),
        Some("i-0123456789abcdef0")
    );
}

#[test]
fn guardduty_findings_json_lines() {
    let name = "guardduty/findings.jsonl";
    let (evs, errs, kind, _) = read_kind(name);
    assert_eq!(kind, LogKind::GuardDuty);
    assert_eq!(evs.len(), 2);
    assert_eq!(malformed_places(&errs, name), [(3, line_offset(name, 3))]);
    assert_eq!(field(&evs[0], "severity").as_deref(), Some("8"));
    assert_eq!(
        field(&evs[0], "type").as_deref(),
        Some("CryptoCurrency:EC2/BitcoinTool.B!DNS")
    );
    assert_eq!(
        evs[1].time().expect("time").to_rfc3339(),
        "2026-11-01T10:06:00+00:00",
        "updatedAt"
    );
}

#[test]
fn auth_log_classic_syslog_with_sshd_fields() {
    let name = "auth/auth.log";
    let (evs, errs, kind, _) = read_kind(name);
    assert_eq!(kind, LogKind::LinuxAuth);
    assert_eq!(evs.len(), 7);
    assert_eq!(
        malformed_places(&errs, name),
        [(6, line_offset(name, 6)), (7, line_offset(name, 7))]
    );
    assert!(
        errs[0].to_string().contains("day 31 of month 11"),
        "{}",
        errs[0]
    );
    let failed = &evs[1];
    assert_eq!(field(failed, "host").as_deref(), Some("web-1"));
    assert_eq!(field(failed, "program").as_deref(), Some("sshd"));
    assert_eq!(field(failed, "pid").as_deref(), Some("4242"));
    assert_eq!(
        field(failed, "sshd_event").as_deref(),
        Some("failed_password")
    );
    assert_eq!(field(failed, "user").as_deref(), Some("oracle"));
    assert_eq!(field(failed, "source_ip").as_deref(), Some("203.0.113.5"));
    assert_eq!(field(failed, "source_port").as_deref(), Some("50122"));
    assert!(field(failed, "message")
        .expect("message")
        .starts_with("Failed password for invalid user oracle"));
    // No year in the line: this year, or last year's if that would be in the future.
    let now = chrono::Utc::now();
    let t = failed.time().expect("time");
    assert_eq!(t.format("%m-%d %H:%M:%S").to_string(), "11-01 10:00:01");
    assert!(t <= now + chrono::Duration::days(1), "{t}");
    assert!(t > now - chrono::Duration::days(367), "{t}");
    assert_eq!(
        field(&evs[0], "sshd_event").as_deref(),
        Some("invalid_user")
    );
    assert_eq!(
        field(&evs[3], "sshd_event").as_deref(),
        Some("accepted_publickey")
    );
    assert_eq!(field(&evs[3], "user").as_deref(), Some("ubuntu"));
    assert_eq!(field(&evs[4], "sshd_event"), None, "a session message");
    let sudo = &evs[5];
    assert_eq!(field(sudo, "program").as_deref(), Some("sudo"));
    assert_eq!(field(sudo, "pid"), None);
    assert_eq!(field(sudo, "user"), None, "only sshd messages are parsed");
}

#[test]
fn secure_with_iso_times_and_rfc5424() {
    let (evs, errs, kind, _) = read_kind("auth/secure_iso.log");
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(kind, LogKind::LinuxAuth);
    assert_eq!(
        evs[0].time().expect("time").to_rfc3339(),
        "2026-11-01T10:00:00.123456+00:00"
    );
    assert_eq!(field(&evs[0], "source_ip").as_deref(), Some("2001:db8::5"));
    assert_eq!(field(&evs[1], "program").as_deref(), Some("sshd-session"));
    assert_eq!(
        field(&evs[1], "sshd_event").as_deref(),
        Some("accepted_password")
    );
    assert_eq!(field(&evs[1], "user").as_deref(), Some("root"));

    let (evs, errs, kind, _) = read_kind("auth/rfc5424.log");
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(kind, LogKind::LinuxAuth);
    assert_eq!(field(&evs[0], "host").as_deref(), Some("bastion"));
    assert_eq!(field(&evs[0], "pid").as_deref(), Some("901"));
    assert_eq!(
        field(&evs[0], "sshd_event").as_deref(),
        Some("failed_publickey")
    );
    assert_eq!(field(&evs[0], "user").as_deref(), Some("git"));
    assert_eq!(field(&evs[1], "pid"), None, "nil procid");
    assert_eq!(
        field(&evs[1], "sshd_event").as_deref(),
        Some("connection_closed_preauth")
    );
    assert_eq!(
        evs[1].time().expect("time").to_rfc3339(),
        "2026-11-01T10:00:01+00:00"
    );
}

#[test]
fn journald_json_is_normalised_like_syslog() {
    let name = "journald/journal.json";
    let (evs, errs, kind, _) = read_kind(name);
    assert_eq!(kind, LogKind::LinuxAuth);
    assert_eq!(evs.len(), 3);
    assert_eq!(
        malformed_places(&errs, name),
        [(3, line_offset(name, 3)), (4, line_offset(name, 4))]
    );
    assert!(
        errs[0].to_string().contains("MESSAGE is not text"),
        "{}",
        errs[0]
    );
    let failed = &evs[0];
    assert_eq!(
        failed.time().expect("time").to_rfc3339(),
        "2026-11-01T10:00:00+00:00"
    );
    assert_eq!(field(failed, "host").as_deref(), Some("app-1"));
    assert_eq!(field(failed, "program").as_deref(), Some("sshd"));
    assert_eq!(field(failed, "pid").as_deref(), Some("3131"));
    assert_eq!(
        field(failed, "sshd_event").as_deref(),
        Some("failed_password")
    );
    assert_eq!(field(failed, "user").as_deref(), Some("test"));
    assert_eq!(field(failed, "source_ip").as_deref(), Some("203.0.113.20"));
    assert_eq!(
        field(&evs[1], "program").as_deref(),
        Some("systemd"),
        "_COMM"
    );
    assert_eq!(field(&evs[2], "pid").as_deref(), Some("3140"), "SYSLOG_PID");
    assert_eq!(
        field(&evs[2], "sshd_event").as_deref(),
        Some("accepted_publickey")
    );
}

#[test]
fn web_access_log_combined_common_and_nginx_main() {
    let name = "web/access.log";
    let (evs, errs, kind, _) = read_kind(name);
    assert_eq!(kind, LogKind::WebAccess);
    assert_eq!(evs.len(), 6);
    assert_eq!(
        malformed_places(&errs, name),
        [(6, line_offset(name, 6)), (7, line_offset(name, 7))]
    );
    assert!(
        errs[0].to_string().contains("three-digit HTTP status"),
        "{}",
        errs[0]
    );
    assert!(
        errs[1].to_string().contains("Common Log Format time"),
        "{}",
        errs[1]
    );
    let first = &evs[0];
    assert_eq!(field(first, "client_ip").as_deref(), Some("203.0.113.7"));
    assert_eq!(field(first, "method").as_deref(), Some("GET"));
    assert_eq!(field(first, "path").as_deref(), Some("/index.html"));
    assert_eq!(field(first, "protocol").as_deref(), Some("HTTP/1.1"));
    assert_eq!(field(first, "status").as_deref(), Some("200"));
    assert_eq!(field(first, "bytes").as_deref(), Some("612"));
    assert_eq!(field(first, "referer"), None);
    assert_eq!(field(first, "forwarded_for"), None);
    assert!(field(first, "user_agent").expect("ua").contains("Firefox"));
    let login = &evs[2];
    assert_eq!(field(login, "user").as_deref(), Some("admin"));
    assert_eq!(field(login, "method").as_deref(), Some("POST"));
    assert_eq!(
        field(login, "forwarded_for").as_deref(),
        Some("10.0.0.5, 198.51.100.23")
    );
    let traversal = &evs[3];
    assert_eq!(
        field(traversal, "path").as_deref(),
        Some("/cgi-bin/../../../../etc/passwd")
    );
    assert_eq!(field(traversal, "query").as_deref(), Some("x=1"));
    assert_eq!(
        field(traversal, "referer"),
        None,
        "common log format ends at bytes? no: `-`"
    );
    let tls = &evs[4];
    assert_eq!(
        field(tls, "path"),
        None,
        "a TLS handshake sent to a plain port"
    );
    let common = &evs[5];
    assert_eq!(common.record(), 8);
    assert_eq!(field(common, "user_agent"), None);
    assert_eq!(
        common.time().expect("time").to_rfc3339(),
        "2026-11-01T17:00:05+00:00"
    );
}

#[test]
fn text_logs_cap_the_line_length_and_read_on() {
    let line = |path: &str| {
        format!("198.51.100.1 - - [01/Nov/2026:10:00:00 +0000] \"GET {path} HTTP/1.1\" 200 1 \"-\" \"ua\"\n")
    };
    let long = format!("/{}", "a".repeat(300));
    let text = format!("{}{}{}", line("/ok"), line(&long), line("/next"));
    let r = Reader::new("cap.log", std::io::Cursor::new(text.into_bytes()))
        .expect("detected")
        .max_line(200);
    assert_eq!(r.kind(), LogKind::WebAccess);
    let items: Vec<_> = r.collect();
    assert_eq!(items.len(), 3);
    match &items[1] {
        Err(ReadError::Malformed {
            record: 2, reason, ..
        }) => {
            assert!(reason.contains("200-byte limit"), "{reason}")
        }
        other => panic!("expected the cap, got {other:?}"),
    }
    let last = items[2].as_ref().expect("the line after is read");
    assert_eq!(field(last, "path").as_deref(), Some("/next"));
}

/// Gzip of `bytes` as one member.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}

#[test]
fn json_lines_kinds_read_concatenated_documents_and_gzip_members() {
    for (name, kind, good) in [
        ("waf/waf.jsonl", LogKind::Waf, 3),
        ("resolver/query.jsonl", LogKind::Resolver, 3),
        ("guardduty/findings.jsonl", LogKind::GuardDuty, 2),
    ] {
        let text = std::fs::read(fixture(name)).expect("fixture");
        // `cat a b` of two files, the first without a final newline.
        let mut cat = text.trim_ascii_end().to_vec();
        cat.extend_from_slice(&text);
        // Two gzip members, one per file.
        let mut members = gzip(&text);
        members.extend(gzip(&text));
        for (what, bytes) in [("concatenated", cat), ("gzip members", members)] {
            let r = Reader::new(name, std::io::Cursor::new(bytes)).expect("detected");
            assert_eq!(r.kind(), kind, "{name} {what}");
            let (ok, bad): (Vec<_>, Vec<_>) = r.partition(Result::is_ok);
            assert_eq!(ok.len(), 2 * good, "{name} {what}: {bad:?}");
        }
    }
}

#[test]
fn every_kind_is_told_apart_by_content() {
    for (name, kind) in [
        ("cloudtrail/events.jsonl", LogKind::CloudTrail),
        ("cloudtrail/records_pretty.json", LogKind::CloudTrail),
        ("flow/default_v2.log", LogKind::VpcFlow),
        ("alb/access.log.gz", LogKind::Alb),
        ("s3access/access.log", LogKind::S3Access),
        ("waf/waf.jsonl", LogKind::Waf),
        ("resolver/query.jsonl", LogKind::Resolver),
        ("guardduty/findings.jsonl", LogKind::GuardDuty),
        ("auth/auth.log", LogKind::LinuxAuth),
        ("auth/secure_iso.log", LogKind::LinuxAuth),
        ("auth/rfc5424.log", LogKind::LinuxAuth),
        ("journald/journal.json", LogKind::LinuxAuth),
        ("web/access.log", LogKind::WebAccess),
    ] {
        let r = Reader::open(&fixture(name)).expect("readable");
        assert_eq!(r.kind(), kind, "{name}");
    }
    // An ALB connection log starts with a time like an rsyslog line, but no `program:` follows.
    let conn = "2026-11-01T10:00:00.123456Z 192.0.2.1 2817 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 0.000 - - - - - - - -\n";
    let r =
        Reader::new("conn.log", std::io::Cursor::new(conn.as_bytes().to_vec())).expect("detected");
    assert_eq!(r.kind(), LogKind::Alb);
}

/// Events (by origin) and errors of a zip fixture read as a file and as a stream.
fn zip_items(reader: Reader) -> (Vec<(String, LogKind)>, Vec<ReadError>) {
    let mut evs = vec![];
    let mut errs = vec![];
    for item in reader {
        match item {
            Ok(e) => evs.push((e.origin().to_owned(), e.kind())),
            Err(e) => errs.push(e),
        }
    }
    (evs, errs)
}

#[test]
fn zip_members_are_read_as_inputs_of_their_own_and_bad_members_are_skipped() {
    let path = fixture("zip/logs.zip");
    let (plain_events, _, _) = read_all("cloudtrail/events.jsonl");
    let from_file = zip_items(Reader::open(&path).expect("a zip"));
    let bytes = std::fs::read(&path).expect("fixture");
    let from_stream =
        zip_items(Reader::new("logs.zip", std::io::Cursor::new(bytes)).expect("a zip"));
    for (how, (evs, errs), prefix) in [
        ("file", from_file, path.display().to_string()),
        ("stream", from_stream, "logs.zip".to_owned()),
    ] {
        let count = |member: &str| {
            let origin = format!("{prefix}!{member}");
            evs.iter().filter(|(o, _)| *o == origin).count()
        };
        assert_eq!(
            count("cloudtrail/events.jsonl"),
            plain_events.len(),
            "{how}"
        );
        assert_eq!(count("web/access.log"), 1, "{how}: a stored member");
        assert_eq!(count("auth.log.gz"), 2, "{how}: a gzip member");
        assert!(evs.iter().any(|(_, k)| *k == LogKind::WebAccess), "{how}");
        assert!(evs.iter().any(|(_, k)| *k == LogKind::LinuxAuth), "{how}");
        let shown: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(errs.len(), 4, "{how}: {shown:?}");
        // The directory's problems come first (bomb.log, caught by its declared sizes), then
        // the members' own in directory order: the malformed line the CloudTrail fixture has
        // on purpose, the nested archive, the corrupt member.
        assert!(
            matches!(&errs[0], ReadError::Archive { member, reason, .. }
                if member == "bomb.log" && reason.contains("compression ratio")),
            "{how}: {shown:?}"
        );
        assert!(
            matches!(&errs[1], ReadError::Malformed { file, record: 3, .. }
                if file.ends_with("logs.zip!cloudtrail/events.jsonl")),
            "{how}: {shown:?}"
        );
        assert!(
            shown[2].contains("!nested.zip") && shown[2].contains("inside an archive"),
            "{how}: {shown:?}"
        );
        // A member's records stream out before its CRC is checked at its end.
        assert!(shown[3].contains("!corrupt.log"), "{how}: {shown:?}");
        assert!(
            errs[3].detail().contains("CRC-32"),
            "{how}: {}",
            errs[3].detail()
        );
        assert_eq!(count("corrupt.log"), 1, "{how}");
    }
}
