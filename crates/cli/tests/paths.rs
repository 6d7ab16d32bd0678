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
