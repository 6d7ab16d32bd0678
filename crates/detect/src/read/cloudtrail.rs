//! CloudTrail reader: the S3 delivery format `{"Records":[...]}` (streamed element by element,
//! so a file of any size is read in bounded memory), a top-level JSON array of events, and a
//! sequence of single events (JSON lines, CloudTrail Lake exports, EventBridge events whose
//! `detail` is the CloudTrail record). A stream may hold any number of these documents one
//! after the other, concatenated or newline-separated (`zcat dir/*.gz`, `cat a.json b.json`,
//! multi-member gzip): every document is read (issue 8, defect 1). Record numbers count on
//! across documents; offsets are byte offsets in the decompressed stream.
//!
//! The splitter tracks only strings, escapes and bracket depth to find each element's byte
//! span; each element is then validated and indexed by [`Event::from_json`], so a malformed
//! record costs one `Err` and the stream goes on. A record whose `eventTime` is not an RFC 3339
//! time is malformed too: it would otherwise be placed at the epoch in alerts and windows.

use std::io::BufRead;
use std::sync::Arc;

use crate::event::{Event, LogKind};
use crate::read::{io_error, ReadError, ReadStats};

/// Largest record accepted; a bigger one is reported malformed and skipped without being held
/// in memory (CloudTrail's own events are at most a few hundred KB). A `{"Records":[...]}`
/// document is not a record: it is streamed whatever its size, unless its `Records` member is
/// not the first (then the whole document is one value, held up to this size).
pub const MAX_RECORD: usize = 32 * 1024 * 1024;

/// Bytes looked at, at the start of each document, to recognise `{"Records":[`.
const PEEK: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Between top-level values: the next one decides what follows.
    Boundary,
    /// Inside a top-level `[` (`records: false`) or `{"Records":[` (`records: true`, the rest
    /// of the object is skipped after the closing `]`): elements separated by commas.
    Array { records: bool },
    /// Finished (end of input, or a fatal error).
    Done,
}

/// The elements of a `{"Records":[...]}` document that was read as one value (its `Records`
/// member was not the first), handed out one at a time.
struct HeldDoc {
    bytes: Vec<u8>,
    /// Stream offset of `bytes[0]`.
    base: u64,
    /// Next position to look at, inside the array.
    pos: usize,
    /// Index of the array's closing `]`.
    end: usize,
}

/// A buffered reader with a look-ahead: [`Peek::ensure`] makes the next bytes visible in one
/// slice without consuming them, whatever chunks the source delivers.
struct Peek<R> {
    head: Vec<u8>,
    pos: usize,
    inner: R,
    /// An error met while looking ahead, returned once the bytes before it are consumed.
    pending: Option<std::io::Error>,
}

impl<R: BufRead> Peek<R> {
    /// At least `n` bytes (fewer only at the end of the stream), not consumed.
    fn ensure(&mut self, n: usize) -> std::io::Result<&[u8]> {
        if self.pending.is_some() {
            return Ok(&self.head[self.pos.min(self.head.len())..]);
        }
        if self.pos >= self.head.len() {
            self.head.clear();
            self.pos = 0;
            let avail = fill_retry(&mut self.inner)?.len();
            if avail >= n || avail == 0 {
                return fill_retry(&mut self.inner);
            }
        } else if self.head.len() - self.pos >= n {
            return Ok(&self.head[self.pos..]);
        }
        self.head.drain(..self.pos);
        self.pos = 0;
        while self.head.len() < n {
            let buf = match fill_retry(&mut self.inner) {
                Ok(b) => b,
                Err(e) if self.head.is_empty() => return Err(e),
                Err(e) => {
                    self.pending = Some(e);
                    break;
                }
            };
            if buf.is_empty() {
                break;
            }
            let take = (n - self.head.len()).min(buf.len());
            self.head.extend_from_slice(&buf[..take]);
            self.inner.consume(take);
        }
        Ok(&self.head[..])
    }
}

impl<R: std::io::Read> std::io::Read for Peek<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos < self.head.len() {
            let n = (self.head.len() - self.pos).min(out.len());
            out[..n].copy_from_slice(&self.head[self.pos..self.pos + n]);
            self.pos += n;
            return Ok(n);
        }
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        self.inner.read(out)
    }
}

impl<R: BufRead> BufRead for Peek<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos < self.head.len() {
            return Ok(&self.head[self.pos..]);
        }
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if self.pos < self.head.len() {
            self.pos = (self.pos + amt).min(self.head.len());
        } else {
            self.inner.consume(amt);
        }
    }
}

/// Streams CloudTrail events from any buffered reader (decompress first; see
/// [`crate::read::decode`] or use [`crate::read::Reader`] which does it for you).
pub struct CloudTrailReader<R> {
    r: Peek<R>,
    origin: Arc<str>,
    /// The kind of the events: CloudTrail, or another JSON-lines log read by the same splitter.
    kind: LogKind,
    mode: Mode,
    /// JSON lines: the first single value fitted on one line, so each further line that does
    /// not open a document is one record and a malformed line costs only itself.
    lines: bool,
    /// Single top-level values read so far (to decide `lines` on the first).
    singles: u64,
    held: Option<HeldDoc>,
    record: u64,
    offset: u64,
    stats: ReadStats,
}

impl<R> std::fmt::Debug for CloudTrailReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CloudTrailReader")
            .field("origin", &self.origin)
            .field("record", &self.record)
            .finish()
    }
}

/// Outcome of scanning for the next element.
enum Next {
    Element {
        bytes: Vec<u8>,
        offset: u64,
        oversize: bool,
    },
    Truncated {
        offset: u64,
    },
}

/// What a top-level value starts.
enum Opening {
    /// `[`: a JSON array of events; consume this many bytes.
    Array(usize),
    /// `{"Records":[`: consume this many bytes.
    Records(usize),
    /// Anything else: one value.
    Single,
}

fn opening(buf: &[u8]) -> Opening {
    let ws = |mut i: usize| {
        while i < buf.len() && buf[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    match buf.first() {
        Some(b'[') => Opening::Array(1),
        Some(b'{') => {
            let j = ws(1);
            if buf[j..].starts_with(b"\"Records\"") {
                let k = ws(j + 9);
                if buf.get(k) == Some(&b':') {
                    let l = ws(k + 1);
                    if buf.get(l) == Some(&b'[') {
                        return Opening::Records(l + 1);
                    }
                }
            }
            Opening::Single
        }
        _ => Opening::Single,
    }
}

/// The JSON type of a raw value, for messages.
fn json_type(raw: &[u8]) -> &'static str {
    match raw.first() {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

impl<R: BufRead> CloudTrailReader<R> {
    /// Reads decompressed CloudTrail JSON from `r`; `origin` names the file or object.
    pub fn new(origin: impl Into<Arc<str>>, r: R) -> Self {
        CloudTrailReader {
            r: Peek {
                head: Vec::new(),
                pos: 0,
                inner: r,
                pending: None,
            },
            origin: origin.into(),
            kind: LogKind::CloudTrail,
            mode: Mode::Boundary,
            lines: false,
            singles: 0,
            held: None,
            record: 0,
            offset: 0,
            stats: ReadStats::default(),
        }
    }

    /// Reads the records as events of another JSON log (WAF, Resolver, GuardDuty): the same
    /// splitting, caps and error reports; no CloudTrail envelope or digest handling, and each
    /// record must carry a valid time for its kind (see [`Event::time`]).
    pub(crate) fn with_kind(mut self, kind: LogKind) -> Self {
        self.kind = kind;
        self
    }

    /// The kind of the events read.
    pub(crate) fn kind(&self) -> LogKind {
        self.kind
    }

    /// What was read so far.
    pub fn stats(&self) -> ReadStats {
        self.stats
    }

    fn fill(&mut self) -> std::io::Result<&[u8]> {
        fill_retry(&mut self.r)
    }

    fn consume(&mut self, n: usize) {
        self.r.consume(n);
        self.offset += n as u64;
    }

    fn io(&self, e: std::io::Error) -> ReadError {
        io_error(&self.origin, self.record, e)
    }

    /// Skips whitespace (and commas inside an array); returns the next significant byte
    /// without consuming it.
    fn skip_separators(&mut self) -> std::io::Result<Option<u8>> {
        let array = matches!(self.mode, Mode::Array { .. });
        loop {
            let buf = self.fill()?;
            if buf.is_empty() {
                return Ok(None);
            }
            let mut i = 0;
            while i < buf.len() && (buf[i].is_ascii_whitespace() || (array && buf[i] == b',')) {
                i += 1;
            }
            if i < buf.len() {
                let c = buf[i];
                self.consume(i);
                return Ok(Some(c));
            }
            let n = buf.len();
            self.consume(n);
        }
    }

    /// After the `]` of `{"Records":[...]`: skips the rest of the object (further members
    /// carry no events) up to its closing `}`, in bounded memory.
    fn close_document(&mut self) -> Result<(), ReadError> {
        let start = self.offset;
        let (mut depth, mut in_str, mut esc) = (1usize, false, false);
        loop {
            let buf =
                fill_retry(&mut self.r).map_err(|e| io_error(&self.origin, self.record, e))?;
            if buf.is_empty() {
                return Err(ReadError::Malformed {
                    file: self.origin.clone(),
                    record: self.record,
                    offset: start,
                    reason: "unexpected end of input: the `{\"Records\":[...]}` document is not closed (truncated file?)".into(),
                });
            }
            let mut used = buf.len();
            for (i, &c) in buf.iter().enumerate() {
                if in_str {
                    if esc {
                        esc = false;
                    } else if c == b'\\' {
                        esc = true;
                    } else if c == b'"' {
                        in_str = false;
                    }
                    continue;
                }
                match c {
                    b'"' => in_str = true,
                    b'{' | b'[' => depth = depth.saturating_add(1),
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            used = i + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            self.consume(used);
            if depth == 0 {
                return Ok(());
            }
        }
    }

    /// Scans one element starting at the current position.
    fn element(&mut self) -> std::io::Result<Next> {
        let start = self.offset;
        let mut bytes: Vec<u8> = Vec::with_capacity(2048);
        let mut oversize = false;
        let mut depth: usize = 0;
        let mut in_str = false;
        let mut esc = false;
        let mut scalar: Option<bool> = None; // Some(true): a bare scalar element
        loop {
            let buf = self.fill()?;
            if buf.is_empty() {
                if scalar == Some(true) && !bytes.is_empty() && !in_str {
                    return Ok(Next::Element {
                        bytes,
                        offset: start,
                        oversize,
                    });
                }
                return Ok(Next::Truncated { offset: start });
            }
            let mut pos = 0;
            let mut complete = false;
            if scalar.is_none() {
                scalar = Some(!matches!(buf[0], b'{' | b'[' | b'"'));
            }
            while pos < buf.len() {
                if in_str {
                    if esc {
                        esc = false;
                        pos += 1;
                        continue;
                    }
                    match memchr::memchr2(b'"', b'\\', &buf[pos..]) {
                        None => pos = buf.len(),
                        Some(o) => {
                            pos += o;
                            if buf[pos] == b'\\' {
                                esc = true;
                            } else {
                                in_str = false;
                                if depth == 0 {
                                    pos += 1;
                                    complete = true;
                                    break;
                                }
                            }
                            pos += 1;
                        }
                    }
                    continue;
                }
                let c = buf[pos];
                if scalar == Some(true) {
                    if c.is_ascii_whitespace() || matches!(c, b',' | b']' | b'}' | b'{' | b'[') {
                        complete = true;
                        break;
                    }
                    pos += 1;
                    continue;
                }
                pos += 1;
                match c {
                    b'"' => in_str = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            complete = true;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            if !oversize {
                if bytes.len() + pos > MAX_RECORD {
                    oversize = true;
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&buf[..pos]);
                }
            }
            // A bare scalar that consumed nothing (e.g. a stray '}' in a sequence) must still
            // make progress.
            let pos = if complete && pos == 0 { 1 } else { pos };
            if complete && bytes.is_empty() && !oversize {
                bytes.extend_from_slice(&buf[..pos]);
            }
            self.consume(pos);
            if complete {
                return Ok(Next::Element {
                    bytes,
                    offset: start,
                    oversize,
                });
            }
        }
    }

    /// The next element of a held `{"Records":[...]}` document; `None` when it is exhausted.
    fn next_held(&mut self) -> Option<Result<Option<Event>, ReadError>> {
        let held = self.held.as_mut()?;
        let b = &held.bytes;
        let mut i = crate::json::skip_ws(b, held.pos);
        if b.get(i) == Some(&b',') {
            i = crate::json::skip_ws(b, i + 1);
        }
        if i >= held.end {
            self.held = None;
            return None;
        }
        let Some(vend) = crate::json::skip_value(b, i).filter(|&e| e <= held.end) else {
            self.held = None;
            return None;
        };
        let bytes = b[i..vend].to_vec();
        let offset = held.base + i as u64;
        held.pos = vend;
        self.record += 1;
        Some(
            match Event::from_json(self.kind, self.origin.clone(), self.record, bytes) {
                Err(e) => {
                    self.stats.malformed += 1;
                    Err(self.malformed(offset, e.to_string()))
                }
                Ok(ev) => self.accept(ev, offset, false),
            },
        )
    }

    fn next_inner(&mut self) -> Result<Option<Event>, ReadError> {
        loop {
            if let Some(r) = self.next_held() {
                match r? {
                    Some(ev) => return Ok(Some(ev)),
                    None => continue,
                }
            }
            if self.mode == Mode::Done {
                return Ok(None);
            }
            let c = self.skip_separators().map_err(|e| self.io(e))?;
            let Some(c) = c else {
                let was_array = matches!(self.mode, Mode::Array { .. });
                self.mode = Mode::Done;
                if was_array {
                    return Err(ReadError::Malformed {
                        file: self.origin.clone(),
                        record: self.record + 1,
                        offset: self.offset,
                        reason: "unexpected end of input: the Records array is not closed (truncated file?)".into(),
                    });
                }
                return Ok(None);
            };
            let single = self.mode == Mode::Boundary;
            if let Mode::Array { records } = self.mode {
                if c == b']' {
                    self.consume(1);
                    self.mode = Mode::Boundary;
                    if records {
                        if let Err(e) = self.close_document() {
                            self.mode = Mode::Done;
                            return Err(e);
                        }
                    }
                    continue;
                }
            } else {
                let buf = self
                    .r
                    .ensure(PEEK)
                    .map_err(|e| io_error(&self.origin, self.record, e))?;
                match opening(buf) {
                    Opening::Array(n) => {
                        self.consume(n);
                        self.mode = Mode::Array { records: false };
                        continue;
                    }
                    Opening::Records(n) => {
                        self.consume(n);
                        self.mode = Mode::Array { records: true };
                        continue;
                    }
                    Opening::Single if self.lines => match self.next_line()? {
                        Some(ev) => return Ok(Some(ev)),
                        None => continue,
                    },
                    Opening::Single => {}
                }
            }
            if c == b'{' {
                // Fast path: the record lies whole in the read buffer, so one validating pass
                // finds its end, checks it and indexes it in place.
                let buf =
                    fill_retry(&mut self.r).map_err(|e| io_error(&self.origin, self.record, e))?;
                let indexed = crate::json::index_at(buf, 0).ok().and_then(|(tape, end)| {
                    let text = std::str::from_utf8(&buf[..end]).ok()?.to_owned();
                    Some((tape, end, text))
                });
                if let Some((tape, end, text)) = indexed {
                    let offset = self.offset;
                    self.consume(end);
                    self.record += 1;
                    self.note_single(single, text.as_bytes());
                    let ev = Event::from_indexed(
                        self.kind,
                        self.origin.clone(),
                        self.record,
                        text,
                        tape,
                    );
                    match self.accept(ev, offset, single)? {
                        Some(ev) => return Ok(Some(ev)),
                        None => continue,
                    }
                }
                // Otherwise (record spans buffers, or is malformed) take the slow path, which
                // finds the end structurally and reports the precise problem.
            }
            let next = self.element().map_err(|e| self.io(e))?;
            match next {
                Next::Truncated { offset } => {
                    self.mode = Mode::Done;
                    self.stats.malformed += 1;
                    return Err(ReadError::Malformed {
                        file: self.origin.clone(),
                        record: self.record + 1,
                        offset,
                        reason: "unexpected end of input inside the record (truncated file?)"
                            .into(),
                    });
                }
                Next::Element {
                    bytes,
                    offset,
                    oversize,
                } => {
                    self.record += 1;
                    if oversize {
                        self.stats.malformed += 1;
                        return Err(self
                            .malformed(offset, format!("record larger than {MAX_RECORD} bytes")));
                    }
                    self.note_single(single, &bytes);
                    match Event::from_json(self.kind, self.origin.clone(), self.record, bytes) {
                        Err(e) => {
                            self.stats.malformed += 1;
                            return Err(self.malformed(offset, e.to_string()));
                        }
                        Ok(ev) => match self.accept(ev, offset, single)? {
                            Some(ev) => return Ok(Some(ev)),
                            None => continue,
                        },
                    }
                }
            }
        }
    }

    /// The first single top-level value decides JSON lines (it fitted on one line).
    fn note_single(&mut self, single: bool, bytes: &[u8]) {
        if single {
            self.singles += 1;
            if self.singles == 1 && memchr::memchr(b'\n', bytes).is_none() {
                self.lines = true;
            }
        }
    }

    /// Final checks on a parsed record; `None` means skipped or held. A top-level value
    /// (`single`) may be an EventBridge envelope (unwrapped), a digest file (skipped) or a
    /// `{"Records":[...]}` document read whole (its elements are handed out next).
    fn accept(&mut self, ev: Event, offset: u64, single: bool) -> Result<Option<Event>, ReadError> {
        if self.kind != LogKind::CloudTrail {
            if ev.time().is_none() {
                self.stats.malformed += 1;
                let member = match self.kind {
                    LogKind::Waf => "timestamp (epoch milliseconds)",
                    LogKind::Resolver => "query_timestamp (RFC 3339)",
                    LogKind::GuardDuty => "updatedAt or createdAt (RFC 3339)",
                    _ => "time",
                };
                return Err(self.malformed(offset, format!("no valid {member}")));
            }
            self.stats.events += 1;
            return Ok(Some(ev));
        }
        let ev = if single {
            if let Some(unwrapped) = self.unwrap_envelope(&ev, offset)? {
                unwrapped
            } else if ev.has_top("digestStartTime") && !ev.has_top("eventName") {
                // A CloudTrail digest file delivered next to the logs.
                self.stats.skipped += 1;
                return Ok(None);
            } else if let Some((s, e)) = ev.top_span("Records") {
                let bytes = ev.into_bytes();
                if bytes.get(s) != Some(&b'[') {
                    self.stats.malformed += 1;
                    let found = json_type(&bytes[s..e]);
                    return Err(self.malformed(
                        offset + s as u64,
                        format!("`Records` is not an array (found {found}): no events read from this document"),
                    ));
                }
                // The document is not a record: its elements are.
                self.record -= 1;
                self.held = Some(HeldDoc {
                    bytes,
                    base: offset,
                    pos: s + 1,
                    end: e - 1,
                });
                return Ok(None);
            } else {
                ev
            }
        } else {
            ev
        };
        if let Some(raw) = ev.top_raw("eventTime") {
            if ev.time().is_none() {
                self.stats.malformed += 1;
                let shown = String::from_utf8_lossy(&raw[..raw.len().min(60)]).into_owned();
                return Err(
                    self.malformed(offset, format!("eventTime {shown} is not an RFC 3339 time"))
                );
            }
        }
        self.stats.events += 1;
        Ok(Some(ev))
    }

    /// Reads one JSON line. `Ok(None)`: a blank or skipped line (or the end of input, which
    /// the caller sees at its next look).
    fn next_line(&mut self) -> Result<Option<Event>, ReadError> {
        let mut line = Vec::with_capacity(2048);
        // Room for the record, a `\r` and the `\n`.
        let limit = MAX_RECORD as u64 + 2;
        let mut n = loop {
            match std::io::Read::take(&mut self.r, limit).read_until(b'\n', &mut line) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.io(e)),
            }
        };
        if line.len() as u64 >= limit && line.last() != Some(&b'\n') {
            // Skip the rest of an over-long line without holding it.
            loop {
                let buf =
                    fill_retry(&mut self.r).map_err(|e| io_error(&self.origin, self.record, e))?;
                if buf.is_empty() {
                    break;
                }
                let (used, done) = match memchr::memchr(b'\n', buf) {
                    Some(i) => (i + 1, true),
                    None => (buf.len(), false),
                };
                self.r.consume(used);
                n += used;
                if done {
                    break;
                }
            }
        }
        if n == 0 {
            return Ok(None);
        }
        let offset = self.offset;
        self.offset += n as u64;
        if line.trim_ascii().is_empty() {
            return Ok(None);
        }
        self.record += 1;
        let content = line.strip_suffix(b"\n").unwrap_or(&line);
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        if content.len() > MAX_RECORD {
            self.stats.malformed += 1;
            return Err(self.malformed(offset, format!("record larger than {MAX_RECORD} bytes")));
        }
        if glued(content) {
            // Records written back to back on one line (Kinesis Data Firehose without a
            // newline delimiter, `cat` of files without a final newline): put the line back
            // and read the rest of the stream by structure, as documents one after the other.
            self.lines = false;
            self.record -= 1;
            self.offset = offset;
            let rest = self.r.head.split_off(self.r.pos.min(self.r.head.len()));
            line.extend_from_slice(&rest);
            self.r.head = line;
            self.r.pos = 0;
            return Ok(None);
        }
        match Event::from_json(self.kind, self.origin.clone(), self.record, line) {
            Err(e) => {
                self.stats.malformed += 1;
                Err(self.malformed(offset, e.to_string()))
            }
            Ok(ev) => self.accept(ev, offset, true),
        }
    }

    fn malformed(&self, offset: u64, reason: String) -> ReadError {
        ReadError::Malformed {
            file: self.origin.clone(),
            record: self.record,
            offset,
            reason,
        }
    }

    /// EventBridge delivers CloudTrail records inside `detail`.
    fn unwrap_envelope(&mut self, ev: &Event, offset: u64) -> Result<Option<Event>, ReadError> {
        if ev.has_top("detail") && ev.has_top("detail-type") {
            let Some(detail) = ev.top_raw("detail") else {
                return Ok(None);
            };
            return match Event::from_json(
                LogKind::CloudTrail,
                self.origin.clone(),
                self.record,
                detail.to_vec(),
            ) {
                Ok(inner) => Ok(Some(inner)),
                Err(e) => {
                    self.stats.malformed += 1;
                    Err(self.malformed(offset, format!("EventBridge detail: {e}")))
                }
            };
        }
        Ok(None)
    }
}

/// Whether a line is a whole JSON object followed by another value (`{...}{...}`).
fn glued(line: &[u8]) -> bool {
    match crate::json::index_at(line, 0) {
        Ok((_, end)) => {
            let next = crate::json::skip_ws(line, end);
            matches!(line.get(next), Some(b'{' | b'['))
        }
        Err(_) => false,
    }
}

/// `fill_buf`, retried on `Interrupted`.
fn fill_retry<R: BufRead>(r: &mut R) -> std::io::Result<&[u8]> {
    loop {
        match r.fill_buf() {
            Ok(_) => break,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    r.fill_buf()
}

impl<R: BufRead> Iterator for CloudTrailReader<R> {
    type Item = Result<Event, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_inner() {
            Ok(Some(ev)) => Some(Ok(ev)),
            Ok(None) => None,
            Err(e) => {
                if matches!(
                    e,
                    ReadError::Io { .. } | ReadError::Truncated { .. } | ReadError::Gzip { .. }
                ) {
                    self.mode = Mode::Done;
                }
                Some(Err(e))
            }
        }
    }
}
