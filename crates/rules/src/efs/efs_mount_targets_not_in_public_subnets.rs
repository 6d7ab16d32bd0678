//! EFS mount targets are not in public subnets.

use cloudward_model::efs::FileSystem;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject, Value,
};

use crate::Check;

/// Joins each mount target's subnet with the inventory's route tables ([`Inventory::subnet_is_public`]: a route to an internet gateway). Without EC2 collected the subnets are unknown, and so is the verdict. FSBP's Config rule looks at `MapPublicIpOnLaunch` instead; the route is what exposes the subnet.
pub struct EfsMountTargetsNotInPublicSubnets;

const META: RuleMeta = RuleMeta {
    id: "efs-mount-targets-not-in-public-subnets",
    title: "EFS mount targets are not in public subnets",
    severity: Severity::Medium,
    service: "efs",
    kinds: FileSystem::KINDS,
    checks: "For each file system, whether every mount target sits in a subnet without a route to an internet gateway (judged from the VPC's route tables; Unknown when the subnets or route tables were not read). A file system without mount targets passes.",
    rationale: "A mount target is an NFS endpoint (TCP 2049) with an IP in its subnet. In a public subnet one security group rule is all that separates the file system from the internet; in a private subnet a mistake in that rule is not enough to expose it.",
    remediation: Remediation {
        console: "EFS console > File systems > <file system> > Network > Manage > remove the mount target in the public subnet and add one in a private subnet of the same Availability Zone.",
        cli: "aws efs delete-mount-target --mount-target-id <mount-target-id> && aws efs create-mount-target --file-system-id <fs-id> --subnet-id <private-subnet-id> --security-groups <sg-id>",
        terraform: "resource \"aws_efs_mount_target\" \"this\" {\n  file_system_id  = aws_efs_file_system.this.id\n  subnet_id       = aws_subnet.private.id\n  security_groups = [aws_security_group.nfs.id]\n}",
    },
    references: &["https://docs.aws.amazon.com/efs/latest/ug/accessing-fs.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-6"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["EFS.6"],
        well_architected: &["SEC05-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nresource \"aws_internet_gateway\" \"main\" {\n  vpc_id = aws_vpc.main.id\n}\n\nresource \"aws_subnet\" \"data\" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = \"10.0.1.0/24\"\n}\n\nresource \"aws_route_table\" \"data\" {\n  vpc_id = aws_vpc.main.id\n  route {\n    cidr_block = \"0.0.0.0/0\"\n    gateway_id = aws_internet_gateway.main.id\n  }\n}\n\nresource \"aws_route_table_association\" \"data\" {\n  subnet_id      = aws_subnet.data.id\n  route_table_id = aws_route_table.data.id\n}\n\nresource \"aws_efs_file_system\" \"shared\" {\n  creation_token = \"shared\"\n  encrypted      = true\n}\n\nresource \"aws_efs_mount_target\" \"data\" {\n  file_system_id = aws_efs_file_system.shared.id\n  subnet_id      = aws_subnet.data.id\n}\n",
        terraform_good: "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nresource \"aws_internet_gateway\" \"main\" {\n  vpc_id = aws_vpc.main.id\n}\n\nresource \"aws_subnet\" \"data\" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = \"10.0.1.0/24\"\n}\n\nresource \"aws_route_table\" \"data\" {\n  vpc_id = aws_vpc.main.id\n}\n\nresource \"aws_route_table_association\" \"data\" {\n  subnet_id      = aws_subnet.data.id\n  route_table_id = aws_route_table.data.id\n}\n\nresource \"aws_efs_file_system\" \"shared\" {\n  creation_token = \"shared\"\n  encrypted      = true\n}\n\nresource \"aws_efs_mount_target\" \"data\" {\n  file_system_id = aws_efs_file_system.shared.id\n  subnet_id      = aws_subnet.data.id\n}\n",
        cloudformation_bad: "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  Igw:\n    Type: AWS::EC2::InternetGateway\n  Attach:\n    Type: AWS::EC2::VPCGatewayAttachment\n    Properties:\n      VpcId: !Ref Vpc\n      InternetGatewayId: !Ref Igw\n  Data:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.1.0/24\n  DataRoutes:\n    Type: AWS::EC2::RouteTable\n    Properties:\n      VpcId: !Ref Vpc\n  Default:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref DataRoutes\n      DestinationCidrBlock: 0.0.0.0/0\n      GatewayId: !Ref Igw\n  DataAssoc:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties:\n      SubnetId: !Ref Data\n      RouteTableId: !Ref DataRoutes\n  Shared:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      Encrypted: true\n  SharedData:\n    Type: AWS::EFS::MountTarget\n    Properties:\n      FileSystemId: !Ref Shared\n      SubnetId: !Ref Data\n      SecurityGroups: [sg-0123456789abcdef0]\n",
        cloudformation_good: "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  Igw:\n    Type: AWS::EC2::InternetGateway\n  Attach:\n    Type: AWS::EC2::VPCGatewayAttachment\n    Properties:\n      VpcId: !Ref Vpc\n      InternetGatewayId: !Ref Igw\n  Data:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.1.0/24\n  DataRoutes:\n    Type: AWS::EC2::RouteTable\n    Properties:\n      VpcId: !Ref Vpc\n  DataAssoc:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties:\n      SubnetId: !Ref Data\n      RouteTableId: !Ref DataRoutes\n  Shared:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      Encrypted: true\n  SharedData:\n    Type: AWS::EFS::MountTarget\n    Properties:\n      FileSystemId: !Ref Shared\n      SubnetId: !Ref Data\n      SecurityGroups: [sg-0123456789abcdef0]\n",
    },
    file: file!(),
};

impl Check for EfsMountTargetsNotInPublicSubnets {
    type Subject = FileSystem;
    const META: &'static RuleMeta = &META;

    fn judge(&self, fs: &FileSystem, resource: &Resource, inventory: &Inventory) -> Outcome {
        let targets = match fs.mount_targets.get() {
            Err(r) => return Outcome::unknown(r),
            Ok(t) => t,
        };
        if targets.is_empty() {
            return Outcome::Pass(Evidence::at(
                "mount_targets",
                "the file system has no mount targets",
            ));
        }
        let mut public = Vec::new();
        for t in targets {
            let subnet = match t.subnet_id.get() {
                Err(r) => {
                    return Outcome::unknown(format!("mount target {}: {r}", t.mount_target_id))
                }
                Ok(s) => s,
            };
            match inventory.subnet_is_public(subnet, resource.region.as_deref()) {
                Value::Unknown(r) => {
                    return Outcome::unknown(format!(
                        "mount target {} in {subnet}: {r}",
                        t.mount_target_id
                    ))
                }
                Value::Known(true) => public.push(format!("{} ({subnet})", t.mount_target_id)),
                Value::Known(false) => {}
            }
        }
        if public.is_empty() {
            Outcome::Pass(Evidence::at(
                "mount_targets",
                format!(
                    "all {} mount target(s) are in private subnets",
                    targets.len()
                ),
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "mount_targets",
                format!("mount target(s) in public subnets: {}", public.join(", ")),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::efs::test_helpers::file_system;
    use crate::rule::testing;
    use cloudward_model::ec2::{Route, RouteTable, Subnet};
    use cloudward_model::efs::MountTarget;
    use cloudward_model::Attributes;
    use cloudward_model::Status;

    fn account(route_target: &str) -> Inventory {
        let mut inv = Inventory::new();
        inv.push(cloudward_model::test_support::resource(
            "subnet-1",
            Attributes::Ec2Subnet(Subnet {
                subnet_id: "subnet-1".into(),
                vpc_id: "vpc-1".into(),
                map_public_ip_on_launch: Value::Known(false),
                ..Default::default()
            }),
        ));
        inv.push(cloudward_model::test_support::resource(
            "rtb-1",
            Attributes::Ec2RouteTable(RouteTable {
                route_table_id: "rtb-1".into(),
                vpc_id: "vpc-1".into(),
                is_main: true,
                routes: Value::Known(vec![Route {
                    destination: "0.0.0.0/0".into(),
                    target: route_target.into(),
                }]),
                ..Default::default()
            }),
        ));
        inv
    }

    fn fs(subnet: &str) -> Resource {
        file_system(FileSystem {
            mount_targets: Value::Known(vec![MountTarget {
                mount_target_id: "fsmt-1".into(),
                subnet_id: Value::Known(subnet.into()),
            }]),
            ..Default::default()
        })
    }

    #[test]
    fn private_passes_public_fails_unknown_subnets_are_unknown() {
        let rule = &EfsMountTargetsNotInPublicSubnets;
        assert_eq!(
            testing::judge_in(rule, &fs("subnet-1"), &account("nat-1")),
            Status::Pass
        );
        assert_eq!(
            testing::judge_in(rule, &fs("subnet-1"), &account("igw-1")),
            Status::Fail
        );
        // EC2 not collected: the subnet is not in the inventory.
        assert_eq!(testing::judge(rule, &fs("subnet-1")), Status::Unknown);
        let none = file_system(FileSystem {
            mount_targets: Value::Known(vec![]),
            ..Default::default()
        });
        assert_eq!(testing::judge(rule, &none), Status::Pass);
    }
}
