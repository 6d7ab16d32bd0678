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
        .env("CLOUDWARD_STORE", crate::scratch_store())
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
        // The whole burst: all 12 refused calls, not the threshold's 10.
        "2026-11-01T11:00:00Z .. 2026-11-01T11:00:44Z (12 events)",
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
    assert_eq!(events.len(), 9);
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
    assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 9);
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
        .env("CLOUDWARD_STORE", crate::scratch_store())
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
    // An endless SQS consumer streams alerts; a document needs a bounded run.
    let out = cloudward(&[
        "detect",
        "--sqs",
        "http://127.0.0.1:1/123456789012/q",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--idle-exit"));
    assert_eq!(
        cloudward(&["detect", TRAIL, "--rules", "tests/fixtures/detect/nope"])
            .status
            .code(),
        Some(2)
    );
}

/// `s3://` and `--sqs` through the binary, against the moto emulator (as the aws crate's
/// tests run it: `CLOUDWARD_MOTO_SERVER` or `moto_server` on PATH; missing is a failure, not
/// a skip). Provisioning uses moto's HTTP APIs directly (path-style S3, SQS query protocol),
/// since this crate has no SDK dependency of its own.
mod moto {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use super::{crate_dir, text, TRAIL};

    struct Moto {
        child: Child,
        port: u16,
    }

    impl Drop for Moto {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn start() -> Moto {
        let exe = std::env::var("CLOUDWARD_MOTO_SERVER").unwrap_or_else(|_| "moto_server".into());
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(&exe)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start moto_server `{exe}`: {e}; run ./scripts/test.sh or set CLOUDWARD_MOTO_SERVER")
            });
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "moto did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Moto { child, port }
    }

    fn encode(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }

    impl Moto {
        fn endpoint(&self) -> String {
            format!("http://127.0.0.1:{}", self.port)
        }

        fn http(&self, method: &str, path: &str, content_type: &str, body: &[u8]) -> String {
            let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
            // moto routes a request to a service by the credential scope of its signature
            // (it does not verify it); S3 is the default.
            let service = if content_type.starts_with("application/x-www-form") {
                "sqs"
            } else {
                "s3"
            };
            let head = format!(
                "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=testing/20261101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                self.port,
                body.len()
            );
            s.write_all(head.as_bytes()).unwrap();
            s.write_all(body).unwrap();
            let mut out = Vec::new();
            s.read_to_end(&mut out).unwrap();
            let out = String::from_utf8_lossy(&out).into_owned();
            assert!(
                out.starts_with("HTTP/1.1 200") || out.starts_with("HTTP/1.0 200"),
                "{method} {path}: {out}"
            );
            out
        }

        fn sqs(&self, params: &[(&str, &str)]) -> String {
            let body: Vec<String> = params
                .iter()
                .map(|(k, v)| format!("{k}={}", encode(v)))
                .chain(["Version=2012-11-05".to_owned()])
                .collect();
            self.http(
                "POST",
                "/",
                "application/x-www-form-urlencoded",
                body.join("&").as_bytes(),
            )
        }

        fn queue_depth(&self, url: &str) -> String {
            let out = self.sqs(&[
                ("Action", "GetQueueAttributes"),
                ("QueueUrl", url),
                ("AttributeName.1", "ApproximateNumberOfMessages"),
            ]);
            let i = out.find("<Value>").expect("a value") + "<Value>".len();
            out[i..].split('<').next().unwrap().to_owned()
        }
    }

    /// `cloudward ARGS` against moto, with test credentials and no AWS config of the host.
    fn command(moto: &Moto, args: &[&str], store: &std::path::Path) -> Command {
        let empty = std::env::temp_dir().join("cloudward-detect-cli-empty-aws-config");
        std::fs::write(&empty, "").unwrap();
        let mut c = Command::new(env!("CARGO_BIN_EXE_cloudward"));
        c.args(args)
            .args(["--endpoint-url", &moto.endpoint(), "--region", "us-east-1"])
            .env("CLOUDWARD_STORE", store)
            .current_dir(crate_dir())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", &empty)
            .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_SESSION_TOKEN");
        c
    }

    fn cloudward(moto: &Moto, args: &[&str]) -> std::process::Output {
        command(moto, args, &crate::scratch_store())
            .output()
            .unwrap()
    }

    const GZ: &str = "2026/11/01/111122223333_CloudTrail_eu-west-1_20261101T1005Z_a.json.gz";

    #[test]
    fn s3_prefix_and_sqs_queue_through_the_binary() {
        let moto = start();
        let gz = std::fs::read(crate_dir().join(TRAIL).join(GZ)).unwrap();
        moto.http("PUT", "/trail", "application/octet-stream", b"");
        moto.http(
            "PUT",
            &format!("/trail/AWSLogs/{GZ}"),
            "application/octet-stream",
            &gz,
        );

        let out = cloudward(
            &moto,
            &["detect", "s3://trail/AWSLogs/", "--format", "json"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
        assert_eq!(v["summary"]["events"], 8);
        let stop = v["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["event_names"] == serde_json::json!(["StopLogging"]))
            .expect("StopLogging alert");
        assert_eq!(stop["first_location"], format!("s3://trail/AWSLogs/{GZ}:3"));

        let created = moto.sqs(&[("Action", "CreateQueue"), ("QueueName", "trail-events")]);
        let i = created.find("<QueueUrl>").expect("queue url") + "<QueueUrl>".len();
        let url = created[i..].split('<').next().unwrap().to_owned();
        let note = serde_json::json!({"Records": [{
            "eventName": "ObjectCreated:Put",
            "s3": {"bucket": {"name": "trail"}, "object": {"key": format!("AWSLogs/{GZ}")}}
        }]})
        .to_string();
        moto.sqs(&[
            ("Action", "SendMessage"),
            ("QueueUrl", &url),
            ("MessageBody", &note),
        ]);
        assert_eq!(moto.queue_depth(&url), "1");

        let out = cloudward(
            &moto,
            &[
                "detect",
                "--sqs",
                &url,
                "--idle-exit",
                "1",
                "--sqs-wait",
                "1",
                "--fail-on",
                "high",
            ],
        );
        let stdout = text(&out.stdout);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
        assert!(
            stdout.contains("AWS CloudTrail Configuration Change"),
            "{stdout}"
        );
        assert!(
            stderr.contains("1 message(s) received, 1 deleted"),
            "{stderr}"
        );
        assert_eq!(moto.queue_depth(&url), "0");
    }

    /// An endless consumer prints each alert as its window closes, while it keeps running,
    /// records it in the run it began, and stops cleanly on SIGTERM.
    #[test]
    fn an_endless_consumer_emits_alerts_while_it_runs_and_stops_on_sigterm() {
        use std::io::BufRead;
        let moto = start();
        let gz = std::fs::read(crate_dir().join(TRAIL).join(GZ)).unwrap();
        moto.http("PUT", "/live", "application/octet-stream", b"");
        moto.http(
            "PUT",
            &format!("/live/AWSLogs/{GZ}"),
            "application/octet-stream",
            &gz,
        );
        let created = moto.sqs(&[("Action", "CreateQueue"), ("QueueName", "live-events")]);
        let i = created.find("<QueueUrl>").expect("queue url") + "<QueueUrl>".len();
        let url = created[i..].split('<').next().unwrap().to_owned();
        let store =
            std::env::temp_dir().join(format!("cloudward-live-{}.sqlite3", std::process::id()));
        let _ = std::fs::remove_file(&store);
        let mut child = command(
            &moto,
            &[
                "detect",
                "--sqs",
                &url,
                "--sqs-wait",
                "1",
                "--format",
                "ocsf",
            ],
            &store,
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
        let note = serde_json::json!({"Records": [{
            "eventName": "ObjectCreated:Put",
            "s3": {"bucket": {"name": "live"}, "object": {"key": format!("AWSLogs/{GZ}")}}
        }]})
        .to_string();
        moto.sqs(&[
            ("Action", "SendMessage"),
            ("QueueUrl", &url),
            ("MessageBody", &note),
        ]);
        // The fixture's events are a month old: wall-clock time closes their windows at the
        // first quiet receive after the message.
        let (tx, rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut lines = Vec::new();
        while !lines
            .iter()
            .any(|l: &String| l.contains("AWS CloudTrail Configuration Change"))
        {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "no alert within 60 s: {lines:?}");
            if let Ok(line) = rx.recv_timeout(left) {
                lines.push(line);
            }
        }
        assert!(child.try_wait().unwrap().is_none(), "still consuming");
        for line in &lines {
            let v: serde_json::Value = serde_json::from_str(line).expect("OCSF JSON Lines");
            assert_eq!(v["class_uid"], 2004);
        }
        let status = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let out = child.wait_with_output().unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(
            stderr.contains("alert(s) emitted as their windows closed"),
            "{stderr}"
        );
        let mut history = cloudward_store::Store::open(&store).unwrap();
        let runs = history.runs(None).unwrap();
        assert_eq!(runs.len(), 1);
        let recorded = history.alerts(runs[0].id).unwrap();
        assert!(recorded
            .iter()
            .any(|a| a.rule.title == "AWS CloudTrail Configuration Change"));
        assert_eq!(runs[0].kind, "detect");
        let _ = std::fs::remove_file(&store);
    }
}

#[test]
fn threads_do_not_change_the_output() {
    // The fixture trail, the reader fixtures of the detect crate (malformed, truncated, flow,
    // ALB) and a missing path, read with one, two and five worker threads.
    let inputs = [
        TRAIL,
        "../detect/tests/fixtures",
        "no-such-dir",
        "tests/fixtures/detect/trail/2026/11/01",
    ];
    let run = |threads: &str| {
        let mut args = vec!["detect", "--format", "json", "--threads", threads];
        args.extend(inputs);
        cloudward(&args)
    };
    let one = run("1");
    assert_eq!(one.status.code(), Some(0), "{}", text(&one.stderr));
    assert!(text(&one.stdout).contains("Burst of Access Denied"));
    assert!(text(&one.stderr).contains("no-such-dir"));
    for threads in ["2", "5"] {
        let many = run(threads);
        assert_eq!(text(&many.stdout), text(&one.stdout), "--threads {threads}");
        assert_eq!(text(&many.stderr), text(&one.stderr), "--threads {threads}");
        assert_eq!(many.status.code(), one.status.code());
    }
    let zero = cloudward(&["detect", "--threads", "0", TRAIL]);
    assert_eq!(zero.status.code(), Some(2), "{}", text(&zero.stderr));
}
