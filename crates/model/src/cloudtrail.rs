//! CloudTrail trails.

use serde::{Deserialize, Serialize};

use crate::Value;

/// A trail (`DescribeTrails`, `GetTrailStatus`, `GetEventSelectors`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Trail {
    /// `Name`.
    pub name: String,
    /// `TrailARN`.
    pub arn: String,
    /// `HomeRegion`.
    pub home_region: String,
    /// `IsMultiRegionTrail`.
    pub is_multi_region_trail: Value<bool>,
    /// `IncludeGlobalServiceEvents`.
    pub include_global_service_events: Value<bool>,
    /// `IsOrganizationTrail`.
    pub is_organization_trail: Value<bool>,
    /// `LogFileValidationEnabled`.
    pub log_file_validation_enabled: Value<bool>,
    /// `KmsKeyId` (`None`: SSE-S3 only).
    pub kms_key_id: Value<Option<String>>,
    /// `CloudWatchLogsLogGroupArn` (`None`: not integrated).
    pub cloud_watch_logs_log_group_arn: Value<Option<String>>,
    /// `S3BucketName`.
    pub s3_bucket_name: Value<Option<String>>,
    /// `IsLogging` from `GetTrailStatus`.
    pub is_logging: Value<bool>,
    /// Management events recorded, from basic or advanced event selectors.
    pub management_events: Value<ManagementEvents>,
    /// S3 object-level (data) events recorded, from the same selectors.
    #[serde(default)]
    pub s3_data_events: Value<S3DataEvents>,
}

/// Which management events a trail records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagementEvents {
    /// Read events (`ReadWriteType` All or ReadOnly, with management events included).
    pub read: bool,
    /// Write events (`ReadWriteType` All or WriteOnly, with management events included).
    pub write: bool,
}

/// Which S3 object-level events a trail records, as ARN scopes for reads and for writes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct S3DataEvents {
    /// Object reads (`GetObject`, ...).
    pub read: ArnScope,
    /// Object writes (`PutObject`, `DeleteObject`, ...).
    pub write: ArnScope,
}

/// A set of S3 object ARNs described by prefixes: everything under an `include` prefix and
/// under no `exclude` prefix.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArnScope {
    /// ARN prefixes recorded (`arn:aws:s3` is every bucket, `arn:aws:s3:::logs/` one bucket).
    pub include: Vec<String>,
    /// ARN prefixes (or exact object ARNs) left out again.
    pub exclude: Vec<String>,
}

impl ArnScope {
    /// Whether every object of `bucket` (in `partition`) is in the scope: some include prefix
    /// contains the bucket's whole object space `arn:<partition>:s3:::<bucket>/`, and no
    /// exclusion reaches into it.
    pub fn covers_bucket(&self, partition: &str, bucket: &str) -> bool {
        let space = format!("arn:{partition}:s3:::{bucket}/");
        self.include.iter().any(|p| space.starts_with(p.as_str()))
            && !self
                .exclude
                .iter()
                .any(|e| space.starts_with(e.as_str()) || e.starts_with(space.as_str()))
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.include.is_empty()
    }
}

/// A trail's event selectors in the API's own shape, whatever the source (the API, Terraform,
/// CloudFormation), so that one interpretation serves all three.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selectors {
    /// Basic event selectors (`EventSelectors`).
    pub basic: Vec<BasicSelector>,
    /// Advanced event selectors (`AdvancedEventSelectors`).
    pub advanced: Vec<Vec<FieldSelector>>,
}

/// One basic event selector.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BasicSelector {
    /// `ReadWriteType` (`All` when absent).
    pub read_write_type: Option<String>,
    /// `IncludeManagementEvents` (true when absent).
    pub include_management_events: Option<bool>,
    /// `DataResources`: `(Type, Values)`.
    pub data_resources: Vec<(String, Vec<String>)>,
}

/// One field condition of an advanced event selector.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSelector {
    /// `Field` (`eventCategory`, `readOnly`, `resources.type`, `resources.ARN`, ...).
    pub field: String,
    /// `Equals`.
    pub equals: Vec<String>,
    /// `StartsWith`.
    pub starts_with: Vec<String>,
    /// `EndsWith`.
    pub ends_with: Vec<String>,
    /// `NotEquals`.
    pub not_equals: Vec<String>,
    /// `NotStartsWith`.
    pub not_starts_with: Vec<String>,
    /// `NotEndsWith`.
    pub not_ends_with: Vec<String>,
}

/// `(read, write)` that a `readOnly` field selector admits; both when there is none.
fn read_write(fields: &[FieldSelector]) -> (bool, bool) {
    match fields.iter().find(|f| f.field == "readOnly") {
        None => (true, true),
        Some(f) => {
            let is = |list: &[String], v: &str| list.iter().any(|x| x.eq_ignore_ascii_case(v));
            (
                is(&f.equals, "true") || is(&f.not_equals, "false"),
                is(&f.equals, "false") || is(&f.not_equals, "true"),
            )
        }
    }
}

impl Selectors {
    /// The selectors a trail gets when none are given (CreateTrail, Terraform, CloudFormation):
    /// one basic selector recording all management events.
    pub fn trail_default() -> Selectors {
        Selectors {
            basic: vec![BasicSelector::default()],
            advanced: Vec::new(),
        }
    }

    /// Which management events are recorded.
    ///
    /// Basic: `IncludeManagementEvents` (default true) with `ReadWriteType` All, ReadOnly or
    /// WriteOnly. Advanced: a selector whose `eventCategory` equals `Management`; its
    /// `readOnly` field narrows it to reads (`Equals true` / `NotEquals false`) or writes.
    pub fn management_events(&self) -> ManagementEvents {
        let mut events = ManagementEvents::default();
        for s in &self.basic {
            if !s.include_management_events.unwrap_or(true) {
                continue;
            }
            let (read, write) = basic_read_write(s);
            events.read |= read;
            events.write |= write;
        }
        for fields in &self.advanced {
            let management = fields
                .iter()
                .any(|f| f.field == "eventCategory" && f.equals.iter().any(|v| v == "Management"));
            if management {
                let (read, write) = read_write(fields);
                events.read |= read;
                events.write |= write;
            }
        }
        events
    }

    /// Which S3 object events are recorded.
    ///
    /// Basic: a data resource of type `AWS::S3::Object`; each value is an ARN prefix
    /// (`arn:aws:s3` for all buckets). Advanced: `eventCategory = Data` with `resources.type =
    /// AWS::S3::Object`; `resources.ARN` `StartsWith`/`Equals` narrow it (absent: all
    /// buckets), `NotStartsWith`/`NotEquals` exclude. A selector that also filters on
    /// anything else (`eventName`, `EndsWith`, ...) records only part of a bucket's events
    /// and is not counted, so the verdict can err only towards "not recorded".
    pub fn s3_data_events(&self) -> S3DataEvents {
        let mut events = S3DataEvents::default();
        for s in &self.basic {
            let (read, write) = basic_read_write(s);
            for (kind, values) in &s.data_resources {
                if kind != "AWS::S3::Object" {
                    continue;
                }
                for scope in [(read, &mut events.read), (write, &mut events.write)] {
                    if scope.0 {
                        scope.1.include.extend(values.iter().cloned());
                    }
                }
            }
        }
        for fields in &self.advanced {
            let is = |name: &str, value: &str| {
                fields
                    .iter()
                    .any(|f| f.field == name && f.equals.iter().any(|v| v == value))
            };
            if !is("eventCategory", "Data") || !is("resources.type", "AWS::S3::Object") {
                continue;
            }
            let narrowing = fields.iter().any(|f| match f.field.as_str() {
                "eventCategory" | "resources.type" | "readOnly" => false,
                "resources.ARN" => !f.ends_with.is_empty() || !f.not_ends_with.is_empty(),
                _ => true,
            });
            if narrowing {
                continue;
            }
            let (include, exclude) = match fields.iter().find(|f| f.field == "resources.ARN") {
                None => (vec!["arn:".to_string()], Vec::new()),
                Some(f) => {
                    let include: Vec<String> = if f.starts_with.is_empty() && f.equals.is_empty() {
                        vec!["arn:".to_string()]
                    } else {
                        // An exact object ARN covers no whole bucket; it stays as written.
                        f.starts_with.iter().chain(&f.equals).cloned().collect()
                    };
                    let exclude = f
                        .not_starts_with
                        .iter()
                        .chain(&f.not_equals)
                        .cloned()
                        .collect();
                    (include, exclude)
                }
            };
            let (read, write) = read_write(fields);
            for scope in [(read, &mut events.read), (write, &mut events.write)] {
                if scope.0 {
                    scope.1.include.extend(include.iter().cloned());
                    scope.1.exclude.extend(exclude.iter().cloned());
                }
            }
        }
        events
    }
}

/// `(read, write)` of a basic selector's `ReadWriteType` (`All` when absent).
fn basic_read_write(s: &BasicSelector) -> (bool, bool) {
    match s.read_write_type.as_deref() {
        Some("ReadOnly") => (true, false),
        Some("WriteOnly") => (false, true),
        _ => (true, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, equals: &[&str]) -> FieldSelector {
        FieldSelector {
            field: name.into(),
            equals: equals.iter().map(|s| s.to_string()).collect(),
            ..FieldSelector::default()
        }
    }

    fn s3_basic(rw: Option<&str>, values: &[&str]) -> BasicSelector {
        BasicSelector {
            read_write_type: rw.map(str::to_string),
            include_management_events: Some(false),
            data_resources: vec![(
                "AWS::S3::Object".into(),
                values.iter().map(|s| s.to_string()).collect(),
            )],
        }
    }

    #[test]
    fn management_events_from_basic_and_advanced_selectors() {
        let none = Selectors::default();
        assert_eq!(none.management_events(), ManagementEvents::default());
        let default = Selectors::trail_default();
        assert_eq!(
            default.management_events(),
            ManagementEvents {
                read: true,
                write: true
            }
        );
        assert!(default.s3_data_events().read.is_empty());
        let data_only = Selectors {
            basic: vec![s3_basic(None, &["arn:aws:s3"])],
            advanced: vec![],
        };
        assert_eq!(data_only.management_events(), ManagementEvents::default());
        let writes = Selectors {
            basic: vec![],
            advanced: vec![vec![
                field("eventCategory", &["Management"]),
                field("readOnly", &["false"]),
            ]],
        };
        assert_eq!(
            writes.management_events(),
            ManagementEvents {
                read: false,
                write: true
            }
        );
    }

    #[test]
    fn basic_s3_data_resources_cover_all_or_named_buckets() {
        let all = Selectors {
            basic: vec![s3_basic(Some("WriteOnly"), &["arn:aws:s3"])],
            advanced: vec![],
        };
        let e = all.s3_data_events();
        assert!(e.write.covers_bucket("aws", "anything"));
        assert!(!e.read.covers_bucket("aws", "anything"));
        let one = Selectors {
            basic: vec![s3_basic(None, &["arn:aws:s3:::logs/"])],
            advanced: vec![],
        };
        let e = one.s3_data_events();
        assert!(e.read.covers_bucket("aws", "logs"));
        assert!(!e.read.covers_bucket("aws", "logs2"));
        assert!(!e.read.covers_bucket("aws", "data"));
        // A key prefix inside the bucket is only part of it.
        let part = Selectors {
            basic: vec![s3_basic(None, &["arn:aws:s3:::logs/2024/"])],
            advanced: vec![],
        };
        assert!(!part.s3_data_events().write.covers_bucket("aws", "logs"));
    }

    #[test]
    fn advanced_s3_selectors_with_arn_conditions() {
        let base = || {
            vec![
                field("eventCategory", &["Data"]),
                field("resources.type", &["AWS::S3::Object"]),
            ]
        };
        let all = Selectors {
            basic: vec![],
            advanced: vec![base()],
        };
        let e = all.s3_data_events();
        assert!(e.read.covers_bucket("aws", "b") && e.write.covers_bucket("aws-cn", "b"));
        let mut except = base();
        except.push(FieldSelector {
            field: "resources.ARN".into(),
            not_starts_with: vec!["arn:aws:s3:::noisy/".into()],
            ..FieldSelector::default()
        });
        let e = Selectors {
            basic: vec![],
            advanced: vec![except],
        }
        .s3_data_events();
        assert!(e.write.covers_bucket("aws", "b"));
        assert!(!e.write.covers_bucket("aws", "noisy"));
        let mut reads = base();
        reads.push(field("readOnly", &["true"]));
        let e = Selectors {
            basic: vec![],
            advanced: vec![reads],
        }
        .s3_data_events();
        assert!(e.read.covers_bucket("aws", "b") && !e.write.covers_bucket("aws", "b"));
        // Filtering on event names records only some calls: not counted.
        let mut named = base();
        named.push(field("eventName", &["PutObject"]));
        let e = Selectors {
            basic: vec![],
            advanced: vec![named],
        }
        .s3_data_events();
        assert!(e.write.is_empty());
    }
}
