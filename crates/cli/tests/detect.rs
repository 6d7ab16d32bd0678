//! `cloudward detect` end to end: the binary on a small CloudTrail fixture
//! (`tests/fixtures/detect/trail/`: a gzip file with an attacker using a Kali build of the AWS
//! CLI from public IPv4 and IPv6 addresses, a private address and `AWS Internal`, an admin's
//! bucket policy change and access key creation; a plain JSON file with a burst of refused
//! calls and one malformed record), a rules directory with one good and one deliberately broken
//! rule, and checks of alerts, the JSON snapshot, blocklist files, `--list-rules`, exit codes
//! and the read summary on stderr.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const TRAIL: &str = "tests/fixtures/detect/trail";
const RULES: &str = "tests/fixtures/detect/rules";

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cloudward(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudward"))
        .args(args)
        .current_dir(crate_dir())
        .env_remove("AWS_ENDPOINT_URL")
        .env("NO_COLOR", "1")
        .output()
        .expect("run cloudward")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cloudward-detect-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn alerts_for_the_fixture_say_who_what_where_when_and_what_to_do() {
    let out = cloudward(&["detect", TRAIL]);
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    for needle in [
        "HIGH     AWS CloudTrail Configuration Change",
        "who        arn:aws:iam::111122223333:user/mallory",
        "access key AKIAIOSFODNN7EXAMPLE",
        "from       185.220.101.4",
        "distrib#kali",
        "what       StopLogging",
        "when       2026-11-01T10:01:10Z (1 event)",
        "do         Make sure the trail is logging again",
        "AWS Burst of Access Denied Errors From One Principal",
        "(10 events)",
        "AWS Unauthorized API Call",
        "(12 events)",
        "1 malformed record skipped",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in\n{stdout}");
    }
    // The read summary names the file and record of the malformed record; the run went on.
    assert!(
        stderr.contains("_b.json: record 6: record is not a JSON object"),
        "{stderr}"
    );
}

#[test]
fn json_output_snapshot() {
    let out = cloudward(&["detect", TRAIL, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout).replace(
        &format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"version\": \"[version]\"",
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["summary"]["events"], 20);
    assert_eq!(v["summary"]["malformed"], 1);
    // The number of built-in rules grows; it is not what this snapshot is about.
    let stdout = stdout.replace(
        &format!("\"rules\": {}", v["summary"]["rules"]),
        "\"rules\": \"[count]\"",
    );
    insta::assert_snapshot!("detect_json", stdout);
    // Deterministic: a second run is byte-identical.
    let again = cloudward(&["detect", TRAIL, "--format", "json"]);
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn ocsf_and_sarif_outputs_to_a_file() {
    let ocsf = temp("alerts.ocsf.jsonl");
    let out = cloudward(&[
        "detect",
        TRAIL,
        "--format",
        "ocsf",
        "-o",
        ocsf.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let body = std::fs::read_to_string(&ocsf).unwrap();
    let events: Vec<serde_json::Value> = body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(events.len(), 7);
    assert!(events.iter().all(|e| e["class_uid"] == 2004));

    let sarif = temp("alerts.sarif");
    let out = cloudward(&[
        "detect",
        TRAIL,
        "--format",
        "sarif",
        "-o",
        sarif.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 7);
}

#[test]
fn blocklists_hold_only_public_offender_addresses() {
    let plain = temp("block.txt");
    let out = cloudward(&[
        "detect",
        TRAIL,
        "--blocklist",
        "plain",
        "--blocklist-out",
        plain.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Not 10.20.30.40 (private), not `AWS Internal`, not the admin's 93.184.216.34 (its rules
    // do not name an offender), not 203.0.113.77 (the access-denied rules group by principal).
    assert_eq!(
        std::fs::read_to_string(&plain).unwrap(),
        "185.220.101.4\n2a01:4f8:c010::5\n"
    );

    let waf = temp("waf.json");
    cloudward(&[
        "detect",
        TRAIL,
        "--blocklist",
        "waf-ipset",
        "--blocklist-out",
        waf.to_str().unwrap(),
        "--blocklist-name",
        "incident-42",
    ]);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&waf).unwrap()).unwrap();
    assert_eq!(
        v,
        serde_json::json!([
            {"Name": "incident-42-ipv4", "Scope": "REGIONAL", "Description": "Addresses named by cloudward detect alerts", "IPAddressVersion": "IPV4", "Addresses": ["185.220.101.4/32"]},
            {"Name": "incident-42-ipv6", "Scope": "REGIONAL", "Description": "Addresses named by cloudward detect alerts", "IPAddressVersion": "IPV6", "Addresses": ["2a01:4f8:c010::5/128"]}
        ])
    );

    let nacl = temp("nacl.json");
    cloudward(&[
        "detect",
        TRAIL,
        "--blocklist",
        "nacl",
        "--blocklist-out",
        nacl.to_str().unwrap(),
        "--nacl-first-rule",
        "50",
    ]);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&nacl).unwrap()).unwrap();
    assert_eq!(
        v,
        serde_json::json!([
            {"RuleNumber": 50, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "CidrBlock": "185.220.101.4/32"},
            {"RuleNumber": 51, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "Ipv6CidrBlock": "2a01:4f8:c010::5/128"}
        ])
    );
}

#[test]
fn list_rules_shows_the_broken_rule_as_rejected_with_its_reason() {
    let out = cloudward(&["detect", "--list-rules", "--rules", RULES]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("Custom GetCallerIdentity Probe"),
        "{stdout}"
    );
    assert!(
        stdout.contains("AWS CloudTrail Configuration Change"),
        "{stdout}"
    );
    assert!(stdout.contains("Rejected (1):"), "{stdout}");
    assert!(
        stdout.contains("broken.yml (document 1) \"Deliberately Broken Rule\"")
            && stdout.contains("unknown modifier `sounds_like`"),
        "{stdout}"
    );
    // --no-builtin leaves only the directory's good rule.
    let out = cloudward(&["detect", "--list-rules", "--no-builtin", "--rules", RULES]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Loaded rules (1):"), "{stdout}");
}

#[test]
fn user_rules_add_alerts() {
    let out = cloudward(&[
        "detect",
        TRAIL,
        "--no-builtin",
        "--rules",
        RULES,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let alerts = v["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0]["rule"]["title"], "Custom GetCallerIdentity Probe");
    assert_eq!(
        alerts[0]["response"],
        "Check where the access key came from."
    );
    assert_eq!(alerts[0]["severity"], "low");
}

#[test]
fn fail_on_sets_the_exit_code() {
    assert_eq!(
        cloudward(&["detect", TRAIL, "--fail-on", "high"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        cloudward(&["detect", TRAIL, "--fail-on", "critical"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        cloudward(&["detect", TRAIL, "--fail-on", "bogus"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn standard_input_is_read_and_gzip_is_recognised() {
    let gz = std::fs::read(
        crate_dir()
            .join(TRAIL)
            .join("2026/11/01/111122223333_CloudTrail_eu-west-1_20261101T1005Z_a.json.gz"),
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloudward"))
        .args(["detect", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&gz).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(v["summary"]["events"], 8);
    assert!(v["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["first_location"].as_str().unwrap().starts_with("-:")));
}

#[test]
fn unreadable_inputs_and_usage_errors() {
    let out = cloudward(&["detect", "tests/fixtures/detect/no-such-dir"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("no-such-dir"));
    assert_eq!(cloudward(&["detect"]).status.code(), Some(2));
    // An SQS consumer must know when to stop, since alerts are written at the end.
    let out = cloudward(&["detect", "--sqs", "http://127.0.0.1:1/123456789012/q"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--idle-exit"));
    assert_eq!(
        cloudward(&["detect", TRAIL, "--rules", "tests/fixtures/detect/nope"])
            .status
            .code(),
        Some(2)
    );
}
