//! Security Hub: `aws_securityhub_account` declares Security Hub enabled in its region, with
//! the default standards unless `enable_default_standards = false` (the provider's default is
//! true: FSBP v1.0.0 and CIS v1.2.0). `aws_securityhub_standards_subscription` resources of the
//! same provider region add their `standards_arn`.

use cloudward_model::securityhub::{RegionStatus, Standard};
use cloudward_model::{Attributes, Resource, Value};

use super::{bool_or, get, locate, regional, Index};
use crate::terraform::value::Val;

/// What `enable_default_standards = true` subscribes.
const DEFAULT_STANDARDS: &[&str] = &[
    "standards/aws-foundational-security-best-practices/v/1.0.0",
    "ruleset/cis-aws-foundations-benchmark/v/1.2.0",
];

fn same_region(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::String(x), Val::String(y)) => x == y,
        _ => true,
    }
}

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_securityhub_account") {
        let mut standards: Value<Vec<Standard>> = bool_or(get(i, "enable_default_standards"), true)
            .map(|on| {
                if on {
                    DEFAULT_STANDARDS
                        .iter()
                        .map(|s| Standard {
                            standards_arn: format!("arn:aws:securityhub:::{s}"),
                            standards_status: Value::Known("READY".into()),
                        })
                        .collect()
                } else {
                    Vec::new()
                }
            });
        for &s in idx.of("aws_securityhub_standards_subscription") {
            if !same_region(&s.region, &i.region) {
                continue;
            }
            let arn = get(s, "standards_arn").map(|v| v.to_string_val());
            standards = standards.and_then(|mut list| match arn {
                Some(Ok(arn)) => {
                    list.push(Standard {
                        standards_arn: arn,
                        standards_status: Value::Known("READY".into()),
                    });
                    Value::Known(list)
                }
                Some(Err(e)) => Value::Unknown(format!(
                    "{}: standards_arn is not known statically ({})",
                    s.address,
                    super::reason(&e)
                )),
                None => Value::Known(list),
            });
        }
        let mut r = regional(
            i,
            Attributes::SecurityHubRegion(RegionStatus {
                enabled: Value::Known(true),
                hub_arn: None,
                enabled_standards: standards,
            }),
        );
        locate(&mut r, "enabled_standards", i, "enable_default_standards");
        out.push(r);
    }
}
