//! Subnets do not assign public IPv4 addresses automatically.

use cloudward_model::ec2::Subnet;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `MapPublicIpOnLaunch`. Default subnets of the default VPC have it on, so they fail
/// too: that is the point of the control (FSBP EC2.15 makes no exception for them).
pub struct VpcSubnetNoPublicIpAutoAssign;

const META: RuleMeta = RuleMeta {
    id: "vpc-subnet-no-public-ip-auto-assign",
    title: "Subnets do not automatically assign public IPv4 addresses",
    severity: Severity::Medium,
    service: "ec2",
    kinds: Subnet::KINDS,
    checks: "For each subnet, whether MapPublicIpOnLaunch is false.",
    rationale: "With auto-assignment on, every instance launched into the subnet gets a public \
                address unless the launch request says otherwise, so a private workload can \
                become internet-facing by accident. Public addresses should be a deliberate \
                choice (an Elastic IP or a load balancer).",
    remediation: Remediation {
        console: "VPC console > Subnets > <subnet> > Actions > Edit subnet settings > clear \
                  'Enable auto-assign public IPv4 address' > Save.",
        cli: "aws ec2 modify-subnet-attribute --subnet-id <subnet-id> --no-map-public-ip-on-launch",
        terraform: "resource \"aws_subnet\" \"app\" {\n  vpc_id                  = aws_vpc.main.id\n  cidr_block              = \"10.0.1.0/24\"\n  map_public_ip_on_launch = false\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/modify-subnets.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-15",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["EC2.15"],
        well_architected: &["SEC05-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_subnet\" \"app\" {\n  vpc_id                  = \"vpc-0123456789abcdef0\"\n  cidr_block              = \"10.0.1.0/24\"\n  map_public_ip_on_launch = true\n}\n",
        terraform_good: "resource \"aws_subnet\" \"app\" {\n  vpc_id                  = \"vpc-0123456789abcdef0\"\n  cidr_block              = \"10.0.1.0/24\"\n  map_public_ip_on_launch = false\n}\n",
        cloudformation_bad: "Resources:\n  App:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: vpc-0123456789abcdef0\n      CidrBlock: 10.0.1.0/24\n      MapPublicIpOnLaunch: true\n",
        cloudformation_good: "Resources:\n  App:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: vpc-0123456789abcdef0\n      CidrBlock: 10.0.1.0/24\n      MapPublicIpOnLaunch: false\n",
    },
    file: file!(),
};

impl Check for VpcSubnetNoPublicIpAutoAssign {
    type Subject = Subnet;
    const META: &'static RuleMeta = &META;

    fn judge(&self, subnet: &Subnet, _: &Resource, _: &Inventory) -> Outcome {
        match subnet.map_public_ip_on_launch.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(true) => Outcome::Fail(Evidence::at(
                "map_public_ip_on_launch",
                "instances launched into the subnet get a public IPv4 address automatically",
            )),
            Ok(false) => Outcome::Pass(Evidence::at(
                "map_public_ip_on_launch",
                "the subnet does not auto-assign public IPv4 addresses",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::ec2::Subnet;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(map_public_ip_on_launch: Value<bool>) -> Status {
        let r = test_support::resource(
            "subnet-1",
            Attributes::Ec2Subnet(Subnet {
                subnet_id: "subnet-1".into(),
                vpc_id: "vpc-1".into(),
                map_public_ip_on_launch,
                ..Default::default()
            }),
        );
        testing::judge(&VpcSubnetNoPublicIpAutoAssign, &r)
    }

    #[test]
    fn off_passes() {
        assert_eq!(judge(Value::Known(false)), Status::Pass);
    }

    #[test]
    fn on_fails() {
        assert_eq!(judge(Value::Known(true)), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
