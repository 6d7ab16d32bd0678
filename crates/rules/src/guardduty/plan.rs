//! What the GuardDuty protection-plan rules share: finding a plan among the enabled
//! detector's `Features` and judging it, with or without an agent-management configuration.

use cloudward_model::guardduty::{Detector, Feature, RegionStatus};
use cloudward_model::{Evidence, Outcome, Resource};

/// A protection plan as `GetDetector` reports it.
pub(super) struct Plan {
    /// What users call it ("S3 Protection").
    pub label: &'static str,
    /// The feature names that provide it (the first is current; later ones are older names
    /// that still count).
    pub features: &'static [&'static str],
    /// The `AdditionalConfiguration` that must be enabled too (automated agent management).
    pub agent: Option<&'static str>,
}

const ENABLED: &str = "ENABLED";

/// The detector whose plans count: the enabled one. `Err` is the outcome when there is none.
fn enabled_detector<'a>(status: &'a RegionStatus, region: &str) -> Result<&'a Detector, Outcome> {
    let detectors = status.detectors.get().map_err(Outcome::unknown)?;
    if let Some(d) = detectors
        .iter()
        .find(|d| d.status.known().map(String::as_str) == Some(ENABLED))
    {
        return Ok(d);
    }
    if let Some(reason) = detectors.iter().find_map(|d| d.status.unknown_reason()) {
        return Err(Outcome::unknown(reason.to_string()));
    }
    Err(Outcome::not_applicable(format!(
        "{region} has no enabled GuardDuty detector (guardduty-enabled reports it)"
    )))
}

fn is_enabled(f: &Feature) -> Option<bool> {
    f.status.known().map(|s| s == ENABLED)
}

/// Judge `plan` in one region.
pub(super) fn judge(plan: &Plan, status: &RegionStatus, resource: &Resource) -> Outcome {
    let region = resource.region.as_deref().unwrap_or("this region");
    let detector = match enabled_detector(status, region) {
        Ok(d) => d,
        Err(outcome) => return outcome,
    };
    let features = match detector.features.get() {
        Ok(f) => f,
        Err(reason) => return Outcome::unknown(reason),
    };
    let candidates: Vec<&Feature> = features
        .iter()
        .filter(|f| plan.features.contains(&f.name.as_str()))
        .collect();
    if candidates.is_empty() {
        return Outcome::not_applicable(format!(
            "{region}: GuardDuty does not offer {} here (GetDetector lists no {})",
            plan.label,
            plan.features.join(" or ")
        ));
    }
    let on: Vec<&Feature> = candidates
        .iter()
        .copied()
        .filter(|f| is_enabled(f) == Some(true))
        .collect();
    if on.is_empty() {
        if let Some(reason) = candidates.iter().find_map(|f| f.status.unknown_reason()) {
            return Outcome::unknown(reason.to_string());
        }
        let states: Vec<String> = candidates
            .iter()
            .map(|f| format!("{} is {}", f.name, f.status.known().map_or("?", |s| s)))
            .collect();
        return Outcome::Fail(Evidence::at(
            "features",
            format!(
                "{region}: {} is not enabled on detector {} ({})",
                plan.label,
                detector.detector_id,
                states.join(", ")
            ),
        ));
    }
    let Some(agent) = plan.agent else {
        return Outcome::Pass(Evidence::at(
            "features",
            format!(
                "{region}: {} is enabled on detector {} ({})",
                plan.label, detector.detector_id, on[0].name
            ),
        ));
    };
    let configs: Vec<_> = on
        .iter()
        .flat_map(|f| f.additional_configuration.iter().map(move |c| (f, c)))
        .filter(|(_, c)| c.name == agent)
        .collect();
    if let Some((f, _)) = configs
        .iter()
        .find(|(_, c)| c.status.known().map(String::as_str) == Some(ENABLED))
    {
        return Outcome::Pass(Evidence::at(
            "features",
            format!(
                "{region}: {} is enabled on detector {} ({} with {agent})",
                plan.label, detector.detector_id, f.name
            ),
        ));
    }
    if let Some(reason) = configs.iter().find_map(|(_, c)| c.status.unknown_reason()) {
        return Outcome::unknown(reason.to_string());
    }
    Outcome::Fail(Evidence::at(
        "features",
        format!(
            "{region}: {} is on for detector {}, but its automated agent management \
             ({agent}) is not enabled, so no agent reaches the workloads",
            on[0].name, detector.detector_id
        ),
    ))
}

/// Hand-built regions for the plan rules' tests.
#[cfg(test)]
pub(super) mod testing {
    use cloudward_model::guardduty::{AdditionalConfiguration, Detector, Feature, RegionStatus};
    use cloudward_model::{test_support, Attributes, Inventory, Resource, Status, Value};

    use crate::rule::testing;
    use crate::Rule;

    /// A feature with its status and agent configurations.
    pub(crate) fn feature(name: &str, status: Value<String>, agents: &[(&str, &str)]) -> Feature {
        Feature {
            name: name.into(),
            status,
            additional_configuration: agents
                .iter()
                .map(|(n, s)| AdditionalConfiguration {
                    name: (*n).into(),
                    status: Value::Known((*s).into()),
                })
                .collect(),
        }
    }

    /// A region whose one enabled detector has `features`.
    pub(crate) fn region(features: Value<Vec<Feature>>) -> Resource {
        test_support::resource(
            "guardduty-us-east-1",
            Attributes::GuardDutyRegion(RegionStatus {
                detectors: Value::Known(vec![Detector {
                    detector_id: "d1".into(),
                    status: Value::Known("ENABLED".into()),
                    features,
                }]),
            }),
        )
    }

    /// The status `rule` gives a region with `features`.
    pub(crate) fn judge(rule: &dyn Rule, features: Vec<Feature>) -> Status {
        testing::judge_in(rule, &region(Value::Known(features)), &Inventory::new())
    }

    /// The cases every plan rule shares: unreadable features and a disabled detector.
    pub(crate) fn shared_cases(rule: &dyn Rule) {
        let unread = region(Value::unknown("GetDetector denied"));
        assert_eq!(testing::judge(rule, &unread), Status::Unknown);
        let off = test_support::resource(
            "guardduty-us-east-1",
            Attributes::GuardDutyRegion(RegionStatus {
                detectors: Value::Known(vec![Detector {
                    detector_id: "d1".into(),
                    status: Value::Known("DISABLED".into()),
                    features: Value::Known(vec![]),
                }]),
            }),
        );
        assert_eq!(testing::judge(rule, &off), Status::NotApplicable);
        assert_eq!(judge(rule, vec![]), Status::NotApplicable);
    }
}
