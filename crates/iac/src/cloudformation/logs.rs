//! `AWS::Logs::LogGroup` (no `RetentionInDays` = never expire; no `KmsKeyId` = keys CloudWatch
//! Logs manages). The group's `log_group_arn` is `<LogicalId>.Arn`, which is what a trail's
//! `CloudWatchLogsLogGroupArn: !GetAtt <LogicalId>.Arn` resolves to.

use cloudward_model::logs::LogGroup;
use cloudward_model::{Attributes, Value};

use super::kms::optional_id;
use super::{locations, Template};

pub(crate) fn adapt(t: &mut Template<'_>) {
    let groups: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::Logs::LogGroup")
        .collect();
    for i in groups {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("LogGroupName");
        let retention = match p.get("RetentionInDays").map(|v| v.integer()) {
            None => Value::Known(None),
            Some(Ok(days)) => match i32::try_from(days) {
                Ok(d) => Value::Known(Some(d)),
                Err(_) => Value::unknown(format!("RetentionInDays {days} is out of range")),
            },
            Some(Err(why)) => Value::Unknown(format!("RetentionInDays: {why}")),
        };
        let group = LogGroup {
            log_group_name: name.clone(),
            log_group_arn: format!("{}.Arn", decl.logical_id),
            retention_in_days: retention,
            kms_key_id: optional_id(p, "KmsKeyId"),
            log_group_class: p
                .get("LogGroupClass")
                .and_then(|c| c.string().ok())
                .or(Some("STANDARD".into())),
        };
        let locs = locations(
            t,
            [
                (
                    "retention_in_days".to_string(),
                    p.key_pos("RetentionInDays"),
                ),
                ("kms_key_id".to_string(), p.key_pos("KmsKeyId")),
            ],
        );
        t.push(i, name, Attributes::LogsLogGroup(group), locs);
    }
}
