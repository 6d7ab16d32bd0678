//! `Resource`: one thing in an account (a bucket, a user, a region's GuardDuty status), with its
//! identity, provenance and typed attributes.
//!
//! The list of kinds lives in one macro invocation so that [`Attributes`] (the typed payload)
//! and [`ResourceKind`] (the routing key rules declare) can never drift apart.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::source::{Location, Source};
use crate::{
    accessanalyzer, account, acm, apigateway, apigatewayv2, athena, backup, cloudfront, cloudtrail,
    cloudwatch, config, dynamodb, ec2, ecr, ecs, efs, eks, elasticache, elb, guardduty, iam, kms,
    lambda, logs, opensearch, rds, redshift, route53, s3, secretsmanager, securityhub, sns, sqs,
    ssm, wafv2,
};
use crate::{inspector2, macie2, organizations, ssoadmin};

macro_rules! resource_kinds {
    ($( $(#[$doc:meta])* $variant:ident($ty:ty) => $accessor:ident, $service:literal, $label:literal, $plural:literal; )*) => {
        /// The typed attributes of a resource; the variant is its kind.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum Attributes {
            $( $(#[$doc])* $variant($ty), )*
        }

        /// The kind of a resource: what rules declare they apply to, and what collection
        /// errors say they could not list.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum ResourceKind {
            $( $(#[$doc])* $variant, )*
        }

        impl Attributes {
            /// The kind of these attributes.
            pub fn kind(&self) -> ResourceKind {
                match self {
                    $( Attributes::$variant(_) => ResourceKind::$variant, )*
                }
            }
        }

        impl ResourceKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ResourceKind] = &[$( ResourceKind::$variant, )*];

            /// The AWS service (SDK name) this kind belongs to.
            pub fn service(self) -> &'static str {
                match self {
                    $( ResourceKind::$variant => $service, )*
                }
            }

            /// A short human label, e.g. "S3 bucket".
            pub fn label(self) -> &'static str {
                match self {
                    $( ResourceKind::$variant => $label, )*
                }
            }

            /// The label for many, e.g. "S3 buckets" ("could not list S3 buckets").
            pub fn plural(self) -> &'static str {
                match self {
                    $( ResourceKind::$variant => $plural, )*
                }
            }
        }

        impl Resource {
            $(
                #[doc = concat!("The attributes if this is a `", stringify!($variant), "`.")]
                pub fn $accessor(&self) -> Option<&$ty> {
                    match &self.attributes {
                        Attributes::$variant(a) => Some(a),
                        _ => None,
                    }
                }
            )*
        }

        $(
            impl Subject for $ty {
                const KINDS: &'static [ResourceKind] = &[ResourceKind::$variant];
                type View<'a> = &'a $ty;
                fn view(resource: &Resource) -> Option<&$ty> {
                    match &resource.attributes {
                        Attributes::$variant(a) => Some(a),
                        _ => None,
                    }
                }
            }
        )*
    };
}

resource_kinds! {
    /// The account itself: id and enabled regions.
    Account(account::Account) => as_account, "account", "AWS account", "AWS account records";
    /// Root user facts from the account summary and the credential report.
    IamRootAccount(iam::RootAccount) => as_iam_root_account, "iam", "root user", "root user records";
    /// The account password policy.
    IamPasswordPolicy(iam::PasswordPolicy) => as_iam_password_policy, "iam", "IAM password policy", "IAM password policies";
    /// An IAM user.
    IamUser(iam::User) => as_iam_user, "iam", "IAM user", "IAM users";
    /// An IAM group.
    IamGroup(iam::Group) => as_iam_group, "iam", "IAM group", "IAM groups";
    /// An IAM role.
    IamRole(iam::Role) => as_iam_role, "iam", "IAM role", "IAM roles";
    /// A managed IAM policy (customer managed, or AWS managed where collected).
    IamPolicy(iam::Policy) => as_iam_policy, "iam", "IAM managed policy", "IAM managed policies";
    /// A server certificate stored in IAM.
    IamServerCertificate(iam::ServerCertificate) => as_iam_server_certificate, "iam", "IAM server certificate", "IAM server certificates";
    /// IAM Access Analyzer analyzers in one region.
    AccessAnalyzerRegion(accessanalyzer::RegionStatus) => as_access_analyzer_region, "accessanalyzer", "IAM Access Analyzer (region)", "IAM Access Analyzer analyzers";
    /// An S3 general purpose bucket.
    S3Bucket(s3::Bucket) => as_s3_bucket, "s3", "S3 bucket", "S3 buckets";
    /// The account-level S3 public access block.
    S3AccountPublicAccessBlock(s3::AccountPublicAccessBlock) => as_s3_account_public_access_block, "s3", "S3 account public access block", "S3 account public access block settings";
    /// A VPC security group.
    Ec2SecurityGroup(ec2::SecurityGroup) => as_ec2_security_group, "ec2", "security group", "security groups";
    /// A VPC network ACL.
    Ec2NetworkAcl(ec2::NetworkAcl) => as_ec2_network_acl, "ec2", "network ACL", "network ACLs";
    /// A VPC.
    Ec2Vpc(ec2::Vpc) => as_ec2_vpc, "ec2", "VPC", "VPCs";
    /// A VPC subnet.
    Ec2Subnet(ec2::Subnet) => as_ec2_subnet, "ec2", "subnet", "subnets";
    /// A VPC route table.
    Ec2RouteTable(ec2::RouteTable) => as_ec2_route_table, "ec2", "route table", "route tables";
    /// An internet gateway.
    Ec2InternetGateway(ec2::InternetGateway) => as_ec2_internet_gateway, "ec2", "internet gateway", "internet gateways";
    /// An EC2 instance.
    Ec2Instance(ec2::Instance) => as_ec2_instance, "ec2", "EC2 instance", "EC2 instances";
    /// An EBS volume.
    Ec2Volume(ec2::Volume) => as_ec2_volume, "ec2", "EBS volume", "EBS volumes";
    /// An EBS snapshot owned by the account.
    Ec2Snapshot(ec2::Snapshot) => as_ec2_snapshot, "ec2", "EBS snapshot", "EBS snapshots";
    /// An AMI owned by the account.
    Ec2Image(ec2::Image) => as_ec2_image, "ec2", "AMI", "AMIs";
    /// EBS encryption by default, one per region.
    Ec2EbsEncryptionByDefault(ec2::EbsEncryptionByDefault) => as_ec2_ebs_encryption_by_default, "ec2", "EBS default encryption (region)", "EBS encryption-by-default settings";
    /// A CloudTrail trail.
    CloudTrailTrail(cloudtrail::Trail) => as_cloudtrail_trail, "cloudtrail", "CloudTrail trail", "CloudTrail trails";
    /// CloudWatch Logs metric filters and CloudWatch alarms in one region.
    CloudWatchRegion(cloudwatch::RegionStatus) => as_cloudwatch_region, "cloudwatch", "CloudWatch monitoring (region)", "CloudWatch metric filters and alarms";
    /// AWS Config recorders in one region.
    ConfigRegion(config::RegionStatus) => as_config_region, "config", "AWS Config (region)", "AWS Config recorders";
    /// GuardDuty detectors in one region.
    GuardDutyRegion(guardduty::RegionStatus) => as_guardduty_region, "guardduty", "GuardDuty (region)", "GuardDuty detectors";
    /// Security Hub enablement in one region.
    SecurityHubRegion(securityhub::RegionStatus) => as_securityhub_region, "securityhub", "Security Hub (region)", "Security Hub settings";
    /// An RDS DB instance.
    RdsDbInstance(rds::DbInstance) => as_rds_db_instance, "rds", "RDS DB instance", "RDS DB instances";
    /// An RDS DB cluster (Aurora or Multi-AZ DB cluster).
    RdsDbCluster(rds::DbCluster) => as_rds_db_cluster, "rds", "RDS DB cluster", "RDS DB clusters";
    /// An RDS DB snapshot.
    RdsDbSnapshot(rds::DbSnapshot) => as_rds_db_snapshot, "rds", "RDS DB snapshot", "RDS DB snapshots";
    /// An RDS DB cluster snapshot.
    RdsDbClusterSnapshot(rds::DbClusterSnapshot) => as_rds_db_cluster_snapshot, "rds", "RDS DB cluster snapshot", "RDS DB cluster snapshots";
    /// An RDS DB parameter group in use.
    RdsDbParameterGroup(rds::DbParameterGroup) => as_rds_db_parameter_group, "rds", "RDS DB parameter group", "RDS DB parameter groups";
    /// An RDS DB cluster parameter group in use.
    RdsDbClusterParameterGroup(rds::DbClusterParameterGroup) => as_rds_db_cluster_parameter_group, "rds", "RDS DB cluster parameter group", "RDS DB cluster parameter groups";
    /// RDS event subscriptions in one region.
    RdsEventSubscriptions(rds::RegionEventSubscriptions) => as_rds_event_subscriptions, "rds", "RDS event subscriptions (region)", "RDS event subscriptions";
    /// A KMS key (customer managed or AWS managed).
    KmsKey(kms::Key) => as_kms_key, "kms", "KMS key", "KMS keys";
    /// A Secrets Manager secret.
    SecretsManagerSecret(secretsmanager::Secret) => as_secretsmanager_secret, "secretsmanager", "Secrets Manager secret", "Secrets Manager secrets";
    /// A Systems Manager Parameter Store parameter.
    SsmParameter(ssm::Parameter) => as_ssm_parameter, "ssm", "SSM parameter", "SSM parameters";
    /// A CloudWatch Logs log group.
    LogsLogGroup(logs::LogGroup) => as_logs_log_group, "logs", "CloudWatch log group", "CloudWatch log groups";
    /// An SNS topic.
    SnsTopic(sns::Topic) => as_sns_topic, "sns", "SNS topic", "SNS topics";
    /// An SQS queue.
    SqsQueue(sqs::Queue) => as_sqs_queue, "sqs", "SQS queue", "SQS queues";
    /// An Athena workgroup.
    AthenaWorkGroup(athena::WorkGroup) => as_athena_work_group, "athena", "Athena workgroup", "Athena workgroups";
    /// An AWS Backup vault.
    BackupVault(backup::Vault) => as_backup_vault, "backup", "backup vault", "backup vaults";
    /// AWS Backup in one region: plans, their assignments, protected resources.
    BackupRegion(backup::RegionStatus) => as_backup_region, "backup", "AWS Backup (region)", "AWS Backup plans";
    /// A DynamoDB table.
    DynamodbTable(dynamodb::Table) => as_dynamodb_table, "dynamodb", "DynamoDB table", "DynamoDB tables";
    /// An ElastiCache replication group (Valkey, Redis OSS).
    ElasticacheReplicationGroup(elasticache::ReplicationGroup) => as_elasticache_replication_group, "elasticache", "ElastiCache replication group", "ElastiCache replication groups";
    /// An ElastiCache cache cluster outside any replication group.
    ElasticacheCacheCluster(elasticache::CacheCluster) => as_elasticache_cache_cluster, "elasticache", "ElastiCache cache cluster", "ElastiCache cache clusters";
    /// An EFS file system.
    EfsFileSystem(efs::FileSystem) => as_efs_file_system, "efs", "EFS file system", "EFS file systems";
    /// An EFS access point.
    EfsAccessPoint(efs::AccessPoint) => as_efs_access_point, "efs", "EFS access point", "EFS access points";
    /// A Redshift provisioned cluster.
    RedshiftCluster(redshift::Cluster) => as_redshift_cluster, "redshift", "Redshift cluster", "Redshift clusters";
    /// An OpenSearch Service domain (OpenSearch or Elasticsearch engine).
    OpensearchDomain(opensearch::Domain) => as_opensearch_domain, "opensearch", "OpenSearch domain", "OpenSearch domains";
    /// The account's place in AWS Organizations: membership, SCPs, delegated administrators.
    OrganizationsOrganization(organizations::Organization) => as_organizations_organization, "organizations", "AWS Organizations membership", "AWS Organizations settings";
    /// The account's alternate and primary contacts.
    AccountContacts(account::Contacts) => as_account_contacts, "account", "account contacts", "account contacts";
    /// The IAM Identity Center instances the account sees.
    SsoAdminInstances(ssoadmin::Instances) => as_ssoadmin_instances, "ssoadmin", "IAM Identity Center", "IAM Identity Center instances";
    /// Systems Manager's managed nodes and their compliance in one region.
    SsmFleet(ssm::Fleet) => as_ssm_fleet, "ssm", "Systems Manager fleet (region)", "Systems Manager managed nodes";
    /// An SSM document owned by the account.
    SsmDocument(ssm::Document) => as_ssm_document, "ssm", "SSM document", "SSM documents";
    /// Amazon Inspector in one region.
    Inspector2Region(inspector2::RegionStatus) => as_inspector2_region, "inspector2", "Amazon Inspector (region)", "Amazon Inspector settings";
    /// Amazon Macie in one region.
    Macie2Region(macie2::RegionStatus) => as_macie2_region, "macie2", "Amazon Macie (region)", "Amazon Macie sessions";
    /// An Application, Network or Gateway Load Balancer.
    ElbLoadBalancer(elb::LoadBalancer) => as_elb_load_balancer, "elasticloadbalancingv2", "load balancer (ALB/NLB/GWLB)", "Application, Network and Gateway Load Balancers";
    /// A Classic Load Balancer.
    ElbClassicLoadBalancer(elb::ClassicLoadBalancer) => as_elb_classic_load_balancer, "elasticloadbalancing", "Classic Load Balancer", "Classic Load Balancers";
    /// An AWS WAF web ACL (regional or CloudFront).
    Wafv2WebAcl(wafv2::WebAcl) => as_wafv2_web_acl, "wafv2", "WAF web ACL", "WAF web ACLs";
    /// A CloudFront distribution (global).
    CloudfrontDistribution(cloudfront::Distribution) => as_cloudfront_distribution, "cloudfront", "CloudFront distribution", "CloudFront distributions";
    /// A stage of an API Gateway REST API.
    ApigatewayStage(apigateway::Stage) => as_apigateway_stage, "apigateway", "API Gateway REST API stage", "API Gateway REST API stages";
    /// A method of an API Gateway REST API resource.
    ApigatewayMethod(apigateway::Method) => as_apigateway_method, "apigateway", "API Gateway REST API method", "API Gateway REST API methods";
    /// An API Gateway custom domain name.
    ApigatewayDomainName(apigateway::DomainName) => as_apigateway_domain_name, "apigateway", "API Gateway custom domain name", "API Gateway custom domain names";
    /// A route of an API Gateway HTTP or WebSocket API.
    Apigatewayv2Route(apigatewayv2::Route) => as_apigatewayv2_route, "apigatewayv2", "API Gateway HTTP/WebSocket route", "API Gateway HTTP/WebSocket routes";
    /// A stage of an API Gateway HTTP or WebSocket API.
    Apigatewayv2Stage(apigatewayv2::Stage) => as_apigatewayv2_stage, "apigatewayv2", "API Gateway HTTP/WebSocket stage", "API Gateway HTTP/WebSocket stages";
    /// An ACM certificate.
    AcmCertificate(acm::Certificate) => as_acm_certificate, "acm", "ACM certificate", "ACM certificates";
    /// A Route 53 hosted zone (global).
    Route53HostedZone(route53::HostedZone) => as_route53_hosted_zone, "route53", "Route 53 hosted zone", "Route 53 hosted zones";
    /// A domain registered with Route 53 Domains (global).
    Route53domainsDomain(route53::Domain) => as_route53domains_domain, "route53domains", "Route 53 registered domain", "Route 53 registered domains";
    /// A Lambda function.
    LambdaFunction(lambda::Function) => as_lambda_function, "lambda", "Lambda function", "Lambda functions";
    /// An ECR private repository.
    EcrRepository(ecr::Repository) => as_ecr_repository, "ecr", "ECR repository", "ECR repositories";
    /// An ECS cluster.
    EcsCluster(ecs::Cluster) => as_ecs_cluster, "ecs", "ECS cluster", "ECS clusters";
    /// An ECS service.
    EcsService(ecs::Service) => as_ecs_service, "ecs", "ECS service", "ECS services";
    /// The latest ACTIVE revision of an ECS task definition family.
    EcsTaskDefinition(ecs::TaskDefinition) => as_ecs_task_definition, "ecs", "ECS task definition", "ECS task definitions";
    /// An EKS cluster.
    EksCluster(eks::Cluster) => as_eks_cluster, "eks", "EKS cluster", "EKS clusters";
}

/// What a rule judges: a typed view of the resources of [`Subject::KINDS`].
///
/// Every attribute type of [`Attributes`] is a subject (its one kind, viewed as `&T`), so a
/// rule that names its type can never be routed a kind it cannot read. A rule over several
/// kinds (an IAM policy or the principals holding it) names a type whose `view` accepts each.
pub trait Subject {
    /// The kinds this subject is read from; the engine routes exactly these to the rule.
    const KINDS: &'static [ResourceKind];
    /// The typed view of one resource.
    type View<'a>;
    /// The view of `resource`, `None` when it is not one of [`Subject::KINDS`] (the engine
    /// never passes such a resource; a test checks `view` accepts every kind in `KINDS`).
    fn view(resource: &Resource) -> Option<Self::View<'_>>;
}

impl ResourceKind {
    /// Whether AWS lets customers tag resources of this kind, so that a tag policy applies to
    /// them. An exhaustive match: a new kind must be placed on one side.
    pub const fn is_taggable(self) -> bool {
        use ResourceKind::*;
        match self {
            IamUser
            | IamRole
            | IamPolicy
            | IamServerCertificate
            | S3Bucket
            | Ec2SecurityGroup
            | Ec2NetworkAcl
            | Ec2Vpc
            | Ec2Subnet
            | Ec2RouteTable
            | Ec2InternetGateway
            | Ec2Instance
            | Ec2Volume
            | Ec2Snapshot
            | Ec2Image
            | CloudTrailTrail
            | RdsDbInstance
            | RdsDbCluster
            | RdsDbSnapshot
            | RdsDbClusterSnapshot
            | RdsDbParameterGroup
            | RdsDbClusterParameterGroup
            | KmsKey
            | SecretsManagerSecret
            | SsmParameter
            | LogsLogGroup
            | SnsTopic
            | SqsQueue
            | AthenaWorkGroup
            | BackupVault
            | DynamodbTable
            | ElasticacheReplicationGroup
            | ElasticacheCacheCluster
            | EfsFileSystem
            | EfsAccessPoint
            | RedshiftCluster
            | OpensearchDomain
            | SsmDocument
            | ElbLoadBalancer
            | ElbClassicLoadBalancer
            | Wafv2WebAcl
            | CloudfrontDistribution
            | ApigatewayStage
            | ApigatewayDomainName
            | Apigatewayv2Stage
            | AcmCertificate
            | Route53HostedZone
            | Route53domainsDomain
            | LambdaFunction
            | EcrRepository
            | EcsCluster
            | EcsService
            | EcsTaskDefinition
            | EksCluster => true,
            // Account-wide settings and per-region statuses, IAM groups (IAM does not tag
            // them), and parts of an API (a method, a route) that carry no tags of their own.
            Account
            | IamRootAccount
            | IamPasswordPolicy
            | IamGroup
            | AccessAnalyzerRegion
            | S3AccountPublicAccessBlock
            | Ec2EbsEncryptionByDefault
            | CloudWatchRegion
            | ConfigRegion
            | GuardDutyRegion
            | SecurityHubRegion
            | RdsEventSubscriptions
            | BackupRegion
            | OrganizationsOrganization
            | AccountContacts
            | SsoAdminInstances
            | SsmFleet
            | Inspector2Region
            | Macie2Region
            | ApigatewayMethod
            | Apigatewayv2Route => false,
        }
    }

    /// Every kind customers can tag ([`ResourceKind::is_taggable`]), in declaration order.
    pub const TAGGABLE: &'static [ResourceKind] = &TAGGABLE_KINDS;

    /// The kind named `name` as it is written in JSON and `cloudward.toml` (`s3_bucket`).
    pub fn from_name(name: &str) -> Option<ResourceKind> {
        ResourceKind::ALL
            .iter()
            .copied()
            .find(|k| k.to_string() == name)
    }
}

const TAGGABLE_COUNT: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < ResourceKind::ALL.len() {
        if ResourceKind::ALL[i].is_taggable() {
            n += 1;
        }
        i += 1;
    }
    n
};

const TAGGABLE_KINDS: [ResourceKind; TAGGABLE_COUNT] = {
    let mut kinds = [ResourceKind::Account; TAGGABLE_COUNT];
    let (mut i, mut n) = (0, 0);
    while i < ResourceKind::ALL.len() {
        if ResourceKind::ALL[i].is_taggable() {
            kinds[n] = ResourceKind::ALL[i];
            n += 1;
        }
        i += 1;
    }
    kinds
};

impl std::fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let json = serde_json::to_value(self).map_err(|_| std::fmt::Error)?;
        f.write_str(json.as_str().unwrap_or("unknown"))
    }
}

/// The value code gives a tag whose value is not known statically (a variable without a
/// value, a reference resolved at deployment): the key is there, which is what a tag policy
/// asks, and no rule mistakes the text for a real value such as `prod`.
pub const TAG_VALUE_NOT_KNOWN: &str = "(not known statically)";

/// One resource: identity, provenance and typed attributes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// Stable id: the ARN for live resources; `type.name` (Terraform address or CloudFormation
    /// logical id) for code.
    pub id: String,
    /// Human name (bucket name, user name, group id, ...).
    pub name: String,
    /// Account id, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Region; `None` for global resources (IAM, the account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Tags, sorted.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Why `tags` may be incomplete, when it may: the collector does not read this kind's
    /// tags, reading them failed, or the code sets them from a value not known statically. A
    /// tag rule says Unknown, not Fail, for a key it cannot see. Set with [`Resource::set_tags`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags_unknown: Option<String>,
    /// Where this resource came from.
    pub source: Source,
    /// For code: the location of individual attributes (`"encrypted"`, `"ingress[1]"`), so a
    /// finding about one attribute can point at its exact line.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attribute_locations: BTreeMap<String, Location>,
    /// For code: the reason this resource may not exist at all (`count` or `for_each` that could
    /// not be resolved). Rules still judge it; the engine turns its findings into Unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existence_unknown: Option<String>,
    /// Findings suppressed in code (`# cloudward:ignore <rule-id> <reason>`); a reason is
    /// required, and the finding is still reported, as Suppressed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
    /// Typed attributes; the variant is the kind.
    pub attributes: Attributes,
}

/// A rule suppressed on one resource, with the reason given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    /// The rule id.
    pub rule_id: String,
    /// Why (required).
    pub reason: String,
    /// Where the suppression was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl Resource {
    /// The kind of this resource.
    pub fn kind(&self) -> ResourceKind {
        self.attributes.kind()
    }

    /// Record the resource's tags as read in full (clearing [`Resource::tags_unknown`]).
    pub fn set_tags(&mut self, tags: BTreeMap<String, String>) {
        self.tags = tags;
        self.tags_unknown = None;
    }

    /// The file location of the resource, for code.
    pub fn location(&self) -> Option<&Location> {
        match &self.source {
            Source::File(loc) => Some(loc),
            Source::Live => None,
        }
    }

    /// The location of one attribute, falling back to the resource's own location.
    pub fn attribute_location(&self, attribute: &str) -> Option<&Location> {
        self.attribute_locations
            .get(attribute)
            .or_else(|| self.location())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taggable_kinds_are_derived_and_names_round_trip() {
        let expected: Vec<ResourceKind> = ResourceKind::ALL
            .iter()
            .copied()
            .filter(|k| k.is_taggable())
            .collect();
        assert_eq!(ResourceKind::TAGGABLE, expected.as_slice());
        assert!(ResourceKind::TAGGABLE.contains(&ResourceKind::S3Bucket));
        assert!(!ResourceKind::TAGGABLE.contains(&ResourceKind::IamGroup));
        for &kind in ResourceKind::ALL {
            assert_eq!(ResourceKind::from_name(&kind.to_string()), Some(kind));
        }
        assert_eq!(ResourceKind::from_name("s3-bucket"), None);
    }
}
