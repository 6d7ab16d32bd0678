//! Delivery: the [`Notifier`] built from the sink configurations, with deduplication, a
//! per-sink rate limit folding the excess into a digest, retries with exponential backoff and
//! jitter (429 with `Retry-After`, 5xx, connection errors, timeouts), a per-request timeout
//! and one overall deadline, so notifying never holds a scan for long and never fails it.
//!
//! Secrets (webhook URLs, HMAC keys) are held in [`Secret`], whose `Debug` prints nothing,
//! and every error text is passed through [`redact`] before it leaves this module: HTTP
//! client errors may embed the URL they failed on.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use cloudward_store::NotifiedKey;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use super::config::{topic_region, SinkConfig, SinkKind};
use super::render::{self, Message};
use super::{Ledger, Notification, SendReport, SinkReport, DEFAULT_DEADLINE};

/// A value that must never be printed.
#[derive(Clone)]
struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Why a [`Notifier`] could not be built. Never holds a secret's value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NotifyError {
    /// A secret could not be read (variable unset, file missing or empty).
    #[error("notification sink {sink:?}: {message}")]
    Secret {
        /// The sink's name.
        sink: String,
        /// What went wrong, naming the variable or file.
        message: String,
    },
    /// A URL is not usable (not a URL, or plain http to a host that is not this machine).
    #[error("notification sink {sink:?}: the URL from {source_name} {message}")]
    Url {
        /// The sink's name.
        sink: String,
        /// Where the URL came from (`environment variable NAME`).
        source_name: String,
        /// What is wrong, without the URL.
        message: String,
    },
    /// The TLS setup failed (no root certificates could be loaded).
    #[error("notifications: TLS setup failed: {0}")]
    Tls(String),
}

/// How delivery behaves; the defaults suit a scan, the tests shorten them.
#[derive(Debug, Clone)]
pub struct NotifyOptions {
    /// The AWS profile of SNS sinks (default: the standard credential chain).
    pub profile: Option<String>,
    /// An endpoint URL for SNS (an emulator).
    pub endpoint_url: Option<String>,
    /// The whole [`Notifier::send`] ends by then, delivered or not.
    pub deadline: Duration,
    /// Attempts per message, first included.
    pub max_attempts: u32,
    /// First backoff; doubled per retry, with full jitter.
    pub backoff_base: Duration,
    /// Longest backoff between two attempts.
    pub backoff_cap: Duration,
    /// Longest `Retry-After` honoured (a longer one ends the message's attempts).
    pub retry_after_cap: Duration,
}

impl Default for NotifyOptions {
    fn default() -> Self {
        NotifyOptions {
            profile: None,
            endpoint_url: None,
            deadline: DEFAULT_DEADLINE,
            max_attempts: 4,
            backoff_base: Duration::from_millis(500),
            backoff_cap: Duration::from_secs(8),
            retry_after_cap: Duration::from_secs(20),
        }
    }
}

#[derive(Debug)]
enum Target {
    Http { url: Secret, hmac: Option<Secret> },
    Sns { topic_arn: String, region: String },
}

#[derive(Debug)]
struct Sink {
    config: SinkConfig,
    target: Target,
}

impl Sink {
    /// Read the sink's secrets and check its URL.
    fn new(config: &SinkConfig) -> Result<Sink, NotifyError> {
        let target = match config.kind {
            SinkKind::Sns => {
                let topic_arn = config.topic_arn.clone().unwrap_or_default();
                let region = config
                    .region
                    .clone()
                    .or_else(|| topic_region(&topic_arn).map(str::to_string))
                    .unwrap_or_default();
                Target::Sns { topic_arn, region }
            }
            SinkKind::Slack | SinkKind::Webhook | SinkKind::Teams => {
                let source = config.url.clone().ok_or_else(|| NotifyError::Secret {
                    sink: config.name.clone(),
                    message: "no url_env or url_file".into(),
                })?;
                let url = source.read().map_err(|message| NotifyError::Secret {
                    sink: config.name.clone(),
                    message,
                })?;
                check_url(&url).map_err(|message| NotifyError::Url {
                    sink: config.name.clone(),
                    source_name: source.describe(),
                    message,
                })?;
                let hmac = match &config.secret {
                    None => None,
                    Some(s) => Some(Secret(s.read().map_err(|message| NotifyError::Secret {
                        sink: config.name.clone(),
                        message,
                    })?)),
                };
                Target::Http {
                    url: Secret(url),
                    hmac,
                }
            }
        };
        Ok(Sink {
            config: config.clone(),
            target,
        })
    }
}

type HttpsClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

/// Sends notifications to the configured sinks. Build once (it reads the secrets and sets
/// up TLS), send many times: a long-running watch keeps one, so the per-minute rate limit
/// holds across its scans.
pub struct Notifier {
    sinks: Vec<Sink>,
    options: NotifyOptions,
    tls: Arc<rustls::ClientConfig>,
    /// Per sink, when its recent messages went out (the rate window).
    sent: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl std::fmt::Debug for Notifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notifier")
            .field("sinks", &self.sinks)
            .finish_non_exhaustive()
    }
}

/// How one message's delivery ended.
struct Delivery {
    ok: bool,
    attempts: u32,
    error: Option<String>,
}

impl Notifier {
    /// Build the notifier: read every sink's secrets (from the environment or files) and check
    /// the URLs. Fails naming the sink and the variable or file, never the value.
    pub fn new(configs: &[SinkConfig], options: NotifyOptions) -> Result<Notifier, NotifyError> {
        let (notifier, mut skipped) = Notifier::build(configs, options)?;
        match skipped.is_empty() {
            true => Ok(notifier),
            false => Err(skipped.remove(0)),
        }
    }

    /// Like [`Notifier::new`], but a sink whose secret cannot be read or whose URL is refused
    /// is left out and returned beside the notifier, so one missing variable in one
    /// environment does not silence the other sinks (or fail a scan). Fails only when TLS
    /// cannot be set up at all.
    pub fn build(
        configs: &[SinkConfig],
        options: NotifyOptions,
    ) -> Result<(Notifier, Vec<NotifyError>), NotifyError> {
        let mut sinks = Vec::new();
        let mut skipped = Vec::new();
        for config in configs {
            match Sink::new(config) {
                Ok(sink) => sinks.push(sink),
                Err(e) => skipped.push(e),
            }
        }
        let notifier = Notifier {
            sinks,
            options,
            tls: Arc::new(tls_config()?),
            sent: Mutex::new(HashMap::new()),
        };
        Ok((notifier, skipped))
    }

    /// Whether no sink is configured.
    pub fn is_empty(&self) -> bool {
        self.sinks.is_empty()
    }

    /// The configured sinks' names, in order.
    pub fn sink_names(&self) -> Vec<&str> {
        self.sinks.iter().map(|s| s.config.name.as_str()).collect()
    }

    /// Send `batch` to every sink that wants it: filtered by the sink's `min_severity` and
    /// `events`, deduplicated within the batch and against `ledger`, rate-limited (the excess
    /// folded into one digest), retried, all within the overall deadline. What was delivered
    /// is remembered in `ledger`. Never fails: problems are in the report.
    pub async fn send(
        &self,
        batch: &[Notification],
        ledger: &mut (dyn Ledger + Send),
    ) -> SendReport {
        self.send_selected(batch, ledger, true).await
    }

    /// Send [`Notification::sample`] to every sink, whatever its `min_severity` and
    /// `events` (`cloudward notify test`), outside the dedupe ledger.
    pub async fn send_test(&self) -> SendReport {
        let mut ledger = super::MemoryLedger::default();
        self.send_selected(&[Notification::sample()], &mut ledger, false)
            .await
    }

    /// [`Notifier::send_test`] on a runtime of its own.
    pub fn send_test_blocking(&self) -> SendReport {
        match blocking_runtime() {
            Ok(rt) => rt.block_on(self.send_test()),
            Err(e) => self.no_runtime(1, &e),
        }
    }

    async fn send_selected(
        &self,
        batch: &[Notification],
        ledger: &mut (dyn Ledger + Send),
        select: bool,
    ) -> SendReport {
        let started = Instant::now();
        let deadline = started + self.options.deadline;
        // Selection and dedupe first (the ledger is synchronous), then the sinks in parallel.
        let mut plans = Vec::new();
        for sink in &self.sinks {
            let mut report = SinkReport {
                sink: sink.config.name.clone(),
                ..Default::default()
            };
            let mut seen = HashSet::new();
            let mut chosen: Vec<Notification> = Vec::new();
            for n in batch {
                if select
                    && (n.severity < sink.config.min_severity
                        || !sink.config.events.contains(&n.change.event()))
                {
                    continue;
                }
                let key = n.key(&sink.config.name);
                if !seen.insert(key.clone()) || ledger.seen(&key) {
                    report.duplicates += 1;
                    continue;
                }
                chosen.push(n.clone());
            }
            super::sort(&mut chosen);
            plans.push((sink, report, chosen));
        }
        let runs = plans
            .into_iter()
            .map(|(sink, report, chosen)| self.send_to(sink, report, chosen, deadline));
        let results = futures_util::future::join_all(runs).await;
        let mut report = SendReport::default();
        for (sink_report, delivered) in results {
            let keys: Vec<NotifiedKey> =
                delivered.iter().map(|n| n.key(&sink_report.sink)).collect();
            if !keys.is_empty() {
                ledger.remember(&keys);
            }
            report.sinks.push(sink_report);
        }
        report.deadline_reached = Instant::now() >= deadline;
        report
    }

    /// [`Notifier::send`] on a runtime of its own, for callers that are not async (the CLI).
    /// Must not be called from within a Tokio runtime.
    pub fn send_blocking(
        &self,
        batch: &[Notification],
        ledger: &mut (dyn Ledger + Send),
    ) -> SendReport {
        match blocking_runtime() {
            Ok(rt) => rt.block_on(self.send(batch, ledger)),
            Err(e) => self.no_runtime(batch.len(), &e),
        }
    }

    fn no_runtime(&self, count: usize, e: &std::io::Error) -> SendReport {
        let mut report = SendReport::default();
        for sink in &self.sinks {
            report.sinks.push(SinkReport {
                sink: sink.config.name.clone(),
                failed: count,
                errors: vec![format!("no async runtime: {e}")],
                ..Default::default()
            });
        }
        report
    }

    /// Deliver `chosen` to one sink; returns its report and the notifications delivered.
    async fn send_to(
        &self,
        sink: &Sink,
        mut report: SinkReport,
        chosen: Vec<Notification>,
        deadline: Instant,
    ) -> (SinkReport, Vec<Notification>) {
        if chosen.is_empty() {
            return (report, Vec::new());
        }
        let budget = self.budget(&sink.config);
        let (single, digest): (&[Notification], &[Notification]) = if chosen.len() <= budget {
            (&chosen, &[])
        } else if budget == 0 {
            report.rate_limited = chosen.len();
            return (report, Vec::new());
        } else {
            chosen.split_at(budget - 1)
        };
        let mut messages: Vec<Message<'_>> = single.iter().map(Message::One).collect();
        if !digest.is_empty() {
            report.digested = digest.len();
            messages.push(Message::Digest {
                items: digest,
                more: !single.is_empty(),
            });
        }
        let client = match &sink.target {
            Target::Http { .. } => Some(self.http_client(&sink.config)),
            Target::Sns { .. } => None,
        };
        let sns = match &sink.target {
            Target::Sns { region, .. } => Some(self.sns_client(region).await),
            Target::Http { .. } => None,
        };
        let mut delivered = Vec::new();
        for (i, message) in messages.iter().enumerate() {
            let outcome = match (&sink.target, &client, &sns) {
                (Target::Http { url, hmac }, Some(client), _) => {
                    self.post(client, &sink.config, url, hmac.as_ref(), message, deadline)
                        .await
                }
                (Target::Sns { topic_arn, .. }, _, Some(sns)) => {
                    self.publish(sns, topic_arn, message, deadline).await
                }
                _ => Delivery {
                    ok: false,
                    attempts: 0,
                    error: Some("no client for this sink".into()),
                },
            };
            report.attempts += outcome.attempts;
            let count = message.notifications().len();
            if outcome.ok {
                report.messages += 1;
                report.delivered += count;
                delivered.extend(message.notifications().iter().cloned());
                self.note_sent(&sink.config.name);
            } else {
                report.failed += count;
                if let Some(e) = outcome.error {
                    report.errors.push(e);
                }
                // Its retries are spent (or the request is refused): the next message would
                // fare the same, and a sink that is down must not hold the run until the
                // deadline, one message at a time.
                let rest: usize = messages[i + 1..]
                    .iter()
                    .map(|m| m.notifications().len())
                    .sum();
                if rest > 0 {
                    report.failed += rest;
                    report
                        .errors
                        .push(format!("{rest} more not attempted after that failure"));
                }
                break;
            }
        }
        (report, delivered)
    }

    /// Messages the sink may still send in the current minute.
    fn budget(&self, config: &SinkConfig) -> usize {
        let mut sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
        let window = sent.entry(config.name.clone()).or_default();
        let now = Instant::now();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(60))
        {
            window.pop_front();
        }
        (config.max_per_minute as usize).saturating_sub(window.len())
    }

    fn note_sent(&self, sink: &str) {
        let mut sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
        sent.entry(sink.to_string())
            .or_default()
            .push_back(Instant::now());
    }

    fn http_client(&self, config: &SinkConfig) -> HttpsClient {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(config.timeout));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config((*self.tls).clone())
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        Client::builder(TokioExecutor::new()).build(https)
    }

    async fn sns_client(&self, region: &str) -> aws_sdk_sns::Client {
        let config = cloudward_aws::sdk_config(&cloudward_aws::CollectOptions {
            profile: self.options.profile.clone(),
            regions: vec![region.to_string()],
            endpoint_url: self.options.endpoint_url.clone(),
            ..Default::default()
        })
        .await;
        aws_sdk_sns::Client::new(&config)
    }

    /// POST one message, retrying what can succeed later.
    async fn post(
        &self,
        client: &HttpsClient,
        config: &SinkConfig,
        url: &Secret,
        hmac: Option<&Secret>,
        message: &Message<'_>,
        deadline: Instant,
    ) -> Delivery {
        let body = match config.kind {
            SinkKind::Slack => render::slack_body(message),
            SinkKind::Teams => render::teams_body(message),
            SinkKind::Webhook | SinkKind::Sns => render::webhook_body(message, &config.name),
        };
        let body = Bytes::from(body.to_string());
        let mut attempts = 0;
        let mut last_error = String::new();
        while attempts < self.options.max_attempts {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                last_error = format!("{last_error} (overall deadline reached)");
                break;
            }
            attempts += 1;
            let request = match build_request(url, hmac, &body) {
                Ok(r) => r,
                Err(e) => {
                    return Delivery {
                        ok: false,
                        attempts,
                        error: Some(redact(&e, &url.0)),
                    }
                }
            };
            let wait =
                match tokio::time::timeout(config.timeout.min(remaining), client.request(request))
                    .await
                {
                    Err(_) => {
                        last_error =
                            format!("no answer within {:?}", config.timeout.min(remaining));
                        self.backoff(attempts)
                    }
                    Ok(Err(e)) => {
                        last_error = redact(&error_chain(&e), &url.0);
                        self.backoff(attempts)
                    }
                    Ok(Ok(response)) => {
                        let status = response.status();
                        if status.is_success() {
                            return Delivery {
                                ok: true,
                                attempts,
                                error: None,
                            };
                        }
                        let retry_after = retry_after(response.headers());
                        let text = read_some(response).await;
                        last_error = redact(
                            &format!(
                                "HTTP {}{}",
                                status.as_u16(),
                                if text.is_empty() {
                                    String::new()
                                } else {
                                    format!(": {text}")
                                }
                            ),
                            &url.0,
                        );
                        if status.as_u16() == 429 {
                            match retry_after {
                                Some(after) if after > self.options.retry_after_cap => {
                                    last_error = format!(
                                        "{last_error} (Retry-After {}s is over the {}s cap)",
                                        after.as_secs(),
                                        self.options.retry_after_cap.as_secs()
                                    );
                                    break;
                                }
                                Some(after) => after,
                                None => self.backoff(attempts),
                            }
                        } else if status.is_server_error() {
                            self.backoff(attempts)
                        } else {
                            // 4xx other than 429: the request itself is wrong; retrying repeats it.
                            break;
                        }
                    }
                };
            if attempts >= self.options.max_attempts {
                break;
            }
            if Instant::now() + wait >= deadline {
                last_error = format!("{last_error} (overall deadline reached)");
                break;
            }
            tokio::time::sleep(wait).await;
        }
        Delivery {
            ok: false,
            attempts,
            error: Some(format!("{last_error} after {attempts} attempt(s)")),
        }
    }

    /// Exponential backoff with full jitter: uniform in [0, min(cap, base * 2^(n-1))].
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .options
            .backoff_base
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
            .min(self.options.backoff_cap);
        let millis = u64::try_from(exp.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(0..=millis))
    }

    /// Publish one message to SNS; the SDK retries (adaptive, see crates/aws), bounded here
    /// by the deadline.
    async fn publish(
        &self,
        client: &aws_sdk_sns::Client,
        topic_arn: &str,
        message: &Message<'_>,
        deadline: Instant,
    ) -> Delivery {
        use aws_sdk_sns::types::MessageAttributeValue;
        let remaining = deadline.saturating_duration_since(Instant::now());
        let worst = message
            .notifications()
            .iter()
            .map(|n| n.severity)
            .max()
            .unwrap_or(cloudward_model::Severity::Info);
        let attribute = |value: &str| {
            MessageAttributeValue::builder()
                .data_type("String")
                .string_value(value)
                .build()
                .ok()
        };
        let change = match message {
            Message::One(n) => n.change.as_str(),
            Message::Digest { .. } => "digest",
        };
        let mut request = client
            .publish()
            .topic_arn(topic_arn)
            .subject(render::sns_subject(message))
            .message(render::sns_text(message));
        // Attributes let subscribers filter (an SNS filter policy on severity or change).
        if let Some(v) = attribute(worst.as_str()) {
            request = request.message_attributes("severity", v);
        }
        if let Some(v) = attribute(change) {
            request = request.message_attributes("change", v);
        }
        match tokio::time::timeout(remaining, request.send()).await {
            Ok(Ok(_)) => Delivery {
                ok: true,
                attempts: 1,
                error: None,
            },
            Ok(Err(e)) => Delivery {
                ok: false,
                attempts: 1,
                error: Some(format!(
                    "SNS Publish: {}",
                    aws_sdk_sns::error::DisplayErrorContext(&e)
                )),
            },
            Err(_) => Delivery {
                ok: false,
                attempts: 1,
                error: Some("SNS Publish: overall deadline reached".into()),
            },
        }
    }
}

fn blocking_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}

fn tls_config() -> Result<rustls::ClientConfig, NotifyError> {
    use hyper_rustls::ConfigBuilderExt;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| NotifyError::Tls(e.to_string()))?
        .with_native_roots()
        .map_err(|e| NotifyError::Tls(e.to_string()))?
        .with_no_client_auth();
    Ok(config)
}

/// An https URL, or plain http to this machine (a local relay, a test server): anything else
/// would send the findings and the signature in clear text.
fn check_url(url: &str) -> Result<(), String> {
    let uri: http::Uri = url
        .parse()
        .map_err(|_| "is not a URL (https://host/path)".to_string())?;
    let host = uri.host().unwrap_or_default();
    match uri.scheme_str() {
        Some("https") if !host.is_empty() => Ok(()),
        Some("http") if matches!(host, "127.0.0.1" | "localhost" | "[::1]" | "::1") => Ok(()),
        Some("http") => Err("is plain http to another machine: use https".into()),
        _ => Err("is not an https URL".into()),
    }
}

fn build_request(
    url: &Secret,
    hmac: Option<&Secret>,
    body: &Bytes,
) -> Result<http::Request<Full<Bytes>>, String> {
    let mut builder = http::Request::post(url.0.as_str())
        .header(http::header::CONTENT_TYPE, "application/json")
        .header(
            http::header::USER_AGENT,
            concat!("cloudward/", env!("CARGO_PKG_VERSION")),
        );
    if let Some(secret) = hmac {
        let timestamp = chrono::Utc::now().timestamp().to_string();
        builder = builder
            .header(TIMESTAMP_HEADER, &timestamp)
            .header(SIGNATURE_HEADER, signature(&secret.0, &timestamp, body));
    }
    builder
        .body(Full::new(body.clone()))
        .map_err(|e| format!("building the request: {e}"))
}

/// The header with the Unix time the body was signed at.
pub const TIMESTAMP_HEADER: &str = "X-Cloudward-Timestamp";
/// The header with `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
pub const SIGNATURE_HEADER: &str = "X-Cloudward-Signature";

/// `sha256=` and the hex HMAC-SHA256, keyed by `secret`, of the timestamp, a `.` and the raw
/// body: the timestamp is signed too, so a captured request cannot be replayed later with a
/// fresh timestamp (receivers reject old ones; docs/notifications.md).
pub fn signature(secret: &str, timestamp: &str, body: &[u8]) -> String {
    use hmac::{KeyInit, Mac};
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let mut hex = String::with_capacity(7 + digest.len() * 2);
    hex.push_str("sha256=");
    for b in digest.iter() {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// `Retry-After` in seconds (the HTTP-date form is read too).
fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let secs = (at.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds();
    Some(Duration::from_secs(u64::try_from(secs).unwrap_or(0)))
}

/// At most this much of an error answer's body is read.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// The start of an error body (Slack says `invalid_payload`, `no_service`, ...), bounded.
async fn read_some(response: http::Response<hyper::body::Incoming>) -> String {
    const MAX: usize = 300;
    // A hostile or broken endpoint may answer with an endless body: read at most 64 KiB.
    let limited = http_body_util::Limited::new(response.into_body(), MAX_ERROR_BODY);
    let body = match tokio::time::timeout(Duration::from_secs(2), limited.collect()).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        _ => return String::new(),
    };
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX)]);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An error with its sources, one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Remove the secret URL, and each of its distinctive parts (host, path, query), from `text`.
pub(crate) fn redact(text: &str, url: &str) -> String {
    let mut out = text.replace(url, "<redacted URL>");
    if let Ok(uri) = url.parse::<http::Uri>() {
        let mut parts: Vec<String> = Vec::new();
        if let Some(pq) = uri.path_and_query() {
            if pq.as_str().len() > 1 {
                parts.push(pq.as_str().to_string());
            }
            if pq.path().len() > 1 {
                parts.push(pq.path().to_string());
            }
            if let Some(q) = pq.query() {
                parts.push(q.to_string());
            }
        }
        if let Some(host) = uri.host() {
            parts.push(host.to_string());
        }
        parts.sort_by_key(|p| std::cmp::Reverse(p.len()));
        for p in parts {
            out = out.replace(&p, "<redacted>");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_removes_the_url_and_its_parts() {
        let url = "https://hooks.example.test/services/T0/B0/SECRETTOKEN?x=1";
        let text = format!(
            "error sending request for url ({url}): dns error for hooks.example.test; path /services/T0/B0/SECRETTOKEN"
        );
        let out = redact(&text, url);
        assert!(!out.contains("SECRETTOKEN"), "{out}");
        assert!(!out.contains("hooks.example.test"), "{out}");
    }

    #[test]
    fn only_https_or_local_http_urls() {
        assert!(check_url("https://hooks.slack.com/services/x").is_ok());
        assert!(check_url("http://127.0.0.1:8080/hook").is_ok());
        assert!(check_url("http://hooks.example.test/x").is_err());
        assert!(check_url("hooks.slack.com/x").is_err());
        let err = check_url("ftp://secret.example/x").expect_err("not https");
        assert!(!err.contains("secret.example"), "{err}");
    }

    #[test]
    fn the_signature_is_the_documented_hmac() {
        // Known answer from Python: hmac.new(b"Jefe", b'1700000000.{"a":1}', sha256).hexdigest()
        assert_eq!(
            signature("Jefe", "1700000000", br#"{"a":1}"#),
            "sha256=fa5f6481efc59da48b19c9dc10196c9953e5651f8304b3a318b6b87d70272e0a"
        );
    }

    /// The watch loop runs on a multi-threaded runtime and may spawn a send: its future must
    /// be `Send` (this fails to compile otherwise).
    #[test]
    fn a_send_can_be_spawned() {
        fn spawnable<T: Send>(_: &T) {}
        let notifier = Notifier::new(&[], NotifyOptions::default()).expect("no sinks");
        let mut store = cloudward_store::Store::in_memory().expect("store");
        let batch = [Notification::sample()];
        let future = notifier.send(&batch, &mut store);
        spawnable(&future);
        let mut memory = crate::MemoryLedger::default();
        spawnable(&notifier.send(&batch, &mut memory));
    }

    #[test]
    fn backoff_stays_under_its_cap() {
        let notifier = Notifier::new(&[], NotifyOptions::default()).expect("no sinks");
        for attempt in 1..20 {
            assert!(notifier.backoff(attempt) <= Duration::from_secs(8));
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = http::HeaderMap::new();
        h.insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_static("3"),
        );
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO), "a past date");
        h.insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_static("soon"),
        );
        assert_eq!(retry_after(&h), None);
    }
}
