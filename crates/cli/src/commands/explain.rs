//! `cloudward explain RULE_ID`: everything the catalogue knows about one rule.

use std::io::{IsTerminal, Write};

use anyhow::Context;
use cloudward_report::catalogue::render_explain;
use cloudward_rules::frameworks::{title, Framework};

use super::Globals;
use crate::exit::{UsageError, OK};

/// Arguments of `cloudward explain`.
#[derive(clap::Args)]
pub struct Args {
    /// The rule id, as `cloudward rules` lists it.
    #[arg(value_name = "RULE_ID")]
    pub rule: String,
}

/// Run `cloudward explain`.
pub fn run(args: Args, _globals: &Globals) -> anyhow::Result<u8> {
    let Some(rule) = cloudward_rules::find(&args.rule) else {
        return Err(UsageError(format!(
            "unknown rule id {:?} (see `cloudward rules`)",
            args.rule
        ))
        .into());
    };
    let titles = |framework: &str, id: &str| -> Option<&'static str> {
        let framework = match framework {
            "cis_v7" => Framework::CisV7,
            "cis_v6" => Framework::CisV6,
            "cis_v5" => Framework::CisV5,
            "cis_v3" => Framework::CisV3,
            "fsbp" => Framework::Fsbp,
            "well_architected" => Framework::WellArchitected,
            _ => return None,
        };
        title(framework, id)
    };
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut bytes = Vec::new();
    render_explain(rule.meta(), &titles, color, &mut bytes).context("rendering the rule")?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&bytes).context("writing the rule")?;
    stdout.flush().context("writing the rule")?;
    Ok(OK)
}
