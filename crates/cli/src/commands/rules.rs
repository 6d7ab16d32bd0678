//! `cloudward rules`.

use super::Globals;

/// Arguments of `cloudward rules`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `cloudward rules`.
pub fn run(_args: Args, _globals: &Globals) -> anyhow::Result<u8> {
    anyhow::bail!("`cloudward rules` is being built")
}
