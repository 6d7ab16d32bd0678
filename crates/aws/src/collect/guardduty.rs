//! GuardDuty, per region: `ListDetectors`, then `GetDetector` for each status and its
//! protection plans (`Features`).

use std::sync::Arc;

use cloudward_model::guardduty::{AdditionalConfiguration, Detector, Feature, RegionStatus};
use cloudward_model::{Attributes, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the detectors of one region into a `GuardDutyRegion` resource.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_guardduty, &ctx.config);
    let client = &client;
    let listed = paginate(ctx, "ListDetectors", |token| async move {
        let out = ctx
            .call(
                "ListDetectors",
                client.list_detectors().set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.detector_ids().to_vec(),
        })
    })
    .await;
    let detectors = match listed {
        Err(err) => ctx.failed(&err),
        Ok(ids) => {
            let mut list = join_all(ids.into_iter().map(|id| async move {
                let (status, features) = match ctx
                    .call_on(
                        &format!("detector {id}"),
                        "GetDetector",
                        client.get_detector().detector_id(&id).send(),
                    )
                    .await
                {
                    Ok(out) => (
                        match out.status() {
                            Some(s) => Value::Known(s.as_str().to_string()),
                            None => Value::unknown("GetDetector returned no Status"),
                        },
                        Value::Known(out.features().iter().filter_map(feature).collect()),
                    ),
                    Err(err) => {
                        let unknown: Value<String> = ctx.failed(&err);
                        let reason = unknown.unknown_reason().unwrap_or_default().to_string();
                        (unknown, Value::Unknown(reason))
                    }
                };
                Detector {
                    detector_id: id,
                    status,
                    features,
                }
            }))
            .await;
            list.sort_by(|a, b| a.detector_id.cmp(&b.detector_id));
            Value::Known(list)
        }
    };
    let region = ctx.arn_region().to_string();
    ctx.push(ctx.resource(
        crate::arn::arn(
            ctx.partition(),
            "guardduty",
            &region,
            ctx.account(),
            "detectors",
        ),
        region,
        Attributes::GuardDutyRegion(RegionStatus { detectors }),
    ));
}

/// One protection plan; a feature without a name says nothing and is skipped.
fn feature(f: &aws_sdk_guardduty::types::DetectorFeatureConfigurationResult) -> Option<Feature> {
    let status = |s: Option<&aws_sdk_guardduty::types::FeatureStatus>| match s {
        Some(s) => Value::Known(s.as_str().to_string()),
        None => Value::unknown("GetDetector returned a feature without Status"),
    };
    Some(Feature {
        name: f.name()?.as_str().to_string(),
        status: status(f.status()),
        additional_configuration: f
            .additional_configuration()
            .iter()
            .filter_map(|c| {
                Some(AdditionalConfiguration {
                    name: c.name()?.as_str().to_string(),
                    status: status(c.status()),
                })
            })
            .collect(),
    })
}
