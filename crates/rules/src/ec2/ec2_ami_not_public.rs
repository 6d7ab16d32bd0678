//! AMIs the account owns are not public.

use cloudward_model::ec2::Image;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `Public` from `DescribeImages` (Owners=self): the `launchPermission` group `all`.
/// A public AMI lets any AWS account launch an instance from it and read its disks.
pub struct Ec2AmiNotPublic;

const META: RuleMeta = RuleMeta {
    id: "ec2-ami-not-public",
    title: "AMIs owned by the account are not public",
    severity: Severity::Critical,
    service: "ec2",
    kinds: Image::KINDS,
    checks: "For each AMI the account owns, whether its launch permissions include the group \
             all (anyone can launch it).",
    rationale: "Every AWS account can launch a public AMI and mount its snapshots: baked-in \
                credentials, keys, source code and data on the image are readable by anyone. \
                Public AMIs are crawled by researchers and attackers, and a public image \
                carrying a secret is a standing breach.",
    remediation: Remediation {
        console: "EC2 console > AMIs > <AMI> > Actions > Edit AMI permissions > Private > Save \
                  changes. Turn on Block public access for AMIs (EC2 > Settings > Data \
                  protection and security).",
        cli: "aws ec2 modify-image-attribute --image-id <ami-id> --launch-permission \"Remove=[{Group=all}]\"\n\
              aws ec2 enable-image-block-public-access --image-block-public-access-state block-new-sharing",
        terraform: "# remove the aws_ami_launch_permission with group = \"all\", and:\nresource \"aws_ec2_image_block_public_access\" \"this\" {\n  state = \"block-new-sharing\"\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html",
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-public-access-to-amis.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP07", "SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ami_from_instance\" \"app\" {\n  name               = \"app-golden\"\n  source_instance_id = \"i-0123456789abcdef0\"\n}\n\nresource \"aws_ami_launch_permission\" \"everyone\" {\n  image_id = aws_ami_from_instance.app.id\n  group    = \"all\"\n}\n",
        terraform_good: "resource \"aws_ami_from_instance\" \"app\" {\n  name               = \"app-golden\"\n  source_instance_id = \"i-0123456789abcdef0\"\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for Ec2AmiNotPublic {
    type Subject = Image;
    const META: &'static RuleMeta = &META;

    fn judge(&self, image: &Image, _: &Resource, _: &Inventory) -> Outcome {
        match image.public.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(public) => flag(
                &cloudward_model::Value::Known(!public),
                "public",
                "the AMI is not public",
                "the AMI's launch permissions include the group all: any AWS account can launch it",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(public: Value<bool>) -> Status {
        let r = test_support::resource(
            "ami-1",
            Attributes::Ec2Image(Image {
                image_id: "ami-1".into(),
                public,
                ..Default::default()
            }),
        );
        testing::judge(&Ec2AmiNotPublic, &r)
    }

    #[test]
    fn private_passes_public_fails_unknown_stays_unknown() {
        assert_eq!(judge(Value::Known(false)), Status::Pass);
        assert_eq!(judge(Value::Known(true)), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
