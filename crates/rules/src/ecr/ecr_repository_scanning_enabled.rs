//! ECR repositories scan images automatically.

use cloudward_model::ecr::Repository;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads the repository's `ImageScanningConfiguration.ScanOnPush` and the registry's scanning
/// configuration of its region (`GetRegistryScanningConfiguration`;
/// `aws_ecr_registry_scanning_configuration`, `AWS::ECR::RegistryScanningConfiguration`). With
/// enhanced scanning (Amazon Inspector) the repository flag is ignored and only a registry rule
/// whose filter matches the repository (scan on push or continuous) counts; with basic
/// scanning either the flag or a matching scan-on-push registry rule does. An unreadable
/// registry configuration is Unknown, because it decides which of the two applies.
pub struct EcrRepositoryScanningEnabled;

const META: RuleMeta = RuleMeta {
    id: "ecr-repository-scanning-enabled",
    title: "ECR repositories scan images automatically",
    severity: Severity::High,
    service: "ecr",
    kinds: Repository::KINDS,
    checks: "For each private repository, whether its images are scanned automatically: with basic scanning, scan on push on the repository or a registry scan-on-push rule whose filter matches it; with enhanced scanning, a registry rule (scan on push or continuous) whose filter matches it.",
    rationale: "Images carry their OS packages and language libraries; without scanning, known vulnerabilities in what you deploy go unnoticed. Scanning on push (and continuously with Amazon Inspector) reports them as soon as an image arrives and as new CVEs are published.",
    remediation: Remediation {
        console: "ECR console > Private registry > Settings > Scanning configuration: choose Enhanced scanning (continuous) or Basic with a scan-on-push filter matching the repository (or * ) > Save.",
        cli: "aws ecr put-registry-scanning-configuration --scan-type ENHANCED --rules '[{\"scanFrequency\":\"CONTINUOUS_SCAN\",\"repositoryFilters\":[{\"filter\":\"*\",\"filterType\":\"WILDCARD\"}]}]'\naws ecr put-image-scanning-configuration --repository-name <repository> --image-scanning-configuration scanOnPush=true",
        terraform: "resource \"aws_ecr_registry_scanning_configuration\" \"this\" {\n  scan_type = \"ENHANCED\"\n  rule {\n    scan_frequency = \"CONTINUOUS_SCAN\"\n    repository_filter {\n      filter      = \"*\"\n      filter_type = \"WILDCARD\"\n    }\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-1"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ECR.1"],
        well_architected: &["SEC06-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ecr_repository\" \"app\" {\n  name = \"app\"\n}\n",
        terraform_good: "resource \"aws_ecr_repository\" \"app\" {\n  name = \"app\"\n  image_scanning_configuration {\n    scan_on_push = true\n  }\n}\n",
        cloudformation_bad: "Resources:\n  App:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n      ImageScanningConfiguration:\n        ScanOnPush: false\n",
        cloudformation_good: "Resources:\n  App:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n      ImageScanningConfiguration:\n        ScanOnPush: true\n",
    },
    file: file!(),
};

impl Check for EcrRepositoryScanningEnabled {
    type Subject = Repository;
    const META: &'static RuleMeta = &META;

    fn judge(&self, repository: &Repository, _: &Resource, _: &Inventory) -> Outcome {
        let registry = match repository.registry_scanning.get() {
            Err(reason) => {
                return Outcome::unknown(format!(
                    "the registry scanning configuration decides whether the repository setting \
                     applies and could not be read: {reason}"
                ))
            }
            Ok(r) => r,
        };
        let name = &repository.repository_name;
        if registry.scan_type == "ENHANCED" {
            return match registry.automatic_scan_for(name) {
                Some(frequency) => Outcome::Pass(Evidence::at(
                    "registry_scanning",
                    format!("enhanced scanning covers the repository ({frequency})"),
                )),
                None => Outcome::Fail(Evidence::at(
                    "registry_scanning",
                    "enhanced scanning is on, but no registry rule scans this repository \
                     automatically (the repository's own scan-on-push setting is ignored)",
                )),
            };
        }
        if registry.automatic_scan_for(name) == Some("SCAN_ON_PUSH") {
            return Outcome::Pass(Evidence::at(
                "registry_scanning",
                "a registry scan-on-push rule covers the repository",
            ));
        }
        match repository.scan_on_push.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(true) => Outcome::Pass(Evidence::at("scan_on_push", "images are scanned on push")),
            Ok(false) => Outcome::Fail(Evidence::at(
                "scan_on_push",
                "images are not scanned: scan on push is off and no registry rule covers the repository",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::ecr::{RegistryScanning, ScanningRule};
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(repository: Repository) -> Status {
        testing::judge(
            &EcrRepositoryScanningEnabled,
            &resource("app", Attributes::EcrRepository(repository)),
        )
    }

    fn repo(scan_on_push: bool, registry: Value<RegistryScanning>) -> Repository {
        Repository {
            repository_name: "app".into(),
            scan_on_push: Value::Known(scan_on_push),
            registry_scanning: registry,
            ..Default::default()
        }
    }

    fn registry(scan_type: &str, frequency: &str, filter: &str) -> Value<RegistryScanning> {
        Value::Known(RegistryScanning {
            scan_type: scan_type.into(),
            rules: vec![ScanningRule {
                scan_frequency: frequency.into(),
                filters: vec![filter.into()],
            }],
        })
    }

    #[test]
    fn basic_scanning() {
        let basic = || {
            Value::Known(RegistryScanning {
                scan_type: "BASIC".into(),
                rules: vec![],
            })
        };
        assert_eq!(judge(repo(true, basic())), Status::Pass);
        assert_eq!(judge(repo(false, basic())), Status::Fail);
        assert_eq!(
            judge(repo(false, registry("BASIC", "SCAN_ON_PUSH", "a*"))),
            Status::Pass
        );
        assert_eq!(
            judge(repo(false, registry("BASIC", "SCAN_ON_PUSH", "b*"))),
            Status::Fail
        );
    }

    #[test]
    fn enhanced_scanning_ignores_the_repository_flag() {
        assert_eq!(
            judge(repo(false, registry("ENHANCED", "CONTINUOUS_SCAN", "*"))),
            Status::Pass
        );
        assert_eq!(
            judge(repo(true, registry("ENHANCED", "CONTINUOUS_SCAN", "other"))),
            Status::Fail
        );
    }

    #[test]
    fn unknown_registry_is_unknown() {
        assert_eq!(judge(repo(true, Value::unknown("denied"))), Status::Unknown);
    }
}
