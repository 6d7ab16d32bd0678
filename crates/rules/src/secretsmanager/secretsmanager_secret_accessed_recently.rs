//! Secrets are in use: read within the configured number of days.

use cloudward_model::secretsmanager::Secret;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::secretsmanager::{age_days, collected_at};
use crate::Check;

/// Reads `LastAccessedDate` (AWS rounds it to the day; absent: never retrieved, then
/// `CreatedDate`) against `inventory.collected_at` and `settings.thresholds.secret_unused_days`
/// (default 90, FSBP SecretsManager.3). A secret declared in code has not been created yet: not
/// applicable, so the examples are live-only.
pub struct SecretsmanagerSecretAccessedRecently;

const META: RuleMeta = RuleMeta {
    id: "secretsmanager-secret-accessed-recently",
    title: "Secrets Manager secrets are not left unused",
    severity: Severity::Low,
    service: "secretsmanager",
    kinds: Secret::KINDS,
    checks: "For each secret, whether it was retrieved (or, if never retrieved, created) no more \
             than thresholds.secret_unused_days (default 90) before the scan.",
    rationale: "A secret nobody reads is usually a credential of a decommissioned system that \
                still works: nobody watches it or rotates it, and whoever finds it can use it. \
                Deleting it removes the credential and its cost.",
    remediation: Remediation {
        console: "Secrets Manager console > Secrets: sort by Last retrieved; confirm with the \
                  owner, revoke the credential where it is used, then Actions > Delete secret \
                  with a recovery window.",
        cli: "aws secretsmanager describe-secret --secret-id <secret> --query LastAccessedDate\naws secretsmanager delete-secret --secret-id <secret> --recovery-window-in-days 30",
        terraform: "# Remove the unused aws_secretsmanager_secret (and the credential it holds)\n# from the configuration, then terraform apply.\nresource \"aws_secretsmanager_secret\" \"this\" {\n  recovery_window_in_days = 30\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-3",
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_delete-secret.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["SecretsManager.3"],
        well_architected: &["SEC02-BP05", "SEC03-BP06"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for SecretsmanagerSecretAccessedRecently {
    type Subject = Secret;
    const META: &'static RuleMeta = &META;

    fn judge(&self, secret: &Secret, _: &Resource, inventory: &Inventory) -> Outcome {
        let created = match secret.created_date.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(None) => {
                return Outcome::not_applicable(
                    "the secret is declared in code and not created yet",
                )
            }
            Ok(Some(created)) => *created,
        };
        let max = i64::from(inventory.settings.thresholds.secret_unused_days);
        let (since, what) = match secret.last_accessed_date.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(Some(t)) => (*t, "last retrieved"),
            Ok(None) => (created, "never retrieved; created"),
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
            Outcome::Pass(Evidence::at("last_accessed_date", message))
        } else {
            Outcome::Fail(Evidence::at("last_accessed_date", message))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing::{judge, judge_in};
    use crate::secretsmanager::test_helpers::{
        code_secret, days_ago, inventory, live_secret, secret,
    };
    use cloudward_model::{Status, Value};

    const RULE: &SecretsmanagerSecretAccessedRecently = &SecretsmanagerSecretAccessedRecently;

    #[test]
    fn read_recently_passes_and_idle_fails() {
        assert_eq!(
            judge_in(RULE, &secret(live_secret()), &inventory()),
            Status::Pass
        );
        let idle = Secret {
            last_accessed_date: Value::Known(Some(days_ago(200))),
            ..live_secret()
        };
        assert_eq!(judge_in(RULE, &secret(idle), &inventory()), Status::Fail);
        let never = Secret {
            last_accessed_date: Value::Known(None),
            ..live_secret()
        };
        assert_eq!(judge_in(RULE, &secret(never), &inventory()), Status::Fail);
    }

    #[test]
    fn unknown_and_not_applicable() {
        let unknown = Secret {
            last_accessed_date: Value::unknown("AccessDenied"),
            ..live_secret()
        };
        assert_eq!(
            judge_in(RULE, &secret(unknown), &inventory()),
            Status::Unknown
        );
        assert_eq!(judge(RULE, &secret(code_secret())), Status::NotApplicable);
    }
}
