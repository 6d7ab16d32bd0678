//! No critical Amazon Inspector finding stays open longer than the allowed time.

use cloudward_model::inspector2::RegionStatus;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Source, Subject,
};

use crate::Check;

/// Reads `ListFindings` (severity `CRITICAL`, status `ACTIVE`) per region and compares each
/// finding's `FirstObservedAt` with the inventory's `collected_at`, never the clock: older than
/// `thresholds.inspector_critical_max_age_days` (default 15) fails. A region where Inspector is
/// not enabled is not applicable (the scanning rules judge it); so is code, which has no
/// findings.
pub struct Inspector2CriticalFindingsRemediated;

/// How many overdue findings the evidence names.
const NAMED: usize = 5;

const META: RuleMeta = RuleMeta {
    id: "inspector2-critical-findings-remediated",
    title: "Critical Amazon Inspector findings are fixed within the allowed time",
    severity: Severity::High,
    service: "inspector2",
    kinds: RegionStatus::KINDS,
    checks: "For each region where Inspector is enabled, whether any active finding of \
             severity CRITICAL was first observed more than \
             `thresholds.inspector_critical_max_age_days` (default 15) days before the \
             inventory was collected; names the oldest.",
    rationale: "A critical finding is a known, usually remotely exploitable vulnerability with \
                a fix available. Exploits for such CVEs appear within days of publication; \
                every day one stays open on a reachable instance, image or function is a day \
                an attacker can use it. Enabling scanning without fixing what it finds \
                protects nothing.",
    remediation: Remediation {
        console: "Amazon Inspector console > Findings > filter Severity = Critical, Status = \
                  Active > for each: apply the remediation shown (update the package, rebuild \
                  the image, redeploy the function), or suppress it with a documented reason.",
        cli: "aws inspector2 list-findings --filter-criteria \
              '{\"severity\":[{\"comparison\":\"EQUALS\",\"value\":\"CRITICAL\"}],\"findingStatus\":[{\"comparison\":\"EQUALS\",\"value\":\"ACTIVE\"}]}' \
              --region <region>\n\
              aws ssm send-command --document-name AWS-RunPatchBaseline --targets Key=InstanceIds,Values=<instance-id> --parameters Operation=Install",
        terraform: "resource \"aws_ssm_association\" \"patch\" {\n  \
                    name                = \"AWS-RunPatchBaseline\"\n  \
                    schedule_expression = \"rate(1 day)\"\n  \
                    parameters          = { Operation = \"Install\" }\n  \
                    targets {\n    key    = \"InstanceIds\"\n    values = [\"*\"]\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/inspector/latest/user/findings-understanding-severity.html",
        "https://www.cisa.gov/news-events/directives/bod-19-02-vulnerability-remediation-requirements-internet-accessible-systems",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC06-BP01", "SEC04-BP04"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for Inspector2CriticalFindingsRemediated {
    type Subject = RegionStatus;
    const META: &'static RuleMeta = &META;

    fn judge(&self, status: &RegionStatus, resource: &Resource, inventory: &Inventory) -> Outcome {
        let region = resource.region.as_deref().unwrap_or("this region");
        if matches!(resource.source, Source::File(_)) {
            return Outcome::not_applicable("findings exist only in a live account");
        }
        match status.status.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(s) if s != "ENABLED" => {
                return Outcome::not_applicable(format!(
                    "{region}: Amazon Inspector is {s}, so it reports no findings"
                ))
            }
            Ok(_) => {}
        }
        let findings = match status.critical_findings.get() {
            Ok(f) => f,
            Err(reason) => return Outcome::unknown(reason),
        };
        let Some(now) = inventory.collected_at else {
            return Outcome::unknown("the inventory has no collection time to measure ages from");
        };
        let days = inventory
            .settings
            .thresholds
            .inspector_critical_max_age_days;
        let limit = now - chrono::Duration::days(i64::from(days));
        let mut overdue: Vec<_> = findings
            .iter()
            .filter(|f| f.first_observed_at < limit)
            .collect();
        overdue.sort_by_key(|f| f.first_observed_at);
        if overdue.is_empty() {
            return Outcome::Pass(Evidence::at(
                "critical_findings",
                if findings.is_empty() {
                    format!("{region}: no active critical finding")
                } else {
                    format!(
                        "{region}: {} active critical finding(s), none open longer than {days} days",
                        findings.len()
                    )
                },
            ));
        }
        let named: Vec<String> = overdue
            .iter()
            .take(NAMED)
            .map(|f| {
                format!(
                    "{} on {} ({} days)",
                    if f.title.is_empty() {
                        &f.finding_arn
                    } else {
                        &f.title
                    },
                    if f.resource_id.is_empty() {
                        "?"
                    } else {
                        &f.resource_id
                    },
                    (now - f.first_observed_at).num_days()
                )
            })
            .collect();
        Outcome::Fail(Evidence::at(
            "critical_findings",
            format!(
                "{region}: {} critical finding(s) open longer than {days} days: {}{}",
                overdue.len(),
                named.join("; "),
                if overdue.len() > NAMED { "; ..." } else { "" }
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspector2::testing::{region, resource};
    use crate::rule::testing;
    use chrono::{TimeZone, Utc};
    use cloudward_model::inspector2::Finding;
    use cloudward_model::{Status, Value};

    fn finding(days_old: i64) -> Finding {
        Finding {
            finding_arn: "arn:aws:inspector2:us-east-1:123456789012:finding/f1".into(),
            title: "CVE-2024-0001 - openssl".into(),
            first_observed_at: now() - chrono::Duration::days(days_old),
            resource_id: "i-1".into(),
        }
    }

    fn now() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0)
            .single()
            .expect("valid")
    }

    fn judge(findings: Value<Vec<Finding>>) -> Status {
        let mut s = region();
        s.critical_findings = findings;
        let mut inv = Inventory::new();
        inv.collected_at = Some(now());
        testing::judge_in(&Inspector2CriticalFindingsRemediated, &resource(s), &inv)
    }

    #[test]
    fn recent_or_no_findings_pass() {
        assert_eq!(judge(Value::Known(vec![])), Status::Pass);
        assert_eq!(judge(Value::Known(vec![finding(3)])), Status::Pass);
    }

    #[test]
    fn an_old_critical_finding_fails() {
        assert_eq!(
            judge(Value::Known(vec![finding(3), finding(40)])),
            Status::Fail
        );
    }

    #[test]
    fn unknown_is_unknown_and_disabled_not_applicable() {
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
        let mut s = region();
        s.status = Value::Known("DISABLED".into());
        assert_eq!(
            testing::judge(&Inspector2CriticalFindingsRemediated, &resource(s)),
            Status::NotApplicable
        );
    }
}
