//! Redshift cluster does not use the default admin username.

use cloudward_model::redshift::Cluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads `MasterUsername`; `awsuser` (the console's default) fails, compared case-insensitively.
pub struct RedshiftClusterNotDefaultAdminUsername;

const META: RuleMeta = RuleMeta {
    id: "redshift-cluster-not-default-admin-username",
    title: "Redshift cluster does not use the default admin username",
    severity: Severity::Medium,
    service: "redshift",
    kinds: Cluster::KINDS,
    checks: "For each cluster, whether the admin (master) user name is not the default awsuser.",
    rationale: "Password-guessing against an exposed cluster starts with awsuser: a default admin name hands an attacker half of the credential. A name of your own costs nothing.",
    remediation: Remediation {
        console: "The admin user name cannot be changed: create a cluster from a snapshot with a new admin user name (Restore from snapshot > Database configurations), or create a new superuser and stop using awsuser.",
        cli: "aws redshift restore-from-cluster-snapshot --cluster-identifier <new-id> --snapshot-identifier <snapshot> (then create a new admin user and drop awsuser's use)",
        terraform: "resource \"aws_redshift_cluster\" \"this\" {\n  # ...\n  master_username = \"warehouse_admin\"\n}",
    },
    references: &["https://docs.aws.amazon.com/redshift/latest/mgmt/create-cluster.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-8"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Redshift.8"],
        well_architected: &["SEC02-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_redshift_cluster\" \"warehouse\" {\n  cluster_identifier  = \"warehouse\"\n  node_type           = \"ra3.xlplus\"\n  master_username     = \"awsuser\"\n  manage_master_password = true\n  encrypted           = true\n  publicly_accessible = false\n}\n",
        terraform_good: "resource \"aws_redshift_cluster\" \"warehouse\" {\n  cluster_identifier  = \"warehouse\"\n  node_type           = \"ra3.xlplus\"\n  master_username     = \"warehouse_admin\"\n  manage_master_password = true\n  encrypted           = true\n  publicly_accessible = false\n}\n",
        cloudformation_bad: "Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.xlplus\n      DBName: analytics\n      MasterUsername: awsuser\n      ManageMasterPassword: true\n      Encrypted: true\n",
        cloudformation_good: "Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.xlplus\n      DBName: analytics\n      MasterUsername: warehouse_admin\n      ManageMasterPassword: true\n      Encrypted: true\n",
    },
    file: file!(),
};

impl Check for RedshiftClusterNotDefaultAdminUsername {
    type Subject = Cluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, c: &Cluster, _: &Resource, _: &Inventory) -> Outcome {
        judged(&c.master_username, "master_username", |name| {
            if name.eq_ignore_ascii_case("awsuser") {
                Err("the admin user is the default awsuser".into())
            } else {
                Ok(format!("the admin user is {name}, not the default"))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(v: Value<String>) -> Status {
        let r = cloudward_model::test_support::resource(
            "warehouse",
            Attributes::RedshiftCluster(Cluster {
                cluster_identifier: "warehouse".into(),
                master_username: v,
                ..Default::default()
            }),
        );
        testing::judge(&RedshiftClusterNotDefaultAdminUsername, &r)
    }

    #[test]
    fn pass_fail_and_unknown() {
        assert_eq!(
            judge(Value::Known("warehouse_admin".to_string())),
            Status::Pass
        );
        assert_eq!(judge(Value::Known("AWSUSER".to_string())), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
