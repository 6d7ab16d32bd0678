//! Resources assigned to a backup plan have a recovery point as recent as the plan promises.

use chrono::Duration;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Source, Subject,
};

use super::schedule::period;
use super::{coverage, region_status, BackupType, Protectable};
use crate::Check;

/// For a resource a plan assigns (see `backup-resource-covered-by-plan`), reads its
/// `LastBackupTime` in `ListProtectedResources` and the schedules of the assigning plans'
/// rules (`GetBackupPlan`; no schedule is AWS Backup's default, daily at 05:00 UTC). The
/// latest recovery point may be at most two periods old (the period, plus one period of grace
/// for the start and completion windows), measured against the collection time. A schedule
/// cloudward cannot evaluate makes a passing age Unknown (that rule might require more); an
/// age beyond what the evaluated rules allow fails anyway. Recovery points exist only live:
/// in code the rule does not apply. Unassigned resources are the previous rule's failure and
/// not applicable here.
pub struct BackupResourceRecoveryPointRecent;

const META: RuleMeta = RuleMeta {
    id: "backup-resource-recovery-point-recent",
    title: "Resources assigned to a backup plan have a recent recovery point",
    severity: Severity::High,
    service: "backup",
    kinds: Protectable::KINDS,
    checks: "For each resource a backup plan assigns, whether its latest recovery point \
             (ListProtectedResources LastBackupTime) is at most twice the interval of the most \
             frequent assigning plan rule's schedule old, at collection time.",
    rationale: "A plan that exists but whose jobs fail (a missing IAM permission, a KMS key \
                the role cannot use, a resource type not opted in, a full start window) gives \
                a false sense of safety. Checking that recovery points keep arriving is the \
                cheapest way to verify the backups work.",
    remediation: Remediation {
        console: "AWS Backup console > Jobs > Backup jobs: filter by the resource and read why \
                  its jobs failed or did not start (IAM role, KMS key policy, resource \
                  opt-in); fix it and run an on-demand backup. Set up job notifications \
                  (AWS Backup vault notifications or EventBridge) for failed jobs.",
        cli: "aws backup list-backup-jobs --by-resource-arn <resource-arn> --by-state FAILED\naws backup start-backup-job --backup-vault-name <vault> --resource-arn <resource-arn> --iam-role-arn <role-arn>",
        terraform: "resource \"aws_backup_vault_notifications\" \"jobs\" {\n  backup_vault_name   = aws_backup_vault.main.name\n  sns_topic_arn       = aws_sns_topic.backup_alerts.arn\n  backup_vault_events = [\"BACKUP_JOB_FAILED\", \"BACKUP_JOB_EXPIRED\"]\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListProtectedResources.html",
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/troubleshooting.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC07-BP04", "SEC10-BP07"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

fn human(d: Duration) -> String {
    if d.num_minutes() % 1440 == 0 {
        format!("{} day(s)", d.num_days())
    } else if d.num_minutes() % 60 == 0 {
        format!("{} hour(s)", d.num_hours())
    } else {
        format!("{} minute(s)", d.num_minutes())
    }
}

impl Check for BackupResourceRecoveryPointRecent {
    type Subject = Protectable;
    const META: &'static RuleMeta = &META;

    fn judge(&self, t: BackupType, resource: &Resource, inventory: &Inventory) -> Outcome {
        if let Source::File(_) = resource.source {
            return Outcome::not_applicable(
                "recovery points exist only in a live account; code declares plans, not backups",
            );
        }
        let status = match region_status(resource, inventory) {
            Ok(s) => s,
            Err(reason) => return Outcome::unknown(reason),
        };
        let c = match coverage(status, resource, t) {
            Ok(c) => c,
            Err(reason) => return Outcome::unknown(reason),
        };
        if c.by.is_empty() {
            return if c.unknown.is_empty() {
                Outcome::not_applicable(
                    "no backup plan assigns it (see backup-resource-covered-by-plan)",
                )
            } else {
                Outcome::unknown(c.unknown.join("; "))
            };
        }
        // The most frequent rule of the assigning plans sets the promise.
        let mut shortest: Option<(Duration, String)> = None;
        let mut unreadable = Vec::new();
        for (plan, _) in &c.by {
            let rules = match plan.rules.get() {
                Ok(r) => r,
                Err(reason) => {
                    unreadable.push(format!(
                        "the rules of plan {}: {reason}",
                        plan.backup_plan_name
                    ));
                    continue;
                }
            };
            for rule in rules {
                match period(rule.schedule()) {
                    Ok(p) if shortest.as_ref().is_none_or(|(s, _)| p < *s) => {
                        shortest = Some((
                            p,
                            format!(
                                "plan {} rule {} ({})",
                                plan.backup_plan_name,
                                rule.rule_name,
                                rule.schedule()
                            ),
                        ))
                    }
                    Ok(_) => {}
                    Err(reason) => unreadable.push(reason),
                }
            }
        }
        let Some((every, by)) = shortest else {
            return Outcome::unknown(if unreadable.is_empty() {
                "the assigning plans have no rules".to_string()
            } else {
                unreadable.join("; ")
            });
        };
        let protected = match status.protected_resources.get() {
            Ok(p) => p,
            Err(reason) => return Outcome::unknown(reason),
        };
        let Some(now) = inventory.collected_at else {
            return Outcome::unknown(
                "the inventory records no collection time, so recovery point ages cannot be measured",
            );
        };
        let allowed = every * 2;
        let last = protected
            .iter()
            .find(|p| p.resource_arn == resource.id)
            .and_then(|p| p.last_backup_time);
        let Some(last) = last else {
            return Outcome::Fail(Evidence::new(format!(
                "AWS Backup has no recovery point of this {} resource, though {by} runs every {}",
                t.resource_type,
                human(every)
            )));
        };
        let age = now - last;
        if age > allowed {
            return Outcome::Fail(Evidence::new(format!(
                "the latest recovery point ({}) is {} old; {by} runs every {}, so it may be at most {} old",
                last.format("%Y-%m-%d %H:%M UTC"),
                human(Duration::hours(age.num_hours())),
                human(every),
                human(allowed)
            )));
        }
        if !unreadable.is_empty() {
            return Outcome::unknown(format!(
                "the latest recovery point is {} old, within what {by} allows, but another \
                 assigning rule may require more: {}",
                human(Duration::hours(age.num_hours())),
                unreadable.join("; ")
            ));
        }
        Outcome::Pass(Evidence::new(format!(
            "the latest recovery point ({}) is within {} ({by} runs every {})",
            last.format("%Y-%m-%d %H:%M UTC"),
            human(allowed),
            human(every)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::test_helpers::{inventory, plan, volume};
    use crate::rule::testing;
    use cloudward_model::backup::{Assignment, ProtectedResource, RegionStatus};
    use cloudward_model::{Status, Value};

    fn judge(schedule: &str, hours_ago: Option<i64>) -> Status {
        let v = volume("vol-1", &[]);
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
            .expect("a date")
            .to_utc();
        let status = RegionStatus {
            plans: Value::Known(vec![plan(
                "daily",
                schedule,
                Value::Known(Assignment::default()),
            )]),
            protected_resources: Value::Known(
                hours_ago
                    .map(|h| ProtectedResource {
                        resource_arn: v.id.clone(),
                        resource_type: "EBS".into(),
                        last_backup_time: Some(now - Duration::hours(h)),
                    })
                    .into_iter()
                    .collect(),
            ),
        };
        testing::judge_in(
            &BackupResourceRecoveryPointRecent,
            &v,
            &inventory(status, std::slice::from_ref(&v)),
        )
    }

    #[test]
    fn recent_passes_stale_or_missing_fails() {
        assert_eq!(judge("cron(0 5 ? * * *)", Some(30)), Status::Pass);
        assert_eq!(judge("cron(0 5 ? * * *)", Some(49)), Status::Fail);
        assert_eq!(judge("cron(0 5 ? * SUN *)", Some(49)), Status::Pass);
        assert_eq!(judge("cron(0 5 ? * * *)", None), Status::Fail);
    }

    #[test]
    fn an_unreadable_schedule_is_unknown() {
        assert_eq!(judge("cron(0 5 ? * 2#1 *)", Some(1)), Status::Unknown);
    }
}
