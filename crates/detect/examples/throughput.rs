//! Measures the pipeline stages on one file, one thread, and prints events/s, MB/s and peak
//! RSS. `cargo run --release -p cloudward-detect --example throughput -- <file> [stage]`
//! with stage one of `inflate` (decompression only), `read` (decompress + split + validate +
//! index, no rules), `detect` (everything, all built-in rules; the default).
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
    if let Some(dir) = std::env::var_os("CLOUDWARD_BENCH_RULES") {
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
