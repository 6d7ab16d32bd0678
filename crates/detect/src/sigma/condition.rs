//! The Sigma condition grammar: `and`, `or`, `not`, parentheses, `1 of` / `any of` / `all of`
//! with `them` or a name pattern (`selection_*`). Precedence: `not` > `and` > `or`.
//! Aggregations (`| count() ...`) are rejected: they belong to correlation rules.
//!
//! The parser is recursive descent, so nesting is capped at [`MAX_CONDITION_DEPTH`]: 10,000
//! parentheses or 20,000 `not` once overflowed the stack and aborted the whole run (issue 8,
//! defect 6); now such a rule is rejected with a reason and the others load.

/// Deepest nesting of parentheses and `not` accepted in a condition. Real rules nest two or
/// three levels; 64 keeps the parser, the evaluator and the drop of the tree far from the
/// stack's end on any thread.
pub const MAX_CONDITION_DEPTH: usize = 64;

/// A compiled condition over the rule's selections (indices into its selection list).
#[derive(Debug, Clone)]
pub(crate) enum Cond {
    Sel(usize),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    OneOf,
    AllOf,
    Them,
    Ident(String),
}

fn tokenize(s: &str) -> Result<Vec<Tok>, String> {
    if s.contains('|') {
        return Err(
            "aggregation expressions in conditions (`| count() ...`) are not supported; write a correlation rule"
                .into(),
        );
    }
    let spaced = s.replace('(', " ( ").replace(')', " ) ");
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let lw = w.to_ascii_lowercase();
        let tok = match lw.as_str() {
            "(" => Tok::LParen,
            ")" => Tok::RParen,
            "and" => Tok::And,
            "or" => Tok::Or,
            "not" => Tok::Not,
            "them" => Tok::Them,
            "1" | "any" | "all"
                if words.get(i + 1).map(|x| x.to_ascii_lowercase()) == Some("of".into()) =>
            {
                i += 1;
                if lw == "all" {
                    Tok::AllOf
                } else {
                    Tok::OneOf
                }
            }
            _ if words.get(i + 1).map(|x| x.to_ascii_lowercase()) == Some("of".into())
                && w.chars().all(|c| c.is_ascii_digit()) =>
            {
                return Err(format!(
                    "`{w} of` is not supported (only `1 of` and `all of`)"
                ));
            }
            _ => Tok::Ident(w.to_owned()),
        };
        out.push(tok);
        i += 1;
    }
    Ok(out)
}

/// Parses `condition` against the selection names (in definition order).
pub(crate) fn parse(condition: &str, names: &[String]) -> Result<Cond, String> {
    let toks = tokenize(condition)?;
    if toks.is_empty() {
        return Err("empty condition".into());
    }
    let mut p = Parser {
        toks: &toks,
        i: 0,
        names,
        depth: 0,
    };
    let c = p.or()?;
    if p.i != toks.len() {
        return Err(format!("unexpected {:?} in condition", toks[p.i]));
    }
    Ok(c)
}

struct Parser<'a> {
    toks: &'a [Tok],
    i: usize,
    names: &'a [String],
    /// Parentheses and `not` open around the current token.
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i)
    }

    fn or(&mut self) -> Result<Cond, String> {
        let mut v = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.i += 1;
            v.push(self.and()?);
        }
        Ok(if v.len() == 1 {
            v.pop().expect("one element")
        } else {
            Cond::Or(v)
        })
    }

    fn and(&mut self) -> Result<Cond, String> {
        let mut v = vec![self.unary()?];
        while self.peek() == Some(&Tok::And) {
            self.i += 1;
            v.push(self.unary()?);
        }
        Ok(if v.len() == 1 {
            v.pop().expect("one element")
        } else {
            Cond::And(v)
        })
    }

    /// Enters one level of nesting, or fails past [`MAX_CONDITION_DEPTH`].
    fn descend(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_CONDITION_DEPTH {
            return Err(format!(
                "condition nested deeper than {MAX_CONDITION_DEPTH} levels of parentheses and `not` (at token {})",
                self.i + 1
            ));
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<Cond, String> {
        match self.peek().cloned() {
            Some(Tok::Not) => {
                self.i += 1;
                self.descend()?;
                let c = Cond::Not(Box::new(self.unary()?));
                self.depth -= 1;
                Ok(c)
            }
            Some(Tok::LParen) => {
                self.i += 1;
                self.descend()?;
                let c = self.or()?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err("missing `)` in condition".into());
                }
                self.i += 1;
                self.depth -= 1;
                Ok(c)
            }
            Some(q @ (Tok::OneOf | Tok::AllOf)) => {
                self.i += 1;
                let targets: Vec<usize> = match self.peek().cloned() {
                    Some(Tok::Them) => (0..self.names.len())
                        .filter(|&k| !self.names[k].starts_with('_'))
                        .collect(),
                    Some(Tok::Ident(pat)) => {
                        let m: Vec<usize> = (0..self.names.len())
                            .filter(|&k| name_matches(&pat, &self.names[k]))
                            .collect();
                        if m.is_empty() {
                            return Err(format!("`{pat}` matches no selection"));
                        }
                        m
                    }
                    other => {
                        return Err(format!(
                            "expected `them` or a name pattern after `of`, found {other:?}"
                        ))
                    }
                };
                self.i += 1;
                if targets.is_empty() {
                    return Err("`them` matches no selection".into());
                }
                let v = targets.into_iter().map(Cond::Sel).collect();
                Ok(if q == Tok::AllOf {
                    Cond::And(v)
                } else {
                    Cond::Or(v)
                })
            }
            Some(Tok::Ident(name)) => {
                self.i += 1;
                match self.names.iter().position(|n| *n == name) {
                    Some(k) => Ok(Cond::Sel(k)),
                    None => Err(format!(
                        "condition names `{name}`, which is not a selection"
                    )),
                }
            }
            Some(t) => Err(format!("unexpected {t:?} in condition")),
            None => Err("condition ends too early".into()),
        }
    }
}

/// `*` wildcard match of a selection-name pattern (case-sensitive, as names are).
///
/// The standard greedy glob: on a mismatch, only the most recent `*` takes one more byte, so
/// the work is at most pattern length × name length. (The recursive version backtracked
/// exponentially: `1 of *a*a*a*a*a*a*a*a*a*a*a*a*b` ran for over a minute, issue 8 defect 7.)
pub(crate) fn name_matches(pat: &str, name: &str) -> bool {
    let (p, n) = (pat.as_bytes(), name.as_bytes());
    let (mut i, mut j) = (0, 0);
    // Position after the last `*` seen, and the name position it is matched up to.
    let mut star: Option<(usize, usize)> = None;
    while j < n.len() {
        if p.get(i) == Some(&b'*') {
            i += 1;
            star = Some((i, j));
        } else if p.get(i) == Some(&n[j]) {
            i += 1;
            j += 1;
        } else if let Some((si, sj)) = star {
            // Let the last star swallow one more byte and retry from just after it.
            i = si;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        ["sel_a", "sel_b", "filter", "_hidden"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn precedence_and_quantifiers() {
        let c = parse("sel_a or sel_b and not filter", &names()).expect("parses");
        assert!(matches!(c, Cond::Or(ref v) if v.len() == 2 && matches!(v[1], Cond::And(_))));
        let c = parse("1 of sel_* and not filter", &names()).expect("parses");
        assert!(matches!(c, Cond::And(ref v) if matches!(v[0], Cond::Or(ref w) if w.len() == 2)));
        let c = parse("all of them", &names()).expect("parses");
        assert!(matches!(c, Cond::And(ref v) if v.len() == 3));
        assert!(parse("sel_a | count() > 5", &names()).is_err());
        assert!(parse("nope", &names()).is_err());
        assert!(parse("(sel_a", &names()).is_err());
        assert!(parse("2 of sel_*", &names()).is_err());
    }

    #[test]
    fn glob_agrees_with_a_reference_matcher() {
        fn reference(p: &[u8], n: &[u8]) -> bool {
            match p.split_first() {
                None => n.is_empty(),
                Some((b'*', rest)) => (0..=n.len()).any(|k| reference(rest, &n[k..])),
                Some((c, rest)) => n.first() == Some(c) && reference(rest, &n[1..]),
            }
        }
        let alphabet = ["", "a", "b", "*", "ab", "a*", "*b", "**", "ba*", "*a*b"];
        for p1 in alphabet {
            for p2 in alphabet {
                let pat = format!("{p1}{p2}");
                for n1 in ["", "a", "b", "ab", "ba", "aab", "abab"] {
                    for n2 in ["", "a", "b", "bb"] {
                        let name = format!("{n1}{n2}");
                        assert_eq!(
                            name_matches(&pat, &name),
                            reference(pat.as_bytes(), name.as_bytes()),
                            "{pat:?} on {name:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn issue8_condition_depth_limit() {
        let at = format!(
            "{}sel_a{}",
            "(".repeat(MAX_CONDITION_DEPTH),
            ")".repeat(MAX_CONDITION_DEPTH)
        );
        assert!(parse(&at, &names()).is_ok());
        let past = format!(
            "{}sel_a{}",
            "(".repeat(MAX_CONDITION_DEPTH + 1),
            ")".repeat(MAX_CONDITION_DEPTH + 1)
        );
        let err = parse(&past, &names()).unwrap_err();
        assert!(err.contains("deeper than 64"), "{err}");
        let nots = |n: usize| format!("{}sel_a", "not ".repeat(n));
        assert!(parse(&nots(MAX_CONDITION_DEPTH), &names()).is_ok());
        assert!(parse(&nots(MAX_CONDITION_DEPTH + 1), &names()).is_err());
        // What once overflowed the stack is now only a rejection.
        assert!(parse(
            &format!("{}sel_a{}", "(".repeat(10_000), ")".repeat(10_000)),
            &names()
        )
        .is_err());
        assert!(parse(&nots(20_000), &names()).is_err());
    }
}
