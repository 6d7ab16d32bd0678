//! Placeholder until the inventory tests land.
