//! Systems Manager Parameter Store, per region: `DescribeParameters` only. It gives each
//! parameter's name, type, tier and key; parameter values (`GetParameter`) are never read.

use std::sync::Arc;

use cloudward_model::ssm::Parameter;
use cloudward_model::{Attributes, ResourceKind, Value};

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the parameters of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_ssm, &ctx.config);
    let c = &client;
    let listed = paginate(ctx, "DescribeParameters", |token| async move {
        let out = ctx
            .call(
                "DescribeParameters",
                c.describe_parameters().set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.parameters().to_vec(),
        })
    })
    .await;
    let parameters = match listed {
        Ok(p) => p,
        Err(err) => return ctx.listing_failed(&err, &[ResourceKind::SsmParameter]),
    };
    for p in parameters {
        let Some(name) = p.name().map(str::to_string) else {
            continue;
        };
        let arn = p.arn().map(str::to_string).unwrap_or_else(|| {
            // Parameter ARNs are `parameter/<name without its leading slash>`.
            crate::arn::arn(
                ctx.partition(),
                "ssm",
                ctx.arn_region(),
                ctx.account(),
                &format!("parameter/{}", name.trim_start_matches('/')),
            )
        });
        let r#type = match p.r#type() {
            Some(t) => Value::Known(t.as_str().to_string()),
            None => Value::unknown("DescribeParameters returned no Type"),
        };
        let parameter = Parameter {
            name: name.clone(),
            name_unresolved: None,
            arn: arn.clone(),
            r#type,
            tier: match p.tier() {
                Some(t) => Value::Known(t.as_str().to_string()),
                None => Value::unknown("DescribeParameters returned no Tier"),
            },
            key_id: Value::Known(p.key_id().map(str::to_string)),
            data_type: p.data_type().map(str::to_string),
        };
        ctx.push(ctx.resource(arn, name, Attributes::SsmParameter(parameter)));
    }
}
