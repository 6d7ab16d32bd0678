//! ECS task definitions configure logging for every container.

use cloudward_model::ecs::TaskDefinition;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `ContainerDefinitions[].LogConfiguration.LogDriver` of the latest ACTIVE revision:
/// every container must name a log driver (FSBP ECS.9 and its Config rule fail a revision
/// where any container has none).
pub struct EcsTaskDefinitionLoggingConfigured;

const META: RuleMeta = RuleMeta {
    id: "ecs-task-definition-logging-configured",
    title: "ECS task definitions configure logging for every container",
    severity: Severity::Medium,
    service: "ecs",
    kinds: TaskDefinition::KINDS,
    checks: "For the latest ACTIVE revision of each task definition family, whether every container definition has a logConfiguration with a log driver.",
    rationale: "Without a log configuration a container's output stays on the instance (or, on Fargate, nowhere) and is gone with the task: the application's own record of an attack, and the evidence an investigation needs, is lost.",
    remediation: Remediation {
        console: "ECS console > Task definitions > <family> > Create new revision > container > Logging: Use log collection (awslogs to CloudWatch, or FireLens) > Create; update the services.",
        cli: "aws ecs register-task-definition --cli-input-json file://task-definition.json  # \"logConfiguration\": {\"logDriver\": \"awslogs\", \"options\": {...}} in every container",
        terraform: "resource \"aws_ecs_task_definition\" \"this\" {\n  family = \"<family>\"\n  container_definitions = jsonencode([{\n    name  = \"app\"\n    image = \"<image>\"\n    logConfiguration = {\n      logDriver = \"awslogs\"\n      options = {\n        awslogs-group         = aws_cloudwatch_log_group.app.name\n        awslogs-region        = \"<region>\"\n        awslogs-stream-prefix = \"app\"\n      }\n    }\n  }])\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-9"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ECS.9"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ecs_task_definition\" \"app\" {\n  family = \"app\"\n  container_definitions = jsonencode([\n    {\n      name                   = \"app\"\n      image                  = \"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0\"\n      essential              = true\n      user                   = \"1000\"\n      readonlyRootFilesystem = true\n      privileged             = false\n    }\n  ])\n}\n",
        terraform_good: "resource \"aws_ecs_task_definition\" \"app\" {\n  family = \"app\"\n  container_definitions = jsonencode([\n    {\n      name                   = \"app\"\n      image                  = \"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0\"\n      essential              = true\n      user                   = \"1000\"\n      readonlyRootFilesystem = true\n      privileged             = false\n      logConfiguration       = {\n        logDriver = \"awslogs\"\n        options   = {\n          \"awslogs-group\"         = \"/ecs/app\"\n          \"awslogs-region\"        = \"us-east-1\"\n          \"awslogs-stream-prefix\" = \"app\"\n        }\n      }\n    }\n  ])\n}\n",
        cloudformation_bad: "Resources:\n  App:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: app\n      ContainerDefinitions:\n        - Name: app\n          Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0'\n          Essential: true\n          User: '1000'\n          ReadonlyRootFilesystem: true\n          Privileged: false\n",
        cloudformation_good: "Resources:\n  App:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: app\n      ContainerDefinitions:\n        - Name: app\n          Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0'\n          Essential: true\n          User: '1000'\n          ReadonlyRootFilesystem: true\n          Privileged: false\n          LogConfiguration:\n            LogDriver: awslogs\n            Options:\n              awslogs-group: /ecs/app\n              awslogs-region: us-east-1\n              awslogs-stream-prefix: app\n",
    },
    file: file!(),
};

impl Check for EcsTaskDefinitionLoggingConfigured {
    type Subject = TaskDefinition;
    const META: &'static RuleMeta = &META;

    fn judge(&self, task: &TaskDefinition, _: &Resource, _: &Inventory) -> Outcome {
        crate::ecs::each_container(
            task,
            "container_definitions",
            "every container has a log configuration",
            |c| {
                if c.log_driver.is_some() {
                    None
                } else {
                    Some("no log configuration".to_string())
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
    const RULE: EcsTaskDefinitionLoggingConfigured = EcsTaskDefinitionLoggingConfigured;

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(
            judge(Value::Known(vec![container(
                |c| c.log_driver = Some("awslogs".into())
            )])),
            Status::Pass
        );
        assert_eq!(
            judge(Value::Known(vec![
                container(|c| c.log_driver = Some("awslogs".into())),
                container(|_| {})
            ])),
            Status::Fail
        );
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
