//! Amazon Inspector against moto: EC2 and ECR scanning on in us-east-1, Lambda off. moto
//! reports no status at all for an account that never called `Enable` (AWS reports it
//! `DISABLED`), so only the enabled region is collected. moto returns no findings unless
//! queued, so the critical-findings rule passes on an empty list.

use aws_sdk_inspector2::types::ResourceScanType;
use cloudward_model::Status::{Fail, Pass};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const REGION: &str = "us-east-1@us-east-1";

const ROWS: &[Row] = &[
    ("inspector2-ec2-scanning-enabled", REGION, Pass),
    ("inspector2-ecr-scanning-enabled", REGION, Pass),
    ("inspector2-lambda-scanning-enabled", REGION, Fail),
    ("inspector2-lambda-code-scanning-enabled", REGION, Fail),
    ("inspector2-critical-findings-remediated", REGION, Pass),
];

#[tokio::test]
async fn enabled_scan_types_pass_the_others_fail() {
    let moto = Moto::start();
    let config = moto.sdk_config("us-east-1").await;
    must(
        aws_sdk_inspector2::Client::new(&config)
            .enable()
            .account_ids("123456789012")
            .resource_types(ResourceScanType::Ec2)
            .resource_types(ResourceScanType::Ecr)
            .send()
            .await,
        "Enable",
    );
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["inspector2"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
