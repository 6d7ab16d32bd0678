//! Systems Manager, per region.
//!
//! - Parameter Store: `DescribeParameters` only. It gives each parameter's name, type, tier
//!   and key; parameter values (`GetParameter`) are never read.
//! - The fleet: `DescribeInstanceInformation` (managed nodes) and
//!   `ListResourceComplianceSummaries` for the `Patch` and `Association` compliance types.
//! - Documents the account owns (`ListDocuments` `Owner=Self`) and who they are shared with
//!   (`DescribeDocumentPermission`).

use std::sync::Arc;

use aws_sdk_ssm::types::{
    ComplianceQueryOperatorType, ComplianceStringFilter, DocumentKeyValuesFilter,
    DocumentPermissionType,
};
use cloudward_model::ssm::{ComplianceSummary, Document, Fleet, ManagedInstance, Parameter};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the parameters, the fleet and the documents of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_ssm, &ctx.config);
    tokio::join!(
        parameters(ctx, &client),
        fleet(ctx, &client),
        documents(ctx, &client)
    );
}

/// Parameter Store parameters.
async fn parameters(ctx: &CollectContext, c: &aws_sdk_ssm::Client) {
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

/// The managed nodes and their compliance.
async fn fleet(ctx: &CollectContext, c: &aws_sdk_ssm::Client) {
    let nodes = paginate(ctx, "DescribeInstanceInformation", |token| async move {
        let out = ctx
            .call(
                "DescribeInstanceInformation",
                c.describe_instance_information()
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.instance_information_list().to_vec(),
        })
    });
    let (nodes, patch, association) = tokio::join!(
        nodes,
        compliance(ctx, c, "Patch"),
        compliance(ctx, c, "Association")
    );
    let managed_instances = match nodes {
        Err(err) => ctx.failed(&err),
        Ok(list) => {
            let mut v: Vec<ManagedInstance> = list
                .iter()
                .filter_map(|i| {
                    Some(ManagedInstance {
                        instance_id: i.instance_id()?.to_string(),
                        ping_status: i
                            .ping_status()
                            .map(|p| p.as_str().to_string())
                            .unwrap_or_default(),
                    })
                })
                .collect();
            v.sort_by(|a, b| a.instance_id.cmp(&b.instance_id));
            Value::Known(v)
        }
    };
    let region = ctx.arn_region().to_string();
    ctx.push(ctx.resource(
        crate::arn::arn(
            ctx.partition(),
            "ssm",
            &region,
            ctx.account(),
            "managed-instances",
        ),
        region,
        Attributes::SsmFleet(Fleet {
            managed_instances,
            patch_compliance: patch,
            association_compliance: association,
        }),
    ));
}

/// Per-resource compliance summaries of one compliance type.
async fn compliance(
    ctx: &CollectContext,
    c: &aws_sdk_ssm::Client,
    compliance_type: &'static str,
) -> Value<Vec<ComplianceSummary>> {
    let filter = ComplianceStringFilter::builder()
        .key("ComplianceType")
        .values(compliance_type)
        .r#type(ComplianceQueryOperatorType::Equal)
        .build();
    let f = &filter;
    let listed = paginate(ctx, "ListResourceComplianceSummaries", |token| async move {
        let out = ctx
            .call_on(
                compliance_type,
                "ListResourceComplianceSummaries",
                c.list_resource_compliance_summaries()
                    .filters(f.clone())
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.resource_compliance_summary_items().to_vec(),
        })
    })
    .await;
    match listed {
        Err(err) => ctx.failed(&err),
        Ok(items) => {
            let mut v: Vec<ComplianceSummary> = items
                .iter()
                // The filter asks for one type; an item of another type is not trusted.
                .filter(|i| i.compliance_type().is_none_or(|t| t == compliance_type))
                .filter_map(|i| {
                    Some(ComplianceSummary {
                        resource_id: i.resource_id()?.to_string(),
                        status: i.status()?.as_str().to_string(),
                        non_compliant_count: i
                            .non_compliant_summary()
                            .map_or(0, |n| i64::from(n.non_compliant_count())),
                    })
                })
                .collect();
            v.sort_by(|a, b| a.resource_id.cmp(&b.resource_id));
            Value::Known(v)
        }
    }
}

/// Documents owned by the account, with their share permissions.
async fn documents(ctx: &CollectContext, c: &aws_sdk_ssm::Client) {
    let owner = DocumentKeyValuesFilter::builder()
        .key("Owner")
        .values("Self")
        .build();
    let f = &owner;
    let listed = paginate(ctx, "ListDocuments", |token| async move {
        let out = ctx
            .call(
                "ListDocuments",
                c.list_documents()
                    .filters(f.clone())
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.document_identifiers().to_vec(),
        })
    })
    .await;
    let documents = match listed {
        Ok(d) => d,
        Err(err) => return ctx.listing_failed(&err, &[ResourceKind::SsmDocument]),
    };
    let own = ctx.account();
    join_all(
        documents
            .iter()
            // `Owner=Self` is asked for; a document owned elsewhere is not ours to judge.
            .filter(|d| d.owner().is_none_or(|o| o == own))
            .filter_map(|d| d.name().map(|n| (n.to_string(), d)))
            .map(|(name, d)| async move {
                let subject = format!("document {name}");
                let shared_with = match ctx
                    .call_on(
                        &subject,
                        "DescribeDocumentPermission",
                        c.describe_document_permission()
                            .name(&name)
                            .permission_type(DocumentPermissionType::Share)
                            .send(),
                    )
                    .await
                {
                    Ok(out) => {
                        let mut ids = out.account_ids().to_vec();
                        ids.sort();
                        Value::Known(ids)
                    }
                    Err(err) => ctx.failed(&err),
                };
                let arn = crate::arn::arn(
                    ctx.partition(),
                    "ssm",
                    ctx.arn_region(),
                    ctx.account(),
                    &format!("document/{name}"),
                );
                ctx.push(
                    ctx.resource(
                        arn,
                        name.clone(),
                        Attributes::SsmDocument(Document {
                            name,
                            document_type: d
                                .document_type()
                                .map(|t| t.as_str().to_string())
                                .unwrap_or_default(),
                            shared_with,
                        }),
                    ),
                );
            }),
    )
    .await;
}
