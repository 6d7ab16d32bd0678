//! Log objects for detection: listing `s3://bucket/prefix`, streaming object bodies into
//! blocking readers, and consuming S3 event notifications from SQS.
//!
//! The detect crate reads any `std::io::Read`; this module is the SDK side, so detection stays
//! free of SDK crates. [`LogStore`] owns a small tokio runtime and blocks on it, because the
//! readers and the Sigma engine are synchronous: an object body is pulled by a runtime task
//! into a bounded channel ([`CHANNEL_CHUNKS`] chunks) and [`ObjectReader`] hands the chunks to
//! the reader, so memory per object is bounded whatever its size. Gzip is recognised by the
//! readers from the magic bytes, not here.
//!
//! SQS ([`LogStore::consume`]) is at-least-once: a message is deleted only after every object
//! it names was read to its end; when an object is missing or unreadable the message is left
//! alone and becomes visible again after the queue's visibility timeout (a redrive policy
//! moves poison messages to a dead-letter queue). Objects of a message that was redelivered
//! are read again, so a partial failure can repeat alerts for the objects that did succeed.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::time::{Duration, Instant};

use aws_config::SdkConfig;
use serde_json::Value;
use tokio::runtime::Runtime;
use tokio::sync::mpsc;

/// Chunks of an object body buffered ahead of the reader (SDK chunks are at most a few tens of
/// KiB, so this bounds memory per object to about a megabyte).
pub const CHANNEL_CHUNKS: usize = 16;

/// Why reading logs from S3 or SQS failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LogsError {
    /// Not an `s3://bucket[/prefix]` URL.
    #[error("invalid S3 URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL given.
        url: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// The tokio runtime could not be started.
    /// (The I/O error is the source, printed after this message by `{:#}`.)
    #[error("cannot start the async runtime")]
    Runtime(#[source] io::Error),
    /// `s3:ListObjectsV2` failed.
    #[error("s3:ListObjectsV2 on s3://{bucket}/{prefix} failed: {message}")]
    List {
        /// Bucket.
        bucket: String,
        /// Prefix.
        prefix: String,
        /// The SDK error with its context.
        message: String,
    },
    /// `s3:GetObject` failed.
    #[error("s3:GetObject on s3://{bucket}/{key} failed: {message}")]
    Get {
        /// Bucket.
        bucket: String,
        /// Key.
        key: String,
        /// The SDK error with its context.
        message: String,
    },
    /// An SQS call failed.
    #[error("sqs:{operation} on {queue} failed: {message}")]
    Sqs {
        /// `ReceiveMessage` or `DeleteMessage`.
        operation: &'static str,
        /// Queue URL.
        queue: String,
        /// The SDK error with its context.
        message: String,
    },
}

pub(crate) fn sdk_message<E: std::error::Error>(e: &E) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        source = inner.source();
    }
    s
}

/// An `s3://bucket/prefix` location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Url {
    /// Bucket.
    pub bucket: String,
    /// Key prefix (may be empty).
    pub prefix: String,
}

impl S3Url {
    /// Parses `s3://bucket[/prefix]`.
    pub fn parse(url: &str) -> Result<S3Url, LogsError> {
        let bad = |reason| LogsError::InvalidUrl {
            url: url.to_owned(),
            reason,
        };
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| bad("it must start with s3://"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(bad("the bucket name is empty"));
        }
        Ok(S3Url {
            bucket: bucket.to_owned(),
            prefix: prefix.to_owned(),
        })
    }
}

/// One S3 object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct S3Object {
    /// Bucket.
    pub bucket: String,
    /// Key (decoded).
    pub key: String,
    /// Size in bytes, when known.
    pub size: Option<i64>,
}

impl S3Object {
    /// `s3://bucket/key`, the name alerts and read errors use.
    pub fn uri(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.key)
    }
}

/// A blocking reader over an object body streamed by a runtime task.
#[derive(Debug)]
pub struct ObjectReader {
    rx: mpsc::Receiver<io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    pos: usize,
    done: bool,
}

impl Read for ObjectReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.chunk.len() {
            if self.done {
                return Ok(0);
            }
            match self.rx.blocking_recv() {
                Some(Ok(chunk)) => {
                    self.chunk = chunk;
                    self.pos = 0;
                }
                Some(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                None => {
                    self.done = true;
                    return Ok(0);
                }
            }
        }
        let n = buf.len().min(self.chunk.len() - self.pos);
        buf[..n].copy_from_slice(&self.chunk[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// How [`LogStore::consume`] polls and when it stops.
#[derive(Debug, Clone)]
pub struct QueueOptions {
    /// Long-poll wait per `ReceiveMessage` (SQS allows 0-20 seconds).
    pub wait_seconds: i32,
    /// Messages per `ReceiveMessage` (SQS allows 1-10).
    pub batch: i32,
    /// Stop after this many messages were received (handled or not); `None`: no limit.
    pub max_messages: Option<u64>,
    /// Stop after this long without receiving a message; `None`: run until an error.
    pub idle_exit: Option<Duration>,
}

impl Default for QueueOptions {
    fn default() -> Self {
        QueueOptions {
            wait_seconds: 20,
            batch: 10,
            max_messages: None,
            idle_exit: None,
        }
    }
}

/// Counters of a [`LogStore::consume`] run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueStats {
    /// Messages received.
    pub received: u64,
    /// Messages deleted after all their objects were processed.
    pub deleted: u64,
    /// `s3:TestEvent` messages (deleted and ignored).
    pub test_events: u64,
    /// Messages left on the queue because an object failed or the message was not an S3
    /// event notification.
    pub left: u64,
    /// Objects read to their end.
    pub objects: u64,
    /// Objects that could not be fetched or were not read to their end.
    pub failed_objects: u64,
}

/// What an SQS message body asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notification {
    /// S3's `s3:TestEvent`, sent when a notification is configured: nothing to read.
    Test,
    /// Objects to read (created objects only; removals are ignored).
    Objects(Vec<S3Object>),
}

/// Parses an SQS message body holding an S3 event notification, directly or wrapped in an SNS
/// notification (`{"Type":"Notification","Message":"..."}`), or an EventBridge `Object
/// Created` event. Keys are URL-decoded (`+` is a space), as S3 encodes them.
pub fn parse_notification(body: &str) -> Result<Notification, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| format!("not JSON: {e}"))?;
    if v.get("Type").and_then(Value::as_str) == Some("Notification") {
        let inner = v
            .get("Message")
            .and_then(Value::as_str)
            .ok_or("SNS notification without a Message string")?;
        return parse_notification(inner);
    }
    if v.get("Event").and_then(Value::as_str) == Some("s3:TestEvent") {
        return Ok(Notification::Test);
    }
    if v.get("source").and_then(Value::as_str) == Some("aws.s3") {
        let d = v.get("detail").ok_or("EventBridge event without detail")?;
        let bucket = d
            .pointer("/bucket/name")
            .and_then(Value::as_str)
            .ok_or("EventBridge event without detail.bucket.name")?;
        let key = d
            .pointer("/object/key")
            .and_then(Value::as_str)
            .ok_or("EventBridge event without detail.object.key")?;
        let created = v.get("detail-type").and_then(Value::as_str) == Some("Object Created");
        return Ok(Notification::Objects(if created {
            vec![S3Object {
                bucket: bucket.to_owned(),
                key: decode_key(key),
                size: d.pointer("/object/size").and_then(Value::as_i64),
            }]
        } else {
            vec![]
        }));
    }
    let records = v
        .get("Records")
        .and_then(Value::as_array)
        .ok_or("no Records array: not an S3 event notification")?;
    let mut out = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let name = r.get("eventName").and_then(Value::as_str).unwrap_or("");
        if !name.starts_with("ObjectCreated:") {
            continue;
        }
        let bucket = r
            .pointer("/s3/bucket/name")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("Records[{i}] has no s3.bucket.name"))?;
        let key = r
            .pointer("/s3/object/key")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("Records[{i}] has no s3.object.key"))?;
        out.push(S3Object {
            bucket: bucket.to_owned(),
            key: decode_key(key),
            size: r.pointer("/s3/object/size").and_then(Value::as_i64),
        });
    }
    Ok(Notification::Objects(out))
}

/// S3 event keys are URL-encoded form values: `+` is a space, `%2B` a plus.
fn decode_key(key: &str) -> String {
    let b = key.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where and as whom to read logs.
#[derive(Debug, Clone, Default)]
pub struct LogOptions {
    /// Named profile (`None`: the default credential chain).
    pub profile: Option<String>,
    /// Region (`None`: the profile's or environment's region).
    pub region: Option<String>,
    /// Endpoint URL for S3 and SQS (an emulator such as moto); S3 then uses path-style
    /// addressing.
    pub endpoint_url: Option<String>,
}

/// S3 and SQS clients on a private runtime, for synchronous callers.
#[derive(Debug)]
pub struct LogStore {
    rt: Runtime,
    s3: aws_sdk_s3::Client,
    sqs: aws_sdk_sqs::Client,
}

fn runtime() -> Result<Runtime, LogsError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("cloudward-logs")
        .enable_all()
        .build()
        .map_err(LogsError::Runtime)
}

impl LogStore {
    /// Clients for `options` (standard credential chain or profile, region, endpoint URL).
    /// Must not be called from inside a tokio runtime.
    /// The crate's shared SDK configuration applies (retries, timeouts, see [`crate::sdk_config`]).
    pub fn connect(options: &LogOptions) -> Result<LogStore, LogsError> {
        let rt = runtime()?;
        let shared = crate::CollectOptions {
            profile: options.profile.clone(),
            regions: options.region.iter().cloned().collect(),
            endpoint_url: options.endpoint_url.clone(),
            ..Default::default()
        };
        let config = rt.block_on(crate::sdk_config(&shared));
        Ok(LogStore::with_runtime(rt, &config))
    }

    /// Clients from a ready SDK configuration (tests). Must not be called from inside a tokio
    /// runtime.
    pub fn from_config(config: &SdkConfig) -> Result<LogStore, LogsError> {
        Ok(LogStore::with_runtime(runtime()?, config))
    }

    fn with_runtime(rt: Runtime, config: &SdkConfig) -> LogStore {
        LogStore {
            rt,
            s3: crate::s3_client(config),
            sqs: crate::config::sqs_long_poll_client(config),
        }
    }

    /// Every object under `url`, in key order (all pages of `ListObjectsV2`). Keys ending in
    /// `/` (console "folders") are left out.
    pub fn list(&self, url: &S3Url) -> Result<Vec<S3Object>, LogsError> {
        self.rt.block_on(async {
            let mut out = Vec::new();
            let mut pages = self
                .s3
                .list_objects_v2()
                .bucket(&url.bucket)
                .prefix(&url.prefix)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| LogsError::List {
                    bucket: url.bucket.clone(),
                    prefix: url.prefix.clone(),
                    message: sdk_message(&e),
                })?;
                for o in page.contents() {
                    let Some(key) = o.key() else { continue };
                    if key.ends_with('/') {
                        continue;
                    }
                    out.push(S3Object {
                        bucket: url.bucket.clone(),
                        key: key.to_owned(),
                        size: o.size(),
                    });
                }
            }
            out.sort();
            Ok(out)
        })
    }

    /// Starts streaming `object`; the body is read as the returned reader is read. A failure
    /// of `GetObject` itself (no such key, access denied) is an error here; a failure while the
    /// body streams is an I/O error of the reader.
    pub fn open(&self, object: &S3Object) -> Result<ObjectReader, LogsError> {
        let out = self
            .rt
            .block_on(
                self.s3
                    .get_object()
                    .bucket(&object.bucket)
                    .key(&object.key)
                    .send(),
            )
            .map_err(|e| LogsError::Get {
                bucket: object.bucket.clone(),
                key: object.key.clone(),
                message: sdk_message(&e),
            })?;
        let (tx, rx) = mpsc::channel(CHANNEL_CHUNKS);
        let mut body = out.body;
        self.rt.spawn(async move {
            loop {
                match body.next().await {
                    None => break,
                    Some(Ok(bytes)) => {
                        if tx.send(Ok(bytes.to_vec())).await.is_err() {
                            break; // the reader was dropped
                        }
                    }
                    Some(Err(e)) => {
                        let _ = tx.send(Err(io::Error::other(sdk_message(&e)))).await;
                        break;
                    }
                }
            }
        });
        Ok(ObjectReader {
            rx,
            chunk: Vec::new(),
            pos: 0,
            done: false,
        })
    }

    /// Consumes S3 event notifications from `queue_url`. For each message, every object it
    /// names is opened and given to `handle`, which reads it and returns `true` when it was
    /// read to its end. The message is deleted only when every object succeeded; `s3:TestEvent`
    /// messages are deleted and ignored; anything else is left for the visibility timeout.
    /// `on_error` hears about every object or message that failed (for the run summary).
    pub fn consume(
        &self,
        queue_url: &str,
        options: &QueueOptions,
        handle: &mut dyn FnMut(&S3Object, ObjectReader) -> bool,
        on_error: &mut dyn FnMut(String),
    ) -> Result<QueueStats, LogsError> {
        self.consume_live(queue_url, options, handle, on_error, &mut |_| true)
    }

    /// [`LogStore::consume`] for a consumer that acts while it runs: `tick` is called after
    /// each message (with `false`) and after each receive that returned nothing (`true`: the
    /// queue is quiet), so the caller can emit the alerts whose windows closed; it returns
    /// whether to go on (false stops after the current message, e.g. on SIGTERM; a long poll in
    /// progress, at most `wait_seconds`, is finished first).
    pub fn consume_live(
        &self,
        queue_url: &str,
        options: &QueueOptions,
        handle: &mut dyn FnMut(&S3Object, ObjectReader) -> bool,
        on_error: &mut dyn FnMut(String),
        tick: &mut dyn FnMut(bool) -> bool,
    ) -> Result<QueueStats, LogsError> {
        let mut stats = QueueStats::default();
        let mut last_message = Instant::now();
        let mut pending: VecDeque<aws_sdk_sqs::types::Message> = VecDeque::new();
        loop {
            if options
                .max_messages
                .is_some_and(|max| stats.received >= max)
            {
                break;
            }
            if pending.is_empty() {
                if options
                    .idle_exit
                    .is_some_and(|idle| last_message.elapsed() >= idle)
                {
                    break;
                }
                let want = options.max_messages.map_or(options.batch, |max| {
                    let left = max.saturating_sub(stats.received);
                    options
                        .batch
                        .min(i32::try_from(left).unwrap_or(i32::MAX))
                        .max(1)
                });
                let received = self
                    .rt
                    .block_on(
                        self.sqs
                            .receive_message()
                            .queue_url(queue_url)
                            .max_number_of_messages(want.clamp(1, 10))
                            .wait_time_seconds(options.wait_seconds.clamp(0, 20))
                            .send(),
                    )
                    .map_err(|e| LogsError::Sqs {
                        operation: "ReceiveMessage",
                        queue: queue_url.to_owned(),
                        message: sdk_message(&e),
                    })?;
                let messages = received.messages().to_vec();
                if messages.is_empty() {
                    if !tick(true) {
                        break;
                    }
                    continue;
                }
                last_message = Instant::now();
                pending.extend(messages);
                continue;
            }
            let Some(message) = pending.pop_front() else {
                continue;
            };
            stats.received += 1;
            let id = message.message_id().unwrap_or("?").to_owned();
            let ok = match parse_notification(message.body().unwrap_or("")) {
                Ok(Notification::Test) => {
                    stats.test_events += 1;
                    true
                }
                Ok(Notification::Objects(objects)) => {
                    let mut all = true;
                    for o in &objects {
                        match self.open(o) {
                            Ok(reader) => {
                                if handle(o, reader) {
                                    stats.objects += 1;
                                } else {
                                    stats.failed_objects += 1;
                                    all = false;
                                }
                            }
                            Err(e) => {
                                stats.failed_objects += 1;
                                on_error(format!("SQS message {id}: {e}"));
                                all = false;
                            }
                        }
                    }
                    all
                }
                Err(reason) => {
                    on_error(format!(
                        "SQS message {id} is not an S3 event notification: {reason}"
                    ));
                    false
                }
            };
            if !ok {
                stats.left += 1;
                if !tick(false) {
                    break;
                }
                continue;
            }
            let Some(receipt) = message.receipt_handle() else {
                stats.left += 1;
                if !tick(false) {
                    break;
                }
                continue;
            };
            self.rt
                .block_on(
                    self.sqs
                        .delete_message()
                        .queue_url(queue_url)
                        .receipt_handle(receipt)
                        .send(),
                )
                .map_err(|e| LogsError::Sqs {
                    operation: "DeleteMessage",
                    queue: queue_url.to_owned(),
                    message: sdk_message(&e),
                })?;
            stats.deleted += 1;
            if !tick(false) {
                break;
            }
        }
        Ok(stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_urls() {
        let u = S3Url::parse("s3://trail-logs/AWSLogs/123456789012/").expect("valid");
        assert_eq!(u.bucket, "trail-logs");
        assert_eq!(u.prefix, "AWSLogs/123456789012/");
        let u = S3Url::parse("s3://trail-logs").expect("valid");
        assert_eq!(u.prefix, "");
        assert!(S3Url::parse("s3:///x").is_err());
        assert!(S3Url::parse("https://x/y").is_err());
    }

    #[test]
    fn notification_records_decode_keys_and_skip_removals() {
        let body = r#"{"Records":[
            {"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"AWSLogs/a+b%2Bc%3D.json.gz","size":12}}},
            {"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"b"},"object":{"key":"gone"}}}
        ]}"#;
        assert_eq!(
            parse_notification(body),
            Ok(Notification::Objects(vec![S3Object {
                bucket: "b".into(),
                key: "AWSLogs/a b+c=.json.gz".into(),
                size: Some(12),
            }]))
        );
    }

    #[test]
    fn test_event_sns_wrapping_and_eventbridge() {
        let test = r#"{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-20T10:00:00.000Z","Bucket":"b","RequestId":"x","HostId":"y"}"#;
        assert_eq!(parse_notification(test), Ok(Notification::Test));
        let sns = serde_json::json!({"Type": "Notification", "Message": test}).to_string();
        assert_eq!(parse_notification(&sns), Ok(Notification::Test));
        let eb = r#"{"source":"aws.s3","detail-type":"Object Created","detail":{"bucket":{"name":"b"},"object":{"key":"k.gz","size":3}}}"#;
        assert_eq!(
            parse_notification(eb),
            Ok(Notification::Objects(vec![S3Object {
                bucket: "b".into(),
                key: "k.gz".into(),
                size: Some(3),
            }]))
        );
    }

    #[test]
    fn key_decoding_keeps_bad_escapes() {
        assert_eq!(decode_key("a%2"), "a%2");
        assert_eq!(decode_key("a%zz+b"), "a%zz b");
        assert_eq!(decode_key("%E2%9C%93"), "\u{2713}");
    }

    #[test]
    fn other_messages_are_errors() {
        assert!(parse_notification("hello").is_err());
        assert!(parse_notification(r#"{"foo":1}"#).is_err());
        assert!(parse_notification(
            r#"{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"}}}]}"#
        )
        .is_err());
    }
}
