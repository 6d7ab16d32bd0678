//! `cloudward diff` in the report formats (CSV, SARIF, OCSF, JUnit, HTML, ASFF): the changed
//! findings of the later run become a [`Report`], each message starting with what changed
//! (`new failure:`, `regressed (was pass):`, `fixed (was fail):`, `newly unknown:`, `gone:`).
//!
//! The store keeps per finding its fingerprint (`rule|account|region|resource`), status,
//! severity and message; title, service and resource kind come back from the rule catalogue.
//! A finding whose rule is no longer in the catalogue cannot be rendered as a finding and is
//! named in a warning instead (the terminal and JSON diffs still list it).

use cloudward_model::{Finding, ResourceKind, Severity, Status};
use cloudward_report::{Report, Target};
use cloudward_store::{Diff, Run, StoredResult};

/// The report of a diff between runs `a` and `b`.
pub fn report(a: &Run, b: &Run, diff: &Diff) -> Report {
    let mut findings = Vec::new();
    let mut skipped = 0usize;
    let groups: [(&[StoredResult], &str, Option<Status>); 5] = [
        (&diff.new_failures, "new failure", None),
        (&diff.regressed, "regressed", None),
        (&diff.fixed, "fixed", None),
        (&diff.newly_unknown, "newly unknown", None),
        // A gone finding has no verdict in the later run.
        (&diff.gone, "gone", Some(Status::NotApplicable)),
    ];
    for (items, change, forced) in groups {
        for r in items {
            match finding(r, change, forced) {
                Some(f) => findings.push(f),
                None => skipped += 1,
            }
        }
    }
    if skipped > 0 {
        tracing::warn!(
            "{skipped} changed finding(s) belong to rules no longer in the catalogue and are \
             left out of this format (`cloudward diff --format json` lists them)"
        );
    }
    let account = findings.iter().find_map(|f| f.account.clone());
    let mut regions: Vec<String> = findings.iter().filter_map(|f| f.region.clone()).collect();
    regions.sort();
    regions.dedup();
    let rules: Vec<_> = {
        let mut ids: Vec<&str> = findings.iter().map(|f| f.rule_id.as_ref()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(cloudward_rules::find)
            .map(|r| r.meta())
            .collect()
    };
    Report::new(
        findings,
        Vec::new(),
        rules,
        Target {
            account_id: account,
            regions,
            source: format!("diff of runs {} and {} of {}", a.id, b.id, b.target),
            collected_at: chrono::DateTime::parse_from_rfc3339(&b.finished_at)
                .ok()
                .map(|t| t.with_timezone(&chrono::Utc)),
        },
        env!("CARGO_PKG_VERSION"),
    )
}

/// The name at the end of a resource id (`arn:...:security-group/sg-1` -> `sg-1`).
fn name_of(resource_id: &str) -> String {
    resource_id
        .rsplit(['/', ':'])
        .find(|s| !s.is_empty())
        .unwrap_or(resource_id)
        .to_string()
}

fn finding(r: &StoredResult, change: &str, forced: Option<Status>) -> Option<Finding> {
    let meta = cloudward_rules::find(&r.rule_id)?.meta();
    let mut parts = r.fingerprint.splitn(4, '|');
    let (_rule, account, region) = (parts.next(), parts.next(), parts.next());
    let non_empty = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::to_string);
    let status = forced.or_else(|| Status::from_name(&r.status))?;
    let change = match (change, r.status.as_str()) {
        ("gone", was) => format!("gone (was {was})"),
        (c, _) => c.to_string(),
    };
    Some(Finding {
        rule_id: meta.id.into(),
        title: meta.title.into(),
        severity: r.severity.parse::<Severity>().unwrap_or(meta.severity),
        service: meta.service.into(),
        status,
        resource_id: r.resource_id.clone(),
        // The store does not keep the kind; a rule over several kinds is shown with its first.
        resource_kind: meta.kinds.first().copied().unwrap_or(ResourceKind::Account),
        resource_name: name_of(&r.resource_id),
        region: non_empty(region),
        account: non_empty(account),
        location: None,
        message: format!("{change}: {}", r.message).into(),
        attribute: None,
        suppression: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_end_of_the_id() {
        assert_eq!(
            name_of("arn:aws:ec2:eu-west-1:123456789012:security-group/sg-1"),
            "sg-1"
        );
        assert_eq!(name_of("arn:aws:s3:::data"), "data");
        assert_eq!(name_of("aws_s3_bucket.logs"), "aws_s3_bucket.logs");
    }

    #[test]
    fn a_stored_result_becomes_a_finding_saying_what_changed() {
        let r = StoredResult {
            fingerprint: "iam-root-mfa-enabled|123456789012||arn:aws:iam::123456789012:root".into(),
            rule_id: "iam-root-mfa-enabled".into(),
            resource_id: "arn:aws:iam::123456789012:root".into(),
            status: "fail".into(),
            severity: "critical".into(),
            message: "the root user has no MFA device".into(),
            first_seen: 1,
        };
        let f = finding(&r, "regressed", None).expect("a catalogue rule");
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.account.as_deref(), Some("123456789012"));
        assert_eq!(f.region, None);
        assert_eq!(f.message, "regressed: the root user has no MFA device");
        let gone = finding(&r, "gone", Some(Status::NotApplicable)).expect("gone");
        assert_eq!(gone.status, Status::NotApplicable);
        assert!(gone.message.starts_with("gone (was fail): "));
        let unknown_rule = StoredResult {
            rule_id: "no-such-rule".into(),
            ..r
        };
        assert!(finding(&unknown_rule, "new failure", None).is_none());
    }
}
