//! JSON templates into [`Node`]s with line and column for every value.
//!
//! serde_json reports positions of errors but not of values, and a finding must point at the
//! line of the property it is about, so this is a small strict RFC 8259 reader that tracks
//! positions. Nesting is bounded like the YAML reader's.

use std::cell::Cell;

use super::node::{to_u32, Key, Node, NodeKind, Pos, SyntaxError, MAX_DEPTH};

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    line: u32,
    line_start: usize,
    /// Column bookkeeping: (byte offset, characters from the line start to it). Positions are
    /// asked for at increasing offsets, so counting from the last one keeps a minified
    /// one-line template linear instead of quadratic.
    column: Cell<(usize, usize)>,
}

/// Parse a JSON text into a tree.
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut r = Reader {
        bytes: text.as_bytes(),
        text,
        at: 0,
        line: 1,
        line_start: 0,
        column: Cell::new((0, 0)),
    };
    // A UTF-8 byte order mark is tolerated, as CloudFormation does.
    if text.starts_with('\u{feff}') {
        r.at = 3;
        r.line_start = 3;
        r.column.set((3, 0));
    }
    r.skip_ws();
    let node = r.value(0)?;
    r.skip_ws();
    if r.at < r.bytes.len() {
        return Err(r.error("trailing characters after the JSON value"));
    }
    Ok(node)
}

impl Reader<'_> {
    fn pos(&self) -> Pos {
        // Columns count characters (bytes that are not UTF-8 continuation bytes), so any byte
        // offset is safe, even one inside a character after a bad escape.
        let (mut from, mut count) = self.column.get();
        if from < self.line_start || from > self.at {
            from = self.line_start;
            count = 0;
        }
        count += self.bytes[from..self.at]
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80)
            .count();
        self.column.set((self.at, count));
        let col = count + 1;
        Pos {
            line: self.line,
            col: to_u32(col),
        }
    }

    fn error(&self, message: &str) -> SyntaxError {
        SyntaxError {
            pos: self.pos(),
            message: format!("JSON syntax error: {message}"),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'\n' => {
                    self.at += 1;
                    self.line += 1;
                    self.line_start = self.at;
                }
                _ => break,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth >= MAX_DEPTH {
            return Err(self.error(&format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        let pos = self.pos();
        let kind = match self.bytes.get(self.at) {
            None => return Err(self.error("unexpected end of input")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => NodeKind::String(self.string()?),
            Some(b't') => self.literal("true", NodeKind::Bool(true))?,
            Some(b'f') => self.literal("false", NodeKind::Bool(false))?,
            Some(b'n') => self.literal("null", NodeKind::Null)?,
            Some(b'-' | b'0'..=b'9') => NodeKind::Number(self.number()?),
            Some(_) => return Err(self.error("expected a value")),
        };
        Ok(Node { kind, pos })
    }

    fn literal(&mut self, word: &str, kind: NodeKind) -> Result<NodeKind, SyntaxError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(kind)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn number(&mut self) -> Result<String, SyntaxError> {
        let start = self.at;
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        let digits = |r: &mut Self| {
            let s = r.at;
            while r.bytes.get(r.at).is_some_and(u8::is_ascii_digit) {
                r.at += 1;
            }
            r.at - s
        };
        if digits(self) == 0 {
            return Err(self.error("malformed number"));
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if digits(self) == 0 {
                return Err(self.error("malformed number"));
            }
        }
        if matches!(self.bytes.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.bytes.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("malformed number"));
            }
        }
        Ok(self.text[start..self.at].to_string())
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        // Opening quote.
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while let Some(&b) = self.bytes.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(&self.text[start..self.at]);
            match self.bytes.get(self.at) {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let Some(&esc) = self.bytes.get(self.at) else {
                        return Err(self.error("unterminated string"));
                    };
                    self.at += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let c = self.unicode_escape()?;
                            out.push(c);
                        }
                        _ => return Err(self.error("invalid escape in string")),
                    }
                }
                Some(_) => return Err(self.error("control character in string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let Some(digits) = self.text.get(self.at..self.at + 4) else {
            return Err(self.error("truncated \\u escape"));
        };
        let value =
            u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid \\u escape"))?;
        self.at += 4;
        Ok(value)
    }

    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            if self.bytes[self.at..].starts_with(b"\\u") {
                self.at += 2;
                let second = self.hex4()?;
                if (0xDC00..0xE000).contains(&second) {
                    let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    return char::from_u32(c).ok_or_else(|| self.error("invalid surrogate pair"));
                }
            }
            return Err(self.error("unpaired surrogate in \\u escape"));
        }
        char::from_u32(first).ok_or_else(|| self.error("invalid \\u escape"))
    }

    fn array(&mut self, depth: usize) -> Result<NodeKind, SyntaxError> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(NodeKind::Seq(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(NodeKind::Seq(items));
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<NodeKind, SyntaxError> {
        self.at += 1;
        let mut entries = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(NodeKind::Map(entries));
        }
        loop {
            self.skip_ws();
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(self.error("expected a string key"));
            }
            let pos = self.pos();
            let name = self.string()?;
            self.skip_ws();
            if self.bytes.get(self.at) != Some(&b':') {
                return Err(self.error("expected ':' after a key"));
            }
            self.at += 1;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            entries.push((Key { name, pos }, value));
            self.skip_ws();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(NodeKind::Map(entries));
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn positions_of_keys_and_values() {
        let root =
            parse("{\n  \"a\": {\"Ref\": \"X\"},\n  \"b\": [1, -2.5e3, true, null]\n}").unwrap();
        let (k, v) = root.entry("a").unwrap();
        assert_eq!(k.pos, Pos { line: 2, col: 3 });
        assert_eq!(v.pos, Pos { line: 2, col: 8 });
        assert_eq!(root.get("b").unwrap().pos.line, 3);
    }

    #[test]
    fn escapes_and_unicode() {
        let root = parse(r#"{"s": "a\"b\\c\u00e9\ud83d\ude00"}"#).unwrap();
        assert_eq!(root.get("s").unwrap().as_str(), Some("a\"b\\cé😀"));
    }

    /// Issue 8 (limits): nesting of exactly `MAX_NESTING_DEPTH` levels parses; one more is a
    /// syntax error naming the line.
    #[test]
    fn issue8_nesting_depth_at_and_past_the_limit() {
        let nested = |n: usize| format!("{{\"a\":\n{}{}}}", "[".repeat(n - 1), "]".repeat(n - 1));
        assert!(parse(&nested(MAX_DEPTH)).is_ok());
        let err = parse(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert!(err.message.contains("nesting deeper than 128"), "{err:?}");
        assert_eq!(err.pos.line, 2);
    }

    #[test]
    fn errors_carry_the_line() {
        let err = parse("{\n \"a\": 1,\n \"b\" 2\n}").unwrap_err();
        assert_eq!(err.pos.line, 3);
        assert!(parse("[1,]").is_err());
        assert!(parse("\"\\ud800\"").is_err());
        assert!(parse(&"[".repeat(10_000)).is_err());
    }
}
