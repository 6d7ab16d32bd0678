//! Choosing which rules run: `--rule`, `--skip-rule`, `--service`, `--min-severity`.

use cloudward_model::Severity;

use crate::Rule;

/// A rule filter; empty lists mean "no restriction".
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Only these rule ids.
    pub rules: Vec<String>,
    /// Never these rule ids.
    pub skip_rules: Vec<String>,
    /// Only rules of these services.
    pub services: Vec<String>,
    /// Only rules at or above this severity.
    pub min_severity: Option<Severity>,
}

/// A name in a selection that matches nothing: a typo must not silently turn a check off.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UnknownRule {
    /// A `--rule` or `--skip-rule` id that names no rule.
    #[error("unknown rule id {id:?} (see `cloudward rules`)")]
    Id {
        /// The id that matched nothing.
        id: String,
    },
    /// A `--service` no rule belongs to.
    #[error("unknown service {service:?}: rules exist for {known}")]
    Service {
        /// The service that matched nothing.
        service: String,
        /// The services rules exist for, comma-separated.
        known: String,
    },
}

impl Selection {
    /// The rules of `catalogue` this selection keeps, in catalogue order. Unknown ids are an
    /// error rather than a silent no-op, so a typo cannot turn a check off unseen.
    pub fn apply<'a>(&self, catalogue: &[&'a dyn Rule]) -> Result<Vec<&'a dyn Rule>, UnknownRule> {
        for id in self.rules.iter().chain(&self.skip_rules) {
            if crate::find(id).is_none() {
                return Err(UnknownRule::Id { id: id.clone() });
            }
        }
        for service in &self.services {
            if !catalogue
                .iter()
                .any(|r| r.meta().service.eq_ignore_ascii_case(service))
            {
                let mut known: Vec<&str> = catalogue.iter().map(|r| r.meta().service).collect();
                known.sort_unstable();
                known.dedup();
                return Err(UnknownRule::Service {
                    service: service.clone(),
                    known: known.join(", "),
                });
            }
        }
        Ok(catalogue
            .iter()
            .copied()
            .filter(|r| {
                let m = r.meta();
                (self.rules.is_empty() || self.rules.iter().any(|id| id == m.id))
                    && !self.skip_rules.iter().any(|id| id == m.id)
                    && (self.services.is_empty()
                        || self
                            .services
                            .iter()
                            .any(|s| s.eq_ignore_ascii_case(m.service)))
                    && self.min_severity.is_none_or(|min| m.severity >= min)
            })
            .collect())
    }
}
