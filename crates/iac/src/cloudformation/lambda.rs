//! Lambda: `AWS::Lambda::Function`, with the statements its `AWS::Lambda::Permission`s add to
//! its resource-based policy and the `AuthType` of its `AWS::Lambda::Url`s. Defaults:
//! `PackageType` `Zip`, `TracingConfig.Mode` `PassThrough`, no `VpcConfig`, no `KmsKeyArn`
//! (the AWS managed key `aws/lambda`). Environment variable values are never kept.

use cloudward_model::lambda::Function;
use cloudward_model::policy::PolicyDocument;
use cloudward_model::{Attributes, Value};
use serde_json::{json, Value as Json};

use super::eval::Val;
use super::sns::key_property;
use super::{locations, Template};

fn indices(t: &Template<'_>, rtype: &str) -> Vec<usize> {
    (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == rtype)
        .collect()
}

/// The keys of a mapping property (never its values).
fn map_keys(v: Option<&Val>) -> Value<Vec<String>> {
    match v {
        None => Value::Known(Vec::new()),
        Some(v) => {
            match v.to_json_lossy() {
                Json::Object(m) => Value::Known(m.keys().cloned().collect()),
                _ => Value::unknown(v.unknown_reason().unwrap_or_else(|| {
                    format!("Variables at line {} is not a mapping", v.pos.line)
                })),
            }
        }
    }
}

/// The policy statement an `AWS::Lambda::Permission` adds.
fn statement(p: &Val, sid: &str) -> Result<Json, String> {
    let principal = match p.get("Principal").map(Val::string) {
        None => return Err(format!("permission {sid} has no Principal")),
        Some(Err(r)) => return Err(format!("permission {sid}: Principal: {r}")),
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
    for (op, key, prop) in [
        ("ArnLike", "AWS:SourceArn", "SourceArn"),
        ("StringEquals", "AWS:SourceAccount", "SourceAccount"),
        ("StringEquals", "aws:PrincipalOrgID", "PrincipalOrgID"),
        (
            "StringEquals",
            "lambda:FunctionUrlAuthType",
            "FunctionUrlAuthType",
        ),
    ] {
        if let Some(v) = p.get(prop) {
            // A value known only at deployment still narrows the statement.
            let value = match v.to_json_lossy() {
                Json::String(s) => s,
                other => other.to_string(),
            };
            let entry = condition.entry(op.to_string()).or_insert_with(|| json!({}));
            entry[key] = json!(value);
        }
    }
    let action = p
        .get("Action")
        .and_then(|a| a.string().ok())
        .unwrap_or_else(|| "lambda:InvokeFunction".to_string());
    let mut s = json!({"Sid": sid, "Effect": "Allow", "Principal": principal, "Action": action, "Resource": "*"});
    if !condition.is_empty() {
        s["Condition"] = Json::Object(condition);
    }
    Ok(s)
}

pub(crate) fn adapt(t: &mut Template<'_>) {
    for i in indices(t, "AWS::Lambda::Function") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("FunctionName");
        let f = Function {
            function_name: name.clone(),
            function_arn: decl.logical_id.clone(),
            package_type: match p.get("PackageType") {
                None => Value::Known("Zip".into()),
                Some(v) => super::known(v.string()),
            },
            runtime: match p.get("Runtime") {
                None => Value::Known(None),
                Some(v) => super::known(v.string()).map(Some),
            },
            environment_variable_names: map_keys(
                p.get("Environment").and_then(|e| e.get("Variables")),
            ),
            kms_key_arn: key_property(p, "KmsKeyArn"),
            vpc_subnet_ids: match p.get("VpcConfig").and_then(|v| v.get("SubnetIds")) {
                None => Value::Known(Vec::new()),
                Some(list) => match list.list() {
                    Ok(items) => items
                        .iter()
                        .map(|s| s.id())
                        .collect::<Result<Vec<_>, _>>()
                        .map_or_else(
                            |r| Value::unknown(format!("VpcConfig.SubnetIds: {r}")),
                            Value::Known,
                        ),
                    Err(r) => Value::unknown(format!("VpcConfig.SubnetIds: {r}")),
                },
            },
            tracing_mode: match p.get("TracingConfig").and_then(|c| c.get("Mode")) {
                None => Value::Known("PassThrough".into()),
                Some(v) => super::known(v.string()),
            },
            policy: Value::Known(None),
            url_auth_types: Value::Known(Vec::new()),
            code_signing_config_arn: key_property(p, "CodeSigningConfigArn"),
            role: match p.get("Role") {
                None => Value::unknown("Role is not set"),
                Some(v) => super::known(v.string()),
            },
        };
        let locs = locations(
            t,
            [
                ("runtime", "Runtime"),
                ("environment_variable_names", "Environment"),
                ("kms_key_arn", "KmsKeyArn"),
                ("vpc_subnet_ids", "VpcConfig"),
                ("tracing_mode", "TracingConfig"),
                ("code_signing_config_arn", "CodeSigningConfigArn"),
            ]
            .map(|(k, cfn)| (k.to_string(), p.key_pos(cfn))),
        );
        t.push(i, name, Attributes::LambdaFunction(f), locs);
    }
    for i in indices(t, "AWS::Lambda::Permission") {
        let decl = &t.decls[i];
        let target = decl.props.get("FunctionName").and_then(|v| t.target(v));
        let s = match &decl.existence_unknown {
            Some(why) => Err(format!("the permission may not exist: {why}")),
            None => statement(&decl.props, &decl.logical_id),
        };
        let location = t.location(decl.pos);
        let Some(resource) = target.and_then(|target| t.resource_mut(&target)) else {
            t.unjoined(i, "a function");
            continue;
        };
        resource
            .attribute_locations
            .insert("policy".to_string(), location);
        if let Attributes::LambdaFunction(f) = &mut resource.attributes {
            f.policy = match (std::mem::take(&mut f.policy), s) {
                (Value::Unknown(r), _) | (_, Err(r)) => Value::Unknown(r),
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
    }
    for i in indices(t, "AWS::Lambda::Url") {
        let decl = &t.decls[i];
        let target = decl
            .props
            .get("TargetFunctionArn")
            .and_then(|v| t.target(v));
        let auth = match (&decl.existence_unknown, decl.props.get("AuthType")) {
            (Some(why), _) => Value::Unknown(format!("the function URL may not exist: {why}")),
            (None, None) => {
                Value::unknown(format!("function URL {} has no AuthType", decl.logical_id))
            }
            (None, Some(v)) => super::known(v.string()),
        };
        let location = t.location(decl.pos);
        let Some(resource) = target.and_then(|target| t.resource_mut(&target)) else {
            t.unjoined(i, "a function");
            continue;
        };
        resource
            .attribute_locations
            .insert("url_auth_types".to_string(), location);
        if let Attributes::LambdaFunction(f) = &mut resource.attributes {
            f.url_auth_types = match (std::mem::take(&mut f.url_auth_types), auth) {
                (Value::Known(mut list), Value::Known(a)) => {
                    list.push(a);
                    list.sort();
                    Value::Known(list)
                }
                (Value::Unknown(r), _) | (_, Value::Unknown(r)) => Value::Unknown(r),
            };
        }
    }
}
