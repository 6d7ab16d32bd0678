//! `cloudward detect`.

use super::Globals;

/// Arguments of `cloudward detect`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `cloudward detect`.
pub fn run(_args: Args, _globals: &Globals) -> anyhow::Result<u8> {
    anyhow::bail!("`cloudward detect` is being built")
}
