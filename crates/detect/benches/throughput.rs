//! Criterion benchmarks of the detection pipeline stages on synthetic CloudTrail events
//! (the generator of `examples/gen_bench_data.rs`), flow log lines, and nginx and auth.log
//! lines, one thread.
//! Whole-file figures with peak RSS come from `examples/throughput.rs`.
use std::io::Write;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use cloudward_detect::{Engine, Event, LogKind, Reader};

#[allow(dead_code, unreachable_pub)]
#[path = "../examples/gen_bench_data.rs"]
mod gen;

const N: u64 = 20_000;

fn document() -> (Vec<u8>, Vec<Vec<u8>>) {
    let mut rng = gen::Rng(0x9e37_79b9_7f4a_7c15);
    let records: Vec<Vec<u8>> = (0..N)
        .map(|i| gen::event(&mut rng, i).into_bytes())
        .collect();
    let mut doc = b"{\"Records\":[".to_vec();
    for (i, r) in records.iter().enumerate() {
        if i > 0 {
            doc.push(b',');
        }
        doc.extend_from_slice(r);
    }
    doc.extend_from_slice(b"]}");
    (doc, records)
}

fn bench(c: &mut Criterion) {
    let engine = Engine::builder().build().expect("built-in rules load");
    let (doc, records) = document();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    gz.write_all(&doc).expect("in memory");
    let gz = gz.finish().expect("in memory");
    let events: Vec<Event> = records
        .iter()
        .map(|r| {
            Event::from_json(LogKind::CloudTrail, Arc::from("bench"), 1, r.clone())
                .expect("generated JSON is valid")
        })
        .collect();

    let mut g = c.benchmark_group("cloudtrail");
    g.throughput(Throughput::Elements(N));
    g.sample_size(20);
    g.bench_function("validate_and_index", |b| {
        b.iter(|| {
            for r in &records {
                let e = Event::from_json(LogKind::CloudTrail, Arc::from("b"), 1, r.clone());
                std::hint::black_box(e.is_ok());
            }
        })
    });
    g.bench_function("engine_only_all_builtin_rules", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            for e in &events {
                out.clear();
                engine.process_into(e, &mut out);
            }
            std::hint::black_box(out.len());
        })
    });
    g.bench_function("read_plain", |b| {
        b.iter(|| {
            let n = Reader::new("b", std::io::Cursor::new(doc.clone()))
                .expect("reader")
                .count();
            assert_eq!(n as u64, N);
        })
    });
    g.bench_function("read_and_detect_plain", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            for ev in Reader::new("b", std::io::Cursor::new(doc.clone())).expect("reader") {
                engine.process_into(&ev.expect("valid"), &mut out);
            }
            std::hint::black_box(out.len());
        })
    });
    g.bench_function("read_and_detect_gzip", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            for ev in Reader::new("b", std::io::Cursor::new(gz.clone())).expect("reader") {
                engine.process_into(&ev.expect("valid"), &mut out);
            }
            std::hint::black_box(out.len());
        })
    });
    g.finish();

    let mut flow = b"version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n".to_vec();
    let lines = 100_000u64;
    for i in 0..lines {
        let src = if i % 10 == 0 {
            format!("198.51.{}.{}", i % 250, i % 200)
        } else {
            format!("10.0.{}.{}", i % 250, i % 200)
        };
        let port = [22, 443, 80, 3306, 5432][(i % 5) as usize];
        let action = if i % 4 == 0 { "REJECT" } else { "ACCEPT" };
        flow.extend_from_slice(
            format!("2 111122223333 eni-0a{i:06x} {src} 10.0.1.5 {} {port} 6 10 840 {} {} {action} OK\n", 1024 + i % 60000, 1_700_000_000 + i / 100, 1_700_000_060 + i / 100).as_bytes(),
        );
    }
    let mut g = c.benchmark_group("vpcflow");
    g.throughput(Throughput::Elements(lines));
    g.sample_size(20);
    g.bench_function("read_and_detect", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            for ev in Reader::new("f", std::io::Cursor::new(flow.clone())).expect("reader") {
                engine.process_into(&ev.expect("valid"), &mut out);
            }
            std::hint::black_box(out.len());
        })
    });
    g.finish();
}

/// The text logs of the issue-12 readers: whole-pipeline figures per line kind.
fn bench_text_logs(c: &mut Criterion) {
    let engine = Engine::builder().build().expect("built-in rules load");
    for (name, line) in [
        (
            "webserver",
            gen::web_line as fn(&mut gen::Rng, u64) -> String,
        ),
        ("auth", gen::auth_line),
    ] {
        let mut rng = gen::Rng(0x9e37_79b9_7f4a_7c15);
        let text: Vec<u8> = (0..N)
            .flat_map(|i| line(&mut rng, i).into_bytes())
            .collect();
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Elements(N));
        g.sample_size(20);
        g.bench_function("read", |b| {
            b.iter(|| {
                let r = Reader::new("t", std::io::Cursor::new(text.clone())).expect("reader");
                std::hint::black_box(r.filter(Result::is_ok).count());
            })
        });
        g.bench_function("read_and_detect", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                let mut corr = engine.correlator();
                for ev in Reader::new("t", std::io::Cursor::new(text.clone())).expect("reader") {
                    out.clear();
                    engine.process_into(&ev.expect("valid"), &mut out);
                    for m in &out {
                        std::hint::black_box(corr.observe(m));
                    }
                }
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench, bench_text_logs);
criterion_main!(benches);
