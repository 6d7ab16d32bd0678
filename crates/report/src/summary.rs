//! Counts of findings by status, by severity and by service: the head of every report.

use std::collections::BTreeMap;

use cloudward_model::{Finding, Severity, Status};
use serde::Serialize;

/// How many findings had each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Violated.
    pub fail: usize,
    /// Could not be decided.
    pub unknown: usize,
    /// Violated but suppressed with a reason.
    pub suppressed: usize,
    /// Holds.
    pub pass: usize,
    /// Did not apply.
    pub not_applicable: usize,
}

impl Counts {
    /// Count `n` more of `status`.
    pub fn add_n(&mut self, status: Status, n: usize) {
        match status {
            Status::Fail => self.fail += n,
            Status::Unknown => self.unknown += n,
            Status::Suppressed => self.suppressed += n,
            Status::Pass => self.pass += n,
            Status::NotApplicable => self.not_applicable += n,
        }
    }

    /// Findings that were judged or tried (everything but not-applicable).
    pub fn evaluated(&self) -> usize {
        self.fail + self.unknown + self.suppressed + self.pass
    }
}

/// Counts for a whole report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// All findings.
    pub total: Counts,
    /// By rule severity, most severe first when iterated in reverse; every severity present.
    pub by_severity: BTreeMap<Severity, Counts>,
    /// By AWS service, alphabetical; only services with findings.
    pub by_service: BTreeMap<String, Counts>,
}

impl Summary {
    /// Count `findings`.
    pub fn of(findings: &[Finding]) -> Self {
        let mut summary = Summary {
            by_severity: Severity::ALL
                .iter()
                .map(|&s| (s, Counts::default()))
                .collect(),
            ..Default::default()
        };
        for f in findings {
            summary.add(f.severity, &f.service, f.status, 1);
        }
        summary
    }

    /// Count `n` more findings of one severity, service and status (findings a scan counted
    /// without keeping).
    pub fn add(&mut self, severity: Severity, service: &str, status: Status, n: usize) {
        if n == 0 {
            return;
        }
        self.total.add_n(status, n);
        self.by_severity
            .entry(severity)
            .or_default()
            .add_n(status, n);
        match self.by_service.get_mut(service) {
            Some(counts) => counts.add_n(status, n),
            None => {
                let mut counts = Counts::default();
                counts.add_n(status, n);
                self.by_service.insert(service.to_string(), counts);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(severity: Severity, service: &str, status: Status) -> Finding {
        Finding {
            service: service.to_string().into(),
            resource_id: "id".into(),
            resource_name: "n".into(),
            ..cloudward_model::test_support::finding(severity, status)
        }
    }

    #[test]
    fn counts_every_status_separately() {
        let s = Summary::of(&[
            finding(Severity::High, "s3", Status::Fail),
            finding(Severity::High, "s3", Status::Unknown),
            finding(Severity::Low, "iam", Status::Pass),
            finding(Severity::Low, "iam", Status::Suppressed),
            finding(Severity::Low, "iam", Status::NotApplicable),
        ]);
        assert_eq!(
            s.total,
            Counts {
                fail: 1,
                unknown: 1,
                suppressed: 1,
                pass: 1,
                not_applicable: 1
            }
        );
        assert_eq!(s.total.evaluated(), 4);
        assert_eq!(s.by_severity[&Severity::High].fail, 1);
        assert_eq!(s.by_severity[&Severity::Critical], Counts::default());
        assert_eq!(s.by_service["iam"].pass, 1);
        assert_eq!(s.by_service.len(), 2);
    }
}
