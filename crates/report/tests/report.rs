//! Report format tests: an insta snapshot of every format over one fixed, hand-built report
//! (pass, fail, unknown, suppressed and not-applicable findings; live and code locations;
//! collection errors), SARIF validated against the SARIF 2.1.0 JSON schema, and checks of the
//! promises every format makes (determinism, escaping, Unknown never shown as Pass). The HTML
//! report has its own module, with the headless Chromium test (`html.rs`).
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use cloudward_model::{
    CollectionError, ErrorKind, Examples, Finding, Frameworks, Location, Remediation, ResourceKind,
    RuleMeta, Severity, Status,
};
use cloudward_report::{render, Format, RenderOptions, Report, SourceLines, Target};

const ACCOUNT: &str = "123456789012";

static ROOT_MFA: RuleMeta = RuleMeta {
    id: "iam-root-mfa",
    title: "The root user has MFA enabled",
    severity: Severity::Critical,
    service: "iam",
    kinds: &[ResourceKind::IamRootAccount],
    checks: "Whether the root user has an MFA device (credential report `mfa_active`).",
    rationale: "The root user can do anything, including closing the account.",
    remediation: Remediation {
        console: "Sign in as root > Security credentials > Multi-factor authentication > Assign MFA device.\nUse a hardware key where possible.",
        cli: "# Root MFA cannot be enabled from the CLI; use the console.",
        terraform: "# Not manageable with Terraform.",
    },
    references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-virt-mfa-for-root.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &["2.4"],
        cis_v3: &["1.5"],
        fsbp: &["IAM.9"],
        well_architected: &["SEC02-BP01"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: "rules/src/iam/root_mfa.rs",
};

static BUCKET_PAB: RuleMeta = RuleMeta {
    id: "s3-bucket-public-access-block",
    title: "S3 buckets block public access",
    severity: Severity::High,
    service: "s3",
    kinds: &[ResourceKind::S3Bucket],
    checks: "Whether all four bucket-level public access block settings are true.",
    rationale: "Without the block, one ACL or policy change makes the data public.",
    remediation: Remediation {
        console: "S3 console > bucket > Permissions > Block public access > Edit > Block all.",
        cli: "aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        terraform: "resource \"aws_s3_bucket_public_access_block\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n  block_public_acls = true\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &["3.1.4"],
        cis_v3: &["2.1.4"],
        fsbp: &["S3.8"],
        well_architected: &[],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: "rules/src/s3/bucket_public_access_block.rs",
};

static EBS_DEFAULT: RuleMeta = RuleMeta {
    id: "ebs-encryption-by-default",
    title: "EBS encryption by default is enabled in every region",
    severity: Severity::Medium,
    service: "ec2",
    kinds: &[ResourceKind::Ec2EbsEncryptionByDefault],
    checks: "For each region, whether `EbsEncryptionByDefault` is true.",
    rationale: "Unencrypted volumes expose data at rest.",
    remediation: Remediation {
        console: "EC2 console > Settings > EBS encryption > Manage > Enable.",
        cli: "aws ec2 enable-ebs-encryption-by-default --region <region>",
        terraform: "resource \"aws_ebs_encryption_by_default\" \"this\" {\n  enabled = true\n}",
    },
    references: &["https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html"],
    frameworks: Frameworks {
        cis_v7: &["6.1.1"],
        cis_v6: &["6.1.1"],
        cis_v5: &["5.1.1"],
        cis_v3: &["2.2.1"],
        fsbp: &["EC2.7"],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: "rules/src/ec2/ebs_encryption_by_default.rs",
};

fn finding(meta: &RuleMeta, status: Status, resource_id: &str, message: &str) -> Finding {
    Finding {
        rule_id: meta.id.into(),
        title: meta.title.into(),
        severity: meta.severity,
        service: meta.service.into(),
        status,
        resource_id: resource_id.into(),
        resource_kind: meta.kinds[0],
        resource_name: resource_id.rsplit([':', '.']).next().unwrap().into(),
        region: None,
        account: Some(ACCOUNT.into()),
        location: None,
        message: message.to_string().into(),
        attribute: None,
        suppression: None,
    }
}

fn regional(mut f: Finding, region: &str) -> Finding {
    f.region = Some(region.into());
    f
}

fn at(mut f: Finding, path: &str, line: u32, column: u32) -> Finding {
    f.location = Some(Location {
        path: path.into(),
        line,
        column,
    });
    f.account = None;
    f
}

/// The fixed report every snapshot renders. Findings are deliberately out of order: the
/// report must sort them.
fn fixture() -> Report {
    let mut suppressed = at(
        finding(
            &BUCKET_PAB,
            Status::Suppressed,
            "aws_s3_bucket.website",
            "bucket website has no public access block",
        ),
        "infra/s3.tf",
        20,
        1,
    );
    suppressed.suppression = Some("static website, public by design (SEC-142)".into());
    let mut iac_fail = at(
        finding(
            &BUCKET_PAB,
            Status::Fail,
            "aws_s3_bucket.logs",
            "block_public_acls is false",
        ),
        "infra/s3.tf",
        7,
        3,
    );
    iac_fail.attribute = Some("block_public_acls".into());
    let findings = vec![
        regional(
            finding(&EBS_DEFAULT, Status::Pass, "arn:aws:ec2:us-east-1:123456789012:ebs-encryption-by-default", "EBS encryption by default is enabled"),
            "us-east-1",
        ),
        regional(
            finding(&EBS_DEFAULT, Status::Fail, "arn:aws:ec2:eu-west-1:123456789012:ebs-encryption-by-default", "EBS encryption by default is disabled"),
            "eu-west-1",
        ),
        regional(
            finding(
                &EBS_DEFAULT,
                Status::Unknown,
                "ec2:ec2_ebs_encryption_by_default:ap-south-1",
                "could not list EBS encryption-by-default settings: ec2:GetEbsEncryptionByDefault in ap-south-1 failed: UnauthorizedOperation: You are not authorized to perform this operation.",
            ),
            "ap-south-1",
        ),
        finding(&ROOT_MFA, Status::Fail, "arn:aws:iam::123456789012:root", "the root user has no MFA device"),
        iac_fail,
        suppressed,
        at(
            finding(&BUCKET_PAB, Status::Unknown, "aws_s3_bucket.data", "bucket name comes from var.bucket_name, which has no value"),
            "infra/s3.tf",
            30,
            0,
        ),
        finding(&BUCKET_PAB, Status::Pass, "arn:aws:s3:::audit-logs", "all four public access block settings are on"),
        finding(&BUCKET_PAB, Status::NotApplicable, "arn:aws:s3:::gone", "bucket was deleted during collection"),
        finding(
            &BUCKET_PAB,
            Status::Fail,
            "arn:aws:s3:::press-kit",
            "bucket press-kit has BlockPublicPolicy=false & RestrictPublicBuckets=false <public \"policy\">",
        ),
    ];
    let errors = vec![
        CollectionError {
            service: "ec2".into(),
            region: Some("ap-south-1".into()),
            api: "GetEbsEncryptionByDefault".into(),
            kind: ErrorKind::AccessDenied,
            message: "UnauthorizedOperation: You are not authorized to perform this operation."
                .into(),
            kinds: vec![ResourceKind::Ec2EbsEncryptionByDefault],
            ..Default::default()
        },
        CollectionError {
            service: "s3".into(),
            region: None,
            api: "GetBucketPolicy".into(),
            kind: ErrorKind::Throttled,
            message: "SlowDown: please reduce your request rate (after 3 retries)".into(),
            kinds: vec![],
            ..Default::default()
        },
    ];
    Report::new(
        findings,
        errors,
        vec![&ROOT_MFA, &BUCKET_PAB, &EBS_DEFAULT],
        Target {
            account_id: Some(ACCOUNT.into()),
            regions: vec!["us-east-1".into(), "eu-west-1".into(), "ap-south-1".into()],
            source: "inventory demo-account.json".into(),
            collected_at: Some(Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap()),
        },
        "0.1.0",
    )
}

/// Source lines for `infra/s3.tf`, as the IaC front end would supply them.
struct Files(BTreeMap<&'static str, &'static str>);

impl SourceLines for Files {
    fn line(&self, path: &str, line: u32) -> Option<String> {
        let text = self.0.get(path)?;
        text.lines()
            .nth(line.checked_sub(1)? as usize)
            .map(str::to_string)
    }
}

fn files() -> Files {
    let mut m = BTreeMap::new();
    m.insert(
        "infra/s3.tf",
        "resource \"aws_s3_bucket_public_access_block\" \"logs\" {\n  bucket = aws_s3_bucket.logs.id\n\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n  block_public_acls       = false\n}\n",
    );
    Files(m)
}

fn output(format: Format, report: &Report, options: &RenderOptions<'_>) -> String {
    let mut out = Vec::new();
    render(format, report, options, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

mod snapshots {
    use super::*;

    #[test]
    fn terminal() {
        let files = files();
        let options = RenderOptions {
            source: Some(&files),
            ..Default::default()
        };
        insta::assert_snapshot!(output(Format::Terminal, &fixture(), &options));
    }

    #[test]
    fn terminal_show_pass() {
        let options = RenderOptions {
            show_pass: true,
            ..Default::default()
        };
        insta::assert_snapshot!(output(Format::Terminal, &fixture(), &options));
    }

    #[test]
    fn json() {
        insta::assert_snapshot!(output(Format::Json, &fixture(), &RenderOptions::default()));
    }

    #[test]
    fn csv() {
        insta::assert_snapshot!(output(Format::Csv, &fixture(), &RenderOptions::default()));
    }

    #[test]
    fn sarif() {
        insta::assert_snapshot!(output(Format::Sarif, &fixture(), &RenderOptions::default()));
    }

    #[test]
    fn ocsf() {
        insta::assert_snapshot!(output(Format::Ocsf, &fixture(), &RenderOptions::default()));
    }

    #[test]
    fn junit() {
        insta::assert_snapshot!(output(Format::Junit, &fixture(), &RenderOptions::default()));
    }

    #[test]
    fn asff() {
        insta::assert_snapshot!(output(Format::Asff, &fixture(), &RenderOptions::default()));
    }

    #[test]
    fn terminal_empty_report() {
        let report = Report::new(vec![], vec![], vec![], Target::default(), "0.1.0");
        insta::assert_snapshot!(output(Format::Terminal, &report, &RenderOptions::default()));
    }
}

mod asff {
    use super::*;
    use cloudward_report::asff::{self, AsffOptions};
    use serde_json::Value;

    fn validator() -> jsonschema::Validator {
        let schema: Value = serde_json::from_str(include_str!("schemas/asff.schema.json")).unwrap();
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
    }

    fn violations(document: &Value) -> Vec<String> {
        validator()
            .iter_errors(document)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }

    fn document(report: &Report) -> Value {
        serde_json::from_str(&output(Format::Asff, report, &RenderOptions::default())).unwrap()
    }

    fn by_resource<'a>(doc: &'a Value, resource: &str) -> &'a Value {
        doc["Findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["Resources"][0]["Id"] == resource)
            .unwrap_or_else(|| panic!("no finding for {resource}"))
    }

    #[test]
    fn output_is_valid_against_the_asff_schema() {
        let doc = document(&fixture());
        let errors = violations(&doc);
        assert!(
            errors.is_empty(),
            "ASFF schema violations:\n{}",
            errors.join("\n")
        );
        // Every finding but the not-applicable one, and one per collection error.
        let report = fixture();
        let applicable = report
            .findings
            .iter()
            .filter(|f| f.status != Status::NotApplicable)
            .count();
        assert_eq!(
            doc["Findings"].as_array().unwrap().len(),
            applicable + report.collection_errors.len()
        );
    }

    #[test]
    fn the_schema_rejects_what_security_hub_rejects() {
        let good = document(&fixture());
        let broken = |edit: &dyn Fn(&mut Value)| {
            let mut doc = good.clone();
            edit(&mut doc["Findings"][0]);
            violations(&doc)
        };
        assert!(!broken(&|f| drop(f.as_object_mut().unwrap().remove("Id"))).is_empty());
        assert!(!broken(&|f| f["Title"] = Value::from("x".repeat(257))).is_empty());
        assert!(!broken(&|f| f["Description"] = Value::from("")).is_empty());
        assert!(!broken(&|f| f["AwsAccountId"] = Value::from("12345")).is_empty());
        assert!(!broken(&|f| f["ProductArn"] = Value::from("arn:aws:s3:::bucket")).is_empty());
        assert!(!broken(&|f| f["Compliance"]["Status"] = Value::from("PASS")).is_empty());
        assert!(!broken(&|f| f["CreatedAt"] = Value::from("yesterday")).is_empty());
        assert!(!broken(&|f| f["Resources"] = Value::Array(vec![])).is_empty());
        assert!(!broken(&|f| f["Severity"]["Label"] = Value::from("SEVERE")).is_empty());
        assert!(!broken(&|f| f["Complaince"] = Value::from("typo")).is_empty());
        assert!(broken(&|_| ()).is_empty());
    }

    #[test]
    fn statuses_map_and_unknown_is_never_passed() {
        let doc = document(&fixture());
        let ebs = "arn:aws:ec2:eu-west-1:123456789012:ebs-encryption-by-default";
        let fail = by_resource(&doc, ebs);
        assert_eq!(fail["Compliance"]["Status"], "FAILED");
        assert_eq!(fail["RecordState"], "ACTIVE");
        assert_eq!(fail["SchemaVersion"], "2018-10-08");
        assert_eq!(fail["GeneratorId"], "cloudward/ebs-encryption-by-default");
        assert_eq!(
            fail["Id"],
            format!("ebs-encryption-by-default|123456789012|eu-west-1|{ebs}")
        );
        assert_eq!(
            fail["ProductArn"],
            "arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default"
        );
        assert_eq!(fail["CreatedAt"], "2026-11-20T09:30:00Z");
        assert_eq!(fail["Severity"]["Label"], "MEDIUM");
        assert_eq!(fail["Resources"][0]["Region"], "eu-west-1");
        assert_eq!(fail["Resources"][0]["Partition"], "aws");

        let unknown = by_resource(&doc, "ec2:ec2_ebs_encryption_by_default:ap-south-1");
        assert_eq!(unknown["Compliance"]["Status"], "NOT_AVAILABLE");
        assert!(unknown["Compliance"]["StatusReasons"][0]["Description"]
            .as_str()
            .unwrap()
            .contains("UnauthorizedOperation"));

        let suppressed = by_resource(&doc, "aws_s3_bucket.website");
        assert_eq!(suppressed["Compliance"]["Status"], "FAILED");
        assert_eq!(suppressed["Workflow"]["Status"], "SUPPRESSED");
        assert_eq!(
            suppressed["Note"]["Text"],
            "static website, public by design (SEC-142)"
        );

        let pass = by_resource(&doc, "arn:aws:s3:::audit-logs");
        assert_eq!(pass["Compliance"]["Status"], "PASSED");
        assert_eq!(pass["Resources"][0]["Type"], "AwsS3Bucket");
        assert!(pass["Compliance"]["RelatedRequirements"]
            .as_array()
            .unwrap()
            .contains(&Value::from("FSBP S3.8")));
        assert!(pass["Types"]
            .as_array()
            .unwrap()
            .contains(&Value::from("Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark")));

        // Not applicable: left out.
        assert!(doc["Findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["Resources"][0]["Id"] != "arn:aws:s3:::gone"));

        for f in doc["Findings"].as_array().unwrap() {
            let status = f["ProductFields"]["cloudward/Status"].as_str().unwrap();
            let compliance = f["Compliance"]["Status"].as_str().unwrap();
            match status {
                "pass" => assert_eq!(compliance, "PASSED"),
                "fail" | "suppressed" => assert_eq!(compliance, "FAILED"),
                "unknown" | "collection_error" => assert_eq!(compliance, "NOT_AVAILABLE"),
                other => panic!("unexpected status {other}"),
            }
        }
    }

    #[test]
    fn global_findings_go_to_the_home_region() {
        let report = fixture();
        let root = "arn:aws:iam::123456789012:root";
        // Default: the first collected region (sorted).
        let doc = document(&report);
        let f = by_resource(&doc, root);
        assert_eq!(
            f["ProductArn"],
            "arn:aws:securityhub:ap-south-1:123456789012:product/123456789012/default"
        );
        assert_eq!(f["Resources"][0]["Type"], "AwsAccount");
        assert!(f["Resources"][0].get("Region").is_none());
        assert_eq!(f["ProductFields"]["cloudward/Region"], "global");

        let mut out = Vec::new();
        asff::render_with(
            &report,
            &AsffOptions {
                home_region: Some("eu-central-1"),
            },
            &mut out,
        )
        .unwrap();
        let doc: Value = serde_json::from_slice(&out).unwrap();
        let f = by_resource(&doc, root);
        assert_eq!(
            f["ProductArn"],
            "arn:aws:securityhub:eu-central-1:123456789012:product/123456789012/default"
        );
        // Regional findings stay in their region.
        let ebs = by_resource(
            &doc,
            "arn:aws:ec2:eu-west-1:123456789012:ebs-encryption-by-default",
        );
        assert!(ebs["ProductArn"].as_str().unwrap().contains(":eu-west-1:"));
    }

    #[test]
    fn long_and_multibyte_text_is_cut_within_the_limits() {
        let mut long = finding(
            &BUCKET_PAB,
            Status::Fail,
            "arn:aws:s3:::big",
            &"policy évaluée ".repeat(200),
        );
        long.title = "T".repeat(300).into();
        let report = Report::new(
            vec![long],
            vec![],
            vec![&BUCKET_PAB],
            fixture().target,
            "0.1.0",
        );
        let doc = document(&report);
        let errors = violations(&doc);
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        let f = &doc["Findings"][0];
        assert_eq!(f["Title"].as_str().unwrap().chars().count(), 256);
        assert_eq!(f["Description"].as_str().unwrap().chars().count(), 1024);
        assert!(f["Description"].as_str().unwrap().ends_with('…'));
    }

    #[test]
    fn input_without_an_account_or_a_time_is_refused_with_the_reason() {
        let iac = at(
            finding(&BUCKET_PAB, Status::Fail, "aws_s3_bucket.logs", "open"),
            "infra/s3.tf",
            1,
            1,
        );
        let report = Report::new(
            vec![iac],
            vec![],
            vec![&BUCKET_PAB],
            Target {
                collected_at: fixture().target.collected_at,
                ..Target::default()
            },
            "0.1.0",
        );
        let err = render(
            Format::Asff,
            &report,
            &RenderOptions::default(),
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("AwsAccountId"), "{err}");
        assert!(asff::check(&report).is_err());

        let mut timeless = fixture();
        timeless.target.collected_at = None;
        let err = asff::check(&timeless).unwrap_err();
        assert!(err.contains("collected_at"), "{err}");
        assert!(asff::check(&fixture()).is_ok());
    }
}

mod catalogue {
    use super::*;
    use cloudward_report::catalogue::{render_explain, render_rules, CatalogueFormat};

    fn rules(format: CatalogueFormat) -> String {
        let mut out = Vec::new();
        render_rules(
            &[&ROOT_MFA, &BUCKET_PAB, &EBS_DEFAULT],
            format,
            false,
            &mut out,
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn rules_table() {
        insta::assert_snapshot!(rules(CatalogueFormat::Table));
    }

    #[test]
    fn rules_markdown() {
        insta::assert_snapshot!(rules(CatalogueFormat::Markdown));
    }

    #[test]
    fn rules_json() {
        insta::assert_snapshot!(rules(CatalogueFormat::Json));
    }

    #[test]
    fn explain() {
        let titles = |framework: &str, id: &str| match (framework, id) {
            ("fsbp", "EC2.7") => Some("EBS default encryption should be enabled"),
            _ => None,
        };
        let mut meta = EBS_DEFAULT;
        meta.examples.terraform_bad =
            "resource \"aws_ebs_encryption_by_default\" \"this\" {\n  enabled = false\n}\n";
        let mut out = Vec::new();
        render_explain(&meta, &titles, false, &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}

mod sarif {
    use super::*;
    use serde_json::Value;

    /// The schema's own `language` patterns (run and message strings) have a stray `]`
    /// (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`), which a strict validator rejects while
    /// checking the schema itself. The vendored file stays verbatim; the pattern is replaced in
    /// memory by its evident intent. Our output sets no `language`, so nothing of ours is
    /// checked more loosely.
    const BROKEN_PATTERN: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    const FIXED_PATTERN: &str = r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#;

    fn validator() -> jsonschema::Validator {
        let text = include_str!("fixtures/sarif-schema-2.1.0.json");
        assert!(
            text.contains(BROKEN_PATTERN),
            "schema patch no longer applies"
        );
        let schema: Value =
            serde_json::from_str(&text.replace(BROKEN_PATTERN, FIXED_PATTERN)).unwrap();
        // Formats (uri, uri-reference, date-time) are checked too.
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
    }

    fn assert_valid(log: &Value) {
        let validator = validator();
        let errors: Vec<String> = validator
            .iter_errors(log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "SARIF schema violations:\n{}",
            errors.join("\n")
        );
    }

    #[test]
    fn output_is_valid_sarif_2_1_0() {
        for show_pass in [false, true] {
            let options = RenderOptions {
                show_pass,
                ..Default::default()
            };
            let log: Value =
                serde_json::from_str(&output(Format::Sarif, &fixture(), &options)).unwrap();
            assert_valid(&log);
        }
    }

    /// Issue 8: SARIF said `executionSuccessful: true` for an IaC run that skipped its only
    /// file. A run with collection errors did not complete; one without them did.
    #[test]
    fn issue8_collection_errors_make_the_execution_unsuccessful() {
        let with_errors: Value = serde_json::from_str(&output(
            Format::Sarif,
            &fixture(),
            &RenderOptions::default(),
        ))
        .unwrap();
        let invocation = &with_errors["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        assert!(!invocation["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .is_empty());
        let report = fixture();
        let clean = Report::new(
            report.findings.clone(),
            vec![],
            report.rules.values().copied().collect(),
            report.target.clone(),
            "0.1.0",
        );
        let clean: Value =
            serde_json::from_str(&output(Format::Sarif, &clean, &RenderOptions::default()))
                .unwrap();
        assert_eq!(
            clean["runs"][0]["invocations"][0]["executionSuccessful"],
            true
        );
        assert_valid(&with_errors);
        assert_valid(&clean);
    }

    #[test]
    fn the_schema_rejects_a_broken_log() {
        // Proves the validator is live: a result without a message is invalid SARIF.
        let mut log: Value = serde_json::from_str(&output(
            Format::Sarif,
            &fixture(),
            &RenderOptions::default(),
        ))
        .unwrap();
        log["runs"][0]["results"][0]
            .as_object_mut()
            .unwrap()
            .remove("message");
        assert!(!validator().is_valid(&log));
    }

    #[test]
    fn results_map_status_to_kind_level_and_locations() {
        let log: Value = serde_json::from_str(&output(
            Format::Sarif,
            &fixture(),
            &RenderOptions::default(),
        ))
        .unwrap();
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        // 4 fails + 2 unknowns + 1 suppressed; passes and not-applicable left out.
        assert_eq!(results.len(), 7);
        for r in results {
            let idx = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[idx]["id"], r["ruleId"]);
            let loc = &r["locations"][0];
            if let Some(phys) = loc.get("physicalLocation") {
                assert_eq!(phys["artifactLocation"]["uriBaseId"], "%SRCROOT%");
                assert!(!phys["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .starts_with('/'));
            } else {
                assert!(loc["logicalLocations"][0]["fullyQualifiedName"]
                    .as_str()
                    .unwrap()
                    .contains(':'));
            }
            match r["properties"]["cloudward/status"].as_str().unwrap() {
                "fail" => assert_eq!(r["kind"], "fail"),
                "unknown" => {
                    assert_eq!(r["kind"], "open");
                    assert_eq!(r["level"], "none");
                }
                "suppressed" => {
                    assert_eq!(r["kind"], "fail");
                    assert_eq!(r["suppressions"][0]["kind"], "inSource");
                    assert!(r["suppressions"][0]["justification"]
                        .as_str()
                        .unwrap()
                        .contains("SEC-142"));
                }
                other => panic!("unexpected status {other}"),
            }
        }
        let root = results
            .iter()
            .find(|r| r["ruleId"] == "iam-root-mfa")
            .unwrap();
        assert_eq!(root["level"], "error");
        assert!(root["locations"][0].get("physicalLocation").is_none());
        let pab = rules
            .iter()
            .find(|r| r["id"] == "s3-bucket-public-access-block")
            .unwrap();
        assert_eq!(pab["properties"]["security-severity"], "8.0");
        assert!(pab["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("put-public-access-block"));
        assert_eq!(
            run["invocations"][0]["toolExecutionNotifications"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn fingerprints_ignore_the_line_but_not_the_resource() {
        let report = fixture();
        let moved = {
            let mut findings = report.findings.clone();
            for f in &mut findings {
                if let Some(loc) = &mut f.location {
                    loc.line += 10;
                }
            }
            Report::new(
                findings,
                vec![],
                report.rules.values().copied().collect(),
                Target::default(),
                "0.1.0",
            )
        };
        let before = sarif_fingerprints(&report);
        assert_eq!(before, sarif_fingerprints(&moved));
        let mut unique = before.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            before.len(),
            "each finding has its own fingerprint"
        );
    }

    /// The SARIF results' finding hashes, in report order.
    fn sarif_fingerprints(report: &Report) -> Vec<String> {
        let log: Value =
            serde_json::from_str(&output(Format::Sarif, report, &RenderOptions::default()))
                .unwrap();
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["cloudwardFindingHash/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn fingerprints_tell_two_accounts_apart() {
        let report = fixture();
        let mut findings = report.findings.clone();
        findings.truncate(1);
        let mut other = findings[0].clone();
        findings[0].account = Some("111111111111".into());
        other.account = Some("222222222222".into());
        let mut none = findings[0].clone();
        none.account = None;
        let merged = Report::new(
            vec![findings[0].clone(), other, none],
            vec![],
            report.rules.values().copied().collect(),
            Target::default(),
            "0.1.0",
        );
        let mut prints = sarif_fingerprints(&merged);
        prints.sort_unstable();
        prints.dedup();
        assert_eq!(prints.len(), 3, "{prints:?}");
    }
}

mod promises {
    use super::*;

    #[test]
    fn every_format_is_deterministic_and_independent_of_input_order() {
        let report = fixture();
        let mut reversed_findings = report.findings.clone();
        reversed_findings.reverse();
        let mut reversed_errors = report.collection_errors.clone();
        reversed_errors.reverse();
        let reversed = Report::new(
            reversed_findings,
            reversed_errors,
            report.rules.values().rev().copied().collect(),
            report.target.clone(),
            "0.1.0",
        );
        for format in Format::ALL {
            let a = output(format, &report, &RenderOptions::default());
            let b = output(format, &fixture(), &RenderOptions::default());
            let c = output(format, &reversed, &RenderOptions::default());
            assert_eq!(a, b, "{format} differs between two runs");
            assert_eq!(a, c, "{format} depends on input order");
        }
    }

    #[test]
    fn colour_only_when_asked() {
        let plain = output(Format::Terminal, &fixture(), &RenderOptions::default());
        assert!(!plain.contains('\u{1b}'));
        let coloured = output(
            Format::Terminal,
            &fixture(),
            &RenderOptions {
                color: true,
                ..Default::default()
            },
        );
        assert!(coloured.contains("\u{1b}["));
        for format in [
            Format::Json,
            Format::Csv,
            Format::Sarif,
            Format::Ocsf,
            Format::Junit,
            Format::Asff,
        ] {
            let text = output(
                format,
                &fixture(),
                &RenderOptions {
                    color: true,
                    ..Default::default()
                },
            );
            assert!(
                !text.contains('\u{1b}'),
                "{format} must never carry ANSI codes"
            );
        }
    }

    #[test]
    fn unknown_is_never_rendered_as_pass() {
        let report = fixture();
        let json: serde_json::Value =
            serde_json::from_str(&output(Format::Json, &report, &RenderOptions::default()))
                .unwrap();
        assert_eq!(json["schema_version"], 1);
        assert_eq!(json["summary"]["total"]["unknown"], 2);
        assert_eq!(json["summary"]["total"]["pass"], 2);

        for line in output(Format::Ocsf, &report, &RenderOptions::default()).lines() {
            let event: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(event["class_uid"], 2003);
            assert_eq!(event["category_uid"], 2);
            let status = event["unmapped"]["cloudward_status"].as_str().unwrap();
            let compliance = event["compliance"]["status_id"].as_u64().unwrap();
            match status {
                "pass" => assert_eq!(compliance, 1),
                "fail" | "suppressed" => assert_eq!(compliance, 3),
                "unknown" | "collection_error" => assert_eq!(compliance, 0),
                other => panic!("unexpected status {other} in OCSF"),
            }
        }

        let junit = output(Format::Junit, &report, &RenderOptions::default());
        assert_eq!(junit.matches("could not be checked").count(), 2);

        let terminal = output(Format::Terminal, &report, &RenderOptions::default());
        assert!(terminal.contains("Could not be checked (2)"));
    }

    #[test]
    fn csv_quotes_and_round_trips() {
        let text = output(Format::Csv, &fixture(), &RenderOptions::default());
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let msg = headers.iter().position(|h| h == "message").unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let report = fixture();
        assert_eq!(
            rows.len(),
            report.findings.len() + report.collection_errors.len()
        );
        assert!(rows.iter().any(|r| r[msg].contains("<public \"policy\">")));
    }

    /// Issue 8, defect 8: what was not read is in every format, CSV and OCSF included.
    #[test]
    fn issue8_collection_errors_are_in_csv_and_ocsf() {
        let report = fixture();
        assert!(!report.collection_errors.is_empty());
        let csv = output(Format::Csv, &report, &RenderOptions::default());
        assert_eq!(
            csv.lines()
                .filter(|l| l.starts_with("collection_error,"))
                .count(),
            report.collection_errors.len()
        );
        let ocsf = output(Format::Ocsf, &report, &RenderOptions::default());
        let gaps: Vec<serde_json::Value> = ocsf
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .filter(|e: &serde_json::Value| e["unmapped"]["cloudward_status"] == "collection_error")
            .collect();
        assert_eq!(gaps.len(), report.collection_errors.len());
        for gap in gaps {
            assert_eq!(gap["compliance"]["status"], "Unknown");
        }
    }

    #[test]
    fn junit_escapes_markup() {
        let text = output(Format::Junit, &fixture(), &RenderOptions::default());
        assert!(text.contains("&lt;public &quot;policy&quot;&gt;"));
        assert!(!text.contains("<public"));
        // Well-formed enough for a line-based check: every opened suite is closed.
        assert_eq!(
            text.matches("<testsuite ").count(),
            text.matches("</testsuite>").count()
        );
    }
}

mod html;
