//! The Security Hub import: plan (read what is there, decide), then import (the only write).
//!
//! Scope of archiving, exactly: a Security Hub finding is cloudward's to archive when it is
//! ACTIVE, of this account, has our custom-integration `ProductArn` in that region, a
//! `GeneratorId` `cloudward/<rule>` of a rule **that ran in this scan**, and a
//! `cloudward/Region` product field naming a region **this scan collected** (or `global`, in
//! the home region). Of those, the ones this run does not report as failing or unknown are
//! re-imported with `RecordState` `ARCHIVED`: as `PASSED` when this run saw the check pass
//! (fixed), unchanged otherwise (the resource is gone). Findings of rules that did not run, of
//! regions not collected, or of other products are never touched.
//!
//! Passes are not imported as findings of their own: Security Hub bills per ingested finding,
//! and a check that passes with no earlier finding has nothing to resolve. A pass is sent only
//! to archive the earlier failure it fixes.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::Duration;

use aws_sdk_securityhub::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_securityhub::types::{
    AwsSecurityFinding, AwsSecurityFindingFilters, Compliance, ComplianceStatus,
    FindingProviderFields, FindingProviderSeverity, Note, Partition, Recommendation, RecordState,
    Remediation, Resource, Severity, SeverityLabel, StatusReason, StringFilter,
    StringFilterComparison, Workflow, WorkflowStatus,
};
use cloudward_aws::SdkConfig;
use cloudward_report::asff::{self, AsffFinding, AsffOptions};
use cloudward_report::Report;
use futures_util::stream::{self, StreamExt};

/// Findings per `BatchImportFindings` call: the API's maximum.
pub const BATCH_SIZE: usize = 100;
/// At most this many existing ACTIVE cloudward findings are read per region. Past it the
/// region is reported as unreadable (and nothing there is archived) rather than holding an
/// unbounded list in memory.
pub const MAX_EXISTING: usize = 100_000;
/// Sends of one finding that Security Hub failed with a retryable code, first one included.
/// (Throttled and 5xx *calls* are retried by the SDK's own retry policy, set in
/// `cloudward_aws::sdk_config`.)
const FINDING_ATTEMPTS: u32 = 4;

/// How to import.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// The region that receives findings of global resources (IAM, account-level); `None`:
    /// the first collected region, else `us-east-1` (see [`asff::home_region`]).
    pub home_region: Option<String>,
    /// `BatchImportFindings` calls in flight at once per region.
    pub concurrency: usize,
    /// Wait before the first resend of retryable failed findings; doubled on each resend.
    pub retry_backoff: Duration,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            home_region: None,
            concurrency: 4,
            retry_backoff: Duration::from_millis(500),
        }
    }
}

/// Why nothing could be planned.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The report cannot be represented in ASFF (no account id, no collection time).
    #[error("the report cannot be imported into Security Hub: {0}")]
    Unsupported(String),
}

/// What an import will do, per region.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The account the findings belong to.
    pub account: String,
    /// By region, sorted.
    pub regions: BTreeMap<String, RegionPlan>,
}

/// What an import will do in one region.
#[derive(Clone, Debug, Default)]
pub struct RegionPlan {
    /// Failed, unknown and suppressed findings, and collection errors: imported ACTIVE.
    pub import: Vec<AwsSecurityFinding>,
    /// Earlier ACTIVE findings whose check passes now: imported PASSED and ARCHIVED.
    pub fixed: Vec<AwsSecurityFinding>,
    /// Earlier ACTIVE findings this run no longer reports (the resource is gone): ARCHIVED.
    pub gone: Vec<AwsSecurityFinding>,
    /// `GetFindings` failed here: nothing can be archived in this region (the import is still
    /// attempted), and the run is not complete.
    pub read_error: Option<String>,
    /// ACTIVE cloudward findings in scope that Security Hub holds now.
    pub existing: usize,
}

impl RegionPlan {
    fn is_empty(&self) -> bool {
        self.import.is_empty()
            && self.fixed.is_empty()
            && self.gone.is_empty()
            && self.read_error.is_none()
    }

    fn batches(&self) -> usize {
        (self.import.len() + self.fixed.len() + self.gone.len()).div_ceil(BATCH_SIZE)
    }
}

impl Plan {
    /// `BatchImportFindings` calls the plan needs (without resends).
    pub fn calls(&self) -> usize {
        self.regions.values().map(RegionPlan::batches).sum()
    }

    /// For people (`--dry-run`): per region the counts, then one line per finding with its
    /// action, compliance status and id.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        if self.regions.is_empty() {
            out.push_str("security hub: nothing to import or archive\n");
        }
        for (region, p) in &self.regions {
            out.push_str(&format!(
                "security hub {region}: import {}, archive {} fixed and {} gone ({} active cloudward findings there now, {} BatchImportFindings calls)\n",
                p.import.len(),
                p.fixed.len(),
                p.gone.len(),
                p.existing,
                p.batches(),
            ));
            if let Some(e) = &p.read_error {
                out.push_str(&format!("  cannot read existing findings: {e}\n"));
            }
            for (action, list) in [
                ("import", &p.import),
                ("archive fixed", &p.fixed),
                ("archive gone", &p.gone),
            ] {
                for f in list {
                    out.push_str(&format!(
                        "  {action} {} {}\n",
                        f.compliance
                            .as_ref()
                            .and_then(|c| c.status.as_ref())
                            .map_or("-", |s| s.as_str()),
                        f.id.as_deref().unwrap_or("")
                    ));
                }
            }
        }
        out
    }
}

/// A finding Security Hub did not take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedFinding {
    /// The region it was sent to.
    pub region: String,
    /// The finding id.
    pub id: String,
    /// Security Hub's error code (`InvalidInput`, `AccessDeniedException`, ...).
    pub code: String,
    /// Security Hub's message, or the SDK error with its context.
    pub message: String,
}

/// What an import did.
#[derive(Clone, Debug, Default)]
pub struct ImportSummary {
    /// Findings imported ACTIVE.
    pub imported: usize,
    /// Earlier findings archived as fixed (PASSED).
    pub archived_fixed: usize,
    /// Earlier findings archived because their resource is gone.
    pub archived_gone: usize,
    /// `BatchImportFindings` calls made (resends of failed findings included).
    pub calls: usize,
    /// Findings that were not taken, with the reason.
    pub failed: Vec<FailedFinding>,
    /// Regions whose existing findings could not be read (region, reason): nothing there was
    /// archived.
    pub unreadable: Vec<(String, String)>,
}

impl ImportSummary {
    /// Whether everything planned was done.
    pub fn is_complete(&self) -> bool {
        self.failed.is_empty() && self.unreadable.is_empty()
    }

    /// One line of counts, then one line per failure.
    pub fn describe(&self) -> String {
        let mut out = format!(
            "security hub: imported {}, archived {} fixed and {} gone, {} failed ({} BatchImportFindings calls)\n",
            self.imported,
            self.archived_fixed,
            self.archived_gone,
            self.failed.len(),
            self.calls
        );
        for (region, reason) in &self.unreadable {
            out.push_str(&format!(
                "security hub {region}: existing findings not read, nothing archived: {reason}\n"
            ));
        }
        // One line per distinct reason: a call that failed as a whole fails its 100 findings
        // with one message.
        let mut reasons: BTreeMap<(&str, &str, &str), Vec<&str>> = BTreeMap::new();
        for f in &self.failed {
            reasons
                .entry((&f.region, &f.code, &f.message))
                .or_default()
                .push(&f.id);
        }
        for ((region, code, message), ids) in reasons {
            const SHOWN: usize = 3;
            let mut names = ids
                .iter()
                .take(SHOWN)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            if ids.len() > SHOWN {
                names.push_str(&format!(" and {} more", ids.len() - SHOWN));
            }
            out.push_str(&format!(
                "security hub {region}: {} not imported ({names}): {code}: {message}\n",
                if ids.len() == 1 {
                    "1 finding".to_string()
                } else {
                    format!("{} findings", ids.len())
                }
            ));
        }
        out
    }
}

/// Whether Security Hub may take a failed finding on a resend: throttling, limits and its own
/// internal errors, not invalid input or missing permissions.
pub fn is_retryable(code: &str) -> bool {
    let code = code.to_ascii_lowercase();
    [
        "throttl",
        "toomanyrequests",
        "limitexceeded",
        "internal",
        "serviceunavailable",
    ]
    .iter()
    .any(|c| code.contains(c))
}

/// What is in scope for archiving (see the module doc).
struct Scope<'a> {
    account: &'a str,
    home: &'a str,
    collected: BTreeSet<&'a str>,
    rules: HashSet<&'a str>,
    services: HashSet<&'a str>,
}

impl Scope<'_> {
    /// Whether `f`, read from the hub of `region`, is cloudward's to archive in this run.
    fn owns(&self, f: &AwsSecurityFinding, region: &str) -> bool {
        let product_arn = asff::product_arn(region, self.account);
        if f.product_arn.as_deref() != Some(product_arn.as_str())
            || f.aws_account_id.as_deref() != Some(self.account)
            || f.record_state == Some(RecordState::Archived)
        {
            return false;
        }
        let Some(generator) = f.generator_id.as_deref() else {
            return false;
        };
        let fields = f.product_fields.as_ref();
        let field = |key: &str| fields.and_then(|m| m.get(key)).map(String::as_str);
        let ran = if generator == asff::COLLECTION_ERROR_GENERATOR {
            field(asff::FIELD_SERVICE).is_some_and(|s| self.services.contains(s))
        } else {
            generator
                .strip_prefix(asff::GENERATOR_PREFIX)
                .is_some_and(|rule| self.rules.contains(rule))
        };
        let collected = match field(asff::FIELD_REGION) {
            Some("global") => region == self.home,
            Some(r) => r == region && self.collected.contains(r),
            // Not written by cloudward: not ours to archive.
            None => false,
        };
        ran && collected
    }
}

/// Decide what to import and archive. Makes read-only calls only (`GetFindings`), so it is
/// also the dry run.
pub async fn plan(
    config: &SdkConfig,
    report: &Report,
    options: &ImportOptions,
) -> Result<Plan, Error> {
    asff::check(report).map_err(Error::Unsupported)?;
    let asff_options = AsffOptions {
        home_region: options.home_region.as_deref(),
    };
    let findings =
        asff::findings(report, &asff_options).map_err(|e| Error::Unsupported(e.to_string()))?;
    let Some(account) = report
        .target
        .account_id
        .clone()
        .or_else(|| findings.first().map(|f| f.aws_account_id.clone()))
    else {
        return Err(Error::Unsupported(
            "no AWS account id in the input, so there is no Security Hub to import into".into(),
        ));
    };
    let home = asff::home_region(report, &asff_options).to_string();
    let scope = Scope {
        account: &account,
        home: &home,
        collected: report.target.regions.iter().map(String::as_str).collect(),
        rules: report.rules.keys().copied().collect(),
        services: report.rules.values().map(|m| m.service).collect(),
    };
    let at = report
        .target
        .collected_at
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default();

    let mut by_region: BTreeMap<String, Vec<AsffFinding>> = BTreeMap::new();
    let mut seen = HashSet::new();
    for f in findings {
        // One finding per id: two with one id in a batch would be ambiguous.
        if seen.insert(f.id.clone()) {
            by_region
                .entry(f.import_region.clone())
                .or_default()
                .push(f);
        }
    }
    let mut regions: BTreeSet<String> = report.target.regions.iter().cloned().collect();
    regions.insert(home.clone());
    regions.extend(by_region.keys().cloned());

    let mut plan = Plan {
        account: account.clone(),
        regions: BTreeMap::new(),
    };
    for region in regions {
        let current = by_region.remove(&region).unwrap_or_default();
        let client = cloudward_aws::securityhub_client(config, &region);
        let mut region_plan = RegionPlan::default();
        let existing = match Box::pin(read_active(&client, &region, &account)).await {
            Ok(found) => found
                .into_iter()
                .filter(|f| scope.owns(f, &region))
                .collect(),
            Err(message) => {
                region_plan.read_error = Some(message);
                Vec::new()
            }
        };
        region_plan.existing = existing.len();
        decide(&mut region_plan, current, existing, &at);
        if !region_plan.is_empty() {
            plan.regions.insert(region, region_plan);
        }
    }
    Ok(plan)
}

/// Fill `plan` from this run's findings of a region and the ACTIVE ones in scope there.
fn decide(
    plan: &mut RegionPlan,
    current: Vec<AsffFinding>,
    mut existing: Vec<AwsSecurityFinding>,
    at: &str,
) {
    let is_pass = |f: &AsffFinding| {
        f.product_fields.get(asff::FIELD_STATUS).map(String::as_str) == Some("pass")
    };
    let existing_created: HashMap<String, String> = existing
        .iter()
        .filter_map(|f| Some((f.id.clone()?, f.created_at.clone()?)))
        .collect();
    let mut active_ids = HashSet::new();
    let mut passes = HashMap::new();
    for f in current {
        if is_pass(&f) {
            passes.insert(f.id.clone(), f);
            continue;
        }
        active_ids.insert(f.id.clone());
        let mut sdk = to_sdk(&f);
        // Security Hub's CreatedAt stays the first time cloudward reported the finding.
        if let Some(created) = existing_created.get(&f.id) {
            sdk.created_at = Some(created.clone());
        }
        plan.import.push(sdk);
    }
    existing.sort_by(|a, b| a.id.cmp(&b.id));
    for old in existing {
        let Some(id) = old.id.clone() else { continue };
        if active_ids.contains(&id) {
            continue;
        }
        match passes.get(&id) {
            Some(pass) => {
                let mut fixed = to_sdk(pass);
                fixed.record_state = Some(RecordState::Archived);
                fixed.created_at = old.created_at.clone().or(fixed.created_at);
                plan.fixed.push(fixed);
            }
            None => {
                let mut gone = old;
                gone.record_state = Some(RecordState::Archived);
                gone.updated_at = Some(at.to_string());
                plan.gone.push(gone);
            }
        }
    }
}

/// The ACTIVE findings of our product in `region`'s hub. Filters are sent, and checked again
/// by the caller: an emulator (moto) ignores them.
async fn read_active(
    client: &aws_sdk_securityhub::Client,
    region: &str,
    account: &str,
) -> Result<Vec<AwsSecurityFinding>, String> {
    let equals = |value: &str| {
        StringFilter::builder()
            .value(value)
            .comparison(StringFilterComparison::Equals)
            .build()
    };
    let filters = AwsSecurityFindingFilters::builder()
        .product_arn(equals(&asff::product_arn(region, account)))
        .aws_account_id(equals(account))
        .record_state(equals("ACTIVE"))
        .generator_id(
            StringFilter::builder()
                .value(asff::GENERATOR_PREFIX)
                .comparison(StringFilterComparison::Prefix)
                .build(),
        )
        .build();
    let mut found = Vec::new();
    let mut token: Option<String> = None;
    loop {
        // Boxed: the SDK's futures are large, and a caller's stack (a test thread's 2 MiB) is not.
        let page = Box::pin(
            client
                .get_findings()
                .filters(filters.clone())
                .max_results(100)
                .set_next_token(token.clone())
                .send(),
        )
        .await
        .map_err(|e| {
            format!(
                "securityhub:GetFindings failed: {}",
                DisplayErrorContext(&e)
            )
        })?;
        found.extend(page.findings().iter().cloned());
        if found.len() > MAX_EXISTING {
            return Err(format!(
                "more than {MAX_EXISTING} active cloudward findings; archive them in the console \
                 or raise the limit"
            ));
        }
        match page.next_token() {
            Some(next) if !next.is_empty() && token.as_deref() != Some(next) => {
                token = Some(next.to_string());
            }
            _ => break,
        }
    }
    Ok(found)
}

/// Send `plan`: every region's findings in batches of [`BATCH_SIZE`], up to
/// [`ImportOptions::concurrency`] batches of a region in flight. Never fails as a whole: what
/// did not go through is in [`ImportSummary::failed`] with Security Hub's reason.
pub async fn import(config: &SdkConfig, plan: &Plan, options: &ImportOptions) -> ImportSummary {
    let mut summary = ImportSummary::default();
    for (region, region_plan) in &plan.regions {
        if let Some(reason) = &region_plan.read_error {
            summary.unreadable.push((region.clone(), reason.clone()));
        }
        let client = cloudward_aws::securityhub_client(config, region);
        let all: Vec<AwsSecurityFinding> = region_plan
            .import
            .iter()
            .chain(&region_plan.fixed)
            .chain(&region_plan.gone)
            .cloned()
            .collect();
        let batches: Vec<Vec<AwsSecurityFinding>> =
            all.chunks(BATCH_SIZE).map(<[_]>::to_vec).collect();
        let outcomes: Vec<BatchOutcome> = stream::iter(batches)
            .map(|batch| Box::pin(send(&client, region, batch, options)))
            .buffer_unordered(options.concurrency.max(1))
            .collect()
            .await;
        let mut failed_ids = HashSet::new();
        for outcome in outcomes {
            summary.calls += outcome.calls;
            for f in outcome.failed {
                failed_ids.insert(f.id.clone());
                summary.failed.push(f);
            }
        }
        let ok = |list: &[AwsSecurityFinding]| {
            list.iter()
                .filter(|f| !failed_ids.contains(f.id.as_deref().unwrap_or("")))
                .count()
        };
        summary.imported += ok(&region_plan.import);
        summary.archived_fixed += ok(&region_plan.fixed);
        summary.archived_gone += ok(&region_plan.gone);
    }
    summary
        .failed
        .sort_by(|a, b| (&a.region, &a.id).cmp(&(&b.region, &b.id)));
    summary
}

/// What one batch came to.
struct BatchOutcome {
    calls: usize,
    failed: Vec<FailedFinding>,
}

/// One batch, with resends of the findings Security Hub failed with a retryable code.
async fn send(
    client: &aws_sdk_securityhub::Client,
    region: &str,
    batch: Vec<AwsSecurityFinding>,
    options: &ImportOptions,
) -> BatchOutcome {
    let failure = |id: Option<&str>, code: &str, message: String| FailedFinding {
        region: region.to_string(),
        id: id.unwrap_or("").to_string(),
        code: code.to_string(),
        message,
    };
    let mut outcome = BatchOutcome {
        calls: 0,
        failed: Vec::new(),
    };
    let mut pending = batch;
    let mut attempt = 1;
    loop {
        outcome.calls += 1;
        let response = Box::pin(
            client
                .batch_import_findings()
                .set_findings(Some(pending.clone()))
                .send(),
        )
        .await;
        let out = match response {
            Ok(out) => out,
            Err(e) => {
                // Throttling and 5xx were already retried by the SDK's retry policy.
                let code = e.code().unwrap_or("RequestFailed").to_string();
                let message = DisplayErrorContext(&e).to_string();
                outcome.failed.extend(
                    pending
                        .iter()
                        .map(|f| failure(f.id.as_deref(), &code, message.clone())),
                );
                return outcome;
            }
        };
        let mut retry = HashSet::new();
        for f in out.failed_findings() {
            let code = f.error_code().unwrap_or("Unknown");
            let message = f.error_message().unwrap_or("").to_string();
            if is_retryable(code) && attempt < FINDING_ATTEMPTS {
                retry.insert(f.id().unwrap_or("").to_string());
            } else if is_retryable(code) {
                outcome.failed.push(failure(
                    f.id(),
                    code,
                    format!("{message} (after {FINDING_ATTEMPTS} attempts)"),
                ));
            } else {
                outcome.failed.push(failure(f.id(), code, message));
            }
        }
        if retry.is_empty() {
            return outcome;
        }
        pending.retain(|f| retry.contains(f.id.as_deref().unwrap_or("")));
        tracing::debug!(
            region,
            findings = pending.len(),
            attempt,
            "resending findings Security Hub failed with a retryable code"
        );
        tokio::time::sleep(options.retry_backoff * 2u32.pow(attempt - 1)).await;
        attempt += 1;
    }
}

/// The SDK's type for an ASFF finding of `--format asff`: the same attributes, field by field.
pub fn to_sdk(f: &AsffFinding) -> AwsSecurityFinding {
    let severity = |s: &asff::AsffSeverity| {
        Severity::builder()
            .label(SeverityLabel::from(s.label.as_str()))
            .original(&s.original)
            .build()
    };
    let mut compliance =
        Compliance::builder().status(ComplianceStatus::from(f.compliance.status.as_str()));
    if !f.compliance.related_requirements.is_empty() {
        compliance =
            compliance.set_related_requirements(Some(f.compliance.related_requirements.clone()));
    }
    for reason in &f.compliance.status_reasons {
        compliance = compliance.status_reasons(
            StatusReason::builder()
                .reason_code(&reason.reason_code)
                .description(&reason.description)
                .build(),
        );
    }
    let resources = f
        .resources
        .iter()
        .map(|r| {
            Resource::builder()
                .r#type(&r.r#type)
                .id(&r.id)
                .partition(Partition::from(r.partition.as_str()))
                .set_region(r.region.clone())
                .build()
        })
        .collect();
    let provider = FindingProviderFields::builder()
        .severity(
            FindingProviderSeverity::builder()
                .label(SeverityLabel::from(
                    f.finding_provider_fields.severity.label.as_str(),
                ))
                .original(&f.finding_provider_fields.severity.original)
                .build(),
        )
        .set_types(Some(f.finding_provider_fields.types.clone()))
        .build();
    AwsSecurityFinding::builder()
        .schema_version(&f.schema_version)
        .id(&f.id)
        .product_arn(&f.product_arn)
        .product_name(&f.product_name)
        .company_name(&f.company_name)
        .generator_id(&f.generator_id)
        .aws_account_id(&f.aws_account_id)
        .set_types(Some(f.types.clone()))
        .created_at(&f.created_at)
        .updated_at(&f.updated_at)
        .severity(severity(&f.severity))
        .title(&f.title)
        .description(&f.description)
        .set_remediation(f.remediation.as_ref().map(|r| {
            Remediation::builder()
                .recommendation(
                    Recommendation::builder()
                        .text(&r.recommendation.text)
                        .set_url(r.recommendation.url.clone())
                        .build(),
                )
                .build()
        }))
        .set_resources(Some(resources))
        .compliance(compliance.build())
        .set_workflow(f.workflow.as_ref().map(|w| {
            Workflow::builder()
                .status(WorkflowStatus::from(w.status.as_str()))
                .build()
        }))
        .set_note(f.note.as_ref().map(|n| {
            Note::builder()
                .text(&n.text)
                .updated_by(&n.updated_by)
                .updated_at(&n.updated_at)
                .build()
        }))
        .record_state(RecordState::from(f.record_state.as_str()))
        .set_product_fields(Some(
            f.product_fields
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ))
        .finding_provider_fields(provider)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: &str = "123456789012";

    fn existing(
        generator: &str,
        region_field: Option<&str>,
        service: Option<&str>,
    ) -> AwsSecurityFinding {
        let mut fields = HashMap::new();
        if let Some(r) = region_field {
            fields.insert(asff::FIELD_REGION.to_string(), r.to_string());
        }
        if let Some(s) = service {
            fields.insert(asff::FIELD_SERVICE.to_string(), s.to_string());
        }
        AwsSecurityFinding::builder()
            .id("x")
            .product_arn(asff::product_arn("eu-west-1", ACCOUNT))
            .aws_account_id(ACCOUNT)
            .generator_id(generator)
            .record_state(RecordState::Active)
            .set_product_fields(Some(fields))
            .build()
    }

    fn scope() -> Scope<'static> {
        Scope {
            account: ACCOUNT,
            home: "eu-west-1",
            collected: ["eu-west-1", "us-east-1"].into_iter().collect(),
            rules: ["s3-bucket-public-access-block"].into_iter().collect(),
            services: ["s3"].into_iter().collect(),
        }
    }

    #[test]
    fn archiving_scope_is_rules_that_ran_in_regions_collected() {
        let s = scope();
        let rule = "cloudward/s3-bucket-public-access-block";
        assert!(s.owns(&existing(rule, Some("eu-west-1"), None), "eu-west-1"));
        assert!(s.owns(&existing(rule, Some("global"), None), "eu-west-1"));
        // A rule that did not run, a region not collected, no cloudward region field.
        assert!(!s.owns(
            &existing("cloudward/iam-root-mfa", Some("eu-west-1"), None),
            "eu-west-1"
        ));
        assert!(!s.owns(&existing(rule, Some("ap-south-1"), None), "eu-west-1"));
        assert!(!s.owns(&existing(rule, None, None), "eu-west-1"));
        // The finding's region field must be the hub's region; global only in the home region.
        assert!(!s.owns(&existing(rule, Some("us-east-1"), None), "eu-west-1"));
        let mut other_hub = existing(rule, Some("global"), None);
        other_hub.product_arn = Some(asff::product_arn("us-east-1", ACCOUNT));
        assert!(!s.owns(&other_hub, "us-east-1"));
        // Another product's ARN, another account, already archived.
        let mut other = existing(rule, Some("eu-west-1"), None);
        other.product_arn = Some("arn:aws:securityhub:eu-west-1::product/aws/securityhub".into());
        assert!(!s.owns(&other, "eu-west-1"));
        let mut other = existing(rule, Some("eu-west-1"), None);
        other.aws_account_id = Some("210987654321".into());
        assert!(!s.owns(&other, "eu-west-1"));
        let mut other = existing(rule, Some("eu-west-1"), None);
        other.record_state = Some(RecordState::Archived);
        assert!(!s.owns(&other, "eu-west-1"));
        // Collection errors: owned when a rule of their service ran.
        let errors = asff::COLLECTION_ERROR_GENERATOR;
        assert!(s.owns(
            &existing(errors, Some("eu-west-1"), Some("s3")),
            "eu-west-1"
        ));
        assert!(!s.owns(
            &existing(errors, Some("eu-west-1"), Some("ec2")),
            "eu-west-1"
        ));
        assert!(!s.owns(&existing(errors, Some("eu-west-1"), None), "eu-west-1"));
    }

    #[test]
    fn retryable_codes_are_throttling_limits_and_internal_errors() {
        for code in [
            "ThrottlingException",
            "TooManyRequestsException",
            "LimitExceededException",
            "InternalException",
            "ServiceUnavailable",
        ] {
            assert!(is_retryable(code), "{code}");
        }
        for code in [
            "InvalidInput",
            "AccessDeniedException",
            "InvalidAccessException",
            "",
        ] {
            assert!(!is_retryable(code), "{code}");
        }
    }
}
