//! Writing one run of 100,000 findings to a store file (the figure: under 2 s), and
//! the 10th run to a store that already holds nine (fingerprints then exist).
//!
//! `cargo bench -p cloudward-store`

use std::time::Instant;

use chrono::Utc;
use cloudward_model::test_support::finding;
use cloudward_model::{Finding, Severity, Status};
use cloudward_store::{RunInfo, RunKind, Store};
use criterion::{criterion_group, criterion_main, Criterion};

const FINDINGS: usize = 100_000;

fn findings() -> Vec<Finding> {
    (0..FINDINGS)
        .map(|i| {
            let mut f = finding(Severity::High, Status::Fail);
            f.rule_id = format!("rule-{}", i % 277).into();
            f.resource_id = format!("arn:aws:ec2:eu-west-1:123456789012:security-group/sg-{i:08x}");
            f.region = Some("eu-west-1".into());
            f.account = Some("123456789012".into());
            f.message = "port 22 is open to 0.0.0.0/0 (ingress[0])".into();
            f
        })
        .collect()
}

fn info() -> RunInfo {
    RunInfo {
        kind: RunKind::Scan,
        target: "123456789012".into(),
        account: Some("123456789012".into()),
        regions: vec!["eu-west-1".into()],
        started_at: Utc::now(),
        finished_at: Utc::now(),
        tool_version: "bench".into(),
        catalogue_version: "bench".into(),
    }
}

fn write(c: &mut Criterion) {
    let findings = findings();
    let dir = std::env::temp_dir().join(format!("cloudward-store-bench-{}", std::process::id()));
    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.bench_function("record 100,000 findings (new store)", |b| {
        b.iter_custom(|iters| {
            let mut total = std::time::Duration::ZERO;
            for i in 0..iters {
                let path = dir.join(format!("new-{i}.sqlite3"));
                let mut store = Store::open(&path).expect("opens");
                let start = Instant::now();
                store.record(&info(), &findings, &[]).expect("records");
                total += start.elapsed();
                drop(store);
                let _ = std::fs::remove_dir_all(&dir);
            }
            total
        })
    });
    let path = dir.join("warm.sqlite3");
    let mut store = Store::open(&path).expect("opens");
    for _ in 0..9 {
        store.record(&info(), &findings, &[]).expect("records");
    }
    group.bench_function("record 100,000 findings (10th run)", |b| {
        b.iter(|| store.record(&info(), &findings, &[]).expect("records"))
    });
    group.finish();
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, write);
criterion_main!(benches);
