//! No bucket policy statement grants access to everyone.

use cloudward_model::s3::Bucket;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject, Value,
};

use crate::s3::{account_block, effective_switch};
use crate::Check;

/// Reads the bucket policy for `Allow` statements whose principal is everyone (`*` or
/// `{"AWS": "*"}`) with no condition narrowing the caller (`PolicyDocument::
/// public_allow_statements`), and AWS's own verdict (`GetBucketPolicyStatus.IsPublic`) when it
/// was collected. `RestrictPublicBuckets` (bucket or account level) makes a public policy
/// ineffective for anonymous and cross-account callers, so it passes; `BlockPublicPolicy` only
/// stops new public policies from being written and does not neutralise an existing one.
pub struct S3BucketPolicyNotPublic;

const META: RuleMeta = RuleMeta {
    id: "s3-bucket-policy-not-public",
    title: "S3 bucket policies grant no access to everyone",
    severity: Severity::Critical,
    service: "s3",
    kinds: Bucket::KINDS,
    checks: "For each bucket with a policy, whether an Allow statement with Principal \"*\" (or \
             {\"AWS\": \"*\"}) and no condition restricting the caller (source VPC or VPC \
             endpoint, source IP, account, organisation, principal ARN) is in effect, or AWS \
             reports the policy as public; RestrictPublicBuckets at the bucket or account level \
             neutralises such statements.",
    rationale: "A bucket policy with a wildcard principal publishes every object it covers to \
                the internet (read) or lets anyone write or delete (write). It is the most \
                frequent cause of S3 data leaks and of buckets used to host malware.",
    remediation: Remediation {
        console: "S3 console > Buckets > <bucket> > Permissions > Bucket policy > Edit: replace \
                  Principal \"*\" with the accounts or roles that need access, or add a \
                  condition such as aws:PrincipalOrgID or aws:SourceVpce. Then turn on Block \
                  Public Access. Serve public websites through CloudFront with origin access \
                  control instead of a public bucket.",
        cli: "aws s3api get-bucket-policy-status --bucket <bucket>\n\
              aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json\n\
              aws s3api put-public-access-block --bucket <bucket> \
              --public-access-block-configuration \
              BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        terraform: "data \"aws_iam_policy_document\" \"read\" {\n  statement {\n    actions   = [\"s3:GetObject\"]\n    resources = [\"${aws_s3_bucket.this.arn}/*\"]\n    principals {\n      type        = \"AWS\"\n      identifiers = [\"arn:aws:iam::<account-id>:role/<reader>\"]\n    }\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-2",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-3",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["S3.2", "S3.3"],
        well_architected: &["SEC03-BP07", "SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_s3_bucket\" \"site\" {\n  bucket = \"example-site\"\n}\n\nresource \"aws_s3_bucket_policy\" \"site\" {\n  bucket = aws_s3_bucket.site.id\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = \"s3:GetObject\"\n      Resource  = \"arn:aws:s3:::example-site/*\"\n    }]\n  })\n}\n",
        terraform_good: "resource \"aws_s3_bucket\" \"site\" {\n  bucket = \"example-site\"\n}\n\nresource \"aws_s3_bucket_policy\" \"site\" {\n  bucket = aws_s3_bucket.site.id\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { AWS = \"arn:aws:iam::123456789012:role/reader\" }\n      Action    = \"s3:GetObject\"\n      Resource  = \"arn:aws:s3:::example-site/*\"\n    }]\n  })\n}\n",
        cloudformation_bad: "Resources:\n  Site:\n    Type: AWS::S3::Bucket\n  SitePolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Site\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: s3:GetObject\n            Resource: !Sub '${Site.Arn}/*'\n",
        cloudformation_good: "Resources:\n  Site:\n    Type: AWS::S3::Bucket\n  SitePolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Site\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: arn:aws:iam::123456789012:role/reader\n            Action: s3:GetObject\n            Resource: !Sub '${Site.Arn}/*'\n",
    },
    file: file!(),
};

impl Check for S3BucketPolicyNotPublic {
    type Subject = Bucket;
    const META: &'static RuleMeta = &META;

    fn judge(&self, bucket: &Bucket, resource: &Resource, inventory: &Inventory) -> Outcome {
        let account = account_block(resource, inventory);
        let restrict = effective_switch(&bucket.public_access_block, &account, |b| {
            b.restrict_public_buckets
        });
        if let Value::Known(Some(source)) = restrict {
            return Outcome::Pass(Evidence::at(
                "public_access_block",
                format!(
                    "RestrictPublicBuckets is on in {}, so a public policy grants no anonymous or cross-account access",
                    source.describe(bucket)
                ),
            ));
        }
        let policy = match bucket.policy.get() {
            Ok(policy) => policy,
            Err(reason) => return Outcome::unknown(reason),
        };
        let Some(document) = policy else {
            return Outcome::Pass(Evidence::at("policy", "the bucket has no bucket policy"));
        };
        let public_statements = document.public_allow_statements();
        let mut public: Vec<String> = document
            .statements()
            .iter()
            .enumerate()
            .filter(|(_, s)| public_statements.contains(s))
            .map(|(i, s)| {
                let actions = if s.actions.is_empty() {
                    format!("NotAction {}", s.not_actions.join(", "))
                } else {
                    s.actions.join(", ")
                };
                match s.sid {
                    Some(sid) => format!("statement {i} ({sid}) allows {actions} to everyone"),
                    None => format!("statement {i} allows {actions} to everyone"),
                }
            })
            .collect();
        if public.is_empty() && bucket.policy_is_public.known() == Some(&true) {
            public.push("AWS reports the bucket policy as public (GetBucketPolicyStatus)".into());
        }
        if public.is_empty() {
            return Outcome::Pass(Evidence::at(
                "policy",
                "no bucket policy statement allows access to everyone",
            ));
        }
        if let Value::Unknown(reason) = restrict {
            return Outcome::unknown(format!(
                "the bucket policy is public ({}), but whether RestrictPublicBuckets neutralises it is unknown: {reason}",
                public.join("; ")
            ));
        }
        Outcome::Fail(Evidence::at("policy", public.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::s3::test_helpers::{bucket, with_account_block, ALL_ON};
    use cloudward_model::policy::PolicyDocument;
    use cloudward_model::s3::{Bucket, PublicAccessBlock};
    use cloudward_model::Status;
    use serde_json::json;

    fn with_policy(policy: serde_json::Value, block: Value<Option<PublicAccessBlock>>) -> Resource {
        bucket(Bucket {
            policy: Value::Known(Some(PolicyDocument(policy))),
            policy_is_public: Value::unknown("not collected"),
            public_access_block: block,
            ..Default::default()
        })
    }

    fn public_read() -> serde_json::Value {
        json!({"Statement": [
            {"Sid": "Owner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:*", "Resource": "*"},
            {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
        ]})
    }

    #[test]
    fn wildcard_principal_fails_naming_the_statement() {
        let r = with_policy(public_read(), Value::Known(None));
        match testing::outcome_in(&S3BucketPolicyNotPublic, &r, &Inventory::new()) {
            Outcome::Fail(e) => {
                assert_eq!(
                    e.message,
                    "statement 1 (PublicRead) allows s3:GetObject to everyone"
                );
                assert_eq!(e.attribute.as_deref(), Some("policy"));
            }
            other => panic!("expected Fail, got {other:?}"),
        }
    }

    #[test]
    fn narrowed_by_condition_passes() {
        let doc = json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}}});
        let r = with_policy(doc, Value::Known(None));
        assert_eq!(testing::judge(&S3BucketPolicyNotPublic, &r), Status::Pass);
    }

    #[test]
    fn restrict_public_buckets_neutralises_but_block_public_policy_does_not() {
        let restrict = PublicAccessBlock {
            restrict_public_buckets: true,
            ..Default::default()
        };
        let r = with_policy(public_read(), Value::Known(Some(restrict)));
        assert_eq!(testing::judge(&S3BucketPolicyNotPublic, &r), Status::Pass);
        let block_only = PublicAccessBlock {
            block_public_policy: true,
            ..Default::default()
        };
        let r = with_policy(public_read(), Value::Known(Some(block_only)));
        assert_eq!(testing::judge(&S3BucketPolicyNotPublic, &r), Status::Fail);
        let r = with_policy(public_read(), Value::Known(None));
        let account = with_account_block(Value::Known(Some(ALL_ON)));
        assert_eq!(
            testing::outcome_in(&S3BucketPolicyNotPublic, &r, &account).status(),
            Status::Pass
        );
    }

    #[test]
    fn aws_policy_status_alone_fails() {
        let mut r = with_policy(json!({"Statement": []}), Value::Known(None));
        if let cloudward_model::Attributes::S3Bucket(b) = &mut r.attributes {
            b.policy_is_public = Value::Known(true);
        }
        assert_eq!(testing::judge(&S3BucketPolicyNotPublic, &r), Status::Fail);
    }

    #[test]
    fn no_policy_passes_and_unreadable_policy_is_unknown() {
        let none = bucket(Bucket {
            policy: Value::Known(None),
            public_access_block: Value::Known(None),
            ..Default::default()
        });
        assert_eq!(
            testing::judge(&S3BucketPolicyNotPublic, &none),
            Status::Pass
        );
        let unknown = bucket(Bucket {
            policy: Value::unknown("AccessDenied"),
            public_access_block: Value::Known(None),
            ..Default::default()
        });
        assert_eq!(
            testing::judge(&S3BucketPolicyNotPublic, &unknown),
            Status::Unknown
        );
        let public_unknown_block = with_policy(public_read(), Value::unknown("AccessDenied"));
        assert_eq!(
            testing::judge(&S3BucketPolicyNotPublic, &public_unknown_block),
            Status::Unknown
        );
    }
}
