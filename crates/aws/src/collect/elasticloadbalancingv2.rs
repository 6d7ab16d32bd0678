//! Elastic Load Balancing v2 (Application, Network and Gateway Load Balancers), per region:
//! `DescribeLoadBalancers` (`Marker`-paginated), then for each load balancer, concurrently,
//! its listeners (`DescribeListeners`), attributes (`DescribeLoadBalancerAttributes`), target
//! groups (`DescribeTargetGroups` by load balancer) with their registered targets
//! (`DescribeTargetHealth`), and, for Application Load Balancers, the AWS WAF web ACL that
//! protects it (`wafv2:GetWebACLForResource`). A failed detail call makes only what it would
//! have told Unknown.

use std::collections::HashMap;
use std::sync::Arc;

use aws_sdk_elasticloadbalancingv2::types::{
    Action, Listener as SdkListener, LoadBalancer as SdkLoadBalancer, TargetGroup as SdkGroup,
};
use cloudward_model::elb::{Listener, ListenerAction, LoadBalancer, Target, TargetGroup};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the load balancers of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_elasticloadbalancingv2, &ctx.config);
    let waf = crate::config::client!(aws_sdk_wafv2, &ctx.config);
    let (client, waf) = (&client, &waf);
    let listed = paginate(ctx, "DescribeLoadBalancers", |token| async move {
        let out = ctx
            .call(
                "DescribeLoadBalancers",
                client.describe_load_balancers().set_marker(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_marker().map(str::to_string),
            items: out.load_balancers().to_vec(),
        })
    })
    .await;
    let lbs = match listed {
        Ok(lbs) => lbs,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::ElbLoadBalancer]);
            return;
        }
    };
    let tags = &tags(ctx, client, &lbs).await;
    join_all(lbs.iter().map(|lb| async move {
        let model = describe(ctx, client, waf, lb).await;
        let arn = model.load_balancer_arn.clone();
        let name = model.load_balancer_name.clone();
        let mut resource = ctx.resource(arn.clone(), name, Attributes::ElbLoadBalancer(model));
        match tags.get(&arn) {
            Some(Ok(tags)) => resource.set_tags(tags.clone()),
            Some(Err(why)) => resource.tags_unknown = Some(why.clone()),
            None => {
                resource.tags_unknown =
                    Some("DescribeTags did not answer for this load balancer".to_string())
            }
        }
        ctx.push(resource);
    }))
    .await;
}

/// Every load balancer's tags, by ARN: `DescribeTags` takes 20 ARNs a call. A failed call
/// leaves its 20 with the reason.
async fn tags(
    ctx: &CollectContext,
    client: &aws_sdk_elasticloadbalancingv2::Client,
    lbs: &[aws_sdk_elasticloadbalancingv2::types::LoadBalancer],
) -> std::collections::HashMap<String, Result<std::collections::BTreeMap<String, String>, String>> {
    let arns: Vec<String> = lbs
        .iter()
        .filter_map(|lb| lb.load_balancer_arn().map(str::to_string))
        .collect();
    let answers = join_all(arns.chunks(20).map(|chunk| async move {
        let answer = ctx
            .call(
                "DescribeTags",
                client
                    .describe_tags()
                    .set_resource_arns(Some(chunk.to_vec()))
                    .send(),
            )
            .await;
        (chunk, answer)
    }))
    .await;
    let mut by_arn = std::collections::HashMap::new();
    for (chunk, answer) in answers {
        match answer {
            Ok(out) => {
                for d in out.tag_descriptions() {
                    let Some(arn) = d.resource_arn() else {
                        continue;
                    };
                    let tags = d
                        .tags()
                        .iter()
                        .filter_map(|t| {
                            Some((
                                t.key()?.to_string(),
                                t.value().unwrap_or_default().to_string(),
                            ))
                        })
                        .collect();
                    by_arn.insert(arn.to_string(), Ok(tags));
                }
            }
            Err(err) => {
                let failed: Value<()> = ctx.failed(&err);
                let why = failed.get().err().unwrap_or_default();
                for arn in chunk {
                    by_arn.insert(arn.clone(), Err(why.clone()));
                }
            }
        }
    }
    by_arn
}

async fn describe(
    ctx: &CollectContext,
    client: &aws_sdk_elasticloadbalancingv2::Client,
    waf: &aws_sdk_wafv2::Client,
    lb: &SdkLoadBalancer,
) -> LoadBalancer {
    let arn = lb.load_balancer_arn().unwrap_or_default().to_string();
    let name = lb.load_balancer_name().unwrap_or_default().to_string();
    let kind = lb
        .r#type()
        .map(|t| t.as_str().to_string())
        .unwrap_or_default();
    let subject = format!("load balancer {name}");
    let arn_ref = arn.as_str();
    let subject_ref = subject.as_str();
    let listeners = async {
        paginate(ctx, "DescribeListeners", |token| async move {
            let out = ctx
                .call_on(
                    subject_ref,
                    "DescribeListeners",
                    client
                        .describe_listeners()
                        .load_balancer_arn(arn_ref)
                        .set_marker(token)
                        .send(),
                )
                .await?;
            Ok::<_, ApiError>(Page {
                next: out.next_marker().map(str::to_string),
                items: out.listeners().to_vec(),
            })
        })
        .await
    };
    let attributes = ctx.call_on(
        subject_ref,
        "DescribeLoadBalancerAttributes",
        client
            .describe_load_balancer_attributes()
            .load_balancer_arn(arn_ref)
            .send(),
    );
    let groups = async {
        paginate(ctx, "DescribeTargetGroups", |token| async move {
            let out = ctx
                .call_on(
                    subject_ref,
                    "DescribeTargetGroups",
                    client
                        .describe_target_groups()
                        .load_balancer_arn(arn_ref)
                        .set_marker(token)
                        .send(),
                )
                .await?;
            Ok::<_, ApiError>(Page {
                next: out.next_marker().map(str::to_string),
                items: out.target_groups().to_vec(),
            })
        })
        .await
    };
    let is_alb = kind == "application";
    let web_acl = async {
        if !is_alb {
            return Value::Known(None);
        }
        match ctx
            .call_on(
                subject_ref,
                "GetWebACLForResource",
                waf.get_web_acl_for_resource().resource_arn(arn_ref).send(),
            )
            .await
        {
            Ok(out) => Value::Known(out.web_acl().map(|w| w.arn().to_string())),
            // AWS answers "no web ACL" with an empty body, but an ALB deleted between the
            // listing and this call is WAFNonexistentItemException: still no web ACL.
            Err(err) if err.is_code("WAFNonexistentItemException") => Value::Known(None),
            Err(err) => ctx.failed(&err),
        }
    };
    let (listeners, attributes, groups, web_acl_arn) =
        tokio::join!(listeners, attributes, groups, web_acl);
    let attrs: Result<HashMap<String, String>, Value<bool>> = match attributes {
        Ok(out) => Ok(out
            .attributes()
            .iter()
            .filter_map(|a| Some((a.key()?.to_string(), a.value()?.to_string())))
            .collect()),
        Err(err) => Err(ctx.failed(&err)),
    };
    let flag = |key: &str, absent: Value<bool>| -> Value<bool> {
        match &attrs {
            Ok(map) => match map.get(key).map(String::as_str) {
                Some("true") => Value::Known(true),
                Some("false") => Value::Known(false),
                Some(other) => Value::unknown(format!("attribute {key} is {other:?}")),
                None => absent,
            },
            Err(unknown) => unknown.clone(),
        }
    };
    fn not_applicable<T>(what: &str) -> Value<T> {
        Value::unknown(format!("{what} applies to Application Load Balancers only"))
    }
    let desync_mitigation_mode = match &attrs {
        Ok(map) => match map.get("routing.http.desync_mitigation_mode") {
            Some(mode) => Value::Known(mode.clone()),
            None if is_alb => {
                Value::unknown("DescribeLoadBalancerAttributes returned no desync mitigation mode")
            }
            None => not_applicable("desync mitigation mode"),
        },
        Err(unknown) => Value::Unknown(unknown.unknown_reason().unwrap_or_default().to_string()),
    };
    let target_groups = match groups {
        // Filtered by load balancer, "not found" means it forwards to none.
        Err(err) if err.is_code("TargetGroupNotFound") => Value::Known(Vec::new()),
        Ok(groups) => Value::Known(
            join_all(
                groups
                    .iter()
                    .map(|g| target_group(ctx, client, subject_ref, g)),
            )
            .await,
        ),
        Err(err) => ctx.failed(&err),
    };
    LoadBalancer {
        load_balancer_arn: arn.clone(),
        load_balancer_name: name,
        load_balancer_type: kind.clone(),
        scheme: lb
            .scheme()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        vpc_id: lb.vpc_id().map(str::to_string),
        availability_zones: Value::Known(
            lb.availability_zones()
                .iter()
                .filter_map(|z| z.zone_name().map(str::to_string))
                .collect(),
        ),
        subnet_ids: lb
            .availability_zones()
            .iter()
            .filter_map(|z| z.subnet_id().map(str::to_string))
            .collect(),
        security_groups: lb.security_groups().to_vec(),
        listeners: match listeners {
            Ok(list) => Value::Known(list.iter().map(listener).collect()),
            Err(err) => ctx.failed(&err),
        },
        deletion_protection_enabled: flag(
            "deletion_protection.enabled",
            Value::unknown("DescribeLoadBalancerAttributes returned no deletion protection"),
        ),
        access_logs_enabled: flag(
            "access_logs.s3.enabled",
            if kind == "gateway" {
                Value::unknown("Gateway Load Balancers have no access logs")
            } else {
                Value::unknown("DescribeLoadBalancerAttributes returned no access log setting")
            },
        ),
        drop_invalid_header_fields_enabled: flag(
            "routing.http.drop_invalid_header_fields.enabled",
            if is_alb {
                Value::unknown("DescribeLoadBalancerAttributes returned no header setting")
            } else {
                not_applicable("dropping invalid header fields")
            },
        ),
        desync_mitigation_mode,
        cross_zone_enabled: flag(
            "load_balancing.cross_zone.enabled",
            // Application Load Balancers always balance across zones.
            if is_alb {
                Value::Known(true)
            } else {
                Value::unknown("DescribeLoadBalancerAttributes returned no cross-zone setting")
            },
        ),
        web_acl_arn,
        target_groups,
    }
}

async fn target_group(
    ctx: &CollectContext,
    client: &aws_sdk_elasticloadbalancingv2::Client,
    subject: &str,
    g: &SdkGroup,
) -> TargetGroup {
    let arn = g.target_group_arn().unwrap_or_default().to_string();
    let port = g.port();
    let targets = match ctx
        .call_on(
            subject,
            "DescribeTargetHealth",
            client
                .describe_target_health()
                .target_group_arn(&arn)
                .send(),
        )
        .await
    {
        Ok(out) => Value::Known(
            out.target_health_descriptions()
                .iter()
                .filter_map(|d| d.target())
                .filter_map(|t| {
                    Some(Target {
                        id: t.id()?.to_string(),
                        port: t.port().or(port),
                    })
                })
                .collect(),
        ),
        Err(err) => ctx.failed(&err),
    };
    TargetGroup {
        target_group_arn: arn,
        target_group_name: g.target_group_name().unwrap_or_default().to_string(),
        target_type: g
            .target_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        port,
        targets,
    }
}

fn listener(l: &SdkListener) -> Listener {
    Listener {
        listener_arn: l.listener_arn().unwrap_or_default().to_string(),
        port: l.port(),
        protocol: l
            .protocol()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        ssl_policy: Value::Known(l.ssl_policy().map(str::to_string)),
        default_actions: l.default_actions().iter().map(action).collect(),
    }
}

fn action(a: &Action) -> ListenerAction {
    ListenerAction {
        action_type: a
            .r#type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        redirect_protocol: a
            .redirect_config()
            .and_then(|r| r.protocol())
            .map(str::to_string),
    }
}
