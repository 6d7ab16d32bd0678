//! Amazon Route 53 Domains, global: `ListDomains` in us-east-1 (the only region that answers
//! it), whose summaries carry each domain's transfer lock and auto-renew settings.

use std::sync::Arc;

use cloudward_model::route53::Domain;
use cloudward_model::{Attributes, ResourceKind, Value};

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the registered domains of the account.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let config = crate::config::in_region(&ctx.config, "us-east-1");
    let client = crate::config::client!(aws_sdk_route53domains, &config);
    let client = &client;
    let listed = paginate(ctx, "ListDomains", |marker| async move {
        let out = ctx
            .call(
                "ListDomains",
                client.list_domains().set_marker(marker).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_page_marker().map(str::to_string),
            items: out.domains().to_vec(),
        })
    })
    .await;
    let domains = match listed {
        Ok(d) => d,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::Route53domainsDomain]);
            return;
        }
    };
    for d in domains {
        let Some(name) = d.domain_name() else {
            continue;
        };
        let missing =
            |field: &str| Value::unknown(format!("ListDomains returned no {field} for {name}"));
        let domain = Domain {
            domain_name: name.to_string(),
            transfer_lock: d
                .transfer_lock()
                .map_or_else(|| missing("TransferLock"), Value::Known),
            auto_renew: d
                .auto_renew()
                .map_or_else(|| missing("AutoRenew"), Value::Known),
        };
        let arn = crate::arn::arn(
            ctx.partition(),
            "route53domains",
            "",
            ctx.account(),
            &format!("domain/{name}"),
        );
        ctx.push(ctx.resource(
            arn,
            name.to_string(),
            Attributes::Route53domainsDomain(domain),
        ));
    }
}
