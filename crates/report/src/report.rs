//! The input of every renderer: [`Report`], what was scanned ([`Target`]), and the knobs
//! ([`Format`], [`RenderOptions`], [`SourceLines`]).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use cloudward_model::alert::Alert;
use cloudward_model::{CollectionError, Finding, RuleMeta, Severity, Status};
use serde::Serialize;

use crate::summary::{Counts, Summary};

/// What a scan looked at. Everything here is printed verbatim, so it must come from the input
/// (never from the clock) for output to stay reproducible.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Target {
    /// The AWS account id, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Regions covered, sorted.
    pub regions: Vec<String>,
    /// Where the data came from, for people: `live account`, `inventory demo-account.json`,
    /// `terraform ./infra`.
    pub source: String,
    /// The moment the data describes (the inventory's `collected_at`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collected_at: Option<DateTime<Utc>>,
}

/// One scan's results, ready to render.
#[derive(Clone, Debug)]
pub struct Report {
    /// Findings, in report order (most severe first, then rule, resource).
    pub findings: Vec<Finding>,
    /// Calls that failed while collecting, sorted.
    pub collection_errors: Vec<CollectionError>,
    /// Metadata of the rules that ran, by id: the source of remediation text, SARIF rule
    /// descriptors and framework ids.
    pub rules: BTreeMap<&'static str, &'static RuleMeta>,
    /// What was scanned.
    pub target: Target,
    /// The cloudward version that produced the findings.
    pub tool_version: String,
    /// Findings counted but not kept: a scan whose format lists no passes keeps only their
    /// number. [`Report::summary`] counts them with `findings`; no renderer lists them.
    pub omitted: Vec<Omitted>,
    /// Earlier recorded runs of the same target, oldest first (the HTML report draws them as
    /// a chart). Filled by the caller from the run history; empty when there is none.
    pub trend: Vec<TrendPoint>,
    /// Detection alerts to show beside the findings (the HTML report of `cloudward detect`).
    pub alerts: Vec<Alert>,
    /// One row per account of an organization scan (`scan --org`), sorted by account id;
    /// empty for a one-account report. Renderers that have it show it as a per-account
    /// summary, and then name the account on every finding.
    pub accounts: Vec<AccountSummary>,
    /// Attack paths and toxic combinations to draw (the HTML report); empty when the caller
    /// did not compute them.
    pub attack_paths: Vec<crate::AttackPath>,
}

/// One account of an organization scan: where it sits, whether it could be scanned, and its
/// verdicts. Counted by the caller account by account, as each is judged, so that a report of
/// hundreds of accounts needs no second pass over their findings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AccountSummary {
    /// 12-digit account id.
    pub account_id: String,
    /// The account's name in the organization.
    pub name: String,
    /// Organizational units from the root down (`Root/Workloads/Prod`); empty when unknown.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ou_path: String,
    /// Why the account could not be scanned (its role could not be assumed, ...): every rule
    /// is then Unknown for it. `None` when it was collected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Resources collected.
    pub resources: usize,
    /// Failed calls while collecting it.
    pub collection_errors: usize,
    /// Its verdicts by status.
    pub counts: Counts,
}

/// One recorded run in a report's trend: when it started and what it counted. Plain data, so
/// this crate needs no SQL; the CLI reads it from the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrendPoint {
    /// The run's id in the history.
    pub run: i64,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Its results by status.
    pub counts: Counts,
}

/// `count` findings of one rule with one status that a scan counted without keeping them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Omitted {
    /// Rule id.
    pub rule_id: String,
    /// Rule title.
    pub title: String,
    /// Rule severity.
    pub severity: Severity,
    /// AWS service.
    pub service: String,
    /// The status of every finding counted.
    pub status: Status,
    /// How many.
    pub count: usize,
}

impl Report {
    /// Build a report, sorting findings and errors so that output does not depend on the order
    /// in which collectors or rules produced them.
    pub fn new(
        mut findings: Vec<Finding>,
        mut collection_errors: Vec<CollectionError>,
        rules: Vec<&'static RuleMeta>,
        mut target: Target,
        tool_version: impl Into<String>,
    ) -> Self {
        sort_findings(&mut findings);
        collection_errors.sort();
        collection_errors.dedup();
        target.regions.sort();
        target.regions.dedup();
        Report {
            findings,
            collection_errors,
            rules: rules.into_iter().map(|m| (m.id, m)).collect(),
            target,
            tool_version: tool_version.into(),
            omitted: Vec::new(),
            trend: Vec::new(),
            alerts: Vec::new(),
            accounts: Vec::new(),
            attack_paths: Vec::new(),
        }
    }

    /// Attach the per-account summary of an organization scan (see [`Report::accounts`]),
    /// sorted by account id.
    pub fn with_accounts(mut self, mut accounts: Vec<AccountSummary>) -> Self {
        accounts.sort_by(|a, b| a.account_id.cmp(&b.account_id));
        self.accounts = accounts;
        self
    }

    /// Attach attack paths (see [`Report::attack_paths`]), in the order given.
    pub fn with_attack_paths(mut self, paths: Vec<crate::AttackPath>) -> Self {
        self.attack_paths = paths;
        self
    }

    /// Attach the trend over recorded runs (see [`Report::trend`]); points are sorted by run.
    pub fn with_trend(mut self, mut trend: Vec<TrendPoint>) -> Self {
        trend.sort_by_key(|p| p.run);
        self.trend = trend;
        self
    }

    /// Attach detection alerts (see [`Report::alerts`]), sorted by [`Alert::sort_key`].
    pub fn with_alerts(mut self, mut alerts: Vec<Alert>) -> Self {
        alerts.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.alerts = alerts;
        self
    }

    /// Add findings that were counted but not kept (see [`Report::omitted`]). Only statuses the
    /// chosen format does not list may be omitted: passes (unless `show_pass`) and
    /// not-applicable findings.
    pub fn with_omitted(mut self, omitted: Vec<Omitted>) -> Self {
        debug_assert!(omitted
            .iter()
            .all(|o| matches!(o.status, Status::Pass | Status::NotApplicable)));
        self.omitted = omitted;
        self
    }

    /// The metadata of a rule, if it is in the catalogue this report was built with.
    pub fn rule(&self, id: &str) -> Option<&'static RuleMeta> {
        self.rules.get(id).copied()
    }

    /// Counts by status, severity and service, of the findings and the omitted ones.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::of(&self.findings);
        for o in &self.omitted {
            summary.add(o.severity, &o.service, o.status, o.count);
        }
        summary
    }

    /// Findings with one status, in report order.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &Finding> + '_ {
        self.findings.iter().filter(move |f| f.status == status)
    }
}

/// The report order ([`Finding::report_order`], the engine's), so a report built from any
/// source (a store, a merged scan) is still deterministic.
fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(Finding::report_order);
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// For people: summary, failures with fixes, unknowns, collection errors.
    Terminal,
    /// One JSON document with a `schema_version`.
    Json,
    /// One row per finding.
    Csv,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// OCSF Compliance Finding events (class 2003), one JSON object per line.
    Ocsf,
    /// JUnit XML, one test suite per rule, for CI dashboards.
    Junit,
    /// One self-contained HTML page (inline CSS and JS, no network): summary, trend, findings
    /// with filters, remediation.
    Html,
    /// AWS Security Finding Format (`{"Findings": [...]}`), for AWS Security Hub.
    Asff,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 8] = [
        Format::Terminal,
        Format::Json,
        Format::Csv,
        Format::Sarif,
        Format::Ocsf,
        Format::Junit,
        Format::Html,
        Format::Asff,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Terminal => "terminal",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Sarif => "sarif",
            Format::Ocsf => "ocsf",
            Format::Junit => "junit",
            Format::Html => "html",
            Format::Asff => "asff",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format name that is not one of [`Format::ALL`].
#[derive(Debug, thiserror::Error)]
#[error(
    "unknown output format {name:?}: use terminal, json, csv, sarif, ocsf, junit, html or asff"
)]
pub struct UnknownFormat {
    /// The name given.
    pub name: String,
}

impl std::str::FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownFormat { name: s.into() })
    }
}

/// Lines of scanned source files, for the code excerpts under IaC findings.
///
/// The report crate does no I/O; the IaC front end passes an implementation that reads the
/// files it scanned (and may cache them).
pub trait SourceLines {
    /// The text of 1-based `line` of `path` (as it appears in finding locations), without its
    /// line terminator; `None` when the file or line is not available.
    fn line(&self, path: &str, line: u32) -> Option<String>;
}

/// How to render.
#[derive(Clone, Copy, Default)]
pub struct RenderOptions<'a> {
    /// Use ANSI colours (terminal format only). The CLI decides: a TTY and no `NO_COLOR`.
    pub color: bool,
    /// List passing findings too (terminal and SARIF). Machine formats whose consumers compute
    /// coverage (JSON, CSV, OCSF, JUnit) always carry passes.
    pub show_pass: bool,
    /// Source lines for code excerpts under IaC findings (terminal format).
    pub source: Option<&'a dyn SourceLines>,
}

impl std::fmt::Debug for RenderOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderOptions")
            .field("color", &self.color)
            .field("show_pass", &self.show_pass)
            .field("source", &self.source.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.as_str().parse::<Format>().expect("own name parses"), f);
        }
        assert!("xml".parse::<Format>().is_err());
    }
}

#[cfg(test)]
mod omitted_tests {
    use super::*;

    fn finding(rule: &str, severity: Severity, service: &str, status: Status, n: u32) -> Finding {
        Finding {
            rule_id: rule.to_string().into(),
            service: service.to_string().into(),
            resource_id: format!("r{n}"),
            resource_name: format!("n{n}"),
            ..cloudward_model::test_support::finding(severity, status)
        }
    }

    /// A report that counts its passes instead of keeping them reads exactly like the one
    /// that keeps them, wherever passes are not listed.
    #[test]
    fn omitted_findings_count_as_if_kept() {
        let all = vec![
            finding("a", Severity::High, "s3", Status::Fail, 1),
            finding("a", Severity::High, "s3", Status::Pass, 2),
            finding("a", Severity::High, "s3", Status::Pass, 3),
            finding("b", Severity::Low, "iam", Status::Pass, 4),
            finding("b", Severity::Low, "iam", Status::NotApplicable, 5),
            finding("c", Severity::Medium, "ec2", Status::Unknown, 6),
        ];
        let kept: Vec<Finding> = all
            .iter()
            .filter(|f| !matches!(f.status, Status::Pass | Status::NotApplicable))
            .cloned()
            .collect();
        let omitted = vec![
            Omitted {
                rule_id: "a".into(),
                title: "t".into(),
                severity: Severity::High,
                service: "s3".into(),
                status: Status::Pass,
                count: 2,
            },
            Omitted {
                rule_id: "b".into(),
                title: "t".into(),
                severity: Severity::Low,
                service: "iam".into(),
                status: Status::Pass,
                count: 1,
            },
            Omitted {
                rule_id: "b".into(),
                title: "t".into(),
                severity: Severity::Low,
                service: "iam".into(),
                status: Status::NotApplicable,
                count: 1,
            },
        ];
        let full = Report::new(all, vec![], vec![], Target::default(), "0");
        let counted =
            Report::new(kept, vec![], vec![], Target::default(), "0").with_omitted(omitted);
        assert_eq!(counted.summary(), full.summary());
        assert_eq!(counted.summary().total.pass, 3);

        let options = RenderOptions::default();
        for format in [Format::Terminal, Format::Sarif] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            crate::render(format, &full, &options, &mut a).expect("renders");
            crate::render(format, &counted, &options, &mut b).expect("renders");
            assert_eq!(
                String::from_utf8_lossy(&a),
                String::from_utf8_lossy(&b),
                "{format:?}"
            );
        }
    }
}
