//! ElastiCache replication group is encrypted at rest.

use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use super::{not_for_memcached, Cache, CacheView};
use crate::rule::flag;
use crate::Check;

/// Reads `AtRestEncryptionEnabled` of the replication group (or standalone cluster). Memcached keeps nothing on disk (no backups, no snapshots): not applicable.
pub struct ElasticacheEncryptedAtRest;

const META: RuleMeta = RuleMeta {
    id: "elasticache-encrypted-at-rest",
    title: "ElastiCache replication group is encrypted at rest",
    severity: Severity::Medium,
    service: "elasticache",
    kinds: Cache::KINDS,
    checks: "For each Valkey or Redis OSS replication group or standalone cluster, whether encryption at rest is enabled (Memcached is not applicable).",
    rationale: "Valkey and Redis OSS write data to disk during synchronisation, swap and backups, and backups are exported to S3. Without encryption at rest that data sits in clear on storage AWS manages and in snapshots that can be copied or shared. At-rest encryption can only be chosen when the group is created.",
    remediation: Remediation {
        console: "At-rest encryption cannot be turned on for an existing group: ElastiCache console > Valkey or Redis OSS caches > Create > Encryption at rest > Enable; migrate the data (a backup restored into the new group) and delete the old one.",
        cli: "aws elasticache create-replication-group --replication-group-id <new-id> --replication-group-description <text> --engine valkey --cache-node-type <type> --at-rest-encryption-enabled --snapshot-name <backup-of-old-group>",
        terraform: "resource \"aws_elasticache_replication_group\" \"this\" {\n  # ...\n  at_rest_encryption_enabled = true\n  kms_key_id                 = aws_kms_key.cache.arn\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-4"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ElastiCache.4"],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_elasticache_replication_group\" \"sessions\" {\n  replication_group_id = \"sessions\"\n  description          = \"session store\"\n  node_type            = \"cache.t4g.small\"\n  num_cache_clusters   = 2\n}\n",
        terraform_good: "resource \"aws_elasticache_replication_group\" \"sessions\" {\n  replication_group_id = \"sessions\"\n  description          = \"session store\"\n  node_type            = \"cache.t4g.small\"\n  num_cache_clusters   = 2\n  at_rest_encryption_enabled = true\n}\n",
        cloudformation_bad: "Resources:\n  Sessions:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: session store\n      CacheNodeType: cache.t4g.small\n      Engine: redis\n      NumCacheClusters: 2\n      AtRestEncryptionEnabled: false\n",
        cloudformation_good: "Resources:\n  Sessions:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: session store\n      CacheNodeType: cache.t4g.small\n      Engine: redis\n      NumCacheClusters: 2\n      AtRestEncryptionEnabled: true\n",
    },
    file: file!(),
};

impl Check for ElasticacheEncryptedAtRest {
    type Subject = Cache;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cache: CacheView<'_>, _: &Resource, _: &Inventory) -> Outcome {
        if let Some(o) = not_for_memcached(cache.settings, "encryption at rest") {
            return o;
        }
        flag(
            &cache.settings.at_rest_encryption_enabled,
            "at_rest_encryption_enabled",
            format!("the {} is encrypted at rest", cache.what),
            format!("the {} is not encrypted at rest", cache.what),
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
    fn encrypted_passes_unencrypted_fails_unknown_stays_unknown() {
        let rule = &ElasticacheEncryptedAtRest;
        assert_eq!(testing::judge(rule, &group(secure())), Status::Pass);
        let off = CacheSettings {
            at_rest_encryption_enabled: Value::Known(false),
            ..secure()
        };
        assert_eq!(testing::judge(rule, &group(off.clone())), Status::Fail);
        assert_eq!(testing::judge(rule, &cluster(off)), Status::Fail);
        let unknown = CacheSettings {
            at_rest_encryption_enabled: Value::unknown("denied"),
            ..secure()
        };
        assert_eq!(testing::judge(rule, &group(unknown)), Status::Unknown);
        assert_eq!(
            testing::judge(rule, &cluster(memcached())),
            Status::NotApplicable
        );
    }
}
