//! ECS task definitions do not use the host network mode.

use cloudward_model::ecs::TaskDefinition;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `NetworkMode` of the latest ACTIVE revision (unset is `bridge` on Linux EC2):
/// `host` fails. FSBP's ECS.1 (retired) failed host-mode tasks only together with a root or
/// privileged container; those are this catalogue's own rules, so this one judges the network
/// mode alone.
pub struct EcsTaskDefinitionNoHostNetworkMode;

const META: RuleMeta = RuleMeta {
    id: "ecs-task-definition-no-host-network-mode",
    title: "ECS task definitions do not use the host network mode",
    severity: Severity::Medium,
    service: "ecs",
    kinds: TaskDefinition::KINDS,
    checks: "For the latest ACTIVE revision of each task definition family, whether its network mode is host.",
    rationale: "In host mode the task shares the container instance's network stack: it can bind any port of the host, reach services listening on localhost (the ECS agent's introspection API, the instance metadata service without the task-role isolation) and sniff the host's traffic with the right capabilities. awsvpc gives each task its own interface and security group.",
    remediation: Remediation {
        console: "ECS console > Task definitions > <family> > Create new revision > Network mode: awsvpc (or bridge) > Create; update the services.",
        cli: "aws ecs register-task-definition --cli-input-json file://task-definition.json  # with \"networkMode\": \"awsvpc\"",
        terraform: "resource \"aws_ecs_task_definition\" \"this\" {\n  family       = \"<family>\"\n  network_mode = \"awsvpc\"\n  # ...\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html", "https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/security-network.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ECS.17"],
        well_architected: &["SEC05-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ecs_task_definition\" \"app\" {\n  family = \"app\"\n  network_mode = \"host\"\n  container_definitions = jsonencode([\n    {\n      name                   = \"app\"\n      image                  = \"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0\"\n      essential              = true\n      user                   = \"1000\"\n      readonlyRootFilesystem = true\n      privileged             = false\n      logConfiguration       = {\n        logDriver = \"awslogs\"\n        options   = {\n          \"awslogs-group\"         = \"/ecs/app\"\n          \"awslogs-region\"        = \"us-east-1\"\n          \"awslogs-stream-prefix\" = \"app\"\n        }\n      }\n    }\n  ])\n}\n",
        terraform_good: "resource \"aws_ecs_task_definition\" \"app\" {\n  family = \"app\"\n  network_mode = \"awsvpc\"\n  container_definitions = jsonencode([\n    {\n      name                   = \"app\"\n      image                  = \"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0\"\n      essential              = true\n      user                   = \"1000\"\n      readonlyRootFilesystem = true\n      privileged             = false\n      logConfiguration       = {\n        logDriver = \"awslogs\"\n        options   = {\n          \"awslogs-group\"         = \"/ecs/app\"\n          \"awslogs-region\"        = \"us-east-1\"\n          \"awslogs-stream-prefix\" = \"app\"\n        }\n      }\n    }\n  ])\n}\n",
        cloudformation_bad: "Resources:\n  App:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      NetworkMode: host\n      Family: app\n      ContainerDefinitions:\n        - Name: app\n          Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0'\n          Essential: true\n          User: '1000'\n          ReadonlyRootFilesystem: true\n          Privileged: false\n          LogConfiguration:\n            LogDriver: awslogs\n            Options:\n              awslogs-group: /ecs/app\n              awslogs-region: us-east-1\n              awslogs-stream-prefix: app\n",
        cloudformation_good: "Resources:\n  App:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      NetworkMode: awsvpc\n      Family: app\n      ContainerDefinitions:\n        - Name: app\n          Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0'\n          Essential: true\n          User: '1000'\n          ReadonlyRootFilesystem: true\n          Privileged: false\n          LogConfiguration:\n            LogDriver: awslogs\n            Options:\n              awslogs-group: /ecs/app\n              awslogs-region: us-east-1\n              awslogs-stream-prefix: app\n",
    },
    file: file!(),
};

impl Check for EcsTaskDefinitionNoHostNetworkMode {
    type Subject = TaskDefinition;
    const META: &'static RuleMeta = &META;

    fn judge(&self, task: &TaskDefinition, _: &Resource, _: &Inventory) -> Outcome {
        match task.network_mode.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(Some(mode)) if mode == "host" => Outcome::Fail(Evidence::at(
                "network_mode",
                "the task shares the host's network stack (network mode host)",
            )),
            Ok(mode) => Outcome::Pass(Evidence::at(
                "network_mode",
                format!(
                    "network mode {}",
                    mode.as_deref().unwrap_or("not set (bridge on Linux)")
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(mode: Value<Option<String>>) -> Status {
        let r = resource(
            "app",
            Attributes::EcsTaskDefinition(TaskDefinition {
                network_mode: mode,
                ..Default::default()
            }),
        );
        testing::judge(&EcsTaskDefinitionNoHostNetworkMode, &r)
    }

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(judge(Value::Known(Some("host".into()))), Status::Fail);
        assert_eq!(judge(Value::Known(Some("awsvpc".into()))), Status::Pass);
        assert_eq!(judge(Value::Known(None)), Status::Pass);
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
