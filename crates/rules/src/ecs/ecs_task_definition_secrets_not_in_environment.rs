//! ECS task definitions pass no secrets as plain environment variables.

use cloudward_model::ecs::TaskDefinition;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads the names of `ContainerDefinitions[].Environment` (never the values) of the latest
/// ACTIVE revision. A name is secret-like when it is one of FSBP ECS.8's names
/// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `ECS_ENGINE_AUTH_DATA`) or matches the SSM
/// rule's secret words ([`crate::ssm::secret_word`]). `Secrets` entries (Secrets Manager or
/// Parameter Store references) are the fix and are not read.
pub struct EcsTaskDefinitionSecretsNotInEnvironment;

const META: RuleMeta = RuleMeta {
    id: "ecs-task-definition-secrets-not-in-environment",
    title: "ECS task definitions pass no secrets as plain environment variables",
    severity: Severity::High,
    service: "ecs",
    kinds: TaskDefinition::KINDS,
    checks: "For the latest ACTIVE revision of each task definition family, whether any container passes an environment variable whose name says it holds a secret (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ECS_ENGINE_AUTH_DATA, or the words password, secret, token, key, apikey, privatekey, credential(s)) in plain text. Values are never read.",
    rationale: "Plain environment values are part of the task definition: anyone allowed ecs:DescribeTaskDefinition reads them, every revision keeps them, and they show in the console, in CloudTrail request parameters and in docker inspect on the host. The secrets parameter injects them from Secrets Manager or Parameter Store at start-up instead, readable only with the execution role.",
    remediation: Remediation {
        console: "Store the value in Secrets Manager (or a SecureString parameter); ECS console > Task definitions > <family> > Create new revision > container > Environment variables: remove the variable and add it with ValueFrom the secret ARN > Create; update the services.",
        cli: "aws secretsmanager create-secret --name <name> --secret-string <value>\naws ecs register-task-definition --cli-input-json file://task-definition.json  # \"secrets\": [{\"name\": \"DB_PASSWORD\", \"valueFrom\": \"<secret-arn>\"}]",
        terraform: "resource \"aws_ecs_task_definition\" \"this\" {\n  family = \"<family>\"\n  container_definitions = jsonencode([{\n    name  = \"app\"\n    image = \"<image>\"\n    secrets = [{\n      name      = \"DB_PASSWORD\"\n      valueFrom = aws_secretsmanager_secret.db.arn\n    }]\n  }])\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-8"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ECS.8"],
        well_architected: &["SEC08-BP01", "SEC03-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ecs_task_definition\" \"app\" {\n  family = \"app\"\n  container_definitions = jsonencode([\n    {\n      name                   = \"app\"\n      image                  = \"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0\"\n      essential              = true\n      user                   = \"1000\"\n      readonlyRootFilesystem = true\n      privileged             = false\n      logConfiguration       = {\n        logDriver = \"awslogs\"\n        options   = {\n          \"awslogs-group\"         = \"/ecs/app\"\n          \"awslogs-region\"        = \"us-east-1\"\n          \"awslogs-stream-prefix\" = \"app\"\n        }\n      }\n      environment            = [\n        {\n          name  = \"DB_PASSWORD\"\n          value = \"hunter2\"\n        }\n      ]\n    }\n  ])\n}\n",
        terraform_good: "resource \"aws_ecs_task_definition\" \"app\" {\n  family = \"app\"\n  container_definitions = jsonencode([\n    {\n      name                   = \"app\"\n      image                  = \"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0\"\n      essential              = true\n      user                   = \"1000\"\n      readonlyRootFilesystem = true\n      privileged             = false\n      logConfiguration       = {\n        logDriver = \"awslogs\"\n        options   = {\n          \"awslogs-group\"         = \"/ecs/app\"\n          \"awslogs-region\"        = \"us-east-1\"\n          \"awslogs-stream-prefix\" = \"app\"\n        }\n      }\n      environment            = [\n        {\n          name  = \"LOG_LEVEL\"\n          value = \"info\"\n        }\n      ]\n      secrets                = [\n        {\n          name      = \"DB_PASSWORD\"\n          valueFrom = \"arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf\"\n        }\n      ]\n    }\n  ])\n}\n",
        cloudformation_bad: "Resources:\n  App:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: app\n      ContainerDefinitions:\n        - Name: app\n          Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0'\n          Essential: true\n          User: '1000'\n          ReadonlyRootFilesystem: true\n          Privileged: false\n          LogConfiguration:\n            LogDriver: awslogs\n            Options:\n              awslogs-group: /ecs/app\n              awslogs-region: us-east-1\n              awslogs-stream-prefix: app\n          Environment:\n            - Name: DB_PASSWORD\n              Value: hunter2\n",
        cloudformation_good: "Resources:\n  App:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Family: app\n      ContainerDefinitions:\n        - Name: app\n          Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0'\n          Essential: true\n          User: '1000'\n          ReadonlyRootFilesystem: true\n          Privileged: false\n          LogConfiguration:\n            LogDriver: awslogs\n            Options:\n              awslogs-group: /ecs/app\n              awslogs-region: us-east-1\n              awslogs-stream-prefix: app\n          Environment:\n            - Name: LOG_LEVEL\n              Value: info\n          Secrets:\n            - Name: DB_PASSWORD\n              ValueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf'\n",
    },
    file: file!(),
};

impl Check for EcsTaskDefinitionSecretsNotInEnvironment {
    type Subject = TaskDefinition;
    const META: &'static RuleMeta = &META;

    fn judge(&self, task: &TaskDefinition, _: &Resource, _: &Inventory) -> Outcome {
        crate::ecs::each_container(
            task,
            "container_definitions",
            "no container passes a secret-like environment variable",
            |c| {
                let names: Vec<&str> = c
                    .environment_names
                    .iter()
                    .map(String::as_str)
                    .filter(|n| crate::ecs::secret_like(n))
                    .collect();
                (!names.is_empty())
                    .then(|| format!("plain environment variable(s) {}", names.join(", ")))
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
    const RULE: EcsTaskDefinitionSecretsNotInEnvironment = EcsTaskDefinitionSecretsNotInEnvironment;

    fn env(names: &[&str]) -> ContainerDefinition {
        container(|c| c.environment_names = names.iter().map(|n| n.to_string()).collect())
    }

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(
            judge(Value::Known(vec![env(&["DB_PASSWORD"])])),
            Status::Fail
        );
        assert_eq!(
            judge(Value::Known(vec![env(&["AWS_ACCESS_KEY_ID"])])),
            Status::Fail
        );
        assert_eq!(
            judge(Value::Known(vec![
                env(&["LOG_LEVEL"]),
                env(&["KMS_KEY_ID"])
            ])),
            Status::Pass
        );
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
