//! CloudTrail rules: an account-wide multi-region trail, and per trail its integrity,
//! encryption, CloudWatch Logs delivery and the S3 bucket it writes to.

mod cloudtrail_bucket_access_logging_enabled;
mod cloudtrail_bucket_not_public;
mod cloudtrail_cloudwatch_logs_integrated;
mod cloudtrail_encrypted_with_kms;
mod cloudtrail_log_file_validation_enabled;
mod cloudtrail_multi_region_trail_enabled;

use cloudward_model::{cloudtrail, s3, Inventory, Resource, ResourceKind};

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &cloudtrail_multi_region_trail_enabled::CloudtrailMultiRegionTrailEnabled,
    &cloudtrail_log_file_validation_enabled::CloudtrailLogFileValidationEnabled,
    &cloudtrail_encrypted_with_kms::CloudtrailEncryptedWithKms,
    &cloudtrail_cloudwatch_logs_integrated::CloudtrailCloudwatchLogsIntegrated,
    &cloudtrail_bucket_not_public::CloudtrailBucketNotPublic,
    &cloudtrail_bucket_access_logging_enabled::CloudtrailBucketAccessLoggingEnabled,
];

/// The S3 bucket a trail delivers to, looked up by name in the inventory. `Err` carries the
/// reason for an Unknown: the name is unknown, or the bucket is not in the inventory (it lives
/// in another account, as with a central logging account, or it was not collected).
fn trail_bucket<'a>(
    trail: &cloudtrail::Trail,
    inventory: &'a Inventory,
) -> Result<(String, &'a s3::Bucket), String> {
    let name = match trail.s3_bucket_name.get() {
        Ok(Some(name)) => name.clone(),
        Ok(None) => return Err(format!("trail {} names no S3 bucket", trail.name)),
        Err(reason) => return Err(format!("S3 bucket of trail {}: {reason}", trail.name)),
    };
    match inventory
        .find(ResourceKind::S3Bucket, &name)
        .and_then(Resource::as_s3_bucket)
    {
        Some(bucket) => Ok((name, bucket)),
        None => {
            let listing = inventory
                .errors_for(ResourceKind::S3Bucket)
                .next()
                .map(|e| format!(" ({})", e.reason()))
                .unwrap_or_default();
            Err(format!(
                "bucket {name} of trail {} is in another account or was not collected{listing}",
                trail.name
            ))
        }
    }
}

/// Test builders shared by the CloudTrail rules' tests.
#[cfg(test)]
pub(crate) mod test_support {
    use cloudward_model::{cloudtrail, s3, Attributes, Inventory, Resource, Status, Value};

    use crate::Rule;

    /// A trail resource with the given attributes.
    pub(crate) fn trail(t: cloudtrail::Trail) -> Resource {
        let name = t.name.clone();
        cloudward_model::test_support::resource(&name, Attributes::CloudTrailTrail(t))
    }

    /// Trail `main` delivering to the S3 bucket named `bucket_name`.
    pub(crate) fn trail_to(bucket_name: Value<Option<String>>) -> Resource {
        trail(cloudtrail::Trail {
            name: "main".into(),
            s3_bucket_name: bucket_name,
            ..Default::default()
        })
    }

    /// A bucket resource with the given attributes.
    pub(crate) fn bucket(b: s3::Bucket) -> Resource {
        let name = b.name.clone();
        cloudward_model::test_support::resource(&name, Attributes::S3Bucket(b))
    }

    /// The status `rule` gives trail `main`, as `set` leaves it, alone in an empty inventory.
    pub(crate) fn judge_trail(rule: &dyn Rule, set: impl FnOnce(&mut cloudtrail::Trail)) -> Status {
        let mut t = cloudtrail::Trail {
            name: "main".into(),
            ..Default::default()
        };
        set(&mut t);
        rule.evaluate(&trail(t), &Inventory::new()).status()
    }
}
