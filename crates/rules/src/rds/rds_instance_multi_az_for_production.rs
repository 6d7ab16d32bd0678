//! Production RDS DB instances are deployed in multiple Availability Zones.

use cloudward_model::rds::DbInstance;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rds::cluster_setting;
use crate::rule::flag;
use crate::Check;

/// Reads `MultiAZ` of instances tagged as production (`production_tag` in cloudward.toml,
/// default `environment` = `prod`/`production`). Other instances are NotApplicable: a second
/// Availability Zone doubles the cost, and FSBP RDS.5's blanket requirement is narrowed to
/// where an outage matters. Cluster members get their availability from the cluster.
pub struct RdsInstanceMultiAzForProduction;

const META: RuleMeta = RuleMeta {
    id: "rds-instance-multi-az-for-production",
    title: "Production RDS DB instances are deployed in multiple Availability Zones",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbInstance::KINDS,
    checks: "For each stand-alone DB instance tagged as production (production_tag in cloudward.toml), whether MultiAZ is true. Instances not tagged as production are not applicable.",
    rationale: "A Single-AZ instance is down for the whole of an Availability Zone outage, a storage failure or a host replacement. Multi-AZ keeps a synchronous standby in another zone and fails over automatically, usually within a minute or two.",
    remediation: Remediation {
        console: "RDS console > Databases > <instance> > Modify > Availability & durability > Multi-AZ deployment: Create a standby instance > Continue > Apply.",
        cli: "aws rds modify-db-instance --db-instance-identifier <instance> --multi-az --apply-immediately",
        terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  multi_az = true\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-5"],
    frameworks: Frameworks {
        cis_v7: &["3.2.4"],
        cis_v6: &["3.2.4"],
        cis_v5: &["2.2.4"],
        cis_v3: &[],
        fsbp: &["RDS.5"],
        well_architected: &[],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  tags = {\n    environment = \"production\"\n  }\n}\n",
        terraform_good: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  multi_az                    = true\n  tags = {\n    environment = \"production\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      Tags:\n        - Key: environment\n          Value: production\n",
        cloudformation_good: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      MultiAZ: true\n      Tags:\n        - Key: environment\n          Value: production\n",
    },
    file: file!(),
};

impl Check for RdsInstanceMultiAzForProduction {
    type Subject = DbInstance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, db: &DbInstance, resource: &Resource, inventory: &Inventory) -> Outcome {
        if let Some(na) = cluster_setting(db, "availability", "rds-cluster-multi-az-for-production")
        {
            return na;
        }
        if !inventory.settings.is_production(&resource.tags) {
            return Outcome::not_applicable(format!(
                "not tagged as production ({} = {})",
                inventory.settings.production_tag.key,
                inventory.settings.production_tag.values.join("|")
            ));
        }
        flag(
            &db.multi_az,
            "multi_az",
            "a production instance with a standby in another Availability Zone",
            "a production instance in a single Availability Zone",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rds::test_helpers::{instance, instance_resource};
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(multi_az: Value<bool>, production: bool) -> Status {
        let mut db = instance();
        db.multi_az = multi_az;
        let mut r = instance_resource(db);
        if production {
            r.tags.insert("Environment".into(), "Prod".into());
        }
        testing::judge(&RdsInstanceMultiAzForProduction, &r)
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
