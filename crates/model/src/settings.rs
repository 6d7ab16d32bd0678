//! What an organisation decides rather than what AWS reports: the accounts it trusts, the tags
//! it requires, and the thresholds rules measure against. Read from an optional
//! `cloudward.toml` (see `docs/configuration.md`); every default is the CIS AWS Foundations
//! Benchmark's value where CIS names one, so a scan without the file judges by CIS.
//!
//! Scan and iac use the same settings the same way: they travel with the inventory
//! ([`crate::Inventory::settings`]) to every rule.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ResourceKind;

/// The settings rules judge against. Deserialised with unknown keys refused, so a misspelt
/// key is an error rather than a silently ignored threshold; check [`Settings::validate`]
/// after reading.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Accounts (12 digits) that may be granted access to resources: snapshots, AMIs and keys
    /// shared with them, and policies allowing them, pass. The scanned account is always
    /// trusted. Empty (the default): any other account is outside.
    pub trusted_accounts: Vec<String>,
    /// Tag keys every taggable resource must carry (empty: no tag rule fails).
    pub required_tags: Vec<String>,
    /// More tag keys for particular kinds, by kind name (`s3_bucket = ["data-classification"]`),
    /// required on top of [`Settings::required_tags`].
    pub required_tags_by_kind: BTreeMap<String, Vec<String>>,
    /// Tag that marks production resources (rules like RDS multi-AZ apply only to them):
    /// the key, and the values that mean production (compared case-insensitively).
    pub production_tag: ProductionTag,
    /// Numeric thresholds.
    pub thresholds: Thresholds,
    /// Accepted risks (`[[suppressions]]`): a rule on matching resources reports Suppressed
    /// instead of Fail, with its reason and owner, until it expires.
    pub suppressions: Vec<SuppressionRule>,
    /// What log detection treats as known (`[detect]`): the principals of automation, the
    /// organisation's networks, and values for rules' `%placeholders%`.
    pub detect: DetectSettings,
    /// Where the inventory does not say which SCPs apply (code: `cloudward iac --no-scps`),
    /// decide as if none did, instead of answering Unknown for anything an SCP could deny.
    /// A command-line assertion, never read from the settings file.
    #[serde(skip)]
    pub assume_no_scps: bool,
}

/// `[detect]`: what the organisation knows about its own activity, so detections can tell a
/// pipeline from an intruder. Each list becomes a Sigma placeholder that built-in and user
/// rules use with the `|expand` modifier ([`DetectSettings::placeholders`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DetectSettings {
    /// Principals of deployment pipelines and other automation (ARNs, `*` wildcards:
    /// `arn:aws:sts::111122223333:assumed-role/github-deploy/*`): changes they make to code,
    /// commands and policies are expected (`%automation_principals%`).
    pub automation_principals: Vec<String>,
    /// The organisation's own networks (CIDR blocks: offices, VPN egress):
    /// `%trusted_networks%`.
    pub trusted_networks: Vec<String>,
    /// More placeholder values for user rules, by name (`[detect.placeholders]`,
    /// `admin_users = ["alice"]` gives `%admin_users%`).
    pub placeholders: BTreeMap<String, Vec<String>>,
}

/// Most values one placeholder list may hold (the rule engine's own expansion limit).
pub const MAX_PLACEHOLDER_VALUES: usize = 10_000;

impl DetectSettings {
    /// The placeholders rules see: `trusted_accounts` (from the top-level list),
    /// `automation_principals`, `trusted_networks` and every `[detect.placeholders]` entry.
    pub fn placeholders(&self, trusted_accounts: &[String]) -> Vec<(String, Vec<String>)> {
        let mut out = vec![
            ("trusted_accounts".to_owned(), trusted_accounts.to_vec()),
            (
                "automation_principals".to_owned(),
                self.automation_principals.clone(),
            ),
            ("trusted_networks".to_owned(), self.trusted_networks.clone()),
        ];
        out.extend(
            self.placeholders
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        out
    }

    fn validate(&self, problems: &mut Vec<String>) {
        for (i, net) in self.trusted_networks.iter().enumerate() {
            if !is_cidr(net) {
                problems.push(format!(
                    "detect.trusted_networks[{i}]: {net:?} is not a CIDR block (203.0.113.0/24, 2001:db8::/32)"
                ));
            }
        }
        for (i, p) in self.automation_principals.iter().enumerate() {
            if p.trim().is_empty() || p.contains('%') {
                problems.push(format!(
                    "detect.automation_principals[{i}]: {p:?} must be an ARN (wildcards `*`), without `%`"
                ));
            }
        }
        for (name, values) in &self.placeholders {
            if matches!(
                name.as_str(),
                "trusted_accounts" | "automation_principals" | "trusted_networks"
            ) {
                problems.push(format!(
                    "detect.placeholders.{name}: set by its own key, not here"
                ));
            }
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                problems.push(format!(
                    "detect.placeholders.{name}: names are letters, digits and `_`"
                ));
            }
            if values.len() > MAX_PLACEHOLDER_VALUES {
                problems.push(format!(
                    "detect.placeholders.{name}: {} values is over the limit of {MAX_PLACEHOLDER_VALUES}",
                    values.len()
                ));
            }
        }
        for (key, len) in [
            ("automation_principals", self.automation_principals.len()),
            ("trusted_networks", self.trusted_networks.len()),
        ] {
            if len > MAX_PLACEHOLDER_VALUES {
                problems.push(format!(
                    "detect.{key}: {len} values is over the limit of {MAX_PLACEHOLDER_VALUES}"
                ));
            }
        }
    }
}

/// Whether `s` is an IPv4 or IPv6 CIDR block (`address/prefix`, prefix within the family).
fn is_cidr(s: &str) -> bool {
    let Some((addr, prefix)) = s.split_once('/') else {
        return false;
    };
    let Ok(prefix) = prefix.parse::<u8>() else {
        return false;
    };
    match addr.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => prefix <= 32,
        Ok(std::net::IpAddr::V6(_)) => prefix <= 128,
        Err(_) => false,
    }
}

/// One accepted risk from `cloudward.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuppressionRule {
    /// The rule id.
    pub rule: String,
    /// Which resources: a glob (`*`, `?`) over the resource id (an ARN, a Terraform address
    /// or a CloudFormation logical id), or `tag:KEY=VALUE`.
    pub resource: String,
    /// Why the risk is accepted (required).
    pub reason: String,
    /// Who accepted it (required).
    pub owner: String,
    /// Last day it applies (`YYYY-MM-DD`); after it the findings fail again.
    #[serde(default)]
    pub expires: Option<String>,
}

impl SuppressionRule {
    /// The expiry date, when one is set and readable.
    pub fn expiry(&self) -> Option<chrono::NaiveDate> {
        self.expires
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    }

    /// Whether it has expired by `today`.
    pub fn expired(&self, today: chrono::NaiveDate) -> bool {
        self.expiry().is_some_and(|d| d < today)
    }

    /// Whether it names `resource`.
    pub fn matches(&self, resource: &crate::Resource) -> bool {
        match self.resource.strip_prefix("tag:") {
            Some(tag) => {
                let (key, value) = tag.split_once('=').unwrap_or((tag, "*"));
                resource
                    .tags
                    .get(key)
                    .is_some_and(|v| glob(value.as_bytes(), v.as_bytes()))
            }
            None => glob(self.resource.as_bytes(), resource.id.as_bytes()),
        }
    }

    /// The reason as findings show it.
    pub fn shown(&self) -> String {
        match &self.expires {
            Some(date) => format!("{} (owner {}, until {date})", self.reason, self.owner),
            None => format!("{} (owner {})", self.reason, self.owner),
        }
    }
}

/// `*` and `?` glob, case-sensitive: the greedy two-pointer match, at most pattern x text
/// steps (no backtracking blow-up on `*a*a*a…`).
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while p < pattern.len() && pattern[p] == b'*' {
        p += 1;
    }
    p == pattern.len()
}

/// The tag that marks a resource as production.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProductionTag {
    /// Tag key (compared case-insensitively), default `environment`.
    pub key: String,
    /// Values meaning production, default `prod` and `production`.
    pub values: Vec<String>,
}

/// Ages, periods and retention, in days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// Access keys older than this fail rotation (CIS 1.13/1.14: 90).
    pub access_key_max_age_days: u32,
    /// Credentials unused this long must be disabled (CIS 1.11/1.12: 45).
    pub credential_unused_days: u32,
    /// A secret not rotated within this many days fails (FSBP SecretsManager.4: 90).
    pub secret_rotation_days: u32,
    /// A secret not read for this many days is unused (FSBP SecretsManager.3: 90).
    pub secret_unused_days: u32,
    /// Minimum automated backup retention for databases (FSBP RDS.11 convention: 7).
    pub backup_retention_days: u32,
    /// Minimum retention for CloudWatch log groups that have one (FSBP CloudWatch.16
    /// convention: 365; CloudTrail's own group always needs at least this).
    pub log_retention_days: u32,
    /// An IAM role not used for this many days is unused (Prowler and AWS guidance: 90).
    pub role_unused_days: u32,
    /// An active critical Amazon Inspector finding first observed longer ago than this fails
    /// (15: CISA BOD 19-02's deadline for critical vulnerabilities).
    pub inspector_critical_max_age_days: u32,
    /// A certificate expiring within this many days fails (FSBP ACM.1 `daysToExpiration`: 30).
    pub certificate_expiry_days: u32,
}

impl Default for ProductionTag {
    fn default() -> Self {
        ProductionTag {
            key: "environment".into(),
            values: vec!["prod".into(), "production".into()],
        }
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            access_key_max_age_days: 90,
            credential_unused_days: 45,
            secret_rotation_days: 90,
            secret_unused_days: 90,
            backup_retention_days: 7,
            log_retention_days: 365,
            role_unused_days: 90,
            inspector_critical_max_age_days: 15,
            certificate_expiry_days: 30,
        }
    }
}

impl Settings {
    /// Every problem with these settings, each naming its key; empty when valid.
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (i, account) in self.trusted_accounts.iter().enumerate() {
            if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
                problems.push(format!(
                    "trusted_accounts[{i}]: {account:?} is not a 12-digit AWS account id"
                ));
            }
        }
        for (i, tag) in self.required_tags.iter().enumerate() {
            if tag.trim().is_empty() || tag.len() > 128 {
                problems.push(format!(
                    "required_tags[{i}]: a tag key is 1 to 128 characters"
                ));
            }
        }
        for (kind, keys) in &self.required_tags_by_kind {
            match ResourceKind::from_name(kind) {
                None => problems.push(format!(
                    "required_tags_by_kind.{kind}: not a resource kind (kinds are named as in \
                     JSON output, e.g. s3_bucket, ec2_instance, iam_role)"
                )),
                Some(k) if !k.is_taggable() => problems.push(format!(
                    "required_tags_by_kind.{kind}: {} cannot be tagged",
                    k.plural()
                )),
                Some(_) => {}
            }
            for (i, tag) in keys.iter().enumerate() {
                if tag.trim().is_empty() || tag.len() > 128 {
                    problems.push(format!(
                        "required_tags_by_kind.{kind}[{i}]: a tag key is 1 to 128 characters"
                    ));
                }
            }
        }
        for (i, sup) in self.suppressions.iter().enumerate() {
            for (field, value) in [
                ("rule", &sup.rule),
                ("resource", &sup.resource),
                ("reason", &sup.reason),
                ("owner", &sup.owner),
            ] {
                if value.trim().is_empty() {
                    problems.push(format!("suppressions[{i}].{field}: required"));
                }
            }
            if sup.expires.is_some() && sup.expiry().is_none() {
                problems.push(format!(
                    "suppressions[{i}].expires: {:?} is not a date (YYYY-MM-DD)",
                    sup.expires.as_deref().unwrap_or_default()
                ));
            }
        }
        self.detect.validate(&mut problems);
        if self.production_tag.key.trim().is_empty() {
            problems.push("production_tag.key: must not be empty".into());
        }
        let t = &self.thresholds;
        for (name, value, max) in [
            ("access_key_max_age_days", t.access_key_max_age_days, 3650),
            ("credential_unused_days", t.credential_unused_days, 3650),
            ("secret_rotation_days", t.secret_rotation_days, 3650),
            ("secret_unused_days", t.secret_unused_days, 3650),
            ("role_unused_days", t.role_unused_days, 3650),
            ("backup_retention_days", t.backup_retention_days, 35),
            ("log_retention_days", t.log_retention_days, 3653),
            (
                "inspector_critical_max_age_days",
                t.inspector_critical_max_age_days,
                3650,
            ),
            ("certificate_expiry_days", t.certificate_expiry_days, 365),
        ] {
            if value == 0 || value > max {
                problems.push(format!(
                    "thresholds.{name}: {value} is outside 1..={max} days"
                ));
            }
        }
        problems
    }

    /// Whether `account` is trusted: the scanned account (`own`) or one listed.
    pub fn is_trusted(&self, account: &str, own: Option<&str>) -> bool {
        own == Some(account) || self.trusted_accounts.iter().any(|a| a == account)
    }

    /// The tag keys a resource of `kind` must carry: [`Settings::required_tags`], then those
    /// of its kind, each once. Empty for kinds that cannot be tagged.
    pub fn required_tags_for(&self, kind: ResourceKind) -> Vec<&str> {
        if !kind.is_taggable() {
            return Vec::new();
        }
        let by_kind = self
            .required_tags_by_kind
            .get(&kind.to_string())
            .into_iter()
            .flatten();
        let mut keys: Vec<&str> = Vec::new();
        for key in self.required_tags.iter().chain(by_kind) {
            if !keys.contains(&key.as_str()) {
                keys.push(key);
            }
        }
        keys
    }

    /// Whether any tag is required of any kind.
    pub fn requires_tags(&self) -> bool {
        !self.required_tags.is_empty() || self.required_tags_by_kind.values().any(|k| !k.is_empty())
    }

    /// Whether `tags` mark a production resource.
    pub fn is_production(&self, tags: &std::collections::BTreeMap<String, String>) -> bool {
        tags.iter().any(|(k, v)| {
            k.eq_ignore_ascii_case(&self.production_tag.key)
                && self
                    .production_tag
                    .values
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(v))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_match_cis() {
        let s = Settings::default();
        assert!(s.validate().is_empty());
        assert_eq!(s.thresholds.access_key_max_age_days, 90);
        assert_eq!(s.thresholds.credential_unused_days, 45);
    }

    #[test]
    fn problems_name_their_key() {
        let s = Settings {
            trusted_accounts: vec!["12345".into()],
            thresholds: Thresholds {
                backup_retention_days: 0,
                ..Default::default()
            },
            ..Default::default()
        };
        let problems = s.validate();
        assert!(
            problems[0].starts_with("trusted_accounts[0]"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("thresholds.backup_retention_days"),
            "{problems:?}"
        );
    }

    #[test]
    fn trust_and_production() {
        let s = Settings {
            trusted_accounts: vec!["111122223333".into()],
            ..Default::default()
        };
        assert!(s.is_trusted("111122223333", None));
        assert!(s.is_trusted("123456789012", Some("123456789012")));
        assert!(!s.is_trusted("999999999999", Some("123456789012")));
        let tags = [("Environment".to_string(), "PROD".to_string())].into();
        assert!(s.is_production(&tags));
    }

    #[test]
    fn required_tags_combine_and_kind_names_are_checked() {
        let s = Settings {
            required_tags: vec!["owner".into(), "environment".into()],
            required_tags_by_kind: [
                (
                    "s3_bucket".to_string(),
                    vec!["data-classification".into(), "owner".into()],
                ),
                ("ec2_instance".to_string(), vec!["tier".into()]),
            ]
            .into(),
            ..Default::default()
        };
        assert!(s.validate().is_empty(), "{:?}", s.validate());
        assert_eq!(
            s.required_tags_for(ResourceKind::S3Bucket),
            ["owner", "environment", "data-classification"]
        );
        assert_eq!(
            s.required_tags_for(ResourceKind::Ec2Instance),
            ["owner", "environment", "tier"]
        );
        assert!(s.required_tags_for(ResourceKind::IamGroup).is_empty());
        assert!(s.requires_tags());
        let bad = Settings {
            required_tags_by_kind: [
                ("s3_buckets".to_string(), vec!["owner".into()]),
                ("iam_group".to_string(), vec!["owner".into()]),
                ("iam_role".to_string(), vec![String::new()]),
            ]
            .into(),
            ..Default::default()
        };
        let problems = bad.validate();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("iam_group: IAM groups cannot be tagged"));
        assert!(problems[1].starts_with("required_tags_by_kind.iam_role[0]"));
        assert!(problems[2].contains("s3_buckets: not a resource kind"));
        assert!(!Settings::default().requires_tags());
    }
}
