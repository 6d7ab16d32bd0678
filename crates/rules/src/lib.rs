//! The cloudward rule catalogue and the engine that runs it.
//!
//! One rule is one file, `rules/src/<service>/<rule_name>.rs`, holding its metadata
//! ([`cloudward_model::RuleMeta`], a plain `const`), its pure `evaluate` function, and its tests.
//! Each service module lists its rules in `RULES`; [`catalogue`] concatenates them in
//! documentation order. Rules are written once against the model, so the same rule judges a
//! live account, a snapshot, Terraform and CloudFormation.
//!
//! Principal items: [`Rule`], [`catalogue`], [`engine::evaluate`] (owned findings, sorted for
//! reports), [`engine::judge`] (compact verdicts borrowing the inventory, for large scans),
//! [`Selection`], and the framework tables in [`frameworks`] that every cited control id is
//! checked against.
//!
//! ```
//! use cloudward_model::Inventory;
//! let rules = cloudward_rules::catalogue();
//! let findings = cloudward_rules::engine::evaluate(&Inventory::new(), &rules);
//! assert!(findings.is_empty());
//! ```
#![deny(missing_docs)]

mod accessanalyzer;
mod account;
mod acm;
mod apigateway;
mod apigatewayv2;
mod athena;
mod backup;
mod cloudfront;
mod cloudtrail;
mod cloudwatch;
mod config;
mod dynamodb;
mod ec2;
mod ecr;
mod ecs;
mod efs;
mod eks;
mod elasticache;
mod elasticloadbalancing;
mod elasticloadbalancingv2;
pub mod engine;
pub mod frameworks;
mod guardduty;
mod iam;
mod inspector2;
mod kms;
mod lambda;
mod logs;
mod macie2;
mod opensearch;
pub mod organizations;
mod policy;
mod rds;
mod redshift;
mod route53;
mod route53domains;
mod rule;
mod s3;
mod secretsmanager;
mod securityhub;
mod select;
mod sharing;
mod sns;
mod sqs;
mod ssm;
mod ssoadmin;
pub mod suppressions;
mod tagging;
mod wafv2;

pub use rule::{Check, Rule};
pub use select::{Selection, UnknownRule};

use cloudward_model::{Inventory, ResourceKind};

/// Why the inventory cannot show that no resource of `kind` exists, when it cannot: `service`
/// was not collected in this scan (`scan --service` narrowed it), or listing `kind` failed. A
/// rule that concludes from an absence ("no trail, so Fail") asks this first, so that a
/// narrowed or failed collection yields Unknown instead of a Fail about what nobody looked at.
pub(crate) fn not_seen(inventory: &Inventory, service: &str, kind: ResourceKind) -> Option<String> {
    let errors: Vec<String> = inventory.errors_for(kind).map(|e| e.reason()).collect();
    if !errors.is_empty() {
        return Some(errors.join("; "));
    }
    (inventory.collected(service) == Some(false))
        .then(|| format!("the {service} service was not collected in this scan"))
}

/// Every rule, in documentation order (service by service).
pub fn catalogue() -> Vec<&'static dyn Rule> {
    [
        iam::RULES,
        accessanalyzer::RULES,
        s3::RULES,
        ec2::RULES,
        cloudtrail::RULES,
        cloudwatch::RULES,
        config::RULES,
        guardduty::RULES,
        securityhub::RULES,
        rds::RULES,
        kms::RULES,
        secretsmanager::RULES,
        ssm::RULES,
        logs::RULES,
        sns::RULES,
        sqs::RULES,
        athena::RULES,
        backup::RULES,
        dynamodb::RULES,
        elasticache::RULES,
        efs::RULES,
        redshift::RULES,
        opensearch::RULES,
        organizations::RULES,
        account::RULES,
        ssoadmin::RULES,
        inspector2::RULES,
        macie2::RULES,
        elasticloadbalancingv2::RULES,
        elasticloadbalancing::RULES,
        wafv2::RULES,
        cloudfront::RULES,
        apigateway::RULES,
        apigatewayv2::RULES,
        acm::RULES,
        route53::RULES,
        route53domains::RULES,
        lambda::RULES,
        ecr::RULES,
        ecs::RULES,
        eks::RULES,
        tagging::RULES,
    ]
    .concat()
}

/// The rule with this id, if any.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    catalogue().into_iter().find(|r| r.meta().id == id)
}
