//! Secrets have automatic rotation enabled.

use cloudward_model::secretsmanager::Secret;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `ListSecrets.RotationEnabled` (absent: never configured, off). In code, rotation is on
/// when an `aws_secretsmanager_secret_rotation` / `AWS::SecretsManager::RotationSchedule`
/// names the secret.
pub struct SecretsmanagerSecretRotationEnabled;

const META: RuleMeta = RuleMeta {
    id: "secretsmanager-secret-rotation-enabled",
    title: "Secrets Manager secrets have automatic rotation enabled",
    severity: Severity::Medium,
    service: "secretsmanager",
    kinds: Secret::KINDS,
    checks: "For each secret, whether automatic rotation is enabled (a rotation function or a \
             managed rotation with a schedule).",
    rationale: "A credential that never changes stays valid for whoever copied it, from a log, a \
                laptop or a former employee. Automatic rotation bounds that window and proves the \
                applications can take a new credential without an outage.",
    remediation: Remediation {
        console: "Secrets Manager console > Secrets > <secret> > Rotation > Edit rotation: turn \
                  on automatic rotation, choose a schedule and a rotation function (or managed \
                  rotation for RDS, Redshift and DocumentDB credentials).",
        cli: "aws secretsmanager rotate-secret --secret-id <secret> --rotation-lambda-arn <function-arn> --rotation-rules AutomaticallyAfterDays=30",
        terraform: "resource \"aws_secretsmanager_secret_rotation\" \"this\" {\n  secret_id           = aws_secretsmanager_secret.this.id\n  rotation_lambda_arn = aws_lambda_function.rotate.arn\n  rotation_rules {\n    automatically_after_days = 30\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-1",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["SecretsManager.1"],
        well_architected: &["SEC02-BP03", "SEC02-BP05"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_secretsmanager_secret\" \"db\" {\n  name = \"prod/db/password\"\n}\n",
        terraform_good: "resource \"aws_secretsmanager_secret\" \"db\" {\n  name = \"prod/db/password\"\n}\n\nresource \"aws_secretsmanager_secret_rotation\" \"db\" {\n  secret_id           = aws_secretsmanager_secret.db.id\n  rotation_lambda_arn = \"arn:aws:lambda:us-east-1:111122223333:function:rotate-db\"\n  rotation_rules {\n    automatically_after_days = 30\n  }\n}\n",
        cloudformation_bad: "Resources:\n  DbSecret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      Name: prod/db/password\n",
        cloudformation_good: "Resources:\n  DbSecret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      Name: prod/db/password\n  DbSecretRotation:\n    Type: AWS::SecretsManager::RotationSchedule\n    Properties:\n      SecretId: !Ref DbSecret\n      RotationLambdaARN: arn:aws:lambda:us-east-1:111122223333:function:rotate-db\n      RotationRules:\n        AutomaticallyAfterDays: 30\n",
    },
    file: file!(),
};

impl Check for SecretsmanagerSecretRotationEnabled {
    type Subject = Secret;
    const META: &'static RuleMeta = &META;

    fn judge(&self, secret: &Secret, _: &Resource, _: &Inventory) -> Outcome {
        let schedule = match secret.rotation_rules.known() {
            Some(Some(rules)) => match rules.interval_days() {
                Some(days) => format!(" (every {days} days)"),
                None => rules
                    .schedule_expression
                    .as_ref()
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default(),
            },
            _ => String::new(),
        };
        flag(
            &secret.rotation_enabled,
            "rotation_enabled",
            format!("automatic rotation is enabled{schedule}"),
            "automatic rotation is not enabled",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing::judge;
    use crate::secretsmanager::test_helpers::{live_secret, secret};
    use cloudward_model::{Status, Value};

    #[test]
    fn pass_fail_unknown() {
        let rule = &SecretsmanagerSecretRotationEnabled;
        assert_eq!(judge(rule, &secret(live_secret())), Status::Pass);
        let off = Secret {
            rotation_enabled: Value::Known(false),
            ..live_secret()
        };
        assert_eq!(judge(rule, &secret(off)), Status::Fail);
        let unknown = Secret {
            rotation_enabled: Value::unknown("AccessDenied"),
            ..live_secret()
        };
        assert_eq!(judge(rule, &secret(unknown)), Status::Unknown);
    }
}
