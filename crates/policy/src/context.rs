//! The request context: condition keys and their values, as far as they are known.
//!
//! A key is in one of three states. *Present* with one or more values; *absent*, known not to
//! be in the request (conditions then follow IAM's missing-key rules); or *not known*, the
//! default, which makes any condition reading it Unknown. Keys are case-insensitive, as in IAM.

use std::collections::{BTreeMap, BTreeSet};

use crate::limits::MAX_CONTEXT_VALUES;

/// What the context says about one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// The key is in the request with these values (one for single-valued keys).
    Values(&'a [String]),
    /// The key is known not to be in the request.
    Absent,
    /// Nothing is known about the key.
    NotKnown,
}

/// Condition keys of one request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// Lower-cased key → values; an empty list means known absent.
    entries: BTreeMap<String, Vec<String>>,
    /// Lower-cased prefixes (`aws:principaltag/`) under which every key not listed is absent:
    /// when a principal's tags are known, a tag it lacks is absent, not unknown.
    absent_prefixes: Vec<String>,
    /// Keys given more than [`MAX_CONTEXT_VALUES`] values: not known from then on.
    overflowed: BTreeSet<String>,
}

impl Context {
    /// An empty context: every key is not known.
    pub fn new() -> Self {
        Context::default()
    }

    /// Add one value to `key` (repeat for a multivalued key). Values past
    /// [`MAX_CONTEXT_VALUES`] are dropped and the key becomes not known, since a partial set
    /// would decide `ForAllValues` wrongly.
    pub fn insert(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        let lower = key.to_ascii_lowercase();
        if self.overflowed.contains(&lower) {
            return self;
        }
        let entry = self.entries.entry(lower.clone()).or_default();
        entry.push(value.into());
        if entry.len() > MAX_CONTEXT_VALUES {
            self.entries.remove(&lower);
            self.overflowed.insert(lower);
        }
        self
    }

    /// Set `key` to exactly these values, replacing any.
    pub fn set(&mut self, key: &str, values: Vec<String>) -> &mut Self {
        let lower = key.to_ascii_lowercase();
        if values.len() <= MAX_CONTEXT_VALUES {
            self.overflowed.remove(&lower);
            self.entries.insert(lower, values);
        } else {
            self.entries.remove(&lower);
            self.overflowed.insert(lower);
        }
        self
    }

    /// Record that `key` is not in the request.
    pub fn set_absent(&mut self, key: &str) -> &mut Self {
        self.entries.insert(key.to_ascii_lowercase(), Vec::new());
        self
    }

    /// Record that every key starting with `prefix` and not set is absent.
    pub fn set_absent_prefix(&mut self, prefix: &str) -> &mut Self {
        self.absent_prefixes.push(prefix.to_ascii_lowercase());
        self
    }

    /// Whether the caller said anything about `key` (so derived values do not override it).
    pub fn mentions(&self, key: &str) -> bool {
        self.entries.contains_key(&key.to_ascii_lowercase())
    }

    /// What is known about `key`.
    pub fn lookup(&self, key: &str) -> Lookup<'_> {
        let lower = key.to_ascii_lowercase();
        if self.overflowed.contains(&lower) {
            return Lookup::NotKnown;
        }
        match self.entries.get(&lower) {
            Some(v) if v.is_empty() => Lookup::Absent,
            Some(v) => Lookup::Values(v),
            None if self.absent_prefixes.iter().any(|p| lower.starts_with(p)) => Lookup::Absent,
            None => Lookup::NotKnown,
        }
    }

    /// The keys set, lower-cased, with their values (empty: absent), in order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_case_insensitive_and_three_valued() {
        let mut c = Context::new();
        c.insert("aws:SourceIp", "10.0.0.1")
            .set_absent("aws:SourceVpce");
        assert_eq!(
            c.lookup("AWS:sourceip"),
            Lookup::Values(&["10.0.0.1".to_string()])
        );
        assert_eq!(c.lookup("aws:sourcevpce"), Lookup::Absent);
        assert_eq!(c.lookup("aws:MultiFactorAuthPresent"), Lookup::NotKnown);
    }

    #[test]
    fn absent_prefix_covers_unlisted_tags() {
        let mut c = Context::new();
        c.insert("aws:PrincipalTag/team", "a")
            .set_absent_prefix("aws:PrincipalTag/");
        assert_eq!(c.lookup("aws:principaltag/other"), Lookup::Absent);
        assert!(matches!(
            c.lookup("aws:PrincipalTag/Team"),
            Lookup::Values(_)
        ));
    }

    #[test]
    fn too_many_values_make_the_key_not_known() {
        let mut c = Context::new();
        for i in 0..=MAX_CONTEXT_VALUES {
            c.insert("aws:TagKeys", i.to_string());
        }
        assert_eq!(c.lookup("aws:TagKeys"), Lookup::NotKnown);
        c.insert("aws:TagKeys", "more");
        assert_eq!(c.lookup("aws:TagKeys"), Lookup::NotKnown);
    }
}
