//! SSM Parameter Store: `aws_ssm_parameter` (`tier` defaults to `Standard`, `data_type` to
//! `text`; a `SecureString` without `key_id` uses the AWS managed key `alias/aws/ssm`). The
//! value (`value`, `insecure_value`) is never read into the model.

use cloudward_model::ssm::{Document, Parameter, SECURE_STRING, SHARED_WITH_ALL};
use cloudward_model::{Attributes, Resource, Value};

use super::kms::key_reference;
use super::{get, known_str, locate, reason, resource, str_or, Index};
use crate::terraform::value::Val;

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    documents(idx, out);
    for &i in idx.of("aws_ssm_parameter") {
        let (name, name_unresolved) = match get(i, "name").map(Val::to_string_val) {
            Some(Ok(n)) => (n, None),
            Some(Err(e)) => (i.address.clone(), Some(reason(&e))),
            None => (
                i.address.clone(),
                Some("the parameter has no name".to_string()),
            ),
        };
        let r#type = match get(i, "type") {
            None => Value::unknown("type is required but missing"),
            v => str_or(v, "String"),
        };
        let key_id = match (r#type.known().map(String::as_str), get(i, "key_id")) {
            (Some(SECURE_STRING), None) => Value::Known(Some("alias/aws/ssm".to_string())),
            (_, v) => key_reference(v),
        };
        let parameter = Parameter {
            name: name.clone(),
            name_unresolved,
            arn: String::new(),
            r#type,
            tier: str_or(get(i, "tier"), "Standard"),
            key_id,
            data_type: known_str(get(i, "data_type")).or(Some("text".to_string())),
        };
        let mut r = resource(i, name, Attributes::SsmParameter(parameter));
        for (model, tf) in [("type", "type"), ("key_id", "key_id"), ("tier", "tier")] {
            if i.locs.contains_key(tf) {
                locate(&mut r, model, i, tf);
            }
        }
        out.push(r);
    }
}

/// `aws_ssm_document` with its `permissions` (`type = "Share"`, `account_ids` a
/// comma-separated list or `All`); no `permissions`: private.
fn documents(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_ssm_document") {
        let shared_with = match get(i, "permissions") {
            None => Value::Known(Vec::new()),
            Some(p) => match super::field(p, "account_ids").map(|v| v.to_string_val()) {
                None => Value::Known(Vec::new()),
                Some(Ok(ids)) => Value::Known(
                    ids.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| {
                            if s.eq_ignore_ascii_case(SHARED_WITH_ALL) {
                                SHARED_WITH_ALL.to_string()
                            } else {
                                s.to_string()
                            }
                        })
                        .collect(),
                ),
                Some(Err(e)) => Value::Unknown(format!(
                    "permissions.account_ids is not known statically ({})",
                    reason(&e)
                )),
            },
        };
        let name = known_str(get(i, "name")).unwrap_or_else(|| i.address.clone());
        let mut r = resource(
            i,
            name.clone(),
            Attributes::SsmDocument(Document {
                name,
                document_type: known_str(get(i, "document_type")).unwrap_or_default(),
                shared_with,
            }),
        );
        locate(&mut r, "shared_with", i, "permissions");
        out.push(r);
    }
}
