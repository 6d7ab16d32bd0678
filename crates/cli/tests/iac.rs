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
