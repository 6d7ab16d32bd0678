//! Multi-member gzip (`cat a.gz b.gz`, S3 objects concatenated, `zcat`-free pipelines): every
//! member is inflated in turn, and a corrupt member (bad header, bad CRC, garbage between or
//! after members) fails with a [`MemberError`] naming the member and the compressed byte offset
//! where it starts, after every byte of the members before it has been delivered (issue 8,
//! defect 1).
//!
//! `flate2`'s `MultiGzDecoder` reads every member too, but its errors do not say where they
//! happened; here each member gets a `GzDecoder` of its own over a byte-counting reader.

use std::io::{self, BufRead, Read};

use flate2::bufread::GzDecoder;

/// Where in a gzip stream an error happened. Carried inside the [`io::Error`] the decoder
/// returns (see [`MemberError::find`]), so readers can report it with file and offset.
#[derive(Debug)]
pub struct MemberError {
    /// 1-based number of the gzip member.
    pub member: u64,
    /// Byte offset of the member's first byte in the compressed stream.
    pub offset: u64,
    /// What the inflater said.
    pub source: io::Error,
}

impl std::fmt::Display for MemberError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "gzip member {} (compressed byte offset {}): {}",
            self.member, self.offset, self.source
        )
    }
}

impl std::error::Error for MemberError {}

impl MemberError {
    /// The member error inside an I/O error returned by a gzip stream from [`crate::read::decode`], if any.
    pub fn find(e: &io::Error) -> Option<&MemberError> {
        e.get_ref()
            .and_then(|inner| inner.downcast_ref::<MemberError>())
    }
}

/// A `BufRead` that counts the bytes consumed from it.
struct Counted<R> {
    inner: R,
    consumed: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed = self.consumed.saturating_add(n as u64);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.inner.consume(amt);
        self.consumed = self.consumed.saturating_add(amt as u64);
    }
}

/// The decompressed bytes of every member of a gzip stream, in order.
pub(crate) struct Members<R> {
    dec: Option<GzDecoder<Counted<R>>>,
    member: u64,
    member_start: u64,
}

impl<R: BufRead> Members<R> {
    /// Inflates `r`, which starts with a gzip header.
    pub(crate) fn new(r: R) -> Self {
        Members {
            dec: Some(GzDecoder::new(Counted {
                inner: r,
                consumed: 0,
            })),
            member: 1,
            member_start: 0,
        }
    }

    fn fail(&mut self, source: io::Error) -> io::Error {
        self.dec = None;
        let kind = source.kind();
        io::Error::new(
            kind,
            MemberError {
                member: self.member,
                offset: self.member_start,
                source,
            },
        )
    }
}

impl<R: BufRead> Read for Members<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            let Some(dec) = self.dec.as_mut() else {
                return Ok(0);
            };
            match dec.read(out) {
                Ok(0) => {
                    // End of this member (its CRC and length checked): another one follows
                    // unless the compressed stream ends here.
                    let mut inner = self.dec.take().expect("checked above").into_inner();
                    let more = loop {
                        match inner.fill_buf() {
                            Ok(b) => break !b.is_empty(),
                            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                            Err(e) => {
                                self.member += 1;
                                self.member_start = inner.consumed;
                                return Err(self.fail(e));
                            }
                        }
                    };
                    if !more {
                        return Ok(0);
                    }
                    self.member += 1;
                    self.member_start = inner.consumed;
                    self.dec = Some(GzDecoder::new(inner));
                }
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.fail(e)),
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(b: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn every_member_is_read() {
        let mut data = gz(b"one ");
        data.extend(gz(b""));
        data.extend(gz(b"two"));
        let mut out = String::new();
        Members::new(&data[..]).read_to_string(&mut out).unwrap();
        assert_eq!(out, "one two");
    }

    #[test]
    fn garbage_after_a_member_names_its_offset() {
        let first = gz(b"one");
        let mut data = first.clone();
        data.extend_from_slice(b"garbage!");
        let mut out = Vec::new();
        let err = Members::new(&data[..]).read_to_end(&mut out).unwrap_err();
        assert_eq!(out, b"one");
        let m = MemberError::find(&err).unwrap();
        assert_eq!((m.member, m.offset), (2, first.len() as u64));
    }

    #[test]
    fn bad_crc_in_a_later_member_keeps_what_came_before() {
        let first = gz(b"first member\n");
        let mut second = gz(b"second member\n");
        let crc_at = second.len() - 8;
        second[crc_at] ^= 0xff;
        let mut data = first.clone();
        data.extend(second);
        let mut out = Vec::new();
        let err = Members::new(&data[..]).read_to_end(&mut out).unwrap_err();
        assert!(out.starts_with(b"first member\n"), "{out:?}");
        let m = MemberError::find(&err).unwrap();
        assert_eq!((m.member, m.offset), (2, first.len() as u64));
        assert!(err.to_string().contains("gzip member 2"), "{err}");
    }
}
