//! `cloudward rules`: the catalogue, as a table, Markdown or JSON.

use std::io::{IsTerminal, Write};

use anyhow::Context;
use cloudward_model::{RuleMeta, Severity};
use cloudward_report::catalogue::{render_rules, CatalogueFormat};
use cloudward_rules::frameworks::coverage::coverage;
use cloudward_rules::frameworks::Framework;

use super::scan::parse_severity;
use super::Globals;
use crate::exit::{UsageError, OK};

/// Catalogue formats, as clap values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Aligned columns.
    Table,
    /// A Markdown table (for docs).
    Markdown,
    /// Full metadata as JSON.
    Json,
}

/// Arguments of `cloudward rules`.
#[derive(clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Only rules of this AWS service (repeatable).
    #[arg(long = "service", value_name = "NAME")]
    pub services: Vec<String>,
    /// Only rules of this severity or above.
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub min_severity: Option<Severity>,
    /// List a framework's controls instead, each with the rules covering it or the reason
    /// none does (the values are listed from the framework tables).
    #[arg(long, value_name = "FRAMEWORK", value_parser = parse_framework, help = framework_help())]
    pub framework: Option<Framework>,
}

/// `--framework`'s help, naming every framework of [`Framework::ALL`], so it cannot drift.
fn framework_help() -> String {
    let known: Vec<&str> = Framework::ALL.iter().map(|f| f.slug()).collect();
    format!(
        "List a framework's controls instead, each with the rules covering it or the reason \
         none does: {}",
        known.join(", ")
    )
}

fn parse_framework(value: &str) -> Result<Framework, String> {
    Framework::from_slug(value).ok_or_else(|| {
        let known: Vec<&str> = Framework::ALL.iter().map(|f| f.slug()).collect();
        format!("unknown framework {value:?}; known: {}", known.join(", "))
    })
}

/// `cloudward rules --framework`: a summary line, then one line per control (table), a
/// Markdown table, or JSON.
fn render_framework(
    framework: Framework,
    format: FormatArg,
    out: &mut Vec<u8>,
) -> anyhow::Result<()> {
    let catalogue = cloudward_rules::catalogue();
    let controls = coverage(framework, &catalogue);
    let covered = controls.iter().filter(|c| c.gap.is_none()).count();
    let rules: std::collections::BTreeSet<&str> = controls
        .iter()
        .flat_map(|c| c.rules.iter().copied())
        .collect();
    let automated = |id: &str| cloudward_rules::frameworks::coverage::automated(framework, id);
    let auto_total = controls
        .iter()
        .filter(|c| automated(c.id) == Some(true))
        .count();
    let auto_covered = controls
        .iter()
        .filter(|c| automated(c.id) == Some(true) && c.gap.is_none())
        .count();
    let mut summary = format!(
        "{}: {covered} of {} controls covered by {} rules",
        framework.name(),
        controls.len(),
        rules.len()
    );
    if auto_total > 0 {
        summary.push_str(&format!(
            " ({auto_covered} of {auto_total} automated controls)"
        ));
    }
    match format {
        FormatArg::Json => {
            let doc = serde_json::json!({
                "framework": framework.slug(),
                "name": framework.name(),
                "covered": covered,
                "total": controls.len(),
                "automated_covered": auto_covered,
                "automated_total": auto_total,
                "controls": controls
                    .iter()
                    .map(|c| {
                        let mut v = serde_json::to_value(c).unwrap_or_default();
                        if let (Some(map), Some(a)) = (v.as_object_mut(), automated(c.id)) {
                            map.insert("automated".into(), a.into());
                        }
                        v
                    })
                    .collect::<Vec<_>>(),
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            out.push(b'\n');
        }
        FormatArg::Markdown => {
            writeln!(out, "{summary}\n")?;
            writeln!(out, "| control | title | covered by |")?;
            writeln!(out, "|---|---|---|")?;
            for c in &controls {
                let by = match c.gap {
                    None => c
                        .rules
                        .iter()
                        .map(|r| format!("`{r}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    Some((gap, reason)) => format!("*{}*: {reason}", gap.label()),
                };
                writeln!(out, "| {} | {} | {by} |", c.id, c.title.replace('|', "\\|"))?;
            }
        }
        FormatArg::Table => {
            writeln!(out, "{summary}")?;
            let width = controls.iter().map(|c| c.id.len()).max().unwrap_or(0);
            for c in &controls {
                let kind = match automated(c.id) {
                    Some(true) => " [automated]",
                    Some(false) => " [manual]",
                    None => "",
                };
                writeln!(out, "\n{:width$}  {}{kind}", c.id, c.title)?;
                match c.gap {
                    None => writeln!(out, "{:width$}  covered by {}", "", c.rules.join(", "))?,
                    Some((gap, reason)) => writeln!(
                        out,
                        "{:width$}  not covered ({}): {reason}",
                        "",
                        gap.label()
                    )?,
                }
            }
        }
    }
    Ok(())
}

/// Run `cloudward rules`.
pub fn run(args: Args, _globals: &Globals) -> anyhow::Result<u8> {
    if let Some(framework) = args.framework {
        let mut bytes = Vec::new();
        render_framework(framework, args.format, &mut bytes)?;
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(&bytes)
            .context("writing the framework coverage")?;
        stdout.flush().context("writing the framework coverage")?;
        return Ok(OK);
    }
    let metas: Vec<&'static RuleMeta> = cloudward_rules::catalogue()
        .into_iter()
        .map(|r| r.meta())
        .filter(|m| {
            args.services.is_empty()
                || args
                    .services
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(m.service))
        })
        .filter(|m| args.min_severity.is_none_or(|min| m.severity >= min))
        .collect();
    if metas.is_empty() && !args.services.is_empty() {
        return Err(UsageError(format!(
            "no rule matches service {}",
            args.services.join(", ")
        ))
        .into());
    }
    let format = match args.format {
        FormatArg::Table => CatalogueFormat::Table,
        FormatArg::Markdown => CatalogueFormat::Markdown,
        FormatArg::Json => CatalogueFormat::Json,
    };
    let color = format == CatalogueFormat::Table
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut bytes = Vec::new();
    render_rules(&metas, format, color, &mut bytes).context("rendering the catalogue")?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&bytes).context("writing the catalogue")?;
    stdout.flush().context("writing the catalogue")?;
    Ok(OK)
}
