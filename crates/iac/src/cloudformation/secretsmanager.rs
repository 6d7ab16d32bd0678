//! `AWS::SecretsManager::Secret` (no `KmsKeyId` = the AWS managed key `aws/secretsmanager`),
//! with `AWS::SecretsManager::RotationSchedule` (rotation on, with its `RotationRules`) and
//! `AWS::SecretsManager::ResourcePolicy` joined into it by `SecretId`. A secret in a
//! template does not exist yet: its dates are `Known(None)`.

use cloudward_model::secretsmanager::{RotationRules, Secret};
use cloudward_model::{Attributes, Value};

use super::eval::Val;
use super::kms::optional_id;
use super::s3::policy_document;
use super::{locations, Template};

fn indices(t: &Template<'_>, resource_type: &str) -> Vec<usize> {
    (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == resource_type)
        .collect()
}

pub(crate) fn adapt(t: &mut Template<'_>) {
    for i in indices(t, "AWS::SecretsManager::Secret") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("Name");
        let secret = Secret {
            name: name.clone(),
            arn: String::new(),
            kms_key_id: optional_id(p, "KmsKeyId"),
            rotation_enabled: Value::Known(false),
            rotation_lambda_arn: None,
            rotation_rules: Value::Known(None),
            created_date: Value::Known(None),
            last_rotated_date: Value::Known(None),
            last_accessed_date: Value::Known(None),
            next_rotation_date: None,
            owning_service: None,
            policy: Value::Known(None),
        };
        let locs = locations(t, [("kms_key_id".to_string(), p.key_pos("KmsKeyId"))]);
        t.push(i, name, Attributes::SecretsManagerSecret(secret), locs);
    }
    for i in indices(t, "AWS::SecretsManager::RotationSchedule") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let rules = match p.get("RotationRules") {
            None => Value::Known(None),
            Some(r) => rotation_rules(r),
        };
        let lambda = p.get("RotationLambdaARN").and_then(|l| l.id().ok());
        let hosted = p.get("HostedRotationLambda").is_some();
        let existence = decl.existence_unknown.clone();
        let pos = decl.pos;
        join(t, i, "rotation_enabled", pos, |secret| match &existence {
            Some(why) => {
                let why = format!("the rotation schedule may not exist: {why}");
                secret.rotation_enabled = Value::Unknown(why.clone());
                secret.rotation_rules = Value::Unknown(why);
            }
            None => {
                secret.rotation_enabled = Value::Known(true);
                secret.rotation_rules = rules.clone();
                secret.rotation_lambda_arn = lambda
                    .clone()
                    .or_else(|| hosted.then(|| "(hosted rotation Lambda)".to_string()));
            }
        });
    }
    for i in indices(t, "AWS::SecretsManager::ResourcePolicy") {
        let decl = &t.decls[i];
        let document = match (&decl.existence_unknown, decl.props.get("ResourcePolicy")) {
            (Some(why), _) => Value::Unknown(format!("the resource policy may not exist: {why}")),
            (None, Some(doc)) => policy_document(doc).map(Some),
            (None, None) => Value::unknown("ResourcePolicy is required but missing"),
        };
        let pos = decl.props.key_pos("ResourcePolicy").unwrap_or(decl.pos);
        join(t, i, "policy", pos, |secret| {
            secret.policy = document.clone();
        });
    }
}

fn rotation_rules(r: &Val) -> Value<Option<RotationRules>> {
    if let Some(reason) = r.unknown_reason() {
        return Value::Unknown(format!("RotationRules: {reason}"));
    }
    let days = match r.get("AutomaticallyAfterDays").map(Val::integer) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => return Value::Unknown(format!("AutomaticallyAfterDays: {e}")),
    };
    let expression = match r.get("ScheduleExpression").map(Val::string) {
        None => None,
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => return Value::Unknown(format!("ScheduleExpression: {e}")),
    };
    Value::Known(Some(RotationRules {
        automatically_after_days: days,
        schedule_expression: expression,
        duration: r.get("Duration").and_then(|d| d.string().ok()),
    }))
}

/// Apply `set` to the secret that declaration `i`'s `SecretId` names.
fn join(
    t: &mut Template<'_>,
    i: usize,
    attribute: &str,
    pos: super::node::Pos,
    set: impl FnOnce(&mut Secret),
) {
    let target = t.decls[i].props.get("SecretId").and_then(|s| t.target(s));
    let Some(target) = target.filter(|id| t.index.contains_key(id)) else {
        t.unjoined(i, "a secret");
        return;
    };
    let location = t.location(pos);
    let Some(resource) = t.resource_mut(&target) else {
        return;
    };
    if let Attributes::SecretsManagerSecret(secret) = &mut resource.attributes {
        set(secret);
        resource
            .attribute_locations
            .insert(attribute.to_string(), location);
    }
}
