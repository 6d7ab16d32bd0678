//! `AWS::KMS::Key` (defaults: `EnableKeyRotation` false, `Enabled` true, `KeySpec`
//! `SYMMETRIC_DEFAULT`, `KeyUsage` `ENCRYPT_DECRYPT`, `Origin` `AWS_KMS`; no `KeyPolicy` = KMS's
//! default key policy), with `AWS::KMS::Alias` joined into it by `TargetKeyId`. A key's id is
//! its join key (the logical id, what `!Ref` of it resolves to) and its ARN `<LogicalId>.Arn`
//! (what `!GetAtt <LogicalId>.Arn` resolves to), so references from other resources name it.

use cloudward_model::kms::{Key, AWS_KMS, CUSTOMER, ENCRYPT_DECRYPT, SYMMETRIC_DEFAULT};
use cloudward_model::{Attributes, Value};

use super::eval::Val;
use super::s3::policy_document;
use super::{known, locations, Template};

/// A boolean property with its documented default.
pub(crate) fn flag(p: &Val, name: &str, default: bool) -> Value<bool> {
    match p.get(name) {
        None => Value::Known(default),
        Some(v) => known(v.boolean().map_err(|r| format!("{name}: {r}"))),
    }
}

/// A string property with its documented default.
pub(crate) fn text_or(p: &Val, name: &str, default: &str) -> Value<String> {
    match p.get(name) {
        None => Value::Known(default.to_string()),
        Some(v) => known(v.string().map_err(|r| format!("{name}: {r}"))),
    }
}

/// An optional id-like property (a reference resolves to its join key).
pub(crate) fn optional_id(p: &Val, name: &str) -> Value<Option<String>> {
    match p.get(name) {
        None => Value::Known(None),
        Some(v) => known(v.id().map(Some).map_err(|r| format!("{name}: {r}"))),
    }
}

fn small_int(p: &Val, name: &str) -> Option<i32> {
    p.get(name)
        .and_then(|v| v.integer().ok())
        .and_then(|n| i32::try_from(n).ok())
}

pub(crate) fn adapt(t: &mut Template<'_>) {
    let keys: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::KMS::Key")
        .collect();
    for i in keys {
        let decl = &t.decls[i];
        let p = &decl.props;
        let id = t.key(&decl.logical_id);
        let key = Key {
            arn: format!("{}.Arn", decl.logical_id),
            key_id: id,
            aliases: Value::Known(Vec::new()),
            description: p.get("Description").and_then(|d| d.string().ok()),
            key_manager: Value::Known(CUSTOMER.to_string()),
            key_state: flag(p, "Enabled", true)
                .map(|on| if on { "Enabled" } else { "Disabled" }.to_string()),
            key_spec: text_or(p, "KeySpec", SYMMETRIC_DEFAULT),
            key_usage: text_or(p, "KeyUsage", ENCRYPT_DECRYPT),
            origin: text_or(p, "Origin", AWS_KMS),
            deletion_date: None,
            pending_deletion_window_in_days: small_int(p, "PendingWindowInDays"),
            key_rotation_enabled: flag(p, "EnableKeyRotation", false),
            rotation_period_in_days: small_int(p, "RotationPeriodInDays"),
            policy: match p.get("KeyPolicy") {
                None => Value::Known(None),
                Some(doc) => policy_document(doc).map(Some),
            },
        };
        let locs = locations(
            t,
            [
                ("key_rotation_enabled", p.key_pos("EnableKeyRotation")),
                ("key_state", p.key_pos("Enabled")),
                ("policy", p.key_pos("KeyPolicy")),
                ("key_spec", p.key_pos("KeySpec")),
            ]
            .map(|(k, v)| (k.to_string(), v)),
        );
        let name = decl.logical_id.clone();
        t.push(i, name, Attributes::KmsKey(key), locs);
    }
    let aliases: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::KMS::Alias")
        .collect();
    for i in aliases {
        let decl = &t.decls[i];
        let target = decl.props.get("TargetKeyId").and_then(|k| t.target(k));
        let Some(target) = target.filter(|id| t.index.contains_key(id)) else {
            t.unjoined(i, "a key");
            continue;
        };
        let name = match (&decl.existence_unknown, decl.props.get("AliasName")) {
            (Some(why), _) => Value::Unknown(format!("the alias may not exist: {why}")),
            (None, Some(n)) => known(n.string()),
            (None, None) => Value::unknown("AliasName is required but missing"),
        };
        let Some(resource) = t.resource_mut(&target) else {
            continue;
        };
        let Attributes::KmsKey(key) = &mut resource.attributes else {
            continue;
        };
        key.aliases = match (std::mem::take(&mut key.aliases), name) {
            (Value::Known(mut list), Value::Known(n)) => {
                list.push(n);
                list.sort();
                Value::Known(list)
            }
            (Value::Unknown(r), _) | (_, Value::Unknown(r)) => Value::Unknown(r),
        };
        if let Some(first) = key.aliases.known().and_then(|a| a.first()).cloned() {
            resource.name = first;
        }
    }
}

#[cfg(test)]
mod tests {
    use cloudward_model::Value;

    use crate::cloudformation::adapt;
    use crate::ScanOptions;

    /// Issue 9: an alias joins its key, a secret's rotation schedule and policy join the secret,
    /// and `!GetAtt Key.Arn` / `!Ref Key` from other resources name the key.
    #[test]
    fn issue9_aliases_rotation_and_key_references_join() {
        let text = "Resources:\n  Key:\n    Type: AWS::KMS::Key\n  KeyAlias:\n    Type: AWS::KMS::Alias\n    Properties:\n      AliasName: alias/app\n      TargetKeyId: !Ref Key\n  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      KmsKeyId: !Ref Key\n  Rotation:\n    Type: AWS::SecretsManager::RotationSchedule\n    Properties:\n      SecretId: !Ref Secret\n      HostedRotationLambda:\n        RotationType: PostgreSQLSingleUser\n      RotationRules:\n        AutomaticallyAfterDays: 30\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      KmsKeyId: !GetAtt Key.Arn\n      RetentionInDays: 90\n";
        let out = adapt("t.yaml", text, &ScanOptions::default());
        let find = |id: &str| {
            out.resources
                .iter()
                .find(|r| r.id == id)
                .unwrap_or_else(|| panic!("{id} in {:?}", out.resources))
        };
        let key = find("Key").as_kms_key().expect("key");
        assert_eq!(key.aliases, Value::Known(vec!["alias/app".to_string()]));
        assert_eq!(key.key_rotation_enabled, Value::Known(false));
        assert_eq!(find("Key").name, "alias/app");
        let secret = find("Secret").as_secretsmanager_secret().expect("secret");
        assert_eq!(secret.rotation_enabled, Value::Known(true));
        let by_ref = secret.kms_key_id.known().cloned().flatten().expect("a key");
        assert_eq!(key.is_named_by(&by_ref), Value::Known(true));
        let group = find("Logs").as_logs_log_group().expect("group");
        assert_eq!(group.retention_in_days, Value::Known(Some(90)));
        let by_arn = group.kms_key_id.known().cloned().flatten().expect("a key");
        assert_eq!(key.is_named_by(&by_arn), Value::Known(true));
    }
}
