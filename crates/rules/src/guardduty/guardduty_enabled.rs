//! GuardDuty enabled in every region.

use cloudward_model::guardduty::RegionStatus;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `ListDetectors` + `GetDetector` per region: a region passes with one detector whose
/// `Status` is `ENABLED`. A region can hold at most one detector, but the model keeps a list.
pub struct GuarddutyEnabled;

const META: RuleMeta = RuleMeta {
    id: "guardduty-enabled",
    title: "GuardDuty is enabled in every region",
    severity: Severity::High,
    service: "guardduty",
    kinds: RegionStatus::KINDS,
    checks: "For each region, whether a GuardDuty detector exists with status `ENABLED`.",
    rationale: "GuardDuty analyses CloudTrail, VPC flow logs and DNS queries for known attack \
                patterns: credential exfiltration, crypto-mining, reconnaissance, calls from \
                known malicious IPs. It is regional, and unused regions are where an intruder \
                with stolen keys is least likely to be noticed.",
    remediation: Remediation {
        console: "GuardDuty console > Get started > Enable GuardDuty; repeat in every enabled \
                  region (or, in an organisation, use a delegated administrator with \
                  auto-enable).",
        cli: "aws guardduty create-detector --enable --region <region>",
        terraform: "resource \"aws_guardduty_detector\" \"main\" {\n  \
                    enable                       = true\n  \
                    finding_publishing_frequency = \"FIFTEEN_MINUTES\"\n}\n\
                    # one per region: instantiate with a provider alias for each enabled region",
    },
    references: &[
        "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-1",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["GuardDuty.1"],
        well_architected: &["SEC04-BP03", "SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_guardduty_detector\" \"main\" {\n  enable = false\n}\n",
        terraform_good: "resource \"aws_guardduty_detector\" \"main\" {\n  enable = true\n}\n",
        cloudformation_bad: "Resources:\n  Detector:\n    Type: AWS::GuardDuty::Detector\n    \
                             Properties:\n      Enable: false\n",
        cloudformation_good: "Resources:\n  Detector:\n    Type: AWS::GuardDuty::Detector\n    \
                              Properties:\n      Enable: true\n",
    },
    file: file!(),
};

impl Check for GuarddutyEnabled {
    type Subject = RegionStatus;
    const META: &'static RuleMeta = &META;

    fn judge(&self, status: &RegionStatus, resource: &Resource, _: &Inventory) -> Outcome {
        let region = resource.region.as_deref().unwrap_or("this region");
        let detectors = match status.detectors.get() {
            Ok(detectors) => detectors,
            Err(reason) => return Outcome::unknown(reason),
        };
        if let Some(d) = detectors
            .iter()
            .find(|d| d.status.known().map(String::as_str) == Some("ENABLED"))
        {
            return Outcome::Pass(Evidence::at(
                "detectors",
                format!("{region}: GuardDuty detector {} is enabled", d.detector_id),
            ));
        }
        if detectors.is_empty() {
            return Outcome::Fail(Evidence::at(
                "detectors",
                format!("{region} has no GuardDuty detector"),
            ));
        }
        let unknown: Vec<String> = detectors
            .iter()
            .filter_map(|d| {
                d.status
                    .unknown_reason()
                    .map(|r| format!("detector {}: {r}", d.detector_id))
            })
            .collect();
        if !unknown.is_empty() {
            return Outcome::unknown(format!("{region}: {}", unknown.join("; ")));
        }
        let states: Vec<String> = detectors
            .iter()
            .map(|d| {
                format!(
                    "detector {} is {}",
                    d.detector_id,
                    d.status.known().map(String::as_str).unwrap_or("?")
                )
            })
            .collect();
        Outcome::Fail(Evidence::at(
            "detectors",
            format!("{region}: {}", states.join("; ")),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{guardduty, test_support, Attributes, Status, Value};

    fn detector(status: Value<String>) -> guardduty::Detector {
        guardduty::Detector {
            detector_id: "12abc34d567e8fa901bc2d34e56789f0".into(),
            status,
            features: Value::Known(vec![]),
        }
    }

    fn judge(detectors: Value<Vec<guardduty::Detector>>) -> Outcome {
        let r = test_support::resource(
            "guardduty-us-east-1",
            Attributes::GuardDutyRegion(guardduty::RegionStatus { detectors }),
        );
        testing::outcome_in(&GuarddutyEnabled, &r, &Inventory::new())
    }

    #[test]
    fn enabled_detector_passes() {
        let d = detector(Value::Known("ENABLED".into()));
        assert_eq!(judge(Value::Known(vec![d])).status(), Status::Pass);
    }

    #[test]
    fn disabled_or_missing_detector_fails() {
        let d = detector(Value::Known("DISABLED".into()));
        let Outcome::Fail(e) = judge(Value::Known(vec![d])) else {
            panic!("expected a failure");
        };
        assert!(e.message.contains("is DISABLED"), "{}", e.message);
        assert_eq!(judge(Value::Known(vec![])).status(), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(
            judge(Value::unknown("AccessDenied")).status(),
            Status::Unknown
        );
        let d = detector(Value::unknown("GetDetector denied"));
        assert_eq!(judge(Value::Known(vec![d])).status(), Status::Unknown);
    }
}
