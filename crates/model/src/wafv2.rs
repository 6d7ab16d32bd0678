//! AWS WAF (WAFv2) web ACLs, regional and CloudFront-scoped.

use serde::{Deserialize, Serialize};

use crate::Value;

/// A web ACL (`ListWebACLs`, `GetWebACL`, `GetLoggingConfiguration`,
/// `ListResourcesForWebACL`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebAcl {
    /// `Name`.
    pub name: String,
    /// `Id`.
    pub id: String,
    /// `ARN`.
    pub arn: String,
    /// `REGIONAL` or `CLOUDFRONT`.
    pub scope: String,
    /// `DefaultAction`: `ALLOW` or `BLOCK`.
    pub default_action: Value<String>,
    /// `Rules`.
    pub rules: Value<Vec<WebAclRule>>,
    /// `VisibilityConfig.CloudWatchMetricsEnabled` of the web ACL itself.
    pub cloudwatch_metrics_enabled: Value<bool>,
    /// Whether a logging configuration exists (`GetLoggingConfiguration`).
    pub logging_enabled: Value<bool>,
    /// ARNs of the regional resources it protects (`ListResourcesForWebACL`, every resource
    /// type). CloudFront distributions name their web ACL themselves, so for a
    /// `CLOUDFRONT` web ACL this is what the code or the distributions say.
    pub associated_resources: Value<Vec<String>>,
}

/// One rule of a web ACL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebAclRule {
    /// `Name`.
    pub name: String,
    /// `Priority`.
    pub priority: i32,
    /// The top-level statement: `rate_based`, `managed_rule_group`, `rule_group_reference`
    /// or `other`.
    pub statement: String,
    /// `ManagedRuleGroupStatement.VendorName` (`AWS`).
    pub managed_rule_group_vendor: Option<String>,
    /// `ManagedRuleGroupStatement.Name` (`AWSManagedRulesCommonRuleSet`).
    pub managed_rule_group_name: Option<String>,
    /// `Action` of a rule with its own statement: `ALLOW`, `BLOCK`, `COUNT`, `CAPTCHA`,
    /// `CHALLENGE`.
    pub action: Option<String>,
    /// `OverrideAction` of a rule group rule: `NONE` (the group's own actions) or `COUNT`.
    pub override_action: Option<String>,
    /// `VisibilityConfig.CloudWatchMetricsEnabled`.
    pub cloudwatch_metrics_enabled: bool,
}

impl WebAclRule {
    /// Whether matching requests are only counted (`Action: COUNT` or `OverrideAction:
    /// COUNT`), so the rule does not protect anything.
    pub fn count_only(&self) -> bool {
        self.action.as_deref() == Some("COUNT") || self.override_action.as_deref() == Some("COUNT")
    }
}
