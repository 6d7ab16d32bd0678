//! A match: one event matched by one stateless rule. Its own module because both the engine
//! (which makes matches) and the correlator (which consumes them) depend on it, and neither
//! should depend on the other.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::event::{Event, LogKind};
use crate::sigma::RuleInfo;

/// The tag of rules where a failed call is the signal itself (refused API calls, failed
/// console sign-ins): their failed matches keep the rule's level.
pub const FAILURE_IS_SIGNAL: &str = "cloudward.failure_is_signal";

/// One event matched by one rule: the rule's metadata plus the event facts an analyst needs
/// first. Events are not kept; the event id points back to the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The rule that matched.
    pub rule: Arc<RuleInfo>,
    /// CloudTrail `eventID`, or `file:record` for flow and ALB lines.
    pub event_id: String,
    /// File or object the event came from.
    pub origin: String,
    /// Record number in that file.
    pub record: u64,
    /// Event time, if the record had a valid one.
    pub time: Option<DateTime<Utc>>,
    /// `userIdentity.arn` (or principalId / type when there is no ARN); S3 access `requester`,
    /// WAF `webaclId`, Resolver `srcids.instance`, GuardDuty resource (instance, principal or
    /// type), Linux and web `user`.
    pub actor: Option<String>,
    /// `userIdentity.accessKeyId`.
    pub access_key_id: Option<String>,
    /// `sourceIPAddress`, flow and Resolver `srcaddr`, ALB and web `client_ip`, S3 access
    /// `remote_ip`, WAF `httpRequest.clientIp`, Linux `source_ip`, GuardDuty remote address.
    pub source_ip: Option<String>,
    /// `userAgent` or ALB `user_agent`.
    pub user_agent: Option<String>,
    /// `awsRegion` (or flow `region`).
    pub region: Option<String>,
    /// `recipientAccountId` (or flow `account-id`).
    pub account: Option<String>,
    /// `eventName`; flow logs and WAF `action`, ALB and web the request method, S3 access
    /// `operation`, Resolver `query_name`, GuardDuty `type`, Linux `sshd_event` (or `program`).
    pub event_name: Option<String>,
    /// CloudTrail `errorCode`: the call failed (see [`Match::failed_attempt`]).
    pub error_code: Option<String>,
    /// Values of the fields that correlation rules group or count by, in field-name order.
    pub fields: Vec<(String, Option<String>)>,
    /// The resources the event acted on (CloudTrail; see [`crate::resources`]).
    pub resources: Vec<String>,
    pub(crate) rule_index: usize,
}

impl Match {
    pub(crate) fn new(
        rule_index: usize,
        rule: Arc<RuleInfo>,
        ev: &Event,
        extract: &[String],
    ) -> Match {
        let f = |p: &str| ev.field(p);
        let (actor, key, ip, ua, region, account, name) = match ev.kind() {
            LogKind::CloudTrail => (
                f("userIdentity.arn")
                    .or_else(|| f("userIdentity.principalId"))
                    .or_else(|| f("userIdentity.type")),
                f("userIdentity.accessKeyId"),
                f("sourceIPAddress"),
                f("userAgent"),
                f("awsRegion"),
                f("recipientAccountId"),
                f("eventName"),
            ),
            LogKind::VpcFlow => (
                f("interface-id"),
                None,
                f("srcaddr"),
                None,
                f("region"),
                f("account-id"),
                f("action"),
            ),
            LogKind::Alb => (
                None,
                None,
                f("client_ip"),
                f("user_agent"),
                None,
                None,
                f("request_verb"),
            ),
            LogKind::S3Access => (
                f("requester"),
                None,
                f("remote_ip"),
                f("user_agent"),
                None,
                f("requester_account"),
                f("operation"),
            ),
            LogKind::Waf => (
                f("webaclId"),
                None,
                f("httpRequest.clientIp"),
                None,
                None,
                None,
                f("action"),
            ),
            LogKind::Resolver => (
                f("srcids.instance").or_else(|| f("srcids.resolver_endpoint")),
                None,
                f("srcaddr"),
                None,
                f("region"),
                f("account_id"),
                f("query_name"),
            ),
            LogKind::GuardDuty => (
                f("resource.instanceDetails.instanceId")
                    .or_else(|| f("resource.accessKeyDetails.principalId"))
                    .or_else(|| f("resource.resourceType")),
                f("resource.accessKeyDetails.accessKeyId"),
                f("service.action.awsApiCallAction.remoteIpDetails.ipAddressV4").or_else(|| {
                    f("service.action.networkConnectionAction.remoteIpDetails.ipAddressV4")
                }),
                None,
                f("region"),
                f("accountId"),
                f("type"),
            ),
            LogKind::LinuxAuth => (
                f("user"),
                None,
                f("source_ip"),
                None,
                None,
                None,
                f("sshd_event").or_else(|| f("program")),
            ),
            LogKind::WebAccess => (
                f("user"),
                None,
                f("client_ip"),
                f("user_agent"),
                None,
                None,
                f("method"),
            ),
        };
        Match {
            rule,
            event_id: ev.id(),
            origin: ev.origin().to_owned(),
            record: ev.record(),
            time: ev.time(),
            actor,
            access_key_id: key,
            source_ip: ip,
            user_agent: ua,
            region,
            account,
            event_name: name,
            error_code: match ev.kind() {
                LogKind::CloudTrail => f("errorCode"),
                _ => None,
            },
            fields: extract.iter().map(|p| (p.clone(), ev.field(p))).collect(),
            resources: crate::resources::resources_of(ev),
            rule_index,
        }
    }

    /// Whether this is a failed call that alerts one level below its rule's level: CloudTrail
    /// `errorCode` set, and the rule is not tagged [`FAILURE_IS_SIGNAL`].
    pub fn failed_attempt(&self) -> bool {
        self.error_code.is_some() && !self.rule.tags.iter().any(|t| t == FAILURE_IS_SIGNAL)
    }

    /// The value of a correlation field copied into this match.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
}
