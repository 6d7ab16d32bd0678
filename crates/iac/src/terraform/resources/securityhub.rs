//! Security Hub: `aws_securityhub_account` declares Security Hub enabled in its region.

use cloudward_model::securityhub::RegionStatus;
use cloudward_model::{Attributes, Resource, Value};

use super::{regional, Index};

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_securityhub_account") {
        out.push(regional(
            i,
            Attributes::SecurityHubRegion(RegionStatus {
                enabled: Value::Known(true),
                hub_arn: None,
            }),
        ));
    }
}
