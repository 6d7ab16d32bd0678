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
