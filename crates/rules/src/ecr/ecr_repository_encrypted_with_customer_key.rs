//! ECR repositories are encrypted with a customer managed KMS key.

use cloudward_model::ecr::Repository;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `EncryptionConfiguration` (`encryption_configuration`, `EncryptionConfiguration`;
/// default `AES256`). `KMS`/`KMS_DSSE` with a key named passes; `KMS` without a key uses the
/// AWS managed `aws/ecr` key and fails, as `AES256` does (Security Hub's ECR.5, outside FSBP).
/// Encryption is fixed at creation: the fix is a new repository.
pub struct EcrRepositoryEncryptedWithCustomerKey;

const META: RuleMeta = RuleMeta {
    id: "ecr-repository-encrypted-with-customer-key",
    title: "ECR repositories are encrypted with a customer managed KMS key",
    severity: Severity::Low,
    service: "ecr",
    kinds: Repository::KINDS,
    checks: "For each private repository, whether its encryption type is KMS (or KMS_DSSE) with a customer managed key named (AES256 and the AWS managed aws/ecr key fail).",
    rationale: "Images are always encrypted at rest, but with AES256 or the AWS managed key every principal with ECR permissions can read them. A customer managed key adds a key policy you control, so pulling requires kms:Decrypt on your key as well, and every use is logged against it; revoking the key makes the images unreadable.",
    remediation: Remediation {
        console: "ECR console > Create repository > Encryption settings: AWS KMS, customer managed key > choose the key > Create; push the images to the new repository and retire the old one (encryption cannot be changed after creation).",
        cli: "aws ecr create-repository --repository-name <repository> --encryption-configuration encryptionType=KMS,kmsKey=<kms-key-arn>",
        terraform: "resource \"aws_ecr_repository\" \"this\" {\n  name = \"<name>\"\n  encryption_configuration {\n    encryption_type = \"KMS\"\n    kms_key         = aws_kms_key.ecr.arn\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-5"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC08-BP01", "SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ecr_repository\" \"app\" {\n  name = \"app\"\n}\n",
        terraform_good: "resource \"aws_ecr_repository\" \"app\" {\n  name = \"app\"\n  encryption_configuration {\n    encryption_type = \"KMS\"\n    kms_key         = aws_kms_key.ecr.arn\n  }\n}\n\nresource \"aws_kms_key\" \"ecr\" {\n  enable_key_rotation = true\n}\n",
        cloudformation_bad: "Resources:\n  App:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n      EncryptionConfiguration:\n        EncryptionType: KMS\n",
        cloudformation_good: "Resources:\n  App:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n      EncryptionConfiguration:\n        EncryptionType: KMS\n        KmsKey: !GetAtt EcrKey.Arn\n  EcrKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n",
    },
    file: file!(),
};

impl Check for EcrRepositoryEncryptedWithCustomerKey {
    type Subject = Repository;
    const META: &'static RuleMeta = &META;

    fn judge(&self, repository: &Repository, _: &Resource, _: &Inventory) -> Outcome {
        let kind = match repository.encryption_type.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(k) => k,
        };
        if !kind.starts_with("KMS") {
            return Outcome::Fail(Evidence::at(
                "encryption_type",
                format!("encrypted with {kind} (keys AWS owns), not a KMS key of yours"),
            ));
        }
        match repository.kms_key.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(Some(key)) => Outcome::Pass(Evidence::at(
                "kms_key",
                format!("encrypted ({kind}) with customer managed key {key}"),
            )),
            Ok(None) => Outcome::Fail(Evidence::at(
                "kms_key",
                "encrypted with the AWS managed key aws/ecr, not a customer managed key",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(repository: Repository) -> Status {
        testing::judge(
            &EcrRepositoryEncryptedWithCustomerKey,
            &resource("app", Attributes::EcrRepository(repository)),
        )
    }

    fn repo(kind: Value<String>, key: Value<Option<String>>) -> Repository {
        Repository {
            encryption_type: kind,
            kms_key: key,
            ..Default::default()
        }
    }

    #[test]
    fn pass_fail_unknown() {
        let key = || Value::Known(Some("arn:aws:kms:us-east-1:123456789012:key/k".to_string()));
        assert_eq!(judge(repo(Value::Known("KMS".into()), key())), Status::Pass);
        assert_eq!(
            judge(repo(Value::Known("KMS".into()), Value::Known(None))),
            Status::Fail
        );
        assert_eq!(
            judge(repo(Value::Known("AES256".into()), Value::Known(None))),
            Status::Fail
        );
        assert_eq!(
            judge(repo(Value::unknown("denied"), key())),
            Status::Unknown
        );
    }
}
