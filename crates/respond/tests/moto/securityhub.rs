//! Import, update and archive through `plan` + `import`; batches of 100 seen in moto's
//! request recording; a dry run writes nothing; refused findings are reported with the reason.

use std::collections::HashMap;

use aws_sdk_securityhub::types::{AwsSecurityFinding, ComplianceStatus, RecordState};
use chrono::{TimeZone, Utc};
use cloudward_model::{
    Examples, Finding, Frameworks, Remediation, ResourceKind, RuleMeta, Severity, Status,
};
use cloudward_report::{Report, Target};
use cloudward_respond::{import, plan, ImportOptions, Plan, RegionPlan};

use crate::block_on;
use crate::server::{Moto, ACCOUNT_ID};

const fn rule(id: &'static str, service: &'static str, kind: &'static [ResourceKind]) -> RuleMeta {
    RuleMeta {
        id,
        title: "A test rule",
        severity: Severity::High,
        service,
        kinds: kind,
        checks: "Whether the test holds.",
        rationale: "Tests.",
        remediation: Remediation {
            console: "Fix it.",
            cli: "aws fix",
            terraform: "",
        },
        references: &["https://docs.aws.amazon.com/securityhub/"],
        frameworks: Frameworks {
            cis_v7: &[],
            cis_v6: &[],
            cis_v5: &[],
            cis_v3: &[],
            fsbp: &["S3.8"],
            well_architected: &[],
        },
        examples: Examples {
            terraform_bad: "",
            terraform_good: "",
            cloudformation_bad: "",
            cloudformation_good: "",
        },
        file: "test",
    }
}

static BUCKET: RuleMeta = rule(
    "s3-bucket-public-access-block",
    "s3",
    &[ResourceKind::S3Bucket],
);
static ROOT: RuleMeta = rule("iam-root-mfa", "iam", &[ResourceKind::IamRootAccount]);
static EBS: RuleMeta = rule(
    "ebs-encryption-by-default",
    "ec2",
    &[ResourceKind::Ec2EbsEncryptionByDefault],
);

fn finding(meta: &RuleMeta, status: Status, resource: &str, region: Option<&str>) -> Finding {
    Finding {
        rule_id: meta.id.into(),
        title: meta.title.into(),
        severity: meta.severity,
        service: meta.service.into(),
        status,
        resource_id: resource.into(),
        resource_kind: meta.kinds[0],
        resource_name: resource.rsplit(':').next().unwrap_or(resource).into(),
        region: region.map(Into::into),
        account: Some(ACCOUNT_ID.into()),
        location: None,
        message: format!("{resource} is {}", status.as_str()).into(),
        attribute: None,
        suppression: None,
    }
}

fn bucket(name: &str, status: Status, region: &str) -> Finding {
    finding(
        &BUCKET,
        status,
        &format!("arn:aws:s3:::{name}"),
        Some(region),
    )
}

fn report(
    findings: Vec<Finding>,
    rules: Vec<&'static RuleMeta>,
    regions: &[&str],
    hour: u32,
) -> Report {
    Report::new(
        findings,
        vec![],
        rules,
        Target {
            account_id: Some(ACCOUNT_ID.into()),
            regions: regions.iter().map(|r| r.to_string()).collect(),
            source: "test".into(),
            collected_at: Some(
                Utc.with_ymd_and_hms(2026, 12, 1, hour, 0, 0)
                    .single()
                    .expect("a valid time"),
            ),
        },
        "0.1.0",
    )
}

/// Every finding moto holds in `region`, by resource id (all our test findings have one
/// resource), following NextToken.
async fn hub(moto: &Moto, region: &str) -> HashMap<String, AwsSecurityFinding> {
    let config = moto.sdk_config(region).await;
    let client = cloudward_aws::securityhub_client(&config, region);
    let mut out = HashMap::new();
    let mut token = None;
    loop {
        let page = client
            .get_findings()
            .max_results(100)
            .set_next_token(token)
            .send()
            .await
            .expect("GetFindings against moto");
        for f in page.findings() {
            let resource = f.resources()[0].id().expect("a resource id").to_string();
            out.insert(resource, f.clone());
        }
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    out
}

fn compliance(f: &AwsSecurityFinding) -> ComplianceStatus {
    f.compliance()
        .and_then(|c| c.status())
        .cloned()
        .expect("a compliance status")
}

async fn run(
    moto: &Moto,
    report: &Report,
    options: &ImportOptions,
) -> (Plan, cloudward_respond::ImportSummary) {
    let config = moto.sdk_config("us-east-1").await;
    let plan = Box::pin(plan(&config, report, options))
        .await
        .expect("a plan");
    let summary = Box::pin(import(&config, &plan, options)).await;
    assert!(summary.is_complete(), "{}", summary.describe());
    (plan, summary)
}

/// Standard base64 (moto's recorder encodes some bodies).
fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
    {
        let v = ALPHABET
            .iter()
            .position(|a| *a == c)
            .expect("a base64 character") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Recorded `BatchImportFindings` calls (REST `POST /findings/import`) and the number of
/// findings in each.
fn imports(recording: &str) -> Vec<usize> {
    // moto's recorder writes concurrent requests' lines without a separator at times: read
    // the recording as a stream of JSON values, not lines.
    serde_json::Deserializer::from_str(recording)
        .into_iter::<serde_json::Value>()
        .filter_map(|entry| {
            let entry = entry.expect("a JSON recording entry");
            let url = entry["url"].as_str().unwrap_or_default();
            if entry["method"] != "POST" || !url.ends_with("/findings/import") {
                return None;
            }
            let raw = entry["body"].as_str().unwrap_or("{}");
            let bytes = if entry["body_encoded"].as_bool() == Some(true) {
                base64(raw)
            } else {
                raw.as_bytes().to_vec()
            };
            let body: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON body");
            Some(body["Findings"].as_array().map_or(0, Vec::len))
        })
        .collect()
}

#[test]
fn imports_then_archives_what_was_fixed_or_is_gone_and_nothing_out_of_scope() {
    block_on(async {
        let moto = Moto::start();
        let options = ImportOptions {
            home_region: Some("us-east-1".into()),
            ..Default::default()
        };

        // Earlier findings this scan must not touch: a rule that will not run (EBS), and a region
        // that will not be collected (ap-south-1).
        let other = report(
            vec![
                finding(
                    &EBS,
                    Status::Fail,
                    "arn:aws:ec2:eu-west-1:123456789012:ebs-encryption-by-default",
                    Some("eu-west-1"),
                ),
                bucket("mumbai", Status::Fail, "ap-south-1"),
            ],
            vec![&EBS, &BUCKET],
            &["ap-south-1", "eu-west-1"],
            8,
        );
        Box::pin(run(&moto, &other, &options)).await;

        let first = report(
            vec![
                bucket("fixed-later", Status::Fail, "eu-west-1"),
                bucket("deleted-later", Status::Fail, "eu-west-1"),
                bucket("unreadable", Status::Unknown, "eu-west-1"),
                bucket("fine", Status::Pass, "eu-west-1"),
                finding(&ROOT, Status::Fail, "arn:aws:iam::123456789012:root", None),
            ],
            vec![&BUCKET, &ROOT],
            &["eu-west-1", "us-east-1"],
            9,
        );
        let (plan1, summary) = Box::pin(run(&moto, &first, &options)).await;
        assert_eq!(summary.imported, 4, "{}", summary.describe());
        assert_eq!((summary.archived_fixed, summary.archived_gone), (0, 0));
        assert!(plan1.describe().contains("import FAILED"));

        let eu = hub(&moto, "eu-west-1").await;
        let b = |name: &str| format!("arn:aws:s3:::{name}");
        for name in ["fixed-later", "deleted-later"] {
            assert_eq!(compliance(&eu[&b(name)]), ComplianceStatus::Failed);
            assert_eq!(eu[&b(name)].record_state(), Some(&RecordState::Active));
        }
        assert_eq!(
            compliance(&eu[&b("unreadable")]),
            ComplianceStatus::NotAvailable
        );
        assert!(
            !eu.contains_key(&b("fine")),
            "a pass with no earlier finding is not imported"
        );
        // The global finding went to the home region, with that region in its ProductArn.
        let us = hub(&moto, "us-east-1").await;
        let root = &us["arn:aws:iam::123456789012:root"];
        assert_eq!(
            root.product_arn(),
            Some("arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default")
        );
        assert_eq!(compliance(root), ComplianceStatus::Failed);

        // Next run: one bucket fixed, one deleted, the unknown still unknown.
        let second = report(
            vec![
                bucket("fixed-later", Status::Pass, "eu-west-1"),
                bucket("unreadable", Status::Unknown, "eu-west-1"),
                bucket("fine", Status::Pass, "eu-west-1"),
                finding(&ROOT, Status::Fail, "arn:aws:iam::123456789012:root", None),
            ],
            vec![&BUCKET, &ROOT],
            &["eu-west-1", "us-east-1"],
            10,
        );
        let (plan2, summary) = Box::pin(run(&moto, &second, &options)).await;
        assert_eq!(summary.imported, 2, "{}", summary.describe());
        assert_eq!(summary.archived_fixed, 1, "{}", summary.describe());
        assert_eq!(summary.archived_gone, 1, "{}", summary.describe());
        assert_eq!(plan2.regions["eu-west-1"].existing, 3);

        let eu = hub(&moto, "eu-west-1").await;
        let fixed = &eu[&b("fixed-later")];
        assert_eq!(fixed.record_state(), Some(&RecordState::Archived));
        assert_eq!(compliance(fixed), ComplianceStatus::Passed);
        let gone = &eu[&b("deleted-later")];
        assert_eq!(gone.record_state(), Some(&RecordState::Archived));
        assert_eq!(gone.updated_at(), Some("2026-12-01T10:00:00Z"));
        let unknown = &eu[&b("unreadable")];
        assert_eq!(unknown.record_state(), Some(&RecordState::Active));
        assert_eq!(unknown.updated_at(), Some("2026-12-01T10:00:00Z"));
        assert_eq!(
            unknown.created_at(),
            Some("2026-12-01T09:00:00Z"),
            "CreatedAt stays the first import's"
        );
        // Out of scope: untouched.
        let ebs = &eu["arn:aws:ec2:eu-west-1:123456789012:ebs-encryption-by-default"];
        assert_eq!(ebs.record_state(), Some(&RecordState::Active));
        let mumbai = &hub(&moto, "ap-south-1").await[&b("mumbai")];
        assert_eq!(mumbai.record_state(), Some(&RecordState::Active));
        assert_eq!(
            hub(&moto, "us-east-1").await["arn:aws:iam::123456789012:root"].record_state(),
            Some(&RecordState::Active)
        );

        // A third identical run archives nothing more.
        let (plan3, summary) = Box::pin(run(&moto, &second, &options)).await;
        assert_eq!((summary.archived_fixed, summary.archived_gone), (0, 0));
        assert_eq!(plan3.regions["eu-west-1"].existing, 1);
    });
}

#[test]
fn two_hundred_and_fifty_findings_go_in_three_batches_and_a_dry_run_writes_nothing() {
    block_on(async {
        let moto = Moto::start();
        let findings: Vec<Finding> = (0..250)
            .map(|i| bucket(&format!("bucket-{i:03}"), Status::Fail, "eu-west-1"))
            .collect();
        let report = report(findings, vec![&BUCKET], &["eu-west-1"], 9);
        let options = ImportOptions::default();
        let config = moto.sdk_config("eu-west-1").await;

        moto.start_recording().await;
        let dry = plan(&config, &report, &options).await.expect("a plan");
        assert_eq!(dry.calls(), 3);
        assert_eq!(dry.regions["eu-west-1"].import.len(), 250);
        let recording = moto.stop_recording().await;
        assert!(
            imports(&recording).is_empty(),
            "the dry run (plan) called BatchImportFindings"
        );
        assert!(
            recording.contains("/findings"),
            "the plan reads the existing findings (GetFindings)"
        );

        moto.start_recording().await;
        let summary = import(&config, &dry, &options).await;
        let recording = moto.stop_recording().await;
        assert!(summary.is_complete(), "{}", summary.describe());
        assert_eq!(summary.imported, 250);
        assert_eq!(summary.calls, 3);
        let mut sizes = imports(&recording);
        sizes.sort_unstable();
        assert_eq!(sizes, [50, 100, 100]);
        // moto 5.2.5 cannot page GetFindings past its first page (its paginator rejects its
        // own token for these findings), so only the first page is read back here.
        let page = cloudward_aws::securityhub_client(&config, "eu-west-1")
            .get_findings()
            .max_results(100)
            .send()
            .await
            .expect("GetFindings against moto");
        assert_eq!(page.findings().len(), 100);
        assert!(page.next_token().is_some_and(|t| !t.is_empty()));
    });
}

#[test]
fn a_refused_finding_is_reported_with_security_hubs_reason() {
    block_on(async {
        let moto = Moto::start();
        let config = moto.sdk_config("eu-west-1").await;
        // moto refuses a finding without resources (InvalidInput), as Security Hub does.
        let report = report(
            vec![bucket("ok", Status::Fail, "eu-west-1")],
            vec![&BUCKET],
            &["eu-west-1"],
            9,
        );
        let mut plan = plan(&config, &report, &ImportOptions::default())
            .await
            .expect("a plan");
        let region: &mut RegionPlan = plan.regions.get_mut("eu-west-1").expect("eu-west-1");
        let mut broken = region.import[0].clone();
        broken.id = Some("broken".into());
        broken.resources = Some(vec![]);
        region.import.push(broken);

        let summary = import(&config, &plan, &ImportOptions::default()).await;
        assert!(!summary.is_complete());
        assert_eq!(summary.imported, 1, "{}", summary.describe());
        assert_eq!(summary.failed.len(), 1);
        assert_eq!(summary.failed[0].id, "broken");
        assert_eq!(summary.failed[0].code, "InvalidInput");
        assert!(
            summary
                .describe()
                .contains("eu-west-1: 1 finding not imported (broken): InvalidInput"),
            "{}",
            summary.describe()
        );
    });
}

#[test]
fn a_report_without_an_account_is_refused_before_any_call() {
    block_on(async {
        let moto = Moto::start();
        let config = moto.sdk_config("eu-west-1").await;
        let mut f = bucket("x", Status::Fail, "eu-west-1");
        f.account = None;
        let mut r = report(vec![f], vec![&BUCKET], &["eu-west-1"], 9);
        r.target.account_id = None;
        moto.start_recording().await;
        let err = plan(&config, &r, &ImportOptions::default())
            .await
            .expect_err("no account");
        assert!(err.to_string().contains("AwsAccountId"), "{err}");
        assert!(moto.stop_recording().await.trim().is_empty());
    });
}
