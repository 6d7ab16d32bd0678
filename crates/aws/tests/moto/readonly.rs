//! Read-only proof: moto records every request of a full collection, and every one of them is
//! a read.
//!
//! The recording (`/moto-api/recorder/download-recording`) is one JSON object per line with
//! `method`, `url`, `headers`, `body` and `body_encoded` (base64 when true). The action is
//! recovered per protocol: `X-Amz-Target` for the JSON protocols (CloudTrail, Config), the
//! `Action=` form field for the query protocols (IAM, EC2, STS), and the HTTP method for the
//! REST protocols (S3, S3 Control, GuardDuty, Security Hub, Access Analyzer), where a read is a
//! GET or HEAD. The service comes from the SigV4 credential scope in `Authorization`.

use aws_smithy_types::base64;

use crate::provision::{self, REGIONS};
use crate::server::Moto;
use crate::support;

/// One recorded request, reduced to what the proof needs.
#[derive(Debug)]
pub(crate) struct Call {
    pub service: String,
    pub method: String,
    pub action: String,
    pub url: String,
}

fn header<'a>(headers: &'a serde_json::Value, name: &str) -> Option<&'a str> {
    headers
        .as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| v.as_str())
}

pub(crate) fn parse(recording: &str) -> Vec<Call> {
    recording
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, line)| {
            let entry: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("recording line {}: not JSON ({e}): {line}", n + 1));
            let headers = &entry["headers"];
            let method = entry["method"].as_str().unwrap_or_default().to_string();
            let url = entry["url"].as_str().unwrap_or_default().to_string();
            let body_text = entry["body"].as_str().unwrap_or_default();
            let body = if entry["body_encoded"].as_bool() == Some(true) {
                let bytes = base64::decode(body_text)
                    .unwrap_or_else(|e| panic!("recording line {}: bad base64 body: {e}", n + 1));
                String::from_utf8_lossy(&bytes).into_owned()
            } else {
                body_text.to_string()
            };
            // `Credential=AKID/20261123/us-east-1/s3/aws4_request`
            let service = header(headers, "Authorization")
                .and_then(|auth| auth.split("Credential=").nth(1))
                .and_then(|scope| scope.split('/').nth(3))
                .unwrap_or("unsigned")
                .to_string();
            let form_action = body
                .split('&')
                .find_map(|kv| kv.strip_prefix("Action="))
                .or_else(|| {
                    url.split(['?', '&'])
                        .find_map(|kv| kv.strip_prefix("Action="))
                });
            let action = if let Some(target) = header(headers, "X-Amz-Target") {
                target.rsplit('.').next().unwrap_or(target).to_string()
            } else if let Some(action) = form_action {
                action.to_string()
            } else {
                format!("{method} (REST)")
            };
            Call {
                service,
                method,
                action,
                url,
            }
        })
        .collect()
}

const READ_PREFIXES: &[&str] = &["Describe", "Get", "List", "Head", "Lookup", "BatchGet"];
/// Not a read by name, but changes no configuration: AWS requires it before
/// `GetCredentialReport`.
const ALLOWED_OTHERS: &[&str] = &["GenerateCredentialReport"];

pub(crate) fn is_read_only(call: &Call) -> bool {
    if call.action.ends_with("(REST)") {
        // Some REST reads are POSTs (account:GetAlternateContact, inspector2:ListFindings,
        // securityhub:GetEnabledStandards): a POST passes only when its path names a read.
        let (_, operation) = operation(call);
        return call.method == "GET"
            || call.method == "HEAD"
            || (call.method == "POST" && READ_PREFIXES.iter().any(|p| operation.starts_with(p)));
    }
    READ_PREFIXES.iter().any(|p| call.action.starts_with(p))
        || ALLOWED_OTHERS.contains(&call.action.as_str())
}

/// The IAM action prefix (the SigV4 signing name) and the API operation of a call; REST calls
/// are named from their path as the fault proxy names them.
pub(crate) fn operation(call: &Call) -> (String, String) {
    if !call.action.ends_with("(REST)") {
        return (call.service.clone(), call.action.clone());
    }
    let path_and_query = call
        .url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("/");
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let wire = if call.service == "s3" && path.starts_with("/v20180820/") {
        "s3control"
    } else {
        call.service.as_str()
    };
    (
        call.service.clone(),
        crate::faults::rest_api(wire, &call.method, path, query),
    )
}

/// Whether the registry lists `prefix:operation` (sts:GetCallerIdentity needs no permission).
pub(crate) fn declared(prefix: &str, operation: &str) -> bool {
    use cloudward_aws::registry::{ACCOUNT_APIS, SERVICES};
    // Signing names that differ from the IAM prefix.
    let prefix = match prefix {
        "monitoring" => "cloudwatch",
        other => other,
    };
    (prefix, operation) == ("sts", "GetCallerIdentity")
        || SERVICES
            .iter()
            .flat_map(|s| s.apis)
            .chain(ACCOUNT_APIS)
            .any(|api| api.operation == operation && api.action.split(':').next() == Some(prefix))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_collection_makes_only_read_only_calls() {
    let moto = Moto::start();
    // The demo account has both postures' resource shapes (MFA devices, groups, roles,
    // hardened buckets, flow logs), so every collector path is exercised.
    provision::demo_account(&moto).await;
    moto.start_recording().await;
    let inventory = support::collect(&moto, &REGIONS).await;
    let recording = moto.stop_recording().await;
    let calls = parse(&recording);

    // The recorder saw the scan: every service was called, and many requests were made.
    assert!(
        calls.len() > 50,
        "only {} requests recorded; is the recorder on?",
        calls.len()
    );
    let services: std::collections::BTreeSet<&str> =
        calls.iter().map(|c| c.service.as_str()).collect();
    // Every registered service was called (by its signing name, the IAM prefix), except the
    // ones moto does not implement: its recorder never sees their requests.
    // CloudWatch: the SDK speaks RPC v2 CBOR, which moto 5.2.5 answers with HTML 404 before
    // its recorder sees the request.
    const NOT_IN_MOTO: &[&str] = &["access-analyzer", "cloudwatch"];
    let expected = cloudward_aws::registry::SERVICES
        .iter()
        .filter_map(|s| s.apis.first()?.action.split(':').next())
        .filter(|prefix| !NOT_IN_MOTO.contains(prefix))
        .chain(["sts"]);
    for expected in expected {
        assert!(
            services.contains(expected),
            "no {expected} request in the recording; services seen: {services:?}"
        );
    }
    assert!(!inventory.resources.is_empty());

    let actions: std::collections::BTreeSet<String> = calls
        .iter()
        .map(|c| format!("{}:{}", c.service, c.action))
        .collect();
    eprintln!(
        "{} requests, {} distinct actions: {actions:?}",
        calls.len(),
        actions.len()
    );
    let undeclared: Vec<String> = calls
        .iter()
        .filter_map(|c| {
            let (prefix, operation) = operation(c);
            (!declared(&prefix, &operation)).then(|| format!("  {prefix}:{operation} ({})", c.url))
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(
        undeclared.is_empty(),
        "the scan called operations the service registry does not list, so `cloudward \
         permissions` and the README's policy would not allow them:\n{}",
        undeclared.join("\n")
    );
    let writes: Vec<&Call> = calls.iter().filter(|c| !is_read_only(c)).collect();
    assert!(
        writes.is_empty(),
        "the collection made {} non-read-only call(s):\n{}",
        writes.len(),
        writes
            .iter()
            .map(|c| format!("  {} {} {} {}", c.service, c.action, c.method, c.url))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_classifier_rejects_writes_in_every_protocol() {
    let lines = [
        // query protocol (EC2) with a mutating action
        r#"{"method":"POST","url":"http://127.0.0.1/","headers":{"Authorization":"AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/ec2/aws4_request"},"body":"Action=AuthorizeSecurityGroupIngress&Version=2016-11-15","body_encoded":false}"#,
        // JSON protocol (CloudTrail)
        r#"{"method":"POST","url":"http://127.0.0.1/","headers":{"X-Amz-Target":"com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.StopLogging"},"body":"{}","body_encoded":false}"#,
        // REST (S3) PUT
        r#"{"method":"PUT","url":"http://127.0.0.1/bucket?policy","headers":{},"body":"","body_encoded":false}"#,
        // base64 body with a read
        r#"{"method":"POST","url":"http://127.0.0.1/","headers":{},"body":"QWN0aW9uPUxpc3RVc2VycyZWZXJzaW9uPTIwMTAtMDUtMDg=","body_encoded":true}"#,
        // REST POST (Security Hub): the import `scan --to-security-hub` makes is a write, the
        // read it plans with is not (issue 11)
        r#"{"method":"POST","url":"http://127.0.0.1/findings/import","headers":{"Authorization":"AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/securityhub/aws4_request"},"body":"{}","body_encoded":false}"#,
        r#"{"method":"POST","url":"http://127.0.0.1/findings","headers":{"Authorization":"AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/securityhub/aws4_request"},"body":"{}","body_encoded":false}"#,
    ];
    let calls = parse(&lines.join("\n"));
    let verdicts: Vec<bool> = calls.iter().map(is_read_only).collect();
    assert_eq!(
        verdicts,
        [false, false, false, true, false, true],
        "{calls:?}"
    );
    assert_eq!(calls[0].service, "ec2");
    assert_eq!(calls[3].action, "ListUsers");
}
