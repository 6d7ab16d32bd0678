//! Account and region services declared in a template: CloudTrail trails, AWS Config
//! recorders, GuardDuty detectors, Security Hub and IAM Access Analyzer.
//!
//! The per-region kinds (`ConfigRegion`, `GuardDutyRegion`, ...) are produced only when the
//! template declares the service: a template that does not mention GuardDuty says nothing about
//! whether the account has it, so account-level rules simply have nothing to judge.

use std::collections::BTreeMap;

use cloudward_model::cloudtrail::{BasicSelector, FieldSelector, Selectors, Trail};
use cloudward_model::{accessanalyzer, config, guardduty, securityhub};
use cloudward_model::{Attributes, Value};

use super::eval::Val;
use super::{known, locations, Template};

fn indices(t: &Template<'_>, resource_type: &str) -> Vec<usize> {
    (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == resource_type)
        .collect()
}

fn flag(p: &Val, name: &str, default: bool) -> Value<bool> {
    match p.get(name) {
        None => Value::Known(default),
        Some(v) => known(v.boolean().map_err(|r| format!("{name}: {r}"))),
    }
}

fn optional_id(p: &Val, name: &str) -> Value<Option<String>> {
    match p.get(name) {
        None => Value::Known(None),
        Some(v) => known(v.id().map(Some).map_err(|r| format!("{name}: {r}"))),
    }
}

/// The trail's `EventSelectors` and `AdvancedEventSelectors` in the model's neutral shape;
/// neither is the CloudTrail default (all management events).
fn selectors(p: &Val) -> Result<Selectors, String> {
    let (basic, advanced) = (p.get("EventSelectors"), p.get("AdvancedEventSelectors"));
    if basic.is_none() && advanced.is_none() {
        return Ok(Selectors::trail_default());
    }
    let strings = |v: Option<&Val>, what: &str| -> Result<Vec<String>, String> {
        match v {
            None => Ok(Vec::new()),
            Some(v) => v
                .list()
                .map_err(|r| format!("{what}: {r}"))?
                .iter()
                .map(|s| s.string().map_err(|r| format!("{what}: {r}")))
                .collect(),
        }
    };
    let items = |v: Option<&Val>, what: &str| -> Result<Vec<Val>, String> {
        match v {
            None => Ok(Vec::new()),
            Some(v) => Ok(v.list().map_err(|r| format!("{what}: {r}"))?.to_vec()),
        }
    };
    let mut out = Selectors::default();
    for s in items(basic, "EventSelectors")? {
        let include_management_events = s
            .get("IncludeManagementEvents")
            .map(|v| {
                v.boolean()
                    .map_err(|r| format!("IncludeManagementEvents: {r}"))
            })
            .transpose()?;
        let read_write_type = s
            .get("ReadWriteType")
            .map(|v| v.string().map_err(|r| format!("ReadWriteType: {r}")))
            .transpose()?;
        let mut data_resources = Vec::new();
        for d in items(s.get("DataResources"), "DataResources")? {
            let kind = match d.get("Type") {
                Some(v) => v.string().map_err(|r| format!("DataResources.Type: {r}"))?,
                None => String::new(),
            };
            data_resources.push((kind, strings(d.get("Values"), "DataResources.Values")?));
        }
        out.basic.push(BasicSelector {
            read_write_type,
            include_management_events,
            data_resources,
        });
    }
    for s in items(advanced, "AdvancedEventSelectors")? {
        let mut fields = Vec::new();
        for f in items(s.get("FieldSelectors"), "FieldSelectors")? {
            let field = match f.get("Field") {
                Some(v) => v
                    .string()
                    .map_err(|r| format!("FieldSelectors.Field: {r}"))?,
                None => String::new(),
            };
            fields.push(FieldSelector {
                field,
                equals: strings(f.get("Equals"), "Equals")?,
                starts_with: strings(f.get("StartsWith"), "StartsWith")?,
                ends_with: strings(f.get("EndsWith"), "EndsWith")?,
                not_equals: strings(f.get("NotEquals"), "NotEquals")?,
                not_starts_with: strings(f.get("NotStartsWith"), "NotStartsWith")?,
                not_ends_with: strings(f.get("NotEndsWith"), "NotEndsWith")?,
            });
        }
        out.advanced.push(fields);
    }
    Ok(out)
}

pub(crate) fn adapt(t: &mut Template<'_>) {
    for i in indices(t, "AWS::CloudTrail::Trail") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("TrailName");
        let trail = Trail {
            name: name.clone(),
            arn: match (&t.region, &t.account) {
                (Some(r), Some(a)) => format!("arn:aws:cloudtrail:{r}:{a}:trail/{name}"),
                _ => String::new(),
            },
            home_region: t.region.clone().unwrap_or_default(),
            is_multi_region_trail: flag(p, "IsMultiRegionTrail", false),
            include_global_service_events: flag(p, "IncludeGlobalServiceEvents", true),
            is_organization_trail: flag(p, "IsOrganizationTrail", false),
            log_file_validation_enabled: flag(p, "EnableLogFileValidation", false),
            kms_key_id: optional_id(p, "KMSKeyId"),
            cloud_watch_logs_log_group_arn: optional_id(p, "CloudWatchLogsLogGroupArn"),
            s3_bucket_name: optional_id(p, "S3BucketName"),
            is_logging: match p.get("IsLogging") {
                None => Value::unknown("IsLogging is required but missing"),
                Some(v) => known(v.boolean()),
            },
            management_events: Value::Known(Default::default()),
            s3_data_events: Value::Known(Default::default()),
        };
        let trail = match selectors(p) {
            Ok(s) => Trail {
                management_events: Value::Known(s.management_events()),
                s3_data_events: Value::Known(s.s3_data_events()),
                ..trail
            },
            Err(e) => Trail {
                management_events: Value::Unknown(e.clone()),
                s3_data_events: Value::Unknown(e),
                ..trail
            },
        };
        let locs = locations(
            t,
            [
                ("is_multi_region_trail", p.key_pos("IsMultiRegionTrail")),
                (
                    "include_global_service_events",
                    p.key_pos("IncludeGlobalServiceEvents"),
                ),
                (
                    "log_file_validation_enabled",
                    p.key_pos("EnableLogFileValidation"),
                ),
                ("kms_key_id", p.key_pos("KMSKeyId")),
                (
                    "cloud_watch_logs_log_group_arn",
                    p.key_pos("CloudWatchLogsLogGroupArn"),
                ),
                ("s3_bucket_name", p.key_pos("S3BucketName")),
                ("is_logging", p.key_pos("IsLogging")),
                (
                    "management_events",
                    p.key_pos("EventSelectors")
                        .or(p.key_pos("AdvancedEventSelectors")),
                ),
                (
                    "s3_data_events",
                    p.key_pos("EventSelectors")
                        .or(p.key_pos("AdvancedEventSelectors")),
                ),
            ]
            .map(|(k, v)| (k.to_string(), v)),
        );
        t.push(i, name, Attributes::CloudTrailTrail(trail), locs);
    }

    // AWS Config: CloudFormation starts a recorder once a delivery channel exists.
    let recorders = indices(t, "AWS::Config::ConfigurationRecorder");
    if let Some(&first) = recorders.first() {
        let has_channel = t.of_type("AWS::Config::DeliveryChannel").next().is_some();
        let list = recorders
            .iter()
            .map(|&i| {
                let decl = &t.decls[i];
                let p = &decl.props;
                let group = p.get("RecordingGroup");
                let all_supported = match group {
                    None => Value::Known(true),
                    Some(g) => flag(g, "AllSupported", false),
                };
                let include_global = match group {
                    None => Value::Known(false),
                    Some(g) => flag(g, "IncludeGlobalResourceTypes", false),
                };
                config::Recorder {
                    name: decl.name_or_logical_id("Name"),
                    all_supported,
                    include_global_resource_types: include_global,
                    recording: if has_channel {
                        Value::Known(true)
                    } else {
                        Value::unknown(
                            "the recorder starts when a delivery channel exists; none is \
                             declared in this template",
                        )
                    },
                    last_status: None,
                }
            })
            .collect();
        let name = t.decls[first].logical_id.clone();
        t.push(
            first,
            name,
            Attributes::ConfigRegion(config::RegionStatus {
                recorders: Value::Known(list),
            }),
            BTreeMap::new(),
        );
    }

    let detectors = indices(t, "AWS::GuardDuty::Detector");
    if let Some(&first) = detectors.first() {
        let list = detectors
            .iter()
            .map(|&i| {
                let decl = &t.decls[i];
                guardduty::Detector {
                    detector_id: decl.logical_id.clone(),
                    status: match decl.props.get("Enable").map(Val::boolean) {
                        Some(Ok(true)) => Value::Known("ENABLED".to_string()),
                        Some(Ok(false)) => Value::Known("DISABLED".to_string()),
                        Some(Err(r)) => Value::Unknown(format!("Enable: {r}")),
                        None => Value::unknown("Enable is required but missing"),
                    },
                    features: detector_features(&decl.props),
                }
            })
            .collect();
        let name = t.decls[first].logical_id.clone();
        let locs = locations(
            t,
            [(
                "detectors".to_string(),
                t.decls[first].props.key_pos("Enable"),
            )],
        );
        t.push(
            first,
            name,
            Attributes::GuardDutyRegion(guardduty::RegionStatus {
                detectors: Value::Known(list),
            }),
            locs,
        );
    }

    if let Some(&first) = indices(t, "AWS::SecurityHub::Hub").first() {
        let name = t.decls[first].logical_id.clone();
        let enabled_standards = hub_standards(t, first);
        let locs = locations(
            t,
            [(
                "enabled_standards".to_string(),
                t.decls[first].props.key_pos("EnableDefaultStandards"),
            )],
        );
        t.push(
            first,
            name,
            Attributes::SecurityHubRegion(securityhub::RegionStatus {
                enabled: Value::Known(true),
                hub_arn: None,
                enabled_standards,
            }),
            locs,
        );
    }

    let analyzers = indices(t, "AWS::AccessAnalyzer::Analyzer");
    if let Some(&first) = analyzers.first() {
        let list = analyzers
            .iter()
            .map(|&i| {
                let decl = &t.decls[i];
                accessanalyzer::Analyzer {
                    name: decl.name_or_logical_id("AnalyzerName"),
                    arn: String::new(),
                    analyzer_type: decl
                        .props
                        .get("Type")
                        .and_then(|n| n.string().ok())
                        .unwrap_or_default(),
                    status: "ACTIVE".to_string(),
                }
            })
            .collect();
        let name = t.decls[first].logical_id.clone();
        t.push(
            first,
            name,
            Attributes::AccessAnalyzerRegion(accessanalyzer::RegionStatus {
                analyzers: Value::Known(list),
            }),
            BTreeMap::new(),
        );
    }
}

/// A `Status` property (`ENABLED`/`DISABLED`).
fn status_of(p: &Val) -> Value<String> {
    match p.get("Status") {
        None => Value::unknown("Status is required but missing"),
        Some(v) => known(
            v.string()
                .map(|s| s.to_uppercase())
                .map_err(|r| format!("Status: {r}")),
        ),
    }
}

/// A detector's protection plans: `Features` (and the legacy `DataSources`), every other
/// known feature Unknown.
fn detector_features(p: &Val) -> Value<Vec<guardduty::Feature>> {
    let mut declared = Vec::new();
    if let Some(ds) = p.get("DataSources") {
        let enable = |v: Option<&Val>| {
            v.map(|v| {
                known(v.boolean().map_err(|r| format!("DataSources: {r}")))
                    .map(|on| if on { "ENABLED" } else { "DISABLED" }.to_string())
            })
        };
        for (name, value) in [
            (
                "S3_DATA_EVENTS",
                enable(ds.get("S3Logs").and_then(|v| v.get("Enable"))),
            ),
            (
                "EKS_AUDIT_LOGS",
                enable(
                    ds.get("Kubernetes")
                        .and_then(|v| v.get("AuditLogs"))
                        .and_then(|v| v.get("Enable")),
                ),
            ),
            (
                "EBS_MALWARE_PROTECTION",
                enable(
                    ds.get("MalwareProtection")
                        .and_then(|v| v.get("ScanEc2InstanceWithFindings"))
                        .and_then(|v| v.get("EbsVolumes")),
                ),
            ),
        ] {
            if let Some(status) = value {
                declared.push(guardduty::Feature {
                    name: name.to_string(),
                    status,
                    additional_configuration: Vec::new(),
                });
            }
        }
    }
    if let Some(features) = p.get("Features") {
        let items = match features.list() {
            Ok(items) => items,
            Err(r) => return Value::Unknown(format!("Features: {r}")),
        };
        for f in items {
            let Some(Ok(name)) = f.get("Name").map(Val::string) else {
                return Value::unknown("Features: a feature's Name is not known statically");
            };
            let additional_configuration = match f.get("AdditionalConfiguration").map(Val::list) {
                Some(Ok(list)) => list
                    .iter()
                    .filter_map(|c| {
                        Some(guardduty::AdditionalConfiguration {
                            name: c.get("Name")?.string().ok()?,
                            status: status_of(c),
                        })
                    })
                    .collect(),
                _ => Vec::new(),
            };
            declared.retain(|d: &guardduty::Feature| d.name != name);
            declared.push(guardduty::Feature {
                name,
                status: status_of(f),
                additional_configuration,
            });
        }
    }
    Value::Known(guardduty::declared_features(declared))
}

/// The standards of the hub: the default ones unless `EnableDefaultStandards: false`
/// (default true: FSBP v1.0.0 and CIS v1.2.0), plus every `AWS::SecurityHub::Standard`.
fn hub_standards(t: &Template<'_>, hub: usize) -> Value<Vec<securityhub::Standard>> {
    let ready = |arn: String| securityhub::Standard {
        standards_arn: arn,
        standards_status: Value::Known("READY".into()),
    };
    let mut standards = flag(&t.decls[hub].props, "EnableDefaultStandards", true).map(|on| {
        if on {
            vec![
                ready("arn:aws:securityhub:::standards/aws-foundational-security-best-practices/v/1.0.0".into()),
                ready("arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0".into()),
            ]
        } else {
            Vec::new()
        }
    });
    for i in indices(t, "AWS::SecurityHub::Standard") {
        let arn = t.decls[i].props.get("StandardsArn").map(Val::string);
        standards = standards.and_then(|mut list| match arn {
            Some(Ok(a)) => {
                list.push(ready(a));
                Value::Known(list)
            }
            Some(Err(r)) => Value::Unknown(format!("StandardsArn: {r}")),
            None => Value::unknown("AWS::SecurityHub::Standard without StandardsArn"),
        });
    }
    standards
}
