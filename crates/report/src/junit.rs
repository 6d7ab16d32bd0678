//! `--format junit`: JUnit XML for CI test dashboards (GitLab, Jenkins, Azure DevOps).
//!
//! One `<testsuite>` per rule (most severe first), one `<testcase>` per resource:
//! - Fail: `<failure message=evidence type=severity>` with the resource and the fix;
//! - Unknown: `<skipped message="could not be checked: reason">`;
//! - Suppressed: `<skipped message="suppressed: justification">`;
//! - Pass: an empty test case; not-applicable findings are left out.
//!
//! Collection errors form a last suite, `cloudward.collection`, one `<error>` each: the
//! checks they prevented are the Unknowns above, and the dashboard should show why.

use std::io::Write;

use cloudward_model::{Finding, Status};

use crate::report::Report;
use crate::text::{first_line, location_label, xml_escape as esc};
use crate::RenderError;

#[derive(Default)]
struct Tally {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

pub(crate) fn render(report: &Report, out: &mut dyn Write) -> Result<(), RenderError> {
    let findings: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.status != Status::NotApplicable)
        .collect();
    // Findings are in report order, so each rule's findings are contiguous.
    let mut suites: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for f in findings {
        match suites.last_mut() {
            Some((id, list)) if *id == f.rule_id => list.push(f),
            _ => suites.push((&f.rule_id, vec![f])),
        }
    }

    let mut body = String::new();
    let mut total = Tally::default();
    for (rule_id, list) in &suites {
        let mut tally = Tally::default();
        let mut cases = String::new();
        let first = list[0];
        for f in list {
            tally.tests += 1;
            let name = match &f.location {
                Some(loc) => format!("{} ({})", f.resource_id, location_label(loc)),
                None => f.resource_id.clone(),
            };
            let open = format!(
                "    <testcase name=\"{}\" classname=\"{}.{}\"",
                esc(&name),
                esc(&f.service),
                esc(rule_id)
            );
            if matches!(f.status, Status::Pass | Status::NotApplicable) {
                cases.push_str(&open);
                cases.push_str("/>\n");
                continue;
            }
            cases.push_str(&open);
            cases.push_str(">\n");
            match f.status {
                Status::Fail => {
                    tally.failures += 1;
                    cases.push_str(&format!(
                        "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                        esc(&f.message),
                        f.severity,
                        esc(&failure_text(report, f))
                    ));
                }
                Status::Unknown => {
                    tally.skipped += 1;
                    cases.push_str(&format!(
                        "      <skipped message=\"could not be checked: {}\"/>\n",
                        esc(&f.message)
                    ));
                }
                Status::Suppressed => {
                    tally.skipped += 1;
                    cases.push_str(&format!(
                        "      <skipped message=\"suppressed: {}\"/>\n",
                        esc(f.suppression.as_deref().unwrap_or(""))
                    ));
                }
                Status::Pass | Status::NotApplicable => {}
            }
            cases.push_str("    </testcase>\n");
        }
        body.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
            esc(rule_id),
            tally.tests,
            tally.failures,
            tally.skipped
        ));
        body.push_str("    <properties>\n");
        for (name, value) in [
            ("title", &*first.title),
            ("severity", first.severity.as_str()),
            ("service", &*first.service),
        ] {
            body.push_str(&format!(
                "      <property name=\"{name}\" value=\"{}\"/>\n",
                esc(value)
            ));
        }
        body.push_str("    </properties>\n");
        body.push_str(&cases);
        body.push_str("  </testsuite>\n");
        total.tests += tally.tests;
        total.failures += tally.failures;
        total.skipped += tally.skipped;
    }

    if !report.collection_errors.is_empty() {
        let n = report.collection_errors.len();
        body.push_str(&format!(
            "  <testsuite name=\"cloudward.collection\" tests=\"{n}\" failures=\"0\" errors=\"{n}\" skipped=\"0\">\n"
        ));
        for e in &report.collection_errors {
            let region = e.region.as_deref().unwrap_or("global");
            let kind = e.kind.as_str();
            body.push_str(&format!(
                "    <testcase name=\"{}:{} in {}\" classname=\"cloudward.collection\">\n      <error message=\"{}\" type=\"{}\"/>\n    </testcase>\n",
                esc(&e.service),
                esc(&e.api),
                esc(region),
                esc(&e.message),
                esc(kind)
            ));
        }
        body.push_str("  </testsuite>\n");
        total.tests += n;
        total.errors += n;
    }

    let doc = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cloudward\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n{body}</testsuites>\n",
        total.tests, total.failures, total.errors, total.skipped
    );
    out.write_all(doc.as_bytes())
        .map_err(RenderError::io("junit"))
}

fn failure_text(report: &Report, f: &Finding) -> String {
    let mut text = format!("{}\nresource: {}", f.message, f.resource_id);
    if let Some(region) = &f.region {
        text.push_str(&format!("\nregion: {region}"));
    }
    if !report.accounts.is_empty() {
        if let Some(account) = &f.account {
            text.push_str(&format!("\naccount: {account}"));
        }
    }
    if let Some(meta) = report.rule(&f.rule_id) {
        let console = first_line(meta.remediation.console);
        if !console.is_empty() {
            text.push_str(&format!("\nfix (console): {console}"));
        }
        let cli = first_line(meta.remediation.cli);
        if !cli.is_empty() {
            text.push_str(&format!("\nfix (cli): {cli}"));
        }
        text.push_str(&format!("\nmore: cloudward explain {}", meta.id));
    }
    text
}
