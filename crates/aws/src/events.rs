//! CloudTrail management events, delivered by an EventBridge rule to an SQS queue: what
//! `cloudward watch` reads between full scans to learn what changed, so that it re-collects
//! only the services (and, for S3, the buckets) the events name.
//!
//! The message body is the EventBridge envelope of a CloudTrail event
//! (`"detail-type": "AWS API Call via CloudTrail"`), as an EventBridge rule with an SQS target
//! delivers it. Which services an event concerns is derived from the service registry: a
//! service's collector is re-run for every event source whose IAM prefix appears among the
//! calls it makes (an S3 event re-collects S3 and every service that reads buckets). So the
//! mapping cannot fall behind the collectors.
//!
//! Events that cannot have changed anything are ignored with the reason: read-only calls,
//! calls that failed (`errorCode`), data events, events of another account.

use std::collections::BTreeSet;

use aws_config::SdkConfig;
use serde_json::Value;

use crate::registry::{Scope, SERVICES};

/// A message body larger than this is refused unread (SQS's own limit is 256 KiB).
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024;

/// An event that may have changed the account, and what to re-collect for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// CloudTrail's event id (for de-duplication: SQS may deliver a message twice).
    pub event_id: String,
    /// The API call (`AuthorizeSecurityGroupIngress`).
    pub event_name: String,
    /// The service host (`ec2.amazonaws.com`).
    pub event_source: String,
    /// The account the call was made in.
    pub account: Option<String>,
    /// The region the call was made in.
    pub region: Option<String>,
    /// Registry services whose collectors read what the event may have changed.
    pub services: Vec<&'static str>,
    /// For S3: the bucket the call named, so only that bucket is re-read.
    pub bucket: Option<String>,
    /// Who made the call (the caller's ARN), for the log line.
    pub actor: Option<String>,
}

impl Change {
    /// One line for logs: `ec2:AuthorizeSecurityGroupIngress in eu-west-1 by arn:...`.
    pub fn describe(&self) -> String {
        let prefix = self
            .event_source
            .strip_suffix(".amazonaws.com")
            .unwrap_or(&self.event_source);
        let mut s = format!("{prefix}:{}", self.event_name);
        if let Some(region) = &self.region {
            s.push_str(" in ");
            s.push_str(region);
        }
        if let Some(bucket) = &self.bucket {
            s.push_str(" on bucket ");
            s.push_str(bucket);
        }
        if let Some(actor) = &self.actor {
            s.push_str(" by ");
            s.push_str(actor);
        }
        s
    }
}

/// What a message body holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// A change to re-collect.
    Change(Change),
    /// An event that cannot have changed anything cloudward judges, and why.
    Ignored(String),
}

/// The IAM action prefix CloudTrail names differently in `eventSource`.
fn prefix_of_source(event_source: &str) -> &str {
    let host = event_source
        .strip_suffix(".amazonaws.com")
        .unwrap_or(event_source);
    match host {
        // CloudWatch's API host is `monitoring`.
        "monitoring" => "cloudwatch",
        other => other,
    }
}

/// The registry services to re-collect after a call to `event_source`: those whose
/// collectors call an API with that event source's IAM prefix.
pub fn services_for_source(event_source: &str) -> Vec<&'static str> {
    let prefix = prefix_of_source(event_source);
    SERVICES
        .iter()
        .filter(|s| {
            s.apis
                .iter()
                .any(|api| api.action.split(':').next() == Some(prefix))
        })
        .map(|s| s.name)
        .collect()
}

/// Whether the service is collected once per run rather than per region.
pub fn is_global(service: &str) -> bool {
    SERVICES
        .iter()
        .any(|s| s.name == service && s.scope == Scope::Global)
}

/// Read-only calls by name, for events that do not carry `readOnly`.
fn reads_only(event_name: &str) -> bool {
    [
        "Get", "List", "Describe", "Head", "Lookup", "Search", "BatchGet", "Check",
    ]
    .iter()
    .any(|p| event_name.starts_with(p))
}

fn str_at<'a>(v: &'a Value, pointer: &str) -> Option<&'a str> {
    v.pointer(pointer).and_then(Value::as_str)
}

/// Parse one SQS message body. `account` is the watched account: events of another account
/// (a queue shared across an organization) are ignored.
pub fn parse_event(body: &str, account: Option<&str>) -> Result<Parsed, String> {
    if body.len() > MAX_MESSAGE_BYTES {
        return Err(format!(
            "{} bytes is over the {MAX_MESSAGE_BYTES}-byte limit for an event message",
            body.len()
        ));
    }
    let v: Value = serde_json::from_str(body).map_err(|e| format!("not JSON: {e}"))?;
    // An SNS topic between EventBridge and the queue wraps the event.
    if v.get("Type").and_then(Value::as_str) == Some("Notification") {
        let inner = v
            .get("Message")
            .and_then(Value::as_str)
            .ok_or("SNS notification without a Message string")?;
        return parse_event(inner, account);
    }
    let detail_type = v
        .get("detail-type")
        .and_then(Value::as_str)
        .ok_or("no detail-type: not an EventBridge event")?;
    if detail_type != "AWS API Call via CloudTrail" {
        return Ok(Parsed::Ignored(format!(
            "{detail_type:?} is not a CloudTrail API call"
        )));
    }
    let detail = v.get("detail").ok_or("EventBridge event without detail")?;
    let event_name = str_at(detail, "/eventName")
        .ok_or("CloudTrail event without eventName")?
        .to_owned();
    let event_source = str_at(detail, "/eventSource")
        .ok_or("CloudTrail event without eventSource")?
        .to_owned();
    let event_account = v
        .get("account")
        .and_then(Value::as_str)
        .or_else(|| str_at(detail, "/recipientAccountId"))
        .map(str::to_owned);
    if let (Some(watched), Some(theirs)) = (account, event_account.as_deref()) {
        if watched != theirs {
            return Ok(Parsed::Ignored(format!(
                "event of account {theirs}, not the watched {watched}"
            )));
        }
    }
    if detail.get("readOnly").and_then(Value::as_bool) == Some(true) || reads_only(&event_name) {
        return Ok(Parsed::Ignored(format!("{event_name} only reads")));
    }
    if let Some(code) = str_at(detail, "/errorCode") {
        return Ok(Parsed::Ignored(format!(
            "{event_name} failed ({code}): nothing changed"
        )));
    }
    if detail.get("managementEvent").and_then(Value::as_bool) == Some(false) {
        return Ok(Parsed::Ignored(format!("{event_name} is a data event")));
    }
    let services = services_for_source(&event_source);
    if services.is_empty() {
        return Ok(Parsed::Ignored(format!(
            "cloudward collects nothing from {event_source}"
        )));
    }
    let bucket = (prefix_of_source(&event_source) == "s3")
        .then(|| str_at(detail, "/requestParameters/bucketName"))
        .flatten()
        .filter(|b| !b.is_empty())
        .map(str::to_owned);
    Ok(Parsed::Change(Change {
        event_id: str_at(detail, "/eventID")
            .or_else(|| v.get("id").and_then(Value::as_str))
            .unwrap_or_default()
            .to_owned(),
        event_name,
        event_source,
        account: event_account,
        region: v
            .get("region")
            .and_then(Value::as_str)
            .or_else(|| str_at(detail, "/awsRegion"))
            .map(str::to_owned),
        services,
        bucket,
        actor: str_at(detail, "/userIdentity/arn").map(str::to_owned),
    }))
}

/// What to re-collect for a batch of changes: per service, the regions (none for a global
/// service) and, for S3, the buckets (`None`: all of them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recollect {
    /// `(service, region)` pairs; the region is `None` for global services.
    pub targets: BTreeSet<(&'static str, Option<String>)>,
    /// Buckets S3 must re-read; `None` when some S3 event named no bucket (re-read all).
    pub buckets: Option<BTreeSet<String>>,
}

impl Recollect {
    /// The union of what `changes` need, limited to the watched `regions`.
    pub fn from_changes<'a>(
        changes: impl IntoIterator<Item = &'a Change>,
        regions: &[String],
    ) -> Recollect {
        let mut out = Recollect {
            targets: BTreeSet::new(),
            buckets: Some(BTreeSet::new()),
        };
        for change in changes {
            for &service in &change.services {
                if is_global(service) {
                    out.targets.insert((service, None));
                } else if let Some(region) = &change.region {
                    if regions.iter().any(|r| r == region) {
                        out.targets.insert((service, Some(region.clone())));
                    }
                }
                if service == "s3" {
                    match (&change.bucket, &mut out.buckets) {
                        (Some(bucket), Some(set)) => {
                            set.insert(bucket.clone());
                        }
                        (None, buckets) => *buckets = None,
                        (Some(_), None) => {}
                    }
                }
            }
        }
        if !out.targets.iter().any(|(s, _)| *s == "s3") {
            out.buckets = None;
        }
        out
    }

    /// Nothing to do.
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }
}

/// Why the event queue could not be read.
#[derive(Debug, thiserror::Error)]
#[error("sqs:{operation} on {queue} failed: {message}")]
pub struct QueueError {
    /// `ReceiveMessage` or `DeleteMessage`.
    pub operation: &'static str,
    /// Queue URL.
    pub queue: String,
    /// The SDK error with its context.
    pub message: String,
}

/// One message taken from the queue.
#[derive(Debug, Clone)]
pub struct QueuedMessage {
    /// SQS's message id.
    pub id: String,
    /// The body.
    pub body: String,
    /// The handle that deletes it.
    pub receipt: Option<String>,
}

/// The SQS queue EventBridge delivers CloudTrail events to.
///
/// Its only calls are `sqs:ReceiveMessage` and `sqs:DeleteMessage` on that queue: deleting a
/// message the watch has acted on is the one write it makes, on the queue the user gave it.
#[derive(Debug, Clone)]
pub struct EventQueue {
    sqs: aws_sdk_sqs::Client,
    url: String,
}

impl EventQueue {
    /// The queue at `url`, reached with `config` (its region should be the queue's).
    pub fn new(config: &SdkConfig, url: &str) -> EventQueue {
        EventQueue {
            sqs: crate::config::sqs_long_poll_client(config),
            url: url.to_owned(),
        }
    }

    /// The queue URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Up to 10 messages, waiting up to `wait_seconds` (0-20) for the first.
    pub async fn receive(&self, wait_seconds: i32) -> Result<Vec<QueuedMessage>, QueueError> {
        let out = self
            .sqs
            .receive_message()
            .queue_url(&self.url)
            .max_number_of_messages(10)
            .wait_time_seconds(wait_seconds.clamp(0, 20))
            .send()
            .await
            .map_err(|e| QueueError {
                operation: "ReceiveMessage",
                queue: self.url.clone(),
                message: crate::logs::sdk_message(&e),
            })?;
        Ok(out
            .messages()
            .iter()
            .map(|m| QueuedMessage {
                id: m.message_id().unwrap_or("?").to_owned(),
                body: m.body().unwrap_or_default().to_owned(),
                receipt: m.receipt_handle().map(str::to_owned),
            })
            .collect())
    }

    /// Delete a message that was acted on.
    pub async fn delete(&self, receipt: &str) -> Result<(), QueueError> {
        self.sqs
            .delete_message()
            .queue_url(&self.url)
            .receipt_handle(receipt)
            .send()
            .await
            .map_err(|e| QueueError {
                operation: "DeleteMessage",
                queue: self.url.clone(),
                message: crate::logs::sdk_message(&e),
            })?;
        Ok(())
    }
}

/// The region in an SQS queue URL (`https://sqs.eu-west-1.amazonaws.com/...`), when it has one.
pub fn queue_region(url: &str) -> Option<String> {
    let host = url.split("://").nth(1)?.split('/').next()?;
    let mut parts = host.split('.');
    match (parts.next(), parts.next()) {
        (Some("sqs"), Some(region)) if region.contains('-') => Some(region.to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(source: &str, name: &str, extra: &str) -> String {
        format!(
            r#"{{"version":"0","id":"e-1","detail-type":"AWS API Call via CloudTrail",
            "source":"aws.{}","account":"123456789012","region":"eu-west-1",
            "detail":{{"eventID":"ct-1","eventSource":"{source}","eventName":"{name}",
            "awsRegion":"eu-west-1","userIdentity":{{"arn":"arn:aws:iam::123456789012:user/alice"}}{extra}}}}}"#,
            source.split('.').next().unwrap_or_default()
        )
    }

    fn change(body: &str) -> Change {
        match parse_event(body, Some("123456789012")).expect("parses") {
            Parsed::Change(c) => c,
            Parsed::Ignored(why) => panic!("ignored: {why}"),
        }
    }

    #[test]
    fn a_security_group_change_re_collects_ec2_in_its_region() {
        let c = change(&event(
            "ec2.amazonaws.com",
            "AuthorizeSecurityGroupIngress",
            r#","requestParameters":{"groupId":"sg-1"}"#,
        ));
        assert!(c.services.contains(&"ec2"), "{:?}", c.services);
        assert_eq!(c.region.as_deref(), Some("eu-west-1"));
        assert_eq!(c.event_id, "ct-1");
        let r = Recollect::from_changes([&c], &["eu-west-1".to_string()]);
        assert!(r.targets.contains(&("ec2", Some("eu-west-1".into()))));
        assert!(c.describe().contains("ec2:AuthorizeSecurityGroupIngress in eu-west-1 by arn:aws:iam::123456789012:user/alice"));
    }

    #[test]
    fn a_bucket_policy_names_its_bucket_and_s3_is_global() {
        let c = change(&event(
            "s3.amazonaws.com",
            "PutBucketPolicy",
            r#","requestParameters":{"bucketName":"data"}"#,
        ));
        assert_eq!(c.bucket.as_deref(), Some("data"));
        let r = Recollect::from_changes([&c], &["eu-west-1".to_string()]);
        assert!(r.targets.contains(&("s3", None)));
        assert_eq!(r.buckets, Some(BTreeSet::from(["data".to_string()])));
        // An S3 event without a bucket (the account's public access block) re-reads all.
        let all = change(&event(
            "s3.amazonaws.com",
            "PutAccountPublicAccessBlock",
            "",
        ));
        let r = Recollect::from_changes([&c, &all], &["eu-west-1".to_string()]);
        assert_eq!(r.buckets, None);
    }

    #[test]
    fn events_that_change_nothing_are_ignored_with_the_reason() {
        let read = parse_event(&event("ec2.amazonaws.com", "DescribeInstances", ""), None);
        assert!(matches!(read, Ok(Parsed::Ignored(ref why)) if why.contains("only reads")));
        let failed = parse_event(
            &event(
                "ec2.amazonaws.com",
                "RunInstances",
                r#","errorCode":"Client.UnauthorizedOperation""#,
            ),
            None,
        );
        assert!(matches!(failed, Ok(Parsed::Ignored(ref why)) if why.contains("failed")));
        let other = parse_event(
            &event("ec2.amazonaws.com", "RunInstances", ""),
            Some("999999999999"),
        );
        assert!(
            matches!(other, Ok(Parsed::Ignored(ref why)) if why.contains("999999999999") || why.contains("123456789012"))
        );
        let unknown = parse_event(&event("chime.amazonaws.com", "CreateMeeting", ""), None);
        assert!(
            matches!(unknown, Ok(Parsed::Ignored(ref why)) if why.contains("collects nothing"))
        );
        let sign_in = r#"{"detail-type":"AWS Console Sign In via CloudTrail","detail":{}}"#;
        assert!(matches!(parse_event(sign_in, None), Ok(Parsed::Ignored(_))));
    }

    #[test]
    fn hostile_messages_are_errors_not_panics() {
        assert!(parse_event("not json", None).is_err());
        assert!(parse_event("{}", None).is_err());
        assert!(parse_event(&"[".repeat(10_000), None).is_err());
        let big = format!("{{\"x\":\"{}\"}}", "a".repeat(MAX_MESSAGE_BYTES));
        assert!(parse_event(&big, None)
            .expect_err("too big")
            .contains("limit"));
        let no_name = r#"{"detail-type":"AWS API Call via CloudTrail","detail":{"eventSource":"ec2.amazonaws.com"}}"#;
        assert!(parse_event(no_name, None).is_err());
    }

    #[test]
    fn an_sns_wrapped_event_is_unwrapped() {
        let inner = event("iam.amazonaws.com", "AttachRolePolicy", "");
        let wrapped = serde_json::json!({"Type": "Notification", "Message": inner}).to_string();
        let c = change(&wrapped);
        assert!(c.services.contains(&"iam"));
        let r = Recollect::from_changes([&c], &[]);
        assert!(r.targets.contains(&("iam", None)), "IAM is global: {r:?}");
    }

    #[test]
    fn every_collected_service_is_reachable_from_some_event_source() {
        for service in SERVICES {
            let reachable = service.apis.iter().any(|api| {
                let prefix = api.action.split(':').next().unwrap_or_default();
                let source = if prefix == "cloudwatch" {
                    "monitoring.amazonaws.com".to_string()
                } else {
                    format!("{prefix}.amazonaws.com")
                };
                services_for_source(&source).contains(&service.name)
            });
            assert!(
                reachable,
                "{} is not re-collected by any event",
                service.name
            );
        }
        assert!(services_for_source("monitoring.amazonaws.com").contains(&"cloudwatch"));
    }

    #[test]
    fn queue_urls_name_their_region() {
        assert_eq!(
            queue_region("https://sqs.eu-west-1.amazonaws.com/123456789012/q").as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(queue_region("http://127.0.0.1:5000/123456789012/q"), None);
    }
}
