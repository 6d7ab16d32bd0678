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
    /// Organization-wide collection (`--org`, `--role-name`, `--accounts`, `--ou`, ...): needs
    /// `-o DIR`, which gets one `<account>.json` per account and an `index.json`.
    #[command(flatten)]
    org: crate::org::OrgArgs,
    /// Write the inventory here (default: stdout); with --org, the directory to write to.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Run `cloudward collect`. Exit 0 when the snapshot was written, even with failed calls:
/// those are in the snapshot and turn into Unknown findings when it is scanned.
pub fn run(args: Args, globals: &Globals) -> anyhow::Result<u8> {
    if args.org.org {
        return run_org(&args, globals);
    }
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

/// `collect --org -o DIR`: `DIR/index.json` lists every account as pending before the first
/// is collected; each account's snapshot is written as soon as it is collected and its index
/// entry updated then, so a run stopped half-way leaves an index naming what is missing.
/// Exit 0 when every account was collected, 3 when one could not be (it is in the index as
/// `failed`).
fn run_org(args: &Args, globals: &Globals) -> anyhow::Result<u8> {
    let started = Instant::now();
    let Some(dir) = args.output.as_deref() else {
        return Err(exit::UsageError("collect --org needs -o DIR".into()).into());
    };
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let run = crate::org::OrgRun::open(&args.live, &args.org, globals)?;
    let mut writer = crate::org::IndexWriter::start(dir, run.roster(), &args.org.role_name)?;
    run.collect_each(globals, |done| {
        let outcome = done.outcome.map_err(|failure| {
            tracing::warn!("account {}: {}", done.member.id, failure.message);
            failure.collection_error(&done.member)
        });
        if let Ok(inventory) = &outcome {
            let path = dir.join(crate::org::snapshot_name(&done.member.id));
            OutputFile::open(&path, "-o")?
                .write(|out| Ok(out.write_all(inventory.to_json().as_bytes())?))?;
        }
        writer.record(crate::org::IndexEntry::of(&done.member, &outcome))
    })?;
    let index = writer.index();
    let failed = index.accounts.iter().filter(|e| e.error.is_some()).count();
    if !globals.quiet {
        eprintln!(
            "collected {} of {} account(s) of organization {} into {} ({failed} failed), {:.1}s",
            index.accounts.len() - failed,
            index.accounts.len(),
            index.organization_id,
            dir.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(if failed > 0 { exit::ERROR } else { exit::OK })
}
