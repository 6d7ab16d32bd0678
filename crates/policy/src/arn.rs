//! ARN matching as `Resource`, `ArnLike` and `ArnEquals` do it: the six colon-separated parts
//! are compared one by one, each with its own wildcards (a `*` never spans a colon between
//! parts; the last part, the resource, keeps any further colons).
//! See <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN>.

use crate::glob::{Pattern, Token};

/// Whether `arn` matches `pattern` part by part. A pattern that is not an ARN (`*`, or fewer
/// than six parts) is matched against the whole text.
pub fn arn_matches(pattern: &Pattern, arn: &str) -> bool {
    if pattern.tokens.iter().all(|t| *t == Token::Any) {
        return true;
    }
    let parts = pattern.split(':', 6);
    if parts.len() < 6 {
        return pattern.matches(arn);
    }
    let text: Vec<&str> = arn.splitn(6, ':').collect();
    text.len() == 6 && parts.iter().zip(&text).all(|(p, t)| p.matches(t))
}

/// The account id in an ARN (`arn:aws:iam::123456789012:user/a` → `123456789012`), if any.
pub fn account_of(arn: &str) -> Option<&str> {
    let account = arn.split(':').nth(4)?;
    (!account.is_empty()).then_some(account)
}

/// The service of an ARN (`s3`, `kms`, `iam`).
pub fn service_of(arn: &str) -> Option<&str> {
    let mut parts = arn.split(':');
    (parts.next()? == "arn").then_some(())?;
    parts.nth(1)
}

/// The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`).
pub fn partition_of(arn: &str) -> Option<&str> {
    arn.strip_prefix("arn:")?.split(':').next()
}

/// Whether `text` is a 12-digit account id.
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_match_separately() {
        let p = Pattern::wild("arn:aws:iam::*:role/admin*");
        assert!(arn_matches(&p, "arn:aws:iam::123456789012:role/admin-x"));
        assert!(!arn_matches(&p, "arn:aws:iam::123456789012:user/admin"));
        // A `*` in the account part does not reach into the resource part.
        let q = Pattern::wild("arn:aws:sqs:us-east-1:*:q");
        assert!(!arn_matches(&q, "arn:aws:sqs:us-east-1:123456789012:x:q"));
        // Fewer than six parts: matched as one text.
        let short = Pattern::wild("arn:aws:sqs:us-east-1:*");
        assert!(arn_matches(
            &short,
            "arn:aws:sqs:us-east-1:123456789012:queue"
        ));
        assert!(arn_matches(&Pattern::wild("*"), "anything"));
    }

    #[test]
    fn the_resource_part_keeps_its_colons() {
        let p = Pattern::wild("arn:aws:logs:us-east-1:123456789012:log-group:app:*");
        assert!(arn_matches(
            &p,
            "arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:x"
        ));
    }

    #[test]
    fn arn_fields() {
        assert_eq!(
            account_of("arn:aws:iam::123456789012:root"),
            Some("123456789012")
        );
        assert_eq!(account_of("arn:aws:s3:::bucket"), None);
        assert_eq!(service_of("arn:aws:kms:us-east-1:1:key/x"), Some("kms"));
        assert_eq!(partition_of("arn:aws-cn:s3:::b"), Some("aws-cn"));
        assert!(is_account_id("123456789012"));
        assert!(!is_account_id("12345678901a"));
    }
}
