//! Redshift: an exposed cluster and a hardened one.
//!
//! moto serves `DescribeClusters`, `DescribeLoggingStatus` and `DescribeClusterParameters`, but
//! it does not implement `ModifyClusterParameterGroup` (HTML 500) and `DescribeClusterParameters`
//! always answers the engine defaults (`require_ssl` false), so no cluster can require SSL
//! here: the hardened cluster's require_ssl row is a Fail (real AWS would Pass it with its
//! group set to `require_ssl=true`); the rule's Pass is covered by unit and IaC tests.

use aws_sdk_redshift::types::LogDestinationType;
use cloudward_model::Status::{Fail, Pass};

use super::Suite;
use crate::findings::{compare, Row};
use crate::provision::must;
use crate::server::Moto;

const ROWS: &[Row] = &[
    (
        "redshift-cluster-audit-logging-enabled",
        "acme-warehouse@us-east-1",
        Pass,
    ),
    (
        "redshift-cluster-audit-logging-enabled",
        "acme-warehouse-open@us-east-1",
        Fail,
    ),
    (
        "redshift-cluster-automatic-snapshots-enabled",
        "acme-warehouse@us-east-1",
        Pass,
    ),
    (
        "redshift-cluster-automatic-snapshots-enabled",
        "acme-warehouse-open@us-east-1",
        Fail,
    ),
    (
        "redshift-cluster-encrypted",
        "acme-warehouse@us-east-1",
        Pass,
    ),
    (
        "redshift-cluster-encrypted",
        "acme-warehouse-open@us-east-1",
        Fail,
    ),
    (
        "redshift-cluster-enhanced-vpc-routing",
        "acme-warehouse@us-east-1",
        Pass,
    ),
    (
        "redshift-cluster-enhanced-vpc-routing",
        "acme-warehouse-open@us-east-1",
        Fail,
    ),
    (
        "redshift-cluster-not-default-admin-username",
        "acme-warehouse@us-east-1",
        Pass,
    ),
    (
        "redshift-cluster-not-default-admin-username",
        "acme-warehouse-open@us-east-1",
        Fail,
    ),
    (
        "redshift-cluster-not-publicly-accessible",
        "acme-warehouse@us-east-1",
        Pass,
    ),
    (
        "redshift-cluster-not-publicly-accessible",
        "acme-warehouse-open@us-east-1",
        Fail,
    ),
    // moto answers the default require_ssl=false for every parameter group.
    (
        "redshift-cluster-require-ssl",
        "acme-warehouse@us-east-1",
        Fail,
    ),
    (
        "redshift-cluster-require-ssl",
        "acme-warehouse-open@us-east-1",
        Fail,
    ),
];

/// The Redshift suite.
pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redshift_clusters_match_the_table() {
    let moto = Moto::start();
    let config = moto.sdk_config("us-east-1").await;
    let client = aws_sdk_redshift::Client::new(&config);
    must(
        client
            .create_cluster_parameter_group()
            .parameter_group_name("acme-require-tls")
            .parameter_group_family("redshift-1.0")
            .description("require TLS")
            .send()
            .await,
        "redshift:CreateClusterParameterGroup",
    );
    must(
        client
            .create_cluster()
            .cluster_identifier("acme-warehouse-open")
            .node_type("ra3.xlplus")
            .cluster_type("single-node")
            .master_username("awsuser")
            .master_user_password("Insecure-Passw0rd")
            .publicly_accessible(true)
            .encrypted(false)
            .automated_snapshot_retention_period(0)
            .send()
            .await,
        "redshift:CreateCluster (open)",
    );
    must(
        client
            .create_cluster()
            .cluster_identifier("acme-warehouse")
            .node_type("ra3.xlplus")
            .cluster_type("single-node")
            .master_username("warehouse_admin")
            .master_user_password("A-much-Better-Passw0rd")
            .publicly_accessible(false)
            .encrypted(true)
            .enhanced_vpc_routing(true)
            .automated_snapshot_retention_period(7)
            .cluster_parameter_group_name("acme-require-tls")
            .send()
            .await,
        "redshift:CreateCluster (hardened)",
    );
    must(
        client
            .enable_logging()
            .cluster_identifier("acme-warehouse")
            .log_destination_type(LogDestinationType::Cloudwatch)
            .log_exports("connectionlog")
            .send()
            .await,
        "redshift:EnableLogging",
    );
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["redshift"]).await;
    assert!(inventory.errors.is_empty(), "{:#?}", inventory.errors);
    let problems = compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
