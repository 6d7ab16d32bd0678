//! Terraform: HCL modules and plan JSON.
//!
//! Two front ends produce one evaluated form, `module::Instance` (address, type, evaluated
//! arguments as `value::Val`, locations), and one mapping layer (`resources`) turns
//! instances into model resources:
//! - [`adapt_module`]: parses a module directory with hcl-edit (spans kept for file:line),
//!   evaluates variables, locals, references, `count`/`for_each`, `dynamic` blocks, functions,
//!   `data "aws_iam_policy_document"`, `file()`/`templatefile()` and local modules statically
//!   (`eval`, `functions`, `module`); override files are merged;
//! - [`adapt_plan`]: reads `terraform show -json` output, where values are known except those
//!   marked `after_unknown`.
//!
//! What cannot be known statically is `Unknown` with the reference that made it so ("depends
//! on var.region, which has no value", "depends on data.aws_vpc.main, which is read from AWS
//! at plan time", "depends on module.vpc, whose source ... is not scanned"). A resource whose
//! `count`/`for_each` is unknown is kept once with `existence_unknown`, so its failures are
//! Unknown rather than dropped or asserted. An expansion over its limit
//! ([`crate::limits::DEFAULT_MAX_EXPANSION`] per `count`/`for_each`,
//! [`crate::limits::DEFAULT_MAX_INSTANCES`] per module tree) keeps its first instances and is a
//! collection error that makes the rules over its kinds Unknown. `TF_VAR_*` environment variables are not read, so
//! a scan does not depend on the scanning machine; `file()` reads only inside the scanned tree.
//!
//! Choices where AWS's behaviour is not visible in code (each documented where it is made):
//! - a resource's `id` resolves to a placeholder derived from its address (`igw-` + address for
//!   internet gateways, the bucket name for buckets), so references join split resources;
//! - S3 settings not declared in code are "not configured" (AWS's 2023 defaults are not
//!   assumed), as in the CloudFormation adapter;
//! - an instance without `metadata_options.http_tokens` is `optional` (the EC2 default unless
//!   the AMI requires IMDSv2, which the code does not show): this can only make a finding
//!   stricter;
//! - an EBS volume without `encrypted` is unencrypted, unless `aws_ebs_encryption_by_default`
//!   is enabled in the same configuration (then Unknown: it depends on which is applied first)
//!   or it is created from a snapshot (Unknown);
//! - Terraform removes AWS's default allow-all egress rule from the groups it manages, so a
//!   group without egress blocks has no egress rules.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use cloudward_model::{Location, Resource, ResourceKind};

use crate::{Diagnostic, DiagnosticLevel, Output, ScanOptions, Unjudged};

pub(crate) mod account;
pub(crate) mod config;
mod eval;
mod functions;
pub mod identity;
mod module;
mod plan;
mod policy_document;
mod resources;
pub mod state;
mod value;

use module::{CapScope, ConstEnv, Loader, Module, ModuleInputs};
use value::Val;

/// Adapt one root module directory: every `.tf` and `.tf.json` file in it, with
/// `terraform.tfvars`, `*.auto.tfvars` and the `-var-file`/`-var` options; local modules are
/// followed. Paths in locations are relative to `root`.
pub fn adapt_module(root: &Path, dir: &Path, options: &ScanOptions) -> Output {
    let loader = Loader::new(root, dir, options);
    let config = loader.load(dir);
    let mut diagnostics = Vec::new();
    let values = root_values(root, dir, options, &mut diagnostics);
    for b in &config.blocks {
        if b.ident == "variable"
            && b.labels.len() == 1
            && b.attr("default").is_none()
            && !values.contains_key(b.label(0))
        {
            diagnostics.push(Diagnostic {
                level: DiagnosticLevel::Warning,
                location: b.loc.clone(),
                message: format!(
                    "var.{} has no value (no default, no .tfvars entry, no -var): \
                     what depends on it is unknown",
                    b.label(0)
                ),
                unjudged: Unjudged::Nothing,
            });
        }
    }
    let regions = Module::provider_regions(&loader, &config, &values);
    let default_tags = Module::provider_default_tags(&loader, &config, &values);
    let mut instances = Vec::new();
    {
        let module = Module::new(
            &loader,
            config,
            String::new(),
            ModuleInputs {
                values,
                regions,
                existence_unknown: None,
                callers: Vec::new(),
            },
            0,
        );
        module.collect(&mut instances);
    }
    diagnostics.extend(loader.diags.take());
    let mut resources = resources::adapt(&instances);
    drop(instances);
    match &default_tags {
        None => {}
        Some(Ok(defaults)) => {
            for r in &mut resources {
                for (k, v) in defaults {
                    r.tags.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
        Some(Err(why)) => {
            for r in &mut resources {
                r.tags_unknown.get_or_insert_with(|| why.clone());
            }
        }
    }
    // An expansion cut at its limit makes every rule over the kinds it produced Unknown: the
    // instances not made may be configured differently from the judged ones (issue 8).
    for cap in loader.caps.take() {
        let mut kinds: Vec<ResourceKind> = resources
            .iter()
            .filter(|r| match &cap.scope {
                CapScope::Block(at) => r.location() == Some(at),
                CapScope::Prefix(prefix) => r.id.starts_with(prefix.as_str()),
            })
            .map(Resource::kind)
            .collect();
        kinds.sort();
        kinds.dedup();
        let mut diagnostic = cap.diagnostic;
        diagnostic.unjudged = Unjudged::Instances(kinds);
        diagnostics.push(diagnostic);
    }
    Output {
        resources,
        diagnostics,
    }
}

/// Adapt a `terraform show -json` plan file (`bytes`, read from `path`).
pub fn adapt_plan(root: &Path, path: &Path, bytes: &[u8]) -> Output {
    let display = config::display_path(root, path);
    match plan::instances(&display, bytes) {
        Ok((instances, diagnostics)) => Output {
            resources: resources::adapt(&instances),
            diagnostics,
        },
        Err(d) => Output {
            resources: Vec::new(),
            diagnostics: vec![d],
        },
    }
}

/// Variable values for the root module, in Terraform's precedence order: `terraform.tfvars`,
/// `terraform.tfvars.json`, `*.auto.tfvars(.json)` by name, `-var-file` in order, `-var`.
/// (`TF_VAR_*` environment variables are deliberately not read: a scan must not depend on the
/// scanning machine's environment.)
fn root_values(
    root: &Path,
    dir: &Path,
    options: &ScanOptions,
    diags: &mut Vec<Diagnostic>,
) -> HashMap<String, Val> {
    let mut files: Vec<PathBuf> = Vec::new();
    for name in ["terraform.tfvars", "terraform.tfvars.json"] {
        let p = dir.join(name);
        if p.is_file() {
            files.push(p);
        }
    }
    let mut auto: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name().is_some_and(|n| {
                        let n = n.to_string_lossy();
                        n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json")
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    auto.sort();
    files.extend(auto);
    files.extend(options.var_files.iter().cloned());
    let mut values = HashMap::new();
    for file in files {
        let display = config::display_path(root, &file);
        let text = match crate::discover::read_input(&file).and_then(crate::discover::utf8_input) {
            Ok(t) => t,
            Err(message) => {
                // Values the module would have had are missing: an error, as Terraform's.
                diags.push(Diagnostic {
                    level: DiagnosticLevel::Error,
                    location: Location {
                        path: display,
                        line: 0,
                        column: 0,
                    },
                    message: format!("variables file {message}"),
                    unjudged: Unjudged::File,
                });
                continue;
            }
        };
        if display.ends_with(".json") {
            match serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}')) {
                Ok(serde_json::Value::Object(m)) => {
                    for (k, v) in m {
                        values.insert(k, Val::from_json(&v));
                    }
                }
                Ok(_) => diags.push(Diagnostic {
                    level: DiagnosticLevel::Error,
                    location: Location {
                        path: display,
                        line: 1,
                        column: 1,
                    },
                    message: "a .tfvars.json file must hold a JSON object".into(),
                    unjudged: Unjudged::Nothing,
                }),
                Err(e) => diags.push(Diagnostic {
                    level: DiagnosticLevel::Error,
                    location: Location {
                        path: display,
                        line: e.line() as u32,
                        column: e.column() as u32,
                    },
                    message: format!("JSON syntax error: {e}"),
                    unjudged: Unjudged::Nothing,
                }),
            }
            continue;
        }
        for attr in config::parse_attributes(&display, &text, diags) {
            let v = eval::Evaluator::new(&ConstEnv).eval(&attr.expr);
            values.insert(attr.name, v);
        }
    }
    for (name, raw) in &options.vars {
        let trimmed = raw.trim_start();
        let v = if trimmed.starts_with('[') || trimmed.starts_with('{') {
            match hcl_edit::parser::parse_expr(raw) {
                Ok(expr) => eval::Evaluator::new(&ConstEnv).eval(&expr),
                Err(e) => Val::error(format!("-var {name}: {}", e.message())),
            }
        } else {
            Val::String(raw.clone())
        };
        values.insert(name.clone(), v);
    }
    values
}

#[cfg(test)]
mod tests;
