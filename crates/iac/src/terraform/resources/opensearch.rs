//! OpenSearch Service: `aws_opensearch_domain` and `aws_elasticsearch_domain`, joined with
//! `aws_opensearch_domain_policy` / `aws_elasticsearch_domain_policy` by domain name.
//! Defaults: no `encrypt_at_rest`, `node_to_node_encryption` or `advanced_security_options`
//! block is off; no `domain_endpoint_options` block leaves HTTPS unenforced (the API's
//! default), a block without `enforce_https` enforces it (the provider's default); an unset
//! `tls_security_policy` is AWS's choice (Unknown); no `vpc_options` is a public endpoint; a
//! `log_publishing_options` block is enabled unless `enabled = false`.

use std::collections::HashMap;

use cloudward_model::opensearch::Domain;
use cloudward_model::{Attributes, Resource, Value};

use super::{
    blocks, bool_or, doubt_of, field, get, known_str, locate, opt_str, parent, policy, resource,
    str_list, Index, Parent,
};
use crate::terraform::module::Instance;

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut domains: Vec<Resource> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for rtype in ["aws_opensearch_domain", "aws_elasticsearch_domain"] {
        for &i in idx.of(rtype) {
            let name = super::name_or_address(i, "domain_name");
            let version_key = if rtype == "aws_opensearch_domain" {
                "engine_version"
            } else {
                "elasticsearch_version"
            };
            let enabled_block = |key: &str| match blocks(get(i, key)) {
                Ok(list) => match list.first() {
                    Some(b) => bool_or(field(b, "enabled"), false),
                    None => Value::Known(false),
                },
                Err(e) => Value::Unknown(e),
            };
            let (enforce_https, tls_security_policy) = endpoint_options(i);
            let domain = Domain {
                domain_name: name.clone(),
                arn: format!("{}.arn", i.address),
                engine_version: known_str(get(i, version_key)),
                encryption_at_rest_enabled: enabled_block("encrypt_at_rest"),
                node_to_node_encryption_enabled: enabled_block("node_to_node_encryption"),
                enforce_https,
                tls_security_policy,
                vpc_subnet_ids: match blocks(get(i, "vpc_options")) {
                    Ok(list) => match list.first() {
                        None => Value::Known(None),
                        Some(v) => match str_list(field(v, "subnet_ids")) {
                            Ok(ids) => Value::Known(Some(ids)),
                            // Subnets known only after apply are still subnets of a VPC.
                            Err(_) => Value::Known(Some(Vec::new())),
                        },
                    },
                    Err(e) => Value::Unknown(e),
                },
                access_policies: policy(get(i, "access_policies")),
                fine_grained_access_control_enabled: enabled_block("advanced_security_options"),
                audit_logs_enabled: audit_logs(i),
            };
            let mut r = resource(i, name.clone(), Attributes::OpensearchDomain(domain));
            for (model, tf) in [
                ("encryption_at_rest_enabled", "encrypt_at_rest[0]"),
                (
                    "node_to_node_encryption_enabled",
                    "node_to_node_encryption[0]",
                ),
                ("enforce_https", "domain_endpoint_options[0]"),
                ("tls_security_policy", "domain_endpoint_options[0]"),
                ("vpc_subnet_ids", "vpc_options[0]"),
                ("access_policies", "access_policies"),
                (
                    "fine_grained_access_control_enabled",
                    "advanced_security_options[0]",
                ),
                ("audit_logs_enabled", "log_publishing_options[0]"),
            ] {
                if i.locs.contains_key(tf) {
                    locate(&mut r, model, i, tf);
                }
            }
            by_name.insert(name, domains.len());
            domains.push(r);
        }
    }
    for rtype in [
        "aws_opensearch_domain_policy",
        "aws_elasticsearch_domain_policy",
    ] {
        let mut doubt: Option<String> = None;
        let mut joined = vec![false; domains.len()];
        for &p in idx.of(rtype) {
            match parent(p, "domain_name") {
                Parent::Known(name) => {
                    if let Some(&n) = by_name.get(&name) {
                        let doc = match doubt_of(p) {
                            Some(why) => Value::Unknown(why),
                            None => policy(get(p, "access_policies")),
                        };
                        if let Attributes::OpensearchDomain(d) = &mut domains[n].attributes {
                            d.access_policies = doc;
                        }
                        domains[n]
                            .attribute_locations
                            .insert("access_policies".into(), p.location.clone());
                        joined[n] = true;
                    }
                }
                Parent::Unknown(why) => doubt = doubt.or(Some(why)),
                Parent::Missing => {}
            }
        }
        if let Some(why) = doubt {
            for (n, r) in domains.iter_mut().enumerate() {
                if let (false, Attributes::OpensearchDomain(d)) = (joined[n], &mut r.attributes) {
                    d.access_policies = Value::Unknown(why.clone());
                }
            }
        }
    }
    out.append(&mut domains);
}

fn endpoint_options(i: &Instance) -> (Value<bool>, Value<Option<String>>) {
    match blocks(get(i, "domain_endpoint_options")) {
        Err(e) => (Value::Unknown(e.clone()), Value::Unknown(e)),
        Ok(list) => match list.first() {
            None => (
                Value::Known(false),
                Value::unknown(
                    "domain_endpoint_options is not set; the TLS policy is AWS's default",
                ),
            ),
            Some(b) => (
                bool_or(field(b, "enforce_https"), true),
                match opt_str(field(b, "tls_security_policy")) {
                    Value::Known(None) => Value::unknown(
                        "tls_security_policy is not set; the TLS policy is AWS's default",
                    ),
                    other => other,
                },
            ),
        },
    }
}

/// Any `log_publishing_options` block of type `AUDIT_LOGS` not disabled.
fn audit_logs(i: &Instance) -> Value<bool> {
    let list = match blocks(get(i, "log_publishing_options")) {
        Ok(l) => l,
        Err(e) => return Value::Unknown(e),
    };
    for b in list {
        match opt_str(field(b, "log_type")) {
            Value::Known(Some(t)) if t == "AUDIT_LOGS" => {
                return bool_or(field(b, "enabled"), true)
            }
            Value::Known(_) => {}
            Value::Unknown(r) => return Value::Unknown(r),
        }
    }
    Value::Known(false)
}
