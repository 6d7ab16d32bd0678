//! `cloudward explain`.

use super::Globals;

/// Arguments of `cloudward explain`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `cloudward explain`.
pub fn run(_args: Args, _globals: &Globals) -> anyhow::Result<u8> {
    anyhow::bail!("`cloudward explain` is being built")
}
