//! No instance is reachable from the internet on administration or database ports.

use cloudward_model::ec2::Instance;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, ResourceKind,
    RuleMeta, Severity, Subject, Value,
};

use crate::ec2::ec2_instance_imdsv2_required::is_gone;
use crate::ec2::{world_ingress, Family, Port, ADMIN_PORTS, CIFS_PORTS, DATABASE_PORTS};
use crate::Check;

/// Joins three facts that are each weak alone: the instance has a public IPv4 address, its
/// subnet routes `0.0.0.0/0` or `::/0` to an internet gateway (`Inventory::subnet_is_public`),
/// and one of its security groups (looked up by id in the inventory) admits the internet to an
/// administration, database or CIFS port. All three make the port reachable from anywhere. A
/// Fail needs all three to be known; a missing subnet, route table or group makes it Unknown,
/// unless a known fact already rules exposure out (no public address, private subnet).
pub struct Ec2InstanceSensitivePortsNotInternetExposed;

const META: RuleMeta = RuleMeta {
    id: "ec2-instance-sensitive-ports-not-internet-exposed",
    title: "EC2 instances are not reachable from the internet on administration or database ports",
    severity: Severity::High,
    service: "ec2",
    kinds: Instance::KINDS,
    checks: "For each instance that is not terminated: whether it has a public IPv4 address, \
             sits in a subnet whose route table sends 0.0.0.0/0 or ::/0 to an internet gateway, \
             and has a security group admitting 0.0.0.0/0 or ::/0 to SSH (22), RDP (3389), \
             CIFS (445) or a database port (1433, 1521, 3306, 5432, 5439, 6379, 9200, 11211, \
             27017). All three together fail.",
    rationale: "This is the combination attackers actually find: an address they can reach, a \
                route that lets them, and a port that answers. Unlike the single-setting rules \
                it reports instances that are exposed now, which makes it the one to fix first.",
    remediation: Remediation {
        console: "EC2 console > Instances > <instance> > Security > Security groups: remove the \
                  rule opening the port to 0.0.0.0/0 or ::/0 (or detach the group); use Session \
                  Manager for administration and keep databases in private subnets.",
        cli: "aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port <port> --cidr 0.0.0.0/0\n\
              aws ssm start-session --target <instance-id>",
        terraform: "resource \"aws_instance\" \"db\" {\n  # ...\n  subnet_id                   = aws_subnet.private.id\n  associate_public_ip_address = false\n  vpc_security_group_ids      = [aws_security_group.db_from_app.id]\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html",
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC05-BP01", "SEC05-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nresource \"aws_internet_gateway\" \"main\" {\n  vpc_id = aws_vpc.main.id\n}\n\nresource \"aws_subnet\" \"public\" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = \"10.0.1.0/24\"\n}\n\nresource \"aws_route_table\" \"public\" {\n  vpc_id = aws_vpc.main.id\n  route {\n    cidr_block = \"0.0.0.0/0\"\n    gateway_id = aws_internet_gateway.main.id\n  }\n}\n\nresource \"aws_route_table_association\" \"public\" {\n  subnet_id      = aws_subnet.public.id\n  route_table_id = aws_route_table.public.id\n}\n\nresource \"aws_security_group\" \"ssh\" {\n  vpc_id = aws_vpc.main.id\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n\nresource \"aws_instance\" \"app\" {\n  ami                         = \"ami-0123456789abcdef0\"\n  instance_type               = \"t3.micro\"\n  subnet_id                   = aws_subnet.public.id\n  associate_public_ip_address = true\n  vpc_security_group_ids      = [aws_security_group.ssh.id]\n}\n",
        terraform_good: "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nresource \"aws_internet_gateway\" \"main\" {\n  vpc_id = aws_vpc.main.id\n}\n\nresource \"aws_subnet\" \"public\" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = \"10.0.1.0/24\"\n}\n\nresource \"aws_route_table\" \"public\" {\n  vpc_id = aws_vpc.main.id\n  route {\n    cidr_block = \"0.0.0.0/0\"\n    gateway_id = aws_internet_gateway.main.id\n  }\n}\n\nresource \"aws_route_table_association\" \"public\" {\n  subnet_id      = aws_subnet.public.id\n  route_table_id = aws_route_table.public.id\n}\n\nresource \"aws_security_group\" \"https\" {\n  vpc_id = aws_vpc.main.id\n  ingress {\n    from_port   = 443\n    to_port     = 443\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n\nresource \"aws_instance\" \"app\" {\n  ami                         = \"ami-0123456789abcdef0\"\n  instance_type               = \"t3.micro\"\n  subnet_id                   = aws_subnet.public.id\n  associate_public_ip_address = true\n  vpc_security_group_ids      = [aws_security_group.https.id]\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

/// Administration, CIFS and database ports in one list, so that one permission is reported once
/// with every sensitive port it opens.
const SENSITIVE: &[Port] = &[
    ADMIN_PORTS[0],
    ADMIN_PORTS[1],
    CIFS_PORTS[0],
    DATABASE_PORTS[0],
    DATABASE_PORTS[1],
    DATABASE_PORTS[2],
    DATABASE_PORTS[3],
    DATABASE_PORTS[4],
    DATABASE_PORTS[5],
    DATABASE_PORTS[6],
    DATABASE_PORTS[7],
    DATABASE_PORTS[8],
];

impl Check for Ec2InstanceSensitivePortsNotInternetExposed {
    type Subject = Instance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, instance: &Instance, resource: &Resource, inventory: &Inventory) -> Outcome {
        if is_gone(&instance.state) {
            return Outcome::not_applicable(format!("the instance is {}", instance.state));
        }
        let ip = match instance.public_ip_address.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(None) => {
                return Outcome::Pass(Evidence::at(
                    "public_ip_address",
                    "the instance has no public IPv4 address",
                ))
            }
            Ok(Some(ip)) => ip,
        };
        let Some(subnet_id) = instance.subnet_id.as_deref() else {
            return Outcome::unknown("the instance's subnet is not known");
        };
        match inventory.subnet_is_public(subnet_id, resource.region.as_deref()) {
            Value::Unknown(reason) => {
                return Outcome::unknown(format!(
                    "whether subnet {subnet_id} routes to an internet gateway is unknown: {reason}"
                ))
            }
            Value::Known(false) => {
                return Outcome::Pass(Evidence::at(
                    "subnet_id",
                    format!("subnet {subnet_id} has no route to an internet gateway"),
                ))
            }
            Value::Known(true) => {}
        }
        let group_ids = match instance.security_group_ids.get() {
            Ok(ids) => ids,
            Err(reason) => return Outcome::unknown(reason),
        };
        let mut exposed = Vec::new();
        let mut unknown = Vec::new();
        for id in group_ids {
            let group = inventory
                .find(ResourceKind::Ec2SecurityGroup, id)
                .and_then(Resource::as_ec2_security_group);
            let Some(group) = group else {
                let listing = inventory
                    .errors_for_in(ResourceKind::Ec2SecurityGroup, resource.region.as_deref())
                    .next()
                    .map(|e| format!(" ({})", e.reason()))
                    .unwrap_or_default();
                unknown.push(format!(
                    "security group {id} is not in the inventory{listing}"
                ));
                continue;
            };
            match group.ingress.get() {
                Err(reason) => unknown.push(format!("security group {id}: {reason}")),
                Ok(ingress) => {
                    for e in world_ingress(ingress, SENSITIVE, Family::Any) {
                        exposed.push(format!("{id} {}", e.describe()));
                    }
                }
            }
        }
        if !exposed.is_empty() {
            return Outcome::Fail(Evidence::at(
                "security_group_ids",
                format!(
                    "public IPv4 {ip} in internet-routed subnet {subnet_id}, and {}",
                    exposed.join("; ")
                ),
            ));
        }
        if !unknown.is_empty() {
            return Outcome::unknown(unknown.join("; "));
        }
        Outcome::Pass(Evidence::at(
            "security_group_ids",
            format!(
                "public IPv4 {ip} in internet-routed subnet {subnet_id}, but no security group opens an administration or database port to the internet"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ec2::test_helpers::*;
    use crate::rule::testing;
    use cloudward_model::ec2::{Instance, Route, RouteTable, Subnet};
    use cloudward_model::{test_support, Attributes, Status};

    fn network(public: bool) -> Inventory {
        let mut inv = Inventory::new();
        inv.push(test_support::resource(
            "subnet-1",
            Attributes::Ec2Subnet(Subnet {
                subnet_id: "subnet-1".into(),
                vpc_id: "vpc-1".into(),
                map_public_ip_on_launch: Value::Known(true),
                ..Default::default()
            }),
        ));
        let target = if public { "igw-1" } else { "nat-1" };
        inv.push(test_support::resource(
            "rtb-1",
            Attributes::Ec2RouteTable(RouteTable {
                route_table_id: "rtb-1".into(),
                vpc_id: "vpc-1".into(),
                is_main: true,
                associated_subnet_ids: vec![],
                routes: Value::Known(vec![Route {
                    destination: "0.0.0.0/0".into(),
                    target: target.into(),
                }]),
            }),
        ));
        inv.push(group(
            "sg-ssh",
            Value::Known(vec![perm("tcp", 22, 22, v4_world())]),
        ));
        inv.push(group(
            "sg-web",
            Value::Known(vec![perm("tcp", 443, 443, v4_world())]),
        ));
        inv.push(group("sg-unreadable", Value::unknown("AccessDenied")));
        inv
    }

    fn instance(ip: Option<&str>, groups: &[&str]) -> Resource {
        test_support::resource(
            "i-1",
            Attributes::Ec2Instance(Instance {
                instance_id: "i-1".into(),
                state: "running".into(),
                public_ip_address: Value::Known(ip.map(str::to_string)),
                subnet_id: Some("subnet-1".into()),
                security_group_ids: Value::Known(groups.iter().map(|g| g.to_string()).collect()),
                ..Default::default()
            }),
        )
    }

    fn judge(r: &Resource, inv: &Inventory) -> Outcome {
        testing::outcome_in(&Ec2InstanceSensitivePortsNotInternetExposed, r, inv)
    }

    #[test]
    fn public_ip_public_subnet_open_ssh_fails() {
        let r = instance(Some("203.0.113.7"), &["sg-web", "sg-ssh"]);
        match judge(&r, &network(true)) {
            Outcome::Fail(e) => assert_eq!(
                e.message,
                "public IPv4 203.0.113.7 in internet-routed subnet subnet-1, and sg-ssh ingress[0]: tcp 22 from 0.0.0.0/0 opens 22 (SSH)"
            ),
            other => panic!("expected Fail, got {other:?}"),
        }
        // A known exposure fails even when another group is unreadable.
        let r = instance(Some("203.0.113.7"), &["sg-unreadable", "sg-ssh"]);
        assert_eq!(judge(&r, &network(true)).status(), Status::Fail);
    }

    #[test]
    fn one_permission_is_reported_once_with_all_its_ports() {
        let mut inv = network(true);
        inv.push(group(
            "sg-all",
            Value::Known(vec![perm("-1", -1, -1, v4_world())]),
        ));
        let r = instance(Some("203.0.113.7"), &["sg-all"]);
        match judge(&r, &inv) {
            Outcome::Fail(e) => {
                assert_eq!(e.message.matches("ingress[0]").count(), 1, "{}", e.message);
                assert!(e
                    .message
                    .contains("22 (SSH), 3389 (RDP), 445 (CIFS/SMB), 1433 (SQL Server)"));
            }
            other => panic!("expected Fail, got {other:?}"),
        }
    }

    #[test]
    fn private_subnet_or_no_address_or_web_only_passes() {
        let r = instance(Some("203.0.113.7"), &["sg-ssh"]);
        assert_eq!(judge(&r, &network(false)).status(), Status::Pass);
        let r = instance(None, &["sg-ssh"]);
        assert_eq!(judge(&r, &Inventory::new()).status(), Status::Pass);
        let r = instance(Some("203.0.113.7"), &["sg-web"]);
        assert_eq!(judge(&r, &network(true)).status(), Status::Pass);
    }

    #[test]
    fn missing_pieces_are_unknown() {
        // Subnet not in the inventory.
        let r = instance(Some("203.0.113.7"), &["sg-ssh"]);
        assert_eq!(judge(&r, &Inventory::new()).status(), Status::Unknown);
        // A group that cannot be read, and none known to be open.
        let r = instance(Some("203.0.113.7"), &["sg-web", "sg-unreadable"]);
        assert_eq!(judge(&r, &network(true)).status(), Status::Unknown);
        // A group missing from the inventory.
        let r = instance(Some("203.0.113.7"), &["sg-missing"]);
        assert_eq!(judge(&r, &network(true)).status(), Status::Unknown);
    }

    /// Issue 8, defect 2: eu-west-1 denied DescribeRouteTables, and a us-east-1 instance open
    /// to SSH read Unknown (so `--fail-on high` exited 0). It must fail; an instance in
    /// eu-west-1 stays Unknown.
    #[test]
    fn issue8_a_route_table_failure_in_another_region_keeps_this_fail() {
        let mut inv = network(true);
        for r in &mut inv.resources {
            r.region = Some("us-east-1".into());
        }
        inv.errors.push(cloudward_model::CollectionError {
            service: "ec2".into(),
            region: Some("eu-west-1".into()),
            api: "DescribeRouteTables".into(),
            kind: cloudward_model::ErrorKind::AccessDenied,
            message: "access denied".into(),
            kinds: vec![ResourceKind::Ec2RouteTable],
            ..Default::default()
        });
        inv.normalize();
        let mut east = instance(Some("203.0.113.7"), &["sg-ssh"]);
        east.region = Some("us-east-1".into());
        assert_eq!(judge(&east, &inv).status(), Status::Fail);

        inv.push(test_support::resource(
            "subnet-w",
            Attributes::Ec2Subnet(Subnet {
                subnet_id: "subnet-w".into(),
                vpc_id: "vpc-w".into(),
                ..Default::default()
            }),
        ));
        let last = inv.resources.len() - 1;
        inv.resources[last].region = Some("eu-west-1".into());
        inv.normalize();
        let mut west = instance(Some("203.0.113.8"), &["sg-ssh"]);
        west.region = Some("eu-west-1".into());
        if let Attributes::Ec2Instance(i) = &mut west.attributes {
            i.subnet_id = Some("subnet-w".into());
        }
        match judge(&west, &inv) {
            Outcome::Unknown(reason) => {
                assert!(
                    reason.contains("DescribeRouteTables in eu-west-1"),
                    "{reason}"
                )
            }
            other => panic!("expected Unknown, got {other:?}"),
        }
    }
}
