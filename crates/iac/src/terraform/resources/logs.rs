//! CloudWatch Logs: `aws_cloudwatch_log_group` (`retention_in_days` 0 or unset = never
//! expire; no `kms_key_id` = keys CloudWatch Logs manages). The group's ARN is
//! `<address>.arn`, which is what a trail's `cloud_watch_logs_group_arn =
//! "${aws_cloudwatch_log_group.x.arn}:*"` resolves to (the `:*` is ignored when joining).

use cloudward_model::logs::LogGroup;
use cloudward_model::{Attributes, Resource, Value};

use super::kms::key_reference;
use super::{get, known_str, locate, opt_int, resource, Index};

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_cloudwatch_log_group") {
        let name = known_str(get(i, "name")).unwrap_or_else(|| i.address.clone());
        let retention = match opt_int(get(i, "retention_in_days")) {
            Value::Known(Some(0)) | Value::Known(None) => Value::Known(None),
            Value::Known(Some(days)) => match i32::try_from(days) {
                Ok(d) => Value::Known(Some(d)),
                Err(_) => Value::unknown(format!("retention_in_days {days} is out of range")),
            },
            Value::Unknown(r) => Value::Unknown(r),
        };
        let group = LogGroup {
            log_group_name: name.clone(),
            log_group_arn: format!("{}.arn", i.address),
            retention_in_days: retention,
            kms_key_id: key_reference(get(i, "kms_key_id")),
            log_group_class: known_str(get(i, "log_group_class")).or(Some("STANDARD".into())),
        };
        let mut r = resource(i, name, Attributes::LogsLogGroup(group));
        for (model, tf) in [
            ("retention_in_days", "retention_in_days"),
            ("kms_key_id", "kms_key_id"),
        ] {
            if i.locs.contains_key(tf) {
                locate(&mut r, model, i, tf);
            }
        }
        out.push(r);
    }
}
