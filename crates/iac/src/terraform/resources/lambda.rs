//! Lambda: `aws_lambda_function`, with its resource-based policy built from the
//! `aws_lambda_permission` resources that name it (one statement each, as Lambda's
//! `AddPermission` writes them) and the `AuthType` of its `aws_lambda_function_url`s.
//! Provider defaults: `package_type` `Zip`, `tracing_config.mode` `PassThrough`, no
//! `vpc_config`, no environment, no `kms_key_arn` (the AWS managed key `aws/lambda`), no code
//! signing. Environment variable values are never kept: only their names.

use cloudward_model::lambda::Function;
use cloudward_model::policy::PolicyDocument;
use cloudward_model::{Attributes, Resource, Value};
use serde_json::{json, Value as Json};

use super::sns::key_argument;
use super::{
    blocks, doubt_of, field, get, known_str, locate, name_or_address, opt_str, reason, resource,
    str_list, str_or, Index,
};
use crate::terraform::module::Instance;
use crate::terraform::value::Val;

/// What a satellite resource's parent argument (`function_name`, `repository`) names.
pub(crate) enum Target {
    /// A static name or ARN.
    Name(String),
    /// A resource of this code, by address (an attribute of it known only after apply).
    Address(String),
    /// Not knowable statically: the reason.
    Unknown(String),
    /// Not set.
    Missing,
}

/// Read the parent argument `key` of a satellite resource.
pub(crate) fn target(i: &Instance, key: &str) -> Target {
    match get(i, key) {
        None => Target::Missing,
        Some(v) => match v.to_string_val() {
            Ok(s) => Target::Name(s),
            Err(e) => {
                let why = reason(&e);
                match why
                    .strip_suffix(" is known only after apply")
                    .and_then(|attr| attr.rsplit_once('.'))
                {
                    Some((address, _)) => Target::Address(address.to_string()),
                    None => Target::Unknown(format!(
                        "{} has {key} that is not known statically ({why}) and may apply to this resource",
                        i.address
                    )),
                }
            }
        },
    }
}

/// Whether `target` names the parent instance `i` called `name`: its address, its name, or
/// an ARN whose last `:`/`/` segment (or the segment before a version qualifier) is its name.
pub(crate) fn names(target: &Target, i: &Instance, name: &str) -> bool {
    match target {
        Target::Address(a) => *a == i.address,
        Target::Name(s) => {
            s == name
                || *s == i.address
                || (s.starts_with("arn:") && {
                    let parts: Vec<&str> = s.split([':', '/']).collect();
                    parts.last() == Some(&name)
                        || (parts.len() >= 2 && parts[parts.len() - 2] == name)
                })
        }
        Target::Unknown(_) | Target::Missing => false,
    }
}

/// Apply every satellite of `rtype` to the parent it names; a satellite whose parent is not
/// known statically makes `unknown` set the attribute of every parent it did not join.
pub(crate) fn join<'a>(
    idx: &Index<'a>,
    parents: &mut [(Resource, &Instance, String)],
    rtype: &str,
    key: &str,
    mut apply: impl FnMut(&Instance, &mut Resource),
    unknown: impl Fn(&mut Resource, String),
) {
    let mut doubt: Option<String> = None;
    let mut joined = vec![false; parents.len()];
    for &s in idx.of(rtype) {
        let t = target(s, key);
        if let Target::Unknown(why) = &t {
            doubt = doubt.or(Some(why.clone()));
            continue;
        }
        if let Some(n) = parents.iter().position(|(_, i, name)| names(&t, i, name)) {
            apply(s, &mut parents[n].0);
            joined[n] = true;
        }
    }
    if let Some(why) = doubt {
        for (n, (r, _, _)) in parents.iter_mut().enumerate() {
            if !joined[n] {
                unknown(r, why.clone());
            }
        }
    }
}

fn function(r: &mut Resource) -> Option<&mut Function> {
    match &mut r.attributes {
        Attributes::LambdaFunction(f) => Some(f),
        _ => None,
    }
}

/// The names of a map argument's keys (never its values).
pub(crate) fn map_keys(v: Option<&Val>) -> Value<Vec<String>> {
    match v {
        None | Some(Val::Null) => Value::Known(Vec::new()),
        Some(Val::Map(m)) => Value::Known(m.keys().cloned().collect()),
        Some(other) => Value::Unknown(reason(other)),
    }
}

/// A string of a permission as a condition value: a reference known only after apply still
/// narrows the statement, so it is kept as a visible placeholder.
fn condition_value(v: &Val) -> String {
    v.to_string_val()
        .unwrap_or_else(|e| format!("${{{}}}", reason(&e)))
}

/// The policy statement an `aws_lambda_permission` adds.
fn statement(p: &Instance) -> Result<Json, String> {
    if let Some(why) = doubt_of(p) {
        return Err(why);
    }
    let principal = match get(p, "principal").map(Val::to_string_val) {
        None => return Err(format!("{} sets no principal", p.address)),
        Some(Err(e)) => return Err(format!("{}: principal: {}", p.address, reason(&e))),
        Some(Ok(s)) => s,
    };
    let principal = if principal == "*" {
        json!("*")
    } else if principal.contains(".amazonaws.com") {
        json!({ "Service": principal })
    } else {
        json!({ "AWS": principal })
    };
    let mut condition = serde_json::Map::new();
    let mut put = |op: &str, key: &str, arg: &str| {
        if let Some(v) = get(p, arg) {
            let entry = condition.entry(op.to_string()).or_insert_with(|| json!({}));
            entry[key] = json!(condition_value(v));
        }
    };
    put("ArnLike", "AWS:SourceArn", "source_arn");
    put("StringEquals", "AWS:SourceAccount", "source_account");
    put("StringEquals", "aws:PrincipalOrgID", "principal_org_id");
    put(
        "StringEquals",
        "lambda:FunctionUrlAuthType",
        "function_url_auth_type",
    );
    let mut s = json!({
        "Sid": known_str(get(p, "statement_id")).unwrap_or_else(|| p.address.clone()),
        "Effect": "Allow",
        "Principal": principal,
        "Action": known_str(get(p, "action")).unwrap_or_else(|| "lambda:InvokeFunction".into()),
        "Resource": "*",
    });
    if !condition.is_empty() {
        s["Condition"] = Json::Object(condition);
    }
    Ok(s)
}

/// Add one permission's statement to a function's policy.
fn add_statement(f: &mut Function, s: Result<Json, String>) {
    f.policy = match (std::mem::take(&mut f.policy), s) {
        (Value::Unknown(r), _) => Value::Unknown(r),
        (_, Err(r)) => Value::Unknown(r),
        (Value::Known(None), Ok(s)) => Value::Known(Some(PolicyDocument(
            json!({"Version": "2012-10-17", "Statement": [s]}),
        ))),
        (Value::Known(Some(mut doc)), Ok(s)) => {
            if let Some(Json::Array(list)) = doc.0.get_mut("Statement") {
                list.push(s);
            }
            Value::Known(Some(doc))
        }
    };
}

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut functions: Vec<(Resource, &Instance, String)> = Vec::new();
    for &i in idx.of("aws_lambda_function") {
        let name = name_or_address(i, "function_name");
        let first = |key: &str| blocks(get(i, key)).map(|b| b.first().copied());
        let f = Function {
            function_name: name.clone(),
            function_arn: format!("{}.arn", i.address),
            package_type: str_or(get(i, "package_type"), "Zip"),
            runtime: opt_str(get(i, "runtime")),
            environment_variable_names: match first("environment") {
                Ok(None) => Value::Known(Vec::new()),
                Ok(Some(e)) => map_keys(field(e, "variables")),
                Err(e) => Value::Unknown(e),
            },
            kms_key_arn: key_argument(get(i, "kms_key_arn")),
            vpc_subnet_ids: match first("vpc_config") {
                Ok(None) => Value::Known(Vec::new()),
                Ok(Some(v)) => match str_list(field(v, "subnet_ids")) {
                    Ok(ids) => Value::Known(ids),
                    Err(e) => Value::unknown(format!("vpc_config.subnet_ids: {e}")),
                },
                Err(e) => Value::Unknown(e),
            },
            tracing_mode: match first("tracing_config") {
                Ok(None) => Value::Known("PassThrough".into()),
                Ok(Some(t)) => str_or(field(t, "mode"), "PassThrough"),
                Err(e) => Value::Unknown(e),
            },
            policy: Value::Known(None),
            url_auth_types: Value::Known(Vec::new()),
            code_signing_config_arn: key_argument(get(i, "code_signing_config_arn")),
            role: match opt_str(get(i, "role")) {
                Value::Known(Some(role)) => Value::Known(role),
                Value::Known(None) => Value::unknown("role is not set"),
                Value::Unknown(reason) => Value::Unknown(reason),
            },
        };
        let mut r = resource(i, name.clone(), Attributes::LambdaFunction(f));
        for (model, tf) in [
            ("runtime", "runtime"),
            ("environment_variable_names", "environment"),
            ("kms_key_arn", "kms_key_arn"),
            ("vpc_subnet_ids", "vpc_config"),
            ("tracing_mode", "tracing_config"),
            ("code_signing_config_arn", "code_signing_config_arn"),
        ] {
            locate(&mut r, model, i, tf);
        }
        functions.push((r, i, name));
    }
    join(
        idx,
        &mut functions,
        "aws_lambda_permission",
        "function_name",
        |p, r| {
            r.attribute_locations
                .insert("policy".to_string(), p.location.clone());
            if let Some(f) = function(r) {
                add_statement(f, statement(p));
            }
        },
        |r, why| {
            if let Some(f) = function(r) {
                f.policy = Value::Unknown(why);
            }
        },
    );
    join(
        idx,
        &mut functions,
        "aws_lambda_function_url",
        "function_name",
        |u, r| {
            r.attribute_locations
                .insert("url_auth_types".to_string(), u.location.clone());
            let auth = match doubt_of(u) {
                Some(why) => Value::Unknown(why),
                None => match get(u, "authorization_type").map(Val::to_string_val) {
                    Some(Ok(a)) => Value::Known(a),
                    Some(Err(e)) => Value::Unknown(reason(&e)),
                    None => Value::unknown(format!("{} sets no authorization_type", u.address)),
                },
            };
            if let Some(f) = function(r) {
                f.url_auth_types = match (std::mem::take(&mut f.url_auth_types), auth) {
                    (Value::Known(mut list), Value::Known(a)) => {
                        list.push(a);
                        list.sort();
                        Value::Known(list)
                    }
                    (Value::Unknown(r), _) | (_, Value::Unknown(r)) => Value::Unknown(r),
                };
            }
        },
        |r, why| {
            if let Some(f) = function(r) {
                f.url_auth_types = Value::Unknown(why);
            }
        },
    );
    out.extend(functions.into_iter().map(|(r, _, _)| r));
}
