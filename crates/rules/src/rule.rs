//! The rule traits: [`Check`], which a rule file implements against one typed [`Subject`], and
//! [`Rule`], the object-safe face the engine runs (implemented for every `Check`).
//!
//! A rule names the type it judges (`type Subject = s3::Bucket`); the kinds the engine routes
//! to it are that type's [`Subject::KINDS`], so routing and reading can never disagree, and no
//! rule carries a "not a bucket" branch. `RuleMeta::kinds` is what reports print; a catalogue
//! test checks it equals [`Rule::kinds`].

use cloudward_model::{
    Evidence, Inventory, Outcome, Resource, ResourceKind, RuleMeta, Subject, Text, Value,
};

/// A posture rule, as the engine sees it. Implemented for every [`Check`]; write a `Check`.
pub trait Rule: Sync {
    /// The rule's metadata (a `const` in the rule file).
    fn meta(&self) -> &'static RuleMeta;

    /// The kinds the engine routes to this rule: its subject's kinds.
    fn kinds(&self) -> &'static [ResourceKind];

    /// Judge one resource of one of [`Rule::kinds`]. Pure: no I/O, deterministic. Ages are
    /// measured against `inventory.collected_at`, never the wall clock.
    fn evaluate(&self, resource: &Resource, inventory: &Inventory) -> Outcome;

    /// Whether the rule runs at all on this inventory. A rule that only the settings switch on
    /// (a tag policy with no tags configured) gives no verdicts, not thousands of
    /// NotApplicable ones and an Unknown per failed listing.
    fn applies(&self, _inventory: &Inventory) -> bool {
        true
    }
}

/// One rule over one typed subject: the trait a rule file implements.
pub trait Check: Sync {
    /// What the rule judges (a model attribute type, or a multi-kind view).
    type Subject: Subject;

    /// The rule's metadata; its `kinds` must be `<Self::Subject as Subject>::KINDS`.
    const META: &'static RuleMeta;

    /// Judge one subject. `resource` carries identity, region and tags; `inventory` the rest
    /// of the account (for rules that look across resources).
    fn judge(
        &self,
        subject: <Self::Subject as Subject>::View<'_>,
        resource: &Resource,
        inventory: &Inventory,
    ) -> Outcome;

    /// Whether the rule runs on this inventory (see [`Rule::applies`]); almost every rule
    /// always does.
    fn applies(&self, _inventory: &Inventory) -> bool {
        true
    }
}

impl<C: Check> Rule for C {
    fn meta(&self) -> &'static RuleMeta {
        C::META
    }

    fn kinds(&self) -> &'static [ResourceKind] {
        <C::Subject as Subject>::KINDS
    }

    fn applies(&self, inventory: &Inventory) -> bool {
        Check::applies(self, inventory)
    }

    fn evaluate(&self, resource: &Resource, inventory: &Inventory) -> Outcome {
        match <C::Subject as Subject>::view(resource) {
            Some(subject) => self.judge(subject, resource, inventory),
            // Only reachable when a caller bypasses the engine's routing.
            None => Outcome::not_applicable(format!(
                "{} is not judged by {}",
                resource.kind().label(),
                C::META.id
            )),
        }
    }
}

/// The commonest shape: one boolean setting, Pass when it is on. `Unknown` stays Unknown
/// with its reason; the evidence points at `attribute` either way.
pub(crate) fn flag(
    value: &Value<bool>,
    attribute: &'static str,
    on: impl Into<Text>,
    off: impl Into<Text>,
) -> Outcome {
    match value.get() {
        Err(reason) => Outcome::unknown(reason),
        Ok(true) => Outcome::Pass(Evidence::at(attribute, on)),
        Ok(false) => Outcome::Fail(Evidence::at(attribute, off)),
    }
}

/// One known value judged by `verdict`: `Ok(message)` passes, `Err(message)` fails; an
/// unknown value is Unknown with its reason.
pub(crate) fn judged<T>(
    value: &Value<T>,
    attribute: &'static str,
    verdict: impl FnOnce(&T) -> Result<String, String>,
) -> Outcome {
    match value.get() {
        Err(reason) => Outcome::unknown(reason),
        Ok(v) => match verdict(v) {
            Ok(message) => Outcome::Pass(Evidence::at(attribute, message)),
            Err(message) => Outcome::Fail(Evidence::at(attribute, message)),
        },
    }
}

/// Test helpers shared by every rule's tests.
#[cfg(test)]
pub(crate) mod testing {
    use cloudward_model::{Inventory, Outcome, Resource, Status};

    use super::Rule;

    /// The status `rule` gives `resource` in an otherwise empty inventory.
    pub(crate) fn judge(rule: &dyn Rule, resource: &Resource) -> Status {
        judge_in(rule, resource, &Inventory::new())
    }

    /// The status `rule` gives `resource` in `inventory`.
    pub(crate) fn judge_in(rule: &dyn Rule, resource: &Resource, inventory: &Inventory) -> Status {
        outcome_in(rule, resource, inventory).status()
    }

    /// The full outcome, for tests that check messages or evidence.
    pub(crate) fn outcome_in(
        rule: &dyn Rule,
        resource: &Resource,
        inventory: &Inventory,
    ) -> Outcome {
        assert!(
            rule.kinds().contains(&resource.kind()),
            "{} is not routed {:?}",
            rule.meta().id,
            resource.kind()
        );
        rule.evaluate(resource, inventory)
    }
}
