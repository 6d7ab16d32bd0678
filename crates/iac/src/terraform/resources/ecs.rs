//! ECS: `aws_ecs_cluster` (its `containerInsights` setting; unset is the account default,
//! which the code does not show: Unknown), `aws_ecs_service` (`network_configuration`,
//! `assign_public_ip` default false) and `aws_ecs_task_definition` (each declaration is one
//! revision; `container_definitions` is the JSON document ECS takes, read for the security
//! fields and the environment variable names, never their values).

use cloudward_model::ecs::{Cluster, Service, TaskDefinition};
use cloudward_model::{Attributes, Resource, Value};
use serde_json::Value as Json;

use super::{
    blocks, bool_or, field, get, known_str, locate, name_or_address, opt_str, reason, resource,
    Index,
};
use crate::cloudformation::ecs::container_definitions;
use crate::terraform::value::Val;

/// `containerInsights` among `setting` blocks (or CloudFormation `ClusterSettings`).
fn insights(i: &crate::terraform::module::Instance) -> Value<String> {
    let settings = match blocks(get(i, "setting")) {
        Ok(s) => s,
        Err(e) => return Value::Unknown(e),
    };
    for s in settings {
        if known_str(field(s, "name")).as_deref() == Some("containerInsights") {
            return match field(s, "value").map(Val::to_string_val) {
                Some(Ok(v)) => Value::Known(v),
                Some(Err(e)) => Value::Unknown(reason(&e)),
                None => Value::unknown("the containerInsights setting has no value"),
            };
        }
    }
    Value::unknown(
        "containerInsights is not set: the account default (ecs put-account-setting-default) decides",
    )
}

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_ecs_cluster") {
        let name = name_or_address(i, "name");
        let cluster = Cluster {
            cluster_name: name.clone(),
            cluster_arn: format!("{}.arn", i.address),
            container_insights: insights(i),
        };
        let mut r = resource(i, name, Attributes::EcsCluster(cluster));
        locate(&mut r, "container_insights", i, "setting");
        out.push(r);
    }
    for &i in idx.of("aws_ecs_service") {
        let name = name_or_address(i, "name");
        let service = Service {
            service_name: name.clone(),
            service_arn: format!("{}.id", i.address),
            cluster_arn: known_str(get(i, "cluster")).unwrap_or_default(),
            assign_public_ip: match blocks(get(i, "network_configuration")) {
                Ok(list) => match list.first() {
                    None => Value::Known(None),
                    Some(n) => bool_or(field(n, "assign_public_ip"), false)
                        .map(|on| Some(if on { "ENABLED" } else { "DISABLED" }.to_string())),
                },
                Err(e) => Value::Unknown(e),
            },
        };
        let mut r = resource(i, name, Attributes::EcsService(service));
        locate(&mut r, "assign_public_ip", i, "network_configuration");
        out.push(r);
    }
    for &i in idx.of("aws_ecs_task_definition") {
        let family = name_or_address(i, "family");
        let containers = match get(i, "container_definitions") {
            None => Value::unknown(format!("{} sets no container_definitions", i.address)),
            Some(Val::String(text)) => match serde_json::from_str::<Json>(text) {
                Ok(doc) => match container_definitions(&doc, false) {
                    Ok(c) => Value::Known(c),
                    Err(e) => Value::Unknown(e),
                },
                Err(e) => Value::unknown(format!("container_definitions is not JSON: {e}")),
            },
            Some(other) => match other.to_json() {
                Ok(doc) => match container_definitions(&doc, false) {
                    Ok(c) => Value::Known(c),
                    Err(e) => Value::Unknown(e),
                },
                Err(e) => Value::unknown(format!("container_definitions: {e}")),
            },
        };
        let task = TaskDefinition {
            family: family.clone(),
            revision: 0,
            task_definition_arn: format!("{}.arn", i.address),
            network_mode: opt_str(get(i, "network_mode")),
            container_definitions: containers,
        };
        let mut r = resource(i, family, Attributes::EcsTaskDefinition(task));
        locate(&mut r, "network_mode", i, "network_mode");
        locate(&mut r, "container_definitions", i, "container_definitions");
        out.push(r);
    }
}
