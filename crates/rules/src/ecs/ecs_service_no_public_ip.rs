//! ECS services do not assign public IP addresses to their tasks.

use cloudward_model::ecs::Service;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp` (`assign_public_ip`,
/// default false; `AssignPublicIp`, default `DISABLED`). `ENABLED` fails. A service without an
/// awsvpc configuration (bridge or host networking on EC2) gives its tasks no address of
/// their own and passes.
pub struct EcsServiceNoPublicIp;

const META: RuleMeta = RuleMeta {
    id: "ecs-service-no-public-ip",
    title: "ECS services do not assign public IP addresses to their tasks",
    severity: Severity::High,
    service: "ecs",
    kinds: Service::KINDS,
    checks: "For each ECS service, whether its awsvpc network configuration has AssignPublicIp ENABLED.",
    rationale: "A task with a public IP in a subnet with an internet gateway is reachable from the internet on every port its security group allows, and bypasses the load balancer, WAF and NAT egress controls in front of it. Tasks belong in private subnets behind a load balancer, pulling images through NAT or VPC endpoints.",
    remediation: Remediation {
        console: "ECS console > Clusters > <cluster> > Services > <service> > Update > Networking: private subnets, Public IP turned off > Update (new tasks get no public IP).",
        cli: "aws ecs update-service --cluster <cluster> --service <service> --network-configuration \"awsvpcConfiguration={subnets=[<private-subnet>],securityGroups=[<sg-id>],assignPublicIp=DISABLED}\"",
        terraform: "resource \"aws_ecs_service\" \"this\" {\n  name = \"<name>\"\n  # ...\n  network_configuration {\n    subnets          = [aws_subnet.private.id]\n    security_groups  = [aws_security_group.app.id]\n    assign_public_ip = false\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-2"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ECS.2"],
        well_architected: &["SEC05-BP01", "SEC05-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ecs_cluster\" \"main\" {\n  name = \"main\"\n}\n\nresource \"aws_ecs_service\" \"web\" {\n  name            = \"web\"\n  cluster         = aws_ecs_cluster.main.id\n  task_definition = \"web:1\"\n  desired_count   = 2\n  launch_type     = \"FARGATE\"\n  network_configuration {\n    subnets          = [\"subnet-0123456789abcdef0\"]\n    assign_public_ip = true\n  }\n}\n",
        terraform_good: "resource \"aws_ecs_cluster\" \"main\" {\n  name = \"main\"\n}\n\nresource \"aws_ecs_service\" \"web\" {\n  name            = \"web\"\n  cluster         = aws_ecs_cluster.main.id\n  task_definition = \"web:1\"\n  desired_count   = 2\n  launch_type     = \"FARGATE\"\n  network_configuration {\n    subnets          = [\"subnet-0123456789abcdef0\"]\n    assign_public_ip = false\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Web:\n    Type: AWS::ECS::Service\n    Properties:\n      ServiceName: web\n      Cluster: main\n      TaskDefinition: web:1\n      DesiredCount: 2\n      LaunchType: FARGATE\n      NetworkConfiguration:\n        AwsvpcConfiguration:\n          Subnets:\n            - subnet-0123456789abcdef0\n          AssignPublicIp: ENABLED\n",
        cloudformation_good: "Resources:\n  Web:\n    Type: AWS::ECS::Service\n    Properties:\n      ServiceName: web\n      Cluster: main\n      TaskDefinition: web:1\n      DesiredCount: 2\n      LaunchType: FARGATE\n      NetworkConfiguration:\n        AwsvpcConfiguration:\n          Subnets:\n            - subnet-0123456789abcdef0\n          AssignPublicIp: DISABLED\n",
    },
    file: file!(),
};

impl Check for EcsServiceNoPublicIp {
    type Subject = Service;
    const META: &'static RuleMeta = &META;

    fn judge(&self, service: &Service, _: &Resource, _: &Inventory) -> Outcome {
        match service.assign_public_ip.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(Some(v)) if v == "ENABLED" => Outcome::Fail(Evidence::at(
                "assign_public_ip",
                "tasks are given public IP addresses (AssignPublicIp ENABLED)",
            )),
            Ok(Some(v)) => Outcome::Pass(Evidence::at(
                "assign_public_ip",
                format!("tasks get no public IP (AssignPublicIp {v})"),
            )),
            Ok(None) => Outcome::Pass(Evidence::at(
                "assign_public_ip",
                "no awsvpc configuration: tasks have no address of their own",
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

    fn judge(v: Value<Option<String>>) -> Status {
        let r = resource(
            "web",
            Attributes::EcsService(Service {
                assign_public_ip: v,
                ..Default::default()
            }),
        );
        testing::judge(&EcsServiceNoPublicIp, &r)
    }

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(judge(Value::Known(Some("ENABLED".into()))), Status::Fail);
        assert_eq!(judge(Value::Known(Some("DISABLED".into()))), Status::Pass);
        assert_eq!(judge(Value::Known(None)), Status::Pass);
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
