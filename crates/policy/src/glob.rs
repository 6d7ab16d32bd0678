//! Wildcard patterns (`*`, `?`) as IAM uses them in actions, resources and `*Like` conditions.
//!
//! A pattern is a list of tokens, so that `${*}` (a literal asterisk from a policy variable)
//! and `*` (a wildcard) stay apart. Matching is the iterative two-pointer glob: it remembers
//! only the last `*` and retries from there, O(p·t) in the worst case, never exponential.

/// One pattern token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    /// A character that must match itself.
    Char(char),
    /// `*`: any run of characters, including none.
    Any,
    /// `?`: exactly one character.
    One,
    /// Matches no character: stands for a policy variable whose key is absent and has no
    /// default, which IAM treats as a value nothing equals.
    Never,
}

/// A compiled wildcard pattern.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Pattern {
    /// The tokens.
    pub tokens: Vec<Token>,
}

impl Pattern {
    /// Compile text where `*` and `?` are wildcards and everything else is literal.
    pub fn wild(text: &str) -> Pattern {
        Pattern {
            tokens: text
                .chars()
                .map(|c| match c {
                    '*' => Token::Any,
                    '?' => Token::One,
                    c => Token::Char(c),
                })
                .collect(),
        }
    }

    /// Compile text where every character is literal.
    pub fn literal(text: &str) -> Pattern {
        Pattern {
            tokens: text.chars().map(Token::Char).collect(),
        }
    }

    /// The pattern's text if it has no wildcard (for exact comparisons).
    pub fn as_literal(&self) -> Option<String> {
        self.tokens
            .iter()
            .map(|t| match t {
                Token::Char(c) => Some(*c),
                _ => None,
            })
            .collect()
    }

    /// Split at each literal `sep`, at most `parts` pieces (the last keeps the rest).
    pub fn split(&self, sep: char, parts: usize) -> Vec<Pattern> {
        let mut out = vec![Pattern::default()];
        for t in &self.tokens {
            if *t == Token::Char(sep) && out.len() < parts {
                out.push(Pattern::default());
            } else if let Some(last) = out.last_mut() {
                last.tokens.push(*t);
            }
        }
        out
    }

    /// Whether `text` matches, case-sensitively.
    pub fn matches(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        glob(&self.tokens, &text, |a, b| a == b)
    }

    /// Whether `text` matches, ignoring ASCII case (actions, `StringLike` never; only where
    /// IAM compares case-insensitively).
    pub fn matches_ignore_case(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        glob(&self.tokens, &text, |a, b| a.eq_ignore_ascii_case(&b))
    }
}

/// The iterative glob: `p` and `t` advance together; on a `*` remember where, and on a
/// mismatch go back to just after the last `*`, consuming one more text character with it.
fn glob(p: &[Token], t: &[char], eq: impl Fn(char, char) -> bool) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(Token::Any) => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(Token::One) => {
                pi += 1;
                ti += 1;
            }
            Some(Token::Char(c)) if eq(*c, t[ti]) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi.min(p.len())..].iter().all(|t| *t == Token::Any)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_runs_and_single_characters() {
        assert!(Pattern::wild("s3:Get*").matches("s3:GetObject"));
        assert!(Pattern::wild("*").matches(""));
        assert!(Pattern::wild("a?c").matches("abc"));
        assert!(!Pattern::wild("a?c").matches("ac"));
        assert!(Pattern::wild("*a*b*c").matches("xxaxxbxxc"));
        assert!(!Pattern::wild("*a*b*c").matches("xxaxxbxx"));
        assert!(!Pattern::wild("abc").matches("abcd"));
        assert!(Pattern::wild("abc*").matches("abc"));
    }

    #[test]
    fn case_is_ignored_only_when_asked() {
        assert!(!Pattern::wild("s3:get*").matches("s3:GetObject"));
        assert!(Pattern::wild("s3:get*").matches_ignore_case("s3:GetObject"));
    }

    #[test]
    fn literal_tokens_are_not_wildcards() {
        let p = Pattern::literal("a*");
        assert!(p.matches("a*"));
        assert!(!p.matches("ab"));
    }

    #[test]
    fn worst_case_stays_fast() {
        let pattern = Pattern::wild(&format!("{}b", "*a".repeat(2000)));
        let text = "a".repeat(4000);
        let start = std::time::Instant::now();
        assert!(!pattern.matches(&text));
        assert!(start.elapsed().as_secs() < 5, "glob is not polynomial");
    }

    #[test]
    fn split_keeps_the_rest_in_the_last_part() {
        let parts = Pattern::wild("arn:aws:logs:r:1:log-group:x:*").split(':', 6);
        assert_eq!(parts.len(), 6);
        assert_eq!(parts[5], Pattern::wild("log-group:x:*"));
    }
}
