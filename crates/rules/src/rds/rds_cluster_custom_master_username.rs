//! RDS DB clusters do not use a default master user name.

use cloudward_model::rds::DbCluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rds::judge_master_username;
use crate::Check;

/// Reads the cluster's `MasterUsername` against well-known defaults.
pub struct RdsClusterCustomMasterUsername;

const META: RuleMeta = RuleMeta {
    id: "rds-cluster-custom-master-username",
    title: "RDS DB clusters do not use a default master user name",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbCluster::KINDS,
    checks: "For each DB cluster, whether MasterUsername is not one of admin, administrator, root, master, postgres, sa, mysql, dbadmin, awsuser (any case).",
    rationale: "A default master user name gives an attacker half of the credential; password spraying against database endpoints starts with admin and postgres.",
    remediation: Remediation {
        console: "The master user name cannot be changed: restore a snapshot into a new cluster with a custom name, or create a custom administrative user and lock the default one.",
        cli: "aws rds restore-db-cluster-from-snapshot --db-cluster-identifier <new-cluster> --snapshot-identifier <snapshot> --engine <engine>  # then create a custom admin user and retire the default one",
        terraform: "resource \"aws_rds_cluster\" \"this\" {\n  # ...\n  master_username = \"app_owner\"\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.MasterAccounts.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-24"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.24"],
        well_architected: &["SEC02-BP05"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"admin\"\n  manage_master_user_password = true\n}\n",
        terraform_good: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n}\n",
        cloudformation_bad: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: postgres\n      ManageMasterUserPassword: true\n",
        cloudformation_good: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n",
    },
    file: file!(),
};

impl Check for RdsClusterCustomMasterUsername {
    type Subject = DbCluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cluster: &DbCluster, _: &Resource, _: &Inventory) -> Outcome {
        judge_master_username(&cluster.master_username)
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
        testing::judge(&RdsClusterCustomMasterUsername, &cluster_resource(s))
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.master_username = Value::Known(Some("postgres".into()));
            }),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(|s| {
                s.master_username = Value::unknown("denied");
            }),
            Status::Unknown
        );
    }
}
