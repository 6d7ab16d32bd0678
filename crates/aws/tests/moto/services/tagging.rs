//! The tag policy against moto: S3 bucket tags read through GetBucketTagging (a tagged
//! bucket, an untagged one answering NoSuchTagSet, one tagged `Owner` instead of `owner`), SQS
//! queue and SNS topic tags, and a CloudWatch log group, whose tags cloudward does not read
//! yet: Unknown, never Fail.

use aws_sdk_s3::types::{Tag, Tagging};
use cloudward_model::Settings;
use cloudward_model::Status::{Fail, Pass, Unknown};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const RULE: &str = "tagging-required-tags-present";

const ROWS: &[Row] = &[
    (RULE, "tagged-bucket@us-east-1", Pass),
    (RULE, "untagged-bucket@us-east-1", Fail),
    (RULE, "miscased-bucket@us-east-1", Fail),
    (RULE, "jobs@us-east-1", Pass),
    (RULE, "alerts@us-east-1", Pass),
    (RULE, "untagged-topic@us-east-1", Fail),
    (RULE, "app-logs@us-east-1", Unknown),
];

async fn provision(moto: &Moto) {
    let config = moto.sdk_config("us-east-1").await;
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(true)
            .build(),
    );
    for (bucket, tags) in [
        (
            "tagged-bucket",
            &[("owner", "payments"), ("environment", "prod")][..],
        ),
        ("untagged-bucket", &[][..]),
        (
            "miscased-bucket",
            &[("Owner", "payments"), ("environment", "prod")][..],
        ),
    ] {
        must(
            s3.create_bucket().bucket(bucket).send().await,
            "s3:CreateBucket",
        );
        if tags.is_empty() {
            continue;
        }
        let set: Vec<Tag> = tags
            .iter()
            .map(|(k, v)| Tag::builder().key(*k).value(*v).build().expect("a tag"))
            .collect();
        must(
            s3.put_bucket_tagging()
                .bucket(bucket)
                .tagging(
                    Tagging::builder()
                        .set_tag_set(Some(set))
                        .build()
                        .expect("tagging"),
                )
                .send()
                .await,
            "s3:PutBucketTagging",
        );
    }
    let sqs = aws_sdk_sqs::Client::new(&config);
    must(
        sqs.create_queue()
            .queue_name("jobs")
            .tags("owner", "payments")
            .tags("environment", "prod")
            .send()
            .await,
        "sqs:CreateQueue",
    );
    let sns = aws_sdk_sns::Client::new(&config);
    must(
        sns.create_topic()
            .name("alerts")
            .tags(
                aws_sdk_sns::types::Tag::builder()
                    .key("owner")
                    .value("security")
                    .build()
                    .expect("a tag"),
            )
            .tags(
                aws_sdk_sns::types::Tag::builder()
                    .key("environment")
                    .value("prod")
                    .build()
                    .expect("a tag"),
            )
            .send()
            .await,
        "sns:CreateTopic",
    );
    must(
        sns.create_topic().name("untagged-topic").send().await,
        "sns:CreateTopic",
    );
    let logs = aws_sdk_cloudwatchlogs::Client::new(&config);
    must(
        logs.create_log_group()
            .log_group_name("app-logs")
            .tags("owner", "payments")
            .send()
            .await,
        "logs:CreateLogGroup",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tag_policy_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let mut inventory =
        crate::support::collect_services(&moto, &["us-east-1"], &["s3", "sqs", "sns", "logs"])
            .await;
    let tagged = inventory
        .resources
        .iter()
        .find(|r| r.name == "tagged-bucket")
        .expect("the tagged bucket is collected");
    assert_eq!(
        tagged.tags.get("owner").map(String::as_str),
        Some("payments")
    );
    assert_eq!(tagged.tags_unknown, None);
    inventory.settings = Settings {
        required_tags: vec!["owner".into(), "environment".into()],
        ..Default::default()
    };
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
