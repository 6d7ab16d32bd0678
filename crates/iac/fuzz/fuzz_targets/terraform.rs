//! Fuzz the Terraform HCL front end (parse, evaluate, map) and the rule engine over its output:
//! any input must give resources and diagnostics, never a panic.
#![no_main]

use std::path::PathBuf;

use cloudward_iac::{terraform, ScanOptions};
use cloudward_model::Inventory;
use libfuzzer_sys::fuzz_target;

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("cloudward-fuzz-tf-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&d);
    d
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let d = dir();
    if std::fs::write(d.join("main.tf"), text).is_err() {
        return;
    }
    // Low expansion limits keep each run fast; the limit code is exercised all the same.
    let options = ScanOptions {
        max_expansion: 64,
        max_instances: 512,
        ..ScanOptions::default()
    };
    let out = terraform::adapt_module(&d, &d, &options);
    let mut inventory = Inventory::new();
    for r in out.resources {
        inventory.push(r);
    }
    inventory.normalize();
    let _ = cloudward_rules::engine::evaluate(&inventory, &cloudward_rules::catalogue());
});
