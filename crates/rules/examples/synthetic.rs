//! Measures rule evaluation over a synthetic inventory: CPU time of the engine on one core
//! and peak resident memory (VmHWM from /proc/self/status, Linux only).
//!
//! # Running it
//!
//! ```text
//! cargo run --release -p cloudward-rules --example synthetic -- 1000000
//! ```
//!
//! The argument is the number of resources (default 1,000,000; `_` separators allowed). The
//! inventory comes from `benches/support/synthetic.rs`, the same generator the criterion bench
//! uses. On a shared machine read the CPU figures (this thread's run time from
//! /proc/thread-self/schedstat), not the wall ones, and note the load average.
//!
//! # What the figures include
//!
//! The issue's target: 1,000,000 resources evaluated in under 1 s on one core and under
//! 1.5 GB peak RSS. The engine is single-threaded, so its time is one core's. Each timing
//! covers one engine call only: every rule over every resource of its kinds, the honesty rules
//! (existence, suppression), report ordering, and the verdicts or findings it returns. It
//! excludes building the inventory and its lookup index (built once per scan, before the
//! rules run; built here before the first timing). Peak RSS is the process's high-water mark,
//! reset after building the inventory and between stages (`/proc/self/clear_refs`), so each
//! figure is the resident inventory (printed on its own) plus that stage's results:
//!
//! 1. `engine::judge_keeping` keeping Fail/Unknown/Suppressed verdicts and counting passes and
//!    not-applicables per rule (what `cloudward scan` runs for a terminal or SARIF report
//!    without `--show-pass`), then, timed apart, turning the kept verdicts into the owned
//!    `Finding`s the report takes (its peak includes the verdicts too);
//! 2. `engine::judge`: every verdict, compact (borrowing rule metadata and resources);
//! 3. `engine::evaluate`: every verdict as an owned `Finding`, passes included (what `scan`
//!    runs for the formats that list passes).

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use std::time::Instant;

use cloudward_model::Status;

/// Peak resident set size in KiB, from /proc/self/status (None off Linux).
fn peak_rss_kib() -> Option<u64> {
    proc_status_kib("VmHWM:")
}

/// Current resident set size in KiB (None off Linux).
fn rss_kib() -> Option<u64> {
    proc_status_kib("VmRSS:")
}

fn proc_status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// CPU time this thread has run, in seconds, from /proc/thread-self/schedstat (None off
/// Linux). On a shared machine wall time counts other processes' turns; this does not.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

/// Reset the peak RSS to the current RSS (Linux 4.0+), so that each stage's peak is its own
/// (plus the inventory, which stays resident). Returns whether it worked.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
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
    // Building the inventory peaks above what it keeps (vectors doubling, the sort); a scan
    // that loads a snapshot has its own such peak before the rules run. The rule stages'
    // peaks below start from what the inventory holds.
    let rss_resident = rss_kib();
    reset_peak_rss();

    let start = Instant::now();
    let cpu = cpu_seconds();
    let judgement = cloudward_rules::engine::judge_keeping(&inventory, &rules, |s| {
        !matches!(s, Status::Pass | Status::NotApplicable)
    });
    let kept = start.elapsed();
    let kept_cpu = cpu.zip(cpu_seconds()).map(|(a, b)| b - a);
    let kept_count = judgement.len();
    let omitted_count: usize = judgement.omitted.iter().map(|o| o.count).sum();
    let rss_kept = peak_rss_kib();
    // What `cloudward scan` does next: the kept verdicts become owned findings for the report.
    let start = Instant::now();
    let cpu = cpu_seconds();
    let mut kept_findings = Vec::with_capacity(kept_count);
    kept_findings.extend(
        judgement
            .into_verdicts()
            .map(|v| v.into_finding(&inventory)),
    );
    let converted = start.elapsed();
    let converted_cpu = cpu.zip(cpu_seconds()).map(|(a, b)| b - a);
    let rss_converted = peak_rss_kib();
    drop(kept_findings);
    let reset = reset_peak_rss();

    let start = Instant::now();
    let cpu = cpu_seconds();
    let verdicts = cloudward_rules::engine::judge(&inventory, &rules);
    let judged = start.elapsed();
    let judged_cpu = cpu.zip(cpu_seconds()).map(|(a, b)| b - a);
    let judged_count = verdicts.len();
    let rss_judge = peak_rss_kib();
    drop(verdicts);
    reset_peak_rss();

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
    println!(
        "sizes (bytes):    Resource {}, Attributes {}, Verdict {}, Finding {}",
        std::mem::size_of::<cloudward_model::Resource>(),
        std::mem::size_of::<cloudward_model::Attributes>(),
        std::mem::size_of::<cloudward_rules::engine::Verdict<'_>>(),
        std::mem::size_of::<cloudward_model::Finding>(),
    );
    println!("rules:            {}", rules.len());
    println!("findings:         {} {:?}", findings.len(), by_status);
    println!("build inventory:  {:.3} s", built.as_secs_f64());
    println!(
        "judge_keeping (no passes): {:.3} s wall, {} CPU, {kept_count} kept + {omitted_count} counted, peak RSS {}",
        kept.as_secs_f64(),
        seconds(kept_cpu),
        mib(rss_kept)
    );
    println!(
        "  + owned findings of the kept (as `scan` does): {:.3} s wall, {} CPU, peak RSS {}",
        converted.as_secs_f64(),
        seconds(converted_cpu),
        mib(rss_converted)
    );
    if !reset {
        println!("(peak RSS could not be reset: the figures below include the stages above)");
    }
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
        "inventory: {} resident ({} peak while building it)",
        mib(rss_resident),
        mib(rss_inventory)
    );
}
