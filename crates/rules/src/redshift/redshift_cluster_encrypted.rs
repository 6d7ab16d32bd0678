//! Redshift cluster is encrypted at rest.

use cloudward_model::redshift::Cluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `Encrypted`. In code an unset `encrypted` depends on the provider version (true from AWS provider v6.0, false before), so it is Unknown there.
pub struct RedshiftClusterEncrypted;

const META: RuleMeta = RuleMeta {
    id: "redshift-cluster-encrypted",
    title: "Redshift cluster is encrypted at rest",
    severity: Severity::High,
    service: "redshift",
    kinds: Cluster::KINDS,
    checks: "For each cluster, whether it is encrypted at rest.",
    rationale: "A data warehouse holds the organisation's most concentrated data. Unencrypted, its blocks, replicas and snapshots (which can be copied or shared to other accounts) are in clear; KMS encryption adds key-policy control and an audit trail of every use.",
    remediation: Remediation {
        console: "Redshift console > Clusters > <cluster> > Actions > Modify > Database configurations > Encryption > Use AWS Key Management Service > choose the key > Modify cluster.",
        cli: "aws redshift modify-cluster --cluster-identifier <id> --encrypted --kms-key-id <key-arn>",
        terraform: "resource \"aws_redshift_cluster\" \"this\" {\n  # ...\n  encrypted  = true\n  kms_key_id = aws_kms_key.redshift.arn\n}",
    },
    references: &["https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-10"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Redshift.10"],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_redshift_cluster\" \"warehouse\" {\n  cluster_identifier  = \"warehouse\"\n  node_type           = \"ra3.xlplus\"\n  master_username     = \"warehouse_admin\"\n  manage_master_password = true\n  encrypted           = false\n  publicly_accessible = false\n}\n",
        terraform_good: "resource \"aws_redshift_cluster\" \"warehouse\" {\n  cluster_identifier  = \"warehouse\"\n  node_type           = \"ra3.xlplus\"\n  master_username     = \"warehouse_admin\"\n  manage_master_password = true\n  encrypted           = true\n  publicly_accessible = false\n}\n",
        cloudformation_bad: "Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.xlplus\n      DBName: analytics\n      MasterUsername: warehouse_admin\n      ManageMasterPassword: true\n      Encrypted: false\n",
        cloudformation_good: "Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.xlplus\n      DBName: analytics\n      MasterUsername: warehouse_admin\n      ManageMasterPassword: true\n      Encrypted: true\n",
    },
    file: file!(),
};

impl Check for RedshiftClusterEncrypted {
    type Subject = Cluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, c: &Cluster, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &c.encrypted,
            "encrypted",
            "the cluster is encrypted at rest",
            "the cluster is not encrypted at rest",
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
                encrypted: v,
                ..Default::default()
            }),
        );
        testing::judge(&RedshiftClusterEncrypted, &r)
    }

    #[test]
    fn pass_fail_and_unknown() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
        assert_eq!(judge(Value::Known(false)), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
