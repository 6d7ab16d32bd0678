//! CLI tests: run the built `cloudward` binary on a small hand-written inventory snapshot
//! (`tests/fixtures/small-account.json`) and on the bundled example, and check its output
//! (insta snapshots), its exit codes and its determinism.
//!
//! Snapshot runs select their rules with `--rule`, so that rules added to the catalogue later
//! do not churn these snapshots; the full catalogue is checked structurally.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `cloudward can` on a bundled snapshot (its own module file).
mod can;
/// `cloudward detect` end to end (its own module file).
mod coverage;
mod detect;
/// `cloudward drift` end to end (its own module file).
mod drift;
/// `cloudward iac` end to end (its own module file).
mod iac;
/// Notifications end to end (its own module file).
mod notify;
/// `scan --org`, `collect --org` against moto (its own module file).
mod org;
/// `cloudward paths` (its own module file).
mod paths;
/// `cloudward respond` (its own module file).
mod respond;
/// `--format asff` and `scan --to-security-hub` (its own module file).
mod security_hub;
mod watch;

const FIXTURE: &str = "tests/fixtures/small-account.json";

/// Rules whose resources the fixture holds: a critical Fail (root MFA), a medium Fail
/// (password length) and, for EBS default encryption, a Fail, a Pass and an Unknown from a
/// collection error.
const RULES: [&str; 3] = [
    "iam-root-mfa-enabled",
    "iam-password-policy-minimum-length-14",
    "ebs-encryption-by-default",
];

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The history every test run of the binary records into, unless a test names its own: one
/// scratch file per test process, never the user's.
fn scratch_store() -> PathBuf {
    std::env::temp_dir().join(format!(
        "cloudward-cli-store-{}.sqlite3",
        std::process::id()
    ))
}

fn cloudward(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudward"))
        .args(args)
        .env("CLOUDWARD_STORE", scratch_store())
        .current_dir(crate_dir())
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("RUST_LOG")
        .env("NO_COLOR", "1")
        .output()
        .expect("the cloudward binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `scan --inventory FIXTURE --rule ...` plus `extra`.
fn scan(inventory: &str, extra: &[&str]) -> Output {
    let mut args = vec!["scan", "--inventory", inventory];
    for rule in RULES {
        args.extend(["--rule", rule]);
    }
    args.extend_from_slice(extra);
    cloudward(&args)
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited, not killed")
}

/// A copy of the fixture with one substitution, in a scratch directory unique to the test.
fn variant(name: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(crate_dir().join(FIXTURE)).unwrap();
    assert!(text.contains(from), "fixture no longer contains {from:?}");
    let dir = std::env::temp_dir().join(format!("cloudward-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

mod scan_formats {
    use super::*;

    fn snapshot(format: &str) -> String {
        let out = scan(FIXTURE, &["--format", format, "--fail-on", "none"]);
        assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
        stdout(&out)
    }

    #[test]
    fn terminal() {
        insta::assert_snapshot!(snapshot("terminal"));
    }

    #[test]
    fn terminal_show_pass() {
        let out = scan(FIXTURE, &["--show-pass", "--fail-on", "none"]);
        insta::assert_snapshot!(stdout(&out));
    }

    #[test]
    fn json() {
        insta::assert_snapshot!(snapshot("json"));
    }

    #[test]
    fn csv() {
        insta::assert_snapshot!(snapshot("csv"));
    }

    #[test]
    fn sarif() {
        insta::assert_snapshot!(snapshot("sarif"));
    }

    #[test]
    fn ocsf() {
        insta::assert_snapshot!(snapshot("ocsf"));
    }

    #[test]
    fn junit() {
        insta::assert_snapshot!(snapshot("junit"));
    }

    #[test]
    fn output_file_matches_stdout() {
        let path = std::env::temp_dir().join(format!("cloudward-cli-{}.sarif", std::process::id()));
        let path_str = path.to_str().unwrap();
        let out = scan(
            FIXTURE,
            &["--format", "sarif", "-o", path_str, "--fail-on", "none"],
        );
        assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
        assert!(stdout(&out).is_empty());
        assert!(stderr(&out).contains("wrote sarif report"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), snapshot("sarif"));
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn output_is_byte_identical_across_runs() {
        for format in ["terminal", "json", "csv", "sarif", "ocsf", "junit"] {
            let a = scan(FIXTURE, &["--format", format, "--fail-on", "none"]);
            let b = scan(FIXTURE, &["--format", format, "--fail-on", "none"]);
            assert_eq!(a.stdout, b.stdout, "{format} output differs between runs");
        }
    }

    #[test]
    fn whole_catalogue_runs_on_the_fixture() {
        // No --rule: every rule runs; kinds absent from the fixture simply yield no finding.
        let out = cloudward(&[
            "scan",
            "--inventory",
            FIXTURE,
            "--format",
            "json",
            "--fail-on",
            "none",
        ]);
        assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
        let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(doc["schema_version"], 1);
        let ids: Vec<&str> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule_id"].as_str().unwrap())
            .collect();
        for rule in RULES {
            assert!(ids.contains(&rule), "{rule} produced no finding");
        }
    }
}

mod exit_codes {
    use super::*;

    #[test]
    fn default_fail_on_is_high() {
        // The root MFA failure is critical.
        assert_eq!(code(&scan(FIXTURE, &[])), 1);
        let ebs_only = cloudward(&[
            "scan",
            "--inventory",
            FIXTURE,
            "--rule",
            "ebs-encryption-by-default",
        ]);
        assert_eq!(
            code(&ebs_only),
            0,
            "a medium failure is below the default threshold"
        );
    }

    #[test]
    fn fail_on_threshold() {
        let ebs = |threshold: &str| {
            code(&cloudward(&[
                "scan",
                "--inventory",
                FIXTURE,
                "--rule",
                "ebs-encryption-by-default",
                "--fail-on",
                threshold,
            ]))
        };
        assert_eq!(ebs("medium"), 1);
        assert_eq!(ebs("low"), 1);
        assert_eq!(ebs("high"), 0);
        assert_eq!(ebs("none"), 0);
    }

    #[test]
    fn unknown_fails_only_with_fail_on_unknown() {
        // EBS default encryption on in eu-west-1 too: what remains is the Unknown for
        // ap-south-1, whose collection failed.
        let path = variant(
            "ebs-unknown-only.json",
            r#""enabled": { "known": false }"#,
            r#""enabled": { "known": true }"#,
        );
        let path = path.to_str().unwrap();
        let base = [
            "scan",
            "--inventory",
            path,
            "--rule",
            "ebs-encryption-by-default",
            "--fail-on",
            "medium",
        ];
        assert_eq!(code(&cloudward(&base)), 0);
        let mut with_unknown = base.to_vec();
        with_unknown.push("--fail-on-unknown");
        assert_eq!(code(&cloudward(&with_unknown)), 1);
    }

    #[test]
    fn unknown_rule_id_is_a_usage_error() {
        let out = cloudward(&["scan", "--inventory", FIXTURE, "--rule", "no-such-rule"]);
        assert_eq!(code(&out), 2);
        assert!(
            stderr(&out).contains("no-such-rule"),
            "stderr: {}",
            stderr(&out)
        );
        let out = cloudward(&[
            "scan",
            "--inventory",
            FIXTURE,
            "--skip-rule",
            "ebs-encryption-by-defualt",
        ]);
        assert_eq!(code(&out), 2);
    }

    #[test]
    fn unknown_service_and_bad_values_are_usage_errors() {
        assert_eq!(
            code(&cloudward(&[
                "scan",
                "--inventory",
                FIXTURE,
                "--service",
                "s4"
            ])),
            2
        );
        assert_eq!(
            code(&cloudward(&[
                "scan",
                "--inventory",
                FIXTURE,
                "--format",
                "xml"
            ])),
            2
        );
        assert_eq!(
            code(&cloudward(&[
                "scan",
                "--inventory",
                FIXTURE,
                "--fail-on",
                "severe"
            ])),
            2
        );
        assert_eq!(code(&cloudward(&["explain", "no-such-rule"])), 2);
    }

    #[test]
    fn unreadable_inventory_is_exit_3() {
        let out = cloudward(&["scan", "--inventory", "tests/fixtures/does-not-exist.json"]);
        assert_eq!(code(&out), 3);
        assert!(stderr(&out).contains("does-not-exist.json"));
        let path = variant(
            "bad-version.json",
            r#""format_version": 1"#,
            r#""format_version": 99"#,
        );
        let out = cloudward(&["scan", "--inventory", path.to_str().unwrap()]);
        assert_eq!(code(&out), 3);
        assert!(
            stderr(&out).contains("format version 99"),
            "stderr: {}",
            stderr(&out)
        );
    }
}

mod catalogue {
    use super::*;

    #[test]
    fn rules_formats_agree_on_the_catalogue() {
        let json = cloudward(&["rules", "--format", "json"]);
        assert_eq!(code(&json), 0);
        let doc: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
        let ids: Vec<String> = doc["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        assert!(ids.len() >= RULES.len());
        let table = stdout(&cloudward(&["rules"]));
        let markdown = stdout(&cloudward(&["rules", "--format", "markdown"]));
        for id in &ids {
            assert!(
                table.lines().any(|l| l.starts_with(&format!("{id} "))),
                "{id} missing from table"
            );
            assert!(
                markdown.contains(&format!("| `{id}` |")),
                "{id} missing from markdown"
            );
        }
        assert!(table.contains(&format!("{} rules;", ids.len())));
    }

    #[test]
    fn rules_filters_by_service() {
        let out = stdout(&cloudward(&[
            "rules",
            "--service",
            "ec2",
            "--format",
            "json",
        ]));
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        let rules = doc["rules"].as_array().unwrap();
        assert!(!rules.is_empty());
        assert!(rules.iter().all(|r| r["service"] == "ec2"));
    }

    #[test]
    fn explain_template_rule() {
        let out = cloudward(&["explain", "ebs-encryption-by-default"]);
        assert_eq!(code(&out), 0);
        insta::assert_snapshot!(stdout(&out));
    }

    #[test]
    fn every_rule_explains() {
        let doc: serde_json::Value =
            serde_json::from_str(&stdout(&cloudward(&["rules", "--format", "json"]))).unwrap();
        for rule in doc["rules"].as_array().unwrap() {
            let id = rule["id"].as_str().unwrap();
            let out = cloudward(&["explain", id]);
            assert_eq!(code(&out), 0, "explain {id}: {}", stderr(&out));
            let text = stdout(&out);
            for section in ["What it checks", "Why it matters", "How to fix it"] {
                assert!(text.contains(section), "explain {id} lacks {section:?}");
            }
        }
    }
}

mod example {
    use super::*;

    const DEMO: &str = "../../examples/demo-account.json";

    /// The bundled example, scanned as the README's first command does: it must load, give
    /// the same bytes twice in every format, and exit 1 (it is deliberately insecure).
    #[test]
    fn demo_account_scans_deterministically() {
        assert!(
            Path::new(&crate_dir().join(DEMO)).exists(),
            "examples/demo-account.json is missing: ./scripts/regenerate-demo.sh"
        );
        for format in ["terminal", "json", "csv", "sarif", "ocsf", "junit"] {
            let a = cloudward(&["scan", "--inventory", DEMO, "--format", format]);
            assert_eq!(code(&a), 1, "stderr: {}", stderr(&a));
            let b = cloudward(&["scan", "--inventory", DEMO, "--format", format]);
            assert_eq!(a.stdout, b.stdout, "{format} output differs between runs");
        }
    }

    /// Snapshots of the demo on the fixed rule selection (regenerating the demo changes them:
    /// review with `cargo insta review`).
    #[test]
    fn demo_account_terminal() {
        let out = scan(DEMO, &["--fail-on", "none"]);
        assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
        insta::assert_snapshot!(stdout(&out));
    }

    #[test]
    fn demo_account_sarif() {
        let out = scan(DEMO, &["--format", "sarif", "--fail-on", "none"]);
        assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
        insta::assert_snapshot!(stdout(&out));
    }
}

/// Issue 8, smaller ones: output paths checked before the work, the no-credentials message,
/// and error causes printed once.
mod issue_8 {
    use super::*;

    /// A port on 127.0.0.1 that nothing listens on (bound, then released).
    fn closed_port() -> u16 {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    }

    /// The binary with no credentials anywhere: an empty HOME, no AWS_* variables, instance
    /// metadata off, and every endpoint on a closed local port, so nothing leaves the machine.
    fn without_credentials(args: &[&str]) -> Output {
        let home = std::env::temp_dir().join(format!("cloudward-no-home-{}", std::process::id()));
        std::fs::create_dir_all(&home).unwrap();
        let endpoint = format!("http://127.0.0.1:{}", closed_port());
        let mut command = Command::new(env!("CARGO_BIN_EXE_cloudward"));
        command
            .args(args)
            .args(["--region", "us-east-1", "--endpoint-url", &endpoint])
            .env("CLOUDWARD_STORE", scratch_store())
            .current_dir(crate_dir());
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("AWS_") {
                command.env_remove(&key);
            }
        }
        command
            .env_remove("RUST_LOG")
            .env("HOME", &home)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("NO_COLOR", "1")
            .output()
            .expect("the cloudward binary runs")
    }

    #[test]
    fn no_credentials_is_two_lines_naming_the_sources_and_what_to_do() {
        for command in ["scan", "collect"] {
            let out = without_credentials(&[command]);
            assert_eq!(code(&out), 3, "{command}: {}", stderr(&out));
            let err = stderr(&out);
            let lines: Vec<&str> = err.lines().collect();
            assert_eq!(lines.len(), 2, "{command}: {err}");
            assert!(
                lines[0].starts_with("error: no AWS credentials found"),
                "{err}"
            );
            for source in [
                "environment",
                "config and credentials files",
                "SSO",
                "web identity",
                "instance metadata",
            ] {
                assert!(lines[0].contains(source), "{source} missing: {err}");
            }
            assert!(lines[1].starts_with("hint: "), "{err}");
            for advice in ["aws configure", "aws sso login", "--profile", "--inventory"] {
                assert!(lines[1].contains(advice), "{advice} missing: {err}");
            }
            for noise in [
                "DispatchFailure",
                "ConnectorError",
                "CredentialsNotLoaded",
                "{",
            ] {
                assert!(!err.contains(noise), "{noise} in: {err}");
            }
        }
    }

    #[test]
    fn an_unwritable_output_path_fails_before_the_work_with_exit_2() {
        let missing = std::env::temp_dir()
            .join(format!("cloudward-missing-{}", std::process::id()))
            .join("x.json");
        let missing = missing.to_str().unwrap();
        // collect and scan would otherwise try to collect (and fail on credentials, exit 3):
        // exit 2 naming the directory shows the path was checked first.
        for args in [vec!["collect", "-o", missing], vec!["scan", "-o", missing]] {
            let out = without_credentials(&args);
            assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
            let err = stderr(&out);
            assert!(
                err.contains("cloudward-missing-") && err.contains("does not exist"),
                "{args:?}: {err}"
            );
            assert!(!err.contains("credentials"), "{args:?}: {err}");
        }
        let out = cloudward(&[
            "iac",
            "../../tests/fixtures/iac/terraform/s3_secure",
            "-o",
            missing,
        ]);
        assert_eq!(code(&out), 2, "iac: {}", stderr(&out));
        assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
        let out = cloudward(&["detect", "tests/fixtures/detect", "-o", missing]);
        assert_eq!(code(&out), 2, "detect: {}", stderr(&out));
        assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
        assert!(!Path::new(missing).exists());
    }

    #[test]
    fn a_failed_run_leaves_no_output_file_behind() {
        let dir = std::env::temp_dir().join(format!("cloudward-out-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("inventory.json");
        let _ = std::fs::remove_file(&path);
        let out = without_credentials(&["collect", "-o", path.to_str().unwrap()]);
        assert_eq!(code(&out), 3, "{}", stderr(&out));
        assert!(!path.exists(), "an empty inventory file was left behind");
    }

    #[test]
    fn an_error_cause_is_printed_once() {
        let path = variant("not-json.json", "{", "{\"x\": ");
        let out = cloudward(&["scan", "--inventory", path.to_str().unwrap()]);
        assert_eq!(code(&out), 3);
        let err = stderr(&out);
        let line = err
            .lines()
            .find(|l| l.starts_with("error:"))
            .expect("an error line");
        // "error: loading ...: inventory snapshot is not valid JSON ...: <serde's message>",
        // with serde's message once, not twice.
        let cause = line.rsplit(": ").next().unwrap();
        assert!(!cause.is_empty());
        assert_eq!(line.matches(cause).count(), 1, "{line}");
        insta::assert_snapshot!(line.replace(path.to_str().unwrap(), "[PATH]"));
    }
}

/// Issue 9: the service registry drives `--service`, its help and `cloudward permissions`.
mod issue_9 {
    use super::*;

    /// The README's least-privilege policy is exactly what `cloudward permissions` prints, so
    /// adding a collector's call to the registry without updating the README fails here.
    #[test]
    fn readme_policy_is_the_permissions_output() {
        let readme =
            std::fs::read_to_string(crate_dir().join("../../README.md")).expect("README.md");
        let section = readme
            .split("## Permissions a scan needs")
            .nth(1)
            .expect("the README has a permissions section");
        let block = section
            .split("```json\n")
            .nth(1)
            .and_then(|b| b.split("```").next())
            .expect("a JSON block in the permissions section");
        let out = cloudward(&["permissions"]);
        assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
        assert_eq!(
            block,
            stdout(&out),
            "README.md's policy differs from `cloudward permissions`: paste its output"
        );
    }

    #[test]
    fn permissions_for_one_service_keep_the_account_calls() {
        let out = cloudward(&["permissions", "--service", "guardduty"]);
        assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
        let policy: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
        let actions = policy["Statement"][0]["Action"]
            .as_array()
            .expect("actions");
        assert!(actions.iter().any(|a| a == "ec2:DescribeRegions"));
        assert!(actions.iter().any(|a| a == "guardduty:ListDetectors"));
        assert!(!actions.iter().any(|a| a == "iam:ListUsers"));
    }

    /// A typo in `--service` is a usage error everywhere (exit 2), never an empty selection.
    #[test]
    fn a_service_typo_exits_2_in_scan_iac_and_permissions() {
        let dir = crate_dir().join("tests/fixtures");
        let dir = dir.to_string_lossy();
        for args in [
            vec![
                "scan",
                "--inventory",
                "../../examples/demo-account.json",
                "--service",
                "gaurdduty",
            ],
            vec!["iac", &dir, "--service", "gaurdduty"],
            vec!["permissions", "--service", "gaurdduty"],
        ] {
            let out = cloudward(&args);
            assert_eq!(code(&out), 2, "{args:?}: stderr: {}", stderr(&out));
            assert!(
                stderr(&out).contains("gaurdduty"),
                "{args:?}: {}",
                stderr(&out)
            );
        }
    }

    /// `cloudward rules --framework` lists every control: covered ones with their rules, the
    /// rest with the reason; JSON counts agree with the listing.
    #[test]
    fn rules_by_framework_lists_every_control() {
        let out = cloudward(&["rules", "--framework", "cis-aws-5.0.0", "--format", "json"]);
        assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
        let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
        let controls = doc["controls"].as_array().expect("controls");
        assert_eq!(doc["total"].as_u64(), Some(controls.len() as u64));
        let covered = controls.iter().filter(|c| c.get("gap").is_none()).count();
        assert_eq!(doc["covered"].as_u64(), Some(covered as u64));
        let root_keys = controls.iter().find(|c| c["id"] == "1.3").expect("1.3");
        assert_eq!(root_keys["rules"][0], "iam-root-no-access-keys");
        let contacts = controls.iter().find(|c| c["id"] == "1.1").expect("1.1");
        assert_eq!(contacts["rules"][0], "account-contact-information-present");
        let peering = controls.iter().find(|c| c["id"] == "5.6").expect("5.6");
        assert_eq!(peering["gap"][0], "manual");

        let table = cloudward(&["rules", "--framework", "fsbp"]);
        assert_eq!(code(&table), 0, "stderr: {}", stderr(&table));
        assert!(stdout(&table).starts_with("AWS Foundational Security Best Practices v1.0.0: "));
        let typo = cloudward(&["rules", "--framework", "cis-9"]);
        assert_eq!(code(&typo), 2);
    }
}

/// Issue 11: every scan is recorded; history lists runs, diff sorts what changed and gates on
/// what got worse, --fail-on-new ignores old failures, prune drops old runs.
mod issue_11 {
    use super::*;

    fn with_store(store: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_cloudward"))
            .args(args)
            .env("CLOUDWARD_STORE", store)
            .env("NO_COLOR", "1")
            .current_dir(crate_dir())
            .output()
            .expect("the cloudward binary runs")
    }

    /// The fixture with the password policy's minimum length set to `length`.
    fn fixture_with_length(dir: &Path, length: u64) -> PathBuf {
        let text = std::fs::read_to_string(crate_dir().join(FIXTURE)).expect("fixture");
        let mut doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        for r in doc["resources"].as_array_mut().expect("resources") {
            if r["attributes"]["kind"] == "iam_password_policy" {
                r["attributes"]["policy"]["known"]["minimum_password_length"] =
                    serde_json::json!({ "known": length });
            }
        }
        let path = dir.join(format!("account-{length}.json"));
        std::fs::write(&path, serde_json::to_string(&doc).expect("JSON")).expect("write");
        path
    }

    #[test]
    fn runs_are_recorded_diffed_gated_and_pruned() {
        let dir = std::env::temp_dir().join(format!("cloudward-issue11-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let store = dir.join("history.sqlite3");
        let strong = fixture_with_length(&dir, 14);
        let weak = fixture_with_length(&dir, 8);
        let scan = |inventory: &Path, extra: &[&str]| {
            let mut args = vec![
                "scan",
                "--inventory",
                inventory.to_str().unwrap(),
                "--rule",
                "iam-password-policy-minimum-length-14",
                "--rule",
                "iam-root-mfa-enabled",
            ];
            args.extend_from_slice(extra);
            with_store(&store, &args)
        };
        // The first run is the baseline: --fail-on-new does not fail on old findings.
        let first = scan(&strong, &["--fail-on-new", "--fail-on", "medium"]);
        assert_eq!(code(&first), 0, "stderr: {}", stderr(&first));
        // The same account again, with the password policy weakened: a regression.
        let second = scan(&weak, &["--fail-on-new", "--fail-on", "medium"]);
        assert_eq!(code(&second), 1, "stderr: {}", stderr(&second));
        // Unchanged: the old failures do not trip --fail-on-new, though plain --fail-on does.
        let third = scan(&weak, &["--fail-on-new", "--fail-on", "medium"]);
        assert_eq!(code(&third), 0, "stderr: {}", stderr(&third));
        assert_eq!(code(&scan(&weak, &["--fail-on", "medium"])), 1);
        // Not recorded.
        assert_eq!(code(&scan(&weak, &["--no-store", "--fail-on", "none"])), 0);

        let history = with_store(&store, &["history", "--format", "json"]);
        assert_eq!(code(&history), 0, "stderr: {}", stderr(&history));
        let doc: serde_json::Value = serde_json::from_str(&stdout(&history)).unwrap();
        let runs = doc["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 4, "{doc}");

        // Run 1 -> run 2: the password rule regressed.
        let diff = with_store(&store, &["diff", "1", "2", "--format", "json"]);
        assert_eq!(code(&diff), 1, "something got worse: {}", stdout(&diff));
        let d: serde_json::Value = serde_json::from_str(&stdout(&diff)).unwrap();
        assert_eq!(d["regressed"].as_array().unwrap().len(), 1, "{d}");
        assert_eq!(
            d["regressed"][0]["rule_id"],
            "iam-password-policy-minimum-length-14"
        );
        assert_eq!(d["new_failures"].as_array().unwrap().len(), 0);
        // Run 2 -> run 1 reversed: fixed.
        let back = with_store(&store, &["diff", "2", "1", "--format", "json"]);
        assert_eq!(code(&back), 0);
        let d: serde_json::Value = serde_json::from_str(&stdout(&back)).unwrap();
        assert_eq!(d["fixed"].as_array().unwrap().len(), 1, "{d}");
        // Default: the latest run against the one before it; nothing changed.
        let latest = with_store(&store, &["diff"]);
        assert_eq!(code(&latest), 0, "{}", stdout(&latest));
        assert!(
            stdout(&latest).contains("new failures: 0"),
            "{}",
            stdout(&latest)
        );
        assert_eq!(code(&with_store(&store, &["diff", "99"])), 2);
        // Every report format carries the change, with the same exit code.
        let csv = with_store(&store, &["diff", "1", "2", "--format", "csv"]);
        assert_eq!(code(&csv), 1);
        assert!(
            stdout(&csv).contains("regressed: "),
            "the CSV row says what changed: {}",
            stdout(&csv)
        );
        let sarif = with_store(&store, &["diff", "1", "2", "--format", "sarif"]);
        let doc: serde_json::Value = serde_json::from_str(&stdout(&sarif)).unwrap();
        let results = doc["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 1, "one changed finding: {doc}");
        assert_eq!(
            results[0]["ruleId"],
            "iam-password-policy-minimum-length-14"
        );
        let junit = with_store(&store, &["diff", "1", "2", "--format", "junit"]);
        assert!(stdout(&junit).contains("<failure"), "{}", stdout(&junit));
        let html = with_store(&store, &["diff", "2", "1", "--format", "html"]);
        assert_eq!(code(&html), 0);
        assert!(stdout(&html).contains("fixed: "), "the fix is in the page");
        for format in ["ocsf", "asff"] {
            let out = with_store(&store, &["diff", "1", "2", "--format", format]);
            assert_eq!(code(&out), 1, "{format}: {}", stderr(&out));
            assert!(stdout(&out).contains("regressed: "), "{format}");
        }

        // iac and detect runs are recorded too, each under its own target.
        let iac = with_store(
            &store,
            &[
                "iac",
                // A path that climbs out of the working directory (`../..` was once lost).
                "../../tests/fixtures/iac/terraform/ec2_secure",
                "--fail-on",
                "none",
            ],
        );
        assert_eq!(code(&iac), 0, "stderr: {}", stderr(&iac));
        let detect = with_store(&store, &["detect", "tests/fixtures/detect/trail"]);
        assert!(code(&detect) <= 1, "stderr: {}", stderr(&detect));
        let history = with_store(&store, &["history", "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_str(&stdout(&history)).unwrap();
        let kinds: Vec<&str> = doc["runs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds[..2], ["detect", "iac"], "{doc}");

        let prune = with_store(&store, &["store", "prune", "--keep", "1d"]);
        assert_eq!(code(&prune), 0, "stderr: {}", stderr(&prune));
        assert_eq!(
            code(&with_store(&store, &["store", "prune", "--keep", "soon"])),
            2
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Issue 11: accepted risks in cloudward.toml, with owner and expiry.
mod issue_11_suppressions {
    use super::*;

    fn config(dir: &Path, body: &str) -> PathBuf {
        std::fs::create_dir_all(dir).unwrap();
        let path = dir.join("cloudward.toml");
        std::fs::write(&path, body).unwrap();
        path
    }

    fn scan_with(config: &Path) -> Output {
        cloudward(&[
            "scan",
            "--inventory",
            FIXTURE,
            "--rule",
            "iam-root-mfa-enabled",
            "--config",
            config.to_str().unwrap(),
            "--format",
            "json",
        ])
    }

    fn statuses(out: &Output) -> Vec<String> {
        let doc: serde_json::Value = serde_json::from_str(&stdout(out)).expect("JSON report");
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["status"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn the_ignore_file_in_the_working_directory_suppresses_too() {
        let dir = std::env::temp_dir().join(format!("cloudward-ignore-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(".cloudward-ignore.yaml"),
            "# accepted risks\nsuppressions:\n  - rule: iam-root-mfa-enabled\n    resource: \"arn:aws:iam::*:root\"\n    reason: break-glass account, MFA held by security\n    owner: security-team\n",
        )
        .unwrap();
        let fixture = crate_dir().join(FIXTURE);
        let run = |cwd: &Path| {
            Command::new(env!("CARGO_BIN_EXE_cloudward"))
                .args(["scan", "--inventory", fixture.to_str().unwrap()])
                .args(["--rule", "iam-root-mfa-enabled", "--format", "json"])
                .env("CLOUDWARD_STORE", scratch_store())
                .current_dir(cwd)
                .output()
                .unwrap()
        };
        let out = run(&dir);
        assert_eq!(statuses(&out), ["suppressed"], "{}", stderr(&out));
        assert!(
            stdout(&out).contains("break-glass account"),
            "the reason is shown"
        );
        // A broken ignore file is a usage error naming it, not silently nothing.
        std::fs::write(
            dir.join(".cloudward-ignore.yaml"),
            "suppressions:\n  - rule: iam-root-mfa-enabled\n",
        )
        .unwrap();
        let out = run(&dir);
        assert_eq!(code(&out), 2);
        assert!(
            stderr(&out).contains(".cloudward-ignore.yaml"),
            "{}",
            stderr(&out)
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_live_suppression_suppresses_an_expired_one_fails_again_and_unused_ones_are_named() {
        let dir = std::env::temp_dir().join(format!("cloudward-sup-{}", std::process::id()));
        let live = config(
            &dir.join("live"),
            r#"
[[suppressions]]
rule = "iam-root-mfa-enabled"
resource = "arn:aws:iam::123456789012:*"
reason = "break-glass account, MFA held by the CISO"
owner = "security@example.com"
expires = "2999-12-31"

[[suppressions]]
rule = "iam-root-mfa-enabled"
resource = "arn:aws:iam::999999999999:*"
reason = "another account"
owner = "nobody"
"#,
        );
        let out = scan_with(&live);
        assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
        assert_eq!(statuses(&out), ["suppressed"]);
        assert!(stdout(&out).contains("owner security@example.com, until 2999-12-31"));
        assert!(
            stderr(&out).contains("suppressions[1] (iam-root-mfa-enabled on arn:aws:iam::999999999999:*, owner nobody) suppressed nothing"),
            "stderr: {}",
            stderr(&out)
        );

        let expired = config(
            &dir.join("expired"),
            r#"
[[suppressions]]
rule = "iam-root-mfa-enabled"
resource = "arn:aws:iam::123456789012:*"
reason = "was accepted for the migration"
owner = "ops"
expires = "2020-01-31"
"#,
        );
        let out = scan_with(&expired);
        assert_eq!(code(&out), 1, "the finding fails again");
        assert_eq!(statuses(&out), ["fail"]);
        assert!(
            stderr(&out).contains("expired on 2020-01-31"),
            "{}",
            stderr(&out)
        );

        let typo = config(
            &dir.join("typo"),
            "[[suppressions]]\nrule = \"iam-root-mfa\"\nresource = \"*\"\nreason = \"r\"\nowner = \"o\"\n",
        );
        let out = scan_with(&typo);
        assert_eq!(code(&out), 2);
        assert!(
            stderr(&out).contains("is not a rule id"),
            "{}",
            stderr(&out)
        );
        let no_reason = config(
            &dir.join("no-reason"),
            "[[suppressions]]\nrule = \"iam-root-mfa-enabled\"\nresource = \"*\"\nreason = \"\"\nowner = \"o\"\n",
        );
        assert_eq!(code(&scan_with(&no_reason)), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Issue 11: `--format html` for scan, iac and detect, with the trend read from the history.
mod issue_11_html {
    use super::*;

    const DEMO: &str = "../../examples/demo-account.json";

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("cloudward-cli-html-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The bundled example (the README's first command) as an HTML file: the summary shows
    /// the same counts as the JSON report, the trend grows with the recorded runs, and
    /// without a store the page says there is no history.
    #[test]
    fn scan_writes_the_counts_and_the_trend() {
        let dir = scratch("scan");
        let store = dir.join("history.sqlite3");
        let store = store.to_str().unwrap();
        let page = dir.join("report.html");
        let page_str = page.to_str().unwrap();

        let json = cloudward(&[
            "scan",
            "--inventory",
            DEMO,
            "--format",
            "json",
            "--no-store",
        ]);
        let doc: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
        let total = &doc["summary"]["total"];
        assert!(total["fail"].as_u64().unwrap() > 0, "{total}");

        let run = |extra: &[&str]| {
            let mut args = vec![
                "scan",
                "--inventory",
                DEMO,
                "--format",
                "html",
                "-o",
                page_str,
            ];
            args.extend_from_slice(extra);
            let out = cloudward(&args);
            assert_eq!(code(&out), 1, "the demo fails: {}", stderr(&out));
            assert!(stdout(&out).is_empty());
            assert!(
                stderr(&out).contains("wrote html report"),
                "{}",
                stderr(&out)
            );
            std::fs::read_to_string(&page).unwrap()
        };

        let first = run(&["--store", store]);
        assert!(first.starts_with("<!DOCTYPE html>"));
        for status in ["fail", "unknown", "suppressed", "pass"] {
            let shown = format!(
                "data-total-status=\"{status}\"><b>{}</b>",
                total[status].as_u64().unwrap()
            );
            assert!(first.contains(&shown), "{shown} not in the page");
        }
        assert!(first.contains("id=\"trend-empty\" data-points=\"1\""));
        // Remediation of a failing rule of the demo, and nothing fetched from the network.
        assert!(first.contains("id=\"rule-iam-root-mfa-enabled\""));
        assert!(first.contains("default-src 'none'"));
        assert!(!first.contains("src=\"http"));

        let second = run(&["--store", store]);
        assert!(second.contains("<svg id=\"trend-chart\" data-points=\"2\""));

        let none = run(&["--no-store"]);
        assert!(none.contains("id=\"trend-empty\" data-points=\"0\""));
        // Without a history the page depends on the input only.
        assert_eq!(none, run(&["--no-store"]));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn iac_and_detect_write_html_too() {
        let iac = cloudward(&[
            "iac",
            "../../tests/fixtures/iac/terraform/ec2_secure",
            "--format",
            "html",
            "--fail-on",
            "none",
            "--no-store",
        ]);
        assert_eq!(code(&iac), 0, "stderr: {}", stderr(&iac));
        let page = stdout(&iac);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("<section id=\"findings\">"));

        let detect = cloudward(&[
            "detect",
            "tests/fixtures/detect/trail",
            "--format",
            "html",
            "--no-store",
        ]);
        assert!(code(&detect) <= 1, "stderr: {}", stderr(&detect));
        let page = stdout(&detect);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("<section id=\"alerts\""));
        assert!(!page.contains("<section id=\"findings\">"));
        // The same alerts as the JSON output.
        let json = cloudward(&[
            "detect",
            "tests/fixtures/detect/trail",
            "--format",
            "json",
            "--no-store",
        ]);
        let doc: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
        let n = doc["alerts"].as_array().unwrap().len();
        assert!(n > 0);
        assert!(
            page.contains(&format!("data-alerts=\"{n}\"")),
            "{n} alerts expected"
        );
    }
}
