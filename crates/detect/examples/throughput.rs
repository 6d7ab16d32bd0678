//! Measures the pipeline stages on one file, one thread, and prints events/s, MB/s and peak
//! RSS. `cargo run --release -p cloudward-detect --example throughput -- <file> [stage]`
//! with stage one of `inflate` (decompression only), `read` (decompress + split + validate +
//! index, no rules), `detect` (all built-in rules and the correlation windows; the default),
//! `alerts` (as `detect`, plus the alert aggregation: the whole of `cloudward detect` but
//! writing the report), `profile` (each
//! rule tried on its own and timed: the costliest rules and the rules tried per event).
//! `CLOUDWARD_BENCH_RULES=DIR` loads a rule collection beside the built-ins (for the issue-12
//! figure with SigmaHQ's AWS rules, which are not committed).
use std::io::Read;
use std::time::Instant;

use cloudward_detect::{Engine, Reader};

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = std::path::PathBuf::from(
        args.next()
            .expect("usage: throughput <file> [inflate|read|detect]"),
    );
    let stage = args.next().unwrap_or_else(|| "detect".into());
    let size = std::fs::metadata(&path).expect("file exists").len() as f64;
    // `CLOUDWARD_BENCH_RULES=DIR` adds a rule collection (SigmaHQ's AWS set) to the built-ins.
    let mut builder = Engine::builder();
    if let Some(dir) = std::env::var_os("CLOUDWARD_BENCH_RULES").filter(|d| !d.is_empty()) {
        builder = builder.rules_dir(std::path::PathBuf::from(dir));
    }
    let engine = builder.build().expect("rules load");
    eprintln!(
        "rules: {} loaded, {} rejected",
        engine.loaded().len(),
        engine.rejected().len()
    );
    let t = Instant::now();
    let mut events = 0u64;
    let mut errors = 0u64;
    let mut matches = 0u64;
    let mut correlations = 0u64;
    let mut decompressed = 0u64;
    match stage.as_str() {
        "inflate" => {
            let f = std::fs::File::open(&path).expect("open");
            let (mut r, _) = cloudward_detect::read::decode(f).expect("decode");
            let mut buf = vec![0u8; 1 << 18];
            loop {
                let n = r.read(&mut buf).expect("read");
                if n == 0 {
                    break;
                }
                decompressed += n as u64;
            }
        }
        "profile" => {
            // Per-rule cost: each candidate rule timed on its own (the clock's overhead is in
            // every figure, so compare rules with each other, not with `detect`).
            let reader = Reader::open(&path).expect("open");
            let mut cost: Vec<(u64, u64, std::time::Duration)> =
                vec![Default::default(); engine.loaded().len()];
            for ev in reader.flatten() {
                events += 1;
                engine.candidate_rules(&ev, |i| {
                    let t = Instant::now();
                    let hit = engine.rule_matches(i, &ev);
                    let c = &mut cost[i];
                    c.0 += 1;
                    c.1 += u64::from(hit);
                    c.2 += t.elapsed();
                });
            }
            let mut order: Vec<usize> = (0..cost.len()).filter(|&i| cost[i].0 > 0).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(cost[i].2));
            let total: f64 = cost.iter().map(|c| c.2.as_secs_f64()).sum();
            let tries: u64 = cost.iter().map(|c| c.0).sum();
            println!(
                "rules tried per event: {:.2}; rule time {:.3}s",
                tries as f64 / events.max(1) as f64,
                total
            );
            for i in order.into_iter().take(25) {
                let (n, hits, d) = cost[i];
                let info = &engine.loaded()[i];
                println!(
                    "{:5.1}% {:>9} tries {:>8} hits {:>6.0} ns/try  {} ({})",
                    d.as_secs_f64() * 100.0 / total,
                    n,
                    hits,
                    d.as_nanos() as f64 / n as f64,
                    info.title,
                    info.origin
                );
            }
        }
        "alerts" => {
            // What `cloudward detect --threads 1` does short of writing the report: the
            // engine, the correlation windows and the alert aggregation.
            let mut detector = cloudward_detect::Detector::new(&engine);
            detector.read_file(&path);
            let (alerts, stats) = detector.finish();
            events = stats.events;
            errors = stats.malformed;
            matches = stats.matches;
            correlations = alerts.len() as u64;
        }
        _ => {
            let reader = Reader::open(&path).expect("open");
            let mut corr = engine.correlator();
            let detect = stage == "detect";
            let mut out = Vec::new();
            for item in reader {
                match item {
                    Ok(ev) => {
                        events += 1;
                        if detect {
                            out.clear();
                            engine.process_into(&ev, &mut out);
                            for m in &out {
                                matches += 1;
                                correlations += corr.observe(m).len() as u64;
                            }
                        }
                    }
                    Err(_) => errors += 1,
                }
            }
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "stage={stage} file={} size={:.1}MB time={secs:.2}s events={events} errors={errors} matches={matches} correlations={correlations}",
        path.display(),
        size / 1e6
    );
    if stage == "inflate" {
        println!(
            "inflate: {:.0} MB/s of output ({:.1} MB)",
            decompressed as f64 / 1e6 / secs,
            decompressed as f64 / 1e6
        );
    } else {
        println!(
            "rate: {:.0} events/s, {:.0} MB/s of input file",
            events as f64 / secs,
            size / 1e6 / secs
        );
    }
    println!("peak RSS: {:.1} MB", peak_rss_mb());
}
