//! `Val`: a Terraform value as far as static evaluation (or a plan) can tell.
//!
//! Both front ends (HCL evaluation and plan JSON) produce `Val` trees, and the per-service
//! mappings in `resources/` read only `Val`, so the two differ only in how values are obtained.
//! `Unknown` carries the precise reason ("depends on var.region, which has no value");
//! `Error` is a static evaluation error (a missing attribute, a type mismatch), kept apart
//! from `Unknown` so that `try()` can fall back on errors but not on unknowns.

use std::collections::BTreeMap;

use serde_json::Value as Json;

/// A Terraform value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    /// `null` (or an attribute that is not set).
    Null,
    /// A bool.
    Bool(bool),
    /// A number (Terraform numbers are arbitrary precision; f64 is enough for configuration).
    Number(f64),
    /// A string.
    String(String),
    /// A list, set or tuple.
    List(Vec<Val>),
    /// A map or object (keys sorted, as Terraform sorts them).
    Map(BTreeMap<String, Val>),
    /// Known only at plan or apply time; the reason names what it depends on.
    Unknown(String),
    /// Static evaluation failed (Terraform itself would reject this expression).
    Error(String),
}

impl Val {
    /// Unknown with a reason.
    pub(crate) fn unknown(reason: impl Into<String>) -> Val {
        Val::Unknown(reason.into())
    }

    /// An evaluation error.
    pub(crate) fn error(reason: impl Into<String>) -> Val {
        Val::Error(reason.into())
    }

    /// A string value.
    pub(crate) fn str(s: impl Into<String>) -> Val {
        Val::String(s.into())
    }

    /// The approximate size of this value ([`crate::limits::MAX_VALUE_BYTES`]): bytes of its
    /// strings and keys plus [`crate::limits::VALUE_OVERHEAD_BYTES`] per element. Counting
    /// stops once past `budget` (the result is then `budget + 1`), so it costs at most what
    /// the budget allows however large the value is.
    pub(crate) fn weight(&self, budget: usize) -> usize {
        use crate::limits::VALUE_OVERHEAD_BYTES;
        let mut total = 0usize;
        let mut stack = vec![self];
        while let Some(v) = stack.pop() {
            total = total.saturating_add(VALUE_OVERHEAD_BYTES);
            match v {
                Val::String(s) | Val::Unknown(s) | Val::Error(s) => {
                    total = total.saturating_add(s.len());
                }
                Val::List(items) => stack.extend(items.iter()),
                Val::Map(m) => {
                    for (k, item) in m {
                        total = total.saturating_add(k.len());
                        stack.push(item);
                    }
                }
                Val::Null | Val::Bool(_) | Val::Number(_) => {}
            }
            if total > budget {
                return budget.saturating_add(1);
            }
        }
        total
    }

    /// Whether this is `Unknown` or `Error` (not a usable value).
    pub(crate) fn is_unknown(&self) -> bool {
        matches!(self, Val::Unknown(_) | Val::Error(_))
    }

    /// The reason for an `Unknown` or `Error` value.
    pub(crate) fn unknown_reason(&self) -> Option<String> {
        match self {
            Val::Unknown(r) => Some(r.clone()),
            Val::Error(r) => Some(format!("cannot be evaluated statically: {r}")),
            _ => None,
        }
    }

    /// The first unknown or error reason anywhere inside this value.
    pub(crate) fn deep_unknown(&self) -> Option<String> {
        match self {
            Val::Unknown(_) | Val::Error(_) => self.unknown_reason(),
            Val::List(items) => items.iter().find_map(Val::deep_unknown),
            Val::Map(m) => m.values().find_map(Val::deep_unknown),
            _ => None,
        }
    }

    /// Attribute of an object (`None` when absent or not an object).
    pub(crate) fn get(&self, key: &str) -> Option<&Val> {
        match self {
            Val::Map(m) => m.get(key),
            _ => None,
        }
    }

    /// Whether the value is null.
    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Val::Null)
    }

    /// A short type name for error messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Val::Null => "null",
            Val::Bool(_) => "bool",
            Val::Number(_) => "number",
            Val::String(_) => "string",
            Val::List(_) => "list",
            Val::Map(_) => "object",
            Val::Unknown(_) => "unknown",
            Val::Error(_) => "error",
        }
    }

    /// Truthiness with Terraform's string conversion (`"true"`/`"false"`).
    pub(crate) fn to_bool(&self) -> Result<bool, Val> {
        match self {
            Val::Bool(b) => Ok(*b),
            Val::String(s) if s == "true" => Ok(true),
            Val::String(s) if s == "false" => Ok(false),
            Val::Unknown(_) | Val::Error(_) => Err(self.clone()),
            other => Err(Val::error(format!("a {} is not a bool", other.type_name()))),
        }
    }

    /// Number with Terraform's string conversion.
    pub(crate) fn to_number(&self) -> Result<f64, Val> {
        match self {
            Val::Number(n) => Ok(*n),
            Val::String(s) => s
                .trim()
                .parse::<f64>()
                .map_err(|_| Val::error(format!("{s:?} is not a number"))),
            Val::Unknown(_) | Val::Error(_) => Err(self.clone()),
            other => Err(Val::error(format!(
                "a {} is not a number",
                other.type_name()
            ))),
        }
    }

    /// String with Terraform's conversion of numbers and bools.
    pub(crate) fn to_string_val(&self) -> Result<String, Val> {
        match self {
            Val::String(s) => Ok(s.clone()),
            Val::Number(n) => Ok(format_number(*n)),
            Val::Bool(b) => Ok(b.to_string()),
            Val::Unknown(_) | Val::Error(_) => Err(self.clone()),
            other => Err(Val::error(format!(
                "a {} cannot be converted to a string",
                other.type_name()
            ))),
        }
    }

    /// Convert to JSON; an unknown anywhere inside gives its reason as the error.
    pub(crate) fn to_json(&self) -> Result<Json, String> {
        Ok(match self {
            Val::Null => Json::Null,
            Val::Bool(b) => Json::Bool(*b),
            Val::Number(n) => number_to_json(*n),
            Val::String(s) => Json::String(s.clone()),
            Val::List(items) => Json::Array(
                items
                    .iter()
                    .map(Val::to_json)
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            Val::Map(m) => {
                let mut out = serde_json::Map::new();
                for (k, v) in m {
                    out.insert(k.clone(), v.to_json()?);
                }
                Json::Object(out)
            }
            Val::Unknown(_) | Val::Error(_) => {
                return Err(self.unknown_reason().unwrap_or_default())
            }
        })
    }

    /// Convert from JSON.
    pub(crate) fn from_json(json: &Json) -> Val {
        match json {
            Json::Null => Val::Null,
            Json::Bool(b) => Val::Bool(*b),
            Json::Number(n) => Val::Number(n.as_f64().unwrap_or(0.0)),
            Json::String(s) => Val::String(s.clone()),
            Json::Array(items) => Val::List(items.iter().map(Val::from_json).collect()),
            Json::Object(m) => Val::Map(
                m.iter()
                    .map(|(k, v)| (k.clone(), Val::from_json(v)))
                    .collect(),
            ),
        }
    }
}

/// Terraform prints integral numbers without a fraction.
pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn number_to_json(n: f64) -> Json {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        Json::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Json::Null, Json::Number)
    }
}

/// Terraform equality: numbers and strings compare by value, collections deeply.
pub(crate) fn values_equal(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Number(x), Val::Number(y)) => (x - y).abs() < f64::EPSILON,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_keeps_integers_integral() {
        let v = Val::from_json(&serde_json::json!({"a": [1, "x", true, null]}));
        assert_eq!(
            v.to_json().expect("known"),
            serde_json::json!({"a": [1, "x", true, null]})
        );
    }

    #[test]
    fn unknown_inside_json_reports_its_reason() {
        let v = Val::List(vec![Val::Null, Val::unknown("depends on var.x")]);
        assert_eq!(v.to_json(), Err("depends on var.x".to_string()));
    }

    #[test]
    fn string_conversions_follow_terraform() {
        assert_eq!(Val::str("true").to_bool(), Ok(true));
        assert_eq!(Val::Number(3.0).to_string_val(), Ok("3".to_string()));
        assert!(Val::str("x").to_number().is_err());
    }
}
