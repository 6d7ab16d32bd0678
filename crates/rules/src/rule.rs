//! The `Rule` trait: metadata plus a pure `evaluate`.

use cloudward_model::{Inventory, Outcome, Resource, RuleMeta};

/// A posture rule. Implementors are unit structs in `rules/src/<service>/<rule_name>.rs`.
pub trait Rule: Sync {
    /// The rule's metadata (a `const` in the rule file).
    fn meta(&self) -> &'static RuleMeta;

    /// Judge one resource of one of `meta().kinds`. Pure: no I/O, deterministic. Ages are
    /// measured against `inventory.collected_at`, never the wall clock.
    fn evaluate(&self, resource: &Resource, inventory: &Inventory) -> Outcome;
}
