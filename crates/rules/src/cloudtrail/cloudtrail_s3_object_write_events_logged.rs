//! CloudTrail records S3 object-level write events (CIS 3.8).

use cloudward_model::{
    s3, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
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
    examples: super::S3_DATA_EVENT_EXAMPLES,
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

    #[test]
    fn judges_write_events() {
        crate::cloudtrail::test_support::s3_data_event_cases(
            &CloudtrailS3ObjectWriteEventsLogged,
            true,
        );
    }
}
