//! Security Hub, per region: `DescribeHub`, then `GetEnabledStandards` when the hub is on.
//! `InvalidAccessException` "not subscribed" is how AWS says Security Hub is off, so it is a
//! known `false`, not an error.

use std::sync::Arc;

use cloudward_model::securityhub::{RegionStatus, Standard};
use cloudward_model::{Attributes, Value};

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Whether an error is AWS's "this account is not subscribed to Security Hub".
fn is_not_subscribed(err: &ApiError) -> bool {
    err.is_code("InvalidAccessException")
        && err.message.to_ascii_lowercase().contains("not subscribed")
}

/// Collect one region into a `SecurityHubRegion` resource.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_securityhub, &ctx.config);
    let (enabled, hub_arn) = match ctx.call("DescribeHub", client.describe_hub().send()).await {
        Ok(out) => (Value::Known(true), out.hub_arn().map(str::to_string)),
        Err(err) if is_not_subscribed(&err) => (Value::Known(false), None),
        Err(err) => (ctx.failed(&err), None),
    };
    let enabled_standards = match enabled.known() {
        Some(true) => standards(ctx, &client).await,
        Some(false) => Value::Known(Vec::new()),
        None => Value::Unknown(enabled.unknown_reason().unwrap_or_default().to_string()),
    };
    let region = ctx.arn_region().to_string();
    ctx.push(ctx.resource(
        crate::arn::arn(
            ctx.partition(),
            "securityhub",
            &region,
            ctx.account(),
            "hub/default",
        ),
        region,
        Attributes::SecurityHubRegion(RegionStatus {
            enabled,
            hub_arn,
            enabled_standards,
        }),
    ));
}

/// The subscribed standards (`GetEnabledStandards`, paginated).
async fn standards(
    ctx: &CollectContext,
    client: &aws_sdk_securityhub::Client,
) -> Value<Vec<Standard>> {
    let listed = paginate(ctx, "GetEnabledStandards", |token| async move {
        let out = ctx
            .call(
                "GetEnabledStandards",
                client.get_enabled_standards().set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.standards_subscriptions().to_vec(),
        })
    })
    .await;
    match listed {
        Err(err) => ctx.failed(&err),
        Ok(subs) => {
            let mut list: Vec<Standard> = subs
                .iter()
                .filter_map(|s| {
                    Some(Standard {
                        standards_arn: s.standards_arn()?.to_string(),
                        standards_status: match s.standards_status() {
                            Some(st) => Value::Known(st.as_str().to_string()),
                            None => {
                                Value::unknown("GetEnabledStandards returned no StandardsStatus")
                            }
                        },
                    })
                })
                .collect();
            list.sort_by(|a, b| a.standards_arn.cmp(&b.standards_arn));
            Value::Known(list)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudward_model::ErrorKind;

    fn err(code: &str, message: &str) -> ApiError {
        ApiError {
            service: "securityhub",
            api: "DescribeHub",
            region: Some("us-east-1".into()),
            kind: ErrorKind::Other,
            code: Some(code.into()),
            message: message.into(),
            detail: None,
            subject: None,
            short_circuited: false,
        }
    }

    #[test]
    fn not_subscribed_is_known_off_other_errors_are_not() {
        assert!(is_not_subscribed(&err(
            "InvalidAccessException",
            "Account 123456789012 is not subscribed to AWS Security Hub"
        )));
        assert!(!is_not_subscribed(&err(
            "InvalidAccessException",
            "something else"
        )));
        assert!(!is_not_subscribed(&err(
            "AccessDeniedException",
            "not subscribed"
        )));
    }
}
