//! RDS DB instances encrypt their storage at rest.

use cloudward_model::rds::DbInstance;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rds::cluster_setting;
use crate::rule::flag;
use crate::Check;

/// Reads `StorageEncrypted`. A cluster member is encrypted with its cluster and is judged
/// there (`rds-cluster-storage-encrypted`).
pub struct RdsInstanceStorageEncrypted;

const META: RuleMeta = RuleMeta {
    id: "rds-instance-storage-encrypted",
    title: "RDS DB instances encrypt their storage at rest",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbInstance::KINDS,
    checks: "For each stand-alone DB instance, whether StorageEncrypted is true (members of a DB cluster are judged on the cluster).",
    rationale: "An unencrypted instance leaves its data, automated backups, read replicas and snapshots readable by anyone who obtains the storage or a copy of a snapshot. Encryption at rest with KMS also puts key policy and CloudTrail between the data and whoever holds a copy. Encryption can only be chosen at creation: an existing instance must be restored from an encrypted copy of a snapshot.",
    remediation: Remediation {
        console: "RDS console > Snapshots > take a snapshot of <instance> > Actions > Copy snapshot > Enable encryption (choose a KMS key) > restore the encrypted copy as a new instance and move clients to it.",
        cli: "aws rds create-db-snapshot --db-instance-identifier <instance> --db-snapshot-identifier <snap>\naws rds copy-db-snapshot --source-db-snapshot-identifier <snap> --target-db-snapshot-identifier <snap>-enc --kms-key-id <kms-key-arn>\naws rds restore-db-instance-from-db-snapshot --db-instance-identifier <instance>-enc --db-snapshot-identifier <snap>-enc",
        terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-3"],
    frameworks: Frameworks {
        cis_v7: &["3.2.1"],
        cis_v6: &["3.2.1"],
        cis_v5: &["2.2.1"],
        cis_v3: &["2.3.1"],
        fsbp: &["RDS.3"],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n}\n",
        terraform_good: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  storage_encrypted           = true\n}\n",
        cloudformation_bad: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      StorageEncrypted: false\n",
        cloudformation_good: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      StorageEncrypted: true\n",
    },
    file: file!(),
};

impl Check for RdsInstanceStorageEncrypted {
    type Subject = DbInstance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, db: &DbInstance, _: &Resource, _: &Inventory) -> Outcome {
        if let Some(na) = cluster_setting(db, "storage encryption", "rds-cluster-storage-encrypted")
        {
            return na;
        }
        flag(
            &db.storage_encrypted,
            "storage_encrypted",
            "storage is encrypted at rest",
            "storage is not encrypted at rest",
        )
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
        testing::judge(&RdsInstanceStorageEncrypted, &instance_resource(s))
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.storage_encrypted = Value::Known(false);
            }),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(|s| {
                s.storage_encrypted = Value::unknown("denied");
            }),
            Status::Unknown
        );
    }

    #[test]
    fn cluster_members_are_judged_on_the_cluster() {
        let mut s = member();
        s.storage_encrypted = Value::Known(false);
        assert_eq!(
            testing::judge(&RdsInstanceStorageEncrypted, &instance_resource(s)),
            Status::NotApplicable
        );
    }
}
