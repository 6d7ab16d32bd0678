//! `--format asff`, `scan --to-security-hub` and `--dry-run` through the binary; the import
//! against the moto emulator (`CLOUDWARD_MOTO_SERVER` or `moto_server` on PATH; missing is a
//! failure, not a skip), with moto's request recorder proving that a scan without the flag
//! makes no `BatchImportFindings` call.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{code, crate_dir, scan, stderr, stdout, FIXTURE};

fn asff(extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--format", "asff", "--fail-on", "none"];
    args.extend_from_slice(extra);
    let out = scan(FIXTURE, &args);
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn root_product_arn(doc: &serde_json::Value) -> String {
    doc["Findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["Resources"][0]["Id"] == "arn:aws:iam::123456789012:root")
        .expect("the root finding")["ProductArn"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn format_asff_prints_a_findings_document_with_the_home_region() {
    let doc = asff(&[]);
    let findings = doc["Findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        assert_eq!(f["SchemaVersion"], "2018-10-08");
        assert_eq!(f["AwsAccountId"], "123456789012");
        assert_eq!(f["CreatedAt"], "2026-11-20T09:30:00Z");
        assert_ne!(
            (
                f["ProductFields"]["cloudward/Status"].as_str(),
                f["Compliance"]["Status"].as_str()
            ),
            (Some("unknown"), Some("PASSED"))
        );
    }
    // The fixture collected ap-south-1, eu-west-1 and us-east-1: global findings go to the
    // first, unless --security-hub-region says otherwise.
    assert_eq!(
        root_product_arn(&doc),
        "arn:aws:securityhub:ap-south-1:123456789012:product/123456789012/default"
    );
    let doc = asff(&["--security-hub-region", "eu-central-1"]);
    assert_eq!(
        root_product_arn(&doc),
        "arn:aws:securityhub:eu-central-1:123456789012:product/123456789012/default"
    );
}

#[test]
fn asff_without_an_account_is_a_usage_error_naming_why() {
    let out = super::cloudward(&[
        "iac",
        "../../tests/fixtures/iac/cloudformation",
        "--format",
        "asff",
    ]);
    assert_eq!(code(&out), 2, "stderr: {}", stderr(&out));
    assert!(stderr(&out).contains("no AWS account"), "{}", stderr(&out));

    let accountless = super::variant("no-account.json", "\"account_id\": \"123456789012\",", "");
    let text = std::fs::read_to_string(&accountless).unwrap();
    let accountless_everywhere = accountless.with_file_name("no-account-anywhere.json");
    std::fs::write(
        &accountless_everywhere,
        text.replace("\"account\": \"123456789012\",", ""),
    )
    .unwrap();
    let out = scan(
        accountless_everywhere.to_str().unwrap(),
        &["--format", "asff"],
    );
    assert_eq!(code(&out), 2, "stderr: {}", stderr(&out));
    assert!(stderr(&out).contains("AwsAccountId"), "{}", stderr(&out));
}

#[test]
fn dry_run_needs_the_import_flag() {
    let out = scan(FIXTURE, &["--dry-run"]);
    assert_eq!(code(&out), 2, "stderr: {}", stderr(&out));
    assert!(
        stderr(&out).contains("--to-security-hub"),
        "{}",
        stderr(&out)
    );
}

/// A moto_server of this test, killed on drop (by its handle).
pub(crate) struct Moto {
    child: Child,
    port: u16,
    dir: std::path::PathBuf,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Moto {
    pub(crate) fn start() -> Moto {
        let exe = std::env::var("CLOUDWARD_MOTO_SERVER").unwrap_or_else(|_| "moto_server".into());
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = std::env::temp_dir().join(format!(
            "cloudward-cli-securityhub-{}-{port}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let child = Command::new(&exe)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
            .env("MOTO_RECORDER_FILEPATH", dir.join("recording.jsonl"))
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
        Moto { child, port, dir }
    }

    pub(crate) fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// One HTTP request; moto routes by the credential scope of the (unchecked) signature.
    fn http(&self, method: &str, path: &str, service: &str, region: &str, body: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=testing/20261201/{region}/{service}/aws4_request, SignedHeaders=host, Signature=0\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.port,
            body.len()
        );
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(body.as_bytes()).unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        let out = String::from_utf8_lossy(&out).into_owned();
        assert!(out.contains(" 200 "), "{method} {path}: {out}");
        out.split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default()
    }

    fn recorder(&self, action: &str) -> String {
        self.http(
            if action == "download-recording" {
                "GET"
            } else {
                "POST"
            },
            &format!("/moto-api/recorder/{action}"),
            "s3",
            "us-east-1",
            "",
        )
    }

    /// The findings moto's Security Hub of `region` holds (first page).
    fn findings(&self, region: &str) -> Vec<serde_json::Value> {
        let body = self.http("POST", "/findings", "securityhub", region, "{}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        v["Findings"].as_array().cloned().unwrap_or_default()
    }
}

fn against(moto: &Moto, args: &[&str]) -> std::process::Output {
    command(moto, args).output().unwrap()
}

/// `cloudward ARGS --endpoint-url MOTO` with moto's dummy credentials and nothing of the
/// developer's AWS configuration.
pub(crate) fn command(moto: &Moto, args: &[&str]) -> Command {
    let empty = std::env::temp_dir().join("cloudward-securityhub-cli-empty-aws-config");
    std::fs::write(&empty, "").unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_cloudward"));
    command
        .args(args)
        .args(["--endpoint-url", &moto.endpoint()])
        .env("CLOUDWARD_STORE", super::scratch_store())
        .current_dir(crate_dir())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", &empty)
        .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
        .env("NO_COLOR", "1")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("RUST_LOG");
    command
}

#[test]
fn to_security_hub_imports_and_only_with_the_flag() {
    let moto = Moto::start();
    let scan_args = |extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = ["scan", "--inventory", FIXTURE, "--fail-on", "none"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for rule in super::RULES {
            args.extend(["--rule".to_string(), rule.to_string()]);
        }
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let run = |extra: &[&str]| {
        let args = scan_args(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        against(&moto, &args)
    };

    // A live scan (moto is empty; the account-level checks still yield findings) without the
    // flag: no BatchImportFindings in the recording.
    moto.recorder("reset-recording");
    moto.recorder("start-recording");
    let out = against(
        &moto,
        &[
            "scan",
            "--region",
            "us-east-1",
            "--service",
            "s3",
            "--fail-on",
            "none",
        ],
    );
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    moto.recorder("stop-recording");
    let recording = moto.recorder("download-recording");
    assert!(
        recording.contains("\"method\""),
        "the recorder saw the scan"
    );
    assert!(
        !recording.contains("/findings/import"),
        "a scan without --to-security-hub imported findings"
    );

    // Dry run: the plan on stderr, nothing imported.
    let out = run(&["--to-security-hub", "--dry-run"]);
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    assert!(
        stderr(&out).contains("dry run, nothing imported"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("  import FAILED "),
        "{}",
        stderr(&out)
    );
    assert!(moto.findings("ap-south-1").is_empty());

    // The import: the report is still printed, the counts on stderr.
    let out = run(&["--to-security-hub"]);
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    assert!(stdout(&out).contains("root"), "the report is still written");
    assert!(
        stderr(&out).contains("security hub: imported "),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains(", 0 failed"), "{}", stderr(&out));
    // Global findings (root MFA, password policy) in the home region, ap-south-1.
    let home = moto.findings("ap-south-1");
    let root = home
        .iter()
        .find(|f| f["Resources"][0]["Id"] == "arn:aws:iam::123456789012:root")
        .expect("the root MFA finding in the home region");
    assert_eq!(root["Compliance"]["Status"], "FAILED");
    assert_eq!(root["RecordState"], "ACTIVE");
    assert!(home.iter().all(|f| f["ProductArn"]
        == "arn:aws:securityhub:ap-south-1:123456789012:product/123456789012/default"));
}

#[test]
fn an_import_that_fails_still_writes_the_report_and_exits_3() {
    // Nothing listens on port 1: every call fails (after the SDK's retries).
    let empty = std::env::temp_dir().join("cloudward-securityhub-cli-empty-aws-config");
    std::fs::write(&empty, "").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cloudward"))
        .args([
            "scan",
            "--inventory",
            FIXTURE,
            "--rule",
            "iam-root-mfa-enabled",
        ])
        .args(["--fail-on", "none", "--to-security-hub"])
        .args(["--endpoint-url", "http://127.0.0.1:1"])
        .env("CLOUDWARD_STORE", super::scratch_store())
        .current_dir(crate_dir())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", &empty)
        .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
        .env("NO_COLOR", "1")
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap();
    assert_eq!(code(&out), 3, "stderr: {}", stderr(&out));
    assert!(stdout(&out).contains("root"), "the report is still written");
    let err = stderr(&out);
    assert!(err.contains("security hub: imported 0"), "{err}");
    assert!(err.contains("not imported"), "{err}");
    assert!(err.contains("existing findings not read"), "{err}");
}
