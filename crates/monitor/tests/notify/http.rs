//! HTTP sinks against the local server.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cloudward_model::{Finding, Severity, Status};
use cloudward_monitor::{
    changes_in_run, Change, MemoryLedger, Notification, Notifier, NotifyOptions, SinkConfig,
    SIGNATURE_HEADER, TIMESTAMP_HEADER,
};
use cloudward_store::{RunInfo, RunKind, Store};

use crate::server::{closed_port, Reply, Server};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "cloudward-notify-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A sink whose URL (and secret, when given) are in files, as a user would keep them.
fn sink(kind: &str, url: &str, secret: Option<&str>, extra: serde_json::Value) -> SinkConfig {
    let dir = temp_dir();
    let url_file = dir.join("url");
    std::fs::write(&url_file, format!("{url}\n")).expect("write url");
    let mut table = serde_json::json!({
        "kind": kind,
        "url_file": url_file.display().to_string(),
        "min_severity": "low",
    });
    let obj = table.as_object_mut().expect("object");
    if let Some(secret) = secret {
        let secret_file = dir.join("secret");
        std::fs::write(&secret_file, secret).expect("write secret");
        obj.insert(
            "secret_file".into(),
            secret_file.display().to_string().into(),
        );
    }
    for (k, v) in extra.as_object().expect("object") {
        obj.insert(k.clone(), v.clone());
    }
    SinkConfig::parse(obj).expect("a valid sink")
}

/// A notifier with one sink (see [`sink`]) and the fast test timings.
fn one_sink(kind: &str, url: &str, secret: Option<&str>, extra: serde_json::Value) -> Notifier {
    Notifier::new(&[sink(kind, url, secret, extra)], fast()).expect("notifier")
}

fn fast() -> NotifyOptions {
    // The notifier reads the environment (root certificate paths): after it is settled.
    crate::moto::init_env();
    NotifyOptions {
        deadline: Duration::from_secs(15),
        backoff_base: Duration::from_millis(20),
        backoff_cap: Duration::from_millis(100),
        retry_after_cap: Duration::from_secs(5),
        ..NotifyOptions::default()
    }
}

fn notification(resource: &str, severity: Severity) -> Notification {
    Notification {
        change: Change::New,
        severity,
        rule_id: "s3-bucket-public-access-block".into(),
        title: "S3 bucket blocks public access".into(),
        resource: format!("arn:aws:s3:::{resource}"),
        account: Some("123456789012".into()),
        region: Some("eu-west-1".into()),
        message: "BlockPublicAcls is false".into(),
        remediation: Some(
            "Turn on all four Block Public Access settings.\nCLI: aws s3api put-public-access-block --bucket <bucket>".into(),
        ),
        run: Some(2),
        fingerprint: format!("s3-bucket-public-access-block|123456789012|eu-west-1|{resource}"),
    }
}

#[test]
fn slack_gets_readable_blocks() {
    let server = Server::start(vec![]);
    let notifier = one_sink(
        "slack",
        &server.url("services/T/B/X"),
        None,
        serde_json::json!({}),
    );
    let report = notifier.send_blocking(
        &[notification("logs", Severity::High)],
        &mut MemoryLedger::default(),
    );
    assert_eq!(report.delivered(), 1, "{report:?}");
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].path, "/services/T/B/X");
    assert_eq!(got[0].header("content-type"), Some("application/json"));
    insta::assert_json_snapshot!("slack_body", got[0].json());
}

#[test]
fn teams_gets_an_adaptive_card() {
    let server = Server::start(vec![]);
    let notifier = one_sink(
        "teams",
        &server.url("workflow"),
        None,
        serde_json::json!({}),
    );
    notifier.send_blocking(
        &[notification("logs", Severity::Critical)],
        &mut MemoryLedger::default(),
    );
    let got = server.received();
    assert_eq!(got.len(), 1);
    insta::assert_json_snapshot!("teams_body", got[0].json());
}

/// How a receiver checks a webhook (docs/notifications.md), written out here with the HMAC
/// crate directly: HMAC-SHA256 keyed by the shared secret over "<timestamp>.<raw body>",
/// compared with the header, and a timestamp within five minutes.
fn verify(secret: &str, timestamp: &str, body: &[u8], header: &str) -> bool {
    use hmac::{KeyInit, Mac};
    let Some(hex) = header.strip_prefix("sha256=") else {
        return false;
    };
    let Ok(ts) = timestamp.parse::<i64>() else {
        return false;
    };
    if (chrono::Utc::now().timestamp() - ts).abs() > 300 {
        return false;
    }
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
        .expect("any key length");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    expected == hex
}

#[test]
fn the_webhook_body_is_signed_with_the_shared_secret() {
    let server = Server::start(vec![]);
    let secret = "s3cr3t-shared-with-the-receiver";
    let notifier = one_sink(
        "webhook",
        &server.url("hook"),
        Some(secret),
        serde_json::json!({"name": "siem"}),
    );
    let report = notifier.send_blocking(
        &[notification("logs", Severity::High)],
        &mut MemoryLedger::default(),
    );
    assert_eq!(report.delivered(), 1, "{report:?}");
    let got = &server.received()[0];
    let ts = got.header(TIMESTAMP_HEADER).expect("timestamp header");
    let sig = got.header(SIGNATURE_HEADER).expect("signature header");
    assert!(verify(secret, ts, &got.body, sig), "signature verifies");
    assert!(!verify("another-secret", ts, &got.body, sig));
    let mut tampered = got.body.clone();
    tampered[0] = b' ';
    assert!(!verify(secret, ts, &tampered, sig), "a changed body fails");
    let old = (ts.parse::<i64>().expect("number") - 3600).to_string();
    assert!(
        !verify(secret, &old, &got.body, sig),
        "the timestamp is signed"
    );
    let body = got.json();
    assert_eq!(body["schema_version"], 1);
    assert_eq!(body["type"], "notification");
    assert_eq!(body["sink"], "siem");
    assert_eq!(body["notifications"][0]["change"], "new");
    assert_eq!(body["notifications"][0]["severity"], "high");
    assert!(!String::from_utf8_lossy(&got.body).contains(secret));
}

#[test]
fn a_500_is_retried_until_it_succeeds() {
    let server = Server::start(vec![Reply::Status(500, vec![]), Reply::Status(503, vec![])]);
    let notifier = one_sink("webhook", &server.url("hook"), None, serde_json::json!({}));
    let report = notifier.send_blocking(
        &[notification("logs", Severity::High)],
        &mut MemoryLedger::default(),
    );
    assert_eq!(report.sinks[0].delivered, 1, "{report:?}");
    assert_eq!(report.sinks[0].attempts, 3);
    assert_eq!(server.received().len(), 3);
    assert!(report.warnings().is_empty());
}

#[test]
fn a_400_is_not_retried() {
    let server = Server::start(vec![Reply::Status(400, vec![])]);
    let notifier = one_sink("slack", &server.url("hook"), None, serde_json::json!({}));
    let report = notifier.send_blocking(
        &[notification("logs", Severity::High)],
        &mut MemoryLedger::default(),
    );
    assert_eq!(report.sinks[0].failed, 1);
    assert_eq!(server.received().len(), 1, "a bad request is not repeated");
    assert!(report.sinks[0].errors[0].contains("HTTP 400"), "{report:?}");
}

#[test]
fn a_429_waits_for_retry_after() {
    let server = Server::start(vec![Reply::Status(429, vec![("Retry-After", "1".into())])]);
    let notifier = one_sink("slack", &server.url("hook"), None, serde_json::json!({}));
    let report = notifier.send_blocking(
        &[notification("logs", Severity::High)],
        &mut MemoryLedger::default(),
    );
    assert_eq!(report.sinks[0].delivered, 1, "{report:?}");
    let got = server.received();
    assert_eq!(got.len(), 2);
    // The backoff of these options is at most 100 ms: only Retry-After explains a second.
    let gap = got[1].at.duration_since(got[0].at);
    assert!(gap >= Duration::from_millis(950), "waited {gap:?}");
}

#[test]
fn a_retry_after_over_the_cap_ends_the_attempts() {
    let server = Server::start(vec![Reply::Status(
        429,
        vec![("Retry-After", "3600".into())],
    )]);
    let notifier = one_sink("slack", &server.url("hook"), None, serde_json::json!({}));
    let started = Instant::now();
    let report = notifier.send_blocking(
        &[notification("logs", Severity::High)],
        &mut MemoryLedger::default(),
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(report.sinks[0].failed, 1);
    assert!(
        report.sinks[0].errors[0].contains("Retry-After"),
        "{report:?}"
    );
}

#[test]
fn a_sink_that_is_down_is_reported_without_its_url() {
    let token = "T0KEN-THAT-MUST-NOT-LEAK";
    let url = format!("http://127.0.0.1:{}/services/{token}", closed_port());
    let notifier = one_sink(
        "slack",
        &url,
        None,
        serde_json::json!({"name": "ops-slack"}),
    );
    let started = Instant::now();
    let batch: Vec<Notification> = (0..3)
        .map(|i| notification(&format!("b{i}"), Severity::High))
        .collect();
    let report = notifier.send_blocking(&batch, &mut MemoryLedger::default());
    assert!(started.elapsed() < Duration::from_secs(10));
    let s = &report.sinks[0];
    // One message's attempts, then the sink is given up for this batch.
    assert_eq!((s.delivered, s.failed, s.attempts), (0, 3, 4), "{report:?}");
    assert!(s.errors[1].contains("2 more not attempted"), "{report:?}");
    let warnings = report.warnings().join("\n");
    assert!(warnings.contains("ops-slack"), "{warnings}");
    assert!(!warnings.contains(token), "{warnings}");
    assert!(!format!("{report:?}{notifier:?}").contains(token));
}

#[test]
fn a_silent_sink_is_cut_off_by_the_timeout_and_the_deadline() {
    let server = Server::start(vec![Reply::Silence, Reply::Silence, Reply::Silence]);
    let notifier = Notifier::new(
        &[sink(
            "webhook",
            &server.url("hook"),
            None,
            serde_json::json!({"timeout_secs": 1}),
        )],
        NotifyOptions {
            deadline: Duration::from_secs(2),
            ..fast()
        },
    )
    .expect("notifier");
    let started = Instant::now();
    let batch: Vec<Notification> = (0..5)
        .map(|i| notification(&format!("b{i}"), Severity::High))
        .collect();
    let report = notifier.send_blocking(&batch, &mut MemoryLedger::default());
    let took = started.elapsed();
    assert!(took < Duration::from_millis(3500), "took {took:?}");
    assert!(report.deadline_reached, "{report:?}");
    assert_eq!(report.sinks[0].delivered, 0);
    assert_eq!(report.sinks[0].failed, 5);
}

#[test]
fn past_the_rate_the_rest_is_one_digest_then_nothing_that_minute() {
    let server = Server::start(vec![]);
    let notifier = one_sink(
        "webhook",
        &server.url("hook"),
        None,
        serde_json::json!({"max_per_minute": 3}),
    );
    let batch: Vec<Notification> = (0..10)
        .map(|i| {
            let sev = if i == 7 {
                Severity::Critical
            } else {
                Severity::Medium
            };
            notification(&format!("b{i}"), sev)
        })
        .collect();
    let mut ledger = MemoryLedger::default();
    let report = notifier.send_blocking(&batch, &mut ledger);
    let s = &report.sinks[0];
    assert_eq!(
        (s.messages, s.delivered, s.digested),
        (3, 10, 8),
        "{report:?}"
    );
    let got = server.received();
    assert_eq!(got.len(), 3);
    assert_eq!(
        got[0].json()["notifications"][0]["resource"],
        "arn:aws:s3:::b7",
        "the most severe goes first"
    );
    let digest = got[2].json();
    assert_eq!(digest["type"], "digest");
    assert_eq!(digest["total"], 8);
    // Within the same minute the sink's rate is used up.
    let more = [notification("late", Severity::High)];
    let report = notifier.send_blocking(&more, &mut ledger);
    assert_eq!(report.sinks[0].rate_limited, 1);
    assert_eq!(server.received().len(), 3);
    assert!(report.warnings()[0].contains("max_per_minute"));
}

#[test]
fn a_slack_digest_says_how_many_more() {
    let server = Server::start(vec![]);
    let notifier = one_sink(
        "slack",
        &server.url("hook"),
        None,
        serde_json::json!({"max_per_minute": 3}),
    );
    let batch: Vec<Notification> = (0..40)
        .map(|i| notification(&format!("bucket-{i:02}"), Severity::High))
        .collect();
    notifier.send_blocking(&batch, &mut MemoryLedger::default());
    let got = server.received();
    assert_eq!(got.len(), 3, "two single messages and the digest");
    insta::assert_json_snapshot!("slack_digest", got[2].json());
}

#[test]
fn severity_and_events_select_per_sink() {
    let server = Server::start(vec![]);
    let notifier = one_sink(
        "webhook",
        &server.url("hook"),
        None,
        serde_json::json!({"min_severity": "critical", "events": ["regressed"]}),
    );
    let mut regressed = notification("a", Severity::Critical);
    regressed.change = Change::Regressed;
    let batch = [
        notification("b", Severity::Critical), // new: not an event this sink wants
        {
            let mut n = regressed.clone();
            n.severity = Severity::High; // below critical
            n.resource = "c".into();
            n.fingerprint = "c".into();
            n
        },
        regressed,
    ];
    let report = notifier.send_blocking(&batch, &mut MemoryLedger::default());
    assert_eq!(report.delivered(), 1);
    assert_eq!(
        server.received()[0].json()["notifications"][0]["change"],
        "regressed"
    );
}

fn info(day: u32) -> RunInfo {
    use chrono::TimeZone;
    let at = chrono::Utc
        .with_ymd_and_hms(2026, 11, day, 12, 0, 0)
        .single()
        .expect("a date");
    RunInfo {
        kind: RunKind::Scan,
        target: "123456789012".into(),
        account: Some("123456789012".into()),
        regions: vec!["eu-west-1".into()],
        started_at: at,
        finished_at: at,
        tool_version: "0.1.0".into(),
        catalogue_version: "test".into(),
    }
}

fn finding(resource: &str, status: Status) -> Finding {
    let mut f = cloudward_model::test_support::finding(Severity::High, status);
    f.rule_id = "s3-bucket-public-access-block".into();
    f.resource_id = format!("arn:aws:s3:::{resource}");
    f.account = Some("123456789012".into());
    f
}

/// Records a run and sends what changed, as `scan` does; returns what the sink received.
fn run(
    store: &mut Store,
    notifier: &Notifier,
    day: u32,
    findings: &[Finding],
) -> Option<cloudward_monitor::SendReport> {
    let id = store.record(&info(day), findings, &[]).expect("record");
    let changes = changes_in_run(store, "123456789012", id, findings).expect("diff")?;
    Some(notifier.send_blocking(&changes.notifications, store))
}

#[test]
fn the_same_new_failure_in_two_runs_is_sent_once() {
    let server = Server::start(vec![]);
    let notifier = one_sink("webhook", &server.url("hook"), None, serde_json::json!({}));
    let dir = temp_dir();
    let mut store = Store::open(&dir.join("history.sqlite3")).expect("store");
    let other = finding("other", Status::Pass);
    let x = finding("x", Status::Fail);
    // 1: the baseline (nothing is new in a first run).
    assert!(run(&mut store, &notifier, 1, std::slice::from_ref(&other)).is_none());
    // 2: x fails, not judged before: new, sent.
    let r = run(&mut store, &notifier, 2, &[other.clone(), x.clone()]).expect("a previous run");
    assert_eq!(r.delivered(), 1);
    // 3: a partial run that does not judge x; 4: x is "new" again against it: not re-sent.
    run(&mut store, &notifier, 3, std::slice::from_ref(&other));
    let r = run(&mut store, &notifier, 4, &[other.clone(), x.clone()]).expect("previous");
    assert_eq!(r.delivered(), 0);
    assert_eq!(r.sinks[0].duplicates, 1);
    assert_eq!(server.received().len(), 1);
    // 5: x is fixed, which resets it; 6: it fails again: regressed, sent.
    run(
        &mut store,
        &notifier,
        5,
        &[other.clone(), finding("x", Status::Pass)],
    );
    let r = run(&mut store, &notifier, 6, &[other, x]).expect("previous");
    assert_eq!(r.delivered(), 1);
    let got = server.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].json()["notifications"][0]["change"], "regressed");
}

#[test]
fn a_batch_with_the_same_notification_twice_sends_it_once() {
    let server = Server::start(vec![]);
    let notifier = one_sink("webhook", &server.url("hook"), None, serde_json::json!({}));
    let n = notification("a", Severity::High);
    let report = notifier.send_blocking(&[n.clone(), n], &mut MemoryLedger::default());
    assert_eq!(report.delivered(), 1);
    assert_eq!(report.sinks[0].duplicates, 1);
}

#[test]
fn a_missing_secret_names_the_variable_not_a_value() {
    let options = fast();
    let err = Notifier::new(
        &[SinkConfig::parse(
            serde_json::json!({"kind": "slack", "url_env": "CLOUDWARD_TEST_NOT_SET_ANYWHERE"})
                .as_object()
                .expect("object"),
        )
        .expect("valid")],
        options,
    )
    .expect_err("unset variable");
    assert!(
        err.to_string().contains("CLOUDWARD_TEST_NOT_SET_ANYWHERE"),
        "{err}"
    );
}

#[test]
fn plain_http_to_another_host_is_refused_without_echoing_the_url() {
    let err = Notifier::new(
        &[sink(
            "slack",
            "http://hooks.example.test/services/SECRETPATH",
            None,
            serde_json::json!({}),
        )],
        fast(),
    )
    .expect_err("plain http");
    let text = err.to_string();
    assert!(text.contains("https"), "{text}");
    assert!(
        !text.contains("SECRETPATH") && !text.contains("hooks.example.test"),
        "{text}"
    );
}
