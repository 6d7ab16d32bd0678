//! Security Hub standards against moto: the hub is enabled, but moto does not implement
//! `GetEnabledStandards`, so the standards rule is Unknown.

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[(
        "securityhub-standards-enabled",
        "moto does not implement securityhub:GetEnabledStandards",
    )],
};

const ROWS: &[Row] = &[];

#[tokio::test]
async fn the_standards_are_unknown_under_moto() {
    let moto = Moto::start();
    let config = moto.sdk_config("us-east-1").await;
    must(
        aws_sdk_securityhub::Client::new(&config)
            .enable_security_hub()
            .send()
            .await,
        "EnableSecurityHub",
    );
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["securityhub"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    let status = inventory
        .resources
        .iter()
        .find_map(|r| r.as_securityhub_region())
        .expect("the region is collected");
    assert!(
        status
            .enabled_standards
            .unknown_reason()
            .is_some_and(|r| r.contains("GetEnabledStandards")),
        "{:?}",
        status.enabled_standards
    );
}
