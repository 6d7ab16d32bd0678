//! RDS DB clusters have deletion protection enabled.

use cloudward_model::rds::DbCluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads the cluster's `DeletionProtection`.
pub struct RdsClusterDeletionProtectionEnabled;

const META: RuleMeta = RuleMeta {
    id: "rds-cluster-deletion-protection-enabled",
    title: "RDS DB clusters have deletion protection enabled",
    severity: Severity::Low,
    service: "rds",
    kinds: DbCluster::KINDS,
    checks: "For each DB cluster, whether DeletionProtection is true.",
    rationale: "Deletion protection makes DeleteDBCluster fail until it is turned off, so one mistaken or malicious call cannot remove the cluster and its automated backups.",
    remediation: Remediation {
        console: "RDS console > Databases > <cluster> > Modify > Deletion protection: Enable > Continue > Apply immediately.",
        cli: "aws rds modify-db-cluster --db-cluster-identifier <cluster> --deletion-protection --apply-immediately",
        terraform: "resource \"aws_rds_cluster\" \"this\" {\n  # ...\n  deletion_protection = true\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DeleteCluster.html#USER_DeletionProtection", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-7"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.7"],
        well_architected: &["SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n}\n",
        terraform_good: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n  deletion_protection         = true\n}\n",
        cloudformation_bad: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n",
        cloudformation_good: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      DeletionProtection: true\n",
    },
    file: file!(),
};

impl Check for RdsClusterDeletionProtectionEnabled {
    type Subject = DbCluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cluster: &DbCluster, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &cluster.deletion_protection,
            "deletion_protection",
            "deletion protection is enabled",
            "deletion protection is disabled",
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
        testing::judge(&RdsClusterDeletionProtectionEnabled, &cluster_resource(s))
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.deletion_protection = Value::Known(false);
            }),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(|s| {
                s.deletion_protection = Value::unknown("denied");
            }),
            Status::Unknown
        );
    }
}
