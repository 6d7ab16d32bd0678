//! Mapping results to the documented exit codes.

use std::io::ErrorKind;
use std::process::ExitCode;

/// Completed, nothing at or above `--fail-on`.
pub const OK: u8 = 0;
/// Completed, findings or alerts at or above `--fail-on`.
pub const FINDINGS: u8 = 1;
/// Usage error.
pub const USAGE: u8 = 2;
/// The run could not complete.
pub const ERROR: u8 = 3;

/// A usage error (exit 2) as opposed to a runtime failure (exit 3).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// A runtime failure (exit 3) with advice on what to do, printed on a line of its own after the
/// error, e.g. where to get credentials.
#[derive(Debug)]
pub struct Hinted {
    /// What went wrong.
    pub error: anyhow::Error,
    /// What to do about it, one line.
    pub hint: String,
}

impl std::fmt::Display for Hinted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#}", self.error)
    }
}

impl std::error::Error for Hinted {}

/// Print an error chain and pick the exit code. A broken pipe (`cloudward rules | head`)
/// is not an error.
pub fn finish(result: anyhow::Result<u8>) -> ExitCode {
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let broken_pipe = err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::from(OK);
            }
            if let Some(hinted) = err.downcast_ref::<Hinted>() {
                eprintln!("error: {hinted}");
                eprintln!("hint: {}", hinted.hint);
                return ExitCode::from(ERROR);
            }
            eprintln!("error: {err:#}");
            if err.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(USAGE)
            } else {
                ExitCode::from(ERROR)
            }
        }
    }
}
