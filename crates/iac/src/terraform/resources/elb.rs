//! Elastic Load Balancing and AWS WAF in Terraform.
//!
//! - `aws_lb`/`aws_alb`, joined with `aws_lb_listener`/`aws_alb_listener` (by
//!   `load_balancer_arn`), the target groups their default actions forward to
//!   (`aws_lb_target_group` with `aws_lb_target_group_attachment`) and
//!   `aws_wafv2_web_acl_association` (by `resource_arn`). References resolve to symbolic
//!   ARNs (`aws_lb.web.arn`), which is what the joins compare. Provider defaults:
//!   `load_balancer_type` application, `internal` false, `enable_deletion_protection`,
//!   `drop_invalid_header_fields` false, `access_logs.enabled` false (even with a bucket),
//!   `desync_mitigation_mode` defensive, `enable_cross_zone_load_balancing` false (always on
//!   for application). An HTTPS/TLS listener without `ssl_policy` gets AWS's default policy at
//!   creation: Unknown. Zones are those of the subnets, looked up by the rules.
//! - `aws_elb`, joined with `aws_load_balancer_listener_policy` and the
//!   `aws_load_balancer_policy` it names (by load balancer name and port). Defaults:
//!   `access_logs.enabled` true when the block exists, `connection_draining` false,
//!   `cross_zone_load_balancing` true, `desync_mitigation_mode` defensive; an HTTPS/SSL
//!   listener without a negotiation policy gets ELBSecurityPolicy-2016-08 (the Classic
//!   default).
//! - `aws_wafv2_web_acl`, joined with `aws_wafv2_web_acl_logging_configuration` (by
//!   `resource_arn`) and `aws_wafv2_web_acl_association` (by `web_acl_arn`).

use std::collections::HashMap;

use cloudward_model::elb::{
    ClassicListener, ClassicLoadBalancer, Listener, ListenerAction, LoadBalancer, Target,
    TargetGroup,
};
use cloudward_model::wafv2::{WebAcl, WebAclRule};
use cloudward_model::{Attributes, Resource, Value};

use super::{
    blocks, bool_or, doubt_of, field, get, known_str, name_or_address, opt_int, opt_str, parent,
    resource, str_list, str_or, Index, Parent,
};
use crate::terraform::module::Instance;
use crate::terraform::value::Val;

/// The Classic default negotiation policy for listeners created without one.
const CLASSIC_DEFAULT_POLICY: &str = "ELBSecurityPolicy-2016-08";

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    load_balancers(idx, out);
    classic(idx, out);
    web_acls(idx, out);
}

/// Satellites grouped by the parent key they name; `doubt` is why some could belong anywhere.
struct Joined<'a> {
    by_parent: HashMap<String, Vec<&'a Instance>>,
    doubt: Option<String>,
}

fn join<'a>(idx: &Index<'a>, types: &[&str], key: &str) -> Joined<'a> {
    let mut j = Joined {
        by_parent: HashMap::new(),
        doubt: None,
    };
    for t in types {
        for &i in idx.of(t) {
            match parent(i, key) {
                Parent::Known(k) => j.by_parent.entry(k).or_default().push(i),
                Parent::Unknown(why) => j.doubt = j.doubt.or(Some(why)),
                Parent::Missing => {}
            }
        }
    }
    j
}

impl<'a> Joined<'a> {
    /// The satellites of `key`, or why they cannot be told.
    fn of(&self, key: &str) -> Result<Vec<&'a Instance>, String> {
        let found = self.by_parent.get(key).cloned().unwrap_or_default();
        if let Some(why) = found.iter().find_map(|i| doubt_of(i)) {
            return Err(why);
        }
        match &self.doubt {
            Some(why) => Err(why.clone()),
            None => Ok(found),
        }
    }
}

fn load_balancers(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let listeners = join(
        idx,
        &["aws_lb_listener", "aws_alb_listener"],
        "load_balancer_arn",
    );
    let associations = join(idx, &["aws_wafv2_web_acl_association"], "resource_arn");
    let attachments = join(
        idx,
        &[
            "aws_lb_target_group_attachment",
            "aws_alb_target_group_attachment",
        ],
        "target_group_arn",
    );
    let mut groups: HashMap<String, &Instance> = HashMap::new();
    for t in ["aws_lb_target_group", "aws_alb_target_group"] {
        for &g in idx.of(t) {
            groups.insert(format!("{}.arn", g.address), g);
        }
    }
    for t in ["aws_lb", "aws_alb"] {
        for &i in idx.of(t) {
            let arn = format!("{}.arn", i.address);
            let kind =
                known_str(get(i, "load_balancer_type")).unwrap_or_else(|| "application".into());
            let is_alb = kind == "application";
            let internal = bool_or(get(i, "internal"), false);
            let mut subnet_ids = str_list(get(i, "subnets")).unwrap_or_default();
            if let Ok(maps) = blocks(get(i, "subnet_mapping")) {
                subnet_ids.extend(maps.iter().filter_map(|m| known_str(field(m, "subnet_id"))));
            }
            let only_alb = |what: &str| {
                Value::unknown(format!("{what} applies to Application Load Balancers only"))
            };
            let lb_listeners = listeners
                .of(&arn)
                .map(|ls| ls.iter().map(|l| listener(l, &kind)).collect::<Vec<_>>());
            let target_groups = match &lb_listeners {
                Err(why) => Value::Unknown(why.clone()),
                Ok(ls) => {
                    let mut arns: Vec<String> =
                        ls.iter().flat_map(|(_, tgs)| tgs.clone()).collect();
                    arns.sort();
                    arns.dedup();
                    Value::Known(
                        arns.iter()
                            .filter_map(|a| groups.get(a).map(|g| target_group(g, a, &attachments)))
                            .collect(),
                    )
                }
            };
            let lb = LoadBalancer {
                load_balancer_arn: arn.clone(),
                load_balancer_name: name_or_address(i, "name"),
                load_balancer_type: kind.clone(),
                scheme: match internal {
                    Value::Known(true) => "internal".into(),
                    Value::Known(false) => "internet-facing".into(),
                    Value::Unknown(_) => String::new(),
                },
                vpc_id: None,
                availability_zones: Value::unknown("the code names subnets; their zones decide"),
                subnet_ids,
                security_groups: str_list(get(i, "security_groups")).unwrap_or_default(),
                listeners: known(lb_listeners.map(|ls| ls.into_iter().map(|(l, _)| l).collect())),
                deletion_protection_enabled: bool_or(get(i, "enable_deletion_protection"), false),
                access_logs_enabled: enabled_block(i, "access_logs", false),
                drop_invalid_header_fields_enabled: if is_alb {
                    bool_or(get(i, "drop_invalid_header_fields"), false)
                } else {
                    only_alb("dropping invalid header fields")
                },
                desync_mitigation_mode: if is_alb {
                    str_or(get(i, "desync_mitigation_mode"), "defensive")
                } else {
                    Value::unknown(
                        "desync mitigation mode applies to Application Load Balancers only",
                    )
                },
                cross_zone_enabled: if is_alb {
                    Value::Known(true)
                } else {
                    bool_or(get(i, "enable_cross_zone_load_balancing"), false)
                },
                web_acl_arn: if !is_alb {
                    Value::Known(None)
                } else {
                    match associations.of(&arn) {
                        Err(why) => Value::Unknown(why),
                        Ok(list) => match list.first() {
                            None => Value::Known(None),
                            Some(a) => opt_str(get(a, "web_acl_arn")),
                        },
                    }
                },
                target_groups,
            };
            let name = lb.load_balancer_name.clone();
            let mut r = resource(i, name, Attributes::ElbLoadBalancer(lb));
            for (model, tf) in [
                ("deletion_protection_enabled", "enable_deletion_protection"),
                ("access_logs_enabled", "access_logs[0]"),
                (
                    "drop_invalid_header_fields_enabled",
                    "drop_invalid_header_fields",
                ),
                ("desync_mitigation_mode", "desync_mitigation_mode"),
                ("availability_zones", "subnets"),
            ] {
                if i.locs.contains_key(tf) {
                    super::locate(&mut r, model, i, tf);
                }
            }
            out.push(r);
        }
    }
}

/// A `*_block { enabled = ... }` argument: absent block is off, a block without `enabled`
/// takes `default`.
fn enabled_block(i: &Instance, key: &str, default: bool) -> Value<bool> {
    match blocks(get(i, key)) {
        Err(e) => Value::Unknown(e),
        Ok(list) => match list.first() {
            None => Value::Known(false),
            Some(b) => bool_or(field(b, "enabled"), default),
        },
    }
}

/// A listener and the target group ARNs its default actions forward to.
fn listener(l: &Instance, kind: &str) -> (Listener, Vec<String>) {
    let default_protocol = if kind == "application" { "HTTP" } else { "TCP" };
    let protocol = known_str(get(l, "protocol"))
        .unwrap_or_else(|| default_protocol.to_string())
        .to_ascii_uppercase();
    let encrypted = matches!(protocol.as_str(), "HTTPS" | "TLS");
    let mut forwards = Vec::new();
    let actions = blocks(get(l, "default_action"))
        .unwrap_or_default()
        .into_iter()
        .map(|a| {
            if let Some(tg) = known_str(field(a, "target_group_arn")) {
                forwards.push(tg);
            }
            for f in blocks(field(a, "forward")).unwrap_or_default() {
                for g in blocks(field(f, "target_group")).unwrap_or_default() {
                    if let Some(tg) = known_str(field(g, "arn")) {
                        forwards.push(tg);
                    }
                }
            }
            ListenerAction {
                action_type: known_str(field(a, "type")).unwrap_or_default(),
                redirect_protocol: blocks(field(a, "redirect"))
                    .ok()
                    .and_then(|r| r.first().copied())
                    .map(|r| {
                        known_str(field(r, "protocol")).unwrap_or_else(|| "#{protocol}".into())
                    }),
            }
        })
        .collect();
    let ssl_policy = match opt_str(get(l, "ssl_policy")) {
        Value::Known(None) if encrypted => {
            Value::unknown("ssl_policy is not set; AWS applies its default policy at creation")
        }
        other => other,
    };
    (
        Listener {
            listener_arn: format!("{}.arn", l.address),
            port: match opt_int(get(l, "port")) {
                Value::Known(p) => p.map(|p| p as i32),
                Value::Unknown(_) => None,
            },
            protocol,
            ssl_policy,
            default_actions: actions,
        },
        forwards,
    )
}

fn target_group(g: &Instance, arn: &str, attachments: &Joined<'_>) -> TargetGroup {
    let port = match opt_int(get(g, "port")) {
        Value::Known(p) => p.map(|p| p as i32),
        Value::Unknown(_) => None,
    };
    TargetGroup {
        target_group_arn: arn.to_string(),
        target_group_name: name_or_address(g, "name"),
        target_type: known_str(get(g, "target_type")).unwrap_or_else(|| "instance".into()),
        port,
        targets: match attachments.of(arn) {
            Err(why) => Value::Unknown(why),
            Ok(list) => {
                let mut targets = Vec::new();
                for a in list {
                    match get(a, "target_id").map(Val::to_string_val) {
                        Some(Ok(id)) => targets.push(Target {
                            id,
                            port: match opt_int(get(a, "port")) {
                                Value::Known(p) => p.map(|p| p as i32).or(port),
                                Value::Unknown(_) => None,
                            },
                        }),
                        Some(Err(e)) => {
                            return TargetGroup {
                                target_group_arn: arn.to_string(),
                                target_group_name: name_or_address(g, "name"),
                                target_type: "instance".into(),
                                port,
                                targets: Value::Unknown(super::reason(&e)),
                            }
                        }
                        None => {}
                    }
                }
                Value::Known(targets)
            }
        },
    }
}

fn classic(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let listener_policies = join(
        idx,
        &["aws_load_balancer_listener_policy"],
        "load_balancer_name",
    );
    let policies = join(idx, &["aws_load_balancer_policy"], "load_balancer_name");
    for &i in idx.of("aws_elb") {
        let name = name_or_address(i, "name");
        let negotiation: Result<HashMap<String, Option<String>>, String> =
            policies.of(&name).map(|list| {
                list.iter()
                    .filter(|p| {
                        known_str(get(p, "policy_type_name")).as_deref()
                            == Some("SSLNegotiationPolicyType")
                    })
                    .filter_map(|p| {
                        let reference = blocks(get(p, "policy_attribute"))
                            .unwrap_or_default()
                            .into_iter()
                            .find(|a| {
                                known_str(field(a, "name")).as_deref()
                                    == Some("Reference-Security-Policy")
                            })
                            .and_then(|a| known_str(field(a, "value")));
                        Some((known_str(get(p, "policy_name"))?, reference))
                    })
                    .collect()
            });
        let by_port = listener_policies.of(&name);
        let listeners = match blocks(get(i, "listener")) {
            Err(e) => Value::Unknown(e),
            Ok(list) => Value::Known(
                list.iter()
                    .map(|l| {
                        let protocol = known_str(field(l, "lb_protocol"))
                            .unwrap_or_default()
                            .to_ascii_uppercase();
                        let port = field(l, "lb_port")
                            .and_then(|p| p.to_number().ok())
                            .map_or(0, |p| p as i32);
                        let encrypted = matches!(protocol.as_str(), "HTTPS" | "SSL");
                        let reference_security_policy = if !encrypted {
                            Value::Known(None)
                        } else {
                            classic_policy(port, &by_port, &negotiation)
                        };
                        ClassicListener {
                            protocol,
                            load_balancer_port: port,
                            instance_protocol: known_str(field(l, "instance_protocol"))
                                .unwrap_or_default()
                                .to_ascii_uppercase(),
                            instance_port: field(l, "instance_port")
                                .and_then(|p| p.to_number().ok())
                                .map_or(0, |p| p as i32),
                            ssl_certificate_id: known_str(field(l, "ssl_certificate_id")),
                            reference_security_policy,
                        }
                    })
                    .collect(),
            ),
        };
        let zones = str_list(get(i, "availability_zones")).unwrap_or_default();
        let lb = ClassicLoadBalancer {
            load_balancer_name: name.clone(),
            arn: format!("{}.arn", i.address),
            scheme: match bool_or(get(i, "internal"), false) {
                Value::Known(true) => "internal".into(),
                Value::Known(false) => "internet-facing".into(),
                Value::Unknown(_) => String::new(),
            },
            vpc_id: None,
            availability_zones: if zones.is_empty() {
                Value::unknown("the code names subnets; their zones decide")
            } else {
                Value::Known(zones)
            },
            subnet_ids: str_list(get(i, "subnets")).unwrap_or_default(),
            security_groups: str_list(get(i, "security_groups")).unwrap_or_default(),
            listeners,
            instances: match str_list(get(i, "instances")) {
                Ok(ids) => Value::Known(ids),
                Err(e) => Value::Unknown(e),
            },
            access_logs_enabled: enabled_block(i, "access_logs", true),
            connection_draining_enabled: bool_or(get(i, "connection_draining"), false),
            cross_zone_enabled: bool_or(get(i, "cross_zone_load_balancing"), true),
            desync_mitigation_mode: str_or(get(i, "desync_mitigation_mode"), "defensive"),
        };
        let mut r = resource(i, name, Attributes::ElbClassicLoadBalancer(lb));
        for (model, tf) in [
            ("access_logs_enabled", "access_logs[0]"),
            ("connection_draining_enabled", "connection_draining"),
            ("cross_zone_enabled", "cross_zone_load_balancing"),
            ("desync_mitigation_mode", "desync_mitigation_mode"),
            ("listeners", "listener[0]"),
        ] {
            if i.locs.contains_key(tf) {
                super::locate(&mut r, model, i, tf);
            }
        }
        out.push(r);
    }
}

/// The predefined policy the negotiation policy of listener `port` references.
fn classic_policy(
    port: i32,
    by_port: &Result<Vec<&Instance>, String>,
    negotiation: &Result<HashMap<String, Option<String>>, String>,
) -> Value<Option<String>> {
    let listener_policies = match by_port {
        Err(why) => return Value::Unknown(why.clone()),
        Ok(list) => list,
    };
    let names: Vec<String> = listener_policies
        .iter()
        .filter(|p| {
            get(p, "load_balancer_port").and_then(|v| v.to_number().ok()) == Some(f64::from(port))
        })
        .flat_map(|p| str_list(get(p, "policy_names")).unwrap_or_default())
        .collect();
    if names.is_empty() {
        return Value::Known(Some(CLASSIC_DEFAULT_POLICY.to_string()));
    }
    match negotiation {
        Err(why) => Value::Unknown(why.clone()),
        Ok(map) => match names.iter().find_map(|n| map.get(n)) {
            Some(reference) => Value::Known(reference.clone()),
            None => Value::unknown(format!(
                "the negotiation policy {} of port {port} is not declared in the code",
                names.join(", ")
            )),
        },
    }
}

fn web_acls(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let logging = join(
        idx,
        &["aws_wafv2_web_acl_logging_configuration"],
        "resource_arn",
    );
    let associations = join(idx, &["aws_wafv2_web_acl_association"], "web_acl_arn");
    for &i in idx.of("aws_wafv2_web_acl") {
        let arn = format!("{}.arn", i.address);
        let scope = known_str(get(i, "scope"))
            .unwrap_or_default()
            .to_ascii_uppercase();
        let default_action = match blocks(get(i, "default_action")) {
            Err(e) => Value::Unknown(e),
            Ok(list) => match list.first() {
                Some(a) if field(a, "block").is_some() => Value::Known("BLOCK".into()),
                Some(a) if field(a, "allow").is_some() => Value::Known("ALLOW".into()),
                _ => Value::unknown("default_action names neither allow nor block"),
            },
        };
        let rules = match blocks(get(i, "rule")) {
            Err(e) => Value::Unknown(e),
            Ok(list) => Value::Known(list.iter().map(|r| waf_rule(r)).collect()),
        };
        let acl = WebAcl {
            name: name_or_address(i, "name"),
            id: i.address.clone(),
            arn: arn.clone(),
            scope: scope.clone(),
            default_action,
            rules,
            cloudwatch_metrics_enabled: metrics(get(i, "visibility_config")),
            logging_enabled: known(logging.of(&arn).map(|l| !l.is_empty())),
            associated_resources: match associations.of(&arn) {
                Err(why) => Value::Unknown(why),
                Ok(list) if list.is_empty() && scope == "CLOUDFRONT" => Value::unknown(
                    "a CloudFront web ACL is named by its distributions (web_acl_id)",
                ),
                Ok(list) => Value::Known(
                    list.iter()
                        .filter_map(|a| get(a, "resource_arn").and_then(|v| v.to_string_val().ok()))
                        .collect(),
                ),
            },
        };
        let name = acl.name.clone();
        let mut r = resource(i, name, Attributes::Wafv2WebAcl(acl));
        for (model, tf) in [
            ("rules", "rule[0]"),
            ("cloudwatch_metrics_enabled", "visibility_config[0]"),
        ] {
            if i.locs.contains_key(tf) {
                super::locate(&mut r, model, i, tf);
            }
        }
        out.push(r);
    }
}

fn known<T>(r: Result<T, String>) -> Value<T> {
    match r {
        Ok(v) => Value::Known(v),
        Err(why) => Value::Unknown(why),
    }
}

fn metrics(v: Option<&Val>) -> Value<bool> {
    match blocks(v) {
        Err(e) => Value::Unknown(e),
        Ok(list) => match list.first() {
            None => Value::unknown("visibility_config is not set"),
            Some(b) => bool_or(field(b, "cloudwatch_metrics_enabled"), false),
        },
    }
}

fn waf_rule(r: &Val) -> WebAclRule {
    let statement = blocks(field(r, "statement")).unwrap_or_default();
    let s = statement.first().copied();
    let has = |key: &str| s.is_some_and(|s| field(s, key).is_some());
    let managed = s
        .and_then(|s| blocks(field(s, "managed_rule_group_statement")).ok())
        .and_then(|m| m.first().copied());
    let kind = if has("rate_based_statement") {
        "rate_based"
    } else if managed.is_some() {
        "managed_rule_group"
    } else if has("rule_group_reference_statement") {
        "rule_group_reference"
    } else {
        "other"
    };
    let pick = |key: &str, names: &[(&str, &str)]| -> Option<String> {
        let b = blocks(field(r, key)).ok()?.first().copied()?;
        names
            .iter()
            .find(|(tf, _)| field(b, tf).is_some())
            .map(|(_, api)| api.to_string())
    };
    WebAclRule {
        name: known_str(field(r, "name")).unwrap_or_default(),
        priority: field(r, "priority")
            .and_then(|p| p.to_number().ok())
            .map_or(0, |p| p as i32),
        statement: kind.into(),
        managed_rule_group_vendor: managed.and_then(|m| known_str(field(m, "vendor_name"))),
        managed_rule_group_name: managed.and_then(|m| known_str(field(m, "name"))),
        action: pick(
            "action",
            &[
                ("allow", "ALLOW"),
                ("block", "BLOCK"),
                ("count", "COUNT"),
                ("captcha", "CAPTCHA"),
                ("challenge", "CHALLENGE"),
            ],
        ),
        override_action: pick("override_action", &[("none", "NONE"), ("count", "COUNT")]),
        cloudwatch_metrics_enabled: matches!(
            metrics(field(r, "visibility_config")),
            Value::Known(true)
        ),
    }
}
