//! Value matchers: one compiled matcher per Sigma value after its modifiers were applied.
//!
//! Semantics (shared/reference/detection.md "Sigma semantics"): string comparisons are
//! case-insensitive unless `|cased`; the event side is the text form of the JSON value
//! (see [`crate::Event::field`]); a JSON null or an absent field never matches a string,
//! regex, CIDR or number matcher (so `contains: '*'` is false on null), only `null`.

use std::borrow::Cow;

use ipnet::IpNet;
use regex::Regex;

use crate::event::Event;

/// A numeric comparison (`gt`, `gte`, `lt`, `lte`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NumOp {
    Gt,
    Gte,
    Lt,
    Lte,
}

/// How a literal string pattern is compared after wildcard analysis.
#[derive(Debug, Clone)]
pub(crate) enum StrPat {
    /// Whole value equals.
    Exact(String),
    /// Value starts with.
    Prefix(String),
    /// Value ends with.
    Suffix(String),
    /// Value contains.
    Contains(String),
    /// Any non-null value (a pattern made only of `*`).
    Any,
    /// Wildcards in the middle: an anchored regex.
    Wild(Regex),
}

/// A value a field must have (lowercase), or begin with, for a rule to match: the engine's
/// routing key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Literal {
    /// The whole value.
    Exact(String),
    /// A prefix of the value (`|startswith`).
    Prefix(String),
}

/// How a `fieldref` compares the two fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefKind {
    Exact,
    Contains,
    Prefix,
    Suffix,
}

/// One compiled value.
#[derive(Debug, Clone)]
pub(crate) enum Matcher {
    /// `null`: the field is absent or JSON null.
    Null,
    /// A string pattern; `cased` keeps case (base64 output, `|cased`).
    Str { pat: StrPat, cased: bool },
    /// `|re`: unanchored search.
    Re(Regex),
    /// `|cidr`.
    Cidr(IpNet),
    /// `|gt` and friends: the value parsed as a number.
    Num(NumOp, f64),
    /// Any of several case-insensitive ASCII substrings (a `|contains` list: scanner user
    /// agents, sensitive paths), searched in one pass ([`fold_substrings`]).
    AnySubstring(aho_corasick::AhoCorasick),
    /// `|fieldref`: compare with the value(s) of another field of the same event.
    FieldRef {
        path: String,
        kind: RefKind,
        cased: bool,
    },
}

impl Matcher {
    /// Whether the value `v` (`None` = JSON null) matches.
    pub(crate) fn is_match(&self, v: Option<&str>, ev: &Event) -> bool {
        let Some(v) = v else {
            return matches!(self, Matcher::Null);
        };
        match self {
            Matcher::Null => false,
            Matcher::Str { pat, cased } => str_match(pat, *cased, v),
            Matcher::Re(re) => re.is_match(v),
            Matcher::AnySubstring(ac) => ac.is_match(v),
            Matcher::Cidr(net) => v
                .trim()
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| net.contains(&ip)),
            Matcher::Num(op, n) => v.trim().parse::<f64>().is_ok_and(|x| match op {
                NumOp::Gt => x > *n,
                NumOp::Gte => x >= *n,
                NumOp::Lt => x < *n,
                NumOp::Lte => x <= *n,
            }),
            Matcher::FieldRef { path, kind, cased } => ev.values(path, &mut |other| {
                let Some(other) = other else {
                    return false;
                };
                let (a, b): (Cow<'_, str>, Cow<'_, str>) = if *cased {
                    (Cow::Borrowed(v), other)
                } else {
                    (
                        Cow::Owned(v.to_lowercase()),
                        Cow::Owned(other.to_lowercase()),
                    )
                };
                match kind {
                    RefKind::Exact => a == b,
                    RefKind::Contains => a.contains(&*b),
                    RefKind::Prefix => a.starts_with(&*b),
                    RefKind::Suffix => a.ends_with(&*b),
                }
            }),
        }
    }

    /// The lowercase literal when this is a plain case-insensitive equality or prefix (used
    /// for routing events to rules).
    pub(crate) fn index_literal(&self) -> Option<Literal> {
        match self {
            Matcher::Str {
                pat: StrPat::Exact(s),
                cased: false,
            } => Some(Literal::Exact(s.clone())),
            Matcher::Str {
                pat: StrPat::Prefix(s),
                cased: false,
            } if !s.is_empty() => Some(Literal::Prefix(s.clone())),
            _ => None,
        }
    }
}

/// Fewest case-insensitive substring matchers of one field worth one Aho-Corasick automaton
/// instead of a scan each.
const FOLD_AT: usize = 3;

/// Replaces the case-insensitive ASCII `contains` matchers of an "any of" list by one
/// Aho-Corasick automaton when there are [`FOLD_AT`] or more: one linear pass over the value
/// instead of one scan per pattern (a scanner-user-agent list has dozens). Same meaning: ASCII
/// case folding on bytes, as [`find_ascii_ci`] does.
pub(crate) fn fold_substrings(matchers: Vec<Matcher>) -> Vec<Matcher> {
    let foldable = |m: &Matcher| matches!(m, Matcher::Str { pat: StrPat::Contains(p), cased: false } if p.is_ascii() && !p.is_empty());
    if matchers.iter().filter(|m| foldable(m)).count() < FOLD_AT {
        return matchers;
    }
    let (folded, mut rest): (Vec<Matcher>, Vec<Matcher>) = matchers.into_iter().partition(foldable);
    let patterns: Vec<String> = folded
        .iter()
        .filter_map(|m| match m {
            Matcher::Str {
                pat: StrPat::Contains(p),
                ..
            } => Some(p.clone()),
            _ => None,
        })
        .collect();
    // A DFA (about twice the NFA's speed on short values such as user agents) while the
    // automaton stays within its size limit, else whatever the crate picks.
    let built = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&patterns)
        .or_else(|_| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&patterns)
        });
    match built {
        Ok(ac) => {
            rest.insert(0, Matcher::AnySubstring(ac));
            rest
        }
        // Too large for the automaton's limits (a rule file is at most 1 MiB, so not
        // expected): the scans each.
        Err(_) => folded.into_iter().chain(rest).collect(),
    }
}

fn str_match(pat: &StrPat, cased: bool, v: &str) -> bool {
    if let StrPat::Wild(re) = pat {
        return re.is_match(v);
    }
    if let StrPat::Any = pat {
        return true;
    }
    let p = match pat {
        StrPat::Exact(p) | StrPat::Prefix(p) | StrPat::Suffix(p) | StrPat::Contains(p) => p,
        StrPat::Any | StrPat::Wild(_) => unreachable!("handled above"),
    };
    if cased {
        return match pat {
            StrPat::Exact(_) => v == p,
            StrPat::Prefix(_) => v.starts_with(p.as_str()),
            StrPat::Suffix(_) => v.ends_with(p.as_str()),
            _ => v.contains(p.as_str()),
        };
    }
    if p.is_ascii() {
        // The pattern is stored lowercase; ASCII folding on bytes needs no allocation.
        let (vb, pb) = (v.as_bytes(), p.as_bytes());
        match pat {
            StrPat::Exact(_) => vb.len() == pb.len() && vb.eq_ignore_ascii_case(pb),
            StrPat::Prefix(_) => vb.len() >= pb.len() && vb[..pb.len()].eq_ignore_ascii_case(pb),
            StrPat::Suffix(_) => {
                vb.len() >= pb.len() && vb[vb.len() - pb.len()..].eq_ignore_ascii_case(pb)
            }
            _ => find_ascii_ci(vb, pb),
        }
    } else {
        let lv = v.to_lowercase();
        match pat {
            StrPat::Exact(_) => lv == *p,
            StrPat::Prefix(_) => lv.starts_with(p.as_str()),
            StrPat::Suffix(_) => lv.ends_with(p.as_str()),
            _ => lv.contains(p.as_str()),
        }
    }
}

/// Case-insensitive substring search of an ASCII lowercase `needle`.
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    if hay.len() < needle.len() {
        return false;
    }
    let upper = first.to_ascii_uppercase();
    let last_start = hay.len() - needle.len();
    let mut i = 0;
    while i <= last_start {
        let Some(off) = memchr::memchr2(first, upper, &hay[i..=last_start]) else {
            return false;
        };
        let s = i + off;
        if hay[s + 1..s + needle.len()].eq_ignore_ascii_case(rest) {
            return true;
        }
        i = s + 1;
    }
    false
}

/// A piece of a Sigma string after escape processing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    Lit(String),
    Star,
    Quest,
}

/// Splits a Sigma string into literals and wildcards. `\*`, `\?` and `\\` escape; a backslash
/// before anything else is a literal backslash (Sigma specification, "Escaping").
pub(crate) fn parse_wildcards(s: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some(&n @ ('*' | '?' | '\\')) => {
                    lit.push(n);
                    chars.next();
                }
                _ => lit.push('\\'),
            },
            '*' | '?' => {
                if !lit.is_empty() {
                    out.push(Piece::Lit(std::mem::take(&mut lit)));
                }
                out.push(if c == '*' { Piece::Star } else { Piece::Quest });
            }
            _ => lit.push(c),
        }
    }
    if !lit.is_empty() {
        out.push(Piece::Lit(lit));
    }
    out
}

/// Compiles pieces (already wrapped in `*` by contains/startswith/endswith) into a matcher.
pub(crate) fn compile_pieces(pieces: &[Piece], cased: bool) -> Result<StrPat, String> {
    // Collapse runs of stars.
    let mut p: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        if *piece == Piece::Star && p.last() == Some(&Piece::Star) {
            continue;
        }
        p.push(piece.clone());
    }
    let fold = |s: &str| {
        if cased {
            s.to_owned()
        } else {
            s.to_lowercase()
        }
    };
    let lit_only = |x: &[Piece]| match x {
        [Piece::Lit(s)] => Some(s.clone()),
        [] => Some(String::new()),
        _ => None,
    };
    let starts = p.first() == Some(&Piece::Star);
    let ends = p.len() > 1 && p.last() == Some(&Piece::Star);
    if p.iter().all(|x| *x == Piece::Star) && !p.is_empty() {
        return Ok(StrPat::Any);
    }
    let inner = &p[usize::from(starts)..p.len() - usize::from(ends)];
    if let Some(lit) = lit_only(inner) {
        return Ok(match (starts, ends) {
            (false, false) => StrPat::Exact(fold(&lit)),
            (false, true) => StrPat::Prefix(fold(&lit)),
            (true, false) => StrPat::Suffix(fold(&lit)),
            (true, true) => StrPat::Contains(fold(&lit)),
        });
    }
    let mut re = String::from(if cased { "^(?s)" } else { "^(?si)" });
    for piece in &p {
        match piece {
            Piece::Lit(s) => re.push_str(&regex::escape(s)),
            Piece::Star => re.push_str(".*"),
            Piece::Quest => re.push('.'),
        }
    }
    re.push('$');
    regex::RegexBuilder::new(&re)
        .size_limit(MAX_REGEX_SIZE)
        .build()
        .map(StrPat::Wild)
        .map_err(|e| format!("wildcard pattern: {e}"))
}

/// Largest compiled program of one pattern (a `|re` value, or a wildcard value compiled to a
/// regex), in bytes as the `regex` crate counts them; a bigger one rejects its rule. The
/// `regex` crate matches in time linear in the input, so this bounds memory, not time.
/// Real patterns compile to a few KB; counted repetitions (`\w{1000}{1000}`) are what grows.
pub const MAX_REGEX_SIZE: usize = 4 * 1024 * 1024;

/// The three `base64offset` encodings of `value` (as pySigma computes them): the value may
/// start at any of three byte offsets inside a base64 stream.
pub(crate) fn base64_offsets(value: &[u8]) -> Vec<String> {
    use base64::Engine as _;
    let start = [0usize, 2, 3];
    let end_trim = [0usize, 3, 2];
    (0..3)
        .map(|i| {
            let mut buf = vec![b' '; i];
            buf.extend_from_slice(value);
            let enc = base64::engine::general_purpose::STANDARD.encode(&buf);
            let trim = end_trim[(value.len() + i) % 3];
            let end = enc.len().saturating_sub(trim);
            enc.get(start[i]..end).unwrap_or_default().to_owned()
        })
        .collect()
}

/// `windash`: the value with each option dash (`-` or `/` at the start of a word) replaced by
/// every dash Windows accepts. AWS logs rarely need it; kept for rule compatibility.
pub(crate) fn windash_variants(value: &str) -> Vec<String> {
    const DASHES: [char; 5] = ['-', '/', '\u{2013}', '\u{2014}', '\u{2015}'];
    let mut out: Vec<String> = DASHES
        .iter()
        .map(|d| {
            let mut s = String::with_capacity(value.len());
            let mut prev_ws = true;
            for c in value.chars() {
                if prev_ws && (c == '-' || c == '/') {
                    s.push(*d);
                } else {
                    s.push(c);
                }
                prev_ws = c.is_whitespace();
            }
            s
        })
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_classification() {
        let pat = |s: &str| compile_pieces(&parse_wildcards(s), false).expect("compiles");
        assert!(matches!(pat("abc"), StrPat::Exact(s) if s == "abc"));
        assert!(matches!(pat("ABC*"), StrPat::Prefix(s) if s == "abc"));
        assert!(matches!(pat("*abc"), StrPat::Suffix(_)));
        assert!(matches!(pat("*abc*"), StrPat::Contains(_)));
        assert!(matches!(pat("**"), StrPat::Any));
        assert!(matches!(pat("a*c"), StrPat::Wild(_)));
        assert!(matches!(pat(r"a\*c"), StrPat::Exact(s) if s == "a*c"));
        assert!(matches!(pat(r"a\c"), StrPat::Exact(s) if s == r"a\c"));
    }

    #[test]
    fn ci_search() {
        assert!(find_ascii_ci(b"xxAccessDeniedyy", b"accessdenied"));
        assert!(!find_ascii_ci(b"xxAccessDenie", b"accessdenied"));
        assert!(find_ascii_ci(b"a", b""));
    }

    #[test]
    fn base64offset_matches_pysigma() {
        // Values from the Sigma specification's example for "/bin/bash".
        assert_eq!(
            base64_offsets(b"/bin/bash"),
            ["L2Jpbi9iYXNo", "9iaW4vYmFza", "vYmluL2Jhc2"]
        );
    }
}
