//! The normalised resource model of cloudward.
//!
//! Every source (a live account through the AWS SDK, a JSON snapshot, Terraform,
//! CloudFormation) is adapted into one [`Inventory`] of [`Resource`]s, and every rule is written
//! once against it. Attributes are [`Value`]s: `Known(T)` or `Unknown(reason)`, so that what a
//! source could not tell never turns into a Pass.
//!
//! Principal types:
//! - [`Inventory`]: resources plus [`CollectionError`]s, serialisable as a versioned snapshot.
//! - [`Resource`]: id, name, region, [`Source`], and typed [`Attributes`] per [`ResourceKind`].
//! - [`Finding`], [`Outcome`], [`RuleMeta`]: what rules produce and reports render.
//!
//! This crate knows no other cloudward crate and no AWS SDK types.
//!
//! ```
//! use cloudward_model::{Inventory, Resource, Attributes, Source, Value, s3};
//!
//! let mut inventory = Inventory::new();
//! inventory.push(Resource {
//!     id: "arn:aws:s3:::logs".into(),
//!     name: "logs".into(),
//!     account: Some("123456789012".into()),
//!     region: Some("eu-west-1".into()),
//!     tags: Default::default(),
//!     source: Source::Live,
//!     attribute_locations: Default::default(),
//!     tags_unknown: None,
//!     existence_unknown: None,
//!     suppressions: vec![],
//!     attributes: Attributes::S3Bucket(s3::Bucket {
//!         name: "logs".into(),
//!         versioning: Value::unknown("AccessDenied"),
//!         ..Default::default()
//!     }),
//! });
//! let bucket = inventory.find(cloudward_model::ResourceKind::S3Bucket, "logs").unwrap();
//! assert!(bucket.as_s3_bucket().unwrap().versioning.unknown_reason().is_some());
//! ```
#![deny(missing_docs)]

mod finding;
mod inventory;
mod resource;
mod source;
mod value;

pub mod accessanalyzer;
pub mod account;
pub mod acm;
pub mod alert;
pub mod apigateway;
pub mod apigatewayv2;
pub mod athena;
pub mod backup;
pub mod cloudfront;
pub mod cloudtrail;
pub mod cloudwatch;
pub mod config;
pub mod dynamodb;
pub mod ec2;
pub mod ecr;
pub mod ecs;
pub mod efs;
pub mod eks;
pub mod elasticache;
pub mod elb;
pub mod guardduty;
pub mod iam;
pub mod inspector2;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod macie2;
pub mod opensearch;
pub mod organizations;
pub mod policy;
pub mod rds;
pub mod redshift;
pub mod route53;
pub mod s3;
pub mod secretsmanager;
pub mod securityhub;
pub mod settings;
pub mod sns;
pub mod sqs;
pub mod ssm;
pub mod ssoadmin;
pub mod wafv2;

#[cfg(any(test, feature = "test-support"))]
pub mod test_support;

pub use finding::{
    Evidence, Examples, Finding, Frameworks, Outcome, Remediation, RuleMeta, Severity, Status, Text,
};
pub use inventory::{
    CollectionError, ErrorKind, Inventory, SnapshotError, MAX_SNAPSHOT_BYTES, MAX_SNAPSHOT_DEPTH,
    SNAPSHOT_VERSION,
};
pub use resource::{Attributes, Resource, ResourceKind, Subject, Suppression, TAG_VALUE_NOT_KNOWN};
pub use settings::Settings;
pub use source::{Location, Source};
pub use value::Value;
