//! `cloudward watch` through the binary against moto: the first judgement is printed and
//! recorded, and SIGTERM stops it cleanly (exit 0, the history readable).

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use super::security_hub::{command, Moto};

#[test]
fn watch_judges_prints_records_and_stops_cleanly_on_sigterm() {
    let moto = Moto::start();
    let store = std::env::temp_dir().join(format!(
        "cloudward-cli-watch-{}.sqlite3",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&store);
    let mut child = command(
        &moto,
        &[
            "watch",
            "--region",
            "us-east-1",
            "--service",
            "ec2",
            "--every",
            "1h",
            "--format",
            "json",
        ],
    )
    .env("CLOUDWARD_STORE", &store)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let started = Instant::now();
    let judged = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(120).saturating_sub(started.elapsed()))
            .expect("a judgement within 120 s");
        let v: serde_json::Value = serde_json::from_str(&line).expect("JSON lines");
        if v["event"] == "judged" {
            break v;
        }
    };
    assert_eq!(judged["trigger"], "scheduled scan");
    assert!(judged["run"].as_i64().is_some(), "{judged}");
    assert!(judged["failing"].as_u64().is_some(), "{judged}");

    // SIGTERM while it waits for the next scan: a clean stop.
    let pid = child.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
    assert!(stderr.contains("stopped: 1 full scans"), "{stderr}");

    let history = std::process::Command::new(env!("CARGO_BIN_EXE_cloudward"))
        .args(["history", "--format", "json"])
        .env("CLOUDWARD_STORE", &store)
        .output()
        .unwrap();
    assert_eq!(history.status.code(), Some(0));
    let runs: serde_json::Value = serde_json::from_slice(&history.stdout).unwrap();
    let text = runs.to_string();
    assert!(
        text.contains("123456789012"),
        "the watch's run is recorded: {text}"
    );
    assert_eq!(
        text.matches("\"target\"").count(),
        1,
        "exactly one run: {text}"
    );
    let _ = std::fs::remove_file(&store);
}

#[test]
fn watch_refuses_a_bad_interval() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cloudward"))
        .args(["watch", "--every", "5s"])
        .env("CLOUDWARD_STORE", super::scratch_store())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("30m, 1h or 1d"));
}

/// A finding that was suppressed in the last recorded run and fails now (the suppression was
/// dropped from the settings) is a regression: the watch prints it and notifies it.
#[test]
fn watch_notifies_what_got_worse_since_the_last_run() {
    let moto = Moto::start();
    let dir =
        std::env::temp_dir().join(format!("cloudward-cli-watch-notify-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = dir.join("history.sqlite3");
    let rule = "vpc-default-security-group-restricts-all-traffic";
    let accepted = dir.join("accepted.toml");
    std::fs::write(
        &accepted,
        format!(
            "[[suppressions]]\nrule = \"{rule}\"\nresource = \"*\"\nreason = \"lab account\"\nowner = \"platform\"\n"
        ),
    )
    .unwrap();
    let (port, got) = super::notify::server(vec![]);
    let notifying = dir.join("notify.toml");
    std::fs::write(
        &notifying,
        "[[notifications]]\nkind = \"webhook\"\nname = \"siem\"\nurl_env = \"CLOUDWARD_TEST_WEBHOOK_URL\"\nmin_severity = \"info\"\n",
    )
    .unwrap();
    let url = format!("http://127.0.0.1:{port}/hook");
    let common = ["--region", "us-east-1", "--service", "ec2", "--rule", rule];

    let mut scan_args = vec!["scan", "--fail-on", "none", "--config"];
    scan_args.push(accepted.to_str().unwrap());
    scan_args.extend(common);
    let scan = command(&moto, &scan_args)
        .env("CLOUDWARD_STORE", &store)
        .output()
        .unwrap();
    assert_eq!(
        scan.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&scan.stderr)
    );
    assert!(
        String::from_utf8_lossy(&scan.stdout).contains("suppressed"),
        "the baseline run holds the accepted risk: {}",
        String::from_utf8_lossy(&scan.stdout)
    );

    let mut watch_args = vec!["watch", "--max-judgements", "1", "--config"];
    watch_args.push(notifying.to_str().unwrap());
    watch_args.extend(common);
    let watch = command(&moto, &watch_args)
        .env("CLOUDWARD_STORE", &store)
        .env("CLOUDWARD_TEST_WEBHOOK_URL", &url)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&watch.stdout);
    assert_eq!(
        watch.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&watch.stderr)
    );
    assert!(stdout.contains("WORSE (regressed) ["), "{stdout}");
    assert!(stdout.contains(rule), "{stdout}");
    let received = got.lock().unwrap().clone();
    assert_eq!(received.len(), 1, "one delivery: {received:?}");
    let body = received[0].json();
    assert_eq!(body["notifications"][0]["change"], "regressed", "{body}");
    assert_eq!(body["notifications"][0]["rule_id"], rule, "{body}");
    let _ = std::fs::remove_dir_all(&dir);
}
