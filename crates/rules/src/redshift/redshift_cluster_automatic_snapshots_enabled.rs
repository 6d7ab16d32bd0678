//! Redshift cluster keeps automated snapshots long enough.

use cloudward_model::redshift::Cluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads `AutomatedSnapshotRetentionPeriod` against `thresholds.backup_retention_days` (default 7, FSBP Redshift.3's default minimum).
pub struct RedshiftClusterAutomaticSnapshotsEnabled;

const META: RuleMeta = RuleMeta {
    id: "redshift-cluster-automatic-snapshots-enabled",
    title: "Redshift cluster keeps automated snapshots long enough",
    severity: Severity::Medium,
    service: "redshift",
    kinds: Cluster::KINDS,
    checks: "For each cluster, whether automated snapshots are kept at least thresholds.backup_retention_days days (default 7); 0 turns them off.",
    rationale: "Automated snapshots are how a warehouse comes back after a dropped schema, a bad load or ransomware. One day of retention means a problem noticed after the weekend has no clean snapshot left.",
    remediation: Remediation {
        console: "Redshift console > Clusters > <cluster> > Maintenance > Backup details > Edit > Automated snapshot retention period >= 7 days > Save changes.",
        cli: "aws redshift modify-cluster --cluster-identifier <id> --automated-snapshot-retention-period 7",
        terraform: "resource \"aws_redshift_cluster\" \"this\" {\n  # ...\n  automated_snapshot_retention_period = 7\n}",
    },
    references: &["https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-snapshots.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-3"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Redshift.3"],
        well_architected: &[],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_redshift_cluster\" \"warehouse\" {\n  cluster_identifier  = \"warehouse\"\n  node_type           = \"ra3.xlplus\"\n  master_username     = \"warehouse_admin\"\n  manage_master_password = true\n  encrypted           = true\n  publicly_accessible = false\n}\n",
        terraform_good: "resource \"aws_redshift_cluster\" \"warehouse\" {\n  cluster_identifier  = \"warehouse\"\n  node_type           = \"ra3.xlplus\"\n  master_username     = \"warehouse_admin\"\n  manage_master_password = true\n  encrypted           = true\n  publicly_accessible = false\n  automated_snapshot_retention_period = 7\n}\n",
        cloudformation_bad: "Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.xlplus\n      DBName: analytics\n      MasterUsername: warehouse_admin\n      ManageMasterPassword: true\n      Encrypted: true\n      AutomatedSnapshotRetentionPeriod: 1\n",
        cloudformation_good: "Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.xlplus\n      DBName: analytics\n      MasterUsername: warehouse_admin\n      ManageMasterPassword: true\n      Encrypted: true\n      AutomatedSnapshotRetentionPeriod: 7\n",
    },
    file: file!(),
};

impl Check for RedshiftClusterAutomaticSnapshotsEnabled {
    type Subject = Cluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, c: &Cluster, _: &Resource, inventory: &Inventory) -> Outcome {
        let min = inventory.settings.thresholds.backup_retention_days;
        judged(
            &c.automated_snapshot_retention_period,
            "automated_snapshot_retention_period",
            |days| {
                if *days <= 0 {
                    Err("automated snapshots are off (retention 0)".into())
                } else if (*days as u32) < min {
                    Err(format!(
                        "automated snapshots are kept {days} day(s), less than {min}"
                    ))
                } else {
                    Ok(format!("automated snapshots are kept {days} day(s)"))
                }
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(v: Value<i32>) -> Status {
        let r = cloudward_model::test_support::resource(
            "warehouse",
            Attributes::RedshiftCluster(Cluster {
                cluster_identifier: "warehouse".into(),
                automated_snapshot_retention_period: v,
                ..Default::default()
            }),
        );
        testing::judge(&RedshiftClusterAutomaticSnapshotsEnabled, &r)
    }

    #[test]
    fn pass_fail_and_unknown() {
        assert_eq!(judge(Value::Known(7)), Status::Pass);
        assert_eq!(judge(Value::Known(1)), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
