//! `--format csv`: one row per finding (passes included), RFC 4180 quoting by the `csv` crate,
//! then one row per collection error (status `collection_error`: a call that failed or an
//! input that was skipped, so that a spreadsheet of the run shows what was not read too).
//!
//! Columns are fixed and documented by the header row; new columns are only ever appended.

use std::io::Write;

use crate::report::Report;
use crate::text::fingerprint;
use crate::RenderError;

const HEADER: [&str; 18] = [
    "status",
    "severity",
    "rule_id",
    "title",
    "service",
    "resource_id",
    "resource_kind",
    "resource_name",
    "account",
    "region",
    "path",
    "line",
    "column",
    "attribute",
    "message",
    "suppression",
    "remediation_cli",
    "fingerprint",
];

pub(crate) fn render(report: &Report, out: &mut dyn Write) -> Result<(), RenderError> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(HEADER).map_err(RenderError::Csv)?;
    for f in &report.findings {
        let (path, line, column) = match &f.location {
            Some(l) => (
                l.path.clone(),
                l.line.to_string(),
                if l.column > 0 {
                    l.column.to_string()
                } else {
                    String::new()
                },
            ),
            None => Default::default(),
        };
        let remediation = report
            .rule(&f.rule_id)
            .map(|m| m.remediation.cli.trim().to_string())
            .unwrap_or_default();
        w.write_record([
            f.status.as_str(),
            f.severity.as_str(),
            &f.rule_id,
            &f.title,
            &f.service,
            &f.resource_id,
            &f.resource_kind.to_string(),
            &f.resource_name,
            f.account.as_deref().unwrap_or(""),
            f.region.as_deref().unwrap_or(""),
            &path,
            &line,
            &column,
            f.attribute.as_deref().unwrap_or(""),
            &f.message,
            f.suppression.as_deref().unwrap_or(""),
            &remediation,
            &fingerprint(f),
        ])
        .map_err(RenderError::Csv)?;
    }
    for e in &report.collection_errors {
        let kinds: Vec<String> = e.kinds.iter().map(|k| k.to_string()).collect();
        let scope = e.scope();
        let message = if scope.is_empty() {
            e.reason()
        } else {
            format!("{} ({scope})", e.reason())
        };
        w.write_record([
            "collection_error",
            "",
            "",
            &format!("could not be read: {}:{}", e.service, e.api),
            &e.service,
            "",
            &kinds.join(" "),
            "",
            report.target.account_id.as_deref().unwrap_or(""),
            e.region.as_deref().unwrap_or(""),
            "",
            "",
            "",
            "",
            &message,
            "",
            "",
            "",
        ])
        .map_err(RenderError::Csv)?;
    }
    w.flush().map_err(RenderError::io("csv"))
}
