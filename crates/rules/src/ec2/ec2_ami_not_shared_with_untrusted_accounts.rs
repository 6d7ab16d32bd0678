//! AMIs are shared only with trusted accounts.

use cloudward_model::ec2::{Image, LaunchPermission};
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::sharing::{accounts_phrase, untrusted};
use crate::Check;

/// Reads the AMI's `launchPermission` user ids (`DescribeImageAttribute`). Accounts outside
/// `trusted_accounts` in `cloudward.toml` (the AMI's own account is always trusted) fail.
/// Grants to an organization or OU pass with a note: their membership is governed by the
/// organization, not by this account.
pub struct Ec2AmiNotSharedWithUntrustedAccounts;

const META: RuleMeta = RuleMeta {
    id: "ec2-ami-not-shared-with-untrusted-accounts",
    title: "AMIs are shared only with trusted accounts",
    severity: Severity::High,
    service: "ec2",
    kinds: Image::KINDS,
    checks: "For each AMI the account owns, the accounts in its launch permissions: any not \
             in trusted_accounts (cloudward.toml; the owner is always trusted) fails.",
    rationale: "An account an AMI is shared with can launch it and copy its snapshots, so \
                everything baked into the image is theirs too. Shares outlive the projects \
                they were made for; sharing only with known accounts keeps images from \
                drifting to vendors, old partners or mistyped account ids.",
    remediation: Remediation {
        console: "EC2 console > AMIs > <AMI> > Actions > Edit AMI permissions > remove the \
                  account > Save changes. If the share is intended, add the account to \
                  trusted_accounts in cloudward.toml.",
        cli: "aws ec2 modify-image-attribute --image-id <ami-id> --launch-permission \"Remove=[{UserId=<account-id>}]\"",
        terraform: "# delete the aws_ami_launch_permission for the untrusted account\nresource \"aws_ami_launch_permission\" \"partner\" {\n  image_id   = aws_ami.app.id\n  account_id = \"<trusted-account-id>\"\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-explicit.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP07", "SEC03-BP09"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ami_from_instance\" \"app\" {\n  name               = \"app-golden\"\n  source_instance_id = \"i-0123456789abcdef0\"\n}\n\nresource \"aws_ami_launch_permission\" \"vendor\" {\n  image_id   = aws_ami_from_instance.app.id\n  account_id = \"999988887777\"\n}\n",
        terraform_good: "resource \"aws_ami_from_instance\" \"app\" {\n  name               = \"app-golden\"\n  source_instance_id = \"i-0123456789abcdef0\"\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for Ec2AmiNotSharedWithUntrustedAccounts {
    type Subject = Image;
    const META: &'static RuleMeta = &META;

    fn judge(&self, image: &Image, resource: &Resource, inventory: &Inventory) -> Outcome {
        let grants = match image.shared_with.get() {
            Ok(grants) => grants,
            Err(reason) => return Outcome::unknown(reason),
        };
        let accounts = grants.iter().filter_map(|g| match g {
            LaunchPermission::Account(a) => Some(a.as_str()),
            _ => None,
        });
        let outside = untrusted(accounts, resource, inventory);
        if !outside.is_empty() {
            return Outcome::Fail(Evidence::at(
                "shared_with",
                format!(
                    "the AMI is shared with {} outside trusted_accounts",
                    accounts_phrase(&outside)
                ),
            ));
        }
        let organizations = grants
            .iter()
            .filter(|g| !matches!(g, LaunchPermission::Account(_)))
            .count();
        Outcome::Pass(Evidence::at(
            "shared_with",
            match (grants.is_empty(), organizations) {
                (true, _) => "the AMI is not shared with other accounts".to_string(),
                (false, 0) => "the AMI is shared only with trusted accounts".to_string(),
                (false, n) => format!(
                    "the AMI is shared only with trusted accounts and {n} organization or OU \
                     grant(s), whose members the organization decides"
                ),
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{test_support, Attributes, Settings, Status, Value};

    fn image(shared_with: Value<Vec<LaunchPermission>>) -> Resource {
        test_support::resource(
            "ami-1",
            Attributes::Ec2Image(Image {
                image_id: "ami-1".into(),
                shared_with,
                ..Default::default()
            }),
        )
    }

    fn account(a: &str) -> LaunchPermission {
        LaunchPermission::Account(a.into())
    }

    #[test]
    fn untrusted_account_fails_trusted_and_own_pass() {
        let mut inventory = Inventory::new();
        inventory.settings = Settings {
            trusted_accounts: vec!["111122223333".into()],
            ..Default::default()
        };
        let judge = |grants| {
            testing::judge_in(
                &Ec2AmiNotSharedWithUntrustedAccounts,
                &image(grants),
                &inventory,
            )
        };
        assert_eq!(judge(Value::Known(vec![])), Status::Pass);
        assert_eq!(
            judge(Value::Known(vec![
                account("111122223333"),
                account(test_support::TEST_ACCOUNT),
                LaunchPermission::Organization("arn:aws:organizations::1:organization/o-1".into()),
            ])),
            Status::Pass
        );
        assert_eq!(
            judge(Value::Known(vec![account("999988887777")])),
            Status::Fail
        );
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
