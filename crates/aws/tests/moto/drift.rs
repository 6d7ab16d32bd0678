//! `cloudward drift` live (issue 13): Terraform code is "applied" to moto through the SDK as
//! `terraform apply` would, a state with the ids moto returned is written, and the account is
//! collected and compared. Applied as written, the declared security group, volume and VPC
//! are in sync; then port 22 is opened by hand, the volume deleted and a group created outside
//! Terraform, and drift reports exactly those.

use std::sync::Arc;

use aws_sdk_ec2::types as ec2t;
use cloudward_drift::Change;
use cloudward_iac::terraform::state;
use cloudward_model::Inventory;
use serde_json::json;

use crate::provision::{must, PRIMARY};
use crate::server::Moto;

const CODE: &str = r#"
provider "aws" {
  region = "us-east-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.40.0.0/16"
}

resource "aws_security_group" "web" {
  name        = "drift-web"
  description = "HTTPS in"
  vpc_id      = aws_vpc.main.id

  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 10
  encrypted         = true
}
"#;

/// What `terraform apply` of [`CODE`] creates, through the SDK; the ids moto gave.
struct Applied {
    vpc: String,
    main_route_table: String,
    group: String,
    volume: String,
}

async fn apply(ec2: &aws_sdk_ec2::Client) -> Applied {
    let vpc = must(
        ec2.create_vpc().cidr_block("10.40.0.0/16").send().await,
        "ec2:CreateVpc",
    )
    .vpc()
    .and_then(|v| v.vpc_id())
    .expect("CreateVpc returns the id")
    .to_string();
    let main_route_table = must(
        ec2.describe_route_tables()
            .filters(ec2t::Filter::builder().name("vpc-id").values(&vpc).build())
            .send()
            .await,
        "ec2:DescribeRouteTables",
    )
    .route_tables()
    .iter()
    .find(|t| t.associations().iter().any(|a| a.main() == Some(true)))
    .and_then(|t| t.route_table_id())
    .expect("a new VPC has a main route table")
    .to_string();
    let group = must(
        ec2.create_security_group()
            .group_name("drift-web")
            .description("HTTPS in")
            .vpc_id(&vpc)
            .send()
            .await,
        "ec2:CreateSecurityGroup",
    )
    .group_id()
    .expect("CreateSecurityGroup returns the id")
    .to_string();
    authorize(ec2, &group, 443).await;
    let volume = must(
        ec2.create_volume()
            .availability_zone(format!("{PRIMARY}a"))
            .size(10)
            .encrypted(true)
            .send()
            .await,
        "ec2:CreateVolume",
    )
    .volume_id()
    .expect("CreateVolume returns the id")
    .to_string();
    Applied {
        vpc,
        main_route_table,
        group,
        volume,
    }
}

async fn authorize(ec2: &aws_sdk_ec2::Client, group: &str, port: i32) {
    must(
        ec2.authorize_security_group_ingress()
            .group_id(group)
            .ip_permissions(
                ec2t::IpPermission::builder()
                    .ip_protocol("tcp")
                    .from_port(port)
                    .to_port(port)
                    .ip_ranges(ec2t::IpRange::builder().cidr_ip("0.0.0.0/0").build())
                    .build(),
            )
            .send()
            .await,
        "ec2:AuthorizeSecurityGroupIngress",
    );
}

/// The state `terraform apply` would have written for [`CODE`].
fn state_of(a: &Applied) -> String {
    let instance = |tf_type: &str, name: &str, attributes: serde_json::Value| {
        json!({"mode": "managed", "type": tf_type, "name": name,
               "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
               "instances": [{"schema_version": 0, "attributes": attributes}]})
    };
    json!({
        "version": 4, "terraform_version": "1.9.8", "serial": 1, "lineage": "moto-drift",
        "resources": [
            instance("aws_vpc", "main", json!({"id": a.vpc, "main_route_table_id": a.main_route_table})),
            instance("aws_security_group", "web", json!({"id": a.group, "name": "drift-web"})),
            instance("aws_ebs_volume", "data", json!({"id": a.volume, "encrypted": true})),
        ]
    })
    .to_string()
}

async fn collect(moto: &Moto) -> Inventory {
    let options = cloudward_aws::CollectOptions {
        endpoint_url: Some(moto.endpoint()),
        regions: vec![PRIMARY.to_string()],
        concurrency: 16,
        services: Some(vec!["ec2".to_string()]),
        ..Default::default()
    };
    cloudward_aws::collect(&options, Arc::new(cloudward_aws::NoProgress))
        .await
        .expect("collection against moto")
}

fn differences(d: &cloudward_drift::Drift, address: &str) -> Vec<cloudward_drift::Difference> {
    d.resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("{address} found live: {d:#?}"))
        .differences
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn drift_finds_what_was_changed_by_hand_and_nothing_else() {
    let moto = Moto::start();
    let ec2 = aws_sdk_ec2::Client::new(&moto.sdk_config(PRIMARY).await);
    let applied = apply(&ec2).await;

    let dir = moto.dir().join("drift-code");
    std::fs::create_dir_all(&dir).expect("code dir");
    std::fs::write(dir.join("main.tf"), CODE).expect("write code");
    let code = cloudward_iac::scan(&dir, &cloudward_iac::ScanOptions::default());
    assert!(!code.has_errors(), "{:?}", code.diagnostics);
    let state = state::parse("terraform.tfstate", state_of(&applied).as_bytes()).expect("state");

    // As applied: in sync.
    let d = cloudward_drift::compare(&code.inventory, &state, &collect(&moto).await);
    for address in [
        "aws_security_group.web",
        "aws_ebs_volume.data",
        "aws_vpc.main",
        "aws_vpc.main.main_route_table",
    ] {
        assert_eq!(differences(&d, address), vec![], "{address} as applied");
    }
    assert!(d.missing.is_empty(), "{:?}", d.missing);
    assert!(
        d.unmanaged.is_empty(),
        "moto's default VPC, group and ACL are AWS's own: {:?}",
        d.unmanaged
    );
    assert!(!d.has_drift());

    // By hand: port 22 opened, the volume deleted, a group created outside Terraform.
    authorize(&ec2, &applied.group, 22).await;
    must(
        ec2.delete_volume().volume_id(&applied.volume).send().await,
        "ec2:DeleteVolume",
    );
    let stray = must(
        ec2.create_security_group()
            .group_name("drift-stray")
            .description("made in the console")
            .vpc_id(&applied.vpc)
            .send()
            .await,
        "ec2:CreateSecurityGroup",
    )
    .group_id()
    .expect("id")
    .to_string();

    let d = cloudward_drift::compare(&code.inventory, &state, &collect(&moto).await);
    let web = differences(&d, "aws_security_group.web");
    assert_eq!(web.len(), 1, "{web:?}");
    assert_eq!(web[0].attribute, "ingress");
    let Change::Items {
        only_code,
        only_live,
    } = &web[0].change
    else {
        panic!("a list difference: {web:?}")
    };
    assert!(only_code.is_empty(), "{only_code:?}");
    assert_eq!(only_live.len(), 1);
    assert_eq!(only_live[0]["from_port"], json!(22));
    let missing: Vec<&str> = d.missing.iter().map(|m| m.address.as_str()).collect();
    assert_eq!(missing, ["aws_ebs_volume.data"]);
    let unmanaged: Vec<&str> = d.unmanaged.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(unmanaged, [stray.as_str()]);
    assert!(d.has_drift());
}
