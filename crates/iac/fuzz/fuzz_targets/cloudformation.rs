//! Any bytes, as a YAML or JSON template, through the CloudFormation adapter and the rule
//! engine: nothing may panic, hang or run out of memory (alias expansion and nesting are
//! bounded by the parser).
#![no_main]

use cloudward_iac::{cloudformation, ScanOptions};
use cloudward_model::Inventory;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = ScanOptions {
        cfn_parameters: vec![("Env".to_string(), "prod".to_string())],
        ..Default::default()
    };
    let output = cloudformation::adapt("fuzz.yaml", text, &options);
    let mut inventory = Inventory::new();
    for resource in output.resources {
        inventory.push(resource);
    }
    inventory.normalize();
    let _ = cloudward_rules::engine::evaluate(&inventory, &cloudward_rules::catalogue());
});
