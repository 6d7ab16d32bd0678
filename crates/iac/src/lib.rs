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
//! Input that no rule could see (a skipped file, a structure error, an expansion cut at a
//! limit: [`Unjudged`]) becomes a collection error of the inventory, so that reports say so
//! and `--fail-on-unknown` fails; every bound on the input is in [`limits`].
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
pub mod limits;
pub mod terraform;

use std::path::{Path, PathBuf};

use cloudward_model::{CollectionError, ErrorKind, Inventory, Location, Resource, ResourceKind};

/// Options for one IaC scan.
#[derive(Clone, Debug)]
pub struct ScanOptions {
    /// Terraform `-var-file` paths (in addition to `terraform.tfvars` and `*.auto.tfvars`).
    pub var_files: Vec<PathBuf>,
    /// Terraform `-var NAME=VALUE`.
    pub vars: Vec<(String, String)>,
    /// CloudFormation `--parameter Key=Value` overrides.
    pub cfn_parameters: Vec<(String, String)>,
    /// Most instances one Terraform `count`/`for_each` expands into (resources, data sources,
    /// module calls); the rest is a collection error and the rules over the kinds it would
    /// have produced report Unknown. Default [`limits::DEFAULT_MAX_EXPANSION`].
    pub max_expansion: usize,
    /// Most resource instances one Terraform root module expands into with all its child
    /// modules (module `count` times resource `count` multiplies). Default
    /// [`limits::DEFAULT_MAX_INSTANCES`].
    pub max_instances: usize,
    /// The account the code deploys to, when known (`cloudward iac --account`): Terraform's
    /// IAM principals and policies get the ARNs AWS will give them (see
    /// `terraform::account`), and CloudFormation's `AWS::AccountId` is this unless a
    /// `--parameter` sets it. Without it, IAM ARNs in code are symbolic and what the policy
    /// evaluator decides about them is Unknown.
    pub account_id: Option<String>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            var_files: Vec::new(),
            vars: Vec::new(),
            cfn_parameters: Vec::new(),
            max_expansion: limits::DEFAULT_MAX_EXPANSION,
            max_instances: limits::DEFAULT_MAX_INSTANCES,
            account_id: None,
        }
    }
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
    /// What the problem left unjudged. Anything but [`Unjudged::Nothing`] (and every error)
    /// becomes a collection error in the report, so that `--fail-on-unknown` cannot pass a
    /// tree whose input was skipped or cut short (issue 8).
    pub unjudged: Unjudged,
}

/// What part of the input a [`Diagnostic`] left unjudged.
///
/// An unresolved value needs none of this: it becomes `Unknown` on the attribute and the
/// rules that read it say so. What is here is input that no rule ever saw.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unjudged {
    /// Nothing: every resource the input declares was judged.
    #[default]
    Nothing,
    /// A whole file (too large, binary, not UTF-8, unreadable, in an unreadable directory).
    File,
    /// Part of a file: a structure error, an unsupported construct, a nesting or size limit.
    Part,
    /// Instances of a `count`/`for_each` (or module) expansion over its limit. The kinds are
    /// those of the instances that were judged; every rule over them reports Unknown.
    Instances(Vec<ResourceKind>),
}

impl Diagnostic {
    /// Whether this diagnostic is a collection error in the report: an error (what could not
    /// be parsed was not judged) or anything that left input unjudged.
    pub fn is_collection_error(&self) -> bool {
        self.level == DiagnosticLevel::Error || self.unjudged != Unjudged::Nothing
    }

    /// The collection error this diagnostic becomes in the report (see
    /// [`Diagnostic::is_collection_error`]): service `iac`, the step that failed as the API
    /// (`read`, `parse`, `expand`), and the message prefixed with `path:line:column`.
    pub fn collection_error(&self) -> CollectionError {
        let (api, kinds) = match &self.unjudged {
            Unjudged::File => ("read", Vec::new()),
            Unjudged::Instances(kinds) => ("expand", kinds.clone()),
            Unjudged::Nothing | Unjudged::Part => ("parse", Vec::new()),
        };
        let l = &self.location;
        let place = match (l.line, l.column) {
            (0, _) => l.path.clone(),
            (line, 0) => format!("{}:{line}", l.path),
            (line, column) => format!("{}:{line}:{column}", l.path),
        };
        CollectionError {
            service: "iac".to_string(),
            region: None,
            api: api.to_string(),
            kind: ErrorKind::Other,
            message: format!("{place}: {}", self.message),
            kinds,
            ..Default::default()
        }
    }
}

/// What an adapter produced: resources plus diagnostics.
#[derive(Debug, Default)]
pub struct Output {
    /// Adapted resources, each with a `Source::File` location.
    pub resources: Vec<Resource>,
    /// Problems found on the way.
    pub diagnostics: Vec<Diagnostic>,
}

pub use limits::MAX_FILE_BYTES;

/// What one scan produced.
#[derive(Debug, Default)]
pub struct ScanResult {
    /// Every adapted resource, normalised (sorted) for stable output, and as its collection
    /// errors the diagnostics that left input unjudged
    /// ([`Diagnostic::is_collection_error`]).
    pub inventory: Inventory,
    /// Problems with the input, sorted by path and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Files read and classified as inputs (Terraform, plan, CloudFormation).
    pub files_scanned: usize,
    /// Files skipped with a warning (binary, too large, not UTF-8, unreadable). Each one that
    /// may have been an input is also a collection error in `inventory.errors`.
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
            unjudged: Unjudged::Nothing,
        });
        return result;
    }
    let found = discover::discover(&base, root);
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
    if let Some(account) = &options.account_id {
        for output in &mut outputs {
            terraform::account::assign(output, account);
        }
    }
    let mut cfn_options;
    let mut cfn = options;
    if let Some(account) = &options.account_id {
        if !options
            .cfn_parameters
            .iter()
            .any(|(k, _)| k == "AWS::AccountId")
        {
            cfn_options = options.clone();
            cfn_options
                .cfn_parameters
                .push(("AWS::AccountId".to_string(), account.clone()));
            cfn = &cfn_options;
        }
    }
    for (path, text) in &found.cloudformation {
        let display = discover::display_path(&base, path);
        outputs.push(cloudformation::adapt(&display, text, cfn));
    }
    let total: usize = outputs.iter().map(|o| o.resources.len()).sum();
    result.inventory.resources.reserve(total);
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
    // Input that no rule saw is a collection error in every report format (issue 8).
    result.inventory.errors = result
        .diagnostics
        .iter()
        .filter(|d| d.is_collection_error())
        .map(Diagnostic::collection_error)
        .collect();
    result
}
