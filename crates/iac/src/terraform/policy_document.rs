//! `data "aws_iam_policy_document"` rendered statically, as the AWS provider renders it, so
//! that policies built with it are judged instead of being Unknown.
//!
//! Supported: `version`, `statement` blocks (`sid`, `effect`, `actions`, `not_actions`,
//! `resources`, `not_resources`, `principals`, `not_principals`, `condition`). Documents that
//! merge others (`source_policy_documents`, `override_policy_documents`, the legacy
//! `source_json`/`override_json`) are Unknown: merging by Sid is not reproduced.

use serde_json::{json, Map, Value as Json};

use super::value::Val;

/// Render the evaluated body of the data block into the policy JSON string (or Unknown).
pub(crate) fn render(body: &Val) -> Val {
    for merge in [
        "source_policy_documents",
        "override_policy_documents",
        "source_json",
        "override_json",
    ] {
        if body.get(merge).is_some_and(|v| !v.is_null()) {
            return Val::unknown(format!(
                "the policy document merges {merge}, which is not evaluated statically"
            ));
        }
    }
    match document(body) {
        Ok(doc) => Val::String(doc.to_string()),
        Err(reason) => Val::Unknown(reason),
    }
}

fn document(body: &Val) -> Result<Json, String> {
    let version = match body.get("version") {
        Some(v) => v.to_json()?,
        None => json!("2012-10-17"),
    };
    let mut statements = Vec::new();
    for st in blocks(body.get("statement"))? {
        statements.push(statement(st)?);
    }
    let mut doc = Map::new();
    doc.insert("Version".into(), version);
    doc.insert("Statement".into(), Json::Array(statements));
    Ok(Json::Object(doc))
}

fn blocks(v: Option<&Val>) -> Result<Vec<&Val>, String> {
    match v {
        None | Some(Val::Null) => Ok(Vec::new()),
        Some(Val::List(items)) => Ok(items.iter().collect()),
        Some(m @ Val::Map(_)) => Ok(vec![m]),
        Some(other) => Err(other
            .unknown_reason()
            .unwrap_or_else(|| "a policy statement is not a block".to_string())),
    }
}

/// The provider writes a one-element list as a bare string.
fn string_or_list(v: &Val) -> Result<Json, String> {
    let j = v.to_json()?;
    Ok(match j {
        Json::Array(mut items) if items.len() == 1 => items.remove(0),
        other => other,
    })
}

fn statement(st: &Val) -> Result<Json, String> {
    let mut out = Map::new();
    if let Some(sid) = st.get("sid").filter(|v| !v.is_null()) {
        out.insert("Sid".into(), sid.to_json()?);
    }
    let effect = match st.get("effect") {
        None | Some(Val::Null) => json!("Allow"),
        Some(v) => v.to_json()?,
    };
    out.insert("Effect".into(), effect);
    for (attr, key) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(v) = st.get(attr).filter(|v| !v.is_null()) {
            out.insert(key.into(), string_or_list(v)?);
        }
    }
    for (attr, key) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        let list = blocks(st.get(attr))?;
        if list.is_empty() {
            continue;
        }
        let mut principals = Map::new();
        let mut everyone = false;
        for p in list {
            let ptype = p
                .get("type")
                .ok_or("a principals block has no type")?
                .to_json()?;
            let ids = p
                .get("identifiers")
                .ok_or("a principals block has no identifiers")?;
            let ptype = ptype.as_str().unwrap_or_default().to_string();
            if ptype == "*" {
                everyone = true;
                continue;
            }
            let ids = ids.to_json()?;
            let entry = principals
                .entry(ptype)
                .or_insert_with(|| Json::Array(Vec::new()));
            if let (Json::Array(acc), Json::Array(new)) = (entry, ids) {
                acc.extend(new);
            }
        }
        let value = if everyone && principals.is_empty() {
            json!("*")
        } else {
            Json::Object(
                principals
                    .into_iter()
                    .map(|(k, v)| match v {
                        Json::Array(mut items) if items.len() == 1 => (k, items.remove(0)),
                        other => (k, other),
                    })
                    .collect(),
            )
        };
        out.insert(key.into(), value);
    }
    let conditions = blocks(st.get("condition"))?;
    if !conditions.is_empty() {
        let mut cond = Map::new();
        for c in conditions {
            let test = c.get("test").ok_or("a condition has no test")?.to_json()?;
            let variable = c
                .get("variable")
                .ok_or("a condition has no variable")?
                .to_json()?;
            let values = string_or_list(c.get("values").ok_or("a condition has no values")?)?;
            let test = test.as_str().unwrap_or_default().to_string();
            let variable = variable.as_str().unwrap_or_default().to_string();
            let entry = cond.entry(test).or_insert_with(|| Json::Object(Map::new()));
            if let Json::Object(m) = entry {
                m.insert(variable, values);
            }
        }
        out.insert("Condition".into(), Json::Object(cond));
    }
    Ok(Json::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_statements_like_the_provider() {
        let body = Val::from_json(&json!({
            "statement": [{
                "effect": "Deny",
                "actions": ["s3:*"],
                "resources": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
                "principals": [{"type": "*", "identifiers": ["*"]}],
                "condition": [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]
            }]
        }));
        let Val::String(s) = render(&body) else {
            panic!("known document expected");
        };
        let doc: Json = serde_json::from_str(&s).expect("valid JSON");
        assert_eq!(doc["Statement"][0]["Principal"], json!("*"));
        assert_eq!(doc["Statement"][0]["Action"], json!("s3:*"));
        assert_eq!(
            doc["Statement"][0]["Condition"]["Bool"]["aws:SecureTransport"],
            json!("false")
        );
    }

    #[test]
    fn unknown_inputs_make_the_document_unknown() {
        let body = Val::Map(
            [(
                "statement".to_string(),
                Val::List(vec![Val::Map(
                    [(
                        "actions".to_string(),
                        Val::unknown("depends on var.actions"),
                    )]
                    .into_iter()
                    .collect(),
                )]),
            )]
            .into_iter()
            .collect(),
        );
        assert_eq!(render(&body), Val::unknown("depends on var.actions"));
    }
}
