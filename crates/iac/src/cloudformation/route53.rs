//! Route 53: `AWS::Route53::HostedZone` (`VPCs` make it private; inline `QueryLoggingConfig`)
//! and the `AWS::Route53::DNSSEC` resources that enable signing for the zone they name
//! (`HostedZoneId: !Ref Zone`). Route 53 Domains has no CloudFormation resource.

use cloudward_model::route53::HostedZone;
use cloudward_model::{Attributes, Value};

use super::{known, locations, Template};

pub(crate) fn adapt(t: &mut Template<'_>) {
    let zones: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::Route53::HostedZone")
        .collect();
    for i in zones {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("Name");
        let private = p
            .get("VPCs")
            .and_then(|v| v.list().ok())
            .is_some_and(|l| !l.is_empty());
        let z = HostedZone {
            id: decl.logical_id.clone(),
            name: name.clone(),
            private_zone: private,
            query_logging_log_groups: match p.get("QueryLoggingConfig") {
                None => Value::Known(Vec::new()),
                Some(q) => known(
                    q.get("CloudWatchLogsLogGroupArn")
                        .map(|v| v.id())
                        .unwrap_or_else(|| {
                            Err("QueryLoggingConfig without CloudWatchLogsLogGroupArn".into())
                        })
                        .map(|g| vec![g]),
                ),
            },
            dnssec_serve_signature: Value::Known("NOT_SIGNING".to_string()),
        };
        let locs = locations(
            t,
            [(
                "query_logging_log_groups".to_string(),
                p.key_pos("QueryLoggingConfig"),
            )],
        );
        t.push(
            i,
            name.trim_end_matches('.').to_string(),
            Attributes::Route53HostedZone(z),
            locs,
        );
    }
    let dnssec: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::Route53::DNSSEC")
        .collect();
    for i in dnssec {
        let decl = &t.decls[i];
        let target = decl.props.get("HostedZoneId").and_then(|v| t.target(v));
        let status = match &decl.existence_unknown {
            Some(why) => Value::Unknown(format!("{} may not exist: {why}", decl.logical_id)),
            None => Value::Known("SIGNING".to_string()),
        };
        let location = t.location(decl.pos);
        let joined = target.and_then(|id| t.resource_mut(&id)).is_some_and(|r| {
            if let Attributes::Route53HostedZone(z) = &mut r.attributes {
                z.dnssec_serve_signature = status.clone();
                r.attribute_locations
                    .insert("dnssec_serve_signature".into(), location.clone());
                true
            } else {
                false
            }
        });
        if !joined {
            t.unjoined(i, "a hosted zone");
        }
    }
}
