//! `cloudward collect`.

use super::Globals;

/// Arguments of `cloudward collect`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `cloudward collect`.
pub fn run(_args: Args, _globals: &Globals) -> anyhow::Result<u8> {
    anyhow::bail!("`cloudward collect` is being built")
}
