//! The comparison: code resource (Terraform address) → state instance (`id`/`arn`) → live
//! resource (model id or name), through the identity table beside the adapter
//! (`cloudward_iac::terraform::identity`).

use std::collections::{HashMap, HashSet};

use cloudward_iac::terraform::identity::{
    identity, mapped_kinds, parse_address, symbolic_id, LiveKey, Role, IDENTITIES, IMPLIED,
    SYMBOLIC_ATTRIBUTES,
};
use cloudward_iac::terraform::state::{State, StateInstance};
use cloudward_model::{Inventory, Resource, ResourceKind};
use serde_json::Value as Json;

use crate::attributes;
use crate::defaults::{is_aws_default, is_global};
use crate::normalize::normalize;
use crate::report::{Declared, Drift, KindUnknown, ResourceDrift, Unmanaged, SCHEMA_VERSION};

/// How one declared resource is looked for live.
enum Lookup<'a> {
    /// Live resource whose id (ARN) is this.
    Id(&'a str),
    /// Live resource whose name is this.
    Name(&'a str),
    /// The live record of the kind in this region.
    Region(String),
    /// The account's live record of the kind.
    Account,
}

/// Compare the resources Terraform code declares (`code`, from `cloudward_iac::scan`) with
/// the account (`live`, collected or a snapshot), joined through `state`.
pub fn compare(code: &Inventory, state: &State, live: &Inventory) -> Drift {
    let index = LiveIndex::new(live);
    let by_address: HashMap<&str, &StateInstance> = state
        .instances
        .iter()
        .map(|i| (i.address.as_str(), i))
        .collect();
    let symbols = symbols(state);
    let mut drift = Drift {
        schema_version: SCHEMA_VERSION,
        unsupported_types: state.unsupported.clone(),
        state_origin: state.origin.to_string(),
        state_truncated: state.truncated.clone(),
        ..Default::default()
    };
    let mut seen: HashSet<&str> = HashSet::new();
    for resource in &code.resources {
        if parse_address(&resource.id).is_some() && !seen.insert(resource.id.as_str()) {
            // The HCL module and a plan JSON under the same path declare the same address.
            drift.not_compared.push(Declared {
                address: resource.id.clone(),
                kind: resource.kind(),
                location: resource.location().cloned(),
                live_id: None,
                reason: Some(
                    "declared again under the scanned path (a module and a plan \
                              JSON of it?): compared once"
                        .into(),
                ),
            });
            continue;
        }
        judge(
            resource,
            &by_address,
            state,
            live,
            &index,
            &symbols,
            &mut drift,
        );
    }
    unmanaged(state, live, &index, &mut drift);
    drift.resources.sort_by(|a, b| a.address.cmp(&b.address));
    for list in [
        &mut drift.missing,
        &mut drift.not_applied,
        &mut drift.not_compared,
    ] {
        list.sort_by(|a, b| a.address.cmp(&b.address));
    }
    drift
        .unmanaged
        .sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
    drift.unmanaged_unknown.sort_by_key(|k| k.kind);
    drift.summary.compared = drift.resources.len();
    drift.summary.drifted = drift
        .resources
        .iter()
        .filter(|r| !r.differences.is_empty())
        .count();
    drift.summary.missing = drift.missing.len();
    drift.summary.not_applied = drift.not_applied.len();
    drift.summary.not_compared = drift.not_compared.len();
    drift.summary.unmanaged = drift.unmanaged.len();
    drift
}

/// Live resources by (kind, id) and (kind, name).
struct LiveIndex<'a> {
    by_id: HashMap<(ResourceKind, &'a str), &'a Resource>,
    by_name: HashMap<(ResourceKind, &'a str), &'a Resource>,
}

impl<'a> LiveIndex<'a> {
    fn new(live: &'a Inventory) -> Self {
        let mut index = LiveIndex {
            by_id: HashMap::with_capacity(live.resources.len()),
            by_name: HashMap::with_capacity(live.resources.len()),
        };
        for r in &live.resources {
            index.by_id.entry((r.kind(), r.id.as_str())).or_insert(r);
            index
                .by_name
                .entry((r.kind(), r.name.as_str()))
                .or_insert(r);
        }
        index
    }

    fn find(
        &self,
        live: &'a Inventory,
        kind: ResourceKind,
        lookup: &Lookup<'_>,
    ) -> Option<&'a Resource> {
        match lookup {
            Lookup::Id(id) => self.by_id.get(&(kind, *id)).copied(),
            Lookup::Name(name) => self.by_name.get(&(kind, *name)).copied(),
            Lookup::Region(region) => live
                .of_kind(kind)
                .find(|r| r.region.as_deref() == Some(region.as_str())),
            Lookup::Account => live.of_kind(kind).next(),
        }
    }
}

/// Symbolic id the adapter writes → the state's live id (see `attributes::rewrite`).
fn symbols(state: &State) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for i in &state.instances {
        if let Some(id) = &i.id {
            map.insert(i.address.clone(), id.clone());
            map.insert(symbolic_id(&i.tf_type, &i.address), id.clone());
        }
        if let Some(arn) = &i.arn {
            map.insert(format!("{}.arn", i.address), arn.clone());
        }
        for (types, suffix, attribute) in SYMBOLIC_ATTRIBUTES {
            if let (true, Some(value)) = (
                types.contains(&i.tf_type.as_str()),
                i.implied.get(*attribute),
            ) {
                map.insert(format!("{}{suffix}", i.address), value.clone());
            }
        }
    }
    map
}

/// Place one declared resource in the report.
fn judge(
    resource: &Resource,
    by_address: &HashMap<&str, &StateInstance>,
    state: &State,
    live: &Inventory,
    index: &LiveIndex<'_>,
    symbols: &HashMap<String, String>,
    drift: &mut Drift,
) {
    let kind = resource.kind();
    let declared = |reason: Option<String>, live_id: Option<String>| Declared {
        address: resource.id.clone(),
        kind,
        location: resource.location().cloned(),
        live_id,
        reason,
    };
    let Some(address) = parse_address(&resource.id) else {
        drift.not_compared.push(declared(
            Some("not a Terraform resource: drift reads Terraform state only".into()),
            None,
        ));
        return;
    };
    // The instance that names it in the state, and how its live counterpart is keyed.
    let implied = IMPLIED
        .iter()
        .find(|i| i.parent_types.contains(&address.tf_type) && resource.id.ends_with(i.suffix));
    let (state_address, key) = match implied {
        Some(i) => (
            &resource.id[..resource.id.len() - i.suffix.len()],
            Err(i.state_attribute),
        ),
        None => match identity(address.tf_type).map(|i| i.role) {
            Some(Role::Resource(_, key)) => (resource.id.as_str(), Ok(key)),
            _ => {
                drift.not_compared.push(declared(
                    Some(format!(
                        "{} has no entry in the identity table",
                        address.tf_type
                    )),
                    None,
                ));
                return;
            }
        },
    };
    if let Ok(LiveKey::Unmatched(why)) = key {
        drift
            .not_compared
            .push(declared(Some(why.to_string()), None));
        return;
    }
    let Some(instance) = by_address.get(state_address).copied() else {
        let reason = match &state.truncated {
            Some(t) => format!("not in the part of the state that was read ({t})"),
            None => format!(
                "{state_address} is not in the {}: not applied yet",
                state.origin
            ),
        };
        let list = if state.truncated.is_some() {
            &mut drift.not_compared
        } else {
            &mut drift.not_applied
        };
        list.push(declared(Some(reason), None));
        return;
    };
    let region = resource
        .region
        .clone()
        .or_else(|| (live.regions.len() == 1).then(|| live.regions[0].clone()));
    let lookup = match key {
        Err(attribute) => instance
            .implied
            .get(attribute)
            .map(|v| Lookup::Name(v))
            .ok_or_else(|| format!("the state records no {attribute} for {state_address}")),
        Ok(LiveKey::Arn) => instance
            .arn
            .as_deref()
            .map(Lookup::Id)
            .ok_or_else(|| format!("the state records no arn for {state_address}")),
        Ok(LiveKey::IdIsArn) => instance
            .id
            .as_deref()
            .map(Lookup::Id)
            .ok_or_else(|| format!("the state records no id for {state_address}")),
        Ok(LiveKey::IdIsName) => instance
            .id
            .as_deref()
            .map(Lookup::Name)
            .ok_or_else(|| format!("the state records no id for {state_address}")),
        Ok(LiveKey::Region) => region.clone().map(Lookup::Region).ok_or_else(|| {
            "its region is not known statically, so the live record cannot be chosen".into()
        }),
        Ok(LiveKey::Account) => Ok(Lookup::Account),
        Ok(LiveKey::Unmatched(why)) => Err(why.to_string()),
    };
    let lookup = match lookup {
        Ok(l) => l,
        Err(why) => {
            drift.not_compared.push(declared(Some(why), None));
            return;
        }
    };
    let live_id = match &lookup {
        Lookup::Id(id) | Lookup::Name(id) => Some(id.to_string()),
        Lookup::Region(_) | Lookup::Account => None,
    };
    if live.collected(kind.service()) == Some(false) {
        drift.not_compared.push(declared(
            Some(format!("service {} was not collected", kind.service())),
            live_id,
        ));
        return;
    }
    if let Some(r) = region.as_deref() {
        if !is_global(kind) && !live.regions.is_empty() && !live.regions.iter().any(|x| x == r) {
            drift.not_compared.push(declared(
                Some(format!("region {r} was not collected")),
                live_id,
            ));
            return;
        }
    }
    let Some(found) = index.find(live, kind, &lookup) else {
        match live.errors_for_in(kind, region.as_deref()).next() {
            Some(error) => drift.not_compared.push(declared(
                Some(format!(
                    "could not list {}: {}",
                    kind.plural(),
                    error.reason()
                )),
                live_id,
            )),
            None => drift.missing.push(declared(None, live_id)),
        }
        return;
    };
    let mut code_json = to_json(resource);
    attributes::rewrite(&mut code_json, &|s| symbols.get(s).cloned());
    let mut live_json = to_json(found);
    normalize(kind, &code_json, &mut live_json);
    let mut compared = attributes::compare(&code_json, &live_json);
    attributes::compare_tags(resource, found, &mut compared);
    drift.resources.push(ResourceDrift {
        address: resource.id.clone(),
        kind,
        location: resource.location().cloned(),
        live_id: found.id.clone(),
        region: found.region.clone(),
        differences: compared.differences,
        not_compared: compared.not_compared,
        same: compared.same,
        existence_unknown: resource.existence_unknown.clone(),
    });
}

fn to_json(resource: &Resource) -> Json {
    // Serialising model types cannot fail (no non-string map keys, no custom serialisers).
    serde_json::to_value(&resource.attributes).unwrap_or(Json::Null)
}

/// Kinds whose live resources are named by an id (not a per-region or account record).
fn kinds_with_identity() -> Vec<ResourceKind> {
    let record_only: HashSet<ResourceKind> = IDENTITIES
        .iter()
        .filter_map(|i| match i.role {
            Role::Resource(kind, LiveKey::Region | LiveKey::Account) => Some(kind),
            _ => None,
        })
        .collect();
    mapped_kinds()
        .into_iter()
        .filter(|k| !record_only.contains(k))
        .collect()
}

/// Live resources no state instance names.
fn unmanaged(state: &State, live: &Inventory, index: &LiveIndex<'_>, drift: &mut Drift) {
    let mut kinds = kinds_with_identity();
    // Kinds whose state names no live id (API Gateway methods and routes): every live one
    // would look unmanaged, so none is decided.
    kinds.retain(|&kind| {
        let unmatched = IDENTITIES.iter().find_map(|i| match i.role {
            Role::Resource(k, LiveKey::Unmatched(why)) if k == kind => Some(why),
            _ => None,
        });
        if let Some(why) = unmatched {
            drift.unmanaged_unknown.push(KindUnknown {
                kind,
                reason: format!("{why}, so managed ones cannot be told from unmanaged ones"),
            });
        }
        unmatched.is_none()
    });
    if let Some(why) = &state.truncated {
        for &kind in &kinds {
            drift.unmanaged_unknown.push(KindUnknown {
                kind,
                reason: format!("the state was not read in full: {why}"),
            });
        }
        return;
    }
    let mut managed: HashSet<(ResourceKind, &str)> = HashSet::new();
    for i in &state.instances {
        let Some(entry) = identity(&i.tf_type) else {
            continue;
        };
        let lookup = match entry.role {
            Role::Resource(_, LiveKey::Arn) => i.arn.as_deref().map(Lookup::Id),
            Role::Resource(_, LiveKey::IdIsArn) => i.id.as_deref().map(Lookup::Id),
            Role::Resource(_, LiveKey::IdIsName) => i.id.as_deref().map(Lookup::Name),
            _ => None,
        };
        if let (Role::Resource(kind, _), Some(lookup)) = (entry.role, lookup) {
            if let Some(r) = index.find(live, kind, &lookup) {
                managed.insert((kind, r.id.as_str()));
            }
        }
        for implied in IMPLIED
            .iter()
            .filter(|m| m.parent_types.contains(&i.tf_type.as_str()))
        {
            if let Some(name) = i.implied.get(implied.state_attribute) {
                if let Some(r) = index.find(live, implied.kind, &Lookup::Name(name)) {
                    managed.insert((implied.kind, r.id.as_str()));
                }
            }
        }
    }
    let default_vpcs: Vec<&str> = live
        .resources
        .iter()
        .filter_map(|r| r.as_ec2_vpc())
        .filter(|v| v.is_default)
        .map(|v| v.vpc_id.as_str())
        .collect();
    for kind in kinds {
        if live.collected(kind.service()) == Some(false) {
            drift.unmanaged_unknown.push(KindUnknown {
                kind,
                reason: format!("service {} was not collected", kind.service()),
            });
            continue;
        }
        if let Some(error) = live.errors_for(kind).next() {
            drift.unmanaged_unknown.push(KindUnknown {
                kind,
                reason: format!("could not list {}: {}", kind.plural(), error.reason()),
            });
        }
        for r in live.of_kind(kind) {
            if !managed.contains(&(kind, r.id.as_str())) && !is_aws_default(r, &default_vpcs) {
                drift.unmanaged.push(Unmanaged {
                    kind,
                    id: r.id.clone(),
                    name: r.name.clone(),
                    region: r.region.clone(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudward_model::apigateway::Method;
    use cloudward_model::test_support::resource;
    use cloudward_model::Attributes;

    #[test]
    fn kinds_the_state_cannot_name_are_never_called_unmanaged() {
        let mut live = Inventory::new();
        live.push(resource(
            "GET /",
            Attributes::ApigatewayMethod(Method::default()),
        ));
        let d = compare(&Inventory::new(), &State::default(), &live);
        assert!(d.unmanaged.is_empty(), "{:?}", d.unmanaged);
        let undecided = d
            .unmanaged_unknown
            .iter()
            .find(|k| k.kind == ResourceKind::ApigatewayMethod)
            .expect("said so");
        assert!(
            undecided.reason.contains("has no ARN"),
            "{}",
            undecided.reason
        );
    }
}
