//! The one table of services: what [`crate::collect`] runs, the `--service` values and their
//! help, and the IAM actions each collector calls (the least-privilege policy `cloudward
//! permissions` prints and the README shows).
//!
//! Adding a service is one [`Service`] entry here plus its collector module; nothing else
//! lists services. A moto recorder test checks that every request a full scan makes is an
//! operation listed here, so the policy cannot fall behind the collectors.

use std::collections::BTreeSet;
use std::sync::Arc;

use futures_util::future::BoxFuture;

use crate::collect;
use crate::context::CollectContext;

/// One API operation a collector calls and the IAM action that allows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Api {
    /// The IAM action, `prefix:Action` (`s3:ListAllMyBuckets`).
    pub action: &'static str,
    /// The API operation as the SDK and the wire name it (`ListBuckets`).
    pub operation: &'static str,
}

/// `api!("iam", ListUsers)`: the action is the operation; `api!("s3", ListAllMyBuckets <-
/// ListBuckets)`: the action differs from the operation it allows.
macro_rules! api {
    ($prefix:literal, $action:ident <- $operation:ident) => {
        Api {
            action: concat!($prefix, ":", stringify!($action)),
            operation: stringify!($operation),
        }
    };
    ($prefix:literal, $operation:ident) => {
        Api {
            action: concat!($prefix, ":", stringify!($operation)),
            operation: stringify!($operation),
        }
    };
}

/// How often a collector runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Once per run (IAM, S3: global listings).
    Global,
    /// Once per collected region.
    Regional,
}

type Collector = fn(Arc<CollectContext>, Arc<[String]>) -> BoxFuture<'static, ()>;

/// A service cloudward collects.
pub struct Service {
    /// The SDK name, which is also the `--service` value (`guardduty`).
    pub name: &'static str,
    /// What is collected, for `--help` and `cloudward permissions --help`.
    pub summary: &'static str,
    /// Once per run, or once per region.
    pub scope: Scope,
    /// Every operation the collector may call, with its IAM action.
    pub apis: &'static [Api],
    /// The collector: given its context (region set for regional services) and the regions
    /// of the run (a global collector that lists per region, like CloudTrail, uses them).
    pub(crate) collect: Collector,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("name", &self.name)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// Calls made for every run whatever the selection: who we are and which regions are enabled.
pub const ACCOUNT_APIS: &[Api] = &[api!("ec2", DescribeRegions)];

/// Calls an organization scan (`scan --org`) makes with the management account's (or a
/// delegated administrator's) credentials, besides the scan itself: listing the accounts and
/// the OU tree, and assuming the role in each member. The members' roles need the scan policy.
pub const ORG_APIS: &[Api] = &[
    api!("organizations", DescribeOrganization),
    api!("organizations", ListAccounts),
    api!("organizations", ListAccountsForParent),
    api!("organizations", ListOrganizationalUnitsForParent),
    api!("organizations", ListRoots),
    api!("sts", AssumeRole),
];

/// Every service, in collection order.
pub static SERVICES: &[Service] = &[
    Service {
        name: "iam",
        summary: "users, groups, roles, policies, server certificates, root user, password policy, credential report",
        scope: Scope::Global,
        apis: &[
            api!("iam", GenerateCredentialReport),
            api!("iam", GetAccessKeyLastUsed),
            api!("iam", GetAccountAuthorizationDetails),
            api!("iam", GetAccountPasswordPolicy),
            api!("iam", GetAccountSummary),
            api!("iam", GetCredentialReport),
            api!("iam", GetLoginProfile),
            api!("iam", GetPolicy),
            api!("iam", GetPolicyVersion),
            api!("iam", ListAccessKeys),
            api!("iam", ListEntitiesForPolicy),
            api!("iam", ListMFADevices),
            api!("iam", ListServerCertificates),
            api!("iam", ListUsers),
            api!("iam", ListVirtualMFADevices),
        ],
        collect: |ctx, _| Box::pin(collect::iam::collect(ctx)),
    },
    Service {
        name: "accessanalyzer",
        summary: "IAM Access Analyzer analyzers per region",
        scope: Scope::Regional,
        apis: &[api!("access-analyzer", ListAnalyzers)],
        collect: |ctx, _| Box::pin(collect::accessanalyzer::collect(ctx)),
    },
    Service {
        name: "s3",
        summary: "buckets (policy, ACL, encryption, versioning, logging, public access block, \
                  tags) and the account public access block",
        scope: Scope::Global,
        apis: &[
            api!("s3", ListAllMyBuckets <- ListBuckets),
            api!("s3", GetBucketAcl),
            api!("s3", GetBucketLocation),
            api!("s3", GetBucketLogging),
            api!("s3", GetBucketOwnershipControls),
            api!("s3", GetBucketPolicy),
            api!("s3", GetBucketPolicyStatus),
            api!("s3", GetBucketPublicAccessBlock <- GetPublicAccessBlock),
            api!("s3", GetBucketTagging),
            api!("s3", GetBucketVersioning),
            api!("s3", GetEncryptionConfiguration <- GetBucketEncryption),
            api!("s3", GetAccountPublicAccessBlock <- GetPublicAccessBlock),
        ],
        collect: |ctx, _| Box::pin(collect::s3::collect(ctx)),
    },
    Service {
        name: "ec2",
        summary: "VPCs, subnets, route tables, gateways, security groups, network ACLs, flow \
                  logs, instances, EBS volumes, snapshots, AMIs, default encryption",
        scope: Scope::Regional,
        apis: &[
            api!("ec2", DescribeFlowLogs),
            api!("ec2", DescribeImageAttribute),
            api!("ec2", DescribeImages),
            api!("ec2", DescribeInstances),
            api!("ec2", DescribeInternetGateways),
            api!("ec2", DescribeNetworkAcls),
            api!("ec2", DescribeRouteTables),
            api!("ec2", DescribeSecurityGroups),
            api!("ec2", DescribeSnapshotAttribute),
            api!("ec2", DescribeSnapshots),
            api!("ec2", DescribeSubnets),
            api!("ec2", DescribeVolumes),
            api!("ec2", DescribeVpcs),
            api!("ec2", GetEbsEncryptionByDefault),
        ],
        collect: |ctx, _| Box::pin(collect::ec2::collect(ctx)),
    },
    Service {
        name: "cloudtrail",
        summary: "trails (listed in every region, judged once), status and event selectors",
        scope: Scope::Global,
        apis: &[
            api!("cloudtrail", DescribeTrails),
            api!("cloudtrail", GetEventSelectors),
            api!("cloudtrail", GetTrailStatus),
        ],
        collect: |ctx, regions| Box::pin(collect::cloudtrail::collect(ctx, regions.to_vec())),
    },
    Service {
        name: "cloudwatch",
        summary: "CloudWatch Logs metric filters and CloudWatch alarms per region (the CIS \
                  monitoring controls)",
        scope: Scope::Regional,
        apis: &[
            api!("cloudwatch", DescribeAlarms),
            api!("logs", DescribeMetricFilters),
        ],
        collect: |ctx, _| Box::pin(collect::cloudwatch::collect(ctx)),
    },
    Service {
        name: "config",
        summary: "AWS Config recorders and their status per region",
        scope: Scope::Regional,
        apis: &[
            api!("config", DescribeConfigurationRecorderStatus),
            api!("config", DescribeConfigurationRecorders),
        ],
        collect: |ctx, _| Box::pin(collect::config::collect(ctx)),
    },
    Service {
        name: "guardduty",
        summary: "GuardDuty detectors per region, with their protection plans",
        scope: Scope::Regional,
        apis: &[
            api!("guardduty", GetDetector),
            api!("guardduty", ListDetectors),
        ],
        collect: |ctx, _| Box::pin(collect::guardduty::collect(ctx)),
    },
    Service {
        name: "securityhub",
        summary: "Security Hub enablement and enabled standards per region",
        scope: Scope::Regional,
        apis: &[
            api!("securityhub", DescribeHub),
            api!("securityhub", GetEnabledStandards),
        ],
        collect: |ctx, _| Box::pin(collect::securityhub::collect(ctx)),
    },
    Service {
        name: "rds",
        summary: "DB instances, DB clusters, DB snapshots and cluster snapshots (with who may \
                  restore them), the TLS parameters of the parameter groups in use, event \
                  subscriptions",
        scope: Scope::Regional,
        apis: &[
            api!("rds", DescribeDBClusterParameters),
            api!("rds", DescribeDBClusterSnapshotAttributes),
            api!("rds", DescribeDBClusterSnapshots),
            api!("rds", DescribeDBClusters),
            api!("rds", DescribeDBInstances),
            api!("rds", DescribeDBParameters),
            api!("rds", DescribeDBSnapshotAttributes),
            api!("rds", DescribeDBSnapshots),
            api!("rds", DescribeEventSubscriptions),
        ],
        collect: |ctx, _| Box::pin(collect::rds::collect(ctx)),
    },
    Service {
        name: "kms",
        summary: "KMS keys per region: state, manager, spec, aliases, key policy, rotation status",
        scope: Scope::Regional,
        apis: &[
            api!("kms", DescribeKey),
            api!("kms", GetKeyPolicy),
            api!("kms", GetKeyRotationStatus),
            api!("kms", ListAliases),
            api!("kms", ListKeys),
            api!("kms", ListResourceTags),
        ],
        collect: |ctx, _| Box::pin(collect::kms::collect(ctx)),
    },
    Service {
        name: "secretsmanager",
        summary: "Secrets Manager secrets per region: rotation, dates, KMS key, resource policy \
                  (never the secret values)",
        scope: Scope::Regional,
        apis: &[
            api!("secretsmanager", GetResourcePolicy),
            api!("secretsmanager", ListSecrets),
        ],
        collect: |ctx, _| Box::pin(collect::secretsmanager::collect(ctx)),
    },
    Service {
        name: "ssm",
        summary: "Systems Manager per region: Parameter Store parameters (name, type, tier, key; \
                  never the values), managed nodes and their patch and association compliance, \
                  owned documents and who they are shared with",
        scope: Scope::Regional,
        apis: &[
            api!("ssm", DescribeDocumentPermission),
            api!("ssm", DescribeInstanceInformation),
            api!("ssm", DescribeParameters),
            api!("ssm", ListDocuments),
            api!("ssm", ListResourceComplianceSummaries),
        ],
        collect: |ctx, _| Box::pin(collect::ssm::collect(ctx)),
    },
    Service {
        name: "logs",
        summary: "CloudWatch Logs log groups per region: retention and KMS key",
        scope: Scope::Regional,
        apis: &[api!("logs", DescribeLogGroups)],
        collect: |ctx, _| Box::pin(collect::logs::collect(ctx)),
    },
    Service {
        name: "sns",
        summary: "SNS topics (KMS encryption, access policy)",
        scope: Scope::Regional,
        apis: &[
            api!("sns", GetTopicAttributes),
            api!("sns", ListTagsForResource),
            api!("sns", ListTopics),
        ],
        collect: |ctx, _| Box::pin(collect::sns::collect(ctx)),
    },
    Service {
        name: "sqs",
        summary: "SQS queues (SSE-SQS or KMS encryption, access policy)",
        scope: Scope::Regional,
        apis: &[
            api!("sqs", GetQueueAttributes),
            api!("sqs", ListQueueTags),
            api!("sqs", ListQueues),
        ],
        collect: |ctx, _| Box::pin(collect::sqs::collect(ctx)),
    },
    Service {
        name: "athena",
        summary: "Athena workgroups (query result encryption, enforced settings)",
        scope: Scope::Regional,
        apis: &[api!("athena", GetWorkGroup), api!("athena", ListWorkGroups)],
        collect: |ctx, _| Box::pin(collect::athena::collect(ctx)),
    },
    Service {
        name: "backup",
        summary: "AWS Backup vaults (key, Vault Lock), plans, their resource assignments and \
                  the resources with recovery points",
        scope: Scope::Regional,
        apis: &[
            api!("backup", GetBackupPlan),
            api!("backup", GetBackupSelection),
            api!("backup", ListBackupPlans),
            api!("backup", ListBackupSelections),
            api!("backup", ListBackupVaults),
            api!("backup", ListProtectedResources),
            api!("kms", DescribeKey),
        ],
        collect: |ctx, _| Box::pin(collect::backup::collect(ctx)),
    },
    Service {
        name: "dynamodb",
        summary: "DynamoDB tables (point-in-time recovery, encryption key, deletion protection, \
                  tags)",
        scope: Scope::Regional,
        apis: &[
            api!("dynamodb", DescribeContinuousBackups),
            api!("dynamodb", DescribeTable),
            api!("dynamodb", ListTables),
            api!("dynamodb", ListTagsOfResource),
        ],
        collect: |ctx, _| Box::pin(collect::dynamodb::collect(ctx)),
    },
    Service {
        name: "elasticache",
        summary: "ElastiCache replication groups and cache clusters (encryption, AUTH/RBAC, \
                  backups, minor version upgrades, subnet group)",
        scope: Scope::Regional,
        apis: &[
            api!("elasticache", DescribeCacheClusters),
            api!("elasticache", DescribeReplicationGroups),
        ],
        collect: |ctx, _| Box::pin(collect::elasticache::collect(ctx)),
    },
    Service {
        name: "efs",
        summary: "EFS file systems (encryption, automatic backups, mount targets) and access \
                  points",
        scope: Scope::Regional,
        apis: &[
            api!("elasticfilesystem", DescribeAccessPoints),
            api!("elasticfilesystem", DescribeBackupPolicy),
            api!("elasticfilesystem", DescribeFileSystems),
            api!("elasticfilesystem", DescribeMountTargets),
        ],
        collect: |ctx, _| Box::pin(collect::efs::collect(ctx)),
    },
    Service {
        name: "redshift",
        summary: "Redshift clusters (encryption, public access, audit logging, require_ssl, \
                  enhanced VPC routing, admin user, automated snapshots)",
        scope: Scope::Regional,
        apis: &[
            api!("redshift", DescribeClusterParameters),
            api!("redshift", DescribeClusters),
            api!("redshift", DescribeLoggingStatus),
        ],
        collect: |ctx, _| Box::pin(collect::redshift::collect(ctx)),
    },
    Service {
        name: "opensearch",
        summary: "OpenSearch Service domains, OpenSearch and Elasticsearch engines (encryption, \
                  HTTPS and TLS policy, VPC or access policy, fine-grained access control, \
                  audit logs)",
        scope: Scope::Regional,
        apis: &[api!("es", DescribeDomains), api!("es", ListDomainNames)],
        collect: |ctx, _| Box::pin(collect::opensearch::collect(ctx)),
    },
    Service {
        name: "organizations",
        summary: "the account's AWS organization: feature set, management account, service \
                  control policies with their text and targets, the account's OU path, \
                  delegated administrators of GuardDuty, Security Hub and Config, IAM \
                  centralized root access",
        scope: Scope::Global,
        apis: &[
            api!("organizations", DescribeOrganization),
            api!("organizations", DescribePolicy),
            api!("organizations", ListDelegatedAdministrators),
            api!("organizations", ListParents),
            api!("organizations", ListPolicies),
            api!("organizations", ListTargetsForPolicy),
            api!("iam", ListOrganizationsFeatures),
        ],
        collect: |ctx, _| Box::pin(collect::organizations::collect(ctx)),
    },
    Service {
        name: "account",
        summary: "the account's security alternate contact and primary contact information",
        scope: Scope::Global,
        apis: &[
            api!("account", GetAlternateContact),
            api!("account", GetContactInformation),
        ],
        collect: |ctx, _| Box::pin(collect::account_contacts::collect(ctx)),
    },
    Service {
        name: "ssoadmin",
        summary: "IAM Identity Center instances, looked for in every collected region",
        scope: Scope::Global,
        apis: &[api!("sso", ListInstances)],
        collect: |ctx, regions| Box::pin(collect::ssoadmin::collect(ctx, regions.to_vec())),
    },
    Service {
        name: "inspector2",
        summary: "Amazon Inspector per region: scan types enabled for the account, active \
                  critical findings",
        scope: Scope::Regional,
        apis: &[
            api!("inspector2", BatchGetAccountStatus),
            api!("inspector2", ListFindings),
        ],
        collect: |ctx, _| Box::pin(collect::inspector2::collect(ctx)),
    },
    Service {
        name: "macie2",
        summary: "Amazon Macie session status per region",
        scope: Scope::Regional,
        apis: &[api!("macie2", GetMacieSession)],
        collect: |ctx, _| Box::pin(collect::macie2::collect(ctx)),
    },
    Service {
        name: "elasticloadbalancingv2",
        summary: "Application, Network and Gateway Load Balancers (listeners and TLS policies, \
                  access logs, deletion protection, header and desync handling, zones, \
                  cross-zone, registered targets, AWS WAF web ACL, tags)",
        scope: Scope::Regional,
        apis: &[
            api!("elasticloadbalancing", DescribeListeners),
            api!("elasticloadbalancing", DescribeLoadBalancerAttributes),
            api!("elasticloadbalancing", DescribeLoadBalancers),
            api!("elasticloadbalancing", DescribeTags),
            api!("elasticloadbalancing", DescribeTargetGroups),
            api!("elasticloadbalancing", DescribeTargetHealth),
            api!("wafv2", GetWebACLForResource),
        ],
        collect: |ctx, _| Box::pin(collect::elasticloadbalancingv2::collect(ctx)),
    },
    Service {
        name: "elasticloadbalancing",
        summary: "Classic Load Balancers (listeners, certificates and SSL policies, access logs, \
                  connection draining, cross-zone, zones, desync mitigation, instances)",
        scope: Scope::Regional,
        apis: &[
            api!("elasticloadbalancing", DescribeLoadBalancerAttributes),
            api!("elasticloadbalancing", DescribeLoadBalancerPolicies),
            api!("elasticloadbalancing", DescribeLoadBalancers),
        ],
        collect: |ctx, _| Box::pin(collect::elasticloadbalancing::collect(ctx)),
    },
    Service {
        name: "wafv2",
        summary: "AWS WAF web ACLs, regional and (in us-east-1) CloudFront (rules, rate-based \
                  and AWS managed rule groups, logging, CloudWatch metrics, associations)",
        scope: Scope::Regional,
        apis: &[
            api!("wafv2", GetLoggingConfiguration),
            api!("wafv2", GetWebACL),
            api!("wafv2", ListResourcesForWebACL),
            api!("wafv2", ListWebACLs),
        ],
        collect: |ctx, _| Box::pin(collect::wafv2::collect(ctx)),
    },
    Service {
        name: "cloudfront",
        summary:
            "CloudFront distributions (viewer and origin TLS, logging, web ACL, origin access)",
        scope: Scope::Global,
        apis: &[
            api!("cloudfront", GetDistributionConfig),
            api!("cloudfront", ListDistributions),
            api!("cloudfront", ListTagsForResource),
        ],
        collect: |ctx, _| Box::pin(collect::cloudfront::collect(ctx)),
    },
    Service {
        name: "apigateway",
        summary: "API Gateway REST API stages (logging, tracing, WAF, cache), methods \
                  (authorization) and custom domain names (TLS policy)",
        scope: Scope::Regional,
        apis: &[
            api!("apigateway", GET <- GetDomainNames),
            api!("apigateway", GET <- GetResources),
            api!("apigateway", GET <- GetRestApis),
            api!("apigateway", GET <- GetStages),
        ],
        collect: |ctx, _| Box::pin(collect::apigateway::collect(ctx)),
    },
    Service {
        name: "apigatewayv2",
        summary: "API Gateway HTTP and WebSocket API routes (authorization) and stages \
                  (access logging)",
        scope: Scope::Regional,
        apis: &[
            api!("apigateway", GET <- GetApis),
            api!("apigateway", GET <- GetRoutes),
            api!("apigateway", GET <- GetStages),
        ],
        collect: |ctx, _| Box::pin(collect::apigatewayv2::collect(ctx)),
    },
    Service {
        name: "acm",
        summary: "ACM certificates (expiry, key algorithm, certificate transparency logging)",
        scope: Scope::Regional,
        apis: &[
            api!("acm", DescribeCertificate),
            api!("acm", ListCertificates),
        ],
        collect: |ctx, _| Box::pin(collect::acm::collect(ctx)),
    },
    Service {
        name: "route53",
        summary: "Route 53 hosted zones (query logging, DNSSEC signing)",
        scope: Scope::Global,
        apis: &[
            api!("route53", GetDNSSEC),
            api!("route53", ListHostedZones),
            api!("route53", ListQueryLoggingConfigs),
        ],
        collect: |ctx, _| Box::pin(collect::route53::collect(ctx)),
    },
    Service {
        name: "route53domains",
        summary: "Route 53 registered domains (transfer lock, auto-renew; asked in us-east-1)",
        scope: Scope::Global,
        apis: &[api!("route53domains", ListDomains)],
        collect: |ctx, _| Box::pin(collect::route53domains::collect(ctx)),
    },
    Service {
        name: "lambda",
        summary: "Lambda functions (resource-based policy, function URLs, runtime, environment \
                  variable names and key, VPC subnets, code signing, tracing)",
        scope: Scope::Regional,
        apis: &[
            api!("lambda", GetFunctionCodeSigningConfig),
            api!("lambda", GetPolicy),
            api!("lambda", ListFunctionUrlConfigs),
            api!("lambda", ListFunctions),
            api!("lambda", ListTags),
        ],
        collect: |ctx, _| Box::pin(collect::lambda::collect(ctx)),
    },
    Service {
        name: "ecr",
        summary: "ECR private repositories (scanning, registry scanning configuration, tag \
                  immutability, lifecycle policy, repository policy, encryption)",
        scope: Scope::Regional,
        apis: &[
            api!("ecr", DescribeRepositories),
            api!("ecr", GetLifecyclePolicy),
            api!("ecr", GetRegistryScanningConfiguration),
            api!("ecr", GetRepositoryPolicy),
        ],
        collect: |ctx, _| Box::pin(collect::ecr::collect(ctx)),
    },
    Service {
        name: "ecs",
        summary: "ECS clusters (Container Insights), services (public IPs) and the latest \
                  ACTIVE revision of each task definition family",
        scope: Scope::Regional,
        apis: &[
            api!("ecs", DescribeClusters),
            api!("ecs", DescribeServices),
            api!("ecs", DescribeTaskDefinition),
            api!("ecs", ListClusters),
            api!("ecs", ListServices),
            api!("ecs", ListTaskDefinitionFamilies),
        ],
        collect: |ctx, _| Box::pin(collect::ecs::collect(ctx)),
    },
    Service {
        name: "eks",
        summary: "EKS clusters (endpoint access, secrets encryption, control-plane logging, \
                  Kubernetes version)",
        scope: Scope::Regional,
        apis: &[api!("eks", DescribeCluster), api!("eks", ListClusters)],
        collect: |ctx, _| Box::pin(collect::eks::collect(ctx)),
    },
];

/// The service called `name`.
pub fn service(name: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.name == name)
}

/// The service names, comma-separated, for messages and help.
pub fn service_names() -> String {
    SERVICES
        .iter()
        .map(|s| s.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// An unknown name in `selected`, with the known ones in the message.
pub fn check_services(selected: &[String]) -> Result<(), String> {
    match selected.iter().find(|s| service(s).is_none()) {
        Some(unknown) => Err(format!(
            "unknown service {unknown:?}; known: {}",
            service_names()
        )),
        None => Ok(()),
    }
}

/// The IAM actions a scan of `selected` services (all when `None`) needs, sorted and
/// deduplicated, the account's own calls included.
pub fn actions(selected: Option<&[String]>) -> Vec<&'static str> {
    let mut actions: BTreeSet<&'static str> = ACCOUNT_APIS.iter().map(|a| a.action).collect();
    for s in SERVICES {
        if selected.is_none_or(|sel| sel.iter().any(|n| n == s.name)) {
            actions.extend(s.apis.iter().map(|a| a.action));
        }
    }
    actions.into_iter().collect()
}

/// The least-privilege identity policy for a scan of `selected` services (all when `None`),
/// as pretty JSON: one statement allowing exactly [`actions`] on every resource (the listing
/// calls take no resource ARN).
pub fn policy(selected: Option<&[String]>) -> String {
    policy_of(&actions(selected))
}

/// [`policy`] for an organization scan's management-account credentials: the scan's actions
/// and [`ORG_APIS`].
pub fn org_policy(selected: Option<&[String]>) -> String {
    let mut all: BTreeSet<&'static str> = actions(selected).into_iter().collect();
    all.extend(ORG_APIS.iter().map(|a| a.action));
    policy_of(&all.into_iter().collect::<Vec<_>>())
}

/// One statement allowing `actions` on every resource.
fn policy_of(actions: &[&str]) -> String {
    // Written out rather than through serde_json's map, which would sort "Action" before
    // "Version": the conventional key order is what people compare against.
    let actions: Vec<String> = actions.iter().map(|a| format!("        \"{a}\"")).collect();
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Sid\": \
         \"CloudwardReadOnlyScan\",\n      \"Effect\": \"Allow\",\n      \"Resource\": \"*\",\n      \
         \"Action\": [\n{}\n      ]\n    }}\n  ]\n}}",
        actions.join(",\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_org_policy_adds_listing_and_assume_role_to_the_scan_policy() {
        let scan = policy(None);
        let org = org_policy(None);
        for api in ORG_APIS {
            assert!(
                org.contains(&format!("\"{}\"", api.action)),
                "{}",
                api.action
            );
        }
        assert!(!scan.contains("sts:AssumeRole"));
        assert!(!scan.contains("organizations:ListAccounts\""));
        for action in actions(None) {
            assert!(org.contains(&format!("\"{action}\"")), "{action}");
        }
    }

    #[test]
    fn names_are_unique_and_every_service_declares_its_calls() {
        let mut names = BTreeSet::new();
        for s in SERVICES {
            assert!(names.insert(s.name), "{} is listed twice", s.name);
            assert!(!s.apis.is_empty(), "{} declares no API", s.name);
            assert!(!s.summary.is_empty(), "{} has no summary", s.name);
        }
    }

    #[test]
    fn every_action_is_a_read_or_the_credential_report() {
        for action in actions(None) {
            let name = action.split(':').nth(1).unwrap_or_default();
            assert!(
                ["Describe", "Get", "List", "Head", "Lookup", "BatchGet"]
                    .iter()
                    .any(|p| name.starts_with(p))
                    || action == "iam:GenerateCredentialReport"
                    // API Gateway's management reads are one action named for the HTTP verb.
                    || action == "apigateway:GET",
                "{action} is not a read"
            );
        }
    }

    #[test]
    fn a_selection_narrows_the_policy_but_keeps_the_account_calls() {
        let only = actions(Some(&["guardduty".to_string()]));
        assert_eq!(
            only,
            [
                "ec2:DescribeRegions",
                "guardduty:GetDetector",
                "guardduty:ListDetectors"
            ]
        );
        assert!(check_services(&["guardduty".into()]).is_ok());
        let policy: serde_json::Value =
            serde_json::from_str(&policy(Some(&["guardduty".to_string()]))).expect("JSON");
        assert_eq!(
            policy["Statement"][0]["Action"][2],
            "guardduty:ListDetectors"
        );
        let err = check_services(&["gaurdduty".into()]).expect_err("typo");
        assert!(
            err.contains("\"gaurdduty\"") && err.contains("guardduty"),
            "{err}"
        );
    }
}
