//! ECS task definitions run no privileged containers.

use cloudward_model::ecs::TaskDefinition;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `ContainerDefinitions[].Privileged` of the latest ACTIVE revision of each family
/// (unset is false). Any privileged container fails the revision.
pub struct EcsTaskDefinitionNoPrivilegedContainers;

const META: RuleMeta = RuleMeta {
    id: "ecs-task-definition-no-privileged-containers",
    title: "ECS task definitions run no privileged containers",
    severity: Severity::High,
    service: "ecs",
    kinds: TaskDefinition::KINDS,
    checks: "For the latest ACTIVE revision of each task definition family, whether any container definition sets privileged to true.",
    rationale: "A privileged container runs with every Linux capability and the host's devices: a compromise of the application is a compromise of the container instance, every other task on it and the instance role. Fargate refuses privileged containers; on EC2 they are rarely needed.",
    remediation: Remediation {
        console: "ECS console > Task definitions > <family> > Create new revision > container > Docker configuration: clear Privileged > Create; update the services to the new revision.",
        cli: "aws ecs register-task-definition --cli-input-json file://task-definition.json  # with \"privileged\": false in every container",
        terraform: "resource \"aws_ecs_task_definition\" \"this\" {\n  family = \"<family>\"\n  container_definitions = jsonencode([{\n    name       = \"app\"\n    image      = \"<image>\"\n    privileged = false\n  }])\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security", "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-4"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ECS.4"],
        well_architected: &["SEC06-BP02", "SEC03-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ecs_task_definition\" \"app\" {\n  family = \"app\"\n  container_definitions = jsonencode([\n    {\n      name       = \"app\"\n      image      = \"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0\"\n      essential  = true\n      privileged = true\n    }\n  ])\n}\n",
        terraform_good: "resource \"aws_ecs_task_definition\" \"app\" {\n  family = \"app\"\n  container_definitions = jsonencode([\n    {\n      name                   = \"app\"\n      image                  = \"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0\"\n      essential              = true\n      user                   = \"1000\"\n      readonlyRootFilesystem = true\n      privileged             = false\n      logConfiguration       = {\n        logDriver = \"awslogs\"\n        options   = {\n          \"awslogs-group\"         = \"/ecs/app\"\n          \"awslogs-region\"        = \"us-east-1\"\n          \"awslogs-stream-prefix\" = \"app\"\n        }\n      }\n    }\n  ])\n}\n",
        cloudformation_bad: "Resources:\n  App:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: app\n      ContainerDefinitions:\n        - Name: app\n          Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0'\n          Essential: true\n          Privileged: true\n",
        cloudformation_good: "Resources:\n  App:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: app\n      ContainerDefinitions:\n        - Name: app\n          Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0'\n          Essential: true\n          User: '1000'\n          ReadonlyRootFilesystem: true\n          Privileged: false\n          LogConfiguration:\n            LogDriver: awslogs\n            Options:\n              awslogs-group: /ecs/app\n              awslogs-region: us-east-1\n              awslogs-stream-prefix: app\n",
    },
    file: file!(),
};

impl Check for EcsTaskDefinitionNoPrivilegedContainers {
    type Subject = TaskDefinition;
    const META: &'static RuleMeta = &META;

    fn judge(&self, task: &TaskDefinition, _: &Resource, _: &Inventory) -> Outcome {
        crate::ecs::each_container(
            task,
            "container_definitions",
            "no container is privileged",
            |c| {
                if c.privileged == Some(true) {
                    Some("privileged".to_string())
                } else {
                    None
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
    const RULE: EcsTaskDefinitionNoPrivilegedContainers = EcsTaskDefinitionNoPrivilegedContainers;

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(
            judge(Value::Known(vec![container(|c| c.privileged = Some(true))])),
            Status::Fail
        );
        assert_eq!(
            judge(Value::Known(vec![
                container(|c| c.privileged = Some(false)),
                container(|_| {})
            ])),
            Status::Pass
        );
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
