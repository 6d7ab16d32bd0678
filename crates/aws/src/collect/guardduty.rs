//! GuardDuty, per region: `ListDetectors`, then `GetDetector` for each status.

use std::sync::Arc;

use cloudward_model::guardduty::{Detector, RegionStatus};
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
                let status = match ctx
                    .call_on(
                        &format!("detector {id}"),
                        "GetDetector",
                        client.get_detector().detector_id(&id).send(),
                    )
                    .await
                {
                    Ok(out) => match out.status() {
                        Some(s) => Value::Known(s.as_str().to_string()),
                        None => Value::unknown("GetDetector returned no Status"),
                    },
                    Err(err) => ctx.failed(&err),
                };
                Detector {
                    detector_id: id,
                    status,
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
