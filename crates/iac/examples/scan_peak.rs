//! Scan a path as `cloudward iac` does (adapt, then judge with the whole catalogue) and print
//! what came out, for measuring time and peak memory on hostile or large input:
//!
//! ```text
//! cargo build --release -p cloudward-iac --example scan_peak
//! /usr/bin/time -v target/release/examples/scan_peak DIR   # "Maximum resident set size"
//! ```

use cloudward_iac::{scan, ScanOptions};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: scan_peak PATH");
        std::process::exit(2);
    };
    // `MAX_EXPANSIONS=N` / `MAX_INSTANCES=N` raise the expansion limits, to measure past them.
    let limit = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let defaults = ScanOptions::default();
    let options = ScanOptions {
        max_expansion: limit("MAX_EXPANSIONS", defaults.max_expansion),
        max_instances: limit("MAX_INSTANCES", defaults.max_instances),
        ..defaults
    };
    let result = scan(std::path::Path::new(&path), &options);
    // `SCAN_ONLY=1` leaves judgement out, to tell the adapter's memory from the engine's.
    let findings = if std::env::var_os("SCAN_ONLY").is_some() {
        Vec::new()
    } else {
        cloudward_rules::engine::evaluate(&result.inventory, &cloudward_rules::catalogue())
    };
    println!(
        "resources {} findings {} diagnostics {} collection errors {}",
        result.inventory.resources.len(),
        findings.len(),
        result.diagnostics.len(),
        result.inventory.errors.len()
    );
}
