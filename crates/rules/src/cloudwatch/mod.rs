//! CIS monitoring (section 4 of v5.0.0 and v3.0.0): for each CloudTrail event pattern, a
//! CloudWatch Logs metric filter on the log group of a multi-region, logging trail, an alarm on
//! that filter's metric with an action, and an SNS topic with a confirmed subscriber.
//!
//! Each rule is one [`Monitor`] (the pattern's required terms) judged by [`judge`] on the
//! account: one verdict per account, as the benchmark asks. A filter pattern satisfies a monitor
//! when, after removing white space and double quotes (CloudWatch treats `"AccessDenied*"` and
//! `AccessDenied*` alike), it contains at least one alternative of every required term; so a
//! filter that watches more than CIS asks still counts, and one that drops a term does not.

mod cloudwatch_alarm_aws_config_changes;
mod cloudwatch_alarm_cloudtrail_changes;
mod cloudwatch_alarm_cmk_disabled_or_deleted;
mod cloudwatch_alarm_console_auth_failures;
mod cloudwatch_alarm_console_sign_in_without_mfa;
mod cloudwatch_alarm_iam_policy_changes;
mod cloudwatch_alarm_nacl_changes;
mod cloudwatch_alarm_network_gateway_changes;
mod cloudwatch_alarm_organizations_changes;
mod cloudwatch_alarm_root_usage;
mod cloudwatch_alarm_route_table_changes;
mod cloudwatch_alarm_s3_bucket_policy_changes;
mod cloudwatch_alarm_security_group_changes;
mod cloudwatch_alarm_unauthorized_api_calls;
mod cloudwatch_alarm_vpc_changes;

use cloudward_model::cloudwatch::MetricName;
use cloudward_model::{Evidence, Inventory, Outcome, ResourceKind};

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &cloudwatch_alarm_unauthorized_api_calls::CloudwatchAlarmUnauthorizedApiCalls,
    &cloudwatch_alarm_console_sign_in_without_mfa::CloudwatchAlarmConsoleSignInWithoutMfa,
    &cloudwatch_alarm_root_usage::CloudwatchAlarmRootUsage,
    &cloudwatch_alarm_iam_policy_changes::CloudwatchAlarmIamPolicyChanges,
    &cloudwatch_alarm_cloudtrail_changes::CloudwatchAlarmCloudtrailChanges,
    &cloudwatch_alarm_console_auth_failures::CloudwatchAlarmConsoleAuthFailures,
    &cloudwatch_alarm_cmk_disabled_or_deleted::CloudwatchAlarmCmkDisabledOrDeleted,
    &cloudwatch_alarm_s3_bucket_policy_changes::CloudwatchAlarmS3BucketPolicyChanges,
    &cloudwatch_alarm_aws_config_changes::CloudwatchAlarmAwsConfigChanges,
    &cloudwatch_alarm_security_group_changes::CloudwatchAlarmSecurityGroupChanges,
    &cloudwatch_alarm_nacl_changes::CloudwatchAlarmNaclChanges,
    &cloudwatch_alarm_network_gateway_changes::CloudwatchAlarmNetworkGatewayChanges,
    &cloudwatch_alarm_route_table_changes::CloudwatchAlarmRouteTableChanges,
    &cloudwatch_alarm_vpc_changes::CloudwatchAlarmVpcChanges,
    &cloudwatch_alarm_organizations_changes::CloudwatchAlarmOrganizationsChanges,
];

/// What one CIS monitoring control watches for.
pub(crate) struct Monitor {
    /// "unauthorized API calls", for messages.
    pub what: &'static str,
    /// Required terms, each a list of alternatives, in normalised form (no spaces, no `"`).
    pub terms: &'static [&'static [&'static str]],
}

/// `$.eventName=<name>` for each name, as separate required terms.
macro_rules! events {
    ($($name:literal),* $(,)?) => {
        &[$(&[concat!("$.eventName=", $name)]),*]
    };
}
pub(crate) use events;

/// The pattern with white space and double quotes removed.
fn normalise(pattern: &str) -> String {
    pattern
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '"')
        .collect()
}

impl Monitor {
    /// Whether a filter pattern contains every required term.
    pub(crate) fn matches(&self, pattern: &str) -> bool {
        let p = normalise(pattern);
        self.terms
            .iter()
            .all(|alternatives| alternatives.iter().any(|t| p.contains(t)))
    }
}

/// `(region, log group name)` of a CloudWatch Logs log group ARN
/// (`arn:<partition>:logs:<region>:<account>:log-group:<name>[:*]`).
fn log_group(arn: &str) -> Option<(&str, &str)> {
    let mut parts = arn.splitn(7, ':');
    let (_, _, service, region, _, kind) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let name = parts.next()?;
    if service != "logs" || kind != "log-group" {
        return None;
    }
    Some((region, name.strip_suffix(":*").unwrap_or(name)))
}

/// Judge `monitor` for the account the inventory describes.
pub(crate) fn judge(monitor: &Monitor, inventory: &Inventory) -> Outcome {
    let mut unknown: Vec<String> = Vec::new();
    let mut fails: Vec<String> = Vec::new();
    // 1. Multi-region, logging trails that deliver to CloudWatch Logs.
    let mut groups: Vec<(String, &str, &str)> = Vec::new();
    for trail in inventory
        .of_kind(ResourceKind::CloudTrailTrail)
        .filter_map(|r| r.as_cloudtrail_trail())
    {
        let name = &trail.name;
        let facts = (
            trail.is_multi_region_trail.get(),
            trail.is_logging.get(),
            trail.management_events.get(),
            trail.cloud_watch_logs_log_group_arn.get(),
        );
        match facts {
            (Ok(true), Ok(true), Ok(events), Ok(Some(arn))) if events.read && events.write => {
                match log_group(arn) {
                    Some((region, group)) => groups.push((name.clone(), region, group)),
                    None => {
                        unknown.push(format!("trail {name}: log group ARN {arn} is not readable"))
                    }
                }
            }
            (Err(r), ..) | (_, Err(r), ..) | (_, _, Err(r), _) | (.., Err(r)) => {
                unknown.push(format!("trail {name}: {r}"))
            }
            _ => {}
        }
    }
    if groups.is_empty() {
        if let Some(e) = inventory.errors_for(ResourceKind::CloudTrailTrail).next() {
            unknown.push(format!("trails could not be listed: {}", e.reason()));
        }
        return match unknown.is_empty() {
            true => Outcome::Fail(Evidence::at(
                "trails",
                format!(
                    "no multi-region, logging trail recording all management events delivers to \
                     CloudWatch Logs, so {} cannot raise an alarm",
                    monitor.what
                ),
            )),
            false => Outcome::unknown(unknown.join("; ")),
        };
    }
    // 2. Each such log group: a matching filter, an alarm with an action, a subscriber.
    for (trail, region, group) in &groups {
        let Some(status) = inventory
            .of_kind(ResourceKind::CloudWatchRegion)
            .filter(|r| r.region.as_deref() == Some(*region))
            .find_map(|r| r.as_cloudwatch_region())
        else {
            let why = inventory
                .errors_for_in(ResourceKind::CloudWatchRegion, Some(*region))
                .next()
                .map(|e| e.reason())
                .unwrap_or_else(|| "the cloudwatch service was not collected".to_string());
            unknown.push(format!("metric filters and alarms in {region}: {why}"));
            continue;
        };
        let (filters, alarms) = match (status.metric_filters.get(), status.alarms.get()) {
            (Ok(f), Ok(a)) => (f, a),
            (Err(r), _) | (_, Err(r)) => {
                unknown.push(format!("{region}: {r}"));
                continue;
            }
        };
        let metrics: Vec<&MetricName> = filters
            .iter()
            .filter(|f| f.log_group_name == *group && monitor.matches(&f.pattern))
            .flat_map(|f| &f.metrics)
            .collect();
        if metrics.is_empty() {
            fails.push(format!(
                "log group {group} ({region}, trail {trail}) has no metric filter for {}",
                monitor.what
            ));
            continue;
        }
        let actions: Vec<&str> = alarms
            .iter()
            .filter(|a| {
                a.actions_enabled && a.metric.as_ref().is_some_and(|m| metrics.contains(&m))
            })
            .flat_map(|a| a.alarm_actions.iter().map(String::as_str))
            .collect();
        if actions.is_empty() {
            fails.push(format!(
                "the metric filter for {} on log group {group} ({region}) has no alarm with an \
                 enabled action",
                monitor.what
            ));
            continue;
        }
        match subscribed(&actions, inventory) {
            Ok(topic) => {
                return Outcome::Pass(Evidence::at(
                    "trails",
                    format!(
                        "{} on trail {trail}'s log group {group} ({region}) raise an alarm \
                         notifying SNS topic {topic}",
                        capitalised(monitor.what)
                    ),
                ))
            }
            Err(Subscribers::None(detail)) => fails.push(detail),
            Err(Subscribers::Unknown(detail)) => unknown.push(detail),
        }
    }
    if !unknown.is_empty() {
        return Outcome::unknown(unknown.join("; "));
    }
    Outcome::Fail(Evidence::at("trails", fails.join("; ")))
}

enum Subscribers {
    None(String),
    Unknown(String),
}

/// The first alarm action that is an SNS topic with a confirmed subscriber.
fn subscribed<'a>(actions: &[&'a str], inventory: &Inventory) -> Result<&'a str, Subscribers> {
    let mut unknown = Vec::new();
    let mut none = Vec::new();
    for &arn in actions {
        if !arn.contains(":sns:") {
            continue;
        }
        let topic = inventory
            .of_kind(ResourceKind::SnsTopic)
            .filter_map(|r| r.as_sns_topic())
            .find(|t| t.topic_arn == arn);
        match topic.map(|t| t.subscriptions_confirmed.get()) {
            Some(Ok(n)) if *n > 0 => return Ok(arn),
            Some(Ok(_)) => none.push(arn),
            Some(Err(reason)) => unknown.push(format!("topic {arn}: {reason}")),
            None => unknown.push(format!(
                "topic {arn} is not in the inventory (sns not collected, or another account's), \
                 so its subscribers are not known"
            )),
        }
    }
    if !unknown.is_empty() {
        return Err(Subscribers::Unknown(unknown.join("; ")));
    }
    Err(Subscribers::None(if none.is_empty() {
        format!("no alarm action is an SNS topic ({})", actions.join(", "))
    } else {
        format!(
            "SNS topic(s) {} have no confirmed subscriber",
            none.join(", ")
        )
    }))
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
pub(crate) mod test_helpers {
    //! An account with one multi-region trail delivering to `ct-logs` in us-east-1, a filter,
    //! an alarm and an SNS topic, each switchable.

    use cloudward_model::cloudtrail::{ManagementEvents, Trail};
    use cloudward_model::cloudwatch::{MetricAlarm, MetricFilter, MetricName, RegionStatus};
    use cloudward_model::sns::Topic;
    use cloudward_model::{test_support, Attributes, Inventory, Value};

    pub(crate) const TOPIC: &str = "arn:aws:sns:us-east-1:123456789012:security-alerts";

    pub(crate) fn account(pattern: &str, alarm: bool, subscribers: Value<u64>) -> Inventory {
        let mut inventory = Inventory::new();
        inventory.push(test_support::global(
            "account",
            Attributes::Account(Default::default()),
        ));
        inventory.push(test_support::resource(
            "trail",
            Attributes::CloudTrailTrail(Trail {
                name: "org".into(),
                is_multi_region_trail: Value::Known(true),
                is_logging: Value::Known(true),
                management_events: Value::Known(ManagementEvents {
                    read: true,
                    write: true,
                }),
                cloud_watch_logs_log_group_arn: Value::Known(Some(
                    "arn:aws:logs:us-east-1:123456789012:log-group:ct-logs:*".into(),
                )),
                ..Default::default()
            }),
        ));
        let metric = MetricName {
            namespace: "CISBenchmark".into(),
            name: "Events".into(),
        };
        inventory.push(test_support::resource(
            "cw",
            Attributes::CloudWatchRegion(RegionStatus {
                metric_filters: Value::Known(vec![MetricFilter {
                    name: "f".into(),
                    log_group_name: "ct-logs".into(),
                    pattern: pattern.into(),
                    metrics: vec![metric.clone()],
                }]),
                alarms: Value::Known(if alarm {
                    vec![MetricAlarm {
                        name: "a".into(),
                        metric: Some(metric),
                        actions_enabled: true,
                        alarm_actions: vec![TOPIC.into()],
                    }]
                } else {
                    Vec::new()
                }),
            }),
        ));
        inventory.push(test_support::resource(
            "topic",
            Attributes::SnsTopic(Topic {
                topic_arn: TOPIC.into(),
                subscriptions_confirmed: subscribers,
                ..Default::default()
            }),
        ));
        inventory.normalize();
        inventory
    }

    /// The account resource of an inventory made by [`account`].
    pub(crate) fn the_account(inventory: &Inventory) -> &cloudward_model::Resource {
        inventory
            .of_kind(cloudward_model::ResourceKind::Account)
            .next()
            .expect("an account")
    }
}

#[cfg(test)]
mod tests {
    use super::test_helpers::{account, the_account};
    use super::*;
    use cloudward_model::{Status, Value};

    const UNAUTHORIZED: Monitor = Monitor {
        what: "unauthorized API calls",
        terms: &[
            &["$.errorCode=*UnauthorizedOperation"],
            &["$.errorCode=AccessDenied*"],
        ],
    };
    const CIS: &str = r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }"#;

    fn status(pattern: &str, alarm: bool, subscribers: Value<u64>) -> Status {
        let inventory = account(pattern, alarm, subscribers);
        let _ = the_account(&inventory);
        judge(&UNAUTHORIZED, &inventory).status()
    }

    #[test]
    fn the_cis_pattern_with_an_alarm_and_a_subscriber_passes() {
        assert_eq!(status(CIS, true, Value::Known(1)), Status::Pass);
        // Quotes and spacing do not matter.
        assert_eq!(
            status(
                r#"{($.errorCode=*UnauthorizedOperation)||($.errorCode=AccessDenied*)}"#,
                true,
                Value::Known(2)
            ),
            Status::Pass
        );
    }

    #[test]
    fn each_missing_link_fails() {
        assert_eq!(
            status(
                r#"{ $.errorCode = "AccessDenied*" }"#,
                true,
                Value::Known(1)
            ),
            Status::Fail
        );
        assert_eq!(status(CIS, false, Value::Known(1)), Status::Fail);
        assert_eq!(status(CIS, true, Value::Known(0)), Status::Fail);
    }

    #[test]
    fn unknown_subscribers_or_filters_are_unknown() {
        assert_eq!(status(CIS, true, Value::unknown("denied")), Status::Unknown);
        let mut inventory = account(CIS, true, Value::Known(1));
        inventory
            .resources
            .retain(|r| r.kind() != ResourceKind::CloudWatchRegion);
        inventory.normalize();
        assert_eq!(judge(&UNAUTHORIZED, &inventory).status(), Status::Unknown);
    }

    #[test]
    fn log_group_arns_parse() {
        assert_eq!(
            log_group("arn:aws:logs:eu-west-1:1:log-group:a/b:c:*"),
            Some(("eu-west-1", "a/b:c"))
        );
        assert_eq!(log_group("arn:aws:s3:::b"), None);
    }
}
