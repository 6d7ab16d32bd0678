//! The root user is not used for everyday work.

use cloudward_model::iam::RootAccount;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::{age_days, collected_at, day};
use crate::Check;

/// Reads the `<root_account>` row of the credential report: `password_last_used` and each
/// access key's last-used date, measured against `Inventory::collected_at`. One known recent
/// use is enough to fail even if another field is unknown; a pass needs every field known.
pub struct IamRootNotUsedIn90Days;

/// A root use younger than this many days fails.
const WINDOW_DAYS: i64 = 90;

const META: RuleMeta = RuleMeta {
    id: "iam-root-not-used-in-90-days",
    title: "The root user has not been used in the last 90 days",
    severity: Severity::High,
    service: "iam",
    kinds: RootAccount::KINDS,
    checks: "Whether the root user's password and access keys were last used more than 90 days \
             before the inventory was collected (credential report `password_last_used`, \
             `access_key_1_last_used_date`, `access_key_2_last_used_date`). Never used passes.",
    rationale: "The root user cannot be restricted by IAM and its activity is hard to attribute \
                to a person. Only a handful of tasks need it (changing the support plan, closing \
                the account, restoring a locked bucket policy); regular use means powerful \
                credentials are handled often, and signals that IAM roles or IAM Identity \
                Center are missing.",
    remediation: Remediation {
        console: "Find out who used root and why: CloudTrail > Event history, filter User name = \
                  root. Give that person an IAM Identity Center permission set or an IAM role for \
                  the task, delete root access keys, and store the root password and MFA device \
                  under break-glass control.",
        cli: "aws iam generate-credential-report && aws iam get-credential-report \
              --query Content --output text | base64 -d | grep '<root_account>'",
        terraform: "# Root usage cannot be managed with Terraform. Alert on it instead (CIS \
                    monitoring control):\n\
                    resource \"aws_cloudwatch_log_metric_filter\" \"root_usage\" {\n  \
                    name           = \"root-usage\"\n  \
                    log_group_name = \"<cloudtrail-log-group>\"\n  \
                    pattern        = \"{ $.userIdentity.type = \\\"Root\\\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \\\"AwsServiceEvent\\\" }\"\n  \
                    metric_transformation {\n    \
                    name      = \"RootUsage\"\n    \
                    namespace = \"CISBenchmark\"\n    \
                    value     = \"1\"\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.7"],
        cis_v6: &["2.6"],
        cis_v5: &["1.6"],
        cis_v3: &["1.7"],
        fsbp: &[],
        well_architected: &["SEC01-BP02", "SEC02-BP02"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for IamRootNotUsedIn90Days {
    type Subject = RootAccount;
    const META: &'static RuleMeta = &META;

    fn judge(&self, root: &RootAccount, _: &Resource, inventory: &Inventory) -> Outcome {
        // (attribute, credential label, last use)
        let mut uses = Vec::new();
        let mut unknown = Vec::new();
        match root.password_last_used.get() {
            Ok(Some(t)) => {
                uses.push(("password_last_used".to_string(), "password".to_string(), *t))
            }
            Ok(None) => {}
            Err(reason) => unknown.push(format!("root password last use: {reason}")),
        }
        match root.access_key_last_used.get() {
            Ok(keys) => {
                for (i, last) in keys.iter().enumerate() {
                    if let Some(t) = last {
                        uses.push((
                            format!("access_key_last_used[{i}]"),
                            format!("access key {}", i + 1),
                            *t,
                        ));
                    }
                }
            }
            Err(reason) => unknown.push(format!("root access key last use: {reason}")),
        }
        // Ages need the collection time only when root was used at all.
        let Some((attribute, label, t)) = uses.iter().max_by_key(|(_, _, t)| *t) else {
            return if unknown.is_empty() {
                Outcome::pass("the root user's password and access keys have never been used")
            } else {
                Outcome::unknown(unknown.join("; "))
            };
        };
        let now = match collected_at(inventory) {
            Ok(now) => now,
            Err(reason) => return Outcome::unknown(reason),
        };
        let age = age_days(now, *t);
        if age < WINDOW_DAYS {
            return Outcome::Fail(Evidence::at(
                attribute.clone(),
                format!(
                    "the root user's {label} was used on {}, {} day(s) before collection \
                     (limit: no use within {WINDOW_DAYS} days)",
                    day(*t),
                    age.max(0)
                ),
            ));
        }
        if !unknown.is_empty() {
            return Outcome::unknown(unknown.join("; "));
        }
        Outcome::pass(format!(
            "the root user was last used ({label}) on {}, {age} days before collection",
            day(*t)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::ts;
    use super::*;
    use crate::rule::testing;
    use chrono::{DateTime, Utc};
    use cloudward_model::{iam, test_support, Attributes, Status, Value};

    fn judge(
        password: Value<Option<DateTime<Utc>>>,
        keys: Value<Vec<Option<DateTime<Utc>>>>,
        collected: Option<&str>,
    ) -> Outcome {
        let r = test_support::global(
            "root",
            Attributes::IamRootAccount(iam::RootAccount {
                password_last_used: password,
                access_key_last_used: keys,
                ..Default::default()
            }),
        );
        let mut inventory = Inventory::new();
        inventory.collected_at = collected.map(ts);
        testing::outcome_in(&IamRootNotUsedIn90Days, &r, &inventory)
    }

    const NOW: Option<&str> = Some("2026-11-23T12:00:00Z");

    #[test]
    fn old_use_passes() {
        let outcome = judge(
            Value::Known(Some(ts("2026-06-01T00:00:00Z"))),
            Value::Known(vec![None]),
            NOW,
        );
        assert_eq!(outcome.status(), Status::Pass, "{outcome:?}");
    }

    #[test]
    fn never_used_passes() {
        let outcome = judge(Value::Known(None), Value::Known(vec![]), NOW);
        assert_eq!(outcome.status(), Status::Pass);
    }

    #[test]
    fn recent_key_use_fails_and_names_the_key() {
        let outcome = judge(
            Value::Known(Some(ts("2025-01-01T00:00:00Z"))),
            Value::Known(vec![None, Some(ts("2026-11-13T12:00:00Z"))]),
            NOW,
        );
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert_eq!(e.attribute.as_deref(), Some("access_key_last_used[1]"));
        assert!(e.message.contains("access key 2"), "{}", e.message);
        assert!(e.message.contains("10 day(s)"), "{}", e.message);
    }

    #[test]
    fn recent_password_fails_even_if_keys_are_unknown() {
        let outcome = judge(
            Value::Known(Some(ts("2026-11-20T00:00:00Z"))),
            Value::unknown("credential report not generated"),
            NOW,
        );
        assert_eq!(outcome.status(), Status::Fail);
    }

    #[test]
    fn unknown_keys_with_old_password_are_unknown() {
        let outcome = judge(
            Value::Known(Some(ts("2025-01-01T00:00:00Z"))),
            Value::unknown("credential report not generated"),
            NOW,
        );
        assert_eq!(outcome.status(), Status::Unknown);
    }

    #[test]
    fn no_collection_time_is_unknown_unless_root_was_never_used() {
        let used = judge(
            Value::Known(Some(ts("2025-01-01T00:00:00Z"))),
            Value::Known(vec![]),
            None,
        );
        assert_eq!(used.status(), Status::Unknown);
        let never = judge(Value::Known(None), Value::Known(vec![None]), None);
        assert_eq!(never.status(), Status::Pass);
    }
}
