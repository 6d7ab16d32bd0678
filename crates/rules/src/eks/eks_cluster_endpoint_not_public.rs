//! EKS cluster API endpoints are private or restricted to known networks.

use cloudward_model::eks::Cluster;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `ResourcesVpcConfig.EndpointPublicAccess` and `PublicAccessCidrs` (Terraform
/// `vpc_config`, defaults `true` and `["0.0.0.0/0"]`; CloudFormation `ResourcesVpcConfig`, the
/// same defaults). A private endpoint passes; a public one passes only when no CIDR is
/// `0.0.0.0/0` or `::/0`. FSBP EKS.1 fails every public endpoint; allowing a public endpoint
/// restricted to your networks is the documented middle ground, so it passes with evidence.
pub struct EksClusterEndpointNotPublic;

const META: RuleMeta = RuleMeta {
    id: "eks-cluster-endpoint-not-public",
    title: "EKS cluster API endpoints are private or restricted to known networks",
    severity: Severity::High,
    service: "eks",
    kinds: Cluster::KINDS,
    checks: "For each EKS cluster, whether the Kubernetes API endpoint is private, or public only to specific CIDR ranges (0.0.0.0/0 or ::/0 fails).",
    rationale: "A public API endpoint open to the internet lets anyone attempt authentication against the cluster, and exposes it to every Kubernetes or EKS authentication flaw and to leaked kubeconfigs and tokens. A private endpoint, or a public one limited to your offices and CI egress, removes the rest of the internet from that list.",
    remediation: Remediation {
        console: "EKS console > Clusters > <cluster> > Networking > Manage endpoint access: Private (or Public and private with the advanced setting limiting CIDR blocks to your networks) > Save changes.",
        cli: "aws eks update-cluster-config --name <cluster> --resources-vpc-config endpointPublicAccess=false,endpointPrivateAccess=true",
        terraform: "resource \"aws_eks_cluster\" \"this\" {\n  name = \"<name>\"\n  # ...\n  vpc_config {\n    subnet_ids              = var.private_subnet_ids\n    endpoint_private_access = true\n    endpoint_public_access  = false\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-1"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["EKS.1"],
        well_architected: &["SEC05-BP01", "SEC05-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_eks_cluster\" \"main\" {\n  name     = \"main\"\n  role_arn = \"arn:aws:iam::123456789012:role/eks-cluster\"\n  version  = \"1.33\"\n  vpc_config {\n    subnet_ids = [\"subnet-0123456789abcdef0\", \"subnet-0fedcba9876543210\"]\n  }\n}\n",
        terraform_good: "resource \"aws_eks_cluster\" \"main\" {\n  name     = \"main\"\n  role_arn = \"arn:aws:iam::123456789012:role/eks-cluster\"\n  version  = \"1.33\"\n  vpc_config {\n    subnet_ids = [\"subnet-0123456789abcdef0\", \"subnet-0fedcba9876543210\"]\n    endpoint_private_access = true\n    endpoint_public_access  = false\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Main:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: main\n      RoleArn: arn:aws:iam::123456789012:role/eks-cluster\n      Version: '1.33'\n      ResourcesVpcConfig:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n          - subnet-0fedcba9876543210\n        EndpointPublicAccess: true\n        PublicAccessCidrs:\n          - 0.0.0.0/0\n",
        cloudformation_good: "Resources:\n  Main:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: main\n      RoleArn: arn:aws:iam::123456789012:role/eks-cluster\n      Version: '1.33'\n      ResourcesVpcConfig:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n          - subnet-0fedcba9876543210\n        EndpointPublicAccess: true\n        EndpointPrivateAccess: true\n        PublicAccessCidrs:\n          - 203.0.113.0/24\n",
    },
    file: file!(),
};

impl Check for EksClusterEndpointNotPublic {
    type Subject = Cluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cluster: &Cluster, _: &Resource, _: &Inventory) -> Outcome {
        match cluster.endpoint_public_access.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(false) => {
                return Outcome::Pass(Evidence::at(
                    "endpoint_public_access",
                    "the API endpoint is private",
                ))
            }
            Ok(true) => {}
        }
        let cidrs = match cluster.public_access_cidrs.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(c) => c,
        };
        let open: Vec<&str> = cidrs
            .iter()
            .map(String::as_str)
            .filter(|c| *c == "0.0.0.0/0" || *c == "::/0")
            .collect();
        if open.is_empty() && !cidrs.is_empty() {
            Outcome::Pass(Evidence::at(
                "public_access_cidrs",
                format!("the public API endpoint admits only {}", cidrs.join(", ")),
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "public_access_cidrs",
                "the API endpoint is public to the whole internet (0.0.0.0/0)",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(cluster: Cluster) -> Status {
        testing::judge(&RULE, &resource("main", Attributes::EksCluster(cluster)))
    }
    const RULE: EksClusterEndpointNotPublic = EksClusterEndpointNotPublic;

    fn endpoint(public: bool, cidrs: &[&str]) -> Cluster {
        Cluster {
            endpoint_public_access: Value::Known(public),
            public_access_cidrs: Value::Known(cidrs.iter().map(|c| c.to_string()).collect()),
            ..Default::default()
        }
    }

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(judge(endpoint(false, &["0.0.0.0/0"])), Status::Pass);
        assert_eq!(judge(endpoint(true, &["203.0.113.0/24"])), Status::Pass);
        assert_eq!(
            judge(endpoint(true, &["203.0.113.0/24", "0.0.0.0/0"])),
            Status::Fail
        );
        let mut unknown = endpoint(true, &[]);
        unknown.public_access_cidrs = Value::unknown("denied");
        assert_eq!(judge(unknown), Status::Unknown);
    }
}
