//! Amazon Inspector rules: what it scans, and how long critical findings stay open.

mod inspector2_critical_findings_remediated;
mod inspector2_ec2_scanning_enabled;
mod inspector2_ecr_scanning_enabled;
mod inspector2_lambda_code_scanning_enabled;
mod inspector2_lambda_scanning_enabled;

use cloudward_model::{Evidence, Outcome, Resource, Value};

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &inspector2_ec2_scanning_enabled::Inspector2Ec2ScanningEnabled,
    &inspector2_ecr_scanning_enabled::Inspector2EcrScanningEnabled,
    &inspector2_lambda_code_scanning_enabled::Inspector2LambdaCodeScanningEnabled,
    &inspector2_lambda_scanning_enabled::Inspector2LambdaScanningEnabled,
    &inspector2_critical_findings_remediated::Inspector2CriticalFindingsRemediated,
];

/// One scan type's state in a region: `ENABLED` passes; absent (`None`: the region does not
/// offer it) is not applicable.
pub(super) fn judge_scan(
    state: Value<Option<&String>>,
    label: &str,
    attribute: &'static str,
    resource: &Resource,
) -> Outcome {
    let region = resource.region.as_deref().unwrap_or("this region");
    match state.get() {
        Err(reason) => Outcome::unknown(reason),
        Ok(None) => Outcome::not_applicable(format!(
            "{region}: Amazon Inspector does not offer {label} here"
        )),
        Ok(Some(s)) if s.as_str() == "ENABLED" => Outcome::Pass(Evidence::at(
            attribute,
            format!("{region}: Amazon Inspector {label} is enabled"),
        )),
        Ok(Some(s)) => Outcome::Fail(Evidence::at(
            attribute,
            format!("{region}: Amazon Inspector {label} is {s}"),
        )),
    }
}

#[cfg(test)]
pub(super) mod testing {
    use cloudward_model::inspector2::RegionStatus;
    use cloudward_model::{test_support, Attributes, Resource, Value};

    /// A region with Inspector on for the account and every scan type enabled.
    pub(crate) fn region() -> RegionStatus {
        let on = || Value::Known("ENABLED".to_string());
        RegionStatus {
            status: on(),
            ec2: on(),
            ecr: on(),
            lambda: Value::Known(Some("ENABLED".into())),
            lambda_code: Value::Known(Some("ENABLED".into())),
            critical_findings: Value::Known(vec![]),
        }
    }

    /// The region as a resource.
    pub(crate) fn resource(s: RegionStatus) -> Resource {
        test_support::resource("inspector-us-east-1", Attributes::Inspector2Region(s))
    }
}
