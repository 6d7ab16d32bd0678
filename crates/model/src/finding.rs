//! Rule metadata, outcomes and findings: the vocabulary shared by the rule engine and the
//! reports, kept here so that `report` need not depend on `rules`.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::resource::ResourceKind;
use crate::source::Location;

/// How bad a failure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Informational.
    Info,
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical.
    Critical,
}

impl Severity {
    /// All severities, lowest first.
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("unknown severity {s:?}: use info, low, medium, high or critical")
            })
    }
}

/// How to fix a failure, three ways.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Remediation {
    /// Console steps.
    pub console: &'static str,
    /// An AWS CLI command (with placeholders in `<angle brackets>`).
    pub cli: &'static str,
    /// A Terraform snippet.
    pub terraform: &'static str,
}

/// Framework control ids a rule maps to. Ids are checked against the tables in
/// `rules/src/frameworks/` by a test.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Frameworks {
    /// CIS AWS Foundations Benchmark v7.0.0 ids. For a control that v5.0.0 also has, this is
    /// the crosswalk of `cis_v5` (a test keeps the two in step); controls new in v7.0.0
    /// (2.1.1-2.1.6, 2.21, 4.10, 6.8) appear only here.
    pub cis_v7: &'static [&'static str],
    /// CIS AWS Foundations Benchmark v6.0.0 ids: always the crosswalk of `cis_v5`.
    pub cis_v6: &'static [&'static str],
    /// CIS AWS Foundations Benchmark v5.0.0 ids.
    pub cis_v5: &'static [&'static str],
    /// CIS AWS Foundations Benchmark v3.0.0 ids.
    pub cis_v3: &'static [&'static str],
    /// AWS Foundational Security Best Practices control ids.
    pub fsbp: &'static [&'static str],
    /// Well-Architected security pillar best practices (`SEC01-BP01`, ...).
    pub well_architected: &'static [&'static str],
}

/// Good and bad infrastructure-code examples for a rule (checked through the real adapters).
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Examples {
    /// Terraform that fails the rule.
    pub terraform_bad: &'static str,
    /// Terraform that passes it.
    pub terraform_good: &'static str,
    /// CloudFormation (YAML) that fails the rule.
    pub cloudformation_bad: &'static str,
    /// CloudFormation (YAML) that passes it.
    pub cloudformation_good: &'static str,
}

/// Everything a user reads about a rule; one `const` per rule file.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RuleMeta {
    /// Stable readable id, e.g. `s3-bucket-public-access-block`.
    pub id: &'static str,
    /// One-line title, phrased as the requirement.
    pub title: &'static str,
    /// Severity of a failure.
    pub severity: Severity,
    /// AWS service (SDK name).
    pub service: &'static str,
    /// Kinds the rule judges.
    pub kinds: &'static [ResourceKind],
    /// What the rule checks, precisely.
    pub checks: &'static str,
    /// Why it matters.
    pub rationale: &'static str,
    /// How to fix a failure.
    pub remediation: Remediation,
    /// Documentation links.
    pub references: &'static [&'static str],
    /// Framework mappings.
    pub frameworks: Frameworks,
    /// Infrastructure-code examples.
    pub examples: Examples,
    /// Source file (`file!()`), checked against the id by a test.
    #[serde(skip)]
    pub file: &'static str,
}

/// A message or attribute name: a `&'static str` literal costs no allocation (most verdicts
/// of a large scan are fixed sentences), a `String` from `format!` is kept as is.
pub type Text = Cow<'static, str>;

/// What the rule found, with evidence a person can check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// One sentence: what is (or is not) configured.
    pub message: Text,
    /// The attribute the evidence is about (`"ingress[2]"`, `"encrypted"`), so code findings
    /// can point at its line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute: Option<Text>,
}

impl Evidence {
    /// Evidence with a message only.
    pub fn new(message: impl Into<Text>) -> Self {
        Evidence {
            message: message.into(),
            attribute: None,
        }
    }

    /// Evidence about one attribute.
    pub fn at(attribute: impl Into<Text>, message: impl Into<Text>) -> Self {
        Evidence {
            message: message.into(),
            attribute: Some(attribute.into()),
        }
    }
}

/// The result of one rule on one resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The requirement holds.
    Pass(Evidence),
    /// The requirement is violated.
    Fail(Evidence),
    /// It could not be decided; the string says why.
    Unknown(Text),
    /// The rule does not apply to this resource (e.g. a stopped instance for an IMDS rule).
    NotApplicable(Text),
}

impl Outcome {
    /// Pass with a message.
    pub fn pass(message: impl Into<Text>) -> Self {
        Outcome::Pass(Evidence::new(message))
    }
    /// Fail with a message.
    pub fn fail(message: impl Into<Text>) -> Self {
        Outcome::Fail(Evidence::new(message))
    }
    /// Unknown with a reason.
    pub fn unknown(reason: impl Into<Text>) -> Self {
        Outcome::Unknown(reason.into())
    }
    /// Not applicable with a reason.
    pub fn not_applicable(reason: impl Into<Text>) -> Self {
        Outcome::NotApplicable(reason.into())
    }
    /// The status of this outcome.
    pub fn status(&self) -> Status {
        match self {
            Outcome::Pass(_) => Status::Pass,
            Outcome::Fail(_) => Status::Fail,
            Outcome::Unknown(_) => Status::Unknown,
            Outcome::NotApplicable(_) => Status::NotApplicable,
        }
    }
}

/// A finding's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Violated.
    Fail,
    /// Could not be decided (never counted as a pass).
    Unknown,
    /// Violated, but suppressed in code with a reason.
    Suppressed,
    /// Holds.
    Pass,
    /// Does not apply.
    NotApplicable,
}

impl Status {
    /// Every status, most urgent first.
    pub const ALL: [Status; 5] = [
        Status::Fail,
        Status::Unknown,
        Status::Suppressed,
        Status::Pass,
        Status::NotApplicable,
    ];

    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Fail => "fail",
            Status::Unknown => "unknown",
            Status::Suppressed => "suppressed",
            Status::Pass => "pass",
            Status::NotApplicable => "not_applicable",
        }
    }

    /// The status named by [`Status::as_str`] (as the history stores it).
    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// One rule's verdict on one resource, ready to report.
///
/// The rule's id, title and service, and the fixed sentences most evidence is made of, are
/// [`Text`]: borrowed from the rule's `'static` metadata for findings the engine produces, so
/// a scan with a million findings does not copy the same strings a million times.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id.
    pub rule_id: Text,
    /// Rule title.
    pub title: Text,
    /// Rule severity.
    pub severity: Severity,
    /// AWS service.
    pub service: Text,
    /// Verdict.
    pub status: Status,
    /// Resource id (ARN, or Terraform address / CloudFormation logical id).
    pub resource_id: String,
    /// Resource kind.
    pub resource_kind: ResourceKind,
    /// Resource name.
    pub resource_name: String,
    /// Region, if regional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Account, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// File location, for code (the attribute's line where the evidence names one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Evidence (pass/fail) or reason (unknown/not applicable).
    pub message: Text,
    /// The attribute the evidence is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute: Option<Text>,
    /// Why the finding is suppressed, for suppressed findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<String>,
}

impl Finding {
    /// The report order, defined once for every producer and renderer: most severe first, then
    /// rule id, resource id, region, account, status, message, attribute and location, so the
    /// order is total and identical inputs give identical reports whatever order they arrived
    /// in. The engine emits verdicts in this order without sorting; reports re-sort with it.
    pub fn report_order(&self, other: &Finding) -> std::cmp::Ordering {
        other
            .severity
            .cmp(&self.severity)
            .then_with(|| self.rule_id.cmp(&other.rule_id))
            .then_with(|| self.resource_id.cmp(&other.resource_id))
            .then_with(|| self.region.cmp(&other.region))
            // Two accounts' "not listed" placeholders share an id: the account breaks the tie.
            .then_with(|| self.account.cmp(&other.account))
            .then_with(|| self.status.cmp(&other.status))
            .then_with(|| self.message.cmp(&other.message))
            .then_with(|| self.attribute.cmp(&other.attribute))
            .then_with(|| self.location.cmp(&other.location))
    }
}

#[cfg(test)]
mod tests {
    use super::Status;

    #[test]
    fn statuses_round_trip_through_their_names() {
        for s in Status::ALL {
            assert_eq!(Status::from_name(s.as_str()), Some(s));
        }
        assert_eq!(Status::from_name("bogus"), None);
    }
}
