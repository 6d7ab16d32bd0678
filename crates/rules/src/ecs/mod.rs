//! ECS rules: the latest ACTIVE revision of each task definition family (no privileged containers, no host networking, no secrets in plain environment variables, read-only root filesystems, a non-root user, logging), services without public IPs, and clusters with Container Insights.

mod ecs_cluster_container_insights_enabled;
mod ecs_service_no_public_ip;
mod ecs_task_definition_logging_configured;
mod ecs_task_definition_no_host_network_mode;
mod ecs_task_definition_no_privileged_containers;
mod ecs_task_definition_non_root_user;
mod ecs_task_definition_readonly_root_filesystem;
mod ecs_task_definition_secrets_not_in_environment;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &ecs_task_definition_no_privileged_containers::EcsTaskDefinitionNoPrivilegedContainers,
    &ecs_task_definition_no_host_network_mode::EcsTaskDefinitionNoHostNetworkMode,
    &ecs_task_definition_secrets_not_in_environment::EcsTaskDefinitionSecretsNotInEnvironment,
    &ecs_task_definition_readonly_root_filesystem::EcsTaskDefinitionReadonlyRootFilesystem,
    &ecs_task_definition_non_root_user::EcsTaskDefinitionNonRootUser,
    &ecs_task_definition_logging_configured::EcsTaskDefinitionLoggingConfigured,
    &ecs_service_no_public_ip::EcsServiceNoPublicIp,
    &ecs_cluster_container_insights_enabled::EcsClusterContainerInsightsEnabled,
];

use cloudward_model::ecs::{ContainerDefinition, TaskDefinition};
use cloudward_model::{Evidence, Outcome};

/// FSBP ECS.8's own list of names that are credentials whatever the words say.
const SECRET_NAMES: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "ECS_ENGINE_AUTH_DATA",
];

/// Whether an environment variable name says it holds a secret.
pub(crate) fn secret_like(name: &str) -> bool {
    SECRET_NAMES.iter().any(|s| s.eq_ignore_ascii_case(name))
        || crate::ssm::secret_word(name).is_some()
}

/// Judge every container of a task definition: `problem` names what is wrong with one, and
/// any problem fails the revision (the evidence lists each container). No containers, or all
/// fine, passes with `ok`.
pub(crate) fn each_container(
    task: &TaskDefinition,
    attribute: &'static str,
    ok: &str,
    problem: impl Fn(&ContainerDefinition) -> Option<String>,
) -> Outcome {
    let containers = match task.container_definitions.get() {
        Err(reason) => return Outcome::unknown(reason),
        Ok(c) => c,
    };
    let bad: Vec<String> = containers
        .iter()
        .filter_map(|c| problem(c).map(|p| format!("container {}: {p}", c.name)))
        .collect();
    // Code declares one revision without a number (0).
    let revision = match task.revision {
        0 => String::new(),
        n => format!(" (revision {n})"),
    };
    if bad.is_empty() {
        Outcome::Pass(Evidence::at(attribute, format!("{ok}{revision}")))
    } else {
        Outcome::Fail(Evidence::at(
            attribute,
            format!("{}{revision}", bad.join("; ")),
        ))
    }
}
