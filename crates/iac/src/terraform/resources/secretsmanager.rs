//! Secrets Manager: `aws_secretsmanager_secret` (no `kms_key_id` = the AWS managed key
//! `aws/secretsmanager`; the legacy inline `policy` is read), joined with
//! `aws_secretsmanager_secret_rotation` (rotation on, with its `rotation_rules`) and
//! `aws_secretsmanager_secret_policy` by `secret_id` / `secret_arn`. A secret in code does
//! not exist yet: its dates are `Known(None)`.

use cloudward_model::secretsmanager::{RotationRules, Secret};
use cloudward_model::{Attributes, Resource, Value};

use super::kms::key_reference;
use super::{blocks, doubt_of, field, get, known_str, locate, opt_int, parent, policy, resource};
use super::{Index, Parent};
use crate::terraform::module::Instance;

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut secrets: Vec<Resource> = Vec::new();
    for &i in idx.of("aws_secretsmanager_secret") {
        let name = known_str(get(i, "name")).unwrap_or_else(|| i.address.clone());
        let secret = Secret {
            name: name.clone(),
            arn: format!("{}.arn", i.address),
            kms_key_id: key_reference(get(i, "kms_key_id")),
            rotation_enabled: Value::Known(false),
            rotation_lambda_arn: None,
            rotation_rules: Value::Known(None),
            created_date: Value::Known(None),
            last_rotated_date: Value::Known(None),
            last_accessed_date: Value::Known(None),
            next_rotation_date: None,
            owning_service: None,
            policy: policy(get(i, "policy")),
        };
        let mut r = resource(i, name, Attributes::SecretsManagerSecret(secret));
        for (model, tf) in [("kms_key_id", "kms_key_id"), ("policy", "policy")] {
            if i.locs.contains_key(tf) {
                locate(&mut r, model, i, tf);
            }
        }
        secrets.push(r);
    }
    join(
        idx,
        &mut secrets,
        "aws_secretsmanager_secret_rotation",
        "secret_id",
        "rotation_enabled",
        rotation,
    );
    join(
        idx,
        &mut secrets,
        "aws_secretsmanager_secret_policy",
        "secret_arn",
        "policy",
        |s, secret| secret.policy = policy(get(s, "policy")),
    );
    out.extend(secrets);
}

fn rotation(s: &Instance, secret: &mut Secret) {
    secret.rotation_enabled = Value::Known(true);
    secret.rotation_lambda_arn = known_str(get(s, "rotation_lambda_arn"));
    secret.rotation_rules = match blocks(get(s, "rotation_rules")) {
        Err(e) => Value::Unknown(e),
        Ok(list) => match list.first() {
            None => Value::Known(None),
            Some(rules) => match opt_int(field(rules, "automatically_after_days")) {
                Value::Unknown(r) => Value::Unknown(r),
                Value::Known(days) => match super::opt_str(field(rules, "schedule_expression")) {
                    Value::Unknown(r) => Value::Unknown(r),
                    Value::Known(expression) => Value::Known(Some(RotationRules {
                        automatically_after_days: days,
                        schedule_expression: expression,
                        duration: known_str(field(rules, "duration")),
                    })),
                },
            },
        },
    };
}

/// Join a split resource into the secret its `arg` names (the secret's address, what `.id`
/// resolves to, or `<address>.arn`, or its name).
fn join(
    idx: &Index<'_>,
    secrets: &mut [Resource],
    rtype: &str,
    arg: &str,
    model_key: &str,
    apply: fn(&Instance, &mut Secret),
) {
    let mut doubt: Option<String> = None;
    let mut joined = vec![false; secrets.len()];
    for &s in idx.of(rtype) {
        let target = match parent(s, arg) {
            Parent::Known(t) => t,
            Parent::Unknown(why) => {
                doubt = doubt.or(Some(why));
                continue;
            }
            Parent::Missing => continue,
        };
        for (n, r) in secrets.iter_mut().enumerate() {
            let names_it = r.id == target || r.name == target || format!("{}.arn", r.id) == target;
            let Attributes::SecretsManagerSecret(secret) = &mut r.attributes else {
                continue;
            };
            if !names_it {
                continue;
            }
            match doubt_of(s) {
                Some(why) => set_unknown(secret, model_key, why),
                None => apply(s, secret),
            }
            r.attribute_locations
                .insert(model_key.to_string(), s.location.clone());
            joined[n] = true;
        }
    }
    if let Some(why) = doubt {
        for (n, r) in secrets.iter_mut().enumerate() {
            if let (false, Attributes::SecretsManagerSecret(secret)) =
                (joined[n], &mut r.attributes)
            {
                set_unknown(secret, model_key, why.clone());
            }
        }
    }
}

fn set_unknown(secret: &mut Secret, model_key: &str, why: String) {
    match model_key {
        "policy" => secret.policy = Value::Unknown(why),
        _ => {
            secret.rotation_enabled = Value::Unknown(why.clone());
            secret.rotation_rules = Value::Unknown(why);
        }
    }
}
