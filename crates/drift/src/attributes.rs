//! Attribute comparison over the model's JSON form.
//!
//! The typed attributes rules read are the model's `Value<T>` fields, which serialise as
//! `{"known": …}` or `{"unknown": "reason"}` under their AWS names (`encrypted`, `ingress`,
//! `public_access_block`): so one generic walk over `serde_json` gives readable names for
//! every kind, and a new model field is compared without a line here. Plain fields (ids,
//! names, creation metadata) identify a resource rather than configure it and are not
//! compared. Lists are compared as multisets, so a rule added by hand is "present live,
//! absent in code" rather than a whole-list difference.

use cloudward_model::Resource;
use serde_json::Value as Json;

use crate::report::{AttributeNotCompared, Change, Difference};

/// Deepest nesting of plain (non-`Value`) objects searched for `Value` fields; model structs
/// nest two or three levels.
const MAX_DEPTH: usize = 16;

/// What one comparison of two resources' attributes found.
#[derive(Debug, Default)]
pub(crate) struct Compared {
    pub differences: Vec<Difference>,
    pub not_compared: Vec<AttributeNotCompared>,
    /// Attributes compared and found equal.
    pub same: usize,
}

/// Compare the attributes of the code side (already rewritten to live ids) with the live
/// side. Both are the JSON form of `Attributes` of one kind.
pub(crate) fn compare(code: &Json, live: &Json) -> Compared {
    let mut out = Compared::default();
    walk(code, live, "", 0, &mut out);
    out
}

fn walk(code: &Json, live: &Json, path: &str, depth: usize, out: &mut Compared) {
    let (Json::Object(c), Json::Object(l)) = (code, live) else {
        return;
    };
    for (key, c_value) in c {
        if path.is_empty() && key == "kind" {
            continue;
        }
        let name = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        let l_value = l.get(key).unwrap_or(&Json::Null);
        match (value_of(c_value), value_of(l_value)) {
            (Some(c_v), Some(l_v)) => compare_values(&name, c_v, l_v, out),
            (Some(_), None) => {
                // The live side lacks the field (a snapshot of an older format): not compared.
                out.not_compared.push(AttributeNotCompared {
                    attribute: name,
                    reason: "not in the live record".to_string(),
                });
            }
            (None, _) if c_value.is_object() && depth < MAX_DEPTH => {
                walk(c_value, l_value, &name, depth + 1, out);
            }
            (None, _) => {}
        }
    }
}

/// A `Value<T>` field: `Ok(value)` when known, `Err(reason)` when unknown.
type Side<'a> = Result<&'a Json, &'a str>;

fn value_of(v: &Json) -> Option<Side<'_>> {
    let Json::Object(m) = v else { return None };
    if m.len() != 1 {
        return None;
    }
    if let Some(known) = m.get("known") {
        return Some(Ok(known));
    }
    m.get("unknown").and_then(Json::as_str).map(Err)
}

fn compare_values(name: &str, code: Side<'_>, live: Side<'_>, out: &mut Compared) {
    let (code, live) = match (code, live) {
        (Ok(c), Ok(l)) => (c, l),
        (Err(why), _) => {
            out.not_compared.push(AttributeNotCompared {
                attribute: name.to_string(),
                reason: format!("unknown in code: {why}"),
            });
            return;
        }
        (Ok(_), Err(why)) => {
            out.not_compared.push(AttributeNotCompared {
                attribute: name.to_string(),
                reason: format!("unknown live: {why}"),
            });
            return;
        }
    };
    if code == live {
        out.same = out.same.saturating_add(1);
        return;
    }
    let change = match (code, live) {
        (Json::Array(c), Json::Array(l)) => {
            let (only_code, only_live) = multiset_difference(c, l);
            Change::Items {
                only_code,
                only_live,
            }
        }
        _ => Change::Value {
            code: code.clone(),
            live: live.clone(),
        },
    };
    out.differences.push(Difference {
        attribute: name.to_string(),
        change,
    });
}

/// Items of `code` not in `live` and of `live` not in `code`, counting repeats; by their
/// canonical JSON text (serde_json maps are sorted), in O(n log n).
fn multiset_difference(code: &[Json], live: &[Json]) -> (Vec<Json>, Vec<Json>) {
    let keyed = |items: &[Json]| {
        let mut v: Vec<(String, Json)> = items.iter().map(|j| (j.to_string(), j.clone())).collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    let (c, l) = (keyed(code), keyed(live));
    let (mut i, mut j) = (0, 0);
    let (mut only_code, mut only_live) = (Vec::new(), Vec::new());
    while i < c.len() || j < l.len() {
        match (c.get(i), l.get(j)) {
            (Some(a), Some(b)) if a.0 == b.0 => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a.0 < b.0 => {
                only_code.push(a.1.clone());
                i += 1;
            }
            (Some(_), Some(b)) => {
                only_live.push(b.1.clone());
                j += 1;
            }
            (Some(a), None) => {
                only_code.push(a.1.clone());
                i += 1;
            }
            (None, Some(b)) => {
                only_live.push(b.1.clone());
                j += 1;
            }
            (None, None) => break,
        }
    }
    (only_code, only_live)
}

/// Compare the tags (which tag rules read) as `key=value` items. Tags unknown on either side
/// are not compared; AWS's own `aws:` tags are not something code can set.
pub(crate) fn compare_tags(code: &Resource, live: &Resource, out: &mut Compared) {
    let reason = match (&code.tags_unknown, &live.tags_unknown) {
        (Some(why), _) => Some(format!("unknown in code: {why}")),
        (None, Some(why)) => Some(format!("unknown live: {why}")),
        (None, None) => None,
    };
    if let Some(reason) = reason {
        out.not_compared.push(AttributeNotCompared {
            attribute: "tags".to_string(),
            reason,
        });
        return;
    }
    let items = |r: &Resource| -> Vec<Json> {
        r.tags
            .iter()
            .filter(|(k, _)| !k.starts_with("aws:"))
            .map(|(k, v)| Json::String(format!("{k}={v}")))
            .collect()
    };
    let (c, l) = (items(code), items(live));
    if c == l {
        out.same = out.same.saturating_add(1);
        return;
    }
    let (only_code, only_live) = multiset_difference(&c, &l);
    out.differences.push(Difference {
        attribute: "tags".to_string(),
        change: Change::Items {
            only_code,
            only_live,
        },
    });
}

/// Rewrite every string equal to a symbolic id the adapter gave (an address, `igw-` plus an
/// address, `ADDRESS.arn`) to the live id the state holds, so that references compare with
/// what AWS returns. Exact strings only; depth bounded by the model's own nesting.
pub(crate) fn rewrite(value: &mut Json, lookup: &dyn Fn(&str) -> Option<String>) {
    match value {
        Json::String(s) => {
            if let Some(real) = lookup(s) {
                *s = real;
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|v| rewrite(v, lookup)),
        Json::Object(map) => map.values_mut().for_each(|v| rewrite(v, lookup)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn known_values_compare_and_unknown_ones_are_not_compared_with_the_reason() {
        let code = json!({"kind": "ec2_volume", "volume_id": "vol-1", "encrypted": {"known": true},
                          "size": 8, "tags_x": {"unknown": "depends on var.x"}});
        let live = json!({"kind": "ec2_volume", "volume_id": "vol-1", "encrypted": {"known": false},
                          "size": 16, "tags_x": {"known": "a"}});
        let c = compare(&code, &live);
        assert_eq!(
            c.differences.len(),
            1,
            "plain fields (size) are not compared"
        );
        assert_eq!(c.differences[0].attribute, "encrypted");
        assert_eq!(
            c.differences[0].change,
            Change::Value {
                code: json!(true),
                live: json!(false)
            }
        );
        assert_eq!(c.not_compared[0].attribute, "tags_x");
        assert_eq!(
            c.not_compared[0].reason,
            "unknown in code: depends on var.x"
        );
        let live_unknown = json!({"encrypted": {"unknown": "AccessDenied"}});
        let c = compare(&json!({"encrypted": {"known": true}}), &live_unknown);
        assert_eq!(c.not_compared[0].reason, "unknown live: AccessDenied");
        assert_eq!(c.same, 0);
    }

    #[test]
    fn lists_differ_by_items_counting_repeats() {
        let rule = |port: i32| json!({"ip_protocol": "tcp", "from_port": port, "to_port": port});
        let code = json!({"ingress": {"known": [rule(443), rule(80), rule(80)]}});
        let live = json!({"ingress": {"known": [rule(22), rule(80), rule(443)]}});
        let c = compare(&code, &live);
        assert_eq!(
            c.differences[0].change,
            Change::Items {
                only_code: vec![rule(80)],
                only_live: vec![rule(22)]
            }
        );
    }

    #[test]
    fn value_fields_inside_plain_objects_are_found_by_path() {
        let code = json!({"metadata_options": {"http_tokens": {"known": "required"}}});
        let live = json!({"metadata_options": {"http_tokens": {"known": "optional"}}});
        let c = compare(&code, &live);
        assert_eq!(c.differences[0].attribute, "metadata_options.http_tokens");
        let c = compare(&json!({"a": {"known": 1}}), &json!({}));
        assert_eq!(c.not_compared[0].reason, "not in the live record");
    }

    #[test]
    fn tags_compare_as_items_and_unknown_tags_are_not_compared() {
        use cloudward_model::test_support::resource;
        use cloudward_model::{ec2::Volume, Attributes};
        let mut code = resource("v", Attributes::Ec2Volume(Volume::default()));
        code.tags = [("Owner".to_string(), "data".to_string())].into();
        let mut live = code.clone();
        live.tags = [
            ("Owner".to_string(), "someone".to_string()),
            ("aws:createdBy".to_string(), "x".to_string()),
        ]
        .into();
        let mut c = Compared::default();
        compare_tags(&code, &live, &mut c);
        assert_eq!(
            c.differences[0].change,
            Change::Items {
                only_code: vec![json!("Owner=data")],
                only_live: vec![json!("Owner=someone")]
            }
        );
        live.tags_unknown = Some("tags are not read".into());
        let mut c = Compared::default();
        compare_tags(&code, &live, &mut c);
        assert!(c.differences.is_empty());
        assert_eq!(c.not_compared[0].reason, "unknown live: tags are not read");
    }

    #[test]
    fn symbolic_ids_are_rewritten_exactly() {
        let mut v = json!({"vpc_id": "aws_vpc.main", "peers": ["aws_vpc.main", "aws_vpc.main2"]});
        rewrite(&mut v, &|s| {
            (s == "aws_vpc.main").then(|| "vpc-1".to_string())
        });
        assert_eq!(
            v,
            json!({"vpc_id": "vpc-1", "peers": ["vpc-1", "aws_vpc.main2"]})
        );
    }
}
