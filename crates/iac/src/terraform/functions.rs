//! The Terraform functions that configuration commonly uses for security-relevant values.
//!
//! Each function takes evaluated arguments; any unknown argument makes the result unknown with
//! that argument's reason (except where a function does not need it). Functions we do not
//! implement yield Unknown naming the function, never a guess. `try` and `can` are lazy and live
//! in the evaluator.

use std::collections::BTreeMap;

use super::value::{format_number, values_equal, Val};
use crate::limits::{MAX_COLLECTION_ITEMS, MAX_VALUE_BYTES};

/// Call function `name` with evaluated `args`, within [`MAX_VALUE_BYTES`]: arguments or a
/// result over it give Unknown with the reason (Terraform would compute it; we will not hold
/// it), so hostile input cannot exhaust memory by chaining functions (issue 8).
pub(crate) fn call(name: &str, args: Vec<Val>) -> Val {
    let mut budget = MAX_VALUE_BYTES;
    for a in &args {
        let w = a.weight(budget);
        if w > budget {
            return Val::unknown(format!(
                "the arguments of {name}() are over the {MAX_VALUE_BYTES}-byte value limit; \
                 not evaluated"
            ));
        }
        budget -= w;
    }
    let v = call_unbounded(name, args);
    let len = match &v {
        Val::List(items) => items.len(),
        Val::Map(m) => m.len(),
        _ => 0,
    };
    if len > MAX_COLLECTION_ITEMS {
        return Val::unknown(format!(
            "{name}() builds {len} elements, over the limit of {MAX_COLLECTION_ITEMS}; not \
             evaluated"
        ));
    }
    if v.weight(MAX_VALUE_BYTES) > MAX_VALUE_BYTES {
        return Val::unknown(format!(
            "{name}() builds a value over the {MAX_VALUE_BYTES}-byte value limit; not evaluated"
        ));
    }
    v
}

/// [`call`] without the size checks.
fn call_unbounded(name: &str, args: Vec<Val>) -> Val {
    // Functions that tolerate unknown or null arguments.
    match name {
        "coalesce" => {
            for a in &args {
                match a {
                    Val::Null => continue,
                    Val::String(s) if s.is_empty() => continue,
                    Val::Unknown(_) | Val::Error(_) => return a.clone(),
                    other => return other.clone(),
                }
            }
            return Val::error("coalesce(): no non-null argument");
        }
        "coalescelist" => {
            for a in &args {
                match a {
                    Val::List(items) if items.is_empty() => continue,
                    other => return other.clone(),
                }
            }
            return Val::error("coalescelist(): no non-empty argument");
        }
        "length" => {
            return match args.first() {
                Some(Val::List(items)) => Val::Number(items.len() as f64),
                Some(Val::Map(m)) => Val::Number(m.len() as f64),
                Some(Val::String(s)) => Val::Number(s.chars().count() as f64),
                Some(v) if v.is_unknown() => v.clone(),
                _ => Val::error("length() needs a collection or string"),
            }
        }
        "jsonencode" => {
            return match args.first() {
                Some(v) => match v.to_json() {
                    Ok(j) => Val::String(j.to_string()),
                    Err(reason) => Val::Unknown(reason),
                },
                None => Val::error("jsonencode() needs one argument"),
            }
        }
        _ => {}
    }
    if let Some(u) = args.iter().find(|a| a.is_unknown()) {
        return u.clone();
    }
    match name {
        "jsondecode" => str_arg(&args, 0).map_or_else(
            |e| e,
            |s| match serde_json::from_str::<serde_json::Value>(&s) {
                Ok(j) => Val::from_json(&j),
                Err(e) => Val::error(format!("jsondecode(): {e}")),
            },
        ),
        "concat" => {
            let mut out = Vec::new();
            for a in args {
                match a {
                    Val::List(items) => out.extend(items),
                    other => {
                        return Val::error(format!("concat(): {} is not a list", other.type_name()))
                    }
                }
            }
            Val::List(out)
        }
        "merge" => {
            let mut out = BTreeMap::new();
            for a in args {
                match a {
                    Val::Map(m) => out.extend(m),
                    Val::Null => {}
                    other => {
                        return Val::error(format!("merge(): {} is not a map", other.type_name()))
                    }
                }
            }
            Val::Map(out)
        }
        "lookup" => match (args.first(), args.get(1)) {
            (Some(Val::Map(m)), Some(k)) => match k.to_string_val() {
                Ok(k) => m
                    .get(&k)
                    .cloned()
                    .or_else(|| args.get(2).cloned())
                    .unwrap_or_else(|| Val::error(format!("lookup(): no key {k:?}"))),
                Err(e) => e,
            },
            _ => Val::error("lookup() needs a map and a key"),
        },
        "format" => format(&args),
        "formatlist" => Val::unknown("formatlist() is not evaluated statically"),
        "tostring" => match args.first() {
            Some(Val::Null) => Val::Null,
            Some(v) => v.to_string_val().map_or_else(|e| e, Val::String),
            None => Val::error("tostring() needs one argument"),
        },
        "tonumber" => match args.first() {
            Some(Val::Null) => Val::Null,
            Some(v) => v.to_number().map_or_else(|e| e, Val::Number),
            None => Val::error("tonumber() needs one argument"),
        },
        "tobool" => match args.first() {
            Some(Val::Null) => Val::Null,
            Some(v) => v.to_bool().map_or_else(|e| e, Val::Bool),
            None => Val::error("tobool() needs one argument"),
        },
        "tolist" | "toset" => match args.into_iter().next() {
            Some(Val::List(mut items)) => {
                if name == "toset" {
                    dedup(&mut items);
                }
                Val::List(items)
            }
            Some(other) => Val::error(format!("{name}(): {} is not a list", other.type_name())),
            None => Val::error(format!("{name}() needs one argument")),
        },
        "tomap" => match args.into_iter().next() {
            Some(m @ Val::Map(_)) => m,
            _ => Val::error("tomap() needs an object"),
        },
        "element" => match (args.first(), args.get(1).map(Val::to_number)) {
            (Some(Val::List(items)), Some(Ok(i))) if !items.is_empty() && i >= 0.0 => {
                items[(i as usize) % items.len()].clone()
            }
            _ => Val::error("element() needs a non-empty list and an index"),
        },
        "lower" | "upper" | "trimspace" | "title" => str_arg(&args, 0).map_or_else(
            |e| e,
            |s| {
                Val::String(match name {
                    "lower" => s.to_lowercase(),
                    "upper" => s.to_uppercase(),
                    "trimspace" => s.trim().to_string(),
                    _ => title(&s),
                })
            },
        ),
        "join" => match (str_arg(&args, 0), args.get(1)) {
            (Ok(sep), Some(Val::List(_))) => {
                let mut parts = Vec::new();
                for list in &args[1..] {
                    let Val::List(items) = list else {
                        return Val::error("join() needs lists");
                    };
                    for item in items {
                        match item.to_string_val() {
                            Ok(s) => parts.push(s),
                            Err(e) => return e,
                        }
                    }
                }
                Val::String(parts.join(&sep))
            }
            _ => Val::error("join() needs a separator and a list"),
        },
        "split" => match (str_arg(&args, 0), str_arg(&args, 1)) {
            (Ok(sep), Ok(s)) if !sep.is_empty() => {
                Val::List(s.split(sep.as_str()).map(Val::str).collect())
            }
            _ => Val::error("split() needs a separator and a string"),
        },
        "replace" => match (str_arg(&args, 0), str_arg(&args, 1), str_arg(&args, 2)) {
            (Ok(s), Ok(from), Ok(to)) => {
                if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
                    Val::unknown("replace() with a regular expression is not evaluated statically")
                } else if from.is_empty() {
                    Val::String(s)
                } else if s
                    .matches(from.as_str())
                    .count()
                    .saturating_mul(to.len())
                    .saturating_add(s.len())
                    > MAX_VALUE_BYTES
                {
                    // Each match may grow: the output is checked before it is built.
                    Val::unknown(format!(
                        "replace() would build a string over the {MAX_VALUE_BYTES}-byte value \
                         limit; not evaluated"
                    ))
                } else {
                    Val::String(s.replace(&from, &to))
                }
            }
            _ => Val::error("replace() needs three strings"),
        },
        "substr" => match (
            str_arg(&args, 0),
            args.get(1).map(Val::to_number),
            args.get(2).map(Val::to_number),
        ) {
            (Ok(s), Some(Ok(off)), Some(Ok(len))) => {
                let chars: Vec<char> = s.chars().collect();
                let start = (off.max(0.0) as usize).min(chars.len());
                let end = if len < 0.0 {
                    chars.len()
                } else {
                    start.saturating_add(len as usize).min(chars.len())
                };
                Val::String(chars[start..end].iter().collect())
            }
            _ => Val::error("substr() needs a string, an offset and a length"),
        },
        "contains" => match (args.first(), args.get(1)) {
            (Some(Val::List(items)), Some(v)) => {
                Val::Bool(items.iter().any(|i| values_equal(i, v)))
            }
            _ => Val::error("contains() needs a list and a value"),
        },
        "startswith" | "endswith" => match (str_arg(&args, 0), str_arg(&args, 1)) {
            (Ok(s), Ok(p)) => Val::Bool(if name == "startswith" {
                s.starts_with(&p)
            } else {
                s.ends_with(&p)
            }),
            _ => Val::error(format!("{name}() needs two strings")),
        },
        "keys" | "values" => match args.into_iter().next() {
            Some(Val::Map(m)) => Val::List(if name == "keys" {
                m.into_keys().map(Val::String).collect()
            } else {
                m.into_values().collect()
            }),
            _ => Val::error(format!("{name}() needs a map")),
        },
        "flatten" => {
            fn flat(v: Val, out: &mut Vec<Val>) {
                match v {
                    Val::List(items) => items.into_iter().for_each(|i| flat(i, out)),
                    other => out.push(other),
                }
            }
            let mut out = Vec::new();
            for a in args {
                flat(a, &mut out);
            }
            Val::List(out)
        }
        "distinct" => match args.into_iter().next() {
            Some(Val::List(mut items)) => {
                dedup(&mut items);
                Val::List(items)
            }
            _ => Val::error("distinct() needs a list"),
        },
        "compact" => match args.into_iter().next() {
            Some(Val::List(items)) => Val::List(
                items
                    .into_iter()
                    .filter(|i| {
                        !matches!(i, Val::Null) && !matches!(i, Val::String(s) if s.is_empty())
                    })
                    .collect(),
            ),
            _ => Val::error("compact() needs a list"),
        },
        "zipmap" => match (args.first(), args.get(1)) {
            (Some(Val::List(k)), Some(Val::List(v))) if k.len() == v.len() => {
                let mut out = BTreeMap::new();
                for (k, v) in k.iter().zip(v) {
                    match k.to_string_val() {
                        Ok(k) => {
                            out.insert(k, v.clone());
                        }
                        Err(e) => return e,
                    }
                }
                Val::Map(out)
            }
            _ => Val::error("zipmap() needs two lists of equal length"),
        },
        "range" => {
            let nums: Result<Vec<f64>, Val> = args.iter().map(Val::to_number).collect();
            match nums.as_deref() {
                Ok([end]) => range(0.0, *end, 1.0),
                Ok([start, end]) => range(*start, *end, if end >= start { 1.0 } else { -1.0 }),
                Ok([start, end, step]) => range(*start, *end, *step),
                Ok(_) => Val::error("range() needs one to three numbers"),
                Err(e) => e.clone(),
            }
        }
        "min" | "max" => {
            let nums: Result<Vec<f64>, Val> = args.iter().map(Val::to_number).collect();
            match nums {
                Ok(n) if !n.is_empty() => Val::Number(if name == "min" {
                    n.into_iter().fold(f64::INFINITY, f64::min)
                } else {
                    n.into_iter().fold(f64::NEG_INFINITY, f64::max)
                }),
                Ok(_) => Val::error(format!("{name}() needs numbers")),
                Err(e) => e,
            }
        }
        "abs" | "floor" | "ceil" => match args.first().map(Val::to_number) {
            Some(Ok(n)) => Val::Number(match name {
                "abs" => n.abs(),
                "floor" => n.floor(),
                _ => n.ceil(),
            }),
            _ => Val::error(format!("{name}() needs a number")),
        },
        "one" => match args.into_iter().next() {
            Some(Val::List(items)) if items.len() <= 1 => {
                items.into_iter().next().unwrap_or(Val::Null)
            }
            _ => Val::error("one() needs a list of at most one element"),
        },
        "sensitive" | "nonsensitive" => args.into_iter().next().unwrap_or(Val::Null),
        "sort" => match args.into_iter().next() {
            Some(Val::List(items)) => {
                let mut strs = Vec::with_capacity(items.len());
                for i in &items {
                    match i.to_string_val() {
                        Ok(s) => strs.push(s),
                        Err(e) => return e,
                    }
                }
                strs.sort();
                Val::List(strs.into_iter().map(Val::String).collect())
            }
            _ => Val::error("sort() needs a list of strings"),
        },
        "reverse" => match args.into_iter().next() {
            Some(Val::List(mut items)) => {
                items.reverse();
                Val::List(items)
            }
            _ => Val::error("reverse() needs a list"),
        },
        "slice" => match (
            args.first(),
            args.get(1).map(Val::to_number),
            args.get(2).map(Val::to_number),
        ) {
            (Some(Val::List(items)), Some(Ok(from)), Some(Ok(to)))
                if from >= 0.0 && to >= from && (to as usize) <= items.len() =>
            {
                Val::List(items[from as usize..to as usize].to_vec())
            }
            _ => Val::error("slice() needs a list and a valid range"),
        },
        "setunion" | "setintersection" | "setsubtract" => {
            let mut lists = Vec::new();
            for a in args {
                match a {
                    Val::List(items) => lists.push(items),
                    other => {
                        return Val::error(format!("{name}(): {} is not a set", other.type_name()))
                    }
                }
            }
            let mut iter = lists.into_iter();
            let mut acc = iter.next().unwrap_or_default();
            for next in iter {
                acc = match name {
                    "setunion" => {
                        acc.extend(next);
                        acc
                    }
                    "setintersection" => acc.into_iter().filter(|i| next.contains(i)).collect(),
                    _ => acc.into_iter().filter(|i| !next.contains(i)).collect(),
                };
            }
            dedup(&mut acc);
            Val::List(acc)
        }
        "index" => match (args.first(), args.get(1)) {
            (Some(Val::List(items)), Some(v)) => {
                items.iter().position(|i| values_equal(i, v)).map_or_else(
                    || Val::error("index(): value not in list"),
                    |p| Val::Number(p as f64),
                )
            }
            _ => Val::error("index() needs a list and a value"),
        },
        "sum" => match args.first() {
            Some(Val::List(items)) => {
                let mut total = 0.0;
                for i in items {
                    match i.to_number() {
                        Ok(n) => total += n,
                        Err(e) => return e,
                    }
                }
                Val::Number(total)
            }
            _ => Val::error("sum() needs a list of numbers"),
        },
        "alltrue" | "anytrue" => match args.first() {
            Some(Val::List(items)) => {
                let mut bools = Vec::with_capacity(items.len());
                for i in items {
                    match i.to_bool() {
                        Ok(b) => bools.push(b),
                        Err(e) => return e,
                    }
                }
                Val::Bool(if name == "alltrue" {
                    bools.iter().all(|b| *b)
                } else {
                    bools.iter().any(|b| *b)
                })
            }
            _ => Val::error(format!("{name}() needs a list of bools")),
        },
        "trimprefix" | "trimsuffix" => match (str_arg(&args, 0), str_arg(&args, 1)) {
            (Ok(s), Ok(affix)) => Val::String(if name == "trimprefix" {
                s.strip_prefix(affix.as_str()).unwrap_or(&s).to_string()
            } else {
                s.strip_suffix(affix.as_str()).unwrap_or(&s).to_string()
            }),
            _ => Val::error(format!("{name}() needs two strings")),
        },
        "trim" => match (str_arg(&args, 0), str_arg(&args, 1)) {
            (Ok(s), Ok(chars)) => Val::String(s.trim_matches(|c| chars.contains(c)).to_string()),
            _ => Val::error("trim() needs two strings"),
        },
        "chomp" => str_arg(&args, 0).map_or_else(
            |e| e,
            |s| Val::String(s.trim_end_matches(['\n', '\r']).to_string()),
        ),
        "strrev" => {
            str_arg(&args, 0).map_or_else(|e| e, |s| Val::String(s.chars().rev().collect()))
        }
        "cidrsubnet" => cidrsubnet(&args),
        "base64encode" => str_arg(&args, 0).map_or_else(|e| e, |s| Val::String(base64(&s))),
        other => Val::unknown(format!("function {other}() is not evaluated statically")),
    }
}

fn str_arg(args: &[Val], i: usize) -> Result<String, Val> {
    match args.get(i) {
        Some(v) => v.to_string_val(),
        None => Err(Val::error(format!("missing argument {}", i + 1))),
    }
}

fn dedup(items: &mut Vec<Val>) {
    let mut out: Vec<Val> = Vec::with_capacity(items.len());
    for i in items.drain(..) {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    *items = out;
}

fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c.is_whitespace();
    }
    out
}

/// `range(start, end, step)`. The length is computed before anything is built: over
/// [`MAX_COLLECTION_ITEMS`] elements is Unknown (Terraform would build it; `range(1e9)` must
/// not take gigabytes here), and elements are `start + i * step`, so a step too small to move
/// a float cannot loop forever.
fn range(start: f64, end: f64, step: f64) -> Val {
    if step == 0.0 || !step.is_finite() || !start.is_finite() || !end.is_finite() {
        return Val::error("range(): the arguments must be finite and the step not zero");
    }
    let span = (end - start) / step;
    if span <= 0.0 {
        return Val::List(Vec::new());
    }
    let len = span.ceil();
    if len.is_nan() || len > MAX_COLLECTION_ITEMS as f64 {
        return Val::unknown(format!(
            "range() of {len} elements is over the limit of {MAX_COLLECTION_ITEMS}; not evaluated"
        ));
    }
    Val::List(
        (0..len as usize)
            .map(|i| Val::Number(start + i as f64 * step))
            .collect(),
    )
}

/// `format` with the verbs configuration uses: `%s`, `%d`, `%v`, `%q`, `%%`.
fn format(args: &[Val]) -> Val {
    let fmt = match str_arg(args, 0) {
        Ok(f) => f,
        Err(e) => return e,
    };
    let mut out = String::new();
    let mut next = 1;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        // Skip flags and width, keep the verb.
        let mut verb = None;
        for v in chars.by_ref() {
            if v.is_ascii_alphabetic() || v == '%' {
                verb = Some(v);
                break;
            }
        }
        match verb {
            Some('%') => out.push('%'),
            Some(v) => {
                let Some(arg) = args.get(next) else {
                    return Val::error("format(): too few arguments");
                };
                next += 1;
                match (v, arg) {
                    ('d', a) => match a.to_number() {
                        Ok(n) => out.push_str(&format_number(n.trunc())),
                        Err(e) => return e,
                    },
                    ('q', a) => match a.to_string_val() {
                        Ok(s) => out.push_str(&format!("{s:?}")),
                        Err(e) => return e,
                    },
                    (_, a @ (Val::List(_) | Val::Map(_))) => match a.to_json() {
                        Ok(j) => out.push_str(&j.to_string()),
                        Err(r) => return Val::Unknown(r),
                    },
                    (_, a) => match a.to_string_val() {
                        Ok(s) => out.push_str(&s),
                        Err(e) => return e,
                    },
                }
            }
            None => return Val::error("format(): dangling %"),
        }
    }
    Val::String(out)
}

fn cidrsubnet(args: &[Val]) -> Val {
    let (Ok(prefix), Some(Ok(newbits)), Some(Ok(netnum))) = (
        str_arg(args, 0),
        args.get(1).map(Val::to_number),
        args.get(2).map(Val::to_number),
    ) else {
        return Val::error("cidrsubnet() needs a prefix, newbits and netnum");
    };
    let Some((addr, len)) = prefix.split_once('/') else {
        return Val::error(format!("cidrsubnet(): {prefix:?} is not a CIDR"));
    };
    let (Ok(ip), Ok(len)) = (addr.parse::<std::net::Ipv4Addr>(), len.parse::<u32>()) else {
        return Val::unknown("cidrsubnet() over IPv6 is not evaluated statically");
    };
    if !(0.0..=32.0).contains(&newbits) || len > 32 {
        return Val::error("cidrsubnet(): prefix extension out of range");
    }
    let newlen = len + newbits as u32;
    if newlen > 32 || netnum < 0.0 || (netnum as u64) >= (1u64 << newbits as u32) {
        return Val::error("cidrsubnet(): prefix extension out of range");
    }
    let base = u32::from(ip) & if len == 0 { 0 } else { u32::MAX << (32 - len) };
    let shift = 32 - newlen;
    let net = base | ((netnum as u32).checked_shl(shift).unwrap_or(0));
    Val::String(format!("{}/{}", std::net::Ipv4Addr::from(net), newlen))
}

fn base64(s: &str) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Val {
        Val::str(v)
    }

    #[test]
    fn cidrsubnet_matches_terraform() {
        assert_eq!(
            call(
                "cidrsubnet",
                vec![s("10.0.0.0/16"), Val::Number(8.0), Val::Number(2.0)]
            ),
            s("10.0.2.0/24")
        );
    }

    #[test]
    fn hostile_numbers_do_not_overflow() {
        assert!(matches!(
            call(
                "cidrsubnet",
                vec![s("10.0.0.0/16"), Val::Number(5e9), Val::Number(1.0)]
            ),
            Val::Error(_)
        ));
        assert_eq!(
            call(
                "substr",
                vec![s("abc"), Val::Number(1.0), Val::Number(1e30)]
            ),
            s("bc")
        );
        // Over the collection limit: Terraform would build it, so Unknown, not an error.
        assert!(matches!(
            call("range", vec![Val::Number(1e12)]),
            Val::Unknown(_)
        ));
    }

    #[test]
    fn format_and_join() {
        assert_eq!(
            call("format", vec![s("arn:aws:s3:::%s/*"), s("logs")]),
            s("arn:aws:s3:::logs/*")
        );
        assert_eq!(
            call(
                "join",
                vec![s(","), Val::List(vec![s("a"), Val::Number(1.0)])]
            ),
            s("a,1")
        );
    }

    #[test]
    fn unknown_argument_makes_unknown_result() {
        let u = Val::unknown("depends on var.x, which has no value");
        assert_eq!(call("upper", vec![u.clone()]), u);
        assert_eq!(call("coalesce", vec![Val::Null, s("a")]), s("a"));
    }

    #[test]
    fn set_and_list_functions() {
        let l = |v: &[&str]| Val::List(v.iter().map(|x| s(x)).collect());
        assert_eq!(
            call("setunion", vec![l(&["a", "b"]), l(&["b", "c"])]),
            l(&["a", "b", "c"])
        );
        assert_eq!(
            call("setsubtract", vec![l(&["a", "b"]), l(&["b"])]),
            l(&["a"])
        );
        assert_eq!(call("sort", vec![l(&["b", "a"])]), l(&["a", "b"]));
        assert_eq!(call("trimprefix", vec![s("arn:x"), s("arn:")]), s("x"));
        assert_eq!(call("chomp", vec![s("x\n")]), s("x"));
        assert_eq!(call("sensitive", vec![s("x")]), s("x"));
    }

    #[test]
    fn unimplemented_function_is_unknown_not_a_guess() {
        assert!(matches!(
            call("filebase64sha256", vec![s("x")]),
            Val::Unknown(_)
        ));
    }

    #[test]
    fn jsonencode_sorts_keys_like_terraform() {
        let mut m = BTreeMap::new();
        m.insert("b".to_string(), Val::Number(1.0));
        m.insert("a".to_string(), Val::Bool(true));
        assert_eq!(
            call("jsonencode", vec![Val::Map(m)]),
            s(r#"{"a":true,"b":1}"#)
        );
    }
}
