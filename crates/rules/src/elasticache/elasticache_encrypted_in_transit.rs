//! ElastiCache requires encryption in transit.

use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::{Cache, CacheView};
use crate::Check;

/// Reads `TransitEncryptionEnabled` and `TransitEncryptionMode`: the `preferred` mode (a migration step) still accepts unencrypted connections, so it fails.
pub struct ElasticacheEncryptedInTransit;

const META: RuleMeta = RuleMeta {
    id: "elasticache-encrypted-in-transit",
    title: "ElastiCache requires encryption in transit",
    severity: Severity::Medium,
    service: "elasticache",
    kinds: Cache::KINDS,
    checks: "For each replication group or standalone cluster, whether in-transit (TLS) encryption is enabled and its mode is not `preferred`, which still accepts plaintext clients.",
    rationale: "Without TLS, cached data (sessions, tokens, query results) and AUTH passwords cross the VPC in clear, readable by anything that can capture traffic on the path. The `preferred` mode exists to migrate clients and leaves plaintext connections open until it is set to `required`.",
    remediation: Remediation {
        console: "ElastiCache console > Valkey or Redis OSS caches > <group> > Modify > Encryption in transit > Enable, Transit encryption mode Preferred; move every client to TLS, then modify again to Required.",
        cli: "aws elasticache modify-replication-group --replication-group-id <id> --transit-encryption-enabled --transit-encryption-mode required --apply-immediately",
        terraform: "resource \"aws_elasticache_replication_group\" \"this\" {\n  # ...\n  transit_encryption_enabled = true\n  transit_encryption_mode    = \"required\"\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-5"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ElastiCache.5"],
        well_architected: &["SEC09-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_elasticache_replication_group\" \"sessions\" {\n  replication_group_id = \"sessions\"\n  description          = \"session store\"\n  node_type            = \"cache.t4g.small\"\n  num_cache_clusters   = 2\n  transit_encryption_enabled = true\n  transit_encryption_mode    = \"preferred\"\n}\n",
        terraform_good: "resource \"aws_elasticache_replication_group\" \"sessions\" {\n  replication_group_id = \"sessions\"\n  description          = \"session store\"\n  node_type            = \"cache.t4g.small\"\n  num_cache_clusters   = 2\n  transit_encryption_enabled = true\n}\n",
        cloudformation_bad: "Resources:\n  Sessions:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: session store\n      CacheNodeType: cache.t4g.small\n      Engine: redis\n      NumCacheClusters: 2\n",
        cloudformation_good: "Resources:\n  Sessions:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: session store\n      CacheNodeType: cache.t4g.small\n      Engine: redis\n      NumCacheClusters: 2\n      TransitEncryptionEnabled: true\n",
    },
    file: file!(),
};

impl Check for ElasticacheEncryptedInTransit {
    type Subject = Cache;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cache: CacheView<'_>, _: &Resource, _: &Inventory) -> Outcome {
        let s = cache.settings;
        let enabled = match s.transit_encryption_enabled.get() {
            Err(r) => return Outcome::unknown(r),
            Ok(e) => *e,
        };
        if !enabled {
            return Outcome::Fail(Evidence::at(
                "transit_encryption_enabled",
                format!("the {} does not encrypt connections in transit", cache.what),
            ));
        }
        match s.transit_encryption_mode.get() {
            Err(r) => Outcome::unknown(r),
            Ok(Some(m)) if m.eq_ignore_ascii_case("preferred") => Outcome::Fail(Evidence::at(
                "transit_encryption_mode",
                format!(
                    "the {} encrypts in transit in preferred mode, which still accepts \
                     unencrypted connections",
                    cache.what
                ),
            )),
            Ok(_) => Outcome::Pass(Evidence::at(
                "transit_encryption_enabled",
                format!("the {} requires encryption in transit", cache.what),
            )),
        }
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
    fn required_passes_off_or_preferred_fails_unknown_stays_unknown() {
        let rule = &ElasticacheEncryptedInTransit;
        assert_eq!(testing::judge(rule, &group(secure())), Status::Pass);
        let off = CacheSettings {
            transit_encryption_enabled: Value::Known(false),
            ..secure()
        };
        assert_eq!(testing::judge(rule, &cluster(off)), Status::Fail);
        let preferred = CacheSettings {
            transit_encryption_mode: Value::Known(Some("preferred".into())),
            ..secure()
        };
        assert_eq!(testing::judge(rule, &group(preferred)), Status::Fail);
        let unknown = CacheSettings {
            transit_encryption_enabled: Value::unknown("denied"),
            ..secure()
        };
        assert_eq!(testing::judge(rule, &group(unknown)), Status::Unknown);
    }
}
