//! At least one multi-region trail records all management events.

use cloudward_model::account::Account;
use cloudward_model::{
    cloudtrail, Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource,
    ResourceKind, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Judges the account from all `CloudTrailTrail` resources: Pass as soon as one trail is
/// multi-region, logging (`GetTrailStatus.IsLogging`), and records both read and write
/// management events (basic or advanced event selectors). Otherwise Unknown if a trail listing
/// failed or a trail that might qualify has unknown attributes, else Fail with each trail's
/// shortfall. Organisation trails count: they log this account too.
pub struct CloudtrailMultiRegionTrailEnabled;

const META: RuleMeta = RuleMeta {
    id: "cloudtrail-multi-region-trail-enabled",
    title: "A multi-region CloudTrail trail is logging read and write management events",
    severity: Severity::High,
    service: "cloudtrail",
    kinds: Account::KINDS,
    checks: "Whether at least one trail has `IsMultiRegionTrail` true, is logging \
             (`GetTrailStatus.IsLogging`), and its event selectors include management events \
             with `ReadWriteType` All (or both ReadOnly and WriteOnly selectors).",
    rationale: "CloudTrail is the record of who did what in the account. The 90-day event \
                history is not enough for an investigation and cannot be protected; a trail \
                delivers every management API call, in every region including ones you do not \
                use (where attackers like to run), to storage you control.",
    remediation: Remediation {
        console: "CloudTrail console > Trails > Create trail (or edit an existing one) > apply to \
                  all regions (the default for new trails) > Management events: Read and Write > \
                  Create; make sure Logging is on.",
        cli: "aws cloudtrail create-trail --name main --s3-bucket-name <bucket> \
              --is-multi-region-trail --enable-log-file-validation --kms-key-id <kms-key-arn>\n\
              aws cloudtrail put-event-selectors --trail-name main \
              --event-selectors '[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true}]'\n\
              aws cloudtrail start-logging --name main",
        terraform: "resource \"aws_cloudtrail\" \"main\" {\n  \
                    name                       = \"main\"\n  \
                    s3_bucket_name             = aws_s3_bucket.cloudtrail.id\n  \
                    is_multi_region_trail      = true\n  \
                    enable_logging             = true\n  \
                    enable_log_file_validation = true\n  \
                    kms_key_id                 = aws_kms_key.cloudtrail.arn\n\n  \
                    event_selector {\n    \
                    read_write_type           = \"All\"\n    \
                    include_management_events = true\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1",
    ],
    frameworks: Frameworks {
        cis_v7: &["4.1"],
        cis_v6: &["4.1"],
        cis_v5: &["3.1"],
        cis_v3: &["3.1"],
        fsbp: &["CloudTrail.1"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

/// Why one trail does or does not satisfy the requirement.
enum TrailVerdict {
    Qualifies,
    Short(String),
    Unknown(String),
}

fn judge_trail(t: &cloudtrail::Trail) -> TrailVerdict {
    let mut short = Vec::new();
    let mut unknown = Vec::new();
    match t.is_multi_region_trail.get() {
        Ok(true) => {}
        Ok(false) => short.push("single-region".to_string()),
        Err(r) => unknown.push(format!("multi-region: {r}")),
    }
    match t.is_logging.get() {
        Ok(true) => {}
        Ok(false) => short.push("not logging".to_string()),
        Err(r) => unknown.push(format!("logging status: {r}")),
    }
    match t.management_events.get() {
        Ok(events) => match (events.read, events.write) {
            (true, true) => {}
            (true, false) => short.push("no write management events".to_string()),
            (false, true) => short.push("no read management events".to_string()),
            (false, false) => short.push("no management events".to_string()),
        },
        Err(r) => unknown.push(format!("event selectors: {r}")),
    }
    if !short.is_empty() {
        TrailVerdict::Short(format!("{}: {}", t.name, short.join(", ")))
    } else if !unknown.is_empty() {
        TrailVerdict::Unknown(format!("{}: {}", t.name, unknown.join("; ")))
    } else {
        TrailVerdict::Qualifies
    }
}

impl Check for CloudtrailMultiRegionTrailEnabled {
    type Subject = Account;
    const META: &'static RuleMeta = &META;

    fn judge(&self, _account: &Account, _: &Resource, inventory: &Inventory) -> Outcome {
        let mut short = Vec::new();
        let mut unknown = Vec::new();
        let trails = inventory
            .of_kind(ResourceKind::CloudTrailTrail)
            .filter_map(Resource::as_cloudtrail_trail);
        for trail in trails {
            match judge_trail(trail) {
                TrailVerdict::Qualifies => {
                    return Outcome::Pass(Evidence::new(format!(
                        "trail {} is multi-region, logging, and records read and write \
                         management events",
                        trail.name
                    )))
                }
                TrailVerdict::Short(why) => short.push(why),
                TrailVerdict::Unknown(why) => unknown.push(why),
            }
        }
        if let Some(why) = crate::not_seen(inventory, "cloudtrail", ResourceKind::CloudTrailTrail) {
            unknown.push(why);
        }
        if !unknown.is_empty() {
            return Outcome::unknown(format!(
                "no trail is known to qualify; undecided: {}",
                unknown.join("; ")
            ));
        }
        if short.is_empty() {
            return Outcome::fail("the account has no CloudTrail trail");
        }
        Outcome::fail(format!(
            "no trail is multi-region, logging and recording read and write management events: {}",
            short.join("; ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{
        account, test_support, Attributes, CollectionError, ErrorKind, Status, Value,
    };

    fn account() -> Resource {
        test_support::global(
            "123456789012",
            Attributes::Account(account::Account {
                account_id: "123456789012".into(),
                enabled_regions: Value::Known(vec!["us-east-1".into()]),
            }),
        )
    }

    fn trail(
        name: &str,
        multi: Value<bool>,
        logging: Value<bool>,
        events: Value<cloudtrail::ManagementEvents>,
    ) -> Resource {
        crate::cloudtrail::test_support::trail(cloudtrail::Trail {
            name: name.into(),
            is_multi_region_trail: multi,
            is_logging: logging,
            management_events: events,
            ..Default::default()
        })
    }

    const ALL: cloudtrail::ManagementEvents = cloudtrail::ManagementEvents {
        read: true,
        write: true,
    };
    const WRITE_ONLY: cloudtrail::ManagementEvents = cloudtrail::ManagementEvents {
        read: false,
        write: true,
    };

    fn judge(trails: Vec<Resource>, listing_failed: bool) -> Outcome {
        let mut inventory = Inventory::new();
        for t in trails {
            inventory.push(t);
        }
        if listing_failed {
            inventory.errors.push(CollectionError {
                service: "cloudtrail".into(),
                region: Some("eu-west-1".into()),
                api: "DescribeTrails".into(),
                kind: ErrorKind::AccessDenied,
                message: "AccessDenied".into(),
                kinds: vec![ResourceKind::CloudTrailTrail],
                ..Default::default()
            });
        }
        testing::outcome_in(&CloudtrailMultiRegionTrailEnabled, &account(), &inventory)
    }

    #[test]
    fn one_good_trail_among_others_passes() {
        let trails = vec![
            trail(
                "regional",
                Value::Known(false),
                Value::Known(true),
                Value::Known(ALL),
            ),
            trail(
                "main",
                Value::Known(true),
                Value::Known(true),
                Value::Known(ALL),
            ),
        ];
        let outcome = judge(trails, true);
        let Outcome::Pass(e) = outcome else {
            panic!("expected a pass, got {outcome:?}");
        };
        assert!(e.message.contains("main"));
    }

    #[test]
    fn shortfalls_fail_with_reasons() {
        let trails = vec![
            trail(
                "regional",
                Value::Known(false),
                Value::Known(true),
                Value::Known(ALL),
            ),
            trail(
                "writes",
                Value::Known(true),
                Value::Known(true),
                Value::Known(WRITE_ONLY),
            ),
            trail(
                "stopped",
                Value::Known(true),
                Value::Known(false),
                Value::Known(ALL),
            ),
        ];
        let Outcome::Fail(e) = judge(trails, false) else {
            panic!("expected a failure");
        };
        assert!(
            e.message.contains("regional: single-region"),
            "{}",
            e.message
        );
        assert!(
            e.message.contains("writes: no read management events"),
            "{}",
            e.message
        );
        assert!(e.message.contains("stopped: not logging"), "{}", e.message);
    }

    #[test]
    fn no_trails_fail() {
        assert_eq!(judge(vec![], false).status(), Status::Fail);
    }

    #[test]
    fn failed_listing_or_unknown_status_is_unknown() {
        assert_eq!(judge(vec![], true).status(), Status::Unknown);
        let trails = vec![trail(
            "main",
            Value::Known(true),
            Value::unknown("GetTrailStatus denied"),
            Value::Known(ALL),
        )];
        assert_eq!(judge(trails, false).status(), Status::Unknown);
    }
}
