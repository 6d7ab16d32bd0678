//! Coverage is tested, not remembered (issue 9): every resource kind is listed with its live
//! collector and its Terraform and CloudFormation types, or a written reason why one does not
//! exist. Each listed type is probed through the real adapter (a minimal declaration must
//! produce that kind), and each kind's service must be in the collection registry. A new kind
//! without a line here fails the first test.

use std::collections::BTreeSet;

use cloudward_iac::{cloudformation, terraform, ScanOptions};
use cloudward_model::ResourceKind;

/// Where a kind comes from in one kind of source.
enum From {
    /// These resource types produce it (a minimal declaration of each is enough).
    Types(&'static [&'static str]),
    /// No adapter, and why.
    Not(&'static str),
}
use From::{Not, Types};

/// (kind, Terraform, CloudFormation). Live collection is derived: the kind's service must be
/// a registry service (the account itself is always collected).
const COVERAGE: &[(ResourceKind, From, From)] = &[
    (
        ResourceKind::Account,
        Not("the account is not declared in code"),
        Not("the account is not declared in code"),
    ),
    (
        ResourceKind::IamRootAccount,
        Not("the root user cannot be managed by Terraform"),
        Not("the root user cannot be managed by CloudFormation"),
    ),
    (
        ResourceKind::IamPasswordPolicy,
        Types(&["aws_iam_account_password_policy"]),
        Not("CloudFormation has no password policy resource"),
    ),
    (
        ResourceKind::IamUser,
        Types(&["aws_iam_user"]),
        Types(&["AWS::IAM::User"]),
    ),
    (
        ResourceKind::IamGroup,
        Types(&["aws_iam_group"]),
        Types(&["AWS::IAM::Group"]),
    ),
    (
        ResourceKind::IamRole,
        Types(&["aws_iam_role"]),
        Types(&["AWS::IAM::Role"]),
    ),
    (
        ResourceKind::IamPolicy,
        Types(&["aws_iam_policy"]),
        Types(&["AWS::IAM::ManagedPolicy"]),
    ),
    (
        ResourceKind::IamServerCertificate,
        Not("aws_iam_server_certificate states its expiry only inside the PEM body, which cloudward does not decode"),
        Not("AWS::IAM::ServerCertificate states its expiry only inside the PEM body, which cloudward does not decode"),
    ),
    (
        ResourceKind::AccessAnalyzerRegion,
        Types(&["aws_accessanalyzer_analyzer"]),
        Types(&["AWS::AccessAnalyzer::Analyzer"]),
    ),
    (
        ResourceKind::S3Bucket,
        Types(&["aws_s3_bucket"]),
        Types(&["AWS::S3::Bucket"]),
    ),
    (
        ResourceKind::S3AccountPublicAccessBlock,
        Types(&["aws_s3_account_public_access_block"]),
        Not("CloudFormation has no account-level S3 public access block resource"),
    ),
    (
        ResourceKind::Ec2SecurityGroup,
        Types(&["aws_security_group", "aws_default_security_group"]),
        Types(&["AWS::EC2::SecurityGroup"]),
    ),
    (
        ResourceKind::Ec2NetworkAcl,
        Types(&["aws_network_acl", "aws_default_network_acl"]),
        Types(&["AWS::EC2::NetworkAcl"]),
    ),
    (
        ResourceKind::Ec2Vpc,
        Types(&["aws_vpc", "aws_default_vpc"]),
        Types(&["AWS::EC2::VPC"]),
    ),
    (
        ResourceKind::Ec2Subnet,
        Types(&["aws_subnet", "aws_default_subnet"]),
        Types(&["AWS::EC2::Subnet"]),
    ),
    (
        ResourceKind::Ec2RouteTable,
        Types(&["aws_route_table", "aws_default_route_table"]),
        Types(&["AWS::EC2::RouteTable"]),
    ),
    (
        ResourceKind::Ec2InternetGateway,
        Types(&["aws_internet_gateway"]),
        Types(&["AWS::EC2::InternetGateway"]),
    ),
    (
        ResourceKind::Ec2Instance,
        Types(&["aws_instance"]),
        Types(&["AWS::EC2::Instance"]),
    ),
    (
        ResourceKind::Ec2Volume,
        Types(&["aws_ebs_volume"]),
        Types(&["AWS::EC2::Volume"]),
    ),
    (
        ResourceKind::Ec2Snapshot,
        Types(&["aws_ebs_snapshot"]),
        Not("CloudFormation has no EBS snapshot resource"),
    ),
    (
        ResourceKind::Ec2Image,
        Types(&["aws_ami", "aws_ami_copy", "aws_ami_from_instance"]),
        Not("CloudFormation has no AMI resource (EC2 Image Builder images are another service)"),
    ),
    (
        ResourceKind::Ec2EbsEncryptionByDefault,
        Types(&["aws_ebs_encryption_by_default"]),
        Not("CloudFormation has no EBS encryption-by-default resource"),
    ),
    (
        ResourceKind::CloudTrailTrail,
        Types(&["aws_cloudtrail"]),
        Types(&["AWS::CloudTrail::Trail"]),
    ),
    (
        ResourceKind::CloudWatchRegion,
        Not("the CIS monitoring rules judge the account's trail, filters, alarms and subscribers together; judged live only"),
        Not("the CIS monitoring rules judge the account's trail, filters, alarms and subscribers together; judged live only"),
    ),
    (
        ResourceKind::ConfigRegion,
        Types(&["aws_config_configuration_recorder"]),
        Types(&["AWS::Config::ConfigurationRecorder"]),
    ),
    (
        ResourceKind::GuardDutyRegion,
        Types(&["aws_guardduty_detector"]),
        Types(&["AWS::GuardDuty::Detector"]),
    ),
    (
        ResourceKind::SecurityHubRegion,
        Types(&["aws_securityhub_account"]),
        Types(&["AWS::SecurityHub::Hub"]),
    ),
    (
        ResourceKind::RdsDbInstance,
        Types(&["aws_db_instance", "aws_rds_cluster_instance"]),
        Types(&["AWS::RDS::DBInstance"]),
    ),
    (
        ResourceKind::RdsDbCluster,
        Types(&["aws_rds_cluster"]),
        Types(&["AWS::RDS::DBCluster"]),
    ),
    (
        ResourceKind::RdsDbSnapshot,
        Types(&["aws_db_snapshot"]),
        Not("CloudFormation has no DB snapshot resource"),
    ),
    (
        ResourceKind::RdsDbClusterSnapshot,
        Types(&["aws_db_cluster_snapshot"]),
        Not("CloudFormation has no DB cluster snapshot resource"),
    ),
    (
        ResourceKind::RdsDbParameterGroup,
        Types(&["aws_db_parameter_group"]),
        Types(&["AWS::RDS::DBParameterGroup"]),
    ),
    (
        ResourceKind::RdsDbClusterParameterGroup,
        Types(&["aws_rds_cluster_parameter_group"]),
        Types(&["AWS::RDS::DBClusterParameterGroup"]),
    ),
    (
        ResourceKind::RdsEventSubscriptions,
        Types(&["aws_db_event_subscription"]),
        Types(&["AWS::RDS::EventSubscription"]),
    ),
    (
        ResourceKind::KmsKey,
        Types(&["aws_kms_key"]),
        Types(&["AWS::KMS::Key"]),
    ),
    (
        ResourceKind::SecretsManagerSecret,
        Types(&["aws_secretsmanager_secret"]),
        Types(&["AWS::SecretsManager::Secret"]),
    ),
    (
        ResourceKind::SsmParameter,
        Types(&["aws_ssm_parameter"]),
        Types(&["AWS::SSM::Parameter"]),
    ),
    (
        ResourceKind::LogsLogGroup,
        Types(&["aws_cloudwatch_log_group"]),
        Types(&["AWS::Logs::LogGroup"]),
    ),
    (
        ResourceKind::SnsTopic,
        Types(&["aws_sns_topic"]),
        Types(&["AWS::SNS::Topic"]),
    ),
    (
        ResourceKind::SqsQueue,
        Types(&["aws_sqs_queue"]),
        Types(&["AWS::SQS::Queue"]),
    ),
    (
        ResourceKind::AthenaWorkGroup,
        Types(&["aws_athena_workgroup"]),
        Types(&["AWS::Athena::WorkGroup"]),
    ),
    (
        ResourceKind::BackupVault,
        Types(&["aws_backup_vault"]),
        Types(&["AWS::Backup::BackupVault"]),
    ),
    (
        ResourceKind::BackupRegion,
        Types(&["aws_backup_plan"]),
        Types(&["AWS::Backup::BackupPlan"]),
    ),
    (
        ResourceKind::DynamodbTable,
        Types(&["aws_dynamodb_table"]),
        Types(&["AWS::DynamoDB::Table"]),
    ),
    (
        ResourceKind::ElasticacheReplicationGroup,
        Types(&["aws_elasticache_replication_group"]),
        Types(&["AWS::ElastiCache::ReplicationGroup"]),
    ),
    (
        ResourceKind::ElasticacheCacheCluster,
        Types(&["aws_elasticache_cluster"]),
        Types(&["AWS::ElastiCache::CacheCluster"]),
    ),
    (
        ResourceKind::EfsFileSystem,
        Types(&["aws_efs_file_system"]),
        Types(&["AWS::EFS::FileSystem"]),
    ),
    (
        ResourceKind::EfsAccessPoint,
        Types(&["aws_efs_access_point"]),
        Types(&["AWS::EFS::AccessPoint"]),
    ),
    (
        ResourceKind::RedshiftCluster,
        Types(&["aws_redshift_cluster"]),
        Types(&["AWS::Redshift::Cluster"]),
    ),
    (
        ResourceKind::OpensearchDomain,
        Types(&["aws_opensearch_domain", "aws_elasticsearch_domain"]),
        Types(&[
            "AWS::OpenSearchService::Domain",
            "AWS::Elasticsearch::Domain",
        ]),
    ),
    (
        ResourceKind::OrganizationsOrganization,
        Types(&["aws_organizations_organization"]),
        Types(&["AWS::Organizations::Organization"]),
    ),
    (
        ResourceKind::AccountContacts,
        Types(&["aws_account_alternate_contact", "aws_account_primary_contact"]),
        Not("CloudFormation has no resource for account contacts"),
    ),
    (
        ResourceKind::SsoAdminInstances,
        Not("the AWS provider has no resource that creates an Identity Center instance (aws_ssoadmin_instances is a data source)"),
        Types(&["AWS::SSO::Instance"]),
    ),
    (
        ResourceKind::SsmFleet,
        Not("which instances report to Systems Manager, and their compliance, is runtime state"),
        Not("which instances report to Systems Manager, and their compliance, is runtime state"),
    ),
    (
        ResourceKind::SsmDocument,
        Types(&["aws_ssm_document"]),
        Not("CloudFormation cannot share a document (AWS::SSM::Document has no permissions property), which is all the rules read"),
    ),
    (
        ResourceKind::Inspector2Region,
        Types(&["aws_inspector2_enabler"]),
        Not("CloudFormation has no resource that enables Amazon Inspector scanning"),
    ),
    (
        ResourceKind::Macie2Region,
        Types(&["aws_macie2_account"]),
        Types(&["AWS::Macie::Session"]),
    ),
    (
        ResourceKind::ElbLoadBalancer,
        Types(&["aws_lb", "aws_alb"]),
        Types(&["AWS::ElasticLoadBalancingV2::LoadBalancer"]),
    ),
    (
        ResourceKind::ElbClassicLoadBalancer,
        Types(&["aws_elb"]),
        Types(&["AWS::ElasticLoadBalancing::LoadBalancer"]),
    ),
    (
        ResourceKind::Wafv2WebAcl,
        Types(&["aws_wafv2_web_acl"]),
        Types(&["AWS::WAFv2::WebACL"]),
    ),
    (
        ResourceKind::CloudfrontDistribution,
        Types(&["aws_cloudfront_distribution"]),
        Types(&["AWS::CloudFront::Distribution"]),
    ),
    (
        ResourceKind::ApigatewayStage,
        Types(&["aws_api_gateway_stage"]),
        Types(&["AWS::ApiGateway::Stage"]),
    ),
    (
        ResourceKind::ApigatewayMethod,
        Types(&["aws_api_gateway_method"]),
        Types(&["AWS::ApiGateway::Method"]),
    ),
    (
        ResourceKind::ApigatewayDomainName,
        Types(&["aws_api_gateway_domain_name"]),
        Types(&["AWS::ApiGateway::DomainName"]),
    ),
    (
        ResourceKind::Apigatewayv2Route,
        Types(&["aws_apigatewayv2_route"]),
        Types(&["AWS::ApiGatewayV2::Route"]),
    ),
    (
        ResourceKind::Apigatewayv2Stage,
        Types(&["aws_apigatewayv2_stage"]),
        Types(&["AWS::ApiGatewayV2::Stage"]),
    ),
    (
        ResourceKind::AcmCertificate,
        Types(&["aws_acm_certificate"]),
        Types(&["AWS::CertificateManager::Certificate"]),
    ),
    (
        ResourceKind::Route53HostedZone,
        Types(&["aws_route53_zone"]),
        Types(&["AWS::Route53::HostedZone"]),
    ),
    (
        ResourceKind::Route53domainsDomain,
        Types(&["aws_route53domains_registered_domain"]),
        Not("CloudFormation has no resource for domain registrations"),
    ),
    (
        ResourceKind::LambdaFunction,
        Types(&["aws_lambda_function"]),
        Types(&["AWS::Lambda::Function"]),
    ),
    (
        ResourceKind::EcrRepository,
        Types(&["aws_ecr_repository"]),
        Types(&["AWS::ECR::Repository"]),
    ),
    (
        ResourceKind::EcsCluster,
        Types(&["aws_ecs_cluster"]),
        Types(&["AWS::ECS::Cluster"]),
    ),
    (
        ResourceKind::EcsService,
        Types(&["aws_ecs_service"]),
        Types(&["AWS::ECS::Service"]),
    ),
    (
        ResourceKind::EcsTaskDefinition,
        Types(&["aws_ecs_task_definition"]),
        Types(&["AWS::ECS::TaskDefinition"]),
    ),
    (
        ResourceKind::EksCluster,
        Types(&["aws_eks_cluster"]),
        Types(&["AWS::EKS::Cluster"]),
    ),
];

#[test]
fn every_kind_is_listed_once() {
    let listed: Vec<ResourceKind> = COVERAGE.iter().map(|(k, _, _)| *k).collect();
    let unique: BTreeSet<ResourceKind> = listed.iter().copied().collect();
    assert_eq!(listed.len(), unique.len(), "a kind is listed twice");
    let missing: Vec<&ResourceKind> = ResourceKind::ALL
        .iter()
        .filter(|k| !unique.contains(k))
        .collect();
    assert!(
        missing.is_empty(),
        "kinds with no coverage line in tests/coverage.rs (add the collector, the Terraform \
         and CloudFormation adapters, or the reason one cannot exist): {missing:?}"
    );
}

#[test]
fn every_kind_has_a_live_collector() {
    for kind in ResourceKind::ALL {
        let service = kind.service();
        assert!(
            service == "account" || cloudward_aws::registry::service(service).is_some(),
            "{kind}: its service {service:?} is not in the collection registry"
        );
    }
}

fn terraform_kinds(rtype: &str) -> Vec<ResourceKind> {
    let dir =
        std::env::temp_dir().join(format!("cloudward-coverage-{}-{rtype}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("main.tf"),
        format!("resource \"{rtype}\" \"probe\" {{\n}}\n"),
    )
    .expect("write probe");
    let output = terraform::adapt_module(&dir, &dir, &ScanOptions::default());
    let _ = std::fs::remove_dir_all(&dir);
    output.resources.iter().map(|r| r.kind()).collect()
}

fn cloudformation_kinds(rtype: &str) -> Vec<ResourceKind> {
    let text = format!("Resources:\n  Probe:\n    Type: {rtype}\n    Properties: {{}}\n");
    let output = cloudformation::adapt("probe.yaml", &text, &ScanOptions::default());
    output.resources.iter().map(|r| r.kind()).collect()
}

#[test]
fn every_listed_type_produces_its_kind_through_the_adapter() {
    let mut problems = Vec::new();
    for (kind, tf, cfn) in COVERAGE {
        for (from, probe, source) in [
            (
                tf,
                terraform_kinds as fn(&str) -> Vec<ResourceKind>,
                "Terraform",
            ),
            (cfn, cloudformation_kinds, "CloudFormation"),
        ] {
            match from {
                Types(types) => {
                    assert!(
                        !types.is_empty(),
                        "{kind}: list a {source} type or a reason"
                    );
                    for rtype in *types {
                        let produced = probe(rtype);
                        if !produced.contains(kind) {
                            problems.push(format!(
                                "{source} {rtype} does not produce {kind} (it produced {produced:?})"
                            ));
                        }
                    }
                }
                Not(reason) => assert!(!reason.trim().is_empty(), "{kind}: {source} reason"),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
