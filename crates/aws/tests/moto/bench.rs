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
    while let Some(done) = tasks.join_next().await {
        done.expect("a provisioning task panicked");
    }
    println!(
        "provisioned {sgs} security groups, {buckets} buckets, {users} users, {instances} \
         instances in {:.1} s",
        start.elapsed().as_secs_f64()
    );
}
