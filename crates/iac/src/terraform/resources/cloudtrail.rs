//! CloudTrail: `aws_cloudtrail`, with the provider's defaults (`enable_logging` true,
//! `include_global_service_events` true, no event selectors = all management events).

use cloudward_model::cloudtrail::{ManagementEvents, Trail};
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
            management_events: management_events(i),
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
        ] {
            if i.locs.contains_key(tf) {
                locate(&mut r, model, i, tf);
            }
        }
        out.push(r);
    }
}

/// Basic selectors (`read_write_type`, `include_management_events`) or advanced selectors
/// (`eventCategory = Management`, optional `readOnly`); none at all records every management
/// event.
fn management_events(i: &Instance) -> Value<ManagementEvents> {
    let basic = match blocks(get(i, "event_selector")) {
        Ok(b) => b,
        Err(e) => return Value::Unknown(e),
    };
    let advanced = match blocks(get(i, "advanced_event_selector")) {
        Ok(b) => b,
        Err(e) => return Value::Unknown(e),
    };
    if basic.is_empty() && advanced.is_empty() {
        return Value::Known(ManagementEvents {
            read: true,
            write: true,
        });
    }
    let mut me = ManagementEvents::default();
    for s in basic {
        match bool_or(field(s, "include_management_events"), true) {
            Value::Known(false) => continue,
            Value::Known(true) => {}
            Value::Unknown(r) => return Value::Unknown(r),
        }
        match field(s, "read_write_type").map(Val::to_string_val) {
            None => {
                me.read = true;
                me.write = true;
            }
            Some(Ok(t)) => {
                me.read |= t == "All" || t == "ReadOnly";
                me.write |= t == "All" || t == "WriteOnly";
            }
            Some(Err(e)) => return Value::Unknown(reason(&e)),
        }
    }
    for s in advanced {
        let fields = match blocks(field(s, "field_selector")) {
            Ok(f) => f,
            Err(e) => return Value::Unknown(e),
        };
        let mut management = false;
        let mut read_only: Option<Vec<String>> = None;
        for f in fields {
            let name = known_str(field(f, "field")).unwrap_or_default();
            let equals = match str_list(field(f, "equals")) {
                Ok(e) => e,
                Err(e) => return Value::Unknown(e),
            };
            match name.as_str() {
                "eventCategory" => management = equals.iter().any(|e| e == "Management"),
                "readOnly" => read_only = Some(equals),
                _ => {}
            }
        }
        if !management {
            continue;
        }
        match read_only {
            None => {
                me.read = true;
                me.write = true;
            }
            Some(values) => {
                me.read |= values.iter().any(|v| v == "true");
                me.write |= values.iter().any(|v| v == "false");
            }
        }
    }
    Value::Known(me)
}
