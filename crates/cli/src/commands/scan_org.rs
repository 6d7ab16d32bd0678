//! `cloudward scan --org` and `cloudward scan --inventory DIR` (an organization snapshot
//! directory): every account judged on its own, as soon as it is collected or read, recorded
//! in the history as a run of its own, and then dropped; the report merges their findings and
//! gets a per-account summary.
//!
//! Memory is bounded by what the report lists (failures and unknowns for the terminal and
//! SARIF formats, every verdict for the others), not by the accounts' inventories: at most
//! `--account-concurrency` inventories are alive at once.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use chrono::{DateTime, Utc};
use cloudward_model::{CollectionError, Finding, Inventory, Status};
use cloudward_report::{AccountSummary, Format, Omitted, Report, Summary, Target};
use cloudward_rules::organizations::organizations_members_run_management_security_services as baseline;
use cloudward_rules::Rule;

use super::scan::{exit_code, judge, lists_passes, select_rules, toxic_findings, Args};
use super::Globals;
use crate::exit::{UsageError, ERROR, OK};
use crate::org::{load_entry, read_index, IndexEntry};

/// One account to judge: who it is and what was collected (or why nothing was).
struct Account {
    id: String,
    name: String,
    ou_path: String,
    /// Why it could not be collected (`inventory` then hides every kind for that reason).
    error: Option<String>,
    inventory: Inventory,
}

/// What every account's judgement adds to: the merged report's parts, the exit code, and
/// what to notify.
struct Judged<'a> {
    args: &'a Args,
    globals: &'a Globals,
    rules: &'a [&'static dyn Rule],
    ran: Vec<&'static str>,
    format: Format,
    settings: cloudward_model::Settings,
    sinks: &'a [cloudward_monitor::SinkConfig],
    store: Option<cloudward_store::Store>,
    started_at: DateTime<Utc>,
    findings: Vec<Finding>,
    errors: Vec<CollectionError>,
    omitted: BTreeMap<(String, Status), Omitted>,
    accounts: Vec<AccountSummary>,
    regions: BTreeSet<String>,
    collected_at: Option<DateTime<Utc>>,
    exit: u8,
    pending: Vec<cloudward_monitor::Notification>,
    /// Each account's security services, kept (small) for the rule across accounts, when it
    /// is selected.
    baselines: Option<Vec<baseline::Baseline>>,
    /// Each account's run in the history, for the verdicts judged across accounts.
    runs: BTreeMap<String, i64>,
}

impl Judged<'_> {
    /// Judge one account, record it, keep what the report lists, and drop its inventory.
    fn account(&mut self, account: Account) -> anyhow::Result<()> {
        let Account {
            id,
            name,
            ou_path,
            error,
            mut inventory,
        } = account;
        inventory.settings = self.settings.clone();
        let today = Utc::now().date_naive();
        for warning in cloudward_rules::suppressions::apply(&mut inventory, today) {
            tracing::warn!("account {id}: {warning}");
        }
        for e in &mut inventory.errors {
            e.account = Some(id.clone());
        }
        if let Some(baselines) = self.baselines.as_mut() {
            baselines.push(baseline::baseline(&inventory, &id, &name, self.rules));
        }
        let lists = lists_passes(self.format, self.args.show_pass);
        let (mut findings, omitted) = judge(&inventory, self.rules, lists);
        let toxic = toxic_findings(self.args, &inventory);
        findings.extend(toxic.iter().cloned());
        let relevant_errors: Vec<CollectionError> = inventory
            .errors
            .iter()
            .filter(|e| self.rules.iter().any(|r| r.meta().service == e.service))
            .cloned()
            .collect();
        let mut exit = exit_code(
            &findings,
            &relevant_errors,
            self.args.fail_on,
            self.args.fail_on_unknown,
        );
        if let Some(store) = self.store.as_mut() {
            let all;
            let recorded: &[Finding] = if lists {
                &findings
            } else {
                let mut every = cloudward_rules::engine::evaluate(&inventory, self.rules);
                every.extend(toxic);
                all = every;
                &all
            };
            if self.args.fail_on_new {
                exit = match super::history::new_failures(store, &id, recorded)? {
                    None => {
                        tracing::warn!(
                            "--fail-on-new: no earlier run of {id} is recorded; this run is the baseline"
                        );
                        exit_code(
                            &[],
                            &relevant_errors,
                            self.args.fail_on,
                            self.args.fail_on_unknown,
                        )
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
                        exit_code(
                            &fresh,
                            &relevant_errors,
                            self.args.fail_on,
                            self.args.fail_on_unknown,
                        )
                    }
                };
            }
            let info = super::history::run_info(
                cloudward_store::RunKind::Scan,
                &id,
                Some(id.clone()),
                inventory.regions.clone(),
                self.started_at,
                &self.ran,
            );
            let run = super::history::record(store, &info, recorded, &inventory.errors, &[]);
            if let Some(run) = run {
                self.runs.insert(id.clone(), run);
            }
            self.pending.extend(super::notify::findings_to_notify(
                &self.args.notify,
                self.sinks,
                Some(store),
                run,
                &id,
                recorded,
                self.globals,
            ));
        }
        // An account that could not be collected at all makes the run incomplete.
        if error.is_some() {
            exit = ERROR;
        }
        self.exit = self.exit.max(exit);

        let mut summary = Summary::of(&findings);
        for o in &omitted {
            summary.add(o.severity, &o.service, o.status, o.count);
            self.omitted
                .entry((o.rule_id.clone(), o.status))
                .and_modify(|kept| kept.count = kept.count.saturating_add(o.count))
                .or_insert_with(|| o.clone());
        }
        self.accounts.push(AccountSummary {
            account_id: id,
            name,
            ou_path,
            error,
            resources: inventory.resources.len(),
            collection_errors: inventory.errors.len(),
            counts: summary.total,
        });
        self.regions.extend(inventory.regions.iter().cloned());
        self.collected_at = self.collected_at.max(inventory.collected_at);
        self.findings.extend(findings);
        self.errors.append(&mut inventory.errors);
        Ok(())
    }
}

/// Where the accounts of an organization scan come from.
pub enum Source<'a> {
    /// Listed and collected now (`scan --org`).
    Live,
    /// An organization snapshot directory (`scan --inventory DIR`).
    Dir(&'a Path),
    /// The results prefix of a work-queue scan (`report --from s3://...`).
    Results(&'a str),
}

impl Judged<'_> {
    /// Once every account is judged: each member against the management account's security
    /// services (`organizations-members-run-management-security-services`), counted into its
    /// account's summary and the exit code.
    fn across_accounts(&mut self, organization_id: &str, management: &str) {
        let Some(baselines) = self.baselines.take() else {
            return;
        };
        let expected = baselines
            .iter()
            .find(|b| b.account == management)
            .ok_or_else(|| {
                format!("the management account {management} was not among the accounts scanned")
            });
        let lists = lists_passes(self.format, self.args.show_pass);
        for member in baselines.iter().filter(|b| b.account != management) {
            let arn = format!(
                "arn:aws:organizations::{management}:account/{organization_id}/{}",
                member.account
            );
            let findings = baseline::judge_member(
                expected.as_ref().map(|b| *b).map_err(String::as_str),
                member,
                &arn,
            );
            self.exit = self.exit.max(exit_code(
                &findings,
                &[],
                self.args.fail_on,
                self.args.fail_on_unknown,
            ));
            if let (Some(store), Some(&run)) = (self.store.as_mut(), self.runs.get(&member.account))
            {
                if let Err(e) = store.add_results(run, &findings) {
                    tracing::warn!(
                        "account {}: the verdicts across accounts were not recorded: {e}",
                        member.account
                    );
                }
            }
            if let Some(summary) = self
                .accounts
                .iter_mut()
                .find(|a| a.account_id == member.account)
            {
                for f in &findings {
                    summary.counts.add_n(f.status, 1);
                }
            }
            for f in findings {
                if lists || !matches!(f.status, Status::Pass | Status::NotApplicable) {
                    self.findings.push(f);
                    continue;
                }
                self.omitted
                    .entry((f.rule_id.to_string(), f.status))
                    .and_modify(|kept| kept.count = kept.count.saturating_add(1))
                    .or_insert_with(|| Omitted {
                        rule_id: f.rule_id.to_string(),
                        title: f.title.to_string(),
                        severity: f.severity,
                        service: f.service.to_string(),
                        status: f.status,
                        count: 1,
                    });
            }
        }
    }
}

/// Run an organization scan of `source`.
pub fn run(args: Args, source: Source<'_>, globals: &Globals) -> anyhow::Result<u8> {
    if args.security_hub.to_security_hub {
        return Err(UsageError(
            "--to-security-hub does not take an organization yet: import each account's \
             report on its own"
                .into(),
        )
        .into());
    }
    let started_at = Utc::now();
    let rules = select_rules(&args)?;
    let store = args.store.open()?;
    let loaded = args.settings.load_all()?;
    let output = args
        .output
        .as_deref()
        .map(|path| crate::output::OutputFile::open(path, "-o"))
        .transpose()?;
    let format = Format::from(args.format);
    let mut judged = Judged {
        args: &args,
        globals,
        rules: &rules,
        ran: rules.iter().map(|r| r.meta().id).collect(),
        format,
        settings: loaded.settings,
        sinks: &loaded.notifications,
        store,
        started_at,
        findings: Vec::new(),
        errors: Vec::new(),
        omitted: BTreeMap::new(),
        accounts: Vec::new(),
        regions: BTreeSet::new(),
        collected_at: None,
        exit: OK,
        pending: Vec::new(),
        baselines: rules
            .iter()
            .any(|r| r.meta().id == baseline::ID)
            .then(Vec::new),
        runs: BTreeMap::new(),
    };

    let source = match source {
        Source::Dir(dir) => {
            let index = read_index(dir)?;
            for entry in &index.accounts {
                let inventory = load_entry(dir, entry)?;
                judged.account(account_of_entry(entry, inventory))?;
            }
            judged.across_accounts(&index.organization_id, &index.management_account);
            format!(
                "organization {} (inventory {}, {} accounts)",
                index.organization_id,
                dir.display(),
                index.accounts.len()
            )
        }
        Source::Results(url) => {
            let reader = super::queue::ResultsReader::open(&args.live, url)?;
            let index = reader.index()?;
            for listed in &index.accounts {
                let (entry, inventory) = reader.account(&index, listed);
                if let Some(error) = &entry.error {
                    tracing::warn!("account {}: {}", entry.account_id, error.message);
                }
                judged.account(account_of_entry(&entry, inventory))?;
            }
            judged.across_accounts(&index.organization_id, &index.management_account);
            format!(
                "organization {} (results {}, run {}, {} accounts)",
                index.organization_id,
                reader.location(),
                index.run_id.as_deref().unwrap_or("(none)"),
                index.accounts.len()
            )
        }
        Source::Live => {
            let roster = crate::org::collect_each(&args.live, &args.org, globals, |_, done| {
                let (error, inventory) = match done.outcome {
                    Ok(inventory) => (None, inventory),
                    Err(failure) => {
                        tracing::warn!("account {}: {}", done.member.id, failure.message);
                        (
                            Some(failure.message.clone()),
                            failure.inventory(&done.member),
                        )
                    }
                };
                judged.account(Account {
                    id: done.member.id,
                    name: done.member.name,
                    ou_path: done.member.ou_path,
                    error,
                    inventory,
                })
            })?;
            judged.across_accounts(&roster.organization_id, &roster.management_account);
            format!(
                "organization {} ({} accounts, role {})",
                roster.organization_id,
                roster.members.len(),
                args.org.role_name
            )
        }
    };

    let Judged {
        findings,
        errors,
        omitted,
        accounts,
        regions,
        collected_at,
        exit,
        pending,
        mut store,
        ..
    } = judged;
    let not_scanned = accounts.iter().filter(|a| a.error.is_some()).count();
    let report = Report::new(
        findings,
        errors,
        rules.iter().map(|r| r.meta()).collect(),
        Target {
            account_id: None,
            regions: regions.into_iter().collect(),
            source,
            collected_at,
        },
        env!("CARGO_PKG_VERSION"),
    )
    .with_omitted(omitted.into_values().collect())
    .with_accounts(accounts);

    let bytes = super::scan::render(&args, format, &report)?;
    match output {
        Some(file) => {
            let path = file.path().to_path_buf();
            file.write(|out| Ok(out.write_all(&bytes)?))?;
            if !globals.quiet {
                let c = report.summary().total;
                eprintln!(
                    "wrote {format} report of {} account(s) to {}: {} failed, {} could not be checked, {} suppressed, {} passed",
                    report.accounts.len(),
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
    if not_scanned > 0 {
        eprintln!(
            "error: {not_scanned} of {} account(s) could not be scanned (see the report's \
             accounts); every rule is Unknown for them",
            report.accounts.len()
        );
    }
    let aws = super::notify::AwsTarget {
        profile: args.live.profile.clone(),
        endpoint_url: args.live.endpoint_url.clone(),
    };
    super::notify::send(
        &pending,
        &loaded.notifications,
        &aws,
        store.as_mut(),
        globals,
    );
    Ok(exit)
}

/// The account an index entry describes.
fn account_of_entry(entry: &IndexEntry, inventory: Inventory) -> Account {
    Account {
        id: entry.account_id.clone(),
        name: entry.name.clone(),
        ou_path: entry.ou_path.clone(),
        error: entry.error.as_ref().map(|e| e.message.clone()),
        inventory,
    }
}
