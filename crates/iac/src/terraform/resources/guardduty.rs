//! GuardDuty: one `GuardDutyRegion` per `aws_guardduty_detector` (`enable` defaults to true),
//! with its protection plans from the legacy `datasources` block and the
//! `aws_guardduty_detector_feature` resources that name it (`detector_id`). A plan the code
//! does not declare is Unknown: the detector gets the account's defaults.

use cloudward_model::guardduty::{
    declared_features, AdditionalConfiguration, Detector, Feature, RegionStatus,
};
use cloudward_model::{Attributes, Resource, Value};

use super::{blocks, bool_or, field, get, locate, parent, regional, Index, Parent};
use crate::terraform::module::Instance;
use crate::terraform::value::Val;

/// A feature from an `enable` flag of the `datasources` block.
fn datasource(name: &str, v: Option<&Val>) -> Option<Feature> {
    let v = v?;
    Some(Feature {
        name: name.to_string(),
        status: bool_or(Some(v), true).map(|on| if on { "ENABLED" } else { "DISABLED" }.into()),
        additional_configuration: Vec::new(),
    })
}

/// `datasources { s3_logs { enable } kubernetes { audit_logs { enable } } malware_protection
/// { scan_ec2_instance_with_findings { ebs_volumes { enable } } } }`.
fn datasources(i: &Instance) -> Vec<Feature> {
    let Ok(ds) = blocks(get(i, "datasources")) else {
        return Vec::new();
    };
    let Some(ds) = ds.first() else {
        return Vec::new();
    };
    let first = |v: Option<&Val>| -> Option<Val> {
        blocks(v).ok().and_then(|b| b.first().map(|v| (*v).clone()))
    };
    let s3 = first(field(ds, "s3_logs"));
    let k8s = first(field(ds, "kubernetes")).and_then(|k| first(field(&k, "audit_logs")));
    let malware = first(field(ds, "malware_protection"))
        .and_then(|m| first(field(&m, "scan_ec2_instance_with_findings")))
        .and_then(|s| first(field(&s, "ebs_volumes")));
    [
        datasource(
            "S3_DATA_EVENTS",
            s3.as_ref().and_then(|b| field(b, "enable")),
        ),
        datasource(
            "EKS_AUDIT_LOGS",
            k8s.as_ref().and_then(|b| field(b, "enable")),
        ),
        datasource(
            "EBS_MALWARE_PROTECTION",
            malware.as_ref().and_then(|b| field(b, "enable")),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn status(v: Option<&Val>) -> Value<String> {
    match v.map(|v| v.to_string_val()) {
        None => Value::unknown("status is required but missing"),
        Some(Ok(s)) => Value::Known(s.to_uppercase()),
        Some(Err(e)) => Value::Unknown(super::reason(&e)),
    }
}

/// One `aws_guardduty_detector_feature`.
fn feature(f: &Instance) -> Option<Feature> {
    let name = super::known_str(get(f, "name"))?;
    let additional_configuration = blocks(get(f, "additional_configuration"))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|c| {
            Some(AdditionalConfiguration {
                name: super::known_str(field(c, "name"))?,
                status: status(field(c, "status")),
            })
        })
        .collect();
    Some(Feature {
        name,
        status: status(get(f, "status")),
        additional_configuration,
    })
}

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let features = idx.of("aws_guardduty_detector_feature");
    for &i in idx.of("aws_guardduty_detector") {
        let status = bool_or(get(i, "enable"), true)
            .map(|on| if on { "ENABLED" } else { "DISABLED" }.to_string());
        let mut declared = datasources(i);
        let mut doubt = None;
        for &f in features {
            match parent(f, "detector_id") {
                Parent::Known(id) if id == i.address => {
                    if let Some(feat) = feature(f) {
                        declared.retain(|d| d.name != feat.name);
                        declared.push(feat);
                    }
                }
                Parent::Unknown(why) => doubt = Some(why),
                _ => {}
            }
        }
        let features = match doubt {
            Some(why) if declared.is_empty() => Value::Unknown(why),
            _ => Value::Known(declared_features(declared)),
        };
        let mut r = regional(
            i,
            Attributes::GuardDutyRegion(RegionStatus {
                detectors: Value::Known(vec![Detector {
                    detector_id: i.address.clone(),
                    status,
                    features,
                }]),
            }),
        );
        locate(&mut r, "detectors", i, "enable");
        out.push(r);
    }
}
