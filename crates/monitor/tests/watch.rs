//! `monitor::watch` against moto: a full scan, then CloudTrail-shaped events put on an
//! EventBridge bus whose rule targets an SQS queue; the watch re-collects only what they name,
//! re-judges, and reports each worsening once.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::time::Duration;

use cloudward_aws::moto::Moto;
use cloudward_aws::CollectOptions;
use cloudward_model::Status;
use cloudward_monitor::watch::{Trigger, Watch, WatchEvent, WatchOptions, Worsening};
use tokio::sync::mpsc;

const REGION: &str = "us-east-1";
const SSH_RULE: &str = "ec2-security-group-admin-ports-ipv4-restricted";
const POLICY_RULE: &str = "s3-bucket-policy-not-public";

/// The EventBridge envelope of a CloudTrail management event, as the rule delivers it.
fn cloudtrail_detail(source: &str, name: &str, id: &str, request: serde_json::Value) -> String {
    serde_json::json!({
        "eventVersion": "1.09",
        "eventID": id,
        "eventSource": source,
        "eventName": name,
        "awsRegion": REGION,
        "readOnly": false,
        "managementEvent": true,
        "recipientAccountId": cloudward_aws::moto::ACCOUNT_ID,
        "userIdentity": {"arn": "arn:aws:iam::123456789012:user/mallory"},
        "requestParameters": request,
    })
    .to_string()
}

async fn put_event(
    events: &aws_sdk_eventbridge::Client,
    source: &str,
    name: &str,
    id: &str,
    request: serde_json::Value,
) {
    let prefix = source.split('.').next().unwrap();
    let out = events
        .put_events()
        .entries(
            aws_sdk_eventbridge::types::PutEventsRequestEntry::builder()
                .source(format!("aws.{prefix}"))
                .detail_type("AWS API Call via CloudTrail")
                .detail(cloudtrail_detail(source, name, id, request))
                .build(),
        )
        .send()
        .await
        .expect("PutEvents");
    assert_eq!(out.failed_entry_count(), 0, "{out:?}");
}

/// Wait for the next event matching `pred`, failing after a generous timeout.
async fn next_matching(
    rx: &mut mpsc::UnboundedReceiver<WatchEvent>,
    seen: &mut Vec<WatchEvent>,
    what: &str,
    pred: impl Fn(&WatchEvent) -> bool,
) -> WatchEvent {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    loop {
        let event = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .unwrap_or_else(|_| panic!("no {what} within 120 s; saw {seen:#?}"))
            .expect("the watch is running");
        seen.push(event.clone());
        if pred(&event) {
            return event;
        }
    }
}

fn judged_services(e: &WatchEvent) -> Option<Option<Vec<String>>> {
    match e {
        WatchEvent::Judged { services, .. } => Some(services.clone()),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_re_collect_what_they_name_and_each_worsening_is_reported_once() {
    let moto = Moto::start();
    let config = moto.sdk_config(REGION).await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let s3 = cloudward_aws::s3_client(&config);
    let sqs = aws_sdk_sqs::Client::new(&config);
    let events = aws_sdk_eventbridge::Client::new(&config);

    // A closed security group and two private buckets.
    let vpc = ec2
        .describe_vpcs()
        .send()
        .await
        .unwrap()
        .vpcs()
        .iter()
        .find(|v| v.is_default() == Some(true))
        .and_then(|v| v.vpc_id().map(str::to_string))
        .expect("moto's default VPC");
    let group = ec2
        .create_security_group()
        .group_name("web")
        .description("web servers")
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap()
        .group_id()
        .unwrap()
        .to_string();
    for bucket in ["data", "other"] {
        s3.create_bucket().bucket(bucket).send().await.unwrap();
    }

    // The queue and the EventBridge rule the README tells users to create.
    let queue_url = sqs
        .create_queue()
        .queue_name("cloudward-events")
        .send()
        .await
        .unwrap()
        .queue_url()
        .unwrap()
        .to_string();
    let queue_arn = sqs
        .get_queue_attributes()
        .queue_url(&queue_url)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::QueueArn)
        .send()
        .await
        .unwrap()
        .attributes()
        .and_then(|a| {
            a.get(&aws_sdk_sqs::types::QueueAttributeName::QueueArn)
                .cloned()
        })
        .unwrap();
    events
        .put_rule()
        .name("cloudward-watch")
        .event_pattern(
            serde_json::json!({
                "detail-type": ["AWS API Call via CloudTrail"],
                "source": [{"prefix": "aws."}],
            })
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    events
        .put_targets()
        .rule("cloudward-watch")
        .targets(
            aws_sdk_eventbridge::types::Target::builder()
                .id("queue")
                .arn(&queue_arn)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    let store_path = std::env::temp_dir().join(format!(
        "cloudward-watch-test-{}.sqlite3",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&store_path);
    let mut store = cloudward_store::Store::open(&store_path).unwrap();
    let rules: Vec<&'static dyn cloudward_rules::Rule> = cloudward_rules::catalogue()
        .into_iter()
        .filter(|r| ["ec2", "s3", "iam"].contains(&r.meta().service))
        .collect();
    let options = WatchOptions {
        collect: CollectOptions {
            regions: vec![REGION.to_string()],
            endpoint_url: Some(moto.endpoint()),
            services: Some(vec!["ec2".into(), "s3".into(), "iam".into()]),
            ..Default::default()
        },
        every: Duration::from_secs(3600),
        queue_url: Some(queue_url.clone()),
        batch_window: Duration::from_secs(2),
        settings: Default::default(),
        rules,
        max_judgements: None,
    };

    let (tx, mut rx) = mpsc::unbounded_channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let watch = Watch::new(options, Some(&mut store));
    // The sender lives in this future: when the watch returns, the channel closes.
    let watching = async move {
        let mut on = move |e: WatchEvent| {
            let _ = tx.send(e);
        };
        watch
            .run(
                async {
                    let _ = stop_rx.await;
                },
                &mut on,
            )
            .await
    };

    let driver = async {
        let mut seen = Vec::new();
        // 1. The first full scan is the baseline: nothing is reported as worse.
        let first = next_matching(&mut rx, &mut seen, "the first scan", |e| {
            judged_services(e).is_some()
        })
        .await;
        assert!(matches!(
            first,
            WatchEvent::Judged {
                trigger: Trigger::Scheduled,
                services: None,
                run: Some(_),
                ..
            }
        ));

        // 2. SSH opened to the world and a public bucket policy, announced by CloudTrail.
        ec2.authorize_security_group_ingress()
            .group_id(&group)
            .ip_permissions(
                aws_sdk_ec2::types::IpPermission::builder()
                    .ip_protocol("tcp")
                    .from_port(22)
                    .to_port(22)
                    .ip_ranges(
                        aws_sdk_ec2::types::IpRange::builder()
                            .cidr_ip("0.0.0.0/0")
                            .build(),
                    )
                    .build(),
            )
            .send()
            .await
            .unwrap();
        let policy = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                           "Resource": "arn:aws:s3:::data/*"}],
        });
        s3.put_bucket_policy()
            .bucket("data")
            .policy(policy.to_string())
            .send()
            .await
            .unwrap();
        moto.start_recording().await;
        put_event(
            &events,
            "ec2.amazonaws.com",
            "AuthorizeSecurityGroupIngress",
            "ct-ssh",
            serde_json::json!({"groupId": group}),
        )
        .await;
        put_event(
            &events,
            "s3.amazonaws.com",
            "PutBucketPolicy",
            "ct-policy",
            serde_json::json!({"bucketName": "data"}),
        )
        .await;
        // Read-only calls change nothing and re-collect nothing.
        put_event(
            &events,
            "ec2.amazonaws.com",
            "DescribeInstances",
            "ct-read",
            serde_json::json!({}),
        )
        .await;

        let mut worse = Vec::new();
        let mut partial_services = Vec::new();
        while worse.len() < 2 {
            let e = next_matching(&mut rx, &mut seen, "the worsened findings", |e| {
                matches!(e, WatchEvent::Worse { .. } | WatchEvent::Judged { .. })
            })
            .await;
            match e {
                WatchEvent::Worse { findings, trigger } => {
                    assert!(matches!(trigger, Trigger::Events(_)), "{trigger:?}");
                    worse.extend(findings);
                }
                WatchEvent::Judged { services, .. } => partial_services.push(services),
                _ => unreachable!(),
            }
        }
        let recording = moto.stop_recording().await;
        let by_rule: BTreeMap<String, String> = worse
            .iter()
            .map(|w| {
                (
                    w.finding.rule_id.to_string(),
                    w.finding.resource_name.to_string(),
                )
            })
            .collect();
        assert_eq!(by_rule.get(SSH_RULE), Some(&group), "{worse:#?}");
        assert_eq!(
            by_rule.get(POLICY_RULE).map(String::as_str),
            Some("data"),
            "{worse:#?}"
        );
        assert_eq!(worse.len(), 2, "only the two changes got worse: {worse:#?}");
        for w in &worse {
            assert_eq!(w.how, Worsening::Regressed, "{w:?}");
            assert_eq!(w.before, Some(Status::Pass));
            assert_eq!(w.finding.status, Status::Fail);
        }
        // Only EC2 and S3 were re-collected, and of S3 only the bucket the event named.
        for services in &partial_services {
            let services = services.as_ref().expect("a partial re-collection");
            assert!(
                services.iter().all(|s| s == "ec2" || s == "s3"),
                "{services:?}"
            );
        }
        assert!(
            !recording.contains("/iam/aws4_request"),
            "IAM was not named by any event and must not be re-collected"
        );
        assert!(
            recording.contains("/data/?policy"),
            "the named bucket was re-read"
        );
        assert!(
            !recording.contains("/other/"),
            "the other bucket must not be re-read: {}",
            recording.lines().filter(|l| l.contains("/other/")).count()
        );
        assert!(seen.iter().any(
            |e| matches!(e, WatchEvent::Ignored(why) if why.contains("DescribeInstances only reads"))
        ));

        // 3. The same event again (SQS redelivery), and another change to the same group:
        //    the SSH finding is still failing and is not reported a second time.
        put_event(
            &events,
            "ec2.amazonaws.com",
            "AuthorizeSecurityGroupIngress",
            "ct-ssh",
            serde_json::json!({"groupId": group}),
        )
        .await;
        next_matching(
            &mut rx,
            &mut seen,
            "the duplicate to be ignored",
            |e| matches!(e, WatchEvent::Ignored(why) if why.contains("already handled")),
        )
        .await;
        ec2.create_tags()
            .resources(&group)
            .tags(
                aws_sdk_ec2::types::Tag::builder()
                    .key("team")
                    .value("web")
                    .build(),
            )
            .send()
            .await
            .unwrap();
        put_event(
            &events,
            "ec2.amazonaws.com",
            "CreateTags",
            "ct-tags",
            serde_json::json!({"resourcesSet": {"items": [{"resourceId": group}]}}),
        )
        .await;
        next_matching(
            &mut rx,
            &mut seen,
            "the re-judgement after CreateTags",
            |e| {
                matches!(
                    e,
                    WatchEvent::Judged {
                        services: Some(_),
                        ..
                    }
                )
            },
        )
        .await;
        stop_tx.send(()).unwrap();
        // Drain: nothing after the last judgement may report the SSH finding again.
        while let Some(e) = rx.recv().await {
            seen.push(e);
        }
        let reported_ssh = seen
            .iter()
            .filter_map(|e| match e {
                WatchEvent::Worse { findings, .. } => Some(findings),
                _ => None,
            })
            .flatten()
            .filter(|w| w.finding.rule_id == SSH_RULE)
            .count();
        assert_eq!(reported_ssh, 1, "notified once: {seen:#?}");
    };

    let (stats, ()) = tokio::join!(watching, driver);
    let stats = stats.expect("the watch ran");
    assert_eq!(stats.scans, 1);
    assert!(stats.partial >= 2, "{stats:?}");
    assert_eq!(stats.worse, 2);
    // Every judgement is a run in the history, and the queue was emptied.
    let runs = store.runs(Some(cloudward_aws::moto::ACCOUNT_ID)).unwrap();
    assert_eq!(runs.len() as u64, stats.scans + stats.partial);
    let left = sqs
        .receive_message()
        .queue_url(&queue_url)
        .wait_time_seconds(0)
        .send()
        .await
        .unwrap();
    assert!(left.messages().is_empty(), "handled messages are deleted");
    drop(store);
    let _ = std::fs::remove_file(&store_path);
}
