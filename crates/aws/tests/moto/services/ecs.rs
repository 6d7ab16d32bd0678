//! ECS against moto: an insecure task definition (privileged, host networking, a password in
//! the environment, writable root, no user, no logging) and a hardened one; a service with
//! public IPs and one without; a cluster with and one without Container Insights.

use aws_sdk_ecs::types::{
    AssignPublicIp, AwsVpcConfiguration, ClusterSetting, ClusterSettingName, ContainerDefinition,
    KeyValuePair, LaunchType, LogConfiguration, LogDriver, NetworkConfiguration, NetworkMode,
};
use cloudward_model::Status::{Fail, Pass};

use super::Suite;
use crate::findings::Row;
use crate::provision::{default_vpc_id, filter, must};
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const ROWS: &[Row] = &[
    (
        "ecs-task-definition-no-privileged-containers",
        "open-app:1@us-east-1",
        Fail,
    ),
    (
        "ecs-task-definition-no-privileged-containers",
        "hardened-app:2@us-east-1",
        Pass,
    ),
    (
        "ecs-task-definition-no-host-network-mode",
        "open-app:1@us-east-1",
        Fail,
    ),
    (
        "ecs-task-definition-no-host-network-mode",
        "hardened-app:2@us-east-1",
        Pass,
    ),
    (
        "ecs-task-definition-secrets-not-in-environment",
        "open-app:1@us-east-1",
        Fail,
    ),
    (
        "ecs-task-definition-secrets-not-in-environment",
        "hardened-app:2@us-east-1",
        Pass,
    ),
    (
        "ecs-task-definition-readonly-root-filesystem",
        "open-app:1@us-east-1",
        Fail,
    ),
    (
        "ecs-task-definition-readonly-root-filesystem",
        "hardened-app:2@us-east-1",
        Pass,
    ),
    (
        "ecs-task-definition-non-root-user",
        "open-app:1@us-east-1",
        Fail,
    ),
    (
        "ecs-task-definition-non-root-user",
        "hardened-app:2@us-east-1",
        Pass,
    ),
    (
        "ecs-task-definition-logging-configured",
        "open-app:1@us-east-1",
        Fail,
    ),
    (
        "ecs-task-definition-logging-configured",
        "hardened-app:2@us-east-1",
        Pass,
    ),
    ("ecs-service-no-public-ip", "open-web@us-east-1", Fail),
    ("ecs-service-no-public-ip", "private-web@us-east-1", Pass),
    (
        "ecs-cluster-container-insights-enabled",
        "plain-cluster@us-east-1",
        Fail,
    ),
    (
        "ecs-cluster-container-insights-enabled",
        "watched-cluster@us-east-1",
        Pass,
    ),
];

async fn provision(moto: &Moto) {
    let config = moto.sdk_config("us-east-1").await;
    let ecs = aws_sdk_ecs::Client::new(&config);
    // moto checks a service's subnets against EC2: use one of the default VPC's.
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let vpc_id = default_vpc_id(&ec2).await;
    let subnets = must(
        ec2.describe_subnets()
            .filters(filter("vpc-id", vpc_id))
            .send()
            .await,
        "ec2:DescribeSubnets",
    );
    let subnet = subnets
        .subnets()
        .first()
        .and_then(|s| s.subnet_id())
        .expect("moto's default VPC has subnets")
        .to_string();
    let groups = must(
        ec2.describe_security_groups()
            .filters(filter("group-name", "default"))
            .send()
            .await,
        "ec2:DescribeSecurityGroups",
    );
    let group = groups
        .security_groups()
        .first()
        .and_then(|g| g.group_id())
        .expect("moto's default VPC has a default security group")
        .to_string();
    must(
        ecs.create_cluster()
            .cluster_name("plain-cluster")
            .settings(
                ClusterSetting::builder()
                    .name(ClusterSettingName::ContainerInsights)
                    .value("disabled")
                    .build(),
            )
            .send()
            .await,
        "ecs:CreateCluster",
    );
    must(
        ecs.create_cluster()
            .cluster_name("watched-cluster")
            .settings(
                ClusterSetting::builder()
                    .name(ClusterSettingName::ContainerInsights)
                    .value("enabled")
                    .build(),
            )
            .send()
            .await,
        "ecs:CreateCluster",
    );
    let image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0";
    must(
        ecs.register_task_definition()
            .family("open-app")
            .network_mode(NetworkMode::Host)
            .container_definitions(
                ContainerDefinition::builder()
                    .name("app")
                    .image(image)
                    .memory(512)
                    .privileged(true)
                    .environment(
                        KeyValuePair::builder()
                            .name("DB_PASSWORD")
                            .value("hunter2")
                            .build(),
                    )
                    .build(),
            )
            .send()
            .await,
        "ecs:RegisterTaskDefinition",
    );
    // Revision 1 is insecure; the family's latest ACTIVE revision (2) is what is judged.
    for privileged in [true, false] {
        must(
            ecs.register_task_definition()
                .family("hardened-app")
                .network_mode(NetworkMode::Awsvpc)
                .container_definitions(
                    ContainerDefinition::builder()
                        .name("app")
                        .image(image)
                        .memory(512)
                        .privileged(privileged)
                        .readonly_root_filesystem(true)
                        .user("1000")
                        .environment(
                            KeyValuePair::builder()
                                .name("LOG_LEVEL")
                                .value("info")
                                .build(),
                        )
                        .log_configuration(
                            LogConfiguration::builder()
                                .log_driver(LogDriver::Awslogs)
                                .options("awslogs-group", "/ecs/app")
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .send()
                .await,
            "ecs:RegisterTaskDefinition",
        );
    }
    for (name, public) in [
        ("open-web", AssignPublicIp::Enabled),
        ("private-web", AssignPublicIp::Disabled),
    ] {
        must(
            ecs.create_service()
                .cluster("watched-cluster")
                .service_name(name)
                .task_definition("hardened-app")
                .desired_count(1)
                .launch_type(LaunchType::Fargate)
                .network_configuration(
                    NetworkConfiguration::builder()
                        .awsvpc_configuration(
                            AwsVpcConfiguration::builder()
                                .subnets(&subnet)
                                .security_groups(&group)
                                .assign_public_ip(public)
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .send()
                .await,
            "ecs:CreateService",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ecs_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["ecs"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
