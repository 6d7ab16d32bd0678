//! `terraform show -json` plans: `planned_values` (root and child modules) give each managed
//! resource's values; `resource_changes[].change.after_unknown` marks the values known only
//! after apply, which become `Unknown`; `configuration` gives the references behind unknown
//! join keys (`bucket = aws_s3_bucket.b.id`), so split resources still find their parent by
//! the same symbolic ids the HCL front end uses, and the provider region.
//!
//! Plans written by PowerShell redirection are UTF-16 with a BOM, and some tools add a UTF-8
//! BOM: both are read. A file that is not a plan is one error diagnostic naming it.

use std::collections::{BTreeMap, HashMap};

use cloudward_model::Location;
use serde_json::Value as Json;

use super::config::LineIndex;
use super::module::{route_target_prefix, Instance};
use super::value::Val;
use crate::{Diagnostic, DiagnosticLevel, Unjudged};

/// Decode plan bytes: UTF-8 (with or without BOM) or UTF-16 LE/BE with BOM.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, String> {
    let utf16 = |be: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if be {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                }
            })
            .collect();
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|e| format!("invalid UTF-16: {e}"))
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => {
            String::from_utf8(rest.to_vec()).map_err(|e| format!("invalid UTF-8: {e}"))
        }
        [0xFF, 0xFE, ..] => utf16(false),
        [0xFE, 0xFF, ..] => utf16(true),
        _ => String::from_utf8(bytes.to_vec()).map_err(|e| format!("invalid UTF-8: {e}")),
    }
}

fn error(path: &str, line: u32, column: u32, message: String) -> Diagnostic {
    Diagnostic {
        level: DiagnosticLevel::Error,
        location: Location {
            path: path.to_string(),
            line,
            column,
        },
        message,
        unjudged: Unjudged::Nothing,
    }
}

/// Read a plan into instances (and warnings), or one error diagnostic.
pub(crate) fn instances(
    path: &str,
    bytes: &[u8],
) -> Result<(Vec<Instance>, Vec<Diagnostic>), Diagnostic> {
    let text =
        decode(bytes).map_err(|e| error(path, 0, 0, format!("not a Terraform plan: {e}")))?;
    let json: Json = serde_json::from_str(&text).map_err(|e| {
        error(
            path,
            e.line() as u32,
            e.column() as u32,
            format!("not a valid Terraform plan (JSON error): {e}"),
        )
    })?;
    let Some(root) = json.pointer("/planned_values/root_module") else {
        return Err(error(
            path,
            1,
            1,
            "not a Terraform plan: no planned_values.root_module (use `terraform show -json <planfile>`)"
                .to_string(),
        ));
    };
    let lines = address_lines(&text);
    let mut unknowns: HashMap<&str, &Json> = HashMap::new();
    if let Some(Json::Array(changes)) = json.get("resource_changes") {
        for c in changes {
            if let (Some(addr), Some(au)) = (
                c.get("address").and_then(Json::as_str),
                c.pointer("/change/after_unknown"),
            ) {
                unknowns.insert(addr, au);
            }
        }
    }
    let refs = references(&json);
    let region = provider_region(&json);
    let mut raw: Vec<(&Json, String)> = Vec::new();
    collect_resources(root, &mut raw);
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (r, address) in &raw {
        if r.get("mode").and_then(Json::as_str) != Some("managed") {
            continue;
        }
        let rtype = r.get("type").and_then(Json::as_str).unwrap_or_default();
        let mut attrs = Val::from_json(r.get("values").unwrap_or(&Json::Null));
        if let Some(au) = unknowns.get(address.as_str()) {
            mark_unknown(&mut attrs, au, address);
        }
        let line = lines.get(address.as_str()).copied().unwrap_or(1);
        out.push(Instance {
            address: address.clone(),
            rtype: rtype.to_string(),
            attrs,
            location: Location {
                path: path.to_string(),
                line,
                column: 0,
            },
            locs: Default::default(),
            existence_unknown: None,
            suppressions: Vec::new(),
            region: region.clone(),
        });
    }
    // Unknown join keys that the configuration says are references: resolve them to the
    // referenced instance's symbolic id, as the HCL front end does.
    let symbolic: HashMap<String, (String, String)> = out
        .iter()
        .map(|i| (i.address.clone(), (i.rtype.clone(), symbolic_id(i))))
        .collect();
    for i in &mut out {
        let config_addr = strip_indexes(&i.address);
        let Some(exprs) = refs.get(&config_addr) else {
            continue;
        };
        let Val::Map(m) = &mut i.attrs else { continue };
        // Optional+computed arguments the configuration does not set are unknown in a plan
        // only because the provider reads them back; unset, they mean what an absent argument
        // means in HCL.
        for key in computed_when_unset(&i.rtype) {
            if matches!(m.get(*key), Some(Val::Unknown(_))) && !exprs.keys.iter().any(|k| k == key)
            {
                m.insert((*key).to_string(), Val::Null);
            }
        }
        for (key, reference) in &exprs.refs {
            // Only single-valued arguments that identify another resource: a list argument
            // may mix constants with the reference, which `references` does not show.
            if !matches!(m.get(key), Some(Val::Unknown(_))) || !JOIN_KEYS.contains(&key.as_str()) {
                continue;
            }
            if let Some(v) = resolve(reference, &i.address, &symbolic) {
                m.insert(key.clone(), Val::String(v));
            }
        }
    }
    if out.is_empty() && raw.is_empty() {
        diags.push(Diagnostic {
            level: DiagnosticLevel::Warning,
            location: Location {
                path: path.to_string(),
                line: 1,
                column: 0,
            },
            message: "the plan has no resources".into(),
            unjudged: Unjudged::Nothing,
        });
    }
    Ok((out, diags))
}

fn collect_resources<'a>(module: &'a Json, out: &mut Vec<(&'a Json, String)>) {
    if let Some(Json::Array(rs)) = module.get("resources") {
        for r in rs {
            if let Some(addr) = r.get("address").and_then(Json::as_str) {
                out.push((r, addr.to_string()));
            }
        }
    }
    if let Some(Json::Array(children)) = module.get("child_modules") {
        for c in children {
            collect_resources(c, out);
        }
    }
}

/// Replace values marked `true` in `after_unknown` (recursively) with Unknown.
fn mark_unknown(v: &mut Val, au: &Json, address: &str) {
    match au {
        Json::Bool(true) => {
            *v = Val::unknown(format!("{address} is known only after apply"));
        }
        Json::Object(m) => {
            if !matches!(v, Val::Map(_)) {
                *v = Val::Map(BTreeMap::new());
            }
            if let Val::Map(vm) = v {
                for (k, sub) in m {
                    match sub {
                        Json::Bool(true) => {
                            vm.insert(
                                k.clone(),
                                Val::unknown(format!("{address}.{k} is known only after apply")),
                            );
                        }
                        Json::Bool(false) => {}
                        other => {
                            let entry = vm.entry(k.clone()).or_insert(Val::Null);
                            mark_unknown(entry, other, &format!("{address}.{k}"));
                        }
                    }
                }
            }
        }
        Json::Array(items) => {
            if let Val::List(vs) = v {
                for (n, (item, sub)) in vs.iter_mut().zip(items).enumerate() {
                    mark_unknown(item, sub, &format!("{address}[{n}]"));
                }
            }
        }
        _ => {}
    }
}

/// Optional+computed arguments that a plan shows as unknown when the configuration does not
/// set them (checked against the provider schemas of hashicorp/aws v5).
fn computed_when_unset(rtype: &str) -> &'static [&'static str] {
    match rtype {
        "aws_s3_bucket" => &[
            "bucket",
            "acl",
            "grant",
            "policy",
            "versioning",
            "logging",
            "server_side_encryption_configuration",
            "object_lock_configuration",
            "lifecycle_rule",
            "replication_configuration",
            "website",
            "cors_rule",
        ],
        "aws_instance" => &[
            "associate_public_ip_address",
            "iam_instance_profile",
            "metadata_options",
            "subnet_id",
            "vpc_security_group_ids",
            "security_groups",
        ],
        "aws_ebs_volume" => &["encrypted", "kms_key_id"],
        "aws_iam_role" => &["inline_policy", "managed_policy_arns", "name"],
        "aws_iam_policy" | "aws_iam_user" | "aws_iam_group" => &["name"],
        "aws_security_group" => &["name"],
        _ => &[],
    }
}

/// Arguments that name one other resource (the join keys of the mappings, and settings
/// whose presence rules check, such as a trail's KMS key).
const JOIN_KEYS: &[&str] = &[
    "bucket",
    "target_bucket",
    "s3_bucket_name",
    "security_group_id",
    "source_security_group_id",
    "referenced_security_group_id",
    "vpc_id",
    "subnet_id",
    "route_table_id",
    "network_acl_id",
    "gateway_id",
    "nat_gateway_id",
    "transit_gateway_id",
    "vpc_peering_connection_id",
    "egress_only_gateway_id",
    "internet_gateway_id",
    "instance_id",
    "volume_id",
    "snapshot_id",
    "user",
    "group",
    "role",
    "policy_arn",
    "kms_key_id",
    "kms_master_key_id",
    "cloud_watch_logs_group_arn",
    "iam_instance_profile",
];

/// First line on which each `"address": "..."` value appears.
fn address_lines(text: &str) -> HashMap<String, u32> {
    let idx = LineIndex::new(text);
    let mut out = HashMap::new();
    for (pos, _) in text.match_indices("\"address\"") {
        let rest = &text[pos + 9..];
        let Some(colon) = rest.find(':') else {
            continue;
        };
        if !rest[..colon].trim().is_empty() {
            continue;
        }
        let after = rest[colon + 1..].trim_start();
        let mut de = serde_json::Deserializer::from_str(after).into_iter::<String>();
        if let Some(Ok(addr)) = de.next() {
            out.entry(addr).or_insert_with(|| idx.position(pos).0);
        }
    }
    out
}

/// `module.a[0].aws_x.y["k"]` -> `module.a.aws_x.y` (configuration addresses have no keys).
fn strip_indexes(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0;
    let mut in_str = false;
    let mut prev = '\0';
    for c in address.chars() {
        match c {
            '"' if depth > 0 && prev != '\\' => in_str = !in_str,
            '[' if !in_str => depth += 1,
            ']' if !in_str => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
        prev = c;
    }
    out
}

/// Configuration references per resource: config address -> attribute -> first reference
/// that names a resource attribute (`aws_s3_bucket.b.id`).
/// What the configuration says about one resource.
#[derive(Default)]
struct ConfigExprs {
    /// Arguments (and nested block types) the configuration sets.
    keys: Vec<String>,
    /// Arguments whose expression is a reference to one resource attribute.
    refs: Vec<(String, String)>,
}

fn references(json: &Json) -> HashMap<String, ConfigExprs> {
    let mut out = HashMap::new();
    if let Some(root) = json.pointer("/configuration/root_module") {
        config_module(root, "", &mut out);
    }
    out
}

fn config_module(module: &Json, prefix: &str, out: &mut HashMap<String, ConfigExprs>) {
    if let Some(Json::Array(rs)) = module.get("resources") {
        for r in rs {
            let Some(addr) = r.get("address").and_then(Json::as_str) else {
                continue;
            };
            let mut exprs = ConfigExprs::default();
            if let Some(Json::Object(m)) = r.get("expressions") {
                for (k, e) in m {
                    exprs.keys.push(k.clone());
                    let refs: Vec<&str> = e
                        .get("references")
                        .and_then(Json::as_array)
                        .map(|r| r.iter().filter_map(Json::as_str).collect())
                        .unwrap_or_default();
                    // `["aws_s3_bucket.b.id", "aws_s3_bucket.b"]`: one target with its
                    // attribute. Anything else (two targets, a variable) is not resolved.
                    // (`aws_s3_bucket.b[0].id`, `aws_s3_bucket.b[0]`, `aws_s3_bucket.b` with an
                    // index): every further reference is a prefix of the first.
                    let first = refs
                        .first()
                        .filter(|f| refs[1..].iter().all(|r| f.starts_with(r)))
                        .copied();
                    if let Some(reference) = first {
                        exprs.refs.push((k.clone(), format!("{prefix}{reference}")));
                    }
                }
            }
            out.insert(format!("{prefix}{addr}"), exprs);
        }
    }
    if let Some(Json::Object(calls)) = module.get("module_calls") {
        for (name, call) in calls {
            if let Some(child) = call.get("module") {
                config_module(child, &format!("{prefix}module.{name}."), out);
            }
        }
    }
}

fn symbolic_id(i: &Instance) -> String {
    if i.rtype == "aws_s3_bucket" {
        if let Some(Val::String(b)) = i.attrs.get("bucket") {
            return b.clone();
        }
    }
    if matches!(
        i.rtype.as_str(),
        "aws_iam_user" | "aws_iam_role" | "aws_iam_group" | "aws_iam_instance_profile"
    ) {
        if let Some(Val::String(n)) = i.attrs.get("name") {
            return n.clone();
        }
    }
    match route_target_prefix(&i.rtype) {
        Some(p) => format!("{p}{}", i.address),
        None => i.address.clone(),
    }
}

/// `aws_s3_bucket.b.id` (seen from `from`) -> the symbolic value of that attribute.
fn resolve(
    reference: &str,
    from: &str,
    symbolic: &HashMap<String, (String, String)>,
) -> Option<String> {
    let (target, attr) = reference.rsplit_once('.')?;
    // The same instance key as the referring resource when the reference has none (the common
    // `count`/`for_each` pairing), else the unindexed address.
    let mut candidates = vec![target.to_string()];
    if let Some(pos) = from.rfind('[') {
        candidates.push(format!("{target}{}", &from[pos..]));
    }
    let (rtype, id) = candidates
        .iter()
        .rev()
        .find_map(|c| symbolic.get(c))
        .cloned()?;
    Some(match attr {
        "id" | "bucket" | "name" => id,
        "arn" if rtype == "aws_s3_bucket" => format!("arn:aws:s3:::{id}"),
        "main_route_table_id" | "default_route_table_id" => format!("{target}.main_route_table"),
        "default_network_acl_id" => format!("{target}.default_network_acl"),
        "arn" => format!("{target}.arn"),
        _ => return None,
    })
}

/// The default `aws` provider's region: a constant, or a variable's value from the plan.
fn provider_region(json: &Json) -> Val {
    let Some(expr) = json.pointer("/configuration/provider_config/aws/expressions/region") else {
        return Val::unknown("the plan's aws provider sets no region");
    };
    if let Some(Json::String(r)) = expr.get("constant_value") {
        return Val::String(r.clone());
    }
    let var = expr
        .get("references")
        .and_then(Json::as_array)
        .and_then(|r| r.first())
        .and_then(Json::as_str)
        .and_then(|r| r.strip_prefix("var."));
    if let Some(var) = var {
        if let Some(Json::String(r)) = json.pointer(&format!("/variables/{var}/value")) {
            return Val::String(r.clone());
        }
    }
    Val::unknown("the plan's aws provider region is not a constant")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf16_and_bom() {
        let s = "{\"a\":1}";
        let mut le = vec![0xFF, 0xFE];
        le.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le).expect("utf-16le"), s);
        let mut be = vec![0xFE, 0xFF];
        be.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).expect("utf-16be"), s);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(s.bytes());
        assert_eq!(decode(&bom).expect("utf-8 bom"), s);
    }

    #[test]
    fn corrupted_plan_is_one_error_naming_the_file() {
        let Err(d) = instances("plan.json", b"{\"planned_values\": [") else {
            panic!("expected an error");
        };
        assert_eq!(d.location.path, "plan.json");
        assert!(d.message.contains("not a valid Terraform plan"));
    }

    #[test]
    fn strips_instance_keys() {
        assert_eq!(
            strip_indexes("module.a[0].aws_x.y[\"k[1]\"]"),
            "module.a.aws_x.y"
        );
    }
}
