//! AWS Config, per region: `DescribeConfigurationRecorders` joined by name with
//! `DescribeConfigurationRecorderStatus`.

use std::sync::Arc;

use cloudward_model::config::{Recorder, RegionStatus};
use cloudward_model::{Attributes, Value};

use crate::context::CollectContext;

/// Collect the recorders of one region into a `ConfigRegion` resource.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_config, &ctx.config);
    let (recorders, statuses) = tokio::join!(
        ctx.call(
            "DescribeConfigurationRecorders",
            client.describe_configuration_recorders().send()
        ),
        ctx.call(
            "DescribeConfigurationRecorderStatus",
            client.describe_configuration_recorder_status().send()
        ),
    );
    let recorders = match recorders {
        Err(err) => ctx.failed(&err),
        Ok(out) => {
            let statuses = statuses.map_err(|err| ctx.failed::<bool>(&err));
            let mut list: Vec<Recorder> = out
                .configuration_recorders()
                .iter()
                .map(|r| {
                    let name = r.name().unwrap_or_default().to_string();
                    let status = statuses.as_ref().map(|s| {
                        s.configuration_recorders_status()
                            .iter()
                            .find(|st| st.name() == Some(name.as_str()))
                    });
                    let group = r.recording_group();
                    // Absent booleans in a recording group mean false (the API's default).
                    let group_flag = |v: Option<bool>, field: &str| match v {
                        Some(b) => Value::Known(b),
                        None => Value::unknown(format!(
                            "recorder {name} has no recordingGroup (so no {field})"
                        )),
                    };
                    Recorder {
                        all_supported: group_flag(group.map(|g| g.all_supported()), "allSupported"),
                        include_global_resource_types: group_flag(
                            group.map(|g| g.include_global_resource_types()),
                            "includeGlobalResourceTypes",
                        ),
                        recording: match &status {
                            Ok(Some(st)) => Value::Known(st.recording()),
                            Ok(None) => Value::unknown(format!(
                                "DescribeConfigurationRecorderStatus has no status for {name}"
                            )),
                            Err(unknown) => (*unknown).clone(),
                        },
                        last_status: match &status {
                            Ok(Some(st)) => st.last_status().map(|s| s.as_str().to_string()),
                            _ => None,
                        },
                        name,
                    }
                })
                .collect();
            list.sort_by(|a, b| a.name.cmp(&b.name));
            Value::Known(list)
        }
    };
    let region = ctx.arn_region().to_string();
    ctx.push(ctx.resource(
        crate::arn::arn(
            ctx.partition(),
            "config",
            &region,
            ctx.account(),
            "configuration-recorders",
        ),
        region,
        Attributes::ConfigRegion(RegionStatus { recorders }),
    ));
}
