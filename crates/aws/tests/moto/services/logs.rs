//! CloudWatch Logs against moto: a group that never expires without a key, a short-lived
//! encrypted group, and two trails' groups (one kept 30 days, one 400). Collected with
//! `cloudtrail`, whose trails say which groups are CloudTrail's.

use cloudward_model::Status::{Fail, NotApplicable as NA, Pass};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::{Moto, ACCOUNT_ID};

/// The expectations.
pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const APP: &str = "acme-app@us-east-1";
const SHORT: &str = "acme-short@us-east-1";
const TRAIL_SHORT: &str = "acme-trail-short@us-east-1";
const TRAIL_LONG: &str = "acme-trail-long@us-east-1";

const ROWS: &[Row] = &[
    ("logs-log-group-encrypted-with-kms", APP, Fail),
    ("logs-log-group-encrypted-with-kms", SHORT, Pass),
    ("logs-log-group-encrypted-with-kms", TRAIL_SHORT, Fail),
    ("logs-log-group-encrypted-with-kms", TRAIL_LONG, Pass),
    ("logs-log-group-retention-set", APP, Fail),
    ("logs-log-group-retention-set", SHORT, Pass),
    ("logs-log-group-retention-set", TRAIL_SHORT, Pass),
    ("logs-log-group-retention-set", TRAIL_LONG, Pass),
    ("logs-log-group-retention-minimum", APP, Pass),
    ("logs-log-group-retention-minimum", SHORT, Fail),
    ("logs-log-group-retention-minimum", TRAIL_SHORT, Fail),
    ("logs-log-group-retention-minimum", TRAIL_LONG, Pass),
    ("logs-cloudtrail-log-group-retention", APP, NA),
    ("logs-cloudtrail-log-group-retention", SHORT, NA),
    ("logs-cloudtrail-log-group-retention", TRAIL_SHORT, Fail),
    ("logs-cloudtrail-log-group-retention", TRAIL_LONG, Pass),
];

async fn provision(moto: &Moto) {
    let config = moto.sdk_config("us-east-1").await;
    let logs = aws_sdk_cloudwatchlogs::Client::new(&config);
    let cloudtrail = aws_sdk_cloudtrail::Client::new(&config);
    let s3 = cloudward_aws::s3_client(&config);
    let key =
        format!("arn:aws:kms:us-east-1:{ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    for (name, retention, kms) in [
        ("acme-app", None, None),
        ("acme-short", Some(30), Some(key.clone())),
        ("acme-trail-short", Some(30), None),
        ("acme-trail-long", Some(400), Some(key.clone())),
    ] {
        must(
            logs.create_log_group()
                .log_group_name(name)
                .set_kms_key_id(kms)
                .send()
                .await,
            "CreateLogGroup",
        );
        if let Some(days) = retention {
            must(
                logs.put_retention_policy()
                    .log_group_name(name)
                    .retention_in_days(days)
                    .send()
                    .await,
                "PutRetentionPolicy",
            );
        }
    }
    must(
        s3.create_bucket().bucket("acme-logs-trail").send().await,
        "CreateBucket",
    );
    for (trail, group) in [("short", "acme-trail-short"), ("long", "acme-trail-long")] {
        must(
            cloudtrail
                .create_trail()
                .name(format!("acme-{trail}"))
                .s3_bucket_name("acme-logs-trail")
                .cloud_watch_logs_log_group_arn(format!(
                    "arn:aws:logs:us-east-1:{ACCOUNT_ID}:log-group:{group}:*"
                ))
                .cloud_watch_logs_role_arn(format!("arn:aws:iam::{ACCOUNT_ID}:role/trail-logs"))
                .send()
                .await,
            "CreateTrail",
        );
    }
}

#[tokio::test]
async fn log_groups_give_the_expected_verdicts() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory =
        crate::support::collect_services(&moto, &["us-east-1"], &["logs", "cloudtrail"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
