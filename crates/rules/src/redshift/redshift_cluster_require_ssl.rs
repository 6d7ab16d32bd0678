//! Redshift cluster requires SSL connections.

use cloudward_model::redshift::Cluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `require_ssl` of the cluster's parameter group (`DescribeClusterParameters`); the default group `default.redshift-1.0` has it false.
pub struct RedshiftClusterRequireSsl;

const META: RuleMeta = RuleMeta {
    id: "redshift-cluster-require-ssl",
    title: "Redshift cluster requires SSL connections",
    severity: Severity::Medium,
    service: "redshift",
    kinds: Cluster::KINDS,
    checks: "For each cluster, whether the require_ssl parameter of its parameter group is true, so that plaintext connections are refused.",
    rationale: "Without require_ssl, clients may connect without TLS, sending database credentials and query results in clear over the network; one misconfigured driver is enough.",
    remediation: Remediation {
        console: "Redshift console > Configurations > Workload management > Parameter groups > create a group (the default cannot be edited) > Parameters > require_ssl = true; then modify the cluster to use it and reboot.",
        cli: "aws redshift modify-cluster-parameter-group --parameter-group-name <group> --parameters ParameterName=require_ssl,ParameterValue=true",
        terraform: "resource \"aws_redshift_parameter_group\" \"tls\" {\n  name   = \"require-tls\"\n  family = \"redshift-1.0\"\n  parameter {\n    name  = \"require_ssl\"\n    value = \"true\"\n  }\n}\n\nresource \"aws_redshift_cluster\" \"this\" {\n  # ...\n  cluster_parameter_group_name = aws_redshift_parameter_group.tls.name\n}",
    },
    references: &["https://docs.aws.amazon.com/redshift/latest/mgmt/connecting-ssl-support.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-2"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Redshift.2"],
        well_architected: &["SEC09-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_redshift_cluster\" \"warehouse\" {\n  cluster_identifier  = \"warehouse\"\n  node_type           = \"ra3.xlplus\"\n  master_username     = \"warehouse_admin\"\n  manage_master_password = true\n  encrypted           = true\n  publicly_accessible = false\n}\n",
        terraform_good: "resource \"aws_redshift_parameter_group\" \"tls\" {\n  name   = \"require-tls\"\n  family = \"redshift-1.0\"\n  parameter {\n    name  = \"require_ssl\"\n    value = \"true\"\n  }\n}\n\nresource \"aws_redshift_cluster\" \"warehouse\" {\n  cluster_identifier  = \"warehouse\"\n  node_type           = \"ra3.xlplus\"\n  master_username     = \"warehouse_admin\"\n  manage_master_password = true\n  encrypted           = true\n  publicly_accessible = false\n  cluster_parameter_group_name = aws_redshift_parameter_group.tls.name\n}\n",
        cloudformation_bad: "Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.xlplus\n      DBName: analytics\n      MasterUsername: warehouse_admin\n      ManageMasterPassword: true\n      Encrypted: true\n",
        cloudformation_good: "Resources:\n  Tls:\n    Type: AWS::Redshift::ClusterParameterGroup\n    Properties:\n      Description: require TLS\n      ParameterGroupFamily: redshift-1.0\n      Parameters:\n        - ParameterName: require_ssl\n          ParameterValue: \"true\"\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.xlplus\n      DBName: analytics\n      MasterUsername: warehouse_admin\n      ManageMasterPassword: true\n      Encrypted: true\n      ClusterParameterGroupName: !Ref Tls\n",
    },
    file: file!(),
};

impl Check for RedshiftClusterRequireSsl {
    type Subject = Cluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, c: &Cluster, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &c.require_ssl,
            "require_ssl",
            "the parameter group requires SSL connections",
            "the parameter group does not require SSL (require_ssl is false)",
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
                require_ssl: v,
                ..Default::default()
            }),
        );
        testing::judge(&RedshiftClusterRequireSsl, &r)
    }

    #[test]
    fn pass_fail_and_unknown() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
        assert_eq!(judge(Value::Known(false)), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
