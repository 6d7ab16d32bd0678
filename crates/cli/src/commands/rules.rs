//! `cloudward rules`: the catalogue, as a table, Markdown or JSON.

use std::io::{IsTerminal, Write};

use anyhow::Context;
use cloudward_model::{RuleMeta, Severity};
use cloudward_report::catalogue::{render_rules, CatalogueFormat};

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
}

/// Run `cloudward rules`.
pub fn run(args: Args, _globals: &Globals) -> anyhow::Result<u8> {
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
