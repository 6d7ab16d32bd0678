//! Detection inputs from S3 and SQS against moto: CloudTrail files (gzip and plain) uploaded
//! to a bucket are listed under a prefix and streamed into the detector; S3 event
//! notifications on an SQS queue are consumed, their objects read, and the messages deleted
//! only when every object was read to its end.
//!
//! These tests are synchronous: `LogStore` owns its runtime and blocks on it, as the CLI uses
//! it, so provisioning runs on a separate runtime of the test's own.

use std::time::Duration;

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_sqs::types::QueueAttributeName;
use cloudward_aws::logs::{LogStore, QueueOptions, S3Url};
use cloudward_detect::alert::Detector;
use cloudward_detect::Engine;

use crate::provision::must;
use crate::server::Moto;

const REGION: &str = "eu-west-1";
const BUCKET: &str = "org-trail-logs";
const PREFIX: &str = "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/01/";

/// The CLI's detection fixture: an attacker with a Kali build of the AWS CLI stopping a trail
/// (gzip), and a burst of refused calls with one malformed record (plain JSON).
fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../cli/tests/fixtures/detect/trail/2026/11/01/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

const GZ: &str = "111122223333_CloudTrail_eu-west-1_20261101T1005Z_a.json.gz";
const PLAIN: &str = "111122223333_CloudTrail_eu-west-1_20261101T1100Z_b.json";

struct Env {
    moto: Moto,
    rt: tokio::runtime::Runtime,
    s3: aws_sdk_s3::Client,
    sqs: aws_sdk_sqs::Client,
}

impl Env {
    fn start() -> Env {
        let moto = Moto::start();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("test runtime");
        let config = rt.block_on(moto.sdk_config(REGION));
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&config)
                .force_path_style(true)
                .build(),
        );
        let sqs = aws_sdk_sqs::Client::new(&config);
        let env = Env { moto, rt, s3, sqs };
        env.rt.block_on(async {
            must(
                env.s3
                    .create_bucket()
                    .bucket(BUCKET)
                    .create_bucket_configuration(
                        aws_sdk_s3::types::CreateBucketConfiguration::builder()
                            .location_constraint(
                                aws_sdk_s3::types::BucketLocationConstraint::EuWest1,
                            )
                            .build(),
                    )
                    .send()
                    .await,
                "s3:CreateBucket",
            );
        });
        env
    }

    fn put(&self, key: &str, body: Vec<u8>) {
        self.rt.block_on(async {
            must(
                self.s3
                    .put_object()
                    .bucket(BUCKET)
                    .key(key)
                    .body(ByteStream::from(body))
                    .send()
                    .await,
                "s3:PutObject",
            );
        });
    }

    fn store(&self) -> LogStore {
        let config = self.rt.block_on(self.moto.sdk_config(REGION));
        LogStore::from_config(&config).expect("log store")
    }

    fn queue(&self, visibility_seconds: u32) -> String {
        self.rt.block_on(async {
            let out = must(
                self.sqs
                    .create_queue()
                    .queue_name("trail-notifications")
                    .attributes(
                        QueueAttributeName::VisibilityTimeout,
                        visibility_seconds.to_string(),
                    )
                    .send()
                    .await,
                "sqs:CreateQueue",
            );
            out.queue_url().expect("queue url").to_owned()
        })
    }

    fn send(&self, queue: &str, body: &str) {
        self.rt.block_on(async {
            must(
                self.sqs
                    .send_message()
                    .queue_url(queue)
                    .message_body(body)
                    .send()
                    .await,
                "sqs:SendMessage",
            );
        });
    }

    /// (visible, in flight) message counts.
    fn depth(&self, queue: &str) -> (u64, u64) {
        self.rt.block_on(async {
            let out = must(
                self.sqs
                    .get_queue_attributes()
                    .queue_url(queue)
                    .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
                    .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
                    .send()
                    .await,
                "sqs:GetQueueAttributes",
            );
            let get = |k: QueueAttributeName| -> u64 {
                out.attributes()
                    .and_then(|a| a.get(&k))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(u64::MAX)
            };
            (
                get(QueueAttributeName::ApproximateNumberOfMessages),
                get(QueueAttributeName::ApproximateNumberOfMessagesNotVisible),
            )
        })
    }
}

/// An S3 event notification as S3 sends it to SQS (keys URL-encoded).
fn notification(keys: &[&str]) -> String {
    let records: Vec<serde_json::Value> = keys
        .iter()
        .map(|k| {
            serde_json::json!({
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "awsRegion": REGION,
                "eventTime": "2026-11-01T11:05:00.000Z",
                "eventName": "ObjectCreated:Put",
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "configurationId": "trail",
                    "bucket": {"name": BUCKET, "arn": format!("arn:aws:s3:::{BUCKET}")},
                    "object": {"key": k.replace(' ', "+"), "size": 1}
                }
            })
        })
        .collect();
    serde_json::json!({ "Records": records }).to_string()
}

const TEST_EVENT: &str = r#"{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-01T11:00:00.000Z","Bucket":"org-trail-logs","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}"#;

#[test]
fn detection_from_an_s3_prefix_streams_gzip_and_plain_objects() {
    let env = Env::start();
    env.put(&format!("{PREFIX}{GZ}"), fixture(GZ));
    env.put(&format!("{PREFIX}{PLAIN}"), fixture(PLAIN));
    env.put(PREFIX, Vec::new()); // a console "folder"
    env.put("AWSLogs/other/ignored.json", fixture(PLAIN));

    let store = env.store();
    let url = S3Url::parse(&format!("s3://{BUCKET}/{PREFIX}")).expect("url");
    let objects = store.list(&url).expect("list");
    let keys: Vec<&str> = objects.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys, [format!("{PREFIX}{GZ}"), format!("{PREFIX}{PLAIN}")]);

    let engine = Engine::builder().build().expect("engine");
    let mut detector = Detector::new(&engine);
    for o in &objects {
        let reader = store.open(o).expect("open");
        let outcome = detector.read(&o.uri(), reader);
        assert!(outcome.complete, "{}", o.uri());
    }
    let (alerts, stats) = detector.finish();
    assert_eq!(stats.events, 20);
    assert_eq!(stats.malformed, 1);
    assert_eq!(
        stats.problems[0].file,
        format!("s3://{BUCKET}/{PREFIX}{PLAIN}")
    );
    // CIS 4.5's configuration-change rule and the trail-stopped rule both fire on StopLogging.
    let stop = alerts
        .iter()
        .find(|a| {
            a.event_names == ["StopLogging"]
                && a.rule.title == "AWS CloudTrail Configuration Change"
        })
        .expect("the StopLogging alert");
    assert_eq!(
        stop.actor.as_deref(),
        Some("arn:aws:iam::111122223333:user/mallory")
    );
    assert_eq!(stop.source_ips, ["185.220.101.4"]);
    assert_eq!(stop.first_location, format!("s3://{BUCKET}/{PREFIX}{GZ}:3"));
    assert!(alerts
        .iter()
        .any(|a| a.rule.title == "AWS Burst of Access Denied Errors From One Principal"));
}

#[test]
fn missing_bucket_is_an_error_naming_it() {
    let env = Env::start();
    let store = env.store();
    let err = store
        .list(&S3Url::parse("s3://no-such-bucket-cloudward/x/").expect("url"))
        .expect_err("no such bucket");
    assert!(
        err.to_string().contains("s3://no-such-bucket-cloudward/x/"),
        "{err}"
    );
}

#[test]
fn sqs_notifications_are_processed_then_deleted() {
    let env = Env::start();
    let spaced = format!("{PREFIX}with space/{GZ}");
    env.put(&spaced, fixture(GZ));
    env.put(&format!("{PREFIX}{PLAIN}"), fixture(PLAIN));
    let queue = env.queue(30);
    env.send(&queue, TEST_EVENT);
    env.send(&queue, &notification(&[&spaced]));
    env.send(&queue, &notification(&[&format!("{PREFIX}{PLAIN}")]));
    assert_eq!(env.depth(&queue), (3, 0));

    let store = env.store();
    let engine = Engine::builder().build().expect("engine");
    let mut detector = Detector::new(&engine);
    let mut read = Vec::new();
    let mut errors = Vec::new();
    let stats = store
        .consume(
            &queue,
            &QueueOptions {
                wait_seconds: 1,
                batch: 10,
                max_messages: None,
                idle_exit: Some(Duration::from_secs(2)),
            },
            &mut |o, r| {
                read.push(o.key.clone());
                detector.read(&o.uri(), r).complete
            },
            &mut |e| errors.push(e),
        )
        .expect("consume");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(stats.received, 3);
    assert_eq!(stats.test_events, 1);
    assert_eq!(stats.deleted, 3);
    assert_eq!(stats.objects, 2);
    read.sort();
    assert_eq!(read, [format!("{PREFIX}{PLAIN}"), spaced]);
    assert_eq!(env.depth(&queue), (0, 0), "every message was deleted");
    let (alerts, stats) = detector.finish();
    assert_eq!(stats.events, 20);
    assert!(alerts.iter().any(|a| a.event_names == ["StopLogging"]));
}

#[test]
fn sqs_messages_with_missing_or_corrupt_objects_are_not_deleted() {
    let env = Env::start();
    let good = format!("{PREFIX}{GZ}");
    let corrupt = format!("{PREFIX}corrupt.json.gz");
    let gz = fixture(GZ);
    env.put(&good, gz.clone());
    env.put(&corrupt, gz[..gz.len() / 2].to_vec()); // truncated gzip
    let queue = env.queue(2);
    env.send(
        &queue,
        &notification(&[&format!("{PREFIX}missing.json.gz")]),
    );
    env.send(&queue, &notification(&[&good, &corrupt]));
    env.send(&queue, &notification(&[&good]));
    env.send(&queue, "this is not an S3 notification");

    let store = env.store();
    let engine = Engine::builder().build().expect("engine");
    let mut detector = Detector::new(&engine);
    let mut errors = Vec::new();
    let stats = store
        .consume(
            &queue,
            &QueueOptions {
                wait_seconds: 1,
                batch: 10,
                max_messages: Some(4),
                idle_exit: Some(Duration::from_secs(5)),
            },
            &mut |o, r| detector.read(&o.uri(), r).complete,
            &mut |e| errors.push(e),
        )
        .expect("consume");
    assert_eq!(stats.received, 4);
    assert_eq!(stats.deleted, 1, "only the message whose object was read");
    assert_eq!(stats.left, 3);
    assert_eq!(stats.failed_objects, 2);
    assert!(
        errors.iter().any(|e| e.contains("missing.json.gz")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("not an S3 event notification")),
        "{errors:?}"
    );
    let (_, dstats) = detector.finish();
    assert!(dstats
        .problems
        .iter()
        .any(|p| p.file.ends_with("corrupt.json.gz") && p.message.contains("truncated")));
    // The three failed messages come back after the visibility timeout; none was deleted.
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(env.depth(&queue), (3, 0));
}
