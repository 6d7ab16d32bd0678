//! ElastiCache has automatic minor version upgrades enabled.

use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use super::{Cache, CacheView};
use crate::rule::flag;
use crate::Check;

/// Reads `AutoMinorVersionUpgrade` (on the replication group, or the standalone cluster).
pub struct ElasticacheAutoMinorVersionUpgradeEnabled;

const META: RuleMeta = RuleMeta {
    id: "elasticache-auto-minor-version-upgrade-enabled",
    title: "ElastiCache has automatic minor version upgrades enabled",
    severity: Severity::High,
    service: "elasticache",
    kinds: Cache::KINDS,
    checks: "For each replication group or standalone cluster, whether automatic minor version upgrades are enabled.",
    rationale: "Minor engine versions carry security fixes. With automatic minor upgrades off, a cache keeps running a version with known vulnerabilities until someone schedules the upgrade by hand.",
    remediation: Remediation {
        console: "ElastiCache console > <cache> > Modify > Maintenance > Auto upgrade minor versions > Enable.",
        cli: "aws elasticache modify-replication-group --replication-group-id <id> --auto-minor-version-upgrade --apply-immediately",
        terraform: "resource \"aws_elasticache_replication_group\" \"this\" {\n  # ...\n  auto_minor_version_upgrade = true\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/VersionManagement.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-2"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ElastiCache.2"],
        well_architected: &["SEC06-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_elasticache_replication_group\" \"sessions\" {\n  replication_group_id = \"sessions\"\n  description          = \"session store\"\n  node_type            = \"cache.t4g.small\"\n  num_cache_clusters   = 2\n  auto_minor_version_upgrade = false\n}\n",
        terraform_good: "resource \"aws_elasticache_replication_group\" \"sessions\" {\n  replication_group_id = \"sessions\"\n  description          = \"session store\"\n  node_type            = \"cache.t4g.small\"\n  num_cache_clusters   = 2\n}\n",
        cloudformation_bad: "Resources:\n  Sessions:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: session store\n      CacheNodeType: cache.t4g.small\n      Engine: redis\n      NumCacheClusters: 2\n      AutoMinorVersionUpgrade: false\n",
        cloudformation_good: "Resources:\n  Sessions:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: session store\n      CacheNodeType: cache.t4g.small\n      Engine: redis\n      NumCacheClusters: 2\n      AutoMinorVersionUpgrade: true\n",
    },
    file: file!(),
};

impl Check for ElasticacheAutoMinorVersionUpgradeEnabled {
    type Subject = Cache;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cache: CacheView<'_>, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &cache.settings.auto_minor_version_upgrade,
            "auto_minor_version_upgrade",
            format!("the {} upgrades minor versions automatically", cache.what),
            format!(
                "the {} does not upgrade minor versions automatically",
                cache.what
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticache::test_helpers::{cluster, group, secure};
    use crate::rule::testing;
    use cloudward_model::elasticache::CacheSettings;
    use cloudward_model::{Status, Value};

    #[test]
    fn on_passes_off_fails_unknown_stays_unknown() {
        let rule = &ElasticacheAutoMinorVersionUpgradeEnabled;
        assert_eq!(testing::judge(rule, &group(secure())), Status::Pass);
        let off = CacheSettings {
            auto_minor_version_upgrade: Value::Known(false),
            ..secure()
        };
        assert_eq!(testing::judge(rule, &cluster(off)), Status::Fail);
        let unknown = CacheSettings {
            auto_minor_version_upgrade: Value::unknown("denied"),
            ..secure()
        };
        assert_eq!(testing::judge(rule, &group(unknown)), Status::Unknown);
    }
}
