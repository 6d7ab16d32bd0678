//! The `Condition` element: operators, set prefixes, `IfExists`, and the missing-key rules.
//!
//! Operators in a block are ANDed, keys under an operator are ANDed, values of one key are
//! ORed. A key the context does not know makes its test Unknown; a key known to be absent
//! follows IAM: a positive operator is false, a negated one (`StringNotEquals`, `NotIpAddress`,
//! `ArnNotLike`, ...) true, `...IfExists` true, `ForAllValues:` true, `ForAnyValue:` false.
//! See <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>
//! and <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>.

use std::net::IpAddr;

use chrono::{DateTime, NaiveDate, Utc};
use ipnet::IpNet;
use serde_json::Value as Json;

use crate::arn::arn_matches;
use crate::context::{Context, Lookup};
use crate::glob::Pattern;
use crate::limits::MAX_CONDITION_VALUES;
use crate::tri::Tri;
use crate::variables::substitute;

/// How a condition compares one request value with one policy value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compare {
    String,
    StringIgnoreCase,
    StringLike,
    Numeric(Order),
    Date(Order),
    Bool,
    Binary,
    Ip,
    Arn,
}

/// The ordering a numeric or date operator asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    Equals,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
}

/// `ForAnyValue:` / `ForAllValues:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SetOp {
    Single,
    Any,
    All,
}

/// A parsed operator name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Operator {
    set: SetOp,
    /// `None` for `Null`.
    compare: Option<Compare>,
    negated: bool,
    if_exists: bool,
}

fn parse_operator(name: &str) -> Option<Operator> {
    let lower = name.to_ascii_lowercase();
    let (set, rest) = if let Some(r) = lower.strip_prefix("foranyvalue:") {
        (SetOp::Any, r)
    } else if let Some(r) = lower.strip_prefix("forallvalues:") {
        (SetOp::All, r)
    } else {
        (SetOp::Single, lower.as_str())
    };
    let (base, if_exists) = match rest.strip_suffix("ifexists") {
        Some(b) if b != "null" => (b, true),
        Some(_) => return None,
        None => (rest, false),
    };
    use Compare::*;
    use Order::*;
    let (compare, negated) = match base {
        "stringequals" => (Some(String), false),
        "stringnotequals" => (Some(String), true),
        "stringequalsignorecase" => (Some(StringIgnoreCase), false),
        "stringnotequalsignorecase" => (Some(StringIgnoreCase), true),
        "stringlike" => (Some(StringLike), false),
        "stringnotlike" => (Some(StringLike), true),
        "numericequals" => (Some(Numeric(Equals)), false),
        "numericnotequals" => (Some(Numeric(Equals)), true),
        "numericlessthan" => (Some(Numeric(LessThan)), false),
        "numericlessthanequals" => (Some(Numeric(LessThanEquals)), false),
        "numericgreaterthan" => (Some(Numeric(GreaterThan)), false),
        "numericgreaterthanequals" => (Some(Numeric(GreaterThanEquals)), false),
        "dateequals" => (Some(Date(Equals)), false),
        "datenotequals" => (Some(Date(Equals)), true),
        "datelessthan" => (Some(Date(LessThan)), false),
        "datelessthanequals" => (Some(Date(LessThanEquals)), false),
        "dategreaterthan" => (Some(Date(GreaterThan)), false),
        "dategreaterthanequals" => (Some(Date(GreaterThanEquals)), false),
        "bool" => (Some(Bool), false),
        "binaryequals" => (Some(Binary), false),
        "ipaddress" => (Some(Ip), false),
        "notipaddress" => (Some(Ip), true),
        "arnequals" | "arnlike" => (Some(Arn), false),
        "arnnotequals" | "arnnotlike" => (Some(Arn), true),
        "null" if set == SetOp::Single => (None, false),
        _ => return None,
    };
    Some(Operator {
        set,
        compare,
        negated,
        if_exists,
    })
}

/// Evaluate a whole `Condition` block. `variables` says whether policy variables are
/// substituted (document `Version` 2012-10-17).
pub fn evaluate(block: &Json, context: &Context, variables: bool) -> Tri {
    let Some(operators) = block.as_object() else {
        return Tri::maybe("the Condition element is not an object");
    };
    Tri::all(operators.iter().map(|(op_name, keys)| {
        let Some(op) = parse_operator(op_name) else {
            return Tri::maybe(format!("condition operator {op_name} is not supported"));
        };
        let Some(keys) = keys.as_object() else {
            return Tri::maybe(format!(
                "condition operator {op_name} does not hold an object"
            ));
        };
        Tri::all(
            keys.iter()
                .map(|(key, values)| evaluate_key(op, op_name, key, values, context, variables)),
        )
    }))
}

/// The policy values of one key as text (`true`, `10` and `"10"` alike).
fn policy_values(values: &Json) -> Result<Vec<String>, String> {
    let one = |v: &Json| match v {
        Json::String(s) => Ok(s.clone()),
        Json::Bool(b) => Ok(b.to_string()),
        Json::Number(n) => Ok(n.to_string()),
        other => Err(format!(
            "condition value {other} is not a string, number or boolean"
        )),
    };
    match values {
        Json::Array(items) if items.len() > MAX_CONDITION_VALUES => Err(format!(
            "{} condition values are over the cap of {MAX_CONDITION_VALUES}",
            items.len()
        )),
        Json::Array(items) => items.iter().map(one).collect(),
        v => one(v).map(|s| vec![s]),
    }
}

fn evaluate_key(
    op: Operator,
    op_name: &str,
    key: &str,
    values: &Json,
    context: &Context,
    variables: bool,
) -> Tri {
    let values = match policy_values(values) {
        Ok(v) => v,
        Err(e) => return Tri::maybe(format!("{op_name} {key}: {e}")),
    };
    let lookup = context.lookup(key);
    let Some(compare) = op.compare else {
        return null_test(key, &values, lookup);
    };
    let found = match lookup {
        Lookup::NotKnown => {
            return Tri::maybe(format!(
                "condition {op_name} reads {key}, which the request context does not say"
            ))
        }
        Lookup::Absent => {
            return Tri::from_bool(match op.set {
                SetOp::All => true,
                SetOp::Any => false,
                SetOp::Single => op.if_exists || op.negated,
            })
        }
        Lookup::Values(v) => v,
    };
    if op.set == SetOp::Single && found.len() > 1 {
        return Tri::maybe(format!(
            "{op_name} is a single-valued operator but {key} has {} values in the request",
            found.len()
        ));
    }
    let compiled: Vec<Result<Compiled, String>> = values
        .iter()
        .map(|v| compile(compare, v, context, variables))
        .collect();
    let one = |value: &String| -> Tri {
        let hit = Tri::any(compiled.iter().map(|c| match c {
            Ok(c) => Tri::from_bool(c.test(value)),
            Err(e) => Tri::maybe(format!("{op_name} {key}: {e}")),
        }));
        if op.negated {
            hit.not()
        } else {
            hit
        }
    };
    match op.set {
        SetOp::Single | SetOp::Any => Tri::any(found.iter().map(one)),
        SetOp::All => Tri::all(found.iter().map(one)),
    }
}

fn null_test(key: &str, values: &[String], lookup: Lookup<'_>) -> Tri {
    let present = match lookup {
        Lookup::NotKnown => {
            return Tri::maybe(format!(
                "condition Null reads {key}, which the request context does not say"
            ))
        }
        Lookup::Absent => false,
        Lookup::Values(_) => true,
    };
    Tri::any(
        values
            .iter()
            .map(|v| match v.to_ascii_lowercase().as_str() {
                "true" => Tri::from_bool(!present),
                "false" => Tri::from_bool(present),
                _ => Tri::maybe(format!("Null {key}: value {v} is not true or false")),
            }),
    )
}

/// One policy value ready to be compared with request values.
enum Compiled {
    Text(Pattern, bool),
    Arn(Pattern),
    Number(f64, Order),
    Date(DateTime<Utc>, Order),
    Bool(bool),
    Binary(String),
    Net(IpNet),
}

fn compile(
    compare: Compare,
    value: &str,
    context: &Context,
    variables: bool,
) -> Result<Compiled, String> {
    Ok(match compare {
        Compare::String => Compiled::Text(substitute(value, context, variables, false)?, false),
        Compare::StringIgnoreCase => {
            Compiled::Text(substitute(value, context, variables, false)?, true)
        }
        Compare::StringLike => Compiled::Text(substitute(value, context, variables, true)?, false),
        Compare::Arn => Compiled::Arn(substitute(value, context, variables, true)?),
        Compare::Numeric(order) => Compiled::Number(
            number(value).ok_or_else(|| format!("{value} is not a number"))?,
            order,
        ),
        Compare::Date(order) => Compiled::Date(
            date(value).ok_or_else(|| format!("{value} is not a date"))?,
            order,
        ),
        Compare::Bool => {
            Compiled::Bool(boolean(value).ok_or_else(|| format!("{value} is not true or false"))?)
        }
        Compare::Binary => Compiled::Binary(value.to_string()),
        Compare::Ip => {
            Compiled::Net(cidr(value).ok_or_else(|| format!("{value} is not an IP range"))?)
        }
    })
}

impl Compiled {
    /// Whether the request value satisfies this policy value (the positive form). A request
    /// value of the wrong type does not match, as in IAM.
    fn test(&self, value: &str) -> bool {
        match self {
            Compiled::Text(p, false) => p.matches(value),
            Compiled::Text(p, true) => p.matches_ignore_case(value),
            Compiled::Arn(p) => arn_matches(p, value),
            Compiled::Number(n, order) => number(value).is_some_and(|v| ordered(v, *n, *order)),
            Compiled::Date(d, order) => date(value).is_some_and(|v| ordered(v, *d, *order)),
            Compiled::Bool(b) => boolean(value) == Some(*b),
            Compiled::Binary(b) => value == b,
            Compiled::Net(net) => value
                .parse::<IpAddr>()
                .ok()
                .or_else(|| cidr(value).map(|n| n.addr()))
                .is_some_and(|ip| net.contains(&ip)),
        }
    }
}

fn ordered<T: PartialOrd>(request: T, policy: T, order: Order) -> bool {
    match order {
        Order::Equals => request == policy,
        Order::LessThan => request < policy,
        Order::LessThanEquals => request <= policy,
        Order::GreaterThan => request > policy,
        Order::GreaterThanEquals => request >= policy,
    }
}

fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

fn boolean(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// ISO 8601 (`2020-01-01T00:00:00Z`, `2020-01-01`) or epoch seconds.
fn date(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(secs) = t.parse::<i64>() {
        return DateTime::from_timestamp(secs, 0);
    }
    if let Ok(d) = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S") {
        return Some(d.and_utc());
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}

/// A CIDR block, or a single address as a /32 or /128.
fn cidr(text: &str) -> Option<IpNet> {
    let t = text.trim();
    t.parse::<IpNet>()
        .ok()
        .or_else(|| t.parse::<IpAddr>().ok().map(IpNet::from))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx() -> Context {
        let mut c = Context::new();
        c.insert("aws:SourceIp", "203.0.113.7")
            .insert("aws:MultiFactorAuthPresent", "true")
            .insert("aws:CurrentTime", "2026-06-01T00:00:00Z")
            .insert("aws:MultiFactorAuthAge", "300")
            .insert("aws:TagKeys", "team")
            .insert("aws:TagKeys", "env")
            .set_absent("aws:SourceVpce");
        c
    }

    fn eval(block: Json) -> Tri {
        evaluate(&block, &ctx(), true)
    }

    #[test]
    fn operators_compare_typed_values() {
        assert_eq!(
            eval(json!({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})),
            Tri::Yes
        );
        assert_eq!(
            eval(json!({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}})),
            Tri::No
        );
        assert_eq!(
            eval(json!({"Bool": {"aws:MultiFactorAuthPresent": true}})),
            Tri::Yes
        );
        assert_eq!(
            eval(json!({"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}})),
            Tri::Yes
        );
        assert_eq!(
            eval(json!({"DateGreaterThan": {"aws:CurrentTime": "2026-01-01"}})),
            Tri::Yes
        );
        assert_eq!(
            eval(json!({"DateLessThan": {"aws:CurrentTime": 1767225600}})),
            Tri::No
        );
    }

    #[test]
    fn missing_keys_follow_the_operator() {
        assert_eq!(
            eval(json!({"StringEquals": {"aws:SourceVpce": "vpce-1"}})),
            Tri::No
        );
        assert_eq!(
            eval(json!({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}})),
            Tri::Yes
        );
        assert_eq!(
            eval(json!({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}})),
            Tri::Yes
        );
        assert_eq!(eval(json!({"Null": {"aws:SourceVpce": "true"}})), Tri::Yes);
        assert_eq!(
            eval(json!({"ForAllValues:StringEquals": {"aws:SourceVpce": "x"}})),
            Tri::Yes
        );
        assert_eq!(
            eval(json!({"ForAnyValue:StringEquals": {"aws:SourceVpce": "x"}})),
            Tri::No
        );
    }

    #[test]
    fn keys_not_known_and_operators_not_supported_are_unknown() {
        assert!(matches!(
            eval(json!({"StringEquals": {"aws:PrincipalOrgID": "o-1"}})),
            Tri::Maybe(_)
        ));
        assert!(matches!(
            eval(json!({"StringSounds": {"aws:SourceIp": "x"}})),
            Tri::Maybe(_)
        ));
        assert!(matches!(
            eval(json!({"NullIfExists": {"aws:SourceIp": "true"}})),
            Tri::Maybe(_)
        ));
    }

    #[test]
    fn set_operators_over_multivalued_keys() {
        let all = json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env", "cost"]}});
        assert_eq!(eval(all), Tri::Yes);
        let all_fail = json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}});
        assert_eq!(eval(all_fail), Tri::No);
        let any = json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}});
        assert_eq!(eval(any), Tri::Yes);
        let single = json!({"StringEquals": {"aws:TagKeys": "env"}});
        assert!(matches!(eval(single), Tri::Maybe(_)));
    }

    #[test]
    fn blocks_and_keys_are_anded_values_ored() {
        let block = json!({
            "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/24"]},
            "Bool": {"aws:MultiFactorAuthPresent": "true"}
        });
        assert_eq!(eval(block), Tri::Yes);
        let block = json!({
            "IpAddress": {"aws:SourceIp": "10.0.0.0/8"},
            "Bool": {"aws:MultiFactorAuthPresent": "true"}
        });
        assert_eq!(eval(block), Tri::No);
    }

    #[test]
    fn condition_values_at_the_cap_are_read_and_past_it_unknown() {
        let values = |n: usize| -> Vec<String> {
            (0..n)
                .map(|i| format!("10.0.{}.{}/32", i / 250, i % 250))
                .collect()
        };
        let mut at = values(MAX_CONDITION_VALUES - 1);
        at.push("203.0.113.0/24".into());
        assert_eq!(eval(json!({"IpAddress": {"aws:SourceIp": at}})), Tri::Yes);
        let mut past = values(MAX_CONDITION_VALUES);
        past.push("203.0.113.0/24".into());
        let t = eval(json!({"IpAddress": {"aws:SourceIp": past}}));
        assert!(t.reasons()[0].contains("over the cap"), "{t:?}");
    }

    #[test]
    fn ipv6_ranges_match() {
        let mut c = Context::new();
        c.insert("aws:SourceIp", "2001:db8::1");
        let block = json!({"IpAddress": {"aws:SourceIp": "2001:db8::/32"}});
        assert_eq!(evaluate(&block, &c, true), Tri::Yes);
    }
}
