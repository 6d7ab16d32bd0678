//! EKS: `aws_eks_cluster`. Provider and API defaults: `vpc_config.endpoint_public_access`
//! true, `endpoint_private_access` false, `public_access_cidrs` `["0.0.0.0/0"]`; no
//! `encryption_config` (secrets not envelope-encrypted with a key of yours); no
//! `enabled_cluster_log_types`; no `version` (EKS's current default).

use cloudward_model::eks::Cluster;
use cloudward_model::{Attributes, Resource, Value};

use super::kms::key_reference;
use super::Index;
use super::{blocks, bool_or, field, get, locate, name_or_address, opt_str, resource, str_list};

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_eks_cluster") {
        let name = name_or_address(i, "name");
        let vpc = blocks(get(i, "vpc_config")).map(|b| b.first().copied());
        let vpc_field = |key: &str| vpc.as_ref().map(|v| v.and_then(|v| field(v, key)));
        let secrets_encryption_key_arn = match blocks(get(i, "encryption_config")) {
            Err(e) => Value::Unknown(e),
            Ok(configs) => {
                let mut key = Value::Known(None);
                for c in configs {
                    match str_list(field(c, "resources")) {
                        Err(e) => {
                            key = Value::Unknown(format!("encryption_config.resources: {e}"));
                        }
                        Ok(resources) if resources.iter().any(|r| r == "secrets") => {
                            key = match blocks(field(c, "provider")) {
                                Ok(p) => match p.first() {
                                    None => Value::Known(None),
                                    Some(p) => key_reference(field(p, "key_arn")),
                                },
                                Err(e) => Value::Unknown(e),
                            };
                            break;
                        }
                        Ok(_) => {}
                    }
                }
                key
            }
        };
        let cluster = Cluster {
            name: name.clone(),
            arn: format!("{}.arn", i.address),
            version: opt_str(get(i, "version")),
            endpoint_public_access: match vpc_field("endpoint_public_access") {
                Ok(v) => bool_or(v, true),
                Err(e) => Value::Unknown(e.clone()),
            },
            endpoint_private_access: match vpc_field("endpoint_private_access") {
                Ok(v) => bool_or(v, false),
                Err(e) => Value::Unknown(e.clone()),
            },
            public_access_cidrs: match vpc_field("public_access_cidrs") {
                Ok(None) => Value::Known(vec!["0.0.0.0/0".to_string()]),
                Ok(Some(v)) => match str_list(Some(v)) {
                    Ok(c) => Value::Known(c),
                    Err(e) => Value::Unknown(e),
                },
                Err(e) => Value::Unknown(e.clone()),
            },
            secrets_encryption_key_arn,
            enabled_log_types: match str_list(get(i, "enabled_cluster_log_types")) {
                Ok(mut t) => {
                    t.sort();
                    Value::Known(t)
                }
                Err(e) => Value::Unknown(e),
            },
        };
        let mut r = resource(i, name, Attributes::EksCluster(cluster));
        for (model, tf) in [
            ("version", "version"),
            ("endpoint_public_access", "vpc_config"),
            ("public_access_cidrs", "vpc_config"),
            ("secrets_encryption_key_arn", "encryption_config"),
            ("enabled_log_types", "enabled_cluster_log_types"),
        ] {
            locate(&mut r, model, i, tf);
        }
        out.push(r);
    }
}
