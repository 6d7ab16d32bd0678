//! EC2 instances use an instance role for AWS access.

use cloudward_model::ec2::Instance;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `IamInstanceProfile.Arn` from `DescribeInstances`. Terminated (and shutting-down)
/// instances are not applicable; stopped ones are judged, since they can be started again.
/// An instance without a profile may need no AWS access at all, but CIS asks for the profile so
/// that no one is tempted to put access keys on the instance.
pub struct IamInstanceRoleAttached;

const META: RuleMeta = RuleMeta {
    id: "iam-instance-role-attached",
    title: "EC2 instances use an IAM instance role for AWS access",
    severity: Severity::Medium,
    service: "iam",
    kinds: Instance::KINDS,
    checks: "For each EC2 instance that is not terminated, whether an IAM instance profile is \
             associated with it.",
    rationale: "An instance role delivers short-lived, automatically rotated credentials through \
                the instance metadata service. Without one, software that needs AWS access ends \
                up with long-lived access keys in files, user data or environment variables, \
                where they leak and are never rotated.",
    remediation: Remediation {
        console: "EC2 console > Instances > <instance> > Actions > Security > Modify IAM role > \
                  choose a role with only the permissions the workload needs > Update IAM role; \
                  then remove any access keys stored on the instance.",
        cli: "aws ec2 associate-iam-instance-profile --instance-id <instance-id> \
              --iam-instance-profile Name=<instance-profile-name>",
        terraform: "resource \"aws_iam_instance_profile\" \"app\" {\n  \
                    name = \"app\"\n  \
                    role = aws_iam_role.app.name\n}\n\n\
                    resource \"aws_instance\" \"app\" {\n  \
                    # ...\n  \
                    iam_instance_profile = aws_iam_instance_profile.app.name\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.16"],
        cis_v6: &["2.17"],
        cis_v5: &["1.17"],
        cis_v3: &["1.18"],
        fsbp: &[],
        well_architected: &["SEC02-BP02"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}
"#,
        terraform_good: r#"resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
}

resource "aws_iam_instance_profile" "app" {
  name = "app"
  role = aws_iam_role.app.name
}

resource "aws_instance" "app" {
  ami                  = "ami-0123456789abcdef0"
  instance_type        = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.app.name
}
"#,
        cloudformation_bad: r#"Resources:
  App:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0123456789abcdef0
      InstanceType: t3.micro
"#,
        cloudformation_good: r#"Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal:
              Service: ec2.amazonaws.com
  AppProfile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles:
        - !Ref AppRole
  App:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0123456789abcdef0
      InstanceType: t3.micro
      IamInstanceProfile: !Ref AppProfile
"#,
    },
    file: file!(),
};

impl Check for IamInstanceRoleAttached {
    type Subject = Instance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, instance: &Instance, _: &Resource, _: &Inventory) -> Outcome {
        let id = &instance.instance_id;
        if matches!(instance.state.as_str(), "terminated" | "shutting-down") {
            return Outcome::not_applicable(format!("instance {id} is {}", instance.state));
        }
        match instance.iam_instance_profile.get() {
            Ok(Some(profile)) => Outcome::Pass(Evidence::at(
                "iam_instance_profile",
                format!("instance {id} uses instance profile {profile}"),
            )),
            Ok(None) => Outcome::Fail(Evidence::at(
                "iam_instance_profile",
                format!("instance {id} has no IAM instance profile"),
            )),
            Err(reason) => Outcome::unknown(reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{ec2, test_support, Attributes, Status, Value};

    fn judge(state: &str, profile: Value<Option<String>>) -> Status {
        let r = test_support::resource(
            "i-0abc",
            Attributes::Ec2Instance(ec2::Instance {
                instance_id: "i-0abc".into(),
                state: state.into(),
                iam_instance_profile: profile,
                ..Default::default()
            }),
        );
        testing::judge(&IamInstanceRoleAttached, &r)
    }

    #[test]
    fn profile_passes() {
        let arn = "arn:aws:iam::123456789012:instance-profile/app".to_string();
        assert_eq!(judge("running", Value::Known(Some(arn))), Status::Pass);
    }

    #[test]
    fn no_profile_fails_also_when_stopped() {
        assert_eq!(judge("running", Value::Known(None)), Status::Fail);
        assert_eq!(judge("stopped", Value::Known(None)), Status::Fail);
    }

    #[test]
    fn terminated_is_not_applicable() {
        assert_eq!(
            judge("terminated", Value::Known(None)),
            Status::NotApplicable
        );
    }

    #[test]
    fn unknown_profile_is_unknown() {
        assert_eq!(
            judge("running", Value::unknown("unresolved")),
            Status::Unknown
        );
    }
}
