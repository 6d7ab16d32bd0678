//! RDS: an insecure and a secure twin of each resource in us-east-1, provisioned through the
//! Rust SDK: PostgreSQL instances (one in a subnet group with a route to an internet gateway),
//! Aurora PostgreSQL clusters, DB and cluster snapshots (the insecure ones made public and
//! shared with an untrusted account through `Modify*SnapshotAttribute`), parameter groups with
//! `rds.force_ssl` 0 and 1, and event subscriptions covering some critical categories and not
//! others. EC2 is collected too: the public-subnet rule reads its route tables.

use aws_sdk_ec2::types as ec2t;
use aws_sdk_rds::types::Parameter;
use cloudward_model::Status::{Fail, NotApplicable as NA, Pass};

use super::Suite;
use crate::findings::Row;
use crate::provision::{must, tags};
use crate::server::Moto;

/// Rows and gaps of the RDS suite.
pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

/// Notes on rows that may surprise:
/// - moto creates an automated snapshot for every instance, Aurora cluster members included
///   (`automated/secure-cluster-1`), where AWS keeps Aurora backups at the cluster level only;
///   automated snapshots cannot be shared, so their sharing rows Pass without an attribute call;
/// - cluster members are NotApplicable for the settings that are their cluster's.
const ROWS: &[Row] = &[
    (
        "rds-cluster-backup-retention-sufficient",
        "insecure-cluster@us-east-1",
        Fail,
    ),
    (
        "rds-cluster-backup-retention-sufficient",
        "secure-cluster@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-copy-tags-to-snapshots",
        "insecure-cluster@us-east-1",
        Fail,
    ),
    (
        "rds-cluster-copy-tags-to-snapshots",
        "secure-cluster@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-custom-master-username",
        "insecure-cluster@us-east-1",
        Fail,
    ),
    (
        "rds-cluster-custom-master-username",
        "secure-cluster@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-deletion-protection-enabled",
        "insecure-cluster@us-east-1",
        Fail,
    ),
    (
        "rds-cluster-deletion-protection-enabled",
        "secure-cluster@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-iam-authentication-enabled",
        "insecure-cluster@us-east-1",
        Fail,
    ),
    (
        "rds-cluster-iam-authentication-enabled",
        "secure-cluster@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-logs-exported",
        "insecure-cluster@us-east-1",
        Fail,
    ),
    (
        "rds-cluster-logs-exported",
        "secure-cluster@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-multi-az-for-production",
        "insecure-cluster@us-east-1",
        Fail,
    ),
    (
        "rds-cluster-multi-az-for-production",
        "secure-cluster@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-snapshot-encrypted",
        "automated/insecure-cluster@us-east-1",
        Fail,
    ),
    (
        "rds-cluster-snapshot-encrypted",
        "automated/secure-cluster@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-snapshot-encrypted",
        "insecure-cluster-snap@us-east-1",
        Fail,
    ),
    (
        "rds-cluster-snapshot-encrypted",
        "secure-cluster-snap@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-snapshot-not-public",
        "automated/insecure-cluster@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-snapshot-not-public",
        "automated/secure-cluster@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-snapshot-not-public",
        "insecure-cluster-snap@us-east-1",
        Fail,
    ),
    (
        "rds-cluster-snapshot-not-public",
        "secure-cluster-snap@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-snapshot-shared-only-with-trusted-accounts",
        "automated/insecure-cluster@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-snapshot-shared-only-with-trusted-accounts",
        "automated/secure-cluster@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-snapshot-shared-only-with-trusted-accounts",
        "insecure-cluster-snap@us-east-1",
        Fail,
    ),
    (
        "rds-cluster-snapshot-shared-only-with-trusted-accounts",
        "secure-cluster-snap@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-storage-encrypted",
        "insecure-cluster@us-east-1",
        Fail,
    ),
    (
        "rds-cluster-storage-encrypted",
        "secure-cluster@us-east-1",
        Pass,
    ),
    (
        "rds-cluster-tls-enforced",
        "insecure-cluster@us-east-1",
        Fail,
    ),
    ("rds-cluster-tls-enforced", "secure-cluster@us-east-1", Pass),
    (
        "rds-event-subscription-cluster-critical-events",
        "us-east-1@us-east-1",
        Fail,
    ),
    (
        "rds-event-subscription-instance-critical-events",
        "us-east-1@us-east-1",
        Pass,
    ),
    (
        "rds-event-subscription-parameter-group-events",
        "us-east-1@us-east-1",
        Fail,
    ),
    (
        "rds-event-subscription-security-group-events",
        "us-east-1@us-east-1",
        Pass,
    ),
    (
        "rds-instance-auto-minor-version-upgrade-enabled",
        "insecure-db@us-east-1",
        Fail,
    ),
    (
        "rds-instance-auto-minor-version-upgrade-enabled",
        "secure-cluster-1@us-east-1",
        Pass,
    ),
    (
        "rds-instance-auto-minor-version-upgrade-enabled",
        "secure-cluster-2@us-east-1",
        Pass,
    ),
    (
        "rds-instance-auto-minor-version-upgrade-enabled",
        "secure-db@us-east-1",
        Pass,
    ),
    (
        "rds-instance-backup-retention-sufficient",
        "insecure-db@us-east-1",
        Fail,
    ),
    (
        "rds-instance-backup-retention-sufficient",
        "secure-cluster-1@us-east-1",
        NA,
    ),
    (
        "rds-instance-backup-retention-sufficient",
        "secure-cluster-2@us-east-1",
        NA,
    ),
    (
        "rds-instance-backup-retention-sufficient",
        "secure-db@us-east-1",
        Pass,
    ),
    (
        "rds-instance-copy-tags-to-snapshots",
        "insecure-db@us-east-1",
        Fail,
    ),
    (
        "rds-instance-copy-tags-to-snapshots",
        "secure-cluster-1@us-east-1",
        NA,
    ),
    (
        "rds-instance-copy-tags-to-snapshots",
        "secure-cluster-2@us-east-1",
        NA,
    ),
    (
        "rds-instance-copy-tags-to-snapshots",
        "secure-db@us-east-1",
        Pass,
    ),
    (
        "rds-instance-custom-master-username",
        "insecure-db@us-east-1",
        Fail,
    ),
    (
        "rds-instance-custom-master-username",
        "secure-cluster-1@us-east-1",
        NA,
    ),
    (
        "rds-instance-custom-master-username",
        "secure-cluster-2@us-east-1",
        NA,
    ),
    (
        "rds-instance-custom-master-username",
        "secure-db@us-east-1",
        Pass,
    ),
    (
        "rds-instance-deletion-protection-enabled",
        "insecure-db@us-east-1",
        Fail,
    ),
    (
        "rds-instance-deletion-protection-enabled",
        "secure-cluster-1@us-east-1",
        NA,
    ),
    (
        "rds-instance-deletion-protection-enabled",
        "secure-cluster-2@us-east-1",
        NA,
    ),
    (
        "rds-instance-deletion-protection-enabled",
        "secure-db@us-east-1",
        Pass,
    ),
    (
        "rds-instance-enhanced-monitoring-enabled",
        "insecure-db@us-east-1",
        Fail,
    ),
    (
        "rds-instance-enhanced-monitoring-enabled",
        "secure-cluster-1@us-east-1",
        Pass,
    ),
    (
        "rds-instance-enhanced-monitoring-enabled",
        "secure-cluster-2@us-east-1",
        Pass,
    ),
    (
        "rds-instance-enhanced-monitoring-enabled",
        "secure-db@us-east-1",
        Pass,
    ),
    (
        "rds-instance-iam-authentication-enabled",
        "insecure-db@us-east-1",
        Fail,
    ),
    (
        "rds-instance-iam-authentication-enabled",
        "secure-cluster-1@us-east-1",
        NA,
    ),
    (
        "rds-instance-iam-authentication-enabled",
        "secure-cluster-2@us-east-1",
        NA,
    ),
    (
        "rds-instance-iam-authentication-enabled",
        "secure-db@us-east-1",
        Pass,
    ),
    ("rds-instance-logs-exported", "insecure-db@us-east-1", Fail),
    (
        "rds-instance-logs-exported",
        "secure-cluster-1@us-east-1",
        NA,
    ),
    (
        "rds-instance-logs-exported",
        "secure-cluster-2@us-east-1",
        NA,
    ),
    ("rds-instance-logs-exported", "secure-db@us-east-1", Pass),
    (
        "rds-instance-multi-az-for-production",
        "insecure-db@us-east-1",
        Fail,
    ),
    (
        "rds-instance-multi-az-for-production",
        "secure-cluster-1@us-east-1",
        NA,
    ),
    (
        "rds-instance-multi-az-for-production",
        "secure-cluster-2@us-east-1",
        NA,
    ),
    (
        "rds-instance-multi-az-for-production",
        "secure-db@us-east-1",
        Pass,
    ),
    (
        "rds-instance-not-in-public-subnet",
        "insecure-db@us-east-1",
        Fail,
    ),
    (
        "rds-instance-not-in-public-subnet",
        "secure-cluster-1@us-east-1",
        Pass,
    ),
    (
        "rds-instance-not-in-public-subnet",
        "secure-cluster-2@us-east-1",
        Pass,
    ),
    (
        "rds-instance-not-in-public-subnet",
        "secure-db@us-east-1",
        Pass,
    ),
    (
        "rds-instance-not-publicly-accessible",
        "insecure-db@us-east-1",
        Fail,
    ),
    (
        "rds-instance-not-publicly-accessible",
        "secure-cluster-1@us-east-1",
        Pass,
    ),
    (
        "rds-instance-not-publicly-accessible",
        "secure-cluster-2@us-east-1",
        Pass,
    ),
    (
        "rds-instance-not-publicly-accessible",
        "secure-db@us-east-1",
        Pass,
    ),
    (
        "rds-instance-storage-encrypted",
        "insecure-db@us-east-1",
        Fail,
    ),
    (
        "rds-instance-storage-encrypted",
        "secure-cluster-1@us-east-1",
        NA,
    ),
    (
        "rds-instance-storage-encrypted",
        "secure-cluster-2@us-east-1",
        NA,
    ),
    (
        "rds-instance-storage-encrypted",
        "secure-db@us-east-1",
        Pass,
    ),
    ("rds-instance-tls-enforced", "insecure-db@us-east-1", Fail),
    (
        "rds-instance-tls-enforced",
        "secure-cluster-1@us-east-1",
        NA,
    ),
    (
        "rds-instance-tls-enforced",
        "secure-cluster-2@us-east-1",
        NA,
    ),
    ("rds-instance-tls-enforced", "secure-db@us-east-1", Pass),
    (
        "rds-snapshot-encrypted",
        "automated/insecure-db@us-east-1",
        Fail,
    ),
    (
        "rds-snapshot-encrypted",
        "automated/secure-cluster-1@us-east-1",
        Pass,
    ),
    (
        "rds-snapshot-encrypted",
        "automated/secure-cluster-2@us-east-1",
        Pass,
    ),
    (
        "rds-snapshot-encrypted",
        "automated/secure-db@us-east-1",
        Pass,
    ),
    ("rds-snapshot-encrypted", "insecure-snap@us-east-1", Fail),
    ("rds-snapshot-encrypted", "secure-snap@us-east-1", Pass),
    (
        "rds-snapshot-not-public",
        "automated/insecure-db@us-east-1",
        Pass,
    ),
    (
        "rds-snapshot-not-public",
        "automated/secure-cluster-1@us-east-1",
        Pass,
    ),
    (
        "rds-snapshot-not-public",
        "automated/secure-cluster-2@us-east-1",
        Pass,
    ),
    (
        "rds-snapshot-not-public",
        "automated/secure-db@us-east-1",
        Pass,
    ),
    ("rds-snapshot-not-public", "insecure-snap@us-east-1", Fail),
    ("rds-snapshot-not-public", "secure-snap@us-east-1", Pass),
    (
        "rds-snapshot-shared-only-with-trusted-accounts",
        "automated/insecure-db@us-east-1",
        Pass,
    ),
    (
        "rds-snapshot-shared-only-with-trusted-accounts",
        "automated/secure-cluster-1@us-east-1",
        Pass,
    ),
    (
        "rds-snapshot-shared-only-with-trusted-accounts",
        "automated/secure-cluster-2@us-east-1",
        Pass,
    ),
    (
        "rds-snapshot-shared-only-with-trusted-accounts",
        "automated/secure-db@us-east-1",
        Pass,
    ),
    (
        "rds-snapshot-shared-only-with-trusted-accounts",
        "insecure-snap@us-east-1",
        Fail,
    ),
    (
        "rds-snapshot-shared-only-with-trusted-accounts",
        "secure-snap@us-east-1",
        Pass,
    ),
];

const REGION: &str = "us-east-1";

async fn network(ec2: &aws_sdk_ec2::Client) -> (String, String, String) {
    let vpc = must(
        ec2.create_vpc()
            .cidr_block("10.20.0.0/16")
            .tag_specifications(tags(ec2t::ResourceType::Vpc, "rds-vpc"))
            .send()
            .await,
        "ec2:CreateVpc",
    );
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).unwrap().to_string();
    let subnet = |cidr: &'static str, az: &'static str, name: &'static str| {
        let vpc_id = vpc_id.clone();
        async move {
            let out = must(
                ec2.create_subnet()
                    .vpc_id(vpc_id)
                    .cidr_block(cidr)
                    .availability_zone(az)
                    .tag_specifications(tags(ec2t::ResourceType::Subnet, name))
                    .send()
                    .await,
                "ec2:CreateSubnet",
            );
            out.subnet()
                .and_then(|s| s.subnet_id())
                .unwrap()
                .to_string()
        }
    };
    let public = subnet("10.20.1.0/24", "us-east-1a", "rds-public").await;
    let private_a = subnet("10.20.2.0/24", "us-east-1a", "rds-private-a").await;
    let private_b = subnet("10.20.3.0/24", "us-east-1b", "rds-private-b").await;
    let igw = must(
        ec2.create_internet_gateway().send().await,
        "ec2:CreateInternetGateway",
    );
    let igw_id = igw
        .internet_gateway()
        .and_then(|g| g.internet_gateway_id())
        .unwrap()
        .to_string();
    must(
        ec2.attach_internet_gateway()
            .internet_gateway_id(&igw_id)
            .vpc_id(&vpc_id)
            .send()
            .await,
        "ec2:AttachInternetGateway",
    );
    let rt = must(
        ec2.create_route_table()
            .vpc_id(&vpc_id)
            .tag_specifications(tags(ec2t::ResourceType::RouteTable, "rds-public-rt"))
            .send()
            .await,
        "ec2:CreateRouteTable",
    );
    let rt_id = rt
        .route_table()
        .and_then(|t| t.route_table_id())
        .unwrap()
        .to_string();
    must(
        ec2.create_route()
            .route_table_id(&rt_id)
            .destination_cidr_block("0.0.0.0/0")
            .gateway_id(&igw_id)
            .send()
            .await,
        "ec2:CreateRoute",
    );
    must(
        ec2.associate_route_table()
            .route_table_id(&rt_id)
            .subnet_id(&public)
            .send()
            .await,
        "ec2:AssociateRouteTable",
    );
    (public, private_a, private_b)
}

async fn provision(moto: &Moto) {
    let config = moto.sdk_config(REGION).await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let rds = aws_sdk_rds::Client::new(&config);
    let (public, private_a, private_b) = network(&ec2).await;
    for (name, subnets) in [
        ("public-db", vec![public.clone(), private_a.clone()]),
        ("private-db", vec![private_a.clone(), private_b.clone()]),
    ] {
        must(
            rds.create_db_subnet_group()
                .db_subnet_group_name(name)
                .db_subnet_group_description(name)
                .set_subnet_ids(Some(subnets))
                .send()
                .await,
            "rds:CreateDBSubnetGroup",
        );
    }
    for (name, force_ssl) in [("insecure-pg", "0"), ("secure-pg", "1")] {
        must(
            rds.create_db_parameter_group()
                .db_parameter_group_name(name)
                .db_parameter_group_family("postgres14")
                .description(name)
                .send()
                .await,
            "rds:CreateDBParameterGroup",
        );
        must(
            rds.modify_db_parameter_group()
                .db_parameter_group_name(name)
                .parameters(
                    Parameter::builder()
                        .parameter_name("rds.force_ssl")
                        .parameter_value(force_ssl)
                        .apply_method(aws_sdk_rds::types::ApplyMethod::PendingReboot)
                        .build(),
                )
                .send()
                .await,
            "rds:ModifyDBParameterGroup",
        );
    }
    for (name, force_ssl) in [("insecure-cpg", "0"), ("secure-cpg", "1")] {
        must(
            rds.create_db_cluster_parameter_group()
                .db_cluster_parameter_group_name(name)
                .db_parameter_group_family("aurora-postgresql16")
                .description(name)
                .send()
                .await,
            "rds:CreateDBClusterParameterGroup",
        );
        must(
            rds.modify_db_cluster_parameter_group()
                .db_cluster_parameter_group_name(name)
                .parameters(
                    Parameter::builder()
                        .parameter_name("rds.force_ssl")
                        .parameter_value(force_ssl)
                        .apply_method(aws_sdk_rds::types::ApplyMethod::Immediate)
                        .build(),
                )
                .send()
                .await,
            "rds:ModifyDBClusterParameterGroup",
        );
    }
    let production = aws_sdk_rds::types::Tag::builder()
        .key("environment")
        .value("production")
        .build();

    // Instances.
    must(
        rds.create_db_instance()
            .db_instance_identifier("insecure-db")
            .engine("postgres")
            .engine_version("14.9")
            .db_instance_class("db.t3.micro")
            .allocated_storage(20)
            .master_username("postgres")
            .master_user_password("insecure-password-1")
            .db_subnet_group_name("public-db")
            .db_parameter_group_name("insecure-pg")
            .publicly_accessible(true)
            .storage_encrypted(false)
            .backup_retention_period(1)
            .multi_az(false)
            .auto_minor_version_upgrade(false)
            .copy_tags_to_snapshot(false)
            .tags(production.clone())
            .send()
            .await,
        "rds:CreateDBInstance insecure",
    );
    must(
        rds.create_db_instance()
            .db_instance_identifier("secure-db")
            .engine("postgres")
            .engine_version("14.9")
            .db_instance_class("db.t3.micro")
            .allocated_storage(20)
            .master_username("app_owner")
            .master_user_password("secure-password-1")
            .db_subnet_group_name("private-db")
            .db_parameter_group_name("secure-pg")
            .publicly_accessible(false)
            .storage_encrypted(true)
            .backup_retention_period(7)
            .deletion_protection(true)
            .multi_az(true)
            .enable_iam_database_authentication(true)
            .auto_minor_version_upgrade(true)
            .enable_cloudwatch_logs_exports("postgresql")
            .enable_cloudwatch_logs_exports("upgrade")
            .monitoring_interval(60)
            .monitoring_role_arn("arn:aws:iam::123456789012:role/rds-monitoring")
            .copy_tags_to_snapshot(true)
            .tags(production.clone())
            .send()
            .await,
        "rds:CreateDBInstance secure",
    );

    // Clusters.
    must(
        rds.create_db_cluster()
            .db_cluster_identifier("insecure-cluster")
            .engine("aurora-postgresql")
            .engine_version("16.2")
            .master_username("postgres")
            .master_user_password("insecure-password-1")
            .db_subnet_group_name("public-db")
            .db_cluster_parameter_group_name("insecure-cpg")
            .storage_encrypted(false)
            .backup_retention_period(1)
            .tags(production.clone())
            .send()
            .await,
        "rds:CreateDBCluster insecure",
    );
    must(
        rds.create_db_cluster()
            .db_cluster_identifier("secure-cluster")
            .engine("aurora-postgresql")
            .engine_version("16.2")
            .master_username("app_owner")
            .master_user_password("secure-password-1")
            .db_subnet_group_name("private-db")
            .db_cluster_parameter_group_name("secure-cpg")
            .storage_encrypted(true)
            .backup_retention_period(7)
            .deletion_protection(true)
            .enable_iam_database_authentication(true)
            .enable_cloudwatch_logs_exports("postgresql")
            .copy_tags_to_snapshot(true)
            .tags(production.clone())
            .send()
            .await,
        "rds:CreateDBCluster secure",
    );

    // Two readers of the secure cluster in two zones make it multi-AZ.
    for (name, zone) in [
        ("secure-cluster-1", "us-east-1a"),
        ("secure-cluster-2", "us-east-1b"),
    ] {
        must(
            rds.create_db_instance()
                .db_instance_identifier(name)
                .db_cluster_identifier("secure-cluster")
                .engine("aurora-postgresql")
                .db_instance_class("db.r6g.large")
                .db_subnet_group_name("private-db")
                .availability_zone(zone)
                .publicly_accessible(false)
                .auto_minor_version_upgrade(true)
                .monitoring_interval(60)
                .monitoring_role_arn("arn:aws:iam::123456789012:role/rds-monitoring")
                .send()
                .await,
            "rds:CreateDBInstance cluster member",
        );
    }

    // Snapshots: the insecure ones public and shared with an untrusted account.
    for (snapshot, instance) in [
        ("insecure-snap", "insecure-db"),
        ("secure-snap", "secure-db"),
    ] {
        must(
            rds.create_db_snapshot()
                .db_snapshot_identifier(snapshot)
                .db_instance_identifier(instance)
                .send()
                .await,
            "rds:CreateDBSnapshot",
        );
    }
    must(
        rds.modify_db_snapshot_attribute()
            .db_snapshot_identifier("insecure-snap")
            .attribute_name("restore")
            .values_to_add("all")
            .values_to_add("999999999999")
            .send()
            .await,
        "rds:ModifyDBSnapshotAttribute",
    );
    for (snapshot, cluster) in [
        ("insecure-cluster-snap", "insecure-cluster"),
        ("secure-cluster-snap", "secure-cluster"),
    ] {
        must(
            rds.create_db_cluster_snapshot()
                .db_cluster_snapshot_identifier(snapshot)
                .db_cluster_identifier(cluster)
                .send()
                .await,
            "rds:CreateDBClusterSnapshot",
        );
    }
    must(
        rds.modify_db_cluster_snapshot_attribute()
            .db_cluster_snapshot_identifier("insecure-cluster-snap")
            .attribute_name("restore")
            .values_to_add("all")
            .values_to_add("999999999999")
            .send()
            .await,
        "rds:ModifyDBClusterSnapshotAttribute",
    );

    // Event subscriptions: instances and security groups fully covered, clusters only for
    // failures, parameter groups not at all.
    for (name, source_type, categories) in [
        (
            "ops-instances",
            "db-instance",
            &["maintenance", "configuration change", "failure"][..],
        ),
        ("ops-clusters", "db-cluster", &["failure"][..]),
        ("ops-security-groups", "db-security-group", &[][..]),
    ] {
        must(
            rds.create_event_subscription()
                .subscription_name(name)
                .sns_topic_arn("arn:aws:sns:us-east-1:123456789012:rds-events")
                .source_type(source_type)
                .set_event_categories(
                    (!categories.is_empty())
                        .then(|| categories.iter().map(|c| c.to_string()).collect()),
                )
                .enabled(true)
                .send()
                .await,
            "rds:CreateEventSubscription",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rds_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory = crate::support::collect_services(&moto, &[REGION], &["rds", "ec2"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
