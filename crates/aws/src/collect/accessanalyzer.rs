//! IAM Access Analyzer, per region: `ListAnalyzers`.

use std::sync::Arc;

use cloudward_model::accessanalyzer::{Analyzer, RegionStatus};
use cloudward_model::{Attributes, Value};

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the analyzers of one region into an `AccessAnalyzerRegion` resource.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_accessanalyzer, &ctx.config);
    let client = &client;
    let listed = paginate(ctx, "ListAnalyzers", |token| async move {
        let out = ctx
            .call(
                "ListAnalyzers",
                client.list_analyzers().set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out
                .analyzers()
                .iter()
                .map(|a| Analyzer {
                    name: a.name().to_string(),
                    arn: a.arn().to_string(),
                    analyzer_type: a.r#type().as_str().to_string(),
                    status: a.status().as_str().to_string(),
                })
                .collect(),
        })
    })
    .await;
    let analyzers = match listed {
        Ok(mut list) => {
            list.sort_by(|a, b| a.arn.cmp(&b.arn));
            Value::Known(list)
        }
        Err(err) => ctx.failed(&err),
    };
    let region = ctx.arn_region().to_string();
    ctx.push(ctx.resource(
        crate::arn::arn(
            ctx.partition(),
            "access-analyzer",
            &region,
            ctx.account(),
            "analyzers",
        ),
        region,
        Attributes::AccessAnalyzerRegion(RegionStatus { analyzers }),
    ));
}
