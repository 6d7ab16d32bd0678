//! CloudTrail log file integrity validation.

use cloudward_model::cloudtrail::Trail;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `LogFileValidationEnabled` from `DescribeTrails`, trail by trail.
pub struct CloudtrailLogFileValidationEnabled;

const META: RuleMeta = RuleMeta {
    id: "cloudtrail-log-file-validation-enabled",
    title: "CloudTrail trails have log file validation enabled",
    severity: Severity::Low,
    service: "cloudtrail",
    kinds: Trail::KINDS,
    checks: "For each trail, whether `LogFileValidationEnabled` is true, so CloudTrail delivers \
             signed hourly digest files alongside the logs.",
    rationale: "An intruder with access to the log bucket can delete or edit log files to hide \
                what they did. Digest files (SHA-256 hashes, signed with RSA) let an \
                investigator prove whether any log file was modified, deleted or forged after \
                delivery.",
    remediation: Remediation {
        console: "CloudTrail console > Trails > <trail> > General details > Edit > Additional \
                  settings > Log file validation: Enabled > Save changes.",
        cli: "aws cloudtrail update-trail --name <trail> --enable-log-file-validation",
        terraform: "resource \"aws_cloudtrail\" \"main\" {\n  \
                    # ...\n  \
                    enable_log_file_validation = true\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4",
    ],
    frameworks: Frameworks {
        cis_v7: &["4.2"],
        cis_v6: &["4.2"],
        cis_v5: &["3.2"],
        cis_v3: &["3.2"],
        fsbp: &["CloudTrail.4"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "example-cloudtrail-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = false
}
"#,
        terraform_good: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "example-cloudtrail-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
"#,
        cloudformation_bad: r#"Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: main
      S3BucketName: example-cloudtrail-logs
      IsLogging: true
      IsMultiRegionTrail: true
      EnableLogFileValidation: false
"#,
        cloudformation_good: r#"Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: main
      S3BucketName: example-cloudtrail-logs
      IsLogging: true
      IsMultiRegionTrail: true
      EnableLogFileValidation: true
"#,
    },
    file: file!(),
};

impl Check for CloudtrailLogFileValidationEnabled {
    type Subject = Trail;
    const META: &'static RuleMeta = &META;

    fn judge(&self, trail: &Trail, _: &Resource, _: &Inventory) -> Outcome {
        let name = &trail.name;
        flag(
            &trail.log_file_validation_enabled,
            "log_file_validation_enabled",
            format!("trail {name} has log file validation enabled"),
            format!("trail {name} has log file validation disabled"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudtrail::test_support::judge_trail;
    use cloudward_model::{Status, Value};

    fn judge(enabled: Value<bool>) -> Status {
        judge_trail(&CloudtrailLogFileValidationEnabled, |t| {
            t.log_file_validation_enabled = enabled
        })
    }

    #[test]
    fn enabled_passes() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
    }

    #[test]
    fn disabled_fails() {
        assert_eq!(judge(Value::Known(false)), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(judge(Value::unknown("unresolved")), Status::Unknown);
    }
}
