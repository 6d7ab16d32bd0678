//! CloudWatch Logs JSON filter patterns (`{ $.eventName = "DeleteTrail" || … }`), parsed and
//! compared by meaning: does every event a CIS pattern matches also match a customer's filter?
//!
//! A pattern is a tree of `&&`, `||` and parentheses over atoms `$.selector <test>`, where the
//! test is `=`/`!=` a string (quoted or bare, `*` a wildcard), a number, or a `%regex%`;
//! `<`, `<=`, `>`, `>=` a number; `IS TRUE`, `IS FALSE`, `IS NULL`, or `NOT EXISTS`. `&&` binds
//! tighter than `||`.
//!
//! The comparison puts the CIS pattern in disjunctive normal form (a list of conjunctions, each
//! a kind of event CIS wants counted) and evaluates the customer's filter under each
//! conjunction: an atom of the filter holds when an atom of the conjunction implies it (the same
//! selector and a test that entails it: `= DeleteTrail` entails `= Delete*` and
//! `!= HeadObject`). The language has no negation operator, so a filter is monotone in its atoms
//! and it covers the conjunction exactly when it is true with every atom the conjunction does
//! not imply taken as false. Atoms that cloudward cannot decide (a wildcard against a regular
//! expression, a string against a number) are evaluated both ways: a filter true only when they
//! hold is *undecided*, and the rule says Unknown rather than guessing. The one imprecision is a
//! filter that is a tautology on one field (`$.x = a* || $.x != a*`): it is judged not to cover.
//!
//! Limits on the input, reported by name when hit: a pattern of at most [`MAX_PATTERN_BYTES`]
//! (CloudWatch's own limit), nesting at most [`MAX_DEPTH`] parentheses deep, string values of at
//! most [`MAX_VALUE_BYTES`] (wildcard matching is quadratic in them, so this bounds it), regular
//! expressions compiled by the `regex` crate (linear-time) within [`MAX_REGEX_BYTES`], and at
//! most [`MAX_CONJUNCTIONS`] conjunctions when a pattern is expanded.

use std::fmt;

/// CloudWatch rejects filter patterns longer than this.
pub(crate) const MAX_PATTERN_BYTES: usize = 1024;
/// Parentheses nested deeper than this are not read.
pub(crate) const MAX_DEPTH: usize = 32;
/// A string value longer than this is not compared.
pub(crate) const MAX_VALUE_BYTES: usize = 256;
/// The compiled size limit for a `%regex%` value.
pub(crate) const MAX_REGEX_BYTES: usize = 64 * 1024;
/// A pattern whose disjunctive normal form has more conjunctions than this is not expanded.
pub(crate) const MAX_CONJUNCTIONS: usize = 256;

/// Why a pattern could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PatternError {
    /// A text, space-delimited or regular-expression pattern: not over JSON fields.
    #[error("not a JSON filter pattern ({{ … }})")]
    NotJson,
    #[error("longer than {MAX_PATTERN_BYTES} bytes")]
    TooLong,
    #[error("nested more than {MAX_DEPTH} parentheses deep")]
    TooDeep,
    #[error("a value is longer than {MAX_VALUE_BYTES} bytes")]
    ValueTooLong,
    #[error("expands to more than {MAX_CONJUNCTIONS} alternatives")]
    TooManyConjunctions,
    #[error("regular expression %{0}% is not supported: {1}")]
    Regex(String, String),
    #[error("syntax error at byte {0}: {1}")]
    Syntax(usize, &'static str),
}

/// A parsed pattern.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    Atom(Atom),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

/// `$.selector <test>`.
#[derive(Debug, Clone)]
pub(crate) struct Atom {
    /// The selector as written, `$.userIdentity.type`.
    pub selector: String,
    pub test: Test,
}

#[derive(Debug, Clone)]
pub(crate) enum Test {
    Eq(Value),
    Ne(Value),
    /// `<`, `<=`, `>`, `>=` a number.
    Compare(Comparison, f64),
    IsTrue,
    IsFalse,
    IsNull,
    NotExists,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Comparison {
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone)]
pub(crate) enum Value {
    /// A string; `*` matches any run of characters.
    Text(String),
    Number(f64),
    /// `%…%`: matches when the expression matches anywhere in the value.
    Regex(String, regex::Regex),
}

/// Whether one atom entails another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entails {
    Yes,
    No,
    /// cloudward cannot tell.
    Undecided,
}

/// How far a filter covers one conjunction of a CIS pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Cover {
    No,
    Undecided,
    Yes,
}

/// Parse a JSON filter pattern.
pub(crate) fn parse(pattern: &str) -> Result<Expr, PatternError> {
    if pattern.len() > MAX_PATTERN_BYTES {
        return Err(PatternError::TooLong);
    }
    let mut parser = Parser {
        text: pattern,
        at: 0,
    };
    parser.skip_space();
    if !parser.eat("{") {
        return Err(PatternError::NotJson);
    }
    let expr = parser.or(0)?;
    parser.skip_space();
    if !parser.eat("}") {
        return Err(parser.error("expected `&&`, `||` or `}`"));
    }
    parser.skip_space();
    if parser.at != pattern.len() {
        return Err(parser.error("text after the closing `}`"));
    }
    Ok(expr)
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.at..).unwrap_or("")
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    /// Consume `token` (after white space) if it is next.
    fn eat(&mut self, token: &str) -> bool {
        self.skip_space();
        if self.rest().starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }

    /// Consume the keyword `word` (any case) if it is next and ends there.
    fn eat_word(&mut self, word: &str) -> bool {
        self.skip_space();
        let rest = self.rest();
        let Some(head) = rest.get(..word.len()) else {
            return false;
        };
        let ends = rest[word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if head.eq_ignore_ascii_case(word) && ends {
            self.at += word.len();
            true
        } else {
            false
        }
    }

    fn error(&self, what: &'static str) -> PatternError {
        PatternError::Syntax(self.at, what)
    }

    fn or(&mut self, depth: usize) -> Result<Expr, PatternError> {
        let mut parts = vec![self.and(depth)?];
        while self.eat("||") {
            parts.push(self.and(depth)?);
        }
        Ok(match parts.len() {
            1 => parts.remove(0),
            _ => Expr::Or(parts),
        })
    }

    fn and(&mut self, depth: usize) -> Result<Expr, PatternError> {
        let mut parts = vec![self.unary(depth)?];
        while self.eat("&&") {
            parts.push(self.unary(depth)?);
        }
        Ok(match parts.len() {
            1 => parts.remove(0),
            _ => Expr::And(parts),
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, PatternError> {
        if self.eat("(") {
            if depth >= MAX_DEPTH {
                return Err(PatternError::TooDeep);
            }
            let inner = self.or(depth + 1)?;
            if !self.eat(")") {
                return Err(self.error("expected `)`"));
            }
            return Ok(inner);
        }
        self.atom().map(Expr::Atom)
    }

    fn atom(&mut self) -> Result<Atom, PatternError> {
        self.skip_space();
        if !self.rest().starts_with('$') {
            return Err(self.error("expected a selector `$.…`"));
        }
        let len = self
            .rest()
            .find(|c: char| c.is_whitespace() || "=!<>()&|}".contains(c))
            .unwrap_or(self.rest().len());
        let selector = self.rest()[..len].to_string();
        self.at += len;
        let test = if self.eat("!=") {
            Test::Ne(self.value()?)
        } else if self.eat("<=") {
            Test::Compare(Comparison::Le, self.number()?)
        } else if self.eat(">=") {
            Test::Compare(Comparison::Ge, self.number()?)
        } else if self.eat("<") {
            Test::Compare(Comparison::Lt, self.number()?)
        } else if self.eat(">") {
            Test::Compare(Comparison::Gt, self.number()?)
        } else if self.eat("=") {
            Test::Eq(self.value()?)
        } else if self.eat_word("IS") {
            if self.eat_word("TRUE") {
                Test::IsTrue
            } else if self.eat_word("FALSE") {
                Test::IsFalse
            } else if self.eat_word("NULL") {
                Test::IsNull
            } else {
                return Err(self.error("expected TRUE, FALSE or NULL after IS"));
            }
        } else if self.eat_word("NOT") {
            if !self.eat_word("EXISTS") {
                return Err(self.error("expected EXISTS after NOT"));
            }
            Test::NotExists
        } else {
            return Err(self.error("expected an operator after the selector"));
        };
        Ok(Atom { selector, test })
    }

    fn number(&mut self) -> Result<f64, PatternError> {
        match self.value()? {
            Value::Number(n) => Ok(n),
            _ => Err(self.error("expected a number")),
        }
    }

    fn value(&mut self) -> Result<Value, PatternError> {
        self.skip_space();
        let rest = self.rest();
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut text = String::new();
            let mut chars = quoted.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '"' => {
                        self.at += 1 + i + 1;
                        return bounded(text).map(Value::Text);
                    }
                    '\\' => match chars.next() {
                        Some((_, escaped)) => text.push(escaped),
                        None => break,
                    },
                    c => text.push(c),
                }
            }
            return Err(self.error("unterminated string"));
        }
        if let Some(body) = rest.strip_prefix('%') {
            let Some(end) = body.find('%') else {
                return Err(self.error("unterminated %regex%"));
            };
            let source = body[..end].to_string();
            self.at += end + 2;
            let compiled = regex::RegexBuilder::new(&source)
                .size_limit(MAX_REGEX_BYTES)
                .build()
                .map_err(|e| PatternError::Regex(source.clone(), e.to_string()))?;
            return Ok(Value::Regex(source, compiled));
        }
        let len = rest
            .find(|c: char| c.is_whitespace() || "()&|}".contains(c))
            .unwrap_or(rest.len());
        if len == 0 {
            return Err(self.error("expected a value"));
        }
        let token = rest[..len].to_string();
        self.at += len;
        let looks_numeric = token
            .chars()
            .all(|c| c.is_ascii_digit() || "+-.eE".contains(c))
            && token.chars().any(|c| c.is_ascii_digit());
        match token.parse::<f64>() {
            Ok(n) if looks_numeric && n.is_finite() => Ok(Value::Number(n)),
            _ => bounded(token).map(Value::Text),
        }
    }
}

fn bounded(text: String) -> Result<String, PatternError> {
    match text.len() > MAX_VALUE_BYTES {
        true => Err(PatternError::ValueTooLong),
        false => Ok(text),
    }
}

/// The pattern as a list of conjunctions (disjunctive normal form).
pub(crate) fn conjunctions(expr: &Expr) -> Result<Vec<Vec<Atom>>, PatternError> {
    match expr {
        Expr::Atom(atom) => Ok(vec![vec![atom.clone()]]),
        Expr::Or(parts) => {
            let mut all = Vec::new();
            for part in parts {
                all.extend(conjunctions(part)?);
                if all.len() > MAX_CONJUNCTIONS {
                    return Err(PatternError::TooManyConjunctions);
                }
            }
            Ok(all)
        }
        Expr::And(parts) => {
            let mut product: Vec<Vec<Atom>> = vec![Vec::new()];
            for part in parts {
                let alternatives = conjunctions(part)?;
                if product.len().saturating_mul(alternatives.len()) > MAX_CONJUNCTIONS {
                    return Err(PatternError::TooManyConjunctions);
                }
                product = product
                    .iter()
                    .flat_map(|prefix| {
                        alternatives.iter().map(move |alt| {
                            let mut joined = prefix.clone();
                            joined.extend(alt.iter().cloned());
                            joined
                        })
                    })
                    .collect();
            }
            Ok(product)
        }
    }
}

/// How far `filter` matches every event that satisfies all of `conjunction`.
pub(crate) fn covers(filter: &Expr, conjunction: &[Atom]) -> Cover {
    // Monotone in its atoms: evaluate with undecided atoms false, then true.
    if holds(filter, conjunction, false) {
        Cover::Yes
    } else if holds(filter, conjunction, true) {
        Cover::Undecided
    } else {
        Cover::No
    }
}

fn holds(filter: &Expr, conjunction: &[Atom], undecided_holds: bool) -> bool {
    match filter {
        Expr::And(parts) => parts.iter().all(|p| holds(p, conjunction, undecided_holds)),
        Expr::Or(parts) => parts.iter().any(|p| holds(p, conjunction, undecided_holds)),
        Expr::Atom(wanted) => {
            let mut verdict = false;
            for given in conjunction {
                match entails(given, wanted) {
                    Entails::Yes => return true,
                    Entails::Undecided => verdict = undecided_holds,
                    Entails::No => {}
                }
            }
            verdict
        }
    }
}

/// Whether every value satisfying `given` satisfies `wanted`.
fn entails(given: &Atom, wanted: &Atom) -> Entails {
    if given.selector != wanted.selector {
        return Entails::No;
    }
    use Entails::{No, Undecided, Yes};
    let yes_if = |b: bool| if b { Yes } else { No };
    match (&given.test, &wanted.test) {
        (Test::Eq(Value::Text(a)), Test::Eq(Value::Text(b))) => yes_if(glob_covers(b, a)),
        (Test::Eq(Value::Text(a)), Test::Ne(Value::Text(b))) => {
            if !a.contains('*') {
                yes_if(!glob_covers(b, a))
            } else if !b.contains('*') {
                // A single string outside the wildcard's language is never equal to it.
                yes_if(!glob_covers(a, b))
            } else {
                Undecided
            }
        }
        (Test::Eq(Value::Text(a)), Test::Eq(Value::Regex(_, re))) if !a.contains('*') => {
            yes_if(re.is_match(a))
        }
        (Test::Eq(Value::Text(a)), Test::Ne(Value::Regex(_, re))) if !a.contains('*') => {
            yes_if(!re.is_match(a))
        }
        (Test::Eq(Value::Text(_)), Test::Eq(Value::Regex(..)) | Test::Ne(Value::Regex(..))) => {
            Undecided
        }
        (Test::Eq(Value::Text(a)), Test::Eq(Value::Number(_)) | Test::Ne(Value::Number(_)))
        | (Test::Eq(Value::Text(a)), Test::Compare(..)) => {
            // A string that reads as a number may be compared as one.
            match a.parse::<f64>() {
                Ok(_) => Undecided,
                Err(_) => No,
            }
        }
        (Test::Ne(Value::Text(a)), Test::Ne(Value::Text(b))) => yes_if(glob_covers(a, b)),
        (Test::Eq(Value::Regex(a, _)), Test::Eq(Value::Regex(b, _)))
        | (Test::Ne(Value::Regex(a, _)), Test::Ne(Value::Regex(b, _))) => match a == b {
            true => Yes,
            false => Undecided,
        },
        (Test::NotExists, Test::NotExists)
        | (Test::IsNull, Test::IsNull)
        | (Test::IsTrue, Test::IsTrue)
        | (Test::IsFalse, Test::IsFalse) => Yes,
        // Whether CloudWatch matches `!=` on a missing field is not documented.
        (Test::NotExists, Test::Ne(_)) => Undecided,
        (given, wanted) => match (interval(given), interval(wanted)) {
            (Some(g), Some(w)) => yes_if(w.contains(&g)),
            _ => match (given, wanted) {
                (Test::Ne(Value::Number(a)), Test::Ne(Value::Number(b))) => yes_if(a == b),
                (given, Test::Ne(Value::Number(b))) => match interval(given) {
                    Some(g) => yes_if(!g.contains_point(*b)),
                    None => No,
                },
                _ => No,
            },
        },
    }
}

/// A numeric test as an interval of the real line.
#[derive(Debug, Clone, Copy)]
struct Interval {
    low: f64,
    low_closed: bool,
    high: f64,
    high_closed: bool,
}

impl Interval {
    fn contains_point(&self, x: f64) -> bool {
        let above = x > self.low || (self.low_closed && x == self.low);
        let below = x < self.high || (self.high_closed && x == self.high);
        above && below
    }

    fn contains(&self, other: &Interval) -> bool {
        let low_ok = other.low > self.low
            || (other.low == self.low && (self.low_closed || !other.low_closed));
        let high_ok = other.high < self.high
            || (other.high == self.high && (self.high_closed || !other.high_closed));
        low_ok && high_ok
    }
}

fn interval(test: &Test) -> Option<Interval> {
    let (low, low_closed, high, high_closed) = match test {
        Test::Eq(Value::Number(n)) => (*n, true, *n, true),
        Test::Compare(Comparison::Lt, n) => (f64::NEG_INFINITY, false, *n, false),
        Test::Compare(Comparison::Le, n) => (f64::NEG_INFINITY, false, *n, true),
        Test::Compare(Comparison::Gt, n) => (*n, false, f64::INFINITY, false),
        Test::Compare(Comparison::Ge, n) => (*n, true, f64::INFINITY, false),
        _ => return None,
    };
    Some(Interval {
        low,
        low_closed,
        high,
        high_closed,
    })
}

/// Whether every string `text` stands for matches `pattern`, `*` in both being a wildcard: a
/// `*` in `text` (any run of characters) can only be matched by a `*` in `pattern`. With no `*`
/// in `text` this is ordinary wildcard matching. Both are at most [`MAX_VALUE_BYTES`] long, so
/// the dynamic programme is at most 65 536 steps.
fn glob_covers(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // reach[j]: pattern[..i] can produce text[..j].
    let mut reach = vec![false; t.len() + 1];
    reach[0] = true;
    for &pc in &p {
        let mut next = vec![false; t.len() + 1];
        if pc == '*' {
            let mut any = false;
            for j in 0..=t.len() {
                any |= reach[j];
                next[j] = any;
            }
        } else {
            for j in 1..=t.len() {
                next[j] = reach[j - 1] && t[j - 1] == pc && t[j - 1] != '*';
            }
        }
        reach = next;
    }
    reach[t.len()]
}

impl fmt::Display for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let selector = &self.selector;
        match &self.test {
            Test::Eq(v) => write!(f, "{selector} = {v}"),
            Test::Ne(v) => write!(f, "{selector} != {v}"),
            Test::Compare(c, n) => {
                let op = match c {
                    Comparison::Lt => "<",
                    Comparison::Le => "<=",
                    Comparison::Gt => ">",
                    Comparison::Ge => ">=",
                };
                write!(f, "{selector} {op} {n}")
            }
            Test::IsTrue => write!(f, "{selector} IS TRUE"),
            Test::IsFalse => write!(f, "{selector} IS FALSE"),
            Test::IsNull => write!(f, "{selector} IS NULL"),
            Test::NotExists => write!(f, "{selector} NOT EXISTS"),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(s) => write!(f, "\"{s}\""),
            Value::Number(n) => write!(f, "{n}"),
            Value::Regex(s, _) => write!(f, "%{s}%"),
        }
    }
}

/// `a && b && c`, for messages.
pub(crate) fn describe(conjunction: &[Atom]) -> String {
    conjunction
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" && ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cover(filter: &str, cis: &str) -> Vec<Cover> {
        let filter = parse(filter).expect("filter parses");
        let cis = conjunctions(&parse(cis).expect("cis parses")).expect("expands");
        cis.iter().map(|c| covers(&filter, c)).collect()
    }

    fn all(filter: &str, cis: &str) -> Cover {
        cover(filter, cis).into_iter().min().unwrap_or(Cover::No)
    }

    const UNAUTHORIZED: &str = r#"{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }"#;

    #[test]
    fn quotes_spacing_and_grouping_do_not_matter() {
        let cis = "{ ($.eventName = CreateTrail) || ($.eventName = DeleteTrail) }";
        for filter in [
            cis,
            r#"{$.eventName="DeleteTrail"||$.eventName="CreateTrail"}"#,
            "{ (($.eventName = CreateTrail)) || ($.eventName = DeleteTrail || $.eventName = X) }",
        ] {
            assert_eq!(all(filter, cis), Cover::Yes, "{filter}");
        }
    }

    #[test]
    fn a_missing_alternative_is_named() {
        let cis = "{ ($.eventName = CreateTrail) || ($.eventName = DeleteTrail) }";
        assert_eq!(
            cover("{ $.eventName = CreateTrail }", cis),
            vec![Cover::Yes, Cover::No]
        );
        let c = conjunctions(&parse(cis).expect("reads")).expect("reads");
        assert_eq!(describe(&c[1]), "$.eventName = \"DeleteTrail\"");
    }

    #[test]
    fn wider_filters_cover_and_narrower_ones_do_not() {
        // CIS 4.1's older form (no exclusions) and its precedence-ambiguous v5 text both cover
        // the narrow intent.
        for filter in [
            r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#,
            r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }"#,
            r#"{ $.errorCode = "*" }"#,
            r#"{ $.errorCode = "*Operation" || $.errorCode = "Access*" }"#,
        ] {
            assert_eq!(all(filter, UNAUTHORIZED), Cover::Yes, "{filter}");
        }
        for filter in [
            r#"{ $.errorCode = "AccessDenied" || $.errorCode = "*UnauthorizedOperation" }"#,
            r#"{ $.errorCode = "AccessDenied*" }"#,
            r#"{ ($.errorCode = "*UnauthorizedOperation" || $.errorCode = "AccessDenied*") && $.awsRegion = "us-east-1" }"#,
            r#"{ ($.errorCode = "*UnauthorizedOperation" || $.errorCode = "AccessDenied*") && $.eventName != "GetObject" }"#,
        ] {
            assert_eq!(all(filter, UNAUTHORIZED), Cover::No, "{filter}");
        }
        // The event-source restriction of CIS 4.13 written either way.
        let cis = "{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = DeleteRoute)) }";
        assert_eq!(
            all(
                "{ ($.eventSource = ec2.amazonaws.com) && ($.eventName = CreateRoute) || ($.eventName = DeleteRoute) }",
                cis
            ),
            Cover::Yes
        );
        assert_eq!(
            all(
                "{ $.eventName = CreateRoute || $.eventName = Delete* }",
                cis
            ),
            Cover::Yes
        );
        assert_eq!(
            all(
                "{ $.eventSource = ec2.amazonaws.com && $.eventName = CreateRoute }",
                cis
            ),
            Cover::No
        );
    }

    #[test]
    fn exclusions_and_existence() {
        let root = r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#;
        assert_eq!(all(root, root), Cover::Yes);
        assert_eq!(all(r#"{ $.userIdentity.type = "Root" }"#, root), Cover::Yes);
        assert_eq!(
            all(
                r#"{ $.userIdentity.type = Root && $.eventType != "AwsApiCall" }"#,
                root
            ),
            Cover::No
        );
        // Whether `!=` matches a missing field is not documented: undecided, not guessed.
        assert_eq!(
            all(
                r#"{ $.userIdentity.type = Root && $.userIdentity.invokedBy != "AWS Internal" }"#,
                root
            ),
            Cover::Undecided
        );
        let mfa =
            r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }"#;
        assert_eq!(
            all(
                r#"{ $.eventName = ConsoleLogin && $.additionalEventData.MFAUsed != Yes && $.userIdentity.type = IAMUser }"#,
                mfa
            ),
            Cover::No
        );
    }

    #[test]
    fn regular_expressions_and_numbers() {
        let cis = "{ ($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) }";
        assert_eq!(
            all(
                "{ $.eventName = %^DisableKey$|^ScheduleKeyDeletion$% }",
                cis
            ),
            Cover::Yes
        );
        assert_eq!(all("{ $.eventName = %^Disable% }", cis), Cover::No);
        assert_eq!(all("{ $.eventName != %Enable% }", cis), Cover::Yes);
        // A wildcard against a regular expression: cloudward cannot tell.
        assert_eq!(
            all(
                r#"{ $.errorCode = %Denied% }"#,
                r#"{ $.errorCode = "AccessDenied*" }"#
            ),
            Cover::Undecided
        );
        let n = "{ $.latency = 5 }";
        assert_eq!(all("{ $.latency > 1 }", n), Cover::Yes);
        assert_eq!(all("{ $.latency >= 5 && $.latency <= 5 }", n), Cover::Yes);
        assert_eq!(all("{ $.latency < 5 }", n), Cover::No);
        assert_eq!(all("{ $.latency != 4 }", n), Cover::Yes);
        assert_eq!(all("{ $.latency > 1 }", "{ $.latency > 2 }"), Cover::Yes);
        assert_eq!(all("{ $.latency > 2 }", "{ $.latency >= 2 }"), Cover::No);
        assert_eq!(all("{ $.ok IS TRUE }", "{ $.ok IS TRUE }"), Cover::Yes);
        assert_eq!(all("{ $.ok IS FALSE }", "{ $.ok IS TRUE }"), Cover::No);
    }

    #[test]
    fn wildcard_inclusion() {
        assert!(glob_covers("Access*", "AccessDenied*"));
        assert!(glob_covers("*Denied*", "AccessDenied*"));
        assert!(glob_covers("*", "*x"));
        assert!(!glob_covers("AccessDenied*", "Access*"));
        assert!(!glob_covers("AccessDenied", "AccessDenied*"));
        assert!(glob_covers("a*c", "abc"));
        assert!(!glob_covers("a*c", "abd"));
    }

    #[test]
    fn hostile_input_is_refused_by_name() {
        assert_eq!(parse("ERROR").expect_err("refused"), PatternError::NotJson);
        assert_eq!(parse("").expect_err("refused"), PatternError::NotJson);
        assert_eq!(
            parse(&format!("{{ {} }}", "x".repeat(MAX_PATTERN_BYTES))).expect_err("refused"),
            PatternError::TooLong
        );
        let deep = format!("{{ {}$.a = 1{} }}", "(".repeat(40), ")".repeat(40));
        assert_eq!(parse(&deep).expect_err("refused"), PatternError::TooDeep);
        let long = format!("{{ $.a = \"{}\" }}", "x".repeat(MAX_VALUE_BYTES + 1));
        assert_eq!(
            parse(&long).expect_err("refused"),
            PatternError::ValueTooLong
        );
        for bad in [
            "{ $.a = }",
            "{ $.a = \"x }",
            "{ $.a = %x }",
            "{ $.a IS MAYBE }",
            "{ $.a NOT THERE }",
            "{ ($.a = 1 }",
            "{ $.a = 1 } trailing",
            "{ a = 1 }",
            "{ $.a = %(% }",
            "{ $.a < x }",
            "{ $.a = 1 &&",
            "{ \u{e9}\u{e9} }",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        // 2^9 = 512 conjunctions: refused, not expanded.
        let wide = format!("{{ {} }}", ["($.a = 1 || $.b = 2)"; 9].join(" && "));
        let expr = parse(&wide).expect("parses");
        assert_eq!(
            conjunctions(&expr).expect_err("refused"),
            PatternError::TooManyConjunctions
        );
    }

    #[test]
    fn issue8_pattern_limits_at_and_past() {
        let nested = |n: usize| format!("{{ {}$.a = 1{} }}", "(".repeat(n), ")".repeat(n));
        assert!(parse(&nested(MAX_DEPTH)).is_ok());
        assert_eq!(
            parse(&nested(MAX_DEPTH + 1)).expect_err("refused"),
            PatternError::TooDeep
        );
        let value = |n: usize| format!("{{ $.a = \"{}\" }}", "x".repeat(n));
        assert!(parse(&value(MAX_VALUE_BYTES)).is_ok());
        assert_eq!(
            parse(&value(MAX_VALUE_BYTES + 1)).expect_err("refused"),
            PatternError::ValueTooLong
        );
        // Exactly MAX_PATTERN_BYTES: a long OR of short atoms.
        let mut long = String::from("{ $.a = 1");
        while long.len() + " || $.a = 1".len() + " }".len() <= MAX_PATTERN_BYTES {
            long.push_str(" || $.a = 1");
        }
        long.push_str(&" ".repeat(MAX_PATTERN_BYTES - long.len() - 2));
        long.push_str(" }");
        assert_eq!(long.len(), MAX_PATTERN_BYTES);
        assert!(parse(&long).is_ok());
        long.insert(2, ' ');
        assert_eq!(parse(&long).expect_err("refused"), PatternError::TooLong);
        // 2^8 = 256 alternatives expand; 2^9 do not (above).
        let wide = format!("{{ {} }}", ["($.a = 1 || $.b = 2)"; 8].join(" && "));
        let expr = parse(&wide).expect("parses");
        assert_eq!(
            conjunctions(&expr).expect("expands").len(),
            MAX_CONJUNCTIONS
        );
    }

    /// Random text over the pattern alphabet, parsed and compared: never a panic.
    #[test]
    fn hostile_patterns_never_panic() {
        const ALPHABET: &[&str] = &[
            "{", "}", "(", ")", "$.a", "$.b", " ", "=", "!=", "<", ">=", "&&", "||", "\"", "\\",
            "%", "*", "x", "1", "-2.5e3", "IS", "TRUE", "NULL", "NOT", "EXISTS", "é", "[", "]",
        ];
        let cis = conjunctions(&parse("{ ($.a = x* || $.b = 1) && $.a != y }").expect("reads"))
            .expect("expands");
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 24) as usize;
            let mut text = String::from("{ ");
            for _ in 0..len {
                text.push_str(ALPHABET[(next() % ALPHABET.len() as u64) as usize]);
            }
            if next() % 2 == 0 {
                text.push_str(" }");
            }
            if let Ok(expr) = parse(&text) {
                for c in &cis {
                    let _ = covers(&expr, c);
                }
                let _ = conjunctions(&expr);
            }
        }
    }
}
