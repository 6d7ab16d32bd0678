//! Turning SDK errors into [`ErrorKind`]s and readable messages.
//!
//! The classification is a pure function of what the error exposes (service error code, HTTP
//! status, whether the body is HTML, and the SDK's failure class) so it can be tested on
//! recorded shapes without a network.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use cloudward_model::ErrorKind;

/// A failed API call, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    /// SDK service name.
    pub service: &'static str,
    /// API action.
    pub api: &'static str,
    /// Region the call was aimed at, `None` for global services.
    pub region: Option<String>,
    /// Classification.
    pub kind: ErrorKind,
    /// The service error code, when the service sent one (`NoSuchBucketPolicy`, ...).
    pub code: Option<String>,
    /// One readable line: the service's own message, or what went wrong on the wire.
    pub message: String,
    /// The SDK's whole error chain, for `-v` and the JSON `detail` field.
    pub detail: Option<String>,
    /// What the call was about ("bucket logs"), when it was about one resource.
    pub subject: Option<String>,
    /// The call was not made because earlier failures of the same API in the same region
    /// showed it cannot succeed; `message` then says what they were. Not recorded again.
    pub short_circuited: bool,
}

/// Longest service message kept in the one-line reason; the whole text is in `detail`.
const MAX_REASON_MESSAGE: usize = 60;

impl ApiError {
    /// The reason stored in `Value::Unknown`, one line: "s3:GetBucketPolicy for bucket logs in
    /// us-east-1: access denied (AccessDenied: not authorized)", or for a call that was not
    /// made "not called: s3:GetBucketVersioning answered unreadably for bucket a in us-east-1".
    pub fn reason(&self) -> String {
        if self.short_circuited {
            return self.message.clone();
        }
        let (about, region) = self.about_and_region();
        let said = clip(&self.message, MAX_REASON_MESSAGE);
        let what = match (&self.code, said.is_empty()) {
            (Some(code), true) => format!(" ({code})"),
            (Some(code), false) => format!(" ({code}: {said})"),
            (None, true) => String::new(),
            (None, false) => format!(" ({said})"),
        };
        format!(
            "{}:{}{about} in {region}: {}{what}",
            self.service,
            self.api,
            kind_label(self.kind)
        )
    }

    /// " for bucket logs" (or nothing), and the region label (`global` for global services).
    fn about_and_region(&self) -> (String, &str) {
        let about = self
            .subject
            .as_deref()
            .map(|s| format!(" for {s}"))
            .unwrap_or_default();
        (about, self.region.as_deref().unwrap_or("global"))
    }

    /// Whether the service answered with this error code.
    pub fn is_code(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }

    /// The error that stands in for a call not made because of `self` (and `times` like it).
    pub fn not_called(&self, times: u32) -> ApiError {
        let (about, region) = self.about_and_region();
        let verb = match self.kind {
            ErrorKind::AccessDenied if times > 1 => format!("was denied {times} times, last"),
            ErrorKind::AccessDenied => "was denied".to_string(),
            ErrorKind::Unreadable if times > 1 => {
                format!("answered unreadably {times} times, last")
            }
            ErrorKind::Unreadable => "answered unreadably".to_string(),
            ErrorKind::Unsupported => "is not supported by the endpoint, as it said".to_string(),
            _ => format!("failed ({})", kind_label(self.kind)),
        };
        let code = self
            .code
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        ApiError {
            message: format!(
                "not called: {}:{} {verb}{about} in {region}{code}",
                self.service, self.api
            ),
            detail: None,
            short_circuited: true,
            ..self.clone()
        }
    }
}

/// A short human label for an error kind.
pub(crate) fn kind_label(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::AccessDenied => "access denied",
        ErrorKind::Unsupported => "not supported by this endpoint",
        ErrorKind::Throttled => "throttled past retries",
        ErrorKind::Unreadable => "unreadable answer",
        ErrorKind::Timeout => "timeout",
        ErrorKind::Network => "network error",
        ErrorKind::RegionDisabled => "region not enabled",
        _ => "error",
    }
}

/// `text` on one line, cut to `max` characters with an ellipsis.
fn clip(text: &str, max: usize) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        return line;
    }
    let mut cut: String = line.chars().take(max).collect();
    cut.push('…');
    cut
}

/// How the SDK failed, independent of the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The service answered with an error response.
    Service,
    /// A response arrived that could not be parsed.
    Response,
    /// The SDK gave up waiting.
    Timeout,
    /// Dispatch failed: connect, DNS, TLS, I/O.
    Dispatch {
        /// The connector said it was a timeout.
        timeout: bool,
    },
    /// The request could not be built (missing credentials, bad input).
    Construction,
}

const ACCESS_DENIED_CODES: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedAccess",
    "AuthorizationError",
    "AuthFailure",
    "Forbidden",
    "AllAccessDisabled",
];

const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

const UNSUPPORTED_CODES: &[&str] = &[
    "UnknownOperation",
    "UnknownOperationException",
    "InvalidAction",
    "NotImplemented",
    "UnsupportedOperation",
    "UnsupportedOperationException",
    "MethodNotAllowed",
];

/// In a region the account has not opted into, AWS rejects the credentials themselves.
const REGION_DISABLED_CODES: &[&str] = &[
    "OptInRequired",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
];

/// Whether an error response is an HTML page: AWS answers errors in XML or JSON, so HTML
/// comes from an emulator or a proxy. Never retried (see `config::HtmlNotRetried`).
pub(crate) fn is_html_error(status: u16, body: Option<&[u8]>) -> bool {
    status >= 400 && body.is_some_and(looks_like_html)
}

/// Whether an error response says the API is not implemented here: an HTML page with 404,
/// 405 or 501. An HTML 500 is a server error (a broken proxy, an emulator's crash): it does
/// not say the API is missing, so it is not remembered as unsupported (issue 8, defect 12).
pub(crate) fn is_html_unsupported(status: u16, body: Option<&[u8]>) -> bool {
    matches!(status, 404 | 405 | 501) && is_html_error(status, body)
}

fn looks_like_html(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head: Vec<u8> = body[start..]
        .iter()
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// Classify one failure. `body` is `None` when the body was never read in full (the SDK
/// leaves it taken when reading it failed).
pub(crate) fn classify(
    failure: Failure,
    code: Option<&str>,
    status: Option<u16>,
    body: Option<&[u8]>,
) -> ErrorKind {
    match failure {
        Failure::Timeout | Failure::Dispatch { timeout: true } => return ErrorKind::Timeout,
        Failure::Dispatch { timeout: false } => return ErrorKind::Network,
        Failure::Construction => return ErrorKind::Other,
        // The status line arrived, then the connection broke while the body was read: a
        // transport error of this one request (issue 8, defect 3), not an answer about the API.
        Failure::Response if body.is_none() => return ErrorKind::Network,
        Failure::Service | Failure::Response => {}
    }
    if let Some(code) = code {
        if ACCESS_DENIED_CODES.contains(&code) {
            return ErrorKind::AccessDenied;
        }
        if THROTTLING_CODES.contains(&code) {
            return ErrorKind::Throttled;
        }
        if UNSUPPORTED_CODES.contains(&code) {
            return ErrorKind::Unsupported;
        }
        if REGION_DISABLED_CODES.contains(&code) {
            return ErrorKind::RegionDisabled;
        }
        return ErrorKind::Other;
    }
    if let Some(status) = status {
        // A success status the SDK could not read: the endpoint speaks another shape of this
        // API (an emulator's wrong root element), or the body was damaged on the way.
        if (200..300).contains(&status) {
            return ErrorKind::Unreadable;
        }
        if is_html_unsupported(status, body) || matches!(status, 404 | 405 | 501) {
            return ErrorKind::Unsupported;
        }
        if status == 403 {
            return ErrorKind::AccessDenied;
        }
        if status == 429 {
            return ErrorKind::Throttled;
        }
    }
    ErrorKind::Other
}

/// Classify an SDK error: a one-line message, and the SDK's whole chain as the detail.
pub(crate) fn from_sdk<E>(
    service: &'static str,
    api: &'static str,
    region: Option<String>,
    err: &SdkError<E, HttpResponse>,
) -> ApiError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let failure = match err {
        SdkError::ServiceError(_) => Failure::Service,
        SdkError::ResponseError(_) => Failure::Response,
        SdkError::TimeoutError(_) => Failure::Timeout,
        SdkError::DispatchFailure(d) => Failure::Dispatch {
            timeout: d.is_timeout(),
        },
        SdkError::ConstructionFailure(_) => Failure::Construction,
        _ => Failure::Construction,
    };
    let (code, service_message) = match err {
        SdkError::ServiceError(ctx) => (
            ctx.err().code().map(str::to_string),
            ctx.err().message().map(str::to_string),
        ),
        _ => (None, None),
    };
    let raw = err.raw_response();
    let status = raw.map(|r| r.status().as_u16());
    let body = raw.and_then(|r| r.body().bytes());
    let kind = classify(failure, code.as_deref(), status, body);
    let status_text = status.map(|s| s.to_string()).unwrap_or_default();
    let message = match (kind, service_message) {
        (_, Some(said)) if !said.trim().is_empty() => said,
        (ErrorKind::Unreadable, _) => {
            format!("HTTP {status_text} in a shape the SDK cannot read")
        }
        (ErrorKind::Network, _) if failure == Failure::Response => {
            format!("HTTP {status_text}, then the connection failed while the body was read")
        }
        _ if code.is_none() && status.is_some_and(|s| is_html_error(s, body)) => {
            format!("HTTP {status_text} with an HTML page")
        }
        (ErrorKind::Timeout, _) => "no answer in time".to_string(),
        (ErrorKind::Network, _) => {
            "the request could not be sent or the connection failed".to_string()
        }
        (ErrorKind::Other, _) if failure == Failure::Construction => {
            "the request could not be built".to_string()
        }
        _ => match status {
            Some(_) => format!("HTTP {status_text}"),
            None => String::new(),
        },
    };
    ApiError {
        service,
        api,
        region,
        kind,
        code,
        message,
        detail: Some(truncate(detail(err, kind, body))),
        subject: None,
        short_circuited: false,
    }
}

/// The error chain, each cause's message once (`service error: unhandled error: Error at
/// offset 0: ...`), without the SDK's debug dump of the raw response (headers with dates, in
/// hash order: it would make two reports of the same answer differ). For an unreadable
/// answer, the start of its body, which is what tells why.
fn detail<E>(err: &SdkError<E, HttpResponse>, kind: ErrorKind, body: Option<&[u8]>) -> String
where
    E: std::error::Error + 'static,
{
    let mut chain = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let text = cause.to_string();
        if chain.last() != Some(&text) {
            chain.push(text);
        }
        source = cause.source();
    }
    let mut detail = chain.join(": ");
    if let (ErrorKind::Unreadable, Some(body)) = (kind, body) {
        let head = String::from_utf8_lossy(&body[..body.len().min(200)]);
        detail.push_str(&format!("; the body starts: {}", clip(&head, 200)));
    }
    detail
}

/// Longest detail kept: unparsable answers put the whole raw response into the context
/// chain, which helps nobody even in JSON.
const MAX_MESSAGE: usize = 2000;

fn truncate(mut message: String) -> String {
    if message.len() > MAX_MESSAGE {
        let mut end = MAX_MESSAGE;
        while !message.is_char_boundary(end) {
            end -= 1;
        }
        message.truncate(end);
        message.push_str(" …");
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOTO_500: &[u8] = b"<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<title>500 Internal Server Error</title>";
    const S3_XML: &[u8] =
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchBucketPolicy</Code></Error>";

    #[test]
    fn long_messages_are_cut_on_a_char_boundary() {
        let long = "é".repeat(MAX_MESSAGE);
        let cut = truncate(long);
        assert!(cut.len() <= MAX_MESSAGE + " …".len());
        assert!(cut.ends_with(" …"));
        assert_eq!(truncate("short".into()), "short");
    }

    #[test]
    fn access_denied_codes_across_protocols() {
        for code in [
            "AccessDenied",
            "AccessDeniedException",
            "UnauthorizedOperation",
        ] {
            assert_eq!(
                classify(Failure::Service, Some(code), Some(403), None),
                ErrorKind::AccessDenied,
                "{code}"
            );
        }
        // No code, plain 403.
        assert_eq!(
            classify(Failure::Service, None, Some(403), None),
            ErrorKind::AccessDenied
        );
    }

    #[test]
    fn emulator_html_is_unsupported_only_when_it_says_not_found_or_not_implemented() {
        // An HTML 500 is a server error page: it does not say the API is missing.
        assert!(!is_html_unsupported(500, Some(MOTO_500)));
        assert!(is_html_error(500, Some(MOTO_500)));
        assert!(is_html_unsupported(501, Some(MOTO_500)));
        assert!(is_html_unsupported(
            404,
            Some(b"  <html><body>Not Found</body></html>")
        ));
        assert!(!is_html_unsupported(500, Some(S3_XML)));
        assert!(!is_html_unsupported(200, Some(MOTO_500)));
        assert!(!is_html_unsupported(500, None));
        assert_eq!(
            classify(Failure::Service, None, Some(500), Some(MOTO_500)),
            ErrorKind::Other
        );
        assert_eq!(
            classify(Failure::Service, None, Some(404), Some(MOTO_500)),
            ErrorKind::Unsupported
        );
        // A 500 in XML from AWS itself is a server error, not "unsupported".
        assert_eq!(
            classify(Failure::Service, None, Some(500), Some(S3_XML)),
            ErrorKind::Other
        );
    }

    #[test]
    fn an_unreadable_success_is_unreadable_and_a_broken_body_is_network() {
        // moto 5.2.5 answers GetBucketVersioning with <GetBucketVersioningResponse>: HTTP 200,
        // no code, and the SDK cannot parse it.
        assert_eq!(
            classify(
                Failure::Service,
                None,
                Some(200),
                Some(b"<GetBucketVersioningResponse/>")
            ),
            ErrorKind::Unreadable
        );
        // Issue 8, defect 3: HTTP 200, then an I/O error while the body was read (the SDK
        // leaves the body taken): a transport error, retryable, about this request alone.
        assert_eq!(
            classify(Failure::Response, None, Some(200), None),
            ErrorKind::Network
        );
        assert_eq!(
            classify(Failure::Response, None, Some(200), Some(b"<Broken")),
            ErrorKind::Unreadable
        );
    }

    #[test]
    fn a_service_code_wins_over_the_status() {
        // NoSuchEntity and NoSuchBucketPolicy are 404s with a code: "not configured", not
        // "unsupported".
        assert_eq!(
            classify(Failure::Service, Some("NoSuchEntity"), Some(404), None),
            ErrorKind::Other
        );
        assert_eq!(
            classify(Failure::Service, None, Some(404), None),
            ErrorKind::Unsupported
        );
        assert_eq!(
            classify(Failure::Service, Some("InvalidAction"), Some(400), None),
            ErrorKind::Unsupported
        );
    }

    #[test]
    fn throttling_timeouts_network_and_regions() {
        assert_eq!(
            classify(
                Failure::Service,
                Some("ThrottlingException"),
                Some(400),
                None
            ),
            ErrorKind::Throttled
        );
        assert_eq!(
            classify(
                Failure::Service,
                Some("RequestLimitExceeded"),
                Some(503),
                None
            ),
            ErrorKind::Throttled
        );
        assert_eq!(
            classify(Failure::Service, None, Some(429), None),
            ErrorKind::Throttled
        );
        assert_eq!(
            classify(Failure::Timeout, None, None, None),
            ErrorKind::Timeout
        );
        assert_eq!(
            classify(Failure::Dispatch { timeout: true }, None, None, None),
            ErrorKind::Timeout
        );
        assert_eq!(
            classify(Failure::Dispatch { timeout: false }, None, None, None),
            ErrorKind::Network
        );
        assert_eq!(
            classify(
                Failure::Service,
                Some("UnrecognizedClientException"),
                Some(400),
                None
            ),
            ErrorKind::RegionDisabled
        );
        assert_eq!(
            classify(Failure::Construction, None, None, None),
            ErrorKind::Other
        );
    }
}
