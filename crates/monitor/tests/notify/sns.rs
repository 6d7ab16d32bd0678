//! The SNS sink against moto: an SQS queue subscribed to the topic receives the message.

use std::time::Duration;

use cloudward_model::Severity;
use cloudward_monitor::{Change, MemoryLedger, Notification, Notifier, NotifyOptions, SinkConfig};

use crate::moto::Moto;

#[test]
fn a_notification_published_to_sns_reaches_a_subscribed_queue() {
    let moto = Moto::start();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (topic_arn, queue_url, sqs) = rt.block_on(async {
        let config = moto.sdk_config("eu-west-1").await;
        let sns = aws_sdk_sns::Client::new(&config);
        let sqs = aws_sdk_sqs::Client::new(&config);
        let topic_arn = sns
            .create_topic()
            .name("cloudward-alerts")
            .send()
            .await
            .expect("create topic")
            .topic_arn
            .expect("a topic ARN");
        let queue_url = sqs
            .create_queue()
            .queue_name("alerts-inbox")
            .send()
            .await
            .expect("create queue")
            .queue_url
            .expect("a queue URL");
        let queue_arn = sqs
            .get_queue_attributes()
            .queue_url(&queue_url)
            .attribute_names(aws_sdk_sqs::types::QueueAttributeName::QueueArn)
            .send()
            .await
            .expect("queue attributes")
            .attributes
            .and_then(|a| {
                a.get(&aws_sdk_sqs::types::QueueAttributeName::QueueArn)
                    .cloned()
            })
            .expect("a queue ARN");
        sns.subscribe()
            .topic_arn(&topic_arn)
            .protocol("sqs")
            .endpoint(queue_arn)
            .send()
            .await
            .expect("subscribe");
        (topic_arn, queue_url, sqs)
    });
    let sink = SinkConfig::parse(
        serde_json::json!({"kind": "sns", "name": "pager", "topic_arn": topic_arn})
            .as_object()
            .expect("object"),
    )
    .expect("valid");
    let notifier = Notifier::new(
        &[sink],
        NotifyOptions {
            endpoint_url: Some(moto.endpoint()),
            deadline: Duration::from_secs(30),
            ..NotifyOptions::default()
        },
    )
    .expect("notifier");
    let n = Notification {
        change: Change::Regressed,
        severity: Severity::Critical,
        rule_id: "ec2-security-group-ingress-admin-ports".into(),
        title: "Security group allows no admin ports from the internet".into(),
        resource: "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0abc".into(),
        account: Some("123456789012".into()),
        region: Some("eu-west-1".into()),
        message: "22/tcp open to 0.0.0.0/0".into(),
        remediation: Some("Remove the rule.".into()),
        run: Some(9),
        fingerprint: "fp-sns".into(),
    };
    let report = notifier.send_blocking(&[n], &mut MemoryLedger::default());
    assert_eq!(report.delivered(), 1, "{report:?}");
    let body = rt.block_on(async {
        let got = sqs
            .receive_message()
            .queue_url(&queue_url)
            .wait_time_seconds(5)
            .send()
            .await
            .expect("receive");
        got.messages
            .unwrap_or_default()
            .into_iter()
            .next()
            .and_then(|m| m.body)
            .expect("the queue received the notification")
    });
    // Without raw delivery, SQS holds SNS's JSON envelope with our subject and text.
    let envelope: serde_json::Value = serde_json::from_str(&body).expect("an SNS envelope");
    assert_eq!(envelope["TopicArn"], topic_arn);
    let subject = envelope["Subject"].as_str().expect("a subject");
    assert!(
        subject.starts_with("cloudward CRITICAL - Regressed"),
        "{subject}"
    );
    let text = envelope["Message"].as_str().expect("a message");
    assert!(
        text.contains("sg-0abc") && text.contains("22/tcp open"),
        "{text}"
    );
    assert_eq!(
        envelope["MessageAttributes"]["severity"]["Value"], "critical",
        "{envelope}"
    );
}
