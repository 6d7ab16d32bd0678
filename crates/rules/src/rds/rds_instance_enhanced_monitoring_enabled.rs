//! RDS DB instances have Enhanced Monitoring enabled.

use cloudward_model::rds::DbInstance;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads `MonitoringInterval`: 0 means Enhanced Monitoring is off. Per instance, Aurora
/// members included.
pub struct RdsInstanceEnhancedMonitoringEnabled;

const META: RuleMeta = RuleMeta {
    id: "rds-instance-enhanced-monitoring-enabled",
    title: "RDS DB instances have Enhanced Monitoring enabled",
    severity: Severity::Low,
    service: "rds",
    kinds: DbInstance::KINDS,
    checks: "For each DB instance (cluster members included), whether MonitoringInterval is greater than 0.",
    rationale: "Enhanced Monitoring collects operating-system metrics (processes, memory, file system) from an agent on the host at up to one-second granularity. Unusual processes or load patterns are often the first sign of abuse, and the metrics are what an investigation needs.",
    remediation: Remediation {
        console: "RDS console > Databases > <instance> > Modify > Monitoring > Enable Enhanced Monitoring (granularity 60 seconds or less, a monitoring role) > Continue > Apply immediately.",
        cli: "aws rds modify-db-instance --db-instance-identifier <instance> --monitoring-interval 60 --monitoring-role-arn <role-arn> --apply-immediately",
        terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  monitoring_interval = 60\n  monitoring_role_arn = aws_iam_role.rds_monitoring.arn\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-6"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.6"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n}\n",
        terraform_good: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  monitoring_interval         = 60\n  monitoring_role_arn         = \"arn:aws:iam::123456789012:role/rds-monitoring\"\n}\n",
        cloudformation_bad: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n",
        cloudformation_good: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      MonitoringInterval: 60\n      MonitoringRoleArn: arn:aws:iam::123456789012:role/rds-monitoring\n",
    },
    file: file!(),
};

impl Check for RdsInstanceEnhancedMonitoringEnabled {
    type Subject = DbInstance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, db: &DbInstance, _: &Resource, _: &Inventory) -> Outcome {
        judged(&db.monitoring_interval, "monitoring_interval", |&s| {
            if s > 0 {
                Ok(format!(
                    "Enhanced Monitoring collects metrics every {s} seconds"
                ))
            } else {
                Err("Enhanced Monitoring is off (monitoring interval 0)".into())
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rds::test_helpers::{instance, instance_resource};
    use crate::rule::testing;
    use cloudward_model::rds::DbInstance;
    use cloudward_model::{Status, Value};

    fn judge(change: impl FnOnce(&mut DbInstance)) -> Status {
        let mut s = instance();
        change(&mut s);
        testing::judge(&RdsInstanceEnhancedMonitoringEnabled, &instance_resource(s))
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.monitoring_interval = Value::Known(0);
            }),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(|s| {
                s.monitoring_interval = Value::unknown("denied");
            }),
            Status::Unknown
        );
    }
}
