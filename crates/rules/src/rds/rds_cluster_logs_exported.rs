//! RDS DB clusters publish their database logs to CloudWatch Logs.

use cloudward_model::rds::DbCluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rds::{judge_logs, Family};
use crate::Check;

/// Reads the cluster's `EnabledCloudwatchLogsExports`: Aurora MySQL audit, error, general,
/// slowquery (FSBP RDS.34 asks for audit); Aurora PostgreSQL postgresql (RDS.37); Multi-AZ DB
/// clusters of MySQL error, general, slowquery and of PostgreSQL postgresql, upgrade.
pub struct RdsClusterLogsExported;

const META: RuleMeta = RuleMeta {
    id: "rds-cluster-logs-exported",
    title: "RDS DB clusters publish their database logs to CloudWatch Logs",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbCluster::KINDS,
    checks: "For each DB cluster, whether EnabledCloudwatchLogsExports includes the log types of its engine: Aurora MySQL audit, error, general, slowquery; Aurora PostgreSQL postgresql; MySQL Multi-AZ clusters error, general, slowquery; PostgreSQL Multi-AZ clusters postgresql, upgrade.",
    rationale: "Audit and error logs published to CloudWatch Logs outlive the cluster's own rotation and its deletion, and can drive alarms on failed logins and privilege changes.",
    remediation: Remediation {
        console: "RDS console > Databases > <cluster> > Modify > Log exports > select the engine's log types > Continue > Apply immediately. (Aurora MySQL audit logs also need server_audit_logging = 1 in the cluster parameter group.)",
        cli: "aws rds modify-db-cluster --db-cluster-identifier <cluster> --cloudwatch-logs-export-configuration '{\"EnableLogTypes\":[\"postgresql\"]}' --apply-immediately",
        terraform: "resource \"aws_rds_cluster\" \"this\" {\n  # ...\n  enabled_cloudwatch_logs_exports = [\"postgresql\"]\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-34"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.34", "RDS.37"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n}\n",
        terraform_good: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n  enabled_cloudwatch_logs_exports = [\"postgresql\"]\n}\n",
        cloudformation_bad: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n",
        cloudformation_good: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      EnableCloudwatchLogsExports:\n        - postgresql\n",
    },
    file: file!(),
};

impl Check for RdsClusterLogsExported {
    type Subject = DbCluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cluster: &DbCluster, _: &Resource, _: &Inventory) -> Outcome {
        let engine = match cluster.engine.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(e) => e,
        };
        let required: &[&str] = match Family::of(engine) {
            Family::AuroraMySql => &["audit", "error", "general", "slowquery"],
            Family::AuroraPostgres => &["postgresql"],
            Family::MySql => &["error", "general", "slowquery"],
            Family::Postgres => &["postgresql", "upgrade"],
            _ => {
                return Outcome::not_applicable(format!(
                    "no log types are required for engine {engine}"
                ))
            }
        };
        judge_logs(&cluster.enabled_cloudwatch_logs_exports, required)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rds::test_helpers::{cluster, cluster_resource};
    use crate::rule::testing;
    use cloudward_model::rds::DbCluster;
    use cloudward_model::{Status, Value};

    fn judge(change: impl FnOnce(&mut DbCluster)) -> Status {
        let mut s = cluster();
        change(&mut s);
        testing::judge(&RdsClusterLogsExported, &cluster_resource(s))
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.enabled_cloudwatch_logs_exports = Value::Known(vec![]);
            }),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(|s| {
                s.enabled_cloudwatch_logs_exports = Value::unknown("denied");
            }),
            Status::Unknown
        );
    }
}
