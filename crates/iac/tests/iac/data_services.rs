//! The data services of issue 9 (DynamoDB, ElastiCache, EFS, Redshift, OpenSearch) through
//! both adapters: the documented defaults for what code leaves unset, split resources joined
//! to their parents, and Unknown where the default is not the code's to tell.
#![allow(clippy::unwrap_used)]

use std::sync::atomic::{AtomicUsize, Ordering};

use cloudward_iac::{cloudformation, terraform, Output, ScanOptions};
use cloudward_model::{Resource, ResourceKind, Value};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn tf(text: &str) -> Output {
    let dir = std::env::temp_dir().join(format!(
        "cloudward-tf-data-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("main.tf"), text).expect("write");
    let out = terraform::adapt_module(&dir, &dir, &ScanOptions::default());
    let _ = std::fs::remove_dir_all(&dir);
    out
}

fn cfn(text: &str) -> Output {
    cloudformation::adapt("t.yaml", text, &ScanOptions::default())
}

fn one(out: &Output, kind: ResourceKind) -> &Resource {
    let found: Vec<&Resource> = out.resources.iter().filter(|r| r.kind() == kind).collect();
    assert_eq!(found.len(), 1, "{kind:?} in {:#?}", out.resources);
    found[0]
}

#[test]
fn dynamodb_defaults_and_key_kinds() {
    let out = tf(r#"
resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "id"
  server_side_encryption {
    enabled     = true
    kms_key_arn = data.aws_kms_key.shared.arn
  }
  tags = { "Data-Classification" = "Sensitive" }
}
data "aws_kms_key" "shared" {
  key_id = "alias/shared"
}
"#);
    let t = one(&out, ResourceKind::DynamodbTable)
        .as_dynamodb_table()
        .unwrap();
    assert_eq!(t.point_in_time_recovery_enabled, Value::Known(false));
    assert_eq!(t.deletion_protection_enabled, Value::Known(false));
    assert_eq!(t.is_sensitive(), Value::Known(true));
    // A data source may be the AWS managed key: not assumed either way.
    assert!(t.kms_key_customer_managed.unknown_reason().is_some());

    let out = cfn("Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      SSESpecification:\n        SSEEnabled: true\n");
    let t = one(&out, ResourceKind::DynamodbTable)
        .as_dynamodb_table()
        .unwrap();
    assert_eq!(t.kms_key_customer_managed, Value::Known(Some(false)));
    assert_eq!(t.data_classification, Value::Known(None));
}

#[test]
fn elasticache_members_are_judged_through_their_group_and_valkey_defaults_are_not_guessed() {
    let out = tf(r#"
resource "aws_elasticache_replication_group" "g" {
  replication_group_id = "g"
  description          = "g"
  engine               = "valkey"
}
resource "aws_elasticache_cluster" "member" {
  cluster_id           = "member"
  replication_group_id = aws_elasticache_replication_group.g.id
}
resource "aws_elasticache_cluster" "memo" {
  cluster_id = "memo"
  engine     = "memcached"
  node_type  = "cache.t4g.small"
}
"#);
    let g = one(&out, ResourceKind::ElasticacheReplicationGroup)
        .as_elasticache_replication_group()
        .unwrap();
    assert!(g
        .settings
        .at_rest_encryption_enabled
        .unknown_reason()
        .is_some());
    assert_eq!(g.settings.snapshot_retention_limit, Value::Known(0));
    assert_eq!(g.settings.auto_minor_version_upgrade, Value::Known(true));
    assert_eq!(
        g.settings.cache_subnet_group_name,
        Value::Known(Some("default".to_string()))
    );
    let c = one(&out, ResourceKind::ElasticacheCacheCluster)
        .as_elasticache_cache_cluster()
        .unwrap();
    assert_eq!(c.cache_cluster_id, "memo");
    assert_eq!(c.settings.is_memcached(), Value::Known(true));
}

#[test]
fn efs_split_resources_join_their_file_system() {
    let out = tf(r#"
resource "aws_efs_file_system" "fs" {
  creation_token = "fs"
}
resource "aws_efs_backup_policy" "fs" {
  file_system_id = aws_efs_file_system.fs.id
  backup_policy {
    status = "ENABLED"
  }
}
resource "aws_efs_mount_target" "a" {
  file_system_id = aws_efs_file_system.fs.id
  subnet_id      = "subnet-0abc"
}
resource "aws_efs_file_system" "one_zone" {
  availability_zone_name = "us-east-1a"
}
"#);
    let systems: Vec<_> = out
        .resources
        .iter()
        .filter_map(|r| r.as_efs_file_system())
        .collect();
    let fs = systems
        .iter()
        .find(|f| f.file_system_id == "aws_efs_file_system.fs")
        .unwrap();
    assert_eq!(fs.encrypted, Value::Known(false));
    assert_eq!(
        fs.backup_policy_status,
        Value::Known(Some("ENABLED".into()))
    );
    let targets = fs.mount_targets.known().unwrap();
    assert_eq!(targets.len(), 1);
    assert_eq!(targets[0].subnet_id, Value::Known("subnet-0abc".into()));
    // One Zone file systems get automatic backups from AWS unless told otherwise.
    let oz = systems
        .iter()
        .find(|f| f.file_system_id.ends_with("one_zone"))
        .unwrap();
    assert_eq!(
        oz.backup_policy_status,
        Value::Known(Some("ENABLED".into()))
    );

    let out = cfn("Resources:\n  Fs:\n    Type: AWS::EFS::FileSystem\n  Ap:\n    Type: AWS::EFS::AccessPoint\n    Properties:\n      FileSystemId: !Ref Fs\n      RootDirectory:\n        CreationInfo: {OwnerUid: '1', OwnerGid: '1', Permissions: '750'}\n");
    let ap = one(&out, ResourceKind::EfsAccessPoint)
        .as_efs_access_point()
        .unwrap();
    assert_eq!(ap.root_directory_path, Value::Known(Some("/".into())));
    assert_eq!(ap.posix_user, Value::Known(None));
}

#[test]
fn redshift_provider_dependent_defaults_are_unknown_and_parameter_groups_join() {
    let out = tf(r#"
resource "aws_redshift_parameter_group" "tls" {
  name   = "tls"
  family = "redshift-1.0"
  parameter {
    name  = "require_ssl"
    value = "true"
  }
}
resource "aws_redshift_cluster" "c" {
  cluster_identifier           = "c"
  node_type                    = "ra3.xlplus"
  master_username              = "admin_user"
  cluster_parameter_group_name = aws_redshift_parameter_group.tls.name
}
resource "aws_redshift_logging" "c" {
  cluster_identifier   = aws_redshift_cluster.c.id
  log_destination_type = "cloudwatch"
}
"#);
    let c = one(&out, ResourceKind::RedshiftCluster)
        .as_redshift_cluster()
        .unwrap();
    assert!(c.encrypted.unknown_reason().is_some());
    assert!(c.publicly_accessible.unknown_reason().is_some());
    assert_eq!(c.require_ssl, Value::Known(true));
    assert_eq!(c.logging_enabled, Value::Known(true));
    assert_eq!(c.automated_snapshot_retention_period, Value::Known(1));

    let out = cfn("Resources:\n  C:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      MasterUsername: awsuser\n      Encrypted: true\n      ClusterParameterGroupName: custom-elsewhere\n");
    let c = one(&out, ResourceKind::RedshiftCluster)
        .as_redshift_cluster()
        .unwrap();
    assert_eq!(c.publicly_accessible, Value::Known(false));
    assert!(c.require_ssl.unknown_reason().is_some());
    assert_eq!(c.logging_enabled, Value::Known(false));
}

#[test]
fn opensearch_policy_resources_join_and_tls_defaults_are_unknown() {
    let out = tf(r#"
resource "aws_elasticsearch_domain" "d" {
  domain_name = "d"
  domain_endpoint_options {}
}
resource "aws_elasticsearch_domain_policy" "d" {
  domain_name     = aws_elasticsearch_domain.d.domain_name
  access_policies = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "es:*", Resource = "*" }]
  })
}
"#);
    let d = one(&out, ResourceKind::OpensearchDomain)
        .as_opensearch_domain()
        .unwrap();
    assert_eq!(d.enforce_https, Value::Known(true));
    assert!(d.tls_security_policy.unknown_reason().is_some());
    assert_eq!(d.vpc_subnet_ids, Value::Known(None));
    let doc = d.access_policies.known().unwrap().as_ref().unwrap();
    assert_eq!(doc.public_allow_statements().len(), 1);

    let out = cfn("Resources:\n  D:\n    Type: AWS::Elasticsearch::Domain\n    Properties:\n      VPCOptions:\n        SubnetIds: [subnet-1]\n      LogPublishingOptions:\n        AUDIT_LOGS:\n          CloudWatchLogsLogGroupArn: arn:aws:logs:us-east-1:123456789012:log-group:a\n          Enabled: true\n");
    let d = one(&out, ResourceKind::OpensearchDomain)
        .as_opensearch_domain()
        .unwrap();
    assert_eq!(
        d.vpc_subnet_ids,
        Value::Known(Some(vec!["subnet-1".into()]))
    );
    assert_eq!(d.audit_logs_enabled, Value::Known(true));
    assert_eq!(d.enforce_https, Value::Known(false));
}
