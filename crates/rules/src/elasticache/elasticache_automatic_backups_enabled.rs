//! ElastiCache Valkey or Redis OSS has automatic backups enabled.

use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use super::{not_for_memcached, Cache, CacheView};
use crate::rule::judged;
use crate::Check;

/// Reads `SnapshotRetentionLimit` (0, or absent, is off). Memcached has no snapshots: not applicable.
pub struct ElasticacheAutomaticBackupsEnabled;

const META: RuleMeta = RuleMeta {
    id: "elasticache-automatic-backups-enabled",
    title: "ElastiCache Valkey or Redis OSS has automatic backups enabled",
    severity: Severity::High,
    service: "elasticache",
    kinds: Cache::KINDS,
    checks: "For each Valkey or Redis OSS replication group or standalone cluster, whether the automatic backup retention (SnapshotRetentionLimit) is at least 1 day (Memcached is not applicable).",
    rationale: "A cache used as a primary store (sessions, queues, leaderboards) loses everything on a failed node, a bad FLUSHALL or a ransomware wipe unless a recent snapshot exists. Automatic daily backups make that recovery possible without anyone remembering to take one.",
    remediation: Remediation {
        console: "ElastiCache console > Valkey or Redis OSS caches > <group> > Modify > Backup > Enable automatic backups, Backup retention period >= 1 day.",
        cli: "aws elasticache modify-replication-group --replication-group-id <id> --snapshot-retention-limit 7 --apply-immediately",
        terraform: "resource \"aws_elasticache_replication_group\" \"this\" {\n  # ...\n  snapshot_retention_limit = 7\n  snapshot_window          = \"03:00-05:00\"\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-1"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ElastiCache.1"],
        well_architected: &[],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_elasticache_replication_group\" \"sessions\" {\n  replication_group_id = \"sessions\"\n  description          = \"session store\"\n  node_type            = \"cache.t4g.small\"\n  num_cache_clusters   = 2\n}\n",
        terraform_good: "resource \"aws_elasticache_replication_group\" \"sessions\" {\n  replication_group_id = \"sessions\"\n  description          = \"session store\"\n  node_type            = \"cache.t4g.small\"\n  num_cache_clusters   = 2\n  snapshot_retention_limit = 7\n}\n",
        cloudformation_bad: "Resources:\n  Sessions:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: session store\n      CacheNodeType: cache.t4g.small\n      Engine: redis\n      NumCacheClusters: 2\n",
        cloudformation_good: "Resources:\n  Sessions:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: session store\n      CacheNodeType: cache.t4g.small\n      Engine: redis\n      NumCacheClusters: 2\n      SnapshotRetentionLimit: 7\n",
    },
    file: file!(),
};

impl Check for ElasticacheAutomaticBackupsEnabled {
    type Subject = Cache;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cache: CacheView<'_>, _: &Resource, _: &Inventory) -> Outcome {
        if let Some(o) = not_for_memcached(cache.settings, "backups") {
            return o;
        }
        judged(
            &cache.settings.snapshot_retention_limit,
            "snapshot_retention_limit",
            |days| {
                if *days >= 1 {
                    Ok(format!("automatic backups are kept {days} day(s)"))
                } else {
                    Err(format!(
                        "the {} has no automatic backups (retention 0)",
                        cache.what
                    ))
                }
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticache::test_helpers::{cluster, group, memcached, secure};
    use crate::rule::testing;
    use cloudward_model::elasticache::CacheSettings;
    use cloudward_model::{Status, Value};

    #[test]
    fn a_retention_passes_zero_fails_unknown_stays_unknown() {
        let rule = &ElasticacheAutomaticBackupsEnabled;
        assert_eq!(testing::judge(rule, &group(secure())), Status::Pass);
        let off = CacheSettings {
            snapshot_retention_limit: Value::Known(0),
            ..secure()
        };
        assert_eq!(testing::judge(rule, &cluster(off)), Status::Fail);
        let unknown = CacheSettings {
            snapshot_retention_limit: Value::unknown("denied"),
            ..secure()
        };
        assert_eq!(testing::judge(rule, &group(unknown)), Status::Unknown);
        assert_eq!(
            testing::judge(rule, &cluster(memcached())),
            Status::NotApplicable
        );
    }
}
