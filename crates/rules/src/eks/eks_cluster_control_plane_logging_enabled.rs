//! EKS clusters send audit, API server and authenticator logs to CloudWatch.

use crate::rule::judged;
use cloudward_model::eks::Cluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

/// The log types a cluster must send.
const REQUIRED: &[&str] = &["api", "audit", "authenticator"];
use crate::Check;

/// Reads `Logging.ClusterLogging` (the enabled types; Terraform
/// `enabled_cluster_log_types`, CloudFormation `Logging.ClusterLogging.EnabledTypes`; none by
/// default). `audit`, `api` and `authenticator` must all be enabled: FSBP EKS.8 requires
/// `audit`; the other two record who authenticated and what the API server did.
pub struct EksClusterControlPlaneLoggingEnabled;

const META: RuleMeta = RuleMeta {
    id: "eks-cluster-control-plane-logging-enabled",
    title: "EKS clusters send audit, API server and authenticator logs to CloudWatch",
    severity: Severity::Medium,
    service: "eks",
    kinds: Cluster::KINDS,
    checks: "For each EKS cluster, whether control-plane logging is enabled for the audit, api and authenticator log types.",
    rationale: "The Kubernetes audit log is the record of who read secrets, created pods or changed RBAC; the authenticator log maps IAM identities to Kubernetes users; the API server log shows the requests themselves. None is kept unless enabled, and the control plane is not yours to inspect after the fact.",
    remediation: Remediation {
        console: "EKS console > Clusters > <cluster> > Observability > Control plane logging > Manage logging: turn on API server, Audit and Authenticator > Save changes.",
        cli: "aws eks update-cluster-config --name <cluster> --logging '{\"clusterLogging\":[{\"types\":[\"api\",\"audit\",\"authenticator\"],\"enabled\":true}]}'",
        terraform: "resource \"aws_eks_cluster\" \"this\" {\n  name                      = \"<name>\"\n  enabled_cluster_log_types = [\"api\", \"audit\", \"authenticator\"]\n  # ...\n}",
    },
    references: &["https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-8"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["EKS.8"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_eks_cluster\" \"main\" {\n  name     = \"main\"\n  role_arn = \"arn:aws:iam::123456789012:role/eks-cluster\"\n  version  = \"1.33\"\n  enabled_cluster_log_types = [\"api\"]\n  vpc_config {\n    subnet_ids = [\"subnet-0123456789abcdef0\", \"subnet-0fedcba9876543210\"]\n  }\n}\n",
        terraform_good: "resource \"aws_eks_cluster\" \"main\" {\n  name     = \"main\"\n  role_arn = \"arn:aws:iam::123456789012:role/eks-cluster\"\n  version  = \"1.33\"\n  enabled_cluster_log_types = [\"api\", \"audit\", \"authenticator\"]\n  vpc_config {\n    subnet_ids = [\"subnet-0123456789abcdef0\", \"subnet-0fedcba9876543210\"]\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Main:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: main\n      RoleArn: arn:aws:iam::123456789012:role/eks-cluster\n      Version: '1.33'\n      ResourcesVpcConfig:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n          - subnet-0fedcba9876543210\n",
        cloudformation_good: "Resources:\n  Main:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: main\n      RoleArn: arn:aws:iam::123456789012:role/eks-cluster\n      Version: '1.33'\n      ResourcesVpcConfig:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n          - subnet-0fedcba9876543210\n      Logging:\n        ClusterLogging:\n          EnabledTypes:\n            - Type: api\n            - Type: audit\n            - Type: authenticator\n",
    },
    file: file!(),
};

impl Check for EksClusterControlPlaneLoggingEnabled {
    type Subject = Cluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cluster: &Cluster, _: &Resource, _: &Inventory) -> Outcome {
        judged(&cluster.enabled_log_types, "enabled_log_types", |types| {
            let missing: Vec<&str> = REQUIRED
                .iter()
                .copied()
                .filter(|t| !types.iter().any(|e| e == t))
                .collect();
            if missing.is_empty() {
                Ok(format!(
                    "control-plane log types enabled: {}",
                    types.join(", ")
                ))
            } else {
                Err(format!(
                    "control-plane log types not enabled: {}",
                    missing.join(", ")
                ))
            }
        })
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
    const RULE: EksClusterControlPlaneLoggingEnabled = EksClusterControlPlaneLoggingEnabled;

    fn logs(types: Value<Vec<String>>) -> Cluster {
        Cluster {
            enabled_log_types: types,
            ..Default::default()
        }
    }

    #[test]
    fn pass_fail_unknown() {
        let all = ["api", "audit", "authenticator", "scheduler"]
            .map(String::from)
            .to_vec();
        assert_eq!(judge(logs(Value::Known(all))), Status::Pass);
        assert_eq!(
            judge(logs(Value::Known(vec!["api".into(), "audit".into()]))),
            Status::Fail
        );
        assert_eq!(judge(logs(Value::Known(vec![]))), Status::Fail);
        assert_eq!(judge(logs(Value::unknown("denied"))), Status::Unknown);
    }
}
