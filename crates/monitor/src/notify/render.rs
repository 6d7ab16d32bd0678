//! Message bodies, one function per sink kind: pure, deterministic, snapshot-tested.
//!
//! Text from the account (resource names, tags, evidence) is hostile input: Slack's mrkdwn
//! control characters are escaped so a bucket named `<!channel>` or `<https://evil|click>`
//! cannot ping a channel or plant a link, and every field is cut to the sink's limit.

use serde_json::{json, Value};

use super::Notification;

/// The `schema_version` of the webhook body (docs/notifications.md). Raised only for a change
/// that breaks a consumer; new fields may appear within a version.
pub const WEBHOOK_SCHEMA_VERSION: u32 = 1;

/// At most this many notifications are listed in one digest (the count covers all of them).
pub const MAX_DIGEST_LISTED: usize = 100;

/// What one delivered message carries.
#[derive(Debug, Clone, Copy)]
pub enum Message<'a> {
    /// One notification.
    One(&'a Notification),
    /// What exceeded the sink's rate, folded into one message: "and 37 more" when `more`
    /// (others went out one by one before it), else "37 notifications".
    Digest {
        /// The notifications folded.
        items: &'a [Notification],
        /// Whether single messages preceded it.
        more: bool,
    },
}

impl Message<'_> {
    /// The notifications it carries.
    pub fn notifications(&self) -> &[Notification] {
        match self {
            Message::One(n) => std::slice::from_ref(*n),
            Message::Digest { items, .. } => items,
        }
    }

    /// One line for a plain-text title (SNS subject, Slack fallback).
    pub fn headline(&self) -> String {
        match self {
            Message::One(n) => format!(
                "{} · {}: {}",
                n.severity.as_str().to_uppercase(),
                n.change.label(),
                n.title
            ),
            Message::Digest { items, more } => format!(
                "cloudward: {}{}{} notification(s), worst {}",
                if *more { "and " } else { "" },
                items.len(),
                if *more { " more" } else { "" },
                items
                    .iter()
                    .map(|n| n.severity)
                    .max()
                    .map(|s| s.as_str().to_uppercase())
                    .unwrap_or_default()
            ),
        }
    }
}

/// Cut `text` to at most `max` characters, marking the cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Slack's mrkdwn escaping (https://api.slack.com/reference/surfaces/formatting#escaping).
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Inline code in mrkdwn: no formatting, no link detection; backticks would end it early.
fn slack_code(text: &str) -> String {
    format!("`{}`", slack_escape(&text.replace('`', "'")))
}

fn place(n: &Notification) -> String {
    format!(
        "{} / {}",
        n.account.as_deref().unwrap_or("-"),
        n.region.as_deref().unwrap_or("-")
    )
}

/// A Slack incoming-webhook body in Block Kit: a header with the severity and title, the
/// resource, account/region and rule as fields, the evidence, the fix; no links.
pub fn slack_body(message: &Message<'_>) -> Value {
    // Block Kit limits: header text 150 characters, section text 3000, a field 2000.
    match message {
        Message::One(n) => {
            let mut blocks = vec![
                json!({"type": "header", "text": {"type": "plain_text", "text": cut(&message.headline(), 150), "emoji": false}}),
                json!({"type": "section", "fields": [
                    {"type": "mrkdwn", "text": cut(&format!("*Resource*\n{}", slack_code(&n.resource)), 2000)},
                    {"type": "mrkdwn", "text": cut(&format!("*Account / region*\n{}", slack_escape(&place(n))), 2000)},
                    {"type": "mrkdwn", "text": cut(&format!("*Rule*\n{}", slack_code(&n.rule_id)), 2000)},
                    {"type": "mrkdwn", "text": format!("*Change*\n{}", n.change.label())},
                ]}),
                json!({"type": "section", "text": {"type": "mrkdwn", "text": cut(&slack_escape(&n.message), 3000)}}),
            ];
            if let Some(fix) = &n.remediation {
                let label = if matches!(n.change, super::Change::Alert | super::Change::Blocked) {
                    "Respond"
                } else {
                    "Fix"
                };
                blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": cut(&format!("*{label}*\n{}", slack_escape(fix)), 3000)}}));
            }
            blocks.push(
                json!({"type": "context", "elements": [{"type": "mrkdwn", "text": context(n)}]}),
            );
            // The fallback text (shown in push notifications) is mrkdwn too.
            json!({"text": cut(&slack_escape(&format!("{} on {}", message.headline(), n.resource)), 3000), "blocks": blocks})
        }
        Message::Digest { items, .. } => {
            let mut lines: Vec<String> = items
                .iter()
                .take(10)
                .map(|n| {
                    format!(
                        "• *{}* {} {} on {}",
                        n.severity.as_str().to_uppercase(),
                        n.change.as_str(),
                        slack_code(&n.rule_id),
                        slack_code(&cut(&n.resource, 200))
                    )
                })
                .collect();
            if items.len() > 10 {
                lines.push(format!("…and {} more not listed", items.len() - 10));
            }
            json!({
                "text": slack_escape(&message.headline()),
                "blocks": [
                    {"type": "header", "text": {"type": "plain_text", "text": cut(&message.headline(), 150), "emoji": false}},
                    {"type": "section", "text": {"type": "mrkdwn", "text": cut(&lines.join("\n"), 3000)}},
                    {"type": "context", "elements": [{"type": "mrkdwn", "text": "Folded into one message by the sink's rate limit (max_per_minute). `cloudward diff` lists them all."}]},
                ]
            })
        }
    }
}

fn context(n: &Notification) -> String {
    match n.run {
        Some(run) => format!("cloudward · run {run}"),
        None => "cloudward".to_string(),
    }
}

fn notification_json(n: &Notification) -> Value {
    json!({
        "change": n.change.as_str(),
        "severity": n.severity.as_str(),
        "rule_id": n.rule_id,
        "title": n.title,
        "resource": n.resource,
        "account": n.account,
        "region": n.region,
        "message": n.message,
        "remediation": n.remediation,
        "run": n.run,
        "fingerprint": n.fingerprint,
    })
}

/// The generic webhook body, schema version [`WEBHOOK_SCHEMA_VERSION`] (docs/notifications.md):
/// always a list of notifications, one for a single message and up to
/// [`MAX_DIGEST_LISTED`] for a digest (`total` counts all).
pub fn webhook_body(message: &Message<'_>, sink: &str) -> Value {
    let items = message.notifications();
    let listed: Vec<Value> = items
        .iter()
        .take(MAX_DIGEST_LISTED)
        .map(notification_json)
        .collect();
    json!({
        "schema_version": WEBHOOK_SCHEMA_VERSION,
        "type": match message { Message::One(_) => "notification", Message::Digest { .. } => "digest" },
        "sink": sink,
        "total": items.len(),
        "notifications": listed,
    })
}

/// A Microsoft Teams body: an Adaptive Card (1.4) in the message envelope that both Workflows
/// ("Post to a channel when a webhook request is received") and the older incoming webhooks
/// accept.
pub fn teams_body(message: &Message<'_>) -> Value {
    let body = match message {
        Message::One(n) => {
            let mut body = vec![
                json!({"type": "TextBlock", "text": cut(&message.headline(), 300), "weight": "Bolder", "size": "Medium", "wrap": true,
                       "color": if n.severity >= cloudward_model::Severity::High { "Attention" } else { "Warning" }}),
                json!({"type": "FactSet", "facts": [
                    {"title": "Resource", "value": cut(&n.resource, 1000)},
                    {"title": "Account / region", "value": place(n)},
                    {"title": "Rule", "value": n.rule_id},
                    {"title": "Run", "value": n.run.map_or_else(|| "-".to_string(), |r| r.to_string())},
                ]}),
                json!({"type": "TextBlock", "text": cut(&n.message, 3000), "wrap": true}),
            ];
            if let Some(fix) = &n.remediation {
                body.push(
                    json!({"type": "TextBlock", "text": "Fix", "weight": "Bolder", "wrap": true}),
                );
                body.push(json!({"type": "TextBlock", "text": cut(fix, 3000), "wrap": true}));
            }
            body
        }
        Message::Digest { items, .. } => {
            let facts: Vec<Value> = items
                .iter()
                .take(20)
                .map(|n| {
                    json!({"title": format!("{} {}", n.severity.as_str().to_uppercase(), n.change.as_str()),
                           "value": cut(&format!("{} on {}", n.rule_id, n.resource), 500)})
                })
                .collect();
            let mut body = vec![
                json!({"type": "TextBlock", "text": message.headline(), "weight": "Bolder", "size": "Medium", "wrap": true}),
                json!({"type": "FactSet", "facts": facts}),
            ];
            if items.len() > 20 {
                body.push(json!({"type": "TextBlock", "text": format!("…and {} more not listed", items.len() - 20), "wrap": true}));
            }
            body
        }
    };
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": body,
            }
        }]
    })
}

/// An SNS subject: printable ASCII, one line, at most 100 characters (the Publish limits).
pub(crate) fn sns_subject(message: &Message<'_>) -> String {
    let ascii: String = format!("cloudward {}", message.headline())
        .replace('·', "-")
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .collect();
    ascii.chars().take(100).collect()
}

/// An SNS message: plain text that reads well in an email subscription.
pub(crate) fn sns_text(message: &Message<'_>) -> String {
    match message {
        Message::One(n) => {
            let mut text = format!(
                "{}\n\nResource: {}\nAccount / region: {}\nRule: {}\nRun: {}\n\n{}\n",
                message.headline(),
                n.resource,
                place(n),
                n.rule_id,
                n.run.map_or_else(|| "-".to_string(), |r| r.to_string()),
                n.message
            );
            if let Some(fix) = &n.remediation {
                text.push_str(&format!("\nFix:\n{fix}\n"));
            }
            cut(&text, 200_000)
        }
        Message::Digest { items, .. } => {
            let mut text = format!("{}\n\n", message.headline());
            for n in items.iter().take(MAX_DIGEST_LISTED) {
                text.push_str(&format!(
                    "- {} {} {} on {}\n",
                    n.severity.as_str().to_uppercase(),
                    n.change.as_str(),
                    n.rule_id,
                    n.resource
                ));
            }
            if items.len() > MAX_DIGEST_LISTED {
                text.push_str(&format!(
                    "...and {} more not listed\n",
                    items.len() - MAX_DIGEST_LISTED
                ));
            }
            cut(&text, 200_000)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::Change;
    use cloudward_model::Severity;

    fn hostile() -> Notification {
        Notification {
            change: Change::New,
            severity: Severity::High,
            rule_id: "s3-bucket-public-access-block".into(),
            title: "S3 bucket blocks public access".into(),
            resource: "arn:aws:s3:::<!channel>`x".into(),
            account: Some("123456789012".into()),
            region: None,
            message: "tag says <https://evil.example|click here> & more".into(),
            remediation: None,
            run: Some(3),
            fingerprint: "fp".into(),
        }
    }

    #[test]
    fn slack_text_from_the_account_cannot_ping_or_link() {
        let body = slack_body(&Message::One(&hostile())).to_string();
        assert!(!body.contains("<!channel>"), "{body}");
        assert!(!body.contains("<https://evil"), "{body}");
        assert!(body.contains("&lt;!channel&gt;"), "{body}");
    }

    #[test]
    fn long_fields_are_cut_to_the_block_kit_limits() {
        let mut n = hostile();
        n.title = "t".repeat(500);
        n.message = "m".repeat(10_000);
        let body = slack_body(&Message::One(&n));
        let header = body["blocks"][0]["text"]["text"]
            .as_str()
            .expect("header text");
        assert_eq!(header.chars().count(), 150);
        let section = body["blocks"][2]["text"]["text"]
            .as_str()
            .expect("section text");
        assert!(section.chars().count() <= 3000);
    }

    #[test]
    fn an_sns_subject_is_short_printable_ascii() {
        let mut n = hostile();
        n.title = "é\nnew line".repeat(30);
        let s = sns_subject(&Message::One(&n));
        assert!(s.len() <= 100);
        assert!(s.chars().all(|c| c.is_ascii_graphic() || c == ' '), "{s}");
    }

    #[test]
    fn a_webhook_digest_lists_at_most_its_cap_and_counts_all() {
        let items = vec![hostile(); MAX_DIGEST_LISTED + 5];
        let body = webhook_body(
            &Message::Digest {
                items: &items,
                more: true,
            },
            "ops",
        );
        assert_eq!(body["total"], MAX_DIGEST_LISTED + 5);
        assert_eq!(
            body["notifications"].as_array().expect("a list").len(),
            MAX_DIGEST_LISTED
        );
        assert_eq!(body["type"], "digest");
    }
}
