//! AWS Config records all resource types in every region.

use cloudward_model::config::RegionStatus;
use cloudward_model::{
    config, Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta,
    Severity, Subject,
};

use crate::Check;

/// Reads `DescribeConfigurationRecorders` and `DescribeConfigurationRecorderStatus` per region.
/// A region passes when one recorder is recording, records all supported resource types, and
/// its last status is not `Failure`. `includeGlobalResourceTypes` is reported but not required:
/// AWS now advises recording global IAM types in one region only, to avoid duplicates.
pub struct ConfigRecordingEnabled;

const META: RuleMeta = RuleMeta {
    id: "config-recording-enabled",
    title: "AWS Config records all supported resource types in every region",
    severity: Severity::Medium,
    service: "config",
    kinds: RegionStatus::KINDS,
    checks: "For each region, whether a configuration recorder exists whose status is \
             `recording: true` with a last status other than `Failure`, and whose recording \
             group has `allSupported: true`.",
    rationale: "AWS Config keeps the configuration history of resources: what a security group \
                or bucket policy looked like at the time of an incident, and who changed it. \
                Recording only some types, or not recording in some regions, leaves blind spots \
                exactly where unexpected resources appear.",
    remediation: Remediation {
        console: "AWS Config console > Settings > Edit > Recording strategy: All resource types \
                  with customizable overrides > choose the delivery bucket > Save; make sure \
                  Recording is on; repeat in every enabled region.",
        cli: "aws configservice put-configuration-recorder --configuration-recorder \
              name=default,roleARN=<config-role-arn> \
              --recording-group allSupported=true,includeGlobalResourceTypes=true --region <region>\n\
              aws configservice put-delivery-channel --delivery-channel \
              name=default,s3BucketName=<config-bucket> --region <region>\n\
              aws configservice start-configuration-recorder --configuration-recorder-name default \
              --region <region>",
        terraform: "resource \"aws_config_configuration_recorder\" \"main\" {\n  \
                    name     = \"main\"\n  \
                    role_arn = aws_iam_service_linked_role.config.arn\n  \
                    recording_group {\n    \
                    all_supported                 = true\n    \
                    include_global_resource_types = true\n  }\n}\n\n\
                    resource \"aws_config_delivery_channel\" \"main\" {\n  \
                    name           = \"main\"\n  \
                    s3_bucket_name = aws_s3_bucket.config.id\n  \
                    depends_on     = [aws_config_configuration_recorder.main]\n}\n\n\
                    resource \"aws_config_configuration_recorder_status\" \"main\" {\n  \
                    name       = aws_config_configuration_recorder.main.name\n  \
                    is_enabled = true\n  \
                    depends_on = [aws_config_delivery_channel.main]\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1",
    ],
    frameworks: Frameworks {
        cis_v7: &["4.3"],
        cis_v6: &["4.3"],
        cis_v5: &["3.3"],
        cis_v3: &["3.3"],
        fsbp: &["Config.1"],
        well_architected: &["SEC04-BP01", "SEC04-BP02"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"

  recording_group {
    all_supported  = false
    resource_types = ["AWS::EC2::Instance"]
  }
}

resource "aws_config_delivery_channel" "main" {
  name           = "main"
  s3_bucket_name = "example-config-history"
  depends_on     = [aws_config_configuration_recorder.main]
}

resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = true
  depends_on = [aws_config_delivery_channel.main]
}
"#,
        terraform_good: r#"resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"

  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}

resource "aws_config_delivery_channel" "main" {
  name           = "main"
  s3_bucket_name = "example-config-history"
  depends_on     = [aws_config_configuration_recorder.main]
}

resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = true
  depends_on = [aws_config_delivery_channel.main]
}
"#,
        cloudformation_bad: r#"Resources:
  Recorder:
    Type: AWS::Config::ConfigurationRecorder
    Properties:
      Name: main
      RoleARN: arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig
      RecordingGroup:
        AllSupported: false
        ResourceTypes:
          - AWS::EC2::Instance
  DeliveryChannel:
    Type: AWS::Config::DeliveryChannel
    Properties:
      S3BucketName: example-config-history
"#,
        cloudformation_good: r#"Resources:
  Recorder:
    Type: AWS::Config::ConfigurationRecorder
    Properties:
      Name: main
      RoleARN: arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig
      RecordingGroup:
        AllSupported: true
        IncludeGlobalResourceTypes: true
  DeliveryChannel:
    Type: AWS::Config::DeliveryChannel
    Properties:
      S3BucketName: example-config-history
"#,
    },
    file: file!(),
};

/// What one recorder lacks, as far as is known.
fn shortfalls(r: &config::Recorder) -> (Vec<String>, Vec<String>) {
    let mut short = Vec::new();
    let mut unknown = Vec::new();
    match r.recording.get() {
        Ok(true) => {}
        Ok(false) => short.push("not recording".to_string()),
        Err(reason) => unknown.push(format!("recording status: {reason}")),
    }
    match r.all_supported.get() {
        Ok(true) => {}
        Ok(false) => short.push("records only selected resource types".to_string()),
        Err(reason) => unknown.push(format!("recording group: {reason}")),
    }
    if r.last_status.as_deref() == Some("Failure") {
        short.push("its last recording attempt failed".to_string());
    }
    (short, unknown)
}

impl Check for ConfigRecordingEnabled {
    type Subject = RegionStatus;
    const META: &'static RuleMeta = &META;

    fn judge(&self, status: &RegionStatus, resource: &Resource, _: &Inventory) -> Outcome {
        let region = resource.region.as_deref().unwrap_or("this region");
        let recorders = match status.recorders.get() {
            Ok(recorders) => recorders,
            Err(reason) => return Outcome::unknown(reason),
        };
        if recorders.is_empty() {
            return Outcome::Fail(Evidence::at(
                "recorders",
                format!("{region} has no AWS Config configuration recorder"),
            ));
        }
        let mut short_all = Vec::new();
        let mut unknown_all = Vec::new();
        for r in recorders {
            let (short, unknown) = shortfalls(r);
            if short.is_empty() && unknown.is_empty() {
                let global = match r.include_global_resource_types.known() {
                    Some(true) => "including global resource types",
                    Some(false) => "without global resource types (record those in one region)",
                    None => "global resource types unknown",
                };
                return Outcome::Pass(Evidence::at(
                    "recorders",
                    format!(
                        "{region}: recorder {} is recording all supported resource types, {global}",
                        r.name
                    ),
                ));
            }
            if short.is_empty() {
                unknown_all.push(format!("recorder {}: {}", r.name, unknown.join("; ")));
            } else {
                short_all.push(format!("recorder {} {}", r.name, short.join(", ")));
            }
        }
        if !unknown_all.is_empty() {
            return Outcome::unknown(format!("{region}: {}", unknown_all.join("; ")));
        }
        Outcome::Fail(Evidence::at(
            "recorders",
            format!("{region}: {}", short_all.join("; ")),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn recorder(recording: Value<bool>, all: Value<bool>, last: Option<&str>) -> config::Recorder {
        config::Recorder {
            name: "default".into(),
            all_supported: all,
            include_global_resource_types: Value::Known(true),
            recording,
            last_status: last.map(str::to_string),
        }
    }

    fn judge(recorders: Value<Vec<config::Recorder>>) -> Outcome {
        let r = test_support::resource(
            "config-us-east-1",
            Attributes::ConfigRegion(config::RegionStatus { recorders }),
        );
        testing::outcome_in(&ConfigRecordingEnabled, &r, &Inventory::new())
    }

    #[test]
    fn recording_everything_passes() {
        let outcome = judge(Value::Known(vec![recorder(
            Value::Known(true),
            Value::Known(true),
            Some("Success"),
        )]));
        assert_eq!(outcome.status(), Status::Pass, "{outcome:?}");
    }

    #[test]
    fn stopped_partial_or_failing_recorders_fail() {
        for r in [
            recorder(Value::Known(false), Value::Known(true), None),
            recorder(Value::Known(true), Value::Known(false), None),
            recorder(Value::Known(true), Value::Known(true), Some("Failure")),
            recorder(Value::unknown("status denied"), Value::Known(false), None),
        ] {
            assert_eq!(judge(Value::Known(vec![r])).status(), Status::Fail);
        }
        let Outcome::Fail(e) = judge(Value::Known(vec![])) else {
            panic!("expected a failure");
        };
        assert!(e.message.contains("us-east-1"), "{}", e.message);
    }

    #[test]
    fn unknown_status_or_listing_is_unknown() {
        let r = recorder(Value::unknown("status denied"), Value::Known(true), None);
        assert_eq!(judge(Value::Known(vec![r])).status(), Status::Unknown);
        assert_eq!(
            judge(Value::unknown("AccessDenied")).status(),
            Status::Unknown
        );
    }
}
