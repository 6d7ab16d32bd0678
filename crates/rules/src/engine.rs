//! Runs rules over an inventory and yields findings. No I/O.
//!
//! The engine routes by kind: each rule declares the kinds it judges, and sees only those
//! resources. It also applies the cross-cutting honesty rules, so no rule has to:
//! - a kind whose listing failed yields one Unknown finding per failure, never silence;
//! - a resource whose existence is unknown (unresolved `count`) cannot Fail, only be Unknown;
//! - a suppressed Fail is reported as Suppressed with its reason.

use cloudward_model::{Finding, Inventory, Outcome, Resource, ResourceKind, RuleMeta, Status};

use crate::Rule;

/// Evaluate `rules` over `inventory`; findings come back sorted (severity, rule, resource).
pub fn evaluate(inventory: &Inventory, rules: &[&dyn Rule]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in rules {
        let meta = rule.meta();
        for &kind in meta.kinds {
            for error in inventory.errors_for(kind) {
                findings.push(collection_unknown(meta, kind, error, inventory));
            }
            for resource in inventory.of_kind(kind) {
                let outcome = rule.evaluate(resource, inventory);
                findings.push(finding(meta, resource, outcome));
            }
        }
    }
    sort(&mut findings);
    findings
}

/// Sort findings into report order: most severe first, then rule id, resource id, region.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.rule_id.cmp(&b.rule_id))
            .then_with(|| a.resource_id.cmp(&b.resource_id))
            .then_with(|| a.region.cmp(&b.region))
            .then_with(|| a.status.cmp(&b.status))
    });
}

fn collection_unknown(
    meta: &RuleMeta,
    kind: ResourceKind,
    error: &cloudward_model::CollectionError,
    inventory: &Inventory,
) -> Finding {
    let region = error.region.clone();
    let scope = region.as_deref().unwrap_or("global");
    Finding {
        rule_id: meta.id.to_string(),
        title: meta.title.to_string(),
        severity: meta.severity,
        service: meta.service.to_string(),
        status: Status::Unknown,
        resource_id: format!("{}:{}:{scope}", kind.service(), kind),
        resource_kind: kind,
        resource_name: format!("all {}s in {scope}", kind.label()),
        region,
        account: inventory.account_id.clone(),
        location: None,
        message: format!("could not list {}s: {}", kind.label(), error.reason()),
        attribute: None,
        suppression: None,
    }
}

fn finding(meta: &RuleMeta, resource: &Resource, outcome: Outcome) -> Finding {
    let (mut status, message, attribute) = match outcome {
        Outcome::Pass(e) => (Status::Pass, e.message, e.attribute),
        Outcome::Fail(e) => (Status::Fail, e.message, e.attribute),
        Outcome::Unknown(reason) => (Status::Unknown, reason, None),
        Outcome::NotApplicable(reason) => (Status::NotApplicable, reason, None),
    };
    let mut message = message;
    if status == Status::Fail {
        if let Some(reason) = &resource.existence_unknown {
            status = Status::Unknown;
            message = format!("{message}; but whether this resource exists is unknown: {reason}");
        }
    }
    let suppression = if status == Status::Fail {
        resource
            .suppressions
            .iter()
            .find(|s| s.rule_id == meta.id)
            .map(|s| s.reason.clone())
    } else {
        None
    };
    if suppression.is_some() {
        status = Status::Suppressed;
    }
    let location = match &attribute {
        Some(attr) => resource.attribute_location(attr).cloned(),
        None => resource.location().cloned(),
    };
    Finding {
        rule_id: meta.id.to_string(),
        title: meta.title.to_string(),
        severity: meta.severity,
        service: meta.service.to_string(),
        status,
        resource_id: resource.id.clone(),
        resource_kind: resource.kind(),
        resource_name: resource.name.clone(),
        region: resource.region.clone(),
        account: resource.account.clone(),
        location,
        message,
        attribute,
        suppression,
    }
}
