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
    assert_eq!(
        stats.problems[1].message,
        "unexpected character at byte 20 (byte offset 12)"
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

fn rule(detection: &str, extra: &str) -> String {
    format!(
        "title: t\nid: 00000000-0000-0000-0000-00000000000a\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n{detection}\n{extra}"
    )
}

const GOOD: &str = "title: good\nid: 00000000-0000-0000-0000-00000000000b\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    eventName: StopLogging\n  condition: sel\n";

/// Loads `texts` (each its own origin) plus [`GOOD`]; returns the rejection reasons and
/// checks that the good rule loaded.
fn load(texts: &[String]) -> Vec<String> {
    let mut b = Engine::builder().builtin(false).rule_text("good.yml", GOOD);
    for (i, t) in texts.iter().enumerate() {
        b = b.rule_text(format!("bad{i}.yml"), t.clone());
    }
    let e = b.build().unwrap();
    assert!(
        e.loaded().iter().any(|r| r.title == "good"),
        "the good rule must load: {:?}",
        e.rejected()
    );
    e.rejected().iter().map(|r| r.reason.clone()).collect()
}

#[test]
fn issue8_deep_sigma_condition_rejects_only_that_rule() {
    let parens = rule("  sel:\n    eventName: X", "").replace(
        "    eventName: X",
        &format!(
            "    eventName: X\n  condition: {}sel{}",
            "(".repeat(10_000),
            ")".repeat(10_000)
        ),
    );
    let nots = rule("  sel:\n    eventName: X", "").replace(
        "    eventName: X",
        &format!(
            "    eventName: X\n  condition: {}sel",
            "not ".repeat(20_000)
        ),
    );
    let reasons = load(&[parens, nots]);
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    for r in &reasons {
        assert!(r.contains("nested deeper than 64 levels"), "{r}");
    }
}

#[test]
fn issue8_selection_wildcard_is_linear_time() {
    // 1 of *a*a*a...*b over selection names that almost match: exponential backtracking ran
    // for minutes with 12 stars; 40 stars must be instant.
    let pat = format!("{}*b", "*a".repeat(40));
    let mut det = String::new();
    for k in 0..20 {
        det.push_str(&format!("  {}{k}:\n    eventName: X\n", "a".repeat(60)));
    }
    det.push_str("  ab:\n    eventName: Y\n");
    det.push_str(&format!("  condition: 1 of {pat}\n"));
    let text = rule(&det, "");
    let t = std::time::Instant::now();
    let e = Engine::builder()
        .builtin(false)
        .rule_text("w.yml", text)
        .build()
        .unwrap();
    assert!(
        t.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        t.elapsed()
    );
    // No selection name matches (`ab` has one `a`, the pattern needs 40): rejected, quickly.
    assert_eq!(e.rejected().len(), 1);
    assert!(
        e.rejected()[0].reason.contains("matches no selection"),
        "{:?}",
        e.rejected()
    );
}

#[test]
fn issue8_regex_size_limit_rejects_the_rule() {
    let re = |pat: &str| {
        rule(
            &format!("  sel:\n    eventName|re: '{pat}'\n  condition: sel"),
            "",
        )
    };
    let reasons = load(&[re(r"\w{50}"), re(r"(?:\w{100}){100}")]);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].contains("invalid regular expression") && reasons[0].contains("size limit"),
        "{reasons:?}"
    );
}

fn corr(cond: &str, timespan: &str) -> String {
    format!(
        "title: base\nname: base\nid: 00000000-0000-0000-0000-0000000000c1\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    eventName: X\n  condition: sel\n---\ntitle: c\nid: 00000000-0000-0000-0000-0000000000c2\ncorrelation:\n  type: event_count\n  rules: [base]\n  group-by: [sourceIPAddress]\n  timespan: {timespan}\n  condition:\n    {cond}\n"
    )
}

fn corr_reasons(cond: &str, timespan: &str) -> Vec<String> {
    let e = Engine::builder()
        .builtin(false)
        .rule_text("c.yml", corr(cond, timespan))
        .build()
        .unwrap();
    e.rejected().iter().map(|r| r.reason.clone()).collect()
}

#[test]
fn issue8_correlation_numbers_out_of_range_are_rejected() {
    use cloudward_detect::sigma::MAX_THRESHOLD;
    // What once wrapped to 0 (and fired at the first event).
    let r = corr_reasons("gt: 18446744073709551615", "5m");
    assert!(r.len() == 1 && r[0].contains("out of range"), "{r:?}");
    // Beyond 128 bits the YAML layer refuses the integer itself; still a reason, not a wrap.
    let r = corr_reasons("gte: 99999999999999999999999", "5m");
    assert!(
        r.len() == 1 && r[0].contains("99999999999999999999999"),
        "{r:?}"
    );
    let r = corr_reasons("gte: '99999999999999999999999'", "5m");
    assert!(r.len() == 1 && r[0].contains("out of range"), "{r:?}");
    // The threshold limit: at it accepted, past it rejected.
    assert!(corr_reasons(&format!("gte: {MAX_THRESHOLD}"), "5m").is_empty());
    assert!(corr_reasons(&format!("gt: {}", MAX_THRESHOLD - 1), "5m").is_empty());
    let r = corr_reasons(&format!("gte: {}", MAX_THRESHOLD + 1), "5m");
    assert!(
        r.len() == 1 && r[0].contains("could never be reached"),
        "{r:?}"
    );
    let r = corr_reasons(&format!("gt: {MAX_THRESHOLD}"), "5m");
    assert!(
        r.len() == 1 && r[0].contains("could never be reached"),
        "{r:?}"
    );
    // Timespans: the limit, past it, and products that overflowed.
    assert!(corr_reasons("gte: 2", "366d").is_empty());
    assert!(corr_reasons("gte: 2", "31622400s").is_empty());
    for t in [
        "367d",
        "31622401s",
        "30500000000000w",
        "18446744073709551615h",
        "99999999999999999999999s",
    ] {
        let r = corr_reasons("gte: 2", t);
        assert!(r.len() == 1 && r[0].contains("out of range"), "{t}: {r:?}");
    }
}

#[test]
fn issue8_non_finite_numbers_are_rejected() {
    let num = |v: &str| rule(&format!("  sel:\n    count|gt: {v}\n  condition: sel"), "");
    let reasons = load(&[
        num(".inf"),
        num("1e999"),
        num(".nan"),
        num("'NaN'"),
        num("1e300"),
    ]);
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    for r in &reasons {
        assert!(r.contains("not a finite number"), "{r}");
    }
}

#[test]
fn issue8_non_utf8_rule_file_is_rejected_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.yml"), GOOD).unwrap();
    let mut bad = GOOD.replace("good", "bad").into_bytes();
    bad.extend_from_slice(b"# caf\xe9\n");
    std::fs::write(dir.path().join("latin1.yml"), &bad).unwrap();
    let e = Engine::builder()
        .builtin(false)
        .rules_dir(dir.path())
        .build()
        .unwrap();
    let titles: Vec<&str> = e.loaded().iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["good"]);
    assert_eq!(e.rejected().len(), 1);
    let r = &e.rejected()[0];
    assert!(r.origin.ends_with("latin1.yml"), "{r}");
    assert!(
        r.reason.contains("not UTF-8") && r.reason.contains(&format!("offset {}", bad.len() - 2)),
        "{r}"
    );
    assert!(
        r.to_string()
            .ends_with(&format!("latin1.yml: {}", r.reason)),
        "{r}"
    );
}

#[test]
fn issue8_rule_file_size_limit() {
    use cloudward_detect::sigma::MAX_RULE_FILE;
    let dir = tempfile::tempdir().unwrap();
    let padded = |len: usize, title: &str| {
        let mut t = GOOD
            .replace("good", title)
            .replace("0b\n", &format!("{}\n", &title[..2]));
        t.push('#');
        t.push_str(&"x".repeat(len - t.len() - 1));
        t.push('\n');
        assert_eq!(t.len(), len);
        t
    };
    std::fs::write(dir.path().join("at.yml"), padded(MAX_RULE_FILE, "at")).unwrap();
    std::fs::write(
        dir.path().join("past.yml"),
        padded(MAX_RULE_FILE + 1, "past"),
    )
    .unwrap();
    let e = Engine::builder()
        .builtin(false)
        .rules_dir(dir.path())
        .build()
        .unwrap();
    let titles: Vec<&str> = e.loaded().iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["at"]);
    assert_eq!(e.rejected().len(), 1, "{:?}", e.rejected());
    assert!(e.rejected()[0].origin.ends_with("past.yml"));
    assert!(
        e.rejected()[0].reason.contains("1048576-byte limit"),
        "{:?}",
        e.rejected()
    );
}

#[test]
fn issue8_deep_yaml_rule_is_rejected_fast() {
    use cloudward_detect::sigma::MAX_YAML_DEPTH;
    let n = 100_000;
    let flow_seq = rule(
        "  sel:\n    eventName: X\n  condition: sel",
        &format!("x: {}1{}\n", "[".repeat(n), "]".repeat(n)),
    );
    let flow_map = rule(
        "  sel:\n    eventName: X\n  condition: sel",
        &format!("x: {}1{}\n", "{a: ".repeat(n), "}".repeat(n)),
    );
    let compact = rule(
        "  sel:\n    eventName: X\n  condition: sel",
        &format!("x:\n  {}1\n", "- ".repeat(n)),
    );
    let t = std::time::Instant::now();
    let reasons = load(&[flow_seq, flow_map, compact]);
    let took = t.elapsed();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(
        reasons[0].contains("nesting deeper than 64 levels at line 10"),
        "{}",
        reasons[0]
    );
    assert!(
        reasons[1].contains("nesting deeper than 64"),
        "{}",
        reasons[1]
    );
    assert!(
        reasons[2].contains("recursion limit") || reasons[2].contains("deeper than 64"),
        "{}",
        reasons[2]
    );
    // 15 s and 30 s before the fix (release build); a debug build now takes milliseconds.
    assert!(took < std::time::Duration::from_secs(3), "{took:?}");
    // The limit itself: the document's mapping is level 1, `x:` holds the rest.
    let nested = |levels: usize, open: &str, close: &str| {
        rule(
            "  sel:\n    eventName: X\n  condition: sel",
            &format!("x: {}1{}\n", open.repeat(levels), close.repeat(levels)),
        )
    };
    for (open, close) in [("[", "]"), ("{a: ", "}")] {
        assert!(
            load(&[nested(MAX_YAML_DEPTH - 1, open, close)]).is_empty(),
            "{open}"
        );
        let r = load(&[nested(MAX_YAML_DEPTH, open, close)]);
        assert!(
            r.len() == 1 && r[0].contains("deeper than 64"),
            "{open}: {r:?}"
        );
    }
    // Block nesting is counted by the same limit.
    let block = |levels: usize| {
        let mut x = String::from("x:\n");
        for d in 1..levels {
            x.push_str(&format!("{}a:\n", "  ".repeat(d)));
        }
        x.push_str(&format!("{}a: 1\n", "  ".repeat(levels)));
        rule("  sel:\n    eventName: X\n  condition: sel", &x)
    };
    assert!(load(&[block(MAX_YAML_DEPTH - 1)]).is_empty());
    let r = load(&[block(MAX_YAML_DEPTH)]);
    assert!(r.len() == 1 && r[0].contains("deeper than 64"), "{r:?}");
}

#[test]
fn issue8_yaml_alias_expansion_is_bounded() {
    use cloudward_detect::sigma::MAX_YAML_NODES;
    let base = "  sel:\n    eventName: X\n  condition: sel";
    // 2,000 aliases of a 2,000-item list: 4 million nodes from 10 KB (it took 400 MB).
    let bomb = rule(
        base,
        &format!(
            "a: &a [{}]\nb: [{}]\n",
            vec!["x"; 2000].join(","),
            vec!["*a"; 2000].join(",")
        ),
    );
    let t = std::time::Instant::now();
    let r = load(&[bomb]);
    assert!(
        t.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        t.elapsed()
    );
    assert!(
        r.len() == 1 && r[0].contains("more than 100000 nodes"),
        "{r:?}"
    );
    // The limit itself: this document has 21 nodes besides the padding list's items.
    let padded = |items: u64| {
        rule(
            base,
            &format!("x: [{}]\n", vec!["1"; items as usize].join(",")),
        )
    };
    assert!(load(&[padded(MAX_YAML_NODES - 21)]).is_empty());
    let r = load(&[padded(MAX_YAML_NODES - 20)]);
    assert!(
        r.len() == 1 && r[0].contains("more than 100000 nodes"),
        "{r:?}"
    );
}

#[test]
fn issue8_error_causes_are_not_repeated() {
    use std::error::Error as _;
    let e = Engine::builder()
        .builtin(false)
        .rules_dir("/nonexistent/cloudward-rules")
        .build()
        .unwrap_err();
    // What `{:#}` (anyhow) prints: each error of the chain once.
    let mut chain = vec![e.to_string()];
    let mut src = e.source();
    while let Some(s) = src {
        chain.push(s.to_string());
        src = s.source();
    }
    assert_eq!(chain.len(), 2, "{chain:?}");
    assert!(!chain[0].contains(&chain[1]), "cause repeated: {chain:?}");
    assert!(
        chain[0].contains("/nonexistent/cloudward-rules"),
        "{chain:?}"
    );
}

#[test]
fn issue8_value_error_does_not_drop_the_next_document() {
    let text = format!("{}---\n{GOOD}", corr("gte: 99999999999999999999999", "5m"));
    let e = Engine::builder()
        .builtin(false)
        .rule_text("m.yml", text)
        .build()
        .unwrap();
    let titles: Vec<&str> = e.loaded().iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["base", "good"], "{:?}", e.rejected());
    assert_eq!(e.rejected().len(), 1);
    assert_eq!(e.rejected()[0].document, 2);
}

#[test]
fn issue8_json_depth_limit() {
    use cloudward_detect::read::MAX_JSON_DEPTH;
    // The record's object is level 1; `x` holds the rest.
    let nested = |levels: usize| {
        format!(
            r#"{{"eventID":"d{levels}","x":{}1{}}}"#,
            "[".repeat(levels - 1),
            "]".repeat(levels - 1)
        )
    };
    let text = format!(
        "{{\"Records\":[{},{},{{\"eventID\":\"after\"}}]}}",
        nested(MAX_JSON_DEPTH),
        nested(MAX_JSON_DEPTH + 1)
    );
    let (ids, errs) = read(text.into_bytes());
    assert_eq!(ids, [format!("d{MAX_JSON_DEPTH}"), "after".to_owned()]);
    assert_eq!(errs.len(), 1);
    let msg = errs[0].to_string();
    assert!(
        msg.contains("record 2") && msg.contains("nesting deeper than 128"),
        "{msg}"
    );
}

#[test]
fn issue8_cloudtrail_record_size_limit() {
    use cloudward_detect::read::MAX_RECORD;
    let sized = |id: &str, len: usize| {
        let head = format!(r#"{{"eventID":"{id}","pad":""#);
        let pad = len - head.len() - 2;
        format!("{head}{}\"}}", "p".repeat(pad))
    };
    let at = sized("at", MAX_RECORD);
    let past = sized("past", MAX_RECORD + 1);
    assert_eq!((at.len(), past.len()), (MAX_RECORD, MAX_RECORD + 1));
    // Inside a Records array, and as JSON lines.
    let array = format!("{{\"Records\":[{at},{past},{{\"eventID\":\"next\"}}]}}");
    let lines = format!("{{\"eventID\":\"first\"}}\n{at}\n{past}\n{{\"eventID\":\"next\"}}\n");
    for (text, want) in [
        (array, vec!["at", "next"]),
        (lines, vec!["first", "at", "next"]),
    ] {
        let (ids, errs) = read(text.into_bytes());
        assert_eq!(ids, want);
        assert_eq!(errs.len(), 1, "{errs:?}");
        let msg = errs[0].to_string();
        assert!(msg.contains("record larger than 33554432 bytes"), "{msg}");
    }
}

#[test]
fn issue8_unparseable_flow_and_alb_times_are_malformed() {
    let flow = format!(
        "{}\n{}\n",
        flow_line(120, 22),
        flow_line(120, 23).replace("1700000000", "yesterday")
    );
    let items: Vec<_> = FlowReader::new("f", flow.as_bytes()).collect();
    assert!(items[0].is_ok());
    assert!(
        matches!(&items[1], Err(ReadError::Malformed { record: 2, reason, .. }) if reason.contains("\"yesterday\"")),
        "{:?}",
        items[1]
    );
    let line = |t: &str| {
        format!("https {t} app/x 1.2.3.4:1 - -1 -1 -1 404 - 0 0 \"GET https://h:443/a HTTP/1.1\" \"ua\" - -\n")
    };
    let alb = format!(
        "{}{}",
        line("2024-01-01T00:00:00Z"),
        line("2024-13-01T00:00:00Z")
    );
    let items: Vec<_> = AlbReader::new("a", alb.as_bytes()).collect();
    assert!(items[0].is_ok());
    assert!(
        matches!(&items[1], Err(ReadError::Malformed { record: 2, reason, .. }) if reason.contains("not an RFC 3339 time")),
        "{:?}",
        items[1]
    );
}
