//! Redshift cluster uses enhanced VPC routing.

use cloudward_model::redshift::Cluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `EnhancedVpcRouting`.
pub struct RedshiftClusterEnhancedVpcRouting;

const META: RuleMeta = RuleMeta {
    id: "redshift-cluster-enhanced-vpc-routing",
    title: "Redshift cluster uses enhanced VPC routing",
    severity: Severity::Medium,
    service: "redshift",
    kinds: Cluster::KINDS,
    checks: "For each cluster, whether enhanced VPC routing is enabled, so that COPY and UNLOAD traffic goes through the VPC.",
    rationale: "Without enhanced VPC routing, COPY and UNLOAD to S3 leave the VPC over the public AWS network, outside VPC endpoint policies, security groups, NACLs and flow logs: an UNLOAD to a bucket in another account cannot be blocked or seen at the network layer.",
    remediation: Remediation {
        console: "Redshift console > Clusters > <cluster> > Properties > Network and security settings > Edit > Enhanced VPC routing > Turn on > Save changes.",
        cli: "aws redshift modify-cluster --cluster-identifier <id> --enhanced-vpc-routing",
        terraform: "resource \"aws_redshift_cluster\" \"this\" {\n  # ...\n  enhanced_vpc_routing = true\n}",
    },
    references: &["https://docs.aws.amazon.com/redshift/latest/mgmt/enhanced-vpc-routing.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-7"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Redshift.7"],
        well_architected: &["SEC05-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_redshift_cluster\" \"warehouse\" {\n  cluster_identifier  = \"warehouse\"\n  node_type           = \"ra3.xlplus\"\n  master_username     = \"warehouse_admin\"\n  manage_master_password = true\n  encrypted           = true\n  publicly_accessible = false\n}\n",
        terraform_good: "resource \"aws_redshift_cluster\" \"warehouse\" {\n  cluster_identifier  = \"warehouse\"\n  node_type           = \"ra3.xlplus\"\n  master_username     = \"warehouse_admin\"\n  manage_master_password = true\n  encrypted           = true\n  publicly_accessible = false\n  enhanced_vpc_routing = true\n}\n",
        cloudformation_bad: "Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.xlplus\n      DBName: analytics\n      MasterUsername: warehouse_admin\n      ManageMasterPassword: true\n      Encrypted: true\n",
        cloudformation_good: "Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.xlplus\n      DBName: analytics\n      MasterUsername: warehouse_admin\n      ManageMasterPassword: true\n      Encrypted: true\n      EnhancedVpcRouting: true\n",
    },
    file: file!(),
};

impl Check for RedshiftClusterEnhancedVpcRouting {
    type Subject = Cluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, c: &Cluster, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &c.enhanced_vpc_routing,
            "enhanced_vpc_routing",
            "enhanced VPC routing is enabled",
            "enhanced VPC routing is not enabled",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(v: Value<bool>) -> Status {
        let r = cloudward_model::test_support::resource(
            "warehouse",
            Attributes::RedshiftCluster(Cluster {
                cluster_identifier: "warehouse".into(),
                enhanced_vpc_routing: v,
                ..Default::default()
            }),
        );
        testing::judge(&RedshiftClusterEnhancedVpcRouting, &r)
    }

    #[test]
    fn pass_fail_and_unknown() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
        assert_eq!(judge(Value::Known(false)), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
