//! An organization scan spread over machines (`scan --org --work-queue`, `cloudward worker`,
//! `report --from`, issue 13) on services AWS already runs: an SQS queue holds one message
//! per account, and an S3 prefix receives each account's results.
//!
//! The protocol, and why each step is where it is:
//! - the publisher lists the organization, writes `index.json` (every account pending) under
//!   the results prefix, then sends one [`WorkItem`] per account;
//! - a worker receives one message with a visibility timeout, extends it every third of the
//!   timeout while it collects (ChangeMessageVisibility), writes the account's results, and
//!   only then deletes the message. A worker that dies stops extending; the message becomes
//!   visible again when the timeout runs out and another worker takes the account. Writing the
//!   same keys twice is harmless, so an account taken twice costs time, never correctness;
//! - the report reads `index.json` and each account's entry: an account no worker has
//!   written yet is reported Unknown ("pending"), never dropped.
//!
//! The queue calls are `sqs:SendMessageBatch` (publisher), `sqs:ReceiveMessage`,
//! `sqs:ChangeMessageVisibility`, `sqs:DeleteMessage`, `sqs:GetQueueAttributes` (worker) on
//! the queue the user named; the S3 calls `s3:PutObject` and `s3:GetObject` under the prefix
//! the user named. Nothing else is written anywhere.

use std::time::Duration;

use aws_config::SdkConfig;
use aws_sdk_sqs::types::{
    MessageSystemAttributeName, QueueAttributeName, SendMessageBatchRequestEntry,
};
use serde::{Deserialize, Serialize};

use super::Member;
use crate::logs::sdk_message;

/// The layout version of a [`WorkItem`].
pub const WORK_ITEM_VERSION: u32 = 1;

/// Largest message body taken as a work item (a real one is a few hundred bytes).
pub const MAX_WORK_ITEM_BYTES: usize = 16 * 1024;

/// Shortest and longest visibility timeout SQS accepts (0 s to 12 h); a worker needs at least
/// a few seconds to extend it before it lapses.
pub const VISIBILITY_RANGE: std::ops::RangeInclusive<u32> = 3..=43_200;

/// One account to scan, as a queue message carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkItem {
    /// [`WORK_ITEM_VERSION`].
    pub format_version: u32,
    /// `o-...` of the organization the account was listed in.
    pub organization_id: String,
    /// The publication this item belongs to, as the results' `index.json` names it: a worker
    /// refuses an item of an earlier publication still in the queue, and the report ignores
    /// results such an item left.
    pub run_id: String,
    /// 12-digit account id.
    pub account_id: String,
    /// Its name in the organization.
    pub name: String,
    /// Organizational units from the root down.
    #[serde(default)]
    pub ou_path: String,
    /// Role the worker assumes in the account.
    pub role_name: String,
}

impl WorkItem {
    /// The item of one roster member.
    pub fn of(organization_id: &str, run_id: &str, member: &Member, role_name: &str) -> WorkItem {
        WorkItem {
            format_version: WORK_ITEM_VERSION,
            organization_id: organization_id.to_string(),
            run_id: run_id.to_string(),
            account_id: member.id.clone(),
            name: member.name.clone(),
            ou_path: member.ou_path.clone(),
            role_name: role_name.to_string(),
        }
    }

    /// Parse a message body, refusing what is not a work item of this version (an oversized
    /// body, another JSON shape, an account id that is not 12 digits).
    pub fn parse(body: &str) -> Result<WorkItem, String> {
        if body.len() > MAX_WORK_ITEM_BYTES {
            return Err(format!(
                "the message is {} bytes, more than the {MAX_WORK_ITEM_BYTES} a work item may have",
                body.len()
            ));
        }
        let item: WorkItem =
            serde_json::from_str(body).map_err(|e| format!("not a cloudward work item: {e}"))?;
        if item.format_version != WORK_ITEM_VERSION {
            return Err(format!(
                "work item format_version {} is not the supported {WORK_ITEM_VERSION}",
                item.format_version
            ));
        }
        if !super::roster::is_account_id(&item.account_id) {
            return Err(format!(
                "{:?} is not a 12-digit account id",
                item.account_id
            ));
        }
        if !super::assume::is_role_name(&item.role_name) {
            return Err(format!("{:?} is not an IAM role name", item.role_name));
        }
        Ok(item)
    }

    /// The roster member this item names (active: the publisher chose it from the roster).
    pub fn member(&self) -> Member {
        Member {
            id: self.account_id.clone(),
            name: self.name.clone(),
            ou_path: self.ou_path.clone(),
            parents: Vec::new(),
            state: "ACTIVE".into(),
            unavailable: None,
        }
    }
}

/// Why a queue or results call failed.
#[derive(Debug, thiserror::Error)]
#[error("{service}:{operation} on {target} failed: {message}")]
pub struct WorkError {
    /// `sqs` or `s3`.
    pub service: &'static str,
    /// The call.
    pub operation: &'static str,
    /// Queue URL or `s3://bucket/key`.
    pub target: String,
    /// The SDK error with its context.
    pub message: String,
}

/// A message taken from the work queue and not yet deleted.
#[derive(Clone, Debug)]
pub struct Lease {
    /// SQS's message id.
    pub message_id: String,
    /// The body.
    pub body: String,
    /// The handle that extends and deletes it.
    pub receipt: String,
    /// How many times SQS has handed this message out, this time included (2 and up: a
    /// worker before this one took it and did not finish).
    pub receive_count: u32,
}

/// How many messages the queue holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Backlog {
    /// Waiting to be taken.
    pub visible: u64,
    /// Taken by a worker and not yet deleted (or lapsing back).
    pub in_flight: u64,
}

impl Backlog {
    /// Nothing waiting and nothing in flight: every account has been done.
    pub fn is_empty(&self) -> bool {
        self.visible == 0 && self.in_flight == 0
    }
}

/// The SQS queue of an organization scan.
#[derive(Clone, Debug)]
pub struct WorkQueue {
    sqs: aws_sdk_sqs::Client,
    url: String,
}

impl WorkQueue {
    /// The queue at `url`, reached with `config` in the queue's own region when the URL names
    /// one.
    pub fn new(config: &SdkConfig, url: &str) -> WorkQueue {
        let config = match crate::events::queue_region(url) {
            Some(region) => crate::config::in_region(config, &region),
            None => config.clone(),
        };
        WorkQueue {
            sqs: crate::config::sqs_long_poll_client(&config),
            url: url.to_owned(),
        }
    }

    fn error(&self, operation: &'static str, e: &impl std::error::Error) -> WorkError {
        WorkError {
            service: "sqs",
            operation,
            target: self.url.clone(),
            message: sdk_message(e),
        }
    }

    /// Send one message per item, ten per SendMessageBatch. Every entry SQS reports as failed
    /// is an error naming the account: a publisher must not leave an account silently unsent.
    pub async fn publish(&self, items: &[WorkItem]) -> Result<usize, WorkError> {
        let mut sent = 0;
        for chunk in items.chunks(10) {
            let mut batch = self.sqs.send_message_batch().queue_url(&self.url);
            for (n, item) in chunk.iter().enumerate() {
                let body =
                    serde_json::to_string(item).map_err(|e| self.error("SendMessageBatch", &e))?;
                let entry = SendMessageBatchRequestEntry::builder()
                    .id(format!("a{n}"))
                    .message_body(body)
                    .build()
                    .map_err(|e| self.error("SendMessageBatch", &e))?;
                batch = batch.entries(entry);
            }
            let out = batch
                .send()
                .await
                .map_err(|e| self.error("SendMessageBatch", &e))?;
            if let Some(failed) = out.failed().first() {
                let account = failed
                    .id()
                    .strip_prefix('a')
                    .and_then(|n| n.parse::<usize>().ok())
                    .and_then(|n| chunk.get(n))
                    .map_or("?", |item| item.account_id.as_str());
                return Err(WorkError {
                    service: "sqs",
                    operation: "SendMessageBatch",
                    target: self.url.clone(),
                    message: format!(
                        "account {account} was not queued ({} of {} in its batch failed): {}: {}",
                        out.failed().len(),
                        chunk.len(),
                        failed.code(),
                        failed.message().unwrap_or_default()
                    ),
                });
            }
            sent += out.successful().len();
        }
        Ok(sent)
    }

    /// Take one message, hidden from other workers for `visibility`, waiting up to
    /// `wait_seconds` (0-20) for one to arrive.
    pub async fn take(
        &self,
        visibility: Duration,
        wait_seconds: i32,
    ) -> Result<Option<Lease>, WorkError> {
        let out = self
            .sqs
            .receive_message()
            .queue_url(&self.url)
            .max_number_of_messages(1)
            .visibility_timeout(seconds(visibility))
            .wait_time_seconds(wait_seconds.clamp(0, 20))
            .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
            .send()
            .await
            .map_err(|e| self.error("ReceiveMessage", &e))?;
        let Some(message) = out.messages().first() else {
            return Ok(None);
        };
        let Some(receipt) = message.receipt_handle() else {
            return Ok(None);
        };
        let receive_count = message
            .attributes()
            .and_then(|a| a.get(&MessageSystemAttributeName::ApproximateReceiveCount))
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        Ok(Some(Lease {
            message_id: message.message_id().unwrap_or("?").to_owned(),
            body: message.body().unwrap_or_default().to_owned(),
            receipt: receipt.to_owned(),
            receive_count,
        }))
    }

    /// Keep `lease` hidden for another `visibility` from now.
    pub async fn extend(&self, lease: &Lease, visibility: Duration) -> Result<(), WorkError> {
        self.sqs
            .change_message_visibility()
            .queue_url(&self.url)
            .receipt_handle(&lease.receipt)
            .visibility_timeout(seconds(visibility))
            .send()
            .await
            .map_err(|e| self.error("ChangeMessageVisibility", &e))?;
        Ok(())
    }

    /// Delete `lease`: its account is done.
    pub async fn finish(&self, lease: &Lease) -> Result<(), WorkError> {
        self.sqs
            .delete_message()
            .queue_url(&self.url)
            .receipt_handle(&lease.receipt)
            .send()
            .await
            .map_err(|e| self.error("DeleteMessage", &e))?;
        Ok(())
    }

    /// How many messages wait and how many are in flight (SQS's approximate counts).
    pub async fn backlog(&self) -> Result<Backlog, WorkError> {
        let out = self
            .sqs
            .get_queue_attributes()
            .queue_url(&self.url)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
            .send()
            .await
            .map_err(|e| self.error("GetQueueAttributes", &e))?;
        let count = |name: &QueueAttributeName| -> u64 {
            out.attributes()
                .and_then(|a| a.get(name))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        };
        Ok(Backlog {
            visible: count(&QueueAttributeName::ApproximateNumberOfMessages),
            in_flight: count(&QueueAttributeName::ApproximateNumberOfMessagesNotVisible),
        })
    }
}

/// A duration as SQS's whole seconds, within [`VISIBILITY_RANGE`].
fn seconds(d: Duration) -> i32 {
    let s = d.as_secs().clamp(
        u64::from(*VISIBILITY_RANGE.start()),
        u64::from(*VISIBILITY_RANGE.end()),
    );
    i32::try_from(s).unwrap_or(i32::MAX)
}

/// Where results go: `s3://bucket/prefix`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultsLocation {
    /// The bucket.
    pub bucket: String,
    /// The key prefix, empty or ending in `/`.
    pub prefix: String,
}

impl ResultsLocation {
    /// Parse `s3://bucket[/prefix]`.
    pub fn parse(url: &str) -> Result<ResultsLocation, String> {
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| format!("{url:?} is not an s3://bucket/prefix location"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let bucket_ok = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.".contains(&b));
        if !bucket_ok {
            return Err(format!("{bucket:?} is not an S3 bucket name"));
        }
        let prefix = prefix.trim_matches('/');
        if prefix.split('/').any(|part| part == ".." || part == ".") {
            return Err(format!("{url:?}: the prefix may not hold . or .. parts"));
        }
        Ok(ResultsLocation {
            bucket: bucket.to_string(),
            prefix: if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            },
        })
    }

    /// The key of `name` under the prefix.
    pub fn key(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }
}

impl std::fmt::Display for ResultsLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.prefix)
    }
}

/// The S3 prefix an organization scan's results are written to and read from.
#[derive(Clone, Debug)]
pub struct Results {
    s3: aws_sdk_s3::Client,
    location: ResultsLocation,
}

impl Results {
    /// The results at `location`, reached with `config` (its region should be the bucket's).
    pub fn new(config: &SdkConfig, location: ResultsLocation) -> Results {
        Results {
            s3: crate::config::s3_client(config),
            location,
        }
    }

    /// Where they are.
    pub fn location(&self) -> &ResultsLocation {
        &self.location
    }

    fn error(&self, operation: &'static str, name: &str, message: String) -> WorkError {
        WorkError {
            service: "s3",
            operation,
            target: format!("s3://{}/{}", self.location.bucket, self.location.key(name)),
            message,
        }
    }

    /// Write `name` (JSON).
    pub async fn put(&self, name: &str, body: Vec<u8>) -> Result<(), WorkError> {
        self.s3
            .put_object()
            .bucket(&self.location.bucket)
            .key(self.location.key(name))
            .content_type("application/json")
            .body(body.into())
            .send()
            .await
            .map_err(|e| self.error("PutObject", name, sdk_message(&e)))?;
        Ok(())
    }

    /// Read `name`, `None` when there is no such object; refuses one larger than `limit`
    /// bytes before reading its body (and stops reading one that grows past it).
    pub async fn get(&self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, WorkError> {
        let out = match self
            .s3
            .get_object()
            .bucket(&self.location.bucket)
            .key(self.location.key(name))
            .send()
            .await
        {
            Ok(out) => out,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => return Ok(None),
            Err(e) => return Err(self.error("GetObject", name, sdk_message(&e))),
        };
        let length = out.content_length().and_then(|n| u64::try_from(n).ok());
        if length.is_some_and(|n| n > limit) {
            return Err(self.error(
                "GetObject",
                name,
                format!(
                    "the object is {} bytes, more than the {limit} read",
                    length.unwrap_or_default()
                ),
            ));
        }
        let mut body = out.body;
        let mut bytes = Vec::new();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| self.error("GetObject", name, sdk_message(&e)))?;
            bytes.extend_from_slice(&chunk);
            if bytes.len() as u64 > limit {
                return Err(self.error(
                    "GetObject",
                    name,
                    format!("the object is more than the {limit} bytes read"),
                ));
            }
        }
        Ok(Some(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_work_item_round_trips_and_hostile_bodies_are_refused() {
        let member = Member::for_test("111111111111", "prod");
        let item = WorkItem::of("o-abc", "r1", &member, "OrganizationAccountAccessRole");
        let body = serde_json::to_string(&item).expect("serializes");
        assert_eq!(WorkItem::parse(&body), Ok(item.clone()));
        assert_eq!(item.member().id, "111111111111");
        for bad in [
            String::new(),
            "{}".to_string(),
            body.replace("111111111111", "../../etc"),
            body.replace("OrganizationAccountAccessRole", "a/b"),
            body.replace("\"format_version\":1", "\"format_version\":9"),
            format!("{body}{}", " ".repeat(MAX_WORK_ITEM_BYTES)),
        ] {
            assert!(WorkItem::parse(&bad).is_err(), "{bad:.80}");
        }
    }

    #[test]
    fn results_locations_parse_and_refuse_what_is_not_one() {
        let at = ResultsLocation::parse("s3://my-bucket/org/run1/").expect("a location");
        assert_eq!(at.bucket, "my-bucket");
        assert_eq!(at.key("index.json"), "org/run1/index.json");
        assert_eq!(at.to_string(), "s3://my-bucket/org/run1/");
        let bare = ResultsLocation::parse("s3://my-bucket").expect("a bucket alone");
        assert_eq!(bare.key("index.json"), "index.json");
        for bad in [
            "my-bucket/x",
            "s3://",
            "s3://UPPER/x",
            "s3://b/../x",
            "https://b/x",
        ] {
            assert!(ResultsLocation::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn visibility_is_kept_within_what_sqs_accepts() {
        assert_eq!(seconds(Duration::from_secs(0)), 3);
        assert_eq!(seconds(Duration::from_secs(600)), 600);
        assert_eq!(seconds(Duration::from_secs(100_000)), 43_200);
    }

    #[test]
    fn an_empty_backlog_is_only_one_with_nothing_in_flight() {
        assert!(Backlog::default().is_empty());
        assert!(!Backlog {
            visible: 0,
            in_flight: 1
        }
        .is_empty());
    }
}
