//! EKS clusters envelope-encrypt Kubernetes secrets with a KMS key.

use crate::rule::judged;
use crate::Check;
use cloudward_model::eks::Cluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

/// Reads the KMS key of the cluster's `EncryptionConfig` (`Provider.KeyArn`; Terraform
/// `encryption_config` and CloudFormation `EncryptionConfig` with `resources = ["secrets"]`, the
/// only value they accept). Live, any provider key counts: EKS now envelope-encrypts all
/// Kubernetes API data, secrets included, with the configured key, and the SDK deprecates
/// `resources`. No key fails: secrets are then protected only by AWS's own keys, not by a key
/// whose policy you control (Security Hub EKS.3, outside FSBP).
pub struct EksClusterSecretsEncryptedWithKms;

const META: RuleMeta = RuleMeta {
    id: "eks-cluster-secrets-encrypted-with-kms",
    title: "EKS clusters envelope-encrypt Kubernetes secrets with a KMS key",
    severity: Severity::Medium,
    service: "eks",
    kinds: Cluster::KINDS,
    checks: "For each EKS cluster, whether an encryption configuration covers the secrets resource with a KMS key (Provider.KeyArn).",
    rationale: "Kubernetes secrets hold database passwords, tokens and TLS keys. Envelope encryption with your KMS key means reading them from etcd or a backup needs kms:Decrypt on your key, whose use is logged and which you can revoke; without it anyone with access to etcd data reads them in base64.",
    remediation: Remediation {
        console: "EKS console > Clusters > <cluster> > Overview > Secrets encryption > Enable > choose a KMS key > Enable (this cannot be turned off afterwards).",
        cli: "aws eks associate-encryption-config --cluster-name <cluster> --encryption-config '[{\"resources\":[\"secrets\"],\"provider\":{\"keyArn\":\"<kms-key-arn>\"}}]'",
        terraform: "resource \"aws_eks_cluster\" \"this\" {\n  name = \"<name>\"\n  # ...\n  encryption_config {\n    resources = [\"secrets\"]\n    provider {\n      key_arn = aws_kms_key.eks.arn\n    }\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-3"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC08-BP01", "SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_eks_cluster\" \"main\" {\n  name     = \"main\"\n  role_arn = \"arn:aws:iam::123456789012:role/eks-cluster\"\n  version  = \"1.33\"\n  vpc_config {\n    subnet_ids = [\"subnet-0123456789abcdef0\", \"subnet-0fedcba9876543210\"]\n  }\n}\n",
        terraform_good: "resource \"aws_eks_cluster\" \"main\" {\n  name     = \"main\"\n  role_arn = \"arn:aws:iam::123456789012:role/eks-cluster\"\n  version  = \"1.33\"\n  vpc_config {\n    subnet_ids = [\"subnet-0123456789abcdef0\", \"subnet-0fedcba9876543210\"]\n  }\n  encryption_config {\n    resources = [\"secrets\"]\n    provider {\n      key_arn = aws_kms_key.eks.arn\n    }\n  }\n}\n\nresource \"aws_kms_key\" \"eks\" {\n  enable_key_rotation = true\n}\n",
        cloudformation_bad: "Resources:\n  Main:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: main\n      RoleArn: arn:aws:iam::123456789012:role/eks-cluster\n      Version: '1.33'\n      ResourcesVpcConfig:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n          - subnet-0fedcba9876543210\n",
        cloudformation_good: "Resources:\n  Main:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: main\n      RoleArn: arn:aws:iam::123456789012:role/eks-cluster\n      Version: '1.33'\n      ResourcesVpcConfig:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n          - subnet-0fedcba9876543210\n      EncryptionConfig:\n        - Resources:\n            - secrets\n          Provider:\n            KeyArn: !GetAtt EksKey.Arn\n  EksKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n",
    },
    file: file!(),
};

impl Check for EksClusterSecretsEncryptedWithKms {
    type Subject = Cluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cluster: &Cluster, _: &Resource, _: &Inventory) -> Outcome {
        judged(
            &cluster.secrets_encryption_key_arn,
            "secrets_encryption_key_arn",
            |key| match key {
                Some(key) => Ok(format!("secrets are envelope-encrypted with KMS key {key}")),
                None => Err("secrets are not envelope-encrypted with a KMS key of yours".into()),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(cluster: Cluster) -> Status {
        testing::judge(&RULE, &resource("main", Attributes::EksCluster(cluster)))
    }
    const RULE: EksClusterSecretsEncryptedWithKms = EksClusterSecretsEncryptedWithKms;

    fn key(v: Value<Option<String>>) -> Cluster {
        Cluster {
            secrets_encryption_key_arn: v,
            ..Default::default()
        }
    }

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(
            judge(key(Value::Known(Some(
                "arn:aws:kms:us-east-1:123456789012:key/k".into()
            )))),
            Status::Pass
        );
        assert_eq!(judge(key(Value::Known(None))), Status::Fail);
        assert_eq!(judge(key(Value::unknown("denied"))), Status::Unknown);
    }
}
