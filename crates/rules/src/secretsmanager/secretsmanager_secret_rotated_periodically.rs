//! Secrets were rotated within the configured number of days.

use cloudward_model::secretsmanager::Secret;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::secretsmanager::{age_days, collected_at};
use crate::Check;

/// Reads `LastRotatedDate` (or, for a secret never rotated, `CreatedDate`) against
/// `inventory.collected_at` and `settings.thresholds.secret_rotation_days` (default 90, FSBP
/// SecretsManager.4). A secret declared in code has no dates yet: it passes when its declared
/// rotation runs at least that often (`AutomaticallyAfterDays` or `rate(...)`; a `cron(...)`
/// schedule is Unknown), and fails without rotation.
pub struct SecretsmanagerSecretRotatedPeriodically;

const META: RuleMeta = RuleMeta {
    id: "secretsmanager-secret-rotated-periodically",
    title: "Secrets Manager secrets are rotated within the maximum age",
    severity: Severity::Medium,
    service: "secretsmanager",
    kinds: Secret::KINDS,
    checks: "For each secret, whether it was last rotated (or, if never rotated, created) no \
             more than thresholds.secret_rotation_days (default 90) before the scan; in code, \
             whether its rotation schedule is at most that long.",
    rationale: "Rotation that is enabled but failing, or scheduled too rarely, leaves the same \
                credential valid for months. Measuring the age of the secret itself catches both.",
    remediation: Remediation {
        console: "Secrets Manager console > Secrets > <secret> > Rotation: check the last \
                  rotation and the function's CloudWatch logs, fix the failure, choose a schedule \
                  of 90 days or less, then Rotate secret immediately.",
        cli: "aws secretsmanager rotate-secret --secret-id <secret> --rotation-rules AutomaticallyAfterDays=30",
        terraform: "resource \"aws_secretsmanager_secret_rotation\" \"this\" {\n  secret_id           = aws_secretsmanager_secret.this.id\n  rotation_lambda_arn = aws_lambda_function.rotate.arn\n  rotation_rules {\n    automatically_after_days = 30\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-4",
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["SecretsManager.4"],
        well_architected: &["SEC02-BP05"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_secretsmanager_secret\" \"db\" {\n  name = \"prod/db/password\"\n}\n\nresource \"aws_secretsmanager_secret_rotation\" \"db\" {\n  secret_id           = aws_secretsmanager_secret.db.id\n  rotation_lambda_arn = \"arn:aws:lambda:us-east-1:111122223333:function:rotate-db\"\n  rotation_rules {\n    automatically_after_days = 180\n  }\n}\n",
        terraform_good: "resource \"aws_secretsmanager_secret\" \"db\" {\n  name = \"prod/db/password\"\n}\n\nresource \"aws_secretsmanager_secret_rotation\" \"db\" {\n  secret_id           = aws_secretsmanager_secret.db.id\n  rotation_lambda_arn = \"arn:aws:lambda:us-east-1:111122223333:function:rotate-db\"\n  rotation_rules {\n    automatically_after_days = 30\n  }\n}\n",
        cloudformation_bad: "Resources:\n  DbSecret:\n    Type: AWS::SecretsManager::Secret\n  DbSecretRotation:\n    Type: AWS::SecretsManager::RotationSchedule\n    Properties:\n      SecretId: !Ref DbSecret\n      RotationLambdaARN: arn:aws:lambda:us-east-1:111122223333:function:rotate-db\n      RotationRules:\n        ScheduleExpression: rate(180 days)\n",
        cloudformation_good: "Resources:\n  DbSecret:\n    Type: AWS::SecretsManager::Secret\n  DbSecretRotation:\n    Type: AWS::SecretsManager::RotationSchedule\n    Properties:\n      SecretId: !Ref DbSecret\n      RotationLambdaARN: arn:aws:lambda:us-east-1:111122223333:function:rotate-db\n      RotationRules:\n        ScheduleExpression: rate(30 days)\n",
    },
    file: file!(),
};

impl Check for SecretsmanagerSecretRotatedPeriodically {
    type Subject = Secret;
    const META: &'static RuleMeta = &META;

    fn judge(&self, secret: &Secret, _: &Resource, inventory: &Inventory) -> Outcome {
        let max = i64::from(inventory.settings.thresholds.secret_rotation_days);
        let last = match secret.last_rotated_date.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(last) => *last,
        };
        let (since, what) = match last {
            Some(t) => (t, "last rotated"),
            None => match secret.created_date.get() {
                Err(reason) => return Outcome::unknown(reason),
                Ok(Some(created)) => (*created, "never rotated; created"),
                Ok(None) => return schedule(secret, max),
            },
        };
        let now = match collected_at(inventory) {
            Ok(now) => now,
            Err(reason) => return Outcome::unknown(reason),
        };
        let age = age_days(now, since);
        let message = format!(
            "{what} {age} days ago ({}), limit {max} days",
            since.date_naive()
        );
        if age <= max {
            Outcome::Pass(Evidence::at("last_rotated_date", message))
        } else {
            Outcome::Fail(Evidence::at("last_rotated_date", message))
        }
    }
}

/// A secret in code: its declared schedule decides.
fn schedule(secret: &Secret, max: i64) -> Outcome {
    match secret.rotation_enabled.get() {
        Err(reason) => return Outcome::unknown(reason),
        Ok(false) => {
            return Outcome::Fail(Evidence::at(
                "rotation_enabled",
                format!("no rotation is declared, so the secret will exceed {max} days unrotated"),
            ))
        }
        Ok(true) => {}
    }
    let rules = match secret.rotation_rules.get() {
        Err(reason) => return Outcome::unknown(reason),
        Ok(rules) => rules,
    };
    match rules.as_ref().map(|r| (r.interval_days(), r)) {
        Some((Some(days), _)) if days <= max => Outcome::Pass(Evidence::at(
            "rotation_enabled",
            format!("rotation is declared every {days} days, within {max} days"),
        )),
        Some((Some(days), _)) => Outcome::Fail(Evidence::at(
            "rotation_enabled",
            format!("rotation is declared every {days} days, more than {max} days"),
        )),
        Some((None, r)) => Outcome::unknown(format!(
            "the rotation schedule {} is not evaluated by cloudward",
            r.schedule_expression.as_deref().unwrap_or("(none)")
        )),
        None => Outcome::unknown("rotation is declared without rotation rules"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing::{judge, judge_in};
    use crate::secretsmanager::test_helpers::{
        code_secret, days_ago, inventory, live_secret, secret,
    };
    use cloudward_model::secretsmanager::RotationRules;
    use cloudward_model::{Status, Value};

    const RULE: &SecretsmanagerSecretRotatedPeriodically = &SecretsmanagerSecretRotatedPeriodically;

    #[test]
    fn recent_rotation_passes_and_old_fails() {
        assert_eq!(
            judge_in(RULE, &secret(live_secret()), &inventory()),
            Status::Pass
        );
        let stale = Secret {
            last_rotated_date: Value::Known(Some(days_ago(120))),
            ..live_secret()
        };
        assert_eq!(judge_in(RULE, &secret(stale), &inventory()), Status::Fail);
        let never = Secret {
            last_rotated_date: Value::Known(None),
            ..live_secret()
        };
        assert_eq!(judge_in(RULE, &secret(never), &inventory()), Status::Fail);
        let young = Secret {
            last_rotated_date: Value::Known(None),
            created_date: Value::Known(Some(days_ago(10))),
            ..live_secret()
        };
        assert_eq!(judge_in(RULE, &secret(young), &inventory()), Status::Pass);
    }

    #[test]
    fn unknown_dates_or_no_collection_time_are_unknown() {
        let unknown = Secret {
            last_rotated_date: Value::unknown("AccessDenied"),
            ..live_secret()
        };
        assert_eq!(
            judge_in(RULE, &secret(unknown), &inventory()),
            Status::Unknown
        );
        assert_eq!(judge(RULE, &secret(live_secret())), Status::Unknown);
    }

    #[test]
    fn code_is_judged_by_its_schedule() {
        assert_eq!(judge(RULE, &secret(code_secret())), Status::Pass);
        let slow = Secret {
            rotation_rules: Value::Known(Some(RotationRules {
                schedule_expression: Some("rate(180 days)".into()),
                ..Default::default()
            })),
            ..code_secret()
        };
        assert_eq!(judge(RULE, &secret(slow)), Status::Fail);
        let none = Secret {
            rotation_enabled: Value::Known(false),
            ..code_secret()
        };
        assert_eq!(judge(RULE, &secret(none)), Status::Fail);
    }
}
