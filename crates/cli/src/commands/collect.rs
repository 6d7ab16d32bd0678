//! `cloudward collect`: a live account into an inventory snapshot (JSON), without judging it.
//! `cloudward scan --inventory FILE` judges the snapshot later with no AWS calls.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;

use super::Globals;
use crate::exit;
use crate::live::{collect_inventory, LiveArgs};
use crate::output::OutputFile;

/// Arguments of `cloudward collect`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    live: LiveArgs,
    /// Write the inventory here (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Run `cloudward collect`. Exit 0 when the snapshot was written, even with failed calls:
/// those are in the snapshot and turn into Unknown findings when it is scanned.
pub fn run(args: Args, globals: &Globals) -> anyhow::Result<u8> {
    let started = Instant::now();
    // Before collecting: a path that cannot be written fails now, not after the collection.
    let output = args
        .output
        .as_deref()
        .map(|path| OutputFile::open(path, "-o"))
        .transpose()?;
    let inventory = collect_inventory(&args.live, globals)?;
    let json = inventory.to_json();
    match output {
        Some(file) => file.write(|out| Ok(out.write_all(json.as_bytes())?))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(json.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
                .and_then(|()| out.flush())
                .context("writing the inventory to stdout")?;
        }
    }
    if !globals.quiet {
        eprintln!(
            "collected {} resources from account {} in {} region(s): {} failed call(s), {:.1}s{}",
            inventory.resources.len(),
            inventory.account_id.as_deref().unwrap_or("unknown"),
            inventory.regions.len(),
            inventory.errors.len(),
            started.elapsed().as_secs_f64(),
            args.output
                .as_ref()
                .map(|p| format!(", written to {}", p.display()))
                .unwrap_or_default()
        );
    }
    Ok(exit::OK)
}
