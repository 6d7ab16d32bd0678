//! Any bytes as a `.json` CloudFormation template: the strict JSON reader (a `.json` file is
//! never retried as YAML), then the evaluator, the adapters and the rule engine. Nothing may
//! panic, hang or run out of memory. The `cloudformation` target covers YAML (and JSON-like
//! text in a `.yaml` file, which falls back to the YAML reader).
#![no_main]

use cloudward_iac::{cloudformation, ScanOptions};
use cloudward_model::Inventory;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = ScanOptions {
        cfn_parameters: vec![("AWS::Region".to_string(), "eu-west-1".to_string())],
        ..Default::default()
    };
    let output = cloudformation::adapt("fuzz.json", text, &options);
    let mut inventory = Inventory::new();
    for resource in output.resources {
        inventory.push(resource);
    }
    inventory.normalize();
    let _ = cloudward_rules::engine::evaluate(&inventory, &cloudward_rules::catalogue());
});
