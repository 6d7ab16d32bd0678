//! EKS: `AWS::EKS::Cluster`. Defaults: `ResourcesVpcConfig.EndpointPublicAccess` true,
//! `EndpointPrivateAccess` false, `PublicAccessCidrs` `0.0.0.0/0`; no `EncryptionConfig`; no
//! `Logging`; no `Version` (EKS's current default).

use cloudward_model::eks::Cluster;
use cloudward_model::{Attributes, Value};

use super::dynamodb::flag;
use super::eval::Val;
use super::sns::key_property;
use super::{known, locations, Template};

fn strings(v: &Val, what: &str) -> Value<Vec<String>> {
    match v.list() {
        Ok(items) => known(
            items
                .iter()
                .map(Val::string)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|r| format!("{what}: {r}")),
        ),
        Err(r) => Value::unknown(format!("{what}: {r}")),
    }
}

pub(crate) fn adapt(t: &mut Template<'_>) {
    let clusters: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::EKS::Cluster")
        .collect();
    for i in clusters {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("Name");
        let vpc = p.get("ResourcesVpcConfig");
        let secrets_encryption_key_arn = match p.get("EncryptionConfig").map(Val::list) {
            None => Value::Known(None),
            Some(Err(r)) => Value::Unknown(r),
            Some(Ok(configs)) => {
                let mut key = Value::Known(None);
                for c in configs {
                    let resources = match c.get("Resources") {
                        Some(r) => strings(r, "EncryptionConfig.Resources"),
                        None => Value::Known(Vec::new()),
                    };
                    match resources {
                        Value::Unknown(r) => key = Value::Unknown(r),
                        Value::Known(list) if list.iter().any(|r| r == "secrets") => {
                            key = match c.get("Provider") {
                                None => Value::Known(None),
                                Some(provider) => key_property(provider, "KeyArn"),
                            };
                            break;
                        }
                        Value::Known(_) => {}
                    }
                }
                key
            }
        };
        let enabled_log_types = match p
            .get("Logging")
            .and_then(|l| l.get("ClusterLogging"))
            .and_then(|c| c.get("EnabledTypes"))
        {
            None => Value::Known(Vec::new()),
            Some(types) => match types.list() {
                Err(r) => Value::Unknown(r),
                Ok(items) => known(
                    items
                        .iter()
                        .map(|t| match t.get("Type") {
                            Some(v) => v.string(),
                            None => Err("an EnabledTypes entry has no Type".to_string()),
                        })
                        .collect::<Result<Vec<_>, _>>(),
                )
                .map(|mut v| {
                    v.sort();
                    v
                }),
            },
        };
        let cluster = Cluster {
            name: name.clone(),
            arn: decl.logical_id.clone(),
            version: match p.get("Version") {
                None => Value::Known(None),
                Some(v) => known(v.string()).map(Some),
            },
            endpoint_public_access: match vpc {
                None => Value::Known(true),
                Some(v) => flag(v, "EndpointPublicAccess", true),
            },
            endpoint_private_access: match vpc {
                None => Value::Known(false),
                Some(v) => flag(v, "EndpointPrivateAccess", false),
            },
            public_access_cidrs: match vpc.and_then(|v| v.get("PublicAccessCidrs")) {
                None => Value::Known(vec!["0.0.0.0/0".to_string()]),
                Some(c) => strings(c, "PublicAccessCidrs"),
            },
            secrets_encryption_key_arn,
            enabled_log_types,
        };
        let locs = locations(
            t,
            [
                ("version", "Version"),
                ("endpoint_public_access", "ResourcesVpcConfig"),
                ("public_access_cidrs", "ResourcesVpcConfig"),
                ("secrets_encryption_key_arn", "EncryptionConfig"),
                ("enabled_log_types", "Logging"),
            ]
            .map(|(k, cfn)| (k.to_string(), p.key_pos(cfn))),
        );
        t.push(i, name, Attributes::EksCluster(cluster), locs);
    }
}
