//! `cloudward iac`: scan Terraform and CloudFormation before anything is deployed.
//!
//! Parse, adapt and judge: `cloudward_iac::scan` turns the tree into an inventory, the rule
//! engine judges it exactly as it judges a live account, and the report crate renders it.
//! Problems with the input are printed on stderr like compiler diagnostics
//! (`path:line:col: error: ...`); a template that could not be parsed makes the run incomplete
//! (exit 3) even when the rest passed, so a CI gate cannot go green on a file it never read.
//! Every input left unjudged (skipped, cut at a limit) is a collection error in the report, and
//! fails the gate with `--fail-on-unknown`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use cloudward_iac::{DiagnosticLevel, ScanOptions};
use cloudward_model::Severity;
use cloudward_report::{render, Format, RenderOptions, Report, SourceLines, Target};
use cloudward_rules::Selection;

use super::scan::{parse_fail_on, FailOn};
use super::Globals;
use crate::exit::{self, UsageError};
use crate::output::OutputFile;

/// Arguments of `cloudward iac`.
#[derive(clap::Args)]
pub struct Args {
    /// Directory or file to scan (Terraform modules, plan JSON, CloudFormation YAML/JSON).
    pub path: PathBuf,
    /// Terraform variable file, like `terraform -var-file` (repeatable).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Terraform variable, like `terraform -var NAME=VALUE` (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_pair)]
    pub vars: Vec<(String, String)>,
    /// CloudFormation parameter or pseudo parameter, e.g. `Env=prod` or
    /// `AWS::Region=eu-west-1` (repeatable).
    #[arg(long = "parameter", value_name = "KEY=VALUE", value_parser = parse_pair)]
    pub parameters: Vec<(String, String)>,
    /// Output format: terminal, json, csv, sarif, ocsf, junit or html (not asff: IaC findings
    /// have no AWS account, which ASFF requires).
    #[arg(long, default_value = "terminal")]
    pub format: Format,
    /// Write the report to this file instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a rule of this severity or above fails: critical, high, medium, low, info,
    /// or none (as `cloudward scan`).
    #[arg(long = "fail-on", value_name = "SEVERITY", default_value = "high", value_parser = parse_fail_on)]
    pub fail_on: FailOn,
    /// Let Unknown findings (could not be decided from the code) at or above --fail-on count
    /// as failures, and so any input that was not judged (a skipped file, a structure error,
    /// an expansion over its limit).
    #[arg(long)]
    pub fail_on_unknown: bool,
    /// Only this rule (repeatable).
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// Never this rule (repeatable).
    #[arg(long = "skip-rule", value_name = "ID")]
    pub skip_rules: Vec<String>,
    /// Only rules of this service, e.g. s3 (repeatable).
    #[arg(long = "service", value_name = "SERVICE")]
    pub services: Vec<String>,
    /// Only rules at or above this severity.
    #[arg(long = "min-severity", value_name = "SEVERITY")]
    pub min_severity: Option<Severity>,
    /// Show passing checks too (terminal format).
    #[arg(long)]
    pub show_pass: bool,
    /// Most instances one Terraform `count`/`for_each` expands into; beyond it the rest is a
    /// collection error and the rules over its kinds report Unknown.
    #[arg(long = "max-expansions", value_name = "N", default_value_t = cloudward_iac::limits::DEFAULT_MAX_EXPANSION)]
    pub max_expansions: usize,
    /// Most resource instances one Terraform root module expands into, child modules included.
    #[arg(long = "max-instances", value_name = "N", default_value_t = cloudward_iac::limits::DEFAULT_MAX_INSTANCES)]
    pub max_instances: usize,
    /// The account the code deploys to (12 digits): IAM users, roles, groups and policies get
    /// the ARNs AWS will give them, so the policy evaluator and the privilege-escalation rule
    /// can decide what they may do (without it those answers are Unknown for code);
    /// CloudFormation's AWS::AccountId defaults to it.
    #[arg(long, value_name = "ID", value_parser = parse_account)]
    pub account: Option<String>,
    /// No service control policy restricts that account (it is in no organization, or it is
    /// the management account): decide without SCPs. Without it, a step an SCP could deny is
    /// Unknown, since code does not say which SCPs apply.
    #[arg(long)]
    pub no_scps: bool,

    #[command(flatten)]
    pub settings: crate::settings::SettingsArgs,

    #[command(flatten)]
    pub store: super::history::StoreArgs,

    #[command(flatten)]
    pub notify: super::notify::NotifyArgs,
}

fn parse_account(s: &str) -> Result<String, String> {
    if crate::org::is_account_id(s) {
        Ok(s.to_string())
    } else {
        Err(format!("{s:?} is not a 12-digit account id"))
    }
}

fn parse_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, found {s:?}")),
    }
}

/// Source excerpts for code findings: reads each file once, relative to the scan's base
/// directory (locations in the report are relative to it) or to the working directory.
struct FileLines {
    base: PathBuf,
    cache: RefCell<HashMap<String, Option<Vec<String>>>>,
}

impl FileLines {
    fn resolve(&self, path: &str) -> Option<Vec<String>> {
        let candidates = [self.base.join(path), PathBuf::from(path)];
        candidates.iter().find_map(|p| {
            std::fs::read(p).ok().map(|bytes| {
                String::from_utf8_lossy(&bytes)
                    .lines()
                    .map(str::to_string)
                    .collect()
            })
        })
    }
}

impl SourceLines for FileLines {
    fn line(&self, path: &str, line: u32) -> Option<String> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let mut cache = self.cache.borrow_mut();
        let lines = cache
            .entry(path.to_string())
            .or_insert_with(|| self.resolve(path));
        lines.as_ref()?.get(index).cloned()
    }
}

/// Join the scan's base directory and a root-relative path for display, so that terminal
/// paths open from the working directory as a compiler's do.
fn shown(base: &Path, path: &str) -> String {
    if base.as_os_str().is_empty() || base == Path::new(".") {
        path.to_string()
    } else {
        base.join(path).to_string_lossy().into_owned()
    }
}

/// Run `cloudward iac`.
pub fn run(args: Args, globals: &Globals) -> anyhow::Result<u8> {
    if args.format == Format::Asff {
        return Err(UsageError(
            "--format asff: IaC findings have no AWS account or region, which every ASFF \
             finding requires; import the findings of a deployed account with \
             `cloudward scan --format asff` or `cloudward scan --to-security-hub`"
                .into(),
        )
        .into());
    }
    let started_at = chrono::Utc::now();
    let selection = Selection {
        rules: args.rules.clone(),
        skip_rules: args.skip_rules.clone(),
        services: args.services.clone(),
        min_severity: args.min_severity,
    };
    let catalogue = cloudward_rules::catalogue();
    let rules = selection
        .apply(&catalogue)
        .map_err(|e| UsageError(e.to_string()))?;
    if !args.path.exists() {
        return Err(anyhow::anyhow!(
            "{}: no such file or directory",
            args.path.display()
        ));
    }
    for file in &args.var_files {
        if !file.is_file() {
            return Err(UsageError(format!("--var-file {}: no such file", file.display())).into());
        }
    }
    // Before scanning: a path that cannot be written fails now.
    let output = args
        .output
        .as_deref()
        .map(|path| OutputFile::open(path, "-o"))
        .transpose()?;
    let options = ScanOptions {
        var_files: args.var_files.clone(),
        vars: args.vars.clone(),
        cfn_parameters: args.parameters.clone(),
        max_expansion: args.max_expansions,
        max_instances: args.max_instances,
        account_id: args.account.clone(),
    };
    let loaded = args.settings.load_all()?;
    let (settings, sinks) = (loaded.settings, loaded.notifications);
    let mut store = args.store.open()?;
    let mut result = cloudward_iac::scan(&args.path, &options);
    result.inventory.settings = settings;
    result.inventory.settings.assume_no_scps = args.no_scps;
    let today = chrono::Utc::now().date_naive();
    for warning in cloudward_rules::suppressions::apply(&mut result.inventory, today) {
        tracing::warn!("{warning}");
    }

    let mut stderr = std::io::stderr().lock();
    for d in &result.diagnostics {
        let level = match d.level {
            DiagnosticLevel::Error => "error",
            DiagnosticLevel::Warning => "warning",
        };
        let path = shown(&result.base, &d.location.path);
        let position = match (d.location.line, d.location.column) {
            (0, _) => String::new(),
            (l, 0) => format!(":{l}"),
            (l, c) => format!(":{l}:{c}"),
        };
        if d.level == DiagnosticLevel::Error || !globals.quiet {
            writeln!(stderr, "{path}{position}: {level}: {}", d.message)?;
        }
    }
    if !globals.quiet {
        writeln!(
            stderr,
            "scanned {} file(s) ({} skipped): {} resource(s)",
            result.files_scanned,
            result.files_skipped,
            result.inventory.resources.len()
        )?;
        if result.files_scanned == 0 {
            writeln!(
                stderr,
                "warning: no Terraform or CloudFormation found under {}",
                args.path.display()
            )?;
        }
    }

    let mut findings = cloudward_rules::engine::evaluate(&result.inventory, &rules);
    let ran: Vec<&str> = rules.iter().map(|r| r.meta().id).collect();
    for warning in cloudward_rules::suppressions::unused(&result.inventory, &ran, &findings, today)
    {
        tracing::warn!("{warning}");
    }
    // Machine formats other than SARIF get paths that open from the working directory; SARIF
    // keeps them relative to the scanned root (its `uriBaseId`).
    if args.format != Format::Sarif {
        for f in &mut findings {
            if let Some(loc) = &mut f.location {
                loc.path = shown(&result.base, &loc.path);
            }
        }
    }
    // Input that no rule judged (a skipped file, a structure error, an expansion over its
    // limit) is a collection error; with --fail-on-unknown it fails the gate whatever the
    // threshold, since nothing says what it would have found (issue 8).
    // A skipped input or structure error is a collection error: not judged, so it trips
    // `--fail-on-unknown` (see `Gate`).
    let failed = cloudward_report::Gate {
        threshold: args.fail_on.0,
        fail_on_unknown: args.fail_on_unknown,
    }
    .trips(&findings, &result.inventory.errors);
    let mut trend = Vec::new();
    let mut pending = Vec::new();
    if let Some(store) = store.as_mut() {
        // Runs of one tree compare with each other wherever they were started from.
        let target = std::fs::canonicalize(&args.path)
            .unwrap_or_else(|_| args.path.clone())
            .display()
            .to_string();
        let ids: Vec<&str> = rules.iter().map(|r| r.meta().id).collect();
        let info = super::history::run_info(
            cloudward_store::RunKind::Iac,
            &target,
            None,
            Vec::new(),
            started_at,
            &ids,
        );
        let run = super::history::record(store, &info, &findings, &result.inventory.errors, &[]);
        if args.format == Format::Html {
            trend = super::history::trend(store, &target);
        }
        pending = super::notify::findings_to_notify(
            &args.notify,
            &sinks,
            Some(store),
            run,
            &target,
            &findings,
            globals,
        );
    } else {
        super::notify::findings_to_notify(&args.notify, &sinks, None, None, "", &[], globals);
    }
    let report = Report::new(
        findings,
        result.inventory.errors.clone(),
        rules.iter().map(|r| r.meta()).collect(),
        Target {
            account_id: result.inventory.account_id.clone(),
            regions: result.inventory.regions.clone(),
            source: format!("iac:{}", args.path.display()),
            collected_at: None,
        },
        env!("CARGO_PKG_VERSION"),
    )
    .with_trend(trend);
    let lines = FileLines {
        base: if args.format == Format::Sarif {
            result.base.clone()
        } else {
            PathBuf::new()
        },
        cache: RefCell::new(HashMap::new()),
    };
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let render_options = RenderOptions {
        color: args.format == Format::Terminal && to_terminal,
        show_pass: args.show_pass,
        source: Some(&lines),
    };
    match output {
        Some(file) => file.write(|out| Ok(render(args.format, &report, &render_options, out)?))?,
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            render(args.format, &report, &render_options, &mut out)?;
            out.flush()?;
        }
    }
    // After the report: notifying never changes the exit code.
    super::notify::send(
        &pending,
        &sinks,
        &super::notify::AwsTarget::default(),
        store.as_mut(),
        globals,
    );
    if result.has_errors() {
        writeln!(
            stderr,
            "error: the input has errors (see above): a file that could not be parsed is not \
             judged, a suppression without a reason is not applied"
        )?;
        return Ok(exit::ERROR);
    }
    Ok(if failed { exit::FINDINGS } else { exit::OK })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_split_at_the_first_equals() {
        assert_eq!(
            parse_pair("AWS::Region=eu-west-1").expect("valid"),
            ("AWS::Region".to_string(), "eu-west-1".to_string())
        );
        assert_eq!(
            parse_pair("cidr=a=b").expect("valid"),
            ("cidr".to_string(), "a=b".to_string())
        );
        assert!(parse_pair("novalue").is_err());
        assert!(parse_pair("=x").is_err());
    }

    #[test]
    fn fail_on_takes_a_severity_or_none() {
        assert!(matches!(parse_fail_on("none"), Ok(FailOn(None))));
        assert!(matches!(
            parse_fail_on("HIGH"),
            Ok(FailOn(Some(Severity::High)))
        ));
        assert!(parse_fail_on("severe").is_err());
    }
}
