//! `cloudward paths` on a bundled snapshot (`tests/fixtures/exposed-account.json`, written from
//! the graph crate's test fixture): a web instance in a public subnet running as role `app`
//! that reads bucket `data`, and a function URL without auth whose role `fn` can write IAM.

use super::{cloudward, code, stdout};

const FIXTURE: &str = "tests/fixtures/exposed-account.json";

fn paths(format: &str) -> std::process::Output {
    cloudward(&["paths", "--inventory", FIXTURE, "--format", format])
}

#[test]
fn each_format_is_stable_and_a_failed_combination_exits_1() {
    for format in ["text", "json", "mermaid", "dot"] {
        let out = paths(format);
        assert_eq!(code(&out), 1, "{}", super::stderr(&out));
        insta::assert_snapshot!(format!("paths_{format}"), stdout(&out));
    }
}

#[test]
fn to_data_keeps_only_paths_ending_at_data() {
    let out = cloudward(&[
        "paths",
        "--inventory",
        FIXTURE,
        "--to",
        "data",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let paths = v["paths"].as_array().expect("paths");
    assert_eq!(paths.len(), 1);
    assert_eq!(paths[0]["nodes"][3]["label"], "S3 bucket data");
    assert_eq!(paths[0]["certain"], false);
}

/// The scan reports the toxic combinations as findings (issue 13), with the path and the fix,
/// gates on them, and leaves them out when `--skip-rule` names them or `--service` narrows
/// the scan.
#[test]
fn scan_reports_toxic_combinations_as_findings() {
    let scan = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec![
            "scan",
            "--inventory",
            FIXTURE,
            "--format",
            "json",
            "--no-store",
            "--fail-on",
            "none",
        ];
        args.extend_from_slice(extra);
        let out = cloudward(&args);
        assert_eq!(code(&out), 0, "{}", super::stderr(&out));
        serde_json::from_str(&stdout(&out)).expect("JSON")
    };
    let toxic = |report: &serde_json::Value| -> Vec<(String, String)> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule_id"].as_str().unwrap().starts_with("toxic-"))
            .map(|f| {
                (
                    f["rule_id"].as_str().unwrap().to_string(),
                    f["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let report = scan(&[]);
    let found = toxic(&report);
    assert!(
        found.contains(&(
            "toxic-public-function-url-iam-write".to_string(),
            "fail".to_string()
        )),
        "{found:?}"
    );
    let url = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "toxic-public-function-url-iam-write")
        .unwrap();
    let message = url["message"].as_str().unwrap();
    assert!(
        message.contains("path: Internet -> ") && message.contains("fix: "),
        "{message}"
    );
    assert_eq!(url["service"], "attack-paths");

    let skipped = scan(&["--skip-rule", "toxic-public-function-url-iam-write"]);
    let rest = toxic(&skipped);
    assert!(
        !rest
            .iter()
            .any(|(id, _)| id == "toxic-public-function-url-iam-write"),
        "{rest:?}"
    );
    assert_eq!(rest.len(), found.len() - 1);
    assert!(toxic(&scan(&["--service", "s3"])).is_empty());

    // The gate counts them: failing at high fails the scan.
    let out = cloudward(&[
        "scan",
        "--inventory",
        FIXTURE,
        "--no-store",
        "--rule",
        "s3-bucket-acl-not-public",
        "--fail-on",
        "high",
    ]);
    assert_eq!(code(&out), 0, "--rule leaves the combinations out");
}
