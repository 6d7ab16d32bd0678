//! `Detector::read_files` on several threads gives exactly the one-thread result: alerts
//! (including correlation windows and late matches), counters and the problem list.

use std::io::Write;
use std::path::PathBuf;

use cloudward_detect::{Detector, Engine};
use serde_json::json;

use crate::common::fixture;

fn record(i: usize, minute: i64, actor: usize, name: &str, denied: bool) -> serde_json::Value {
    let t = chrono::DateTime::from_timestamp(1_793_527_200 + minute * 60 + (i % 60) as i64, 0)
        .expect("valid time");
    let mut r = json!({
        "eventVersion": "1.09",
        "userIdentity": {"type": "IAMUser",
            "arn": format!("arn:aws:iam::111122223333:user/u{actor}"),
            "accessKeyId": format!("AKIATEST{actor:04}")},
        "eventTime": t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "eventSource": "cloudtrail.amazonaws.com",
        "eventName": name,
        "awsRegion": "eu-west-1",
        "sourceIPAddress": format!("203.0.113.{}", actor + 1),
        "userAgent": "aws-cli/2.15.0",
        "eventID": format!("e{i:05}"),
        "recipientAccountId": "111122223333"
    });
    if denied {
        r["errorCode"] = json!("AccessDenied");
    }
    r
}

/// Many small trail files (gzip and plain) whose bursts of refused calls straddle file
/// boundaries, a file far behind in time (its matches are late for correlations), and the
/// reader fixtures with malformed, truncated and unrecognised content, plus a missing path.
fn inputs(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut i = 0;
    for f in 0..48 {
        // File 30 goes back three hours: beyond the default lateness.
        let minute = if f == 30 { -180 } else { f as i64 * 2 };
        let mut records = Vec::new();
        for k in 0..7 {
            let name = [
                "GetTrailStatus",
                "StopLogging",
                "DeleteTrail",
                "UpdateTrail",
            ][k % 4];
            records.push(record(i, minute, (f / 4) % 3, name, k != 6));
            i += 1;
        }
        let doc = serde_json::to_vec(&json!({ "Records": records })).expect("serialise");
        let path = dir.join(format!(
            "trail-{f:03}.json{}",
            if f % 2 == 0 { ".gz" } else { "" }
        ));
        let mut out = std::fs::File::create(&path).expect("create");
        if f % 2 == 0 {
            let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::fast());
            gz.write_all(&doc).expect("write");
            gz.finish().expect("finish");
        } else {
            out.write_all(&doc).expect("write");
        }
        files.push(path);
        if f == 20 {
            for name in [
                "cloudtrail/malformed_records.json",
                "cloudtrail/truncated.json.gz",
                "cloudtrail/unterminated.json",
                "flow/default_v2.log",
                "alb/access.log.gz",
            ] {
                files.push(fixture(name));
            }
            files.push(dir.join("missing.json"));
            let junk = dir.join("junk.txt");
            std::fs::write(&junk, "not a log\n").expect("write");
            files.push(junk);
        }
    }
    files
}

#[test]
fn several_threads_give_the_one_thread_result() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = inputs(dir.path());
    let engine = Engine::builder().build().expect("built-in rules");
    let run = |threads| {
        let mut d = Detector::new(&engine);
        d.read_files(&files, threads);
        d.finish()
    };
    let (alerts, stats) = run(1);
    // The input exercises what could differ: correlations, late matches, read problems.
    assert!(alerts.iter().any(|a| a.rule.correlation), "{alerts:#?}");
    assert!(stats.correlation.late > 0, "{stats:?}");
    assert!(stats.malformed > 0 && stats.failed_inputs >= 3, "{stats:?}");
    assert_eq!(stats.inputs, files.len() as u64);
    for threads in [2, 3, 8] {
        let (a, s) = run(threads);
        assert_eq!(s, stats, "threads={threads}");
        assert_eq!(a, alerts, "threads={threads}");
    }
}

/// Everything a reader yields, as comparable text.
fn items(reader: cloudward_detect::Reader) -> Vec<String> {
    reader
        .map(|item| match item {
            Ok(ev) => format!("{} {}", ev.record(), ev.raw_text()),
            Err(e) => format!("error: {e}"),
        })
        .collect()
}

#[test]
fn inflating_on_a_thread_yields_what_inflating_inline_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A gzip file of many chunks (several MB inflated) plus the fixtures: gzip, truncated
    // gzip, plain, flow and ALB.
    let big = dir.path().join("big.json.gz");
    let records: Vec<_> = (0..6000)
        .map(|i| record(i, i as i64 / 50, i % 5, "StopLogging", i % 7 == 0))
        .collect();
    let doc = serde_json::to_vec(&json!({ "Records": records })).expect("serialise");
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&big).expect("create"),
        flate2::Compression::fast(),
    );
    gz.write_all(&doc).expect("write");
    gz.finish().expect("finish");
    let mut paths = vec![big];
    for name in [
        "cloudtrail/records_minified.gz",
        "cloudtrail/truncated.json.gz",
        "cloudtrail/malformed_records.json",
        "flow/custom_v5.log.gz",
        "alb/access.log.gz",
    ] {
        paths.push(fixture(name));
    }
    for path in &paths {
        let origin = path.display().to_string();
        let inline = items(
            cloudward_detect::Reader::new(origin.as_str(), std::fs::File::open(path).unwrap())
                .unwrap(),
        );
        let threaded = items(
            cloudward_detect::Reader::with_inflate_thread(
                origin.as_str(),
                std::fs::File::open(path).unwrap(),
            )
            .unwrap(),
        );
        assert!(!inline.is_empty(), "{origin}");
        assert_eq!(threaded, inline, "{origin}");
    }
    assert!(
        items(cloudward_detect::Reader::open(&paths[2]).unwrap())
            .last()
            .is_some_and(|l| l.contains("truncated")),
        "the truncated fixture ends in a truncation error"
    );
    // One file given to several threads: inflated ahead, the same alerts and counters.
    let engine = Engine::builder().build().expect("built-in rules");
    let run = |threads| {
        let mut d = Detector::new(&engine);
        d.read_files(&paths[..1], threads);
        d.finish()
    };
    let one = run(1);
    assert!(!one.0.is_empty());
    assert_eq!(run(2), one);
}
