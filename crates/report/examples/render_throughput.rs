//! Rendering throughput: renders a synthetic report of N findings (default 100 000: a large
//! organisation's account) in every format and prints time and size. Figures go in issue
//! notes, not in tests.
//!
//! ```sh
//! cargo run --release -p cloudward-report --example render_throughput -- 100000
//! ```

use std::time::Instant;

use cloudward_model::{
    CollectionError, ErrorKind, Finding, Location, ResourceKind, Severity, Status,
};
use cloudward_report::{render, Format, RenderOptions, Report, Target};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("N is a number"))
        .unwrap_or(100_000);
    let statuses = [
        Status::Fail,
        Status::Pass,
        Status::Pass,
        Status::Unknown,
        Status::Suppressed,
    ];
    let findings: Vec<Finding> = (0..n)
        .map(|i| {
            let status = statuses[i % statuses.len()];
            Finding {
                rule_id: format!("rule-{:02}", i % 60).into(),
                title: format!("Requirement number {} holds", i % 60).into(),
                severity: Severity::ALL[i % 5],
                service: ["iam", "s3", "ec2", "cloudtrail"][i % 4].into(),
                status,
                resource_id: format!("arn:aws:s3:::bucket-{i}"),
                resource_kind: ResourceKind::S3Bucket,
                resource_name: format!("bucket-{i}"),
                region: Some("eu-west-1".into()),
                account: Some("123456789012".into()),
                location: (i % 3 == 0).then(|| Location {
                    path: format!("infra/module-{}/main.tf", i % 40),
                    line: (i % 500) as u32 + 1,
                    column: 3,
                }),
                message: format!("bucket bucket-{i} allows public ACLs <&> \"quoted\"").into(),
                attribute: None,
                suppression: (status == Status::Suppressed).then(|| "accepted risk".to_string()),
            }
        })
        .collect();
    let errors = vec![CollectionError {
        service: "s3".into(),
        region: None,
        api: "GetBucketPolicy".into(),
        kind: ErrorKind::AccessDenied,
        message: "AccessDenied".into(),
        kinds: vec![],
        ..Default::default()
    }];
    let start = Instant::now();
    // An account and a time, which ASFF requires (fixed: every format is deterministic).
    let target = Target {
        account_id: Some("123456789012".into()),
        regions: vec!["eu-west-1".into()],
        source: "bench".into(),
        collected_at: chrono::DateTime::from_timestamp(1_795_000_000, 0),
    };
    let report = Report::new(findings, errors, vec![], target, "bench");
    println!("build+sort {n} findings: {:?}", start.elapsed());
    for format in Format::ALL {
        let mut out = Vec::with_capacity(64 << 20);
        let start = Instant::now();
        render(
            format,
            &report,
            &RenderOptions {
                show_pass: true,
                ..Default::default()
            },
            &mut out,
        )
        .expect("render into memory");
        let elapsed = start.elapsed();
        println!(
            "{format:<9} {:>8.1} ms  {:>7.1} MB  {:>6.0} k findings/s",
            elapsed.as_secs_f64() * 1e3,
            out.len() as f64 / 1e6,
            n as f64 / elapsed.as_secs_f64() / 1e3
        );
    }
}
