//! RDS DB clusters copy their tags to snapshots.

use cloudward_model::rds::DbCluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads the cluster's `CopyTagsToSnapshot`.
pub struct RdsClusterCopyTagsToSnapshots;

const META: RuleMeta = RuleMeta {
    id: "rds-cluster-copy-tags-to-snapshots",
    title: "RDS DB clusters copy their tags to snapshots",
    severity: Severity::Low,
    service: "rds",
    kinds: DbCluster::KINDS,
    checks: "For each DB cluster, whether CopyTagsToSnapshot is true.",
    rationale: "Cluster snapshots hold the cluster's data; without its tags they escape tag-based access control, classification and clean-up.",
    remediation: Remediation {
        console: "RDS console > Databases > <cluster> > Modify > Backup > Copy tags to snapshots > Continue > Apply immediately.",
        cli: "aws rds modify-db-cluster --db-cluster-identifier <cluster> --copy-tags-to-snapshot --apply-immediately",
        terraform: "resource \"aws_rds_cluster\" \"this\" {\n  # ...\n  copy_tags_to_snapshot = true\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_Tagging.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-16"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.16", "RDS.47", "RDS.48"],
        well_architected: &["SEC07-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n}\n",
        terraform_good: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n  copy_tags_to_snapshot       = true\n}\n",
        cloudformation_bad: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n",
        cloudformation_good: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      CopyTagsToSnapshot: true\n",
    },
    file: file!(),
};

impl Check for RdsClusterCopyTagsToSnapshots {
    type Subject = DbCluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cluster: &DbCluster, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &cluster.copy_tags_to_snapshot,
            "copy_tags_to_snapshot",
            "tags are copied to snapshots",
            "tags are not copied to snapshots",
        )
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
        testing::judge(&RdsClusterCopyTagsToSnapshots, &cluster_resource(s))
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
}
