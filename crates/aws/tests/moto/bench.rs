//! Provisioning for the live-scan benchmark (`bench/live_scan.sh`): a large account in an
//! already running moto, so the script can account moto's CPU time by its process id.
//!
//! Not a test: it does nothing unless `CLOUDWARD_BENCH_ENDPOINT` is set. Sizes come from
//! `CLOUDWARD_BENCH_{SECURITY_GROUPS,BUCKETS,USERS,INSTANCES}` (defaults 2000/500/500/200),
//! split evenly over us-east-1 and eu-west-1 where the resource is regional. Requests go out
//! 16 at a time; moto's single Python process is the bottleneck, not the client.

use std::sync::Arc;
use std::time::Instant;

use aws_sdk_ec2::types as ec2t;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::provision::{default_vpc_id, filter, must, Regional, AMI, REGIONS};
use crate::server::{init_env, Moto};

fn size(name: &str, default: usize) -> usize {
    std::env::var(format!("CLOUDWARD_BENCH_{name}"))
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn default_vpc(ec2: &aws_sdk_ec2::Client) -> (String, String) {
    let vpc_id = default_vpc_id(ec2).await;
    let subnets = must(
        ec2.describe_subnets()
            .filters(filter("vpc-id", &vpc_id))
            .send()
            .await,
        "ec2:DescribeSubnets",
    );
    let subnet_id = subnets
        .subnets()
        .first()
        .and_then(|s| s.subnet_id())
        .expect("the default VPC has subnets")
        .to_string();
    (vpc_id, subnet_id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "provisioning step of bench/live_scan.sh"]
async fn provision_large_account() {
    let Ok(endpoint) = std::env::var("CLOUDWARD_BENCH_ENDPOINT") else {
        eprintln!("CLOUDWARD_BENCH_ENDPOINT is not set; run bench/live_scan.sh");
        return;
    };
    init_env();
    let (sgs, buckets, users, instances) = (
        size("SECURITY_GROUPS", 2000),
        size("BUCKETS", 500),
        size("USERS", 500),
        size("INSTANCES", 200),
    );
    let moto = Moto::attach(&endpoint);
    let start = Instant::now();
    let limit = Arc::new(Semaphore::new(16));
    let mut tasks = JoinSet::new();

    let iam = aws_sdk_iam::Client::new(&moto.sdk_config(REGIONS[0]).await);
    for i in 0..users {
        let (iam, limit) = (iam.clone(), limit.clone());
        tasks.spawn(async move {
            let _permit = limit.acquire().await.expect("semaphore open");
            let name = format!("bench-user-{i:04}");
            must(
                iam.create_user().user_name(&name).send().await,
                "iam:CreateUser",
            );
            if i % 2 == 0 {
                must(
                    iam.create_access_key().user_name(&name).send().await,
                    "iam:CreateAccessKey",
                );
            }
        });
    }
    for (r, region) in REGIONS.into_iter().enumerate() {
        let regional = Arc::new(Regional::new(&moto, region).await);
        let (vpc_id, subnet_id) = default_vpc(&regional.ec2).await;
        for i in (r..buckets).step_by(REGIONS.len()) {
            let (regional, limit) = (regional.clone(), limit.clone());
            tasks.spawn(async move {
                let _permit = limit.acquire().await.expect("semaphore open");
                let name = format!("bench-bucket-{i:04}");
                let mut request = regional.s3.create_bucket().bucket(&name);
                if regional.region != "us-east-1" {
                    request = request.create_bucket_configuration(
                        aws_sdk_s3::types::CreateBucketConfiguration::builder()
                            .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(
                                regional.region,
                            ))
                            .build(),
                    );
                }
                must(request.send().await, "s3:CreateBucket");
            });
        }
        for i in (r..sgs).step_by(REGIONS.len()) {
            let (regional, limit, vpc_id) = (regional.clone(), limit.clone(), vpc_id.clone());
            tasks.spawn(async move {
                let _permit = limit.acquire().await.expect("semaphore open");
                let created = must(
                    regional
                        .ec2
                        .create_security_group()
                        .group_name(format!("bench-sg-{i:04}"))
                        .description("benchmark")
                        .vpc_id(vpc_id)
                        .send()
                        .await,
                    "ec2:CreateSecurityGroup",
                );
                // One group in ten is open to the world on SSH.
                let cidr = if i % 10 == 0 {
                    "0.0.0.0/0"
                } else {
                    "10.0.0.0/8"
                };
                must(
                    regional
                        .ec2
                        .authorize_security_group_ingress()
                        .group_id(created.group_id().expect("group id"))
                        .ip_permissions(
                            ec2t::IpPermission::builder()
                                .ip_protocol("tcp")
                                .from_port(22)
                                .to_port(22)
                                .ip_ranges(ec2t::IpRange::builder().cidr_ip(cidr).build())
                                .build(),
                        )
                        .send()
                        .await,
                    "ec2:AuthorizeSecurityGroupIngress",
                );
            });
        }
        // Instances in batches of 25 per RunInstances call.
        let per_region = instances / REGIONS.len() + usize::from(r < instances % REGIONS.len());
        let mut launched = 0;
        while launched < per_region {
            let count = (per_region - launched).min(25);
            launched += count;
            let (regional, limit, subnet_id) = (regional.clone(), limit.clone(), subnet_id.clone());
            tasks.spawn(async move {
                let _permit = limit.acquire().await.expect("semaphore open");
                let count = i32::try_from(count).expect("batch of 25 fits");
                must(
                    regional
                        .ec2
                        .run_instances()
                        .image_id(AMI)
                        .instance_type(ec2t::InstanceType::T3Micro)
                        .min_count(count)
                        .max_count(count)
                        .subnet_id(subnet_id)
                        .send()
                        .await,
                    "ec2:RunInstances",
                );
            });
        }
    }
    // Issue 9's services, split over the regions: keys, secrets, parameters, log groups,
    // topics, queues, tables and databases.
    let data = size("DATA_RESOURCES", 200);
    for (r, region) in REGIONS.into_iter().enumerate() {
        let config = moto.sdk_config(region).await;
        let kms = aws_sdk_kms::Client::new(&config);
        let secrets = aws_sdk_secretsmanager::Client::new(&config);
        let ssm = aws_sdk_ssm::Client::new(&config);
        let logs = aws_sdk_cloudwatchlogs::Client::new(&config);
        let sns = aws_sdk_sns::Client::new(&config);
        let sqs = aws_sdk_sqs::Client::new(&config);
        let dynamodb = aws_sdk_dynamodb::Client::new(&config);
        let rds = aws_sdk_rds::Client::new(&config);
        for i in (r..data).step_by(REGIONS.len()) {
            let limit = limit.clone();
            let (kms, secrets, ssm, logs, sns, sqs) = (
                kms.clone(),
                secrets.clone(),
                ssm.clone(),
                logs.clone(),
                sns.clone(),
                sqs.clone(),
            );
            let (dynamodb, rds) = (dynamodb.clone(), rds.clone());
            tasks.spawn(async move {
                let _permit = limit.acquire().await.expect("semaphore open");
                must(kms.create_key().send().await, "kms:CreateKey");
                must(
                    secrets
                        .create_secret()
                        .name(format!("bench/secret-{i:04}"))
                        .secret_string("x")
                        .send()
                        .await,
                    "secretsmanager:CreateSecret",
                );
                must(
                    ssm.put_parameter()
                        .name(format!("/bench/db-password-{i:04}"))
                        .value("x")
                        .r#type(aws_sdk_ssm::types::ParameterType::String)
                        .send()
                        .await,
                    "ssm:PutParameter",
                );
                must(
                    logs.create_log_group()
                        .log_group_name(format!("/bench/app-{i:04}"))
                        .send()
                        .await,
                    "logs:CreateLogGroup",
                );
                must(
                    sns.create_topic()
                        .name(format!("bench-topic-{i:04}"))
                        .send()
                        .await,
                    "sns:CreateTopic",
                );
                must(
                    sqs.create_queue()
                        .queue_name(format!("bench-queue-{i:04}"))
                        .send()
                        .await,
                    "sqs:CreateQueue",
                );
                if i % 4 == 0 {
                    must(
                        dynamodb
                            .create_table()
                            .table_name(format!("bench-table-{i:04}"))
                            .attribute_definitions(
                                aws_sdk_dynamodb::types::AttributeDefinition::builder()
                                    .attribute_name("id")
                                    .attribute_type(aws_sdk_dynamodb::types::ScalarAttributeType::S)
                                    .build()
                                    .expect("attribute"),
                            )
                            .key_schema(
                                aws_sdk_dynamodb::types::KeySchemaElement::builder()
                                    .attribute_name("id")
                                    .key_type(aws_sdk_dynamodb::types::KeyType::Hash)
                                    .build()
                                    .expect("key"),
                            )
                            .billing_mode(aws_sdk_dynamodb::types::BillingMode::PayPerRequest)
                            .send()
                            .await,
                        "dynamodb:CreateTable",
                    );
                }
                if i % 10 == 0 {
                    must(
                        rds.create_db_instance()
                            .db_instance_identifier(format!("bench-db-{i:04}"))
                            .db_instance_class("db.t3.micro")
                            .engine("postgres")
                            .master_username("postgres")
                            .master_user_password("benchmark-password")
                            .allocated_storage(20)
                            .send()
                            .await,
                        "rds:CreateDBInstance",
                    );
                }
            });
        }
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("a provisioning task panicked");
    }
    println!(
        "provisioned {sgs} security groups, {buckets} buckets, {users} users, {instances} \
         instances, and {data} each of KMS keys, secrets, parameters, log groups, topics and \
         queues ({} tables, {} databases) in {:.1} s",
        data.div_ceil(4),
        data.div_ceil(10),
        start.elapsed().as_secs_f64()
    );
}
