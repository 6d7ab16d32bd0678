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
