//! IAM Identity Center against moto: moto always has one instance, so only the passing case
//! can be exercised (the failing one is a unit test).

use cloudward_model::Status::Pass;

use super::Suite;
use crate::findings::Row;
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const ROWS: &[Row] = &[(
    "ssoadmin-identity-center-enabled",
    "123456789012@global",
    Pass,
)];

#[tokio::test]
async fn the_instance_is_found() {
    let moto = Moto::start();
    let inventory =
        crate::support::collect_services(&moto, &["us-east-1", "eu-west-1"], &["ssoadmin"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
