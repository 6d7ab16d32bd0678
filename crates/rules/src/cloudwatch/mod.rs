//! CIS monitoring (section 4 of v5.0.0 and v3.0.0, 5 of v6.0.0 and v7.0.0): for each CloudTrail
//! event pattern, a CloudWatch Logs metric filter on the log group of a multi-region, logging
//! trail, an alarm on that filter's metric with an action, and an SNS topic with a confirmed
//! subscriber.
//!
//! Each rule is one [`Monitor`] (the CIS pattern) judged by [`judge`] on the account: one
//! verdict per account, as the benchmark asks. Patterns are compared by meaning ([`pattern`]):
//! the filters on the log group must together match every event the CIS pattern matches, so a
//! filter that watches more than CIS asks still counts, one that drops an event name or adds a
//! condition of its own does not, and quoting, spacing and grouping do not matter. Several
//! filters may share the work (one per event name, say) as long as each has its own alarm and
//! subscriber. The message names the events no filter matches.

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
pub(crate) mod pattern;

use cloudward_model::cloudwatch::{MetricAlarm, MetricFilter};

use cloudward_model::{Evidence, Inventory, Outcome, ResourceKind};
use pattern::Cover;

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
    /// The CIS filter pattern, grouped as the benchmark means it and in the narrowest form it
    /// has published, so that each published variant covers it (a test per rule proves that).
    pub pattern: &'static str,
}

/// `{ ($.eventName = A) || ($.eventName = B) … }`, the shape of most CIS patterns.
macro_rules! events {
    ($first:literal $(, $name:literal)* $(,)?) => {
        concat!("{ ($.eventName = ", $first, ")", $(" || ($.eventName = ", $name, ")",)* " }")
    };
}
pub(crate) use events;

impl Monitor {
    /// The CIS pattern as conjunctions, one per kind of event it counts.
    fn required(&self) -> Result<Vec<Vec<pattern::Atom>>, pattern::PatternError> {
        pattern::parse(self.pattern).and_then(|expr| pattern::conjunctions(&expr))
    }

    /// Whether a filter pattern matches every event the CIS pattern matches.
    #[cfg(test)]
    pub(crate) fn matches(&self, filter: &str) -> bool {
        let (Ok(required), Ok(filter)) = (self.required(), pattern::parse(filter)) else {
            return false;
        };
        required
            .iter()
            .all(|c| pattern::covers(&filter, c) == pattern::Cover::Yes)
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
    let required = match monitor.required() {
        Ok(required) if !required.is_empty() => required,
        Ok(_) => return Outcome::unknown(format!("the CIS pattern for {} is empty", monitor.what)),
        Err(e) => {
            return Outcome::unknown(format!(
                "the CIS pattern for {} does not read: {e}",
                monitor.what
            ))
        }
    };
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
        if let Some(why) = crate::not_seen(inventory, "cloudtrail", ResourceKind::CloudTrailTrail) {
            unknown.push(format!("trails: {why}"));
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
    // 2. Each such log group: filters that together match the CIS pattern, each with an alarm
    //    with an action and a subscriber.
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
        let place = format!("log group {group} ({region}, trail {trail})");
        let watches: Vec<Watch> = filters
            .iter()
            .filter(|f| f.log_group_name == *group)
            .map(|f| Watch::of(f, &required, alarms, inventory))
            .collect();
        match judge_group(monitor, &required, &watches, &place) {
            GroupVerdict::Pass(topics) => {
                return Outcome::Pass(Evidence::at(
                    "trails",
                    format!(
                        "{} on {place} raise an alarm notifying SNS topic {topics}",
                        capitalised(monitor.what)
                    ),
                ))
            }
            GroupVerdict::Unknown(detail) => unknown.push(detail),
            GroupVerdict::Fail(detail) => fails.push(detail),
        }
    }
    if !unknown.is_empty() {
        return Outcome::unknown(unknown.join("; "));
    }
    Outcome::Fail(Evidence::at("trails", fails.join("; ")))
}

/// One metric filter on a trail's log group: which CIS conjunctions it matches and whether an
/// alarm on its metric reaches a person.
struct Watch<'a> {
    name: &'a str,
    covers: Vec<Cover>,
    /// Why the pattern was not compared, when it was not.
    unread: Option<pattern::PatternError>,
    delivery: Delivery,
}

enum Delivery {
    /// An alarm notifies this SNS topic, which has a confirmed subscriber.
    Notifies(String),
    Unsure(String),
    Not(String),
}

impl Delivery {
    fn level(&self) -> Cover {
        match self {
            Delivery::Notifies(_) => Cover::Yes,
            Delivery::Unsure(_) => Cover::Undecided,
            Delivery::Not(_) => Cover::No,
        }
    }
}

impl<'a> Watch<'a> {
    fn of(
        filter: &'a MetricFilter,
        required: &[Vec<pattern::Atom>],
        alarms: &[MetricAlarm],
        inventory: &Inventory,
    ) -> Self {
        let (covers, unread) = match pattern::parse(&filter.pattern) {
            Ok(expr) => (
                required.iter().map(|c| pattern::covers(&expr, c)).collect(),
                None,
            ),
            // A text pattern is not over CloudTrail's fields: it does not count.
            Err(e @ pattern::PatternError::NotJson) => (vec![Cover::No; required.len()], Some(e)),
            Err(e) => (vec![Cover::Undecided; required.len()], Some(e)),
        };
        let delivery = match covers.iter().all(|c| *c == Cover::No) {
            true => Delivery::Not(String::new()),
            false => delivery(filter, alarms, inventory),
        };
        Watch {
            name: &filter.name,
            covers,
            unread,
            delivery,
        }
    }

    /// How far this filter, alarms included, takes care of conjunction `i`.
    fn level(&self, i: usize) -> Cover {
        self.covers[i].min(self.delivery.level())
    }
}

/// Whether an alarm on the filter's metric notifies a subscribed SNS topic.
fn delivery(filter: &MetricFilter, alarms: &[MetricAlarm], inventory: &Inventory) -> Delivery {
    let actions: Vec<&str> = alarms
        .iter()
        .filter(|a| {
            a.actions_enabled
                && a.metric
                    .as_ref()
                    .is_some_and(|m| filter.metrics.contains(m))
        })
        .flat_map(|a| a.alarm_actions.iter().map(String::as_str))
        .collect();
    if actions.is_empty() {
        return Delivery::Not("has no alarm with an enabled action".to_string());
    }
    match subscribed(&actions, inventory) {
        Ok(topic) => Delivery::Notifies(topic.to_string()),
        Err(Subscribers::None(detail)) => Delivery::Not(detail),
        Err(Subscribers::Unknown(detail)) => Delivery::Unsure(detail),
    }
}

enum GroupVerdict {
    /// The SNS topics notified.
    Pass(String),
    Unknown(String),
    Fail(String),
}

/// At most this many unmatched events are named in a message.
const NAMED_EVENTS: usize = 5;

/// The verdict for one trail log group given its filters.
fn judge_group(
    monitor: &Monitor,
    required: &[Vec<pattern::Atom>],
    watches: &[Watch],
    place: &str,
) -> GroupVerdict {
    let best: Vec<Cover> = (0..required.len())
        .map(|i| {
            watches
                .iter()
                .map(|w| w.level(i))
                .max()
                .unwrap_or(Cover::No)
        })
        .collect();
    if best.iter().all(|b| *b == Cover::Yes) {
        let mut topics: Vec<&str> = watches
            .iter()
            .filter(|w| (0..required.len()).any(|i| w.level(i) == Cover::Yes))
            .filter_map(|w| match &w.delivery {
                Delivery::Notifies(topic) => Some(topic.as_str()),
                _ => None,
            })
            .collect();
        topics.sort_unstable();
        topics.dedup();
        return GroupVerdict::Pass(topics.join(", "));
    }
    let what = monitor.what;
    let n = required.len();
    let unread: Vec<String> = watches
        .iter()
        .filter_map(|w| w.unread.as_ref().map(|e| format!("filter {}: {e}", w.name)))
        .collect();
    if best.iter().all(|b| *b >= Cover::Undecided) {
        let mut why: Vec<String> = unread;
        for w in watches {
            if let Delivery::Unsure(detail) = &w.delivery {
                why.push(format!("filter {}: {detail}", w.name));
            }
        }
        // Events some filter may match, but none certainly does.
        let undecided: Vec<&[pattern::Atom]> = (0..n)
            .filter(|&i| watches.iter().all(|w| w.covers[i] != Cover::Yes))
            .map(|i| required[i].as_slice())
            .collect();
        if !undecided.is_empty() {
            why.push(format!(
                "cloudward cannot decide whether the filters match {}",
                named(&undecided)
            ));
        }
        return GroupVerdict::Unknown(format!("{what} on {place}: {}", why.join("; ")));
    }
    // Some events are not taken care of: matched by no filter, or only by filters whose alarms
    // reach nobody.
    let unmatched: Vec<&[pattern::Atom]> = (0..n)
        .filter(|&i| watches.iter().all(|w| w.covers[i] == Cover::No))
        .map(|i| required[i].as_slice())
        .collect();
    let mut why = Vec::new();
    if unmatched.len() == n {
        why.push(format!("{place} has no metric filter for {what}"));
    } else if !unmatched.is_empty() {
        why.push(format!(
            "the metric filters on {place} do not match all {what}: no filter matches {}",
            named(&unmatched)
        ));
    }
    for w in watches {
        match &w.delivery {
            Delivery::Not(detail) if !detail.is_empty() => why.push(format!(
                "the metric filter {} for {what} on {place} {detail}",
                w.name
            )),
            _ => {}
        }
    }
    if !unread.is_empty() {
        why.push(format!("not compared: {}", unread.join("; ")));
    }
    GroupVerdict::Fail(why.join("; "))
}

/// The first [`NAMED_EVENTS`] conjunctions, described, and how many more there are.
fn named(conjunctions: &[&[pattern::Atom]]) -> String {
    let mut shown: Vec<String> = conjunctions
        .iter()
        .take(NAMED_EVENTS)
        .map(|c| format!("({})", pattern::describe(c)))
        .collect();
    if conjunctions.len() > NAMED_EVENTS {
        shown.push(format!("{} more", conjunctions.len() - NAMED_EVENTS));
    }
    shown.join(", ")
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
        account_with(&[(pattern, alarm)], subscribers)
    }

    /// As [`account`], with one metric filter (and metric) per `(pattern, alarmed)`.
    pub(crate) fn account_with(filters: &[(&str, bool)], subscribers: Value<u64>) -> Inventory {
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
        let metric = |i: usize| MetricName {
            namespace: "CISBenchmark".into(),
            name: format!("Events{i}"),
        };
        inventory.push(test_support::resource(
            "cw",
            Attributes::CloudWatchRegion(RegionStatus {
                metric_filters: Value::Known(
                    filters
                        .iter()
                        .enumerate()
                        .map(|(i, (pattern, _))| MetricFilter {
                            name: format!("f{i}"),
                            log_group_name: "ct-logs".into(),
                            pattern: (*pattern).into(),
                            metrics: vec![metric(i)],
                        })
                        .collect(),
                ),
                alarms: Value::Known(
                    filters
                        .iter()
                        .enumerate()
                        .filter(|(_, (_, alarmed))| *alarmed)
                        .map(|(i, _)| MetricAlarm {
                            name: format!("a{i}"),
                            metric: Some(metric(i)),
                            actions_enabled: true,
                            alarm_actions: vec![TOPIC.into()],
                        })
                        .collect(),
                ),
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
    use super::test_helpers::{account, account_with, the_account};
    use super::*;
    use cloudward_model::{Status, Value};

    const UNAUTHORIZED: Monitor = Monitor {
        what: "unauthorized API calls",
        pattern: r#"{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }"#,
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

    fn judged(filters: &[(&str, bool)]) -> Outcome {
        judge(&UNAUTHORIZED, &account_with(filters, Value::Known(1)))
    }

    fn message(outcome: &Outcome) -> String {
        match outcome {
            Outcome::Pass(e) | Outcome::Fail(e) => e.message.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn filters_may_share_the_work_if_each_is_alarmed() {
        let denied = r#"{ $.errorCode = "AccessDenied*" }"#;
        let unauthorized = r#"{ $.errorCode = "*UnauthorizedOperation" }"#;
        assert_eq!(
            judged(&[(denied, true), (unauthorized, true)]).status(),
            Status::Pass
        );
        let half = judged(&[(denied, true), (unauthorized, false)]);
        assert_eq!(half.status(), Status::Fail);
        assert!(
            message(&half).contains("the metric filter f1 for unauthorized API calls on log group ct-logs (us-east-1, trail org) has no alarm"),
            "{}",
            message(&half)
        );
    }

    #[test]
    fn the_message_names_the_events_no_filter_matches() {
        let outcome = judged(&[(r#"{ $.errorCode = "AccessDenied*" }"#, true)]);
        let text = message(&outcome);
        assert!(
            text.contains("no filter matches ($.errorCode = \"*UnauthorizedOperation\" && $.sourceIPAddress != \"delivery.logs.amazonaws.com\" && $.eventName != \"HeadBucket\")"),
            "{text}"
        );
        let none = message(&judged(&[]));
        assert!(
            none.contains("has no metric filter for unauthorized API calls"),
            "{none}"
        );
    }

    #[test]
    fn undecidable_or_unreadable_filters_are_unknown_and_text_patterns_do_not_count() {
        let regex = judged(&[(r#"{ $.errorCode = %Denied|Unauthorized% }"#, true)]);
        assert_eq!(regex.status(), Status::Unknown, "{regex:?}");
        let deep = format!(
            "{{ {}$.errorCode = \"x\"{} }}",
            "(".repeat(40),
            ")".repeat(40)
        );
        let unreadable = judged(&[(&deep, true)]);
        assert_eq!(unreadable.status(), Status::Unknown);
        assert!(format!("{unreadable:?}").contains("nested more than 32"));
        let text = judged(&[("AccessDenied", true)]);
        assert_eq!(text.status(), Status::Fail);
        assert!(message(&text).contains("filter f0: not a JSON filter pattern"));
    }

    #[test]
    fn no_trail_is_unknown_when_cloudtrail_was_not_collected() {
        let mut inventory = account(CIS, true, Value::Known(1));
        inventory
            .resources
            .retain(|r| r.kind() != ResourceKind::CloudTrailTrail);
        inventory.normalize();
        assert_eq!(judge(&UNAUTHORIZED, &inventory).status(), Status::Fail);
        inventory.services = vec!["cloudwatch".into(), "sns".into()];
        let outcome = judge(&UNAUTHORIZED, &inventory);
        assert_eq!(outcome.status(), Status::Unknown);
        assert!(format!("{outcome:?}").contains("cloudtrail service was not collected"));
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
