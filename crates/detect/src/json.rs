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

/// One value of a validated record, in document order: a container is followed by its
/// descendants, so its children are found by hopping from `index + 1` over each child's
/// subtree (`end`) without looking at the bytes again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Node {
    /// Span of the member key's contents (between the quotes, still escaped); `(0, 0)` for
    /// array elements and the record itself (see [`Node::has_key`]).
    pub key: (u32, u32),
    /// Span of the value (a complete JSON value).
    pub value: (u32, u32),
    /// Index of the first node after this value's subtree.
    pub end: u32,
    escaped: bool,
}

impl Node {
    /// Whether the key contains escapes (then it must be decoded before comparing).
    pub(crate) fn key_escaped(&self) -> bool {
        self.escaped
    }
}

/// The structure of one validated record: every value's span, found by the validating pass
/// itself, so field lookups hop over nested values instead of re-scanning their bytes (the
/// scans were a third of detection time). About 24 bytes per value; a CloudTrail record has
/// 50 to 200 values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tape {
    nodes: Vec<Node>,
    /// The top-level members by key, an open-addressing hash table: slot = 1 + node index,
    /// 0 empty. Every rule's first step is a top-level lookup, and a probe here replaces a
    /// walk over 15 to 30 members. Built only when no top-level key holds escapes, there are
    /// at most [`TOP_TABLE_MAX`] members and node indices fit; otherwise lookups walk.
    table: [u16; TOP_TABLE_SLOTS],
    hashed: bool,
    /// Whether a top-level key contains a dot (then every dotted prefix of a path may name a
    /// member; otherwise only its first segment can).
    dotted_top: bool,
}

impl Default for Tape {
    fn default() -> Tape {
        Tape {
            nodes: Vec::new(),
            table: [0; TOP_TABLE_SLOTS],
            hashed: false,
            dotted_top: false,
        }
    }
}

/// Slots of a record's top-level key table (a power of two).
const TOP_TABLE_SLOTS: usize = 64;
/// Most top-level members hashed (CloudTrail records have 15 to 30); the table stays at most
/// three quarters full so probes stay short.
const TOP_TABLE_MAX: usize = 48;

/// The table slot where the probe for `key` starts: a multiplicative hash of the key's
/// length and its first, second and last bytes (keys of one record rarely share all four).
#[inline]
fn slot_of(key: &[u8]) -> usize {
    let at = |i: usize| u32::from(key.get(i).copied().unwrap_or(0));
    let len = u32::try_from(key.len()).unwrap_or(u32::MAX) & 0xff;
    let sig = len | at(0) << 8 | at(1) << 16 | at(key.len().wrapping_sub(1)) << 24;
    (sig.wrapping_mul(0x9E37_79B1) >> 26) as usize & (TOP_TABLE_SLOTS - 1)
}

impl Tape {
    /// Builds the top-level key table (see [`Tape::table`]).
    fn with_table(nodes: Vec<Node>, raw: &[u8]) -> Tape {
        let mut tape = Tape {
            nodes,
            ..Tape::default()
        };
        let mut count = 0;
        let mut dotted = false;
        let mut table = [0u16; TOP_TABLE_SLOTS];
        for (i, n) in tape.members() {
            count += 1;
            let Ok(slot_value) = u16::try_from(i + 1) else {
                return tape;
            };
            if n.key_escaped() || count > TOP_TABLE_MAX {
                return tape;
            }
            dotted |= span(raw, n.key).contains(&b'.');
            let mut slot = slot_of(span(raw, n.key));
            while table[slot] != 0 {
                slot = (slot + 1) & (TOP_TABLE_SLOTS - 1);
            }
            table[slot] = slot_value;
        }
        tape.table = table;
        tape.hashed = true;
        tape.dotted_top = dotted;
        tape
    }

    /// The members of the record's top-level object.
    pub(crate) fn members(&self) -> Children<'_> {
        self.children(0)
    }

    /// The children of node `i` (members of an object, elements of an array; none otherwise).
    pub(crate) fn children(&self, i: usize) -> Children<'_> {
        let end = self.nodes.get(i).map_or(0, |n| n.end as usize);
        Children {
            nodes: &self.nodes,
            next: i + 1,
            end,
        }
    }

    /// Node `i`.
    pub(crate) fn node(&self, i: usize) -> Option<&Node> {
        self.nodes.get(i)
    }

    /// Calls `f(i)` for each top-level member whose (unescaped) key is `key` (several only
    /// with duplicate keys), in the table's probe order, until `f` returns true.
    fn probe(&self, raw: &[u8], key: &[u8], f: &mut impl FnMut(usize) -> bool) -> bool {
        let start = slot_of(key);
        for k in 0..TOP_TABLE_SLOTS {
            let slot = self.table[(start + k) & (TOP_TABLE_SLOTS - 1)];
            if slot == 0 {
                return false;
            }
            let i = usize::from(slot) - 1;
            if self
                .nodes
                .get(i)
                .is_some_and(|n| bytes_eq(span(raw, n.key), key))
                && f(i)
            {
                return true;
            }
        }
        false
    }

    /// The top-level member whose key is `key`, as (node index, node).
    pub(crate) fn member(&self, raw: &[u8], key: &str) -> Option<(usize, &Node)> {
        if !self.hashed {
            return self
                .members()
                .find(|(_, n)| key_eq(span(raw, n.key), n.key_escaped(), key));
        }
        let mut found = None;
        self.probe(raw, key.as_bytes(), &mut |i| {
            found = Some(i);
            true
        });
        found.and_then(|i| Some((i, self.nodes.get(i)?)))
    }

    /// Calls `f(node index, rest of path)` for every top-level member that `path` selects:
    /// a member whose key is the whole path (rest `""`) or a dotted prefix of it, in document
    /// order; stops when `f` returns true.
    fn top_candidates(
        &self,
        raw: &[u8],
        path: &str,
        f: &mut dyn FnMut(usize, &str) -> bool,
    ) -> bool {
        let walk = |f: &mut dyn FnMut(usize, &str) -> bool| {
            self.members().any(|(c, n)| {
                rest_of_path(span(raw, n.key), n.key_escaped(), path).is_some_and(|rest| f(c, rest))
            })
        };
        if !self.hashed {
            return walk(f);
        }
        let p = path.as_bytes();
        if !self.dotted_top {
            // Only the first segment can be a key.
            let end = memchr::memchr(b'.', p).unwrap_or(p.len());
            let rest = path.get(end + 1..).unwrap_or("");
            return self.probe(raw, &p[..end], &mut |i| f(i, rest));
        }
        let mut hits = [(0usize, 0usize); 4];
        let mut count = 0;
        let mut overflow = false;
        // Each prefix of the path that ends before a dot, and the path itself, may be a key.
        let ends = p
            .iter()
            .enumerate()
            .filter_map(|(i, &c)| (c == b'.').then_some(i))
            .chain(std::iter::once(p.len()));
        for end in ends {
            self.probe(raw, &p[..end], &mut |i| {
                match hits.get_mut(count) {
                    Some(h) => *h = (i, end),
                    None => overflow = true,
                }
                count += 1;
                overflow
            });
            if overflow {
                // More candidates than expected (duplicate keys): the plain walk.
                return walk(f);
            }
        }
        let hits = &mut hits[..count];
        hits.sort_unstable();
        hits.iter()
            .any(|&(node, end)| f(node, path.get(end + 1..).unwrap_or("")))
    }
}

/// Iterator over the children of a tape node, as (index, node).
#[derive(Debug, Clone)]
pub(crate) struct Children<'a> {
    nodes: &'a [Node],
    next: usize,
    end: usize,
}

impl<'a> Iterator for Children<'a> {
    type Item = (usize, &'a Node);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        let i = self.next;
        let n = self.nodes.get(i)?;
        // A node's subtree ends after it, so this always advances (a corrupt tape stops here).
        self.next = (n.end as usize).max(i + 1);
        Some((i, n))
    }
}

/// The bytes of a span (empty when out of range, which a tape built by the validator never is).
pub(crate) fn span(raw: &[u8], (s, e): (u32, u32)) -> &[u8] {
    raw.get(s as usize..e as usize).unwrap_or_default()
}

/// The text of a span of a record held as text. Spans start and end at ASCII structural
/// characters, so this is a slice, not a second UTF-8 validation (empty when out of range).
pub(crate) fn span_str(raw: &str, (s, e): (u32, u32)) -> &str {
    raw.get(s as usize..e as usize).unwrap_or_default()
}

/// Validates `bytes` as one JSON object (whitespace around it allowed) and returns its tape.
/// The structure only: UTF-8 is checked by the caller when it takes the record as text
/// (`String::from_utf8`), once.
pub(crate) fn index_object(bytes: &[u8]) -> Result<Tape, JsonError> {
    let mut i = 0;
    while matches!(bytes.get(i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        i += 1;
    }
    let (tape, end) = index_at(bytes, i)?;
    let rest = skip_ws(bytes, end);
    if rest != bytes.len() {
        return Err(JsonError {
            offset: rest,
            reason: "trailing characters after the record",
        });
    }
    Ok(tape)
}

/// Validates the JSON object starting at `bytes[start]` (its structure; see [`index_object`]
/// on UTF-8) and returns its tape and the index just after it; bytes after the object are not
/// looked at. Lets the CloudTrail reader
/// validate a record in place in its read buffer, in the same pass that finds its end.
pub(crate) fn index_at(bytes: &[u8], start: usize) -> Result<(Tape, usize), JsonError> {
    if bytes.len() > u32::MAX as usize {
        return Err(JsonError {
            offset: 0,
            reason: "record larger than 4 GiB",
        });
    }
    let mut v = Validator {
        b: bytes,
        i: start,
        nodes: Vec::with_capacity(160),
    };
    if v.peek() != Some(b'{') {
        return Err(v.err("record is not a JSON object"));
    }
    v.value(0, None)?;
    let tape = Tape::with_table(v.nodes, bytes);
    Ok((tape, v.i))
}

struct Validator<'a> {
    b: &'a [u8],
    i: usize,
    nodes: Vec<Node>,
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

    /// Validates one value and records it (with its member key, if any) on the tape.
    fn value(&mut self, depth: usize, key: Option<(usize, usize, bool)>) -> Result<(), JsonError> {
        if depth >= MAX_JSON_DEPTH && matches!(self.peek(), Some(b'{' | b'[')) {
            return Err(self.err("nesting deeper than 128 levels (MAX_JSON_DEPTH)"));
        }
        let index = self.nodes.len();
        // Offsets fit in u32: index_at rejects records of 4 GiB or more.
        let (key, escaped) = match key {
            Some((s, e, escaped)) => ((s as u32, e as u32), escaped),
            None => ((0, 0), false),
        };
        self.nodes.push(Node {
            key,
            value: (self.i as u32, 0),
            end: 0,
            escaped,
        });
        match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => {
                self.string()?;
            }
            Some(b't') => self.literal(b"true")?,
            Some(b'f') => self.literal(b"false")?,
            Some(b'n') => self.literal(b"null")?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => return Err(self.err("unexpected character")),
            None => return Err(self.err("unexpected end of record")),
        }
        let end = self.nodes.len() as u32;
        if let Some(n) = self.nodes.get_mut(index) {
            n.value.1 = self.i as u32;
            n.end = end;
        }
        Ok(())
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

    fn object(&mut self, depth: usize) -> Result<(), JsonError> {
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
            self.value(depth + 1, Some(key))?;
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
            self.value(depth + 1, None)?;
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
pub(crate) struct Raw<'a>(pub &'a str);

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

/// Decodes the contents of a JSON string (between the quotes) of a record held as text.
pub(crate) fn decode_text(contents: &str) -> Option<Cow<'_, str>> {
    if !has_backslash(contents.as_bytes()) {
        return Some(Cow::Borrowed(contents));
    }
    decode_str(contents.as_bytes())
}

/// Whether `b` holds a backslash: a plain scan for the short values most fields have (where
/// `memchr`'s set-up costs more than it saves), `memchr` for long ones.
#[inline]
fn has_backslash(b: &[u8]) -> bool {
    if b.len() < 64 {
        b.contains(&b'\\')
    } else {
        memchr::memchr(b'\\', b).is_some()
    }
}

/// Decodes the contents of a JSON string (between the quotes).
pub(crate) fn decode_str(contents: &[u8]) -> Option<Cow<'_, str>> {
    if !has_backslash(contents) {
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
        match self.0.as_bytes().first() {
            Some(b'{') => Kind::Object,
            Some(b'[') => Kind::Array,
            Some(b'"') => Kind::String,
            Some(b't' | b'f') => Kind::Bool,
            Some(b'n') | None => Kind::Null,
            Some(_) => Kind::Number,
        }
    }

    /// Calls `f(key_contents, value)` for each member of an object; stops when `f` returns true.
    #[cfg(test)]
    pub(crate) fn members(self, mut f: impl FnMut(&'a [u8], bool, Raw<'a>) -> bool) -> bool {
        let b = self.0.as_bytes();
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
            if f(key, escaped, Raw(self.0.get(i..vend).unwrap_or_default())) {
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
    #[cfg(test)]
    pub(crate) fn elements(self, mut f: impl FnMut(Raw<'a>) -> bool) -> bool {
        let b = self.0.as_bytes();
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
            if f(Raw(self.0.get(i..vend).unwrap_or_default())) {
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
        decode_text(self.0.get(1..self.0.len() - 1)?)
    }

    /// The text form used for matching: strings decoded, numbers and booleans as written,
    /// objects and arrays as compact JSON (insignificant whitespace removed, member order kept).
    /// `None` for null.
    pub(crate) fn text(self) -> Option<Cow<'a, str>> {
        match self.kind() {
            Kind::Null => None,
            Kind::String => self.as_str(),
            Kind::Number | Kind::Bool => Some(Cow::Borrowed(self.0)),
            Kind::Object | Kind::Array => compact(self.0),
        }
    }
}

/// Removes whitespace outside strings; borrows when there is none (CloudTrail's own records
/// are already compact).
fn compact(s: &str) -> Option<Cow<'_, str>> {
    let b = s.as_bytes();
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
/// returns true as soon as `f` does. The reference the tape resolver is tested against.
#[cfg(test)]
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
#[cfg(test)]
pub(crate) fn match_member<'a>(
    raw_key: &[u8],
    escaped: bool,
    v: Raw<'a>,
    path: &str,
    f: &mut dyn FnMut(Raw<'a>) -> bool,
) -> bool {
    match rest_of_path(raw_key, escaped, path) {
        Some(rest) => resolve(v, rest, f),
        None => false,
    }
}

/// What is left of `path` below a member with this key: `""` when the key is the whole path,
/// the part after the dot when the key is a (possibly dotted) prefix of it, `None` otherwise.
#[inline]
pub(crate) fn rest_of_path<'p>(raw_key: &[u8], escaped: bool, path: &'p str) -> Option<&'p str> {
    let p = path.as_bytes();
    let n = if !escaped {
        // Cheap rejections first: this runs for every member of every object on a path, and
        // most keys differ from the path in length, first byte or the byte after the key.
        let n = raw_key.len();
        if n > p.len() || raw_key.first() != p.first() {
            return None;
        }
        if n < p.len() && p[n] != b'.' {
            return None;
        }
        if !bytes_eq(raw_key, &p[..n]) {
            return None;
        }
        n
    } else {
        let k = decode_str(raw_key)?;
        let n = k.len();
        if n > p.len() || !path.starts_with(&*k) || (n < p.len() && p[n] != b'.') {
            return None;
        }
        n
    };
    if n == p.len() {
        Some("")
    } else {
        path.get(n + 1..)
    }
}

/// Resolves a dotted `path` below node `i` of a record's tape, as [`resolve`] does below a
/// raw value (same fan-out and dotted-key rules), hopping over nested values on the tape.
pub(crate) fn resolve_node<'a>(
    raw: &'a str,
    tape: &Tape,
    i: usize,
    path: &str,
    f: &mut dyn FnMut(Raw<'a>) -> bool,
) -> bool {
    let Some(node) = tape.node(i) else {
        return false;
    };
    let value = Raw(span_str(raw, node.value));
    if i == 0 && !path.is_empty() {
        return tape.top_candidates(raw.as_bytes(), path, &mut |c, rest| {
            resolve_node(raw, tape, c, rest, f)
        });
    }
    match value.kind() {
        Kind::Object if !path.is_empty() => tape.children(i).any(|(c, n)| {
            match rest_of_path(span(raw.as_bytes(), n.key), n.key_escaped(), path) {
                Some(rest) => resolve_node(raw, tape, c, rest, f),
                None => false,
            }
        }),
        Kind::Array => tape.children(i).any(|(c, n)| {
            if path.is_empty() && Raw(span_str(raw, n.value)).kind() != Kind::Array {
                f(Raw(span_str(raw, n.value)))
            } else {
                resolve_node(raw, tape, c, path, f)
            }
        }),
        _ if path.is_empty() => f(value),
        _ => false,
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
        assert_eq!(m.members().count(), 3);
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
        let doc = Raw(r#"{"a":{"b":[{"c":"x"},{"c":"Y"}]},"d.e":{"f":true},"g.h":5}"#);
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

    /// The tape resolver and the byte-scanning resolver agree on every path of a record with
    /// nesting, arrays of arrays, dotted and escaped keys.
    #[test]
    fn tape_resolution_agrees_with_raw_resolution() {
        // With an escaped top-level key (lookups decode every key) and without (signatures),
        // and with a duplicate key.
        for rec in [
            &br#"{"a":{"b":[{"c":"x"},{"c":"Y"},[{"c":3}]]},"d.e":{"f":true},"g.h":5,
            "k":[[1,[2]],"s"],"e\u0073c":{"x":null},"n":{},"m":[]}"#[..],
            &br#"{"a":{"b":[{"c":"x"},{"c":"Y"},[{"c":3}]]},"d.e":{"f":true},"g.h":5,
            "k":[[1,[2]],"s"],"esc":{"x":null},"n":{},"m":[],"d":{"e":{"f":"2nd"}},"a":"dup"}"#[..],
        ] {
            agree_on(rec);
        }
    }

    fn agree_on(rec: &[u8]) {
        let tape = index_object(rec).unwrap();
        let rec = std::str::from_utf8(rec).unwrap();
        let paths = [
            "a", "a.b", "a.b.c", "d.e", "d.e.f", "d", "g.h", "g", "k", "esc", "esc.x", "n", "m",
            "a.b.c.d", "zz", "",
        ];
        for path in paths {
            let collect = |via_tape: bool| {
                let mut got = vec![];
                let mut f = |v: Raw<'_>| {
                    got.push(v.text().map(|t| t.into_owned()));
                    false
                };
                if via_tape {
                    resolve_node(rec, &tape, 0, path, &mut f);
                } else {
                    resolve(Raw(rec.trim()), path, &mut f);
                }
                got
            };
            assert_eq!(collect(true), collect(false), "path {path:?}");
        }
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
            Raw(r#"{ "a" : "x y" , "b":[1, 2] }"#).text().unwrap(),
            r#"{"a":"x y","b":[1,2]}"#
        );
        assert_eq!(Raw(r#""a\u0041""#).text().unwrap(), "aA");
        assert!(Raw("null").text().is_none());
    }
}
