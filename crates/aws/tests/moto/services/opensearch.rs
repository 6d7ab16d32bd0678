//! OpenSearch Service: an open domain (public endpoint, allow-everyone access policy, no
//! encryption, HTTP allowed, no fine-grained access control or audit logs) and a hardened one.
//!
//! moto serves `ListDomainNames` and `DescribeDomains` with the options it was given.

use aws_sdk_opensearch::types::{
    AdvancedSecurityOptionsInput, DomainEndpointOptions, EncryptionAtRestOptions,
    LogPublishingOption, LogType, NodeToNodeEncryptionOptions, TlsSecurityPolicy,
};
use cloudward_model::Status::{Fail, Pass};

use super::Suite;
use crate::findings::{compare, Row};
use crate::provision::must;
use crate::server::{Moto, ACCOUNT_ID};

const ROWS: &[Row] = &[
    (
        "opensearch-domain-audit-logs-enabled",
        "acme-search@us-east-1",
        Pass,
    ),
    (
        "opensearch-domain-audit-logs-enabled",
        "acme-search-open@us-east-1",
        Fail,
    ),
    (
        "opensearch-domain-encrypted-at-rest",
        "acme-search@us-east-1",
        Pass,
    ),
    (
        "opensearch-domain-encrypted-at-rest",
        "acme-search-open@us-east-1",
        Fail,
    ),
    (
        "opensearch-domain-fine-grained-access-control-enabled",
        "acme-search@us-east-1",
        Pass,
    ),
    (
        "opensearch-domain-fine-grained-access-control-enabled",
        "acme-search-open@us-east-1",
        Fail,
    ),
    (
        "opensearch-domain-https-tls-1-2-required",
        "acme-search@us-east-1",
        Pass,
    ),
    (
        "opensearch-domain-https-tls-1-2-required",
        "acme-search-open@us-east-1",
        Fail,
    ),
    (
        "opensearch-domain-node-to-node-encryption-enabled",
        "acme-search@us-east-1",
        Pass,
    ),
    (
        "opensearch-domain-node-to-node-encryption-enabled",
        "acme-search-open@us-east-1",
        Fail,
    ),
    (
        "opensearch-domain-not-publicly-accessible",
        "acme-search@us-east-1",
        Pass,
    ),
    (
        "opensearch-domain-not-publicly-accessible",
        "acme-search-open@us-east-1",
        Fail,
    ),
];

/// The OpenSearch suite.
pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opensearch_domains_match_the_table() {
    let moto = Moto::start();
    let config = moto.sdk_config("us-east-1").await;
    let client = aws_sdk_opensearch::Client::new(&config);
    let open_policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"es:*","Resource":"arn:aws:es:us-east-1:{ACCOUNT_ID}:domain/acme-search-open/*"}}]}}"#
    );
    must(
        client
            .create_domain()
            .domain_name("acme-search-open")
            .engine_version("OpenSearch_2.13")
            .access_policies(open_policy)
            .domain_endpoint_options(
                DomainEndpointOptions::builder()
                    .enforce_https(false)
                    .build(),
            )
            .send()
            .await,
        "opensearch:CreateDomain (open)",
    );
    let role_policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{ACCOUNT_ID}:role/search-writer"}},"Action":"es:ESHttp*","Resource":"arn:aws:es:us-east-1:{ACCOUNT_ID}:domain/acme-search/*"}}]}}"#
    );
    must(
        client
            .create_domain()
            .domain_name("acme-search")
            .engine_version("OpenSearch_2.13")
            .access_policies(role_policy)
            .encryption_at_rest_options(EncryptionAtRestOptions::builder().enabled(true).build())
            .node_to_node_encryption_options(
                NodeToNodeEncryptionOptions::builder().enabled(true).build(),
            )
            .domain_endpoint_options(
                DomainEndpointOptions::builder()
                    .enforce_https(true)
                    .tls_security_policy(TlsSecurityPolicy::PolicyMinTls12Pfs202310)
                    .build(),
            )
            .advanced_security_options(
                AdvancedSecurityOptionsInput::builder()
                    .enabled(true)
                    .internal_user_database_enabled(false)
                    .build(),
            )
            .log_publishing_options(
                LogType::AuditLogs,
                LogPublishingOption::builder()
                    .enabled(true)
                    .cloud_watch_logs_log_group_arn(format!(
                        "arn:aws:logs:us-east-1:{ACCOUNT_ID}:log-group:acme-search-audit"
                    ))
                    .build(),
            )
            .send()
            .await,
        "opensearch:CreateDomain (hardened)",
    );
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["opensearch"]).await;
    assert!(inventory.errors.is_empty(), "{:#?}", inventory.errors);
    let problems = compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
