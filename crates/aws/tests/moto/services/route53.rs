//! Route 53 against moto: public zones with and without DNS query logging, a private zone,
//! and registered domains with auto-renew on and off.
//!
//! moto gaps: `EnableHostedZoneDNSSEC` is an HTML 404, so no zone can pass
//! `route53-hosted-zone-dnssec-signing-enabled` (its `GetDNSSEC` answers NOT_SIGNING, as AWS
//! does for an unsigned zone); `ListDomains` always reports `TransferLock: true`, so the Fail
//! side of `route53domains-domain-transfer-lock-enabled` is covered by unit tests.

use aws_sdk_route53::types::{HostedZoneConfig, Vpc, VpcRegion};
use aws_sdk_route53domains::types::{ContactDetail, ContactType, CountryCode};
use cloudward_model::Status::{Fail, NotApplicable, Pass};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const ROWS: &[Row] = &[
    // RegisterDomain creates a public hosted zone for the domain (as AWS does), unlogged and
    // unsigned.
    (
        "route53-hosted-zone-query-logging-enabled",
        "renewing-example.com@global",
        Fail,
    ),
    (
        "route53-hosted-zone-query-logging-enabled",
        "lapsing-example.com@global",
        Fail,
    ),
    (
        "route53-hosted-zone-dnssec-signing-enabled",
        "renewing-example.com@global",
        Fail,
    ),
    (
        "route53-hosted-zone-dnssec-signing-enabled",
        "lapsing-example.com@global",
        Fail,
    ),
    (
        "route53-hosted-zone-query-logging-enabled",
        "logged.example.com@global",
        Pass,
    ),
    (
        "route53-hosted-zone-query-logging-enabled",
        "plain.example.com@global",
        Fail,
    ),
    (
        "route53-hosted-zone-query-logging-enabled",
        "internal.example.com@global",
        NotApplicable,
    ),
    // moto cannot enable DNSSEC signing.
    (
        "route53-hosted-zone-dnssec-signing-enabled",
        "logged.example.com@global",
        Fail,
    ),
    (
        "route53-hosted-zone-dnssec-signing-enabled",
        "plain.example.com@global",
        Fail,
    ),
    (
        "route53-hosted-zone-dnssec-signing-enabled",
        "internal.example.com@global",
        NotApplicable,
    ),
    // moto always reports the transfer lock on.
    (
        "route53domains-domain-transfer-lock-enabled",
        "renewing-example.com@global",
        Pass,
    ),
    (
        "route53domains-domain-transfer-lock-enabled",
        "lapsing-example.com@global",
        Pass,
    ),
    (
        "route53domains-domain-auto-renew-enabled",
        "renewing-example.com@global",
        Pass,
    ),
    (
        "route53domains-domain-auto-renew-enabled",
        "lapsing-example.com@global",
        Fail,
    ),
];

const LOG_GROUP: &str = "/aws/route53/logged.example.com";

async fn provision(moto: &Moto) {
    let config = moto.sdk_config("us-east-1").await;
    let r53 = aws_sdk_route53::Client::new(&config);
    let mut logged = String::new();
    for (n, name) in ["logged.example.com", "plain.example.com"]
        .iter()
        .enumerate()
    {
        let zone = must(
            r53.create_hosted_zone()
                .name(*name)
                .caller_reference(format!("zone-{n}"))
                .send()
                .await,
            "route53:CreateHostedZone",
        );
        if n == 0 {
            // `/hostedzone/Z123`: moto wants the bare id.
            logged = zone
                .hosted_zone()
                .and_then(|z| z.id().rsplit('/').next())
                .map(str::to_string)
                .expect("zone id");
        }
    }
    must(
        r53.create_hosted_zone()
            .name("internal.example.com")
            .caller_reference("zone-private")
            .hosted_zone_config(HostedZoneConfig::builder().private_zone(true).build())
            .vpc(
                Vpc::builder()
                    .vpc_region(VpcRegion::UsEast1)
                    .vpc_id("vpc-12345678")
                    .build(),
            )
            .send()
            .await,
        "route53:CreateHostedZone",
    );
    let logs = aws_sdk_cloudwatchlogs::Client::new(&config);
    must(
        logs.create_log_group()
            .log_group_name(LOG_GROUP)
            .send()
            .await,
        "logs:CreateLogGroup",
    );
    must(
        r53.create_query_logging_config()
            .hosted_zone_id(logged)
            .cloud_watch_logs_log_group_arn(format!(
                "arn:aws:logs:us-east-1:123456789012:log-group:{LOG_GROUP}:*"
            ))
            .send()
            .await,
        "route53:CreateQueryLoggingConfig",
    );

    let domains = aws_sdk_route53domains::Client::new(&config);
    let contact = ContactDetail::builder()
        .first_name("Ada")
        .last_name("Admin")
        .contact_type(ContactType::Person)
        .address_line1("1 Main St")
        .city("Seattle")
        .state("WA")
        .country_code(CountryCode::Us)
        .zip_code("98101")
        .phone_number("+1.2065550100")
        .email("dns@example.com")
        .build();
    for (domain, renew) in [
        ("renewing-example.com", true),
        ("lapsing-example.com", false),
    ] {
        must(
            domains
                .register_domain()
                .domain_name(domain)
                // moto rejects an expiry of exactly one year as "not between 1 and 10 years".
                .duration_in_years(2)
                .auto_renew(renew)
                .admin_contact(contact.clone())
                .registrant_contact(contact.clone())
                .tech_contact(contact.clone())
                .send()
                .await,
            "route53domains:RegisterDomain",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn route53_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory =
        crate::support::collect_services(&moto, &["us-east-1"], &["route53", "route53domains"])
            .await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
