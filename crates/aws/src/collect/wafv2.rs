//! AWS WAF (WAFv2) web ACLs, per region: `ListWebACLs` with `Scope=REGIONAL` (and, in
//! us-east-1, `Scope=CLOUDFRONT`, where CloudFront web ACLs live), then for each web ACL,
//! concurrently, `GetWebACL` (rules, default action, metrics), `GetLoggingConfiguration`
//! (`WAFNonexistentItemException` is "no logging", a Known answer) and, for regional web
//! ACLs, `ListResourcesForWebACL` once per resource type (the API answers for one type at a
//! time and defaults to Application Load Balancers). CloudFront distributions name their web
//! ACL themselves (`ListDistributionsByWebACLId` in the CloudFront API), so a CloudFront web
//! ACL's associations are Unknown here.

use std::sync::Arc;

use aws_sdk_wafv2::types::{ResourceType, Rule, Scope, WebAcl as SdkWebAcl, WebAclSummary};
use cloudward_model::wafv2::{WebAcl, WebAclRule};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// The regional resource types a web ACL can protect (`ListResourcesForWebACL`).
const RESOURCE_TYPES: &[ResourceType] = &[
    ResourceType::ApplicationLoadBalancer,
    ResourceType::ApiGateway,
    ResourceType::Appsync,
    ResourceType::CognitioUserPool,
    ResourceType::AppRunnerService,
    ResourceType::VerifiedAccessInstance,
    ResourceType::Amplify,
];

/// Collect the web ACLs of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_wafv2, &ctx.config);
    let client = &client;
    let mut scopes = vec![Scope::Regional];
    if ctx.region.as_deref() == Some("us-east-1") {
        scopes.push(Scope::Cloudfront);
    }
    let listed = join_all(scopes.into_iter().map(|scope| async move {
        let s = &scope;
        let acls = paginate(ctx, "ListWebACLs", |token| async move {
            let out = ctx
                .call(
                    "ListWebACLs",
                    client
                        .list_web_acls()
                        .scope(s.clone())
                        .limit(100)
                        .set_next_marker(token)
                        .send(),
                )
                .await?;
            Ok::<_, ApiError>(Page {
                // WAF hands back a marker even on the last page; an empty page ends it.
                next: if out.web_acls().is_empty() {
                    None
                } else {
                    out.next_marker().map(str::to_string)
                },
                items: out.web_acls().to_vec(),
            })
        })
        .await;
        (scope, acls)
    }))
    .await;
    for (scope, acls) in listed {
        match acls {
            Err(err) => ctx.listing_failed(&err, &[ResourceKind::Wafv2WebAcl]),
            Ok(acls) => {
                let scope = &scope;
                join_all(acls.iter().map(|summary| async move {
                    if let Some(acl) = describe(ctx, client, scope, summary).await {
                        let arn = acl.arn.clone();
                        let name = acl.name.clone();
                        ctx.push(ctx.resource(arn, name, Attributes::Wafv2WebAcl(acl)));
                    }
                }))
                .await;
            }
        }
    }
}

async fn describe(
    ctx: &CollectContext,
    client: &aws_sdk_wafv2::Client,
    scope: &Scope,
    summary: &WebAclSummary,
) -> Option<WebAcl> {
    let name = summary.name()?.to_string();
    let id = summary.id()?.to_string();
    let arn = summary.arn()?.to_string();
    let subject = format!("web ACL {name}");
    let subject = subject.as_str();
    let detail = ctx.call_on(
        subject,
        "GetWebACL",
        client
            .get_web_acl()
            .name(&name)
            .id(&id)
            .scope(scope.clone())
            .send(),
    );
    let logging = async {
        match ctx
            .call_on(
                subject,
                "GetLoggingConfiguration",
                client.get_logging_configuration().resource_arn(&arn).send(),
            )
            .await
        {
            Ok(out) => Value::Known(out.logging_configuration().is_some()),
            Err(err) if err.is_code("WAFNonexistentItemException") => Value::Known(false),
            Err(err) => ctx.failed(&err),
        }
    };
    let associated = async {
        if *scope == Scope::Cloudfront {
            return Value::unknown(
                "a CloudFront web ACL's distributions are recorded on the distributions \
                 (CloudFront ListDistributionsByWebACLId), not by AWS WAF",
            );
        }
        let answers = join_all(RESOURCE_TYPES.iter().map(|t| {
            ctx.call_on(
                subject,
                "ListResourcesForWebACL",
                client
                    .list_resources_for_web_acl()
                    .web_acl_arn(&arn)
                    .resource_type(t.clone())
                    .send(),
            )
        }))
        .await;
        let mut arns: Vec<String> = Vec::new();
        let mut failure: Option<Value<Vec<String>>> = None;
        for answer in answers {
            match answer {
                Ok(out) => arns.extend(out.resource_arns().iter().cloned()),
                Err(err) => failure = failure.or(Some(ctx.failed(&err))),
            }
        }
        arns.sort();
        arns.dedup();
        match failure {
            // One protected resource is enough to know it is associated; the list may then
            // miss the resource types that could not be read.
            Some(unknown) if arns.is_empty() => unknown,
            _ => Value::Known(arns),
        }
    };
    let (detail, logging_enabled, associated_resources) = tokio::join!(detail, logging, associated);
    let mut acl = WebAcl {
        name,
        id,
        arn,
        scope: scope.as_str().to_string(),
        logging_enabled,
        associated_resources,
        ..Default::default()
    };
    match detail {
        Ok(out) => match out.web_acl() {
            Some(w) => fill(&mut acl, w),
            None => {
                let reason = "GetWebACL returned no web ACL".to_string();
                acl.default_action = Value::Unknown(reason.clone());
                acl.rules = Value::Unknown(reason.clone());
                acl.cloudwatch_metrics_enabled = Value::Unknown(reason);
            }
        },
        Err(err) => {
            let unknown: Value<bool> = ctx.failed(&err);
            let reason = unknown.unknown_reason().unwrap_or_default().to_string();
            acl.default_action = Value::Unknown(reason.clone());
            acl.rules = Value::Unknown(reason);
            acl.cloudwatch_metrics_enabled = unknown;
        }
    }
    Some(acl)
}

fn fill(acl: &mut WebAcl, w: &SdkWebAcl) {
    acl.default_action = match w.default_action() {
        Some(a) if a.block().is_some() => Value::Known("BLOCK".into()),
        Some(a) if a.allow().is_some() => Value::Known("ALLOW".into()),
        _ => Value::unknown("GetWebACL returned no default action"),
    };
    acl.cloudwatch_metrics_enabled = match w.visibility_config() {
        Some(v) => Value::Known(v.cloud_watch_metrics_enabled()),
        None => Value::unknown("GetWebACL returned no visibility configuration"),
    };
    acl.rules = Value::Known(w.rules().iter().map(rule).collect());
}

fn rule(r: &Rule) -> WebAclRule {
    let statement = r.statement();
    let managed = statement.and_then(|s| s.managed_rule_group_statement());
    let kind = match statement {
        Some(s) if s.rate_based_statement().is_some() => "rate_based",
        Some(_) if managed.is_some() => "managed_rule_group",
        Some(s) if s.rule_group_reference_statement().is_some() => "rule_group_reference",
        _ => "other",
    };
    WebAclRule {
        name: r.name().to_string(),
        priority: r.priority(),
        statement: kind.to_string(),
        managed_rule_group_vendor: managed.map(|m| m.vendor_name().to_string()),
        managed_rule_group_name: managed.map(|m| m.name().to_string()),
        action: r.action().and_then(|a| {
            Some(
                if a.block().is_some() {
                    "BLOCK"
                } else if a.allow().is_some() {
                    "ALLOW"
                } else if a.count().is_some() {
                    "COUNT"
                } else if a.captcha().is_some() {
                    "CAPTCHA"
                } else if a.challenge().is_some() {
                    "CHALLENGE"
                } else {
                    return None;
                }
                .to_string(),
            )
        }),
        override_action: r.override_action().and_then(|o| {
            if o.count().is_some() {
                Some("COUNT".to_string())
            } else if o.none().is_some() {
                Some("NONE".to_string())
            } else {
                None
            }
        }),
        cloudwatch_metrics_enabled: r
            .visibility_config()
            .is_some_and(|v| v.cloud_watch_metrics_enabled()),
    }
}
