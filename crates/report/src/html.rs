//! `--format html`: one self-contained page for people: no CDN, no network, inline CSS and JS,
//! opened straight from disk (`file://`).
//!
//! Layout, top to bottom: what was scanned; the summary by status, severity and service; the
//! trend over the stored runs of the same target (an inline SVG drawn here); every finding,
//! filtered and searched in the page; the Unknowns grouped by reason; the collection errors;
//! detection alerts when the report carries them; the remediation of every rule that failed or
//! could not be checked. A report without rules (a `cloudward detect` run) shows its alerts
//! only.
//!
//! Why it is built this way:
//! - **Safe with hostile data.** Resource names, messages and tags come from the account or
//!   the code scanned. Everything written as HTML goes through [`esc`]; the findings travel
//!   as JSON in a `<script type="application/json">` block with `<`, `>`, `&`, U+2028 and
//!   U+2029 written as `\u` escapes (see [`script_json`]), so no string can close the block,
//!   and the page's script inserts them with `textContent`, never as markup. A
//!   Content-Security-Policy forbids every network fetch.
//! - **Fast with many findings.** The findings are one compact array (rules and messages
//!   interned) that the script filters in memory; only one page of rows ([`PAGE_ROWS`]) is in
//!   the DOM at a time, so 50,000 findings load as fast as 500.
//! - **Deterministic.** Nothing reads a clock: the same report gives the same bytes. The
//!   script reads the URL fragment (`#severity=high&status=fail`) for its initial filter, so
//!   a link can point at a view.
//! - **Printable.** Print CSS hides the controls and the script expands every section and
//!   lists every row of the current filter before printing.
//!
//! Caps, so a huge or hostile input cannot make the page unusable: Unknown reasons are
//! grouped and the [`MAX_UNKNOWN_GROUPS`] largest groups listed, collection errors and alerts
//! are listed up to [`MAX_TABLE_ROWS`] each (the rest counted), the trend draws at most
//! [`MAX_TREND_POINTS`] runs. The findings themselves are all embedded: the filter must see
//! every one.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write;

use chrono::SecondsFormat;
use cloudward_model::{Finding, RuleMeta, Severity, Status};
use serde_json::{json, Value};

use crate::report::{Report, TrendPoint};
use crate::summary::Counts;
use crate::text::{framework_labels, location_label};
use crate::RenderError;

/// Rows the page shows at a time (the script's page size).
pub(crate) const PAGE_ROWS: usize = 100;
/// Most Unknown groups (rule and reason) listed.
pub(crate) const MAX_UNKNOWN_GROUPS: usize = 200;
/// Most collection errors and most alerts listed.
pub(crate) const MAX_TABLE_ROWS: usize = 1000;
/// Most runs the trend chart draws (the latest).
pub(crate) const MAX_TREND_POINTS: usize = 100;

/// The statuses in the order the page lists them: what needs attention first.
const STATUS_ORDER: [Status; 5] = [
    Status::Fail,
    Status::Unknown,
    Status::Suppressed,
    Status::Pass,
    Status::NotApplicable,
];

pub(crate) fn render(report: &Report, out: &mut dyn Write) -> Result<(), RenderError> {
    let mut page = String::with_capacity(64 * 1024 + report.findings.len() * 160);
    write_page(report, &mut page);
    out.write_all(page.as_bytes())
        .map_err(RenderError::io("html"))
}

/// HTML-escape text for element content and quoted attribute values.
fn esc(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            c => s.push(c),
        }
    }
    s
}

/// JSON that is safe inside `<script type="application/json">`: `<`, `>` and `&` cannot
/// appear outside JSON strings, and inside them the `\u` escapes mean the same characters, so
/// the data is unchanged while `</script>` or `<!--` can never occur in the page. U+2028 and
/// U+2029 are escaped too, for any reader that treats the text as JavaScript.
fn script_json(value: &Value) -> String {
    let text = value.to_string();
    let mut s = String::with_capacity(text.len() + text.len() / 16);
    for c in text.chars() {
        match c {
            '<' => s.push_str("\\u003c"),
            '>' => s.push_str("\\u003e"),
            '&' => s.push_str("\\u0026"),
            '\u{2028}' => s.push_str("\\u2028"),
            '\u{2029}' => s.push_str("\\u2029"),
            c => s.push(c),
        }
    }
    s
}

fn status_label(status: Status) -> &'static str {
    match status {
        Status::Fail => "fail",
        Status::Unknown => "unknown",
        Status::Suppressed => "suppressed",
        Status::Pass => "pass",
        Status::NotApplicable => "n/a",
    }
}

fn count_of(counts: &Counts, status: Status) -> usize {
    match status {
        Status::Fail => counts.fail,
        Status::Unknown => counts.unknown,
        Status::Suppressed => counts.suppressed,
        Status::Pass => counts.pass,
        Status::NotApplicable => counts.not_applicable,
    }
}

fn write_page(report: &Report, s: &mut String) {
    // A report with no rules is a detect run's: its page is the alerts, even when none fired.
    let alerts_only = report.findings.is_empty() && report.rules.is_empty();
    let show_alerts = alerts_only || !report.alerts.is_empty();
    let title = format!("cloudward report: {}", report.target.source);
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\" data-js-errors=\"0\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        s,
        "<meta name=\"generator\" content=\"cloudward {}\">",
        esc(&report.tool_version)
    );
    let _ = writeln!(s, "<title>{}</title>", esc(&title));
    s.push_str("<style>\n");
    s.push_str(CSS);
    s.push_str("</style>\n");
    // First, so that an error anywhere later is caught and written where a test can read it.
    s.push_str("<script>\n");
    s.push_str(ERROR_TRAP);
    s.push_str("</script>\n</head>\n<body>\n");

    write_header(report, s, &title);
    s.push_str("<nav class=\"toc\">");
    let mut links: Vec<(&str, &str)> = Vec::new();
    if !alerts_only {
        links.extend([
            ("summary", "Summary"),
            ("trend", "Trend"),
            ("findings", "Findings"),
            ("unknowns", "Unknowns"),
        ]);
    }
    if !alerts_only {
        links.push(("errors", "Collection errors"));
    }
    if !alerts_only && !report.attack_paths.is_empty() {
        links.push(("paths", "Attack paths"));
    }
    if show_alerts {
        links.push(("alerts", "Detection alerts"));
    }
    if !alerts_only {
        links.push(("rules", "Remediation"));
    }
    for (id, label) in links {
        let _ = write!(s, "<a href=\"#{id}\" data-nav>{label}</a>");
    }
    s.push_str("</nav>\n<main>\n");
    if !alerts_only {
        write_summary(report, s);
        write_trend(&report.trend, s);
        write_findings(report, s);
        write_unknowns(report, s);
        write_errors(report, s);
        write_attack_paths(report, s);
    }
    if show_alerts {
        write_alerts(report, s);
    }
    if !alerts_only {
        write_rules(report, s);
    }
    s.push_str("</main>\n");
    let _ = writeln!(
        s,
        "<footer>Generated by cloudward {}. Unknown means could not be checked: it is never counted as a pass.</footer>",
        esc(&report.tool_version)
    );
    if !alerts_only {
        s.push_str("<script type=\"application/json\" id=\"cw-data\">");
        s.push_str(&script_json(&data(report)));
        s.push_str("</script>\n");
    }
    s.push_str("<script>\n");
    s.push_str(APP);
    s.push_str("</script>\n</body>\n</html>\n");
}

fn write_header(report: &Report, s: &mut String, title: &str) {
    let t = &report.target;
    let _ = writeln!(
        s,
        "<header>\n<h1>{}</h1>\n<dl class=\"target\">",
        esc(title)
    );
    let mut row = |label: &str, value: &str| {
        let _ = writeln!(s, "<div><dt>{label}</dt><dd>{}</dd></div>", esc(value));
    };
    row("Source", &t.source);
    if let Some(account) = &t.account_id {
        row("Account", account);
    }
    if !t.regions.is_empty() {
        row("Regions", &t.regions.join(", "));
    }
    if let Some(at) = t.collected_at {
        row("Collected", &at.to_rfc3339_opts(SecondsFormat::Secs, true));
    }
    row("cloudward", &report.tool_version);
    s.push_str("</dl>\n</header>\n");
}

fn write_summary(report: &Report, s: &mut String) {
    let summary = report.summary();
    let total = summary.total;
    s.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n");
    for status in STATUS_ORDER {
        let n = count_of(&total, status);
        let what = match status {
            Status::Fail => "failed",
            Status::Unknown => "could not be checked",
            Status::Suppressed => "suppressed",
            Status::Pass => "passed",
            Status::NotApplicable => "did not apply",
        };
        let _ = writeln!(
            s,
            "<div class=\"card st-{}\" data-total-status=\"{}\"><b>{n}</b><span>{what}</span></div>",
            status.as_str(),
            status.as_str()
        );
    }
    s.push_str("</div>\n");
    let omitted: usize = report.omitted.iter().map(|o| o.count).sum();
    if omitted > 0 {
        let _ = writeln!(
            s,
            "<p class=\"note\">{omitted} passing or not-applicable findings are counted but not listed.</p>"
        );
    }
    s.push_str("<div class=\"two\">\n");
    let severities: Vec<(String, Counts)> = summary
        .by_severity
        .iter()
        .rev()
        .map(|(sev, c)| (sev.as_str().to_string(), *c))
        .collect();
    counts_table(s, "By severity", "severity", &severities);
    let services: Vec<(String, Counts)> = summary
        .by_service
        .iter()
        .map(|(svc, c)| (svc.clone(), *c))
        .collect();
    counts_table(s, "By service", "service", &services);
    s.push_str("</div>\n");
    write_accounts(report, s);
    s.push_str("</section>\n");
}

/// The per-account table of an organization scan: each account's verdicts, OU path, and why
/// it could not be scanned.
fn write_accounts(report: &Report, s: &mut String) {
    if report.accounts.is_empty() {
        return;
    }
    s.push_str(
        "<table class=\"counts\" data-counts=\"account\">\n<caption>By account</caption>\n<thead><tr><th>Account</th><th>OU</th><th>Fail</th><th>Unknown</th><th>Suppressed</th><th>Pass</th><th>Not scanned</th></tr></thead>\n<tbody>\n",
    );
    for a in &report.accounts {
        let c = &a.counts;
        let _ = writeln!(
            s,
            "<tr data-key=\"{}\"><th>{} {}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&a.account_id),
            esc(&a.account_id),
            esc(&a.name),
            esc(&a.ou_path),
            c.fail,
            c.unknown,
            c.suppressed,
            c.pass,
            esc(a.error.as_deref().unwrap_or(""))
        );
    }
    s.push_str("</tbody>\n</table>\n");
}

/// A table of counts per key; each key links to the findings filtered by it.
fn counts_table(s: &mut String, caption: &str, key: &str, rows: &[(String, Counts)]) {
    let _ = writeln!(
        s,
        "<table class=\"counts\" data-counts=\"{key}\">\n<caption>{caption}</caption>\n<thead><tr><th>{}</th><th>Fail</th><th>Unknown</th><th>Suppressed</th><th>Pass</th></tr></thead>\n<tbody>",
        if key == "severity" { "Severity" } else { "Service" }
    );
    if rows.is_empty() {
        s.push_str("<tr><td colspan=\"5\" class=\"note\">No findings.</td></tr>\n");
    }
    for (name, c) in rows {
        let name = esc(name);
        let cell = |n: usize, status: &str| {
            if n == 0 {
                "<td class=\"zero\">0</td>".to_string()
            } else {
                format!(
                    "<td class=\"st-{status}\"><a href=\"#{key}={name}&amp;status={status}\">{n}</a></td>"
                )
            }
        };
        let label = if key == "severity" {
            format!("<span class=\"sev sev-{name}\">{name}</span>")
        } else {
            name.clone()
        };
        let _ = writeln!(
            s,
            "<tr data-key=\"{name}\"><th><a href=\"#{key}={name}\">{label}</a></th>{}{}{}{}</tr>",
            cell(c.fail, "fail"),
            cell(c.unknown, "unknown"),
            cell(c.suppressed, "suppressed"),
            cell(c.pass, "pass"),
        );
    }
    s.push_str("</tbody>\n</table>\n");
}

/// The trend chart: failures and unknowns per recorded run, oldest left. Coordinates are
/// computed here with fixed rounding, so the SVG is as deterministic as the rest.
fn write_trend(trend: &[TrendPoint], s: &mut String) {
    s.push_str("<section id=\"trend\">\n<h2>Trend</h2>\n");
    let points = &trend[trend.len().saturating_sub(MAX_TREND_POINTS)..];
    if points.len() < 2 {
        let why = if points.is_empty() {
            "No history yet: no run of this target is recorded (the run history is off with --no-store, or empty)."
        } else {
            "No history yet: this is the first recorded run of this target. The chart appears from the second run."
        };
        let _ = writeln!(
            s,
            "<p class=\"note\" id=\"trend-empty\" data-points=\"{}\">{why}</p>\n</section>",
            points.len()
        );
        return;
    }
    const W: f64 = 760.0;
    const H: f64 = 220.0;
    const LEFT: f64 = 48.0;
    const RIGHT: f64 = 16.0;
    const TOP: f64 = 16.0;
    const BOTTOM: f64 = 36.0;
    let max = points
        .iter()
        .map(|p| p.counts.fail.max(p.counts.unknown))
        .max()
        .unwrap_or(0)
        .max(1);
    let max = nice_ceiling(max);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let step = plot_w / (points.len() - 1) as f64;
    let x = |i: usize| LEFT + step * i as f64;
    let y = |v: usize| TOP + plot_h - plot_h * v as f64 / max as f64;
    let _ = writeln!(
        s,
        "<svg id=\"trend-chart\" data-points=\"{}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Failures and unknowns per run\" xmlns=\"http://www.w3.org/2000/svg\">",
        points.len()
    );
    for v in [0, max / 2, max] {
        let _ = writeln!(
            s,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/><text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{v}</text>",
            W - RIGHT,
            y(v),
            y(v),
            LEFT - 6.0,
            y(v) + 4.0
        );
    }
    // Date labels: first, last and up to four between, never overlapping.
    let labels = (points.len() - 1).min(5);
    let mut shown = Vec::new();
    for k in 0..=labels {
        let i = k * (points.len() - 1) / labels.max(1);
        if shown.last() != Some(&i) {
            shown.push(i);
        }
    }
    for i in shown {
        let anchor = if i == 0 {
            "start"
        } else if i == points.len() - 1 {
            "end"
        } else {
            "middle"
        };
        let _ = writeln!(
            s,
            "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            x(i),
            H - BOTTOM + 18.0,
            points[i].started_at.format("%Y-%m-%d %H:%M")
        );
    }
    for (class, value) in [
        ("fail", (|c: &Counts| c.fail) as fn(&Counts) -> usize),
        ("unknown", |c: &Counts| c.unknown),
    ] {
        let line: Vec<String> = points
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(value(&p.counts))))
            .collect();
        let _ = writeln!(
            s,
            "<polyline class=\"line-{class}\" fill=\"none\" points=\"{}\"/>",
            line.join(" ")
        );
        for (i, p) in points.iter().enumerate() {
            let _ = writeln!(
                s,
                "<circle class=\"dot-{class}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\"><title>run {} ({}): {} fail, {} unknown, {} pass</title></circle>",
                x(i),
                y(value(&p.counts)),
                p.run,
                p.started_at.to_rfc3339_opts(SecondsFormat::Secs, true),
                p.counts.fail,
                p.counts.unknown,
                p.counts.pass
            );
        }
    }
    s.push_str("</svg>\n<p class=\"legend\"><span class=\"key key-fail\"></span>failed <span class=\"key key-unknown\"></span>could not be checked");
    let first = &points[0];
    let last = &points[points.len() - 1];
    let _ = writeln!(
        s,
        " &middot; {} runs; failures {} &rarr; {}, unknowns {} &rarr; {}</p>\n</section>",
        points.len(),
        first.counts.fail,
        last.counts.fail,
        first.counts.unknown,
        last.counts.unknown
    );
}

/// The smallest of 1, 2, 5 × 10^k that is at least `n`, so axis labels are round numbers.
fn nice_ceiling(n: usize) -> usize {
    let mut base = 1usize;
    loop {
        for m in [1, 2, 5] {
            let v = base.saturating_mul(m);
            if v >= n || v == usize::MAX {
                return v;
            }
        }
        base = base.saturating_mul(10);
    }
}

fn write_findings(report: &Report, s: &mut String) {
    let total = report.findings.len();
    s.push_str("<section id=\"findings\">\n<h2>Findings</h2>\n");
    s.push_str(
        "<form class=\"controls\" id=\"filters\" autocomplete=\"off\" onsubmit=\"return false\">\n",
    );
    let select = |s: &mut String, id: &str, label: &str, options: &[(String, String)]| {
        let _ = write!(
            s,
            "<label>{label} <select id=\"f-{id}\" name=\"{id}\"><option value=\"\">any</option>"
        );
        for (value, text) in options {
            let _ = write!(s, "<option value=\"{}\">{}</option>", esc(value), esc(text));
        }
        s.push_str("</select></label>\n");
    };
    let severities: Vec<(String, String)> = Severity::ALL
        .iter()
        .rev()
        .map(|sev| (sev.as_str().to_string(), sev.as_str().to_string()))
        .collect();
    select(s, "severity", "Severity", &severities);
    let mut services: Vec<&str> = report.findings.iter().map(|f| f.service.as_ref()).collect();
    services.sort_unstable();
    services.dedup();
    let services: Vec<(String, String)> = services
        .iter()
        .map(|v| (v.to_string(), v.to_string()))
        .collect();
    select(s, "service", "Service", &services);
    let statuses: Vec<(String, String)> = STATUS_ORDER
        .iter()
        .map(|st| (st.as_str().to_string(), status_label(*st).to_string()))
        .collect();
    select(s, "status", "Status", &statuses);
    let mut rules: Vec<&str> = report.findings.iter().map(|f| f.rule_id.as_ref()).collect();
    rules.sort_unstable();
    rules.dedup();
    let rules: Vec<(String, String)> = rules
        .iter()
        .map(|v| (v.to_string(), v.to_string()))
        .collect();
    select(s, "rule", "Rule", &rules);
    s.push_str("<label class=\"grow\">Search <input type=\"search\" id=\"f-q\" name=\"q\" placeholder=\"resource, ARN, message, rule\"></label>\n<button type=\"button\" id=\"f-reset\">Reset</button>\n</form>\n");
    let _ = writeln!(
        s,
        "<p class=\"shown\" id=\"shown\" data-shown=\"{total}\" data-total=\"{total}\">Showing <b id=\"shown-count\">{total}</b> of {total} findings<span id=\"shown-by-status\"></span></p>"
    );
    s.push_str("<noscript><p class=\"note\">The findings list needs JavaScript. The summary, Unknowns, collection errors and remediation sections do not.</p></noscript>\n");
    s.push_str("<table class=\"findings\">\n<colgroup><col class=\"c-sev\"><col class=\"c-st\"><col class=\"c-rule\"><col class=\"c-res\"><col class=\"c-msg\"></colgroup>\n<thead><tr><th>Severity</th><th>Status</th><th>Rule</th><th>Resource</th><th>Evidence or reason</th></tr></thead>\n<tbody id=\"rows\"></tbody>\n</table>\n");
    s.push_str(
        "<p class=\"empty note\" id=\"no-rows\" hidden>No finding matches the filter.</p>\n",
    );
    let _ = writeln!(
        s,
        "<div class=\"pager\" data-page-rows=\"{PAGE_ROWS}\"><button type=\"button\" id=\"prev\">&larr; Previous</button> <span id=\"page-info\"></span> <button type=\"button\" id=\"next\">Next &rarr;</button></div>\n</section>"
    );
}

/// The findings as compact JSON for the page: rules and messages interned, one array per
/// finding, listed by status (fail, unknown, suppressed, pass, n/a) then report order.
fn data(report: &Report) -> Value {
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rules: Vec<Value> = Vec::new();
    for f in &report.findings {
        if !rule_index.contains_key(f.rule_id.as_ref()) {
            rule_index.insert(f.rule_id.as_ref(), rules.len());
            rules.push(json!([f.rule_id, f.title, f.severity.as_str(), f.service]));
        }
    }
    let mut message_index: HashMap<&str, usize> = HashMap::new();
    let mut messages: Vec<&str> = Vec::new();
    let mut ordered: Vec<&Finding> = report.findings.iter().collect();
    // Stable: within a status, the report order stays.
    ordered.sort_by_key(|f| STATUS_ORDER.iter().position(|s| *s == f.status));
    let findings: Vec<Value> = ordered
        .iter()
        .map(|f| {
            let message = *message_index.entry(f.message.as_ref()).or_insert_with(|| {
                messages.push(f.message.as_ref());
                messages.len() - 1
            });
            json!([
                rule_index.get(f.rule_id.as_ref()).copied().unwrap_or(0),
                f.status.as_str(),
                f.resource_id,
                f.resource_name,
                place(f),
                message,
                f.location.as_ref().map(location_label),
                f.suppression,
                f.attribute,
            ])
        })
        .collect();
    json!({ "rules": rules, "messages": messages, "findings": findings })
}

/// Unknown findings of one rule with one reason.
struct UnknownGroup<'a> {
    rule: &'a str,
    reason: &'a str,
    count: usize,
    example: &'a Finding,
}

/// Region and account, as one line.
fn place(f: &Finding) -> String {
    [f.region.as_deref(), f.account.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" \u{b7} ")
}

fn write_unknowns(report: &Report, s: &mut String) {
    let mut groups: BTreeMap<(&str, &str), (usize, &Finding)> = BTreeMap::new();
    for f in report.with_status(Status::Unknown) {
        groups
            .entry((f.rule_id.as_ref(), f.message.as_ref()))
            .or_insert((0, f))
            .0 += 1;
    }
    let total: usize = groups.values().map(|(n, _)| n).sum();
    let _ = writeln!(
        s,
        "<section id=\"unknowns\" data-unknowns=\"{total}\">\n<h2>Unknowns: could not be checked</h2>"
    );
    if groups.is_empty() {
        s.push_str("<p class=\"note\">Every check could be decided.</p>\n</section>\n");
        return;
    }
    s.push_str("<p class=\"note\">An Unknown is not a pass: the data needed to decide was missing. Grouped by rule and reason.</p>\n");
    let mut list: Vec<UnknownGroup<'_>> = groups
        .into_iter()
        .map(|((rule, reason), (count, example))| UnknownGroup {
            rule,
            reason,
            count,
            example,
        })
        .collect();
    // Largest first; the map's key order breaks ties.
    list.sort_by_key(|g| std::cmp::Reverse(g.count));
    s.push_str("<table class=\"unknowns\">\n<thead><tr><th>Rule</th><th>Reason</th><th>Resources</th><th>For example</th></tr></thead>\n<tbody>\n");
    for UnknownGroup {
        rule,
        reason,
        count: n,
        example,
    } in list.iter().take(MAX_UNKNOWN_GROUPS)
    {
        let _ = writeln!(
            s,
            "<tr><td><a href=\"#rule-{r}\">{r}</a></td><td>{}</td><td class=\"num\"><a href=\"#rule={r}&amp;status=unknown\">{n}</a></td><td class=\"res\">{}</td></tr>",
            esc(reason),
            esc(&example.resource_id),
            r = esc(rule),
        );
    }
    s.push_str("</tbody>\n</table>\n");
    if list.len() > MAX_UNKNOWN_GROUPS {
        let _ = writeln!(
            s,
            "<p class=\"note\">{} more groups not listed; filter the findings by status unknown to see every one.</p>",
            list.len() - MAX_UNKNOWN_GROUPS
        );
    }
    s.push_str("</section>\n");
}

fn write_errors(report: &Report, s: &mut String) {
    let errors = &report.collection_errors;
    let _ = writeln!(
        s,
        "<section id=\"errors\" data-errors=\"{}\">\n<h2>Collection errors</h2>",
        errors.len()
    );
    if errors.is_empty() {
        s.push_str("<p class=\"note\">Every call succeeded.</p>\n</section>\n");
        return;
    }
    s.push_str("<p class=\"note\">Calls that failed while collecting; the rules over what they would have read report Unknown.</p>\n");
    s.push_str("<table class=\"errors\">\n<thead><tr><th>Service</th><th>Region</th><th>API</th><th>Kind</th><th>Message</th><th>About</th></tr></thead>\n<tbody>\n");
    for e in errors.iter().take(MAX_TABLE_ROWS) {
        let mut about = e
            .subjects
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if e.subjects.len() > 5 {
            let _ = write!(about, " and {} more", e.subjects.len() - 5);
        }
        if e.not_called > 0 {
            if !about.is_empty() {
                about.push_str("; ");
            }
            let _ = write!(about, "{} later calls not made", e.not_called);
        }
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&e.service),
            esc(e.region.as_deref().unwrap_or("global")),
            esc(&e.api),
            esc(e.kind.as_str()),
            esc(&e.message),
            esc(&about)
        );
    }
    s.push_str("</tbody>\n</table>\n");
    if errors.len() > MAX_TABLE_ROWS {
        let _ = writeln!(
            s,
            "<p class=\"note\">{} more not listed (see the JSON report).</p>",
            errors.len() - MAX_TABLE_ROWS
        );
    }
    s.push_str("</section>\n");
}

/// Attack paths as lists of arrows: no diagram library, nothing fetched. A dashed, marked hop
/// is unverified and says why.
fn write_attack_paths(report: &Report, s: &mut String) {
    let paths = &report.attack_paths;
    if paths.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "<section id=\"paths\" data-paths=\"{}\">\n<h2>Attack paths</h2>",
        paths.len()
    );
    s.push_str("<p class=\"note\">From the internet through front doors, compute and roles to data. A dashed hop rests on a fact that could not be read: the path is possible, not verified.</p>\n");
    for p in paths.iter().take(MAX_TABLE_ROWS) {
        let severity = p
            .severity
            .map(|v| format!(" {}", v.as_str()))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "<article class=\"path\" data-path-status=\"{}\"><h3><span class=\"badge\">{}{}</span> {}</h3>\n<ol class=\"hops\">",
            p.status.as_str(),
            esc(status_label(p.status)),
            esc(&severity),
            esc(&p.title)
        );
        for h in &p.hops {
            let (class, mark) = match &h.unverified {
                Some(r) => (
                    " class=\"unverified\"",
                    format!(" <em>unverified: {}</em>", esc(r)),
                ),
                None => ("", String::new()),
            };
            let _ = writeln!(
                s,
                "<li{class}>{} &rarr; {} <code>{}</code> {}{mark}</li>",
                esc(&h.from),
                esc(&h.to),
                esc(&h.kind),
                esc(&h.why)
            );
        }
        s.push_str("</ol>\n");
        if !p.notes.is_empty() {
            s.push_str("<ul class=\"notes\">");
            for n in &p.notes {
                let _ = write!(s, "<li>{}</li>", esc(n));
            }
            s.push_str("</ul>\n");
        }
        s.push_str("</article>\n");
    }
    if paths.len() > MAX_TABLE_ROWS {
        let _ = writeln!(
            s,
            "<p class=\"note\">{} more not listed (see `cloudward paths --format json`).</p>",
            paths.len() - MAX_TABLE_ROWS
        );
    }
    s.push_str("</section>\n");
}

fn write_alerts(report: &Report, s: &mut String) {
    let alerts = &report.alerts;
    let _ = writeln!(
        s,
        "<section id=\"alerts\" data-alerts=\"{}\">\n<h2>Detection alerts</h2>",
        alerts.len()
    );
    if alerts.is_empty() {
        s.push_str(
            "<p class=\"note\">No alert: no rule matched the events read.</p>\n</section>\n",
        );
        return;
    }
    s.push_str("<table class=\"alerts\">\n<thead><tr><th>Severity</th><th>Alert</th><th>When</th><th>Who and from where</th><th>What</th><th>Do</th></tr></thead>\n<tbody>\n");
    for a in alerts.iter().take(MAX_TABLE_ROWS) {
        let when = if a.first_time == a.last_time {
            a.first_time.to_rfc3339_opts(SecondsFormat::Secs, true)
        } else {
            format!(
                "{} .. {}",
                a.first_time.to_rfc3339_opts(SecondsFormat::Secs, true),
                a.last_time.to_rfc3339_opts(SecondsFormat::Secs, true)
            )
        };
        let mut who = a.actor.clone().unwrap_or_else(|| "(unknown)".into());
        if !a.source_ips.is_empty() {
            let _ = write!(who, " from {}", a.source_ips.join(", "));
        }
        let events = if a.count == 1 { "event" } else { "events" };
        let mut what = esc(&a.event_names.join(", "));
        if let Some(outcome) = crate::alerts::outcome(a) {
            let _ = write!(
                what,
                "<br><small class=\"outcome\">{}</small>",
                esc(&outcome)
            );
        }
        let _ = writeln!(
            s,
            "<tr><td><span class=\"sev sev-{sev}\">{sev}</span></td><td><b>{}</b><br><small>{}</small></td><td>{} <small>({} {events})</small></td><td class=\"res\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&a.rule.title),
            esc(&a.rule.id),
            esc(&when),
            a.count,
            esc(&who),
            what,
            esc(&a.response),
            sev = a.severity.as_str(),
        );
    }
    s.push_str("</tbody>\n</table>\n");
    if alerts.len() > MAX_TABLE_ROWS {
        let _ = writeln!(
            s,
            "<p class=\"note\">{} more not listed (see the JSON output).</p>",
            alerts.len() - MAX_TABLE_ROWS
        );
    }
    s.push_str("</section>\n");
}

/// Remediation of every rule with a failing, unknown or suppressed finding, most severe first.
fn write_rules(report: &Report, s: &mut String) {
    let mut per_rule: BTreeMap<&str, Counts> = BTreeMap::new();
    for f in &report.findings {
        let c = per_rule.entry(f.rule_id.as_ref()).or_default();
        match f.status {
            Status::Fail => c.fail += 1,
            Status::Unknown => c.unknown += 1,
            Status::Suppressed => c.suppressed += 1,
            Status::Pass => c.pass += 1,
            Status::NotApplicable => c.not_applicable += 1,
        }
    }
    let mut rules: Vec<(&RuleMeta, Counts)> = per_rule
        .iter()
        .filter(|(_, c)| c.fail + c.unknown + c.suppressed > 0)
        .filter_map(|(id, c)| report.rule(id).map(|m| (m, *c)))
        .collect();
    rules.sort_by(|a, b| b.0.severity.cmp(&a.0.severity).then(a.0.id.cmp(b.0.id)));
    let _ = writeln!(
        s,
        "<section id=\"rules\" data-rules=\"{}\">\n<h2>Remediation</h2>",
        rules.len()
    );
    if rules.is_empty() {
        s.push_str("<p class=\"note\">No rule failed or was left unchecked.</p>\n</section>\n");
        return;
    }
    for (m, c) in rules {
        let _ = writeln!(
            s,
            "<details class=\"rule\" id=\"rule-{id}\">\n<summary><span class=\"sev sev-{sev}\">{sev}</span> <b>{}</b> <code>{id}</code> <span class=\"rule-counts\">{} fail, {} unknown, {} suppressed</span></summary>",
            esc(m.title),
            c.fail,
            c.unknown,
            c.suppressed,
            id = esc(m.id),
            sev = m.severity.as_str(),
        );
        let _ = writeln!(
            s,
            "<p><b>Checks:</b> {}</p>\n<p><b>Why:</b> {}</p>",
            esc(m.checks),
            esc(m.rationale)
        );
        for (label, text) in [
            ("Console", m.remediation.console),
            ("AWS CLI", m.remediation.cli),
            ("Terraform", m.remediation.terraform),
        ] {
            if !text.trim().is_empty() {
                let _ = writeln!(s, "<h4>{label}</h4>\n<pre>{}</pre>", esc(text.trim()));
            }
        }
        let frameworks = framework_labels(m);
        if !frameworks.is_empty() {
            let _ = writeln!(
                s,
                "<p><b>Frameworks:</b> {}</p>",
                esc(&frameworks.join(", "))
            );
        }
        if !m.references.is_empty() {
            s.push_str("<ul class=\"refs\">");
            for r in m.references {
                // Only web links become links; anything else is shown as text.
                if r.starts_with("https://") {
                    let _ = write!(
                        s,
                        "<li><a href=\"{0}\" rel=\"noreferrer\">{0}</a></li>",
                        esc(r)
                    );
                } else {
                    let _ = write!(s, "<li>{}</li>", esc(r));
                }
            }
            s.push_str("</ul>\n");
        }
        s.push_str("</details>\n");
    }
    s.push_str("</section>\n");
}

/// Installed before anything else: every uncaught error and `console.error` is counted on the
/// root element (`data-js-errors`) and its text kept (`data-js-error-text`), so a test reading
/// the DOM sees them.
const ERROR_TRAP: &str = r#"(function () {
  var root = document.documentElement;
  function note(text) {
    root.setAttribute('data-js-errors', String(Number(root.getAttribute('data-js-errors') || 0) + 1));
    root.setAttribute('data-js-error-text', String(text).slice(0, 500));
  }
  window.addEventListener('error', function (e) { note(e.message || 'error'); });
  window.addEventListener('unhandledrejection', function (e) { note(e.reason || 'rejection'); });
  document.addEventListener('securitypolicyviolation', function (e) { note('CSP: ' + e.violatedDirective); });
  var original = console.error;
  console.error = function () { note(Array.prototype.join.call(arguments, ' ')); return original.apply(console, arguments); };
})();
"#;

const CSS: &str = r#":root { --fail: #b42318; --unknown: #b54708; --suppressed: #5d6b98; --pass: #067647; --na: #667085;
  --line: #d0d5dd; --soft: #f2f4f7; --text: #101828; --muted: #475467; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--text); background: #fff; }
header, main, footer, nav.toc { max-width: 1320px; margin: 0 auto; padding: 0 20px; }
header h1 { font-size: 20px; margin: 16px 0 6px; overflow-wrap: anywhere; }
dl.target { display: flex; flex-wrap: wrap; gap: 4px 20px; margin: 0 0 8px; color: var(--muted); }
dl.target div { display: flex; gap: 6px; } dl.target dt { font-weight: 600; } dl.target dd { margin: 0; overflow-wrap: anywhere; }
nav.toc { position: sticky; top: 0; background: #fff; border-bottom: 1px solid var(--line); padding-top: 6px; padding-bottom: 6px; z-index: 2; display: flex; gap: 16px; flex-wrap: wrap; }
nav.toc a { color: var(--muted); text-decoration: none; font-weight: 600; } nav.toc a:hover { color: var(--text); }
section { margin: 18px 0 26px; } h2 { font-size: 17px; margin: 0 0 10px; } h4 { margin: 10px 0 4px; font-size: 13px; }
.cards { display: flex; gap: 10px; flex-wrap: wrap; margin-bottom: 12px; }
.card { border: 1px solid var(--line); border-left: 5px solid var(--na); border-radius: 6px; padding: 8px 14px; min-width: 150px; }
.card b { display: block; font-size: 24px; } .card span { color: var(--muted); }
.card.st-fail { border-left-color: var(--fail); } .card.st-unknown { border-left-color: var(--unknown); }
.card.st-suppressed { border-left-color: var(--suppressed); } .card.st-pass { border-left-color: var(--pass); }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; align-items: start; }
table { border-collapse: collapse; width: 100%; } caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--soft); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
table.counts td { text-align: right; width: 14%; } table.counts td a { color: inherit; font-weight: 600; }
td.zero { color: #98a2b3; } td.num { text-align: right; }
td.st-fail, .st-fail > b { color: var(--fail); } td.st-unknown { color: var(--unknown); } td.st-suppressed { color: var(--suppressed); } td.st-pass { color: var(--pass); }
.sev, .st { display: inline-block; white-space: nowrap; overflow-wrap: normal; border-radius: 4px; padding: 0 6px; font-size: 12px; font-weight: 600; text-transform: uppercase; color: #fff; background: var(--na); }
.sev-critical { background: #7a271a; } .sev-high { background: #d92d20; } .sev-medium { background: #dc6803; } .sev-low { background: #1570ef; } .sev-info { background: #667085; }
.st-b-fail { background: var(--fail); } .st-b-unknown { background: var(--unknown); } .st-b-suppressed { background: var(--suppressed); } .st-b-pass { background: var(--pass); } .st-b-not_applicable { background: var(--na); }
.note { color: var(--muted); }
.controls { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: end; padding: 10px; background: var(--soft); border-radius: 6px; }
.controls label { display: flex; flex-direction: column; font-size: 12px; font-weight: 600; color: var(--muted); }
.controls label.grow { flex: 1 1 240px; }
.controls select, .controls input, .controls button, .pager button { font: inherit; padding: 4px 6px; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
.controls select { max-width: 260px; }
.shown { margin: 8px 0; } .shown .by { margin-left: 10px; color: var(--muted); }
table.findings { table-layout: fixed; } col.c-sev { width: 96px; } col.c-st { width: 124px; } col.c-rule { width: 24%; } col.c-res { width: 28%; }
table.findings td { overflow-wrap: anywhere; } td small, .res { color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
td .rid { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.pager { display: flex; gap: 10px; align-items: center; margin: 10px 0; }
#trend-chart { width: 100%; max-width: 760px; height: auto; border: 1px solid var(--line); border-radius: 6px; }
#trend-chart .grid { stroke: #eaecf0; } #trend-chart .axis { font-size: 11px; fill: var(--muted); }
.line-fail { stroke: var(--fail); stroke-width: 2; } .line-unknown { stroke: var(--unknown); stroke-width: 2; stroke-dasharray: 5 3; }
.dot-fail { fill: var(--fail); } .dot-unknown { fill: var(--unknown); }
.legend .key { display: inline-block; width: 14px; height: 4px; margin: 0 4px 3px 8px; vertical-align: middle; }
.key-fail { background: var(--fail); } .key-unknown { background: var(--unknown); }
details.rule { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; margin: 6px 0; }
details.rule summary { cursor: pointer; } details.rule[open] summary { margin-bottom: 6px; }
.rule-counts { color: var(--muted); font-size: 12px; margin-left: 6px; }
pre { background: var(--soft); padding: 8px; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; margin: 0; }
code { font-size: 12px; }
footer { color: var(--muted); font-size: 12px; padding-bottom: 20px; }
:target { scroll-margin-top: 48px; }
@media (max-width: 900px) { .two { grid-template-columns: 1fr; } }
@media print {
  body { font-size: 10pt; } nav.toc, .controls, .pager, noscript, #f-reset { display: none !important; }
  header, main, footer { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; } tr, details.rule, .card { break-inside: avoid; }
  details.rule > * { display: block; } details::details-content { content-visibility: visible; display: contents; }
  .sev, .st { border: 1px solid #000; color: #000; background: none !important; }
  thead { display: table-header-group; }
}

.hops li.unverified { border-left: 2px dashed var(--unknown); padding-left: .4em; }
.hops code { font-size: .85em; }
"#;

/// The findings list: reads the data block, the URL fragment and the controls, filters the
/// data array and renders one page of rows with `textContent` only.
const APP: &str = r#"(function () {
  'use strict';
  var root = document.documentElement;
  var started = performance.now();
  var block = document.getElementById('cw-data');
  function done() {
    root.setAttribute('data-ready', '1');
    root.setAttribute('data-render-ms', String(Math.round(performance.now())));
    root.setAttribute('data-script-ms', String(Math.round(performance.now() - started)));
  }
  window.addEventListener('beforeprint', function () {
    var all = document.querySelectorAll('details');
    for (var i = 0; i < all.length; i++) all[i].open = true;
  });
  if (!block) { done(); return; }
  var D = JSON.parse(block.textContent);
  var R = D.rules, M = D.messages, F = D.findings;
  var PAGE = Number(document.querySelector('.pager').getAttribute('data-page-rows')) || 100;
  var STATUS = ['fail', 'unknown', 'suppressed', 'pass', 'not_applicable'];
  var LABEL = { fail: 'fail', unknown: 'unknown', suppressed: 'suppressed', pass: 'pass', not_applicable: 'n/a' };
  var KEYS = ['severity', 'service', 'status', 'rule', 'q'];
  var $ = function (id) { return document.getElementById(id); };
  var ctl = { severity: $('f-severity'), service: $('f-service'), status: $('f-status'), rule: $('f-rule'), q: $('f-q') };
  var state = { severity: '', service: '', status: '', rule: '', q: '' };
  var matched = [], page = 0, hay = null, printing = false;

  function readHash() {
    var h = location.hash.replace(/^#/, '');
    // A plain anchor (`#rule-...`) is navigation, not a filter: the filter stays.
    if (!h || h.indexOf('=') < 0) return false;
    for (var k = 0; k < KEYS.length; k++) state[KEYS[k]] = '';
    var parts = h.split('&');
    for (var i = 0; i < parts.length; i++) {
      var at = parts[i].indexOf('=');
      if (at < 0) continue;
      var key, value;
      try {
        key = decodeURIComponent(parts[i].slice(0, at));
        value = decodeURIComponent(parts[i].slice(at + 1).replace(/\+/g, ' '));
      } catch (e) { continue; }
      if (KEYS.indexOf(key) >= 0) state[key] = value;
    }
    return true;
  }
  function toControls() {
    for (var k = 0; k < KEYS.length; k++) {
      var key = KEYS[k], c = ctl[key];
      c.value = state[key];
      // A value the page does not offer (a typo in a link) selects nothing, not everything.
      if (c.value !== state[key] && c.tagName === 'SELECT') {
        var o = document.createElement('option');
        o.value = state[key]; o.textContent = state[key] + ' (none)';
        c.appendChild(o); c.value = state[key];
      }
    }
  }
  function writeHash() {
    var parts = [];
    for (var k = 0; k < KEYS.length; k++) {
      if (state[KEYS[k]]) parts.push(KEYS[k] + '=' + encodeURIComponent(state[KEYS[k]]));
    }
    try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search); } catch (e) { /* file:// in some browsers */ }
  }
  function text(i) {
    if (!hay) {
      hay = new Array(F.length);
      for (var j = 0; j < F.length; j++) {
        var f = F[j], r = R[f[0]];
        hay[j] = [r[0], r[1], f[2], f[3], f[4], M[f[5]], f[6] || '', f[7] || '', f[8] || ''].join('\n').toLowerCase();
      }
    }
    return hay[i];
  }
  function apply() {
    var q = state.q.trim().toLowerCase();
    var counts = { fail: 0, unknown: 0, suppressed: 0, pass: 0, not_applicable: 0 };
    matched = [];
    for (var i = 0; i < F.length; i++) {
      var f = F[i], r = R[f[0]];
      if (state.severity && r[2] !== state.severity) continue;
      if (state.service && r[3] !== state.service) continue;
      if (state.status && f[1] !== state.status) continue;
      if (state.rule && r[0] !== state.rule) continue;
      if (q && text(i).indexOf(q) < 0) continue;
      matched.push(i);
      counts[f[1]] = (counts[f[1]] || 0) + 1;
    }
    var shown = $('shown');
    shown.setAttribute('data-shown', String(matched.length));
    $('shown-count').textContent = String(matched.length);
    var by = $('shown-by-status');
    by.textContent = '';
    for (var s = 0; s < STATUS.length; s++) {
      var span = document.createElement('span');
      span.className = 'by';
      span.setAttribute('data-status', STATUS[s]);
      span.setAttribute('data-count', String(counts[STATUS[s]]));
      span.textContent = counts[STATUS[s]] + ' ' + LABEL[STATUS[s]];
      by.appendChild(span);
    }
    page = 0;
    draw();
  }
  function cell(tr, cls) { var td = document.createElement('td'); if (cls) td.className = cls; tr.appendChild(td); return td; }
  function add(parent, tag, cls, value) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    e.textContent = value;
    parent.appendChild(e);
    return e;
  }
  function row(i) {
    var f = F[i], r = R[f[0]];
    var tr = document.createElement('tr');
    tr.setAttribute('data-status', f[1]);
    tr.setAttribute('data-severity', r[2]);
    add(cell(tr), 'span', 'sev sev-' + r[2], r[2]);
    add(cell(tr), 'span', 'st st-b-' + f[1], LABEL[f[1]] || f[1]);
    var rule = cell(tr);
    var a = add(rule, 'a', 'rid', r[0]);
    a.href = '#rule-' + r[0];
    rule.appendChild(document.createElement('br'));
    add(rule, 'small', '', r[1]);
    var res = cell(tr);
    add(res, 'b', '', f[3]);
    res.appendChild(document.createElement('br'));
    add(res, 'small', 'rid', f[2]);
    if (f[4]) { res.appendChild(document.createElement('br')); add(res, 'small', '', f[4]); }
    if (f[6]) { res.appendChild(document.createElement('br')); add(res, 'small', 'rid', f[6]); }
    var msg = cell(tr, 'msg');
    add(msg, 'span', '', M[f[5]]);
    if (f[8]) { msg.appendChild(document.createElement('br')); add(msg, 'small', '', 'attribute: ' + f[8]); }
    if (f[7]) { msg.appendChild(document.createElement('br')); add(msg, 'small', '', 'suppressed: ' + f[7]); }
    return tr;
  }
  function draw() {
    var body = $('rows');
    var pages = Math.max(1, Math.ceil(matched.length / PAGE));
    if (page >= pages) page = pages - 1;
    var from = printing ? 0 : page * PAGE;
    var to = printing ? matched.length : Math.min(matched.length, from + PAGE);
    var frag = document.createDocumentFragment();
    for (var i = from; i < to; i++) frag.appendChild(row(matched[i]));
    body.textContent = '';
    body.appendChild(frag);
    $('no-rows').hidden = matched.length > 0;
    $('page-info').textContent = matched.length ? 'rows ' + (from + 1) + '\u2013' + to + ' of ' + matched.length + ' (page ' + (page + 1) + ' of ' + pages + ')' : '';
    $('prev').disabled = page === 0;
    $('next').disabled = page >= pages - 1;
  }
  function fromControls() {
    for (var k = 0; k < KEYS.length; k++) state[KEYS[k]] = ctl[KEYS[k]].value;
    apply();
    writeHash();
  }
  for (var k = 0; k < KEYS.length; k++) ctl[KEYS[k]].addEventListener(KEYS[k] === 'q' ? 'input' : 'change', fromControls);
  $('f-reset').addEventListener('click', function () { for (var k = 0; k < KEYS.length; k++) ctl[KEYS[k]].value = ''; fromControls(); });
  $('prev').addEventListener('click', function () { if (page > 0) { page--; draw(); } });
  $('next').addEventListener('click', function () { page++; draw(); });
  function openTarget() {
    var t = null;
    try { t = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { t = null; }
    if (t && t.tagName === 'DETAILS') { t.open = true; t.scrollIntoView(); }
  }
  window.addEventListener('hashchange', function () {
    if (readHash()) { toControls(); apply(); $('findings').scrollIntoView(); } else { openTarget(); }
  });
  window.addEventListener('beforeprint', function () { printing = true; draw(); });
  window.addEventListener('afterprint', function () { printing = false; draw(); });
  if (readHash()) toControls(); else openTarget();
  apply();
  done();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_block_and_still_parses_to_the_same_data() {
        let hostile = "</script><script>alert(1)</script> <!-- & \u{2028}\u{2029}";
        let value = json!({ "m": hostile });
        let text = script_json(&value);
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!text.contains(bad), "{bad:?} in {text}");
        }
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back, value);
    }

    #[test]
    fn an_organization_report_has_an_escaped_account_table() {
        // A report with findings (one with none and no rules is a detect run's alerts page).
        let finding = cloudward_model::test_support::finding(Severity::High, Status::Fail);
        let report = Report::new(
            vec![finding.clone()],
            vec![],
            vec![],
            Default::default(),
            "0",
        )
        .with_accounts(vec![crate::report::AccountSummary {
            account_id: "111111111111".into(),
            name: "<prod>".into(),
            error: Some("denied & more".into()),
            ..Default::default()
        }]);
        let mut page = String::new();
        write_page(&report, &mut page);
        assert!(page.contains("<caption>By account</caption>"));
        assert!(page.contains("111111111111 &lt;prod&gt;"));
        assert!(page.contains("denied &amp; more"));
        let one = Report::new(vec![finding], vec![], vec![], Default::default(), "0");
        let mut page = String::new();
        write_page(&one, &mut page);
        assert!(!page.contains("By account"));
    }

    #[test]
    fn esc_escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<a href="x" title='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn axis_tops_are_round() {
        let tops: Vec<usize> = [1, 2, 3, 6, 11, 99, 101, 4999].map(nice_ceiling).to_vec();
        assert_eq!(tops, [1, 2, 5, 10, 20, 100, 200, 5000]);
    }
}
