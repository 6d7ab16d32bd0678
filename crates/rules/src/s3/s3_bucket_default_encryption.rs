//! Buckets have default server-side encryption configured.

use cloudward_model::s3::Bucket;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::s3::ENCRYPTION_DEFAULT;
use crate::Check;

/// Reads `GetBucketEncryption` (first rule). Since 2023-01-05 S3 encrypts every bucket with
/// SSE-S3 at least, in every region, and offers no way to switch it off: live, the API reports
/// `AES256` (or the SSE-KMS/DSSE-KMS that replaced it) for every bucket, so a real account
/// always passes and `Known(None)` (no configuration) only comes from an emulator such as moto,
/// or an inventory snapshot taken before 2023, and fails. In code, a bucket that declares no
/// encryption is therefore SSE-S3 (the adapters fill that in and mark it as AWS's default), and
/// no declaration can make a new bucket unencrypted: the rule has no failing code example. The
/// stricter wish, a customer managed KMS key, is `s3-bucket-encrypted-with-kms-key`. The
/// evidence names the algorithm and KMS key so SSE-S3 and SSE-KMS can be told apart in reports.
pub struct S3BucketDefaultEncryption;

const META: RuleMeta = RuleMeta {
    id: "s3-bucket-default-encryption",
    title: "S3 buckets have default server-side encryption configured",
    severity: Severity::Medium,
    service: "s3",
    kinds: Bucket::KINDS,
    checks: "For each bucket, whether a default encryption configuration exists (SSE-S3 AES256, \
             SSE-KMS aws:kms or DSSE-KMS aws:kms:dsse). S3 has applied SSE-S3 to every bucket \
             since January 2023 and it cannot be switched off, so in infrastructure code a \
             bucket that declares no encryption passes with that default, and live a failure \
             means the source reported no configuration (an emulator, or a snapshot taken \
             before 2023). A customer managed KMS key is checked by \
             s3-bucket-encrypted-with-kms-key.",
    rationale: "Default encryption guarantees that every object is encrypted at rest even when \
                the uploader does not ask for it. Choosing SSE-KMS with a customer managed key \
                adds a second, auditable permission (kms:Decrypt) in front of the data.",
    remediation: Remediation {
        console: "S3 console > Buckets > <bucket> > Properties > Default encryption > Edit > \
                  choose SSE-S3 or SSE-KMS (with a customer managed key for sensitive data) > \
                  Save changes.",
        cli: "aws s3api put-bucket-encryption --bucket <bucket> \
              --server-side-encryption-configuration \
              '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\",\"KMSMasterKeyID\":\"<key-arn>\"},\"BucketKeyEnabled\":true}]}'",
        terraform: "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = \"aws:kms\"\n      kms_master_key_id = aws_kms_key.s3.arn\n    }\n    bucket_key_enabled = true\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        // No code can make a new bucket unencrypted (AWS applies SSE-S3 whatever it
        // declares), so there is no failing example: the rule fails only on data that says
        // "no configuration", which real AWS no longer returns.
        terraform_bad: "",
        terraform_good: "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"example-data\"\n}\n\nresource \"aws_s3_bucket_server_side_encryption_configuration\" \"data\" {\n  bucket = aws_s3_bucket.data.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = \"aws:kms\"\n    }\n  }\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: 'aws:kms'\n",
    },
    file: file!(),
};

impl Check for S3BucketDefaultEncryption {
    type Subject = Bucket;
    const META: &'static RuleMeta = &META;

    fn judge(&self, bucket: &Bucket, _: &Resource, _: &Inventory) -> Outcome {
        match bucket.encryption.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(None) => Outcome::Fail(Evidence::at(
                "encryption",
                "no default server-side encryption is configured",
            )),
            Ok(Some(_)) if bucket.aws_defaults.encryption => {
                Outcome::Pass(Evidence::at("encryption", ENCRYPTION_DEFAULT))
            }
            Ok(Some(enc)) => {
                let key = enc
                    .kms_master_key_id
                    .as_deref()
                    .map(|k| format!(" with key {k}"))
                    .unwrap_or_default();
                Outcome::Pass(Evidence::at(
                    "encryption",
                    format!("default encryption is {}{key}", enc.sse_algorithm),
                ))
            }
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

    fn judge(encryption: Value<Option<Encryption>>) -> Outcome {
        let r = bucket(Bucket {
            encryption,
            ..Default::default()
        });
        testing::outcome_in(&S3BucketDefaultEncryption, &r, &Inventory::new())
    }

    #[test]
    fn configured_passes_and_names_the_algorithm() {
        let enc = Encryption {
            sse_algorithm: "aws:kms".into(),
            kms_master_key_id: Some("alias/s3".into()),
            bucket_key_enabled: true,
        };
        match judge(Value::Known(Some(enc))) {
            Outcome::Pass(e) => {
                assert_eq!(e.message, "default encryption is aws:kms with key alias/s3")
            }
            other => panic!("expected Pass, got {other:?}"),
        }
    }

    #[test]
    fn aws_default_passes_and_says_so() {
        let r = bucket(Bucket {
            encryption: Value::Known(Some(Encryption::sse_s3())),
            aws_defaults: AwsDefaults {
                encryption: true,
                ..Default::default()
            },
            ..Default::default()
        });
        match testing::outcome_in(&S3BucketDefaultEncryption, &r, &Inventory::new()) {
            Outcome::Pass(e) => assert_eq!(
                e.message,
                "no encryption declared; AWS applies SSE-S3 (AES256) to every new bucket since \
                 January 2023"
            ),
            other => panic!("expected Pass, got {other:?}"),
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
