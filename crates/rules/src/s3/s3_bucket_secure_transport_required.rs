//! Bucket policies deny requests that do not use TLS.

use cloudward_model::s3::Bucket;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads the bucket policy for a `Deny` of all S3 actions (`s3:*` or `*`) to every principal
/// under `Bool`/`BoolIfExists` `aws:SecureTransport = false`
/// (`PolicyDocument::denies_insecure_transport`). A bucket with no policy fails: S3 accepts
/// plain HTTP unless a policy refuses it.
pub struct S3BucketSecureTransportRequired;

const META: RuleMeta = RuleMeta {
    id: "s3-bucket-secure-transport-required",
    title: "S3 bucket policies deny requests made without TLS",
    severity: Severity::Medium,
    service: "s3",
    kinds: Bucket::KINDS,
    checks: "For each bucket, whether the bucket policy has a Deny statement for all S3 actions \
             (s3:* or *), for every principal, with the condition aws:SecureTransport = false.",
    rationale: "S3 endpoints accept plain HTTP. Without an explicit deny, a misconfigured client \
                or SDK can send credentials-signed requests and object data in clear text, \
                open to interception and tampering on the network path.",
    remediation: Remediation {
        console: "S3 console > Buckets > <bucket> > Permissions > Bucket policy > Edit: add a \
                  statement with Effect Deny, Principal *, Action s3:*, Resource the bucket and \
                  bucket/*, Condition {\"Bool\": {\"aws:SecureTransport\": \"false\"}}.",
        cli: "aws s3api put-bucket-policy --bucket <bucket> --policy '{\"Version\":\"2012-10-17\",\
              \"Statement\":[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\",\
              \"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::<bucket>\",\"arn:aws:s3:::<bucket>/*\"],\
              \"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}'",
        terraform: "resource \"aws_s3_bucket_policy\" \"tls\" {\n  bucket = aws_s3_bucket.this.id\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Sid       = \"DenyInsecureTransport\"\n      Effect    = \"Deny\"\n      Principal = \"*\"\n      Action    = \"s3:*\"\n      Resource  = [aws_s3_bucket.this.arn, \"${aws_s3_bucket.this.arn}/*\"]\n      Condition = { Bool = { \"aws:SecureTransport\" = \"false\" } }\n    }]\n  })\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html",
        "https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5",
    ],
    frameworks: Frameworks {
        cis_v7: &["3.1.1"],
        cis_v6: &["3.1.1"],
        cis_v5: &["2.1.1"],
        cis_v3: &["2.1.1"],
        fsbp: &["S3.5"],
        well_architected: &["SEC09-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"example-data\"\n}\n",
        terraform_good: "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"example-data\"\n}\n\nresource \"aws_s3_bucket_policy\" \"data\" {\n  bucket = aws_s3_bucket.data.id\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Sid       = \"DenyInsecureTransport\"\n      Effect    = \"Deny\"\n      Principal = \"*\"\n      Action    = \"s3:*\"\n      Resource  = [\"arn:aws:s3:::example-data\", \"arn:aws:s3:::example-data/*\"]\n      Condition = { Bool = { \"aws:SecureTransport\" = \"false\" } }\n    }]\n  })\n}\n",
        cloudformation_bad: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n",
        cloudformation_good: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n  DataPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Data\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: DenyInsecureTransport\n            Effect: Deny\n            Principal: '*'\n            Action: 's3:*'\n            Resource:\n              - !GetAtt Data.Arn\n              - !Sub '${Data.Arn}/*'\n            Condition:\n              Bool:\n                'aws:SecureTransport': 'false'\n",
    },
    file: file!(),
};

impl Check for S3BucketSecureTransportRequired {
    type Subject = Bucket;
    const META: &'static RuleMeta = &META;

    fn judge(&self, bucket: &Bucket, _: &Resource, _: &Inventory) -> Outcome {
        match bucket.policy.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(None) => Outcome::Fail(Evidence::at(
                "policy",
                "the bucket has no bucket policy, so requests over plain HTTP are accepted",
            )),
            Ok(Some(doc)) if doc.denies_insecure_transport() => Outcome::Pass(Evidence::at(
                "policy",
                "the bucket policy denies all S3 actions when aws:SecureTransport is false",
            )),
            Ok(Some(_)) => Outcome::Fail(Evidence::at(
                "policy",
                "the bucket policy has no Deny of s3:* for all principals when aws:SecureTransport is false",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::s3::test_helpers::bucket;
    use cloudward_model::policy::PolicyDocument;
    use cloudward_model::s3::Bucket;
    use cloudward_model::{Status, Value};
    use serde_json::json;

    fn judge(policy: Value<Option<PolicyDocument>>) -> Status {
        let r = bucket(Bucket {
            policy,
            ..Default::default()
        });
        testing::judge(&S3BucketSecureTransportRequired, &r)
    }

    #[test]
    fn tls_deny_passes() {
        let doc = PolicyDocument(json!({"Statement": [{"Effect": "Deny", "Principal": "*",
            "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}));
        assert_eq!(judge(Value::Known(Some(doc))), Status::Pass);
    }

    #[test]
    fn no_policy_or_no_deny_fails() {
        assert_eq!(judge(Value::Known(None)), Status::Fail);
        let doc = PolicyDocument(json!({"Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:*", "Resource": "*"}]}));
        assert_eq!(judge(Value::Known(Some(doc))), Status::Fail);
    }

    #[test]
    fn unreadable_policy_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
