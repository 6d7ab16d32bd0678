//! Classic Load Balancers, per region: `DescribeLoadBalancers` (`Marker`-paginated), then for
//! each, concurrently, `DescribeLoadBalancerAttributes` (access logs, connection draining,
//! cross-zone, desync mitigation) and `DescribeLoadBalancerPolicies` (which predefined
//! security policy each HTTPS/SSL listener's negotiation policy references). A failed detail
//! call makes only what it would have told Unknown.

use std::collections::HashMap;
use std::sync::Arc;

use aws_sdk_elasticloadbalancing::types::LoadBalancerDescription;
use cloudward_model::elb::{ClassicListener, ClassicLoadBalancer};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// The attribute of an `SSLNegotiationPolicyType` policy naming the predefined policy it copies.
const REFERENCE: &str = "Reference-Security-Policy";

/// Collect the Classic Load Balancers of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_elasticloadbalancing, &ctx.config);
    let client = &client;
    let listed = paginate(ctx, "DescribeLoadBalancers", |token| async move {
        let out = ctx
            .call(
                "DescribeLoadBalancers",
                client.describe_load_balancers().set_marker(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_marker().map(str::to_string),
            items: out.load_balancer_descriptions().to_vec(),
        })
    })
    .await;
    let lbs = match listed {
        Ok(lbs) => lbs,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::ElbClassicLoadBalancer]);
            return;
        }
    };
    join_all(lbs.iter().map(|lb| async move {
        let model = describe(ctx, client, lb).await;
        let arn = model.arn.clone();
        let name = model.load_balancer_name.clone();
        ctx.push(ctx.resource(arn, name, Attributes::ElbClassicLoadBalancer(model)));
    }))
    .await;
}

async fn describe(
    ctx: &CollectContext,
    client: &aws_sdk_elasticloadbalancing::Client,
    lb: &LoadBalancerDescription,
) -> ClassicLoadBalancer {
    let name = lb.load_balancer_name().unwrap_or_default().to_string();
    let subject = format!("load balancer {name}");
    let encrypted = lb.listener_descriptions().iter().any(|l| {
        l.listener()
            .is_some_and(|l| matches!(l.protocol().to_ascii_uppercase().as_str(), "HTTPS" | "SSL"))
    });
    let attributes = ctx.call_on(
        &subject,
        "DescribeLoadBalancerAttributes",
        client
            .describe_load_balancer_attributes()
            .load_balancer_name(&name)
            .send(),
    );
    let policies = async {
        if !encrypted {
            return Ok(HashMap::new());
        }
        ctx.call_on(
            &subject,
            "DescribeLoadBalancerPolicies",
            client
                .describe_load_balancer_policies()
                .load_balancer_name(&name)
                .send(),
        )
        .await
        .map(|out| {
            // Policy name -> the predefined policy it references (None: a custom policy).
            out.policy_descriptions()
                .iter()
                .filter(|p| p.policy_type_name() == Some("SSLNegotiationPolicyType"))
                .filter_map(|p| {
                    let reference = p
                        .policy_attribute_descriptions()
                        .iter()
                        .find(|a| a.attribute_name() == Some(REFERENCE))
                        .and_then(|a| a.attribute_value())
                        .map(str::to_string);
                    Some((p.policy_name()?.to_string(), reference))
                })
                .collect::<HashMap<String, Option<String>>>()
        })
    };
    let (attributes, policies) = tokio::join!(attributes, policies);
    let policies: Result<HashMap<String, Option<String>>, String> = match policies {
        Ok(p) => Ok(p),
        Err(err) => Err(ctx
            .failed::<()>(&err)
            .unknown_reason()
            .unwrap_or_default()
            .to_string()),
    };
    let listeners = lb
        .listener_descriptions()
        .iter()
        .filter_map(|d| {
            let l = d.listener()?;
            let encrypted = matches!(l.protocol().to_ascii_uppercase().as_str(), "HTTPS" | "SSL");
            let reference_security_policy = if !encrypted {
                Value::Known(None)
            } else {
                match &policies {
                    Err(reason) => Value::Unknown(reason.clone()),
                    Ok(map) => Value::Known(
                        d.policy_names()
                            .iter()
                            .find_map(|n| map.get(n))
                            .cloned()
                            .flatten(),
                    ),
                }
            };
            Some(ClassicListener {
                protocol: l.protocol().to_string(),
                load_balancer_port: l.load_balancer_port(),
                instance_protocol: l.instance_protocol().unwrap_or_default().to_string(),
                instance_port: l.instance_port(),
                ssl_certificate_id: l.ssl_certificate_id().map(str::to_string),
                reference_security_policy,
            })
        })
        .collect();
    let mut model = ClassicLoadBalancer {
        load_balancer_name: name.clone(),
        arn: crate::arn::arn(
            ctx.partition(),
            "elasticloadbalancing",
            ctx.arn_region(),
            ctx.account(),
            &format!("loadbalancer/{name}"),
        ),
        scheme: lb.scheme().unwrap_or_default().to_string(),
        vpc_id: lb.vpc_id().map(str::to_string),
        availability_zones: Value::Known(lb.availability_zones().to_vec()),
        subnet_ids: lb.subnets().to_vec(),
        security_groups: lb.security_groups().to_vec(),
        listeners: Value::Known(listeners),
        instances: Value::Known(
            lb.instances()
                .iter()
                .filter_map(|i| i.instance_id().map(str::to_string))
                .collect(),
        ),
        ..Default::default()
    };
    match attributes {
        Ok(out) => {
            let a = out.load_balancer_attributes();
            model.access_logs_enabled =
                Value::Known(a.and_then(|a| a.access_log()).is_some_and(|l| l.enabled()));
            model.connection_draining_enabled = Value::Known(
                a.and_then(|a| a.connection_draining())
                    .is_some_and(|d| d.enabled()),
            );
            model.cross_zone_enabled = Value::Known(
                a.and_then(|a| a.cross_zone_load_balancing())
                    .is_some_and(|c| c.enabled()),
            );
            model.desync_mitigation_mode = match a
                .map(|a| a.additional_attributes())
                .unwrap_or_default()
                .iter()
                .find(|x| x.key() == Some("elb.http.desyncmitigationmode"))
                .and_then(|x| x.value())
            {
                Some(mode) => Value::Known(mode.to_string()),
                None => Value::unknown(
                    "DescribeLoadBalancerAttributes returned no elb.http.desyncmitigationmode",
                ),
            };
        }
        Err(err) => {
            let unknown: Value<bool> = ctx.failed(&err);
            model.access_logs_enabled = unknown.clone();
            model.connection_draining_enabled = unknown.clone();
            model.cross_zone_enabled = unknown.clone();
            model.desync_mitigation_mode =
                Value::Unknown(unknown.unknown_reason().unwrap_or_default().to_string());
        }
    }
    model
}
