//! Redshift cluster is not publicly accessible.

use cloudward_model::redshift::Cluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads `PubliclyAccessible`. In code an unset `publicly_accessible` depends on the provider version (true before AWS provider v6.0, false from it), so it is Unknown there; CloudFormation leaves it to the API default, false.
pub struct RedshiftClusterNotPubliclyAccessible;

const META: RuleMeta = RuleMeta {
    id: "redshift-cluster-not-publicly-accessible",
    title: "Redshift cluster is not publicly accessible",
    severity: Severity::Critical,
    service: "redshift",
    kinds: Cluster::KINDS,
    checks: "For each cluster, whether it is not publicly accessible (no public IP on its endpoint).",
    rationale: "A publicly accessible cluster gets a public IP and resolves from the internet: only its security group and the password stand between the warehouse and anyone scanning port 5439.",
    remediation: Remediation {
        console: "Redshift console > Clusters > <cluster> > Actions > Modify publicly accessible setting > Turn off > Save changes.",
        cli: "aws redshift modify-cluster --cluster-identifier <id> --no-publicly-accessible",
        terraform: "resource \"aws_redshift_cluster\" \"this\" {\n  # ...\n  publicly_accessible = false\n}",
    },
    references: &["https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-1"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Redshift.1"],
        well_architected: &["SEC05-BP01", "SEC03-BP07"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_redshift_cluster\" \"warehouse\" {\n  cluster_identifier  = \"warehouse\"\n  node_type           = \"ra3.xlplus\"\n  master_username     = \"warehouse_admin\"\n  manage_master_password = true\n  encrypted           = true\n  publicly_accessible = true\n}\n",
        terraform_good: "resource \"aws_redshift_cluster\" \"warehouse\" {\n  cluster_identifier  = \"warehouse\"\n  node_type           = \"ra3.xlplus\"\n  master_username     = \"warehouse_admin\"\n  manage_master_password = true\n  encrypted           = true\n  publicly_accessible = false\n}\n",
        cloudformation_bad: "Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.xlplus\n      DBName: analytics\n      MasterUsername: warehouse_admin\n      ManageMasterPassword: true\n      Encrypted: true\n      PubliclyAccessible: true\n",
        cloudformation_good: "Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.xlplus\n      DBName: analytics\n      MasterUsername: warehouse_admin\n      ManageMasterPassword: true\n      Encrypted: true\n      PubliclyAccessible: false\n",
    },
    file: file!(),
};

impl Check for RedshiftClusterNotPubliclyAccessible {
    type Subject = Cluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, c: &Cluster, _: &Resource, _: &Inventory) -> Outcome {
        judged(&c.publicly_accessible, "publicly_accessible", |public| {
            if *public {
                Err("the cluster is publicly accessible".into())
            } else {
                Ok("the cluster is not publicly accessible".into())
            }
        })
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
                publicly_accessible: v,
                ..Default::default()
            }),
        );
        testing::judge(&RedshiftClusterNotPubliclyAccessible, &r)
    }

    #[test]
    fn pass_fail_and_unknown() {
        assert_eq!(judge(Value::Known(false)), Status::Pass);
        assert_eq!(judge(Value::Known(true)), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
