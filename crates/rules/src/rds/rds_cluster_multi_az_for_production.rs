//! Production RDS DB clusters span multiple Availability Zones.

use cloudward_model::rds::DbCluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads the cluster's `MultiAZ` for clusters tagged as production (as the instance rule).
/// In code, an Aurora cluster is multi-AZ when it has two or more instances (AWS spreads them
/// over zones unless each is pinned to the same one); a Multi-AZ DB cluster always is.
pub struct RdsClusterMultiAzForProduction;

const META: RuleMeta = RuleMeta {
    id: "rds-cluster-multi-az-for-production",
    title: "Production RDS DB clusters span multiple Availability Zones",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbCluster::KINDS,
    checks: "For each DB cluster tagged as production (production_tag in cloudward.toml), whether MultiAZ is true (an Aurora cluster with instances in more than one Availability Zone). Clusters not tagged as production are not applicable.",
    rationale: "An Aurora cluster with a single instance, or all instances in one zone, is down until a new instance is created when that zone or host fails. A reader in another zone is promoted automatically in about a minute.",
    remediation: Remediation {
        console: "RDS console > Databases > <cluster> > Actions > Add reader > choose another Availability Zone > Add reader.",
        cli: "aws rds create-db-instance --db-instance-identifier <cluster>-reader --db-cluster-identifier <cluster> --engine <engine> --db-instance-class <class> --availability-zone <other-az>",
        terraform: "resource \"aws_rds_cluster_instance\" \"this\" {\n  count              = 2\n  cluster_identifier = aws_rds_cluster.this.id\n  engine             = aws_rds_cluster.this.engine\n  instance_class     = \"db.r6g.large\"\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-15"],
    frameworks: Frameworks {
        cis_v7: &["3.2.4"],
        cis_v6: &["3.2.4"],
        cis_v5: &["2.2.4"],
        cis_v3: &[],
        fsbp: &["RDS.15"],
        well_architected: &[],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n  tags = {\n    environment = \"production\"\n  }\n}\n\nresource \"aws_rds_cluster_instance\" \"db0\" {\n  identifier         = \"app-cluster-0\"\n  cluster_identifier = aws_rds_cluster.db.id\n  engine             = \"aurora-postgresql\"\n  instance_class     = \"db.r6g.large\"\n}\n",
        terraform_good: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n  tags = {\n    environment = \"production\"\n  }\n}\n\nresource \"aws_rds_cluster_instance\" \"db0\" {\n  identifier         = \"app-cluster-0\"\n  cluster_identifier = aws_rds_cluster.db.id\n  engine             = \"aurora-postgresql\"\n  instance_class     = \"db.r6g.large\"\n}\n\nresource \"aws_rds_cluster_instance\" \"db1\" {\n  identifier         = \"app-cluster-1\"\n  cluster_identifier = aws_rds_cluster.db.id\n  engine             = \"aurora-postgresql\"\n  instance_class     = \"db.r6g.large\"\n}\n",
        cloudformation_bad: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      Tags:\n        - Key: environment\n          Value: production\n  Instance0:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBClusterIdentifier: !Ref Cluster\n      Engine: aurora-postgresql\n      DBInstanceClass: db.r6g.large\n",
        cloudformation_good: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      Tags:\n        - Key: environment\n          Value: production\n  Instance0:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBClusterIdentifier: !Ref Cluster\n      Engine: aurora-postgresql\n      DBInstanceClass: db.r6g.large\n  Instance1:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBClusterIdentifier: !Ref Cluster\n      Engine: aurora-postgresql\n      DBInstanceClass: db.r6g.large\n",
    },
    file: file!(),
};

impl Check for RdsClusterMultiAzForProduction {
    type Subject = DbCluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cluster: &DbCluster, resource: &Resource, inventory: &Inventory) -> Outcome {
        if !inventory.settings.is_production(&resource.tags) {
            return Outcome::not_applicable(format!(
                "not tagged as production ({} = {})",
                inventory.settings.production_tag.key,
                inventory.settings.production_tag.values.join("|")
            ));
        }
        flag(
            &cluster.multi_az,
            "multi_az",
            "a production cluster with instances in more than one Availability Zone",
            "a production cluster in a single Availability Zone",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rds::test_helpers::{cluster, cluster_resource};
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(multi_az: Value<bool>, production: bool) -> Status {
        let mut c = cluster();
        c.multi_az = multi_az;
        let mut r = cluster_resource(c);
        if production {
            r.tags.insert("environment".into(), "production".into());
        }
        testing::judge(&RdsClusterMultiAzForProduction, &r)
    }

    #[test]
    fn production_multi_az_passes() {
        assert_eq!(judge(Value::Known(true), true), Status::Pass);
    }

    #[test]
    fn production_single_az_fails() {
        assert_eq!(judge(Value::Known(false), true), Status::Fail);
    }

    #[test]
    fn unknown_and_not_production() {
        assert_eq!(judge(Value::unknown("denied"), true), Status::Unknown);
        assert_eq!(judge(Value::Known(false), false), Status::NotApplicable);
    }
}
