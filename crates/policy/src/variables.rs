//! Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, `${*}`, `${aws:x, 'd'}`),
//! substituted into `Resource` entries and condition values before matching.
//!
//! They are only variables in documents of `Version` `2012-10-17`; in older documents `${` is
//! plain text. A variable whose key the context does not know, or that has several values,
//! cannot be substituted: the pattern is Unknown, never a guess.
//! See <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>.

use crate::context::{Context, Lookup};
use crate::glob::{Pattern, Token};
use crate::limits::{MAX_PATTERN_CHARS, MAX_VARIABLES};

/// Compile `text` into a pattern, substituting variables when `variables` is on. `wild` says
/// whether `*` and `?` outside variables are wildcards (they are in `Resource` and `*Like`
/// operators, literal in `StringEquals`). The error says why it cannot be substituted.
pub fn substitute(
    text: &str,
    context: &Context,
    variables: bool,
    wild: bool,
) -> Result<Pattern, String> {
    if text.chars().count() > MAX_PATTERN_CHARS {
        return Err(format!(
            "a pattern of {} characters is over the cap of {MAX_PATTERN_CHARS}",
            text.chars().count()
        ));
    }
    let plain = |s: &str, out: &mut Vec<Token>| {
        let p = if wild {
            Pattern::wild(s)
        } else {
            Pattern::literal(s)
        };
        out.extend(p.tokens);
    };
    let mut tokens = Vec::new();
    if !variables {
        plain(text, &mut tokens);
        return Ok(Pattern { tokens });
    }
    let mut rest = text;
    let mut count = 0usize;
    while let Some(start) = rest.find("${") {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        count += 1;
        if count > MAX_VARIABLES {
            return Err(format!(
                "more than {MAX_VARIABLES} policy variables in one pattern"
            ));
        }
        plain(&rest[..start], &mut tokens);
        let inner = &rest[start + 2..start + len];
        match resolve(inner, context)? {
            Some(text) => tokens.extend(text.chars().map(Token::Char)),
            None => tokens.push(Token::Never),
        }
        rest = &rest[start + len + 1..];
    }
    plain(rest, &mut tokens);
    if tokens.len() > MAX_PATTERN_CHARS {
        return Err(format!(
            "a pattern of {} characters after substitution is over the cap of {MAX_PATTERN_CHARS}",
            tokens.len()
        ));
    }
    Ok(Pattern { tokens })
}

/// The text one `${...}` stands for; `None` when its key is absent and it has no default (the
/// pattern then matches nothing).
fn resolve(inner: &str, context: &Context) -> Result<Option<String>, String> {
    match inner.trim() {
        "*" => return Ok(Some("*".into())),
        "?" => return Ok(Some("?".into())),
        "$" => return Ok(Some("$".into())),
        _ => {}
    }
    let (key, default) = match inner.split_once(',') {
        Some((key, default)) => {
            let d = default.trim();
            let d = d
                .strip_prefix('\'')
                .and_then(|d| d.strip_suffix('\''))
                .ok_or_else(|| {
                    format!("the default of policy variable ${{{inner}}} is not quoted")
                })?;
            (key.trim(), Some(d))
        }
        None => (inner.trim(), None),
    };
    match (context.lookup(key), default) {
        (Lookup::Values([one]), _) => Ok(Some(one.clone())),
        (Lookup::Values(_), _) => Err(format!(
            "policy variable ${{{key}}} names a key with several values"
        )),
        (Lookup::Absent, Some(d)) => Ok(Some(d.to_string())),
        (Lookup::Absent, None) => Ok(None),
        (Lookup::NotKnown, _) => Err(format!(
            "policy variable ${{{key}}} cannot be resolved: the key is not known"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context {
        let mut c = Context::new();
        c.insert("aws:username", "alice")
            .set_absent("aws:PrincipalTag/team");
        c
    }

    #[test]
    fn substitutes_known_keys_and_literal_escapes() {
        let p = substitute("arn:aws:s3:::b/${aws:username}/*", &ctx(), true, true).expect("ok");
        assert!(p.matches("arn:aws:s3:::b/alice/x"));
        assert!(!p.matches("arn:aws:s3:::b/bob/x"));
        let star = substitute("a${*}b", &ctx(), true, true).expect("ok");
        assert!(star.matches("a*b"));
        assert!(!star.matches("axb"));
    }

    #[test]
    fn defaults_apply_only_to_absent_keys() {
        let p = substitute("${aws:PrincipalTag/team, 'none'}", &ctx(), true, false).expect("ok");
        assert_eq!(p.as_literal().as_deref(), Some("none"));
        assert!(substitute("${aws:SourceIp, 'x'}", &ctx(), true, false).is_err());
    }

    #[test]
    fn old_versions_keep_dollar_braces_literal() {
        let p = substitute("${aws:username}", &ctx(), false, false).expect("ok");
        assert_eq!(p.as_literal().as_deref(), Some("${aws:username}"));
    }

    #[test]
    fn an_absent_key_without_default_matches_nothing() {
        let mut c = Context::new();
        c.set_absent("aws:username");
        let p = substitute("home/${aws:username}/*", &c, true, true).expect("ok");
        assert!(!p.matches("home//x"));
        assert!(!p.matches("home/${aws:username}/x"));
    }

    #[test]
    fn patterns_at_the_caps_are_read_and_past_them_refused() {
        let c = ctx();
        assert!(substitute(&"a".repeat(MAX_PATTERN_CHARS), &c, true, true).is_ok());
        let long = substitute(&"a".repeat(MAX_PATTERN_CHARS + 1), &c, true, true);
        assert!(long.expect_err("past the cap").contains("over the cap"));
        let vars = "${aws:username}".repeat(MAX_VARIABLES);
        assert!(substitute(&vars, &c, true, true).is_ok());
        let more = "${aws:username}".repeat(MAX_VARIABLES + 1);
        assert!(substitute(&more, &c, true, true)
            .expect_err("past")
            .contains("policy variables"));
        // Substitution cannot grow a pattern past the cap either.
        let mut big = Context::new();
        big.insert("aws:username", "x".repeat(MAX_PATTERN_CHARS));
        assert!(substitute("a${aws:username}", &big, true, true).is_err());
    }

    #[test]
    fn unknown_keys_cannot_be_substituted() {
        let err = substitute("${aws:userid}", &ctx(), true, true).expect_err("unknown");
        assert!(err.contains("aws:userid"));
    }
}
