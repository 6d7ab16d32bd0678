//! Each bucket is covered by all four public access block switches.

use cloudward_model::s3::Bucket;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject, Value,
};

use crate::s3::{account_block, effective_switch, Switch, SwitchSource};
use crate::Check;

/// Reads `GetBucketPublicAccessBlock` and the account-level block. S3 applies the stricter of
/// the two per switch, so a switch counts as on when either level turns it on; the evidence
/// says which. Unknown only when a switch is off at one level and unreadable at the other. In
/// code an undeclared bucket block is AWS's default for a new bucket, all four on (see
/// `Bucket::assume_new_bucket_defaults`), and the evidence says so.
pub struct S3BucketPublicAccessBlock;

const META: RuleMeta = RuleMeta {
    id: "s3-bucket-public-access-block",
    title: "S3 buckets are covered by all four Block Public Access settings",
    severity: Severity::High,
    service: "s3",
    kinds: Bucket::KINDS,
    checks: "For each bucket, whether BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and \
             RestrictPublicBuckets are each on, either in the bucket's own public access block \
             or in the account-level block (S3 enforces the stricter of the two).",
    rationale: "Block Public Access is the backstop against the most common S3 data exposure: \
                a bucket policy or ACL that grants access to everyone. With all four settings \
                on, neither new nor existing public ACLs or policies take effect.",
    remediation: Remediation {
        console: "S3 console > Buckets > <bucket> > Permissions > Block public access (bucket \
                  settings) > Edit > tick 'Block all public access' > Save changes. Prefer the \
                  account-level setting where no bucket needs to be public.",
        cli: "aws s3api put-public-access-block --bucket <bucket> \
              --public-access-block-configuration \
              BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        terraform: "resource \"aws_s3_bucket_public_access_block\" \"this\" {\n  bucket                  = aws_s3_bucket.this.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8",
    ],
    frameworks: Frameworks {
        cis_v7: &["3.1.4"],
        cis_v6: &["3.1.4"],
        cis_v5: &["2.1.4"],
        cis_v3: &["2.1.4"],
        fsbp: &["S3.8"],
        well_architected: &["SEC03-BP07", "SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"example-data\"\n}\n\nresource \"aws_s3_bucket_public_access_block\" \"data\" {\n  bucket                  = aws_s3_bucket.data.id\n  block_public_acls       = false\n  ignore_public_acls      = false\n  block_public_policy     = false\n  restrict_public_buckets = false\n}\n",
        terraform_good: "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"example-data\"\n}\n\nresource \"aws_s3_bucket_public_access_block\" \"data\" {\n  bucket                  = aws_s3_bucket.data.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}\n",
        cloudformation_bad: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      PublicAccessBlockConfiguration:\n        BlockPublicAcls: false\n        IgnorePublicAcls: false\n        BlockPublicPolicy: false\n        RestrictPublicBuckets: false\n",
        cloudformation_good: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      PublicAccessBlockConfiguration:\n        BlockPublicAcls: true\n        IgnorePublicAcls: true\n        BlockPublicPolicy: true\n        RestrictPublicBuckets: true\n",
    },
    file: file!(),
};

const SWITCHES: [(&str, Switch); 4] = [
    ("BlockPublicAcls", |b| b.block_public_acls),
    ("IgnorePublicAcls", |b| b.ignore_public_acls),
    ("BlockPublicPolicy", |b| b.block_public_policy),
    ("RestrictPublicBuckets", |b| b.restrict_public_buckets),
];

impl Check for S3BucketPublicAccessBlock {
    type Subject = Bucket;
    const META: &'static RuleMeta = &META;

    fn judge(&self, bucket: &Bucket, resource: &Resource, inventory: &Inventory) -> Outcome {
        let account = account_block(resource, inventory);
        let mut off = Vec::new();
        let mut unknown = None;
        let mut from_account = Vec::new();
        for (name, switch) in SWITCHES {
            match effective_switch(&bucket.public_access_block, &account, switch) {
                Value::Known(Some(SwitchSource::Bucket)) => {}
                Value::Known(Some(SwitchSource::Account)) => from_account.push(name),
                Value::Known(None) => off.push(name),
                Value::Unknown(reason) => unknown = unknown.or(Some(reason)),
            }
        }
        if !off.is_empty() {
            return Outcome::Fail(Evidence::at(
                "public_access_block",
                format!(
                    "{} off at both the bucket and the account level",
                    off.join(", ")
                ),
            ));
        }
        if let Some(reason) = unknown {
            return Outcome::unknown(reason);
        }
        let message = if from_account.is_empty() && bucket.aws_defaults.public_access_block {
            "no public access block declared; AWS turns all four settings on for every new \
             bucket since April 2023 (they can be turned off later)"
                .to_string()
        } else if from_account.is_empty() {
            "all four public access block settings are on for the bucket".to_string()
        } else {
            format!(
                "all four public access block settings are on ({} through the account-level block)",
                from_account.join(", ")
            )
        };
        Outcome::Pass(Evidence::at("public_access_block", message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::s3::test_helpers::{bucket, with_account_block, ALL_ON};
    use cloudward_model::s3::{Bucket, PublicAccessBlock};
    use cloudward_model::Status;

    fn judge(block: Value<Option<PublicAccessBlock>>, inventory: &Inventory) -> Outcome {
        let r = bucket(Bucket {
            public_access_block: block,
            ..Default::default()
        });
        testing::outcome_in(&S3BucketPublicAccessBlock, &r, inventory)
    }

    #[test]
    fn bucket_block_all_on_passes() {
        assert_eq!(
            judge(Value::Known(Some(ALL_ON)), &Inventory::new()).status(),
            Status::Pass
        );
    }

    #[test]
    fn account_block_covers_a_bucket_without_one() {
        let inv = with_account_block(Value::Known(Some(ALL_ON)));
        match judge(Value::Known(None), &inv) {
            Outcome::Pass(e) => assert!(e.message.contains("account-level")),
            other => panic!("expected Pass, got {other:?}"),
        }
    }

    #[test]
    fn missing_switch_at_both_levels_fails() {
        let partial = PublicAccessBlock {
            block_public_policy: false,
            ..ALL_ON
        };
        let inv = with_account_block(Value::Known(None));
        match judge(Value::Known(Some(partial)), &inv) {
            Outcome::Fail(e) => {
                assert_eq!(
                    e.message,
                    "BlockPublicPolicy off at both the bucket and the account level"
                );
                assert_eq!(e.attribute.as_deref(), Some("public_access_block"));
            }
            other => panic!("expected Fail, got {other:?}"),
        }
    }

    #[test]
    fn no_block_in_code_fails() {
        assert_eq!(
            judge(Value::Known(None), &Inventory::new()).status(),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_bucket_block_without_account_cover_is_unknown() {
        let inv = with_account_block(Value::Known(None));
        assert_eq!(
            judge(Value::unknown("AccessDenied"), &inv).status(),
            Status::Unknown
        );
        let covered = with_account_block(Value::Known(Some(ALL_ON)));
        assert_eq!(
            judge(Value::unknown("AccessDenied"), &covered).status(),
            Status::Pass
        );
    }
}
