//! `cloudward.toml`: the optional settings file (trusted accounts, required tags, thresholds,
//! notification sinks)
//! that `scan` and `iac` read the same way. See `docs/configuration.md`.

use std::path::{Path, PathBuf};

use cloudward_model::Settings;

use crate::exit::UsageError;

/// The file read when `--config` is not given, from the working directory.
pub const DEFAULT_FILE: &str = "cloudward.toml";

/// A settings file larger than this is refused before it is read (it holds a few lists).
pub const MAX_SETTINGS_BYTES: u64 = 1024 * 1024;

/// The accepted-risks file read from the working directory besides `cloudward.toml`, for
/// teams that keep suppressions in YAML next to their code (as other scanners do).
pub const IGNORE_FILE: &str = ".cloudward-ignore.yaml";

/// `--config`, shared by the commands that judge.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct SettingsArgs {
    /// Settings file (trusted accounts, required tags, thresholds, notification sinks).
    /// Default: ./cloudward.toml
    /// when it exists; without one, every threshold is the CIS default.
    #[arg(long = "config", value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Everything `cloudward.toml` configures: the judging settings rules receive, and the
/// notification sinks (`[[notifications]]`), which rules never see.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Trusted accounts, required tags, thresholds, suppressions.
    pub settings: Settings,
    /// The sinks, validated (secrets are read when the notifier is built).
    pub notifications: Vec<cloudward_monitor::SinkConfig>,
    /// `[respond]`: what `cloudward respond` blocks where, and what it never blocks.
    pub respond: RespondSettings,
}

/// `[respond]` in `cloudward.toml`: defaults for `cloudward respond` and `detect --respond`
/// (each overridden by its flag) and the allow-list. Validated when the file is read.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RespondSettings {
    /// CIDRs or addresses never blocked.
    #[serde(default)]
    pub allow: Vec<String>,
    /// This host's public addresses (the NAT address its traffic leaves from): never blocked.
    #[serde(default, rename = "self")]
    pub self_addresses: Vec<String>,
    /// AWS's published `ip-ranges.json`: its ranges are never blocked. Relative paths are
    /// read from the working directory.
    pub aws_ip_ranges: Option<PathBuf>,
    /// WAF IP set (name or id) for IPv4 addresses.
    pub waf_ip_set: Option<String>,
    /// WAF IP set (name or id) for IPv6 addresses.
    pub waf_ip_set_v6: Option<String>,
    /// `regional` or `cloudfront`.
    pub scope: Option<String>,
    /// The region of the IP set or network ACL.
    pub region: Option<String>,
    /// Network ACL id.
    pub nacl: Option<String>,
    /// The NACL rule numbers reserved for cloudward (`50-69`).
    pub nacl_rules: Option<String>,
    /// How long an entry stays (`24h`, `90m`, `7d`).
    pub ttl: Option<String>,
    /// At most this many of cloudward's entries per target.
    pub max_entries: Option<usize>,
    /// Alerts at or above this severity are acted on.
    pub min_severity: Option<String>,
}

impl RespondSettings {
    fn validate(&self) -> Vec<String> {
        use cloudward_respond::block::allow::parse_net;
        let mut problems = Vec::new();
        for (key, list) in [("allow", &self.allow), ("self", &self.self_addresses)] {
            for (i, v) in list.iter().enumerate() {
                if let Err(e) = parse_net(v) {
                    problems.push(format!("respond.{key}[{i}]: {e}"));
                }
            }
        }
        if let Some(r) = &self.nacl_rules {
            if let Err(e) = cloudward_respond::block::target::RuleRange::parse(r) {
                problems.push(format!("respond.nacl_rules: {e}"));
            }
        }
        if let Some(t) = &self.ttl {
            if let Err(e) = parse_ttl(t) {
                problems.push(format!("respond.ttl: {e}"));
            }
        }
        if let Some(s) = &self.scope {
            if s != "regional" && s != "cloudfront" {
                problems.push(format!(
                    "respond.scope: {s:?} is not a scope (regional, cloudfront)"
                ));
            }
        }
        if let Some(s) = &self.min_severity {
            if let Err(e) = s.parse::<cloudward_model::Severity>() {
                problems.push(format!("respond.min_severity: {e}"));
            }
        }
        if self.max_entries == Some(0) {
            problems.push("respond.max_entries: 0 would block nothing".into());
        }
        problems
    }
}

/// The longest TTL accepted: a block is a response to an incident, not a permanent rule
/// (that belongs in the team's own entries).
pub const MAX_TTL_DAYS: i64 = 365;

/// A duration such as `24h`, `90m`, `7d` or `3600s` (one number and one unit), at most
/// [`MAX_TTL_DAYS`] days.
pub fn parse_ttl(text: &str) -> Result<chrono::Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(|| format!("{text:?} has no unit: use s, m, h or d (24h)"))?;
    let (number, unit) = text.split_at(split);
    let n: i64 = number
        .parse()
        .map_err(|_| format!("{text:?}: give a whole number and a unit (24h)"))?;
    let seconds = match unit {
        "s" => Some(n),
        "m" => n.checked_mul(60),
        "h" => n.checked_mul(3600),
        "d" => n.checked_mul(86_400),
        _ => return Err(format!("{text:?}: the unit is s, m, h or d")),
    };
    match seconds {
        Some(s) if s > 0 && s <= MAX_TTL_DAYS * 86_400 => Ok(chrono::Duration::seconds(s)),
        _ => Err(format!(
            "{text:?}: a TTL is more than 0 and at most {MAX_TTL_DAYS} days"
        )),
    }
}

impl SettingsArgs {
    /// The settings and notification sinks: from `--config` (which must exist), else
    /// `./cloudward.toml` if present, else the defaults. A file that does not parse or
    /// validate is a usage error (exit 2) naming the file and the key.
    ///
    /// Suppressions from `./.cloudward-ignore.yaml`, when present, are added to those of the
    /// settings file and validated the same way.
    pub fn load_all(&self) -> anyhow::Result<Loaded> {
        let mut loaded = match &self.config {
            Some(path) => read_all(path)?,
            None if Path::new(DEFAULT_FILE).is_file() => read_all(Path::new(DEFAULT_FILE))?,
            None => Loaded::default(),
        };
        let ignore = Path::new(IGNORE_FILE);
        if ignore.is_file() {
            let text = read_limited(ignore)?;
            let more = parse_ignore(&text)
                .map_err(|e| UsageError(format!("{}: {e}", ignore.display())))?;
            loaded.settings.suppressions.extend(more);
        }
        Ok(loaded)
    }
}

/// A settings or ignore file's text, refused unread above [`MAX_SETTINGS_BYTES`].
fn read_limited(path: &Path) -> anyhow::Result<String> {
    let shown = path.display();
    let size = std::fs::metadata(path)
        .map_err(|e| UsageError(format!("{shown}: {e}")))?
        .len();
    if size > MAX_SETTINGS_BYTES {
        return Err(UsageError(format!(
            "{shown}: {size} bytes is over the {MAX_SETTINGS_BYTES}-byte limit for a settings file"
        ))
        .into());
    }
    Ok(std::fs::read_to_string(path).map_err(|e| UsageError(format!("{shown}: {e}")))?)
}

/// `.cloudward-ignore.yaml`: a `suppressions` list with the keys of `[[suppressions]]`
/// (rule, resource, reason, owner, expires). Parsed with the template parser's limits (alias
/// budget, nesting depth) and validated like the settings file.
pub fn parse_ignore(text: &str) -> Result<Vec<cloudward_model::settings::SuppressionRule>, String> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct IgnoreFile {
        #[serde(default)]
        suppressions: Vec<cloudward_model::settings::SuppressionRule>,
    }
    // A file of comments only (all suppressions removed) holds no document: nothing to add.
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(Vec::new());
    }
    let value = cloudward_iac::cloudformation::yaml_to_json(text)?;
    if value.is_null() {
        return Ok(Vec::new());
    }
    let file: IgnoreFile = serde_json::from_value(value).map_err(|e| e.to_string())?;
    let settings = validate(Settings {
        suppressions: file.suppressions,
        ..Settings::default()
    })?;
    Ok(settings.suppressions)
}

fn read_all(path: &Path) -> anyhow::Result<Loaded> {
    let text = read_limited(path)?;
    parse_all(&text).map_err(|e| UsageError(format!("{}: {e}", path.display())).into())
}

/// Parse and validate settings text with its `[[notifications]]` tables. Those are taken out
/// before the rest is read as [`Settings`] (which refuses unknown keys), so the rule-facing
/// settings never see them; errors name the key (`notifications[1].min_severity`).
pub fn parse_all(text: &str) -> Result<Loaded, String> {
    let mut table: toml::Table =
        toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
    let respond_table = table.remove("respond");
    let had_respond = respond_table.is_some();
    let respond = match respond_table {
        None => Ok(RespondSettings::default()),
        Some(value) => value
            .try_into::<RespondSettings>()
            .map_err(|e| format!("respond: {}", e.to_string().trim()))
            .and_then(|r| match r.validate() {
                problems if problems.is_empty() => Ok(r),
                problems => Err(problems.join("; ")),
            }),
    };
    let Some(sinks) = table.remove("notifications") else {
        if had_respond {
            let settings = toml::Value::Table(table)
                .try_into::<Settings>()
                .map_err(|e| e.to_string().trim().to_string())
                .and_then(validate);
            return match (settings, respond) {
                (Ok(settings), Ok(respond)) => Ok(Loaded {
                    settings,
                    notifications: Vec::new(),
                    respond,
                }),
                (settings, respond) => Err([settings.err(), respond.err()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("; ")),
            };
        }
        // No sinks: the text as it is, so errors keep their line numbers.
        return Ok(Loaded {
            settings: parse(text)?,
            notifications: Vec::new(),
            respond: RespondSettings::default(),
        });
    };
    let sinks = match sinks {
        toml::Value::Array(items) => items,
        _ => {
            return Err(
                "notifications: must be an array of tables ([[notifications]] blocks)".into(),
            )
        }
    };
    let sinks: Vec<serde_json::Value> = sinks
        .into_iter()
        .map(|v| serde_json::to_value(v).unwrap_or(serde_json::Value::Null))
        .collect();
    let settings = toml::Value::Table(table)
        .try_into::<Settings>()
        .map_err(|e| e.to_string().trim().to_string())
        .and_then(validate);
    let notifications = cloudward_monitor::SinkConfig::parse_all(&sinks);
    match (settings, notifications, respond) {
        (Ok(settings), Ok(notifications), Ok(respond)) => Ok(Loaded {
            settings,
            notifications,
            respond,
        }),
        (settings, notifications, respond) => {
            let mut problems: Vec<String> = Vec::new();
            if let Err(e) = settings {
                problems.push(e);
            }
            if let Err(e) = notifications {
                problems.extend(e);
            }
            if let Err(e) = respond {
                problems.push(e);
            }
            Err(problems.join("; "))
        }
    }
}

/// Parse and validate settings text.
pub fn parse(text: &str) -> Result<Settings, String> {
    let settings: Settings = toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
    validate(settings)
}

fn validate(settings: Settings) -> Result<Settings, String> {
    let mut problems = settings.validate();
    for (i, sup) in settings.suppressions.iter().enumerate() {
        if !sup.rule.trim().is_empty() && cloudward_rules::find(&sup.rule).is_none() {
            problems.push(format!(
                "suppressions[{i}].rule: {:?} is not a rule id (see `cloudward rules`)",
                sup.rule
            ));
        }
    }
    if problems.is_empty() {
        Ok(settings)
    } else {
        Err(problems.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ignore_file_lists_suppressions_validated_like_the_settings() {
        let rules = parse_ignore(
            "suppressions:\n  - rule: s3-bucket-versioning-enabled\n    resource: \"arn:aws:s3:::logs-*\"\n    reason: access logs are write-once\n    owner: platform-team\n    expires: 2027-06-30\n",
        )
        .expect("valid");
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].resource, "arn:aws:s3:::logs-*");
        assert_eq!(rules[0].expires.as_deref(), Some("2027-06-30"));
        assert!(parse_ignore("").expect("empty").is_empty());
        let err = parse_ignore(
            "suppressions:\n  - rule: no-such-rule\n    resource: x\n    reason: r\n    owner: o\n",
        )
        .expect_err("unknown rule");
        assert!(err.contains("no-such-rule"), "{err}");
        let err = parse_ignore("suppressions:\n  - rule: s3-bucket-versioning-enabled\n    resource: x\n    owner: o\n")
            .expect_err("no reason");
        assert!(err.contains("reason"), "{err}");
        let err = parse_ignore("supressions: []\n").expect_err("misspelt key");
        assert!(err.contains("supressions"), "{err}");
        // Hostile YAML is an error, not a hang or an out-of-memory.
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
        assert!(parse_ignore(bomb).is_err());
    }

    #[test]
    fn a_full_file_parses() {
        let s = parse(
            r#"
trusted_accounts = ["111122223333"]
required_tags = ["owner"]

[production_tag]
key = "env"
values = ["prd"]

[thresholds]
secret_rotation_days = 30
"#,
        )
        .expect("valid");
        assert_eq!(s.trusted_accounts, ["111122223333"]);
        assert_eq!(s.thresholds.secret_rotation_days, 30);
        assert_eq!(
            s.thresholds.access_key_max_age_days, 90,
            "unset keys keep defaults"
        );
        assert_eq!(s.production_tag.key, "env");
    }

    #[test]
    fn notification_sinks_are_parsed_beside_the_settings() {
        let loaded = parse_all(
            r#"
trusted_accounts = ["111122223333"]

[[notifications]]
kind = "slack"
url_env = "CLOUDWARD_SLACK_URL"
min_severity = "critical"

[[notifications]]
kind = "sns"
topic_arn = "arn:aws:sns:eu-west-1:111122223333:security"
events = ["alerts"]
"#,
        )
        .expect("valid");
        assert_eq!(loaded.settings.trusted_accounts, ["111122223333"]);
        assert_eq!(loaded.notifications.len(), 2);
        assert_eq!(loaded.notifications[1].name, "sns");
    }

    #[test]
    fn notification_errors_name_the_key_and_settings_errors_still_show() {
        let err = parse_all(
            "trusted_acounts = []\n[[notifications]]\nkind = \"slack\"\nurl_env = \"X\"\n\
             [[notifications]]\nkind = \"webhook\"\nname = \"w\"\nurl_env = \"Y\"\nmin_severity = \"hgh\"\n",
        )
        .expect_err("invalid");
        assert!(err.contains("trusted_acounts"), "{err}");
        assert!(err.contains("notifications[1].min_severity"), "{err}");
        let err = parse_all("[[notifications]]\nkind = \"slack\"\nurl = \"https://hooks.slack.com/services/T/B/SECRET\"\n")
            .expect_err("a literal URL");
        assert!(
            err.contains("notifications[0].url") && err.contains("url_env"),
            "{err}"
        );
        assert!(!err.contains("SECRET"), "{err}");
    }

    #[test]
    fn the_respond_table_is_parsed_and_validated() {
        let loaded = parse_all(
            r#"
trusted_accounts = ["111122223333"]

[respond]
allow = ["203.0.113.0/24", "2a01:4f8::1"]
self = ["198.51.100.7"]
waf_ip_set = "blocklist"
region = "eu-west-1"
nacl_rules = "40-49"
ttl = "12h"
"#,
        )
        .expect("valid");
        assert_eq!(loaded.settings.trusted_accounts, ["111122223333"]);
        assert_eq!(loaded.respond.allow.len(), 2);
        assert_eq!(loaded.respond.self_addresses, ["198.51.100.7"]);
        assert_eq!(loaded.respond.waf_ip_set.as_deref(), Some("blocklist"));
        let err = parse_all(
            "[respond]\nallow = [\"10.0.0.0/99\"]\nttl = \"forever\"\nnacl_rules = \"70-50\"\n",
        )
        .expect_err("invalid");
        for key in ["respond.allow[0]", "respond.ttl", "respond.nacl_rules"] {
            assert!(err.contains(key), "{key}: {err}");
        }
        let err = parse_all("[respond]\nalow = []\n").expect_err("misspelt");
        assert!(err.contains("alow"), "{err}");
        // Beside notification sinks too.
        let loaded = parse_all(
            "[respond]\nnacl = \"acl-1\"\n[[notifications]]\nkind = \"slack\"\nurl_env = \"X\"\n",
        )
        .expect("valid");
        assert_eq!(loaded.respond.nacl.as_deref(), Some("acl-1"));
        assert_eq!(loaded.notifications.len(), 1);
    }

    #[test]
    fn ttls_have_a_unit_and_a_bound() {
        assert_eq!(parse_ttl("24h"), Ok(chrono::Duration::hours(24)));
        assert_eq!(parse_ttl("90m"), Ok(chrono::Duration::minutes(90)));
        assert_eq!(parse_ttl("7d"), Ok(chrono::Duration::days(7)));
        for bad in [
            "",
            "24",
            "h",
            "0h",
            "-1h",
            "1y",
            "366d",
            "99999999999999999d",
        ] {
            assert!(parse_ttl(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_misspelt_key_is_an_error_naming_it() {
        let err = parse("trusted_acounts = []\n").expect_err("unknown key");
        assert!(err.contains("trusted_acounts"), "{err}");
        let err = parse("[thresholds]\nsecret_rotation_day = 3\n").expect_err("unknown key");
        assert!(err.contains("secret_rotation_day"), "{err}");
    }

    #[test]
    fn invalid_values_are_errors_naming_the_key() {
        let err = parse("trusted_accounts = [\"12\"]\n").expect_err("bad account");
        assert!(err.contains("trusted_accounts[0]"), "{err}");
        let err = parse("[thresholds]\nlog_retention_days = -1\n").expect_err("negative");
        assert!(err.contains("log_retention_days"), "{err}");
    }
}
