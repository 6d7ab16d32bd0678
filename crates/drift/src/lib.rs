//! Declared versus deployed: what Terraform code says compared with what the account holds
//! (`cloudward drift`, issue 13).
//!
//! The code is adapted by `cloudward_iac` into the same model live collection fills; the
//! Terraform state (or a plan's `prior_state`, read by
//! [`cloudward_iac::terraform::state`]) says which live resource each address became; the
//! identity table beside the adapter ([`cloudward_iac::terraform::identity`]) says, per
//! Terraform type, which state attribute names the live resource. [`compare`] then reports:
//!
//! - per declared resource found live, the typed attributes (the model's `Value` fields,
//!   which rules read) and tags that differ, with both values, and those Unknown on either side as
//!   not compared with the reason, never as equal;
//! - declared resources in the state but not live (deleted by hand) and not in the state
//!   (not applied);
//! - live resources of modelled kinds that no state instance names (unmanaged), AWS's own
//!   defaults aside (default VPC, security group, network ACL, AWS managed keys and
//!   policies, service-linked roles);
//! - state resource types the adapter does not model, counted by type.
//!
//! The code side is what applying the code gives: an argument the code leaves unset carries
//! the adapter's documented default (the provider's, or AWS's for new S3 buckets), so a live
//! value that differs from it is drift. The principal items are [`compare`], [`Drift`] and
//! [`render_text`]; the JSON output is [`Drift`] serialised.
//!
//! ```
//! use cloudward_iac::terraform::state;
//! use cloudward_model::Inventory;
//!
//! let state = state::parse("terraform.tfstate", br#"{"version": 4, "resources": []}"#).unwrap();
//! let drift = cloudward_drift::compare(&Inventory::new(), &state, &Inventory::new());
//! assert!(!drift.has_drift());
//! assert!(cloudward_drift::render_text(&drift).contains("drifted 0"));
//! ```
#![deny(missing_docs)]

mod attributes;
mod compare;
mod defaults;
mod normalize;
mod render;
mod report;

pub use compare::compare;
pub use render::render_text;
pub use report::{
    AttributeNotCompared, Change, Declared, Difference, Drift, KindUnknown, ResourceDrift, Summary,
    Unmanaged, SCHEMA_VERSION,
};
