//! The `[[notifications]]` tables of `cloudward.toml`: one sink each, parsed field by field so
//! that every error names its key (`notifications[1].min_severity`), and secrets resolved
//! from the environment or a file, never from the file itself.
//!
//! The CLI hands each table over as a JSON object (the TOML value converted with serde), so
//! this crate needs no TOML parser and the watch loop can read sinks from anywhere.

use std::path::PathBuf;
use std::time::Duration;

use cloudward_model::Severity;
use serde_json::{Map, Value};

/// The kinds of sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SinkKind {
    /// A Slack incoming webhook: Block Kit messages.
    Slack,
    /// Any HTTPS endpoint: a signed JSON body (schema in docs/notifications.md).
    Webhook,
    /// A Microsoft Teams incoming webhook or Workflows URL: an Adaptive Card.
    Teams,
    /// An Amazon SNS topic (which can fan out to email, SMS, SQS, Lambda, ...).
    Sns,
}

impl SinkKind {
    /// `slack`, `webhook`, `teams` or `sns`.
    pub fn as_str(self) -> &'static str {
        match self {
            SinkKind::Slack => "slack",
            SinkKind::Webhook => "webhook",
            SinkKind::Teams => "teams",
            SinkKind::Sns => "sns",
        }
    }

    fn parse(s: &str) -> Option<SinkKind> {
        match s {
            "slack" => Some(SinkKind::Slack),
            "webhook" => Some(SinkKind::Webhook),
            "teams" => Some(SinkKind::Teams),
            "sns" => Some(SinkKind::Sns),
            _ => None,
        }
    }
}

/// What a sink is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// A failure not judged in the previous run of the target.
    New,
    /// A failure judged otherwise (passing, unknown, suppressed) in the previous run.
    Regressed,
    /// A detection alert from `cloudward detect`.
    Alerts,
    /// Addresses `cloudward respond` blocked or unblocked (one summary per run).
    Blocks,
}

impl EventKind {
    /// All events: the default of `events`.
    pub const ALL: [EventKind; 4] = [
        EventKind::New,
        EventKind::Regressed,
        EventKind::Alerts,
        EventKind::Blocks,
    ];

    /// `new`, `regressed`, `alerts` or `blocks`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::New => "new",
            EventKind::Regressed => "regressed",
            EventKind::Alerts => "alerts",
            EventKind::Blocks => "blocks",
        }
    }
}

/// Where a secret (a webhook URL, an HMAC key) is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// An environment variable, by name.
    Env(String),
    /// A file (its content, trimmed of surrounding whitespace).
    File(PathBuf),
}

impl SecretSource {
    /// Read the secret. The error names the variable or file, never the value.
    pub fn read(&self) -> Result<String, String> {
        let value = match self {
            SecretSource::Env(name) => std::env::var(name)
                .map_err(|_| format!("environment variable {name} is not set"))?,
            SecretSource::File(path) => {
                let meta = std::fs::metadata(path)
                    .map_err(|e| format!("secret file {}: {e}", path.display()))?;
                if meta.len() > MAX_SECRET_BYTES {
                    return Err(format!(
                        "secret file {}: {} bytes is over the {MAX_SECRET_BYTES}-byte limit",
                        path.display(),
                        meta.len()
                    ));
                }
                std::fs::read_to_string(path)
                    .map_err(|e| format!("secret file {}: {e}", path.display()))?
            }
        };
        let value = value.trim().to_string();
        if value.is_empty() {
            return Err(format!("{} is empty", self.describe()));
        }
        Ok(value)
    }

    /// `environment variable NAME` or `file PATH`, for messages.
    pub fn describe(&self) -> String {
        match self {
            SecretSource::Env(name) => format!("environment variable {name}"),
            SecretSource::File(path) => format!("file {}", path.display()),
        }
    }
}

/// A secret file larger than this is refused (a URL or a key is a few hundred bytes).
pub const MAX_SECRET_BYTES: u64 = 64 * 1024;

/// At most this many sinks (a typo that repeats a table a thousand times is not a setup).
pub const MAX_SINKS: usize = 32;

/// One configured sink, validated; secrets are not read yet (see [`crate::Notifier::new`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SinkConfig {
    /// The kind.
    pub kind: SinkKind,
    /// Its name in warnings, reports and the dedupe ledger (default: the kind). Renaming a
    /// sink makes it a new sink that has been told nothing yet.
    pub name: String,
    /// Notify at or above this severity (default: high).
    pub min_severity: Severity,
    /// What to notify (default: new, regressed and alerts).
    pub events: Vec<EventKind>,
    /// The URL of an HTTP sink (Slack, webhook, Teams).
    pub url: Option<SecretSource>,
    /// The HMAC-SHA256 key of a webhook sink (optional: without it the body is not signed).
    pub secret: Option<SecretSource>,
    /// The topic of an SNS sink.
    pub topic_arn: Option<String>,
    /// The region of an SNS sink (default: the topic ARN's).
    pub region: Option<String>,
    /// Messages at most per minute; past it, the rest of a batch is folded into one digest
    /// ("and 37 more"). Default 20.
    pub max_per_minute: u32,
    /// Timeout of one request (default 10 s).
    pub timeout: Duration,
}

/// One problem in a sink table, with the key it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The key (`min_severity`), or empty for the table as a whole.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl FieldError {
    fn new(field: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

const KEYS: &[&str] = &[
    "kind",
    "name",
    "min_severity",
    "events",
    "url_env",
    "url_file",
    "secret_env",
    "secret_file",
    "topic_arn",
    "region",
    "max_per_minute",
    "timeout_secs",
];

/// Keys that would hold a secret in the settings file itself: refused with the reason.
const LITERAL_SECRETS: &[&str] = &[
    "url",
    "webhook_url",
    "secret",
    "password",
    "token",
    "hmac_secret",
];

impl SinkConfig {
    /// Parse one `[[notifications]]` table. Every problem is returned, each naming its key.
    pub fn parse(table: &Map<String, Value>) -> Result<SinkConfig, Vec<FieldError>> {
        let mut errors = Vec::new();
        for key in table.keys() {
            if LITERAL_SECRETS.contains(&key.as_str()) {
                let env = if key.contains("secret") || key == "password" || key == "token" {
                    "secret"
                } else {
                    "url"
                };
                errors.push(FieldError::new(
                    key,
                    format!(
                        "a {} is a secret (whoever holds it can post as cloudward) and \
                         cloudward.toml is usually committed and shared: put it in an \
                         environment variable and set {env}_env = \"NAME\", or in a file \
                         readable only by you and set {env}_file = \"PATH\"",
                        if env == "url" {
                            "webhook URL"
                        } else {
                            "signing secret"
                        }
                    ),
                ));
            } else if !KEYS.contains(&key.as_str()) {
                errors.push(FieldError::new(
                    key,
                    format!("unknown key (expected one of: {})", KEYS.join(", ")),
                ));
            }
        }
        let kind = match table.get("kind") {
            None => {
                errors.push(FieldError::new(
                    "kind",
                    "missing (slack, webhook, teams or sns)",
                ));
                None
            }
            Some(v) => match v.as_str().and_then(SinkKind::parse) {
                Some(k) => Some(k),
                None => {
                    errors.push(FieldError::new(
                        "kind",
                        format!("{v} is not a sink kind (slack, webhook, teams or sns)"),
                    ));
                    None
                }
            },
        };
        let name = string(table, "name", &mut errors);
        if let Some(n) = &name {
            if n.trim().is_empty() || n.len() > 64 {
                errors.push(FieldError::new("name", "must be 1 to 64 characters"));
            }
        }
        let min_severity = match string(table, "min_severity", &mut errors) {
            None => Severity::High,
            Some(s) => match parse_severity(&s) {
                Some(sev) => sev,
                None => {
                    errors.push(FieldError::new(
                        "min_severity",
                        format!("{s:?} is not a severity (critical, high, medium, low, info)"),
                    ));
                    Severity::High
                }
            },
        };
        let events = match table.get("events") {
            None => EventKind::ALL.to_vec(),
            Some(Value::Array(items)) => {
                let mut events = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item.as_str() {
                        Some("new") => events.push(EventKind::New),
                        Some("regressed") => events.push(EventKind::Regressed),
                        Some("alerts") => events.push(EventKind::Alerts),
                        Some("blocks") => events.push(EventKind::Blocks),
                        _ => errors.push(FieldError::new(
                            &format!("events[{i}]"),
                            format!("{item} is not an event (new, regressed, alerts, blocks)"),
                        )),
                    }
                }
                if items.is_empty() {
                    errors.push(FieldError::new(
                        "events",
                        "is empty: a sink told nothing is a mistake (remove the table instead)",
                    ));
                }
                events.dedup();
                events
            }
            Some(other) => {
                errors.push(FieldError::new(
                    "events",
                    format!("{other} is not a list (e.g. [\"new\", \"regressed\"])"),
                ));
                Vec::new()
            }
        };
        let url = secret_source(table, "url", &mut errors);
        let secret = secret_source(table, "secret", &mut errors);
        let topic_arn = string(table, "topic_arn", &mut errors);
        let region = string(table, "region", &mut errors);
        let max_per_minute = integer(table, "max_per_minute", 1, 1000, &mut errors).unwrap_or(20);
        let timeout_secs = integer(table, "timeout_secs", 1, 120, &mut errors).unwrap_or(10);

        if let Some(kind) = kind {
            match kind {
                SinkKind::Sns => {
                    if url.is_some() {
                        errors.push(FieldError::new(
                            "url_env",
                            "an sns sink publishes to topic_arn, it has no URL",
                        ));
                    }
                    match &topic_arn {
                        None => errors.push(FieldError::new(
                            "topic_arn",
                            "missing: the SNS topic to publish to (arn:aws:sns:REGION:ACCOUNT:NAME)",
                        )),
                        Some(arn) if topic_region(arn).is_none() => errors.push(FieldError::new(
                            "topic_arn",
                            format!("{arn:?} is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)"),
                        )),
                        Some(_) => {}
                    }
                }
                SinkKind::Slack | SinkKind::Webhook | SinkKind::Teams => {
                    if url.is_none() {
                        errors.push(FieldError::new(
                            "url_env",
                            format!(
                                "a {} sink needs its URL: url_env = \"NAME\" or url_file = \"PATH\"",
                                kind.as_str()
                            ),
                        ));
                    }
                    for key in ["topic_arn", "region"] {
                        if table.contains_key(key) {
                            errors.push(FieldError::new(key, "only an sns sink has this key"));
                        }
                    }
                }
            }
            if secret.is_some() && kind != SinkKind::Webhook {
                errors.push(FieldError::new(
                    "secret_env",
                    "only a webhook sink signs its body",
                ));
            }
        }
        if !errors.is_empty() {
            errors.sort_by(|a, b| a.field.cmp(&b.field));
            return Err(errors);
        }
        let kind = kind.expect("a kind error returned above");
        Ok(SinkConfig {
            kind,
            name: name.unwrap_or_else(|| kind.as_str().to_string()),
            min_severity,
            events,
            url,
            secret,
            topic_arn,
            region,
            max_per_minute: u32::try_from(max_per_minute).unwrap_or(20),
            timeout: Duration::from_secs(timeout_secs as u64),
        })
    }

    /// Parse every table of the `notifications` array, checking names are unique. Errors are
    /// `notifications[i].key: message`.
    pub fn parse_all(tables: &[Value]) -> Result<Vec<SinkConfig>, Vec<String>> {
        let mut sinks = Vec::new();
        let mut problems = Vec::new();
        if tables.len() > MAX_SINKS {
            problems.push(format!(
                "notifications: {} sinks is over the limit of {MAX_SINKS}",
                tables.len()
            ));
            return Err(problems);
        }
        for (i, table) in tables.iter().enumerate() {
            let Some(table) = table.as_object() else {
                problems.push(format!("notifications[{i}]: must be a table"));
                continue;
            };
            match SinkConfig::parse(table) {
                Ok(sink) => {
                    if sinks.iter().any(|s: &SinkConfig| s.name == sink.name) {
                        problems.push(format!(
                            "notifications[{i}].name: {:?} is already the name of another sink \
                             (two sinks of one kind need a name each)",
                            sink.name
                        ));
                    }
                    sinks.push(sink);
                }
                Err(errors) => problems.extend(errors.into_iter().map(|e| {
                    if e.field.is_empty() {
                        format!("notifications[{i}]: {}", e.message)
                    } else {
                        format!("notifications[{i}].{}: {}", e.field, e.message)
                    }
                })),
            }
        }
        if problems.is_empty() {
            Ok(sinks)
        } else {
            Err(problems)
        }
    }
}

/// The region of `arn:aws:sns:REGION:ACCOUNT:NAME`.
pub(crate) fn topic_region(arn: &str) -> Option<&str> {
    let parts: Vec<&str> = arn.split(':').collect();
    match parts.as_slice() {
        ["arn", _partition, "sns", region, account, name]
            if !region.is_empty() && !account.is_empty() && !name.is_empty() =>
        {
            Some(region)
        }
        _ => None,
    }
}

fn parse_severity(s: &str) -> Option<Severity> {
    Severity::ALL
        .into_iter()
        .find(|sev| sev.as_str().eq_ignore_ascii_case(s))
}

fn string(table: &Map<String, Value>, key: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    match table.get(key) {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            errors.push(FieldError::new(key, format!("{other} is not a string")));
            None
        }
    }
}

fn integer(
    table: &Map<String, Value>,
    key: &str,
    min: i64,
    max: i64,
    errors: &mut Vec<FieldError>,
) -> Option<i64> {
    match table.get(key) {
        None => None,
        Some(v) => match v.as_i64() {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                errors.push(FieldError::new(
                    key,
                    format!("{v} is not a whole number from {min} to {max}"),
                ));
                None
            }
        },
    }
}

/// `<base>_env` or `<base>_file`, not both.
fn secret_source(
    table: &Map<String, Value>,
    base: &str,
    errors: &mut Vec<FieldError>,
) -> Option<SecretSource> {
    let env_key = format!("{base}_env");
    let file_key = format!("{base}_file");
    let env = string(table, &env_key, errors);
    let file = string(table, &file_key, errors);
    match (env, file) {
        (Some(_), Some(_)) => {
            errors.push(FieldError::new(
                &env_key,
                format!("give {env_key} or {file_key}, not both"),
            ));
            None
        }
        (Some(name), None) => {
            let valid =
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if valid {
                Some(SecretSource::Env(name))
            } else {
                errors.push(FieldError::new(
                    &env_key,
                    "is the NAME of an environment variable (letters, digits, _), not its value",
                ));
                None
            }
        }
        (None, Some(path)) => Some(SecretSource::File(PathBuf::from(path))),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(json: serde_json::Value) -> Map<String, Value> {
        json.as_object().expect("an object").clone()
    }

    #[test]
    fn a_slack_sink_with_defaults() {
        let sink = SinkConfig::parse(&table(serde_json::json!({
            "kind": "slack", "url_env": "SLACK_URL"
        })))
        .expect("valid");
        assert_eq!(sink.name, "slack");
        assert_eq!(sink.min_severity, Severity::High);
        assert_eq!(sink.events, EventKind::ALL);
        assert_eq!(sink.url, Some(SecretSource::Env("SLACK_URL".into())));
        assert_eq!(sink.max_per_minute, 20);
    }

    #[test]
    fn a_literal_url_is_refused_with_the_reason() {
        let errors = SinkConfig::parse(&table(serde_json::json!({
            "kind": "slack", "url": "https://hooks.slack.com/services/T/B/X"
        })))
        .expect_err("a literal URL");
        let url = errors.iter().find(|e| e.field == "url").expect("url named");
        assert!(url.message.contains("url_env"), "{url:?}");
        assert!(
            !url.message.contains("hooks.slack.com"),
            "the error must not repeat the secret"
        );
    }

    #[test]
    fn errors_name_their_key_and_index() {
        let problems = SinkConfig::parse_all(&[
            serde_json::json!({"kind": "webhook", "url_env": "A"}),
            serde_json::json!({"kind": "webhook", "url_env": "B", "min_severity": "hgh",
                               "events": ["new", "fixed"], "max_per_minut": 3}),
            serde_json::json!({"kind": "webhook", "url_env": "C"}),
        ])
        .expect_err("invalid");
        let text = problems.join("\n");
        for expected in [
            "notifications[1].min_severity",
            "notifications[1].events[1]",
            "notifications[1].max_per_minut: unknown key",
            "notifications[2].name: \"webhook\" is already the name",
        ] {
            assert!(text.contains(expected), "{expected} in:\n{text}");
        }
    }

    #[test]
    fn an_sns_sink_needs_a_topic_arn_and_takes_its_region() {
        let errors =
            SinkConfig::parse(&table(serde_json::json!({"kind": "sns"}))).expect_err("no topic");
        assert!(errors.iter().any(|e| e.field == "topic_arn"));
        let errors = SinkConfig::parse(&table(
            serde_json::json!({"kind": "sns", "topic_arn": "arn:aws:s3:::bucket"}),
        ))
        .expect_err("not a topic");
        assert!(errors.iter().any(|e| e.field == "topic_arn"));
        assert_eq!(
            topic_region("arn:aws:sns:eu-west-1:123456789012:alerts"),
            Some("eu-west-1")
        );
    }

    #[test]
    fn an_env_value_in_place_of_its_name_is_refused() {
        let errors = SinkConfig::parse(&table(serde_json::json!({
            "kind": "teams", "url_env": "https://example.webhook.office.com/x"
        })))
        .expect_err("a value, not a name");
        assert!(errors.iter().any(|e| e.field == "url_env"));
    }

    #[test]
    fn secrets_are_read_from_files_trimmed_and_bounded() {
        let dir = std::env::temp_dir().join(format!("cloudward-secret-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("url");
        std::fs::write(&path, "https://example.test/hook\n").expect("write");
        assert_eq!(
            SecretSource::File(path.clone()).read().expect("reads"),
            "https://example.test/hook"
        );
        std::fs::write(&path, "  \n").expect("write");
        assert!(SecretSource::File(path).read().is_err(), "empty");
        let err = SecretSource::Env("CLOUDWARD_TEST_UNSET_VARIABLE_X".into())
            .read()
            .expect_err("unset");
        assert!(err.contains("CLOUDWARD_TEST_UNSET_VARIABLE_X"));
    }
}
