//! API Gateway HTTP and WebSocket APIs: `aws_apigatewayv2_route` (`authorization_type`,
//! default `NONE`) and `aws_apigatewayv2_stage` (`access_log_settings`), each joined to its
//! `aws_apigatewayv2_api` by `api_id` for the protocol type.

use std::collections::HashMap;

use cloudward_model::apigatewayv2::{Route, Stage};
use cloudward_model::{Attributes, Resource, Value};

use super::{blocks, field, get, known_str, locate, opt_str, resource, str_or, Index};
use crate::terraform::module::Instance;

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let protocols: HashMap<String, String> = idx
        .of("aws_apigatewayv2_api")
        .iter()
        .map(|a| {
            (
                a.address.clone(),
                known_str(get(a, "protocol_type")).unwrap_or_default(),
            )
        })
        .collect();
    let protocol = |i: &Instance| {
        known_str(get(i, "api_id"))
            .and_then(|id| protocols.get(&id).cloned())
            .unwrap_or_default()
    };
    for &i in idx.of("aws_apigatewayv2_route") {
        let key = known_str(get(i, "route_key")).unwrap_or_default();
        let route = Route {
            api_id: known_str(get(i, "api_id")).unwrap_or_default(),
            protocol_type: protocol(i),
            route_key: key.clone(),
            authorization_type: str_or(get(i, "authorization_type"), "NONE"),
        };
        let mut r = resource(i, key, Attributes::Apigatewayv2Route(route));
        locate(&mut r, "authorization_type", i, "authorization_type");
        out.push(r);
    }
    for &i in idx.of("aws_apigatewayv2_stage") {
        let name = known_str(get(i, "name")).unwrap_or_else(|| i.address.clone());
        let stage = Stage {
            api_id: known_str(get(i, "api_id")).unwrap_or_default(),
            protocol_type: protocol(i),
            stage_name: name.clone(),
            access_log_destination: match blocks(get(i, "access_log_settings")) {
                Err(e) => Value::Unknown(e),
                Ok(b) => match b.first() {
                    None => Value::Known(None),
                    Some(b) => opt_str(field(b, "destination_arn")),
                },
            },
        };
        let mut r = resource(i, name, Attributes::Apigatewayv2Stage(stage));
        locate(
            &mut r,
            "access_log_destination",
            i,
            "access_log_settings[0]",
        );
        out.push(r);
    }
}
