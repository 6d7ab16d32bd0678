//! `cloudward iac`.

use super::Globals;

/// Arguments of `cloudward iac`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `cloudward iac`.
pub fn run(_args: Args, _globals: &Globals) -> anyhow::Result<u8> {
    anyhow::bail!("`cloudward iac` is being built")
}
