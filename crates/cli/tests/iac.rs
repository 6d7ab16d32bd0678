//! `cloudward iac` end to end: the binary on the CloudFormation fixtures, checking exit codes,
//! compiler-style locations, SARIF paths relative to the scanned root, and diagnostics.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/iac/cloudformation")
}

fn cloudward(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudward"))
        .args(args)
        .env("CLOUDWARD_STORE", crate::scratch_store())
        .output()
        .expect("run cloudward")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn insecure_template_exits_1_with_compiler_style_locations() {
    let path = fixtures().join("s3_insecure.yaml");
    let out = cloudward(&["iac", path.to_str().expect("utf-8 path"), "--service", "s3"]);
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    // The ACL finding points at the AccessControl line of the file, as given on the command line.
    let expected = format!("{}:8", path.display());
    assert!(stdout.contains(&expected), "{expected} not in:\n{stdout}");
    assert!(stdout.contains("s3-bucket-acl-not-public"), "{stdout}");
}

#[test]
fn fail_on_threshold_and_rule_selection() {
    let path = fixtures().join("s3_secure.yaml");
    let out = cloudward(&["iac", path.to_str().expect("utf-8 path"), "--service", "s3"]);
    // MFA delete cannot be enabled by CloudFormation, so the secure template still fails it.
    let mfa_only = cloudward(&[
        "iac",
        path.to_str().expect("utf-8 path"),
        "--skip-rule",
        "s3-bucket-mfa-delete",
        "--service",
        "s3",
    ]);
    assert_eq!(
        mfa_only.status.code(),
        Some(0),
        "{}",
        text(&mfa_only.stdout)
    );
    assert!(matches!(out.status.code(), Some(0) | Some(1)));
    // The insecure bucket fails critical and high rules; `--fail-on none` still exits 0.
    let insecure = fixtures().join("s3_insecure.yaml");
    let none = cloudward(&[
        "iac",
        insecure.to_str().expect("utf-8 path"),
        "--fail-on",
        "none",
    ]);
    assert_eq!(none.status.code(), Some(0));
    // Only low-severity rules selected, with the default threshold (high): exit 0.
    let low = cloudward(&[
        "iac",
        insecure.to_str().expect("utf-8 path"),
        "--rule",
        "s3-bucket-versioning-enabled",
    ]);
    let versioning = cloudward_rules_severity_is_below_high(&low);
    assert!(versioning, "{}", text(&low.stdout));
    let unknown_rule = cloudward(&["iac", path.to_str().expect("utf-8 path"), "--rule", "nope"]);
    assert_eq!(unknown_rule.status.code(), Some(2));
}

/// Whether the run exited 0 although its only rule failed: true when that rule is below the
/// default `--fail-on high`, false (and a failing test) if the threshold were ignored.
fn cloudward_rules_severity_is_below_high(out: &Output) -> bool {
    let stdout = text(&out.stdout);
    let failed_below_high = stdout.contains("s3-bucket-versioning-enabled")
        && !stdout.contains("high[s3-bucket-versioning-enabled]")
        && !stdout.contains("critical[s3-bucket-versioning-enabled]");
    failed_below_high && out.status.code() == Some(0)
}

#[test]
fn sarif_paths_are_relative_to_the_scanned_directory() {
    let out = cloudward(&[
        "iac",
        fixtures().to_str().expect("utf-8 path"),
        "--format",
        "sarif",
        "--service",
        "s3",
    ]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let uris: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .map(str::to_string)
        .collect();
    assert!(uris.iter().any(|u| u == "s3_insecure.yaml"), "{uris:?}");
    assert!(uris.iter().all(|u| !u.starts_with('/')), "{uris:?}");
}

#[test]
fn a_broken_template_is_reported_and_the_run_is_incomplete() {
    let out = cloudward(&[
        "iac",
        fixtures().to_str().expect("utf-8 path"),
        "--format",
        "json",
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("syntax_error.json:4:"), "{stderr}");
    assert!(stderr.contains(": error: JSON syntax error"), "{stderr}");
    // The rest was still scanned and reported.
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert!(report.to_string().contains("example-public-site"));
}

/// A fresh directory under the system temp dir, removed on drop.
struct TempTree(PathBuf);

impl TempTree {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("cloudward-cli-iac-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempTree(dir)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 path")
    }
}

impl Drop for TempTree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Issue 8 (defect 8): a tree whose only `.tf` is skipped (here: not UTF-8) gave "No
/// failures", exit 0 with `--fail-on-unknown`, no JSON collection error and a successful
/// SARIF run. The skip is now a collection error in every format and trips the gate.
#[test]
fn issue8_a_skipped_input_is_a_collection_error_and_trips_fail_on_unknown() {
    let t = TempTree::new("issue8-skip");
    std::fs::write(
        t.0.join("main.tf"),
        b"# caf\xe9\nresource \"aws_s3_bucket\" \"b\" {\n  acl = \"public-read\"\n}\n",
    )
    .expect("write");
    let gate = cloudward(&["iac", t.path(), "--fail-on-unknown"]);
    assert_eq!(gate.status.code(), Some(1), "{}", text(&gate.stderr));
    assert!(text(&gate.stderr).contains("main.tf: warning: skipped: not UTF-8"));
    let plain = cloudward(&["iac", t.path()]);
    assert_eq!(
        plain.status.code(),
        Some(0),
        "without the flag the gate is as before"
    );
    assert!(
        text(&plain.stdout).contains("1 collection errors"),
        "{}",
        text(&plain.stdout)
    );

    let json = cloudward(&["iac", t.path(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    let errors = report["collection_errors"]
        .as_array()
        .expect("collection_errors");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["service"], "iac");
    assert!(errors[0]["message"]
        .as_str()
        .expect("message")
        .starts_with("main.tf: skipped: not UTF-8"));

    let sarif = cloudward(&["iac", t.path(), "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).expect("SARIF");
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert_eq!(notes.len(), 1);
    assert!(notes[0]["message"]["text"]
        .as_str()
        .expect("text")
        .contains("main.tf: skipped: not UTF-8"));
}

/// Issue 8 (defect 5): `count = 1000000` aborted above 6 GiB. The expansion is cut at
/// `--max-expansions`, named at file:line, a collection error, and the rules over the kind
/// are Unknown, so `--fail-on-unknown` trips.
#[test]
fn issue8_count_expansion_capped_by_max_expansions() {
    let t = TempTree::new("issue8-count");
    std::fs::write(
        t.0.join("main.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  count  = 1000000\n  bucket = \"b-${count.index}\"\n}\n",
    )
    .expect("write");
    let out = cloudward(&[
        "iac",
        t.path(),
        "--max-expansions",
        "3",
        "--rule",
        "s3-bucket-versioning-enabled",
        "--format",
        "json",
        "--fail-on",
        "low",
        "--fail-on-unknown",
    ]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("main.tf:2") && stderr.contains("over the limit of 3"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let findings = report["findings"].as_array().expect("findings");
    let unknown = findings.iter().filter(|f| f["status"] == "unknown").count();
    let judged = findings.iter().filter(|f| f["status"] != "unknown").count();
    assert_eq!((judged, unknown), (3, 1), "{findings:?}");
    assert_eq!(
        report["collection_errors"].as_array().map(Vec::len),
        Some(1)
    );
}

/// Privilege escalation in Terraform (issue 13, part 3): with `--account` the principals get
/// real ARNs, and with `--no-scps` nothing the code cannot say is left: open paths fail with
/// their steps, a boundary that blocks them passes, a clean principal passes. Without either,
/// the open ones are Unknown with the reason, never Pass.
#[test]
fn terraform_escalation_paths_are_decided_with_the_account() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/iac/terraform/escalation");
    let dir = dir.to_str().expect("utf-8 path");
    let verdicts = |extra: &[&str]| -> std::collections::BTreeMap<String, (String, String)> {
        let mut args = vec![
            "iac",
            dir,
            "--rule",
            "iam-no-privilege-escalation-path",
            "--format",
            "json",
            "--fail-on",
            "none",
            "--no-store",
        ];
        args.extend_from_slice(extra);
        let out = cloudward(&args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                (
                    f["resource_id"].as_str().unwrap().to_string(),
                    (
                        f["status"].as_str().unwrap().to_string(),
                        f["message"].as_str().unwrap().to_string(),
                    ),
                )
            })
            .collect()
    };
    let decided = verdicts(&["--account", "111122223333", "--no-scps"]);
    let status = |v: &std::collections::BTreeMap<String, (String, String)>, id: &str| {
        v.get(id).map(|(s, _)| s.clone()).unwrap_or_default()
    };
    assert_eq!(status(&decided, "aws_iam_user.dev"), "fail", "{decided:#?}");
    assert!(decided["aws_iam_user.dev"]
        .1
        .contains("iam-put-user-policy"));
    assert!(decided["aws_iam_user.dev"]
        .1
        .contains("arn:aws:iam::111122223333:user/dev"));
    assert_eq!(status(&decided, "aws_iam_role.ci"), "fail", "{decided:#?}");
    assert!(decided["aws_iam_role.ci"]
        .1
        .contains("iam-attach-role-policy"));
    assert_eq!(
        status(&decided, "aws_iam_user.bounded"),
        "pass",
        "{decided:#?}"
    );
    assert_eq!(
        status(&decided, "aws_iam_user.reader"),
        "pass",
        "{decided:#?}"
    );

    // Without the account, or with it but SCPs not ruled out: Unknown with the reason.
    for extra in [&[][..], &["--account", "111122223333"][..]] {
        let undecided = verdicts(extra);
        for id in ["aws_iam_user.dev", "aws_iam_role.ci"] {
            assert_eq!(
                status(&undecided, id),
                "unknown",
                "{extra:?}: {undecided:#?}"
            );
        }
    }
    let scp = &verdicts(&["--account", "111122223333"])["aws_iam_user.dev"].1;
    assert!(scp.contains("SCPs that apply are not known"), "{scp}");

    let out = cloudward(&["iac", dir, "--account", "12345"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a malformed account is a usage error"
    );
}
