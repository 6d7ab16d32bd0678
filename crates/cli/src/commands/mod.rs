//! One module per subcommand, each with its `Args` and `run`.

pub mod can;
pub mod collect;
pub mod detect;
mod detect_live;
pub mod diff_report;
pub mod drift;
pub mod explain;
pub mod history;
pub mod iac;
pub mod notify;
pub mod paths;
pub mod permissions;
pub mod queue;
pub mod respond;
pub mod rules;
pub mod scan;
mod scan_org;
pub mod security_hub;
pub mod watch;

/// Read an inventory snapshot, refusing one over `MAX_SNAPSHOT_BYTES` before reading it.
pub fn load_snapshot(path: &std::path::Path) -> anyhow::Result<cloudward_model::Inventory> {
    use anyhow::Context as _;
    let bytes = std::fs::metadata(path)
        .with_context(|| format!("reading inventory snapshot {}", path.display()))?
        .len();
    cloudward_model::Inventory::check_size(bytes)
        .with_context(|| format!("loading inventory snapshot {}", path.display()))?;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading inventory snapshot {}", path.display()))?;
    cloudward_model::Inventory::from_json(&text)
        .with_context(|| format!("loading inventory snapshot {}", path.display()))
}

/// Flags shared by every subcommand.
pub struct Globals {
    /// `-v` count.
    pub verbose: u8,
    /// `--quiet`.
    pub quiet: bool,
}

/// Logging to stderr: warnings by default, `-v` traces each API call, `-vv` debug.
/// `RUST_LOG` overrides.
pub fn init_logging(globals: &Globals) {
    use tracing_subscriber::EnvFilter;
    let default = match (globals.quiet, globals.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "warn,cloudward=info,cloudward_aws=debug",
        (false, _) => "debug",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}
