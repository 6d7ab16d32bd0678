//! ECS containers have read-only root filesystems.

use cloudward_model::ecs::TaskDefinition;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `ContainerDefinitions[].ReadonlyRootFilesystem` of the latest ACTIVE revision
/// (unset is false): every container must set it to true.
pub struct EcsTaskDefinitionReadonlyRootFilesystem;

const META: RuleMeta = RuleMeta {
    id: "ecs-task-definition-readonly-root-filesystem",
    title: "ECS containers have read-only root filesystems",
    severity: Severity::Medium,
    service: "ecs",
    kinds: TaskDefinition::KINDS,
    checks: "For the latest ACTIVE revision of each task definition family, whether every container definition sets readonlyRootFilesystem to true.",
    rationale: "With a writable root filesystem an intruder can drop tools, modify the application's code or configuration and persist until the task is replaced. A read-only root, with explicit volumes for the paths the application must write, turns most of those steps into errors.",
    remediation: Remediation {
        console: "ECS console > Task definitions > <family> > Create new revision > container > Storage: Read only root file system > mount volumes for writable paths > Create; update the services.",
        cli: "aws ecs register-task-definition --cli-input-json file://task-definition.json  # \"readonlyRootFilesystem\": true in every container",
        terraform: "resource \"aws_ecs_task_definition\" \"this\" {\n  family = \"<family>\"\n  container_definitions = jsonencode([{\n    name                   = \"app\"\n    image                  = \"<image>\"\n    readonlyRootFilesystem = true\n  }])\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_storage", "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-5"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ECS.5"],
        well_architected: &["SEC06-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ecs_task_definition\" \"app\" {\n  family = \"app\"\n  container_definitions = jsonencode([\n    {\n      name                   = \"app\"\n      image                  = \"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0\"\n      essential              = true\n      user                   = \"1000\"\n      readonlyRootFilesystem = false\n      privileged             = false\n      logConfiguration       = {\n        logDriver = \"awslogs\"\n        options   = {\n          \"awslogs-group\"         = \"/ecs/app\"\n          \"awslogs-region\"        = \"us-east-1\"\n          \"awslogs-stream-prefix\" = \"app\"\n        }\n      }\n    }\n  ])\n}\n",
        terraform_good: "resource \"aws_ecs_task_definition\" \"app\" {\n  family = \"app\"\n  container_definitions = jsonencode([\n    {\n      name                   = \"app\"\n      image                  = \"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0\"\n      essential              = true\n      user                   = \"1000\"\n      readonlyRootFilesystem = true\n      privileged             = false\n      logConfiguration       = {\n        logDriver = \"awslogs\"\n        options   = {\n          \"awslogs-group\"         = \"/ecs/app\"\n          \"awslogs-region\"        = \"us-east-1\"\n          \"awslogs-stream-prefix\" = \"app\"\n        }\n      }\n    }\n  ])\n}\n",
        cloudformation_bad: "Resources:\n  App:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: app\n      ContainerDefinitions:\n        - Name: app\n          Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0'\n          Essential: true\n          User: '1000'\n          ReadonlyRootFilesystem: false\n          Privileged: false\n          LogConfiguration:\n            LogDriver: awslogs\n            Options:\n              awslogs-group: /ecs/app\n              awslogs-region: us-east-1\n              awslogs-stream-prefix: app\n",
        cloudformation_good: "Resources:\n  App:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: app\n      ContainerDefinitions:\n        - Name: app\n          Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0'\n          Essential: true\n          User: '1000'\n          ReadonlyRootFilesystem: true\n          Privileged: false\n          LogConfiguration:\n            LogDriver: awslogs\n            Options:\n              awslogs-group: /ecs/app\n              awslogs-region: us-east-1\n              awslogs-stream-prefix: app\n",
    },
    file: file!(),
};

impl Check for EcsTaskDefinitionReadonlyRootFilesystem {
    type Subject = TaskDefinition;
    const META: &'static RuleMeta = &META;

    fn judge(&self, task: &TaskDefinition, _: &Resource, _: &Inventory) -> Outcome {
        crate::ecs::each_container(
            task,
            "container_definitions",
            "every container has a read-only root filesystem",
            |c| {
                if c.readonly_root_filesystem == Some(true) {
                    None
                } else {
                    Some("a writable root filesystem".to_string())
                }
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::ecs::ContainerDefinition;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(containers: Value<Vec<ContainerDefinition>>) -> Status {
        let r = resource(
            "app",
            Attributes::EcsTaskDefinition(TaskDefinition {
                family: "app".into(),
                revision: 3,
                container_definitions: containers,
                ..Default::default()
            }),
        );
        testing::judge(&RULE, &r)
    }

    fn container(f: impl FnOnce(&mut ContainerDefinition)) -> ContainerDefinition {
        let mut c = ContainerDefinition {
            name: "app".into(),
            ..Default::default()
        };
        f(&mut c);
        c
    }
    const RULE: EcsTaskDefinitionReadonlyRootFilesystem = EcsTaskDefinitionReadonlyRootFilesystem;

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(
            judge(Value::Known(vec![container(|c| c
                .readonly_root_filesystem =
                Some(true))])),
            Status::Pass
        );
        assert_eq!(
            judge(Value::Known(vec![
                container(|c| c.readonly_root_filesystem = Some(true)),
                container(|_| {})
            ])),
            Status::Fail
        );
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
