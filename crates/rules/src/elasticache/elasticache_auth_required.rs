//! ElastiCache Valkey or Redis OSS requires authentication (AUTH token or RBAC).

use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::{not_for_memcached, Cache, CacheView};
use crate::Check;

/// Passes on `AuthTokenEnabled` or a non-empty `UserGroupIds` (RBAC). Stricter than FSBP ElastiCache.6, which only asks versions before 6.0: a 6.x+ group with neither still lets any client that reaches the port run every command as the default user.
pub struct ElasticacheAuthRequired;

const META: RuleMeta = RuleMeta {
    id: "elasticache-auth-required",
    title: "ElastiCache Valkey or Redis OSS requires authentication (AUTH token or RBAC)",
    severity: Severity::High,
    service: "elasticache",
    kinds: Cache::KINDS,
    checks: "For each Valkey or Redis OSS replication group or standalone cluster, whether clients must authenticate: an AUTH token is set or RBAC user groups are attached (Memcached is not applicable).",
    rationale: "Without AUTH or RBAC, the default user needs no password: anything that can reach the port (a compromised instance in the VPC, a peered network, a misconfigured security group) can read every key, overwrite data, or run FLUSHALL. Security groups are the only control left.",
    remediation: Remediation {
        console: "ElastiCache console > Valkey or Redis OSS caches > <group> > Modify > Access control > User group access control list (create users and a user group first) or AUTH default user access; in-transit encryption must be on.",
        cli: "aws elasticache modify-replication-group --replication-group-id <id> --user-group-ids-to-add <user-group-id> --apply-immediately",
        terraform: "resource \"aws_elasticache_replication_group\" \"this\" {\n  # ...\n  transit_encryption_enabled = true\n  user_group_ids             = [aws_elasticache_user_group.app.id]\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html", "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-6"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ElastiCache.6"],
        well_architected: &["SEC03-BP01", "SEC05-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_elasticache_replication_group\" \"sessions\" {\n  replication_group_id = \"sessions\"\n  description          = \"session store\"\n  node_type            = \"cache.t4g.small\"\n  num_cache_clusters   = 2\n  transit_encryption_enabled = true\n}\n",
        terraform_good: "resource \"aws_elasticache_replication_group\" \"sessions\" {\n  replication_group_id = \"sessions\"\n  description          = \"session store\"\n  node_type            = \"cache.t4g.small\"\n  num_cache_clusters   = 2\n  transit_encryption_enabled = true\n  auth_token                 = var.redis_auth_token\n}\n\nvariable \"redis_auth_token\" {\n  type      = string\n  sensitive = true\n}\n",
        cloudformation_bad: "Resources:\n  Sessions:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: session store\n      CacheNodeType: cache.t4g.small\n      Engine: redis\n      NumCacheClusters: 2\n      TransitEncryptionEnabled: true\n",
        cloudformation_good: "Resources:\n  Sessions:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: session store\n      CacheNodeType: cache.t4g.small\n      Engine: redis\n      NumCacheClusters: 2\n      TransitEncryptionEnabled: true\n      AuthToken: \"{{resolve:secretsmanager:sessions-auth:SecretString:token}}\"\n",
    },
    file: file!(),
};

impl Check for ElasticacheAuthRequired {
    type Subject = Cache;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cache: CacheView<'_>, _: &Resource, _: &Inventory) -> Outcome {
        let s = cache.settings;
        if let Some(o) = not_for_memcached(s, "AUTH or RBAC") {
            return o;
        }
        let (token, groups) = match (s.auth_token_enabled.get(), s.user_group_ids.get()) {
            (Err(r), _) | (_, Err(r)) => return Outcome::unknown(r),
            (Ok(t), Ok(g)) => (*t, g),
        };
        if !groups.is_empty() {
            Outcome::Pass(Evidence::at(
                "user_group_ids",
                format!(
                    "the {} uses RBAC user groups ({})",
                    cache.what,
                    groups.join(", ")
                ),
            ))
        } else if token {
            Outcome::Pass(Evidence::at(
                "auth_token_enabled",
                format!("the {} requires an AUTH token", cache.what),
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "auth_token_enabled",
                format!(
                    "the {} has neither an AUTH token nor RBAC user groups: clients connect \
                     without authenticating",
                    cache.what
                ),
            ))
        }
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
    fn token_or_user_groups_pass_neither_fails() {
        let rule = &ElasticacheAuthRequired;
        assert_eq!(testing::judge(rule, &group(secure())), Status::Pass);
        let rbac = CacheSettings {
            auth_token_enabled: Value::Known(false),
            user_group_ids: Value::Known(vec!["app".into()]),
            ..secure()
        };
        assert_eq!(testing::judge(rule, &group(rbac)), Status::Pass);
        let open = CacheSettings {
            auth_token_enabled: Value::Known(false),
            ..secure()
        };
        assert_eq!(testing::judge(rule, &group(open)), Status::Fail);
        let unknown = CacheSettings {
            auth_token_enabled: Value::unknown("denied"),
            ..secure()
        };
        assert_eq!(testing::judge(rule, &group(unknown)), Status::Unknown);
        assert_eq!(
            testing::judge(rule, &cluster(memcached())),
            Status::NotApplicable
        );
    }
}
