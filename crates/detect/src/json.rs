//! A small lazy JSON layer: validate a record once, index its top-level members, and navigate
//! nested values on demand without building a DOM.
//!
//! Why not `serde_json::Value` per event: building a DOM for every 1.3 KB CloudTrail record caps
//! the pipeline below 100 K events/s (shared/reference/detection.md); most rules touch three or
//! four fields, so we validate the bytes once (strict enough to reject malformed records), keep
//! byte spans, and decode only the strings a rule actually looks at.

use std::borrow::Cow;

/// Deepest nesting of objects and arrays accepted in one record, the record's own object
/// being level 1; a deeper record is malformed (reported, skipped) instead of risking the
/// stack in the recursive validator and path resolver. CloudTrail records nest about ten
/// levels (`requestParameters` of a policy document).
pub const MAX_JSON_DEPTH: usize = 128;

/// Why a JSON record was rejected, with the byte offset inside the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset inside the record where the problem was found.
    pub offset: usize,
    /// What was wrong.
    pub reason: &'static str,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at byte {}", self.reason, self.offset)
    }
}

/// A member of the top-level object: key and value byte spans (`start..end`) in the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Member {
    /// Span of the key's contents (between the quotes, still escaped).
    pub key: (u32, u32),
    /// Span of the value (a complete JSON value).
    pub value: (u32, u32),
    /// Whether the key contains escapes (then it must be decoded before comparing).
    pub escaped: bool,
}

/// Validates `bytes` as one JSON object (whitespace around it allowed) and returns its
/// top-level members. Strings must be UTF-8 (checked once for the whole record).
pub(crate) fn index_object(bytes: &[u8]) -> Result<Vec<Member>, JsonError> {
    let mut v = Validator {
        b: bytes,
        i: 0,
        members: Vec::new(),
    };
    v.ws();
    let (members, end) = index_at(bytes, v.i)?;
    v.i = end;
    v.ws();
    if v.i != bytes.len() {
        return Err(v.err("trailing characters after the record"));
    }
    Ok(members)
}

/// Validates the JSON object starting at `bytes[start]` and returns its top-level members and
/// the index just after it; bytes after the object are not looked at. Lets the CloudTrail
/// reader validate a record in place in its read buffer, in the same pass that finds its end.
pub(crate) fn index_at(bytes: &[u8], start: usize) -> Result<(Vec<Member>, usize), JsonError> {
    if bytes.len() > u32::MAX as usize {
        return Err(JsonError {
            offset: 0,
            reason: "record larger than 4 GiB",
        });
    }
    let mut v = Validator {
        b: bytes,
        i: start,
        members: Vec::with_capacity(24),
    };
    if v.peek() != Some(b'{') {
        return Err(v.err("record is not a JSON object"));
    }
    v.object(0, true)?;
    if let Err(e) = std::str::from_utf8(&bytes[start..v.i]) {
        return Err(JsonError {
            offset: start + e.valid_up_to(),
            reason: "invalid UTF-8",
        });
    }
    Ok((v.members, v.i))
}

struct Validator<'a> {
    b: &'a [u8],
    i: usize,
    members: Vec<Member>,
}

impl Validator<'_> {
    fn err(&self, reason: &'static str) -> JsonError {
        JsonError {
            offset: self.i,
            reason,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(c) = self.peek() {
            if matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<(), JsonError> {
        if depth >= MAX_JSON_DEPTH && matches!(self.peek(), Some(b'{' | b'[')) {
            return Err(self.err("nesting deeper than 128 levels (MAX_JSON_DEPTH)"));
        }
        match self.peek() {
            Some(b'{') => self.object(depth, false),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(|_| ()),
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("unexpected character")),
            None => Err(self.err("unexpected end of record")),
        }
    }

    fn literal(&mut self, lit: &[u8]) -> Result<(), JsonError> {
        if self.b[self.i..].starts_with(lit) {
            self.i += lit.len();
            Ok(())
        } else {
            Err(self.err("invalid literal"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<(), JsonError> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        if self.digits() == 0 {
            return Err(self.err("invalid number"));
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        Ok(())
    }

    /// Validates a string starting at the opening quote; returns the span of its contents and
    /// whether it holds escapes.
    fn string(&mut self) -> Result<(usize, usize, bool), JsonError> {
        self.i += 1;
        let start = self.i;
        let mut escaped = false;
        loop {
            match find_quote_or_backslash(&self.b[self.i..]) {
                None => {
                    self.i = self.b.len();
                    return Err(self.err("unterminated string"));
                }
                Some(off) => {
                    self.i += off;
                    if self.b[self.i] == b'"' {
                        let end = self.i;
                        self.i += 1;
                        return Ok((start, end, escaped));
                    }
                    // Backslash escape.
                    escaped = true;
                    match self.b.get(self.i + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 2,
                        Some(b'u') => {
                            let hex = self.b.get(self.i + 2..self.i + 6);
                            match hex {
                                Some(h) if h.iter().all(u8::is_ascii_hexdigit) => self.i += 6,
                                _ => return Err(self.err("invalid \\u escape")),
                            }
                        }
                        _ => return Err(self.err("invalid escape")),
                    }
                }
            }
        }
    }

    fn object(&mut self, depth: usize, top: bool) -> Result<(), JsonError> {
        self.i += 1; // '{'
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a string key"));
            }
            let key = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.err("expected ':'"));
            }
            self.i += 1;
            self.ws();
            let vstart = self.i;
            self.value(depth + 1)?;
            if top {
                self.members.push(Member {
                    key: (key.0 as u32, key.1 as u32),
                    value: (vstart as u32, self.i as u32),
                    escaped: key.2,
                });
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(self.err("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<(), JsonError> {
        self.i += 1; // '['
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            self.value(depth + 1)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(self.err("expected ',' or ']'")),
            }
        }
    }
}

/// Position of the first `"` or `\\`. Strings in logs are mostly short, where the set-up of
/// a SIMD search costs more than it saves: the first 64 bytes are scanned eight at a time with
/// SWAR bit tricks (the lowest flagged byte is exact), longer strings go to `memchr2`.
#[inline]
fn find_quote_or_backslash(b: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const QUOTE: u64 = LO * b'"' as u64;
    const SLASH: u64 = LO * b'\\' as u64;
    let mut i = 0;
    let limit = b.len().min(64);
    while i + 8 <= limit {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        let v = u64::from_le_bytes(w);
        let q = v ^ QUOTE;
        let s = v ^ SLASH;
        let m = (q.wrapping_sub(LO) & !q & HI) | (s.wrapping_sub(LO) & !s & HI);
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    memchr::memchr2(b'"', b'\\', &b[i..]).map(|k| k + i)
}

/// A borrowed, already validated JSON value. Navigation never panics, even on invalid bytes
/// (it then finds nothing), so a bug elsewhere cannot turn into a crash here.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Raw<'a>(pub &'a [u8]);

/// The JSON type of a [`Raw`] value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

pub(crate) fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    i
}

/// End of the string whose opening quote is at `i` (index after the closing quote), and
/// whether it holds escapes.
fn skip_string(b: &[u8], mut i: usize) -> Option<(usize, bool)> {
    i += 1;
    let mut escaped = false;
    loop {
        let off = find_quote_or_backslash(b.get(i..)?)?;
        i += off;
        if b[i] == b'"' {
            return Some((i + 1, escaped));
        }
        escaped = true;
        i += 2;
    }
}

/// End of the value starting at `i` (no leading whitespace).
pub(crate) fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => skip_string(b, i).map(|(e, _)| e),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = skip_string(b, j)?.0;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
            {
                j += 1;
            }
            Some(j)
        }
    }
}

/// Decodes the contents of a JSON string (between the quotes).
pub(crate) fn decode_str(contents: &[u8]) -> Option<Cow<'_, str>> {
    if memchr::memchr(b'\\', contents).is_none() {
        return std::str::from_utf8(contents).ok().map(Cow::Borrowed);
    }
    let mut quoted = Vec::with_capacity(contents.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(contents);
    quoted.push(b'"');
    serde_json::from_slice::<String>(&quoted)
        .ok()
        .map(Cow::Owned)
}

/// Equality of two equally long short byte strings without a call into libc `memcmp`, whose
/// call overhead dominated key comparison (keys are 5 to 20 bytes); last byte first, as keys
/// sharing a prefix (`eventName`, `eventTime`) differ at the end.
#[inline]
fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.last() == b.last() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Whether the raw key contents equal `want` (decoding escapes only when present).
pub(crate) fn key_eq(raw_key: &[u8], escaped: bool, want: &str) -> bool {
    if !escaped {
        raw_key.len() == want.len() && bytes_eq(raw_key, want.as_bytes())
    } else {
        decode_str(raw_key).is_some_and(|k| k == want)
    }
}

impl<'a> Raw<'a> {
    pub(crate) fn kind(self) -> Kind {
        match self.0.first() {
            Some(b'{') => Kind::Object,
            Some(b'[') => Kind::Array,
            Some(b'"') => Kind::String,
            Some(b't' | b'f') => Kind::Bool,
            Some(b'n') | None => Kind::Null,
            Some(_) => Kind::Number,
        }
    }

    /// Calls `f(key_contents, value)` for each member of an object; stops when `f` returns true.
    pub(crate) fn members(self, mut f: impl FnMut(&'a [u8], bool, Raw<'a>) -> bool) -> bool {
        let b = self.0;
        if b.first() != Some(&b'{') {
            return false;
        }
        let mut i = skip_ws(b, 1);
        if b.get(i) == Some(&b'}') {
            return false;
        }
        loop {
            if b.get(i) != Some(&b'"') {
                return false;
            }
            let Some((kend, escaped)) = skip_string(b, i) else {
                return false;
            };
            let key = &b[i + 1..kend - 1];
            i = skip_ws(b, kend);
            if b.get(i) != Some(&b':') {
                return false;
            }
            i = skip_ws(b, i + 1);
            let Some(vend) = skip_value(b, i) else {
                return false;
            };
            if f(key, escaped, Raw(&b[i..vend])) {
                return true;
            }
            i = skip_ws(b, vend);
            match b.get(i) {
                Some(b',') => i = skip_ws(b, i + 1),
                _ => return false,
            }
        }
    }

    /// Calls `f` for each element of an array; stops when `f` returns true.
    pub(crate) fn elements(self, mut f: impl FnMut(Raw<'a>) -> bool) -> bool {
        let b = self.0;
        if b.first() != Some(&b'[') {
            return false;
        }
        let mut i = skip_ws(b, 1);
        if b.get(i) == Some(&b']') {
            return false;
        }
        loop {
            let Some(vend) = skip_value(b, i) else {
                return false;
            };
            if f(Raw(&b[i..vend])) {
                return true;
            }
            i = skip_ws(b, vend);
            match b.get(i) {
                Some(b',') => i = skip_ws(b, i + 1),
                _ => return false,
            }
        }
    }

    /// A string value, decoded.
    pub(crate) fn as_str(self) -> Option<Cow<'a, str>> {
        if self.kind() != Kind::String || self.0.len() < 2 {
            return None;
        }
        decode_str(&self.0[1..self.0.len() - 1])
    }

    /// The text form used for matching: strings decoded, numbers and booleans as written,
    /// objects and arrays as compact JSON (insignificant whitespace removed, member order kept).
    /// `None` for null.
    pub(crate) fn text(self) -> Option<Cow<'a, str>> {
        match self.kind() {
            Kind::Null => None,
            Kind::String => self.as_str(),
            Kind::Number | Kind::Bool => std::str::from_utf8(self.0).ok().map(Cow::Borrowed),
            Kind::Object | Kind::Array => compact(self.0),
        }
    }
}

/// Removes whitespace outside strings; borrows when there is none (CloudTrail's own records
/// are already compact).
fn compact(b: &[u8]) -> Option<Cow<'_, str>> {
    let s = std::str::from_utf8(b).ok()?;
    let mut in_str = false;
    let mut esc = false;
    let mut needs = false;
    for &c in b {
        if in_str {
            if esc {
                esc = false;
            } else if c == b'\\' {
                esc = true;
            } else if c == b'"' {
                in_str = false;
            }
        } else if c == b'"' {
            in_str = true;
        } else if matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
            needs = true;
            break;
        }
    }
    if !needs {
        return Some(Cow::Borrowed(s));
    }
    let mut out = String::with_capacity(s.len());
    in_str = false;
    esc = false;
    for ch in s.chars() {
        if in_str {
            out.push(ch);
            if esc {
                esc = false;
            } else if ch == '\\' {
                esc = true;
            } else if ch == '"' {
                in_str = false;
            }
        } else if ch == '"' {
            in_str = true;
            out.push(ch);
        } else if !matches!(ch, ' ' | '\n' | '\r' | '\t') {
            out.push(ch);
        }
    }
    Some(Cow::Owned(out))
}

/// Resolves a dotted `path` below `value`, fanning out over arrays at any level and trying
/// literal keys that contain dots (a key equal to the whole remaining path, or to a dotted
/// prefix of it). Calls `f` for every value found (arrays at the leaf are fanned out too);
/// returns true as soon as `f` does.
pub(crate) fn resolve<'a>(value: Raw<'a>, path: &str, f: &mut dyn FnMut(Raw<'a>) -> bool) -> bool {
    if path.is_empty() {
        return match value.kind() {
            Kind::Array => value.elements(|e| {
                if e.kind() == Kind::Array {
                    resolve(e, "", f)
                } else {
                    f(e)
                }
            }),
            _ => f(value),
        };
    }
    match value.kind() {
        Kind::Object => value.members(|k, esc, v| match_member(k, esc, v, path, f)),
        Kind::Array => value.elements(|e| resolve(e, path, f)),
        _ => false,
    }
}

/// Applies one object member to a path: the member matches the whole path, or is a
/// (possibly dotted) prefix of it followed by a dot.
pub(crate) fn match_member<'a>(
    raw_key: &[u8],
    escaped: bool,
    v: Raw<'a>,
    path: &str,
    f: &mut dyn FnMut(Raw<'a>) -> bool,
) -> bool {
    let p = path.as_bytes();
    if !escaped {
        // Cheap rejections first: this runs for every member of every object on a path, and
        // most keys differ from the path in length, first byte or the byte after the key.
        let n = raw_key.len();
        if n > p.len() || raw_key.first() != p.first() {
            return false;
        }
        if n < p.len() && p[n] != b'.' {
            return false;
        }
        if !bytes_eq(raw_key, &p[..n]) {
            return false;
        }
        if n == p.len() {
            resolve(v, "", f)
        } else {
            resolve(v, &path[n + 1..], f)
        }
    } else {
        let Some(k) = decode_str(raw_key) else {
            return false;
        };
        if k == path {
            return resolve(v, "", f);
        }
        if path.len() > k.len() && path.starts_with(&*k) && p[k.len()] == b'.' {
            return resolve(v, &path[k.len() + 1..], f);
        }
        false
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn validates_and_indexes() {
        let rec = br#" {"a": 1, "b": {"c": [1, "x"]}, "d": "e\"f"} "#;
        let m = index_object(rec).unwrap();
        assert_eq!(m.len(), 3);
        assert!(index_object(br#"{"a": }"#).is_err());
        assert!(index_object(br#"{"a": 1,}"#).is_err());
        assert!(index_object(br#"{"a": "\q"}"#).is_err());
        assert!(index_object(br#"[1]"#).is_err());
        assert!(index_object(br#"{"a": 1} x"#).is_err());
        assert!(index_object(&[b'['; 1000]).is_err());
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(200), "]".repeat(200));
        assert!(index_object(deep.as_bytes()).is_err());
    }

    #[test]
    fn resolves_paths_with_fan_out_and_dotted_keys() {
        let doc = Raw(br#"{"a":{"b":[{"c":"x"},{"c":"Y"}]},"d.e":{"f":true},"g.h":5}"#);
        let mut got = vec![];
        resolve(doc, "a.b.c", &mut |v| {
            got.push(v.text().unwrap().into_owned());
            false
        });
        assert_eq!(got, ["x", "Y"]);
        let mut got = vec![];
        resolve(doc, "d.e.f", &mut |v| {
            got.push(v.text().unwrap().into_owned());
            false
        });
        assert_eq!(got, ["true"]);
        let mut got = vec![];
        resolve(doc, "g.h", &mut |v| {
            got.push(v.text().unwrap().into_owned());
            false
        });
        assert_eq!(got, ["5"]);
    }

    #[test]
    fn quote_search_matches_memchr() {
        let mut text = Vec::new();
        for n in 0..200usize {
            text.clear();
            text.extend((0..n).map(|k| b'a' + (k % 26) as u8));
            for pos in 0..=n {
                let mut t = text.clone();
                if pos < n {
                    t[pos] = if pos % 2 == 0 { b'"' } else { b'\\' };
                }
                assert_eq!(
                    find_quote_or_backslash(&t),
                    memchr::memchr2(b'"', b'\\', &t),
                    "n={n} pos={pos}"
                );
            }
        }
    }

    #[test]
    fn compact_text() {
        assert_eq!(
            Raw(br#"{ "a" : "x y" , "b":[1, 2] }"#).text().unwrap(),
            r#"{"a":"x y","b":[1,2]}"#
        );
        assert_eq!(Raw(br#""a\u0041""#).text().unwrap(), "aA");
        assert!(Raw(b"null").text().is_none());
    }
}
