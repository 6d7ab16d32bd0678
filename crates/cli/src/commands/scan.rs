//! `cloudward scan`.

use super::Globals;

/// Arguments of `cloudward scan`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `cloudward scan`.
pub fn run(_args: Args, _globals: &Globals) -> anyhow::Result<u8> {
    anyhow::bail!("`cloudward scan` is being built")
}
