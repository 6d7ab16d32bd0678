//! ECR: `aws_ecr_repository`, joined with `aws_ecr_repository_policy` and
//! `aws_ecr_lifecycle_policy` by repository name, and the registry's
//! `aws_ecr_registry_scanning_configuration` of the same provider region. Provider defaults:
//! `image_tag_mutability` `MUTABLE`, `scan_on_push` false, `encryption_type` `AES256`; no
//! registry scanning resource is the registry default (basic, no rules).

use cloudward_model::ecr::{RegistryScanning, Repository, ScanningRule};
use cloudward_model::{Attributes, Resource, Value};

use super::kms::key_reference;
use super::lambda::join;
use super::{
    blocks, bool_or, doubt_of, field, get, locate, name_or_address, policy, reason, resource,
    str_or, Index,
};
use crate::terraform::module::Instance;

fn repository(r: &mut Resource) -> Option<&mut Repository> {
    match &mut r.attributes {
        Attributes::EcrRepository(x) => Some(x),
        _ => None,
    }
}

/// The registry scanning configuration an `aws_ecr_registry_scanning_configuration` declares.
fn registry(i: &Instance) -> Value<RegistryScanning> {
    if let Some(why) = doubt_of(i) {
        return Value::Unknown(why);
    }
    let scan_type = match str_or(get(i, "scan_type"), "BASIC") {
        Value::Known(t) => t,
        Value::Unknown(r) => return Value::Unknown(r),
    };
    let rules = match blocks(get(i, "rule")) {
        Ok(r) => r,
        Err(e) => return Value::Unknown(e),
    };
    let mut out = Vec::new();
    for rule in rules {
        let frequency = match field(rule, "scan_frequency").map(|v| v.to_string_val()) {
            Some(Ok(f)) => f,
            Some(Err(e)) => return Value::Unknown(reason(&e)),
            None => return Value::unknown(format!("{}: a rule has no scan_frequency", i.address)),
        };
        let filters = match blocks(field(rule, "repository_filter")) {
            Ok(fs) => fs,
            Err(e) => return Value::Unknown(e),
        };
        let mut names = Vec::new();
        for f in filters {
            match field(f, "filter").map(|v| v.to_string_val()) {
                Some(Ok(s)) => names.push(s),
                Some(Err(e)) => return Value::Unknown(reason(&e)),
                None => {}
            }
        }
        out.push(ScanningRule {
            scan_frequency: frequency,
            filters: names,
        });
    }
    Value::Known(RegistryScanning {
        scan_type,
        rules: out,
    })
}

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let registries: Vec<&Instance> = idx.of("aws_ecr_registry_scanning_configuration").to_vec();
    let mut repositories: Vec<(Resource, &Instance, String)> = Vec::new();
    for &i in idx.of("aws_ecr_repository") {
        let name = name_or_address(i, "name");
        let scanning = blocks(get(i, "image_scanning_configuration"));
        let encryption = blocks(get(i, "encryption_configuration"));
        let registry_scanning = match registries.iter().find(|r| r.region == i.region) {
            Some(r) => registry(r),
            None => Value::Known(RegistryScanning {
                scan_type: "BASIC".into(),
                rules: Vec::new(),
            }),
        };
        let repo = Repository {
            repository_name: name.clone(),
            repository_arn: format!("{}.arn", i.address),
            scan_on_push: match &scanning {
                Ok(list) => match list.first() {
                    None => Value::Known(false),
                    Some(s) => bool_or(field(s, "scan_on_push"), false),
                },
                Err(e) => Value::Unknown(e.clone()),
            },
            image_tag_mutability: str_or(get(i, "image_tag_mutability"), "MUTABLE"),
            encryption_type: match &encryption {
                Ok(list) => match list.first() {
                    None => Value::Known("AES256".into()),
                    Some(e) => str_or(field(e, "encryption_type"), "AES256"),
                },
                Err(e) => Value::Unknown(e.clone()),
            },
            kms_key: match &encryption {
                Ok(list) => match list.first() {
                    None => Value::Known(None),
                    Some(e) => key_reference(field(e, "kms_key")),
                },
                Err(e) => Value::Unknown(e.clone()),
            },
            lifecycle_policy_configured: Value::Known(false),
            policy: Value::Known(None),
            registry_scanning,
        };
        let mut r = resource(i, name.clone(), Attributes::EcrRepository(repo));
        locate(&mut r, "scan_on_push", i, "image_scanning_configuration");
        locate(&mut r, "image_tag_mutability", i, "image_tag_mutability");
        locate(&mut r, "encryption_type", i, "encryption_configuration");
        locate(&mut r, "kms_key", i, "encryption_configuration");
        repositories.push((r, i, name));
    }
    join(
        idx,
        &mut repositories,
        "aws_ecr_repository_policy",
        "repository",
        |p, r| {
            r.attribute_locations
                .insert("policy".to_string(), p.location.clone());
            let doc = match doubt_of(p) {
                Some(why) => Value::Unknown(why),
                None => policy(get(p, "policy")),
            };
            if let Some(x) = repository(r) {
                x.policy = doc;
            }
        },
        |r, why| {
            if let Some(x) = repository(r) {
                x.policy = Value::Unknown(why);
            }
        },
    );
    join(
        idx,
        &mut repositories,
        "aws_ecr_lifecycle_policy",
        "repository",
        |p, r| {
            r.attribute_locations.insert(
                "lifecycle_policy_configured".to_string(),
                p.location.clone(),
            );
            let set = match doubt_of(p) {
                Some(why) => Value::Unknown(why),
                None => Value::Known(true),
            };
            if let Some(x) = repository(r) {
                x.lifecycle_policy_configured = set;
            }
        },
        |r, why| {
            if let Some(x) = repository(r) {
                if x.lifecycle_policy_configured == Value::Known(false) {
                    x.lifecycle_policy_configured = Value::Unknown(why);
                }
            }
        },
    );
    out.extend(repositories.into_iter().map(|(r, _, _)| r));
}
