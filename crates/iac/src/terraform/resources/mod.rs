//! The per-service mapping from evaluated Terraform resources ([`Instance`]s, from HCL or from a
//! plan) into the model structs that live collection fills, joining Terraform's split
//! resources (`aws_s3_bucket_versioning`, `aws_security_group_rule`, IAM attachments) to their
//! parents.
//!
//! Conventions shared by every mapping:
//! - an argument that is not set takes the provider's documented default; where AWS's default
//!   depends on something outside the code it is `Unknown` with that reason;
//! - a setting that the code does not declare at all (no `aws_s3_bucket_versioning` for a
//!   bucket) is `Known(None)`/off: the code does not configure it. AWS's 2023 defaults for
//!   buckets (SSE-S3 encryption, public access block and BucketOwnerEnforced for new buckets)
//!   are not assumed: the code is what is being reviewed, the last two do not hold for older
//!   buckets and can be undone by any later call; the CloudFormation adapter does the same;
//! - a split resource whose parent reference is unknown makes the matching attribute of every
//!   parent it could belong to `Unknown`, never silently dropped.

mod accessanalyzer;
mod account;
mod acm;
mod apigateway;
mod apigatewayv2;
mod athena;
mod backup;
mod cloudfront;
mod cloudtrail;
mod config;
mod dynamodb;
mod ec2;
mod ecr;
mod ecs;
mod efs;
mod eks;
mod elasticache;
mod elb;
mod guardduty;
mod iam;
mod inspector2;
mod kms;
mod lambda;
mod logs;
mod macie2;
mod opensearch;
mod organizations;
mod rds;
mod redshift;
mod route53;
mod s3;
mod secretsmanager;
mod securityhub;
mod sns;
mod sqs;
mod ssm;

use std::collections::BTreeMap;

use cloudward_model::policy::PolicyDocument;
use cloudward_model::{Attributes, Location, Resource, Source, Value, TAG_VALUE_NOT_KNOWN};

use super::module::Instance;
use super::value::Val;

/// Map every instance into model resources.
pub(crate) fn adapt(instances: &[Instance]) -> Vec<Resource> {
    let idx = Index::new(instances);
    // Most instances become one resource (split resources join theirs): reserving once keeps
    // a large expansion from holding a doubled vector of resources while it grows (issue 8).
    let mut out = Vec::with_capacity(instances.len());
    s3::adapt(&idx, &mut out);
    ec2::adapt(&idx, &mut out);
    iam::adapt(&idx, &mut out);
    cloudtrail::adapt(&idx, &mut out);
    config::adapt(&idx, &mut out);
    guardduty::adapt(&idx, &mut out);
    securityhub::adapt(&idx, &mut out);
    accessanalyzer::adapt(&idx, &mut out);
    rds::adapt(&idx, &mut out);
    kms::adapt(&idx, &mut out);
    secretsmanager::adapt(&idx, &mut out);
    ssm::adapt(&idx, &mut out);
    logs::adapt(&idx, &mut out);
    sns::adapt(&idx, &mut out);
    sqs::adapt(&idx, &mut out);
    athena::adapt(&idx, &mut out);
    backup::adapt(&idx, &mut out);
    dynamodb::adapt(&idx, &mut out);
    elasticache::adapt(&idx, &mut out);
    efs::adapt(&idx, &mut out);
    redshift::adapt(&idx, &mut out);
    opensearch::adapt(&idx, &mut out);
    organizations::adapt(&idx, &mut out);
    account::adapt(&idx, &mut out);
    inspector2::adapt(&idx, &mut out);
    macie2::adapt(&idx, &mut out);
    elb::adapt(&idx, &mut out);
    cloudfront::adapt(&idx, &mut out);
    apigateway::adapt(&idx, &mut out);
    apigatewayv2::adapt(&idx, &mut out);
    acm::adapt(&idx, &mut out);
    route53::adapt(&idx, &mut out);
    lambda::adapt(&idx, &mut out);
    ecr::adapt(&idx, &mut out);
    ecs::adapt(&idx, &mut out);
    eks::adapt(&idx, &mut out);
    out
}

/// Instances grouped by resource type.
pub(crate) struct Index<'a> {
    by_type: BTreeMap<&'a str, Vec<&'a Instance>>,
}

impl<'a> Index<'a> {
    fn new(instances: &'a [Instance]) -> Self {
        let mut by_type: BTreeMap<&str, Vec<&Instance>> = BTreeMap::new();
        for i in instances {
            by_type.entry(i.rtype.as_str()).or_default().push(i);
        }
        Index { by_type }
    }

    /// Instances of one type, in declaration order.
    pub(crate) fn of(&self, rtype: &str) -> &[&'a Instance] {
        self.by_type.get(rtype).map_or(&[], Vec::as_slice)
    }
}

/// A model resource for an instance: id = address, `Source::File` at the block.
pub(crate) fn resource(i: &Instance, name: String, attributes: Attributes) -> Resource {
    let (tags, tags_unknown) = tags(i);
    Resource {
        id: i.address.clone(),
        name,
        account: None,
        region: match &i.region {
            Val::String(s) => Some(s.clone()),
            _ => None,
        },
        tags,
        tags_unknown,
        source: Source::File(i.location.clone()),
        attribute_locations: BTreeMap::new(),
        existence_unknown: i.existence_unknown.clone(),
        suppressions: i.suppressions.clone(),
        attributes,
    }
}

/// A per-region setting (GuardDuty, Config, EBS default encryption, ...). When the provider
/// region is not known statically the resource has no region and its name says why.
pub(crate) fn regional(i: &Instance, attributes: Attributes) -> Resource {
    let name = match &i.region {
        Val::String(r) => format!("{} ({r})", i.address),
        other => format!(
            "{} (region unknown: {})",
            i.address,
            other
                .unknown_reason()
                .unwrap_or_else(|| "not set".to_string())
        ),
    };
    resource(i, name, attributes)
}

/// The resource's tags and why they may be incomplete. A plan's `tags_all` (which includes the
/// provider's `default_tags`) is preferred to `tags`. A tag whose value is not known
/// statically is kept as [`TAG_VALUE_NOT_KNOWN`].
fn tags(i: &Instance) -> (BTreeMap<String, String>, Option<String>) {
    let (name, value) = match (get(i, "tags_all"), get(i, "tags")) {
        (Some(all @ Val::Map(_)), _) => ("tags_all", Some(all)),
        (_, tags) => ("tags", tags),
    };
    match value {
        None => (BTreeMap::new(), None),
        Some(Val::Map(m)) => (
            m.iter().map(|(k, v)| (k.clone(), tag_value(v))).collect(),
            None,
        ),
        Some(v) => (
            BTreeMap::new(),
            Some(format!(
                "{name} {}",
                v.unknown_reason()
                    .unwrap_or_else(|| "is not a map".to_string())
            )),
        ),
    }
}

/// A tag's value as text, [`TAG_VALUE_NOT_KNOWN`] when it is not known statically.
pub(crate) fn tag_value(v: &Val) -> String {
    v.to_string_val()
        .unwrap_or_else(|_| TAG_VALUE_NOT_KNOWN.to_string())
}

/// An argument, `None` when absent or null.
pub(crate) fn get<'v>(i: &'v Instance, key: &str) -> Option<&'v Val> {
    i.attrs.get(key).filter(|v| !v.is_null())
}

/// A field of a nested object, `None` when absent or null.
pub(crate) fn field<'v>(v: &'v Val, key: &str) -> Option<&'v Val> {
    v.get(key).filter(|v| !v.is_null())
}

/// A known string, if the value is one.
pub(crate) fn known_str(v: Option<&Val>) -> Option<String> {
    match v {
        Some(Val::String(s)) => Some(s.clone()),
        Some(Val::Number(_)) | Some(Val::Bool(_)) => v.and_then(|v| v.to_string_val().ok()),
        _ => None,
    }
}

/// The instance's `name` argument if static, else its address.
pub(crate) fn name_or_address(i: &Instance, key: &str) -> String {
    known_str(get(i, key)).unwrap_or_else(|| i.address.clone())
}

/// A bool argument with the provider default when absent.
pub(crate) fn bool_or(v: Option<&Val>, default: bool) -> Value<bool> {
    match v {
        None | Some(Val::Null) => Value::Known(default),
        Some(v) => match v.to_bool() {
            Ok(b) => Value::Known(b),
            Err(e) => Value::Unknown(reason(&e)),
        },
    }
}

/// An optional string argument.
pub(crate) fn opt_str(v: Option<&Val>) -> Value<Option<String>> {
    match v {
        None | Some(Val::Null) => Value::Known(None),
        Some(v) => match v.to_string_val() {
            Ok(s) => Value::Known(Some(s)),
            Err(e) => Value::Unknown(reason(&e)),
        },
    }
}

/// A string argument with a default.
pub(crate) fn str_or(v: Option<&Val>, default: &str) -> Value<String> {
    opt_str(v).map(|s| s.unwrap_or_else(|| default.to_string()))
}

/// An optional integer argument.
pub(crate) fn opt_int(v: Option<&Val>) -> Value<Option<i64>> {
    match v {
        None | Some(Val::Null) => Value::Known(None),
        Some(v) => match v.to_number() {
            Ok(n) => Value::Known(Some(n as i64)),
            Err(e) => Value::Unknown(reason(&e)),
        },
    }
}

/// The reason of an unknown or error value.
pub(crate) fn reason(v: &Val) -> String {
    v.unknown_reason()
        .unwrap_or_else(|| format!("unexpected {}", v.type_name()))
}

/// Nested blocks (a list of objects; a single object counts as one; absent is none).
pub(crate) fn blocks(v: Option<&Val>) -> Result<Vec<&Val>, String> {
    match v {
        None | Some(Val::Null) => Ok(Vec::new()),
        Some(Val::List(items)) => {
            for item in items {
                if item.is_unknown() {
                    return Err(reason(item));
                }
            }
            Ok(items.iter().filter(|i| !i.is_null()).collect())
        }
        Some(m @ Val::Map(_)) => Ok(vec![m]),
        Some(other) => Err(reason(other)),
    }
}

/// A list of strings (a single string counts as one).
pub(crate) fn str_list(v: Option<&Val>) -> Result<Vec<String>, String> {
    match v {
        None | Some(Val::Null) => Ok(Vec::new()),
        Some(Val::List(items)) => items
            .iter()
            .filter(|i| !i.is_null())
            .map(|i| i.to_string_val().map_err(|e| reason(&e)))
            .collect(),
        Some(Val::String(s)) => Ok(vec![s.clone()]),
        Some(other) => Err(reason(other)),
    }
}

/// A policy document argument (JSON string, or an object from a plan).
pub(crate) fn policy(v: Option<&Val>) -> Value<Option<PolicyDocument>> {
    match v {
        None | Some(Val::Null) => Value::Known(None),
        Some(Val::String(s)) if s.trim().is_empty() => Value::Known(None),
        Some(Val::String(s)) => match PolicyDocument::parse(s) {
            Ok(doc) => Value::Known(Some(doc)),
            Err(e) => Value::unknown(format!("the policy is not valid JSON: {e}")),
        },
        Some(m @ Val::Map(_)) => match m.to_json() {
            Ok(j) => Value::Known(Some(PolicyDocument(j))),
            Err(r) => Value::Unknown(r),
        },
        Some(other) => Value::Unknown(reason(other)),
    }
}

/// Record where model attribute `model_key` is written: the Terraform path `tf_path` of the
/// instance, falling back to the block itself.
pub(crate) fn locate(r: &mut Resource, model_key: &str, i: &Instance, tf_path: &str) {
    let loc = i
        .locs
        .get(tf_path)
        .cloned()
        .unwrap_or_else(|| i.location.clone());
    r.attribute_locations.insert(model_key.to_string(), loc);
}

/// Record a location directly.
pub(crate) fn locate_at(r: &mut Resource, model_key: &str, loc: &Location) {
    r.attribute_locations
        .insert(model_key.to_string(), loc.clone());
}

/// Why a satellite resource (a split S3 setting, a security group rule, an attachment) may not
/// exist: what it sets on its parent is then unknown, neither applied nor ignored.
pub(crate) fn doubt_of(i: &Instance) -> Option<String> {
    i.existence_unknown
        .as_ref()
        .map(|why| format!("{} may not exist ({why})", i.address))
}

/// The join key a split resource uses for its parent (`bucket`, `security_group_id`, ...).
pub(crate) enum Parent {
    /// A known id or name.
    Known(String),
    /// Unknown: the reason.
    Unknown(String),
    /// Not set.
    Missing,
}

/// Read a parent reference.
pub(crate) fn parent(i: &Instance, key: &str) -> Parent {
    match get(i, key) {
        None => Parent::Missing,
        Some(v) => match v.to_string_val() {
            Ok(s) => Parent::Known(s),
            Err(e) => Parent::Unknown(format!(
                "{} has {key} that is not known statically ({}) and may apply to this resource",
                i.address,
                reason(&e)
            )),
        },
    }
}
