//! CloudTrail: `DescribeTrails` (with shadow trails) in every collected region, deduplicated by
//! ARN, then `GetTrailStatus` and `GetEventSelectors` once per trail in its home region.
//!
//! Listing in every region (not only the home regions) is what makes a multi-region trail
//! created in a region outside `--region` still count for the regions that are collected.
//! Basic and advanced event selectors are normalised to which management events (read, write)
//! and which S3 object events the trail records.

use std::collections::BTreeMap;
use std::sync::Arc;

use aws_sdk_cloudtrail::types::{AdvancedEventSelector, EventSelector, Trail as SdkTrail};
#[cfg(test)]
use cloudward_model::cloudtrail::ManagementEvents;
use cloudward_model::cloudtrail::{BasicSelector, FieldSelector, Selectors, Trail};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::context::CollectContext;

type Client = aws_sdk_cloudtrail::Client;

/// Collect the trails that apply to `regions`.
pub(crate) async fn collect(ctx: Arc<CollectContext>, regions: Vec<String>) {
    let listings = join_all(regions.iter().map(|region| {
        let regional = CollectContext::new(ctx.shared.clone(), "cloudtrail", Some(region.clone()));
        async move {
            let progress = &regional.shared.progress;
            progress.started("cloudtrail", region);
            let client = crate::config::client!(aws_sdk_cloudtrail, &regional.config);
            let listed = regional
                .call(
                    "DescribeTrails",
                    client.describe_trails().include_shadow_trails(true).send(),
                )
                .await;
            let trails = match listed {
                Ok(out) => out.trail_list().to_vec(),
                Err(err) => {
                    regional.listing_failed(&err, &[ResourceKind::CloudTrailTrail]);
                    Vec::new()
                }
            };
            progress.finished("cloudtrail", region, regional.error_count());
            trails
        }
    }))
    .await;
    let mut unique: BTreeMap<String, SdkTrail> = BTreeMap::new();
    for trail in listings.into_iter().flatten() {
        if let Some(arn) = trail.trail_arn() {
            unique.entry(arn.to_string()).or_insert(trail);
        }
    }
    join_all(unique.into_values().map(|t| trail(&ctx, t))).await;
}

async fn trail(ctx: &CollectContext, t: SdkTrail) {
    let arn = t.trail_arn().unwrap_or_default().to_string();
    let home = t
        .home_region()
        .map(str::to_string)
        .unwrap_or_else(|| ctx.shared.home_region.clone());
    // Detail calls go to the trail's home region; errors are recorded against it.
    let home_ctx = CollectContext::new(ctx.shared.clone(), "cloudtrail", Some(home.clone()));
    let client: Client = crate::config::client!(aws_sdk_cloudtrail, &home_ctx.config);
    let subject = format!("trail {arn}");
    let (status, selectors) = tokio::join!(
        home_ctx.call_on(
            &subject,
            "GetTrailStatus",
            client.get_trail_status().name(&arn).send()
        ),
        home_ctx.call_on(
            &subject,
            "GetEventSelectors",
            client.get_event_selectors().trail_name(&arn).send()
        ),
    );
    let is_logging = match status {
        Ok(out) => match out.is_logging() {
            Some(b) => Value::Known(b),
            None => Value::unknown("GetTrailStatus returned no IsLogging"),
        },
        Err(err) => home_ctx.failed(&err),
    };
    let (management_events, s3_data_events) = match selectors {
        Ok(out) => {
            let s = self::selectors(out.event_selectors(), out.advanced_event_selectors());
            (
                Value::Known(s.management_events()),
                Value::Known(s.s3_data_events()),
            )
        }
        Err(err) => (home_ctx.failed(&err), Value::unknown(err.reason())),
    };
    let flag = |v: Option<bool>, field: &str| match v {
        Some(b) => Value::Known(b),
        None => Value::unknown(format!("DescribeTrails returned no {field}")),
    };
    let name = t.name().unwrap_or_default().to_string();
    ctx.push(ctx.resource_in(
        Some(home.clone()),
        arn.clone(),
        name.clone(),
        Attributes::CloudTrailTrail(Trail {
            name,
            arn,
            home_region: home,
            is_multi_region_trail: flag(t.is_multi_region_trail(), "IsMultiRegionTrail"),
            include_global_service_events: flag(
                t.include_global_service_events(),
                "IncludeGlobalServiceEvents",
            ),
            is_organization_trail: flag(t.is_organization_trail(), "IsOrganizationTrail"),
            log_file_validation_enabled: flag(
                t.log_file_validation_enabled(),
                "LogFileValidationEnabled",
            ),
            kms_key_id: Value::Known(t.kms_key_id().map(str::to_string)),
            cloud_watch_logs_log_group_arn: Value::Known(
                t.cloud_watch_logs_log_group_arn().map(str::to_string),
            ),
            s3_bucket_name: Value::Known(t.s3_bucket_name().map(str::to_string)),
            is_logging,
            management_events,
            s3_data_events,
        }),
    ));
}

/// The selectors in the model's neutral shape, so that one interpretation
/// ([`Selectors::management_events`], [`Selectors::s3_data_events`]) serves the API and the
/// infrastructure-code adapters alike.
fn selectors(basic: &[EventSelector], advanced: &[AdvancedEventSelector]) -> Selectors {
    let strings = |list: &[String]| list.to_vec();
    Selectors {
        basic: basic
            .iter()
            .map(|s| BasicSelector {
                read_write_type: s.read_write_type().map(|t| t.as_str().to_string()),
                include_management_events: s.include_management_events(),
                data_resources: s
                    .data_resources()
                    .iter()
                    .map(|d| {
                        (
                            d.r#type().unwrap_or_default().to_string(),
                            strings(d.values()),
                        )
                    })
                    .collect(),
            })
            .collect(),
        advanced: advanced
            .iter()
            .map(|s| {
                s.field_selectors()
                    .iter()
                    .map(|f| FieldSelector {
                        field: f.field().to_string(),
                        equals: strings(f.equals()),
                        starts_with: strings(f.starts_with()),
                        ends_with: strings(f.ends_with()),
                        not_equals: strings(f.not_equals()),
                        not_starts_with: strings(f.not_starts_with()),
                        not_ends_with: strings(f.not_ends_with()),
                    })
                    .collect()
            })
            .collect(),
    }
}

/// Management events the API's selectors record.
#[cfg(test)]
fn management_events(
    basic: &[EventSelector],
    advanced: &[AdvancedEventSelector],
) -> ManagementEvents {
    selectors(basic, advanced).management_events()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_cloudtrail::types::{AdvancedFieldSelector, ReadWriteType};

    fn basic(rw: Option<ReadWriteType>, management: Option<bool>) -> EventSelector {
        EventSelector::builder()
            .set_read_write_type(rw)
            .set_include_management_events(management)
            .build()
    }

    fn field(name: &str, equals: &[&str], not_equals: &[&str]) -> AdvancedFieldSelector {
        let mut b = AdvancedFieldSelector::builder().field(name);
        for v in equals {
            b = b.equals(*v);
        }
        for v in not_equals {
            b = b.not_equals(*v);
        }
        b.build().expect("field is set")
    }

    fn advanced(fields: Vec<AdvancedFieldSelector>) -> AdvancedEventSelector {
        AdvancedEventSelector::builder()
            .set_field_selectors(Some(fields))
            .build()
            .expect("field selectors are set")
    }

    const BOTH: ManagementEvents = ManagementEvents {
        read: true,
        write: true,
    };
    const READ: ManagementEvents = ManagementEvents {
        read: true,
        write: false,
    };
    const WRITE: ManagementEvents = ManagementEvents {
        read: false,
        write: true,
    };
    const NONE: ManagementEvents = ManagementEvents {
        read: false,
        write: false,
    };

    #[test]
    fn basic_selectors() {
        assert_eq!(
            management_events(&[basic(Some(ReadWriteType::All), Some(true))], &[]),
            BOTH
        );
        // Defaults: All, management events included.
        assert_eq!(management_events(&[basic(None, None)], &[]), BOTH);
        assert_eq!(
            management_events(&[basic(Some(ReadWriteType::ReadOnly), None)], &[]),
            READ
        );
        assert_eq!(
            management_events(&[basic(Some(ReadWriteType::WriteOnly), None)], &[]),
            WRITE
        );
        // Data events only.
        assert_eq!(
            management_events(&[basic(Some(ReadWriteType::All), Some(false))], &[]),
            NONE
        );
        // Two selectors together cover both.
        assert_eq!(
            management_events(
                &[
                    basic(Some(ReadWriteType::ReadOnly), None),
                    basic(Some(ReadWriteType::WriteOnly), None)
                ],
                &[]
            ),
            BOTH
        );
        assert_eq!(management_events(&[], &[]), NONE);
    }

    #[test]
    fn advanced_selectors() {
        let mgmt = || field("eventCategory", &["Management"], &[]);
        assert_eq!(management_events(&[], &[advanced(vec![mgmt()])]), BOTH);
        assert_eq!(
            management_events(
                &[],
                &[advanced(vec![mgmt(), field("readOnly", &["true"], &[])])]
            ),
            READ
        );
        assert_eq!(
            management_events(
                &[],
                &[advanced(vec![mgmt(), field("readOnly", &["false"], &[])])]
            ),
            WRITE
        );
        assert_eq!(
            management_events(
                &[],
                &[advanced(vec![mgmt(), field("readOnly", &[], &["true"])])]
            ),
            WRITE
        );
        // Data events (S3 objects) are not management events.
        assert_eq!(
            management_events(
                &[],
                &[advanced(vec![
                    field("eventCategory", &["Data"], &[]),
                    field("resources.type", &["AWS::S3::Object"], &[])
                ])]
            ),
            NONE
        );
        // Excluding KMS events still records management events.
        assert_eq!(
            management_events(
                &[],
                &[advanced(vec![
                    mgmt(),
                    field("eventSource", &[], &["kms.amazonaws.com"])
                ])]
            ),
            BOTH
        );
    }
}
