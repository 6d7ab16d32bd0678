//! Discovery: what the walk finds, what it skips, and that hostile trees neither hang nor
//! panic.

use std::fs;
use std::path::{Path, PathBuf};

use cloudward_iac::discover::discover;
use cloudward_iac::{scan, DiagnosticLevel, ScanOptions, MAX_FILE_BYTES};

/// A fresh directory under the system temp dir, removed on drop.
struct TempTree(PathBuf);

impl TempTree {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "cloudward-iac-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create temp dir");
        TempTree(dir)
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.0.join(rel);
        fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        fs::write(path, bytes).expect("write");
    }
}

impl Drop for TempTree {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

const TEMPLATE: &str =
    "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n";

#[test]
fn classifies_inputs_and_skips_vendor_dirs() {
    let t = TempTree::new("classify");
    t.write("cfn/app.yaml", TEMPLATE.as_bytes());
    t.write("cfn/app.template", TEMPLATE.as_bytes());
    t.write("cfn/not-a-template.yaml", b"name: ci\non: push\n");
    t.write("cfn/package.json", b"{\"name\": \"x\"}");
    t.write(
        "plans/prod.tfplan.json",
        b"{\"format_version\": \"1.2\", \"planned_values\": {}}",
    );
    t.write(
        "plans/other.json",
        b"{\"format_version\": \"1.2\", \"planned_values\": {}}",
    );
    t.write(
        "infra/prod/main.tf",
        b"module \"net\" {\n  source = \"../modules/net\"\n}\n",
    );
    t.write(
        "infra/modules/net/main.tf",
        b"resource \"aws_vpc\" \"v\" {}\n",
    );
    t.write("infra/staging/main.tf.json", b"{}");
    t.write(".git/config.yaml", TEMPLATE.as_bytes());
    t.write("node_modules/x/t.yaml", TEMPLATE.as_bytes());
    t.write("infra/prod/.terraform/modules/m/main.tf", b"");

    let d = discover(&t.0, &t.0);
    let rel = |p: &Path| p.strip_prefix(&t.0).expect("under root").to_path_buf();
    let cfn: Vec<PathBuf> = d.cloudformation.iter().map(|(p, _)| rel(p)).collect();
    assert_eq!(
        cfn,
        vec![
            PathBuf::from("cfn/app.template"),
            PathBuf::from("cfn/app.yaml")
        ]
    );
    let plans: Vec<PathBuf> = d.terraform_plans.iter().map(|(p, _)| rel(p)).collect();
    assert_eq!(
        plans,
        vec![
            PathBuf::from("plans/other.json"),
            PathBuf::from("plans/prod.tfplan.json")
        ]
    );
    let modules: Vec<PathBuf> = d.terraform_modules.iter().map(|p| rel(p)).collect();
    assert_eq!(
        modules,
        vec![PathBuf::from("infra/prod"), PathBuf::from("infra/staging")],
        "the called module is not a root; .terraform is skipped"
    );
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
}

#[test]
fn binary_huge_and_non_utf8_files_are_skipped_with_a_warning() {
    let t = TempTree::new("skip");
    t.write("good.yaml", TEMPLATE.as_bytes());
    t.write("binary.yaml", b"AWSTemplateFormatVersion\0\x01\x02");
    t.write("latin1.yaml", b"AWSTemplateFormatVersion: caf\xe9\n");
    let mut huge = TEMPLATE.as_bytes().to_vec();
    huge.resize(usize::try_from(MAX_FILE_BYTES).expect("fits") + 1, b'#');
    t.write("huge.yaml", &huge);

    let result = scan(&t.0, &ScanOptions::default());
    assert_eq!(result.files_skipped, 3);
    assert_eq!(result.inventory.resources.len(), 1);
    let mut skipped: Vec<(&str, DiagnosticLevel)> = result
        .diagnostics
        .iter()
        .map(|d| (d.location.path.as_str(), d.level))
        .collect();
    skipped.sort();
    assert_eq!(
        skipped,
        vec![
            ("binary.yaml", DiagnosticLevel::Warning),
            ("huge.yaml", DiagnosticLevel::Warning),
            ("latin1.yaml", DiagnosticLevel::Warning),
        ]
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang() {
    let t = TempTree::new("loop");
    t.write("a/t.yaml", TEMPLATE.as_bytes());
    std::os::unix::fs::symlink(&t.0, t.0.join("a/loop")).expect("symlink");
    std::os::unix::fs::symlink(t.0.join("a/t.yaml"), t.0.join("linked.yaml")).expect("symlink");
    let result = scan(&t.0, &ScanOptions::default());
    // The file and the file symlink; the directory symlink is not followed.
    assert_eq!(result.inventory.resources.len(), 2);
}

#[test]
fn a_single_file_root_uses_its_name() {
    let t = TempTree::new("single");
    t.write("one.yaml", TEMPLATE.as_bytes());
    let result = scan(&t.0.join("one.yaml"), &ScanOptions::default());
    assert_eq!(result.base, t.0);
    let loc = result.inventory.resources[0].location().expect("location");
    assert_eq!((loc.path.as_str(), loc.line), ("one.yaml", 3));
}

#[test]
fn a_missing_root_is_an_error_diagnostic() {
    let result = scan(Path::new("/nonexistent/cloudward"), &ScanOptions::default());
    assert!(result.has_errors());
    assert!(result.inventory.resources.is_empty());
}

#[test]
fn utf16_templates_are_read_and_plans_passed_as_bytes() {
    let t = TempTree::new("utf16");
    let mut template = vec![0xFF, 0xFE];
    for u in TEMPLATE.encode_utf16() {
        template.extend_from_slice(&u.to_le_bytes());
    }
    t.write("stack.yaml", &template);
    t.write("prod.tfplan.json", &[0xFF, 0xFE, b'{', 0, b'}', 0]);
    let d = discover(&t.0, &t.0);
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    assert_eq!(d.cloudformation.len(), 1);
    assert_eq!(d.terraform_plans.len(), 1);
    assert_eq!(d.terraform_plans[0].1, vec![0xFF, 0xFE, b'{', 0, b'}', 0]);
}

/// Issue 8 (defect 8): a tree whose only `.tf` is skipped gave "No failures" and exit 0. Each
/// skipped input is now a collection error naming the file, whatever the reason.
#[test]
fn issue8_skipped_inputs_are_collection_errors() {
    let mut huge = b"resource \"aws_s3_bucket\" \"b\" {}\n".to_vec();
    huge.resize(usize::try_from(MAX_FILE_BYTES).expect("fits") + 1, b'\n');
    let cases: [(&str, Vec<u8>, &str); 3] = [
        ("huge", huge, "input file limit"),
        (
            "latin1",
            b"# caf\xe9\nresource \"aws_s3_bucket\" \"b\" {}\n".to_vec(),
            "not UTF-8",
        ),
        ("binary", b"resource \0\x01\x02".to_vec(), "binary"),
    ];
    for (name, bytes, reason) in cases {
        let t = TempTree::new(&format!("issue8-{name}"));
        t.write("main.tf", &bytes);
        let result = scan(&t.0, &ScanOptions::default());
        assert!(result.inventory.resources.is_empty(), "{name}");
        assert_eq!(result.files_skipped, 1, "{name}");
        let errors = &result.inventory.errors;
        assert_eq!(errors.len(), 1, "{name}: reported once: {errors:?}");
        assert_eq!(
            (errors[0].service.as_str(), errors[0].api.as_str()),
            ("iac", "read")
        );
        assert!(
            errors[0].message.starts_with("main.tf: skipped: "),
            "{errors:?}"
        );
        assert!(errors[0].message.contains(reason), "{name}: {errors:?}");
    }
}

/// Issue 8 (defect 8): a symlink to nothing named like an input is a skipped input, not
/// silence.
#[cfg(unix)]
#[test]
fn issue8_dangling_symlink_is_a_collection_error() {
    let t = TempTree::new("issue8-dangling");
    std::os::unix::fs::symlink(t.0.join("missing.tf"), t.0.join("main.tf")).expect("symlink");
    let result = scan(&t.0, &ScanOptions::default());
    assert_eq!(result.inventory.errors.len(), 1, "{:?}", result.diagnostics);
    assert!(result.inventory.errors[0]
        .message
        .starts_with("main.tf: skipped"));
}

/// Issue 8 (defect 8): one file size limit for every reader. A file of exactly
/// `MAX_FILE_BYTES` is read; one byte more is skipped, with the same number in the message
/// from discovery and from the Terraform loader (which reported a different limit before).
#[test]
fn issue8_one_file_size_limit_at_and_past_it() {
    let limit = usize::try_from(MAX_FILE_BYTES).expect("fits");
    let body = b"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n";
    let t = TempTree::new("issue8-limit");
    let mut at = body.to_vec();
    at.resize(limit, b'\n');
    t.write("at/main.tf", &at);
    let mut past = body.to_vec();
    past.resize(limit + 1, b'\n');
    t.write("past/main.tf", &past);
    let result = scan(&t.0, &ScanOptions::default());
    let paths: Vec<&str> = result
        .inventory
        .resources
        .iter()
        .filter_map(|r| r.location().map(|l| l.path.as_str()))
        .collect();
    assert_eq!(paths, vec!["at/main.tf"], "{:?}", result.diagnostics);
    let skips: Vec<&str> = result
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        skips,
        vec![format!(
            "skipped: {} bytes is over the {MAX_FILE_BYTES}-byte input file limit",
            limit + 1
        )],
        "one diagnostic, one limit"
    );
}

/// Issue 8: a large file that is no input (a lock file, a data set) is skipped with a warning
/// but is not a collection error, so `--fail-on-unknown` is not tripped by it; a large file
/// that is a template is one.
#[test]
fn issue8_large_non_inputs_warn_but_large_templates_are_collection_errors() {
    let t = TempTree::new("issue8-lock");
    let mut lock = b"{\"name\": \"app\", \"lockfileVersion\": 3, \"packages\": {}}\n".to_vec();
    lock.resize(usize::try_from(MAX_FILE_BYTES).expect("fits") + 1, b' ');
    t.write("package-lock.json", &lock);
    let mut template = TEMPLATE.as_bytes().to_vec();
    template.resize(usize::try_from(MAX_FILE_BYTES).expect("fits") + 1, b'#');
    t.write("stack.yaml", &template);
    let result = scan(&t.0, &ScanOptions::default());
    assert_eq!(result.files_skipped, 2);
    assert_eq!(result.diagnostics.len(), 2, "{:?}", result.diagnostics);
    let errors: Vec<&str> = result
        .inventory
        .errors
        .iter()
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("stack.yaml: skipped"), "{errors:?}");
}
