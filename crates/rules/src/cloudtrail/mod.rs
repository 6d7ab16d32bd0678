//! CloudTrail rules: an account-wide multi-region trail, and per trail its integrity,
//! encryption, CloudWatch Logs delivery and the S3 bucket it writes to.

mod cloudtrail_bucket_access_logging_enabled;
mod cloudtrail_bucket_not_public;
mod cloudtrail_cloudwatch_logs_integrated;
mod cloudtrail_encrypted_with_kms;
mod cloudtrail_log_file_validation_enabled;
mod cloudtrail_multi_region_trail_enabled;
mod cloudtrail_s3_object_read_events_logged;
mod cloudtrail_s3_object_write_events_logged;

use cloudward_model::{
    cloudtrail, s3, Evidence, Examples, Inventory, Outcome, Resource, ResourceKind,
};

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &cloudtrail_multi_region_trail_enabled::CloudtrailMultiRegionTrailEnabled,
    &cloudtrail_log_file_validation_enabled::CloudtrailLogFileValidationEnabled,
    &cloudtrail_encrypted_with_kms::CloudtrailEncryptedWithKms,
    &cloudtrail_cloudwatch_logs_integrated::CloudtrailCloudwatchLogsIntegrated,
    &cloudtrail_bucket_not_public::CloudtrailBucketNotPublic,
    &cloudtrail_bucket_access_logging_enabled::CloudtrailBucketAccessLoggingEnabled,
    &cloudtrail_s3_object_write_events_logged::CloudtrailS3ObjectWriteEventsLogged,
    &cloudtrail_s3_object_read_events_logged::CloudtrailS3ObjectReadEventsLogged,
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

/// Whether a logging trail records `bucket`'s object-level reads (`write` false) or writes:
/// a multi-region trail, or one whose home region is the bucket's, with S3 data-event
/// selectors covering the whole bucket. Trails whose selectors or status could not be read
/// make the verdict Unknown only when no other trail already records the bucket.
fn s3_object_events(resource: &Resource, inventory: &Inventory, write: bool) -> Outcome {
    let what = if write { "writes" } else { "reads" };
    let bucket = &resource.name;
    let partition = resource
        .id
        .strip_prefix("arn:")
        .and_then(|rest| rest.split(':').next())
        .filter(|p| !p.is_empty())
        .unwrap_or("aws");
    let mut unknown: Vec<String> = Vec::new();
    let mut trails = 0usize;
    for trail in inventory
        .of_kind(ResourceKind::CloudTrailTrail)
        .filter_map(Resource::as_cloudtrail_trail)
    {
        trails += 1;
        let reaches = match trail.is_multi_region_trail.get() {
            Ok(true) => true,
            Ok(false) => {
                resource.region.is_none() || resource.region.as_deref() == Some(&trail.home_region)
            }
            Err(r) => {
                unknown.push(format!("trail {}: {r}", trail.name));
                continue;
            }
        };
        if !reaches {
            continue;
        }
        let scope = match trail.s3_data_events.get() {
            Ok(events) => {
                if write {
                    &events.write
                } else {
                    &events.read
                }
            }
            Err(r) => {
                unknown.push(format!("trail {}: {r}", trail.name));
                continue;
            }
        };
        if !scope.covers_bucket(partition, bucket) {
            continue;
        }
        match trail.is_logging.get() {
            Ok(true) => {
                return Outcome::Pass(Evidence::at(
                    "name",
                    format!(
                        "trail {} records object-level {what} of bucket {bucket}",
                        trail.name
                    ),
                ))
            }
            Ok(false) => unknown.push(format!(
                "trail {} would record object-level {what} of bucket {bucket} but is not logging",
                trail.name
            )),
            Err(r) => unknown.push(format!("trail {}: {r}", trail.name)),
        }
    }
    if let Some(e) = inventory
        .errors_for_in(ResourceKind::CloudTrailTrail, resource.region.as_deref())
        .next()
    {
        unknown.push(format!("trails could not be listed: {}", e.reason()));
    }
    // A stopped trail is a finding, not a gap in what we saw.
    let (stopped, unread): (Vec<String>, Vec<String>) = unknown
        .into_iter()
        .partition(|u| u.ends_with("is not logging"));
    if !unread.is_empty() {
        return Outcome::unknown(unread.join("; "));
    }
    if trails == 0 {
        if resource.location().is_some() {
            return Outcome::unknown(format!(
                "no trail is defined in this code; whether one elsewhere records object-level \
                 {what} of bucket {bucket} is judged on the live account"
            ));
        }
        if let Some(why) = crate::not_seen(inventory, "cloudtrail", ResourceKind::CloudTrailTrail) {
            return Outcome::unknown(format!(
                "which trail records object-level {what} of bucket {bucket} is not known: {why}"
            ));
        }
    }
    let mut message = format!("no logging trail records object-level {what} of bucket {bucket}");
    if !stopped.is_empty() {
        message.push_str(&format!(" ({})", stopped.join("; ")));
    }
    Outcome::Fail(Evidence::at("name", message))
}

/// The examples of both S3 data-event rules: a trail without data events, and one whose
/// selectors record every object event (read and write) of every bucket.
pub(crate) const S3_DATA_EVENT_EXAMPLES: Examples = Examples {
    terraform_bad: r#"resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "example-trail-logs"
  is_multi_region_trail = true
}
"#,
    terraform_good: r#"resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "example-trail-logs"
  is_multi_region_trail = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}
"#,
    cloudformation_bad: r#"Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-data
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: main
      S3BucketName: example-trail-logs
      IsLogging: true
      IsMultiRegionTrail: true
"#,
    cloudformation_good: r#"Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-data
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: main
      S3BucketName: example-trail-logs
      IsLogging: true
      IsMultiRegionTrail: true
      AdvancedEventSelectors:
        - Name: Management
          FieldSelectors:
            - Field: eventCategory
              Equals: [Management]
        - Name: S3 objects
          FieldSelectors:
            - Field: eventCategory
              Equals: [Data]
            - Field: resources.type
              Equals: ["AWS::S3::Object"]
"#,
};

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

    /// The cases both S3 data-event rules must get right; `write` says which half of the
    /// selectors `rule` reads.
    pub(crate) fn s3_data_event_cases(rule: &dyn Rule, write: bool) {
        use cloudward_model::cloudtrail::{ArnScope, S3DataEvents, Trail};

        let judge = |trails: Vec<Trail>| {
            let mut inventory = Inventory::new();
            inventory.services = vec!["s3".into(), "cloudtrail".into()];
            for t in trails {
                inventory.push(trail(t));
            }
            let b = bucket(s3::Bucket {
                name: "data".into(),
                ..Default::default()
            });
            rule.evaluate(&b, &inventory)
        };
        let logging = |scope: ArnScope, multi_region: bool| {
            let events = match write {
                true => S3DataEvents {
                    write: scope,
                    ..Default::default()
                },
                false => S3DataEvents {
                    read: scope,
                    ..Default::default()
                },
            };
            Trail {
                name: "main".into(),
                home_region: "eu-central-1".into(),
                is_multi_region_trail: Value::Known(multi_region),
                is_logging: Value::Known(true),
                s3_data_events: Value::Known(events),
                ..Default::default()
            }
        };
        let all = || ArnScope {
            include: vec!["arn:aws:s3".into()],
            exclude: vec![],
        };
        // A multi-region trail covering every bucket passes.
        assert_eq!(judge(vec![logging(all(), true)]).status(), Status::Pass);
        // The other half of the selectors does not count.
        let mut other = logging(ArnScope::default(), true);
        other.s3_data_events = Value::Known(match write {
            true => S3DataEvents {
                read: all(),
                ..Default::default()
            },
            false => S3DataEvents {
                write: all(),
                ..Default::default()
            },
        });
        assert_eq!(judge(vec![other]).status(), Status::Fail);
        // No trail, no selector, a single-region trail elsewhere, a stopped trail, an exclusion.
        assert_eq!(judge(vec![]).status(), Status::Fail);
        assert_eq!(
            judge(vec![logging(ArnScope::default(), true)]).status(),
            Status::Fail
        );
        assert_eq!(judge(vec![logging(all(), false)]).status(), Status::Fail);
        let mut stopped = logging(all(), true);
        stopped.is_logging = Value::Known(false);
        let outcome = judge(vec![stopped]);
        assert_eq!(outcome.status(), Status::Fail);
        assert!(
            format!("{outcome:?}").contains("not logging"),
            "{outcome:?}"
        );
        let except = ArnScope {
            include: vec!["arn:aws:s3".into()],
            exclude: vec!["arn:aws:s3:::data/".into()],
        };
        assert_eq!(judge(vec![logging(except, true)]).status(), Status::Fail);
        // CloudTrail not collected: Unknown, not Fail.
        let b = bucket(s3::Bucket {
            name: "data".into(),
            ..Default::default()
        });
        let mut inventory = Inventory::new();
        inventory.services = vec!["s3".into()];
        let outcome = rule.evaluate(&b, &inventory);
        assert_eq!(outcome.status(), Status::Unknown);
        assert!(
            format!("{outcome:?}").contains("cloudtrail service was not collected"),
            "{outcome:?}"
        );
        // Unreadable selectors are Unknown unless another trail records the bucket.
        let mut unread = logging(all(), true);
        unread.s3_data_events = Value::unknown("AccessDenied");
        assert_eq!(judge(vec![unread.clone()]).status(), Status::Unknown);
        assert_eq!(
            judge(vec![unread, logging(all(), true)]).status(),
            Status::Pass
        );
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
