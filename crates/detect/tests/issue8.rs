//! Regression tests for issue 8 (reliability): every document and gzip member of a stream is
//! read, every limit has a test at the limit and one past it, and hitting a limit names the
//! place and lets the run go on. See /issues/8.

use std::io::Write;

use cloudward_detect::read::{AlbReader, FlowReader};
use cloudward_detect::{Engine, Event, ReadError, Reader};

fn gz(b: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(b).unwrap();
    enc.finish().unwrap()
}

fn doc(ids: &[&str]) -> String {
    let recs: Vec<String> = ids
        .iter()
        .map(|i| {
            format!(r#"{{"eventID":"{i}","eventTime":"2024-05-01T10:00:00Z","eventName":"X"}}"#)
        })
        .collect();
    format!(r#"{{"Records":[{}]}}"#, recs.join(","))
}

/// Reads everything: (event ids, errors).
fn read(bytes: Vec<u8>) -> (Vec<String>, Vec<ReadError>) {
    let mut ids = vec![];
    let mut errs = vec![];
    for item in Reader::new("in", std::io::Cursor::new(bytes)).unwrap() {
        match item {
            Ok(e) => ids.push(e.id()),
            Err(e) => errs.push(e),
        }
    }
    (ids, errs)
}

#[test]
fn issue8_concatenated_gzip_members_all_read() {
    let mut data = gz(doc(&["a1", "a2"]).as_bytes());
    data.extend(gz(doc(&["b1"]).as_bytes()));
    data.extend(gz(doc(&["c1", "c2"]).as_bytes()));
    let (ids, errs) = read(data);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(ids, ["a1", "a2", "b1", "c1", "c2"]);
}

#[test]
fn issue8_concatenated_json_documents_all_read() {
    // zcat dir/*.gz: minified documents back to back, with or without a newline between.
    for sep in ["", "\n", "\r\n\n  "] {
        let text = format!(
            "{}{sep}{}{sep}{}",
            doc(&["a"]),
            doc(&["b", "c"]),
            doc(&["d"])
        );
        let (ids, errs) = read(text.into_bytes());
        assert!(errs.is_empty(), "{sep:?}: {errs:?}");
        assert_eq!(ids, ["a", "b", "c", "d"], "{sep:?}");
    }
    // Pretty-printed documents and a top-level array after them.
    let pretty = "{\n  \"Records\": [\n    {\"eventID\": \"p1\"}\n  ]\n}\n[{\"eventID\":\"q1\"}]\n";
    let (ids, errs) = read(format!("{pretty}{pretty}").into_bytes());
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(ids, ["p1", "q1", "p1", "q1"]);
}

#[test]
fn issue8_records_document_after_json_lines_is_read() {
    let text = format!(
        "{{\"eventID\":\"l1\"}}\n{}\n{{\"eventID\":\"l2\"}}\n",
        doc(&["r1", "r2"])
    );
    let (ids, errs) = read(text.into_bytes());
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(ids, ["l1", "r1", "r2", "l2"]);
}

#[test]
fn issue8_records_member_not_first_is_still_read() {
    let text = r#"{"note":"x","Records":[{"eventID":"n1"},{"eventID":"n2"}]}{"Records":[{"eventID":"n3"}]}"#;
    let (ids, errs) = read(text.as_bytes().to_vec());
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(ids, ["n1", "n2", "n3"]);
}

#[test]
fn issue8_records_not_an_array_says_so_with_the_place() {
    let text = format!(r#"{{"Records":{{"eventID":"x"}}}}{}"#, doc(&["ok"]));
    let (ids, errs) = read(text.into_bytes());
    assert_eq!(ids, ["ok"], "the next document is still read");
    assert_eq!(errs.len(), 1, "{errs:?}");
    let msg = errs[0].to_string();
    assert!(
        msg.contains("`Records` is not an array (found an object)"),
        "{msg}"
    );
    assert!(msg.contains("in: record 1 (byte offset 11)"), "{msg}");
}

#[test]
fn issue8_corrupt_later_gzip_member_reported_with_offset_after_earlier_records() {
    let first = gz(doc(&["a1", "a2"]).as_bytes());
    // Garbage after a good member.
    let mut data = first.clone();
    data.extend_from_slice(b"this is not gzip");
    let (ids, errs) = read(data);
    assert_eq!(ids, ["a1", "a2"]);
    assert_eq!(errs.len(), 1, "{errs:?}");
    match &errs[0] {
        ReadError::Gzip {
            member,
            offset,
            record,
            ..
        } => assert_eq!((*member, *offset, *record), (2, first.len() as u64, 2)),
        other => panic!("{other:?}"),
    }
    let msg = errs[0].to_string();
    assert!(msg.starts_with("in: corrupt gzip member 2"), "{msg}");
    // A bad CRC in the second member.
    let mut second = gz(doc(&["b1"]).as_bytes());
    let at = second.len() - 8;
    second[at] ^= 0x55;
    let mut data = first.clone();
    data.extend(second);
    data.extend(gz(doc(&["c1"]).as_bytes()));
    let (ids, errs) = read(data);
    assert_eq!(&ids[..2], ["a1", "a2"]);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        matches!(&errs[0], ReadError::Gzip { member: 2, offset, .. } if *offset == first.len() as u64),
        "{:?}",
        errs[0]
    );
}

#[test]
fn issue8_unparseable_event_time_is_malformed() {
    let text = r#"{"Records":[{"eventID":"a","eventTime":"yesterday"},{"eventID":"b","eventTime":"2024-05-01T10:00:00Z"},{"eventID":"c","eventTime":17}]}"#;
    let mut r = Reader::new("t.json", text.as_bytes()).unwrap();
    let items: Vec<_> = r.by_ref().collect();
    let ids: Vec<String> = items
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .map(Event::id)
        .collect();
    assert_eq!(ids, ["b"]);
    let errs: Vec<String> = items
        .iter()
        .filter_map(|i| i.as_ref().err())
        .map(ToString::to_string)
        .collect();
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(
        errs[0].contains("t.json: record 1") && errs[0].contains("eventTime \"yesterday\""),
        "{}",
        errs[0]
    );
    assert!(errs[1].contains("record 3"), "{}", errs[1]);
    assert_eq!(r.stats().malformed, 2);
    assert_eq!(r.stats().events, 1);
}

#[test]
fn issue8_read_problem_names_the_file_once() {
    let engine = Engine::builder().build().unwrap();
    let mut d = cloudward_detect::Detector::new(&engine);
    let mut data = gz(doc(&["a"]).as_bytes());
    data.extend_from_slice(b"junk, not a gzip member");
    d.read("x.json.gz", std::io::Cursor::new(data));
    d.read("y.json", &br#"{"Records":[{"eventID":"1","x": }]}"#[..]);
    let (_, stats) = d.finish();
    assert_eq!(stats.problems.len(), 2, "{:?}", stats.problems);
    for p in &stats.problems {
        assert!(!p.message.contains(&p.file), "file repeated in {p:?}");
    }
    assert!(
        stats.problems[0].message.contains("corrupt gzip member 2"),
        "{:?}",
        stats.problems
    );
    assert!(
        stats.problems[1].message.starts_with("byte offset 12: "),
        "{:?}",
        stats.problems[1]
    );
}

/// A version-2 flow line of exactly `len` bytes (the interface id is padded).
fn flow_line(len: usize, port: u32) -> String {
    let head = "2 111122223333 eni-";
    let tail = format!(" 198.51.100.7 10.0.0.1 4444 {port} 6 1 60 1700000000 1700000060 ACCEPT OK");
    let pad = len - head.len() - tail.len();
    format!("{head}{}{tail}", "a".repeat(pad))
}

#[test]
fn issue8_flow_line_at_the_cap_is_read_one_past_is_reported_and_skipped() {
    use cloudward_detect::read::MAX_LINE;
    let header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
    let text = format!(
        "{header}\n{}\n{}\n{}\n",
        flow_line(MAX_LINE, 22),
        flow_line(MAX_LINE + 1, 23),
        flow_line(200, 24)
    );
    for data in [text.clone().into_bytes(), gz(text.as_bytes())] {
        let mut r = Reader::new("flow.log", std::io::Cursor::new(data)).unwrap();
        let items: Vec<_> = r.by_ref().collect();
        let ports: Vec<String> = items
            .iter()
            .filter_map(|i| i.as_ref().ok())
            .map(|e| e.field("dstport").unwrap())
            .collect();
        assert_eq!(ports, ["22", "24"]);
        let errs: Vec<&ReadError> = items.iter().filter_map(|i| i.as_ref().err()).collect();
        assert_eq!(errs.len(), 1);
        match errs[0] {
            ReadError::Malformed {
                record,
                offset,
                reason,
                ..
            } => {
                let offset_past = (header.len() + 1 + MAX_LINE + 1) as u64;
                assert_eq!((*record, *offset), (3, offset_past));
                assert!(reason.contains("1048576-byte limit"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        assert!(errs[0].to_string().starts_with("flow.log: record 3"));
        assert_eq!(r.stats().malformed, 1);
    }
}

#[test]
fn issue8_alb_line_cap_is_configurable_and_reported() {
    let line = |ua: &str| {
        format!("https 2024-01-01T00:00:00Z app/x 1.2.3.4:1 - -1 -1 -1 404 - 0 0 \"GET https://h:443/a HTTP/1.1\" \"{ua}\" - -\n")
    };
    let short = line("curl");
    let at = line(&"u".repeat(4096 - short.len() + 1 + 4));
    assert_eq!(at.len() - 1, 4096);
    let past = line(&"u".repeat(4096 - short.len() + 1 + 5));
    let text = format!("{short}{at}{past}{short}");
    let r = AlbReader::new("alb.log", text.as_bytes()).max_line(4096);
    let items: Vec<_> = r.collect();
    let oks = items.iter().filter(|i| i.is_ok()).count();
    assert_eq!(oks, 3, "{items:?}");
    assert!(
        matches!(&items[2], Err(ReadError::Malformed { record: 3, reason, .. }) if reason.contains("4096-byte limit")),
        "{:?}",
        items[2]
    );
    // The default cap applies through the auto-detecting reader too.
    let huge = line(&"u".repeat(cloudward_detect::read::MAX_LINE));
    let (ids, errs) = {
        let mut ids = vec![];
        let mut errs = vec![];
        for i in Reader::new(
            "alb.log",
            std::io::Cursor::new(format!("{short}{huge}{short}").into_bytes()),
        )
        .unwrap()
        {
            match i {
                Ok(e) => ids.push(e.id()),
                Err(e) => errs.push(e),
            }
        }
        (ids, errs)
    };
    assert_eq!(ids, ["alb.log:1", "alb.log:3"]);
    assert_eq!(errs.len(), 1);
}

#[test]
fn issue8_flow_max_line_setter() {
    let text = format!("{}\n{}\n", flow_line(300, 22), flow_line(100, 23));
    let r = FlowReader::new("f", text.as_bytes()).max_line(200);
    let items: Vec<_> = r.collect();
    assert!(matches!(
        items[0],
        Err(ReadError::Malformed { record: 1, .. })
    ));
    assert!(items[1].is_ok());
}
