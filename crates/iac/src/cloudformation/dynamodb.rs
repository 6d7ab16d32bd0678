//! `AWS::DynamoDB::Table`, with CloudFormation's defaults: no
//! `PointInTimeRecoverySpecification` is no point-in-time recovery; no `SSESpecification` (or
//! `SSEEnabled: false`) is an AWS owned key; `SSEEnabled: true` without `KMSMasterKeyId` is the
//! AWS managed key `aws/dynamodb`; `DeletionProtectionEnabled` defaults to false.

use cloudward_model::dynamodb::{SseDescription, Table, CLASSIFICATION_TAG};
use cloudward_model::{Attributes, Value};

use super::eval::{Val, V};
use super::{known, locations, Template};

pub(crate) fn adapt(t: &mut Template<'_>) {
    let tables: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::DynamoDB::Table")
        .collect();
    for i in tables {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("TableName");
        let (sse_description, kms_key_customer_managed) = encryption(t, p.get("SSESpecification"));
        let table = Table {
            table_name: name.clone(),
            table_arn: String::new(),
            point_in_time_recovery_enabled: match p.get("PointInTimeRecoverySpecification") {
                None => Value::Known(false),
                Some(spec) => flag(spec, "PointInTimeRecoveryEnabled", false),
            },
            sse_description,
            kms_key_customer_managed,
            deletion_protection_enabled: flag(p, "DeletionProtectionEnabled", false),
            data_classification: data_classification(p),
        };
        let locs = locations(
            t,
            [
                (
                    "point_in_time_recovery_enabled",
                    p.key_pos("PointInTimeRecoverySpecification"),
                ),
                ("sse_description", p.key_pos("SSESpecification")),
                (
                    "deletion_protection_enabled",
                    p.key_pos("DeletionProtectionEnabled"),
                ),
            ]
            .map(|(k, v)| (k.to_string(), v)),
        );
        t.push(i, name, Attributes::DynamodbTable(table), locs);
    }
}

/// A boolean property with its default.
pub(crate) fn flag(p: &Val, name: &str, default: bool) -> Value<bool> {
    match p.get(name) {
        None => Value::Known(default),
        Some(v) => known(v.boolean().map_err(|r| format!("{name}: {r}"))),
    }
}

fn encryption(
    t: &Template<'_>,
    spec: Option<&Val>,
) -> (Value<Option<SseDescription>>, Value<Option<bool>>) {
    let Some(spec) = spec else {
        return (Value::Known(None), Value::Known(None));
    };
    match flag(spec, "SSEEnabled", false) {
        Value::Unknown(r) => (Value::Unknown(r.clone()), Value::Unknown(r)),
        Value::Known(false) => (Value::Known(None), Value::Known(None)),
        Value::Known(true) => {
            let key = spec.get("KMSMasterKeyId");
            (
                Value::Known(Some(SseDescription {
                    status: "ENABLED".into(),
                    sse_type: Some("KMS".into()),
                    kms_master_key_arn: key.and_then(|k| k.id().ok()),
                })),
                customer_managed_key(t, key),
            )
        }
    }
}

/// Whether a KMS key property names a customer managed key: absent is the service's AWS
/// managed key; `alias/aws/...` is AWS managed; a key of the template (`!Ref`/`!GetAtt` of an
/// `AWS::KMS::Key`, or of an alias of one) or any other literal key is customer managed;
/// anything else unresolved is Unknown.
pub(crate) fn customer_managed_key(t: &Template<'_>, key: Option<&Val>) -> Value<Option<bool>> {
    let Some(key) = key else {
        return Value::Known(Some(false));
    };
    match &key.v {
        V::Str(s) if s.trim().is_empty() => Value::Known(Some(false)),
        V::Str(s) => Value::Known(Some(!s.contains("alias/aws/"))),
        V::Ref { logical_id, .. } => {
            match t.ev.resource(logical_id).map(|r| r.resource_type.as_str()) {
                Some("AWS::KMS::Key" | "AWS::KMS::ReplicaKey") => Value::Known(Some(true)),
                Some("AWS::KMS::Alias") => Value::Known(Some(true)),
                _ => Value::unknown(format!(
                    "the KMS key refers to {logical_id}, which is not a KMS key of this template"
                )),
            }
        }
        _ => Value::unknown(format!(
            "the KMS key is not known statically: {}",
            key.unknown_reason()
                .unwrap_or_else(|| "not a string".into())
        )),
    }
}

/// The `data-classification` tag of `Tags: [{Key, Value}]`; Unknown when not static.
pub(crate) fn data_classification(p: &Val) -> Value<Option<String>> {
    let Some(tags) = p.get("Tags") else {
        return Value::Known(None);
    };
    let items = match tags.list() {
        Ok(items) => items,
        Err(r) => return Value::unknown(format!("Tags: {r}")),
    };
    for item in items {
        match item.get("Key").map(Val::string) {
            Some(Ok(k)) if k.eq_ignore_ascii_case(CLASSIFICATION_TAG) => {
                return match item.get("Value").map(Val::string) {
                    Some(Ok(v)) => Value::Known(Some(v)),
                    Some(Err(r)) => Value::unknown(format!("the {CLASSIFICATION_TAG} tag: {r}")),
                    None => Value::Known(Some(String::new())),
                }
            }
            Some(Ok(_)) => {}
            Some(Err(r)) => {
                return Value::unknown(format!("a tag key is not known statically: {r}"))
            }
            None => {}
        }
    }
    Value::Known(None)
}
