//! Account contacts against moto: a registered security contact passes, an account without
//! one fails. moto does not implement `GetContactInformation`, so the primary-contact rule is
//! Unknown.

use aws_sdk_account::types::AlternateContactType;
use cloudward_model::Status::{Fail, Pass, Unknown};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[(
        "account-contact-information-present",
        "moto does not implement account:GetContactInformation",
    )],
};

const ACCOUNT: &str = "123456789012@global";

const ROWS: &[Row] = &[("account-security-contact-registered", ACCOUNT, Pass)];

#[tokio::test]
async fn a_registered_security_contact_passes() {
    let moto = Moto::start();
    let config = moto.sdk_config("us-east-1").await;
    must(
        aws_sdk_account::Client::new(&config)
            .put_alternate_contact()
            .alternate_contact_type(AlternateContactType::Security)
            .name("Security team")
            .title("SecOps")
            .email_address("security@example.com")
            .phone_number("+15550100")
            .send()
            .await,
        "PutAlternateContact",
    );
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["account"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[tokio::test]
async fn no_security_contact_fails() {
    let moto = Moto::start();
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["account"]).await;
    let rows: &[Row] = &[
        ("account-security-contact-registered", ACCOUNT, Fail),
        ("account-contact-information-present", ACCOUNT, Unknown),
    ];
    let problems = crate::findings::compare(&inventory, rows, &[], false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
