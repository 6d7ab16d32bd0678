//! AWS WAF (WAFv2) web ACL rules: rules present, a blocking rate-based rule, the AWS managed
//! baseline rule groups, logging, CloudWatch metrics, and association with a resource.

mod wafv2_web_acl_associated;
mod wafv2_web_acl_aws_managed_baseline_rules;
mod wafv2_web_acl_has_rules;
mod wafv2_web_acl_logging_enabled;
mod wafv2_web_acl_metrics_enabled;
mod wafv2_web_acl_rate_based_rule;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &wafv2_web_acl_has_rules::Wafv2WebAclHasRules,
    &wafv2_web_acl_rate_based_rule::Wafv2WebAclRateBasedRule,
    &wafv2_web_acl_aws_managed_baseline_rules::Wafv2WebAclAwsManagedBaselineRules,
    &wafv2_web_acl_logging_enabled::Wafv2WebAclLoggingEnabled,
    &wafv2_web_acl_metrics_enabled::Wafv2WebAclMetricsEnabled,
    &wafv2_web_acl_associated::Wafv2WebAclAssociated,
];

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::wafv2::{WebAcl, WebAclRule};
    use cloudward_model::{Attributes, Resource};

    /// A regional web ACL `edge` with metrics on (fields of `a` win).
    pub(crate) fn acl(a: WebAcl) -> Resource {
        cloudward_model::test_support::resource(
            "edge",
            Attributes::Wafv2WebAcl(WebAcl {
                name: "edge".into(),
                scope: "REGIONAL".into(),
                ..a
            }),
        )
    }

    /// An AWS managed rule group rule, counting only when `count`.
    pub(crate) fn managed(name: &str, count: bool) -> WebAclRule {
        WebAclRule {
            name: name.into(),
            statement: "managed_rule_group".into(),
            managed_rule_group_vendor: Some("AWS".into()),
            managed_rule_group_name: Some(name.into()),
            override_action: Some(if count { "COUNT" } else { "NONE" }.into()),
            cloudwatch_metrics_enabled: true,
            ..Default::default()
        }
    }

    /// A rate-based rule, counting only when `count`.
    pub(crate) fn rate(count: bool) -> WebAclRule {
        WebAclRule {
            name: "per-ip-rate".into(),
            statement: "rate_based".into(),
            action: Some(if count { "COUNT" } else { "BLOCK" }.into()),
            cloudwatch_metrics_enabled: true,
            ..Default::default()
        }
    }
}
