//! Zip archives of logs: each member is read as its own input (origin `archive.zip!member`),
//! with its format detected from its content like any file (gzip members included).
//!
//! The [`zip`] crate reads the central directory (names, sizes, CRCs, where each member's
//! data starts); members are inflated with flate2 (the same zlib-rs inflater as gzip), from a
//! shared handle on the archive, so a member streams in bounded memory while the reader
//! stays an ordinary iterator. Every cap is checked against the sizes the directory declares
//! and again while reading (a directory can lie): a member past a cap is a
//! [`ReadError::Archive`] naming archive and member, and the other members are read. Stored and
//! deflated members are read; other methods, encrypted members, and archives inside archives
//! are reported and skipped.

use std::collections::VecDeque;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::sync::{Arc, Mutex};

use crate::event::{Event, LogKind};
use crate::read::{ReadError, ReadStats, Reader, BUF_SIZE};

/// Most members read from one archive (the rest are reported once, not read).
pub const MAX_ZIP_MEMBERS: usize = 10_000;
/// Largest uncompressed member read (a day of flow logs of a busy VPC is a few GB).
pub const MAX_ZIP_MEMBER_SIZE: u64 = 8 * 1024 * 1024 * 1024;
/// Most uncompressed bytes read from one archive, all members together.
pub const MAX_ZIP_TOTAL_SIZE: u64 = 64 * 1024 * 1024 * 1024;
/// Highest compression ratio (uncompressed / compressed) accepted for a member of more than
/// [`ZIP_RATIO_FLOOR`] bytes: logs deflate 10-30x, a zip bomb thousands of times.
pub const MAX_ZIP_RATIO: u64 = 200;
/// Members smaller than this are not held to [`MAX_ZIP_RATIO`] (a small file of one repeated
/// byte compresses better than any log).
pub const ZIP_RATIO_FLOOR: u64 = 1024 * 1024;
/// Largest zip read from a stream that cannot seek (standard input, an S3 object body): it is
/// held in memory to reach the central directory at its end. Files on disk are not held.
pub const MAX_ZIP_STREAM: usize = 256 * 1024 * 1024;

/// Anything a zip archive can be read from.
pub(crate) trait Source: Read + Seek + Send {}
impl<T: Read + Seek + Send> Source for T {}

type Shared = Arc<Mutex<Box<dyn Source>>>;

/// What the central directory says about a member.
#[derive(Debug)]
struct Member {
    name: String,
    data_start: u64,
    compressed: u64,
    size: u64,
    crc: u32,
    deflated: bool,
}

/// The members of one archive, read one after the other.
pub(crate) struct ZipReader {
    origin: Arc<str>,
    source: Shared,
    members: VecDeque<Member>,
    /// Problems found while listing (reported before the first member's records).
    problems: VecDeque<ReadError>,
    current: Option<Box<Reader>>,
    /// Stats of the members finished so far.
    done: ReadStats,
    total: u64,
}

impl ZipReader {
    /// Lists the archive; `Err` when it is not a readable zip at all.
    pub(crate) fn open(origin: Arc<str>, source: Box<dyn Source>) -> Result<ZipReader, ReadError> {
        let broken = |reason: String| ReadError::UnknownFormat {
            file: origin.clone(),
            reason,
        };
        let mut archive = zip::ZipArchive::new(source)
            .map_err(|e| broken(format!("unreadable zip archive: {e}")))?;
        let mut members = VecDeque::new();
        let mut problems = VecDeque::new();
        let count = archive.len();
        if count > MAX_ZIP_MEMBERS {
            problems.push_back(ReadError::Archive {
                file: origin.clone(),
                member: format!("(members {} to {count})", MAX_ZIP_MEMBERS + 1),
                reason: format!(
                    "the archive has {count} members; only the first {MAX_ZIP_MEMBERS} are read"
                ),
            });
        }
        let mut total = 0u64;
        for i in 0..count.min(MAX_ZIP_MEMBERS) {
            let file = match archive.by_index_raw(i) {
                Ok(f) => f,
                Err(e) => {
                    problems.push_back(ReadError::Archive {
                        file: origin.clone(),
                        member: format!("(member {})", i + 1),
                        reason: format!("unreadable entry: {e}"),
                    });
                    continue;
                }
            };
            let name = file.name().to_owned();
            let skip = |reason: String| ReadError::Archive {
                file: origin.clone(),
                member: name.clone(),
                reason,
            };
            if file.is_dir() {
                continue;
            }
            let (size, compressed) = (file.size(), file.compressed_size());
            // Without a compression feature the zip crate names deflate `DEFLATE`
            // (`Unsupported(8)`): we inflate it ourselves.
            let deflated = match file.compression() {
                zip::CompressionMethod::Stored => false,
                m if m == zip::CompressionMethod::DEFLATE => true,
                other => {
                    problems.push_back(skip(format!(
                        "compression method {other} is not read (stored and deflate are)"
                    )));
                    continue;
                }
            };
            let problem = if file.encrypted() {
                Some("encrypted members are not read".to_owned())
            } else if size > MAX_ZIP_MEMBER_SIZE {
                Some(format!(
                    "{size} bytes uncompressed is more than the {MAX_ZIP_MEMBER_SIZE}-byte limit per member"
                ))
            } else if size > ZIP_RATIO_FLOOR && size / compressed.max(1) > MAX_ZIP_RATIO {
                Some(format!(
                    "compression ratio {} is above the limit of {MAX_ZIP_RATIO} (zip bomb?)",
                    size / compressed.max(1)
                ))
            } else if total.saturating_add(size) > MAX_ZIP_TOTAL_SIZE {
                Some(format!(
                    "the archive's members would exceed {MAX_ZIP_TOTAL_SIZE} bytes uncompressed"
                ))
            } else {
                None
            };
            if let Some(reason) = problem {
                problems.push_back(skip(format!("{reason}; skipped")));
                continue;
            }
            total = total.saturating_add(size);
            members.push_back(Member {
                name,
                data_start: file.data_start(),
                compressed,
                size,
                crc: file.crc32(),
                deflated,
            });
        }
        Ok(ZipReader {
            origin,
            source: Arc::new(Mutex::new(archive.into_inner())),
            members,
            problems,
            current: None,
            done: ReadStats::default(),
            total: 0,
        })
    }

    /// The kind of the member being read (CloudTrail before the first).
    pub(crate) fn kind(&self) -> LogKind {
        self.current
            .as_ref()
            .map_or(LogKind::CloudTrail, |r| r.kind())
    }

    /// Stats of every member read so far.
    pub(crate) fn stats(&self) -> ReadStats {
        let mut s = self.done;
        if let Some(r) = &self.current {
            add(&mut s, r.stats());
        }
        s
    }

    fn open_member(&mut self, m: Member) -> Result<Reader, ReadError> {
        let origin: Arc<str> = Arc::from(format!("{}!{}", self.origin, m.name));
        let raw = Section {
            source: self.source.clone(),
            pos: m.data_start,
            end: m.data_start.saturating_add(m.compressed),
        };
        let body: Box<dyn Read + Send> = if m.deflated {
            Box::new(flate2::read::DeflateDecoder::new(BufReader::with_capacity(
                BUF_SIZE, raw,
            )))
        } else {
            Box::new(raw)
        };
        self.total = self.total.saturating_add(m.size);
        let checked = Checked {
            inner: body,
            declared: m.size,
            crc: m.crc,
            read: 0,
            hasher: flate2::Crc::new(),
        };
        Reader::build_member(origin, checked)
    }
}

fn add(into: &mut ReadStats, s: ReadStats) {
    into.events += s.events;
    into.malformed += s.malformed;
    into.skipped += s.skipped;
    into.nodata += s.nodata;
}

impl Iterator for ZipReader {
    type Item = Result<Event, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(p) = self.problems.pop_front() {
                return Some(Err(p));
            }
            if let Some(r) = self.current.as_mut() {
                match r.next() {
                    Some(item) => return Some(item),
                    None => {
                        let s = r.stats();
                        add(&mut self.done, s);
                        self.current = None;
                    }
                }
            }
            let m = self.members.pop_front()?;
            match self.open_member(m) {
                Ok(r) => self.current = Some(Box::new(r)),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// The compressed bytes of one member, read through the shared handle (each read seeks: the
/// handle is shared by the members, which are read one at a time).
struct Section {
    source: Shared,
    pos: u64,
    end: u64,
}

impl Read for Section {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let left = self.end.saturating_sub(self.pos);
        if left == 0 || out.is_empty() {
            return Ok(0);
        }
        let want = usize::try_from(left).unwrap_or(usize::MAX).min(out.len());
        let mut src = self
            .source
            .lock()
            .map_err(|_| io::Error::other("the archive handle was poisoned"))?;
        src.seek(SeekFrom::Start(self.pos))?;
        let n = src.read(&mut out[..want])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the archive ends inside a member",
            ));
        }
        self.pos += n as u64;
        Ok(n)
    }
}

/// A member's uncompressed bytes, held to the size and CRC the directory declares: more bytes
/// than declared stop the member (a lying directory cannot bypass the caps), and a wrong CRC or
/// a short member is an error at its end.
struct Checked {
    inner: Box<dyn Read + Send>,
    declared: u64,
    crc: u32,
    read: u64,
    hasher: flate2::Crc,
}

impl Read for Checked {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        // One byte of room past the declared size, to notice a member that is longer.
        let room = self.declared.saturating_add(1).saturating_sub(self.read);
        let want = usize::try_from(room).unwrap_or(usize::MAX).min(out.len());
        let n = self.inner.read(&mut out[..want])?;
        self.read += n as u64;
        if self.read > self.declared {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "member is longer than the {} bytes its directory entry declares",
                    self.declared
                ),
            ));
        }
        self.hasher.update(&out[..n]);
        if n == 0 && want > 0 {
            if self.read != self.declared {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!(
                        "member ends after {} of the {} bytes its directory entry declares",
                        self.read, self.declared
                    ),
                ));
            }
            if self.hasher.sum() != self.crc {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "member CRC-32 does not match its directory entry",
                ));
            }
        }
        Ok(n)
    }
}

/// Reads all of a non-seekable zip stream (at most [`MAX_ZIP_STREAM`] bytes) into memory.
pub(crate) fn buffer_stream(origin: &Arc<str>, r: impl Read) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    r.take(MAX_ZIP_STREAM as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| crate::read::io_error(origin, 0, e))?;
    if bytes.len() > MAX_ZIP_STREAM {
        return Err(ReadError::UnknownFormat {
            file: origin.clone(),
            reason: format!(
                "a zip archive from a stream larger than {MAX_ZIP_STREAM} bytes is not read (its directory is at the end; save it to a file)"
            ),
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(data: &'static [u8], declared: u64) -> io::Result<Vec<u8>> {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let mut c = Checked {
            inner: Box::new(data),
            declared,
            crc: crc.sum(),
            read: 0,
            hasher: flate2::Crc::new(),
        };
        let mut out = Vec::new();
        c.read_to_end(&mut out).map(|_| out)
    }

    #[test]
    fn a_member_is_held_to_its_declared_size() {
        assert_eq!(checked(b"abcdef", 6).expect("as declared"), b"abcdef");
        let longer = checked(b"abcdef", 4).expect_err("a lying directory");
        assert!(
            longer.to_string().contains("longer than the 4 bytes"),
            "{longer}"
        );
        let shorter = checked(b"abc", 6).expect_err("cut short");
        assert_eq!(shorter.kind(), io::ErrorKind::UnexpectedEof);
    }
}
