//! Property tests: readers and the engine never panic on arbitrary input, plain or gzip,
//! and every item is an event or an error naming the file. The same entry points are
//! fuzzed by the cargo-fuzz targets in `crates/detect/fuzz/`. Set `PROPTEST_CASES` to run
//! longer locally.

use std::io::Write;

use cloudward_detect::{Engine, Reader};
use proptest::prelude::*;

fn drain(name: &str, bytes: Vec<u8>, engine: &Engine) {
    let Ok(r) = Reader::new(name, std::io::Cursor::new(bytes)) else {
        return;
    };
    let mut c = engine.correlator();
    for (k, item) in r.enumerate() {
        match item {
            Ok(ev) => {
                for m in engine.process(&ev) {
                    c.observe(&m);
                }
                let _ = (ev.id(), ev.time(), ev.field("a.b.c"));
            }
            Err(e) => assert!(e.to_string().contains(name), "{e}"),
        }
        assert!(k < 1_000_000, "runaway reader");
    }
}

fn gzip(b: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(b).expect("in-memory write");
    enc.finish().expect("in-memory finish")
}

/// Inputs that look like our formats, with random damage, find more paths than pure noise.
fn structured() -> impl Strategy<Value = Vec<u8>> {
    let seeds = prop::sample::select(vec![
        r#"{"Records":[{"eventName":"ConsoleLogin","errorMessage":"Failed authentication","sourceIPAddress":"1.2.3.4","eventTime":"2024-01-01T00:00:00Z"},{"a":[1,{"b":"\"}"}]}]}"#.as_bytes().to_vec(),
        b"{\"eventName\":\"x\"}\n{\"detail-type\":\"a\",\"detail\":{\"eventName\":\"StopLogging\"}}\n".to_vec(),
        b"version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n2 1 eni-1 1.2.3.4 10.0.0.1 1 22 6 1 1 1700000000 1700000001 ACCEPT OK\n".to_vec(),
        b"https 2024-01-01T00:00:00Z app/x 1.2.3.4:1 - -1 -1 -1 404 - 0 0 \"GET https://h:443/a HTTP/1.1\" \"ua\" - -\ntls 2.0 x\n".to_vec(),
        b"1.2.3.4 - u [01/Nov/2026:10:00:00 +0000] \"GET /a/../b?x=\\\"1 HTTP/1.1\" 401 12 \"-\" \"sqlmap\" \"-\"\n".to_vec(),
        b"79a5 bkt [06/Feb/2019:00:00:38 +0000] 1.2.3.4 arn:aws:iam::123456789012:user/x 3E57 REST.GET.OBJECT k \"GET /bkt/k HTTP/1.1\" 200 - 1 1 1 1 \"-\" \"ua\" -\n".to_vec(),
        b"Nov  1 10:00:00 h sshd[1]: Failed password for invalid user a b from 1.2.3.4 port 22 ssh2\n<38>1 2026-11-01T10:00:00Z h sshd - - [a x=\"]\"] Accepted publickey for root from ::1 port 1\n2026-11-01T10:00:00.5+01:00 h sshd-session: Disconnecting authenticating user r 1.2.3.4 port 2: Too many authentication failures [preauth]\n".to_vec(),
        b"{\"__REALTIME_TIMESTAMP\":\"1793527200000000\",\"_HOSTNAME\":\"h\",\"SYSLOG_IDENTIFIER\":\"sshd\",\"MESSAGE\":\"Invalid user x from 1.2.3.4 port 5\"}\n".to_vec(),
        b"{\"timestamp\":1762000000000,\"terminatingRuleId\":\"r\",\"terminatingRuleType\":\"RATE_BASED\",\"action\":\"BLOCK\",\"httpRequest\":{\"clientIp\":\"1.2.3.4\"}}{\"timestamp\":1,\"terminatingRuleId\":\"r\",\"httpRequest\":{}}\n".to_vec(),
        b"{\"query_timestamp\":\"2026-11-01T10:00:00Z\",\"query_name\":\"nx7q2kz4p0w9m3hd8v5c1xj6.t.example.\",\"rcode\":\"NXDOMAIN\",\"srcaddr\":\"10.0.0.1\"}\n".to_vec(),
        b"{\"schemaVersion\":\"2.0\",\"type\":\"Recon:EC2/Portscan\",\"severity\":8.5,\"updatedAt\":\"2026-11-01T10:00:00Z\",\"service\":{\"archived\":false}}\n".to_vec(),
    ]);
    (
        seeds,
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(mut s, edits, cut)| {
            for (i, b) in edits {
                if !s.is_empty() {
                    let k = i.index(s.len());
                    s[k] = b;
                }
            }
            let n = cut.index(s.len() + 1);
            if n > 2 {
                s.truncate(n);
            }
            s
        })
}

fn engine() -> &'static Engine {
    static E: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    E.get_or_init(|| Engine::builder().build().expect("built-in rules load"))
}

proptest! {
    #![proptest_config(ProptestConfig {
        // 256 in the normal suite; PROPTEST_CASES=N for longer local runs.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        drain("random", bytes, engine());
    }

    #[test]
    fn damaged_logs_never_panic(bytes in structured()) {
        drain("damaged", bytes.clone(), engine());
        let gz = gzip(&bytes);
        drain("damaged.gz", gz.clone(), engine());
        // and a cut gzip stream
        drain("cut.gz", gz[..gz.len() / 2].to_vec(), engine());
    }

    #[test]
    fn random_rules_never_panic(yaml in "[a-z|:\\-\\[\\]{}'\" \n*?\\\\0-9.]{0,200}") {
        let _ = Engine::builder().builtin(false).rule_text("r.yml", yaml).build();
    }

    /// Several damaged documents one after the other, as members of one gzip stream or as
    /// plain concatenated text (issue 8): every item names the file, the reader ends.
    #[test]
    fn concatenated_documents_and_members_never_panic(
        parts in prop::collection::vec(structured(), 1..4),
        garbage in prop::collection::vec(any::<u8>(), 0..16),
    ) {
        let mut plain = Vec::new();
        let mut members = Vec::new();
        for p in &parts {
            plain.extend_from_slice(p);
            members.extend(gzip(p));
        }
        members.extend_from_slice(&garbage);
        drain("concat", plain, engine());
        drain("members.gz", members, engine());
    }

    /// The text readers with a small line cap, so the over-long-line path runs too.
    #[test]
    fn text_readers_with_a_line_cap_never_panic(bytes in structured(), cap in 0usize..200) {
        use cloudward_detect::read::{AlbReader, FlowReader};
        for item in FlowReader::new("flow", &bytes[..]).max_line(cap) {
            if let Err(e) = item { prop_assert!(e.to_string().starts_with("flow"), "{}", e); }
        }
        for item in AlbReader::new("alb", &bytes[..]).max_line(cap) {
            if let Err(e) = item { prop_assert!(e.to_string().starts_with("alb"), "{}", e); }
        }
        // The other text readers, as the detecting reader chose them.
        if let Ok(r) = Reader::new("text", std::io::Cursor::new(bytes.clone())) {
            for item in r.max_line(cap) {
                if let Err(e) = item { prop_assert!(e.to_string().starts_with("text"), "{}", e); }
            }
        }
    }

    /// Zip archives with random damage: members are read or reported, never a panic.
    #[test]
    fn damaged_zip_archives_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut zip = std::fs::read(crate::common::fixture("zip/logs.zip")).expect("fixture");
        for (i, b) in edits {
            let k = i.index(zip.len());
            zip[k] = b;
        }
        let n = cut.index(zip.len() + 1).max(4);
        if n < zip.len() && n % 3 == 0 {
            zip.truncate(n);
        }
        drain("damaged.zip", zip, engine());
    }

    /// Conditions made of the grammar's own words, nested at random.
    #[test]
    fn random_conditions_never_panic(
        words in prop::collection::vec(
            prop::sample::select(vec!["(", ")", "not", "and", "or", "1 of", "all of", "them", "sel", "sel_*", "*", "*a*b", "x"]),
            0..200,
        )
    ) {
        let names: Vec<String> = ["sel", "sel_a", "filter"].iter().map(|s| s.to_string()).collect();
        let _ = cloudward_detect::sigma::check_condition(&words.join(" "), &names);
    }
}

/// A reader that hands out its data in the given chunk sizes (cycled), as a network stream
/// might, so records straddle buffer boundaries at every possible position.
struct Chunked {
    data: Vec<u8>,
    pos: usize,
    sizes: Vec<usize>,
    k: usize,
}

impl std::io::Read for Chunked {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let want = self.sizes[self.k % self.sizes.len()].max(1);
        self.k += 1;
        let n = want.min(out.len()).min(self.data.len() - self.pos);
        out[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

fn ids(r: Reader) -> Vec<Result<String, String>> {
    r.map(|i| i.map(|e| e.id()).map_err(|e| e.to_string()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    #[test]
    fn chunking_does_not_change_what_is_read(
        sizes in prop::collection::vec(1usize..300, 1..8),
        n in 1usize..40,
        bad in prop::collection::vec(any::<bool>(), 40),
        pretty in any::<bool>(),
    ) {
        let mut doc = String::from("{\"Records\":[");
        for (i, &is_bad) in bad.iter().enumerate().take(n) {
            if i > 0 {
                doc.push(',');
                if pretty { doc.push_str("\n  "); }
            }
            if is_bad {
                doc.push_str(&format!("{{\"eventID\":\"e{i}\",\"x\": }}"));
            } else {
                doc.push_str(&format!(
                    "{{\"eventID\":\"e{i}\",\"s\":\"{}\\\"}}]\",\"n\":[1,{{\"a\":null}}]}}",
                    "y".repeat(i * 7)
                ));
            }
        }
        doc.push_str("]}");
        let whole = ids(Reader::new("doc", std::io::Cursor::new(doc.clone().into_bytes())).unwrap());
        let chunked = ids(Reader::new("doc", Chunked { data: doc.into_bytes(), pos: 0, sizes, k: 0 }).unwrap());
        prop_assert_eq!(&whole, &chunked);
        let good = whole.iter().filter(|r| r.is_ok()).count();
        prop_assert_eq!(good, bad[..n].iter().filter(|b| !**b).count());
    }
}

#[test]
fn byte_by_byte_reads_detect_every_format() {
    for name in [
        "flow/default_v2.log",
        "flow/custom_v5.log.gz",
        "alb/access.log.gz",
        "cloudtrail/records_pretty.json",
        "cloudtrail/records_minified.gz",
        "cloudtrail/events.jsonl",
        "cloudtrail/malformed_records.json",
        "s3access/access.log",
        "waf/waf.jsonl",
        "resolver/query.jsonl",
        "guardduty/findings.jsonl",
        "auth/auth.log",
        "auth/rfc5424.log",
        "journald/journal.json",
        "web/access.log",
        "zip/logs.zip",
    ] {
        let data = std::fs::read(crate::common::fixture(name)).unwrap();
        let whole = Reader::new("f", std::io::Cursor::new(data.clone())).unwrap();
        let kind = whole.kind();
        let whole = ids(whole);
        let one = Reader::new(
            "f",
            Chunked {
                data,
                pos: 0,
                sizes: vec![1],
                k: 0,
            },
        )
        .unwrap();
        assert_eq!(one.kind(), kind, "{name}");
        assert_eq!(ids(one), whole, "{name}");
    }
}
