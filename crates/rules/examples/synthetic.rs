//! Measures rule evaluation over a synthetic inventory: wall time of `engine::evaluate` on one
//! core and peak resident memory (VmHWM from /proc/self/status, Linux only).
//!
//! ```text
//! cargo run --release -p cloudward-rules --example synthetic -- 1000000
//! ```
//!
//! The issue's target: 1,000,000 resources evaluated in under 1 s on one core and under
//! 1.5 GB peak RSS. The engine is single-threaded, so the time is one core's.

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use std::time::Instant;

/// Peak resident set size in KiB, from /proc/self/status (None off Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn mib(kib: Option<u64>) -> String {
    kib.map(|k| format!("{:.0} MiB", k as f64 / 1024.0))
        .unwrap_or_else(|| "n/a".into())
}

fn main() {
    let total: usize = match std::env::args().nth(1).map(|a| a.replace('_', "").parse()) {
        None => 1_000_000,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("usage: synthetic [RESOURCES]: {e}");
            std::process::exit(2);
        }
    };
    let rules = cloudward_rules::catalogue();

    let start = Instant::now();
    let inventory = synthetic::inventory(total);
    let built = start.elapsed();
    let rss_inventory = peak_rss_kib();

    let start = Instant::now();
    let findings = cloudward_rules::engine::evaluate(&inventory, &rules);
    let evaluated = start.elapsed();
    let rss_total = peak_rss_kib();

    let mut by_status = std::collections::BTreeMap::new();
    for f in &findings {
        *by_status.entry(f.status.as_str()).or_insert(0usize) += 1;
    }
    println!("resources:        {}", inventory.resources.len());
    println!("rules:            {}", rules.len());
    println!("findings:         {} {:?}", findings.len(), by_status);
    println!("build inventory:  {:.3} s", built.as_secs_f64());
    println!("evaluate:         {:.3} s", evaluated.as_secs_f64());
    println!("peak RSS after inventory: {}", mib(rss_inventory));
    println!("peak RSS after evaluate:  {}", mib(rss_total));
}
