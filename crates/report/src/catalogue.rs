//! The rule catalogue for people and machines: `cloudward rules` (table, Markdown, JSON) and
//! `cloudward explain RULE` (every field of one [`RuleMeta`], readable).
//!
//! Framework control titles live in the rules crate, which this crate does not depend on; the
//! caller passes them in through a [`ControlTitles`] lookup.

use std::fmt::Write as _;
use std::io::Write;

use anstyle::Style;
use cloudward_model::RuleMeta;
use serde::Serialize;

use crate::style::{paint, severity_style};
use crate::text::wrap;
use crate::RenderError;

/// Looks up a framework control's title: `(framework, id)` where framework is one of
/// `cis_v7`, `cis_v6`, `cis_v5`, `cis_v3`, `fsbp`, `well_architected` (the field names of
/// [`cloudward_model::Frameworks`]). `None` prints the id alone.
pub type ControlTitles<'a> = &'a dyn Fn(&str, &str) -> Option<&'static str>;

/// How `cloudward rules` prints the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogueFormat {
    /// Aligned columns for a terminal.
    Table,
    /// A GitHub-flavoured Markdown table, for docs.
    Markdown,
    /// A JSON array of full rule metadata.
    Json,
}

/// The frameworks in display order: field name, short label, full name.
const FRAMEWORKS: [(&str, &str, &str); 6] = [
    (
        "cis_v7",
        "CIS v7.0.0",
        "CIS AWS Foundations Benchmark v7.0.0",
    ),
    (
        "cis_v6",
        "CIS v6.0.0",
        "CIS AWS Foundations Benchmark v6.0.0",
    ),
    (
        "cis_v5",
        "CIS v5.0.0",
        "CIS AWS Foundations Benchmark v5.0.0",
    ),
    (
        "cis_v3",
        "CIS v3.0.0",
        "CIS AWS Foundations Benchmark v3.0.0",
    ),
    ("fsbp", "FSBP", "AWS Foundational Security Best Practices"),
    (
        "well_architected",
        "AWS-WA",
        "AWS Well-Architected (security pillar)",
    ),
];

fn cited<'m>(meta: &'m RuleMeta, field: &str) -> &'m [&'static str] {
    match field {
        "cis_v7" => meta.frameworks.cis_v7,
        "cis_v6" => meta.frameworks.cis_v6,
        "cis_v5" => meta.frameworks.cis_v5,
        "cis_v3" => meta.frameworks.cis_v3,
        "fsbp" => meta.frameworks.fsbp,
        _ => meta.frameworks.well_architected,
    }
}

/// Short framework summary for one line: `CIS5 5.1.1 · FSBP EC2.7`.
fn framework_short(meta: &RuleMeta) -> String {
    let mut parts = Vec::new();
    for (field, label, _) in FRAMEWORKS {
        let ids = cited(meta, field);
        if !ids.is_empty() {
            parts.push(format!("{label} {}", ids.join(",")));
        }
    }
    parts.join("; ")
}

/// Write the catalogue (in the order given: documentation order) in `format`.
pub fn render_rules(
    rules: &[&RuleMeta],
    format: CatalogueFormat,
    color: bool,
    out: &mut dyn Write,
) -> Result<(), RenderError> {
    let text = match format {
        CatalogueFormat::Table => table(rules, color),
        CatalogueFormat::Markdown => markdown(rules),
        CatalogueFormat::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                schema_version: u32,
                rules: &'a [&'a RuleMeta],
            }
            let mut text = serde_json::to_string_pretty(&Doc {
                schema_version: 1,
                rules,
            })
            .map_err(RenderError::json("rules json"))?;
            text.push('\n');
            text
        }
    };
    out.write_all(text.as_bytes())
        .map_err(RenderError::io("rules"))
}

fn table(rules: &[&RuleMeta], color: bool) -> String {
    let id_w = rules.iter().map(|m| m.id.len()).max().unwrap_or(2).max(2);
    let svc_w = rules
        .iter()
        .map(|m| m.service.len())
        .max()
        .unwrap_or(7)
        .max(7);
    let mut s = String::new();
    let head = format!(
        "{:<id_w$}  {:<8}  {:<svc_w$}  title",
        "id", "severity", "service"
    );
    let _ = writeln!(s, "{}", paint(color, Style::new().bold(), &head));
    for m in rules {
        let sev = paint(
            color,
            severity_style(m.severity),
            &format!("{:<8}", m.severity.as_str()),
        );
        let _ = writeln!(
            s,
            "{:<id_w$}  {sev}  {:<svc_w$}  {}",
            m.id, m.service, m.title
        );
        let fw = framework_short(m);
        if !fw.is_empty() {
            let pad = " ".repeat(id_w + 2 + 8 + 2 + svc_w + 2);
            let _ = writeln!(s, "{pad}{}", paint(color, Style::new().dimmed(), &fw));
        }
    }
    let _ = writeln!(
        s,
        "\n{} rules; `cloudward explain <id>` for details",
        rules.len()
    );
    s
}

fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn markdown(rules: &[&RuleMeta]) -> String {
    let mut s = String::from(
        "| id | severity | service | title | CIS v7.0.0 | CIS v5.0.0 | CIS v3.0.0 | FSBP | Well-Architected |\n\
         |---|---|---|---|---|---|---|---|---|\n",
    );
    for m in rules {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} |",
            m.id,
            m.severity,
            m.service,
            md_cell(m.title),
            m.frameworks.cis_v7.join(", "),
            m.frameworks.cis_v5.join(", "),
            m.frameworks.cis_v3.join(", "),
            m.frameworks.fsbp.join(", "),
            m.frameworks.well_architected.join(", "),
        );
    }
    s
}

/// Write everything known about one rule, for `cloudward explain`.
pub fn render_explain(
    meta: &RuleMeta,
    titles: ControlTitles<'_>,
    color: bool,
    out: &mut dyn Write,
) -> Result<(), RenderError> {
    let bold = Style::new().bold();
    let heading = |s: &mut String, text: &str| {
        let _ = writeln!(s, "\n{}", paint(color, bold, text));
    };
    // Paragraphs (blank-line separated) are re-wrapped to 90 columns; code is printed as is.
    let body = |s: &mut String, text: &str| {
        for (i, paragraph) in text.trim().split("\n\n").enumerate() {
            if i > 0 {
                s.push('\n');
            }
            for line in wrap(paragraph, 88) {
                let _ = writeln!(s, "  {line}");
            }
        }
    };
    let mut s = String::new();
    let _ = writeln!(s, "{}  {}", paint(color, bold, meta.id), meta.title);
    let kinds: Vec<String> = meta.kinds.iter().map(|k| k.label().to_string()).collect();
    let _ = writeln!(
        s,
        "severity {}  service {}  resources: {}",
        paint(color, severity_style(meta.severity), meta.severity.as_str()),
        meta.service,
        kinds.join(", ")
    );

    heading(&mut s, "What it checks");
    body(&mut s, meta.checks);
    heading(&mut s, "Why it matters");
    body(&mut s, meta.rationale);

    heading(&mut s, "How to fix it");
    let r = &meta.remediation;
    if !r.console.trim().is_empty() {
        let _ = writeln!(s, "  {}", paint(color, Style::new().underline(), "Console"));
        for step in r.console.trim().lines() {
            for (i, line) in wrap(step, 86).iter().enumerate() {
                let indent = if i == 0 { "    " } else { "      " };
                let _ = writeln!(s, "{indent}{line}");
            }
        }
    }
    for (label, text) in [("AWS CLI", r.cli), ("Terraform", r.terraform)] {
        if text.trim().is_empty() {
            continue;
        }
        let _ = writeln!(s, "  {}", paint(color, Style::new().underline(), label));
        for line in text.trim().lines() {
            let _ = writeln!(s, "    {}", line.trim_end());
        }
    }

    let any_framework = FRAMEWORKS
        .iter()
        .any(|(field, _, _)| !cited(meta, field).is_empty());
    if any_framework {
        heading(&mut s, "Frameworks");
        for (field, _, name) in FRAMEWORKS {
            let ids = cited(meta, field);
            if ids.is_empty() {
                continue;
            }
            let _ = writeln!(s, "  {name}");
            for id in ids {
                match titles(field, id) {
                    Some(title) => {
                        let _ = writeln!(s, "    {id:<10} {title}");
                    }
                    None => {
                        let _ = writeln!(s, "    {id}");
                    }
                }
            }
        }
    }

    if !meta.references.is_empty() {
        heading(&mut s, "References");
        for reference in meta.references {
            let _ = writeln!(s, "  {reference}");
        }
    }

    let ex = &meta.examples;
    for (label, text) in [
        ("Terraform that fails", ex.terraform_bad),
        ("Terraform that passes", ex.terraform_good),
        ("CloudFormation that fails", ex.cloudformation_bad),
        ("CloudFormation that passes", ex.cloudformation_good),
    ] {
        if text.trim().is_empty() {
            continue;
        }
        heading(&mut s, label);
        for line in text.trim_end().lines() {
            let _ = writeln!(s, "    {}", line.trim_end());
        }
    }
    out.write_all(s.as_bytes())
        .map_err(RenderError::io("explain"))
}
