//! Amazon Macie against moto: on in us-east-1 (moto's default), disabled in eu-west-1.

use cloudward_model::Status::{Fail, Unknown};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const ROWS: &[Row] = &[
    // moto's GetMacieSession answer for an enabled session is a shape the Rust SDK cannot
    // read (HTTP 200, unreadable): an honest Unknown, never a Pass.
    ("macie2-enabled", "us-east-1@us-east-1", Unknown),
    ("macie2-enabled", "eu-west-1@eu-west-1", Fail),
];

#[tokio::test]
async fn macie_on_passes_off_fails() {
    let moto = Moto::start();
    let config = moto.sdk_config("eu-west-1").await;
    must(
        aws_sdk_macie2::Client::new(&config)
            .disable_macie()
            .send()
            .await,
        "DisableMacie",
    );
    let inventory =
        crate::support::collect_services(&moto, &["us-east-1", "eu-west-1"], &["macie2"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
