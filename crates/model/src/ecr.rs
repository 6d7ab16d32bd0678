//! Amazon ECR private repositories (`DescribeRepositories`, `GetRepositoryPolicy`,
//! `GetLifecyclePolicy`) and the registry's scanning configuration
//! (`GetRegistryScanningConfiguration`), which is copied onto each repository of the region
//! so that one rule can judge both.

use serde::{Deserialize, Serialize};

use crate::policy::PolicyDocument;
use crate::Value;

/// A private repository.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Repository {
    /// `RepositoryName`.
    pub repository_name: String,
    /// `RepositoryArn`.
    pub repository_arn: String,
    /// `ImageScanningConfiguration.ScanOnPush` (basic scanning, per repository).
    pub scan_on_push: Value<bool>,
    /// `ImageTagMutability`: `MUTABLE`, `IMMUTABLE`, or the `*_WITH_EXCLUSION` variants.
    pub image_tag_mutability: Value<String>,
    /// `EncryptionConfiguration.EncryptionType`: `AES256`, `KMS` or `KMS_DSSE`.
    pub encryption_type: Value<String>,
    /// `EncryptionConfiguration.KmsKey`; `None` with `KMS`: the AWS managed key `aws/ecr`.
    pub kms_key: Value<Option<String>>,
    /// Whether a lifecycle policy is set (`GetLifecyclePolicy`).
    pub lifecycle_policy_configured: Value<bool>,
    /// The repository policy (`GetRepositoryPolicy`; `None`: no policy).
    pub policy: Value<Option<PolicyDocument>>,
    /// The registry's scanning configuration in the repository's region.
    pub registry_scanning: Value<RegistryScanning>,
}

/// `GetRegistryScanningConfiguration`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegistryScanning {
    /// `ScanType`: `BASIC` or `ENHANCED`.
    pub scan_type: String,
    /// `Rules`.
    pub rules: Vec<ScanningRule>,
}

/// One registry scanning rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScanningRule {
    /// `ScanFrequency`: `SCAN_ON_PUSH`, `CONTINUOUS_SCAN` or `MANUAL`.
    pub scan_frequency: String,
    /// `RepositoryFilters[].Filter` (wildcard patterns, `*` any run of characters).
    pub filters: Vec<String>,
}

impl RegistryScanning {
    /// The frequency of the first registry rule that scans `repository` automatically (on
    /// push or continuously), if any. Filters are `WILDCARD` patterns.
    pub fn automatic_scan_for(&self, repository: &str) -> Option<&str> {
        self.rules
            .iter()
            .filter(|r| r.scan_frequency == "SCAN_ON_PUSH" || r.scan_frequency == "CONTINUOUS_SCAN")
            .find(|r| r.filters.iter().any(|f| wildcard(f, repository)))
            .map(|r| r.scan_frequency.as_str())
    }
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters.
fn wildcard(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_filters() {
        assert!(wildcard("*", "app"));
        assert!(wildcard("prod-*", "prod-api"));
        assert!(!wildcard("prod-*", "dev-api"));
        assert!(wildcard("*-api*", "prod-api-v2"));
        assert!(wildcard("app", "app"));
        assert!(!wildcard("app", "apps"));
        let scanning = RegistryScanning {
            scan_type: "ENHANCED".into(),
            rules: vec![ScanningRule {
                scan_frequency: "CONTINUOUS_SCAN".into(),
                filters: vec!["prod-*".into()],
            }],
        };
        assert_eq!(
            scanning.automatic_scan_for("prod-api"),
            Some("CONTINUOUS_SCAN")
        );
        assert_eq!(scanning.automatic_scan_for("dev"), None);
    }
}
