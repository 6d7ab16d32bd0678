//! Retries against a scripted Security Hub (a local HTTP server we start): moto never throttles
//! and never fails a finding with a retryable code, so these paths need canned answers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_securityhub::types::AwsSecurityFinding;
use cloudward_respond::{import, ImportOptions, Plan, RegionPlan};

/// Answers requests in order with `(status, body)` pairs; records each request body.
struct Scripted {
    port: u16,
    bodies: Arc<Mutex<Vec<String>>>,
}

impl Scripted {
    fn start(answers: Vec<(u16, String)>) -> Scripted {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("an address").port();
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&bodies);
        std::thread::spawn(move || {
            for (status, body) in answers {
                let Ok((stream, _)) = listener.accept() else {
                    return;
                };
                let mut reader = BufReader::new(stream);
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        break;
                    }
                    let lower = line.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut request = vec![0; length];
                if reader.read_exact(&mut request).is_err() {
                    return;
                }
                seen.lock()
                    .expect("not poisoned")
                    .push(String::from_utf8_lossy(&request).into_owned());
                let reason = if status == 200 { "OK" } else { "Error" };
                let error_type = if status == 200 {
                    String::new()
                } else {
                    "x-amzn-ErrorType: ThrottlingException\r\n".to_string()
                };
                let response = format!(
                    "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n{error_type}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let mut stream = reader.into_inner();
                let _ = stream.write_all(response.as_bytes());
            }
        });
        Scripted { port, bodies }
    }

    fn requests(&self) -> Vec<serde_json::Value> {
        self.bodies
            .lock()
            .expect("not poisoned")
            .iter()
            .map(|b| serde_json::from_str(b).expect("a JSON request body"))
            .collect()
    }
}

fn finding(id: &str) -> AwsSecurityFinding {
    AwsSecurityFinding::builder()
        .schema_version("2018-10-08")
        .id(id)
        .product_arn("arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default")
        .build()
}

fn plan(ids: &[&str]) -> Plan {
    let mut plan = Plan::default();
    plan.regions.insert(
        "eu-west-1".into(),
        RegionPlan {
            import: ids.iter().map(|id| finding(id)).collect(),
            ..Default::default()
        },
    );
    plan
}

async fn config(port: u16) -> cloudward_aws::SdkConfig {
    crate::server::init_env();
    cloudward_aws::sdk_config(&cloudward_aws::CollectOptions {
        regions: vec!["eu-west-1".into()],
        endpoint_url: Some(format!("http://127.0.0.1:{port}")),
        ..Default::default()
    })
    .await
}

fn ok(failed: &[(&str, &str)]) -> (u16, String) {
    let failed: Vec<serde_json::Value> = failed
        .iter()
        .map(|(id, code)| serde_json::json!({"Id": id, "ErrorCode": code, "ErrorMessage": "scripted"}))
        .collect();
    (
        200,
        serde_json::json!({"FailedCount": failed.len(), "SuccessCount": 0, "FailedFindings": failed})
            .to_string(),
    )
}

fn ids(request: &serde_json::Value) -> Vec<String> {
    request["Findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["Id"].as_str().expect("an id").to_string())
        .collect()
}

fn options() -> ImportOptions {
    ImportOptions {
        retry_backoff: Duration::from_millis(10),
        ..Default::default()
    }
}

#[test]
fn retryable_failed_findings_are_resent_and_the_others_reported() {
    crate::block_on(async {
        let server = Scripted::start(vec![
            ok(&[("a", "ThrottlingException"), ("b", "InvalidInput")]),
            ok(&[]),
        ]);
        let summary = import(
            &config(server.port).await,
            &plan(&["a", "b", "c"]),
            &options(),
        )
        .await;
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(ids(&requests[0]), ["a", "b", "c"]);
        assert_eq!(ids(&requests[1]), ["a"], "only the retryable one is resent");
        assert_eq!(summary.calls, 2);
        assert_eq!(summary.imported, 2);
        assert_eq!(summary.failed.len(), 1);
        assert_eq!(
            (
                summary.failed[0].id.as_str(),
                summary.failed[0].code.as_str()
            ),
            ("b", "InvalidInput")
        );
    });
}

#[test]
fn a_finding_throttled_on_every_attempt_is_reported_after_four() {
    crate::block_on(async {
        let throttled = || ok(&[("a", "ThrottlingException")]);
        let server = Scripted::start(vec![throttled(), throttled(), throttled(), throttled()]);
        let summary = import(&config(server.port).await, &plan(&["a"]), &options()).await;
        assert_eq!(server.requests().len(), 4);
        assert_eq!(summary.imported, 0);
        assert_eq!(summary.failed.len(), 1);
        assert!(
            summary.failed[0].message.contains("after 4 attempts"),
            "{}",
            summary.describe()
        );
    });
}

#[test]
fn a_throttled_call_is_retried_by_the_sdk() {
    crate::block_on(async {
        let server = Scripted::start(vec![
            (
                400,
                r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#.into(),
            ),
            ok(&[]),
        ]);
        let summary = import(&config(server.port).await, &plan(&["a", "b"]), &options()).await;
        assert_eq!(
            server.requests().len(),
            2,
            "the SDK retried the throttled call"
        );
        assert!(summary.is_complete(), "{}", summary.describe());
        assert_eq!(summary.imported, 2);
        // One call as the import counts them: the SDK's own retry is inside it.
        assert_eq!(summary.calls, 1);
    });
}
