//! Instances require IMDSv2 (session tokens) or have the metadata service off.

use cloudward_model::ec2::Instance;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `MetadataOptions`: `HttpTokens = required` passes, and so does `HttpEndpoint =
/// disabled` (no metadata service to abuse). Stopped instances are judged, since they can be
/// started with the same options; terminated and shutting-down instances are not applicable.
pub struct Ec2InstanceImdsv2Required;

const META: RuleMeta = RuleMeta {
    id: "ec2-instance-imdsv2-required",
    title: "EC2 instances require IMDSv2 for the instance metadata service",
    severity: Severity::High,
    service: "ec2",
    kinds: Instance::KINDS,
    checks: "For each instance that is not terminated, whether the metadata options have \
             HttpTokens = required, or HttpEndpoint = disabled.",
    rationale: "IMDSv1 answers any HTTP GET, so a server-side request forgery in an \
                application or a misconfigured proxy can read the instance role's temporary \
                credentials (the Capital One breach). IMDSv2 requires a session token obtained \
                with a PUT and a hop limit, which blocks these attacks.",
    remediation: Remediation {
        console: "EC2 console > Instances > <instance> > Actions > Instance settings > Modify \
                  instance metadata options > IMDSv2: Required > Save. Set the account default \
                  under EC2 > Settings > Data protection and security > IMDS defaults.",
        cli: "aws ec2 modify-instance-metadata-options --instance-id <instance-id> \
              --http-tokens required --http-endpoint enabled",
        terraform: "resource \"aws_instance\" \"this\" {\n  # ...\n  metadata_options {\n    http_endpoint = \"enabled\"\n    http_tokens   = \"required\"\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-8",
    ],
    frameworks: Frameworks {
        cis_v7: &["6.7"],
        cis_v6: &["6.7"],
        cis_v5: &["5.7"],
        cis_v3: &["5.6"],
        fsbp: &["EC2.8"],
        well_architected: &["SEC06-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_instance\" \"app\" {\n  ami           = \"ami-0123456789abcdef0\"\n  instance_type = \"t3.micro\"\n\n  metadata_options {\n    http_endpoint = \"enabled\"\n    http_tokens   = \"optional\"\n  }\n}\n",
        terraform_good: "resource \"aws_instance\" \"app\" {\n  ami           = \"ami-0123456789abcdef0\"\n  instance_type = \"t3.micro\"\n\n  metadata_options {\n    http_endpoint = \"enabled\"\n    http_tokens   = \"required\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Template:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData:\n        MetadataOptions:\n          HttpEndpoint: enabled\n          HttpTokens: optional\n  App:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-0123456789abcdef0\n      InstanceType: t3.micro\n      LaunchTemplate:\n        LaunchTemplateId: !Ref Template\n        Version: !GetAtt Template.LatestVersionNumber\n",
        cloudformation_good: "Resources:\n  Template:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData:\n        MetadataOptions:\n          HttpEndpoint: enabled\n          HttpTokens: required\n  App:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-0123456789abcdef0\n      InstanceType: t3.micro\n      LaunchTemplate:\n        LaunchTemplateId: !Ref Template\n        Version: !GetAtt Template.LatestVersionNumber\n",
    },
    file: file!(),
};

/// Instance states in which no rule about a running configuration applies.
pub(crate) fn is_gone(state: &str) -> bool {
    matches!(state, "terminated" | "shutting-down")
}

impl Check for Ec2InstanceImdsv2Required {
    type Subject = Instance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, instance: &Instance, _: &Resource, _: &Inventory) -> Outcome {
        if is_gone(&instance.state) {
            return Outcome::not_applicable(format!("the instance is {}", instance.state));
        }
        let options = match instance.metadata_options.get() {
            Ok(options) => options,
            Err(reason) => return Outcome::unknown(reason),
        };
        if options.http_endpoint.eq_ignore_ascii_case("disabled") {
            return Outcome::Pass(Evidence::at(
                "metadata_options",
                "the instance metadata service is disabled",
            ));
        }
        if options.http_tokens.eq_ignore_ascii_case("required") {
            return Outcome::Pass(Evidence::at(
                "metadata_options",
                "IMDSv2 is required (HttpTokens = required)",
            ));
        }
        let tokens = if options.http_tokens.is_empty() {
            "unset"
        } else {
            options.http_tokens.as_str()
        };
        Outcome::Fail(Evidence::at(
            "metadata_options",
            format!("IMDSv1 is still accepted (HttpTokens = {tokens})"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::ec2::{Instance, MetadataOptions};
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(state: &str, options: Value<MetadataOptions>) -> Status {
        let r = test_support::resource(
            "i-1",
            Attributes::Ec2Instance(Instance {
                instance_id: "i-1".into(),
                state: state.into(),
                metadata_options: options,
                ..Default::default()
            }),
        );
        testing::judge(&Ec2InstanceImdsv2Required, &r)
    }

    fn opts(tokens: &str, endpoint: &str) -> Value<MetadataOptions> {
        Value::Known(MetadataOptions {
            http_tokens: tokens.into(),
            http_endpoint: endpoint.into(),
        })
    }

    #[test]
    fn required_or_disabled_passes() {
        assert_eq!(judge("running", opts("required", "enabled")), Status::Pass);
        assert_eq!(judge("stopped", opts("optional", "disabled")), Status::Pass);
    }

    #[test]
    fn optional_fails_even_when_stopped() {
        assert_eq!(judge("running", opts("optional", "enabled")), Status::Fail);
        assert_eq!(judge("stopped", opts("optional", "enabled")), Status::Fail);
    }

    #[test]
    fn terminated_is_not_applicable_and_unreadable_is_unknown() {
        assert_eq!(
            judge("terminated", opts("optional", "enabled")),
            Status::NotApplicable
        );
        assert_eq!(
            judge("running", Value::unknown("UnauthorizedOperation")),
            Status::Unknown
        );
    }
}
