//! RDS DB clusters reject connections that do not use TLS.

use cloudward_model::rds::DbCluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, ResourceKind, RuleMeta,
    Severity, Subject,
};

use crate::rds::{judge_tls, TlsSubject};
use crate::Check;

/// Reads the cluster's DB cluster parameter group (an `RdsDbClusterParameterGroup` in the
/// same region): `rds.force_ssl` for (Aurora) PostgreSQL, `require_secure_transport` for
/// (Aurora) MySQL. Aurora's defaults are not documented per version, so an unset parameter
/// is Unknown there.
pub struct RdsClusterTlsEnforced;

const META: RuleMeta = RuleMeta {
    id: "rds-cluster-tls-enforced",
    title: "RDS DB clusters reject connections that do not use TLS",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbCluster::KINDS,
    checks: "For each DB cluster, whether its DB cluster parameter group sets rds.force_ssl = 1 (Aurora PostgreSQL, PostgreSQL) or require_secure_transport = ON/1 (Aurora MySQL, MySQL), or leaves it at a documented default that does.",
    rationale: "Without server-side enforcement, clients that do not ask for TLS send credentials and data in clear text; enforcing it makes a misconfigured client fail instead of silently downgrading.",
    remediation: Remediation {
        console: "RDS console > Parameter groups > create a DB cluster parameter group for the engine family > Edit > rds.force_ssl = 1 (or require_secure_transport = ON) > Save > Databases > <cluster> > Modify > DB cluster parameter group > Apply.",
        cli: "aws rds modify-db-cluster-parameter-group --db-cluster-parameter-group-name <group> --parameters ParameterName=rds.force_ssl,ParameterValue=1,ApplyMethod=immediate\naws rds modify-db-cluster --db-cluster-identifier <cluster> --db-cluster-parameter-group-name <group>",
        terraform: "resource \"aws_rds_cluster_parameter_group\" \"tls\" {\n  family = \"aurora-postgresql16\"\n  parameter {\n    name  = \"rds.force_ssl\"\n    value = \"1\"\n  }\n}\n\nresource \"aws_rds_cluster\" \"this\" {\n  # ...\n  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.tls.name\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Security.html#AuroraPostgreSQL.Security.SSL", "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Security.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC09-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_rds_cluster_parameter_group\" \"tls\" {\n  name   = \"app-cluster-tls\"\n  family = \"aurora-postgresql16\"\n  parameter {\n    name  = \"rds.force_ssl\"\n    value = \"0\"\n  }\n}\n\nresource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.tls.name\n}\n",
        terraform_good: "resource \"aws_rds_cluster_parameter_group\" \"tls\" {\n  name   = \"app-cluster-tls\"\n  family = \"aurora-postgresql16\"\n  parameter {\n    name  = \"rds.force_ssl\"\n    value = \"1\"\n  }\n}\n\nresource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.tls.name\n}\n",
        cloudformation_bad: "Resources:\n  ClusterParams:\n    Type: AWS::RDS::DBClusterParameterGroup\n    Properties:\n      Family: aurora-postgresql16\n      Description: require TLS\n      Parameters:\n        rds.force_ssl: \"0\"\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      DBClusterParameterGroupName: !Ref ClusterParams\n",
        cloudformation_good: "Resources:\n  ClusterParams:\n    Type: AWS::RDS::DBClusterParameterGroup\n    Properties:\n      Family: aurora-postgresql16\n      Description: require TLS\n      Parameters:\n        rds.force_ssl: \"1\"\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      DBClusterParameterGroupName: !Ref ClusterParams\n",
    },
    file: file!(),
};

impl Check for RdsClusterTlsEnforced {
    type Subject = DbCluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cluster: &DbCluster, resource: &Resource, inventory: &Inventory) -> Outcome {
        judge_tls(
            &TlsSubject {
                engine: &cluster.engine,
                engine_version: &cluster.engine_version,
                group: &cluster.db_cluster_parameter_group_name,
                group_kind: ResourceKind::RdsDbClusterParameterGroup,
                attribute: "db_cluster_parameter_group_name",
            },
            resource,
            inventory,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rds::test_helpers::{cluster, cluster_resource};
    use crate::rule::testing;
    use cloudward_model::rds::DbClusterParameterGroup;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn with_group(parameters: Value<Vec<(&str, &str)>>) -> Inventory {
        let mut inv = Inventory::new();
        inv.push(test_support::resource(
            "secure-cpg",
            Attributes::RdsDbClusterParameterGroup(DbClusterParameterGroup {
                db_cluster_parameter_group_name: "secure-cpg".into(),
                parameters: parameters.map(|p| {
                    p.into_iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect()
                }),
            }),
        ));
        inv
    }

    fn judge(inv: &Inventory) -> Status {
        testing::judge_in(&RdsClusterTlsEnforced, &cluster_resource(cluster()), inv)
    }

    #[test]
    fn force_ssl_on_passes() {
        assert_eq!(
            judge(&with_group(Value::Known(vec![("rds.force_ssl", "1")]))),
            Status::Pass
        );
    }

    #[test]
    fn force_ssl_off_fails() {
        assert_eq!(
            judge(&with_group(Value::Known(vec![("rds.force_ssl", "0")]))),
            Status::Fail
        );
    }

    #[test]
    fn unread_or_undocumented_defaults_are_unknown() {
        assert_eq!(
            judge(&with_group(Value::unknown("denied"))),
            Status::Unknown
        );
        assert_eq!(judge(&with_group(Value::Known(vec![]))), Status::Unknown);
        assert_eq!(judge(&Inventory::new()), Status::Unknown);
    }
}
