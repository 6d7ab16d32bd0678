//! CloudTrail S3 data events against moto: a multi-region trail whose advanced selectors
//! record object writes for one bucket only, and a second bucket nobody records.

use cloudward_model::Status::{Fail, Pass};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const ROWS: &[Row] = &[
    (
        "cloudtrail-s3-object-write-events-logged",
        "audited-data@us-east-1",
        Pass,
    ),
    (
        "cloudtrail-s3-object-read-events-logged",
        "audited-data@us-east-1",
        Fail,
    ),
    (
        "cloudtrail-s3-object-write-events-logged",
        "unaudited-data@us-east-1",
        Fail,
    ),
    (
        "cloudtrail-s3-object-read-events-logged",
        "unaudited-data@us-east-1",
        Fail,
    ),
    (
        "cloudtrail-s3-object-write-events-logged",
        "data-trail-logs@us-east-1",
        Fail,
    ),
    (
        "cloudtrail-s3-object-read-events-logged",
        "data-trail-logs@us-east-1",
        Fail,
    ),
];

async fn provision(moto: &Moto) {
    use aws_sdk_cloudtrail::types::{AdvancedEventSelector, AdvancedFieldSelector};
    let config = moto.sdk_config("us-east-1").await;
    let s3 = aws_sdk_s3::Client::new(&config);
    for bucket in ["audited-data", "unaudited-data", "data-trail-logs"] {
        must(
            s3.create_bucket().bucket(bucket).send().await,
            "s3:CreateBucket",
        );
    }
    let trail = aws_sdk_cloudtrail::Client::new(&config);
    must(
        trail
            .create_trail()
            .name("data-events")
            .s3_bucket_name("data-trail-logs")
            .is_multi_region_trail(true)
            .send()
            .await,
        "cloudtrail:CreateTrail",
    );
    must(
        trail.start_logging().name("data-events").send().await,
        "cloudtrail:StartLogging",
    );
    let field = |name: &str, op: &str, value: &str| {
        let b = AdvancedFieldSelector::builder().field(name);
        let b = match op {
            "equals" => b.equals(value),
            _ => b.starts_with(value),
        };
        b.build().expect("field is set")
    };
    let selector = |name: &str, fields: Vec<AdvancedFieldSelector>| {
        AdvancedEventSelector::builder()
            .name(name)
            .set_field_selectors(Some(fields))
            .build()
            .expect("fields are set")
    };
    must(
        trail
            .put_event_selectors()
            .trail_name("data-events")
            .advanced_event_selectors(selector(
                "management",
                vec![field("eventCategory", "equals", "Management")],
            ))
            .advanced_event_selectors(selector(
                "audited writes",
                vec![
                    field("eventCategory", "equals", "Data"),
                    field("resources.type", "equals", "AWS::S3::Object"),
                    field("readOnly", "equals", "false"),
                    field("resources.ARN", "starts", "arn:aws:s3:::audited-data/"),
                ],
            ))
            .send()
            .await,
        "cloudtrail:PutEventSelectors",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cloudtrail_data_event_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory =
        crate::support::collect_services(&moto, &["us-east-1"], &["s3", "cloudtrail"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
