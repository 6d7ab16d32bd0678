//! Terraform fixtures (HCL modules and plan JSON) through the adapter and the rule engine:
//! expected verdicts per resource address and rule, locations, unknowns with their reasons,
//! suppressions, bad input, every rule's own Terraform examples, and no panics on mutated
//! input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use cloudward_iac::{terraform, DiagnosticLevel, Output, ScanOptions};
use cloudward_model::{Finding, Inventory, Resource, Status, Value};
use proptest::prelude::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/iac/terraform")
}

fn adapt_fixture(name: &str) -> Output {
    let root = fixtures().join(name);
    terraform::adapt_module(&root, &root, &ScanOptions::default())
}

fn inventory(output: &Output) -> Inventory {
    let mut inventory = Inventory::new();
    for r in &output.resources {
        inventory.push(r.clone());
    }
    inventory.normalize();
    inventory
}

fn resource<'a>(output: &'a Output, id: &str) -> &'a Resource {
    output
        .resources
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| {
            panic!(
                "no resource {id}; have {:?}",
                output.resources.iter().map(|r| &r.id).collect::<Vec<_>>()
            )
        })
}

/// Findings keyed by (resource id, rule id).
struct Verdicts {
    by_key: BTreeMap<(String, String), Vec<Finding>>,
    rule_ids: Vec<&'static str>,
    checked: usize,
}

impl Verdicts {
    fn of(output: &Output) -> Self {
        let rules = cloudward_rules::catalogue();
        let findings = cloudward_rules::engine::evaluate(&inventory(output), &rules);
        let mut by_key: BTreeMap<(String, String), Vec<Finding>> = BTreeMap::new();
        for f in findings {
            by_key
                .entry((f.resource_id.clone(), f.rule_id.to_string()))
                .or_default()
                .push(f);
        }
        Verdicts {
            by_key,
            rule_ids: rules.iter().map(|r| r.meta().id).collect(),
            checked: 0,
        }
    }

    /// Assert the verdict of `rule` on `resource`; rules not in the catalogue are skipped.
    fn expect(&mut self, resource: &str, rule: &str, status: Status) -> Option<&Finding> {
        if !self.rule_ids.contains(&rule) {
            return None;
        }
        let found = self
            .by_key
            .get(&(resource.to_string(), rule.to_string()))
            .unwrap_or_else(|| {
                panic!(
                    "no finding of {rule} on {resource}; have {:?}",
                    self.by_key.keys().collect::<Vec<_>>()
                )
            });
        assert!(
            found.iter().all(|f| f.status == status),
            "{rule} on {resource}: expected {status:?}, got {:?}",
            found
                .iter()
                .map(|f| (f.status, f.message.clone()))
                .collect::<Vec<_>>()
        );
        self.checked += 1;
        found.first()
    }

    fn all(&mut self, resource: &str, rules: &[&str], status: Status) {
        for rule in rules {
            self.expect(resource, rule, status);
        }
    }
}

fn line_of(f: Option<&Finding>) -> Option<u32> {
    f.and_then(|f| f.location.as_ref()).map(|l| l.line)
}

#[test]
fn s3_insecure_fails_and_points_at_the_split_resources() {
    let out = adapt_fixture("s3_insecure");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let mut v = Verdicts::of(&out);
    v.all(
        "aws_s3_bucket.public",
        &[
            "s3-bucket-acl-not-public",
            "s3-bucket-policy-not-public",
            "s3-bucket-public-access-block",
            "s3-bucket-versioning-enabled",
            "s3-bucket-acls-disabled",
            "s3-bucket-secure-transport-required",
            "s3-bucket-server-access-logging",
            "s3-bucket-mfa-delete",
        ],
        Status::Fail,
    );
    let pab = v.expect(
        "aws_s3_bucket.public",
        "s3-bucket-public-access-block",
        Status::Fail,
    );
    if pab.is_some() {
        assert_eq!(
            line_of(pab),
            Some(29),
            "points at the public access block resource"
        );
    }
    v.all(
        "aws_s3_bucket.split",
        &["s3-bucket-acl-not-public", "s3-bucket-versioning-enabled"],
        Status::Fail,
    );
    // Issue 8, defect 13: no encryption declared is the SSE-S3 AWS applies to every bucket,
    // which passes default encryption and fails the customer managed key. The declared
    // authenticated-read ACL is judged as declared: it keeps AWS's default Block Public
    // Access and disabled ACLs out.
    let enc = v.expect(
        "aws_s3_bucket.split",
        "s3-bucket-default-encryption",
        Status::Pass,
    );
    if let Some(f) = enc {
        assert!(
            f.message.starts_with("no encryption declared"),
            "{}",
            f.message
        );
    }
    v.all(
        "aws_s3_bucket.split",
        &[
            "s3-bucket-encrypted-with-kms-key",
            "s3-bucket-public-access-block",
            "s3-bucket-acls-disabled",
        ],
        Status::Fail,
    );
    v.expect(
        "aws_s3_account_public_access_block.account",
        "s3-account-public-access-block",
        Status::Fail,
    );
    assert!(v.checked > 0 || v.rule_ids.is_empty());
    let b = resource(&out, "aws_s3_bucket.public")
        .as_s3_bucket()
        .expect("bucket");
    assert_eq!(b.policy_is_public, Value::Known(true));
    assert_eq!(
        b.object_ownership,
        Value::Known(Some("ObjectWriter".into()))
    );
}

#[test]
fn s3_secure_passes() {
    let out = adapt_fixture("s3_secure");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let mut v = Verdicts::of(&out);
    for bucket in ["aws_s3_bucket.data", "aws_s3_bucket.logs"] {
        v.all(
            bucket,
            &[
                "s3-bucket-acl-not-public",
                "s3-bucket-policy-not-public",
                "s3-bucket-public-access-block",
                "s3-bucket-versioning-enabled",
                "s3-bucket-mfa-delete",
                "s3-bucket-acls-disabled",
                "s3-bucket-secure-transport-required",
                "s3-bucket-server-access-logging",
                "s3-bucket-default-encryption",
            ],
            Status::Pass,
        );
    }
    // alias/data is a customer managed key; the logs bucket asks for SSE-S3.
    v.expect(
        "aws_s3_bucket.data",
        "s3-bucket-encrypted-with-kms-key",
        Status::Pass,
    );
    v.expect(
        "aws_s3_bucket.logs",
        "s3-bucket-encrypted-with-kms-key",
        Status::Fail,
    );
    v.expect(
        "aws_s3_account_public_access_block.account",
        "s3-account-public-access-block",
        Status::Pass,
    );
    let data = resource(&out, "aws_s3_bucket.data");
    assert_eq!(data.name, "acme-prod-data");
    assert_eq!(data.region.as_deref(), Some("eu-west-1"));
    let enc = data
        .as_s3_bucket()
        .and_then(|b| b.encryption.known().cloned().flatten())
        .expect("encryption");
    assert_eq!(enc.kms_master_key_id.as_deref(), Some("alias/data"));
}

#[test]
fn ec2_insecure_fails_with_joined_rules_and_routes() {
    let out = adapt_fixture("ec2_insecure");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let mut v = Verdicts::of(&out);
    let ssh = v.expect(
        "aws_security_group.admin",
        "ec2-security-group-admin-ports-ipv4-restricted",
        Status::Fail,
    );
    if ssh.is_some() {
        assert_eq!(line_of(ssh), Some(39), "points at the ingress block");
    }
    v.expect(
        "aws_security_group.admin",
        "ec2-security-group-admin-ports-ipv6-restricted",
        Status::Fail,
    );
    v.all(
        "aws_security_group.wide",
        &[
            "ec2-security-group-all-ports-restricted",
            "ec2-security-group-database-ports-restricted",
            "ec2-security-group-cifs-restricted",
        ],
        Status::Fail,
    );
    v.expect(
        "aws_default_security_group.default",
        "vpc-default-security-group-restricts-all-traffic",
        Status::Fail,
    );
    v.expect(
        "aws_network_acl.open",
        "vpc-network-acl-admin-ports-restricted",
        Status::Fail,
    );
    v.expect("aws_vpc.main", "vpc-flow-logs-enabled", Status::Fail);
    v.expect(
        "aws_subnet.public",
        "vpc-subnet-no-public-ip-auto-assign",
        Status::Fail,
    );
    v.all(
        "aws_instance.web",
        &[
            "ec2-instance-imdsv2-required",
            "ec2-instance-no-public-ipv4",
            "ec2-instance-sensitive-ports-not-internet-exposed",
        ],
        Status::Fail,
    );
    v.expect("aws_ebs_volume.data", "ebs-volume-encrypted", Status::Fail);
    v.expect(
        "aws_ebs_encryption_by_default.this",
        "ebs-encryption-by-default",
        Status::Fail,
    );
    let subnet = resource(&out, "aws_subnet.public")
        .as_ec2_subnet()
        .expect("subnet");
    assert_eq!(subnet.cidr_block, "10.0.1.0/24", "cidrsubnet evaluated");
    assert_eq!(subnet.vpc_id, "aws_vpc.main");
}

#[test]
fn ec2_secure_passes() {
    let out = adapt_fixture("ec2_secure");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let mut v = Verdicts::of(&out);
    v.all(
        "aws_security_group.web",
        &[
            "ec2-security-group-admin-ports-ipv4-restricted",
            "ec2-security-group-admin-ports-ipv6-restricted",
            "ec2-security-group-all-ports-restricted",
            "ec2-security-group-database-ports-restricted",
            "ec2-security-group-cifs-restricted",
        ],
        Status::Pass,
    );
    v.expect(
        "aws_default_security_group.default",
        "vpc-default-security-group-restricts-all-traffic",
        Status::Pass,
    );
    v.expect(
        "aws_network_acl.private",
        "vpc-network-acl-admin-ports-restricted",
        Status::Pass,
    );
    v.expect("aws_vpc.main", "vpc-flow-logs-enabled", Status::Pass);
    v.expect(
        "aws_subnet.private",
        "vpc-subnet-no-public-ip-auto-assign",
        Status::Pass,
    );
    v.all(
        "aws_instance.web",
        &[
            "ec2-instance-imdsv2-required",
            "ec2-instance-no-public-ipv4",
            "ec2-instance-sensitive-ports-not-internet-exposed",
            "iam-instance-role-attached",
        ],
        Status::Pass,
    );
    v.expect("aws_ebs_volume.data", "ebs-volume-encrypted", Status::Pass);
    v.expect(
        "aws_ebs_encryption_by_default.this",
        "ebs-encryption-by-default",
        Status::Pass,
    );
}

#[test]
fn iam_fixtures() {
    let out = adapt_fixture("iam_insecure");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let mut v = Verdicts::of(&out);
    v.all(
        "aws_iam_account_password_policy.weak",
        &[
            "iam-password-policy-minimum-length-14",
            "iam-password-policy-reuse-prevention-24",
            "iam-password-policy-complexity",
        ],
        Status::Fail,
    );
    v.expect(
        "aws_iam_policy.admin",
        "iam-no-full-admin-policy-attached",
        Status::Fail,
    );
    v.expect(
        "aws_iam_user.alice",
        "iam-user-permissions-through-groups",
        Status::Fail,
    );
    v.expect(
        "aws_iam_user.alice",
        "iam-user-one-active-access-key",
        Status::Fail,
    );
    let alice = resource(&out, "aws_iam_user.alice")
        .as_iam_user()
        .expect("user");
    assert_eq!(alice.password_enabled, Value::Known(true));
    assert_eq!(alice.access_keys.known().map(Vec::len), Some(2));
    assert_eq!(
        alice.attached_policies.known().expect("known")[0].policy_name,
        "admin"
    );
    let alice_r = resource(&out, "aws_iam_user.alice");
    assert_eq!(alice_r.attribute_locations["access_keys[1]"].line, 29);
    assert_eq!(alice_r.attribute_locations["attached_policies[0]"].line, 34);
    // Heredoc JSON is parsed.
    let admin = resource(&out, "aws_iam_policy.admin")
        .as_iam_policy()
        .expect("policy");
    assert!(admin.document.is_known());

    let out = adapt_fixture("iam_secure");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let mut v = Verdicts::of(&out);
    v.all(
        "aws_iam_account_password_policy.strong",
        &[
            "iam-password-policy-minimum-length-14",
            "iam-password-policy-reuse-prevention-24",
            "iam-password-policy-complexity",
        ],
        Status::Pass,
    );
    v.expect(
        "aws_iam_policy.read_reports",
        "iam-no-full-admin-policy-attached",
        Status::Pass,
    );
    v.expect(
        "aws_iam_user.bob",
        "iam-user-permissions-through-groups",
        Status::Pass,
    );
    let bob = resource(&out, "aws_iam_user.bob")
        .as_iam_user()
        .expect("user");
    assert_eq!(bob.groups, Value::Known(vec!["analysts".to_string()]));
}

#[test]
fn services_fixtures() {
    let out = adapt_fixture("services_insecure");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let mut v = Verdicts::of(&out);
    v.all(
        "aws_cloudtrail.main",
        &[
            "cloudtrail-log-file-validation-enabled",
            "cloudtrail-encrypted-with-kms",
            "cloudtrail-cloudwatch-logs-integrated",
            "cloudtrail-bucket-not-public",
        ],
        Status::Fail,
    );
    v.expect(
        "aws_config_configuration_recorder.main",
        "config-recording-enabled",
        Status::Fail,
    );
    v.expect(
        "aws_guardduty_detector.main",
        "guardduty-enabled",
        Status::Fail,
    );
    let gd = resource(&out, "aws_guardduty_detector.main");
    assert_eq!(gd.region.as_deref(), Some("eu-central-1"));

    let out = adapt_fixture("services_secure");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let mut v = Verdicts::of(&out);
    v.all(
        "aws_cloudtrail.main",
        &[
            "cloudtrail-log-file-validation-enabled",
            "cloudtrail-encrypted-with-kms",
            "cloudtrail-cloudwatch-logs-integrated",
            "cloudtrail-bucket-not-public",
            "cloudtrail-bucket-access-logging-enabled",
        ],
        Status::Pass,
    );
    v.expect(
        "aws_config_configuration_recorder.main",
        "config-recording-enabled",
        Status::Pass,
    );
    v.expect(
        "aws_guardduty_detector.main",
        "guardduty-enabled",
        Status::Pass,
    );
    v.expect(
        "aws_securityhub_account.main",
        "securityhub-enabled",
        Status::Pass,
    );
    v.expect(
        "aws_accessanalyzer_analyzer.main",
        "accessanalyzer-enabled",
        Status::Pass,
    );
}

#[test]
fn modules_tfvars_and_unknowns() {
    let out = adapt_fixture("modules");
    let archive = resource(&out, "module.bucket[\"acme-archive\"].aws_s3_bucket.this");
    assert_eq!(archive.name, "acme-archive");
    assert_eq!(archive.region.as_deref(), Some("ap-southeast-2"));
    assert_eq!(
        archive.location().expect("file").path,
        "modules/bucket/main.tf"
    );
    let scratch = resource(&out, "module.bucket[\"acme-scratch\"].aws_s3_bucket.this")
        .as_s3_bucket()
        .expect("bucket");
    assert_eq!(scratch.versioning.known().map(|v| v.enabled), Some(false));
    let archive = archive.as_s3_bucket().expect("bucket");
    assert_eq!(archive.versioning.known().map(|v| v.enabled), Some(true));
    // A remote module is reported and what depends on it is unknown.
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.level == DiagnosticLevel::Warning
            && d.message.contains("module.remote")
            && d.location.line == 18));
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.level == DiagnosticLevel::Warning
            && d.message.starts_with("var.replicas has no value")
            && d.location.line == 9));
    let from_remote = resource(&out, "aws_s3_bucket.from_remote");
    assert_eq!(from_remote.name, "aws_s3_bucket.from_remote");
    // An unresolved count gives one resource whose existence is unknown, and its failures
    // become Unknown.
    let replica = resource(&out, "aws_ebs_volume.replica");
    assert_eq!(
        replica.existence_unknown.as_deref(),
        Some("count of aws_ebs_volume.replica depends on var.replicas, which has no value")
    );
}

#[test]
fn broken_file_is_a_diagnostic_and_suppressions_need_a_reason() {
    let out = adapt_fixture("broken");
    let errors: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.level == DiagnosticLevel::Error)
        .collect();
    assert!(
        errors
            .iter()
            .any(|d| d.location.path == "broken.tf" && d.location.line >= 3),
        "{errors:?}"
    );
    assert!(errors
        .iter()
        .any(|d| d.location.path == "fine.tf" && d.message.contains("a reason is required")));
    let fine = resource(&out, "aws_s3_bucket.fine");
    assert_eq!(fine.suppressions.len(), 1);
    assert_eq!(fine.suppressions[0].rule_id, "s3-bucket-versioning-enabled");
    assert_eq!(
        fine.suppressions[0].reason,
        "scratch data, recreated nightly"
    );
    assert!(resource(&out, "aws_s3_bucket.no_reason")
        .suppressions
        .is_empty());
    let mut v = Verdicts::of(&out);
    v.expect(
        "aws_s3_bucket.fine",
        "s3-bucket-versioning-enabled",
        Status::Suppressed,
    );
    v.expect(
        "aws_s3_bucket.no_reason",
        "s3-bucket-versioning-enabled",
        Status::Fail,
    );
}

fn plan_bytes() -> Vec<u8> {
    std::fs::read(fixtures().join("plan/plan.json")).expect("plan fixture")
}

fn check_plan(out: &Output) {
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let bucket = resource(out, "aws_s3_bucket.logs");
    assert_eq!(bucket.region.as_deref(), Some("eu-west-2"));
    assert_eq!(bucket.location().expect("file").line, 11);
    let b = bucket.as_s3_bucket().expect("bucket");
    // The versioning resource's bucket is unknown in the plan; the configuration's reference
    // joins it.
    assert_eq!(b.versioning.known().map(|v| v.enabled), Some(false));
    // Computed arguments the configuration does not set read as unset, not unknown.
    assert_eq!(b.policy, Value::Known(None));
    let web = resource(out, "aws_instance.web[0]")
        .as_ec2_instance()
        .expect("instance");
    assert_eq!(web.iam_instance_profile, Value::Known(None));
    let sg = resource(out, "aws_security_group.web")
        .as_ec2_security_group()
        .expect("sg");
    assert_eq!(sg.ingress.known().map(Vec::len), Some(2));
    let trail = resource(out, "module.audit.aws_cloudtrail.main")
        .as_cloudtrail_trail()
        .expect("trail");
    assert_eq!(
        trail.kms_key_id.unknown_reason(),
        Some("module.audit.aws_cloudtrail.main.kms_key_id is known only after apply")
    );
    let mut v = Verdicts::of(out);
    v.expect(
        "aws_security_group.web",
        "ec2-security-group-admin-ports-ipv4-restricted",
        Status::Fail,
    );
    v.expect(
        "aws_instance.web[0]",
        "ec2-instance-imdsv2-required",
        Status::Fail,
    );
    v.expect("aws_ebs_volume.data", "ebs-volume-encrypted", Status::Fail);
    v.expect(
        "module.audit.aws_cloudtrail.main",
        "cloudtrail-encrypted-with-kms",
        Status::Unknown,
    );
    v.expect(
        "module.audit.aws_cloudtrail.main",
        "cloudtrail-log-file-validation-enabled",
        Status::Fail,
    );
}

#[test]
fn plan_json_is_adapted_in_utf8_bom_and_utf16() {
    let root = fixtures().join("plan");
    let path = root.join("plan.json");
    let bytes = plan_bytes();
    check_plan(&terraform::adapt_plan(&root, &path, &bytes));
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(&bytes);
    check_plan(&terraform::adapt_plan(&root, &path, &bom));
    let text = String::from_utf8(bytes.clone()).expect("utf-8 fixture");
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    check_plan(&terraform::adapt_plan(&root, &path, &le));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    check_plan(&terraform::adapt_plan(&root, &path, &be));
}

#[test]
fn corrupted_plan_is_a_clear_error() {
    let root = fixtures().join("plan");
    let path = root.join("plan.json");
    let bytes = plan_bytes();
    let out = terraform::adapt_plan(&root, &path, &bytes[..bytes.len() / 2]);
    assert!(out.resources.is_empty());
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].level, DiagnosticLevel::Error);
    assert_eq!(out.diagnostics[0].location.path, "plan.json");
    assert!(out.diagnostics[0]
        .message
        .contains("not a valid Terraform plan"));
}

#[test]
fn output_is_deterministic() {
    let a = adapt_fixture("ec2_insecure");
    let b = adapt_fixture("ec2_insecure");
    assert_eq!(a.resources, b.resources);
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "cloudward-tf-it-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Every rule's Terraform examples through the real adapter: the bad one fails the rule, the
/// good one passes it (trivy's `check_examples_test.go`).
#[test]
fn rule_examples_fail_bad_and_pass_good() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for rule in cloudward_rules::catalogue() {
        let meta = rule.meta();
        for (text, want) in [
            (meta.examples.terraform_bad, Status::Fail),
            (meta.examples.terraform_good, Status::Pass),
        ] {
            if text.trim().is_empty() {
                continue;
            }
            checked += 1;
            let dir = temp_dir();
            std::fs::write(dir.join("main.tf"), text).expect("write example");
            let output = terraform::adapt_module(&dir, &dir, &ScanOptions::default());
            let _ = std::fs::remove_dir_all(&dir);
            if let Some(d) = output
                .diagnostics
                .iter()
                .find(|d| d.level == DiagnosticLevel::Error)
            {
                problems.push(format!("{} {want:?} example: {}", meta.id, d.message));
                continue;
            }
            let findings = cloudward_rules::engine::evaluate(&inventory(&output), &[rule]);
            let statuses: Vec<Status> = findings.iter().map(|f| f.status).collect();
            let ok = match want {
                Status::Fail => statuses.contains(&Status::Fail),
                _ => !statuses.is_empty() && statuses.iter().all(|s| *s == Status::Pass),
            };
            if let Some(why) = DISAGREEMENTS
                .iter()
                .find(|(id, status, _)| *id == meta.id && *status == want)
                .map(|(_, _, why)| why)
            {
                assert!(
                    !ok,
                    "{} {want:?} example now agrees; remove it from DISAGREEMENTS",
                    meta.id
                );
                eprintln!("{} {want:?} example disagrees on purpose: {why}", meta.id);
                continue;
            }
            if !ok {
                problems.push(format!(
                    "{} {want:?} example gave {:?}",
                    meta.id,
                    findings
                        .iter()
                        .map(|f| (f.status, &*f.message))
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(checked > 0);
    assert!(
        problems.is_empty(),
        "{checked} examples checked:\n{}",
        problems.join("\n")
    );
}

/// Examples the adapter disagrees with on purpose, with why (none at present).
const DISAGREEMENTS: &[(&str, Status, &str)] = &[];

const SEEDS: &[&str] = &[
    include_str!("../../../../tests/fixtures/iac/terraform/ec2_insecure/main.tf"),
    include_str!("../../../../tests/fixtures/iac/terraform/s3_secure/main.tf"),
    include_str!("../../../../tests/fixtures/iac/terraform/modules/main.tf"),
];

/// One edit of a seed: delete, insert or replace a few bytes at a char boundary.
fn mutate(seed: &str, at: usize, len: usize, insert: &str, op: u8) -> String {
    let mut at = at % (seed.len() + 1);
    while !seed.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + len).min(seed.len());
    while !seed.is_char_boundary(end) {
        end -= 1;
    }
    match op % 3 {
        0 => format!("{}{}", &seed[..at], &seed[end..]),
        1 => format!("{}{insert}{}", &seed[..at], &seed[at..]),
        _ => format!("{}{insert}{}", &seed[..at], &seed[end..]),
    }
}

fn adapt_text(text: &str) -> Output {
    let dir = temp_dir();
    std::fs::write(dir.join("main.tf"), text).expect("write input");
    let out = terraform::adapt_module(&dir, &dir, &ScanOptions::default());
    let _ = std::fs::remove_dir_all(&dir);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn mutated_modules_never_panic(
        seed in 0usize..SEEDS.len(),
        at in 0usize..4000,
        len in 0usize..40,
        insert in "[a-z0-9_\\[\\]{}()\".=?:,*${}<>!&|+-/% \n]{0,24}",
        op in 0u8..3,
    ) {
        let text = mutate(SEEDS[seed], at, len, &insert, op);
        let out = adapt_text(&text);
        // Either resources or diagnostics (or an empty module), never a panic; the engine
        // judges whatever came out.
        let _ = cloudward_rules::engine::evaluate(&inventory(&out), &cloudward_rules::catalogue());
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = adapt_text(&text);
    }

    #[test]
    fn arbitrary_plans_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let root = std::env::temp_dir();
        let _ = terraform::adapt_plan(&root, &root.join("plan.json"), &bytes);
    }
}

/// The HCL front end and the plan front end on the same configuration: every rule gives the
/// same verdict on every resource, except where the plan knows less (values known only after
/// apply are Unknown in the plan, where the HCL front end has no value at all).
#[test]
fn hcl_and_plan_agree_on_the_same_configuration() {
    let hcl = adapt_fixture("plan_source");
    assert!(hcl.diagnostics.is_empty(), "{:?}", hcl.diagnostics);
    let root = fixtures().join("plan");
    let plan = terraform::adapt_plan(&root, &root.join("plan.json"), &plan_bytes());
    let verdicts = |out: &Output| -> BTreeMap<(String, String), Status> {
        cloudward_rules::engine::evaluate(&inventory(out), &cloudward_rules::catalogue())
            .into_iter()
            .map(|f| ((f.resource_id, f.rule_id.into_owned()), f.status))
            .collect()
    };
    let a = verdicts(&hcl);
    let b = verdicts(&plan);
    let mut compared = 0;
    for (key, status) in &b {
        // The plan's trail KMS key is unknown until apply (see the fixture).
        if *status == Status::Unknown {
            continue;
        }
        let Some(other) = a.get(key) else {
            continue;
        };
        assert_eq!(
            status, other,
            "{key:?}: plan (left) and HCL (right) disagree"
        );
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} verdicts compared");
    let ids = |out: &Output| -> Vec<String> {
        let mut v: Vec<String> = out.resources.iter().map(|r| r.id.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&hcl), ids(&plan));
}

/// A module whose resources read the variables that `mutated_tfvars_never_panic` sets.
const TFVARS_MODULE: &str = "variable \"name\" {}\nvariable \"n\" {\n  default = 1\n}\n\
    variable \"cidrs\" {\n  default = []\n}\n\
    resource \"aws_s3_bucket\" \"b\" {\n  count  = var.n\n  bucket = \"${var.name}-${count.index}\"\n}\n\
    resource \"aws_security_group\" \"g\" {\n  for_each = toset(var.cidrs)\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [each.value]\n  }\n}\n";

const TFVARS_SEEDS: &[&str] = &[
    "name  = \"logs\"\nn     = 3\ncidrs = [\"0.0.0.0/0\", \"10.0.0.0/8\"]\n",
    "name = \"${upper(\"a\")}-b\"\nn = length(range(4))\ncidrs = [for i in range(2) : \"10.${i}.0.0/16\"]\n",
    "{\"name\": \"x\", \"n\": 1e9, \"cidrs\": [\"::/0\"]}\n",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Variable files (issue 8 fuzzing, in the normal suite): any edit of a `.tfvars` or
    /// `.tfvars.json` gives resources and diagnostics, never a panic, however large the
    /// values it puts into `count` and `for_each`.
    #[test]
    fn mutated_tfvars_never_panic(
        seed in 0usize..TFVARS_SEEDS.len(),
        at in 0usize..200,
        len in 0usize..20,
        insert in "[a-z0-9_\\[\\]{}()\".=?:,*${}e+-/ \n]{0,16}",
        op in 0u8..3,
    ) {
        let text = mutate(TFVARS_SEEDS[seed], at, len, &insert, op);
        let dir = temp_dir();
        std::fs::write(dir.join("main.tf"), TFVARS_MODULE).expect("write module");
        let name = if text.starts_with('{') { "terraform.tfvars.json" } else { "terraform.tfvars" };
        std::fs::write(dir.join(name), &text).expect("write variables");
        let options = ScanOptions { max_expansion: 50, ..ScanOptions::default() };
        let out = terraform::adapt_module(&dir, &dir, &options);
        let _ = std::fs::remove_dir_all(&dir);
        let _ = cloudward_rules::engine::evaluate(&inventory(&out), &cloudward_rules::catalogue());
    }
}

/// RDS: defaults, joins by name (cluster members, subnet and parameter groups, snapshot
/// sources) and what stays Unknown (issue 9).
#[test]
fn rds_defaults_and_joins() {
    let dir = temp_dir();
    std::fs::write(
        dir.join("main.tf"),
        r#"
resource "aws_db_subnet_group" "db" {
  subnet_ids = ["subnet-1", "subnet-2"]
}
resource "aws_db_parameter_group" "tls" {
  family = "postgres16"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
  parameter {
    name  = "log_connections"
    value = "1"
  }
}
resource "aws_db_instance" "db" {
  engine               = "postgres"
  instance_class       = "db.t3.micro"
  username             = "app"
  db_subnet_group_name = aws_db_subnet_group.db.name
  parameter_group_name = aws_db_parameter_group.tls.name
}
resource "aws_db_instance" "bare" {
  engine         = "mysql"
  instance_class = "db.t3.micro"
  username       = "app"
}
resource "aws_db_snapshot" "s" {
  db_instance_identifier = aws_db_instance.db.identifier
  db_snapshot_identifier = "s"
}
resource "aws_rds_cluster" "c" {
  cluster_identifier = "c"
  engine             = "aurora-mysql"
  master_username    = "app"
}
resource "aws_rds_cluster_instance" "m" {
  count              = 2
  cluster_identifier = aws_rds_cluster.c.id
  engine             = "aurora-mysql"
  instance_class     = "db.r6g.large"
}
"#,
    )
    .expect("write");
    let out = terraform::adapt_module(&dir, &dir, &ScanOptions::default());
    let _ = std::fs::remove_dir_all(&dir);
    let db = resource(&out, "aws_db_instance.db")
        .as_rds_db_instance()
        .expect("instance");
    assert_eq!(db.storage_encrypted, Value::Known(false));
    assert_eq!(db.publicly_accessible, Value::Known(false));
    assert_eq!(db.backup_retention_period, Value::Known(1));
    assert_eq!(db.auto_minor_version_upgrade, Value::Known(true));
    assert_eq!(db.monitoring_interval, Value::Known(0));
    assert_eq!(
        db.subnet_ids,
        Value::Known(vec!["subnet-1".to_string(), "subnet-2".to_string()])
    );
    assert_eq!(
        db.db_parameter_group_name,
        Value::Known(Some("aws_db_parameter_group.tls".to_string()))
    );
    let pg = resource(&out, "aws_db_parameter_group.tls")
        .as_rds_db_parameter_group()
        .expect("group");
    assert_eq!(pg.db_parameter_group_name, "aws_db_parameter_group.tls");
    assert_eq!(
        pg.parameters,
        Value::Known([("rds.force_ssl".to_string(), "1".to_string())].into())
    );
    let bare = resource(&out, "aws_db_instance.bare")
        .as_rds_db_instance()
        .expect("instance");
    assert!(bare.subnet_ids.unknown_reason().is_some());
    assert_eq!(bare.db_parameter_group_name, Value::Known(None));
    let snap = resource(&out, "aws_db_snapshot.s")
        .as_rds_db_snapshot()
        .expect("snapshot");
    assert_eq!(snap.encrypted, Value::Known(false));
    assert_eq!(snap.restore_attribute_values, Value::Known(vec![]));
    let cluster = resource(&out, "aws_rds_cluster.c")
        .as_rds_db_cluster()
        .expect("cluster");
    assert_eq!(cluster.multi_az, Value::Known(true));
    assert_eq!(cluster.backup_retention_period, Value::Known(1));
    let member = resource(&out, "aws_rds_cluster_instance.m[0]")
        .as_rds_db_instance()
        .expect("member");
    assert_eq!(member.db_cluster_identifier.as_deref(), Some("c"));
}

/// Instance profiles in code (issue 13, part 4): the role records the profile that holds it,
/// by the name references resolve to, so it matches the instance's `iam_instance_profile`.
#[test]
fn a_role_records_the_instance_profile_that_holds_it() {
    let out = adapt_fixture("instance_profile");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let app = resource(&out, "aws_iam_role.app")
        .as_iam_role()
        .expect("a role");
    assert_eq!(
        app.instance_profiles,
        Value::Known(vec!["app-profile".into()])
    );
    let unused = resource(&out, "aws_iam_role.unused")
        .as_iam_role()
        .expect("a role");
    assert_eq!(unused.instance_profiles, Value::Known(vec![]));
    let instance = resource(&out, "aws_instance.app")
        .as_ec2_instance()
        .expect("an instance");
    assert_eq!(
        instance.iam_instance_profile,
        Value::Known(Some("app-profile".into()))
    );
}
