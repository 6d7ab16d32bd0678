//! RDS DB instances publish their database logs to CloudWatch Logs.

use cloudward_model::rds::DbInstance;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rds::{cluster_setting, judge_logs, Family};
use crate::Check;

/// Reads `EnabledCloudwatchLogsExports` against FSBP RDS.9's log types per engine: Oracle
/// alert, audit, trace, listener; PostgreSQL postgresql, upgrade; MySQL and MariaDB audit,
/// error, general, slowquery; SQL Server error, agent; Db2 diag.log, notify.log. Aurora
/// members export through their cluster.
pub struct RdsInstanceLogsExported;

const META: RuleMeta = RuleMeta {
    id: "rds-instance-logs-exported",
    title: "RDS DB instances publish their database logs to CloudWatch Logs",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbInstance::KINDS,
    checks: "For each stand-alone DB instance, whether EnabledCloudwatchLogsExports includes every log type FSBP RDS.9 names for its engine (Oracle: alert, audit, trace, listener; PostgreSQL: postgresql, upgrade; MySQL and MariaDB: audit, error, general, slowquery; SQL Server: error, agent; Db2: diag.log, notify.log).",
    rationale: "Database logs record failed logins, privilege changes and errors that show an attack or a misuse. Published to CloudWatch Logs they are kept beyond the instance's own rotation, survive its deletion, and can feed metric filters, alarms and investigations.",
    remediation: Remediation {
        console: "RDS console > Databases > <instance> > Modify > Log exports > select every log type for the engine > Continue > Apply immediately. (MySQL and MariaDB audit logs also need the MARIADB_AUDIT_PLUGIN option.)",
        cli: "aws rds modify-db-instance --db-instance-identifier <instance> --cloudwatch-logs-export-configuration '{\"EnableLogTypes\":[\"postgresql\",\"upgrade\"]}' --apply-immediately",
        terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  enabled_cloudwatch_logs_exports = [\"postgresql\", \"upgrade\"]\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-9"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.9", "RDS.36", "RDS.40", "RDS.42"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  enabled_cloudwatch_logs_exports = [\"postgresql\"]\n}\n",
        terraform_good: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  enabled_cloudwatch_logs_exports = [\"postgresql\", \"upgrade\"]\n}\n",
        cloudformation_bad: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n",
        cloudformation_good: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      EnableCloudwatchLogsExports:\n        - postgresql\n        - upgrade\n",
    },
    file: file!(),
};

impl Check for RdsInstanceLogsExported {
    type Subject = DbInstance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, db: &DbInstance, _: &Resource, _: &Inventory) -> Outcome {
        if let Some(na) = cluster_setting(db, "log export", "rds-cluster-logs-exported") {
            return na;
        }
        let engine = match db.engine.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(e) => e,
        };
        let required: &[&str] = match Family::of(engine) {
            Family::Oracle => &["alert", "audit", "trace", "listener"],
            Family::Postgres => &["postgresql", "upgrade"],
            Family::MySql | Family::MariaDb => &["audit", "error", "general", "slowquery"],
            Family::SqlServer => &["error", "agent"],
            Family::Db2 => &["diag.log", "notify.log"],
            _ => {
                return Outcome::not_applicable(format!(
                    "no log types are required for engine {engine}"
                ))
            }
        };
        judge_logs(&db.enabled_cloudwatch_logs_exports, required)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rds::test_helpers::{instance, instance_resource, member};
    use crate::rule::testing;
    use cloudward_model::rds::DbInstance;
    use cloudward_model::{Status, Value};

    fn judge(change: impl FnOnce(&mut DbInstance)) -> Status {
        let mut s = instance();
        change(&mut s);
        testing::judge(&RdsInstanceLogsExported, &instance_resource(s))
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.enabled_cloudwatch_logs_exports = Value::Known(vec!["postgresql".into()]);
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

    #[test]
    fn cluster_members_are_judged_on_the_cluster() {
        let mut s = member();
        s.enabled_cloudwatch_logs_exports = Value::Known(vec!["postgresql".into()]);
        assert_eq!(
            testing::judge(&RdsInstanceLogsExported, &instance_resource(s)),
            Status::NotApplicable
        );
    }

    #[test]
    fn mysql_needs_its_four_logs() {
        let mut db = instance();
        db.engine = Value::Known("mysql".into());
        db.enabled_cloudwatch_logs_exports =
            Value::Known(vec!["error".into(), "general".into(), "slowquery".into()]);
        let r = instance_resource(db);
        assert_eq!(testing::judge(&RdsInstanceLogsExported, &r), Status::Fail);
    }
}
