//! Turning SDK errors into [`ErrorKind`]s and readable messages.
//!
//! The classification is a pure function of what the error exposes (service error code, HTTP
//! status, whether the body is HTML, and the SDK's failure class) so it can be tested on
//! recorded shapes without a network.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use cloudward_model::ErrorKind;

/// A failed API call, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    /// SDK service name.
    pub service: &'static str,
    /// API action.
    pub api: &'static str,
    /// Region, `None` for global services.
    pub region: Option<String>,
    /// Classification.
    pub kind: ErrorKind,
    /// The service error code, when the service sent one (`NoSuchBucketPolicy`, ...).
    pub code: Option<String>,
    /// The error with its context chain.
    pub message: String,
    /// The call was not made because an earlier identical failure showed it cannot succeed;
    /// such errors are not recorded again.
    pub short_circuited: bool,
}

impl ApiError {
    /// The reason stored in `Value::Unknown`: "s3:GetBucketPolicy in global: access denied: ...".
    pub fn reason(&self) -> String {
        let region = self.region.as_deref().unwrap_or("global");
        format!(
            "{}:{} in {region} failed ({}): {}",
            self.service,
            self.api,
            kind_label(self.kind),
            self.message
        )
    }

    /// The same error about one resource: its message names the resource, so a recorded
    /// error says which bucket, user or snapshot it was about.
    pub fn on(&self, subject: &str) -> ApiError {
        ApiError {
            message: format!("{subject}: {}", self.message),
            ..self.clone()
        }
    }

    /// Whether the service answered with this error code.
    pub fn is_code(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }
}

/// A short human label for an error kind.
pub(crate) fn kind_label(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::AccessDenied => "access denied",
        ErrorKind::Unsupported => "not supported by this endpoint",
        ErrorKind::Throttled => "throttled",
        ErrorKind::Timeout => "timeout",
        ErrorKind::Network => "network error",
        ErrorKind::RegionDisabled => "region not enabled",
        _ => "error",
    }
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

/// Whether an error response is an emulator's HTML page for an API it does not implement:
/// status 404, 405, 500, 501 with a body that starts like HTML.
pub(crate) fn is_html_unsupported(status: u16, body: Option<&[u8]>) -> bool {
    matches!(status, 404 | 405 | 500 | 501) && body.is_some_and(looks_like_html)
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

/// Classify one failure.
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
        // API (an emulator's wrong root element). Retrying or asking again per resource
        // gives the same answer, so it is treated like an unimplemented API.
        if (200..300).contains(&status) {
            return ErrorKind::Unsupported;
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

/// Classify an SDK error and keep its message.
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
    let code = match err {
        SdkError::ServiceError(ctx) => ctx.err().code().map(str::to_string),
        _ => None,
    };
    let raw = err.raw_response();
    let status = raw.map(|r| r.status().as_u16());
    let body = raw.and_then(|r| r.body().bytes());
    let kind = classify(failure, code.as_deref(), status, body);
    let message = if code.is_none() && status.is_some_and(|s| (200..300).contains(&s)) {
        truncate(format!(
            "the endpoint answered HTTP {} in a shape the SDK cannot read ({service}:{api}): {}",
            status.unwrap_or_default(),
            DisplayErrorContext(err)
        ))
    } else if code.is_none() && status.is_some_and(|s| is_html_unsupported(s, body)) {
        format!(
            "the endpoint answered HTTP {} with an HTML page: it does not implement {service}:{api}",
            status.unwrap_or_default()
        )
    } else {
        truncate(DisplayErrorContext(err).to_string())
    };
    ApiError {
        service,
        api,
        region,
        kind,
        code,
        message,
        short_circuited: false,
    }
}

/// Longest message kept: unparsable answers put the whole raw response into the context
/// chain, which helps nobody in a report.
const MAX_MESSAGE: usize = 600;

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
        let long = "é".repeat(400);
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
    fn emulator_html_is_unsupported_not_retried() {
        assert!(is_html_unsupported(500, Some(MOTO_500)));
        assert!(is_html_unsupported(
            404,
            Some(b"  <html><body>Not Found</body></html>")
        ));
        assert!(!is_html_unsupported(500, Some(S3_XML)));
        assert!(!is_html_unsupported(200, Some(MOTO_500)));
        assert!(!is_html_unsupported(500, None));
        assert_eq!(
            classify(Failure::Service, None, Some(500), Some(MOTO_500)),
            ErrorKind::Unsupported
        );
        assert_eq!(
            classify(Failure::Response, None, Some(500), Some(MOTO_500)),
            ErrorKind::Unsupported
        );
        // A 500 in XML from AWS itself is a server error, not "unsupported".
        assert_eq!(
            classify(Failure::Service, None, Some(500), Some(S3_XML)),
            ErrorKind::Other
        );
    }

    #[test]
    fn an_unreadable_success_is_unsupported() {
        // moto 5.2.5 answers GetBucketVersioning with <GetBucketVersioningResponse>: HTTP 200,
        // no code, and the SDK cannot parse it.
        assert_eq!(
            classify(
                Failure::Service,
                None,
                Some(200),
                Some(b"<GetBucketVersioningResponse/>")
            ),
            ErrorKind::Unsupported
        );
        assert_eq!(
            classify(Failure::Response, None, Some(200), None),
            ErrorKind::Unsupported
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
