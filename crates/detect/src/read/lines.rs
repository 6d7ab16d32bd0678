//! The line reading shared by the text log readers ([`super::FlowReader`],
//! [`super::AlbReader`]): one line at a time into a reused buffer, numbered, with the byte
//! offset of its start, blank lines skipped.

use std::io::BufRead;
use std::sync::Arc;

use crate::read::{io_error, ReadError};

/// Trimmed, non-blank lines of a decompressed text log.
pub(crate) struct Lines<R> {
    r: R,
    /// File or object name.
    pub(crate) origin: Arc<str>,
    /// 1-based number of the last line read (blank lines count).
    pub(crate) line_no: u64,
    offset: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    /// Lines of `r`, read into a buffer of `capacity` bytes to start with.
    pub(crate) fn new(origin: Arc<str>, r: R, capacity: usize) -> Self {
        Lines {
            r,
            origin,
            line_no: 0,
            offset: 0,
            buf: Vec::with_capacity(capacity),
            done: false,
        }
    }

    /// The next non-blank line, trimmed, with the byte offset of its start in the stream;
    /// `Ok(None)` at the end. An I/O error is returned once, and the stream ends with it.
    pub(crate) fn next_line(&mut self) -> Result<Option<(u64, &[u8])>, ReadError> {
        loop {
            if self.done {
                return Ok(None);
            }
            self.buf.clear();
            let n = loop {
                match self.r.read_until(b'\n', &mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.done = true;
                        return Err(io_error(&self.origin, self.line_no, e));
                    }
                }
            };
            if n == 0 {
                self.done = true;
                return Ok(None);
            }
            let offset = self.offset;
            self.offset += n as u64;
            self.line_no += 1;
            if !self.buf.trim_ascii().is_empty() {
                return Ok(Some((offset, self.buf.trim_ascii())));
            }
        }
    }

    /// A malformed-record error for the last line read, which starts at `offset`.
    pub(crate) fn malformed(&self, offset: u64, reason: String) -> ReadError {
        ReadError::Malformed {
            file: self.origin.clone(),
            record: self.line_no,
            offset,
            reason,
        }
    }
}
