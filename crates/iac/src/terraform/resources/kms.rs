//! KMS: `aws_kms_key` (with the provider's defaults: `enable_key_rotation` false, `is_enabled`
//! true, `customer_master_key_spec` `SYMMETRIC_DEFAULT`, `key_usage` `ENCRYPT_DECRYPT`, no
//! `policy` = KMS's default key policy), joined with `aws_kms_key_policy` and `aws_kms_alias`
//! by key reference. A key's id is its address (what `aws_kms_key.x.id` resolves to), its ARN
//! `<address>.arn`; [`key_reference`] turns the other attributes of a declared key
//! (`key_id`, known only after apply) into that address, so resources that name a key join it.

use cloudward_model::kms::{Key, AWS_KMS, CUSTOMER, ENCRYPT_DECRYPT, SYMMETRIC_DEFAULT};
use cloudward_model::{Attributes, Resource, Value};

use super::{bool_or, doubt_of, get, locate, opt_int, parent, policy, reason, resource, str_or};
use super::{Index, Parent};
use crate::terraform::module::Instance;
use crate::terraform::value::Val;

/// The key types whose attributes a reference may name.
const KEY_TYPES: &[&str] = &["aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key"];

/// A reference to a KMS key as the model stores it: a static string as written, or, for an
/// attribute of a key declared in this code that is known only after apply
/// (`aws_kms_key.x.key_id`), that key's address. `None`: not set.
pub(crate) fn key_reference(v: Option<&Val>) -> Value<Option<String>> {
    match v {
        None | Some(Val::Null) => Value::Known(None),
        Some(v) => match v.to_string_val() {
            Ok(s) => Value::Known(Some(s)),
            Err(e) => {
                let why = reason(&e);
                match declared_key(&why) {
                    Some(address) => Value::Known(Some(address)),
                    None => Value::Unknown(why),
                }
            }
        },
    }
}

/// `aws_kms_key.x` (or `module.m.aws_kms_key.x`) when `reason` says an attribute of it is
/// known only after apply.
fn declared_key(reason: &str) -> Option<String> {
    let attribute = reason.strip_suffix(" is known only after apply")?;
    let (address, _attr) = attribute.rsplit_once('.')?;
    let parts: Vec<&str> = address.split('.').collect();
    let at = parts.iter().position(|p| KEY_TYPES.contains(p))?;
    let declared = at == 0 || (at >= 2 && parts[at - 2] == "module");
    (declared && parts.len() == at + 2).then(|| address.to_string())
}

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut keys: Vec<Resource> = Vec::with_capacity(idx.of("aws_kms_key").len());
    for &i in idx.of("aws_kms_key") {
        keys.push(key(i));
    }
    join(idx, &mut keys, "aws_kms_key_policy", "policy", |s, k| {
        k.policy = policy(get(s, "policy"));
    });
    join(idx, &mut keys, "aws_kms_alias", "aliases", |s, k| {
        let name = match get(s, "name").map(Val::to_string_val) {
            Some(Ok(n)) => Value::Known(n),
            Some(Err(e)) => Value::Unknown(reason(&e)),
            // `name_prefix` only: a generated name.
            None => Value::unknown(format!("{} has no static name", s.address)),
        };
        k.aliases = match (std::mem::take(&mut k.aliases), name) {
            (Value::Known(mut list), Value::Known(n)) => {
                list.push(n);
                list.sort();
                Value::Known(list)
            }
            (Value::Unknown(r), _) | (_, Value::Unknown(r)) => Value::Unknown(r),
        };
    });
    for r in &mut keys {
        if let Attributes::KmsKey(k) = &r.attributes {
            if let Some(first) = k.aliases.known().and_then(|a| a.first()) {
                r.name = first.clone();
            }
        }
    }
    out.extend(keys);
}

fn key(i: &Instance) -> Resource {
    let enabled = bool_or(get(i, "is_enabled"), true);
    let origin = if get(i, "xks_key_id").is_some() {
        "EXTERNAL_KEY_STORE"
    } else if get(i, "custom_key_store_id").is_some() {
        "AWS_CLOUDHSM"
    } else {
        AWS_KMS
    };
    let key = Key {
        key_id: i.address.clone(),
        arn: format!("{}.arn", i.address),
        aliases: Value::Known(Vec::new()),
        description: super::known_str(get(i, "description")),
        key_manager: Value::Known(CUSTOMER.to_string()),
        key_state: enabled.map(|on| if on { "Enabled" } else { "Disabled" }.to_string()),
        key_spec: str_or(get(i, "customer_master_key_spec"), SYMMETRIC_DEFAULT),
        key_usage: str_or(get(i, "key_usage"), ENCRYPT_DECRYPT),
        origin: Value::Known(origin.to_string()),
        deletion_date: None,
        pending_deletion_window_in_days: opt_int(get(i, "deletion_window_in_days"))
            .known()
            .copied()
            .flatten()
            .and_then(|d| i32::try_from(d).ok()),
        key_rotation_enabled: bool_or(get(i, "enable_key_rotation"), false),
        rotation_period_in_days: opt_int(get(i, "rotation_period_in_days"))
            .known()
            .copied()
            .flatten()
            .and_then(|d| i32::try_from(d).ok()),
        policy: policy(get(i, "policy")),
    };
    let mut r = resource(i, i.address.clone(), Attributes::KmsKey(key));
    for (model, tf) in [
        ("key_rotation_enabled", "enable_key_rotation"),
        ("key_state", "is_enabled"),
        ("policy", "policy"),
        ("key_spec", "customer_master_key_spec"),
    ] {
        if i.locs.contains_key(tf) {
            locate(&mut r, model, i, tf);
        }
    }
    r
}

/// Join a split resource (`key_id` / `target_key_id` naming a key) into the keys it names.
fn join(
    idx: &Index<'_>,
    keys: &mut [Resource],
    rtype: &str,
    model_key: &str,
    apply: fn(&Instance, &mut Key),
) {
    let key_arg = if rtype == "aws_kms_alias" {
        "target_key_id"
    } else {
        "key_id"
    };
    let mut doubt: Option<String> = None;
    let mut joined = vec![false; keys.len()];
    for &s in idx.of(rtype) {
        let target = match parent(s, key_arg) {
            Parent::Known(t) => t,
            Parent::Unknown(why) => {
                // `aws_kms_key.x.key_id` is known only after apply, but names key `x`.
                match key_reference(get(s, key_arg)) {
                    Value::Known(Some(address)) => address,
                    _ => {
                        doubt = doubt.or(Some(why));
                        continue;
                    }
                }
            }
            Parent::Missing => continue,
        };
        for (n, r) in keys.iter_mut().enumerate() {
            let Attributes::KmsKey(k) = &mut r.attributes else {
                continue;
            };
            if k.key_id != target && k.arn != target {
                continue;
            }
            match doubt_of(s) {
                Some(why) => set_unknown(k, model_key, why),
                None => apply(s, k),
            }
            r.attribute_locations
                .insert(model_key.to_string(), s.location.clone());
            joined[n] = true;
        }
    }
    if let Some(why) = doubt {
        for (n, r) in keys.iter_mut().enumerate() {
            if let (false, Attributes::KmsKey(k)) = (joined[n], &mut r.attributes) {
                set_unknown(k, model_key, why.clone());
            }
        }
    }
}

fn set_unknown(k: &mut Key, model_key: &str, why: String) {
    match model_key {
        "policy" => k.policy = Value::Unknown(why),
        _ => k.aliases = Value::Unknown(why),
    }
}
