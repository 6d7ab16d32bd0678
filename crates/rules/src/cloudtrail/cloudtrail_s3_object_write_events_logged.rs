//! CloudTrail records S3 object-level write events (CIS 3.8).

use cloudward_model::{
    s3, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::s3_object_events;
use crate::Check;

/// Judged per bucket, as the benchmark asks: some logging trail that reaches the bucket's
/// region has an S3 data-event selector covering the whole bucket for write.
pub struct CloudtrailS3ObjectWriteEventsLogged;

const META: RuleMeta = RuleMeta {
    id: "cloudtrail-s3-object-write-events-logged",
    title: "CloudTrail records object-level write events for the S3 bucket",
    severity: Severity::Medium,
    service: "cloudtrail",
    kinds: s3::Bucket::KINDS,
    checks: "For each S3 bucket, whether a logging trail (multi-region, or in the bucket's \
             region) has a basic `DataResources` entry of type `AWS::S3::Object` or an advanced \
             `eventCategory = Data` / `resources.type = AWS::S3::Object` selector that covers \
             the whole bucket for write events. Selectors narrowed by event name or ARN suffix \
             record only part of the bucket and do not count.",
    rationale: "Management events show who changed a bucket's settings, not who put, overwrote \
                or deleted its objects. Without object-level write events, a ransomware-style \
                overwrite or a deletion cannot be attributed to a principal, an access key or \
                a source address.",
    remediation: Remediation {
        console: "CloudTrail console > Trails > <multi-region trail> > Data events > Edit > \
                  Add data event type S3 > Log selector template: Log writeOnly events (all current and \
                  future buckets) > Save changes.",
        cli: "aws cloudtrail put-event-selectors --trail-name <trail> --advanced-event-selectors \
              '[{\"Name\":\"Management\",\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]}]},\
              {\"Name\":\"S3 objects\",\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Data\"]},\
              {\"Field\":\"resources.type\",\"Equals\":[\"AWS::S3::Object\"]}]}]'",
        terraform: "resource \"aws_cloudtrail\" \"main\" {\n  \
                    # ...\n  \
                    event_selector {\n    \
                    read_write_type           = \"All\"\n    \
                    include_management_events = true\n    \
                    data_resource {\n      \
                    type   = \"AWS::S3::Object\"\n      \
                    values = [\"arn:aws:s3\"]\n    \
                    }\n  \
                    }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-cloudtrail-logging-for-s3.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["4.8"],
        cis_v6: &["4.8"],
        cis_v5: &["3.8"],
        cis_v3: &["3.8"],
        fsbp: &["S3.22"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
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
    },
    file: file!(),
};

impl Check for CloudtrailS3ObjectWriteEventsLogged {
    type Subject = s3::Bucket;
    const META: &'static RuleMeta = &META;

    fn judge(&self, _: &s3::Bucket, resource: &Resource, inventory: &Inventory) -> Outcome {
        s3_object_events(resource, inventory, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudtrail::test_support::{bucket, trail};
    use crate::Rule;
    use cloudward_model::cloudtrail::{ArnScope, S3DataEvents, Trail};
    use cloudward_model::{Status, Value};

    fn judge(trails: Vec<Trail>) -> Outcome {
        let mut inventory = Inventory::new();
        inventory.services = vec!["s3".into(), "cloudtrail".into()];
        for t in trails {
            inventory.push(trail(t));
        }
        let b = bucket(s3::Bucket {
            name: "data".into(),
            ..Default::default()
        });
        CloudtrailS3ObjectWriteEventsLogged.evaluate(&b, &inventory)
    }

    fn logging(scope: ArnScope, multi_region: bool) -> Trail {
        let events = match true {
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
    }

    fn all() -> ArnScope {
        ArnScope {
            include: vec!["arn:aws:s3".into()],
            exclude: vec![],
        }
    }

    #[test]
    fn a_multi_region_trail_covering_every_bucket_passes() {
        assert_eq!(judge(vec![logging(all(), true)]).status(), Status::Pass);
    }

    #[test]
    fn no_selector_a_stopped_trail_or_another_region_fails() {
        assert_eq!(judge(vec![]).status(), Status::Fail);
        assert_eq!(
            judge(vec![logging(ArnScope::default(), true)]).status(),
            Status::Fail
        );
        // A single-region trail elsewhere does not see this bucket's region.
        assert_eq!(judge(vec![logging(all(), false)]).status(), Status::Fail);
        let mut stopped = logging(all(), true);
        stopped.is_logging = Value::Known(false);
        let outcome = judge(vec![stopped]);
        assert_eq!(outcome.status(), Status::Fail);
        assert!(
            format!("{outcome:?}").contains("not logging"),
            "{outcome:?}"
        );
        // Excluding this bucket.
        let except = ArnScope {
            include: vec!["arn:aws:s3".into()],
            exclude: vec!["arn:aws:s3:::data/".into()],
        };
        assert_eq!(judge(vec![logging(except, true)]).status(), Status::Fail);
    }

    #[test]
    fn without_cloudtrail_in_the_collection_it_is_unknown() {
        let b = bucket(s3::Bucket {
            name: "data".into(),
            ..Default::default()
        });
        let mut inventory = Inventory::new();
        assert_eq!(
            CloudtrailS3ObjectWriteEventsLogged
                .evaluate(&b, &inventory)
                .status(),
            Status::Unknown
        );
        inventory.services = vec!["s3".into()];
        assert_eq!(
            CloudtrailS3ObjectWriteEventsLogged
                .evaluate(&b, &inventory)
                .status(),
            Status::Unknown
        );
    }

    #[test]
    fn unreadable_selectors_are_unknown_unless_another_trail_records_the_bucket() {
        let mut unread = logging(all(), true);
        unread.s3_data_events = Value::unknown("AccessDenied");
        assert_eq!(judge(vec![unread.clone()]).status(), Status::Unknown);
        assert_eq!(
            judge(vec![unread, logging(all(), true)]).status(),
            Status::Pass
        );
    }
}
