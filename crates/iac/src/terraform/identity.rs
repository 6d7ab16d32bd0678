//! How a Terraform resource is found in the account (`cloudward drift`): one table from each
//! resource type the adapter reads to the model kind it becomes and to the state attribute
//! that names the live resource.
//!
//! Live collection names resources by ARN (`Resource::id`) and by the AWS identifier people
//! use (`Resource::name`: `sg-…`, a bucket name, a volume id); Terraform state keeps `id` and,
//! for most types, `arn`. Which pair identifies one resource differs per type, so it is
//! written down here once, beside the adapter; a test checks that every type the adapter
//! reads has exactly one entry and that the entry's kind is what the adapter produces.

use cloudward_model::ResourceKind;

/// What identifies the live resource of a Terraform instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveKey {
    /// The state's `arn` attribute equals the live resource's id (its ARN).
    Arn,
    /// The state's `id` attribute is the ARN and equals the live resource's id.
    IdIsArn,
    /// The state's `id` attribute equals the live resource's name (`sg-…`, `vol-…`).
    IdIsName,
    /// A per-region setting: the live record of the kind in the resource's region.
    Region,
    /// An account-wide setting: the account's one live record of the kind.
    Account,
    /// No state attribute names the live resource in a form the collector records; the
    /// resource is reported as not compared, with this reason.
    Unmatched(&'static str),
}

/// The role of one Terraform resource type in the adapter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The type becomes a model resource of this kind, at the instance's address.
    Resource(ResourceKind, LiveKey),
    /// The type is joined into another resource (a split setting, a rule, an attachment) or
    /// only read by another's mapping: it has no live resource of its own.
    Part,
}

/// One entry of [`IDENTITIES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Identity {
    /// Terraform resource type (`aws_security_group`).
    pub tf_type: &'static str,
    /// What it is to the adapter and how the live resource is found.
    pub role: Role,
}

/// Resources the adapter makes without a Terraform block of their own: the VPC's main route
/// table (`aws_vpc.main.main_route_table`), found through the VPC's state attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Implied {
    /// The suffix appended to the parent's address.
    pub suffix: &'static str,
    /// The parent's Terraform types.
    pub parent_types: &'static [&'static str],
    /// The parent's state attribute holding the live resource's name.
    pub state_attribute: &'static str,
    /// The kind of the implied resource.
    pub kind: ResourceKind,
}

/// Every implied resource (see [`Implied`]).
pub const IMPLIED: &[Implied] = &[Implied {
    suffix: ".main_route_table",
    parent_types: &["aws_vpc", "aws_default_vpc"],
    state_attribute: "main_route_table_id",
    kind: ResourceKind::Ec2RouteTable,
}];

/// State attributes of a parent that name resources the adapter refers to by a symbolic id
/// (`aws_vpc.main.default_network_acl`): parent types, the suffix after the parent's address,
/// and the state attribute holding the live id.
pub const SYMBOLIC_ATTRIBUTES: &[(&[&str], &str, &str)] = &[
    (
        &["aws_vpc", "aws_default_vpc"],
        ".main_route_table",
        "main_route_table_id",
    ),
    (
        &["aws_vpc", "aws_default_vpc"],
        ".default_network_acl",
        "default_network_acl_id",
    ),
];

/// The symbolic id the adapter gives an instance's `id` before apply: its address, with the
/// prefix AWS gives route targets (`igw-aws_internet_gateway.main`). `drift` rewrites these
/// to the state's ids before comparing.
pub fn symbolic_id(tf_type: &str, address: &str) -> String {
    match super::module::route_target_prefix(tf_type) {
        Some(prefix) => format!("{prefix}{address}"),
        None => address.to_string(),
    }
}

const fn res(tf_type: &'static str, kind: ResourceKind, key: LiveKey) -> Identity {
    Identity {
        tf_type,
        role: Role::Resource(kind, key),
    }
}

const fn part(tf_type: &'static str) -> Identity {
    Identity {
        tf_type,
        role: Role::Part,
    }
}

use LiveKey::{Account, Arn, IdIsArn, IdIsName, Region};
use ResourceKind as K;

/// Every Terraform type the adapter reads, sorted by type.
pub const IDENTITIES: &[Identity] = &[
    res(
        "aws_accessanalyzer_analyzer",
        K::AccessAnalyzerRegion,
        Region,
    ),
    part("aws_account_alternate_contact"),
    res("aws_account_primary_contact", K::AccountContacts, Account),
    res("aws_acm_certificate", K::AcmCertificate, Arn),
    res("aws_alb", K::ElbLoadBalancer, Arn),
    part("aws_alb_listener"),
    part("aws_alb_target_group"),
    part("aws_alb_target_group_attachment"),
    res("aws_ami", K::Ec2Image, IdIsName),
    res("aws_ami_copy", K::Ec2Image, IdIsName),
    res("aws_ami_from_instance", K::Ec2Image, IdIsName),
    part("aws_ami_launch_permission"),
    res("aws_api_gateway_domain_name", K::ApigatewayDomainName, Arn),
    res(
        "aws_api_gateway_method",
        K::ApigatewayMethod,
        LiveKey::Unmatched("the state of aws_api_gateway_method has no ARN"),
    ),
    part("aws_api_gateway_method_settings"),
    res("aws_api_gateway_stage", K::ApigatewayStage, Arn),
    part("aws_apigatewayv2_api"),
    res(
        "aws_apigatewayv2_route",
        K::Apigatewayv2Route,
        LiveKey::Unmatched("the state of aws_apigatewayv2_route has no ARN"),
    ),
    res("aws_apigatewayv2_stage", K::Apigatewayv2Stage, Arn),
    res("aws_athena_workgroup", K::AthenaWorkGroup, Arn),
    res("aws_backup_plan", K::BackupRegion, Region),
    part("aws_backup_selection"),
    res("aws_backup_vault", K::BackupVault, Arn),
    part("aws_backup_vault_lock_configuration"),
    res(
        "aws_cloudfront_distribution",
        K::CloudfrontDistribution,
        Arn,
    ),
    res("aws_cloudtrail", K::CloudTrailTrail, Arn),
    res("aws_cloudwatch_log_group", K::LogsLogGroup, Arn),
    res("aws_config_configuration_recorder", K::ConfigRegion, Region),
    part("aws_config_configuration_recorder_status"),
    res("aws_db_cluster_snapshot", K::RdsDbClusterSnapshot, IdIsName),
    res(
        "aws_db_event_subscription",
        K::RdsEventSubscriptions,
        Region,
    ),
    res("aws_db_instance", K::RdsDbInstance, Arn),
    res("aws_db_parameter_group", K::RdsDbParameterGroup, Arn),
    res("aws_db_snapshot", K::RdsDbSnapshot, IdIsName),
    part("aws_db_subnet_group"),
    res("aws_default_network_acl", K::Ec2NetworkAcl, IdIsName),
    res("aws_default_route_table", K::Ec2RouteTable, IdIsName),
    res("aws_default_security_group", K::Ec2SecurityGroup, IdIsName),
    res("aws_default_subnet", K::Ec2Subnet, IdIsName),
    res("aws_default_vpc", K::Ec2Vpc, IdIsName),
    res("aws_dynamodb_table", K::DynamodbTable, Arn),
    res(
        "aws_ebs_encryption_by_default",
        K::Ec2EbsEncryptionByDefault,
        Region,
    ),
    res("aws_ebs_snapshot", K::Ec2Snapshot, IdIsName),
    res("aws_ebs_volume", K::Ec2Volume, IdIsName),
    part("aws_ecr_lifecycle_policy"),
    part("aws_ecr_registry_scanning_configuration"),
    res("aws_ecr_repository", K::EcrRepository, Arn),
    part("aws_ecr_repository_policy"),
    res("aws_ecs_cluster", K::EcsCluster, Arn),
    res("aws_ecs_service", K::EcsService, IdIsArn),
    res("aws_ecs_task_definition", K::EcsTaskDefinition, Arn),
    res("aws_efs_access_point", K::EfsAccessPoint, Arn),
    part("aws_efs_backup_policy"),
    res("aws_efs_file_system", K::EfsFileSystem, Arn),
    part("aws_efs_mount_target"),
    res("aws_eks_cluster", K::EksCluster, Arn),
    res("aws_elasticache_cluster", K::ElasticacheCacheCluster, Arn),
    res(
        "aws_elasticache_replication_group",
        K::ElasticacheReplicationGroup,
        Arn,
    ),
    res("aws_elasticsearch_domain", K::OpensearchDomain, Arn),
    part("aws_elasticsearch_domain_policy"),
    res("aws_elb", K::ElbClassicLoadBalancer, Arn),
    part("aws_flow_log"),
    res("aws_guardduty_detector", K::GuardDutyRegion, Region),
    part("aws_guardduty_detector_feature"),
    part("aws_iam_access_key"),
    res(
        "aws_iam_account_password_policy",
        K::IamPasswordPolicy,
        Account,
    ),
    res("aws_iam_group", K::IamGroup, Arn),
    part("aws_iam_group_membership"),
    part("aws_iam_group_policy"),
    part("aws_iam_group_policy_attachment"),
    part("aws_iam_instance_profile"),
    part("aws_iam_organizations_features"),
    res("aws_iam_policy", K::IamPolicy, Arn),
    part("aws_iam_policy_attachment"),
    res("aws_iam_role", K::IamRole, Arn),
    part("aws_iam_role_policy"),
    part("aws_iam_role_policy_attachment"),
    res("aws_iam_user", K::IamUser, Arn),
    part("aws_iam_user_group_membership"),
    part("aws_iam_user_login_profile"),
    part("aws_iam_user_policy"),
    part("aws_iam_user_policy_attachment"),
    res("aws_inspector2_enabler", K::Inspector2Region, Region),
    res("aws_instance", K::Ec2Instance, IdIsName),
    res("aws_internet_gateway", K::Ec2InternetGateway, IdIsName),
    part("aws_internet_gateway_attachment"),
    part("aws_kms_alias"),
    part("aws_kms_external_key"),
    res("aws_kms_key", K::KmsKey, Arn),
    part("aws_kms_key_policy"),
    part("aws_kms_replica_key"),
    res("aws_lambda_function", K::LambdaFunction, Arn),
    part("aws_lambda_function_url"),
    part("aws_lambda_permission"),
    res("aws_lb", K::ElbLoadBalancer, Arn),
    part("aws_lb_listener"),
    part("aws_lb_target_group"),
    part("aws_lb_target_group_attachment"),
    part("aws_load_balancer_listener_policy"),
    part("aws_load_balancer_policy"),
    res("aws_macie2_account", K::Macie2Region, Region),
    part("aws_main_route_table_association"),
    res("aws_network_acl", K::Ec2NetworkAcl, IdIsName),
    part("aws_network_acl_association"),
    part("aws_network_acl_rule"),
    res("aws_opensearch_domain", K::OpensearchDomain, Arn),
    part("aws_opensearch_domain_policy"),
    part("aws_organizations_delegated_administrator"),
    res(
        "aws_organizations_organization",
        K::OrganizationsOrganization,
        Account,
    ),
    part("aws_organizations_policy"),
    part("aws_organizations_policy_attachment"),
    res("aws_rds_cluster", K::RdsDbCluster, Arn),
    res("aws_rds_cluster_instance", K::RdsDbInstance, Arn),
    res(
        "aws_rds_cluster_parameter_group",
        K::RdsDbClusterParameterGroup,
        Arn,
    ),
    res("aws_redshift_cluster", K::RedshiftCluster, Arn),
    part("aws_redshift_logging"),
    part("aws_redshift_parameter_group"),
    part("aws_route"),
    part("aws_route53_hosted_zone_dnssec"),
    part("aws_route53_query_log"),
    res("aws_route53_zone", K::Route53HostedZone, Arn),
    res(
        "aws_route53domains_registered_domain",
        K::Route53domainsDomain,
        IdIsName,
    ),
    res("aws_route_table", K::Ec2RouteTable, IdIsName),
    part("aws_route_table_association"),
    res(
        "aws_s3_account_public_access_block",
        K::S3AccountPublicAccessBlock,
        Account,
    ),
    res("aws_s3_bucket", K::S3Bucket, Arn),
    part("aws_s3_bucket_acl"),
    part("aws_s3_bucket_logging"),
    part("aws_s3_bucket_ownership_controls"),
    part("aws_s3_bucket_policy"),
    part("aws_s3_bucket_public_access_block"),
    part("aws_s3_bucket_server_side_encryption_configuration"),
    part("aws_s3_bucket_versioning"),
    res("aws_secretsmanager_secret", K::SecretsManagerSecret, Arn),
    part("aws_secretsmanager_secret_policy"),
    part("aws_secretsmanager_secret_rotation"),
    res("aws_security_group", K::Ec2SecurityGroup, IdIsName),
    part("aws_security_group_rule"),
    res("aws_securityhub_account", K::SecurityHubRegion, Region),
    part("aws_securityhub_standards_subscription"),
    part("aws_snapshot_create_volume_permission"),
    res("aws_sns_topic", K::SnsTopic, Arn),
    part("aws_sns_topic_policy"),
    res("aws_sqs_queue", K::SqsQueue, Arn),
    part("aws_sqs_queue_policy"),
    res("aws_ssm_document", K::SsmDocument, Arn),
    res("aws_ssm_parameter", K::SsmParameter, Arn),
    res("aws_subnet", K::Ec2Subnet, IdIsName),
    part("aws_volume_attachment"),
    res("aws_vpc", K::Ec2Vpc, IdIsName),
    part("aws_vpc_security_group_egress_rule"),
    part("aws_vpc_security_group_ingress_rule"),
    res("aws_wafv2_web_acl", K::Wafv2WebAcl, Arn),
    part("aws_wafv2_web_acl_association"),
    part("aws_wafv2_web_acl_logging_configuration"),
];

/// The entry for a Terraform type, `None` for a type the adapter does not read.
pub fn identity(tf_type: &str) -> Option<&'static Identity> {
    IDENTITIES
        .binary_search_by(|i| i.tf_type.cmp(tf_type))
        .ok()
        .and_then(|at| IDENTITIES.get(at))
}

/// The kinds some Terraform type becomes, sorted: the kinds `drift` can tell managed from
/// unmanaged.
pub fn mapped_kinds() -> Vec<ResourceKind> {
    let mut kinds: Vec<ResourceKind> = IDENTITIES
        .iter()
        .filter_map(|i| match i.role {
            Role::Resource(kind, _) => Some(kind),
            Role::Part => None,
        })
        .chain(IMPLIED.iter().map(|i| i.kind))
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// The parts of a Terraform resource address: the module path (`module.net["a"]`, empty for
/// the root module), the type and the name with its index (`web[0]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address<'a> {
    /// `module.x.module.y`, or empty.
    pub module: &'a str,
    /// `aws_security_group`.
    pub tf_type: &'a str,
    /// `web`, `web[0]`, `web["k"]`, and for an implied resource the suffix after it.
    pub rest: &'a str,
}

/// Split an address at its dots outside brackets and quotes (`for_each` keys may hold dots),
/// linear in its length; `None` when it is not `[module.NAME[KEY].]*TYPE.NAME...`.
pub fn parse_address(address: &str) -> Option<Address<'_>> {
    let mut segments = Vec::new();
    let (mut start, mut depth, mut quoted, mut escaped) = (0usize, 0usize, false, false);
    for (at, c) in address.char_indices() {
        if quoted {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => quoted = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            '[' => depth = depth.checked_add(1)?,
            ']' => depth = depth.checked_sub(1)?,
            '.' if depth == 0 => {
                segments.push((start, at));
                start = at + 1;
            }
            _ => {}
        }
    }
    segments.push((start, address.len()));
    let mut i = 0;
    while segments.get(i).map(|&(s, e)| &address[s..e]) == Some("module") {
        i += 2;
    }
    let &(type_start, type_end) = segments.get(i)?;
    let &(rest_start, _) = segments.get(i + 1)?;
    let tf_type = &address[type_start..type_end];
    if !tf_type.starts_with("aws_") {
        return None;
    }
    let module = if type_start == 0 {
        ""
    } else {
        &address[..type_start - 1]
    };
    Some(Address {
        module,
        tf_type,
        rest: &address[rest_start..],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_has_one_entry_per_type() {
        for pair in IDENTITIES.windows(2) {
            assert!(
                pair[0].tf_type < pair[1].tf_type,
                "{} before {}",
                pair[0].tf_type,
                pair[1].tf_type
            );
        }
        assert_eq!(
            identity("aws_security_group").map(|i| i.role),
            Some(Role::Resource(K::Ec2SecurityGroup, IdIsName))
        );
        assert_eq!(identity("aws_nat_gateway"), None);
    }

    /// Every `"aws_…"` type the adapter's source names has exactly one entry, and declaring
    /// one block of it alone gives what the entry says: a resource of its kind at its address
    /// (Resource) or none (Part). A new type in the adapter without an entry fails here.
    #[test]
    fn every_type_the_adapter_reads_has_an_entry_that_matches_its_output() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/terraform/resources");
        let mut types: Vec<String> = Vec::new();
        for file in std::fs::read_dir(dir).expect("adapter sources") {
            let text = std::fs::read_to_string(file.expect("entry").path()).expect("source");
            for piece in text.split('"').skip(1).step_by(2) {
                if piece.starts_with("aws_")
                    && piece
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                {
                    types.push(piece.to_string());
                }
            }
        }
        types.sort();
        types.dedup();
        let table: Vec<&str> = IDENTITIES.iter().map(|i| i.tf_type).collect();
        assert_eq!(
            table, types,
            "IDENTITIES must list exactly the adapter's types"
        );

        let tmp = std::env::temp_dir().join(format!("cloudward-identity-{}", std::process::id()));
        std::fs::create_dir_all(&tmp).expect("temp dir");
        let mut hcl = String::from("provider \"aws\" {\n  region = \"us-east-1\"\n}\n");
        for t in &types {
            hcl.push_str(&format!("resource \"{t}\" \"x\" {{}}\n"));
        }
        std::fs::write(tmp.join("main.tf"), hcl).expect("write");
        let scanned = crate::scan(&tmp, &crate::ScanOptions::default());
        std::fs::remove_dir_all(&tmp).expect("clean up");
        for entry in IDENTITIES {
            let address = format!("{}.x", entry.tf_type);
            let kinds: Vec<ResourceKind> = scanned
                .inventory
                .resources
                .iter()
                .filter(|r| r.id == address)
                .map(|r| r.kind())
                .collect();
            match entry.role {
                Role::Resource(kind, _) => {
                    assert_eq!(kinds, vec![kind], "{}", entry.tf_type)
                }
                Role::Part => assert!(kinds.is_empty(), "{} makes {kinds:?}", entry.tf_type),
            }
        }
        // Every other resource is implied by a parent.
        for r in &scanned.inventory.resources {
            let parsed = parse_address(&r.id).expect("an address");
            if parsed.rest == "x" {
                continue;
            }
            let implied = IMPLIED
                .iter()
                .find(|i| parsed.rest.strip_prefix('x') == Some(i.suffix))
                .unwrap_or_else(|| panic!("{} is neither declared nor implied", r.id));
            assert!(implied.parent_types.contains(&parsed.tf_type));
            assert_eq!(implied.kind, r.kind());
        }
        assert!(mapped_kinds().len() > 50);
    }

    #[test]
    fn addresses_split_outside_brackets_and_quotes() {
        let a = parse_address(r#"module.net["a.b"].module.x[0].aws_s3_bucket.logs["k.1"]"#)
            .expect("parses");
        assert_eq!(a.module, r#"module.net["a.b"].module.x[0]"#);
        assert_eq!(a.tf_type, "aws_s3_bucket");
        assert_eq!(a.rest, r#"logs["k.1"]"#);
        let b = parse_address("aws_vpc.main.main_route_table").expect("parses");
        assert_eq!(
            (b.module, b.tf_type, b.rest),
            ("", "aws_vpc", "main.main_route_table")
        );
        assert_eq!(parse_address("data.aws_vpc.main"), None);
        assert_eq!(parse_address("Logs"), None);
        assert_eq!(parse_address("aws_s3_bucket.b]"), None);
        assert_eq!(
            parse_address(r#"aws_s3_bucket.b["\"]."]"#).map(|a| a.rest),
            Some(r#"b["\"]."]"#)
        );
    }
}
