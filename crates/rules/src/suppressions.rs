//! Accepted risks from `cloudward.toml` (`[[suppressions]]`): before the engine runs, each one
//! that has not expired is attached to the resources it names, exactly as an inline
//! `# cloudward:ignore` in code is, so a Fail of its rule there reports Suppressed with the
//! reason and owner. Expired ones are not applied (their findings fail again) and are
//! reported; after the run, ones that suppressed nothing are reported too, so they do not rot.

use chrono::NaiveDate;
use cloudward_model::{Finding, Inventory, Status, Suppression};

/// Attach the live suppressions of `inventory.settings` to the resources they name. Returns a
/// warning for each expired suppression that still names resources.
pub fn apply(inventory: &mut Inventory, today: NaiveDate) -> Vec<String> {
    let rules = inventory.settings.suppressions.clone();
    let mut warnings = Vec::new();
    for (i, sup) in rules.iter().enumerate() {
        let named = inventory
            .resources
            .iter()
            .filter(|r| sup.matches(r))
            .count();
        if sup.expired(today) {
            if named > 0 {
                warnings.push(format!(
                    "suppressions[{i}] ({} on {}, owner {}) expired on {}: {named} resource(s) \
                     are judged again",
                    sup.rule,
                    sup.resource,
                    sup.owner,
                    sup.expires.as_deref().unwrap_or_default()
                ));
            }
            continue;
        }
        let shown = sup.shown();
        for r in inventory.resources.iter_mut().filter(|r| sup.matches(r)) {
            r.suppressions.push(Suppression {
                rule_id: sup.rule.clone(),
                reason: shown.clone(),
                location: None,
            });
        }
    }
    warnings
}

/// The live suppressions of the inventory's settings, of the rules that ran (`ran`), that
/// suppressed no finding.
pub fn unused(
    inventory: &Inventory,
    ran: &[&str],
    findings: &[Finding],
    today: NaiveDate,
) -> Vec<String> {
    let suppressed: std::collections::HashSet<(&str, &str)> = findings
        .iter()
        .filter(|f| f.status == Status::Suppressed)
        .map(|f| (f.rule_id.as_ref(), f.resource_id.as_str()))
        .collect();
    inventory
        .settings
        .suppressions
        .iter()
        .enumerate()
        .filter(|(_, sup)| !sup.expired(today) && ran.contains(&sup.rule.as_str()))
        .filter(|(_, sup)| {
            !inventory
                .resources
                .iter()
                .any(|r| sup.matches(r) && suppressed.contains(&(sup.rule.as_str(), r.id.as_str())))
        })
        .map(|(i, sup)| {
            format!(
                "suppressions[{i}] ({} on {}, owner {}) suppressed nothing: the finding is \
                 fixed or the pattern names no failing resource; remove it",
                sup.rule, sup.resource, sup.owner
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;
    use cloudward_model::settings::SuppressionRule;
    use cloudward_model::test_support::resource;
    use cloudward_model::{s3, Attributes, Value};

    fn sup(resource: &str, expires: Option<&str>) -> SuppressionRule {
        SuppressionRule {
            rule: "s3-bucket-versioning-enabled".into(),
            resource: resource.into(),
            reason: "logs are write-once".into(),
            owner: "platform".into(),
            expires: expires.map(str::to_string),
        }
    }

    fn inventory(rules: Vec<SuppressionRule>) -> Inventory {
        let mut inv = Inventory::new();
        for name in ["logs", "data"] {
            let mut r = resource(
                name,
                Attributes::S3Bucket(s3::Bucket {
                    name: name.into(),
                    versioning: Value::Known(s3::Versioning {
                        enabled: false,
                        mfa_delete: false,
                    }),
                    ..Default::default()
                }),
            );
            r.id = format!("arn:aws:s3:::{name}");
            if name == "logs" {
                r.set_tags([("purpose".to_string(), "logs".to_string())].into());
            }
            inv.push(r);
        }
        inv.settings.suppressions = rules;
        inv.normalize();
        inv
    }

    fn statuses(inv: &Inventory) -> Vec<(String, Status, Option<String>)> {
        let rule = crate::find("s3-bucket-versioning-enabled").expect("the rule");
        engine::evaluate(inv, &[rule])
            .into_iter()
            .map(|f| (f.resource_name, f.status, f.suppression))
            .collect()
    }

    fn day(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn a_glob_or_a_tag_suppresses_only_what_it_names() {
        for pattern in ["arn:aws:s3:::lo*", "tag:purpose=logs"] {
            let mut inv = inventory(vec![sup(pattern, Some("2027-01-31"))]);
            assert!(apply(&mut inv, day("2026-12-01")).is_empty());
            let got = statuses(&inv);
            assert!(got.contains(&(
                "logs".into(),
                Status::Suppressed,
                Some("logs are write-once (owner platform, until 2027-01-31)".into())
            )));
            assert!(
                got.contains(&("data".into(), Status::Fail, None)),
                "{got:?}"
            );
        }
    }

    #[test]
    fn an_expired_suppression_fails_again_and_says_so() {
        let mut inv = inventory(vec![sup("arn:aws:s3:::logs", Some("2026-11-30"))]);
        let warnings = apply(&mut inv, day("2026-12-01"));
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains("expired on 2026-11-30"),
            "{warnings:?}"
        );
        assert!(statuses(&inv).iter().all(|(_, s, _)| *s == Status::Fail));
        // The last day still applies.
        let mut inv = inventory(vec![sup("arn:aws:s3:::logs", Some("2026-12-01"))]);
        assert!(apply(&mut inv, day("2026-12-01")).is_empty());
    }

    #[test]
    fn a_suppression_that_suppresses_nothing_is_reported() {
        let mut inv = inventory(vec![
            sup("arn:aws:s3:::logs", None),
            sup("arn:aws:s3:::nothing-*", None),
        ]);
        apply(&mut inv, day("2026-12-01"));
        let rule = crate::find("s3-bucket-versioning-enabled").expect("the rule");
        let findings = engine::evaluate(&inv, &[rule]);
        let unused = unused(
            &inv,
            &["s3-bucket-versioning-enabled"],
            &findings,
            day("2026-12-01"),
        );
        assert_eq!(unused.len(), 1, "{unused:?}");
        assert!(unused[0].starts_with("suppressions[1]"));
    }
}
