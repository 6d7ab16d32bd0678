//! CloudTrail reader: the S3 delivery format `{"Records":[...]}` (streamed element by element,
//! so a file of any size is read in bounded memory), a top-level JSON array of events, and a
//! sequence of single events (JSON lines, CloudTrail Lake exports, EventBridge events whose
//! `detail` is the CloudTrail record).
//!
//! The splitter tracks only strings, escapes and bracket depth to find each element's byte
//! span; each element is then validated and indexed by [`Event::from_json`], so a malformed
//! record costs one `Err` and the stream goes on.

use std::io::BufRead;
use std::sync::Arc;

use crate::event::{Event, LogKind};
use crate::read::{io_error, ReadError, ReadStats};

/// Largest record accepted; a bigger one is reported malformed and skipped without being held
/// in memory (CloudTrail's own events are at most a few hundred KB).
pub const MAX_RECORD: usize = 32 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Not yet looked at the start of the stream.
    Start,
    /// Inside `{"Records":[` or a top-level `[`: elements separated by commas until `]`.
    Array,
    /// A sequence of top-level values (concatenated or pretty-printed JSON).
    Sequence,
    /// JSON lines: the first value fitted on one line, so each further line is one record and a
    /// malformed line costs only itself.
    Lines,
    /// Finished (end of input, end of the array, or a fatal error).
    Done,
}

/// Streams CloudTrail events from any buffered reader (decompress first; see
/// [`crate::read::decode`] or use [`crate::read::Reader`] which does it for you).
pub struct CloudTrailReader<R> {
    /// The stream, behind a cursor that holds the bytes peeked to choose the mode.
    r: std::io::Chain<std::io::Cursor<Vec<u8>>, R>,
    origin: Arc<str>,
    mode: Mode,
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

impl<R: BufRead> CloudTrailReader<R> {
    /// Reads decompressed CloudTrail JSON from `r`; `origin` names the file or object.
    pub fn new(origin: impl Into<Arc<str>>, r: R) -> Self {
        CloudTrailReader {
            r: std::io::Read::chain(std::io::Cursor::new(Vec::new()), r),
            origin: origin.into(),
            mode: Mode::Start,
            record: 0,
            offset: 0,
            stats: ReadStats::default(),
        }
    }

    /// What was read so far.
    pub fn stats(&self) -> ReadStats {
        self.stats
    }

    fn fill(&mut self) -> std::io::Result<&[u8]> {
        loop {
            match self.r.fill_buf() {
                Ok(_) => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        self.r.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.r.consume(n);
        self.offset += n as u64;
    }

    /// Looks at the start of the stream to choose the mode. The first bytes are read into the
    /// chain's cursor first, so the decision never depends on how the source chunks its reads.
    fn start(&mut self) -> std::io::Result<()> {
        const PEEK: usize = 256;
        let mut head = Vec::with_capacity(PEEK);
        {
            let inner = self.r.get_mut().1;
            while head.len() < PEEK {
                let buf = fill_retry(inner)?;
                if buf.is_empty() {
                    break;
                }
                let take = (PEEK - head.len()).min(buf.len());
                head.extend_from_slice(&buf[..take]);
                inner.consume(take);
            }
        }
        *self.r.get_mut().0 = std::io::Cursor::new(head);
        let buf = self.fill()?;
        let mut i = 0;
        let ws = |b: &[u8], mut i: usize| {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            i
        };
        i = ws(buf, i);
        if buf.get(i) == Some(&b'[') {
            self.consume(i + 1);
            self.mode = Mode::Array;
            return Ok(());
        }
        if buf.get(i) == Some(&b'{') {
            let j = ws(buf, i + 1);
            if buf[j..].starts_with(b"\"Records\"") {
                let k = ws(buf, j + 9);
                if buf.get(k) == Some(&b':') {
                    let l = ws(buf, k + 1);
                    if buf.get(l) == Some(&b'[') {
                        self.consume(l + 1);
                        self.mode = Mode::Array;
                        return Ok(());
                    }
                }
            }
        }
        self.mode = Mode::Sequence;
        Ok(())
    }

    /// Skips whitespace and separators; returns the next significant byte without consuming it.
    fn skip_separators(&mut self) -> std::io::Result<Option<u8>> {
        let array = self.mode == Mode::Array;
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

    fn next_inner(&mut self) -> Result<Option<Event>, ReadError> {
        loop {
            if self.mode == Mode::Start {
                self.start()
                    .map_err(|e| io_error(&self.origin, self.record, e))?;
            }
            if self.mode == Mode::Done {
                return Ok(None);
            }
            if self.mode == Mode::Lines {
                match self.next_line()? {
                    None => return Ok(None),
                    Some(r) => match r {
                        Some(ev) => return Ok(Some(ev)),
                        None => continue,
                    },
                }
            }
            let c = self
                .skip_separators()
                .map_err(|e| io_error(&self.origin, self.record, e))?;
            let Some(c) = c else {
                let was_array = self.mode == Mode::Array;
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
            if self.mode == Mode::Array && c == b']' {
                // End of the Records array: the rest of the document carries no events.
                self.mode = Mode::Done;
                return Ok(None);
            }
            if c == b'{' {
                // Fast path: the record lies whole in the read buffer, so one validating pass
                // finds its end, checks it and indexes it in place.
                let buf =
                    fill_retry(&mut self.r).map_err(|e| io_error(&self.origin, self.record, e))?;
                if let Ok((top, end)) = crate::json::index_at(buf, 0) {
                    let bytes = buf[..end].to_vec();
                    let offset = self.offset;
                    self.consume(end);
                    self.record += 1;
                    if self.mode == Mode::Sequence
                        && self.record == 1
                        && memchr::memchr(b'\n', &bytes).is_none()
                    {
                        self.mode = Mode::Lines;
                    }
                    let ev = Event::from_indexed(
                        LogKind::CloudTrail,
                        self.origin.clone(),
                        self.record,
                        bytes,
                        top,
                    );
                    match self.accept(ev, offset)? {
                        Some(ev) => return Ok(Some(ev)),
                        None => continue,
                    }
                }
                // Otherwise (record spans buffers, or is malformed) take the slow path, which
                // finds the end structurally and reports the precise problem.
            }
            let next = self
                .element()
                .map_err(|e| io_error(&self.origin, self.record, e))?;
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
                    if self.mode == Mode::Sequence
                        && self.record == 1
                        && memchr::memchr(b'\n', &bytes).is_none()
                    {
                        self.mode = Mode::Lines;
                    }
                    match Event::from_json(
                        LogKind::CloudTrail,
                        self.origin.clone(),
                        self.record,
                        bytes,
                    ) {
                        Err(e) => {
                            self.stats.malformed += 1;
                            return Err(self.malformed(offset, e.to_string()));
                        }
                        Ok(ev) => match self.accept(ev, offset)? {
                            Some(ev) => return Ok(Some(ev)),
                            None => continue,
                        },
                    }
                }
            }
        }
    }

    /// Final checks on a parsed record: unwraps EventBridge envelopes and skips digest files
    /// in sequences; `None` means skipped.
    fn accept(&mut self, ev: Event, offset: u64) -> Result<Option<Event>, ReadError> {
        if matches!(self.mode, Mode::Sequence | Mode::Lines) {
            if let Some(unwrapped) = self.unwrap_envelope(&ev, offset)? {
                self.stats.events += 1;
                return Ok(Some(unwrapped));
            }
            if ev.has_top("digestStartTime") && !ev.has_top("eventName") {
                // A CloudTrail digest file delivered next to the logs.
                self.stats.skipped += 1;
                return Ok(None);
            }
        }
        self.stats.events += 1;
        Ok(Some(ev))
    }

    /// Reads one JSON line. `Ok(None)`: end of input; `Ok(Some(None))`: a blank or skipped line.
    fn next_line(&mut self) -> Result<Option<Option<Event>>, ReadError> {
        let mut line = Vec::with_capacity(2048);
        let limit = MAX_RECORD as u64 + 1;
        let mut n = loop {
            match std::io::Read::take(&mut self.r, limit).read_until(b'\n', &mut line) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(io_error(&self.origin, self.record, e)),
            }
        };
        if line.len() > MAX_RECORD && line.last() != Some(&b'\n') {
            // Skip the rest of an over-long line without holding it.
            let (origin, record) = (self.origin.clone(), self.record);
            loop {
                let buf = self.fill().map_err(|e| io_error(&origin, record, e))?;
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
            self.mode = Mode::Done;
            return Ok(None);
        }
        let offset = self.offset;
        self.offset += n as u64;
        if line.trim_ascii().is_empty() {
            return Ok(Some(None));
        }
        self.record += 1;
        if line.len() > MAX_RECORD {
            self.stats.malformed += 1;
            return Err(self.malformed(offset, format!("record larger than {MAX_RECORD} bytes")));
        }
        match Event::from_json(LogKind::CloudTrail, self.origin.clone(), self.record, line) {
            Err(e) => {
                self.stats.malformed += 1;
                Err(self.malformed(offset, e.to_string()))
            }
            Ok(ev) => {
                if let Some(inner) = self.unwrap_envelope(&ev, offset)? {
                    self.stats.events += 1;
                    return Ok(Some(Some(inner)));
                }
                if ev.has_top("digestStartTime") && !ev.has_top("eventName") {
                    self.stats.skipped += 1;
                    return Ok(Some(None));
                }
                self.stats.events += 1;
                Ok(Some(Some(ev)))
            }
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

    /// EventBridge delivers CloudTrail records inside `detail`; a line holding a whole
    /// `{"Records":[...]}` document is not supported inside a sequence and is reported.
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
        if ev.has_top("Records") {
            self.stats.malformed += 1;
            return Err(self.malformed(
                offset,
                "a {\"Records\":[...]} document inside a JSON sequence is not supported; give each document its own file".into(),
            ));
        }
        Ok(None)
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
                if matches!(e, ReadError::Io { .. } | ReadError::Truncated { .. }) {
                    self.mode = Mode::Done;
                }
                Some(Err(e))
            }
        }
    }
}
