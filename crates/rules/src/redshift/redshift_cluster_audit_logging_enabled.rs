//! Redshift cluster has audit logging enabled.

use cloudward_model::redshift::Cluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `DescribeLoggingStatus.LoggingEnabled` (S3 or CloudWatch Logs); code: the `logging` block or `aws_redshift_logging`, `LoggingProperties`.
pub struct RedshiftClusterAuditLoggingEnabled;

const META: RuleMeta = RuleMeta {
    id: "redshift-cluster-audit-logging-enabled",
    title: "Redshift cluster has audit logging enabled",
    severity: Severity::Medium,
    service: "redshift",
    kinds: Cluster::KINDS,
    checks: "For each cluster, whether audit logging (connection, user and user activity logs) is delivered to S3 or CloudWatch Logs.",
    rationale: "Audit logs record who connected, from where, and what they ran. Without them a data theft through stolen database credentials leaves no trace outside the database, and system tables keep only a few days.",
    remediation: Remediation {
        console: "Redshift console > Clusters > <cluster> > Properties > Database configurations > Edit audit logging > Turn on, choose S3 or CloudWatch > Save changes.",
        cli: "aws redshift enable-logging --cluster-identifier <id> --log-destination-type cloudwatch --log-exports connectionlog userlog useractivitylog",
        terraform: "resource \"aws_redshift_logging\" \"this\" {\n  cluster_identifier   = aws_redshift_cluster.this.id\n  log_destination_type = \"cloudwatch\"\n  log_exports          = [\"connectionlog\", \"userlog\", \"useractivitylog\"]\n}",
    },
    references: &["https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-4"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Redshift.4"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_redshift_cluster\" \"warehouse\" {\n  cluster_identifier  = \"warehouse\"\n  node_type           = \"ra3.xlplus\"\n  master_username     = \"warehouse_admin\"\n  manage_master_password = true\n  encrypted           = true\n  publicly_accessible = false\n}\n",
        terraform_good: "resource \"aws_redshift_cluster\" \"warehouse\" {\n  cluster_identifier  = \"warehouse\"\n  node_type           = \"ra3.xlplus\"\n  master_username     = \"warehouse_admin\"\n  manage_master_password = true\n  encrypted           = true\n  publicly_accessible = false\n}\n\nresource \"aws_redshift_logging\" \"warehouse\" {\n  cluster_identifier   = aws_redshift_cluster.warehouse.id\n  log_destination_type = \"cloudwatch\"\n  log_exports          = [\"connectionlog\", \"userlog\", \"useractivitylog\"]\n}\n",
        cloudformation_bad: "Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.xlplus\n      DBName: analytics\n      MasterUsername: warehouse_admin\n      ManageMasterPassword: true\n      Encrypted: true\n",
        cloudformation_good: "Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.xlplus\n      DBName: analytics\n      MasterUsername: warehouse_admin\n      ManageMasterPassword: true\n      Encrypted: true\n      LoggingProperties:\n        LogDestinationType: cloudwatch\n        LogExports: [connectionlog, userlog, useractivitylog]\n",
    },
    file: file!(),
};

impl Check for RedshiftClusterAuditLoggingEnabled {
    type Subject = Cluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, c: &Cluster, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &c.logging_enabled,
            "logging_enabled",
            "audit logging is enabled",
            "audit logging is not enabled",
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
                logging_enabled: v,
                ..Default::default()
            }),
        );
        testing::judge(&RedshiftClusterAuditLoggingEnabled, &r)
    }

    #[test]
    fn pass_fail_and_unknown() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
        assert_eq!(judge(Value::Known(false)), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
