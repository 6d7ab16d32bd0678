//! Route 53: `aws_route53_zone` (a `vpc` block makes it private) joined with
//! `aws_route53_query_log` and `aws_route53_hosted_zone_dnssec` (by zone id: references
//! resolve to the zone's address), and `aws_route53domains_registered_domain`
//! (`transfer_lock` and `auto_renew` default true in the provider).

use std::collections::HashMap;

use cloudward_model::route53::{Domain, HostedZone};
use cloudward_model::{Attributes, Resource, Value};

use super::{
    blocks, bool_or, doubt_of, get, known_str, locate, locate_at, parent, resource, Index, Parent,
};

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut zones: Vec<Resource> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for &i in idx.of("aws_route53_zone") {
        let private = match blocks(get(i, "vpc")) {
            Ok(v) => !v.is_empty(),
            Err(_) => false,
        };
        let name = known_str(get(i, "name")).unwrap_or_else(|| i.address.clone());
        let z = HostedZone {
            id: i.address.clone(),
            name: name.clone(),
            private_zone: private,
            query_logging_log_groups: Value::Known(Vec::new()),
            dnssec_serve_signature: Value::Known("NOT_SIGNING".to_string()),
        };
        let mut r = resource(i, name, Attributes::Route53HostedZone(z));
        r.region = None;
        by_id.insert(i.address.clone(), zones.len());
        zones.push(r);
    }
    // Query logging configurations.
    let mut doubt: Option<String> = None;
    for &q in idx.of("aws_route53_query_log") {
        match parent(q, "zone_id") {
            Parent::Known(id) => {
                if let Some(&n) = by_id.get(&id) {
                    let loc = q.location.clone();
                    if let Attributes::Route53HostedZone(z) = &mut zones[n].attributes {
                        z.query_logging_log_groups =
                            match (doubt_of(q), &z.query_logging_log_groups) {
                                (Some(why), _) => Value::Unknown(why),
                                (None, Value::Known(list)) => {
                                    let mut list = list.clone();
                                    list.push(
                                        known_str(get(q, "cloudwatch_log_group_arn"))
                                            .unwrap_or_else(|| {
                                                format!("{}.cloudwatch_log_group_arn", q.address)
                                            }),
                                    );
                                    Value::Known(list)
                                }
                                (None, unknown) => unknown.clone(),
                            };
                    }
                    locate_at(&mut zones[n], "query_logging_log_groups", &loc);
                }
            }
            Parent::Unknown(why) => doubt = doubt.or(Some(why)),
            Parent::Missing => {}
        }
    }
    if let Some(why) = doubt {
        for r in &mut zones {
            if let Attributes::Route53HostedZone(z) = &mut r.attributes {
                if z.query_logging_log_groups == Value::Known(Vec::new()) {
                    z.query_logging_log_groups = Value::Unknown(why.clone());
                }
            }
        }
    }
    // DNSSEC signing.
    let mut doubt: Option<String> = None;
    for &d in idx.of("aws_route53_hosted_zone_dnssec") {
        match parent(d, "hosted_zone_id") {
            Parent::Known(id) => {
                if let Some(&n) = by_id.get(&id) {
                    let status = match doubt_of(d) {
                        Some(why) => Value::Unknown(why),
                        None => match known_str(get(d, "signing_status")).as_deref() {
                            Some("NOT_SIGNING") => Value::Known("NOT_SIGNING".to_string()),
                            _ => Value::Known("SIGNING".to_string()),
                        },
                    };
                    let loc = d.location.clone();
                    if let Attributes::Route53HostedZone(z) = &mut zones[n].attributes {
                        z.dnssec_serve_signature = status;
                    }
                    locate_at(&mut zones[n], "dnssec_serve_signature", &loc);
                }
            }
            Parent::Unknown(why) => doubt = doubt.or(Some(why)),
            Parent::Missing => {}
        }
    }
    if let Some(why) = doubt {
        for r in &mut zones {
            if let Attributes::Route53HostedZone(z) = &mut r.attributes {
                if z.dnssec_serve_signature == Value::Known("NOT_SIGNING".to_string()) {
                    z.dnssec_serve_signature = Value::Unknown(why.clone());
                }
            }
        }
    }
    out.append(&mut zones);

    for &i in idx.of("aws_route53domains_registered_domain") {
        let name = known_str(get(i, "domain_name")).unwrap_or_else(|| i.address.clone());
        let d = Domain {
            domain_name: name.clone(),
            transfer_lock: bool_or(get(i, "transfer_lock"), true),
            auto_renew: bool_or(get(i, "auto_renew"), true),
        };
        let mut r = resource(i, name, Attributes::Route53domainsDomain(d));
        r.region = None;
        locate(&mut r, "transfer_lock", i, "transfer_lock");
        locate(&mut r, "auto_renew", i, "auto_renew");
        out.push(r);
    }
}
