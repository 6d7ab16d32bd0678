//! ECS: `AWS::ECS::Cluster` (`ClusterSettings` `containerInsights`; unset is the account
//! default: Unknown), `AWS::ECS::Service` (`AwsvpcConfiguration.AssignPublicIp`, default
//! `DISABLED`) and `AWS::ECS::TaskDefinition` (one revision; the container definitions' security
//! fields and environment variable names, never their values).

use cloudward_model::ecs::{Cluster, ContainerDefinition, Service, TaskDefinition};
use cloudward_model::{Attributes, Value};

use super::eval::Val;
use serde_json::Value as Json;

use super::{known, locations, Template};

/// Container definitions from the ECS JSON document (`name`, `privileged`,
/// `readonlyRootFilesystem`, `user`, `environment[].name`, `logConfiguration.logDriver`), as
/// the API and Terraform spell them; `pascal` reads CloudFormation's spelling instead. Shared
/// with the Terraform adapter.
pub(crate) fn container_definitions(
    doc: &Json,
    pascal: bool,
) -> Result<Vec<ContainerDefinition>, String> {
    let key = |k: &str| -> String {
        if pascal {
            let mut c = k.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        } else {
            k.to_string()
        }
    };
    let items = doc
        .as_array()
        .ok_or_else(|| "container definitions are not a list".to_string())?;
    let mut out = Vec::new();
    for item in items {
        let get = |k: &str| item.get(key(k)).filter(|v| !v.is_null());
        let flag = |k: &str| -> Result<Option<bool>, String> {
            match get(k) {
                None => Ok(None),
                Some(Json::Bool(b)) => Ok(Some(*b)),
                Some(Json::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
                Some(Json::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
                Some(other) => Err(format!("{}: {other} is not a boolean", key(k))),
            }
        };
        let name = get("name").and_then(Json::as_str).unwrap_or("").to_string();
        let environment_names = match get("environment") {
            None => Vec::new(),
            Some(Json::Array(vars)) => vars
                .iter()
                .filter_map(|v| {
                    v.get(key("name"))
                        .and_then(Json::as_str)
                        .map(str::to_string)
                })
                .collect(),
            Some(_) => return Err(format!("container {name}: environment is not a list")),
        };
        out.push(ContainerDefinition {
            privileged: flag("privileged")?,
            readonly_root_filesystem: flag("readonlyRootFilesystem")?,
            user: match get("user") {
                None => None,
                Some(Json::String(s)) => Some(s.clone()),
                Some(other) => Some(other.to_string()),
            },
            environment_names,
            log_driver: get("logConfiguration")
                .and_then(|l| l.get(key("logDriver")))
                .and_then(Json::as_str)
                .map(str::to_string),
            name,
        });
    }
    Ok(out)
}

fn indices(t: &Template<'_>, rtype: &str) -> Vec<usize> {
    (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == rtype)
        .collect()
}

fn insights(p: &Val) -> Value<String> {
    let unset = || {
        Value::unknown(
            "containerInsights is not set: the account default (ecs put-account-setting-default) decides",
        )
    };
    let Some(settings) = p.get("ClusterSettings") else {
        return unset();
    };
    let items = match settings.list() {
        Ok(items) => items,
        Err(r) => return Value::Unknown(r),
    };
    for s in items {
        if s.get("Name").and_then(|n| n.string().ok()).as_deref() == Some("containerInsights") {
            return match s.get("Value") {
                Some(v) => known(v.string()),
                None => Value::unknown("the containerInsights setting has no Value"),
            };
        }
    }
    unset()
}

pub(crate) fn adapt(t: &mut Template<'_>) {
    for i in indices(t, "AWS::ECS::Cluster") {
        let decl = &t.decls[i];
        let name = decl.name_or_logical_id("ClusterName");
        let cluster = Cluster {
            cluster_name: name.clone(),
            cluster_arn: decl.logical_id.clone(),
            container_insights: insights(&decl.props),
        };
        let locs = locations(
            t,
            [(
                "container_insights".to_string(),
                decl.props.key_pos("ClusterSettings"),
            )],
        );
        t.push(i, name, Attributes::EcsCluster(cluster), locs);
    }
    for i in indices(t, "AWS::ECS::Service") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("ServiceName");
        let service = Service {
            service_name: name.clone(),
            service_arn: decl.logical_id.clone(),
            cluster_arn: p
                .get("Cluster")
                .and_then(|c| c.id().ok())
                .unwrap_or_default(),
            assign_public_ip: match p
                .get("NetworkConfiguration")
                .and_then(|n| n.get("AwsvpcConfiguration"))
            {
                None => Value::Known(None),
                Some(a) => match a.get("AssignPublicIp") {
                    None => Value::Known(Some("DISABLED".into())),
                    Some(v) => known(v.string()).map(Some),
                },
            },
        };
        let locs = locations(
            t,
            [(
                "assign_public_ip".to_string(),
                p.key_pos("NetworkConfiguration"),
            )],
        );
        t.push(i, name, Attributes::EcsService(service), locs);
    }
    for i in indices(t, "AWS::ECS::TaskDefinition") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let family = decl.name_or_logical_id("Family");
        let containers = match p.get("ContainerDefinitions") {
            None => Value::Known(Vec::new()),
            Some(v) => known(
                container_definitions(&v.to_json_lossy(), true)
                    .map_err(|e| format!("ContainerDefinitions: {e}")),
            ),
        };
        let task = TaskDefinition {
            family: family.clone(),
            revision: 0,
            task_definition_arn: decl.logical_id.clone(),
            network_mode: match p.get("NetworkMode") {
                None => Value::Known(None),
                Some(v) => known(v.string()).map(Some),
            },
            container_definitions: containers,
        };
        let locs = locations(
            t,
            [
                ("network_mode", "NetworkMode"),
                ("container_definitions", "ContainerDefinitions"),
            ]
            .map(|(k, cfn)| (k.to_string(), p.key_pos(cfn))),
        );
        t.push(i, family, Attributes::EcsTaskDefinition(task), locs);
    }
}
