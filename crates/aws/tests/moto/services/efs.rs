//! EFS: an open file system (unencrypted, no backups, mount target in a public subnet, an
//! access point that confines nothing) and a hardened one, collected with EC2 so that mount
//! target subnets can be judged.
//!
//! moto serves `DescribeFileSystems`, `DescribeBackupPolicy` (`PolicyNotFound` when none, as
//! AWS), `DescribeMountTargets` and `DescribeAccessPoints`.

use aws_sdk_efs::types::{PosixUser, RootDirectory, Tag};
use cloudward_model::Status::{Fail, Pass};

use super::Suite;
use crate::findings::{compare, Row};
use crate::provision::{must, tags};
use crate::server::Moto;

const ROWS: &[Row] = &[
    (
        "efs-access-point-root-directory-enforced",
        "acme-ap@us-east-1",
        Pass,
    ),
    (
        "efs-access-point-root-directory-enforced",
        "acme-ap-open@us-east-1",
        Fail,
    ),
    (
        "efs-access-point-user-identity-enforced",
        "acme-ap@us-east-1",
        Pass,
    ),
    (
        "efs-access-point-user-identity-enforced",
        "acme-ap-open@us-east-1",
        Fail,
    ),
    (
        "efs-file-system-automatic-backups-enabled",
        "acme-share@us-east-1",
        Pass,
    ),
    (
        "efs-file-system-automatic-backups-enabled",
        "acme-share-open@us-east-1",
        Fail,
    ),
    ("efs-file-system-encrypted", "acme-share@us-east-1", Pass),
    (
        "efs-file-system-encrypted",
        "acme-share-open@us-east-1",
        Fail,
    ),
    (
        "efs-mount-targets-not-in-public-subnets",
        "acme-share@us-east-1",
        Pass,
    ),
    (
        "efs-mount-targets-not-in-public-subnets",
        "acme-share-open@us-east-1",
        Fail,
    ),
];

/// The EFS suite.
pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

fn name(value: &str) -> Tag {
    Tag::builder().key("Name").value(value).build().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn efs_file_systems_match_the_table() {
    use aws_sdk_ec2::types::ResourceType;
    let moto = Moto::start();
    let config = moto.sdk_config("us-east-1").await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let efs = aws_sdk_efs::Client::new(&config);

    let vpc = must(
        ec2.create_vpc()
            .cidr_block("10.50.0.0/16")
            .tag_specifications(tags(ResourceType::Vpc, "acme-files"))
            .send()
            .await,
        "ec2:CreateVpc",
    );
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).unwrap().to_string();
    let subnet = |cidr: &'static str, label: &'static str| {
        let ec2 = ec2.clone();
        let vpc_id = vpc_id.clone();
        async move {
            let out = must(
                ec2.create_subnet()
                    .vpc_id(vpc_id)
                    .cidr_block(cidr)
                    .tag_specifications(tags(ResourceType::Subnet, label))
                    .send()
                    .await,
                "ec2:CreateSubnet",
            );
            out.subnet()
                .and_then(|s| s.subnet_id())
                .unwrap()
                .to_string()
        }
    };
    let public = subnet("10.50.1.0/24", "acme-files-public").await;
    let private = subnet("10.50.2.0/24", "acme-files-private").await;
    let igw = must(
        ec2.create_internet_gateway().send().await,
        "ec2:CreateInternetGateway",
    );
    let igw_id = igw
        .internet_gateway()
        .and_then(|g| g.internet_gateway_id())
        .unwrap()
        .to_string();
    must(
        ec2.attach_internet_gateway()
            .vpc_id(&vpc_id)
            .internet_gateway_id(&igw_id)
            .send()
            .await,
        "ec2:AttachInternetGateway",
    );
    let rt = must(
        ec2.create_route_table().vpc_id(&vpc_id).send().await,
        "ec2:CreateRouteTable",
    );
    let rt_id = rt
        .route_table()
        .and_then(|t| t.route_table_id())
        .unwrap()
        .to_string();
    must(
        ec2.create_route()
            .route_table_id(&rt_id)
            .destination_cidr_block("0.0.0.0/0")
            .gateway_id(&igw_id)
            .send()
            .await,
        "ec2:CreateRoute",
    );
    must(
        ec2.associate_route_table()
            .route_table_id(&rt_id)
            .subnet_id(&public)
            .send()
            .await,
        "ec2:AssociateRouteTable",
    );

    let create = |token: &'static str, secure: bool| {
        let efs = efs.clone();
        async move {
            let out = must(
                efs.create_file_system()
                    .creation_token(token)
                    .encrypted(secure)
                    .backup(secure)
                    .tags(name(token))
                    .send()
                    .await,
                "efs:CreateFileSystem",
            );
            out.file_system_id().to_string()
        }
    };
    let open = create("acme-share-open", false).await;
    let hardened = create("acme-share", true).await;
    for (fs, subnet) in [(&open, &public), (&hardened, &private)] {
        must(
            efs.create_mount_target()
                .file_system_id(fs)
                .subnet_id(subnet)
                .send()
                .await,
            "efs:CreateMountTarget",
        );
    }
    must(
        efs.create_access_point()
            .file_system_id(&open)
            .tags(name("acme-ap-open"))
            .send()
            .await,
        "efs:CreateAccessPoint (open)",
    );
    must(
        efs.create_access_point()
            .file_system_id(&hardened)
            .tags(name("acme-ap"))
            .root_directory(RootDirectory::builder().path("/app").build())
            .posix_user(PosixUser::builder().uid(1000).gid(1000).build().unwrap())
            .send()
            .await,
        "efs:CreateAccessPoint (hardened)",
    );

    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["efs", "ec2"]).await;
    let efs_errors: Vec<_> = inventory
        .errors
        .iter()
        .filter(|e| e.service == "efs")
        .collect();
    assert!(efs_errors.is_empty(), "{efs_errors:#?}");
    let problems = compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
