//! RDS DB instances are not publicly accessible.

use cloudward_model::rds::DbInstance;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `PubliclyAccessible`: whether the endpoint resolves to a public address. Whether the
/// subnets route to the internet is `rds-instance-not-in-public-subnet`.
pub struct RdsInstanceNotPubliclyAccessible;

const META: RuleMeta = RuleMeta {
    id: "rds-instance-not-publicly-accessible",
    title: "RDS DB instances are not publicly accessible",
    severity: Severity::Critical,
    service: "rds",
    kinds: DbInstance::KINDS,
    checks: "For each DB instance (cluster members included: the setting is per instance), whether PubliclyAccessible is false.",
    rationale: "A publicly accessible instance gets a DNS name that resolves to a public IP address; with a permissive security group or a route to an internet gateway, the database listener is reachable from the whole internet, where credential stuffing and engine exploits are automated.",
    remediation: Remediation {
        console: "RDS console > Databases > <instance> > Modify > Connectivity > Additional configuration > Public access: Not publicly accessible > Continue > Apply immediately.",
        cli: "aws rds modify-db-instance --db-instance-identifier <instance> --no-publicly-accessible --apply-immediately",
        terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  publicly_accessible = false\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-2"],
    frameworks: Frameworks {
        cis_v7: &["3.2.3"],
        cis_v6: &["3.2.3"],
        cis_v5: &["2.2.3"],
        cis_v3: &["2.3.3"],
        fsbp: &["RDS.2"],
        well_architected: &["SEC05-BP01", "SEC03-BP07"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  publicly_accessible         = true\n}\n",
        terraform_good: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  publicly_accessible         = false\n}\n",
        cloudformation_bad: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      PubliclyAccessible: true\n",
        cloudformation_good: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      PubliclyAccessible: false\n",
    },
    file: file!(),
};

impl Check for RdsInstanceNotPubliclyAccessible {
    type Subject = DbInstance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, db: &DbInstance, _: &Resource, _: &Inventory) -> Outcome {
        match db.publicly_accessible.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(true) => Outcome::Fail(Evidence::at(
                "publicly_accessible",
                "the instance is publicly accessible: its endpoint resolves to a public IP address",
            )),
            Ok(false) => Outcome::Pass(Evidence::at(
                "publicly_accessible",
                "the instance is not publicly accessible",
            )),
        }
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
        testing::judge(&RdsInstanceNotPubliclyAccessible, &instance_resource(s))
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.publicly_accessible = Value::Known(true);
            }),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(|s| {
                s.publicly_accessible = Value::unknown("denied");
            }),
            Status::Unknown
        );
    }
}
