//! CloudTrail: `aws_cloudtrail`, with the provider's defaults (`enable_logging` true,
//! `include_global_service_events` true, no event selectors = all management events).

use cloudward_model::cloudtrail::{BasicSelector, FieldSelector, Selectors, Trail};
use cloudward_model::{Attributes, Resource, Value};

use super::{
    blocks, bool_or, field, get, known_str, locate, name_or_address, opt_str, reason, resource,
    str_list, Index,
};
use crate::terraform::module::Instance;
use crate::terraform::value::Val;

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_cloudtrail") {
        let name = name_or_address(i, "name");
        let trail = Trail {
            name: name.clone(),
            arn: format!("{}.arn", i.address),
            home_region: known_str(Some(&i.region)).unwrap_or_default(),
            is_multi_region_trail: bool_or(get(i, "is_multi_region_trail"), false),
            include_global_service_events: bool_or(get(i, "include_global_service_events"), true),
            is_organization_trail: bool_or(get(i, "is_organization_trail"), false),
            log_file_validation_enabled: bool_or(get(i, "enable_log_file_validation"), false),
            kms_key_id: opt_str(get(i, "kms_key_id")),
            cloud_watch_logs_log_group_arn: opt_str(get(i, "cloud_watch_logs_group_arn")),
            s3_bucket_name: opt_str(get(i, "s3_bucket_name")),
            is_logging: bool_or(get(i, "enable_logging"), true),
            management_events: Value::Known(Default::default()),
            s3_data_events: Value::Known(Default::default()),
        };
        let trail = match selectors(i) {
            Ok(s) => Trail {
                management_events: Value::Known(s.management_events()),
                s3_data_events: Value::Known(s.s3_data_events()),
                ..trail
            },
            Err(e) => Trail {
                management_events: Value::Unknown(e.clone()),
                s3_data_events: Value::Unknown(e),
                ..trail
            },
        };
        let mut r = resource(i, name, Attributes::CloudTrailTrail(trail));
        for (model, tf) in [
            ("is_multi_region_trail", "is_multi_region_trail"),
            (
                "include_global_service_events",
                "include_global_service_events",
            ),
            ("log_file_validation_enabled", "enable_log_file_validation"),
            ("kms_key_id", "kms_key_id"),
            (
                "cloud_watch_logs_log_group_arn",
                "cloud_watch_logs_group_arn",
            ),
            ("s3_bucket_name", "s3_bucket_name"),
            ("is_logging", "enable_logging"),
            ("management_events", "event_selector[0]"),
            ("s3_data_events", "event_selector[0]"),
        ] {
            if i.locs.contains_key(tf) {
                locate(&mut r, model, i, tf);
            }
        }
        out.push(r);
    }
}

/// The trail's `event_selector` and `advanced_event_selector` blocks in the model's neutral
/// shape; none at all is the provider default (all management events).
fn selectors(i: &Instance) -> Result<Selectors, String> {
    let basic = blocks(get(i, "event_selector"))?;
    let advanced = blocks(get(i, "advanced_event_selector"))?;
    if basic.is_empty() && advanced.is_empty() {
        return Ok(Selectors::trail_default());
    }
    let string = |v: Option<&Val>| -> Result<Option<String>, String> {
        v.map(|v| v.to_string_val().map_err(|e| reason(&e)))
            .transpose()
    };
    let mut out = Selectors::default();
    for s in basic {
        let include_management_events = field(s, "include_management_events")
            .map(|v| v.to_bool().map_err(|e| reason(&e)))
            .transpose()?;
        let mut data_resources = Vec::new();
        for d in blocks(field(s, "data_resource"))? {
            let kind = string(field(d, "type"))?.unwrap_or_default();
            data_resources.push((kind, str_list(field(d, "values"))?));
        }
        out.basic.push(BasicSelector {
            read_write_type: string(field(s, "read_write_type"))?,
            include_management_events,
            data_resources,
        });
    }
    for s in advanced {
        let mut fields = Vec::new();
        for f in blocks(field(s, "field_selector"))? {
            fields.push(FieldSelector {
                field: string(field(f, "field"))?.unwrap_or_default(),
                equals: str_list(field(f, "equals"))?,
                starts_with: str_list(field(f, "starts_with"))?,
                ends_with: str_list(field(f, "ends_with"))?,
                not_equals: str_list(field(f, "not_equals"))?,
                not_starts_with: str_list(field(f, "not_starts_with"))?,
                not_ends_with: str_list(field(f, "not_ends_with"))?,
            });
        }
        out.advanced.push(fields);
    }
    Ok(out)
}
