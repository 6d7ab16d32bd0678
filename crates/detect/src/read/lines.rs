//! The line reading shared by the text log readers ([`super::FlowReader`],
//! [`super::AlbReader`]): one line at a time into a reused buffer, numbered, with the byte
//! offset of its start, blank lines skipped. A line longer than the reader's cap
//! ([`MAX_LINE`] by default) is reported and skipped to the next newline without being held:
//! a small gzip can inflate to one line of gigabytes (issue 8, defect 4).

use std::io::BufRead;
use std::sync::Arc;

use crate::event::{Event, Header, LogKind};
use crate::read::{io_error, ReadError, ReadStats};

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

/// How a field of a space-separated log line was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quoting {
    /// As is, up to the next space.
    Bare,
    /// In double quotes (backslash escapes kept as written); the span excludes the quotes.
    Quoted,
    /// In square brackets (a Common Log Format time); the span excludes the brackets.
    Bracketed,
}

/// One field of a line: byte span of its value and how it was written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub start: u32,
    pub end: u32,
    pub quoting: Quoting,
}

impl Tok {
    pub(crate) fn span(self) -> (u32, u32) {
        (self.start, self.end)
    }
}

/// Splits a line of the Common Log Format family (web access logs, S3 server access logs)
/// into `out`: fields separated by spaces, `"..."` quoted (`\` escapes the next byte) and
/// `[...]` bracketed fields kept whole. `Err` names the problem (an unterminated quote or
/// bracket). Lines longer than `u32::MAX` are never passed here ([`MAX_LINE`] is far below).
pub(crate) fn split_fields(b: &[u8], out: &mut Vec<Tok>) -> Result<(), &'static str> {
    out.clear();
    let mut i = 0;
    let at = |i: usize| i as u32;
    while i < b.len() {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        match b[i] {
            b'"' => {
                let s = i + 1;
                let mut j = s;
                loop {
                    match memchr::memchr2(b'"', b'\\', b.get(j..).unwrap_or_default()) {
                        None => return Err("unterminated quoted field"),
                        Some(k) if b[j + k] == b'"' => {
                            j += k;
                            break;
                        }
                        Some(k) => j += k + 2,
                    }
                }
                out.push(Tok {
                    start: at(s),
                    end: at(j),
                    quoting: Quoting::Quoted,
                });
                i = j + 1;
            }
            b'[' => {
                let s = i + 1;
                let Some(k) = memchr::memchr(b']', &b[s..]) else {
                    return Err("unterminated bracketed field");
                };
                out.push(Tok {
                    start: at(s),
                    end: at(s + k),
                    quoting: Quoting::Bracketed,
                });
                i = s + k + 1;
            }
            _ => {
                let s = i;
                let e = memchr::memchr(b' ', &b[s..]).map_or(b.len(), |k| s + k);
                out.push(Tok {
                    start: at(s),
                    end: at(e),
                    quoting: Quoting::Bare,
                });
                i = e;
            }
        }
    }
    Ok(())
}

/// A span, or `None` when the value is `-` or empty (absent in these logs).
pub(crate) fn present(text: &[u8], span: (u32, u32)) -> Option<(u32, u32)> {
    match text.get(span.0 as usize..span.1 as usize) {
        None | Some(b"") | Some(b"-") => None,
        Some(_) => Some(span),
    }
}

/// The parsing of one line format for [`TextReader`].
pub(crate) trait LineFormat {
    /// The kind of the events.
    const KIND: LogKind;
    /// Parses one trimmed, UTF-8 line: `Ok(None)` skips it (counted in
    /// [`ReadStats::skipped`]), `Err` is the reason it is malformed. The event's text starts
    /// with the line (derived values may be appended after it).
    fn parse(&mut self, line: &str) -> Result<Option<LineEvent>, String>;
}

/// What a [`LineFormat`] makes of a line: the text (line plus appended derived values), the
/// field names and the value spans in the names' order.
pub(crate) struct LineEvent {
    pub text: String,
    pub header: Arc<Header>,
    pub spans: Vec<Option<(u32, u32)>>,
}

/// Streams events of a line-oriented log: lines from [`Lines`], parsed by a [`LineFormat`].
pub(crate) struct TextReader<R, F> {
    lines: Lines<R>,
    format: F,
    stats: ReadStats,
}

impl<R, F> std::fmt::Debug for TextReader<R, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextReader")
            .field("origin", &self.lines.origin)
            .field("line", &self.lines.line_no)
            .finish()
    }
}

impl<R: BufRead, F: LineFormat> TextReader<R, F> {
    pub(crate) fn new(origin: Arc<str>, r: R, format: F) -> Self {
        TextReader {
            lines: Lines::new(origin, r, 1024),
            format,
            stats: ReadStats::default(),
        }
    }

    /// Sets the longest line accepted (default [`MAX_LINE`]).
    pub(crate) fn max_line(mut self, bytes: usize) -> Self {
        self.lines.max = bytes;
        self
    }

    pub(crate) fn stats(&self) -> ReadStats {
        self.stats
    }

    fn next_inner(&mut self) -> Result<Option<Event>, ReadError> {
        loop {
            let (offset, line) = match self.lines.next_line()? {
                None => return Ok(None),
                Some((offset, Line::Text(line))) => (offset, line),
                Some((offset, Line::Oversize(len))) => {
                    self.stats.malformed += 1;
                    return Err(self.lines.oversize(offset, len));
                }
            };
            let parsed = match std::str::from_utf8(line) {
                Err(e) => Err(format!(
                    "line is not UTF-8 (invalid byte at column {})",
                    e.valid_up_to() + 1
                )),
                Ok(text) => self.format.parse(text),
            };
            match parsed {
                Ok(Some(ev)) => {
                    self.stats.events += 1;
                    return Ok(Some(Event::from_line_parts(
                        F::KIND,
                        self.lines.origin.clone(),
                        self.lines.line_no,
                        ev.text,
                        ev.header,
                        ev.spans,
                    )));
                }
                Ok(None) => self.stats.skipped += 1,
                Err(reason) => {
                    self.stats.malformed += 1;
                    return Err(self.lines.malformed(offset, reason));
                }
            }
        }
    }
}

impl<R: BufRead, F: LineFormat> Iterator for TextReader<R, F> {
    type Item = Result<Event, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_inner().transpose()
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
    fn fields_split_on_spaces_quotes_and_brackets() {
        let l = br#"1.2.3.4 - - [01/Nov/2026:10:00:00 +0000] "GET /a\"b HTTP/1.1" 200 "" x"#;
        let mut out = Vec::new();
        split_fields(l, &mut out).unwrap();
        let s: Vec<(&[u8], Quoting)> = out
            .iter()
            .map(|t| (&l[t.start as usize..t.end as usize], t.quoting))
            .collect();
        assert_eq!(
            s[3],
            (&b"01/Nov/2026:10:00:00 +0000"[..], Quoting::Bracketed)
        );
        assert_eq!(s[4], (&br#"GET /a\"b HTTP/1.1"#[..], Quoting::Quoted));
        assert_eq!(s[6], (&b""[..], Quoting::Quoted));
        assert_eq!(s.len(), 8);
        assert!(split_fields(br#"a "b"#, &mut out).is_err());
        assert!(split_fields(br#"a "b\"#, &mut out).is_err());
        assert!(split_fields(b"a [b", &mut out).is_err());
        assert_eq!(present(b"a - b", (2, 3)), None);
        assert_eq!(present(b"a - b", (4, 5)), Some((4, 5)));
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
