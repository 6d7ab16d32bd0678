//! Output formats for cloudward findings.
//!
//! A scan ends as a [`Report`]: the findings of the rules that ran, the collection errors of the
//! source, the metadata of those rules (so that renderers can print remediation), a
//! description of what was scanned ([`Target`]) and the tool version. [`render`] writes it in one
//! [`Format`]: a terminal report and one self-contained HTML page for people, and JSON, CSV,
//! SARIF 2.1.0, OCSF, JUnit XML and ASFF (AWS Security Hub) for machines.
//!
//! Two promises hold for every format:
//! - **deterministic**: the same report gives byte-identical output. Nothing here reads a clock,
//!   the environment or a file; timestamps come only from the input (the inventory's
//!   `collected_at`), and [`Report::new`] sorts findings and errors;
//! - **honest**: Unknown findings are never shown or counted as passes. Every format carries them
//!   as "could not be checked" with their reason, and the collection errors that caused them.
//!
//! This crate knows the model only: no AWS SDK, no rules engine, no SQL, no I/O of its own
//! (source excerpts for code findings come through the [`SourceLines`] trait).
//!
//! ```
//! use cloudward_model::{Finding, ResourceKind, Severity, Status};
//! use cloudward_report::{render, Format, RenderOptions, Report, Target};
//!
//! let finding = Finding {
//!     rule_id: "ebs-encryption-by-default".into(),
//!     title: "EBS encryption by default is enabled in every region".into(),
//!     severity: Severity::Medium,
//!     service: "ec2".into(),
//!     status: Status::Fail,
//!     resource_id: "arn:aws:ec2:eu-west-1:123456789012:ebs-encryption-by-default".into(),
//!     resource_kind: ResourceKind::Ec2EbsEncryptionByDefault,
//!     resource_name: "eu-west-1".into(),
//!     region: Some("eu-west-1".into()),
//!     account: Some("123456789012".into()),
//!     location: None,
//!     message: "EBS encryption by default is disabled".into(),
//!     attribute: None,
//!     suppression: None,
//! };
//! let report = Report::new(vec![finding], vec![], vec![], Target::default(), "0.1.0");
//! let mut out = Vec::new();
//! render(Format::Csv, &report, &RenderOptions::default(), &mut out).unwrap();
//! assert!(String::from_utf8(out).unwrap().contains("ebs-encryption-by-default"));
//! ```
#![deny(missing_docs)]

pub mod alerts;
pub mod asff;
mod attack_path;
pub mod catalogue;
mod csv;
mod error;
mod gate;
mod html;
mod json;
mod junit;
mod ocsf;
mod report;
mod sarif;
mod style;
mod summary;
mod terminal;
mod text;

pub use attack_path::{AttackPath, Hop};
pub use error::RenderError;
pub use gate::Gate;
pub use report::{
    AccountSummary, Format, Omitted, RenderOptions, Report, SourceLines, Target, TrendPoint,
    UnknownFormat,
};
pub use summary::{Counts, Summary};

/// Write `report` to `out` in `format`.
///
/// `out` should be buffered (a `BufWriter` or a `Vec`); renderers write in small pieces.
pub fn render(
    format: Format,
    report: &Report,
    options: &RenderOptions<'_>,
    out: &mut dyn std::io::Write,
) -> Result<(), RenderError> {
    match format {
        Format::Terminal => terminal::render(report, options, out),
        Format::Json => json::render(report, out),
        Format::Csv => csv::render(report, out),
        Format::Sarif => sarif::render(report, options, out),
        Format::Ocsf => ocsf::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Html => html::render(report, out),
        Format::Asff => asff::render(report, out),
    }
}
