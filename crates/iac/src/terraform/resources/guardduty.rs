//! GuardDuty: one `GuardDutyRegion` per `aws_guardduty_detector` (`enable` defaults to true).

use cloudward_model::guardduty::{Detector, RegionStatus};
use cloudward_model::{Attributes, Resource, Value};

use super::{bool_or, get, locate, regional, Index};

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_guardduty_detector") {
        let status = bool_or(get(i, "enable"), true)
            .map(|on| if on { "ENABLED" } else { "DISABLED" }.to_string());
        let mut r = regional(
            i,
            Attributes::GuardDutyRegion(RegionStatus {
                detectors: Value::Known(vec![Detector {
                    detector_id: i.address.clone(),
                    status,
                }]),
            }),
        );
        locate(&mut r, "detectors", i, "enable");
        out.push(r);
    }
}
