//! Notifications end to end (issue 11, item 5): the binary with `[[notifications]]` in its
//! settings file, delivering to a local HTTP server the test starts. A scan notifies what
//! turned worse since the previous run, signed; a sink that is down changes neither the exit
//! code nor the report and its URL never shows, even at debug logging; detect notifies
//! alerts once; `notify test` checks a setup; a literal URL in the file is refused.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use crate::{crate_dir, stderr, stdout, FIXTURE};

/// A request the local server received: headers (lower-cased names) and body.
#[derive(Clone, Debug)]
pub(crate) struct Received {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A local HTTP server answering `script` statuses in order, then 200; returns its port and
/// what it received.
pub(crate) fn server(script: Vec<u16>) -> (u16, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&got);
    let script = Arc::new(Mutex::new(VecDeque::from(script)));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                continue;
            }
            let mut headers = Vec::new();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 {
                    break;
                }
                let h = h.trim_end();
                if h.is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                }
            }
            let length: usize = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                continue;
            }
            log.lock().unwrap().push(Received { headers, body });
            let status = script.lock().unwrap().pop_front().unwrap_or(200);
            let _ = stream.write_all(
                format!("HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
                    .as_bytes(),
            );
        }
    });
    (port, got)
}

fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "cloudward-notify-cli-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The fixture with the password policy's minimum length set to `length` (8 fails the
/// medium-severity length rule, 14 passes it).
fn fixture_with_length(dir: &Path, length: u64) -> PathBuf {
    let text = std::fs::read_to_string(crate_dir().join(FIXTURE)).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    for r in doc["resources"].as_array_mut().unwrap() {
        if r["attributes"]["kind"] == "iam_password_policy" {
            r["attributes"]["policy"]["known"]["minimum_password_length"] =
                serde_json::json!({ "known": length });
        }
    }
    let path = dir.join(format!("account-{length}.json"));
    std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
    path
}

/// The binary with a store, settings file and environment of the test's own.
fn run(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudward"))
        .args(args)
        .env("CLOUDWARD_STORE", dir.join("history.sqlite3"))
        .env("NO_COLOR", "1")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("RUST_LOG")
        .envs(env.iter().copied())
        .current_dir(crate_dir())
        .output()
        .expect("the cloudward binary runs")
}

fn scan_args<'a>(inventory: &'a str, config: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "scan",
        "--inventory",
        inventory,
        "--config",
        config,
        "--rule",
        "iam-password-policy-minimum-length-14",
        "--rule",
        "iam-root-mfa-enabled",
        "--fail-on",
        "medium",
    ];
    args.extend_from_slice(extra);
    args
}

fn write_config(dir: &Path, text: &str) -> String {
    let path = dir.join("cloudward.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_scan_notifies_the_regression_to_a_signed_webhook_once() {
    let dir = temp_dir("webhook");
    let (port, got) = server(vec![500]);
    let url = format!("http://127.0.0.1:{port}/hook");
    let config = write_config(
        &dir,
        r#"
[[notifications]]
kind = "webhook"
name = "siem"
url_env = "CLOUDWARD_TEST_WEBHOOK_URL"
secret_env = "CLOUDWARD_TEST_WEBHOOK_SECRET"
min_severity = "medium"
"#,
    );
    let env = [
        ("CLOUDWARD_TEST_WEBHOOK_URL", url.as_str()),
        ("CLOUDWARD_TEST_WEBHOOK_SECRET", "shared-secret"),
    ];
    let strong = fixture_with_length(&dir, 14);
    let weak = fixture_with_length(&dir, 8);
    let (strong, weak) = (strong.to_str().unwrap(), weak.to_str().unwrap());
    // The first run is the baseline: the old root-MFA failure is not news.
    let first = run(&dir, &env, &scan_args(strong, &config, &[]));
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    assert!(stderr(&first).contains("baseline"), "{}", stderr(&first));
    assert!(got.lock().unwrap().is_empty());
    // The password policy weakened: one regression, delivered after one retried 500.
    let second = run(&dir, &env, &scan_args(weak, &config, &[]));
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("notified 1 change(s): siem (1)"),
        "{}",
        stderr(&second)
    );
    let received = got.lock().unwrap().clone();
    assert_eq!(received.len(), 2, "a 500, then the delivery");
    let delivered = &received[1];
    let body = delivered.json();
    assert_eq!(body["schema_version"], 1);
    assert_eq!(body["notifications"][0]["change"], "regressed");
    assert_eq!(
        body["notifications"][0]["rule_id"],
        "iam-password-policy-minimum-length-14"
    );
    assert!(body["notifications"][0]["remediation"]
        .as_str()
        .is_some_and(|r| !r.is_empty()));
    // The signature, checked as docs/notifications.md tells a receiver to.
    let ts = delivered.header("x-cloudward-timestamp").unwrap();
    let sig = delivered.header("x-cloudward-signature").unwrap();
    let mut material = format!("{ts}.").into_bytes();
    material.extend_from_slice(&delivered.body);
    assert_eq!(sig, hmac_sha256_hex("shared-secret", &material));
    // Re-judged with the same verdicts: nothing new, nothing sent.
    let third = run(&dir, &env, &scan_args(weak, &config, &[]));
    assert_eq!(third.status.code(), Some(1));
    assert_eq!(got.lock().unwrap().len(), 2);
    // Fixed, then weakened again: notified again.
    run(&dir, &env, &scan_args(strong, &config, &[]));
    run(&dir, &env, &scan_args(weak, &config, &[]));
    assert_eq!(got.lock().unwrap().len(), 3, "a new regression after a fix");
    run(&dir, &env, &scan_args(strong, &config, &[]));
    run(&dir, &env, &scan_args(weak, &config, &["--no-notify"]));
    assert_eq!(got.lock().unwrap().len(), 3, "--no-notify sends nothing");
}

/// `sha256=` + hex HMAC-SHA256, computed with Python's standard library so the check does not
/// share code with the implementation under test.
fn hmac_sha256_hex(key: &str, material: &[u8]) -> String {
    let dir = temp_dir("hmac");
    let path = dir.join("material");
    std::fs::write(&path, material).unwrap();
    let out = Command::new("python3")
        .args([
            "-c",
            "import hmac,hashlib,sys; print('sha256=' + hmac.new(sys.argv[1].encode(), open(sys.argv[2],'rb').read(), hashlib.sha256).hexdigest())",
            key,
            path.to_str().unwrap(),
        ])
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_string()
}

#[test]
fn a_sink_that_is_down_changes_nothing_and_its_url_never_shows() {
    let dir = temp_dir("down");
    let token = "XOXB-SECRET-TOKEN-PATH";
    let url = format!("http://127.0.0.1:{}/services/{token}", closed_port());
    let config = write_config(
        &dir,
        "[[notifications]]\nkind = \"slack\"\nname = \"team-slack\"\nurl_env = \"CLOUDWARD_TEST_SLACK_URL\"\nmin_severity = \"low\"\n",
    );
    let strong = fixture_with_length(&dir, 14);
    let weak = fixture_with_length(&dir, 8);
    let (strong, weak) = (strong.to_str().unwrap(), weak.to_str().unwrap());
    let env = [
        ("CLOUDWARD_TEST_SLACK_URL", url.as_str()),
        ("RUST_LOG", "debug"),
    ];
    run(&dir, &env, &scan_args(strong, &config, &[]));
    let notified = run(&dir, &env, &scan_args(weak, &config, &["-vv"]));
    let err = stderr(&notified);
    assert!(
        err.contains("team-slack"),
        "the warning names the sink: {err}"
    );
    assert!(err.contains("not delivered"), "{err}");
    assert!(!err.contains(token), "the URL leaked into stderr");
    assert!(!stdout(&notified).contains(token));
    // The same judgement without notifications: same exit code, same report.
    let quiet = run(&dir, &[], &scan_args(weak, &config, &["--no-notify"]));
    assert_eq!(notified.status.code(), quiet.status.code());
    assert_eq!(notified.status.code(), Some(1));
    assert_eq!(stdout(&notified), stdout(&quiet));
}

#[test]
fn notify_test_sends_a_sample_to_every_sink() {
    let dir = temp_dir("test-cmd");
    let (port, got) = server(vec![]);
    let config = write_config(
        &dir,
        &format!(
            "[[notifications]]\nkind = \"slack\"\nurl_file = \"{}\"\nevents = [\"alerts\"]\n\n\
             [[notifications]]\nkind = \"teams\"\nurl_file = \"{}\"\n",
            write_secret(&dir, "slack-url", &format!("http://127.0.0.1:{port}/slack")),
            write_secret(&dir, "teams-url", &format!("http://127.0.0.1:{port}/teams")),
        ),
    );
    let out = run(&dir, &[], &["notify", "test", "--config", &config]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("slack: delivered"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("teams: delivered"),
        "{}",
        stdout(&out)
    );
    let received = got.lock().unwrap().clone();
    assert_eq!(
        received.len(),
        2,
        "whatever a sink's events, the sample goes"
    );
    // A sink that is down: exit 3, named.
    let config = write_config(
        &dir,
        &format!(
            "[[notifications]]\nkind = \"webhook\"\nname = \"down\"\nurl_file = \"{}\"\n",
            write_secret(
                &dir,
                "down-url",
                &format!("http://127.0.0.1:{}/x", closed_port())
            ),
        ),
    );
    let out = run(&dir, &[], &["notify", "test", "--config", &config]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).contains("down: FAILED"), "{}", stdout(&out));
}

fn write_secret(dir: &Path, name: &str, value: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, value).unwrap();
    path.display().to_string()
}

#[test]
fn a_literal_url_in_the_settings_file_is_a_usage_error() {
    let dir = temp_dir("literal");
    let config = write_config(
        &dir,
        "[[notifications]]\nkind = \"slack\"\nurl = \"https://hooks.slack.com/services/T0/B0/LITERALSECRET\"\n",
    );
    let out = run(&dir, &[], &["notify", "test", "--config", &config]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("notifications[0].url") && err.contains("url_env"),
        "{err}"
    );
    assert!(!err.contains("LITERALSECRET"), "{err}");
    let out = run(
        &dir,
        &[],
        &["scan", "--inventory", FIXTURE, "--config", &config],
    );
    assert_eq!(out.status.code(), Some(2), "scan refuses the file too");
}

#[test]
fn detect_notifies_its_alerts_once() {
    let dir = temp_dir("detect");
    let (port, got) = server(vec![]);
    let config = write_config(
        &dir,
        &format!(
            "[[notifications]]\nkind = \"webhook\"\nurl_file = \"{}\"\nevents = [\"alerts\"]\nmin_severity = \"high\"\nmax_per_minute = 100\n",
            write_secret(&dir, "url", &format!("http://127.0.0.1:{port}/alerts")),
        ),
    );
    let trail = "tests/fixtures/detect/trail";
    let first = run(&dir, &[], &["detect", trail, "--config", &config]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let received = got.lock().unwrap().clone();
    assert!(!received.is_empty(), "{}", stderr(&first));
    let titles: Vec<String> = received
        .iter()
        .map(|r| {
            r.json()["notifications"][0]["title"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t == "AWS CloudTrail Configuration Change"),
        "{titles:?}"
    );
    for r in &received {
        let n = &r.json()["notifications"][0];
        assert_eq!(n["change"], "alert");
        assert!(
            matches!(n["severity"].as_str(), Some("high" | "critical")),
            "{n}"
        );
    }
    // The same logs read again: the same alerts, not sent twice.
    let again = run(&dir, &[], &["detect", trail, "--config", &config]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(got.lock().unwrap().len(), received.len());
}

/// The bundled example: a baseline of its IAM rules, then the whole catalogue. Everything
/// else failing at or above high is new; past the sink's rate of 5, the most severe go one by
/// one and the rest arrive as one digest.
#[test]
fn the_example_account_notifies_new_failures_with_a_digest() {
    let dir = temp_dir("example");
    let (port, got) = server(vec![]);
    let config = write_config(
        &dir,
        &format!(
            "[[notifications]]\nkind = \"webhook\"\nurl_file = \"{}\"\nmax_per_minute = 5\n",
            write_secret(&dir, "url", &format!("http://127.0.0.1:{port}/hook")),
        ),
    );
    let example = "../../examples/demo-account.json";
    let baseline = run(
        &dir,
        &[],
        &[
            "scan",
            "--inventory",
            example,
            "--config",
            &config,
            "--service",
            "iam",
        ],
    );
    assert_eq!(baseline.status.code(), Some(1), "{}", stderr(&baseline));
    assert!(
        got.lock().unwrap().is_empty(),
        "a baseline notifies nothing"
    );
    let report = dir.join("report.json");
    let full = run(
        &dir,
        &[],
        &[
            "scan",
            "--inventory",
            example,
            "--config",
            &config,
            "--format",
            "json",
            "-o",
            report.to_str().unwrap(),
        ],
    );
    assert_eq!(full.status.code(), Some(1), "{}", stderr(&full));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let expected: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["status"] == "fail"
                && matches!(f["severity"].as_str(), Some("high" | "critical"))
                && f["service"] != "iam"
        })
        .collect();
    assert!(
        expected.len() > 5,
        "the example has enough to fold: {}",
        expected.len()
    );
    let received = got.lock().unwrap().clone();
    assert_eq!(received.len(), 5, "{}", stderr(&full));
    for single in &received[..4] {
        let body = single.json();
        assert_eq!(body["type"], "notification");
        assert_eq!(body["notifications"][0]["change"], "new");
    }
    assert_eq!(
        received[0].json()["notifications"][0]["severity"],
        "critical",
        "the most severe first"
    );
    let digest = received[4].json();
    assert_eq!(digest["type"], "digest");
    assert_eq!(digest["total"], expected.len() - 4);
    let mut notified: Vec<String> = received
        .iter()
        .flat_map(|r| {
            r.json()["notifications"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["fingerprint"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    notified.sort();
    let mut wanted: Vec<String> = expected
        .iter()
        .map(|f| {
            format!(
                "{}|{}|{}|{}",
                f["rule_id"].as_str().unwrap(),
                f["account"].as_str().unwrap_or(""),
                f["region"].as_str().unwrap_or(""),
                f["resource_id"].as_str().unwrap()
            )
        })
        .collect();
    wanted.sort();
    assert_eq!(
        notified, wanted,
        "exactly the new failures at or above high"
    );
}

/// `iac` notifies too: a tree first scanned secure is its baseline; after a commit makes the
/// bucket public, what turned worse is notified, and the run's exit code is the usual one.
#[test]
fn iac_notifies_what_a_change_to_the_tree_made_worse() {
    let dir = temp_dir("iac");
    let (port, got) = server(vec![]);
    let config = write_config(
        &dir,
        &format!(
            "[[notifications]]\nkind = \"slack\"\nurl_file = \"{}\"\nmin_severity = \"low\"\nmax_per_minute = 100\n",
            write_secret(&dir, "url", &format!("http://127.0.0.1:{port}/slack")),
        ),
    );
    let tree = dir.join("infra");
    std::fs::create_dir_all(&tree).unwrap();
    let fixtures = crate_dir().join("../../tests/fixtures/iac/cloudformation");
    let template = tree.join("bucket.yaml");
    let secure = std::fs::read_to_string(fixtures.join("s3_secure.yaml")).unwrap();
    std::fs::write(&template, &secure).unwrap();
    let scan = || {
        run(
            &dir,
            &[],
            &[
                "iac",
                tree.to_str().unwrap(),
                "--config",
                &config,
                "--service",
                "s3",
            ],
        )
    };
    let first = scan();
    assert!(stderr(&first).contains("baseline"), "{}", stderr(&first));
    assert!(got.lock().unwrap().is_empty());
    // The insecure template with its public bucket under the secure one's logical id: the
    // same resource made public, a regression.
    let insecure = std::fs::read_to_string(fixtures.join("s3_insecure.yaml"))
        .unwrap()
        .replace("PublicSite", "Data");
    std::fs::write(&template, insecure).unwrap();
    let second = scan();
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    let received = got.lock().unwrap().clone();
    assert!(!received.is_empty(), "{}", stderr(&second));
    let texts: Vec<String> = received
        .iter()
        .map(|r| r.json()["text"].as_str().unwrap().to_string())
        .collect();
    for t in &texts {
        assert!(t.contains("New failure") || t.contains("Regressed"), "{t}");
    }
    let acl = received
        .iter()
        .map(|r| r.json())
        .find(|b| {
            b["blocks"][1]["fields"][2]["text"]
                .as_str()
                .is_some_and(|t| t.contains("s3-bucket-acl-not-public"))
        })
        .unwrap_or_else(|| panic!("no ACL notification in {texts:?}"));
    assert!(
        acl["text"].as_str().unwrap().contains("Regressed"),
        "the same bucket made public: {acl}"
    );
    assert!(
        acl["blocks"][1]["fields"][0]["text"]
            .as_str()
            .unwrap()
            .contains("Data"),
        "{acl}"
    );
}
