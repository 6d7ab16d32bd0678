//! OpenSearch Service, per region: `ListDomainNames` (OpenSearch and Elasticsearch engines),
//! then `DescribeDomains` in batches of five (the API's limit), concurrently. A batch that
//! fails keeps its domains, every judged attribute Unknown with the reason.

use std::collections::HashMap;
use std::sync::Arc;

use aws_sdk_opensearch::types::{DomainStatus, LogType};
use cloudward_model::opensearch::Domain;
use cloudward_model::policy::PolicyDocument;
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::context::CollectContext;

/// `DescribeDomains` accepts at most this many names per call.
const BATCH: usize = 5;

/// Collect the domains of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_opensearch, &ctx.config);
    let client = &client;
    let names: Vec<String> = match ctx
        .call("ListDomainNames", client.list_domain_names().send())
        .await
    {
        Ok(out) => out
            .domain_names()
            .iter()
            .filter_map(|d| d.domain_name().map(str::to_string))
            .collect(),
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::OpensearchDomain]);
            return;
        }
    };
    let batches: Vec<Vec<String>> = names.chunks(BATCH).map(<[String]>::to_vec).collect();
    join_all(batches.into_iter().map(|batch| async move {
        let subject = format!("domains {}", batch.join(", "));
        let described = ctx
            .call_on(
                &subject,
                "DescribeDomains",
                client
                    .describe_domains()
                    .set_domain_names(Some(batch.clone()))
                    .send(),
            )
            .await;
        match described {
            Ok(out) => {
                let mut by_name: HashMap<String, DomainStatus> = out
                    .domain_status_list()
                    .iter()
                    .map(|d| (d.domain_name().to_string(), d.clone()))
                    .collect();
                for name in batch {
                    match by_name.remove(&name) {
                        Some(status) => push(ctx, domain(&status)),
                        None => push(
                            ctx,
                            unknown(
                                ctx,
                                &name,
                                format!("DescribeDomains did not return domain {name}"),
                            ),
                        ),
                    }
                }
            }
            Err(err) => {
                let reason = ctx
                    .failed::<()>(&err)
                    .unknown_reason()
                    .unwrap_or_default()
                    .to_string();
                for name in batch {
                    push(ctx, unknown(ctx, &name, reason.clone()));
                }
            }
        }
    }))
    .await;
}

fn push(ctx: &CollectContext, d: Domain) {
    let arn = d.arn.clone();
    let name = d.domain_name.clone();
    ctx.push(ctx.resource(arn, name, Attributes::OpensearchDomain(d)));
}

/// A listed domain that could not be described.
fn unknown(ctx: &CollectContext, name: &str, reason: String) -> Domain {
    Domain {
        domain_name: name.to_string(),
        arn: crate::arn::arn(
            ctx.partition(),
            "es",
            ctx.arn_region(),
            ctx.account(),
            &format!("domain/{name}"),
        ),
        engine_version: None,
        encryption_at_rest_enabled: Value::Unknown(reason.clone()),
        node_to_node_encryption_enabled: Value::Unknown(reason.clone()),
        enforce_https: Value::Unknown(reason.clone()),
        tls_security_policy: Value::Unknown(reason.clone()),
        vpc_subnet_ids: Value::Unknown(reason.clone()),
        access_policies: Value::Unknown(reason.clone()),
        fine_grained_access_control_enabled: Value::Unknown(reason.clone()),
        audit_logs_enabled: Value::Unknown(reason),
    }
}

fn domain(d: &DomainStatus) -> Domain {
    let endpoint = d.domain_endpoint_options();
    Domain {
        domain_name: d.domain_name().to_string(),
        arn: d.arn().to_string(),
        engine_version: d.engine_version().map(str::to_string),
        encryption_at_rest_enabled: Value::Known(
            d.encryption_at_rest_options()
                .and_then(|o| o.enabled())
                .unwrap_or(false),
        ),
        node_to_node_encryption_enabled: Value::Known(
            d.node_to_node_encryption_options()
                .and_then(|o| o.enabled())
                .unwrap_or(false),
        ),
        enforce_https: Value::Known(endpoint.and_then(|e| e.enforce_https()).unwrap_or(false)),
        tls_security_policy: Value::Known(
            endpoint
                .and_then(|e| e.tls_security_policy())
                .map(|p| p.as_str().to_string()),
        ),
        vpc_subnet_ids: Value::Known(
            d.vpc_options()
                .filter(|v| v.vpc_id().is_some() || !v.subnet_ids().is_empty())
                .map(|v| v.subnet_ids().to_vec()),
        ),
        access_policies: match d.access_policies().map(str::trim) {
            None | Some("") => Value::Known(None),
            Some(text) => match PolicyDocument::parse(text) {
                Ok(doc) => Value::Known(Some(doc)),
                Err(e) => {
                    Value::unknown(format!("the domain access policy is not valid JSON: {e}"))
                }
            },
        },
        fine_grained_access_control_enabled: Value::Known(
            d.advanced_security_options()
                .and_then(|o| o.enabled())
                .unwrap_or(false),
        ),
        audit_logs_enabled: Value::Known(
            d.log_publishing_options()
                .and_then(|m| m.get(&LogType::AuditLogs))
                .and_then(|o| o.enabled())
                .unwrap_or(false),
        ),
    }
}
