//! Builders for hand-made resources in tests (`features = ["test-support"]`).

use crate::{Attributes, Finding, Resource, ResourceKind, Severity, Source, Status};

/// The account id used by test resources.
pub const TEST_ACCOUNT: &str = "123456789012";
/// The region used by regional test resources.
pub const TEST_REGION: &str = "us-east-1";

/// A live resource in [`TEST_REGION`] with the given name and attributes; the id is
/// `arn:aws:test:::<name>`. Pass `region: None` through [`global`] for global resources.
pub fn resource(name: &str, attributes: Attributes) -> Resource {
    Resource {
        id: format!("arn:aws:test:{TEST_REGION}:{TEST_ACCOUNT}:{name}"),
        name: name.to_string(),
        account: Some(TEST_ACCOUNT.to_string()),
        region: Some(TEST_REGION.to_string()),
        tags: Default::default(),
        source: Source::Live,
        attribute_locations: Default::default(),
        tags_unknown: None,
        existence_unknown: None,
        suppressions: Vec::new(),
        attributes,
    }
}

/// A global live resource (IAM, the account).
pub fn global(name: &str, attributes: Attributes) -> Resource {
    let mut r = resource(name, attributes);
    r.region = None;
    r.id = format!("arn:aws:test::{TEST_ACCOUNT}:{name}");
    r
}

/// A finding of rule `r` about S3 bucket `b`, with the given severity and status; set other
/// fields with struct update syntax (`Finding { service: "iam".into(), ..finding(..) }`).
pub fn finding(severity: Severity, status: Status) -> Finding {
    Finding {
        rule_id: "r".into(),
        title: "t".into(),
        severity,
        service: "s3".into(),
        status,
        resource_id: "arn:aws:s3:::b".into(),
        resource_kind: ResourceKind::S3Bucket,
        resource_name: "b".into(),
        region: None,
        account: None,
        location: None,
        message: "m".into(),
        attribute: None,
        suppression: None,
    }
}
