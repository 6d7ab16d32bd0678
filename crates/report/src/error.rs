//! The one failure domain of rendering: writing the output.

/// Why a report could not be written. Each variant's message leaves its cause out: the cause
/// is the error's `source()`, which `{:#}` and error reporters print after it (naming it in
/// both places printed it twice, issue 8).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// Writing to the output failed (a closed pipe, a full disk).
    #[error("writing the {format} report failed")]
    Io {
        /// The format being written.
        format: &'static str,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Serialising JSON failed (only on a write error in practice: the types are plain data).
    #[error("serialising the {format} report failed")]
    Json {
        /// The format being written.
        format: &'static str,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// The CSV writer failed.
    #[error("writing the CSV report failed")]
    Csv(#[source] ::csv::Error),
    /// The format cannot represent this report (ASFF without an account id or a time).
    #[error("cannot write the {format} report: {reason}")]
    Unsupported {
        /// The format asked for.
        format: &'static str,
        /// What the input lacks.
        reason: String,
    },
}

impl RenderError {
    /// An I/O error while writing `format`.
    pub(crate) fn io(format: &'static str) -> impl FnOnce(std::io::Error) -> RenderError {
        move |source| RenderError::Io { format, source }
    }

    /// A JSON error while writing `format`.
    pub(crate) fn json(format: &'static str) -> impl FnOnce(serde_json::Error) -> RenderError {
        move |source| RenderError::Json { format, source }
    }

    /// Whether the output was a closed pipe (`cloudward scan | head`), which callers treat as
    /// success.
    pub fn is_broken_pipe(&self) -> bool {
        use std::io::ErrorKind::BrokenPipe;
        match self {
            RenderError::Io { source, .. } => source.kind() == BrokenPipe,
            RenderError::Json { source, .. } => source.io_error_kind() == Some(BrokenPipe),
            RenderError::Csv(e) => {
                matches!(e.kind(), ::csv::ErrorKind::Io(io) if io.kind() == BrokenPipe)
            }
            RenderError::Unsupported { .. } => false,
        }
    }
}
