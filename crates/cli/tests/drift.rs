//! `cloudward drift` end to end on the drift crate's `hand-changed` fixture (code, state and a
//! snapshot in which port 22 was opened, encryption turned off, a bucket deleted and another
//! created by hand): exit codes, the text and JSON reports, and usage errors.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../drift/tests/fixtures/hand-changed")
}

fn cloudward(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudward"))
        .args(args)
        .env("CLOUDWARD_STORE", crate::scratch_store())
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .env("NO_COLOR", "1")
        .output()
        .expect("run cloudward")
}

fn path(p: PathBuf) -> String {
    p.to_str().expect("utf-8 path").to_string()
}

/// `drift --iac code --state terraform.tfstate --inventory SNAPSHOT` plus `extra`.
fn drift(snapshot: &str, extra: &[&str]) -> Output {
    let dir = fixture();
    let (code, state) = (path(dir.join("code")), path(dir.join("terraform.tfstate")));
    let mut args = vec![
        "drift",
        "--iac",
        &code,
        "--state",
        &state,
        "--inventory",
        snapshot,
    ];
    args.extend_from_slice(extra);
    cloudward(&args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn hand_changes_exit_1_with_both_values_in_the_text_report() {
    let out = drift(&path(fixture().join("live.json")), &[]);
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    for expected in [
        "ingress: present live, absent in code: tcp 22 from 0.0.0.0/0",
        "encrypted: code true, live false",
        "aws_s3_bucket.assets (main.tf:46): arn:aws:s3:::acme-drift-assets",
        "S3 bucket: arn:aws:s3:::acme-drift-stray",
        "aws_nat_gateway (1)",
    ] {
        assert!(stdout.contains(expected), "{expected:?} not in:\n{stdout}");
    }
}

#[test]
fn the_json_report_is_one_document_with_the_summary() {
    let out = drift(&path(fixture().join("live.json")), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(
        doc["summary"],
        serde_json::json!({"compared": 5, "drifted": 2, "missing": 1, "not_applied": 1,
                           "not_compared": 0, "unmanaged": 1})
    );
}

/// A plan's prior state (`terraform show -json`) gives the same ids as the state file.
#[test]
fn a_plan_gives_the_same_report_as_its_state() {
    let dir = fixture();
    let (code, plan) = (path(dir.join("code")), path(dir.join("plan.json")));
    let live = path(dir.join("live.json"));
    let out = cloudward(&[
        "drift",
        "--iac",
        &code,
        "--plan",
        &plan,
        "--inventory",
        &live,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let from_plan: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let from_state: serde_json::Value =
        serde_json::from_slice(&drift(&live, &["--format", "json"]).stdout).expect("JSON");
    assert_eq!(from_plan["state_origin"], "plan");
    for key in [
        "summary",
        "resources",
        "missing",
        "unmanaged",
        "unsupported_types",
    ] {
        assert_eq!(from_plan[key], from_state[key], "{key}");
    }
}

/// The same snapshot with every hand change undone: exit 0 (and 1 again with
/// `--fail-on-unknown`, because the log group is not applied yet).
#[test]
fn an_account_as_declared_exits_0() {
    let live = std::fs::read_to_string(fixture().join("live.json")).expect("snapshot");
    let mut doc: serde_json::Value = serde_json::from_str(&live).expect("JSON");
    let resources = doc["resources"].as_array_mut().expect("resources");
    for r in resources.iter_mut() {
        let a = &mut r["attributes"];
        if a["kind"] == "ec2_volume" {
            a["encrypted"] = serde_json::json!({"known": true});
        }
        if a["group_name"] == "web" {
            a["ingress"]["known"]
                .as_array_mut()
                .expect("rules")
                .truncate(1);
        }
        if a["name"] == "acme-drift-stray" {
            let name = "acme-drift-assets";
            a["name"] = name.into();
            r["name"] = name.into();
            r["id"] = format!("arn:aws:s3:::{name}").into();
        }
    }
    let file = std::env::temp_dir().join(format!(
        "cloudward-drift-in-sync-{}.json",
        std::process::id()
    ));
    std::fs::write(&file, doc.to_string()).expect("write snapshot");
    let out = drift(&path(file.clone()), &[]);
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    assert!(
        stdout.contains("drifted 0, deleted by hand 0, unmanaged 0"),
        "{stdout}"
    );
    let strict = drift(&path(file.clone()), &["--fail-on-unknown"]);
    assert_eq!(strict.status.code(), Some(1), "{}", text(&strict.stdout));
    std::fs::remove_file(file).expect("clean up");
}

#[test]
fn usage_errors_exit_2() {
    let dir = fixture();
    let code = path(dir.join("code"));
    let state = path(dir.join("terraform.tfstate"));
    let live = path(dir.join("live.json"));
    let neither = cloudward(&["drift", "--iac", &code, "--inventory", &live]);
    assert_eq!(neither.status.code(), Some(2), "{}", text(&neither.stderr));
    let both = cloudward(&["drift", "--iac", &code, "--state", &state, "--plan", &state]);
    assert_eq!(both.status.code(), Some(2), "{}", text(&both.stderr));
    let state_as_plan = cloudward(&[
        "drift",
        "--iac",
        &code,
        "--plan",
        &state,
        "--inventory",
        &live,
    ]);
    assert_eq!(
        state_as_plan.status.code(),
        Some(2),
        "{}",
        text(&state_as_plan.stderr)
    );
    assert!(text(&state_as_plan.stderr).contains("pass it as --state"));
    let unreadable = cloudward(&[
        "drift",
        "--iac",
        &code,
        "--state",
        &live,
        "--inventory",
        &live,
    ]);
    assert_eq!(
        unreadable.status.code(),
        Some(3),
        "{}",
        text(&unreadable.stderr)
    );
    assert!(text(&unreadable.stderr).contains("neither a Terraform state"));
}

#[test]
fn help_has_examples_and_the_exit_codes() {
    let out = cloudward(&["drift", "--help"]);
    let help = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    for expected in [
        "Examples:",
        "--plan plan.json",
        "Exit status: 0 no drift; 1 drift",
    ] {
        assert!(help.contains(expected), "{expected:?} not in:\n{help}");
    }
}
