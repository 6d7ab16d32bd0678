//! RDS DB instances upgrade minor engine versions automatically.

use cloudward_model::rds::DbInstance;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `AutoMinorVersionUpgrade`, an instance-level setting (Aurora members included).
pub struct RdsInstanceAutoMinorVersionUpgradeEnabled;

const META: RuleMeta = RuleMeta {
    id: "rds-instance-auto-minor-version-upgrade-enabled",
    title: "RDS DB instances upgrade minor engine versions automatically",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbInstance::KINDS,
    checks: "For each DB instance (cluster members included), whether AutoMinorVersionUpgrade is true.",
    rationale: "Minor engine versions carry security fixes. With automatic minor version upgrades, RDS applies them in the maintenance window, so known vulnerabilities in the database engine do not stay open until someone remembers to upgrade.",
    remediation: Remediation {
        console: "RDS console > Databases > <instance> > Modify > Maintenance > Auto minor version upgrade: Enable > Continue > Apply immediately.",
        cli: "aws rds modify-db-instance --db-instance-identifier <instance> --auto-minor-version-upgrade --apply-immediately",
        terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  auto_minor_version_upgrade = true\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Maintenance.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-13"],
    frameworks: Frameworks {
        cis_v7: &["3.2.2"],
        cis_v6: &["3.2.2"],
        cis_v5: &["2.2.2"],
        cis_v3: &["2.3.2"],
        fsbp: &["RDS.13"],
        well_architected: &["SEC06-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  auto_minor_version_upgrade  = false\n}\n",
        terraform_good: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n}\n",
        cloudformation_bad: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      AutoMinorVersionUpgrade: false\n",
        cloudformation_good: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n",
    },
    file: file!(),
};

impl Check for RdsInstanceAutoMinorVersionUpgradeEnabled {
    type Subject = DbInstance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, db: &DbInstance, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &db.auto_minor_version_upgrade,
            "auto_minor_version_upgrade",
            "minor engine versions are applied automatically",
            "automatic minor version upgrades are disabled",
        )
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
        testing::judge(
            &RdsInstanceAutoMinorVersionUpgradeEnabled,
            &instance_resource(s),
        )
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.auto_minor_version_upgrade = Value::Known(false);
            }),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(|s| {
                s.auto_minor_version_upgrade = Value::unknown("denied");
            }),
            Status::Unknown
        );
    }
}
