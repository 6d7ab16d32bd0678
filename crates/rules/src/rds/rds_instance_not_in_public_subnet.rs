//! RDS DB instances are not placed in subnets that route to an internet gateway.

use cloudward_model::rds::DbInstance;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject, Value,
};

use crate::Check;

/// Reads the subnets of the instance's DB subnet group and asks
/// [`Inventory::subnet_is_public`] about each: the EC2 inventory (subnets, route tables) must
/// have been collected; without it the verdict is Unknown with the reason.
pub struct RdsInstanceNotInPublicSubnet;

const META: RuleMeta = RuleMeta {
    id: "rds-instance-not-in-public-subnet",
    title: "RDS DB instances are not placed in subnets that route to an internet gateway",
    severity: Severity::High,
    service: "rds",
    kinds: DbInstance::KINDS,
    checks: "For each DB instance, whether any subnet of its DB subnet group has a route table (its own association, else the VPC's main table) with 0.0.0.0/0 or ::/0 to an internet gateway. Any such subnet fails: RDS may place the instance, or fail over, into it.",
    rationale: "A subnet with a route to an internet gateway is one configuration change (public access, a security group rule) away from exposing the database to the internet. Databases belong in private subnets reached through the application tier, a VPN or a bastion.",
    remediation: Remediation {
        console: "RDS console > Subnet groups > create a group of private subnets (no route to an internet gateway) in the same VPC > Databases > <instance> > Modify > DB subnet group (moving between subnet groups may need a snapshot restore or a Multi-AZ switch).",
        cli: "aws rds create-db-subnet-group --db-subnet-group-name <private-group> --db-subnet-group-description private --subnet-ids <subnet-a> <subnet-b>\naws rds modify-db-instance --db-instance-identifier <instance> --db-subnet-group-name <private-group> --apply-immediately",
        terraform: "resource \"aws_db_subnet_group\" \"private\" {\n  name       = \"db-private\"\n  subnet_ids = [aws_subnet.private_a.id, aws_subnet.private_b.id]\n}\n\nresource \"aws_db_instance\" \"this\" {\n  # ...\n  db_subnet_group_name = aws_db_subnet_group.private.name\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-46"],
    frameworks: Frameworks {
        cis_v7: &["3.2.3"],
        cis_v6: &["3.2.3"],
        cis_v5: &["2.2.3"],
        cis_v3: &["2.3.3"],
        fsbp: &["RDS.46"],
        well_architected: &["SEC05-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nresource \"aws_subnet\" \"a\" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = \"10.0.1.0/24\"\n}\n\nresource \"aws_db_subnet_group\" \"db\" {\n  name       = \"app-db\"\n  subnet_ids = [aws_subnet.a.id]\n}\n\nresource \"aws_internet_gateway\" \"igw\" {\n  vpc_id = aws_vpc.main.id\n}\n\nresource \"aws_route_table\" \"public\" {\n  vpc_id = aws_vpc.main.id\n  route {\n    cidr_block = \"0.0.0.0/0\"\n    gateway_id = aws_internet_gateway.igw.id\n  }\n}\n\nresource \"aws_route_table_association\" \"a\" {\n  subnet_id      = aws_subnet.a.id\n  route_table_id = aws_route_table.public.id\n}\n\nresource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  db_subnet_group_name        = aws_db_subnet_group.db.name\n}\n",
        terraform_good: "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nresource \"aws_subnet\" \"a\" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = \"10.0.1.0/24\"\n}\n\nresource \"aws_db_subnet_group\" \"db\" {\n  name       = \"app-db\"\n  subnet_ids = [aws_subnet.a.id]\n}\n\nresource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  db_subnet_group_name        = aws_db_subnet_group.db.name\n}\n",
        cloudformation_bad: "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  SubnetA:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.1.0/24\n  RouteTable:\n    Type: AWS::EC2::RouteTable\n    Properties:\n      VpcId: !Ref Vpc\n  Association:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties:\n      SubnetId: !Ref SubnetA\n      RouteTableId: !Ref RouteTable\n  SubnetGroup:\n    Type: AWS::RDS::DBSubnetGroup\n    Properties:\n      DBSubnetGroupDescription: database subnets\n      SubnetIds:\n        - !Ref SubnetA\n  Igw:\n    Type: AWS::EC2::InternetGateway\n  Attachment:\n    Type: AWS::EC2::VPCGatewayAttachment\n    Properties:\n      VpcId: !Ref Vpc\n      InternetGatewayId: !Ref Igw\n  DefaultRoute:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref RouteTable\n      DestinationCidrBlock: 0.0.0.0/0\n      GatewayId: !Ref Igw\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      DBSubnetGroupName: !Ref SubnetGroup\n",
        cloudformation_good: "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  SubnetA:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.1.0/24\n  RouteTable:\n    Type: AWS::EC2::RouteTable\n    Properties:\n      VpcId: !Ref Vpc\n  Association:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties:\n      SubnetId: !Ref SubnetA\n      RouteTableId: !Ref RouteTable\n  SubnetGroup:\n    Type: AWS::RDS::DBSubnetGroup\n    Properties:\n      DBSubnetGroupDescription: database subnets\n      SubnetIds:\n        - !Ref SubnetA\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      DBSubnetGroupName: !Ref SubnetGroup\n",
    },
    file: file!(),
};

impl Check for RdsInstanceNotInPublicSubnet {
    type Subject = DbInstance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, db: &DbInstance, resource: &Resource, inventory: &Inventory) -> Outcome {
        let subnets = match db.subnet_ids.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(s) => s,
        };
        if subnets.is_empty() {
            return Outcome::unknown("the instance's DB subnet group lists no subnets");
        }
        let region = resource.region.as_deref();
        let mut public = Vec::new();
        for subnet in subnets {
            match inventory.subnet_is_public(subnet, region) {
                Value::Unknown(reason) => return Outcome::unknown(reason),
                Value::Known(true) => public.push(subnet.as_str()),
                Value::Known(false) => {}
            }
        }
        if public.is_empty() {
            Outcome::Pass(Evidence::at(
                "subnet_ids",
                format!(
                    "none of the {} subnets of the DB subnet group routes to an internet gateway",
                    subnets.len()
                ),
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "subnet_ids",
                format!(
                    "subnets of the DB subnet group route 0.0.0.0/0 or ::/0 to an internet gateway: {}",
                    public.join(", ")
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rds::test_helpers::{instance, instance_resource};
    use crate::rule::testing;
    use cloudward_model::ec2::{Route, RouteTable, Subnet};
    use cloudward_model::{test_support, Attributes, Status};

    fn inventory(igw: bool) -> Inventory {
        let mut inv = Inventory::new();
        inv.push(test_support::resource(
            "subnet-private",
            Attributes::Ec2Subnet(Subnet {
                subnet_id: "subnet-private".into(),
                vpc_id: "vpc-1".into(),
                ..Default::default()
            }),
        ));
        inv.push(test_support::resource(
            "rtb-main",
            Attributes::Ec2RouteTable(RouteTable {
                route_table_id: "rtb-main".into(),
                vpc_id: "vpc-1".into(),
                is_main: true,
                associated_subnet_ids: vec![],
                routes: Value::Known(vec![Route {
                    destination: "0.0.0.0/0".into(),
                    target: if igw { "igw-1" } else { "nat-1" }.into(),
                }]),
            }),
        ));
        inv
    }

    #[test]
    fn private_subnets_pass() {
        let r = instance_resource(instance());
        assert_eq!(
            testing::judge_in(&RdsInstanceNotInPublicSubnet, &r, &inventory(false)),
            Status::Pass
        );
    }

    #[test]
    fn a_subnet_routing_to_an_internet_gateway_fails() {
        let r = instance_resource(instance());
        assert_eq!(
            testing::judge_in(&RdsInstanceNotInPublicSubnet, &r, &inventory(true)),
            Status::Fail
        );
    }

    #[test]
    fn without_the_ec2_inventory_it_is_unknown() {
        let r = instance_resource(instance());
        assert_eq!(
            testing::judge(&RdsInstanceNotInPublicSubnet, &r),
            Status::Unknown
        );
        let mut db = instance();
        db.subnet_ids = Value::unknown("no subnet group");
        assert_eq!(
            testing::judge_in(
                &RdsInstanceNotInPublicSubnet,
                &instance_resource(db),
                &inventory(false)
            ),
            Status::Unknown
        );
    }
}
