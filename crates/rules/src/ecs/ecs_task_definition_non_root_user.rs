//! ECS containers run as a non-root user.

use cloudward_model::ecs::TaskDefinition;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `ContainerDefinitions[].User` of the latest ACTIVE revision. Unset fails: the
/// container then runs as the image's user, which is root unless the image sets `USER`, and
/// the task definition does not say; `root`, `0` and `0:<group>` fail; any other user passes.
pub struct EcsTaskDefinitionNonRootUser;

const META: RuleMeta = RuleMeta {
    id: "ecs-task-definition-non-root-user",
    title: "ECS containers run as a non-root user",
    severity: Severity::Medium,
    service: "ecs",
    kinds: TaskDefinition::KINDS,
    checks: "For the latest ACTIVE revision of each task definition family, whether every container definition sets user to a user other than root (unset, root, 0 and 0:<group> fail).",
    rationale: "A process running as root inside the container is one kernel or runtime bug away from root on the host, can write anywhere the container's filesystem and volumes allow, and can bind privileged ports. Declaring a non-root user in the task definition makes that explicit instead of trusting each image.",
    remediation: Remediation {
        console: "ECS console > Task definitions > <family> > Create new revision > container > Docker configuration: User: a non-root UID (for example 1000) > Create; update the services.",
        cli: "aws ecs register-task-definition --cli-input-json file://task-definition.json  # \"user\": \"1000\" in every container",
        terraform: "resource \"aws_ecs_task_definition\" \"this\" {\n  family = \"<family>\"\n  container_definitions = jsonencode([{\n    name  = \"app\"\n    image = \"<image>\"\n    user  = \"1000\"\n  }])\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security", "https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/security-tasks-containers.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ECS.20"],
        well_architected: &["SEC06-BP02", "SEC03-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ecs_task_definition\" \"app\" {\n  family = \"app\"\n  container_definitions = jsonencode([\n    {\n      name                   = \"app\"\n      image                  = \"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0\"\n      essential              = true\n      readonlyRootFilesystem = true\n      privileged             = false\n      logConfiguration       = {\n        logDriver = \"awslogs\"\n        options   = {\n          \"awslogs-group\"         = \"/ecs/app\"\n          \"awslogs-region\"        = \"us-east-1\"\n          \"awslogs-stream-prefix\" = \"app\"\n        }\n      }\n    }\n  ])\n}\n",
        terraform_good: "resource \"aws_ecs_task_definition\" \"app\" {\n  family = \"app\"\n  container_definitions = jsonencode([\n    {\n      name                   = \"app\"\n      image                  = \"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0\"\n      essential              = true\n      user                   = \"1000\"\n      readonlyRootFilesystem = true\n      privileged             = false\n      logConfiguration       = {\n        logDriver = \"awslogs\"\n        options   = {\n          \"awslogs-group\"         = \"/ecs/app\"\n          \"awslogs-region\"        = \"us-east-1\"\n          \"awslogs-stream-prefix\" = \"app\"\n        }\n      }\n    }\n  ])\n}\n",
        cloudformation_bad: "Resources:\n  App:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: app\n      ContainerDefinitions:\n        - Name: app\n          Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0'\n          Essential: true\n          ReadonlyRootFilesystem: true\n          Privileged: false\n          LogConfiguration:\n            LogDriver: awslogs\n            Options:\n              awslogs-group: /ecs/app\n              awslogs-region: us-east-1\n              awslogs-stream-prefix: app\n",
        cloudformation_good: "Resources:\n  App:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: app\n      ContainerDefinitions:\n        - Name: app\n          Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0'\n          Essential: true\n          User: '1000'\n          ReadonlyRootFilesystem: true\n          Privileged: false\n          LogConfiguration:\n            LogDriver: awslogs\n            Options:\n              awslogs-group: /ecs/app\n              awslogs-region: us-east-1\n              awslogs-stream-prefix: app\n",
    },
    file: file!(),
};

impl Check for EcsTaskDefinitionNonRootUser {
    type Subject = TaskDefinition;
    const META: &'static RuleMeta = &META;

    fn judge(&self, task: &TaskDefinition, _: &Resource, _: &Inventory) -> Outcome {
        crate::ecs::each_container(
            task,
            "container_definitions",
            "every container runs as a non-root user",
            |c| match c.user.as_deref() {
                None => {
                    Some("no user (the image's user, root unless the image sets one)".to_string())
                }
                Some(u) if is_root(u) => Some(format!("user {u}")),
                Some(_) => None,
            },
        )
    }
}

/// `root`, `0`, `root:<group>`, `0:<group>`.
fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user).trim();
    name == "root" || name == "0"
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
    const RULE: EcsTaskDefinitionNonRootUser = EcsTaskDefinitionNonRootUser;

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(
            judge(Value::Known(vec![container(
                |c| c.user = Some("1000:1000".into())
            )])),
            Status::Pass
        );
        assert_eq!(
            judge(Value::Known(vec![container(
                |c| c.user = Some("app".into())
            )])),
            Status::Pass
        );
        assert_eq!(
            judge(Value::Known(vec![container(
                |c| c.user = Some("0:0".into())
            )])),
            Status::Fail
        );
        assert_eq!(
            judge(Value::Known(vec![container(
                |c| c.user = Some("root".into())
            )])),
            Status::Fail
        );
        assert_eq!(judge(Value::Known(vec![container(|_| {})])), Status::Fail);
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
