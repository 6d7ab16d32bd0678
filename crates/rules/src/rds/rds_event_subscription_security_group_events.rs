//! An RDS event subscription notifies DB security group events (configuration change, failure).

use cloudward_model::rds::RegionEventSubscriptions;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, ResourceKind, RuleMeta,
    Severity, Subject,
};

use crate::rds::{judge_events, EventRequirement};
use crate::Check;

/// Reads the region's event subscriptions: an enabled one with source type `db-security-group` (or no
/// type) must notify configuration change, failure (no categories: all) for every source (source ids
/// listed: all of the region's resources must be among them). Applies to regions with DB instances.
pub struct RdsEventSubscriptionSecurityGroupEvents;

const META: RuleMeta = RuleMeta {
    id: "rds-event-subscription-security-group-events",
    title: "An RDS event subscription notifies DB security group events (configuration change, failure)",
    severity: Severity::Low,
    service: "rds",
    kinds: RegionEventSubscriptions::KINDS,
    checks: "For each region with DB instances, whether an enabled event subscription with source type db-security-group (or all source types) covers every source and the categories configuration change, failure (an empty category list covers all).",
    rationale: "Event notifications tell the operators when DB security groups fail, are changed or go into maintenance, as it happens. Without them a failover, a changed setting or a failed backup is found only when something else breaks.",
    remediation: Remediation {
        console: "RDS console > Event subscriptions > Create event subscription > target: an SNS topic > Source type: Security Group > All sources > Event categories: configuration change, failure > Create.",
        cli: "aws rds create-event-subscription --subscription-name rds-db-security-group-events --sns-topic-arn <topic-arn> --source-type db-security-group --event-categories \"configuration change\" \"failure\"",
        terraform: "resource \"aws_db_event_subscription\" \"db_security_group\" {\n  name             = \"rds-db-security-group-events\"\n  sns_topic        = aws_sns_topic.rds.arn\n  source_type      = \"db-security-group\"\n  event_categories = [\"configuration change\", \"failure\"]\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Subscribing.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-22"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.22"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n}\n\nresource \"aws_sns_topic\" \"rds\" {\n  name = \"rds-events\"\n}\n\nresource \"aws_db_event_subscription\" \"db_security_group\" {\n  name             = \"rds-db-security-group-events\"\n  sns_topic        = aws_sns_topic.rds.arn\n  source_type      = \"db-security-group\"\n  event_categories = [\"configuration change\"]\n}\n",
        terraform_good: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n}\n\nresource \"aws_sns_topic\" \"rds\" {\n  name = \"rds-events\"\n}\n\nresource \"aws_db_event_subscription\" \"db_security_group\" {\n  name             = \"rds-db-security-group-events\"\n  sns_topic        = aws_sns_topic.rds.arn\n  source_type      = \"db-security-group\"\n  event_categories = [\"configuration change\", \"failure\"]\n}\n",
        cloudformation_bad: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n  Topic:\n    Type: AWS::SNS::Topic\n  Events:\n    Type: AWS::RDS::EventSubscription\n    Properties:\n      SnsTopicArn: !Ref Topic\n      SourceType: db-security-group\n      EventCategories:\n        - configuration change\n",
        cloudformation_good: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n  Topic:\n    Type: AWS::SNS::Topic\n  Events:\n    Type: AWS::RDS::EventSubscription\n    Properties:\n      SnsTopicArn: !Ref Topic\n      SourceType: db-security-group\n      EventCategories:\n        - configuration change\n        - failure\n",
    },
    file: file!(),
};

impl Check for RdsEventSubscriptionSecurityGroupEvents {
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
                source_type: "db-security-group",
                categories: &["configuration change", "failure"],
                applies_to: Some(ResourceKind::RdsDbInstance),
            },
            resource,
            inventory,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rds::test_helpers::{self, instance, instance_resource, judge_events};
    use cloudward_model::rds::EventSubscription;
    use cloudward_model::{Status, Value};

    fn judge(subscriptions: Value<Vec<EventSubscription>>, with_databases: bool) -> Status {
        judge_events(
            &RdsEventSubscriptionSecurityGroupEvents,
            subscriptions,
            with_databases.then(|| instance_resource(instance())),
        )
    }

    fn subscription(categories: &[&str]) -> EventSubscription {
        test_helpers::subscription("db-security-group", categories)
    }

    #[test]
    fn every_category_passes() {
        assert_eq!(
            judge(
                Value::Known(vec![subscription(&["configuration change", "failure"])]),
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
