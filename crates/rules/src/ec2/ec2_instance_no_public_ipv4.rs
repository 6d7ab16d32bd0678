//! Instances have no public IPv4 address.

use cloudward_model::ec2::Instance;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::ec2::ec2_instance_imdsv2_required::is_gone;
use crate::Check;

/// Reads `PublicIpAddress` (auto-assigned or Elastic IP). Rated medium rather than FSBP's high:
/// an address alone is not exposure, and `ec2-instance-sensitive-ports-not-internet-exposed`
/// carries the high severity when the address, the route and the security groups line up.
pub struct Ec2InstanceNoPublicIpv4;

const META: RuleMeta = RuleMeta {
    id: "ec2-instance-no-public-ipv4",
    title: "EC2 instances do not have a public IPv4 address",
    severity: Severity::Medium,
    service: "ec2",
    kinds: Instance::KINDS,
    checks: "For each instance that is not terminated, whether it has a public IPv4 address \
             (auto-assigned or an Elastic IP).",
    rationale: "A public address makes the instance directly addressable from the internet; \
                its exposure then rests on one security group. Serving through a load \
                balancer, and reaching the internet through NAT, keeps instances private.",
    remediation: Remediation {
        console: "Move the workload behind a load balancer or NAT gateway; then EC2 console > \
                  Elastic IPs > Disassociate, or relaunch into a private subnet (an auto-assigned \
                  address cannot be removed from a running instance).",
        cli: "aws ec2 disassociate-address --association-id <eipassoc-id>\n\
              aws ec2 modify-subnet-attribute --subnet-id <subnet-id> --no-map-public-ip-on-launch",
        terraform: "resource \"aws_instance\" \"app\" {\n  # ...\n  subnet_id                   = aws_subnet.private.id\n  associate_public_ip_address = false\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-9",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["EC2.9"],
        well_architected: &["SEC05-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_instance\" \"app\" {\n  ami                         = \"ami-0123456789abcdef0\"\n  instance_type               = \"t3.micro\"\n  associate_public_ip_address = true\n}\n",
        terraform_good: "resource \"aws_instance\" \"app\" {\n  ami                         = \"ami-0123456789abcdef0\"\n  instance_type               = \"t3.micro\"\n  associate_public_ip_address = false\n}\n",
        cloudformation_bad: "Resources:\n  App:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-0123456789abcdef0\n      InstanceType: t3.micro\n      NetworkInterfaces:\n        - DeviceIndex: '0'\n          SubnetId: subnet-0123456789abcdef0\n          AssociatePublicIpAddress: true\n",
        cloudformation_good: "Resources:\n  App:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-0123456789abcdef0\n      InstanceType: t3.micro\n      NetworkInterfaces:\n        - DeviceIndex: '0'\n          SubnetId: subnet-0123456789abcdef0\n          AssociatePublicIpAddress: false\n",
    },
    file: file!(),
};

impl Check for Ec2InstanceNoPublicIpv4 {
    type Subject = Instance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, instance: &Instance, _: &Resource, _: &Inventory) -> Outcome {
        if is_gone(&instance.state) {
            return Outcome::not_applicable(format!("the instance is {}", instance.state));
        }
        match instance.public_ip_address.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(Some(ip)) => Outcome::Fail(Evidence::at(
                "public_ip_address",
                format!("the instance has the public IPv4 address {ip}"),
            )),
            Ok(None) => Outcome::Pass(Evidence::at(
                "public_ip_address",
                "the instance has no public IPv4 address",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::ec2::Instance;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(state: &str, ip: Value<Option<String>>) -> Status {
        let r = test_support::resource(
            "i-1",
            Attributes::Ec2Instance(Instance {
                instance_id: "i-1".into(),
                state: state.into(),
                public_ip_address: ip,
                ..Default::default()
            }),
        );
        testing::judge(&Ec2InstanceNoPublicIpv4, &r)
    }

    #[test]
    fn no_address_passes() {
        assert_eq!(judge("running", Value::Known(None)), Status::Pass);
    }

    #[test]
    fn public_address_fails() {
        assert_eq!(
            judge("running", Value::Known(Some("203.0.113.10".into()))),
            Status::Fail
        );
    }

    #[test]
    fn unknown_and_terminated() {
        assert_eq!(
            judge("running", Value::unknown("AccessDenied")),
            Status::Unknown
        );
        assert_eq!(
            judge("terminated", Value::Known(Some("203.0.113.10".into()))),
            Status::NotApplicable
        );
    }
}
