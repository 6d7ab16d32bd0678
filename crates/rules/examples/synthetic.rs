//! Measures rule evaluation over a synthetic inventory: wall time of `engine::evaluate` on one
//! core and peak resident memory (VmHWM from /proc/self/status, Linux only).
//!
//! ```text
//! cargo run --release -p cloudward-rules --example synthetic -- 1000000
//! ```
//!
//! The issue's target: 1,000,000 resources evaluated in under 1 s on one core and under
//! 1.5 GB peak RSS. The engine is single-threaded, so the time is one core's. Two figures are
//! printed: `engine::judge` (compact verdicts borrowing the inventory, what a scan holds) and
//! `engine::evaluate` (owned `Finding`s, as reports take them today). Peak RSS is a high-water
//! mark, so the evaluate figure includes everything before it.

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

/// CPU time this thread has run, in seconds, from /proc/thread-self/schedstat (None off
/// Linux). On a shared machine wall time counts other processes' turns; this does not.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

fn seconds(s: Option<f64>) -> String {
    s.map(|s| format!("{s:.3} s"))
        .unwrap_or_else(|| "n/a".into())
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

    // Build the inventory's lookup index outside the timings, as a scan does once.
    let _ = inventory
        .of_kind(cloudward_model::ResourceKind::S3Bucket)
        .count();

    let start = Instant::now();
    let cpu = cpu_seconds();
    let verdicts = cloudward_rules::engine::judge(&inventory, &rules);
    let judged = start.elapsed();
    let judged_cpu = cpu.zip(cpu_seconds()).map(|(a, b)| b - a);
    let judged_count = verdicts.len();
    let rss_judge = peak_rss_kib();
    drop(verdicts);

    let start = Instant::now();
    let cpu = cpu_seconds();
    let findings = cloudward_rules::engine::evaluate(&inventory, &rules);
    let evaluated = start.elapsed();
    let evaluated_cpu = cpu.zip(cpu_seconds()).map(|(a, b)| b - a);
    let rss_total = peak_rss_kib();

    let mut by_status = std::collections::BTreeMap::new();
    for f in &findings {
        *by_status.entry(f.status.as_str()).or_insert(0usize) += 1;
    }
    println!("resources:        {}", inventory.resources.len());
    println!("rules:            {}", rules.len());
    println!("findings:         {} {:?}", findings.len(), by_status);
    println!("build inventory:  {:.3} s", built.as_secs_f64());
    println!(
        "judge (verdicts):          {:.3} s wall, {} CPU, {judged_count} verdicts, peak RSS {}",
        judged.as_secs_f64(),
        seconds(judged_cpu),
        mib(rss_judge)
    );
    println!(
        "evaluate (owned findings): {:.3} s wall, {} CPU, peak RSS {}",
        evaluated.as_secs_f64(),
        seconds(evaluated_cpu),
        mib(rss_total)
    );
    println!(
        "peak RSS after building the inventory: {}",
        mib(rss_inventory)
    );
}
