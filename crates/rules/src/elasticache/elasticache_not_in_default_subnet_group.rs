//! ElastiCache does not use the default subnet group.

use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use super::{Cache, CacheView};
use crate::rule::judged;
use crate::Check;

/// Reads `CacheSubnetGroupName` (of the member clusters, for a replication group). Not setting a subnet group puts the cache in the subnet group named `default`, of the default VPC.
pub struct ElasticacheNotInDefaultSubnetGroup;

const META: RuleMeta = RuleMeta {
    id: "elasticache-not-in-default-subnet-group",
    title: "ElastiCache does not use the default subnet group",
    severity: Severity::Medium,
    service: "elasticache",
    kinds: Cache::KINDS,
    checks: "For each replication group or standalone cluster, whether its cache subnet group is not the one named `default` (which spans the default VPC's subnets); no subnet group at all fails too.",
    rationale: "The default subnet group covers the default VPC, whose subnets are public by design (an internet gateway route, public IPs on launch) and shared by whatever else was launched without a network plan. A cache belongs in private subnets chosen for it.",
    remediation: Remediation {
        console: "A cache's subnet group cannot be changed in place: create a cache subnet group of private subnets (ElastiCache console > Subnet groups > Create), then create the cache in it from a backup and delete the old one.",
        cli: "aws elasticache create-cache-subnet-group --cache-subnet-group-name <name> --cache-subnet-group-description <text> --subnet-ids <private-subnet-1> <private-subnet-2>",
        terraform: "resource \"aws_elasticache_subnet_group\" \"private\" {\n  name       = \"cache-private\"\n  subnet_ids = aws_subnet.private[*].id\n}\n\nresource \"aws_elasticache_replication_group\" \"this\" {\n  # ...\n  subnet_group_name = aws_elasticache_subnet_group.private.name\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SubnetGroups.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-7"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ElastiCache.7"],
        well_architected: &["SEC05-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_elasticache_replication_group\" \"sessions\" {\n  replication_group_id = \"sessions\"\n  description          = \"session store\"\n  node_type            = \"cache.t4g.small\"\n  num_cache_clusters   = 2\n}\n",
        terraform_good: "resource \"aws_elasticache_replication_group\" \"sessions\" {\n  replication_group_id = \"sessions\"\n  description          = \"session store\"\n  node_type            = \"cache.t4g.small\"\n  num_cache_clusters   = 2\n  subnet_group_name    = \"cache-private\"\n}\n",
        cloudformation_bad: "Resources:\n  Sessions:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: session store\n      CacheNodeType: cache.t4g.small\n      Engine: redis\n      NumCacheClusters: 2\n",
        cloudformation_good: "Resources:\n  Sessions:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: session store\n      CacheNodeType: cache.t4g.small\n      Engine: redis\n      NumCacheClusters: 2\n      CacheSubnetGroupName: cache-private\n",
    },
    file: file!(),
};

impl Check for ElasticacheNotInDefaultSubnetGroup {
    type Subject = Cache;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cache: CacheView<'_>, _: &Resource, _: &Inventory) -> Outcome {
        judged(
            &cache.settings.cache_subnet_group_name,
            "cache_subnet_group_name",
            |name| match name.as_deref() {
                Some("default") => Err(format!("the {} uses the default subnet group", cache.what)),
                Some(n) => Ok(format!("the {} uses subnet group {n}", cache.what)),
                None => Err(format!("the {} is in no cache subnet group", cache.what)),
            },
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
    fn a_chosen_group_passes_default_fails_unknown_stays_unknown() {
        let rule = &ElasticacheNotInDefaultSubnetGroup;
        assert_eq!(testing::judge(rule, &group(secure())), Status::Pass);
        let default = CacheSettings {
            cache_subnet_group_name: Value::Known(Some("default".into())),
            ..secure()
        };
        assert_eq!(testing::judge(rule, &cluster(default)), Status::Fail);
        let unknown = CacheSettings {
            cache_subnet_group_name: Value::unknown("not listed"),
            ..secure()
        };
        assert_eq!(testing::judge(rule, &group(unknown)), Status::Unknown);
    }
}
