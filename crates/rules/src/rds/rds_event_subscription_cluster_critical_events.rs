//! An RDS event subscription notifies critical DB cluster events (maintenance, failure).

use cloudward_model::rds::RegionEventSubscriptions;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, ResourceKind, RuleMeta,
    Severity, Subject,
};

use crate::rds::{judge_events, EventRequirement};
use crate::Check;

/// Reads the region's event subscriptions: an enabled one with source type `db-cluster` (or no
/// type) must notify maintenance, failure (no categories: all) for every source (source ids
/// listed: all of the region's resources must be among them). Applies to regions with DB clusters.
pub struct RdsEventSubscriptionClusterCriticalEvents;

const META: RuleMeta = RuleMeta {
    id: "rds-event-subscription-cluster-critical-events",
    title: "An RDS event subscription notifies critical DB cluster events (maintenance, failure)",
    severity: Severity::Low,
    service: "rds",
    kinds: RegionEventSubscriptions::KINDS,
    checks: "For each region with DB clusters, whether an enabled event subscription with source type db-cluster (or all source types) covers every source and the categories maintenance, failure (an empty category list covers all).",
    rationale: "Event notifications tell the operators when DB clusters fail, are changed or go into maintenance, as it happens. Without them a failover, a changed setting or a failed backup is found only when something else breaks.",
    remediation: Remediation {
        console: "RDS console > Event subscriptions > Create event subscription > target: an SNS topic > Source type: Cluster > All sources > Event categories: maintenance, failure > Create.",
        cli: "aws rds create-event-subscription --subscription-name rds-db-cluster-events --sns-topic-arn <topic-arn> --source-type db-cluster --event-categories \"maintenance\" \"failure\"",
        terraform: "resource \"aws_db_event_subscription\" \"db_cluster\" {\n  name             = \"rds-db-cluster-events\"\n  sns_topic        = aws_sns_topic.rds.arn\n  source_type      = \"db-cluster\"\n  event_categories = [\"maintenance\", \"failure\"]\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Subscribing.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-19"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.19"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n}\n\nresource \"aws_sns_topic\" \"rds\" {\n  name = \"rds-events\"\n}\n\nresource \"aws_db_event_subscription\" \"db_cluster\" {\n  name             = \"rds-db-cluster-events\"\n  sns_topic        = aws_sns_topic.rds.arn\n  source_type      = \"db-cluster\"\n  event_categories = [\"maintenance\"]\n}\n",
        terraform_good: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n}\n\nresource \"aws_sns_topic\" \"rds\" {\n  name = \"rds-events\"\n}\n\nresource \"aws_db_event_subscription\" \"db_cluster\" {\n  name             = \"rds-db-cluster-events\"\n  sns_topic        = aws_sns_topic.rds.arn\n  source_type      = \"db-cluster\"\n  event_categories = [\"maintenance\", \"failure\"]\n}\n",
        cloudformation_bad: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n  Topic:\n    Type: AWS::SNS::Topic\n  Events:\n    Type: AWS::RDS::EventSubscription\n    Properties:\n      SnsTopicArn: !Ref Topic\n      SourceType: db-cluster\n      EventCategories:\n        - maintenance\n",
        cloudformation_good: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n  Topic:\n    Type: AWS::SNS::Topic\n  Events:\n    Type: AWS::RDS::EventSubscription\n    Properties:\n      SnsTopicArn: !Ref Topic\n      SourceType: db-cluster\n      EventCategories:\n        - maintenance\n        - failure\n",
    },
    file: file!(),
};

impl Check for RdsEventSubscriptionClusterCriticalEvents {
    type Subject = RegionEventSubscriptions;
    const META: &'static RuleMeta = &META;

    fn judge(
        &self,
        subscriptions: &RegionEventSubscriptions,
        resource: &Resource,
        inventory: &Inventory,
    ) -> Outcome {
        judge_events(
            subscriptions,
            &EventRequirement {
                source_type: "db-cluster",
                categories: &["maintenance", "failure"],
                applies_to: Some(ResourceKind::RdsDbCluster),
            },
            resource,
            inventory,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rds::test_helpers::{self, cluster, cluster_resource, judge_events};
    use cloudward_model::rds::EventSubscription;
    use cloudward_model::{Status, Value};

    fn judge(subscriptions: Value<Vec<EventSubscription>>, with_databases: bool) -> Status {
        judge_events(
            &RdsEventSubscriptionClusterCriticalEvents,
            subscriptions,
            with_databases.then(|| cluster_resource(cluster())),
        )
    }

    fn subscription(categories: &[&str]) -> EventSubscription {
        test_helpers::subscription("db-cluster", categories)
    }

    #[test]
    fn every_category_passes() {
        assert_eq!(
            judge(
                Value::Known(vec![subscription(&["maintenance", "failure"])]),
                true
            ),
            Status::Pass
        );
        assert_eq!(
            judge(Value::Known(vec![subscription(&[])]), true),
            Status::Pass
        );
    }

    #[test]
    fn missing_categories_or_a_disabled_subscription_fail() {
        assert_eq!(
            judge(Value::Known(vec![subscription(&["deletion"])]), true),
            Status::Fail
        );
        let mut off = subscription(&[]);
        off.enabled = false;
        assert_eq!(judge(Value::Known(vec![off]), true), Status::Fail);
        assert_eq!(judge(Value::Known(vec![]), true), Status::Fail);
    }

    #[test]
    fn unknown_and_not_applicable() {
        assert_eq!(judge(Value::unknown("denied"), true), Status::Unknown);
        assert_eq!(judge(Value::Known(vec![]), false), Status::NotApplicable);
    }
}
