//! EKS clusters run a Kubernetes version in standard support.

use cloudward_model::eks::Cluster;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `Version` and looks it up in [`crate::eks::STANDARD_SUPPORT`], a dated table of the
/// end of standard support of each Kubernetes minor version on EKS, judged at
/// `inventory.collected_at` (code: at [`crate::eks::TABLE_DATE`]). A version newer than every
/// entry was released after the table and passes; an unparsable one is Unknown. A cluster in
/// code without `version` gets EKS's current default and passes.
pub struct EksClusterVersionSupported;

const META: RuleMeta = RuleMeta {
    id: "eks-cluster-version-supported",
    title: "EKS clusters run a Kubernetes version in standard support",
    severity: Severity::Medium,
    service: "eks",
    kinds: Cluster::KINDS,
    checks: "For each EKS cluster, whether its Kubernetes version is still in EKS standard support on the day the inventory was collected (code: the date of cloudward's version table). Versions in extended support fail.",
    rationale: "After standard support a version gets no new Kubernetes patches from the community; EKS keeps it running only in paid extended support for a while and then upgrades it for you. Clusters behind are missing security fixes in the API server, kubelet and add-ons, and face a forced upgrade.",
    remediation: Remediation {
        console: "EKS console > Clusters > <cluster> > Upgrade now: choose the next minor version (check deprecated APIs and add-on compatibility first) > Update; then upgrade the node groups and add-ons.",
        cli: "aws eks update-cluster-version --name <cluster> --kubernetes-version <next-minor-version>",
        terraform: "resource \"aws_eks_cluster\" \"this\" {\n  name    = \"<name>\"\n  version = \"1.34\"\n  # ...\n}",
    },
    references: &["https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-2"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["EKS.2"],
        well_architected: &["SEC06-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_eks_cluster\" \"main\" {\n  name     = \"main\"\n  role_arn = \"arn:aws:iam::123456789012:role/eks-cluster\"\n  version  = \"1.28\"\n  vpc_config {\n    subnet_ids = [\"subnet-0123456789abcdef0\", \"subnet-0fedcba9876543210\"]\n  }\n}\n",
        terraform_good: "resource \"aws_eks_cluster\" \"main\" {\n  name     = \"main\"\n  role_arn = \"arn:aws:iam::123456789012:role/eks-cluster\"\n  vpc_config {\n    subnet_ids = [\"subnet-0123456789abcdef0\", \"subnet-0fedcba9876543210\"]\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Main:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: main\n      RoleArn: arn:aws:iam::123456789012:role/eks-cluster\n      Version: '1.27'\n      ResourcesVpcConfig:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n          - subnet-0fedcba9876543210\n",
        cloudformation_good: "Resources:\n  Main:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: main\n      RoleArn: arn:aws:iam::123456789012:role/eks-cluster\n      ResourcesVpcConfig:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n          - subnet-0fedcba9876543210\n",
    },
    file: file!(),
};

impl Check for EksClusterVersionSupported {
    type Subject = Cluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cluster: &Cluster, _: &Resource, inventory: &Inventory) -> Outcome {
        let version = match cluster.version.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(None) => {
                return Outcome::Pass(Evidence::at(
                    "version",
                    "no version set: EKS creates the cluster with its current default version",
                ))
            }
            Ok(Some(v)) => v,
        };
        let Some(minor) = crate::eks::minor(version) else {
            return Outcome::unknown(format!("version {version} is not a Kubernetes 1.x version"));
        };
        let (today, basis) = crate::eks::judging_date(inventory);
        match crate::eks::end_of_standard_support(minor) {
            crate::eks::Support::Ends(date) if date <= today => Outcome::Fail(Evidence::at(
                "version",
                format!("Kubernetes {version} left standard support on {date} ({basis} {today})"),
            )),
            crate::eks::Support::Ends(date) => Outcome::Pass(Evidence::at(
                "version",
                format!("Kubernetes {version} is in standard support until {date} ({basis} {today})"),
            )),
            crate::eks::Support::Newer => Outcome::Pass(Evidence::at(
                "version",
                format!(
                    "Kubernetes {version} is newer than every version in cloudward's table (checked {})",
                    crate::eks::TABLE_DATE
                ),
            )),
            crate::eks::Support::NotListed => Outcome::unknown(format!(
                "Kubernetes {version} is not in cloudward's version table"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    use chrono::DateTime;

    fn judge(version: Value<Option<String>>, at: Option<i64>) -> Status {
        let r = resource(
            "main",
            Attributes::EksCluster(Cluster {
                version,
                ..Default::default()
            }),
        );
        let mut inventory = Inventory::new();
        inventory.collected_at = at.map(|s| DateTime::from_timestamp(s, 0).expect("valid"));
        testing::judge_in(&EksClusterVersionSupported, &r, &inventory)
    }

    fn v(s: &str) -> Value<Option<String>> {
        Value::Known(Some(s.into()))
    }

    #[test]
    fn judged_at_the_snapshot_date() {
        // 2024-01-01: 1.28 was in standard support until 2024-11-26.
        assert_eq!(judge(v("1.28"), Some(1_704_067_200)), Status::Pass);
        // 2025-01-01: it was not.
        assert_eq!(judge(v("1.28"), Some(1_735_689_600)), Status::Fail);
        assert_eq!(judge(v("1.99"), None), Status::Pass);
        assert_eq!(judge(Value::Known(None), None), Status::Pass);
    }

    #[test]
    fn unknown_versions() {
        assert_eq!(judge(v("1.10"), None), Status::Unknown);
        assert_eq!(judge(v("latest"), None), Status::Unknown);
        assert_eq!(judge(Value::unknown("denied"), None), Status::Unknown);
    }
}
