//! A small account: one public subnet, one web instance, roles, buckets, a function, a
//! vendor role. Tests change one part to make a combination appear or disappear.

use cloudward_model::ec2::{
    Instance, MetadataOptions, Peer, Route, RouteTable, SecurityGroup, SecurityGroupRule, Subnet,
};
use cloudward_model::iam::{InlinePolicy, Role};
use cloudward_model::lambda::Function;
use cloudward_model::organizations::Organization;
use cloudward_model::policy::PolicyDocument;
use cloudward_model::s3::Bucket;
use cloudward_model::test_support::{global, resource, TEST_ACCOUNT};
use cloudward_model::{Attributes, Inventory, Resource, Value};
use serde_json::{json, Value as Json};

pub const ADMIN: fn() -> Json = || json!({"Effect": "Allow", "Action": "*", "Resource": "*"});
pub const READ_DATA: fn() -> Json =
    || json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"});
pub const IAM_WRITE: fn() -> Json =
    || json!({"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": "*"});

pub fn role(name: &str, statement: Json, trust: Json) -> Resource {
    global(
        name,
        Attributes::IamRole(Role {
            role_name: name.into(),
            arn: format!("arn:aws:iam::{TEST_ACCOUNT}:role/{name}"),
            path: "/".into(),
            assume_role_policy: Value::Known(PolicyDocument(json!({"Statement": [trust]}))),
            attached_policies: Value::Known(vec![]),
            inline_policies: Value::Known(vec![InlinePolicy {
                policy_name: "main".into(),
                document: Value::Known(PolicyDocument(json!({"Statement": [statement]}))),
            }]),
            permissions_boundary: Value::Known(None),
            ..Default::default()
        }),
    )
}

pub fn service_trust(service: &str) -> Json {
    json!({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": service}})
}

pub fn bucket(name: &str, policy: Option<Json>) -> Resource {
    global(
        name,
        Attributes::S3Bucket(Bucket {
            name: name.into(),
            acl_grants: Value::Known(vec![]),
            policy: Value::Known(policy.map(|s| PolicyDocument(json!({"Statement": [s]})))),
            policy_is_public: Value::Known(false),
            public_access_block: Value::Known(None),
            ..Default::default()
        }),
    )
}

pub fn instance(tokens: &str, ingress: Value<Vec<SecurityGroupRule>>) -> Vec<Resource> {
    vec![
        resource(
            "subnet-1",
            Attributes::Ec2Subnet(Subnet {
                subnet_id: "subnet-1".into(),
                vpc_id: "vpc-1".into(),
                map_public_ip_on_launch: Value::Known(true),
                ..Default::default()
            }),
        ),
        resource(
            "rtb-1",
            Attributes::Ec2RouteTable(RouteTable {
                route_table_id: "rtb-1".into(),
                vpc_id: "vpc-1".into(),
                is_main: true,
                associated_subnet_ids: vec![],
                routes: Value::Known(vec![Route {
                    destination: "0.0.0.0/0".into(),
                    target: "igw-1".into(),
                }]),
            }),
        ),
        resource(
            "sg-web",
            Attributes::Ec2SecurityGroup(SecurityGroup {
                group_id: "sg-web".into(),
                group_name: "web".into(),
                ingress,
                egress: Value::Known(vec![]),
                ..Default::default()
            }),
        ),
        resource(
            "i-1",
            Attributes::Ec2Instance(Instance {
                instance_id: "i-1".into(),
                state: "running".into(),
                public_ip_address: Value::Known(Some("203.0.113.10".into())),
                subnet_id: Some("subnet-1".into()),
                vpc_id: Some("vpc-1".into()),
                security_group_ids: Value::Known(vec!["sg-web".into()]),
                iam_instance_profile: Value::Known(Some(format!(
                    "arn:aws:iam::{TEST_ACCOUNT}:instance-profile/app"
                ))),
                metadata_options: Value::Known(MetadataOptions {
                    http_tokens: tokens.into(),
                    http_endpoint: "enabled".into(),
                }),
                ..Default::default()
            }),
        ),
    ]
}

pub fn https_world() -> Value<Vec<SecurityGroupRule>> {
    Value::Known(vec![SecurityGroupRule {
        ip_protocol: "tcp".into(),
        from_port: Some(443),
        to_port: Some(443),
        peer: Peer::Ipv4("0.0.0.0/0".into()),
        description: None,
    }])
}

pub fn function(auth: &str, role: &str) -> Resource {
    resource(
        "api",
        Attributes::LambdaFunction(Function {
            function_name: "api".into(),
            function_arn: format!("arn:aws:lambda:us-east-1:{TEST_ACCOUNT}:function:api"),
            url_auth_types: Value::Known(vec![auth.into()]),
            policy: Value::Known(None),
            role: Value::Known(format!("arn:aws:iam::{TEST_ACCOUNT}:role/{role}")),
            ..Default::default()
        }),
    )
}

/// An inventory of `resources` in the test account, outside any organization (so SCPs decide
/// nothing).
pub fn inventory(resources: Vec<Resource>) -> Inventory {
    let mut inv = Inventory::new();
    inv.account_id = Some(TEST_ACCOUNT.into());
    inv.push(global(
        "organization",
        Attributes::OrganizationsOrganization(Organization {
            account_id: TEST_ACCOUNT.into(),
            membership: Value::Known(None),
            ..Default::default()
        }),
    ));
    for r in resources {
        inv.push(r);
    }
    inv.normalize();
    inv
}

/// The web instance running as role `app` with `statement`, and bucket `data`.
pub fn web(tokens: &str, statement: Json) -> Inventory {
    let mut resources = instance(tokens, https_world());
    resources.push(role("app", statement, service_trust("ec2.amazonaws.com")));
    resources.push(bucket("data", None));
    inventory(resources)
}
