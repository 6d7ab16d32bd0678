//! ElastiCache: an open Redis OSS replication group, a hardened one, and a standalone
//! Memcached cluster.
//!
//! moto serves `DescribeReplicationGroups` and `DescribeCacheClusters` with the settings it
//! was given, but creates no member clusters for a replication group (`MemberClusters` is
//! empty), so a group's subnet group, which AWS reports on its members only, is Unknown here;
//! the standalone clusters exercise that rule both ways.

use aws_sdk_elasticache::types::TransitEncryptionMode;
use cloudward_model::Status::{Fail, NotApplicable as NA, Pass, Unknown};

use super::Suite;
use crate::findings::{compare, Row};
use crate::provision::must;
use crate::server::Moto;

const ROWS: &[Row] = &[
    ("elasticache-auth-required", "acme-cache@us-east-1", Pass),
    ("elasticache-auth-required", "acme-memo@us-east-1", NA),
    ("elasticache-auth-required", "acme-sessions@us-east-1", Fail),
    (
        "elasticache-auto-minor-version-upgrade-enabled",
        "acme-cache@us-east-1",
        Pass,
    ),
    (
        "elasticache-auto-minor-version-upgrade-enabled",
        "acme-memo@us-east-1",
        Fail,
    ),
    (
        "elasticache-auto-minor-version-upgrade-enabled",
        "acme-sessions@us-east-1",
        Fail,
    ),
    (
        "elasticache-automatic-backups-enabled",
        "acme-cache@us-east-1",
        Pass,
    ),
    (
        "elasticache-automatic-backups-enabled",
        "acme-memo@us-east-1",
        NA,
    ),
    (
        "elasticache-automatic-backups-enabled",
        "acme-sessions@us-east-1",
        Fail,
    ),
    (
        "elasticache-encrypted-at-rest",
        "acme-cache@us-east-1",
        Pass,
    ),
    ("elasticache-encrypted-at-rest", "acme-memo@us-east-1", NA),
    (
        "elasticache-encrypted-at-rest",
        "acme-sessions@us-east-1",
        Fail,
    ),
    (
        "elasticache-encrypted-in-transit",
        "acme-cache@us-east-1",
        Pass,
    ),
    (
        "elasticache-encrypted-in-transit",
        "acme-memo@us-east-1",
        Fail,
    ),
    (
        "elasticache-encrypted-in-transit",
        "acme-sessions@us-east-1",
        Fail,
    ),
    // moto: no member clusters, so the groups' subnet group is not known.
    (
        "elasticache-not-in-default-subnet-group",
        "acme-cache@us-east-1",
        Unknown,
    ),
    (
        "elasticache-not-in-default-subnet-group",
        "acme-memo@us-east-1",
        Fail,
    ),
    (
        "elasticache-not-in-default-subnet-group",
        "acme-memo-private@us-east-1",
        Pass,
    ),
    (
        "elasticache-not-in-default-subnet-group",
        "acme-sessions@us-east-1",
        Unknown,
    ),
    (
        "elasticache-auth-required",
        "acme-memo-private@us-east-1",
        NA,
    ),
    (
        "elasticache-auto-minor-version-upgrade-enabled",
        "acme-memo-private@us-east-1",
        Pass,
    ),
    (
        "elasticache-automatic-backups-enabled",
        "acme-memo-private@us-east-1",
        NA,
    ),
    (
        "elasticache-encrypted-at-rest",
        "acme-memo-private@us-east-1",
        NA,
    ),
    (
        "elasticache-encrypted-in-transit",
        "acme-memo-private@us-east-1",
        Pass,
    ),
];

/// The ElastiCache suite.
pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn elasticache_caches_match_the_table() {
    let moto = Moto::start();
    let config = moto.sdk_config("us-east-1").await;
    let client = aws_sdk_elasticache::Client::new(&config);
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let vpc = must(
        ec2.create_vpc().cidr_block("10.40.0.0/16").send().await,
        "ec2:CreateVpc",
    );
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).unwrap().to_string();
    let subnet = must(
        ec2.create_subnet()
            .vpc_id(&vpc_id)
            .cidr_block("10.40.1.0/24")
            .send()
            .await,
        "ec2:CreateSubnet",
    );
    let subnet_id = subnet
        .subnet()
        .and_then(|s| s.subnet_id())
        .unwrap()
        .to_string();
    must(
        client
            .create_cache_subnet_group()
            .cache_subnet_group_name("acme-cache-private")
            .cache_subnet_group_description("private cache subnets")
            .subnet_ids(&subnet_id)
            .send()
            .await,
        "elasticache:CreateCacheSubnetGroup",
    );
    must(
        client
            .create_replication_group()
            .replication_group_id("acme-sessions")
            .replication_group_description("open session store")
            .engine("redis")
            .cache_node_type("cache.t4g.small")
            .num_cache_clusters(2)
            .auto_minor_version_upgrade(false)
            .send()
            .await,
        "elasticache:CreateReplicationGroup (insecure)",
    );
    must(
        client
            .create_replication_group()
            .replication_group_id("acme-cache")
            .replication_group_description("hardened cache")
            .engine("redis")
            .cache_node_type("cache.t4g.small")
            .num_cache_clusters(2)
            .cache_subnet_group_name("acme-cache-private")
            .at_rest_encryption_enabled(true)
            .transit_encryption_enabled(true)
            .transit_encryption_mode(TransitEncryptionMode::Required)
            .auth_token("a-long-random-auth-token-0123456789")
            .snapshot_retention_limit(7)
            .auto_minor_version_upgrade(true)
            .send()
            .await,
        "elasticache:CreateReplicationGroup (secure)",
    );
    must(
        client
            .create_cache_cluster()
            .cache_cluster_id("acme-memo")
            .engine("memcached")
            .cache_node_type("cache.t4g.small")
            .num_cache_nodes(1)
            .auto_minor_version_upgrade(false)
            .send()
            .await,
        "elasticache:CreateCacheCluster",
    );
    must(
        client
            .create_cache_cluster()
            .cache_cluster_id("acme-memo-private")
            .engine("memcached")
            .cache_node_type("cache.t4g.small")
            .num_cache_nodes(1)
            .cache_subnet_group_name("acme-cache-private")
            .transit_encryption_enabled(true)
            .auto_minor_version_upgrade(true)
            .send()
            .await,
        "elasticache:CreateCacheCluster (private)",
    );
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["elasticache"]).await;
    assert!(inventory.errors.is_empty(), "{:#?}", inventory.errors);
    let problems = compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
