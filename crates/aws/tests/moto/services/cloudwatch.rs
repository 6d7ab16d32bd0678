//! CIS monitoring (4.1–4.15) against moto: one multi-region trail delivering to a log group
//! with CIS metric filters and SNS topics. moto 5.2.5 does not speak the Smithy RPC v2 CBOR
//! protocol the current `aws-sdk-cloudwatch` uses (every CloudWatch call answers HTML 404), so
//! the alarms cannot be provisioned or read: every monitoring rule must be Unknown, naming
//! `cloudwatch:DescribeAlarms`, never Pass or Fail. The Pass and Fail paths (filter, alarm,
//! subscriber each missing in turn) are unit tests in `rules/src/cloudwatch/`.

use aws_sdk_cloudtrail::types::{EventSelector, ReadWriteType};

use super::Suite;
use crate::findings::compare;
use crate::provision::must;
use crate::server::{Moto, ACCOUNT_ID};
use crate::support;
use cloudward_model::Status::Unknown;

const REGION: &str = "us-east-1";
const ACCOUNT: &str = "123456789012@global";

/// Exact verdicts: one per rule, on the account, all Unknown.
pub const SUITE: Suite = Suite {
    rows: &[
        ("cloudwatch-alarm-unauthorized-api-calls", ACCOUNT, Unknown),
        (
            "cloudwatch-alarm-console-sign-in-without-mfa",
            ACCOUNT,
            Unknown,
        ),
        ("cloudwatch-alarm-root-usage", ACCOUNT, Unknown),
        ("cloudwatch-alarm-iam-policy-changes", ACCOUNT, Unknown),
        ("cloudwatch-alarm-cloudtrail-changes", ACCOUNT, Unknown),
        ("cloudwatch-alarm-console-auth-failures", ACCOUNT, Unknown),
        ("cloudwatch-alarm-cmk-disabled-or-deleted", ACCOUNT, Unknown),
        (
            "cloudwatch-alarm-s3-bucket-policy-changes",
            ACCOUNT,
            Unknown,
        ),
        ("cloudwatch-alarm-aws-config-changes", ACCOUNT, Unknown),
        ("cloudwatch-alarm-security-group-changes", ACCOUNT, Unknown),
        ("cloudwatch-alarm-nacl-changes", ACCOUNT, Unknown),
        ("cloudwatch-alarm-network-gateway-changes", ACCOUNT, Unknown),
        ("cloudwatch-alarm-route-table-changes", ACCOUNT, Unknown),
        ("cloudwatch-alarm-vpc-changes", ACCOUNT, Unknown),
        ("cloudwatch-alarm-organizations-changes", ACCOUNT, Unknown),
    ],
    // Not "not exercisable": without a qualifying trail they Fail, as the whole-account
    // insecure table shows; only their Pass path needs the alarms moto cannot serve.
    not_exercisable: &[],
};

const UNAUTHORIZED: &str = r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }"#;
const ROOT: &str = r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#;
const IAM: &str = "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}";

async fn filter(logs: &aws_sdk_cloudwatchlogs::Client, name: &str, pattern: &str) {
    must(
        logs.put_metric_filter()
            .log_group_name("org-trail")
            .filter_name(name)
            .filter_pattern(pattern)
            .metric_transformations(
                aws_sdk_cloudwatchlogs::types::MetricTransformation::builder()
                    .metric_name(name)
                    .metric_namespace("CISBenchmark")
                    .metric_value("1")
                    .build()
                    .expect("metric transformation"),
            )
            .send()
            .await,
        "logs:PutMetricFilter",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cis_monitoring_verdicts_match_the_table() {
    let moto = Moto::start();
    let config = moto.sdk_config(REGION).await;
    let s3 = cloudward_aws::s3_client(&config);
    let cloudtrail = aws_sdk_cloudtrail::Client::new(&config);
    let logs = aws_sdk_cloudwatchlogs::Client::new(&config);
    let sns = aws_sdk_sns::Client::new(&config);

    must(
        s3.create_bucket().bucket("org-trail-logs").send().await,
        "s3:CreateBucket",
    );
    must(
        logs.create_log_group()
            .log_group_name("org-trail")
            .send()
            .await,
        "logs:CreateLogGroup",
    );
    must(
        cloudtrail
            .create_trail()
            .name("org-trail")
            .s3_bucket_name("org-trail-logs")
            .is_multi_region_trail(true)
            .include_global_service_events(true)
            .cloud_watch_logs_log_group_arn(format!(
                "arn:aws:logs:{REGION}:{ACCOUNT_ID}:log-group:org-trail:*"
            ))
            .cloud_watch_logs_role_arn(format!("arn:aws:iam::{ACCOUNT_ID}:role/trail-to-logs"))
            .send()
            .await,
        "cloudtrail:CreateTrail",
    );
    must(
        cloudtrail
            .put_event_selectors()
            .trail_name("org-trail")
            .event_selectors(
                EventSelector::builder()
                    .read_write_type(ReadWriteType::All)
                    .include_management_events(true)
                    .build(),
            )
            .send()
            .await,
        "cloudtrail:PutEventSelectors",
    );
    must(
        cloudtrail.start_logging().name("org-trail").send().await,
        "cloudtrail:StartLogging",
    );
    let subscribed = must(
        sns.create_topic().name("security-alerts").send().await,
        "sns:CreateTopic",
    )
    .topic_arn()
    .expect("CreateTopic returns the ARN")
    .to_string();
    must(
        sns.subscribe()
            .topic_arn(&subscribed)
            .protocol("sqs")
            .endpoint(format!("arn:aws:sqs:{REGION}:{ACCOUNT_ID}:alerts"))
            .send()
            .await,
        "sns:Subscribe",
    );
    let _silent = must(
        sns.create_topic().name("nobody-listens").send().await,
        "sns:CreateTopic",
    )
    .topic_arn()
    .expect("CreateTopic returns the ARN")
    .to_string();

    filter(&logs, "cis-4-1", UNAUTHORIZED).await;
    filter(&logs, "cis-4-3", ROOT).await;
    filter(&logs, "cis-4-4", IAM).await;

    let inventory =
        support::collect_services(&moto, &[REGION], &["cloudtrail", "cloudwatch", "sns"]).await;
    let problems = compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    // Every Unknown names the call that failed.
    let (findings, _) = support::verdicts(&inventory);
    for f in findings
        .iter()
        .filter(|f| f.rule_id.starts_with("cloudwatch-alarm-"))
    {
        assert!(
            f.message.contains("DescribeAlarms"),
            "{}: {}",
            f.rule_id,
            f.message
        );
    }
}
