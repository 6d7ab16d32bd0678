//! `AWS::S3::Bucket`, with `AWS::S3::BucketPolicy` joined into it.

use cloudward_model::policy::PolicyDocument;
use cloudward_model::s3::{
    Bucket, Encryption, Grant, Logging, PublicAccessBlock, Versioning, ALL_USERS_URI,
    AUTHENTICATED_USERS_URI,
};
use cloudward_model::{Attributes, Value};

use super::eval::Val;
use super::{locations, Template};

const LOG_DELIVERY_URI: &str = "http://acs.amazonaws.com/groups/s3/LogDelivery";

pub(crate) fn adapt(t: &mut Template<'_>) {
    let buckets: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::S3::Bucket")
        .collect();
    for i in buckets {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("BucketName");
        let bucket = Bucket {
            name: name.clone(),
            creation_date: None,
            acl_grants: acl_grants(p.get("AccessControl")),
            policy: Value::Known(None),
            policy_is_public: Value::Known(false),
            public_access_block: public_access_block(p.get("PublicAccessBlockConfiguration")),
            encryption: encryption(p.get("BucketEncryption")),
            versioning: versioning(p.get("VersioningConfiguration")),
            logging: logging(p.get("LoggingConfiguration")),
            object_ownership: object_ownership(p.get("OwnershipControls")),
            aws_defaults: Default::default(),
        };
        let locs = locations(
            t,
            [
                ("acl_grants", p.key_pos("AccessControl")),
                (
                    "public_access_block",
                    p.key_pos("PublicAccessBlockConfiguration"),
                ),
                ("encryption", p.key_pos("BucketEncryption")),
                ("versioning", p.key_pos("VersioningConfiguration")),
                ("logging", p.key_pos("LoggingConfiguration")),
                ("object_ownership", p.key_pos("OwnershipControls")),
            ]
            .map(|(k, v)| (k.to_string(), v)),
        );
        t.push(i, name, Attributes::S3Bucket(bucket), locs);
    }
    join_policies(t);
    // What the template leaves undeclared is what AWS does to a new bucket (issue 8, defect
    // 13); after the policies are joined, since a public policy keeps the default block off.
    for resource in &mut t.out {
        if let Attributes::S3Bucket(bucket) = &mut resource.attributes {
            bucket.assume_new_bucket_defaults();
        }
    }
}

/// `AccessControl` canned ACL -> the grants S3 would create. Absent: the owner only.
fn acl_grants(acl: Option<&Val>) -> Value<Vec<Grant>> {
    let owner = Grant {
        grantee_type: "CanonicalUser".to_string(),
        grantee_uri: None,
        grantee_id: None,
        permission: "FULL_CONTROL".to_string(),
    };
    let group = |uri: &str, permission: &str| Grant {
        grantee_type: "Group".to_string(),
        grantee_uri: Some(uri.to_string()),
        grantee_id: None,
        permission: permission.to_string(),
    };
    let Some(acl) = acl else {
        return Value::Known(vec![owner]);
    };
    let canned = match acl.string() {
        Ok(s) => s,
        Err(r) => return Value::Unknown(format!("AccessControl: {r}")),
    };
    let mut grants = vec![owner];
    match canned.as_str() {
        "Private" | "BucketOwnerRead" | "BucketOwnerFullControl" | "AwsExecRead" => {}
        "PublicRead" => grants.push(group(ALL_USERS_URI, "READ")),
        "PublicReadWrite" => {
            grants.push(group(ALL_USERS_URI, "READ"));
            grants.push(group(ALL_USERS_URI, "WRITE"));
        }
        "AuthenticatedRead" => grants.push(group(AUTHENTICATED_USERS_URI, "READ")),
        "LogDeliveryWrite" => {
            grants.push(group(LOG_DELIVERY_URI, "WRITE"));
            grants.push(group(LOG_DELIVERY_URI, "READ_ACP"));
        }
        other => return Value::Unknown(format!("AccessControl {other:?} is not a canned ACL")),
    }
    Value::Known(grants)
}

/// Absent: not declared (`None`), which `Bucket::assume_new_bucket_defaults` turns into AWS's
/// default for a new bucket (all four switches on since April 2023) unless the template
/// declares public access that the default would refuse.
fn public_access_block(config: Option<&Val>) -> Value<Option<PublicAccessBlock>> {
    let Some(config) = config else {
        return Value::Known(None);
    };
    // A switch left out of a declared configuration is false.
    let switch = |name: &str| -> Result<bool, String> {
        match config.get(name) {
            None => Ok(false),
            Some(v) => v.boolean().map_err(|r| format!("{name}: {r}")),
        }
    };
    let read = || -> Result<PublicAccessBlock, String> {
        Ok(PublicAccessBlock {
            block_public_acls: switch("BlockPublicAcls")?,
            ignore_public_acls: switch("IgnorePublicAcls")?,
            block_public_policy: switch("BlockPublicPolicy")?,
            restrict_public_buckets: switch("RestrictPublicBuckets")?,
        })
    };
    match config.unknown_reason() {
        Some(r) => Value::Unknown(r),
        None => match read() {
            Ok(pab) => Value::Known(Some(pab)),
            Err(r) => Value::Unknown(r),
        },
    }
}

/// Absent: not declared (`None`), which `Bucket::assume_new_bucket_defaults` turns into the
/// SSE-S3 that S3 applies to every bucket since January 2023.
fn encryption(config: Option<&Val>) -> Value<Option<Encryption>> {
    let Some(config) = config else {
        return Value::Known(None);
    };
    let first = config
        .get("ServerSideEncryptionConfiguration")
        .ok_or_else(|| "BucketEncryption without ServerSideEncryptionConfiguration".to_string())
        .and_then(Val::list)
        .and_then(|rules| {
            rules
                .first()
                .cloned()
                .ok_or_else(|| "empty ServerSideEncryptionConfiguration".to_string())
        });
    let rule = match first {
        Ok(r) => r,
        Err(r) => return Value::Unknown(r),
    };
    let default = rule.get("ServerSideEncryptionByDefault");
    let algorithm = match default.and_then(|d| d.get("SSEAlgorithm")).map(Val::string) {
        Some(Ok(a)) => a,
        Some(Err(r)) => return Value::Unknown(format!("SSEAlgorithm: {r}")),
        None => {
            return Value::Unknown("ServerSideEncryptionByDefault.SSEAlgorithm is missing".into())
        }
    };
    let key = default
        .and_then(|d| d.get("KMSMasterKeyID"))
        .map(|k| k.id().unwrap_or_else(|r| format!("(unresolved: {r})")));
    let bucket_key_enabled = rule
        .get("BucketKeyEnabled")
        .and_then(|b| b.boolean().ok())
        .unwrap_or(false);
    Value::Known(Some(Encryption {
        sse_algorithm: algorithm,
        kms_master_key_id: key,
        bucket_key_enabled,
    }))
}

fn versioning(config: Option<&Val>) -> Value<Versioning> {
    let Some(config) = config else {
        return Value::Known(Versioning::default());
    };
    match config.get("Status").map(Val::string) {
        Some(Ok(status)) => Value::Known(Versioning {
            enabled: status == "Enabled",
            // MFA delete can only be enabled by the root user through the API, never by
            // CloudFormation.
            mfa_delete: false,
        }),
        Some(Err(r)) => Value::Unknown(format!("VersioningConfiguration.Status: {r}")),
        None => Value::Unknown("VersioningConfiguration without Status".to_string()),
    }
}

fn logging(config: Option<&Val>) -> Value<Option<Logging>> {
    let Some(config) = config else {
        return Value::Known(None);
    };
    if let Some(r) = config.unknown_reason() {
        return Value::Unknown(r);
    }
    // `DestinationBucketName` absent: logs go to the bucket itself.
    let target = match config.get("DestinationBucketName").map(Val::id) {
        Some(Ok(b)) => b,
        Some(Err(r)) => return Value::Unknown(format!("DestinationBucketName: {r}")),
        None => "(this bucket)".to_string(),
    };
    let prefix = config
        .get("LogFilePrefix")
        .and_then(|p| p.string().ok())
        .unwrap_or_default();
    Value::Known(Some(Logging {
        target_bucket: target,
        target_prefix: prefix,
    }))
}

/// Absent: not declared (`None`), which `Bucket::assume_new_bucket_defaults` turns into AWS's
/// default for a new bucket (`BucketOwnerEnforced` since April 2023) unless the template
/// declares ACL grants that the default would refuse.
fn object_ownership(config: Option<&Val>) -> Value<Option<String>> {
    let Some(config) = config else {
        return Value::Known(None);
    };
    let first = config
        .get("Rules")
        .map(Val::list)
        .and_then(|r| r.ok().and_then(|rules| rules.first().cloned()));
    match first.and_then(|r| r.get("ObjectOwnership").map(Val::string)) {
        Some(Ok(o)) => Value::Known(Some(o)),
        Some(Err(r)) => Value::Unknown(format!("ObjectOwnership: {r}")),
        None => Value::Unknown("OwnershipControls without Rules[0].ObjectOwnership".to_string()),
    }
}

fn join_policies(t: &mut Template<'_>) {
    let policies: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::S3::BucketPolicy")
        .collect();
    for i in policies {
        let decl = &t.decls[i];
        let target = decl.props.get("Bucket").and_then(|b| t.target(b));
        let Some(target) = target.filter(|id| t.index.contains_key(id)) else {
            t.unjoined(i, "a bucket");
            continue;
        };
        let document = decl.props.get("PolicyDocument").map(policy_document);
        let location = t.location(decl.props.key_pos("PolicyDocument").unwrap_or(decl.pos));
        let existence = decl.existence_unknown.clone();
        let Some(resource) = t.resource_mut(&target) else {
            continue;
        };
        let Attributes::S3Bucket(bucket) = &mut resource.attributes else {
            continue;
        };
        let document = match (existence, document) {
            (Some(why), _) => Value::Unknown(format!("the bucket policy may not exist: {why}")),
            (None, Some(doc)) => doc.map(Some),
            (None, None) => Value::Unknown("BucketPolicy without PolicyDocument".to_string()),
        };
        bucket.policy_is_public = document.as_ref().map(|d| {
            d.as_ref()
                .is_some_and(|d| !d.public_allow_statements().is_empty())
        });
        bucket.policy = document;
        resource
            .attribute_locations
            .insert("policy".to_string(), location.clone());
        resource
            .attribute_locations
            .insert("policy_is_public".to_string(), location);
    }
}

/// A policy document from a template value. Unknown pieces in what decides what is granted
/// (`Effect`, `Principal`, `Action`, `NotAction`, `Condition`) make the document Unknown;
/// unknown resource ARNs and sids are kept as visible placeholders, since they do not change
/// who is granted what kind of access.
pub(crate) fn policy_document(v: &Val) -> Value<PolicyDocument> {
    // Properties of type Json also accept the document as a JSON string.
    if let super::eval::V::Str(text) = &v.v {
        return match PolicyDocument::parse(text) {
            Ok(doc) => Value::Known(doc),
            Err(e) => Value::Unknown(format!(
                "policy document at line {} is a string that is not JSON: {e}",
                v.pos.line
            )),
        };
    }
    if let Ok(json) = v.to_json() {
        return Value::Known(PolicyDocument(json));
    }
    if let Some(r) = v.unknown_reason() {
        return Value::Unknown(format!("policy document: {r}"));
    }
    let statements = match v.get("Statement") {
        Some(s) => match &s.v {
            super::eval::V::List(items) => items.clone(),
            super::eval::V::Map(_) => vec![s.clone()],
            _ => {
                return Value::Unknown(format!(
                    "policy document Statement: {}",
                    s.unknown_reason().unwrap_or_default()
                ))
            }
        },
        None => return Value::Unknown("policy document without Statement".to_string()),
    };
    for statement in &statements {
        for field in [
            "Effect",
            "Principal",
            "NotPrincipal",
            "Action",
            "NotAction",
            "Condition",
        ] {
            if let Some(Err(r)) = statement.get(field).map(Val::to_json) {
                return Value::Unknown(format!("policy statement {field}: {r}"));
            }
        }
    }
    Value::Known(PolicyDocument(v.to_json_lossy()))
}
