//! RDS DB instances copy their tags to snapshots.

use cloudward_model::rds::DbInstance;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rds::cluster_setting;
use crate::rule::flag;
use crate::Check;

/// Reads `CopyTagsToSnapshot`; for cluster members it is the cluster's.
pub struct RdsInstanceCopyTagsToSnapshots;

const META: RuleMeta = RuleMeta {
    id: "rds-instance-copy-tags-to-snapshots",
    title: "RDS DB instances copy their tags to snapshots",
    severity: Severity::Low,
    service: "rds",
    kinds: DbInstance::KINDS,
    checks: "For each stand-alone DB instance, whether CopyTagsToSnapshot is true.",
    rationale: "Snapshots hold the same data as the instance. Without its tags (owner, data classification, environment) they escape tag-based access control, cost allocation and the processes that find and clean up sensitive copies.",
    remediation: Remediation {
        console: "RDS console > Databases > <instance> > Modify > Additional configuration > Backup > Copy tags to snapshots > Continue > Apply immediately.",
        cli: "aws rds modify-db-instance --db-instance-identifier <instance> --copy-tags-to-snapshot --apply-immediately",
        terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  copy_tags_to_snapshot = true\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Tagging.html#USER_Tagging.CopyTags", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-17"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.17"],
        well_architected: &["SEC07-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n}\n",
        terraform_good: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  copy_tags_to_snapshot       = true\n}\n",
        cloudformation_bad: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n",
        cloudformation_good: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      CopyTagsToSnapshot: true\n",
    },
    file: file!(),
};

impl Check for RdsInstanceCopyTagsToSnapshots {
    type Subject = DbInstance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, db: &DbInstance, _: &Resource, _: &Inventory) -> Outcome {
        if let Some(na) = cluster_setting(
            db,
            "copying tags to snapshots",
            "rds-cluster-copy-tags-to-snapshots",
        ) {
            return na;
        }
        flag(
            &db.copy_tags_to_snapshot,
            "copy_tags_to_snapshot",
            "tags are copied to snapshots",
            "tags are not copied to snapshots",
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
        testing::judge(&RdsInstanceCopyTagsToSnapshots, &instance_resource(s))
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.copy_tags_to_snapshot = Value::Known(false);
            }),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(|s| {
                s.copy_tags_to_snapshot = Value::unknown("denied");
            }),
            Status::Unknown
        );
    }

    #[test]
    fn cluster_members_are_judged_on_the_cluster() {
        let mut s = member();
        s.copy_tags_to_snapshot = Value::Known(false);
        assert_eq!(
            testing::judge(&RdsInstanceCopyTagsToSnapshots, &instance_resource(s)),
            Status::NotApplicable
        );
    }
}
