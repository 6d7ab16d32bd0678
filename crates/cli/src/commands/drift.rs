//! `cloudward drift`: declared versus deployed. Adapts the Terraform code, reads the state (or
//! a plan's prior state) for the ids, collects the account (or loads a snapshot) and prints
//! what `cloudward_drift::compare` found. Exit 1 when anything drifted.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use cloudward_iac::{DiagnosticLevel, ScanOptions};
use cloudward_model::Inventory;

use super::Globals;
use crate::exit::{self, UsageError};
use crate::live::LiveArgs;
use crate::output::OutputFile;

/// Arguments of `cloudward drift`.
#[derive(clap::Args)]
#[command(
    group = clap::ArgGroup::new("ids").required(true).args(["state", "plan"]),
    after_help = "\
Compares the attributes cloudward's rules read (encryption, ingress rules, public access,
logging, ...) between the code and the account, resource by resource, through the ids the
state recorded. An attribute that is unknown on either side is listed as not compared, with
the reason, never as equal. Live resources of the kinds cloudward models that no state
instance names are unmanaged (AWS's own defaults aside: default VPC, security group and
network ACL, AWS managed keys and policies, service-linked roles).

Exit status: 0 no drift; 1 drift (an attribute differs, a declared resource is gone, or an
unmanaged resource exists; with --fail-on-unknown also anything not compared); 2 usage error;
3 the run could not complete (unreadable state, code that could not be parsed, collection
failure).

Examples:
  cloudward drift --iac infra/ --state infra/terraform.tfstate --inventory inventory.json
  terraform show -json tfplan > plan.json
  cloudward drift --iac infra/ --plan plan.json --profile audit --region eu-west-1
  cloudward drift --iac infra/ --state terraform.tfstate --format json -o drift.json"
)]
pub struct Args {
    /// Terraform root module directory (or a tree of them) that declares the resources.
    #[arg(long, value_name = "DIR")]
    pub iac: PathBuf,
    /// Terraform state (format version 4, `terraform.tfstate` or `terraform state pull`).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// A plan as JSON (`terraform show -json PLAN`): its prior state gives the ids.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Compare with this inventory snapshot (from `cloudward collect -o`) instead of the live
    /// account; makes no AWS call (the live flags are then ignored).
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
    /// Live collection flags.
    #[command(flatten)]
    pub live: LiveArgs,
    /// Terraform variable file, like `terraform -var-file` (repeatable).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DriftFormat::Text)]
    pub format: DriftFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 also when something could not be compared (an attribute unknown on one side, a
    /// resource whose listing failed, a resource not applied yet).
    #[arg(long)]
    pub fail_on_unknown: bool,
}

/// Output formats of `drift`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DriftFormat {
    /// Readable report.
    Text,
    /// One JSON document (`schema_version` 1).
    Json,
}

/// Run `cloudward drift`.
pub fn run(args: Args, globals: &Globals) -> anyhow::Result<u8> {
    if !args.iac.exists() {
        return Err(UsageError(format!("--iac {}: no such directory", args.iac.display())).into());
    }
    for file in &args.var_files {
        if !file.is_file() {
            return Err(UsageError(format!("--var-file {}: no such file", file.display())).into());
        }
    }
    let output = args
        .output
        .as_deref()
        .map(|path| OutputFile::open(path, "-o"))
        .transpose()?;
    let ids = args
        .state
        .as_deref()
        .or(args.plan.as_deref())
        .expect("clap requires --state or --plan");
    let state = cloudward_iac::terraform::state::read_file(ids)
        .with_context(|| format!("reading Terraform ids from {}", ids.display()))?;
    if args.plan.is_some() && state.origin == "state" {
        return Err(UsageError(format!(
            "--plan {}: this is a state file; pass it as --state",
            ids.display()
        ))
        .into());
    }
    let options = ScanOptions {
        var_files: args.var_files.clone(),
        ..ScanOptions::default()
    };
    let code = cloudward_iac::scan(&args.iac, &options);
    let mut stderr = std::io::stderr().lock();
    for d in &code.diagnostics {
        let level = match d.level {
            DiagnosticLevel::Error => "error",
            DiagnosticLevel::Warning => "warning",
        };
        let l = &d.location;
        writeln!(stderr, "{}:{}: {level}: {}", l.path, l.line, d.message)?;
    }
    drop(stderr);
    let live = match &args.inventory {
        Some(path) => load_snapshot(path)?,
        None => crate::live::collect_inventory(&args.live, globals)?,
    };
    let drift = cloudward_drift::compare(&code.inventory, &state, &live);
    let text = match args.format {
        DriftFormat::Text => cloudward_drift::render_text(&drift),
        DriftFormat::Json => {
            let mut json = serde_json::to_string_pretty(&drift).context("rendering JSON")?;
            json.push('\n');
            json
        }
    };
    match output {
        Some(file) => file.write(|w| Ok(w.write_all(text.as_bytes())?))?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    if code.has_errors() {
        // A file that could not be parsed declares resources that were not compared, and
        // whatever they manage would be listed as unmanaged: the run is incomplete.
        return Err(anyhow::anyhow!(
            "{}: part of the code could not be parsed (see the errors above); the comparison is incomplete",
            args.iac.display()
        ));
    }
    let unknown_trips = args.fail_on_unknown && drift.has_unknowns();
    Ok(if drift.has_drift() || unknown_trips {
        exit::FINDINGS
    } else {
        exit::OK
    })
}

/// Load a snapshot as `scan --inventory` does: refused over the size limit before reading.
fn load_snapshot(path: &std::path::Path) -> anyhow::Result<Inventory> {
    let bytes = std::fs::metadata(path)
        .with_context(|| format!("reading inventory snapshot {}", path.display()))?
        .len();
    Inventory::check_size(bytes)
        .with_context(|| format!("loading inventory snapshot {}", path.display()))?;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading inventory snapshot {}", path.display()))?;
    Inventory::from_json(&text)
        .with_context(|| format!("loading inventory snapshot {}", path.display()))
}
