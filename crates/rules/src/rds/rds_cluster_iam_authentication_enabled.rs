//! RDS DB clusters have IAM database authentication enabled.

use cloudward_model::rds::DbCluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rds::Family;
use crate::rule::flag;
use crate::Check;

/// Reads the cluster's `IAMDatabaseAuthenticationEnabled`.
pub struct RdsClusterIamAuthenticationEnabled;

const META: RuleMeta = RuleMeta {
    id: "rds-cluster-iam-authentication-enabled",
    title: "RDS DB clusters have IAM database authentication enabled",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbCluster::KINDS,
    checks: "For each DB cluster of an engine that supports it (Aurora MySQL, Aurora PostgreSQL, MySQL, PostgreSQL), whether IAMDatabaseAuthenticationEnabled is true.",
    rationale: "IAM database authentication issues short-lived tokens to IAM principals instead of long-lived passwords, so access is controlled and audited in IAM and no password needs to be stored by clients.",
    remediation: Remediation {
        console: "RDS console > Databases > <cluster> > Modify > Database authentication > Password and IAM database authentication > Continue > Apply immediately.",
        cli: "aws rds modify-db-cluster --db-cluster-identifier <cluster> --enable-iam-database-authentication --apply-immediately",
        terraform: "resource \"aws_rds_cluster\" \"this\" {\n  # ...\n  iam_database_authentication_enabled = true\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-12"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.12"],
        well_architected: &["SEC02-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n}\n",
        terraform_good: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n  iam_database_authentication_enabled = true\n}\n",
        cloudformation_bad: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n",
        cloudformation_good: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      EnableIAMDatabaseAuthentication: true\n",
    },
    file: file!(),
};

impl Check for RdsClusterIamAuthenticationEnabled {
    type Subject = DbCluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cluster: &DbCluster, _: &Resource, _: &Inventory) -> Outcome {
        let engine = match cluster.engine.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(e) => e,
        };
        if !Family::of(engine).supports_iam_auth() {
            return Outcome::not_applicable(format!(
                "engine {engine} does not support IAM database authentication"
            ));
        }
        flag(
            &cluster.iam_database_authentication_enabled,
            "iam_database_authentication_enabled",
            "IAM database authentication is enabled",
            "IAM database authentication is disabled: only database passwords are accepted",
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
        testing::judge(&RdsClusterIamAuthenticationEnabled, &cluster_resource(s))
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.iam_database_authentication_enabled = Value::Known(false);
            }),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(|s| {
                s.iam_database_authentication_enabled = Value::unknown("denied");
            }),
            Status::Unknown
        );
    }
}
