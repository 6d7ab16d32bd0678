//! ECS clusters have Container Insights enabled.

use crate::rule::judged;
use crate::Check;
use cloudward_model::ecs::Cluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

/// Reads the cluster setting `containerInsights` (`DescribeClusters` with `SETTINGS`;
/// `setting { name = "containerInsights" }`, `ClusterSettings`): `enabled` or `enhanced`
/// passes. Unset in code is Unknown: the account default (`PutAccountSettingDefault
/// containerInsights`) decides.
pub struct EcsClusterContainerInsightsEnabled;

const META: RuleMeta = RuleMeta {
    id: "ecs-cluster-container-insights-enabled",
    title: "ECS clusters have Container Insights enabled",
    severity: Severity::Low,
    service: "ecs",
    kinds: Cluster::KINDS,
    checks: "For each ECS cluster, whether the containerInsights setting is enabled or enhanced.",
    rationale: "Container Insights collects per-cluster, service and task CPU, memory, network and restart metrics and events. Without them a cryptominer, a crash loop after an exploit or a task exfiltrating data at volume shows nowhere until the bill arrives.",
    remediation: Remediation {
        console: "ECS console > Clusters > <cluster> > Update cluster > Monitoring: Container Insights (or with enhanced observability) > Update.",
        cli: "aws ecs update-cluster-settings --cluster <cluster> --settings name=containerInsights,value=enabled",
        terraform: "resource \"aws_ecs_cluster\" \"this\" {\n  name = \"<name>\"\n  setting {\n    name  = \"containerInsights\"\n    value = \"enabled\"\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContainerInsights.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-12"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ECS.12"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ecs_cluster\" \"main\" {\n  name = \"main\"\n  setting {\n    name  = \"containerInsights\"\n    value = \"disabled\"\n  }\n}\n",
        terraform_good: "resource \"aws_ecs_cluster\" \"main\" {\n  name = \"main\"\n  setting {\n    name  = \"containerInsights\"\n    value = \"enabled\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Main:\n    Type: AWS::ECS::Cluster\n    Properties:\n      ClusterName: main\n      ClusterSettings:\n        - Name: containerInsights\n          Value: disabled\n",
        cloudformation_good: "Resources:\n  Main:\n    Type: AWS::ECS::Cluster\n    Properties:\n      ClusterName: main\n      ClusterSettings:\n        - Name: containerInsights\n          Value: enhanced\n",
    },
    file: file!(),
};

impl Check for EcsClusterContainerInsightsEnabled {
    type Subject = Cluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cluster: &Cluster, _: &Resource, _: &Inventory) -> Outcome {
        judged(&cluster.container_insights, "container_insights", |v| {
            if v == "enabled" || v == "enhanced" {
                Ok(format!("Container Insights is {v}"))
            } else {
                Err(format!("Container Insights is {v}"))
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

    fn judge(v: Value<String>) -> Status {
        let r = resource(
            "main",
            Attributes::EcsCluster(Cluster {
                container_insights: v,
                ..Default::default()
            }),
        );
        testing::judge(&EcsClusterContainerInsightsEnabled, &r)
    }

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(judge(Value::Known("enabled".into())), Status::Pass);
        assert_eq!(judge(Value::Known("enhanced".into())), Status::Pass);
        assert_eq!(judge(Value::Known("disabled".into())), Status::Fail);
        assert_eq!(judge(Value::unknown("account default")), Status::Unknown);
    }
}
