//! `--format terminal`: the report for people.
//!
//! Order: header (what was scanned), summary by severity and by service, failures grouped by
//! rule (most severe first) each with its fix, findings that could not be checked with their
//! reasons, suppressed findings with their justification, passes (only with `show_pass`),
//! collection errors, and a one-line total. Code findings are printed like compiler
//! diagnostics (`path:line:col: severity[rule] message`) with the source line when a
//! [`SourceLines`](crate::SourceLines) is given. Colour only when asked; alignment is computed
//! on the plain text so it holds with and without colour.

use std::fmt::Write as _;
use std::io::Write;

use anstyle::{AnsiColor, Color, Style};
use cloudward_model::{Finding, Severity, Status};

use crate::report::{RenderOptions, Report};
use crate::style;
use crate::summary::Counts;
use crate::text::{first_line, location_label, wrap};
use crate::RenderError;

struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, style: Style, text: &str) -> String {
        style::paint(self.color, style, text)
    }

    fn bold(&self, text: &str) -> String {
        self.paint(Style::new().bold(), text)
    }

    fn dim(&self, text: &str) -> String {
        self.paint(Style::new().dimmed(), text)
    }

    fn fg(&self, color: AnsiColor, text: &str) -> String {
        self.paint(Style::new().fg_color(Some(Color::Ansi(color))), text)
    }

    /// A severity name padded to `width` before colouring, so columns align.
    fn severity(&self, s: Severity, width: usize) -> String {
        let text = format!("{:<width$}", s.as_str());
        self.paint(style::severity_style(s), &text)
    }
}

/// Width of the severity column ("critical").
const SEV_WIDTH: usize = 8;

/// Console steps are wrapped to this width (after a 7-column indent: under 100 columns).
const FIX_WIDTH: usize = 90;

pub(crate) fn render(
    report: &Report,
    options: &RenderOptions<'_>,
    out: &mut dyn Write,
) -> Result<(), RenderError> {
    let p = Painter {
        color: options.color,
    };
    let mut s = String::new();
    header(report, &p, &mut s);
    summary(report, &p, &mut s);
    accounts(report, &p, &mut s);
    failures(report, options, &p, &mut s);
    unknowns(report, &p, &mut s);
    suppressed(report, &p, &mut s);
    if options.show_pass {
        passes(report, &p, &mut s);
    }
    collection_errors(report, &p, &mut s);
    footer(report, options, &p, &mut s);
    out.write_all(s.as_bytes())
        .map_err(RenderError::io("terminal"))
}

fn header(report: &Report, p: &Painter, s: &mut String) {
    let t = &report.target;
    let mut line = p.bold(&format!("cloudward {}", report.tool_version));
    if let Some(account) = &t.account_id {
        let _ = write!(line, "  account {}", p.bold(account));
    }
    match t.regions.len() {
        0 => {}
        1 => {
            let _ = write!(line, "  region {}", t.regions[0]);
        }
        n if n <= 4 => {
            let _ = write!(line, "  regions {}", t.regions.join(", "));
        }
        n => {
            let _ = write!(line, "  {n} regions");
        }
    }
    let _ = writeln!(s, "{line}");
    let mut source = String::new();
    if !t.source.is_empty() {
        source.push_str(&t.source);
    }
    if let Some(at) = t.collected_at {
        if !source.is_empty() {
            source.push_str(", ");
        }
        let _ = write!(source, "collected {}", at.format("%Y-%m-%d %H:%M:%S UTC"));
    }
    if !source.is_empty() {
        let _ = writeln!(s, "{}", p.dim(&source));
    }
    s.push('\n');
}

fn counts_row(p: &Painter, label: String, c: &Counts) -> String {
    let cell = |n: usize, width: usize, color: Option<AnsiColor>| -> String {
        let text = format!(
            "{:>width$}",
            if n == 0 {
                "-".to_string()
            } else {
                n.to_string()
            }
        );
        match (n, color) {
            (0, _) => p.dim(&text),
            (_, Some(color)) => p.fg(color, &text),
            (_, None) => text,
        }
    };
    format!(
        "  {label}  {}  {}  {}  {}",
        cell(c.fail, 4, Some(AnsiColor::Red)),
        cell(c.unknown, 7, Some(AnsiColor::Yellow)),
        cell(c.suppressed, 10, None),
        cell(c.pass, 4, Some(AnsiColor::Green)),
    )
}

fn summary(report: &Report, p: &Painter, s: &mut String) {
    let sum = report.summary();
    let _ = writeln!(s, "{}", p.bold("Summary"));
    if sum.total.evaluated() == 0 {
        let _ = writeln!(s, "  no rule judged any resource\n");
        return;
    }
    let width = sum
        .by_service
        .keys()
        .map(String::len)
        .chain([SEV_WIDTH, "severity".len()])
        .max()
        .unwrap_or(SEV_WIDTH);
    let head = format!("  {:<width$}  fail  unknown  suppressed  pass", "severity");
    let _ = writeln!(s, "{}", p.dim(&head));
    for (sev, c) in sum.by_severity.iter().rev() {
        if c.evaluated() == 0 {
            continue;
        }
        let label = format!(
            "{}{}",
            p.severity(*sev, SEV_WIDTH),
            " ".repeat(width - SEV_WIDTH)
        );
        let _ = writeln!(s, "{}", counts_row(p, label, c));
    }
    let _ = writeln!(
        s,
        "{}",
        counts_row(p, p.bold(&format!("{:<width$}", "total")), &sum.total)
    );
    s.push('\n');
    let head = format!("  {:<width$}  fail  unknown  suppressed  pass", "service");
    let _ = writeln!(s, "{}", p.dim(&head));
    for (service, c) in &sum.by_service {
        if c.evaluated() == 0 {
            continue;
        }
        let _ = writeln!(s, "{}", counts_row(p, format!("{service:<width$}"), c));
    }
    s.push('\n');
}

/// Consecutive findings of one rule (findings are in report order).
fn by_rule<'a>(findings: impl Iterator<Item = &'a Finding>) -> Vec<Vec<&'a Finding>> {
    let mut groups: Vec<Vec<&Finding>> = Vec::new();
    for f in findings {
        match groups.last_mut() {
            Some(g) if g[0].rule_id == f.rule_id => g.push(f),
            _ => groups.push(vec![f]),
        }
    }
    groups
}

fn rule_heading(p: &Painter, f: &Finding, count: usize, s: &mut String) {
    let n = if count == 1 {
        "1 resource".to_string()
    } else {
        format!("{count} resources")
    };
    let _ = writeln!(
        s,
        "{}  {}  {}  {}",
        p.severity(f.severity, SEV_WIDTH),
        p.bold(&f.rule_id),
        f.title,
        p.dim(&format!("({n})"))
    );
}

fn failures(report: &Report, options: &RenderOptions<'_>, p: &Painter, s: &mut String) {
    let groups = by_rule(report.with_status(Status::Fail));
    let total: usize = groups.iter().map(Vec::len).sum();
    if total == 0 {
        let _ = writeln!(s, "{}\n", p.bold("No failures."));
        return;
    }
    let _ = writeln!(s, "{}\n", p.bold(&format!("Failures ({total})")));
    for group in groups {
        let first = group[0];
        rule_heading(p, first, group.len(), s);
        for f in &group {
            match &f.location {
                Some(loc) => {
                    let _ = writeln!(
                        s,
                        "  {}: {}[{}] {}: {}",
                        p.bold(&location_label(loc)),
                        p.severity(f.severity, 0),
                        f.rule_id,
                        f.resource_id,
                        f.message
                    );
                    excerpt(options, p, &loc.path, loc.line, loc.column, s);
                }
                None => {
                    let mut context = Vec::new();
                    if let Some(r) = f.region.as_deref().filter(|r| !f.resource_id.contains(r)) {
                        context.push(r.to_string());
                    }
                    if let Some(a) = account_of(report, f).filter(|a| !f.resource_id.contains(a)) {
                        context.push(format!("account {a}"));
                    }
                    let context = if context.is_empty() {
                        String::new()
                    } else {
                        format!("  ({})", context.join(", "))
                    };
                    let _ = writeln!(
                        s,
                        "  {} {}{}",
                        p.fg(AnsiColor::Red, "✗"),
                        f.resource_id,
                        p.dim(&context)
                    );
                    let _ = writeln!(s, "    {}", f.message);
                }
            }
        }
        fix(report, first, p, s);
        s.push('\n');
    }
}

fn excerpt(
    options: &RenderOptions<'_>,
    p: &Painter,
    path: &str,
    line: u32,
    column: u32,
    s: &mut String,
) {
    let Some(source) = options.source else { return };
    let Some(text) = source.line(path, line) else {
        return;
    };
    let number = line.to_string();
    let gutter = " ".repeat(number.len());
    let text = text.replace('\t', "    ");
    let _ = writeln!(s, "   {gutter} {}", p.dim("|"));
    let _ = writeln!(
        s,
        "   {} {} {}",
        p.dim(&number),
        p.dim("|"),
        text.trim_end()
    );
    if column > 0 {
        let pad = " ".repeat(column as usize - 1);
        let _ = writeln!(
            s,
            "   {gutter} {} {pad}{}",
            p.dim("|"),
            p.fg(AnsiColor::Red, "^")
        );
    }
}

fn fix(report: &Report, f: &Finding, p: &Painter, s: &mut String) {
    let label = p.fg(AnsiColor::Green, "fix");
    let Some(meta) = report.rule(&f.rule_id) else {
        let _ = writeln!(s, "  {label}  cloudward explain {}", f.rule_id);
        return;
    };
    let console = first_line(meta.remediation.console);
    let cli = first_line(meta.remediation.cli);
    let mut lines = Vec::new();
    lines.extend(wrap(console, FIX_WIDTH));
    // A CLI text that opens with a comment ("cannot be done from the CLI; verify with: ...")
    // has no one-line fix; `explain` prints it whole.
    if !cli.is_empty() && !cli.starts_with('#') {
        lines.push(format!("$ {cli}"));
    }
    lines.push(p.dim(&format!("more: cloudward explain {}", meta.id)));
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            let _ = writeln!(s, "  {label}  {line}");
        } else {
            let _ = writeln!(s, "       {line}");
        }
    }
}

fn unknowns(report: &Report, p: &Painter, s: &mut String) {
    let groups = by_rule(report.with_status(Status::Unknown));
    let total: usize = groups.iter().map(Vec::len).sum();
    if total == 0 {
        return;
    }
    let _ = writeln!(
        s,
        "{} {}\n",
        p.paint(
            Style::new()
                .bold()
                .fg_color(Some(Color::Ansi(AnsiColor::Yellow))),
            &format!("Could not be checked ({total})")
        ),
        p.dim("-- not a pass: fix access or inputs and re-scan")
    );
    for group in groups {
        rule_heading(p, group[0], group.len(), s);
        for f in group {
            let _ = writeln!(s, "  {} {}", p.fg(AnsiColor::Yellow, "?"), place(report, f));
            let _ = writeln!(s, "    {}", f.message);
        }
        s.push('\n');
    }
}

fn suppressed(report: &Report, p: &Painter, s: &mut String) {
    let list: Vec<&Finding> = report.with_status(Status::Suppressed).collect();
    if list.is_empty() {
        return;
    }
    let _ = writeln!(s, "{}\n", p.bold(&format!("Suppressed ({})", list.len())));
    for f in list {
        let _ = writeln!(
            s,
            "{}  {}  {}",
            p.severity(f.severity, SEV_WIDTH),
            p.bold(&f.rule_id),
            place(report, f)
        );
        let _ = writeln!(
            s,
            "  {} {}",
            p.dim("reason:"),
            f.suppression.as_deref().unwrap_or("(none given)")
        );
    }
    s.push('\n');
}

fn passes(report: &Report, p: &Painter, s: &mut String) {
    let groups = by_rule(report.with_status(Status::Pass));
    let total: usize = groups.iter().map(Vec::len).sum();
    if total == 0 {
        return;
    }
    let _ = writeln!(s, "{}\n", p.bold(&format!("Passed ({total})")));
    for group in groups {
        rule_heading(p, group[0], group.len(), s);
        for f in group {
            let _ = writeln!(
                s,
                "  {} {}  {}",
                p.fg(AnsiColor::Green, "✓"),
                place(report, f),
                p.dim(&f.message)
            );
        }
        s.push('\n');
    }
}

/// Collection error messages (SDK error chains can run to kilobytes) are cut to one line of
/// this many characters; JSON, CSV and SARIF carry them whole.
const MESSAGE_WIDTH: usize = 110;

/// The first line of `text`, cut at `width` characters with an ellipsis.
fn clip(text: &str, width: usize) -> String {
    let line = text.lines().next().unwrap_or("");
    if line.chars().count() <= width && !text.contains('\n') {
        return line.to_string();
    }
    let cut: String = line.chars().take(width.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// A resource as one line: the id, followed by `path:line:col` for code, and by the account
/// in an organization report when the id does not name it.
fn place(report: &Report, f: &Finding) -> String {
    let mut line = match &f.location {
        Some(loc) => format!("{}  {}", f.resource_id, location_label(loc)),
        None => f.resource_id.clone(),
    };
    if let Some(account) = account_of(report, f).filter(|a| !f.resource_id.contains(a)) {
        let _ = write!(line, "  (account {account})");
    }
    line
}

/// The account to name beside a finding: only in an organization report, where findings of
/// many accounts sit side by side.
fn account_of<'a>(report: &Report, f: &'a Finding) -> Option<&'a str> {
    if report.accounts.is_empty() {
        None
    } else {
        f.account.as_deref()
    }
}

/// The per-account table of an organization scan: one row per account with its verdicts, and
/// the reason for every account that could not be scanned.
fn accounts(report: &Report, p: &Painter, s: &mut String) {
    if report.accounts.is_empty() {
        return;
    }
    let not_scanned = report.accounts.iter().filter(|a| a.error.is_some()).count();
    let mut title = format!("Accounts ({})", report.accounts.len());
    if not_scanned > 0 {
        let _ = write!(title, ", {not_scanned} not scanned");
    }
    let _ = writeln!(s, "{}", p.bold(&title));
    let width = report
        .accounts
        .iter()
        .map(|a| a.account_id.chars().count() + 2 + a.name.chars().count())
        .chain(["account".len()])
        .max()
        .unwrap_or(12)
        .min(60);
    let head = format!("  {:<width$}  fail  unknown  suppressed  pass", "account");
    let _ = writeln!(s, "{}", p.dim(&head));
    for a in &report.accounts {
        let label = clip(&format!("{}  {}", a.account_id, a.name), width);
        let label = format!("{label:<width$}");
        let _ = writeln!(s, "{}", counts_row(p, label, &a.counts));
        if !a.ou_path.is_empty() {
            let _ = writeln!(s, "    {}", p.dim(&clip(&a.ou_path, MESSAGE_WIDTH)));
        }
        if let Some(error) = &a.error {
            let _ = writeln!(
                s,
                "    {} {}",
                p.fg(AnsiColor::Yellow, "not scanned:"),
                clip(error, MESSAGE_WIDTH)
            );
        }
    }
    s.push('\n');
}

fn collection_errors(report: &Report, p: &Painter, s: &mut String) {
    let errors = &report.collection_errors;
    if errors.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "{} {}\n",
        p.paint(
            Style::new()
                .bold()
                .fg_color(Some(Color::Ansi(AnsiColor::Yellow))),
            &format!("Collection errors ({})", errors.len())
        ),
        p.dim("-- calls that failed; the rules over what they would have read are Unknown")
    );
    let rows: Vec<[String; 4]> = errors
        .iter()
        .map(|e| {
            let kind = e.kind.as_str().to_string();
            [
                match &e.account {
                    Some(account) => format!("{account} {}", e.service),
                    None => e.service.clone(),
                },
                e.region.clone().unwrap_or_else(|| "global".into()),
                e.api.clone(),
                kind,
            ]
        })
        .collect();
    let heads = if errors.iter().any(|e| e.account.is_some()) {
        ["account service", "region", "api", "error"]
    } else {
        ["service", "region", "api", "error"]
    };
    let mut widths = heads.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let fmt_row = |cells: [&str; 4]| -> String {
        format!(
            "  {:<w0$}  {:<w1$}  {:<w2$}  {:<w3$}",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        )
    };
    let _ = writeln!(s, "{}", p.dim(fmt_row(heads).trim_end()));
    for (row, e) in rows.iter().zip(errors) {
        let line = fmt_row([&row[0], &row[1], &row[2], &row[3]]);
        let _ = writeln!(s, "{}", line.trim_end());
        let _ = writeln!(s, "    {}", p.dim(&clip(&e.message, MESSAGE_WIDTH)));
        for part in e.scope_parts() {
            let _ = writeln!(s, "    {}", p.dim(&clip(&part, MESSAGE_WIDTH)));
        }
    }
    s.push('\n');
}

fn footer(report: &Report, options: &RenderOptions<'_>, p: &Painter, s: &mut String) {
    let c = report.summary().total;
    let mut parts = vec![
        p.fg(AnsiColor::Red, &format!("{} failed", c.fail)),
        p.fg(
            AnsiColor::Yellow,
            &format!("{} could not be checked", c.unknown),
        ),
        format!("{} suppressed", c.suppressed),
        p.fg(AnsiColor::Green, &format!("{} passed", c.pass)),
    ];
    if !report.collection_errors.is_empty() {
        parts.push(format!(
            "{} collection errors",
            report.collection_errors.len()
        ));
    }
    let _ = writeln!(s, "{}", parts.join(", "));
    if report.collection_errors.iter().any(|e| {
        clip(&e.message, MESSAGE_WIDTH) != e.message
            || e.scope_parts()
                .iter()
                .any(|part| clip(part, MESSAGE_WIDTH) != *part)
    }) {
        let _ = writeln!(
            s,
            "{}",
            p.dim("(long error messages are cut here; --format json has them in full)")
        );
    }
    if !options.show_pass && c.pass > 0 {
        let _ = writeln!(
            s,
            "{}",
            p.dim("(passes are counted above; list them with --show-pass)")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::{AccountSummary, Target};
    use crate::summary::Counts;
    use cloudward_model::CollectionError;

    fn org_report() -> Report {
        let mut failing = cloudward_model::test_support::finding(Severity::High, Status::Fail);
        failing.account = Some("111111111111".into());
        let mut unknown = cloudward_model::test_support::finding(Severity::High, Status::Unknown);
        unknown.resource_id = "s3 buckets in global (not listed)".into();
        unknown.account = Some("222222222222".into());
        let error = CollectionError {
            account: Some("222222222222".into()),
            service: "sts".into(),
            api: "AssumeRole".into(),
            message: "could not assume the role: AccessDenied".into(),
            ..Default::default()
        };
        Report::new(
            vec![failing, unknown],
            vec![error],
            vec![],
            Target::default(),
            "0",
        )
        .with_accounts(vec![
            AccountSummary {
                account_id: "222222222222".into(),
                name: "denied".into(),
                error: Some("could not assume the role: AccessDenied".into()),
                counts: Counts {
                    unknown: 1,
                    ..Counts::default()
                },
                ..AccountSummary::default()
            },
            AccountSummary {
                account_id: "111111111111".into(),
                name: "prod".into(),
                ou_path: "Root/Prod".into(),
                resources: 1,
                counts: Counts {
                    fail: 1,
                    ..Counts::default()
                },
                ..AccountSummary::default()
            },
        ])
    }

    fn text(report: &Report) -> String {
        let mut out = Vec::new();
        render(
            report,
            &RenderOptions {
                color: false,
                show_pass: false,
                source: None,
            },
            &mut out,
        )
        .expect("renders");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn an_organization_report_summarises_accounts_and_names_them_on_findings() {
        let text = text(&org_report());
        assert!(text.contains("Accounts (2), 1 not scanned"), "{text}");
        let prod = text.find("111111111111  prod").expect("prod row");
        let denied = text.find("222222222222  denied").expect("denied row");
        assert!(prod < denied, "sorted by account id:\n{text}");
        assert!(text.contains("    Root/Prod"), "{text}");
        assert!(
            text.contains("not scanned: could not assume the role: AccessDenied"),
            "{text}"
        );
        // The ARN of the failing bucket names no account, so the line does.
        assert!(
            text.contains("arn:aws:s3:::b  (account 111111111111)"),
            "{text}"
        );
        assert!(
            text.contains("s3 buckets in global (not listed)  (account 222222222222)"),
            "{text}"
        );
        assert!(text.contains("account service"), "{text}");
        assert!(text.contains("222222222222 sts"), "{text}");
    }

    #[test]
    fn a_one_account_report_has_no_account_table_or_labels() {
        let mut report = org_report();
        report.accounts.clear();
        for e in &mut report.collection_errors {
            e.account = None;
        }
        let text = text(&report);
        assert!(!text.contains("Accounts ("), "{text}");
        assert!(!text.contains("(account "), "{text}");
        assert!(!text.contains("account service"), "{text}");
    }

    #[test]
    fn clip_keeps_short_lines_and_cuts_long_or_multiline_ones() {
        assert_eq!(clip("AccessDenied", 20), "AccessDenied");
        assert_eq!(clip("abcdefghij", 5), "abcd…");
        assert_eq!(clip("first\nsecond", 20), "first…");
        assert_eq!(clip("éééééé", 4), "ééé…");
    }
}
