//! Small conversions from SDK shapes into model shapes.

use chrono::{DateTime, Utc};
use cloudward_model::policy::PolicyDocument;

/// A smithy timestamp as a chrono one (`None` when out of chrono's range).
pub(crate) fn time(t: &aws_smithy_types::DateTime) -> Option<DateTime<Utc>> {
    DateTime::<Utc>::from_timestamp(t.secs(), t.subsec_nanos())
}

/// Parse an IAM policy document. IAM returns documents URL-encoded (RFC 3986); a document
/// that already starts with `{` (some emulators, S3 bucket policies) is taken as it is.
pub(crate) fn policy_document(raw: &str) -> Result<PolicyDocument, String> {
    let trimmed = raw.trim_start();
    let text = if trimmed.starts_with('{') {
        std::borrow::Cow::Borrowed(trimmed)
    } else {
        percent_encoding::percent_decode_str(trimmed)
            .decode_utf8()
            .map_err(|e| format!("policy document is not URL-encoded UTF-8: {e}"))?
    };
    PolicyDocument::parse(&text).map_err(|e| format!("policy document is not valid JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_url_encoded_iam_documents() {
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D";
        let doc = policy_document(encoded).expect("decodes");
        assert_eq!(doc.full_admin_statements().len(), 1);
        let plain = r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}}"#;
        let doc = policy_document(plain).expect("plain JSON");
        assert_eq!(doc.statements().len(), 1);
        assert!(policy_document("%7Bnot json").is_err());
    }

    #[test]
    fn converts_timestamps() {
        let t = aws_smithy_types::DateTime::from_secs(1_700_000_000);
        assert_eq!(
            time(&t).map(|t| t.to_rfc3339()),
            Some("2023-11-14T22:13:20+00:00".to_string())
        );
    }
}
