//! Shared steps: collect an emulated account, label resources readably, and run the rules.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use cloudward_aws::{CollectOptions, NoProgress};
use cloudward_model::{Finding, Inventory, Resource, ResourceKind, Status};

use crate::server::Moto;

/// Collect `moto` over `regions` with the crate's public entry point.
pub async fn collect(moto: &Moto, regions: &[&str]) -> Inventory {
    let options = CollectOptions {
        endpoint_url: Some(moto.endpoint()),
        regions: regions.iter().map(|r| r.to_string()).collect(),
        concurrency: 16,
        ..Default::default()
    };
    cloudward_aws::collect(&options, Arc::new(NoProgress))
        .await
        .unwrap_or_else(|e| panic!("collection against moto at {} failed: {e}", moto.endpoint()))
}

/// Collect only `services` (the account is always collected): a service suite's run.
pub async fn collect_services(moto: &Moto, regions: &[&str], services: &[&str]) -> Inventory {
    let options = CollectOptions {
        endpoint_url: Some(moto.endpoint()),
        regions: regions.iter().map(|r| r.to_string()).collect(),
        concurrency: 16,
        services: Some(services.iter().map(|s| s.to_string()).collect()),
        ..Default::default()
    };
    cloudward_aws::collect(&options, Arc::new(NoProgress))
        .await
        .unwrap_or_else(|e| panic!("collection against moto at {} failed: {e}", moto.endpoint()))
}

fn name_tag(resource: &Resource) -> Option<&str> {
    resource.tags.get("Name").map(String::as_str)
}

/// A readable, stable label for a resource whose id moto chose at random: its `Name` tag, or
/// what it is (`default-vpc`, `default-sg/<vpc>`), then `@region`.
pub fn label(inventory: &Inventory, resource: &Resource) -> String {
    let vpc_label = |vpc_id: &str| {
        inventory
            .find(ResourceKind::Ec2Vpc, vpc_id)
            .map(|vpc| match (name_tag(vpc), vpc.as_ec2_vpc()) {
                (Some(name), _) => name.to_string(),
                (None, Some(v)) if v.is_default => "default-vpc".to_string(),
                _ => vpc_id.to_string(),
            })
            // moto keeps a deleted VPC's default NACL around.
            .unwrap_or_else(|| "deleted-vpc".to_string())
    };
    let base = match &resource.attributes {
        cloudward_model::Attributes::Ec2SecurityGroup(sg) if sg.group_name == "default" => {
            format!(
                "default-sg/{}",
                vpc_label(sg.vpc_id.as_deref().unwrap_or("?"))
            )
        }
        cloudward_model::Attributes::Ec2SecurityGroup(sg) => sg.group_name.clone(),
        cloudward_model::Attributes::Ec2Vpc(vpc) => vpc_label(&vpc.vpc_id),
        cloudward_model::Attributes::Ec2Subnet(s) => match name_tag(resource) {
            Some(name) => name.to_string(),
            None => format!("subnet/{}", vpc_label(&s.vpc_id)),
        },
        cloudward_model::Attributes::Ec2NetworkAcl(n) => match name_tag(resource) {
            Some(name) => name.to_string(),
            None if n.is_default => format!("default-nacl/{}", vpc_label(&n.vpc_id)),
            None => n.network_acl_id.clone(),
        },
        cloudward_model::Attributes::Ec2RouteTable(t) => match name_tag(resource) {
            Some(name) => name.to_string(),
            None if t.is_main => format!("main-rt/{}", vpc_label(&t.vpc_id)),
            None => t.route_table_id.clone(),
        },
        cloudward_model::Attributes::Ec2Volume(v) => match name_tag(resource) {
            Some(name) => name.to_string(),
            None => volume_label(inventory, v),
        },
        cloudward_model::Attributes::Ec2Snapshot(snap) => match name_tag(resource) {
            Some(name) => name.to_string(),
            None => format!(
                "snapshot/{}",
                inventory
                    .find(ResourceKind::Ec2Volume, &snap.volume_id)
                    .map(|v| name_tag(v).unwrap_or(&snap.volume_id).to_string())
                    .unwrap_or_else(|| snap.volume_id.clone())
            ),
        },
        // By the ARN's last segment: moto's GetAccountAuthorizationDetails omits PolicyName.
        cloudward_model::Attributes::IamPolicy(p) => {
            format!("policy/{}", p.arn.rsplit('/').next().unwrap_or(&p.arn))
        }
        _ => name_tag(resource).unwrap_or(&resource.name).to_string(),
    };
    format!("{base}@{}", resource.region.as_deref().unwrap_or("global"))
}

/// An untagged volume attached to an instance is that instance's root volume.
fn volume_label(inventory: &Inventory, volume: &cloudward_model::ec2::Volume) -> String {
    match volume.attached_instance_ids.first() {
        Some(instance_id) => format!(
            "root-volume/{}",
            inventory
                .find(ResourceKind::Ec2Instance, instance_id)
                .and_then(name_tag)
                .unwrap_or(instance_id)
        ),
        None => volume.volume_id.clone(),
    }
}

/// Findings grouped by (rule id, resource label): the set of statuses seen (several resources
/// may share a label, e.g. a default VPC's subnets, which must then agree).
pub type Verdicts = BTreeMap<(String, String), BTreeSet<Status>>;

/// Evaluate the whole catalogue over `inventory` and group the findings by label.
pub fn verdicts(inventory: &Inventory) -> (Vec<Finding>, Verdicts) {
    let rules = cloudward_rules::catalogue();
    let findings = cloudward_rules::engine::evaluate(inventory, &rules);
    let labels: BTreeMap<&str, String> = inventory
        .resources
        .iter()
        .map(|r| (r.id.as_str(), label(inventory, r)))
        .collect();
    let mut out = Verdicts::new();
    for f in &findings {
        let label = labels
            .get(f.resource_id.as_str())
            .cloned()
            .unwrap_or_else(|| {
                format!(
                    "{}@{}",
                    f.resource_name,
                    f.region.as_deref().unwrap_or("global")
                )
            });
        out.entry((f.rule_id.to_string(), label))
            .or_default()
            .insert(f.status);
    }
    (findings, out)
}
