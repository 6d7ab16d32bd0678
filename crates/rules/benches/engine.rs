//! Criterion benchmark of `engine::judge` (compact verdicts) and `engine::evaluate` (owned
//! findings) over synthetic inventories of growing size.
//! Peak memory for the 1,000,000-resource case is measured by `examples/synthetic.rs`.

#[path = "support/synthetic.rs"]
mod synthetic;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn evaluate(c: &mut Criterion) {
    let rules = cloudward_rules::catalogue();
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    for size in [10_000usize, 100_000] {
        let inventory = synthetic::inventory(size);
        // Build the lookup index outside the measurement, as a scan does once.
        let _ = inventory
            .of_kind(cloudward_model::ResourceKind::S3Bucket)
            .count();
        group.throughput(Throughput::Elements(size as u64));
        group.bench_with_input(BenchmarkId::new("evaluate", size), &inventory, |b, inv| {
            b.iter(|| cloudward_rules::engine::evaluate(inv, &rules))
        });
        group.bench_with_input(BenchmarkId::new("judge", size), &inventory, |b, inv| {
            b.iter(|| cloudward_rules::engine::judge(inv, &rules))
        });
    }
    group.finish();
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
