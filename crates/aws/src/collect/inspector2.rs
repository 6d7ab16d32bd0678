//! Amazon Inspector, per region: `BatchGetAccountStatus` for the scanned account (which scan
//! types are on), then `ListFindings` for the active critical findings when it is enabled.

use std::sync::Arc;

use aws_sdk_inspector2::types::{FilterCriteria, State, StringComparison, StringFilter};
use cloudward_model::inspector2::{Finding, RegionStatus};
use cloudward_model::{Attributes, Value};

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect one region into an `Inspector2Region` resource.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_inspector2, &ctx.config);
    let mut region = match ctx
        .call(
            "BatchGetAccountStatus",
            client
                .batch_get_account_status()
                .account_ids(ctx.account())
                .send(),
        )
        .await
    {
        Ok(out) => match out
            .accounts()
            .iter()
            .find(|a| a.account_id() == ctx.account())
        {
            Some(a) => {
                let state = |s: Option<&State>| match s {
                    Some(s) => Value::Known(s.status().as_str().to_string()),
                    None => Value::unknown("BatchGetAccountStatus returned no state"),
                };
                let offered =
                    |s: Option<&State>| Value::Known(s.map(|s| s.status().as_str().to_string()));
                let r = a.resource_state();
                RegionStatus {
                    status: state(a.state()),
                    ec2: state(r.and_then(|r| r.ec2())),
                    ecr: state(r.and_then(|r| r.ecr())),
                    lambda: offered(r.and_then(|r| r.lambda())),
                    lambda_code: offered(r.and_then(|r| r.lambda_code())),
                    critical_findings: Value::Known(Vec::new()),
                }
            }
            None => {
                let why = out
                    .failed_accounts()
                    .first()
                    .map(|f| format!("{:?}", f.error_message()))
                    .unwrap_or_else(|| "the account is not in the answer".into());
                unread(format!("BatchGetAccountStatus: {why}"))
            }
        },
        Err(err) => {
            let unknown: Value<String> = ctx.failed(&err);
            unread(unknown.unknown_reason().unwrap_or_default().to_string())
        }
    };
    if region.status.known().map(String::as_str) == Some("ENABLED") {
        region.critical_findings = critical_findings(ctx, &client).await;
    }
    let name = ctx.arn_region().to_string();
    ctx.push(ctx.resource(
        crate::arn::arn(
            ctx.partition(),
            "inspector2",
            &name,
            ctx.account(),
            "account",
        ),
        name,
        Attributes::Inspector2Region(region),
    ));
}

/// A region whose account status could not be read: every attribute Unknown with `reason`.
fn unread(reason: String) -> RegionStatus {
    RegionStatus {
        status: Value::Unknown(reason.clone()),
        ec2: Value::Unknown(reason.clone()),
        ecr: Value::Unknown(reason.clone()),
        lambda: Value::Unknown(reason.clone()),
        lambda_code: Value::Unknown(reason.clone()),
        critical_findings: Value::Unknown(reason),
    }
}

fn equals(value: &str) -> Option<StringFilter> {
    StringFilter::builder()
        .comparison(StringComparison::Equals)
        .value(value)
        .build()
        .ok()
}

/// The active findings of severity CRITICAL.
async fn critical_findings(
    ctx: &CollectContext,
    client: &aws_sdk_inspector2::Client,
) -> Value<Vec<Finding>> {
    let (Some(critical), Some(active)) = (equals("CRITICAL"), equals("ACTIVE")) else {
        return Value::unknown("the ListFindings filter could not be built");
    };
    let filter = FilterCriteria::builder()
        .severity(critical)
        .finding_status(active)
        .build();
    let f = &filter;
    let listed = paginate(ctx, "ListFindings", |token| async move {
        let out = ctx
            .call(
                "ListFindings",
                client
                    .list_findings()
                    .filter_criteria(f.clone())
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.findings().to_vec(),
        })
    })
    .await;
    match listed {
        Err(err) => ctx.failed(&err),
        Ok(findings) => {
            let mut list = Vec::with_capacity(findings.len());
            for f in &findings {
                let Some(first) = crate::convert::time(f.first_observed_at()) else {
                    return Value::unknown(format!(
                        "finding {} has a FirstObservedAt out of range",
                        f.finding_arn()
                    ));
                };
                list.push(Finding {
                    finding_arn: f.finding_arn().to_string(),
                    title: f.title().unwrap_or_default().to_string(),
                    first_observed_at: first,
                    resource_id: f
                        .resources()
                        .first()
                        .map(|r| r.id().to_string())
                        .unwrap_or_default(),
                });
            }
            list.sort_by(|a, b| a.finding_arn.cmp(&b.finding_arn));
            Value::Known(list)
        }
    }
}
