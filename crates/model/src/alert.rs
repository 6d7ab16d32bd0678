//! [`Alert`]: what log detection reports. The detect crate aggregates rule matches into alerts
//! and the report crate renders them; this data-only type sits between the two so that neither
//! depends on the other.
//!
//! An alert is one rule firing for one actor in one time window: a count of matching events,
//! the first and last of them (id and time), and the distinct values an analyst looks at first
//! (source IPs, user agents, regions, event names, access keys). Each of those lists is capped
//! at [`MAX_VALUES`] entries so an alert's size does not grow with the log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::finding::Severity;

/// Most distinct values kept per list in an alert; further values are counted in
/// [`Alert::values_omitted`].
pub const MAX_VALUES: usize = 20;

/// Most event ids an alert lists ([`Alert::event_ids`]); the earliest are kept and the rest
/// counted. It bounds an open alert's memory (about 15 KB of ids) however large the burst.
pub const MAX_EVENT_IDS: usize = 256;

/// The metadata of the rule that raised an alert (Sigma fields, kept for attribution: the DRL
/// licence of SigmaHQ rules requires alerts to carry the `author`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertRule {
    /// Rule id (a UUID for Sigma rules).
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Sigma `status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Author (attribution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Licence of the rule text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// References (URLs, CIS control ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// Tags (`attack.t1078`, `cis.aws_v5.4.3`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Known false positives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub falsepositives: Vec<String>,
    /// Where the rule was loaded from (`builtin:<file>` or a path).
    pub origin: String,
    /// True for correlation rules (thresholds over a window).
    #[serde(default)]
    pub correlation: bool,
}

impl AlertRule {
    /// MITRE ATT&CK technique ids from the tags (`attack.t1078.004` → `T1078.004`).
    pub fn attack_techniques(&self) -> Vec<String> {
        self.tags
            .iter()
            .filter_map(|t| t.strip_prefix("attack.t"))
            .filter(|t| t.starts_with(|c: char| c.is_ascii_digit()))
            .map(|t| format!("T{}", t.to_ascii_uppercase()))
            .collect()
    }

    /// MITRE ATT&CK tactics from the tags (`attack.defense_evasion` → `defense_evasion`).
    pub fn attack_tactics(&self) -> Vec<String> {
        self.tags
            .iter()
            .filter_map(|t| t.strip_prefix("attack."))
            .filter(|t| !(t.starts_with('t') && t[1..].starts_with(|c: char| c.is_ascii_digit())))
            .filter(|t| !(t.starts_with('g') && t[1..].starts_with(|c: char| c.is_ascii_digit())))
            .filter(|t| !(t.starts_with('s') && t[1..].starts_with(|c: char| c.is_ascii_digit())))
            .map(str::to_owned)
            .collect()
    }
}

/// One rule firing for one actor in one time window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// The rule.
    pub rule: AlertRule,
    /// Severity, from the Sigma `level`.
    pub severity: Severity,
    /// Which log the events came from (`cloudtrail`, `vpcflow`, `alb`).
    pub log: String,
    /// What a responder should do first.
    pub response: String,
    /// Who: the principal ARN for CloudTrail (or principal id / identity type), the network
    /// interface for flow logs, the client address for ALB; `None` when the log says nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Start of the alert window (inclusive).
    pub window_start: DateTime<Utc>,
    /// End of the alert window (exclusive).
    pub window_end: DateTime<Utc>,
    /// Matching events (for a correlation rule: base-rule events in the windows that met the
    /// threshold).
    pub count: u64,
    /// Time of the earliest event.
    pub first_time: DateTime<Utc>,
    /// Time of the latest event.
    pub last_time: DateTime<Utc>,
    /// Id of the earliest event (CloudTrail `eventID`, or `file:record`).
    pub first_event_id: String,
    /// Id of the latest event.
    pub last_event_id: String,
    /// Access key ids used (CloudTrail `userIdentity.accessKeyId`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_key_ids: Vec<String>,
    /// Source addresses (CloudTrail `sourceIPAddress`, which may be a service name such as
    /// `s3.amazonaws.com`; flow `srcaddr`; ALB client address).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_ips: Vec<String>,
    /// User agents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_agents: Vec<String>,
    /// Regions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Accounts (CloudTrail `recipientAccountId`, flow `account-id`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<String>,
    /// Event names (CloudTrail `eventName`; flow `action`; ALB request verb).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub event_names: Vec<String>,
    /// For correlation rules, the `group-by` fields and their values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group: Vec<AlertField>,
    /// Where the first event was read (`file:record` or `s3://bucket/key:record`); for a
    /// correlation rule, where the event that completed its first window was read (correlation
    /// windows keep event ids and times, not locations).
    pub first_location: String,
    /// Distinct values not kept because a list reached [`MAX_VALUES`].
    #[serde(default, skip_serializing_if = "is_zero")]
    pub values_omitted: u64,
    /// Ids of the matching events (CloudTrail `eventID`, or `file:record`), oldest first, at
    /// most [`MAX_EVENT_IDS`]: what an investigation pulls from the logs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub event_ids: Vec<String>,
    /// Matching events whose ids are not in [`Alert::event_ids`] (past the cap).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub event_ids_omitted: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A named value (a correlation `group-by` field).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertField {
    /// Field name.
    pub name: String,
    /// Value; `None` when the events lacked the field.
    pub value: Option<String>,
}

impl Alert {
    /// The order alerts are reported in: first event time, then rule id, actor, window.
    pub fn sort_key(&self) -> (DateTime<Utc>, &str, Option<&str>, DateTime<Utc>, &str) {
        (
            self.first_time,
            &self.rule.id,
            self.actor.as_deref(),
            self.window_start,
            &self.first_event_id,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attack_tags_split_into_techniques_and_tactics() {
        let r = AlertRule {
            tags: vec![
                "attack.defense_evasion".into(),
                "attack.t1562.008".into(),
                "attack.t1078".into(),
                "cis.aws_v5.4.5".into(),
                "attack.g0016".into(),
            ],
            ..Default::default()
        };
        assert_eq!(r.attack_techniques(), ["T1562.008", "T1078"]);
        assert_eq!(r.attack_tactics(), ["defense_evasion"]);
    }
}
