//! EBS encryption by default, per region.

use cloudward_model::ec2;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `GetEbsEncryptionByDefault` for each region. The setting is regional, so a region
/// left at the default (off) fails even when others are on.
pub struct EbsEncryptionByDefault;

const META: RuleMeta = RuleMeta {
    id: "ebs-encryption-by-default",
    title: "EBS encryption by default is enabled in every region",
    severity: Severity::Medium,
    service: "ec2",
    kinds: ec2::EbsEncryptionByDefault::KINDS,
    checks: "For each region, whether `EbsEncryptionByDefault` is true, so that every new EBS \
             volume and snapshot copy is encrypted without relying on each launch request.",
    rationale: "Unencrypted volumes expose data at rest to anyone who obtains a snapshot or the \
                underlying storage. Encryption by default removes the chance that one launch \
                template or script forgets it; it costs nothing and is transparent to instances.",
    remediation: Remediation {
        console: "EC2 console > Settings (Data protection and security) > EBS encryption > Manage \
                  > Enable; repeat in every region.",
        cli: "aws ec2 enable-ebs-encryption-by-default --region <region>",
        terraform: "resource \"aws_ebs_encryption_by_default\" \"this\" {\n  enabled = true\n}",
    },
    references: &["https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html"],
    frameworks: Frameworks {
        cis_v7: &["6.1.1"],
        cis_v6: &["6.1.1"],
        cis_v5: &["5.1.1"],
        cis_v3: &["2.2.1"],
        fsbp: &["EC2.7"],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad:
            "resource \"aws_ebs_encryption_by_default\" \"this\" {\n  enabled = false\n}\n",
        terraform_good:
            "resource \"aws_ebs_encryption_by_default\" \"this\" {\n  enabled = true\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for EbsEncryptionByDefault {
    type Subject = ec2::EbsEncryptionByDefault;
    const META: &'static RuleMeta = &META;

    fn judge(&self, setting: &ec2::EbsEncryptionByDefault, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &setting.enabled,
            "enabled",
            "EBS encryption by default is enabled",
            "EBS encryption by default is disabled",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{ec2, test_support, Attributes, Status, Value};

    fn judge(enabled: Value<bool>) -> Status {
        let r = test_support::resource(
            "ebs-default",
            Attributes::Ec2EbsEncryptionByDefault(ec2::EbsEncryptionByDefault { enabled }),
        );
        testing::judge(&EbsEncryptionByDefault, &r)
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
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
