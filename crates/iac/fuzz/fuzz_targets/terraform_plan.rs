//! Fuzz the Terraform plan JSON front end (encodings, JSON, after_unknown merging, joins).
#![no_main]

use std::path::Path;

use cloudward_iac::terraform;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = terraform::adapt_plan(Path::new("."), Path::new("./plan.json"), data);
});
