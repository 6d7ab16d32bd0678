//! Elastic Load Balancing and AWS WAF in CloudFormation.
//!
//! - `AWS::ElasticLoadBalancingV2::LoadBalancer`, joined with the `Listener`s naming it
//!   (`LoadBalancerArn`), the `TargetGroup`s their default actions forward to (with their
//!   `Targets`) and `AWS::WAFv2::WebACLAssociation` (`ResourceArn`). Attributes are
//!   `LoadBalancerAttributes` with the API's keys and defaults (deletion protection, access
//!   logs and header dropping off, desync defensive, cross-zone off for NLB/GWLB). An
//!   HTTPS/TLS listener without `SslPolicy` gets AWS's default at creation: Unknown.
//! - `AWS::ElasticLoadBalancing::LoadBalancer`: `Listeners` with their `PolicyNames` looked up
//!   in `Policies` (no negotiation policy: the Classic default ELBSecurityPolicy-2016-08),
//!   `AccessLoggingPolicy`, `ConnectionDrainingPolicy` (off by default), `CrossZone` (off by
//!   default); the desync mode cannot be set in CloudFormation and stays AWS's default,
//!   defensive.
//! - `AWS::WAFv2::WebACL`, joined with `AWS::WAFv2::LoggingConfiguration` and
//!   `AWS::WAFv2::WebACLAssociation` (by `ResourceArn` / `WebACLArn`).

use std::collections::HashMap;

use cloudward_model::elb::{
    ClassicListener, ClassicLoadBalancer, Listener, ListenerAction, LoadBalancer, Target,
    TargetGroup,
};
use cloudward_model::wafv2::{WebAcl, WebAclRule};
use cloudward_model::{Attributes, Value};

use super::dynamodb::flag;
use super::eval::Val;
use super::{known, locations, Template};

/// The Classic default negotiation policy for listeners created without one.
const CLASSIC_DEFAULT_POLICY: &str = "ELBSecurityPolicy-2016-08";

pub(crate) fn adapt(t: &mut Template<'_>) {
    load_balancers(t);
    classic(t);
    web_acls(t);
}

/// Declarations of `types` whose `key` property names a resource, by that resource's join
/// key; `Err` for the ones that may not exist or name something unknowable.
fn satellites<'a>(
    t: &'a Template<'_>,
    types: &[&str],
    key: &str,
) -> (HashMap<String, Vec<&'a Val>>, Option<String>) {
    let mut by = HashMap::new();
    let mut doubt = None;
    for d in t
        .decls
        .iter()
        .filter(|d| types.contains(&d.resource_type.as_str()))
    {
        let Some(v) = d.props.get(key) else { continue };
        if let Some(why) = &d.existence_unknown {
            doubt = doubt.or(Some(format!("{} may not exist ({why})", d.logical_id)));
            continue;
        }
        match v.id() {
            Ok(k) => by.entry(k).or_insert_with(Vec::new).push(&d.props),
            Err(why) => doubt = doubt.or(Some(format!("{}: {key} {why}", d.logical_id))),
        }
    }
    (by, doubt)
}

/// The satellites naming `keys` (a resource is named by `Ref`, its join key, or by
/// `Fn::GetAtt`, `<LogicalId>.<Attribute>`).
fn of<'a>(
    s: &(HashMap<String, Vec<&'a Val>>, Option<String>),
    keys: &[String],
) -> Result<Vec<&'a Val>, String> {
    match &s.1 {
        Some(why) => Err(why.clone()),
        None => Ok(keys
            .iter()
            .flat_map(|k| s.0.get(k).cloned().unwrap_or_default())
            .collect()),
    }
}

/// How template resources can name `logical_id`: its join key and its ARN attributes.
fn names(t: &Template<'_>, logical_id: &str, attributes: &[&str]) -> Vec<String> {
    let mut keys = vec![t.key(logical_id)];
    keys.extend(attributes.iter().map(|a| format!("{logical_id}.{a}")));
    keys
}

fn attributes(p: &Val) -> HashMap<String, String> {
    p.get("LoadBalancerAttributes")
        .and_then(|a| a.list().ok())
        .map(|items| {
            items
                .iter()
                .filter_map(|a| {
                    Some((a.get("Key")?.string().ok()?, a.get("Value")?.string().ok()?))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn int(v: Option<&Val>) -> Option<i32> {
    v.and_then(|v| v.integer().ok()).map(|n| n as i32)
}

fn load_balancers(t: &mut Template<'_>) {
    let listeners = satellites(
        t,
        &["AWS::ElasticLoadBalancingV2::Listener"],
        "LoadBalancerArn",
    );
    let associations = satellites(t, &["AWS::WAFv2::WebACLAssociation"], "ResourceArn");
    let groups: HashMap<String, &Val> = t
        .decls
        .iter()
        .filter(|d| d.resource_type == "AWS::ElasticLoadBalancingV2::TargetGroup")
        .flat_map(|d| {
            names(t, &d.logical_id, &["TargetGroupArn"])
                .into_iter()
                .map(move |k| (k, &d.props))
        })
        .collect();
    let mut made = Vec::new();
    for (i, d) in t.decls.iter().enumerate() {
        if d.resource_type != "AWS::ElasticLoadBalancingV2::LoadBalancer" {
            continue;
        }
        let p = &d.props;
        let key = t.key(&d.logical_id);
        let keys = names(t, &d.logical_id, &["LoadBalancerArn"]);
        let kind = p
            .get("Type")
            .and_then(|v| v.string().ok())
            .unwrap_or_else(|| "application".into());
        let is_alb = kind == "application";
        let attrs = attributes(p);
        let attr = |k: &str, default: bool| match attrs.get(k).map(String::as_str) {
            None => Value::Known(default),
            Some("true") => Value::Known(true),
            Some("false") => Value::Known(false),
            Some(other) => Value::unknown(format!("{k} is {other:?}")),
        };
        let only_alb = |what: &str| {
            Value::unknown(format!("{what} applies to Application Load Balancers only"))
        };
        let mut subnet_ids: Vec<String> = p
            .get("Subnets")
            .and_then(|s| s.list().ok())
            .map(|l| l.iter().filter_map(|s| s.id().ok()).collect())
            .unwrap_or_default();
        if let Some(maps) = p.get("SubnetMappings").and_then(|s| s.list().ok()) {
            subnet_ids.extend(maps.iter().filter_map(|m| m.get("SubnetId")?.id().ok()));
        }
        let lb_listeners: Result<Vec<(Listener, Vec<String>)>, String> =
            of(&listeners, &keys).map(|ls| ls.iter().map(|l| listener(l, &kind)).collect());
        let target_groups = match &lb_listeners {
            Err(why) => Value::Unknown(why.clone()),
            Ok(ls) => {
                let mut arns: Vec<String> = ls.iter().flat_map(|(_, g)| g.clone()).collect();
                arns.sort();
                arns.dedup();
                Value::Known(
                    arns.iter()
                        .filter_map(|a| groups.get(a).map(|g| target_group(g, a)))
                        .collect(),
                )
            }
        };
        let lb = LoadBalancer {
            load_balancer_arn: key.clone(),
            load_balancer_name: d.name_or_logical_id("Name"),
            load_balancer_type: kind.clone(),
            scheme: p
                .get("Scheme")
                .and_then(|v| v.string().ok())
                .unwrap_or_else(|| "internet-facing".into()),
            vpc_id: None,
            availability_zones: Value::unknown("the template names subnets; their zones decide"),
            subnet_ids,
            security_groups: p
                .get("SecurityGroups")
                .and_then(|s| s.list().ok())
                .map(|l| l.iter().filter_map(|s| s.id().ok()).collect())
                .unwrap_or_default(),
            listeners: known(lb_listeners.map(|ls| ls.into_iter().map(|(l, _)| l).collect())),
            deletion_protection_enabled: attr("deletion_protection.enabled", false),
            access_logs_enabled: attr("access_logs.s3.enabled", false),
            drop_invalid_header_fields_enabled: if is_alb {
                attr("routing.http.drop_invalid_header_fields.enabled", false)
            } else {
                only_alb("dropping invalid header fields")
            },
            desync_mitigation_mode: if is_alb {
                Value::Known(
                    attrs
                        .get("routing.http.desync_mitigation_mode")
                        .cloned()
                        .unwrap_or_else(|| "defensive".into()),
                )
            } else {
                Value::unknown("desync mitigation mode applies to Application Load Balancers only")
            },
            cross_zone_enabled: if is_alb {
                Value::Known(true)
            } else {
                attr("load_balancing.cross_zone.enabled", false)
            },
            web_acl_arn: if !is_alb {
                Value::Known(None)
            } else {
                match of(&associations, &keys) {
                    Err(why) => Value::Unknown(why),
                    Ok(list) => match list.first() {
                        None => Value::Known(None),
                        Some(a) => match a.get("WebACLArn").map(Val::id) {
                            Some(Ok(arn)) => Value::Known(Some(arn)),
                            Some(Err(why)) => Value::Unknown(why),
                            None => Value::Known(None),
                        },
                    },
                }
            },
            target_groups,
        };
        let locs = locations(
            t,
            [
                ("deletion_protection_enabled", "LoadBalancerAttributes"),
                ("access_logs_enabled", "LoadBalancerAttributes"),
                (
                    "drop_invalid_header_fields_enabled",
                    "LoadBalancerAttributes",
                ),
                ("desync_mitigation_mode", "LoadBalancerAttributes"),
                ("availability_zones", "Subnets"),
            ]
            .map(|(k, cfn)| (k.to_string(), p.key_pos(cfn))),
        );
        made.push((i, lb.load_balancer_name.clone(), lb, locs));
    }
    for (i, name, lb, locs) in made {
        t.push(i, name, Attributes::ElbLoadBalancer(lb), locs);
    }
}

fn listener(l: &Val, kind: &str) -> (Listener, Vec<String>) {
    let protocol = l
        .get("Protocol")
        .and_then(|v| v.string().ok())
        .unwrap_or_else(|| {
            if kind == "application" {
                "HTTP".into()
            } else {
                "TCP".into()
            }
        })
        .to_ascii_uppercase();
    let encrypted = matches!(protocol.as_str(), "HTTPS" | "TLS");
    let mut forwards = Vec::new();
    let actions = l
        .get("DefaultActions")
        .and_then(|a| a.list().ok())
        .unwrap_or_default()
        .iter()
        .map(|a| {
            if let Some(Ok(tg)) = a.get("TargetGroupArn").map(Val::id) {
                forwards.push(tg);
            }
            if let Some(groups) = a
                .get("ForwardConfig")
                .and_then(|f| f.get("TargetGroups"))
                .and_then(|g| g.list().ok())
            {
                forwards.extend(
                    groups
                        .iter()
                        .filter_map(|g| g.get("TargetGroupArn")?.id().ok()),
                );
            }
            ListenerAction {
                action_type: a
                    .get("Type")
                    .and_then(|v| v.string().ok())
                    .unwrap_or_default(),
                redirect_protocol: a.get("RedirectConfig").map(|r| {
                    r.get("Protocol")
                        .and_then(|v| v.string().ok())
                        .unwrap_or_else(|| "#{protocol}".into())
                }),
            }
        })
        .collect();
    let ssl_policy = match l.get("SslPolicy") {
        None if encrypted => {
            Value::unknown("SslPolicy is not set; AWS applies its default policy at creation")
        }
        None => Value::Known(None),
        Some(v) => known(v.string()).map(Some),
    };
    (
        Listener {
            listener_arn: String::new(),
            port: int(l.get("Port")),
            protocol,
            ssl_policy,
            default_actions: actions,
        },
        forwards,
    )
}

fn target_group(g: &Val, arn: &str) -> TargetGroup {
    let port = int(g.get("Port"));
    TargetGroup {
        target_group_arn: arn.to_string(),
        target_group_name: g
            .get("Name")
            .and_then(|v| v.string().ok())
            .unwrap_or_else(|| arn.to_string()),
        target_type: g
            .get("TargetType")
            .and_then(|v| v.string().ok())
            .unwrap_or_else(|| "instance".into()),
        port,
        targets: match g.get("Targets") {
            None => Value::Known(Vec::new()),
            Some(list) => known(list.list().and_then(|items| {
                items
                    .iter()
                    .map(|t| {
                        let id = t
                            .get("Id")
                            .ok_or_else(|| "a target has no Id".to_string())?
                            .id()?;
                        Ok(Target {
                            id,
                            port: int(t.get("Port")).or(port),
                        })
                    })
                    .collect()
            })),
        },
    }
}

fn classic(t: &mut Template<'_>) {
    let mut made = Vec::new();
    for (i, d) in t.decls.iter().enumerate() {
        if d.resource_type != "AWS::ElasticLoadBalancing::LoadBalancer" {
            continue;
        }
        let p = &d.props;
        // Policy name -> the predefined policy its Reference-Security-Policy names.
        let negotiation: HashMap<String, Option<String>> = p
            .get("Policies")
            .and_then(|l| l.list().ok())
            .unwrap_or_default()
            .iter()
            .filter(|pol| {
                pol.get("PolicyType")
                    .and_then(|v| v.string().ok())
                    .as_deref()
                    == Some("SSLNegotiationPolicyType")
            })
            .filter_map(|pol| {
                let reference = pol
                    .get("Attributes")
                    .and_then(|a| a.list().ok())
                    .unwrap_or_default()
                    .iter()
                    .find(|a| {
                        a.get("Name").and_then(|v| v.string().ok()).as_deref()
                            == Some("Reference-Security-Policy")
                    })
                    .and_then(|a| a.get("Value")?.string().ok());
                Some((pol.get("PolicyName")?.string().ok()?, reference))
            })
            .collect();
        let listeners = match p.get("Listeners").map(Val::list) {
            None => Value::Known(Vec::new()),
            Some(Err(why)) => Value::Unknown(why),
            Some(Ok(items)) => Value::Known(
                items
                    .iter()
                    .map(|l| {
                        let protocol = l
                            .get("Protocol")
                            .and_then(|v| v.string().ok())
                            .unwrap_or_default()
                            .to_ascii_uppercase();
                        let encrypted = matches!(protocol.as_str(), "HTTPS" | "SSL");
                        let names: Vec<String> = l
                            .get("PolicyNames")
                            .and_then(|n| n.list().ok())
                            .map(|n| n.iter().filter_map(|v| v.string().ok()).collect())
                            .unwrap_or_default();
                        let reference_security_policy = if !encrypted {
                            Value::Known(None)
                        } else if names.is_empty() {
                            Value::Known(Some(CLASSIC_DEFAULT_POLICY.to_string()))
                        } else {
                            match names.iter().find_map(|n| negotiation.get(n)) {
                                Some(r) => Value::Known(r.clone()),
                                None => Value::unknown(format!(
                                    "the policy {} is not declared in Policies",
                                    names.join(", ")
                                )),
                            }
                        };
                        ClassicListener {
                            protocol,
                            load_balancer_port: int(l.get("LoadBalancerPort")).unwrap_or(0),
                            instance_protocol: l
                                .get("InstanceProtocol")
                                .and_then(|v| v.string().ok())
                                .unwrap_or_default()
                                .to_ascii_uppercase(),
                            instance_port: int(l.get("InstancePort")).unwrap_or(0),
                            ssl_certificate_id: l.get("SSLCertificateId").and_then(|v| v.id().ok()),
                            reference_security_policy,
                        }
                    })
                    .collect(),
            ),
        };
        let zones: Vec<String> = p
            .get("AvailabilityZones")
            .and_then(|z| z.list().ok())
            .map(|l| l.iter().filter_map(|z| z.string().ok()).collect())
            .unwrap_or_default();
        let ids = |k: &str| -> Vec<String> {
            p.get(k)
                .and_then(|s| s.list().ok())
                .map(|l| l.iter().filter_map(|s| s.id().ok()).collect())
                .unwrap_or_default()
        };
        let lb = ClassicLoadBalancer {
            load_balancer_name: d.name_or_logical_id("LoadBalancerName"),
            arn: t.key(&d.logical_id),
            scheme: p
                .get("Scheme")
                .and_then(|v| v.string().ok())
                .unwrap_or_else(|| "internet-facing".into()),
            vpc_id: None,
            availability_zones: if zones.is_empty() {
                Value::unknown("the template names subnets; their zones decide")
            } else {
                Value::Known(zones)
            },
            subnet_ids: ids("Subnets"),
            security_groups: ids("SecurityGroups"),
            listeners,
            instances: match p.get("Instances").map(Val::list) {
                None => Value::Known(Vec::new()),
                Some(Err(why)) => Value::Unknown(why),
                Some(Ok(items)) => known(items.iter().map(Val::id).collect()),
            },
            access_logs_enabled: match p.get("AccessLoggingPolicy") {
                None => Value::Known(false),
                Some(a) => flag(a, "Enabled", false),
            },
            connection_draining_enabled: match p.get("ConnectionDrainingPolicy") {
                None => Value::Known(false),
                Some(c) => flag(c, "Enabled", false),
            },
            cross_zone_enabled: flag(p, "CrossZone", false),
            desync_mitigation_mode: Value::Known("defensive".into()),
        };
        let locs = locations(
            t,
            [
                ("access_logs_enabled", "AccessLoggingPolicy"),
                ("connection_draining_enabled", "ConnectionDrainingPolicy"),
                ("cross_zone_enabled", "CrossZone"),
                ("listeners", "Listeners"),
                ("availability_zones", "AvailabilityZones"),
            ]
            .map(|(k, cfn)| (k.to_string(), p.key_pos(cfn))),
        );
        made.push((i, lb.load_balancer_name.clone(), lb, locs));
    }
    for (i, name, lb, locs) in made {
        t.push(i, name, Attributes::ElbClassicLoadBalancer(lb), locs);
    }
}

fn web_acls(t: &mut Template<'_>) {
    let logging = satellites(t, &["AWS::WAFv2::LoggingConfiguration"], "ResourceArn");
    let associations = satellites(t, &["AWS::WAFv2::WebACLAssociation"], "WebACLArn");
    let mut made = Vec::new();
    for (i, d) in t.decls.iter().enumerate() {
        if d.resource_type != "AWS::WAFv2::WebACL" {
            continue;
        }
        let p = &d.props;
        let key = t.key(&d.logical_id);
        let keys = names(t, &d.logical_id, &["Arn"]);
        let scope = p
            .get("Scope")
            .and_then(|v| v.string().ok())
            .unwrap_or_default()
            .to_ascii_uppercase();
        let acl = WebAcl {
            name: d.name_or_logical_id("Name"),
            id: d.logical_id.clone(),
            arn: key.clone(),
            scope: scope.clone(),
            default_action: match p.get("DefaultAction") {
                Some(a) if a.get("Block").is_some() => Value::Known("BLOCK".into()),
                Some(a) if a.get("Allow").is_some() => Value::Known("ALLOW".into()),
                _ => Value::unknown("DefaultAction names neither Allow nor Block"),
            },
            rules: match p.get("Rules").map(Val::list) {
                None => Value::Known(Vec::new()),
                Some(Err(why)) => Value::Unknown(why),
                Some(Ok(items)) => Value::Known(items.iter().map(waf_rule).collect()),
            },
            cloudwatch_metrics_enabled: match p.get("VisibilityConfig") {
                None => Value::unknown("VisibilityConfig is not set"),
                Some(v) => flag(v, "CloudWatchMetricsEnabled", false),
            },
            logging_enabled: known(of(&logging, &keys).map(|l| !l.is_empty())),
            associated_resources: match of(&associations, &keys) {
                Err(why) => Value::Unknown(why),
                Ok(list) if list.is_empty() && scope == "CLOUDFRONT" => {
                    Value::unknown("a CloudFront web ACL is named by its distributions (WebACLId)")
                }
                Ok(list) => Value::Known(
                    list.iter()
                        .filter_map(|a| a.get("ResourceArn")?.id().ok())
                        .collect(),
                ),
            },
        };
        let locs = locations(
            t,
            [
                ("rules", "Rules"),
                ("cloudwatch_metrics_enabled", "VisibilityConfig"),
            ]
            .map(|(k, cfn)| (k.to_string(), p.key_pos(cfn))),
        );
        made.push((i, acl.name.clone(), acl, locs));
    }
    for (i, name, acl, locs) in made {
        t.push(i, name, Attributes::Wafv2WebAcl(acl), locs);
    }
}

fn waf_rule(r: &Val) -> WebAclRule {
    let s = r.get("Statement");
    let managed = s.and_then(|s| s.get("ManagedRuleGroupStatement"));
    let kind = match s {
        Some(s) if s.get("RateBasedStatement").is_some() => "rate_based",
        Some(_) if managed.is_some() => "managed_rule_group",
        Some(s) if s.get("RuleGroupReferenceStatement").is_some() => "rule_group_reference",
        _ => "other",
    };
    let pick = |key: &str, names: &[&str]| -> Option<String> {
        let b = r.get(key)?;
        names
            .iter()
            .find(|n| b.get(n).is_some())
            .map(|n| n.to_ascii_uppercase())
    };
    WebAclRule {
        name: r
            .get("Name")
            .and_then(|v| v.string().ok())
            .unwrap_or_default(),
        priority: int(r.get("Priority")).unwrap_or(0),
        statement: kind.into(),
        managed_rule_group_vendor: managed.and_then(|m| m.get("VendorName")?.string().ok()),
        managed_rule_group_name: managed.and_then(|m| m.get("Name")?.string().ok()),
        action: pick(
            "Action",
            &["Allow", "Block", "Count", "Captcha", "Challenge"],
        ),
        override_action: pick("OverrideAction", &["None", "Count"]),
        cloudwatch_metrics_enabled: r.get("VisibilityConfig").is_some_and(|v| {
            matches!(
                flag(v, "CloudWatchMetricsEnabled", false),
                Value::Known(true)
            )
        }),
    }
}
