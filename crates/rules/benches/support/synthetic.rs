//! A synthetic inventory for benchmarks: a deterministic mix of buckets, security groups,
//! instances, volumes, snapshots, network resources and IAM users, with a share of
//! misconfigured and unreadable attributes so that every outcome path (Pass, Fail, Unknown,
//! the cross-resource lookups) is exercised. Shared by `benches/engine.rs` and
//! `examples/synthetic.rs` through `#[path]`.

use chrono::{TimeZone, Utc};
use cloudward_model::ec2::{
    FlowLog, Instance, MetadataOptions, NetworkAcl, NetworkAclEntry, Peer, Route, RouteTable,
    RuleAction, SecurityGroup, SecurityGroupRule, Snapshot, Subnet, Volume, Vpc,
};
use cloudward_model::iam::{AccessKey, AccessKeyStatus, User};
use cloudward_model::policy::PolicyDocument;
use cloudward_model::s3::{Bucket, Encryption, Grant, Logging, PublicAccessBlock, Versioning};
use cloudward_model::{Attributes, Inventory, Resource, Source, Value};

const ACCOUNT: &str = "123456789012";
const REGIONS: [&str; 4] = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];

/// Share of each kind, per 1000 resources.
const MIX: [(Kind, usize); 12] = [
    (Kind::Bucket, 100),
    (Kind::SecurityGroup, 150),
    (Kind::Instance, 200),
    (Kind::Volume, 290),
    (Kind::Snapshot, 100),
    (Kind::Subnet, 50),
    (Kind::RouteTable, 10),
    (Kind::Vpc, 10),
    (Kind::NetworkAcl, 10),
    (Kind::User, 70),
    (Kind::AccountBlock, 0),
    (Kind::EbsDefault, 10),
];

#[derive(Clone, Copy)]
enum Kind {
    Bucket,
    SecurityGroup,
    Instance,
    Volume,
    Snapshot,
    Subnet,
    RouteTable,
    Vpc,
    NetworkAcl,
    User,
    AccountBlock,
    EbsDefault,
}

fn resource(kind: &str, name: String, region: &str, attributes: Attributes) -> Resource {
    Resource {
        id: format!("arn:aws:{kind}:{region}:{ACCOUNT}:{name}"),
        name,
        account: Some(ACCOUNT.to_string()),
        region: Some(region.to_string()),
        tags: Default::default(),
        source: Source::Live,
        attribute_locations: Default::default(),
        tags_unknown: None,
        existence_unknown: None,
        suppressions: Vec::new(),
        attributes,
    }
}

/// Unknown for one resource in 50, so the Unknown path is measured too.
fn maybe<T>(i: usize, v: T) -> Value<T> {
    if i % 50 == 7 {
        Value::unknown("AccessDenied")
    } else {
        Value::Known(v)
    }
}

fn world(i: usize) -> Peer {
    if i % 2 == 0 {
        Peer::Ipv4("0.0.0.0/0".into())
    } else {
        Peer::Ipv6("::/0".into())
    }
}

fn perm(protocol: &str, from: i32, to: i32, peer: Peer) -> SecurityGroupRule {
    SecurityGroupRule {
        ip_protocol: protocol.into(),
        from_port: Some(from),
        to_port: Some(to),
        peer,
        description: None,
    }
}

/// Subnets, route tables and VPCs are numbered so that instances refer to ones that exist.
struct Counts {
    subnets: usize,
    groups: usize,
    vpcs: usize,
}

fn build(kind: Kind, i: usize, counts: &Counts) -> Resource {
    let region = REGIONS[i % REGIONS.len()];
    let vpc = format!("vpc-{:08x}", i % counts.vpcs.max(1));
    match kind {
        Kind::Bucket => {
            let name = format!("bucket-{i:08}");
            let policy = (i % 3 == 0).then(|| {
                PolicyDocument(serde_json::json!({"Version": "2012-10-17", "Statement": [
                    {"Effect": if i % 9 == 0 { "Allow" } else { "Deny" }, "Principal": "*", "Action": "s3:*",
                     "Resource": [format!("arn:aws:s3:::{name}"), format!("arn:aws:s3:::{name}/*")],
                     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
                ]}))
            });
            let grants = vec![Grant {
                grantee_type: "Group".into(),
                grantee_uri: (i % 11 == 0).then(|| cloudward_model::s3::ALL_USERS_URI.to_string()),
                grantee_id: None,
                permission: "READ".into(),
            }];
            let block = (i % 4 != 0).then_some(PublicAccessBlock {
                block_public_acls: true,
                ignore_public_acls: i % 5 != 0,
                block_public_policy: true,
                restrict_public_buckets: i % 6 != 0,
            });
            resource(
                "s3",
                name.clone(),
                region,
                Attributes::S3Bucket(Bucket {
                    name,
                    creation_date: None,
                    acl_grants: maybe(i, grants),
                    policy: maybe(i + 1, policy),
                    policy_is_public: Value::Known(i % 9 == 0),
                    public_access_block: maybe(i + 2, block),
                    encryption: Value::Known((i % 8 != 0).then(|| Encryption {
                        sse_algorithm: "AES256".into(),
                        kms_master_key_id: None,
                        bucket_key_enabled: false,
                    })),
                    versioning: maybe(
                        i + 3,
                        Versioning {
                            enabled: i % 2 == 0,
                            mfa_delete: false,
                        },
                    ),
                    logging: Value::Known((i % 3 == 1).then(|| Logging {
                        target_bucket: "logs".into(),
                        target_prefix: String::new(),
                    })),
                    object_ownership: Value::Known(
                        Some("BucketOwnerEnforced".into()).filter(|_| i % 2 == 0),
                    ),
                    aws_defaults: Default::default(),
                }),
            )
        }
        Kind::SecurityGroup => {
            let id = format!("sg-{i:08x}");
            let mut ingress = vec![perm("tcp", 443, 443, world(i))];
            match i % 10 {
                0 => ingress.push(perm("tcp", 22, 22, world(i))),
                1 => ingress.push(perm("tcp", 5432, 5432, Peer::Ipv4("10.0.0.0/8".into()))),
                2 => ingress.push(perm("-1", -1, -1, world(i))),
                3 => ingress.push(perm("tcp", 3000, 7000, world(i))),
                _ => ingress.push(perm(
                    "tcp",
                    8080,
                    8080,
                    Peer::SecurityGroup("sg-app".into()),
                )),
            }
            resource(
                "ec2",
                id.clone(),
                region,
                Attributes::Ec2SecurityGroup(SecurityGroup {
                    group_id: id,
                    group_name: if i % 20 == 0 {
                        "default".into()
                    } else {
                        format!("group-{i}")
                    },
                    vpc_id: Some(vpc),
                    description: String::new(),
                    ingress: maybe(i, ingress),
                    egress: Value::Known(vec![perm("-1", -1, -1, Peer::Ipv4("0.0.0.0/0".into()))]),
                }),
            )
        }
        Kind::Instance => {
            let id = format!("i-{i:016x}");
            let subnet = format!("subnet-{:08x}", i % counts.subnets.max(1));
            let group = format!("sg-{:08x}", (i * 7) % counts.groups.max(1));
            resource(
                "ec2",
                id.clone(),
                region,
                Attributes::Ec2Instance(Instance {
                    instance_id: id,
                    state: if i % 10 == 0 { "stopped" } else { "running" }.into(),
                    instance_type: "t3.micro".into(),
                    image_id: "ami-0123456789abcdef0".into(),
                    public_ip_address: maybe(
                        i,
                        (i % 3 == 0).then(|| format!("203.0.113.{}", i % 250)),
                    ),
                    subnet_id: Some(subnet),
                    vpc_id: Some(vpc),
                    security_group_ids: Value::Known(vec![group]),
                    iam_instance_profile: Value::Known(
                        (i % 2 == 0)
                            .then(|| "arn:aws:iam::123456789012:instance-profile/app".into()),
                    ),
                    metadata_options: Value::Known(MetadataOptions {
                        http_tokens: if i % 4 == 0 { "optional" } else { "required" }.into(),
                        http_endpoint: "enabled".into(),
                    }),
                    launch_time: None,
                }),
            )
        }
        Kind::Volume => {
            let id = format!("vol-{i:016x}");
            resource(
                "ec2",
                id.clone(),
                region,
                Attributes::Ec2Volume(Volume {
                    volume_id: id,
                    encrypted: maybe(i, i % 5 != 0),
                    kms_key_id: None,
                    state: "in-use".into(),
                    size: 100,
                    attached_instance_ids: vec![format!("i-{i:016x}")],
                }),
            )
        }
        Kind::Snapshot => {
            let id = format!("snap-{i:016x}");
            resource(
                "ec2",
                id.clone(),
                region,
                Attributes::Ec2Snapshot(Snapshot {
                    snapshot_id: id,
                    owner_id: ACCOUNT.into(),
                    volume_id: String::new(),
                    encrypted: Value::Known(true),
                    public: maybe(i, i % 100 == 0),
                    shared_with: Value::Known(if i % 50 == 0 {
                        vec!["999988887777".into()]
                    } else {
                        Vec::new()
                    }),
                }),
            )
        }
        Kind::Subnet => {
            let id = format!("subnet-{:08x}", i % counts.subnets.max(1));
            resource(
                "ec2",
                id.clone(),
                region,
                Attributes::Ec2Subnet(Subnet {
                    subnet_id: id,
                    vpc_id: vpc,
                    cidr_block: "10.0.0.0/24".into(),
                    availability_zone: format!("{region}a"),
                    map_public_ip_on_launch: maybe(i, i % 2 == 0),
                }),
            )
        }
        Kind::RouteTable => {
            let id = format!("rtb-{i:08x}");
            resource(
                "ec2",
                id.clone(),
                region,
                Attributes::Ec2RouteTable(RouteTable {
                    route_table_id: id,
                    vpc_id: vpc,
                    is_main: true,
                    associated_subnet_ids: Vec::new(),
                    routes: Value::Known(vec![Route {
                        destination: "0.0.0.0/0".into(),
                        target: if i % 2 == 0 { "igw-1" } else { "nat-1" }.into(),
                    }]),
                }),
            )
        }
        Kind::Vpc => resource(
            "ec2",
            vpc.clone(),
            region,
            Attributes::Ec2Vpc(Vpc {
                vpc_id: vpc,
                cidr_block: "10.0.0.0/16".into(),
                is_default: false,
                flow_logs: maybe(
                    i,
                    vec![FlowLog {
                        flow_log_id: format!("fl-{i}"),
                        status: "ACTIVE".into(),
                        traffic_type: if i % 3 == 0 { "ACCEPT" } else { "ALL" }.into(),
                        log_destination_type: "s3".into(),
                    }],
                ),
            }),
        ),
        Kind::NetworkAcl => {
            let id = format!("acl-{i:08x}");
            let entry = |n, action, from, to| NetworkAclEntry {
                rule_number: n,
                protocol: "6".into(),
                rule_action: action,
                egress: false,
                cidr_block: Some("0.0.0.0/0".into()),
                ipv6_cidr_block: None,
                port_from: Some(from),
                port_to: Some(to),
            };
            resource(
                "ec2",
                id.clone(),
                region,
                Attributes::Ec2NetworkAcl(NetworkAcl {
                    network_acl_id: id,
                    vpc_id: vpc,
                    is_default: i % 2 == 0,
                    entries: maybe(
                        i,
                        vec![
                            entry(100, RuleAction::Allow, 0, 65535),
                            entry(if i % 2 == 0 { 50 } else { 150 }, RuleAction::Deny, 22, 22),
                        ],
                    ),
                    associated_subnet_ids: Vec::new(),
                }),
            )
        }
        Kind::User => {
            let name = format!("user-{i:08}");
            let created = Utc
                .with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
                .single()
                .expect("valid date");
            let user = User {
                user_name: name.clone(),
                arn: format!("arn:aws:iam::{ACCOUNT}:user/{name}"),
                create_date: Value::Known(created),
                password_enabled: maybe(i, i % 2 == 0),
                password_last_used: Value::Known(Some(created)),
                mfa_devices: Value::Known(Vec::new()),
                access_keys: Value::Known(vec![AccessKey {
                    access_key_id: format!("AKIA{i:016}"),
                    status: AccessKeyStatus::Active,
                    create_date: Value::Known(created),
                    last_used_date: Value::Known(Some(created)),
                }]),
                attached_policies: Value::Known(Vec::new()),
                inline_policies: Value::Known(Vec::new()),
                groups: Value::Known(vec!["developers".into()]),
                permissions_boundary: Value::Known(None),
            };
            let mut r = resource("iam", name, region, Attributes::IamUser(user));
            r.region = None;
            r
        }
        Kind::AccountBlock => unreachable!("added once, not per index"),
        Kind::EbsDefault => resource(
            "ec2",
            format!("ebs-default-{i}"),
            region,
            Attributes::Ec2EbsEncryptionByDefault(cloudward_model::ec2::EbsEncryptionByDefault {
                enabled: maybe(i, i % 2 == 0),
            }),
        ),
    }
}

/// A deterministic inventory of `total` resources (plus one account-level S3 block).
pub fn inventory(total: usize) -> Inventory {
    let per_mille: usize = MIX.iter().map(|(_, n)| n).sum();
    let share = |n: usize| total * n / per_mille;
    let counts = Counts {
        subnets: share(50),
        groups: share(150),
        vpcs: share(10),
    };
    let mut inv = Inventory::new();
    inv.account_id = Some(ACCOUNT.into());
    inv.collected_at = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).single();
    inv.resources.reserve(total + 1);
    let mut made = 0;
    for (kind, n) in MIX {
        if matches!(kind, Kind::AccountBlock) {
            continue;
        }
        let count = if matches!(kind, Kind::EbsDefault) {
            total - made
        } else {
            share(n)
        };
        for i in 0..count {
            inv.resources.push(build(kind, i, &counts));
        }
        made += count;
    }
    inv.resources.push(resource(
        "s3",
        "account-public-access-block".into(),
        "us-east-1",
        Attributes::S3AccountPublicAccessBlock(cloudward_model::s3::AccountPublicAccessBlock {
            configuration: Value::Known(None),
        }),
    ));
    inv.normalize();
    inv
}
