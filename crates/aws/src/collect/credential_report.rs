//! The IAM credential report: `GenerateCredentialReport` until COMPLETE, then
//! `GetCredentialReport`, parsed from CSV.
//!
//! Column reference: <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html>.
//! Values are timestamps (ISO 8601) or the markers `N/A` (not applicable: no password, no key),
//! `no_information` (never used, or not since IAM began tracking in October 2014) and
//! `not_supported` (`password_enabled` of the root row).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

/// The root user's row name.
pub(crate) const ROOT_USER: &str = "<root_account>";

/// One timestamp column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReportTime {
    /// A timestamp.
    At(DateTime<Utc>),
    /// `N/A` or `no_information`: never used (or nothing to use).
    Never,
    /// `not_supported`.
    NotSupported,
}

impl ReportTime {
    /// The timestamp, `None` for never; `Err` for `not_supported`.
    pub fn as_option(self) -> Result<Option<DateTime<Utc>>, &'static str> {
        match self {
            ReportTime::At(t) => Ok(Some(t)),
            ReportTime::Never => Ok(None),
            ReportTime::NotSupported => Err("not_supported"),
        }
    }
}

/// One access key slot of a row (`access_key_1_*`, `access_key_2_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct KeySlot {
    /// `access_key_N_active`.
    pub active: bool,
    /// `access_key_N_last_rotated`: `Never` when the slot holds no key.
    pub last_rotated: ReportTime,
    /// `access_key_N_last_used_date`.
    pub last_used: ReportTime,
}

impl KeySlot {
    /// Whether a key exists in this slot (active or not).
    pub fn exists(&self) -> bool {
        self.active || matches!(self.last_rotated, ReportTime::At(_))
    }
}

/// One row of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    /// `user` (`<root_account>` for root).
    pub user: String,
    /// `arn`.
    pub arn: String,
    /// `password_enabled`: `None` for `not_supported` (root).
    pub password_enabled: Option<bool>,
    /// `password_last_used`.
    pub password_last_used: ReportTime,
    /// `mfa_active`.
    pub mfa_active: bool,
    /// Both access key slots.
    pub access_keys: [KeySlot; 2],
}

/// A parse failure, with the 1-based CSV record number.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ParseError {
    /// Record number (the header is record 1).
    pub record: usize,
    /// What was wrong.
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "credential report record {}: {}",
            self.record, self.message
        )
    }
}

fn parse_time(value: &str) -> Result<ReportTime, String> {
    match value {
        "N/A" | "no_information" | "" => Ok(ReportTime::Never),
        "not_supported" => Ok(ReportTime::NotSupported),
        _ => DateTime::parse_from_rfc3339(value)
            .map(|t| ReportTime::At(t.with_timezone(&Utc)))
            .map_err(|e| format!("timestamp {value:?}: {e}")),
    }
}

fn parse_bool(value: &str) -> Result<Option<bool>, String> {
    match value {
        "true" | "TRUE" | "True" => Ok(Some(true)),
        "false" | "FALSE" | "False" | "N/A" => Ok(Some(false)),
        "not_supported" => Ok(None),
        _ => Err(format!("boolean {value:?}")),
    }
}

/// Parse the report's CSV text into rows, by column name (AWS has added columns over time).
pub(crate) fn parse(text: &[u8]) -> Result<Vec<Row>, ParseError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text);
    let headers = reader
        .headers()
        .map_err(|e| ParseError {
            record: 1,
            message: e.to_string(),
        })?
        .clone();
    let index: HashMap<&str, usize> = headers.iter().enumerate().map(|(i, h)| (h, i)).collect();
    for required in [
        "user",
        "arn",
        "password_enabled",
        "password_last_used",
        "mfa_active",
    ] {
        if !index.contains_key(required) {
            return Err(ParseError {
                record: 1,
                message: format!("missing column {required}"),
            });
        }
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let number = i + 2;
        let err = |message: String| ParseError {
            record: number,
            message,
        };
        let record = record.map_err(|e| err(e.to_string()))?;
        let col = |name: &str| -> &str {
            index
                .get(name)
                .and_then(|&i| record.get(i))
                .unwrap_or("N/A")
        };
        let slot = |n: u8| -> Result<KeySlot, String> {
            Ok(KeySlot {
                active: parse_bool(col(&format!("access_key_{n}_active")))?.unwrap_or(false),
                last_rotated: parse_time(col(&format!("access_key_{n}_last_rotated")))?,
                last_used: parse_time(col(&format!("access_key_{n}_last_used_date")))?,
            })
        };
        rows.push(Row {
            user: col("user").to_string(),
            arn: col("arn").to_string(),
            password_enabled: parse_bool(col("password_enabled")).map_err(err)?,
            password_last_used: parse_time(col("password_last_used")).map_err(err)?,
            mfa_active: parse_bool(col("mfa_active")).map_err(err)?.unwrap_or(false),
            access_keys: [slot(1).map_err(err)?, slot(2).map_err(err)?],
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape AWS returns (columns as documented, trimmed to two users and root).
    const REPORT: &str = "\
user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::123456789012:root,2019-01-01T00:00:00+00:00,not_supported,2024-05-01T10:00:00+00:00,not_supported,not_supported,true,true,2020-01-01T00:00:00+00:00,2024-04-30T09:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
alice,arn:aws:iam::123456789012:user/alice,2020-02-02T00:00:00+00:00,true,no_information,2020-02-02T00:00:00+00:00,N/A,false,false,2021-03-03T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
bot,arn:aws:iam::123456789012:user/bot,2020-02-02T00:00:00Z,false,N/A,N/A,N/A,false,true,2023-01-01T00:00:00Z,2024-01-01T00:00:00Z,eu-west-1,ec2,true,2023-06-01T00:00:00Z,N/A,N/A,N/A,false,N/A,false,N/A
";

    fn at(s: &str) -> ReportTime {
        ReportTime::At(
            DateTime::parse_from_rfc3339(s)
                .expect("test timestamp")
                .with_timezone(&Utc),
        )
    }

    #[test]
    fn parses_root_and_users_with_every_marker() {
        let rows = parse(REPORT.as_bytes()).expect("parses");
        assert_eq!(rows.len(), 3);

        let root = &rows[0];
        assert_eq!(root.user, ROOT_USER);
        assert_eq!(root.password_enabled, None, "not_supported");
        assert_eq!(root.password_last_used, at("2024-05-01T10:00:00+00:00"));
        assert!(root.mfa_active);
        assert!(root.access_keys[0].exists());
        assert_eq!(
            root.access_keys[0].last_used,
            at("2024-04-30T09:00:00+00:00")
        );
        assert!(!root.access_keys[1].exists());

        let alice = &rows[1];
        assert_eq!(alice.password_enabled, Some(true));
        assert_eq!(
            alice.password_last_used,
            ReportTime::Never,
            "no_information"
        );
        // An inactive key still exists (it was rotated), and was never used.
        assert!(!alice.access_keys[0].active);
        assert!(alice.access_keys[0].exists());
        assert_eq!(alice.access_keys[0].last_used, ReportTime::Never);

        let bot = &rows[2];
        assert_eq!(bot.password_enabled, Some(false));
        assert_eq!(bot.password_last_used, ReportTime::Never, "N/A");
        assert!(bot.access_keys[1].active);
        assert_eq!(bot.access_keys[1].last_used, ReportTime::Never);
    }

    #[test]
    fn moto_shape_without_root_row_and_with_fewer_columns() {
        let text = "user,arn,user_creation_time,password_enabled,password_last_used,mfa_active\n\
                    u1,arn:aws:iam::123456789012:user/u1,2024-01-01T00:00:00+00:00,false,N/A,false\n";
        let rows = parse(text.as_bytes()).expect("parses");
        assert_eq!(rows.len(), 1);
        assert!(rows.iter().all(|r| r.user != ROOT_USER));
        // Missing key columns read as "no key".
        assert!(!rows[0].access_keys[0].exists());
    }

    #[test]
    fn errors_name_the_record() {
        let text = "user,arn,password_enabled,password_last_used,mfa_active\n\
                    a,arn:a,true,N/A,false\n\
                    b,arn:b,maybe,N/A,false\n";
        let err = parse(text.as_bytes()).expect_err("bad boolean");
        assert_eq!(err.record, 3);
        assert!(err.message.contains("maybe"), "{}", err.message);

        let err = parse(b"user,arn\nx,y\n").expect_err("missing columns");
        assert_eq!(err.record, 1);
        assert_eq!(
            parse_time("not_supported").expect("marker").as_option(),
            Err("not_supported")
        );
    }
}
