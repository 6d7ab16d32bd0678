//! Same misconfiguration, same rule id: the Terraform and CloudFormation forms of one resource
//! must get the same verdict from every rule that judges its kind. The two adapters are written
//! separately; this is what keeps them describing AWS the same way.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cloudward_iac::{scan, ScanOptions};
use cloudward_model::{Inventory, Status};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/iac")
}

/// Rules whose verdict may differ between the forms, and why.
const NOT_EXPRESSIBLE: &[(&str, &str)] = &[(
    "s3-bucket-mfa-delete",
    "CloudFormation cannot enable MFA delete (only the root user can, through the API); \
     Terraform's aws_s3_bucket_versioning can declare it",
)];

/// Verdicts of every rule on one resource, by rule id (Pass/Fail/Unknown/...).
fn verdicts(inventory: &Inventory, resource_id: &str) -> BTreeMap<String, Status> {
    let rules = cloudward_rules::catalogue();
    let resource = inventory
        .resources
        .iter()
        .find(|r| r.id == resource_id)
        .unwrap_or_else(|| {
            panic!(
                "no resource {resource_id}; have {:?}",
                inventory
                    .resources
                    .iter()
                    .map(|r| &r.id)
                    .collect::<Vec<_>>()
            )
        });
    let kind = resource.kind();
    // Rules may consult other resources (a subnet's route table); judge in the full inventory
    // but keep only this resource's findings.
    cloudward_rules::engine::evaluate(inventory, &rules)
        .into_iter()
        .filter(|f| f.resource_id == resource_id && f.resource_kind == kind)
        .filter(|f| !NOT_EXPRESSIBLE.iter().any(|(id, _)| *id == f.rule_id))
        .map(|f| (f.rule_id.into_owned(), f.status))
        .collect()
}

fn compare_paths(terraform: &Path, template: &Path, pairs: &[(&str, &str)]) {
    let tf = scan(terraform, &ScanOptions::default());
    let cfn = scan(template, &ScanOptions::default());
    assert!(!tf.has_errors(), "{:?}", tf.diagnostics);
    assert!(!cfn.has_errors(), "{:?}", cfn.diagnostics);
    for (tf_id, cfn_id) in pairs {
        let a = verdicts(&tf.inventory, tf_id);
        let b = verdicts(&cfn.inventory, cfn_id);
        assert!(!a.is_empty(), "no rule judged {tf_id}");
        assert_eq!(
            a,
            b,
            "Terraform {}#{tf_id} (left) and CloudFormation {}#{cfn_id} (right) disagree",
            terraform.display(),
            template.display()
        );
    }
}

/// A case of `cloudformation/cross_check/<case>/`: `main.tf` and `template.yaml` declare the
/// same resources.
fn compare_case(case: &str, pairs: &[(&str, &str)]) {
    let dir = fixtures().join("cloudformation/cross_check").join(case);
    compare_paths(&dir.join("main.tf"), &dir.join("template.yaml"), pairs);
}

#[test]
fn insecure_bucket_fails_the_same_rules_in_both_forms() {
    compare_paths(
        &fixtures().join("terraform/s3_insecure"),
        &fixtures().join("cloudformation/s3_insecure.yaml"),
        &[("aws_s3_bucket.public", "PublicSite")],
    );
}

#[test]
fn network() {
    compare_case(
        "network",
        &[
            ("aws_security_group.admin", "Admin"),
            ("aws_security_group.db", "Db"),
            ("aws_network_acl.open", "Open"),
            ("aws_subnet.public", "PublicSubnet"),
            ("aws_vpc.main", "Vpc"),
        ],
    );
}

#[test]
fn compute() {
    compare_case(
        "compute",
        &[("aws_instance.web", "Web"), ("aws_ebs_volume.data", "Data")],
    );
}

#[test]
fn trail() {
    compare_case("trail", &[("aws_cloudtrail.main", "Main")]);
}

#[test]
fn iam() {
    compare_case("iam", &[("aws_iam_user.alice", "Alice")]);
}

#[test]
fn services() {
    compare_case(
        "services",
        &[
            ("aws_guardduty_detector.main", "Detector"),
            ("aws_securityhub_account.main", "Hub"),
            ("aws_accessanalyzer_analyzer.main", "Analyzer"),
            ("aws_config_configuration_recorder.main", "Recorder"),
        ],
    );
}

#[test]
fn secure_bucket_passes_the_same_rules_in_both_forms() {
    compare_paths(
        &fixtures().join("terraform/s3_secure"),
        &fixtures().join("cloudformation/s3_secure.yaml"),
        &[("aws_s3_bucket.data", "Data")],
    );
}
