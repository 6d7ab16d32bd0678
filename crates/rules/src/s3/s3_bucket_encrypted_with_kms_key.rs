//! Buckets encrypt by default with a customer managed KMS key.

use cloudward_model::s3::Bucket;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::s3::ENCRYPTION_DEFAULT;
use crate::Check;

/// Reads `GetBucketEncryption` (first rule): `SSEAlgorithm` and `KMSMasterKeyID`. SSE-KMS
/// (`aws:kms`) or DSSE-KMS (`aws:kms:dsse`) with a key id, key ARN or alias other than the AWS
/// managed `aws/s3` passes; SSE-S3 (`AES256`, which AWS applies to every bucket that asks for
/// nothing else) fails, and so does SSE-KMS without a key id, which S3 serves with `aws/s3`.
///
/// Edge cases: cloudward does not collect KMS keys yet, so a key named by its key id or ARN is
/// taken as customer managed; the AWS managed `aws/s3` key is only recognised by its alias (S3
/// uses it when no key id is given, so naming it by ARN is rare). In code, a reference to a key
/// declared there (`aws_kms_key.s3.arn`, `!GetAtt Key.Arn`) is customer managed by definition;
/// a key an adapter could not resolve (`(unresolved: ...)`, e.g. a variable without a value) is
/// Unknown, as is an unreadable configuration.
pub struct S3BucketEncryptedWithKmsKey;

const META: RuleMeta = RuleMeta {
    id: "s3-bucket-encrypted-with-kms-key",
    title: "S3 buckets encrypt by default with a customer managed KMS key",
    severity: Severity::Low,
    service: "s3",
    kinds: Bucket::KINDS,
    checks: "For each bucket, whether the default encryption is SSE-KMS (aws:kms) or DSSE-KMS \
             (aws:kms:dsse) with a KMS key other than the AWS managed aws/s3 key. SSE-S3 \
             (AES256), which S3 applies to every bucket that declares nothing else, does not \
             meet it.",
    rationale: "Every S3 bucket is encrypted at rest (SSE-S3 at least, since January 2023), but \
                with S3-managed keys anyone allowed s3:GetObject reads the data. With a customer \
                managed KMS key, reading also needs kms:Decrypt under a key policy you control, \
                every use of the key is logged in CloudTrail, and disabling the key cuts off \
                access to the data at once. The AWS managed aws/s3 key gives the logging but \
                not the separate permission: its policy cannot be changed.",
    remediation: Remediation {
        console: "KMS console > Customer managed keys > Create key (symmetric) with a key policy \
                  for the readers and writers of the bucket; then S3 console > Buckets > \
                  <bucket> > Properties > Default encryption > Edit > SSE-KMS > choose the key \
                  > Bucket Key: Enable > Save changes.",
        cli: "aws s3api put-bucket-encryption --bucket <bucket> \
              --server-side-encryption-configuration \
              '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\",\"KMSMasterKeyID\":\"<key-arn>\"},\"BucketKeyEnabled\":true}]}'",
        terraform: "resource \"aws_kms_key\" \"s3\" {\n  description         = \"S3 default encryption\"\n  enable_key_rotation = true\n}\n\nresource \"aws_s3_bucket_server_side_encryption_configuration\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = \"aws:kms\"\n      kms_master_key_id = aws_kms_key.s3.arn\n    }\n    bucket_key_enabled = true\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-cmk",
    ],
    // FSBP has no control for this (S3.17, "encrypted at rest with AWS KMS keys", belongs to
    // the NIST SP 800-53 standard, not to FSBP), and CIS v3/v5 have no S3 encryption control.
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC08-BP01", "SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"example-data\"\n}\n",
        terraform_good: "resource \"aws_kms_key\" \"s3\" {\n  description         = \"S3 default encryption\"\n  enable_key_rotation = true\n}\n\nresource \"aws_s3_bucket\" \"data\" {\n  bucket = \"example-data\"\n}\n\nresource \"aws_s3_bucket_server_side_encryption_configuration\" \"data\" {\n  bucket = aws_s3_bucket.data.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = \"aws:kms\"\n      kms_master_key_id = aws_kms_key.s3.arn\n    }\n    bucket_key_enabled = true\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: 'aws:kms'\n",
        cloudformation_good: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: 'aws:kms'\n              KMSMasterKeyID: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\n            BucketKeyEnabled: true\n",
    },
    file: file!(),
};

/// Whether `key` names the AWS managed S3 key (`alias/aws/s3`, bare or as an alias ARN).
fn is_aws_managed_s3_key(key: &str) -> bool {
    key == "alias/aws/s3" || key.ends_with(":alias/aws/s3")
}

impl Check for S3BucketEncryptedWithKmsKey {
    type Subject = Bucket;
    const META: &'static RuleMeta = &META;

    fn judge(&self, bucket: &Bucket, _: &Resource, _: &Inventory) -> Outcome {
        let enc = match bucket.encryption.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(None) => {
                return Outcome::Fail(Evidence::at(
                    "encryption",
                    "no default server-side encryption is configured",
                ))
            }
            Ok(Some(enc)) => enc,
        };
        if !matches!(enc.sse_algorithm.as_str(), "aws:kms" | "aws:kms:dsse") {
            let message = if bucket.aws_defaults.encryption {
                format!("{ENCRYPTION_DEFAULT}, with keys managed by S3, not a KMS key")
            } else {
                format!(
                    "default encryption is {}, with keys managed by S3, not a KMS key",
                    enc.sse_algorithm
                )
            };
            return Outcome::Fail(Evidence::at("encryption", message));
        }
        match enc.kms_master_key_id.as_deref() {
            None => Outcome::Fail(Evidence::at(
                "encryption",
                format!(
                    "default encryption is {} without a key id, so S3 uses the AWS managed key \
                     aws/s3, whose policy cannot be changed",
                    enc.sse_algorithm
                ),
            )),
            Some(key) if is_aws_managed_s3_key(key) => Outcome::Fail(Evidence::at(
                "encryption",
                format!(
                    "default encryption is {} with the AWS managed key {key}, whose policy \
                     cannot be changed",
                    enc.sse_algorithm
                ),
            )),
            Some(key) if key.starts_with("(unresolved") => Outcome::unknown(format!(
                "default encryption is {} with a KMS key that could not be resolved: {key}",
                enc.sse_algorithm
            )),
            Some(key) => Outcome::Pass(Evidence::at(
                "encryption",
                format!("default encryption is {} with key {key}", enc.sse_algorithm),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::s3::test_helpers::bucket;
    use cloudward_model::s3::{AwsDefaults, Bucket, Encryption};
    use cloudward_model::{Status, Value};

    fn kms(algorithm: &str, key: Option<&str>) -> Value<Option<Encryption>> {
        Value::Known(Some(Encryption {
            sse_algorithm: algorithm.into(),
            kms_master_key_id: key.map(Into::into),
            bucket_key_enabled: true,
        }))
    }

    fn judge(encryption: Value<Option<Encryption>>) -> Outcome {
        let r = bucket(Bucket {
            encryption,
            ..Default::default()
        });
        testing::outcome_in(&S3BucketEncryptedWithKmsKey, &r, &Inventory::new())
    }

    #[test]
    fn customer_managed_key_passes_and_names_it() {
        let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        match judge(kms("aws:kms", Some(key))) {
            Outcome::Pass(e) => assert_eq!(
                e.message,
                format!("default encryption is aws:kms with key {key}")
            ),
            other => panic!("expected Pass, got {other:?}"),
        }
        assert_eq!(
            judge(kms("aws:kms:dsse", Some("alias/data"))).status(),
            Status::Pass
        );
    }

    #[test]
    fn aws_managed_key_fails() {
        for key in [
            None,
            Some("alias/aws/s3"),
            Some("arn:aws:kms:us-east-1:111122223333:alias/aws/s3"),
        ] {
            assert_eq!(judge(kms("aws:kms", key)).status(), Status::Fail, "{key:?}");
        }
    }

    #[test]
    fn sse_s3_fails_and_an_aws_default_says_so() {
        assert_eq!(
            judge(Value::Known(Some(Encryption::sse_s3()))).status(),
            Status::Fail
        );
        let r = bucket(Bucket {
            encryption: Value::Known(Some(Encryption::sse_s3())),
            aws_defaults: AwsDefaults {
                encryption: true,
                ..Default::default()
            },
            ..Default::default()
        });
        match testing::outcome_in(&S3BucketEncryptedWithKmsKey, &r, &Inventory::new()) {
            Outcome::Fail(e) => assert!(
                e.message.starts_with("no encryption declared"),
                "{}",
                e.message
            ),
            other => panic!("expected Fail, got {other:?}"),
        }
        assert_eq!(judge(Value::Known(None)).status(), Status::Fail);
    }

    #[test]
    fn unreadable_or_unresolved_is_unknown() {
        assert_eq!(
            judge(Value::unknown("AccessDenied")).status(),
            Status::Unknown
        );
        assert_eq!(
            judge(kms("aws:kms", Some("(unresolved: Fn::GetAtt Key.Arn)"))).status(),
            Status::Unknown
        );
    }
}
