//! The account-level S3 public access block has all four switches on.

use cloudward_model::s3::AccountPublicAccessBlock;
use cloudward_model::s3::PublicAccessBlock;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `s3control:GetPublicAccessBlock` for the account. `NoSuchPublicAccessBlockConfiguration`
/// (modelled as `Known(None)`) fails: nothing then stops a bucket from being made public.
pub struct S3AccountPublicAccessBlock;

const META: RuleMeta = RuleMeta {
    id: "s3-account-public-access-block",
    title: "S3 Block Public Access is enabled at the account level",
    severity: Severity::Medium,
    service: "s3",
    kinds: AccountPublicAccessBlock::KINDS,
    checks: "Whether the account-level S3 public access block exists with all four settings on: \
             BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets.",
    rationale: "The account-level block overrides every bucket and access point in the account, \
                so a single bucket policy or ACL mistake cannot publish data. Most data leaks \
                from S3 come from one bucket that was opened by hand or by a script; the \
                account switch makes that impossible unless someone deliberately turns it off.",
    remediation: Remediation {
        console: "S3 console > Block Public Access settings for this account > Edit > tick \
                  'Block all public access' > Save changes, and confirm.",
        cli: "aws s3control put-public-access-block --account-id <account-id> \
              --public-access-block-configuration \
              BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        terraform: "resource \"aws_s3_account_public_access_block\" \"this\" {\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["3.1.4"],
        cis_v6: &["3.1.4"],
        cis_v5: &["2.1.4"],
        cis_v3: &["2.1.4"],
        fsbp: &["S3.1"],
        well_architected: &["SEC03-BP07", "SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_s3_account_public_access_block\" \"this\" {\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = false\n  restrict_public_buckets = false\n}\n",
        terraform_good: "resource \"aws_s3_account_public_access_block\" \"this\" {\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

/// The names of the switches that are off.
pub(crate) fn switches_off(block: &PublicAccessBlock) -> Vec<&'static str> {
    [
        (block.block_public_acls, "BlockPublicAcls"),
        (block.ignore_public_acls, "IgnorePublicAcls"),
        (block.block_public_policy, "BlockPublicPolicy"),
        (block.restrict_public_buckets, "RestrictPublicBuckets"),
    ]
    .into_iter()
    .filter(|(on, _)| !on)
    .map(|(_, name)| name)
    .collect()
}

impl Check for S3AccountPublicAccessBlock {
    type Subject = AccountPublicAccessBlock;
    const META: &'static RuleMeta = &META;

    fn judge(&self, account: &AccountPublicAccessBlock, _: &Resource, _: &Inventory) -> Outcome {
        match account.configuration.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(None) => Outcome::Fail(Evidence::at(
                "configuration",
                "no account-level S3 public access block is configured",
            )),
            Ok(Some(block)) => {
                let off = switches_off(block);
                if off.is_empty() {
                    Outcome::Pass(Evidence::at(
                        "configuration",
                        "all four account-level public access block settings are on",
                    ))
                } else {
                    Outcome::Fail(Evidence::at(
                        "configuration",
                        format!(
                            "account-level public access block has {} off",
                            off.join(", ")
                        ),
                    ))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::s3::test_helpers::ALL_ON;
    use cloudward_model::{s3, test_support, Attributes, Status, Value};

    fn judge(configuration: Value<Option<PublicAccessBlock>>) -> Outcome {
        let r = test_support::global(
            "s3-account",
            Attributes::S3AccountPublicAccessBlock(s3::AccountPublicAccessBlock { configuration }),
        );
        testing::outcome_in(&S3AccountPublicAccessBlock, &r, &Inventory::new())
    }

    #[test]
    fn all_on_passes() {
        assert_eq!(judge(Value::Known(Some(ALL_ON))).status(), Status::Pass);
    }

    #[test]
    fn one_off_fails_and_names_it() {
        let block = PublicAccessBlock {
            restrict_public_buckets: false,
            ..ALL_ON
        };
        match judge(Value::Known(Some(block))) {
            Outcome::Fail(e) => assert!(e.message.contains("RestrictPublicBuckets")),
            other => panic!("expected Fail, got {other:?}"),
        }
    }

    #[test]
    fn not_configured_fails() {
        assert_eq!(judge(Value::Known(None)).status(), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(Value::unknown("AccessDenied")).status(),
            Status::Unknown
        );
    }
}
