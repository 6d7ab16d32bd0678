//! What AWS creates by itself, which no code is expected to declare (so it is never
//! "unmanaged"), and which kinds are listed account-wide rather than per region.

use cloudward_model::{Attributes, Resource, ResourceKind};

/// Whether AWS made this resource on its own: the default VPC and what comes with every VPC
/// (default security group, default network ACL, main route table, default subnets and the
/// default VPC's internet gateway), AWS managed KMS keys and IAM policies, service-linked
/// and IAM Identity Center roles, RDS default parameter groups and automated snapshots.
pub(crate) fn is_aws_default(resource: &Resource, default_vpcs: &[&str]) -> bool {
    match &resource.attributes {
        Attributes::Ec2Vpc(v) => v.is_default,
        Attributes::Ec2SecurityGroup(g) => g.group_name == "default",
        Attributes::Ec2NetworkAcl(a) => a.is_default,
        Attributes::Ec2RouteTable(t) => t.is_main,
        Attributes::Ec2Subnet(s) => default_vpcs.contains(&s.vpc_id.as_str()),
        Attributes::Ec2InternetGateway(g) => g
            .attached_vpc_ids
            .iter()
            .any(|v| default_vpcs.contains(&v.as_str())),
        Attributes::KmsKey(k) => k.key_manager.known().is_some_and(|m| m == "AWS"),
        Attributes::IamPolicy(p) => p.aws_managed,
        Attributes::IamRole(r) => {
            r.path.starts_with("/aws-service-role/") || r.path.starts_with("/aws-reserved/")
        }
        Attributes::RdsDbParameterGroup(g) => g.db_parameter_group_name.starts_with("default."),
        Attributes::RdsDbClusterParameterGroup(g) => {
            g.db_cluster_parameter_group_name.starts_with("default.")
        }
        Attributes::RdsDbSnapshot(s) => s.snapshot_type == "automated",
        Attributes::RdsDbClusterSnapshot(s) => s.snapshot_type == "automated",
        _ => false,
    }
}

/// Kinds listed once for the account, whatever the collected regions: a declared resource of
/// these kinds is looked for even when its region was not collected.
pub(crate) fn is_global(kind: ResourceKind) -> bool {
    use ResourceKind::*;
    matches!(
        kind,
        IamUser
            | IamGroup
            | IamRole
            | IamPolicy
            | IamPasswordPolicy
            | IamServerCertificate
            | S3Bucket
            | S3AccountPublicAccessBlock
            | CloudfrontDistribution
            | Route53HostedZone
            | Route53domainsDomain
            | OrganizationsOrganization
            | AccountContacts
    )
}
