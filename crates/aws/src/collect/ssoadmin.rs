//! IAM Identity Center: `sso-admin:ListInstances` in every collected region (an instance
//! lives in one region, its home), gathered into one account-level resource.

use std::sync::Arc;

use cloudward_model::ssoadmin::{Instance, Instances};
use cloudward_model::{Attributes, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the instances visible from the account.
pub(crate) async fn collect(ctx: Arc<CollectContext>, regions: Vec<String>) {
    let listings = join_all(regions.iter().map(|region| {
        let regional = CollectContext::new(ctx.shared.clone(), "ssoadmin", Some(region.clone()));
        async move {
            let client = crate::config::client!(aws_sdk_ssoadmin, &regional.config);
            let (c, r) = (&client, &regional);
            let listed = paginate(r, "ListInstances", |token| async move {
                let out = r
                    .call(
                        "ListInstances",
                        c.list_instances().set_next_token(token).send(),
                    )
                    .await?;
                Ok::<_, ApiError>(Page {
                    next: out.next_token().map(str::to_string),
                    items: out.instances().to_vec(),
                })
            })
            .await;
            match listed {
                Ok(list) => Ok(list
                    .iter()
                    .map(|i| Instance {
                        instance_arn: i.instance_arn().unwrap_or_default().to_string(),
                        identity_store_id: i.identity_store_id().unwrap_or_default().to_string(),
                        owner_account_id: i.owner_account_id().unwrap_or_default().to_string(),
                        status: i
                            .status()
                            .map(|s| s.as_str().to_string())
                            .unwrap_or_default(),
                        region: region.clone(),
                    })
                    .collect::<Vec<_>>()),
                Err(err) => Err(regional.failed::<()>(&err)),
            }
        }
    }))
    .await;
    let mut found = Vec::new();
    let mut unread = Vec::new();
    for listing in listings {
        match listing {
            Ok(list) => found.extend(list),
            Err(unknown) => unread.push(unknown.unknown_reason().unwrap_or_default().to_string()),
        }
    }
    found.sort_by(|a, b| a.instance_arn.cmp(&b.instance_arn));
    // One instance found is enough to know; none found is known only if every region answered.
    let instances = if !found.is_empty() || unread.is_empty() {
        Value::Known(found)
    } else {
        Value::Unknown(unread.join("; "))
    };
    ctx.push(ctx.resource(
        format!(
            "arn:{}:sso:::account/{}/instances",
            ctx.partition(),
            ctx.account()
        ),
        ctx.account().to_string(),
        Attributes::SsoAdminInstances(Instances {
            account_id: ctx.account().to_string(),
            instances,
        }),
    ));
}
