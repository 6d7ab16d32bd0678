//! `cloudward scan`: judge a live account or an inventory snapshot against the catalogue, write
//! the report, and turn failures at or above `--fail-on` into exit code 1.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use cloudward_model::{Finding, Inventory, Severity, Status};
use cloudward_report::{Format, Omitted, RenderOptions, Report, Target};
use cloudward_rules::{Rule, Selection};

use super::Globals;
use crate::exit::{UsageError, FINDINGS, OK};
use crate::live::LiveArgs;
use crate::output::OutputFile;

/// Output formats, as clap values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Summary, failures with fixes, unknowns and collection errors, for people.
    Terminal,
    /// One JSON document (`schema_version` 1).
    Json,
    /// One row per finding.
    Csv,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// OCSF 1.3 Compliance Finding events, one per line.
    Ocsf,
    /// JUnit XML, one test suite per rule.
    Junit,
    /// One self-contained HTML page: summary, trend over the recorded runs, findings with
    /// filters and search, remediation (no network needed to open it).
    Html,
    /// AWS Security Finding Format (`{"Findings": [...]}`) for AWS Security Hub.
    Asff,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Terminal => Format::Terminal,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Ocsf => Format::Ocsf,
            FormatArg::Junit => Format::Junit,
            FormatArg::Html => Format::Html,
            FormatArg::Asff => Format::Asff,
        }
    }
}

/// A `--fail-on` threshold: a severity, or `none` to always exit 0 on a completed scan.
#[derive(Clone, Copy, Debug)]
pub struct FailOn(pub Option<Severity>);

/// Parse a severity flag value (`critical`, `high`, ...).
pub fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

/// Parse `--fail-on`: a severity, or `none`.
pub(crate) fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    if s.eq_ignore_ascii_case("none") {
        Ok(FailOn(None))
    } else {
        parse_severity(s).map(|sev| FailOn(Some(sev)))
    }
}

/// Arguments of `cloudward scan`.
#[derive(clap::Args)]
#[command(after_help = "\
Exit codes: 0 nothing failed at or above --fail-on; 1 something did; 2 usage error;
3 the scan could not complete, or --to-security-hub did not import everything (the
report is still written; stderr says what failed). Unknown findings (could not be
checked) never count as passes, and trigger exit 1 only with --fail-on-unknown.
--service selects both what is collected and which rules run (with --inventory, only
the rules).

Examples:
  cloudward scan --profile audit --region eu-west-1 --region us-east-1
  cloudward scan --inventory inventory.json --format sarif -o cloudward.sarif
  cloudward scan --inventory inventory.json --format html -o report.html
  cloudward scan --service s3 --service iam --min-severity medium --fail-on critical
  cloudward scan --region eu-west-1 --to-security-hub --dry-run
  cloudward scan --org --profile management --ou ou-ab12-prod0001 --fail-on high
  cloudward collect --org -o org-snapshot/ && cloudward scan --inventory org-snapshot/
  cloudward scan --org --work-queue https://sqs.eu-west-1.amazonaws.com/123456789012/q \
    --results s3://audit-results/org/   then: cloudward worker ..., cloudward report --from ...

With --org, every account is judged and recorded (one history run per account) as soon as
it is collected; the report adds a per-account summary. An account whose role cannot be
assumed is reported as not scanned, every rule Unknown for it, and the exit code is 3.")]
pub struct Args {
    /// Judge this inventory snapshot (from `cloudward collect -o`) instead of a live
    /// account; makes no AWS call (the live flags below are then ignored). A directory is an
    /// organization snapshot (`collect --org -o DIR`): every account in its index is judged.
    #[arg(long, value_name = "FILE", conflicts_with = "org")]
    pub inventory: Option<PathBuf>,

    /// Live collection flags. Its `--service` also selects the rules: `--service s3` collects
    /// S3 only and runs only S3 rules (and with `--inventory`, only S3 rules).
    #[command(flatten)]
    pub live: LiveArgs,

    /// Organization-wide scan flags (`--org`, `--role-name`, `--accounts`, `--ou`, ...).
    #[command(flatten)]
    pub org: crate::org::OrgArgs,

    /// `--work-queue` and `--results`: hand an organization's accounts to workers.
    #[command(flatten)]
    pub queue: super::queue::PublishArgs,

    #[command(flatten)]
    pub settings: crate::settings::SettingsArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Terminal)]
    pub format: FormatArg,

    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit 1 when a rule of this severity or above fails: critical, high, medium, low, info,
    /// or none.
    #[arg(long, value_name = "SEVERITY", default_value = "high", value_parser = parse_fail_on)]
    pub fail_on: FailOn,

    /// Let Unknown findings (could not be checked) at or above --fail-on count as failures.
    #[arg(long)]
    pub fail_on_unknown: bool,

    /// Run only this rule (repeatable); see `cloudward rules`.
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,

    /// Do not run this rule (repeatable).
    #[arg(long = "skip-rule", value_name = "ID")]
    pub skip_rules: Vec<String>,

    /// Run only rules of this severity or above.
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub min_severity: Option<Severity>,

    /// List passing checks too (terminal and SARIF; the other formats always carry them).
    #[arg(long)]
    pub show_pass: bool,

    /// Exit 1 only for failures (at or above --fail-on) that were not failing in the
    /// previous recorded run of the same account: gate on regressions, not on old findings.
    /// The first recorded run is the baseline.
    #[arg(long, conflicts_with = "no_store")]
    pub fail_on_new: bool,

    #[command(flatten)]
    pub store: super::history::StoreArgs,

    #[command(flatten)]
    pub security_hub: super::security_hub::SecurityHubArgs,

    #[command(flatten)]
    pub notify: super::notify::NotifyArgs,
}

/// Run `cloudward scan`.
pub fn run(args: Args, globals: &Globals) -> anyhow::Result<u8> {
    if args.queue.work_queue.is_some() {
        return super::queue::publish(&args, globals);
    }
    if args.org.org {
        return super::scan_org::run(args, super::scan_org::Source::Live, globals);
    }
    if let Some(dir) = args.inventory.clone().filter(|p| p.is_dir()) {
        return super::scan_org::run(args, super::scan_org::Source::Dir(&dir), globals);
    }
    let started_at = chrono::Utc::now();
    let rules = select_rules(&args)?;
    // Opened before collecting: a store that cannot be opened fails now.
    let mut store = args.store.open()?;
    let loaded = args.settings.load_all()?;
    let (settings, sinks) = (loaded.settings, loaded.notifications);
    // Before collecting: a path that cannot be written fails now, not after the collection.
    let output = args
        .output
        .as_deref()
        .map(|path| OutputFile::open(path, "-o"))
        .transpose()?;

    let (mut inventory, source) = match &args.inventory {
        Some(path) => {
            if !args.live.regions.is_empty() {
                tracing::warn!(
                    "--region is ignored with --inventory: the snapshot fixes the regions"
                );
            }
            // Refused before it is read into memory (see `MAX_SNAPSHOT_BYTES`).
            let bytes = std::fs::metadata(path)
                .with_context(|| format!("reading inventory snapshot {}", path.display()))?
                .len();
            Inventory::check_size(bytes)
                .with_context(|| format!("loading inventory snapshot {}", path.display()))?;
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading inventory snapshot {}", path.display()))?;
            let inventory = Inventory::from_json(&text)
                .with_context(|| format!("loading inventory snapshot {}", path.display()))?;
            (inventory, format!("inventory {}", path.display()))
        }
        None => {
            let inventory = crate::live::collect_inventory(&args.live, globals)?;
            let source = match &args.live.profile {
                Some(profile) => format!("live account (profile {profile})"),
                None => "live account".to_string(),
            };
            (inventory, source)
        }
    };
    inventory.settings = settings;
    let today = chrono::Utc::now().date_naive();
    for warning in cloudward_rules::suppressions::apply(&mut inventory, today) {
        tracing::warn!("{warning}");
    }
    tracing::info!(
        resources = inventory.resources.len(),
        errors = inventory.errors.len(),
        rules = rules.len(),
        "evaluating rules"
    );

    let format = Format::from(args.format);
    let (mut findings, omitted) = judge(&inventory, &rules, lists_passes(format, args.show_pass));
    let toxic = toxic_findings(&args, &inventory);
    findings.extend(toxic.iter().cloned());
    // A failed call of a service no selected rule judges is nothing left unchecked.
    let relevant_errors: Vec<_> = inventory
        .errors
        .iter()
        .filter(|e| rules.iter().any(|r| r.meta().service == e.service))
        .cloned()
        .collect();
    let ran: Vec<&str> = rules.iter().map(|r| r.meta().id).collect();
    for warning in cloudward_rules::suppressions::unused(&inventory, &ran, &findings, today) {
        tracing::warn!("{warning}");
    }
    let mut exit = exit_code(
        &findings,
        &relevant_errors,
        args.fail_on,
        args.fail_on_unknown,
    );
    let mut trend = Vec::new();
    let mut pending = Vec::new();
    if let Some(store) = store.as_mut() {
        let target = inventory
            .account_id
            .clone()
            .unwrap_or_else(|| source.clone());
        // The history needs every verdict (a fix is a fail turned pass), also when the report
        // lists only failures.
        let all;
        let recorded: &[Finding] = if lists_passes(format, args.show_pass) {
            &findings
        } else {
            let mut every = cloudward_rules::engine::evaluate(&inventory, &rules);
            every.extend(toxic);
            all = every;
            &all
        };
        if args.fail_on_new {
            exit = match super::history::new_failures(store, &target, recorded)? {
                None => {
                    tracing::warn!(
                        "--fail-on-new: no earlier run of {target} is recorded; this run is the baseline"
                    );
                    gate_errors(&relevant_errors, args.fail_on, args.fail_on_unknown)
                }
                Some(new) => {
                    let new: std::collections::HashSet<String> = new.into_iter().collect();
                    let fresh: Vec<Finding> = findings
                        .iter()
                        .filter(|f| {
                            f.status != Status::Fail
                                || new.contains(&cloudward_store::fingerprint(f))
                        })
                        .cloned()
                        .collect();
                    exit_code(&fresh, &relevant_errors, args.fail_on, args.fail_on_unknown)
                }
            };
        }
        let info = super::history::run_info(
            cloudward_store::RunKind::Scan,
            &target,
            inventory.account_id.clone(),
            inventory.regions.clone(),
            started_at,
            &ran,
        );
        let run = super::history::record(store, &info, recorded, &inventory.errors, &[]);
        if format == Format::Html {
            trend = super::history::trend(store, &target);
        }
        pending = super::notify::findings_to_notify(
            &args.notify,
            &sinks,
            Some(store),
            run,
            &target,
            recorded,
            globals,
        );
    } else {
        // Says why nothing can be notified without the history.
        super::notify::findings_to_notify(&args.notify, &sinks, None, None, "", &[], globals);
    }
    let report = Report::new(
        findings,
        inventory.errors.clone(),
        rules.iter().map(|r| r.meta()).collect(),
        Target {
            account_id: inventory.account_id.clone(),
            regions: inventory.regions.clone(),
            source,
            collected_at: inventory.collected_at,
        },
        env!("CARGO_PKG_VERSION"),
    )
    .with_omitted(omitted)
    .with_trend(trend)
    .with_attack_paths(if format == Format::Html {
        super::paths::attack_paths(&inventory)
    } else {
        Vec::new()
    });
    args.security_hub.check(format, &report)?;

    let bytes = render(&args, format, &report)?;

    match output {
        Some(file) => {
            let path = file.path().to_path_buf();
            file.write(|out| Ok(out.write_all(&bytes)?))?;
            if !globals.quiet {
                let c = report.summary().total;
                eprintln!(
                    "wrote {format} report to {}: {} failed, {} could not be checked, {} suppressed, {} passed",
                    path.display(),
                    c.fail,
                    c.unknown,
                    c.suppressed,
                    c.pass
                );
            }
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes).context("writing the report")?;
            stdout.flush().context("writing the report")?;
        }
    }
    if args.security_hub.to_security_hub {
        let full = super::security_hub::full_report(&inventory, &rules, &report);
        if !super::security_hub::export(&args.security_hub, &args.live, &full, globals)? {
            exit = crate::exit::ERROR;
        }
    }
    // After the report: notifying takes at most its deadline and never changes the exit code.
    let aws = super::notify::AwsTarget {
        profile: args.live.profile.clone(),
        endpoint_url: args.live.endpoint_url.clone(),
    };
    super::notify::send(&pending, &sinks, &aws, store.as_mut(), globals);
    Ok(exit)
}

/// Whether `format` lists passing and not-applicable findings. The terminal report and SARIF
/// list passes only with `--show-pass`, and not-applicable findings never; every other format
/// lists every finding.
/// The report rendered in `format`, in colour only on a terminal that wants it (standard
/// output, no `-o`, `NO_COLOR` unset). Shared by the one-account and the organization scan.
pub(super) fn render(args: &Args, format: Format, report: &Report) -> anyhow::Result<Vec<u8>> {
    let color = format == Format::Terminal
        && args.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let options = RenderOptions {
        color,
        show_pass: args.show_pass,
        source: None,
    };
    let mut bytes = Vec::new();
    args.security_hub
        .render(format, report, &options, &mut bytes)
        .context("rendering the report")?;
    Ok(bytes)
}

pub(super) fn lists_passes(format: Format, show_pass: bool) -> bool {
    show_pass || !matches!(format, Format::Terminal | Format::Sarif)
}

/// Run the rules. When the report lists no passes, they (and not-applicable findings) are only
/// counted, not turned into findings: a million-resource scan then holds its failures and
/// unknowns, not millions of passes, and its summary still counts every verdict.
pub(super) fn judge(
    inventory: &Inventory,
    rules: &[&dyn Rule],
    lists_passes: bool,
) -> (Vec<Finding>, Vec<Omitted>) {
    if lists_passes {
        return (
            cloudward_rules::engine::evaluate(inventory, rules),
            Vec::new(),
        );
    }
    let judgement = cloudward_rules::engine::judge_keeping(inventory, rules, |s| {
        !matches!(s, Status::Pass | Status::NotApplicable)
    });
    let omitted = judgement
        .omitted
        .iter()
        .map(|o| Omitted {
            rule_id: o.rule.id.to_string(),
            title: o.rule.title.to_string(),
            severity: o.rule.severity,
            service: o.rule.service.to_string(),
            status: o.status,
            count: o.count,
        })
        .collect();
    // Converted rule by rule: each rule's verdicts are freed once they are findings.
    let mut findings = Vec::with_capacity(judgement.len());
    findings.extend(judgement.into_verdicts().map(|v| v.into_finding(inventory)));
    (findings, omitted)
}

/// The rules the filters keep. Unknown rule ids and services are usage errors (exit 2): a typo
/// must not silently turn a check off.
pub(super) fn select_rules(args: &Args) -> anyhow::Result<Vec<&'static dyn Rule>> {
    let catalogue = cloudward_rules::catalogue();
    let selection = Selection {
        rules: args.rules.clone(),
        // A toxic combination's id is no catalogue rule: `--skip-rule` takes it all the same
        // (see `toxic_findings`).
        skip_rules: args
            .skip_rules
            .iter()
            .filter(|id| {
                !cloudward_graph::COMBINATIONS
                    .iter()
                    .any(|m| m.id == id.as_str())
            })
            .cloned()
            .collect(),
        services: args.live.services.clone(),
        min_severity: args.min_severity,
    };
    let rules = selection
        .apply(&catalogue)
        .map_err(|e| UsageError(e.to_string()))?;
    if rules.is_empty() {
        return Err(UsageError("the filters select no rule (see `cloudward rules`)".into()).into());
    }
    Ok(rules)
}

/// The toxic combinations of `inventory` the flags select, as findings: all of them by
/// default; none with `--rule` or `--service` (they span services, and are no catalogue rule
/// `--rule` could name); never one `--skip-rule` names or below `--min-severity`.
pub(super) fn toxic_findings(args: &Args, inventory: &Inventory) -> Vec<Finding> {
    if !args.rules.is_empty() || !args.live.services.is_empty() {
        return Vec::new();
    }
    super::paths::toxic_findings(inventory, |meta| {
        !args.skip_rules.iter().any(|id| id == meta.id)
            && args.min_severity.is_none_or(|min| meta.severity >= min)
    })
}

/// The gate on collection errors alone (the `--fail-on-new` baseline run).
fn gate_errors(
    errors: &[cloudward_model::CollectionError],
    fail_on: FailOn,
    fail_on_unknown: bool,
) -> u8 {
    exit_code(&[], errors, fail_on, fail_on_unknown)
}

/// 1 when the findings trip the gate (see [`cloudward_report::Gate`]).
pub(super) fn exit_code(
    findings: &[Finding],
    errors: &[cloudward_model::CollectionError],
    fail_on: FailOn,
    fail_on_unknown: bool,
) -> u8 {
    let gate = cloudward_report::Gate {
        threshold: fail_on.0,
        fail_on_unknown,
    };
    if gate.trips(findings, errors) {
        FINDINGS
    } else {
        OK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(severity: Severity, status: Status) -> Finding {
        cloudward_model::test_support::finding(severity, status)
    }

    fn volume(name: &str, encrypted: cloudward_model::Value<bool>) -> cloudward_model::Resource {
        cloudward_model::Resource {
            id: format!("arn:aws:ec2:eu-west-1:123456789012:volume/{name}"),
            name: name.into(),
            account: Some("123456789012".into()),
            region: Some("eu-west-1".into()),
            tags: Default::default(),
            source: cloudward_model::Source::Live,
            attribute_locations: Default::default(),
            tags_unknown: None,
            existence_unknown: None,
            suppressions: Vec::new(),
            attributes: cloudward_model::Attributes::Ec2Volume(cloudward_model::ec2::Volume {
                volume_id: name.into(),
                encrypted,
                ..Default::default()
            }),
        }
    }

    #[test]
    fn counting_passes_reports_the_same_counts_as_keeping_them() {
        use cloudward_model::Value;
        let mut inventory = Inventory::new();
        inventory.push(volume("vol-a", Value::Known(true)));
        inventory.push(volume("vol-b", Value::Known(false)));
        inventory.push(volume("vol-c", Value::Known(true)));
        inventory.push(volume("vol-d", Value::unknown("AccessDenied")));
        inventory.normalize();
        let rules = cloudward_rules::catalogue();
        let report = |(findings, omitted)| {
            Report::new(findings, vec![], vec![], Target::default(), "0").with_omitted(omitted)
        };
        let kept = report(judge(&inventory, &rules, true));
        let counted = report(judge(&inventory, &rules, false));
        assert!(kept.omitted.is_empty());
        assert!(counted.omitted.iter().map(|o| o.count).sum::<usize>() > 0);
        assert_eq!(counted.summary(), kept.summary());
        let listed: Vec<&Finding> = kept
            .findings
            .iter()
            .filter(|f| !matches!(f.status, Status::Pass | Status::NotApplicable))
            .collect();
        assert_eq!(counted.findings.iter().collect::<Vec<_>>(), listed);
    }

    #[test]
    fn only_formats_that_hide_passes_count_them() {
        assert!(!lists_passes(Format::Terminal, false));
        assert!(!lists_passes(Format::Sarif, false));
        assert!(lists_passes(Format::Terminal, true));
        for format in [
            Format::Json,
            Format::Csv,
            Format::Ocsf,
            Format::Junit,
            Format::Html,
            Format::Asff,
        ] {
            assert!(lists_passes(format, false), "{format:?}");
        }
    }

    #[test]
    fn fail_on_threshold_is_inclusive() {
        let f = [finding(Severity::High, Status::Fail)];
        assert_eq!(
            exit_code(&f, &[], FailOn(Some(Severity::High)), false),
            FINDINGS
        );
        assert_eq!(
            exit_code(&f, &[], FailOn(Some(Severity::Critical)), false),
            OK
        );
        assert_eq!(exit_code(&f, &[], FailOn(None), false), OK);
    }

    #[test]
    fn unknown_trips_only_when_asked_and_suppressed_never() {
        let f = [
            finding(Severity::Critical, Status::Unknown),
            finding(Severity::Critical, Status::Suppressed),
        ];
        assert_eq!(exit_code(&f, &[], FailOn(Some(Severity::Low)), false), OK);
        assert_eq!(
            exit_code(&f, &[], FailOn(Some(Severity::Low)), true),
            FINDINGS
        );
    }

    #[test]
    fn fail_on_parses_none_and_severities() {
        assert!(parse_fail_on("none").expect("none parses").0.is_none());
        assert_eq!(
            parse_fail_on("HIGH").expect("parses").0,
            Some(Severity::High)
        );
        assert!(parse_fail_on("severe").is_err());
    }
}
