//! Terraform and CloudFormation adapters into the cloudward model.
//!
//! `cloudward iac PATH` finds every `.tf`, `.tf.json`, `*.tfvars`, Terraform plan JSON and
//! CloudFormation template under a path, parses them, and adapts them into one
//! [`cloudward_model::Inventory`] whose resources carry file and line. The rule catalogue then
//! judges it exactly as it judges a live account.
//!
//! Principal items: [`scan`] (discover, parse and adapt everything under a path),
//! [`ScanResult`] (the inventory, diagnostics and counts), [`ScanOptions`]. The adapters are
//! [`cloudformation::adapt`] (one template), [`terraform::adapt_module`] (one root module) and
//! [`terraform::adapt_plan`] (one plan JSON). Locations are relative to [`ScanResult::base`].
//!
//! ```
//! let dir = std::env::temp_dir().join(format!("cloudward-iac-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(
//!     dir.join("bucket.yaml"),
//!     "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: PublicRead\n",
//! )
//! .unwrap();
//! let result = cloudward_iac::scan(&dir, &cloudward_iac::ScanOptions::default());
//! let bucket = &result.inventory.resources[0];
//! assert_eq!(bucket.id, "Logs");
//! assert_eq!(bucket.location().unwrap().path, "bucket.yaml");
//! assert_eq!(bucket.location().unwrap().line, 2);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```
#![deny(missing_docs)]

pub mod cloudformation;
pub mod discover;
pub mod terraform;

use std::path::{Path, PathBuf};

use cloudward_model::{Inventory, Location, Resource};

/// Options for one IaC scan.
#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    /// Terraform `-var-file` paths (in addition to `terraform.tfvars` and `*.auto.tfvars`).
    pub var_files: Vec<PathBuf>,
    /// Terraform `-var NAME=VALUE`.
    pub vars: Vec<(String, String)>,
    /// CloudFormation `--parameter Key=Value` overrides.
    pub cfn_parameters: Vec<(String, String)>,
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DiagnosticLevel {
    /// The file (or part of it) could not be parsed; the rest of the input was still scanned.
    Error,
    /// Something was skipped (binary, huge, non-UTF-8 file; symlink loop) or could not be
    /// evaluated.
    Warning,
}

/// A problem with the input, reported beside the findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Severity.
    pub level: DiagnosticLevel,
    /// Where (line 0 when the whole file is concerned).
    pub location: Location,
    /// What happened, in one sentence.
    pub message: String,
}

/// What an adapter produced: resources plus diagnostics.
#[derive(Debug, Default)]
pub struct Output {
    /// Adapted resources, each with a `Source::File` location.
    pub resources: Vec<Resource>,
    /// Problems found on the way.
    pub diagnostics: Vec<Diagnostic>,
}

/// Files larger than this are skipped with a warning (templates and modules are small; a
/// larger file is data, a build artefact, or an attack on the scanner).
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// What one scan produced.
#[derive(Debug, Default)]
pub struct ScanResult {
    /// Every adapted resource, normalised (sorted) for stable output.
    pub inventory: Inventory,
    /// Problems with the input, sorted by path and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Files read and classified as inputs (Terraform, plan, CloudFormation).
    pub files_scanned: usize,
    /// Files skipped with a warning (binary, too large, not UTF-8, unreadable).
    pub files_skipped: usize,
    /// The directory that location paths are relative to: the scanned directory, or the
    /// directory of the scanned file.
    pub base: PathBuf,
}

impl ScanResult {
    /// Whether any diagnostic is an error (a file or part of one could not be parsed).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.level == DiagnosticLevel::Error)
    }
}

/// Scan a directory tree or a single file: discover inputs, adapt each one, and gather the
/// resources into one inventory. Never panics on bad input: every problem is a [`Diagnostic`].
pub fn scan(root: &Path, options: &ScanOptions) -> ScanResult {
    let base = if root.is_dir() {
        root.to_path_buf()
    } else {
        root.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let mut result = ScanResult {
        inventory: Inventory::new(),
        base: base.clone(),
        ..Default::default()
    };
    if !root.exists() {
        result.diagnostics.push(Diagnostic {
            level: DiagnosticLevel::Error,
            location: Location {
                path: root.to_string_lossy().into_owned(),
                line: 0,
                column: 0,
            },
            message: "no such file or directory".to_string(),
        });
        return result;
    }
    let found = discover::discover(&base, root, MAX_FILE_BYTES);
    result.files_scanned = found.files_scanned;
    result.files_skipped = found.files_skipped;
    result.diagnostics = found.diagnostics;
    let mut outputs = Vec::new();
    for dir in &found.terraform_modules {
        outputs.push(terraform::adapt_module(&base, dir, options));
    }
    for (path, bytes) in &found.terraform_plans {
        outputs.push(terraform::adapt_plan(&base, path, bytes));
    }
    for (path, text) in &found.cloudformation {
        let display = discover::display_path(&base, path);
        outputs.push(cloudformation::adapt(&display, text, options));
    }
    for output in outputs {
        for resource in output.resources {
            result.inventory.push(resource);
        }
        result.diagnostics.extend(output.diagnostics);
    }
    let mut regions: Vec<String> = result
        .inventory
        .resources
        .iter()
        .filter_map(|r| r.region.clone())
        .collect();
    result.inventory.regions.append(&mut regions);
    let accounts: std::collections::BTreeSet<&String> = result
        .inventory
        .resources
        .iter()
        .filter_map(|r| r.account.as_ref())
        .collect();
    if accounts.len() == 1 {
        result.inventory.account_id = accounts.into_iter().next().cloned();
    }
    result.inventory.normalize();
    result.diagnostics.sort_by(|a, b| {
        (&a.location, a.level, &a.message).cmp(&(&b.location, b.level, &b.message))
    });
    result.diagnostics.dedup();
    result
}
