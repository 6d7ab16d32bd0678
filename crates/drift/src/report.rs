//! What `drift` found, as plain serialisable data: the JSON output is this, and the text
//! output renders it ([`crate::render_text`]). Every list is sorted, so equal inputs give
//! equal bytes.

use std::collections::BTreeMap;

use cloudward_model::{Location, ResourceKind};
use serde::Serialize;
use serde_json::Value as Json;

/// Version of the JSON document; fields are only added within a version.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole comparison.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Drift {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Counts of each list below.
    pub summary: Summary,
    /// Declared resources found live, each with its differences (if any) and the attributes
    /// that could not be compared.
    pub resources: Vec<ResourceDrift>,
    /// Declared and in the state, but not in the account: deleted by hand.
    pub missing: Vec<Declared>,
    /// Declared but not in the state: not applied yet (nothing to compare with).
    pub not_applied: Vec<Declared>,
    /// Declared resources whose live counterpart could not be looked for (the listing
    /// failed, the region was not collected, the state holds no usable id).
    pub not_compared: Vec<Declared>,
    /// Live resources of the kinds the adapter models that no state instance names.
    pub unmanaged: Vec<Unmanaged>,
    /// Kinds for which "unmanaged" could not be decided, and why.
    pub unmanaged_unknown: Vec<KindUnknown>,
    /// Managed state instances of Terraform types the adapter does not model: type and count.
    pub unsupported_types: BTreeMap<String, usize>,
    /// Where the ids came from: `state` or `plan`.
    pub state_origin: String,
    /// Why part of the state was not read, when it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_truncated: Option<String>,
}

impl Drift {
    /// Whether anything drifted: a differing attribute, a resource deleted by hand, or an
    /// unmanaged resource. What could not be compared is not drift (see
    /// [`Drift::has_unknowns`]).
    pub fn has_drift(&self) -> bool {
        self.summary.drifted > 0 || self.summary.missing > 0 || self.summary.unmanaged > 0
    }

    /// Whether anything could not be compared or decided.
    pub fn has_unknowns(&self) -> bool {
        self.summary.not_compared > 0
            || self.summary.not_applied > 0
            || !self.unmanaged_unknown.is_empty()
            || self.resources.iter().any(|r| !r.not_compared.is_empty())
            || self.state_truncated.is_some()
    }
}

/// Counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Declared resources found live.
    pub compared: usize,
    /// Of those, with at least one differing attribute.
    pub drifted: usize,
    /// Declared, in the state, not live.
    pub missing: usize,
    /// Declared, not in the state.
    pub not_applied: usize,
    /// Declared, live counterpart not looked for.
    pub not_compared: usize,
    /// Live, not in the state.
    pub unmanaged: usize,
}

/// A declared resource (code side).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Declared {
    /// Terraform address.
    pub address: String,
    /// Model kind.
    pub kind: ResourceKind,
    /// Where it is declared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The live id looked for (from the state), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub live_id: Option<String>,
    /// Why it is in this list, for `not_compared` and `not_applied`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A declared resource compared with its live counterpart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResourceDrift {
    /// Terraform address.
    pub address: String,
    /// Model kind.
    pub kind: ResourceKind,
    /// Where it is declared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The live resource's id (ARN).
    pub live_id: String,
    /// The live resource's region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Attributes that differ.
    pub differences: Vec<Difference>,
    /// Attributes that could not be compared, with why (never counted as equal).
    pub not_compared: Vec<AttributeNotCompared>,
    /// How many attributes were compared and found equal.
    pub same: usize,
    /// Why the code side may not exist at all (`count` not known statically), when it may not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existence_unknown: Option<String>,
}

/// One differing attribute.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// The model attribute (`encrypted`, `ingress`, `metadata_options.http_tokens`).
    pub attribute: String,
    /// What differs.
    #[serde(flatten)]
    pub change: Change,
}

/// How an attribute differs.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// A value: both sides.
    Value {
        /// What the code gives (the adapter's documented default when the code leaves it unset).
        code: Json,
        /// What the account has.
        live: Json,
    },
    /// A list: the items on one side only.
    Items {
        /// In code, absent live.
        only_code: Vec<Json>,
        /// Present live, absent in code.
        only_live: Vec<Json>,
    },
}

/// An attribute that could not be compared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AttributeNotCompared {
    /// The model attribute.
    pub attribute: String,
    /// Why: unknown in code or live, with the underlying reason.
    pub reason: String,
}

/// A live resource that no state instance names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unmanaged {
    /// Model kind.
    pub kind: ResourceKind,
    /// Live id (ARN).
    pub id: String,
    /// Live name.
    pub name: String,
    /// Region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// A kind whose unmanaged resources could not be decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KindUnknown {
    /// Model kind.
    pub kind: ResourceKind,
    /// Why.
    pub reason: String,
}
