//! The CI gate: whether a run's findings trip `--fail-on` (and `--fail-on-unknown`), which the
//! CLI maps to exit code 1. One definition for `scan` and `iac`, and the one the fault suite
//! checks under injected faults.

use cloudward_model::{CollectionError, Finding, Severity, Status};

/// `--fail-on SEVERITY` and `--fail-on-unknown`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gate {
    /// The lowest severity that fails the run; `None` (`--fail-on none`) never fails it.
    pub threshold: Option<Severity>,
    /// Whether what could not be checked fails the run too: Unknown findings at or above the
    /// threshold, and any collection error (an input that was skipped or a call that failed
    /// is something not checked, whether or not a finding stands for it).
    pub fail_on_unknown: bool,
}

impl Gate {
    /// Whether the run fails the gate. Suppressed findings never count: the suppression
    /// carries a reviewed justification.
    pub fn trips(&self, findings: &[Finding], collection_errors: &[CollectionError]) -> bool {
        let Some(threshold) = self.threshold else {
            return false;
        };
        if self.fail_on_unknown && !collection_errors.is_empty() {
            return true;
        }
        findings.iter().any(|f| {
            f.severity >= threshold
                && (f.status == Status::Fail
                    || (self.fail_on_unknown && f.status == Status::Unknown))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(severity: Severity, status: Status) -> Finding {
        cloudward_model::test_support::finding(severity, status)
    }

    #[test]
    fn fails_at_or_above_the_threshold_and_unknown_only_when_asked() {
        let high = Gate {
            threshold: Some(Severity::High),
            fail_on_unknown: false,
        };
        assert!(high.trips(&[finding(Severity::High, Status::Fail)], &[]));
        assert!(high.trips(&[finding(Severity::Critical, Status::Fail)], &[]));
        assert!(!high.trips(&[finding(Severity::Medium, Status::Fail)], &[]));
        assert!(!high.trips(&[finding(Severity::High, Status::Unknown)], &[]));
        assert!(!high.trips(&[finding(Severity::High, Status::Suppressed)], &[]));
        let error = CollectionError::default();
        assert!(!high.trips(&[], std::slice::from_ref(&error)));
        let strict = Gate {
            fail_on_unknown: true,
            ..high
        };
        assert!(strict.trips(&[finding(Severity::High, Status::Unknown)], &[]));
        assert!(!strict.trips(&[finding(Severity::Low, Status::Unknown)], &[]));
        assert!(strict.trips(&[], &[error]));
        assert!(!Gate::default().trips(&[finding(Severity::Critical, Status::Fail)], &[]));
    }
}
