//! `--format asff`: the AWS Security Finding Format (schema version 2018-10-08), the format
//! AWS Security Hub imports.
//!
//! The document is `{"Findings": [...]}`: the request body of `BatchImportFindings`, so a file
//! of at most 100 findings imports as it is with
//! `aws securityhub batch-import-findings --cli-input-json file://findings.asff.json`
//! (larger files: split with `jq`, or let `cloudward scan --to-security-hub` batch them).
//!
//! Mapping (one ASFF finding per cloudward finding, and one per collection error):
//! - `Id` is the finding's fingerprint `rule|account|region|resource` (the store's), so a
//!   re-import updates the same Security Hub finding instead of adding one; an id longer than
//!   the 512 characters ASFF allows keeps its first part and ends with a hash of the whole;
//! - `ProductArn` is the custom-integration ARN
//!   `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`, whose region is
//!   the region the finding is imported into: the resource's region, or the *home region* for
//!   global resources (IAM, account-level facts): `--security-hub-region`, else the first
//!   collected region, else `us-east-1`;
//! - `Compliance.Status`: Fail `FAILED`, Pass `PASSED`, Unknown `NOT_AVAILABLE` (never
//!   `PASSED`) with the reason in `Compliance.StatusReasons`; a suppressed finding is `FAILED`
//!   with `Workflow.Status` `SUPPRESSED` and the justification in `Note`; not-applicable
//!   findings are left out;
//! - `CreatedAt`/`UpdatedAt` are the inventory's `collected_at`: the renderer never reads the
//!   clock, so the output is deterministic. ASFF requires an account and a time, so a report
//!   without them (IaC, a snapshot without account id) is refused with
//!   [`RenderError::Unsupported`] naming what is missing.
//!
//! The typed [`AsffFinding`] is public so that the Security Hub import (crate `respond`) sends
//! exactly what this format prints.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, SecondsFormat, Utc};
use cloudward_model::{CollectionError, Finding, ResourceKind, RuleMeta, Severity, Status};
use serde::Serialize;

use crate::report::Report;
use crate::text::{first_line, framework_labels};
use crate::RenderError;

/// The ASFF schema version every finding declares.
pub const SCHEMA_VERSION: &str = "2018-10-08";
/// The home region when neither `--security-hub-region` nor a collected region names one.
pub const DEFAULT_HOME_REGION: &str = "us-east-1";
/// `GeneratorId` prefix of every cloudward finding: `cloudward/<rule id>`.
pub const GENERATOR_PREFIX: &str = "cloudward/";
/// `GeneratorId` of the findings that stand for collection errors.
pub const COLLECTION_ERROR_GENERATOR: &str = "cloudward/collection-error";
/// `ProductFields` key holding the cloudward region (`global` for global resources): what the
/// import scopes its archiving by.
pub const FIELD_REGION: &str = "cloudward/Region";
/// `ProductFields` key holding the service of a collection error (whose rules must have run for
/// the import to archive it).
pub const FIELD_SERVICE: &str = "cloudward/Service";
/// `ProductFields` key holding the rule id.
pub const FIELD_RULE: &str = "cloudward/RuleId";
/// `ProductFields` key holding the cloudward status (`fail`, `unknown`, `suppressed`, `pass`,
/// `collection_error`).
pub const FIELD_STATUS: &str = "cloudward/Status";

// Length limits of the ASFF syntax reference (API_AwsSecurityFinding), in characters.
const MAX_ID: usize = 512;
const MAX_TITLE: usize = 256;
const MAX_DESCRIPTION: usize = 1024;
const MAX_RECOMMENDATION: usize = 512;
const MAX_NOTE: usize = 512;
const MAX_REASON: usize = 1024;
const MAX_RESOURCE_TYPE: usize = 256;
const MAX_REQUIREMENTS: usize = 32;
const MAX_FIELD_VALUE: usize = 2048;

/// How to render ASFF.
#[derive(Clone, Copy, Debug, Default)]
pub struct AsffOptions<'a> {
    /// Where findings of global resources go (see the module doc); `None`: the first collected
    /// region, else `us-east-1`.
    pub home_region: Option<&'a str>,
}

/// The `{"Findings": [...]}` document.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AsffDocument {
    /// The findings, in report order, then the collection errors.
    pub findings: Vec<AsffFinding>,
}

/// One finding in ASFF (the attributes cloudward sets).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AsffFinding {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// `rule|account|region|resource` (see the module doc).
    pub id: String,
    /// The custom-integration product ARN in [`AsffFinding::import_region`].
    pub product_arn: String,
    /// `cloudward`.
    pub product_name: String,
    /// `cloudward`.
    pub company_name: String,
    /// `cloudward/<rule id>`.
    pub generator_id: String,
    /// The 12-digit account id.
    pub aws_account_id: String,
    /// ASFF finding types (`namespace/category/classifier`).
    pub types: Vec<String>,
    /// RFC 3339 (the inventory's `collected_at`).
    pub created_at: String,
    /// RFC 3339 (the inventory's `collected_at`).
    pub updated_at: String,
    /// Severity label and cloudward's own name.
    pub severity: AsffSeverity,
    /// The rule title (at most 256 characters).
    pub title: String,
    /// The evidence and what the rule checks (at most 1024 characters).
    pub description: String,
    /// The fix, when the rule is in the catalogue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation: Option<AsffRemediation>,
    /// The resource (exactly one).
    pub resources: Vec<AsffResource>,
    /// Status, requirements, reasons.
    pub compliance: AsffCompliance,
    /// `SUPPRESSED` for suppressed findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workflow: Option<AsffWorkflow>,
    /// The suppression's justification.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<AsffNote>,
    /// `ACTIVE` (the import sets `ARCHIVED` on findings that are fixed or gone).
    pub record_state: String,
    /// cloudward's own fields: version, rule, status, region.
    pub product_fields: BTreeMap<String, String>,
    /// Severity and types as the provider sets them: Security Hub keeps the top-level
    /// `Severity`/`Types` for the customer after the first import, and applies updates through
    /// these.
    pub finding_provider_fields: AsffProviderFields,
    /// The region whose Security Hub receives the finding (the `ProductArn`'s). Not part of
    /// ASFF.
    #[serde(skip)]
    pub import_region: String,
}

/// `Severity`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AsffSeverity {
    /// `CRITICAL`, `HIGH`, `MEDIUM`, `LOW` or `INFORMATIONAL`.
    pub label: String,
    /// cloudward's name (`critical` ... `info`).
    pub original: String,
}

/// `Remediation`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AsffRemediation {
    /// `Remediation.Recommendation`.
    pub recommendation: AsffRecommendation,
}

/// `Remediation.Recommendation`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AsffRecommendation {
    /// At most 512 characters: the first console step and `cloudward explain <rule>`.
    pub text: String,
    /// The rule's first reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One entry of `Resources`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AsffResource {
    /// An ASFF resource type (`AwsS3Bucket`) or `Other`.
    pub r#type: String,
    /// The ARN (or cloudward's id where the resource has no ARN).
    pub id: String,
    /// `aws`, `aws-cn` or `aws-us-gov`.
    pub partition: String,
    /// The resource's region; absent for global resources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// `Compliance`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AsffCompliance {
    /// `PASSED`, `FAILED`, `WARNING` or `NOT_AVAILABLE`.
    pub status: String,
    /// Framework controls: `CIS v5.0.0 2.4`, `FSBP IAM.9` (at most 32).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_requirements: Vec<String>,
    /// Why the status is `NOT_AVAILABLE`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub status_reasons: Vec<AsffStatusReason>,
}

/// One `Compliance.StatusReasons` entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AsffStatusReason {
    /// `COULD_NOT_BE_CHECKED` or `COLLECTION_ERROR`.
    pub reason_code: String,
    /// The reason, as cloudward gives it.
    pub description: String,
}

/// `Workflow`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AsffWorkflow {
    /// `SUPPRESSED`.
    pub status: String,
}

/// `Note`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AsffNote {
    /// The justification (reason and owner), at most 512 characters.
    pub text: String,
    /// `cloudward`.
    pub updated_by: String,
    /// RFC 3339.
    pub updated_at: String,
}

/// `FindingProviderFields`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AsffProviderFields {
    /// Same as the top-level `Severity`.
    pub severity: AsffSeverity,
    /// Same as the top-level `Types`.
    pub types: Vec<String>,
}

pub(crate) fn render(report: &Report, out: &mut dyn Write) -> Result<(), RenderError> {
    render_with(report, &AsffOptions::default(), out)
}

/// Write `report` as an ASFF document with `options` (the CLI's `--security-hub-region`).
pub fn render_with(
    report: &Report,
    options: &AsffOptions<'_>,
    out: &mut dyn Write,
) -> Result<(), RenderError> {
    let document = AsffDocument {
        findings: findings(report, options)?,
    };
    serde_json::to_writer_pretty(&mut *out, &document).map_err(RenderError::json("asff"))?;
    out.write_all(b"\n").map_err(RenderError::io("asff"))
}

/// The home region for `report` (see [`AsffOptions::home_region`]).
pub fn home_region<'a>(report: &'a Report, options: &AsffOptions<'a>) -> &'a str {
    options
        .home_region
        .or(report.target.regions.first().map(String::as_str))
        .unwrap_or(DEFAULT_HOME_REGION)
}

/// Why `report` cannot be rendered as ASFF, if it cannot: every ASFF finding needs a 12-digit
/// account id and a time. Callers check first to turn this into a usage error.
pub fn check(report: &Report) -> Result<(), String> {
    if report.target.collected_at.is_none() {
        return Err(
            "ASFF needs the time the findings describe (CreatedAt), and this \
                    input has no collected_at"
                .into(),
        );
    }
    let without = report
        .findings
        .iter()
        .filter(|f| f.status != Status::NotApplicable)
        .find(|f| account_of(report, f).is_none());
    if let Some(f) = without {
        return Err(format!(
            "ASFF needs a 12-digit AWS account id for every finding (AwsAccountId), and {} has \
             none: IaC results and snapshots without an account id cannot go to Security Hub",
            f.resource_id
        ));
    }
    if report
        .collection_errors
        .iter()
        .any(|e| error_account(report, e).is_none())
    {
        return Err(
            "ASFF needs a 12-digit AWS account id (AwsAccountId) for the collection errors, and \
             the input has none"
                .into(),
        );
    }
    Ok(())
}

/// Every finding of `report` in ASFF: one per finding that is not not-applicable, then one per
/// collection error. Deterministic: same report, same findings in the same order.
pub fn findings(
    report: &Report,
    options: &AsffOptions<'_>,
) -> Result<Vec<AsffFinding>, RenderError> {
    let unsupported = |reason: String| RenderError::Unsupported {
        format: "asff",
        reason,
    };
    check(report).map_err(unsupported)?;
    let at = match report.target.collected_at {
        Some(at) => timestamp(at),
        None => return Err(unsupported("no collected_at".into())),
    };
    let home = home_region(report, options);
    let mut out = Vec::with_capacity(report.findings.len() + report.collection_errors.len());
    for f in &report.findings {
        if f.status == Status::NotApplicable {
            continue;
        }
        let Some(account) = account_of(report, f) else {
            return Err(unsupported(format!("{} has no account id", f.resource_id)));
        };
        out.push(finding(report, f, account, home, &at));
    }
    for e in &report.collection_errors {
        if let Some(account) = error_account(report, e) {
            out.push(collection_error(report, e, account, home, &at));
        }
    }
    Ok(out)
}

/// The account a collection error belongs to: its own (an organization scan), else the
/// report's.
fn error_account<'a>(report: &'a Report, e: &'a CollectionError) -> Option<&'a str> {
    e.account
        .as_deref()
        .or(report.target.account_id.as_deref())
        .filter(|a| is_account_id(a))
}

/// RFC 3339 in UTC with a `Z` and whole seconds (as precise as `collected_at` is kept).
fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn account_of<'a>(report: &'a Report, f: &'a Finding) -> Option<&'a str> {
    f.account
        .as_deref()
        .or(report.target.account_id.as_deref())
        .filter(|a| is_account_id(a))
}

/// The partition of a region: `cn-*` is `aws-cn`, `us-gov-*` is `aws-us-gov`.
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// The custom-integration product ARN of `account` in `region`: Security Hub enables
/// `product/<account>/default` for every account without any setup.
pub fn product_arn(region: &str, account: &str) -> String {
    format!(
        "arn:{}:securityhub:{region}:{account}:product/{account}/default",
        partition(region)
    )
}

fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "CRITICAL",
        Severity::High => "HIGH",
        Severity::Medium => "MEDIUM",
        Severity::Low => "LOW",
        Severity::Info => "INFORMATIONAL",
    }
}

/// The ASFF resource type of a kind (the Security Hub "Resources" table), `Other` where ASFF
/// has none (or none that fits: an internet gateway, an AMI, an EBS snapshot).
pub fn resource_type(kind: ResourceKind) -> &'static str {
    use ResourceKind as K;
    match kind {
        K::Account | K::IamRootAccount | K::IamPasswordPolicy | K::AccountContacts => "AwsAccount",
        K::IamUser => "AwsIamUser",
        K::IamGroup => "AwsIamGroup",
        K::IamRole => "AwsIamRole",
        K::IamPolicy => "AwsIamPolicy",
        K::S3Bucket => "AwsS3Bucket",
        K::S3AccountPublicAccessBlock => "AwsS3AccountPublicAccessBlock",
        K::Ec2SecurityGroup => "AwsEc2SecurityGroup",
        K::Ec2NetworkAcl => "AwsEc2NetworkAcl",
        K::Ec2Vpc => "AwsEc2Vpc",
        K::Ec2Subnet => "AwsEc2Subnet",
        K::Ec2RouteTable => "AwsEc2RouteTable",
        K::Ec2Instance => "AwsEc2Instance",
        K::Ec2Volume => "AwsEc2Volume",
        K::CloudTrailTrail => "AwsCloudTrailTrail",
        K::RdsDbInstance => "AwsRdsDbInstance",
        K::RdsDbCluster => "AwsRdsDbCluster",
        K::RdsDbSnapshot => "AwsRdsDbSnapshot",
        K::RdsDbClusterSnapshot => "AwsRdsDbClusterSnapshot",
        K::RdsEventSubscriptions => "AwsRdsEventSubscription",
        K::KmsKey => "AwsKmsKey",
        K::SecretsManagerSecret => "AwsSecretsManagerSecret",
        K::SnsTopic => "AwsSnsTopic",
        K::SqsQueue => "AwsSqsQueue",
        K::AthenaWorkGroup => "AwsAthenaWorkGroup",
        K::BackupVault => "AwsBackupBackupVault",
        K::DynamodbTable => "AwsDynamoDbTable",
        K::ElasticacheReplicationGroup => "AwsElastiCacheReplicationGroup",
        K::ElasticacheCacheCluster => "AwsElastiCacheCacheCluster",
        K::EfsAccessPoint => "AwsEfsAccessPoint",
        K::RedshiftCluster => "AwsRedshiftCluster",
        K::OpensearchDomain => "AwsOpenSearchServiceDomain",
        K::ElbLoadBalancer => "AwsElbv2LoadBalancer",
        K::ElbClassicLoadBalancer => "AwsElbLoadBalancer",
        K::Wafv2WebAcl => "AwsWafv2WebAcl",
        K::CloudfrontDistribution => "AwsCloudFrontDistribution",
        K::ApigatewayStage => "AwsApiGatewayStage",
        K::Apigatewayv2Stage => "AwsApiGatewayV2Stage",
        K::AcmCertificate => "AwsCertificateManagerCertificate",
        K::LambdaFunction => "AwsLambdaFunction",
        K::EcrRepository => "AwsEcrRepository",
        K::EcsCluster => "AwsEcsCluster",
        K::EcsService => "AwsEcsService",
        K::EcsTaskDefinition => "AwsEcsTaskDefinition",
        K::EksCluster => "AwsEksCluster",
        K::SsmDocument => "AwsSsmDocument",
        _ => "Other",
    }
}

/// Finding types: the industry standards the rule maps to, else AWS best practices.
fn types(meta: Option<&RuleMeta>) -> Vec<String> {
    const PREFIX: &str = "Software and Configuration Checks";
    let mut out = Vec::new();
    if let Some(m) = meta {
        let fw = &m.frameworks;
        let cis = [fw.cis_v7, fw.cis_v6, fw.cis_v5, fw.cis_v3];
        if cis.iter().any(|ids| !ids.is_empty()) {
            out.push(format!(
                "{PREFIX}/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"
            ));
        }
        if !fw.fsbp.is_empty() {
            out.push(format!(
                "{PREFIX}/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices"
            ));
        }
    }
    if out.is_empty() {
        out.push(format!("{PREFIX}/AWS Security Best Practices"));
    }
    out
}

/// The stable `Id` (see the module doc).
fn finding_id(rule: &str, account: &str, region: &str, resource: &str) -> String {
    let id = format!("{rule}|{account}|{region}|{resource}");
    if id.chars().count() <= MAX_ID {
        return id;
    }
    let hash = crate::text::fnv64(id.as_bytes());
    // `|` and 16 hex digits.
    let mut short = truncate_plain(&id, MAX_ID - 17);
    short.push('|');
    short.push_str(&format!("{hash:016x}"));
    short
}

/// `text` cut to at most `max` characters on a char boundary, ending with `…` when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = truncate_plain(text, max.saturating_sub(1));
    out.push('…');
    out
}

fn truncate_plain(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// ASFF string fields must match `.*\S.*`: never empty or blank.
fn non_blank(text: String, fallback: &str) -> String {
    if text.trim().is_empty() {
        fallback.to_string()
    } else {
        text
    }
}

fn finding(report: &Report, f: &Finding, account: &str, home: &str, at: &str) -> AsffFinding {
    let meta = report.rule(&f.rule_id);
    let import_region = f.region.as_deref().unwrap_or(home).to_string();
    let severity = AsffSeverity {
        label: severity_label(f.severity).into(),
        original: f.severity.as_str().into(),
    };
    let types = types(meta);
    let mut description = f.message.trim().to_string();
    if let Some(m) = meta {
        if !m.checks.trim().is_empty() {
            description.push_str("\n\nChecks: ");
            description.push_str(m.checks.trim());
        }
    }
    let remediation = meta.map(|m| AsffRemediation {
        recommendation: AsffRecommendation {
            text: truncate(
                &format!(
                    "{} Details: cloudward explain {}",
                    first_line(m.remediation.console),
                    m.id
                ),
                MAX_RECOMMENDATION,
            ),
            url: m
                .references
                .iter()
                .find(|r| r.starts_with("https://"))
                .map(|r| r.to_string()),
        },
    });
    let (status, status_reasons) = match f.status {
        Status::Pass => ("PASSED", Vec::new()),
        Status::Fail | Status::Suppressed => ("FAILED", Vec::new()),
        // NotApplicable is filtered out before; Unknown is never PASSED.
        Status::Unknown | Status::NotApplicable => (
            "NOT_AVAILABLE",
            vec![AsffStatusReason {
                reason_code: "COULD_NOT_BE_CHECKED".into(),
                description: non_blank(truncate(f.message.trim(), MAX_REASON), "unknown"),
            }],
        ),
    };
    let mut related_requirements = meta.map(framework_labels).unwrap_or_default();
    related_requirements.truncate(MAX_REQUIREMENTS);
    let (workflow, note) = match (f.status, &f.suppression) {
        (Status::Suppressed, reason) => (
            Some(AsffWorkflow {
                status: "SUPPRESSED".into(),
            }),
            Some(AsffNote {
                text: non_blank(
                    truncate(reason.as_deref().unwrap_or("").trim(), MAX_NOTE),
                    "suppressed in cloudward",
                ),
                updated_by: "cloudward".into(),
                updated_at: at.to_string(),
            }),
        ),
        _ => (None, None),
    };
    let mut product_fields = BTreeMap::new();
    product_fields.insert("ProviderName".to_string(), "cloudward".to_string());
    product_fields.insert("ProviderVersion".to_string(), report.tool_version.clone());
    product_fields.insert(FIELD_RULE.to_string(), f.rule_id.to_string());
    product_fields.insert(FIELD_STATUS.to_string(), f.status.as_str().to_string());
    product_fields.insert(
        FIELD_REGION.to_string(),
        f.region.clone().unwrap_or_else(|| "global".into()),
    );
    if let Some(attribute) = &f.attribute {
        product_fields.insert(
            "cloudward/Attribute".to_string(),
            truncate(attribute, MAX_FIELD_VALUE),
        );
    }
    AsffFinding {
        schema_version: SCHEMA_VERSION.into(),
        id: finding_id(
            &f.rule_id,
            account,
            f.region.as_deref().unwrap_or(""),
            &f.resource_id,
        ),
        product_arn: product_arn(&import_region, account),
        product_name: "cloudward".into(),
        company_name: "cloudward".into(),
        generator_id: format!("{GENERATOR_PREFIX}{}", f.rule_id),
        aws_account_id: account.into(),
        types: types.clone(),
        created_at: at.into(),
        updated_at: at.into(),
        severity: severity.clone(),
        title: non_blank(truncate(f.title.trim(), MAX_TITLE), &f.rule_id),
        description: non_blank(truncate(&description, MAX_DESCRIPTION), &f.rule_id),
        remediation,
        resources: vec![AsffResource {
            r#type: truncate(resource_type(f.resource_kind), MAX_RESOURCE_TYPE),
            id: non_blank(f.resource_id.clone(), &f.resource_name),
            partition: partition(&import_region).into(),
            region: f.region.clone(),
        }],
        compliance: AsffCompliance {
            status: status.into(),
            related_requirements,
            status_reasons,
        },
        workflow,
        note,
        record_state: "ACTIVE".into(),
        product_fields,
        finding_provider_fields: AsffProviderFields { severity, types },
        import_region,
    }
}

/// A collection error as a `NOT_AVAILABLE` finding: what could not be read stays visible in
/// Security Hub (issue 8) instead of looking like a clean account.
fn collection_error(
    report: &Report,
    e: &CollectionError,
    account: &str,
    home: &str,
    at: &str,
) -> AsffFinding {
    let import_region = e.region.as_deref().unwrap_or(home).to_string();
    let scope = e.scope();
    let reason = if scope.is_empty() {
        e.reason()
    } else {
        format!("{} ({scope})", e.reason())
    };
    let subject = format!(
        "cloudward:collection-error:{}:{}:{}",
        e.service,
        e.region.as_deref().unwrap_or("global"),
        e.api
    );
    let severity = AsffSeverity {
        label: "INFORMATIONAL".into(),
        original: "info".into(),
    };
    let types = vec!["Software and Configuration Checks/AWS Security Best Practices".to_string()];
    let mut product_fields = BTreeMap::new();
    product_fields.insert("ProviderName".to_string(), "cloudward".to_string());
    product_fields.insert("ProviderVersion".to_string(), report.tool_version.clone());
    product_fields.insert(FIELD_STATUS.to_string(), "collection_error".to_string());
    product_fields.insert(
        FIELD_REGION.to_string(),
        e.region.clone().unwrap_or_else(|| "global".into()),
    );
    product_fields.insert("cloudward/ErrorKind".to_string(), e.kind.as_str().into());
    product_fields.insert(FIELD_SERVICE.to_string(), e.service.clone());
    AsffFinding {
        schema_version: SCHEMA_VERSION.into(),
        id: finding_id(
            "collection-error",
            account,
            e.region.as_deref().unwrap_or(""),
            &format!("{}:{}", e.service, e.api),
        ),
        product_arn: product_arn(&import_region, account),
        product_name: "cloudward".into(),
        company_name: "cloudward".into(),
        generator_id: COLLECTION_ERROR_GENERATOR.into(),
        aws_account_id: account.into(),
        types: types.clone(),
        created_at: at.into(),
        updated_at: at.into(),
        severity: severity.clone(),
        title: truncate(
            &format!("Could not be read: {}:{}", e.service, e.api),
            MAX_TITLE,
        ),
        description: non_blank(
            truncate(
                &format!(
                    "{reason}\n\nWhat this call would have read was not judged: the rules over \
                     it report Unknown, not Pass."
                ),
                MAX_DESCRIPTION,
            ),
            "collection error",
        ),
        remediation: None,
        resources: vec![AsffResource {
            r#type: "Other".into(),
            id: subject,
            partition: partition(&import_region).into(),
            region: e.region.clone(),
        }],
        compliance: AsffCompliance {
            status: "NOT_AVAILABLE".into(),
            related_requirements: Vec::new(),
            status_reasons: vec![AsffStatusReason {
                reason_code: "COLLECTION_ERROR".into(),
                description: non_blank(truncate(&reason, MAX_REASON), "collection error"),
            }],
        },
        workflow: None,
        note: None,
        record_state: "ACTIVE".into(),
        product_fields,
        finding_provider_fields: AsffProviderFields { severity, types },
        import_region,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_chars_and_never_splits_one() {
        assert_eq!(truncate("short", 10), "short");
        let long = "é".repeat(300);
        let cut = truncate(&long, 256);
        assert_eq!(cut.chars().count(), 256);
        assert!(cut.ends_with('…'));
        assert!(cut.starts_with("éé"));
    }

    #[test]
    fn long_ids_stay_within_512_and_distinct() {
        let a = finding_id("r", "123456789012", "eu-west-1", &"a".repeat(600));
        let b = finding_id(
            "r",
            "123456789012",
            "eu-west-1",
            &format!("{}b", "a".repeat(599)),
        );
        assert_eq!(a.chars().count(), 512);
        assert_eq!(b.chars().count(), 512);
        assert_ne!(a, b);
        assert_eq!(
            finding_id("r", "1", "", "x"),
            "r|1||x",
            "short ids are the fingerprint itself"
        );
    }

    #[test]
    fn partitions_and_product_arns_follow_the_region() {
        assert_eq!(
            product_arn("eu-west-1", "123456789012"),
            "arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default"
        );
        assert!(product_arn("cn-north-1", "123456789012").starts_with("arn:aws-cn:"));
        assert!(product_arn("us-gov-west-1", "123456789012").starts_with("arn:aws-us-gov:"));
    }

    #[test]
    fn every_kind_has_a_type_of_at_most_256_chars() {
        for kind in ResourceKind::ALL {
            let t = resource_type(*kind);
            assert!(!t.is_empty() && t.len() <= MAX_RESOURCE_TYPE, "{kind:?}");
        }
        assert_eq!(resource_type(ResourceKind::S3Bucket), "AwsS3Bucket");
        assert_eq!(resource_type(ResourceKind::Ec2Image), "Other");
    }
}
