//! AWS Backup rules: vaults (customer managed key, Vault Lock), a backup plan in every region
//! with resources, and each resource AWS Backup can protect assigned to a plan and backed up
//! as often as its plan says ("verify your backups work").
//!
//! The last two judge other services' resources. [`PROTECTABLE`] maps each such kind to what
//! AWS Backup calls it and how its ARN reads; adding a kind (RDS, EFS, DynamoDB as they land)
//! is one line there. They read the `BackupRegion` of the resource's region: without one (the
//! backup service was not collected there, or the code declares no plan) the answer is
//! Unknown, never Pass or Fail.

mod backup_plan_exists;
mod backup_resource_covered_by_plan;
mod backup_resource_recovery_point_recent;
mod backup_vault_encrypted_with_customer_key;
mod backup_vault_locked;
mod schedule;

use cloudward_model::backup::{Assignment, Plan, RegionStatus, TagCondition};
use cloudward_model::{Inventory, Resource, ResourceKind, Source, Subject};

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &backup_vault_encrypted_with_customer_key::BackupVaultEncryptedWithCustomerKey,
    &backup_vault_locked::BackupVaultLocked,
    &backup_plan_exists::BackupPlanExists,
    &backup_resource_covered_by_plan::BackupResourceCoveredByPlan,
    &backup_resource_recovery_point_recent::BackupResourceRecoveryPointRecent,
];

/// How AWS Backup names a kind of resource and how its ARN reads.
#[derive(Clone, Copy, Debug)]
pub struct BackupType {
    /// AWS Backup's `ResourceType` (`EBS`, `RDS`, `EFS`, `DynamoDB`).
    pub resource_type: &'static str,
    /// The ARN's service (`ec2`).
    pub arn_service: &'static str,
    /// The start of the ARN's resource part (`volume/`).
    pub arn_resource_prefix: &'static str,
}

/// Every kind AWS Backup can protect that the model has, one line each.
pub const PROTECTABLE: &[(ResourceKind, BackupType)] = &[
    (
        ResourceKind::Ec2Volume,
        BackupType {
            resource_type: "EBS",
            arn_service: "ec2",
            arn_resource_prefix: "volume/",
        },
    ),
    // Aurora members are backed up through their cluster: see `Protectable::view`.
    (
        ResourceKind::RdsDbInstance,
        BackupType {
            resource_type: "RDS",
            arn_service: "rds",
            arn_resource_prefix: "db:",
        },
    ),
    (
        ResourceKind::RdsDbCluster,
        BackupType {
            resource_type: "Aurora",
            arn_service: "rds",
            arn_resource_prefix: "cluster:",
        },
    ),
    (
        ResourceKind::EfsFileSystem,
        BackupType {
            resource_type: "EFS",
            arn_service: "elasticfilesystem",
            arn_resource_prefix: "file-system/",
        },
    ),
    (
        ResourceKind::DynamodbTable,
        BackupType {
            resource_type: "DynamoDB",
            arn_service: "dynamodb",
            arn_resource_prefix: "table/",
        },
    ),
];

const KINDS: [ResourceKind; PROTECTABLE.len()] = {
    let mut kinds = [ResourceKind::Account; PROTECTABLE.len()];
    let mut i = 0;
    while i < PROTECTABLE.len() {
        kinds[i] = PROTECTABLE[i].0;
        i += 1;
    }
    kinds
};

/// The subject of the coverage rules: any resource of a [`PROTECTABLE`] kind.
pub struct Protectable;

impl Subject for Protectable {
    const KINDS: &'static [ResourceKind] = &KINDS;
    type View<'a> = BackupType;
    fn view(resource: &Resource) -> Option<BackupType> {
        // An instance in a DB cluster has no backups of its own: the cluster's cover it.
        if resource
            .as_rds_db_instance()
            .is_some_and(|i| i.db_cluster_identifier.is_some())
        {
            return None;
        }
        backup_type(resource.kind())
    }
}

fn backup_type(kind: ResourceKind) -> Option<BackupType> {
    PROTECTABLE
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, t)| *t)
}

/// The resources of the inventory that AWS Backup could protect in `region`.
fn protectable_in<'a>(inventory: &'a Inventory, region: Option<&'a str>) -> Vec<&'a Resource> {
    inventory
        .resources
        .iter()
        .filter(|r| r.region.as_deref() == region && backup_type(r.kind()).is_some())
        .collect()
}

/// The `BackupRegion` of the resource's account and region, or why there is none.
fn region_status<'a>(
    resource: &Resource,
    inventory: &'a Inventory,
) -> Result<&'a RegionStatus, String> {
    let region = resource.region.as_deref();
    inventory
        .resources
        .iter()
        .filter(|r| r.region.as_deref() == region)
        .filter(|r| match (&r.account, &resource.account) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        })
        .find_map(|r| r.as_backup_region())
        .ok_or_else(|| match (&resource.source, region) {
            (Source::File(_), _) => "the code declares no AWS Backup plan (plans may be managed \
                                     elsewhere: another configuration or an organization backup \
                                     policy)"
                .to_string(),
            (Source::Live, Some(r)) => {
                format!("AWS Backup was not collected in {r} (scan with --service backup)")
            }
            (Source::Live, None) => "AWS Backup was not collected".to_string(),
        })
}

/// Whether one selection assigns a resource.
#[derive(Debug, PartialEq)]
enum Selected {
    Yes,
    No,
    Unknown(String),
}

/// `*` and `?` wildcards, as ARN patterns and `StringLike` use them.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// Whether a `Resources`/`NotResources` entry names the resource: `*`, its id, its ARN (live,
/// with wildcards), or in code an ARN pattern for its whole type (`arn:aws:ec2:*:*:volume/*`).
fn entry_matches(entry: &str, resource: &Resource, t: BackupType) -> bool {
    if entry == "*" || entry == resource.id {
        return true;
    }
    if let Source::Live = resource.source {
        return glob(entry, &resource.id);
    }
    let parts: Vec<&str> = entry.splitn(6, ':').collect();
    let [arn, _partition, service, region, account, rest] = parts[..] else {
        return false;
    };
    let field = |pattern: &str, known: Option<&str>| {
        pattern == "*" || known.is_some_and(|k| glob(pattern, k))
    };
    arn == "arn"
        && glob(service, t.arn_service)
        && field(region, resource.region.as_deref())
        && field(account, resource.account.as_deref())
        && (rest == "*" || rest == format!("{}*", t.arn_resource_prefix))
}

fn tag_matches(c: &TagCondition, resource: &Resource) -> Result<bool, String> {
    let value = resource.tags.get(c.tag_key());
    match c.operator.as_str() {
        "StringEquals" => Ok(value == Some(&c.value)),
        "StringNotEquals" => Ok(value != Some(&c.value)),
        "StringLike" => Ok(value.is_some_and(|v| glob(&c.value, v))),
        "StringNotLike" => Ok(!value.is_some_and(|v| glob(&c.value, v))),
        other => Err(format!(
            "the selection condition operator {other} is not evaluated"
        )),
    }
}

/// `(Resources OR ListOfTags) AND Conditions AND NOT NotResources`; with neither Resources nor
/// ListOfTags, every supported resource.
fn selects(a: &Assignment, resource: &Resource, t: BackupType) -> Selected {
    let by_tags = a
        .list_of_tags
        .iter()
        .map(|c| tag_matches(c, resource))
        .collect::<Result<Vec<bool>, String>>();
    let conditions = a
        .conditions
        .iter()
        .map(|c| tag_matches(c, resource))
        .collect::<Result<Vec<bool>, String>>();
    let (by_tags, conditions) = match (by_tags, conditions) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return Selected::Unknown(e),
    };
    let included = (a.resources.is_empty() && a.list_of_tags.is_empty())
        || a.resources.iter().any(|e| entry_matches(e, resource, t))
        || by_tags.iter().any(|b| *b);
    let excluded = a
        .not_resources
        .iter()
        .any(|e| entry_matches(e, resource, t));
    if included && conditions.iter().all(|b| *b) && !excluded {
        Selected::Yes
    } else {
        Selected::No
    }
}

/// The plans of a region that assign a resource, and what could not be read.
struct Coverage<'a> {
    /// `(plan, selection name)` for every selection that assigns the resource.
    by: Vec<(&'a Plan, &'a str)>,
    /// Why some plan or selection could not be judged.
    unknown: Vec<String>,
    /// How many plans the region has.
    plans: usize,
}

fn coverage<'a>(
    status: &'a RegionStatus,
    resource: &Resource,
    t: BackupType,
) -> Result<Coverage<'a>, String> {
    let plans = status.plans.get()?;
    let mut c = Coverage {
        by: Vec::new(),
        unknown: Vec::new(),
        plans: plans.len(),
    };
    for plan in plans.iter() {
        let selections = match plan.selections.known() {
            Some(s) => s,
            None => {
                c.unknown.push(format!(
                    "the assignments of plan {} could not be read: {}",
                    plan.backup_plan_name,
                    plan.selections.unknown_reason().unwrap_or_default()
                ));
                continue;
            }
        };
        for s in selections {
            match s.assignment.get() {
                Err(r) => c.unknown.push(format!(
                    "selection {} of plan {}: {r}",
                    s.selection_name, plan.backup_plan_name
                )),
                Ok(a) => match selects(a, resource, t) {
                    Selected::Yes => c.by.push((plan, s.selection_name.as_str())),
                    Selected::No => {}
                    Selected::Unknown(r) => c.unknown.push(format!(
                        "selection {} of plan {}: {r}",
                        s.selection_name, plan.backup_plan_name
                    )),
                },
            }
        }
    }
    Ok(c)
}

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::backup::{Assignment, Plan, PlanRule, RegionStatus, Selection};
    use cloudward_model::ec2::Volume;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Inventory, Resource, Value};

    /// A live EBS volume with a real-looking ARN and tags.
    pub(crate) fn volume(id: &str, tags: &[(&str, &str)]) -> Resource {
        let mut r = resource(
            id,
            Attributes::Ec2Volume(Volume {
                volume_id: id.into(),
                encrypted: Value::Known(true),
                ..Default::default()
            }),
        );
        r.id = format!("arn:aws:ec2:us-east-1:123456789012:volume/{id}");
        r.tags = tags
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        r
    }

    /// A plan with one rule on `schedule` and one selection.
    pub(crate) fn plan(name: &str, schedule: &str, assignment: Value<Assignment>) -> Plan {
        Plan {
            backup_plan_id: name.into(),
            backup_plan_name: name.into(),
            rules: Value::Known(vec![PlanRule {
                rule_name: "daily".into(),
                schedule_expression: Some(schedule.into()),
                target_backup_vault_name: "Default".into(),
            }]),
            selections: Value::Known(vec![Selection {
                selection_id: "s1".into(),
                selection_name: "s1".into(),
                assignment,
            }]),
        }
    }

    /// An inventory holding `resources` and a `BackupRegion` in us-east-1.
    pub(crate) fn inventory(status: RegionStatus, resources: &[Resource]) -> Inventory {
        let mut inventory = Inventory::new();
        inventory.account_id = Some("123456789012".into());
        inventory.collected_at = Some(
            chrono::DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
                .expect("a date")
                .to_utc(),
        );
        inventory.push(resource("us-east-1", Attributes::BackupRegion(status)));
        for r in resources {
            inventory.push(r.clone());
        }
        inventory
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudward_model::backup::Assignment;

    #[test]
    fn globs() {
        assert!(glob(
            "arn:aws:ec2:*:*:volume/*",
            "arn:aws:ec2:us-east-1:1:volume/vol-1"
        ));
        assert!(!glob(
            "arn:aws:rds:*",
            "arn:aws:ec2:us-east-1:1:volume/vol-1"
        ));
        assert!(glob("prod-?", "prod-1"));
        assert!(glob("*", ""));
    }

    #[test]
    fn selection_semantics() {
        let v = test_helpers::volume("vol-1", &[("backup", "daily"), ("env", "prod")]);
        let t = backup_type(ResourceKind::Ec2Volume).expect("wired");
        let by_type = Assignment {
            resources: vec!["arn:aws:ec2:*:*:volume/*".into()],
            conditions: vec![TagCondition {
                operator: "StringEquals".into(),
                key: "aws:ResourceTag/backup".into(),
                value: "daily".into(),
            }],
            ..Default::default()
        };
        assert_eq!(selects(&by_type, &v, t), Selected::Yes);
        let excluded = Assignment {
            not_resources: vec![v.id.clone()],
            ..by_type.clone()
        };
        assert_eq!(selects(&excluded, &v, t), Selected::No);
        let other_tag = Assignment {
            list_of_tags: vec![TagCondition {
                operator: "StringEquals".into(),
                key: "backup".into(),
                value: "weekly".into(),
            }],
            ..Default::default()
        };
        assert_eq!(selects(&other_tag, &v, t), Selected::No);
        assert_eq!(selects(&Assignment::default(), &v, t), Selected::Yes);
    }
}
