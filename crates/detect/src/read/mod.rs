//! Streaming log readers. Each reader takes any [`std::io::Read`] (a file, an S3 object body)
//! plus an origin name, detects gzip by its magic bytes (never by extension), and yields
//! `Result<Event, ReadError>` one record at a time in bounded memory. A malformed record is an
//! `Err` naming file and record; reading goes on after it. An I/O or gzip error (including a
//! truncated gzip stream) is a final `Err` after every record before it has been yielded.

pub mod alb;
pub mod archive;
pub mod cloudtrail;
pub mod flow;
pub mod gzip;
mod lines;
pub mod s3access;
pub mod syslog;
pub mod web;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::event::{Event, LogKind};
use lines::TextReader;

pub use crate::json::MAX_JSON_DEPTH;
pub use alb::AlbReader;
pub use cloudtrail::CloudTrailReader;
pub use cloudtrail::MAX_RECORD;
pub use flow::FlowReader;
pub use lines::MAX_LINE;

/// Bytes of the first line looked at to recognise the log format (a flow log header with
/// every v2-v8 field is about 700 bytes; a JSON-lines record is classified by its top-level
/// members when it fits, and WAF records with many headers or GuardDuty findings take a few
/// KB). A JSON first line longer than this is read as CloudTrail.
pub const FORMAT_HEAD: usize = 64 * 1024;

/// Size of the read buffers: large enough to amortise syscalls and inflater calls.
pub(crate) const BUF_SIZE: usize = 256 * 1024;

/// A problem reading a log: always names the file (origin) and where in it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The stream failed (disk error, network error). Reading of this file stops. The cause is
    /// [`std::error::Error::source`] (not repeated in the message, so an error chain printer
    /// does not say it twice); [`ReadError::detail`] includes it.
    #[error("{file}: read error after record {record}")]
    Io {
        /// File or object name.
        file: Arc<str>,
        /// Last record successfully delimited before the error.
        record: u64,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The gzip stream ended before its end marker. Reading of this file stops; every record
    /// before the cut has been yielded.
    #[error("{file}: truncated gzip stream after record {record}")]
    Truncated {
        /// File or object name.
        file: Arc<str>,
        /// Last record yielded before the cut.
        record: u64,
    },
    /// One record could not be parsed; it is skipped and reading goes on.
    #[error("{file}: record {record} (byte offset {offset}): {reason}")]
    Malformed {
        /// File or object name.
        file: Arc<str>,
        /// 1-based record number (array element for CloudTrail, line for text logs).
        record: u64,
        /// Byte offset of the record's start in the decompressed stream.
        offset: u64,
        /// What was wrong.
        reason: String,
    },
    /// A gzip member is corrupt (bad header, bad CRC or length, garbage between or after
    /// members). Reading of this file stops; every record before it has been yielded.
    #[error("{file}: corrupt gzip member {member} (compressed byte offset {offset}) after record {record}: {reason}")]
    Gzip {
        /// File or object name.
        file: Arc<str>,
        /// Last record yielded before the corruption.
        record: u64,
        /// 1-based number of the gzip member.
        member: u64,
        /// Byte offset of the member's start in the compressed stream.
        offset: u64,
        /// What the inflater said.
        reason: String,
    },
    /// The content is none of the formats we read.
    #[error("{file}: unrecognised log format: {reason}")]
    UnknownFormat {
        /// File or object name.
        file: Arc<str>,
        /// What was seen.
        reason: String,
    },
    /// A member of a zip archive is not read (past a cap, encrypted, an unsupported method);
    /// the other members are.
    #[error("{file}!{member}: {reason}")]
    Archive {
        /// The archive's file or object name.
        file: Arc<str>,
        /// The member's name in the archive.
        member: String,
        /// Why it is not read.
        reason: String,
    },
    /// A path could not be listed or opened. The cause is the error's `source()`.
    #[error("{path}: cannot open")]
    Open {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

impl ReadError {
    /// What went wrong, without the file name and record number (which a summary prints in
    /// its own columns), with the underlying cause and the place:
    /// "expected ':' at byte 3 (byte offset 12)".
    pub fn detail(&self) -> String {
        match self {
            ReadError::Io { source, .. } => format!("read error: {source}"),
            ReadError::Truncated { .. } => "truncated gzip stream".into(),
            ReadError::Malformed { offset, reason, .. } => {
                format!("{reason} (byte offset {offset})")
            }
            ReadError::Gzip {
                member,
                offset,
                reason,
                ..
            } => {
                format!("corrupt gzip member {member} (compressed byte offset {offset}): {reason}")
            }
            ReadError::UnknownFormat { reason, .. } => format!("unrecognised log format: {reason}"),
            ReadError::Archive { member, reason, .. } => {
                format!("archive member {member}: {reason}")
            }
            ReadError::Open { source, .. } => format!("cannot open: {source}"),
        }
    }

    /// The record number a summary shows: the malformed record, or the last good record
    /// before a stream error; 0 when the input could not be read at all.
    pub fn record(&self) -> u64 {
        match self {
            ReadError::Io { record, .. }
            | ReadError::Truncated { record, .. }
            | ReadError::Malformed { record, .. }
            | ReadError::Gzip { record, .. } => *record,
            ReadError::UnknownFormat { .. }
            | ReadError::Open { .. }
            | ReadError::Archive { .. } => 0,
        }
    }
}

/// Counters a reader keeps about what it read and skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadStats {
    /// Records yielded as events.
    pub events: u64,
    /// Records rejected as malformed (each also yielded as an `Err`).
    pub malformed: u64,
    /// Records recognised but deliberately skipped (NLB `tls` lines, ALB connection-log lines,
    /// CloudTrail digest files).
    pub skipped: u64,
    /// Flow log NODATA / SKIPDATA records (yielded as events; counted for visibility).
    pub nodata: u64,
}

/// Wraps `r` in a streaming gzip decoder when it starts with the gzip magic bytes. Every
/// member of a multi-member stream (concatenated S3 objects, `cat a.gz b.gz`) is read; a
/// corrupt member fails naming its compressed offset (see [`gzip::MemberError`]).
pub fn decode<R: Read + Send + 'static>(r: R) -> io::Result<(Box<dyn BufRead + Send>, bool)> {
    let mut br = BufReader::with_capacity(BUF_SIZE, r);
    let mut magic = Vec::with_capacity(2);
    while magic.len() < 2 {
        let buf = match br.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        let take = (2 - magic.len()).min(buf.len());
        magic.extend_from_slice(&buf[..take]);
        br.consume(take);
    }
    let gz = magic == [0x1f, 0x8b];
    let stream = io::Cursor::new(magic).chain(br);
    if gz {
        Ok((
            Box::new(BufReader::with_capacity(
                BUF_SIZE,
                gzip::Members::new(BufReader::with_capacity(BUF_SIZE, stream)),
            )),
            true,
        ))
    } else {
        Ok((Box::new(stream), false))
    }
}

/// As [`decode`], but a gzip stream is inflated on a thread of its own, [`INFLATE_AHEAD`]
/// chunks ahead of the caller, so decompression and parsing of one large file use two cores.
/// The thread stops when the stream ends, fails, or the returned reader is dropped. A plain
/// stream is returned as by [`decode`] (no thread).
pub fn decode_on_thread<R: Read + Send + 'static>(
    r: R,
) -> io::Result<(Box<dyn BufRead + Send>, bool)> {
    let (stream, gz) = decode(r)?;
    if !gz {
        return Ok((stream, false));
    }
    Ok((Box::new(InflateAhead::spawn(stream)?), true))
}

/// Chunks of [`BUF_SIZE`] bytes an inflater thread may run ahead of its reader.
pub const INFLATE_AHEAD: usize = 4;

/// The reading end of an inflater thread: chunks in order, then an empty chunk at the end of
/// the stream, or the stream's error.
struct InflateAhead {
    rx: std::sync::mpsc::Receiver<io::Result<Vec<u8>>>,
    recycle: std::sync::mpsc::SyncSender<Vec<u8>>,
    buf: Vec<u8>,
    pos: usize,
    done: bool,
}

impl InflateAhead {
    fn spawn(mut src: Box<dyn BufRead + Send>) -> io::Result<InflateAhead> {
        use std::sync::mpsc::sync_channel;
        let (tx, rx) = sync_channel::<io::Result<Vec<u8>>>(INFLATE_AHEAD);
        // Buffers come back for reuse; at most INFLATE_AHEAD + 2 exist at a time.
        let (recycle, spare) = sync_channel::<Vec<u8>>(INFLATE_AHEAD);
        std::thread::Builder::new()
            .name("inflate".into())
            .spawn(move || loop {
                let mut chunk = spare.try_recv().unwrap_or_default();
                chunk.resize(BUF_SIZE, 0);
                let mut n = 0;
                let mut failed = None;
                while n < chunk.len() {
                    match src.read(&mut chunk[n..]) {
                        Ok(0) => break,
                        Ok(k) => n += k,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => {
                            failed = Some(e);
                            break;
                        }
                    }
                }
                chunk.truncate(n);
                let end = n == 0 || failed.is_some();
                if n > 0 && tx.send(Ok(chunk)).is_err() {
                    return;
                }
                if end {
                    // An empty chunk marks the clean end; a disconnect without it is an error.
                    let _ = tx.send(failed.map_or(Ok(Vec::new()), Err));
                    return;
                }
            })?;
        Ok(InflateAhead {
            rx,
            recycle,
            buf: Vec::new(),
            pos: 0,
            done: false,
        })
    }
}

impl Read for InflateAhead {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let buf = self.fill_buf()?;
            let n = buf.len().min(out.len());
            out[..n].copy_from_slice(&buf[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for InflateAhead {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.buf.len() && !self.done {
            let next = match self.rx.recv() {
                Ok(Ok(chunk)) if chunk.is_empty() => {
                    self.done = true;
                    Vec::new()
                }
                Ok(Ok(chunk)) => chunk,
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                Err(_) => {
                    self.done = true;
                    return Err(io::Error::other("the inflater thread stopped"));
                }
            };
            let old = std::mem::replace(&mut self.buf, next);
            self.pos = 0;
            let _ = self.recycle.try_send(old);
        }
        Ok(&self.buf[self.pos.min(self.buf.len())..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = self.pos.saturating_add(amt).min(self.buf.len());
    }
}

/// Reads the first line (at most `max` bytes) of `r`, so format detection never depends on how
/// the source chunks its reads; the bytes are put back in front of the stream by the caller.
/// An error after some bytes is returned beside them (the records before a corrupt second gzip
/// member of a small file must still be read); an error before any byte is the `Err`.
fn read_head<R: BufRead + ?Sized>(
    r: &mut R,
    max: usize,
) -> io::Result<(Vec<u8>, Option<io::Error>)> {
    let mut head = Vec::new();
    while head.len() < max {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if head.is_empty() => return Err(e),
            Err(e) => return Ok((head, Some(e))),
        };
        if buf.is_empty() {
            break;
        }
        let take = (max - head.len()).min(buf.len());
        let nl = memchr::memchr(b'\n', &buf[..take]);
        let take = nl.map_or(take, |i| i + 1);
        head.extend_from_slice(&buf[..take]);
        r.consume(take);
        if nl.is_some() {
            break;
        }
    }
    Ok((head, None))
}

/// A stream whose only content is an error, returned once: what is left of a stream that
/// failed while its head was read.
struct Failed(Option<io::Error>);

impl Read for Failed {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        self.0.take().map_or(Ok(0), Err)
    }
}

impl BufRead for Failed {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(&[]),
        }
    }

    fn consume(&mut self, _: usize) {}
}

/// Maps an I/O error from a (possibly gzip) stream to a [`ReadError`].
pub(crate) fn io_error(file: &Arc<str>, record: u64, e: io::Error) -> ReadError {
    if let Some(m) = gzip::MemberError::find(&e) {
        if m.source.kind() != io::ErrorKind::UnexpectedEof {
            return ReadError::Gzip {
                file: file.clone(),
                record,
                member: m.member,
                offset: m.offset,
                reason: m.source.to_string(),
            };
        }
    }
    if e.kind() == io::ErrorKind::UnexpectedEof {
        ReadError::Truncated {
            file: file.clone(),
            record,
        }
    } else {
        ReadError::Io {
            file: file.clone(),
            record,
            source: e,
        }
    }
}

/// A reader of any supported log, chosen from the content.
pub struct Reader {
    inner: Inner,
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("kind", &self.kind())
            .finish()
    }
}

type Stream = Box<dyn BufRead + Send>;

enum Inner {
    /// CloudTrail and the other JSON logs (WAF, Resolver, GuardDuty): the reader knows its kind.
    Json(CloudTrailReader<Stream>),
    Flow(FlowReader<Stream>),
    Alb(AlbReader<Stream>),
    S3Access(TextReader<Stream, s3access::S3AccessFormat>),
    Web(TextReader<Stream, web::WebFormat>),
    Syslog(TextReader<Stream, syslog::SyslogFormat>),
    Journald(TextReader<Stream, syslog::JournaldFormat>),
    /// A zip archive: its members one after the other, each a reader of its own.
    Zip(Box<archive::ZipReader>),
}

/// Whether a stream starts like a zip archive (a local file header, or the end record of an
/// empty archive).
fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// How the first line of a stream says it is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json(LogKind),
    Flow,
    Alb,
    S3Access,
    Web,
    Syslog,
    Journald,
}

/// The JSON log a first line belongs to, by its top-level members: WAF `httpRequest` and
/// `terminatingRuleId`, Resolver `query_name` and `query_timestamp`, GuardDuty
/// `schemaVersion`, `type` and `severity`, journald `__REALTIME_TIMESTAMP`; anything else
/// (CloudTrail `Records` / `eventVersion`, arrays, pretty-printed documents whose first line
/// is not a whole record, EventBridge envelopes) is CloudTrail.
fn json_format(first_line: &[u8]) -> Format {
    let line = first_line.trim_ascii();
    let Ok(top) = crate::json::index_object(line) else {
        return Format::Json(LogKind::CloudTrail);
    };
    let has = |key: &str| top.member(line, key).is_some();
    if has("Records") || has("eventVersion") {
        Format::Json(LogKind::CloudTrail)
    } else if has("httpRequest") && has("terminatingRuleId") {
        Format::Json(LogKind::Waf)
    } else if has("query_name") && has("query_timestamp") {
        Format::Json(LogKind::Resolver)
    } else if has("schemaVersion") && has("type") && has("severity") {
        Format::Json(LogKind::GuardDuty)
    } else if has("__REALTIME_TIMESTAMP") {
        Format::Journald
    } else {
        Format::Json(LogKind::CloudTrail)
    }
}

/// The format of a stream from its first line (see [`Reader::new`]).
fn text_format(first_line: &[u8]) -> Option<Format> {
    // Order matters where shapes overlap: a syslog line with an ISO time would otherwise be
    // taken for an ALB connection log (which also starts with a time).
    if flow::looks_like_flow(first_line) {
        Some(Format::Flow)
    } else if syslog::looks_like_syslog(first_line) {
        Some(Format::Syslog)
    } else if alb::looks_like_alb(first_line) {
        Some(Format::Alb)
    } else if web::looks_like_web(first_line) {
        Some(Format::Web)
    } else if s3access::looks_like_s3access(first_line) {
        Some(Format::S3Access)
    } else {
        None
    }
}

impl Reader {
    /// Detects gzip and the log kind from the first bytes of `r`, then reads it. A JSON start
    /// (`{` or `[`) is CloudTrail unless the first line is a whole record of WAF, Resolver,
    /// GuardDuty or journald (told apart by their members, see the crate docs); text logs are
    /// recognised by their first line's shape: a flow log header or version-2 line, a syslog
    /// line (classic, ISO or RFC 5424 time, then host and `program:`), an ALB line (request
    /// type first, NLB `tls` and connection-log lines skipped), a web access line
    /// (`ip ident user [time] "request"`), an S3 server access line (`owner bucket [time]`).
    pub fn new<R: Read + Send + 'static>(
        origin: impl Into<Arc<str>>,
        r: R,
    ) -> Result<Reader, ReadError> {
        Reader::build(origin.into(), r, false)
    }

    /// As [`Reader::new`], with a gzip stream inflated on a thread of its own (see
    /// [`decode_on_thread`]): for one large file when a second core is free.
    pub fn with_inflate_thread<R: Read + Send + 'static>(
        origin: impl Into<Arc<str>>,
        r: R,
    ) -> Result<Reader, ReadError> {
        Reader::build(origin.into(), r, true)
    }

    /// Opens a file as [`Reader::new`] does; a zip archive is read in place (seeking to its
    /// members) instead of through memory as from a stream.
    pub fn from_file(origin: impl Into<Arc<str>>, mut file: File) -> Result<Reader, ReadError> {
        use std::io::Seek as _;
        let origin = origin.into();
        let mut magic = [0u8; 4];
        let mut got = 0;
        while got < magic.len() {
            match file.read(&mut magic[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(io_error(&origin, 0, e)),
            }
        }
        file.seek(io::SeekFrom::Start(0))
            .map_err(|e| io_error(&origin, 0, e))?;
        if is_zip(&magic[..got]) {
            let zip = archive::ZipReader::open(origin, Box::new(file))?;
            return Ok(Reader {
                inner: Inner::Zip(Box::new(zip)),
            });
        }
        Reader::build(origin, file, false)
    }

    /// Reads one member of an archive: as [`Reader::new`], but an archive inside it is not
    /// opened.
    pub(crate) fn build_member<R: Read + Send + 'static>(
        origin: Arc<str>,
        r: R,
    ) -> Result<Reader, ReadError> {
        Reader::build_inner(origin, r, false, false)
    }

    fn build<R: Read + Send + 'static>(
        origin: Arc<str>,
        r: R,
        inflate_thread: bool,
    ) -> Result<Reader, ReadError> {
        Reader::build_inner(origin, r, inflate_thread, true)
    }

    fn build_inner<R: Read + Send + 'static>(
        origin: Arc<str>,
        r: R,
        inflate_thread: bool,
        open_zip: bool,
    ) -> Result<Reader, ReadError> {
        let decoded = if inflate_thread {
            decode_on_thread(r)
        } else {
            decode(r)
        };
        let (mut br, _gz) = decoded.map_err(|e| io_error(&origin, 0, e))?;
        let (head, failed) =
            read_head(&mut br, FORMAT_HEAD).map_err(|e| io_error(&origin, 0, e))?;
        if let Some(e) = failed {
            br = Box::new(Failed(Some(e)));
        }
        if is_zip(&head) {
            if !open_zip {
                return Err(ReadError::UnknownFormat {
                    file: origin,
                    reason: "a zip archive inside an archive is not read".into(),
                });
            }
            let bytes = archive::buffer_stream(&origin, io::Cursor::new(head).chain(br))?;
            let zip = archive::ZipReader::open(origin, Box::new(io::Cursor::new(bytes)))?;
            return Ok(Reader {
                inner: Inner::Zip(Box::new(zip)),
            });
        }
        let first_line = head.split(|&c| c == b'\n').next().unwrap_or_default();
        let first_line = first_line.strip_suffix(b"\r").unwrap_or(first_line);
        let trimmed = first_line.trim_ascii_start();
        let format = if trimmed.is_empty() {
            // Empty input (an empty CloudTrail stream yields nothing, which is right for any
            // kind), or a blank first line before JSON.
            Format::Json(LogKind::CloudTrail)
        } else if trimmed.first() == Some(&b'{') {
            json_format(trimmed)
        } else if trimmed.first() == Some(&b'[') {
            Format::Json(LogKind::CloudTrail)
        } else if let Some(f) = text_format(first_line) {
            f
        } else {
            let shown: String =
                String::from_utf8_lossy(&first_line[..first_line.len().min(80)]).into_owned();
            return Err(ReadError::UnknownFormat {
                file: origin,
                reason: format!("first line {shown:?} is none of the logs we read (CloudTrail, WAF, Resolver, GuardDuty or journald JSON; VPC flow, ALB, S3 server access, syslog auth, web access lines)"),
            });
        };
        let br: Stream = Box::new(io::Cursor::new(head).chain(br));
        let inner = match format {
            Format::Json(kind) => Inner::Json(CloudTrailReader::new(origin, br).with_kind(kind)),
            Format::Flow => Inner::Flow(FlowReader::new(origin, br)),
            Format::Alb => Inner::Alb(AlbReader::new(origin, br)),
            Format::S3Access => Inner::S3Access(TextReader::new(origin, br, Default::default())),
            Format::Web => Inner::Web(TextReader::new(origin, br, Default::default())),
            Format::Syslog => Inner::Syslog(TextReader::new(origin, br, Default::default())),
            Format::Journald => Inner::Journald(TextReader::new(origin, br, Default::default())),
        };
        Ok(Reader { inner })
    }

    /// Opens a file and reads it as [`Reader::new`] does.
    pub fn open(path: &Path) -> Result<Reader, ReadError> {
        let f = File::open(path).map_err(|source| ReadError::Open {
            path: path.to_owned(),
            source,
        })?;
        Reader::from_file(path.display().to_string(), f)
    }

    /// The detected kind (for a zip archive, the kind of the member being read).
    pub fn kind(&self) -> LogKind {
        match &self.inner {
            Inner::Json(r) => r.kind(),
            Inner::Flow(_) => LogKind::VpcFlow,
            Inner::Alb(_) => LogKind::Alb,
            Inner::S3Access(_) => LogKind::S3Access,
            Inner::Web(_) => LogKind::WebAccess,
            Inner::Syslog(_) | Inner::Journald(_) => LogKind::LinuxAuth,
            Inner::Zip(z) => z.kind(),
        }
    }

    /// Sets the longest line accepted by a text log reader (default [`MAX_LINE`]); a longer
    /// line is a malformed record, skipped in bounded memory. JSON readers keep
    /// [`MAX_RECORD`].
    pub fn max_line(mut self, bytes: usize) -> Self {
        self.inner = match self.inner {
            Inner::Flow(r) => Inner::Flow(r.max_line(bytes)),
            Inner::Alb(r) => Inner::Alb(r.max_line(bytes)),
            Inner::S3Access(r) => Inner::S3Access(r.max_line(bytes)),
            Inner::Web(r) => Inner::Web(r.max_line(bytes)),
            Inner::Syslog(r) => Inner::Syslog(r.max_line(bytes)),
            Inner::Journald(r) => Inner::Journald(r.max_line(bytes)),
            other @ (Inner::Json(_) | Inner::Zip(_)) => other,
        };
        self
    }

    /// What was read and skipped so far.
    pub fn stats(&self) -> ReadStats {
        match &self.inner {
            Inner::Json(r) => r.stats(),
            Inner::Flow(r) => r.stats(),
            Inner::Alb(r) => r.stats(),
            Inner::S3Access(r) => r.stats(),
            Inner::Web(r) => r.stats(),
            Inner::Syslog(r) => r.stats(),
            Inner::Journald(r) => r.stats(),
            Inner::Zip(z) => z.stats(),
        }
    }
}

impl Iterator for Reader {
    type Item = Result<Event, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Json(r) => r.next(),
            Inner::Flow(r) => r.next(),
            Inner::Alb(r) => r.next(),
            Inner::S3Access(r) => r.next(),
            Inner::Web(r) => r.next(),
            Inner::Syslog(r) => r.next(),
            Inner::Journald(r) => r.next(),
            Inner::Zip(z) => z.next(),
        }
    }
}

/// Lists the files under `path` (the path itself if it is a file), recursively, sorted, hidden
/// entries skipped, so a whole S3 prefix copied to disk can be read in a stable order.
pub fn list_files(path: &Path) -> Result<Vec<PathBuf>, ReadError> {
    let open_err = |p: &Path, source| ReadError::Open {
        path: p.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(|e| open_err(path, e))?;
    if meta.is_file() {
        return Ok(vec![path.to_owned()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| open_err(&dir, e))? {
            let entry = entry.map_err(|e| open_err(&dir, e))?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let p = entry.path();
            let ft = entry.file_type().map_err(|e| open_err(&p, e))?;
            if ft.is_dir() {
                stack.push(p);
            } else if ft.is_file() {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}
