//! Limits on rule files, checked before a YAML value tree is built (issue 8): the size of a
//! file, the nesting depth of a document and the number of nodes it expands to.
//!
//! Why before: the YAML parser's time grows with the square of the flow nesting depth (a
//! 100,000-deep `[[[...]]]` rule took 15 s to reject, `{a: {a: ...}}` 30 s), and aliases can
//! expand a 30 KB file into millions of nodes (3.6 GB). So a document is first scanned as text
//! for its flow nesting ([`scan_depth`], linear), then walked once by a counting visitor that
//! builds nothing ([`check_shape`]): only a document within every limit is built as a value.

use std::cell::Cell;

use serde::de::{self, DeserializeSeed, Visitor};

/// Largest rule file read (bytes). Sigma rules are a few KB; a file of a hundred rules stays
/// far below. A bigger file is rejected as a whole, and the other files load.
pub const MAX_RULE_FILE: usize = 1024 * 1024;

/// Deepest nesting of YAML collections in a rule document (the document's own mapping is
/// level 1). A Sigma rule needs four or five levels.
pub const MAX_YAML_DEPTH: usize = 64;

/// Most YAML nodes (scalars, sequences, mappings; keys count) a document may expand to, with
/// aliases expanded. A rule with a list of a thousand values has a few thousand nodes.
pub const MAX_YAML_NODES: u64 = 100_000;

/// Scans YAML text for the depth of its flow collections (`[`, `{`) before the parser sees
/// it. The estimate is the larger of a small lexer's count (quotes, comments and block
/// scalars skipped) and the plain balance of brackets, so it errs towards too deep only for
/// text with many unbalanced brackets inside strings. Returns the 1-based line where the
/// depth passed `max`.
pub(crate) fn scan_depth(text: &str, max: usize) -> Result<(), usize> {
    let b = text.as_bytes();
    let (mut lexed, mut naive) = (0usize, 0usize);
    let mut line = 1usize;
    let mut i = 0usize;
    // Indentation of the line that opened a block scalar (`|`, `>`): deeper lines are text.
    let mut block: Option<usize> = None;
    while i < b.len() {
        // Start of a line.
        let start = i;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        let indent = i - start;
        let blank = i >= b.len() || b[i] == b'\n' || b[i] == b'\r';
        if let Some(n) = block {
            if blank || indent > n {
                while i < b.len() && b[i] != b'\n' {
                    naive = bracket(naive, b[i]);
                    i += 1;
                }
                if naive > max {
                    return Err(line);
                }
                i += 1;
                line += 1;
                continue;
            }
            block = None;
        }
        if indent == 0 && (b[i..].starts_with(b"---") || b[i..].starts_with(b"...")) {
            // A document marker: the next document starts from nothing.
            lexed = 0;
            naive = 0;
        }
        let mut at_value = true;
        let mut prev_space = true;
        while i < b.len() && b[i] != b'\n' {
            let c = b[i];
            let next = b.get(i + 1).copied();
            let ends = |n: Option<u8>| matches!(n, None | Some(b' ' | b'\t' | b'\n' | b'\r'));
            naive = bracket(naive, c);
            match c {
                b' ' | b'\t' | b'\r' => {
                    prev_space = true;
                    i += 1;
                    continue;
                }
                b'#' if prev_space => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                    break;
                }
                b'[' | b'{' if at_value || lexed > 0 => {
                    lexed += 1;
                    at_value = true;
                }
                b']' | b'}' if lexed > 0 => {
                    lexed -= 1;
                    at_value = false;
                }
                b',' if lexed > 0 => at_value = true,
                b'\'' | b'"' if at_value => {
                    let (end, lines) = skip_quoted(b, i);
                    for &q in &b[i + 1..end.min(b.len())] {
                        naive = bracket(naive, q);
                    }
                    i = end;
                    line += lines;
                    at_value = false;
                    prev_space = false;
                    continue;
                }
                b'|' | b'>' if at_value && lexed == 0 => {
                    block = Some(indent);
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                    break;
                }
                b'-' | b'?' | b':' if ends(next) || (c == b':' && lexed > 0) => at_value = true,
                b'&' | b'!' if at_value => {
                    // A node property: the node itself follows.
                    while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
                        i += 1;
                    }
                    continue;
                }
                _ => at_value = false,
            }
            if lexed.max(naive) > max {
                return Err(line);
            }
            prev_space = false;
            i += 1;
        }
        if lexed.max(naive) > max {
            return Err(line);
        }
        i += 1;
        line += 1;
    }
    Ok(())
}

fn bracket(depth: usize, c: u8) -> usize {
    match c {
        b'[' | b'{' => depth + 1,
        b']' | b'}' => depth.saturating_sub(1),
        _ => depth,
    }
}

/// End (index after the closing quote, or the end of text) of the quoted scalar opening at
/// `i`, and the newlines inside it.
fn skip_quoted(b: &[u8], i: usize) -> (usize, usize) {
    let q = b[i];
    let mut j = i + 1;
    let mut lines = 0;
    while j < b.len() {
        match b[j] {
            b'\\' if q == b'"' => j += 1,
            b'\'' if q == b'\'' && b.get(j + 1) == Some(&b'\'') => j += 1,
            c if c == q => return (j + 1, lines),
            b'\n' => lines += 1,
            _ => {}
        }
        j += 1;
    }
    (b.len(), lines)
}

/// Why a document's shape was refused.
pub(crate) enum ShapeError {
    /// Past [`MAX_YAML_DEPTH`] or [`MAX_YAML_NODES`]: the reason.
    Limit(String),
    /// The YAML itself is invalid (the parser's message).
    Yaml(yaml_serde::Error),
}

/// Walks one document without building it, counting nodes (aliases expanded) and depth.
pub(crate) fn check_shape(de: yaml_serde::Deserializer<'_>) -> Result<(), ShapeError> {
    let state = Shape {
        nodes: Cell::new(0),
        depth: Cell::new(0),
        hit: Cell::new(None),
    };
    match (&state).deserialize(de) {
        Ok(()) => Ok(()),
        Err(e) => match state.hit.take() {
            Some(reason) => Err(ShapeError::Limit(reason)),
            None => Err(ShapeError::Yaml(e)),
        },
    }
}

struct Shape {
    nodes: Cell<u64>,
    depth: Cell<usize>,
    /// The limit that stopped the walk (the error the visitor returns carries no data).
    hit: Cell<Option<String>>,
}

impl Shape {
    fn node<E: de::Error>(&self) -> Result<(), E> {
        let n = self.nodes.get() + 1;
        self.nodes.set(n);
        if n > MAX_YAML_NODES {
            self.hit.set(Some(format!(
                "YAML document expands to more than {MAX_YAML_NODES} nodes (aliases included)"
            )));
            return Err(E::custom("node limit"));
        }
        Ok(())
    }

    fn enter<E: de::Error>(&self) -> Result<(), E> {
        self.node()?;
        let d = self.depth.get() + 1;
        self.depth.set(d);
        if d > MAX_YAML_DEPTH {
            self.hit.set(Some(format!(
                "YAML nesting deeper than {MAX_YAML_DEPTH} levels"
            )));
            return Err(E::custom("depth limit"));
        }
        Ok(())
    }

    fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }
}

impl<'de> DeserializeSeed<'de> for &Shape {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for &Shape {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.node()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.node()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.node()
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        self.node()
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        self.node()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.node()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.node()
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<(), E> {
        self.node()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.node()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.node()
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.enter()?;
        while seq.next_element_seed(self)?.is_some() {}
        self.leave();
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.enter()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        self.leave();
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!tag value`): the tag is a node, then its value.
        use de::VariantAccess as _;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_scan_follows_quotes_comments_and_block_scalars() {
        assert_eq!(scan_depth("a: [[[1]]]\n", 3), Ok(()));
        assert_eq!(scan_depth("a: [[[[1]]]]\n", 3), Err(1));
        assert_eq!(scan_depth("a: {b: [c, {d: [1]}]}\n", 4), Ok(()));
        assert_eq!(scan_depth("a: {b: [c, {d: [1]}]}\n", 3), Err(1));
        // Brackets inside strings, comments and block scalars count only as their balance.
        assert_eq!(
            scan_depth("a: '[]]]'\nb: \"[\\\"]\"\nc: x # ]]]\n", 3),
            Ok(())
        );
        assert_eq!(scan_depth("d: |\n  [[\n  ]]\nb: [[[1]]]\n", 3), Ok(()));
        // Closing brackets hidden in comments or strings do not hide real openers.
        assert_eq!(scan_depth("a: [ #]\n [ #]\n [ #]\n [ #]\n", 3), Err(4));
        assert_eq!(scan_depth("a: [ ']', [ ']', [ ']', [ ']'\n", 3), Err(1));
        // A new document starts from nothing.
        assert_eq!(scan_depth("a: [[[\n---\nb: [[[1]]]\n", 3), Ok(()));
    }
}
