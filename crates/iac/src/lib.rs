//! Terraform and CloudFormation adapters into the cloudward model.
//!
//! `cloudward iac PATH` finds every `.tf`, `.tf.json`, `*.tfvars`, Terraform plan JSON and
//! CloudFormation template under a path, parses them, and adapts them into one
//! [`cloudward_model::Inventory`] whose resources carry file and line. The rule catalogue then
//! judges it exactly as it judges a live account.
#![deny(missing_docs)]

pub mod cloudformation;
pub mod terraform;

use std::path::PathBuf;

use cloudward_model::{Location, Resource};

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
