//! Terraform: HCL modules and plan JSON.

use std::path::Path;

use crate::{Output, ScanOptions};

/// Adapt one root module directory: every `.tf` and `.tf.json` file in it, with
/// `terraform.tfvars`, `*.auto.tfvars` and the `-var-file`/`-var` options; local modules are
/// followed. Paths in locations are relative to `root`.
pub fn adapt_module(root: &Path, dir: &Path, options: &ScanOptions) -> Output {
    let _ = (root, dir, options);
    Output::default()
}

/// Adapt a `terraform show -json` plan file (`bytes`, read from `path`).
pub fn adapt_plan(root: &Path, path: &Path, bytes: &[u8]) -> Output {
    let _ = (root, path, bytes);
    Output::default()
}

mod eval;
mod functions;
mod value;
