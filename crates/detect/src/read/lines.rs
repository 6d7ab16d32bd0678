//! The line reading shared by the text log readers ([`super::FlowReader`],
//! [`super::AlbReader`]): one line at a time into a reused buffer, numbered, with the byte
//! offset of its start, blank lines skipped. A line longer than the reader's cap
//! ([`MAX_LINE`] by default) is reported and skipped to the next newline without being held:
//! a small gzip can inflate to one line of gigabytes (issue 8, defect 4).

use std::io::BufRead;
use std::sync::Arc;

use crate::read::{io_error, ReadError};

/// Longest flow log or ALB line accepted, without its line ending. Real lines are a few
/// hundred bytes (an ALB line with a long URL and user agent stays under 16 KB); 1 MiB leaves
/// room for custom formats while bounding the memory one record can take. Readers can be
/// given another cap (`FlowReader::max_line`, `AlbReader::max_line`).
pub const MAX_LINE: usize = 1024 * 1024;

/// One line, or the fact that it was too long.
pub(crate) enum Line<'a> {
    /// A trimmed, non-blank line.
    Text(&'a [u8]),
    /// A line longer than the cap (skipped); its length in bytes, without the line ending.
    Oversize(u64),
}

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
    /// Longest line accepted.
    pub(crate) max: usize,
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
            max: MAX_LINE,
        }
    }

    /// Reads one line into `buf` (at most `max` bytes plus a line ending kept); returns the
    /// bytes consumed from the stream and whether the line was too long (then `buf` holds
    /// only its start and the rest was skipped).
    fn read_line(&mut self) -> std::io::Result<(u64, bool)> {
        let mut used_total = 0u64;
        let mut oversize = false;
        loop {
            let buf = match self.r.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok((used_total, oversize));
            }
            let (used, done) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            if !oversize {
                // Room for the cap, a `\r` and the `\n`.
                let room = self.max.saturating_add(2).saturating_sub(self.buf.len());
                if used > room {
                    oversize = true;
                    self.buf.clear();
                } else {
                    self.buf.extend_from_slice(&buf[..used]);
                }
            }
            self.r.consume(used);
            used_total += used as u64;
            if done {
                return Ok((used_total, oversize));
            }
        }
    }

    /// The next non-blank line, trimmed, with the byte offset of its start in the stream;
    /// `Ok(None)` at the end. An I/O error is returned once, and the stream ends with it.
    pub(crate) fn next_line(&mut self) -> Result<Option<(u64, Line<'_>)>, ReadError> {
        loop {
            if self.done {
                return Ok(None);
            }
            self.buf.clear();
            let (n, oversize) = match self.read_line() {
                Ok(r) => r,
                Err(e) => {
                    self.done = true;
                    return Err(io_error(&self.origin, self.line_no, e));
                }
            };
            if n == 0 {
                self.done = true;
                return Ok(None);
            }
            let offset = self.offset;
            self.offset += n;
            self.line_no += 1;
            let content = self.buf.strip_suffix(b"\n").unwrap_or(&self.buf);
            let content = content.strip_suffix(b"\r").unwrap_or(content);
            if oversize || content.len() > self.max {
                let len = if oversize { n } else { content.len() as u64 };
                return Ok(Some((offset, Line::Oversize(len))));
            }
            if !self.buf.trim_ascii().is_empty() {
                return Ok(Some((offset, Line::Text(self.buf.trim_ascii()))));
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

    /// The error for an over-long line.
    pub(crate) fn oversize(&self, offset: u64, len: u64) -> ReadError {
        let max = self.max;
        self.malformed(
            offset,
            format!("line of at least {len} bytes is longer than the {max}-byte limit; skipped"),
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Yields `n` bytes of `x`, then "\nok\n", without ever holding them.
    struct Long {
        left: u64,
        tail: &'static [u8],
    }

    impl std::io::Read for Long {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            if self.left > 0 {
                let n = (out.len() as u64).min(self.left) as usize;
                out[..n].fill(b'x');
                self.left -= n as u64;
                return Ok(n);
            }
            let n = out.len().min(self.tail.len());
            out[..n].copy_from_slice(&self.tail[..n]);
            self.tail = &self.tail[n..];
            Ok(n)
        }
    }

    #[test]
    fn issue8_oversize_line_is_skipped_in_bounded_memory() {
        let r = std::io::BufReader::new(Long {
            left: 64 * 1024 * 1024,
            tail: b"\nok\n",
        });
        let mut lines = Lines::new("f".into(), r, 16);
        lines.max = 1000;
        match lines.next_line().unwrap() {
            Some((0, Line::Oversize(len))) => assert!(len > 1000),
            _ => panic!("expected an oversize line"),
        }
        assert!(lines.buf.capacity() < 64 * 1024, "{}", lines.buf.capacity());
        match lines.next_line().unwrap() {
            Some((off, Line::Text(t))) => {
                assert_eq!(t, b"ok");
                assert_eq!(off, 64 * 1024 * 1024 + 1);
            }
            _ => panic!("expected the next line"),
        }
        assert_eq!(lines.line_no, 2);
    }

    #[test]
    fn any_cap_is_safe() {
        for max in [0, 1, usize::MAX] {
            let mut lines = Lines::new("f".into(), &b"ab\n\ncd"[..], 16);
            lines.max = max;
            while lines.next_line().unwrap().is_some() {}
        }
    }

    #[test]
    fn line_at_the_cap_is_kept_one_past_is_not() {
        for (len, ok) in [(1000, true), (1001, false)] {
            let text = format!("{}\r\nnext\n", "y".repeat(len));
            let mut lines = Lines::new("f".into(), text.as_bytes(), 16);
            lines.max = 1000;
            let first = lines.next_line().unwrap();
            assert_eq!(matches!(first, Some((_, Line::Text(_)))), ok, "{len}");
            assert!(matches!(
                lines.next_line().unwrap(),
                Some((_, Line::Text(b"next")))
            ));
        }
    }
}
