//! `cloudward respond` through the binary: usage errors without AWS, the `--apply` refusal
//! without a store, and against moto the dry-run text (which changes nothing), `--apply`
//! (which does), and a second apply that adds nothing. The alerts are a real
//! `detect --format json` output of the detect fixtures.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

use super::security_hub::{command, Moto};
use super::{cloudward, code, stderr, stdout};

const TRAIL: &str = "tests/fixtures/detect/trail";
/// The public source address of the fixture's offensive-user-agent alert (medium).
const OFFENDER: &str = "185.220.101.4";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cloudward-cli-respond-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Alerts of the detect fixtures, as `detect --format json` writes them.
fn alerts_file(name: &str) -> PathBuf {
    let path = scratch(name);
    let out = cloudward(&[
        "detect",
        TRAIL,
        "--format",
        "json",
        "-o",
        path.to_str().unwrap(),
        "--no-store",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(OFFENDER), "the fixture names the offender");
    path
}

/// One WAFv2 call (JSON protocol) against moto; the answer's body.
fn waf(moto: &Moto, action: &str, body: &serde_json::Value) -> serde_json::Value {
    let endpoint = moto.endpoint();
    let host = endpoint.trim_start_matches("http://");
    let body = body.to_string();
    let mut s = TcpStream::connect(host).unwrap();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=testing/20261201/eu-west-1/wafv2/aws4_request, SignedHeaders=host, Signature=0\r\nX-Amz-Target: AWSWAF_20190729.{action}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body.as_bytes()).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let out = String::from_utf8_lossy(&out).into_owned();
    assert!(out.contains(" 200 "), "{action}: {out}");
    let (_, body) = out.split_once("\r\n\r\n").unwrap();
    serde_json::from_str(body).unwrap()
}

/// The team's IPv4 IP set `blocklist` holding 198.51.100.0/24; its id.
fn team_blocklist(moto: &Moto) -> String {
    let created = waf(
        moto,
        "CreateIPSet",
        &serde_json::json!({"Name": "blocklist", "Scope": "REGIONAL", "IPAddressVersion": "IPV4",
                            "Addresses": ["198.51.100.0/24"], "Description": "team"}),
    );
    created["Summary"]["Id"].as_str().unwrap().to_string()
}

fn addresses(moto: &Moto, id: &str) -> Vec<String> {
    let out = waf(
        moto,
        "GetIPSet",
        &serde_json::json!({"Name": "blocklist", "Scope": "REGIONAL", "Id": id}),
    );
    let mut list: Vec<String> = out["IPSet"]["Addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    list.sort();
    list
}

fn respond(moto: &Moto, store: &Path, alerts: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "respond",
        "--alerts",
        alerts.to_str().unwrap(),
        "--waf-ip-set",
        "blocklist",
        "--region",
        "eu-west-1",
        "--min-severity",
        "medium",
        "--store",
        store.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    command(moto, &args).output().unwrap()
}

#[test]
fn without_a_target_or_with_apply_and_no_store_it_refuses() {
    let alerts = alerts_file("refusals.json");
    let out = cloudward(&["respond", "--alerts", alerts.to_str().unwrap()]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("no target"), "{}", stderr(&out));
    let out = cloudward(&[
        "respond",
        "--alerts",
        alerts.to_str().unwrap(),
        "--nacl",
        "acl-0123",
        "--region",
        "eu-west-1",
        "--apply",
        "--no-store",
    ]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--apply needs the store"),
        "{}",
        stderr(&out)
    );
    let out = cloudward(&[
        "respond",
        "--alerts",
        alerts.to_str().unwrap(),
        "--nacl",
        "acl-0123",
        "--region",
        "eu-west-1",
        "--ttl",
        "forever",
    ]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("--ttl"), "{}", stderr(&out));
}

#[test]
fn the_dry_run_prints_the_plan_and_changes_nothing_apply_does_and_again_adds_nothing() {
    let moto = Moto::start();
    let id = team_blocklist(&moto);
    let alerts = alerts_file("moto.json");
    let store = scratch("moto-store.sqlite3");
    let _ = std::fs::remove_file(&store);

    let out = respond(&moto, &store, &alerts, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("WAF IP set blocklist (")
            && text.contains("add 1, keep 0, refresh 0, remove 0"),
        "{text}"
    );
    assert!(text.contains(&format!("add      {OFFENDER}/32")), "{text}");
    assert!(text.contains("AWS service ranges are not known"), "{text}");
    assert!(
        text.contains("dry run: nothing was changed; run again with --apply"),
        "{text}"
    );
    assert_eq!(
        addresses(&moto, &id),
        ["198.51.100.0/24"],
        "the dry run changed nothing"
    );

    let out = respond(&moto, &store, &alerts, &["--apply", "--no-notify"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("added 1, removed 0"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        addresses(&moto, &id),
        [format!("{OFFENDER}/32"), "198.51.100.0/24".to_string()]
    );

    // Again, as JSON: the entry is kept, nothing is added, and nothing changes.
    let out = respond(&moto, &store, &alerts, &["--apply", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let target = &doc["plan"]["targets"][0];
    assert_eq!(target["add"].as_array().unwrap().len(), 0, "{doc}");
    assert_eq!(target["keep"][0]["address"], format!("{OFFENDER}/32"));
    assert_eq!(target["others"], 1);
    assert!(doc["applied"].is_null(), "nothing to apply: {doc}");
    assert_eq!(addresses(&moto, &id).len(), 2);

    // The offender allow-listed now: our entry is removed at once, theirs stays.
    let out = respond(
        &moto,
        &store,
        &alerts,
        &["--apply", "--allow", "185.220.101.0/24"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("allow-listed"), "{}", stdout(&out));
    assert_eq!(addresses(&moto, &id), ["198.51.100.0/24"]);
}

/// `detect --respond waf`: the alerts of the run itself go to the IP set, a dry run first
/// (the report is written and nothing changes), then `--apply` adds the offender.
#[test]
fn detect_with_respond_blocks_the_offender_of_its_own_alerts_after_a_dry_run() {
    let moto = Moto::start();
    let id = team_blocklist(&moto);
    let store = scratch("detect-respond-store.sqlite3");
    let _ = std::fs::remove_file(&store);
    let report = scratch("detect-respond.json");
    let detect = |extra: &[&str]| {
        let mut args = vec![
            "detect",
            TRAIL,
            "--format",
            "json",
            "-o",
            report.to_str().unwrap(),
            "--respond",
            "waf",
            "--waf-ip-set",
            "blocklist",
            "--region",
            "eu-west-1",
            "--min-severity",
            "medium",
            "--store",
            store.to_str().unwrap(),
            "--no-notify",
        ];
        args.extend_from_slice(extra);
        command(&moto, &args).output().unwrap()
    };
    let out = detect(&[]);
    // detect's exit code says alerts were found; the plan is printed either way.
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(text.contains(&format!("add      {OFFENDER}/32")), "{text}");
    assert!(text.contains("dry run: nothing was changed"), "{text}");
    assert!(std::fs::read_to_string(&report).unwrap().contains(OFFENDER));
    assert_eq!(addresses(&moto, &id), ["198.51.100.0/24"]);

    let out = detect(&["--apply"]);
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(text.contains("added 1, removed 0"), "{text}");
    assert_eq!(
        addresses(&moto, &id),
        [format!("{OFFENDER}/32"), "198.51.100.0/24".to_string()]
    );
}
