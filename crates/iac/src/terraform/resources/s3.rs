//! S3: `aws_s3_bucket` (with the legacy inline `acl`, `grant`, `versioning`, `logging`,
//! `server_side_encryption_configuration` and `policy` arguments) joined with its split
//! resources by bucket name (references resolve to the name, or to the bucket's address when
//! the name is not static), and `aws_s3_account_public_access_block`.

use std::collections::HashMap;

use cloudward_model::s3::{
    AccountPublicAccessBlock, Bucket, Encryption, Grant, Logging, PublicAccessBlock, Versioning,
    ALL_USERS_URI, AUTHENTICATED_USERS_URI,
};
use cloudward_model::{Attributes, Resource, Value};

use super::{
    blocks, bool_or, doubt_of, field, get, known_str, locate, parent, policy, reason, resource,
    Index, Parent,
};
use crate::terraform::module::Instance;
use crate::terraform::value::Val;

const LOG_DELIVERY_URI: &str = "http://acs.amazonaws.com/groups/s3/LogDelivery";

/// The name other resources use for the bucket: `bucket` if static, else the address.
fn bucket_key(i: &Instance) -> String {
    known_str(get(i, "bucket")).unwrap_or_else(|| i.address.clone())
}

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut buckets: Vec<(Resource, &Instance)> = Vec::with_capacity(idx.of("aws_s3_bucket").len());
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for &i in idx.of("aws_s3_bucket") {
        let key = bucket_key(i);
        let mut r = resource(i, key.clone(), Attributes::S3Bucket(inline_bucket(i, &key)));
        for (model, tf) in [
            ("acl_grants", "acl"),
            ("policy", "policy"),
            ("versioning", "versioning"),
            ("logging", "logging"),
            ("encryption", "server_side_encryption_configuration"),
        ] {
            if i.locs.contains_key(tf) || i.locs.contains_key(&format!("{tf}[0]")) {
                let path = if i.locs.contains_key(tf) {
                    tf.to_string()
                } else {
                    format!("{tf}[0]")
                };
                locate(&mut r, model, i, &path);
            }
        }
        by_name.insert(key, buckets.len());
        buckets.push((r, i));
    }

    // Split resources: each sets one attribute of the bucket it names.
    type Apply = fn(&Instance, &mut Bucket);
    let splits: [(&str, &str, Apply); 7] = [
        (
            "aws_s3_bucket_public_access_block",
            "public_access_block",
            |s, b| {
                b.public_access_block = pab(s).map(Some);
            },
        ),
        (
            "aws_s3_bucket_server_side_encryption_configuration",
            "encryption",
            |s, b| {
                b.encryption = encryption_rules(get(s, "rule"));
            },
        ),
        ("aws_s3_bucket_versioning", "versioning", |s, b| {
            b.versioning = split_versioning(s);
        }),
        ("aws_s3_bucket_logging", "logging", |s, b| {
            b.logging = logging_of(Some(&s.attrs));
        }),
        ("aws_s3_bucket_policy", "policy", |s, b| {
            b.policy = policy(get(s, "policy"));
            b.policy_is_public = policy_is_public(&b.policy);
        }),
        ("aws_s3_bucket_acl", "acl_grants", |s, b| {
            b.acl_grants = split_acl(s);
        }),
        (
            "aws_s3_bucket_ownership_controls",
            "object_ownership",
            |s, b| {
                b.object_ownership = match blocks(get(s, "rule")) {
                    Ok(rules) => match rules.first() {
                        Some(rule) => super::opt_str(field(rule, "object_ownership")),
                        None => Value::Known(None),
                    },
                    Err(e) => Value::Unknown(e),
                };
            },
        ),
    ];
    for (rtype, model_key, apply) in splits {
        let mut doubt: Option<String> = None;
        let mut joined = vec![false; buckets.len()];
        for &s in idx.of(rtype) {
            match parent(s, "bucket") {
                Parent::Known(name) => {
                    if let Some(&n) = by_name.get(&name) {
                        let (r, _) = &mut buckets[n];
                        if let Attributes::S3Bucket(b) = &mut r.attributes {
                            match doubt_of(s) {
                                Some(why) => set_unknown(b, model_key, why),
                                None => apply(s, b),
                            }
                        }
                        r.attribute_locations
                            .insert(model_key.to_string(), s.location.clone());
                        joined[n] = true;
                    }
                }
                Parent::Unknown(why) => doubt = doubt.or(Some(why)),
                Parent::Missing => {}
            }
        }
        if let Some(why) = doubt {
            for (n, (r, _)) in buckets.iter_mut().enumerate() {
                if joined[n] {
                    continue;
                }
                if let Attributes::S3Bucket(b) = &mut r.attributes {
                    set_unknown(b, model_key, why.clone());
                }
            }
        }
    }
    // What the code leaves undeclared is what AWS does to a new bucket (issue 8, defect 13).
    for (r, _) in &mut buckets {
        if let Attributes::S3Bucket(b) = &mut r.attributes {
            b.assume_new_bucket_defaults();
        }
    }
    out.extend(buckets.into_iter().map(|(r, _)| r));

    for &i in idx.of("aws_s3_account_public_access_block") {
        let mut r = resource(
            i,
            i.address.clone(),
            Attributes::S3AccountPublicAccessBlock(AccountPublicAccessBlock {
                configuration: pab(i).map(Some),
            }),
        );
        // Account-wide, not regional.
        r.region = None;
        locate(&mut r, "configuration", i, "block_public_acls");
        out.push(r);
    }
}

/// Make the attribute a split resource sets unknown.
fn set_unknown(b: &mut Bucket, model_key: &str, u: String) {
    match model_key {
        "public_access_block" => b.public_access_block = Value::Unknown(u),
        "encryption" => b.encryption = Value::Unknown(u),
        "versioning" => b.versioning = Value::Unknown(u),
        "logging" => b.logging = Value::Unknown(u),
        "policy" => {
            b.policy = Value::Unknown(u.clone());
            b.policy_is_public = Value::Unknown(u);
        }
        "acl_grants" => b.acl_grants = Value::Unknown(u),
        _ => b.object_ownership = Value::Unknown(u),
    }
}

/// The bucket with what its own block says (legacy inline arguments) and "not configured"
/// for everything the split resources may still set (AWS's defaults come after the joins).
fn inline_bucket(i: &Instance, name: &str) -> Bucket {
    let policy_doc = policy(get(i, "policy"));
    let mut grants = match get(i, "acl") {
        Some(acl) => match acl.to_string_val() {
            Ok(a) => canned_acl(&a),
            Err(e) => Value::Unknown(reason(&e)),
        },
        None => canned_acl("private"),
    };
    if let Some(g) = get(i, "grant") {
        grants = grant_blocks(g, true);
    }
    let encryption = match blocks(get(i, "server_side_encryption_configuration")) {
        Ok(list) => match list.first() {
            Some(cfg) => encryption_rules(field(cfg, "rule")),
            // Not declared: `Bucket::assume_new_bucket_defaults` puts in the SSE-S3 that AWS
            // applies, once the split resources had their say.
            None => Value::Known(None),
        },
        Err(e) => Value::Unknown(e),
    };
    let versioning = match blocks(get(i, "versioning")) {
        Ok(list) => match list.first() {
            Some(v) => match (
                bool_or(field(v, "enabled"), false),
                bool_or(field(v, "mfa_delete"), false),
            ) {
                (Value::Known(enabled), Value::Known(mfa_delete)) => Value::Known(Versioning {
                    enabled,
                    mfa_delete,
                }),
                (Value::Unknown(r), _) | (_, Value::Unknown(r)) => Value::Unknown(r),
            },
            None => Value::Known(Versioning::default()),
        },
        Err(e) => Value::Unknown(e),
    };
    let logging = match blocks(get(i, "logging")) {
        Ok(list) => logging_of(list.first().copied()),
        Err(e) => Value::Unknown(e),
    };
    Bucket {
        name: name.to_string(),
        creation_date: None,
        acl_grants: grants,
        policy_is_public: policy_is_public(&policy_doc),
        policy: policy_doc,
        public_access_block: Value::Known(None),
        encryption,
        versioning,
        logging,
        object_ownership: Value::Known(None),
        aws_defaults: Default::default(),
    }
}

fn pab(i: &Instance) -> Value<PublicAccessBlock> {
    let read = |k: &str| bool_or(get(i, k), false);
    match (
        read("block_public_acls"),
        read("ignore_public_acls"),
        read("block_public_policy"),
        read("restrict_public_buckets"),
    ) {
        (Value::Known(a), Value::Known(b), Value::Known(c), Value::Known(d)) => {
            Value::Known(PublicAccessBlock {
                block_public_acls: a,
                ignore_public_acls: b,
                block_public_policy: c,
                restrict_public_buckets: d,
            })
        }
        (Value::Unknown(r), ..)
        | (_, Value::Unknown(r), ..)
        | (.., Value::Unknown(r), _)
        | (.., Value::Unknown(r)) => Value::Unknown(r),
    }
}

/// `rule { apply_server_side_encryption_by_default { ... } bucket_key_enabled }`.
fn encryption_rules(rules: Option<&Val>) -> Value<Option<Encryption>> {
    let rules = match blocks(rules) {
        Ok(r) => r,
        Err(e) => return Value::Unknown(e),
    };
    let Some(rule) = rules.first() else {
        return Value::Known(None);
    };
    let by_default = match blocks(field(rule, "apply_server_side_encryption_by_default")) {
        Ok(b) => b,
        Err(e) => return Value::Unknown(e),
    };
    let Some(d) = by_default.first() else {
        return Value::Known(None);
    };
    let algorithm = match field(d, "sse_algorithm").map(Val::to_string_val) {
        Some(Ok(a)) => a,
        Some(Err(e)) => return Value::Unknown(reason(&e)),
        None => return Value::Known(None),
    };
    let key = match super::opt_str(field(d, "kms_master_key_id")) {
        Value::Known(k) => k,
        // The algorithm is known, which is what most rules need; the key stays visible.
        Value::Unknown(r) => Some(declared_key(&r).unwrap_or_else(|| format!("(unresolved: {r})"))),
    };
    let bucket_key = match bool_or(field(rule, "bucket_key_enabled"), false) {
        Value::Known(b) => b,
        Value::Unknown(r) => return Value::Unknown(r),
    };
    Value::Known(Some(Encryption {
        sse_algorithm: algorithm,
        kms_master_key_id: key,
        bucket_key_enabled: bucket_key,
    }))
}

/// The address of a KMS key declared in this code when `reason` says the key id is that key's
/// ARN or id, known only after apply (`aws_kms_key.s3.arn`, possibly inside a module). Such a
/// key is customer managed by definition, which is all `s3-bucket-encrypted-with-kms-key`
/// needs to know; a data source (`data.aws_kms_key...`, which may look up `aws/s3`) is not one.
pub(crate) fn declared_key(reason: &str) -> Option<String> {
    let address = reason.strip_suffix(" is known only after apply")?;
    let parts: Vec<&str> = address.split('.').collect();
    let at = parts.iter().position(|p| {
        matches!(
            *p,
            "aws_kms_key" | "aws_kms_replica_key" | "aws_kms_external_key"
        )
    })?;
    let declared = at == 0 || (at >= 2 && parts[at - 2] == "module");
    (declared && parts.len() == at + 3).then(|| address.to_string())
}

/// `versioning_configuration { status, mfa_delete }`.
fn split_versioning(s: &Instance) -> Value<Versioning> {
    let cfgs = match blocks(get(s, "versioning_configuration")) {
        Ok(c) => c,
        Err(e) => return Value::Unknown(e),
    };
    let Some(cfg) = cfgs.first() else {
        return Value::Known(Versioning::default());
    };
    let status = super::str_or(field(cfg, "status"), "Disabled");
    let mfa = super::str_or(field(cfg, "mfa_delete"), "Disabled");
    match (status, mfa) {
        (Value::Known(s), Value::Known(m)) => Value::Known(Versioning {
            enabled: s == "Enabled",
            mfa_delete: m == "Enabled",
        }),
        (Value::Unknown(r), _) | (_, Value::Unknown(r)) => Value::Unknown(r),
    }
}

fn logging_of(v: Option<&Val>) -> Value<Option<Logging>> {
    let Some(v) = v else {
        return Value::Known(None);
    };
    match field(v, "target_bucket").map(Val::to_string_val) {
        None => Value::Known(None),
        Some(Err(e)) => Value::Unknown(reason(&e)),
        Some(Ok(target)) => Value::Known(Some(Logging {
            target_bucket: target,
            target_prefix: known_str(field(v, "target_prefix")).unwrap_or_default(),
        })),
    }
}

fn policy_is_public(doc: &Value<Option<cloudward_model::policy::PolicyDocument>>) -> Value<bool> {
    doc.as_ref().map(|d| {
        d.as_ref()
            .is_some_and(|d| !d.public_allow_statements().is_empty())
    })
}

fn owner_grant() -> Grant {
    Grant {
        grantee_type: "CanonicalUser".into(),
        grantee_uri: None,
        grantee_id: None,
        permission: "FULL_CONTROL".into(),
    }
}

fn group_grant(uri: &str, permission: &str) -> Grant {
    Grant {
        grantee_type: "Group".into(),
        grantee_uri: Some(uri.into()),
        grantee_id: None,
        permission: permission.into(),
    }
}

/// The grants a canned ACL expands to (S3 "Canned ACL" table).
fn canned_acl(acl: &str) -> Value<Vec<Grant>> {
    let mut grants = vec![owner_grant()];
    match acl {
        "private" | "bucket-owner-read" | "bucket-owner-full-control" | "aws-exec-read" => {}
        "public-read" => grants.push(group_grant(ALL_USERS_URI, "READ")),
        "public-read-write" => {
            grants.push(group_grant(ALL_USERS_URI, "READ"));
            grants.push(group_grant(ALL_USERS_URI, "WRITE"));
        }
        "authenticated-read" => grants.push(group_grant(AUTHENTICATED_USERS_URI, "READ")),
        "log-delivery-write" => {
            grants.push(group_grant(LOG_DELIVERY_URI, "WRITE"));
            grants.push(group_grant(LOG_DELIVERY_URI, "READ_ACP"));
        }
        other => return Value::unknown(format!("unrecognised canned ACL {other:?}")),
    }
    Value::Known(grants)
}

/// Legacy inline `grant { type, uri, id, permissions }` blocks, or `access_control_policy`
/// `grant { grantee { type, uri, id } permission }` blocks.
fn grant_blocks(v: &Val, legacy: bool) -> Value<Vec<Grant>> {
    let list = match blocks(Some(v)) {
        Ok(l) => l,
        Err(e) => return Value::Unknown(e),
    };
    let mut out = Vec::new();
    for g in list {
        let (grantee, perms) = if legacy {
            (Some(g), super::str_list(field(g, "permissions")))
        } else {
            let grantee = match blocks(field(g, "grantee")) {
                Ok(l) => l.first().copied(),
                Err(e) => return Value::Unknown(e),
            };
            (grantee, super::str_list(field(g, "permission")))
        };
        let perms = match perms {
            Ok(p) => p,
            Err(e) => return Value::Unknown(e),
        };
        let Some(grantee) = grantee else { continue };
        let gtype = match field(grantee, "type").map(Val::to_string_val) {
            Some(Ok(t)) => t,
            Some(Err(e)) => return Value::Unknown(reason(&e)),
            None => "CanonicalUser".to_string(),
        };
        let uri = match super::opt_str(field(grantee, "uri")) {
            Value::Known(u) => u,
            Value::Unknown(r) => return Value::Unknown(r),
        };
        for p in perms {
            out.push(Grant {
                grantee_type: gtype.clone(),
                grantee_uri: uri.clone(),
                grantee_id: known_str(field(grantee, "id")),
                permission: p,
            });
        }
    }
    Value::Known(out)
}

fn split_acl(s: &Instance) -> Value<Vec<Grant>> {
    if let Some(policy) = get(s, "access_control_policy") {
        let list = match blocks(Some(policy)) {
            Ok(l) => l,
            Err(e) => return Value::Unknown(e),
        };
        return match list.first().and_then(|p| field(p, "grant")) {
            Some(g) => grant_blocks(g, false),
            None => Value::Known(Vec::new()),
        };
    }
    match get(s, "acl") {
        Some(a) => match a.to_string_val() {
            Ok(a) => canned_acl(&a),
            Err(e) => Value::Unknown(reason(&e)),
        },
        None => canned_acl("private"),
    }
}

#[cfg(test)]
mod tests {
    use super::declared_key;

    #[test]
    fn only_keys_declared_in_the_code_are_recognised() {
        let after = |a: &str| format!("{a} is known only after apply");
        for address in [
            "aws_kms_key.s3.arn",
            "module.kms.aws_kms_key.this.arn",
            "aws_kms_replica_key.eu.key_id",
        ] {
            assert_eq!(declared_key(&after(address)).as_deref(), Some(address));
        }
        for reason in [
            after("data.aws_kms_key.s3.arn"),
            after("aws_kms_alias.s3.target_key_arn"),
            "depends on var.key, which has no value".to_string(),
        ] {
            assert_eq!(declared_key(&reason), None, "{reason}");
        }
    }
}
