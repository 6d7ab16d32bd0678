//! DynamoDB: `aws_dynamodb_table`, with the provider's defaults: no `point_in_time_recovery`
//! block (or `enabled = false`) is no point-in-time recovery; no `server_side_encryption`
//! block (or `enabled = false`) is an AWS owned key; `enabled = true` without `kms_key_arn`
//! is the AWS managed key `aws/dynamodb`; `deletion_protection_enabled` defaults to false.

use cloudward_model::dynamodb::{SseDescription, Table, CLASSIFICATION_TAG};
use cloudward_model::{Attributes, Resource, Value};

use super::{blocks, bool_or, field, get, locate, name_or_address, reason, resource, Index};
use crate::terraform::module::Instance;
use crate::terraform::value::Val;

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_dynamodb_table") {
        let name = name_or_address(i, "name");
        let (sse_description, kms_key_customer_managed) = encryption(i);
        let table = Table {
            table_name: name.clone(),
            table_arn: format!("{}.arn", i.address),
            point_in_time_recovery_enabled: match blocks(get(i, "point_in_time_recovery")) {
                Ok(list) => match list.first() {
                    Some(b) => bool_or(field(b, "enabled"), false),
                    None => Value::Known(false),
                },
                Err(e) => Value::Unknown(e),
            },
            sse_description,
            kms_key_customer_managed,
            deletion_protection_enabled: bool_or(get(i, "deletion_protection_enabled"), false),
            data_classification: data_classification(i),
        };
        let mut r = resource(i, name, Attributes::DynamodbTable(table));
        for (model, tf) in [
            (
                "point_in_time_recovery_enabled",
                "point_in_time_recovery[0]",
            ),
            ("point_in_time_recovery_enabled", "point_in_time_recovery"),
            ("sse_description", "server_side_encryption[0]"),
            ("sse_description", "server_side_encryption"),
            ("deletion_protection_enabled", "deletion_protection_enabled"),
        ] {
            if i.locs.contains_key(tf) && !r.attribute_locations.contains_key(model) {
                locate(&mut r, model, i, tf);
            }
        }
        out.push(r);
    }
}

/// `server_side_encryption { enabled, kms_key_arn }`.
fn encryption(i: &Instance) -> (Value<Option<SseDescription>>, Value<Option<bool>>) {
    let list = match blocks(get(i, "server_side_encryption")) {
        Ok(list) => list,
        Err(e) => return (Value::Unknown(e.clone()), Value::Unknown(e)),
    };
    let Some(b) = list.first() else {
        return (Value::Known(None), Value::Known(None));
    };
    match bool_or(field(b, "enabled"), false) {
        Value::Unknown(r) => (Value::Unknown(r.clone()), Value::Unknown(r)),
        Value::Known(false) => (Value::Known(None), Value::Known(None)),
        Value::Known(true) => {
            let key = field(b, "kms_key_arn");
            let arn = key.and_then(|k| match k {
                Val::String(s) => Some(s.clone()),
                other => super::s3::declared_key(&reason(other)),
            });
            (
                Value::Known(Some(SseDescription {
                    status: "ENABLED".into(),
                    sse_type: Some("KMS".into()),
                    kms_master_key_arn: arn,
                })),
                customer_managed_key(key),
            )
        }
    }
}

/// Whether a KMS key argument names a customer managed key: not set is none (the service's
/// AWS managed key); an `alias/aws/...` is AWS managed; a key declared in the code
/// (`aws_kms_key.x.arn`) or any other literal key is customer managed; anything else unresolved
/// is Unknown.
pub(crate) fn customer_managed_key(key: Option<&Val>) -> Value<Option<bool>> {
    match key {
        None | Some(Val::Null) => Value::Known(Some(false)),
        Some(Val::String(s)) if s.trim().is_empty() => Value::Known(Some(false)),
        Some(Val::String(s)) => Value::Known(Some(!s.contains("alias/aws/"))),
        Some(other) => {
            let why = reason(other);
            match super::s3::declared_key(&why) {
                Some(_) => Value::Known(Some(true)),
                None => Value::unknown(format!("kms_key_arn is not known statically: {why}")),
            }
        }
    }
}

/// The `data-classification` tag; Unknown when the tags, or that tag's value, are not static.
pub(crate) fn data_classification(i: &Instance) -> Value<Option<String>> {
    match get(i, "tags") {
        None => Value::Known(None),
        Some(Val::Map(m)) => {
            match m
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(CLASSIFICATION_TAG))
            {
                None => Value::Known(None),
                Some((_, v)) => match v.to_string_val() {
                    Ok(s) => Value::Known(Some(s)),
                    Err(e) => Value::unknown(format!(
                        "the {CLASSIFICATION_TAG} tag is not known statically: {}",
                        reason(&e)
                    )),
                },
            }
        }
        Some(other) => Value::unknown(format!("tags are not known statically: {}", reason(other))),
    }
}
