//! An inventory snapshot (`cloudward scan --inventory`) is input from outside: read it, and
//! judge whatever reads with the whole catalogue. Neither may panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(inventory) = cloudward_model::Inventory::from_json(text) else {
        return;
    };
    let rules = cloudward_rules::catalogue();
    let findings = cloudward_rules::engine::evaluate(&inventory, &rules);
    // Writing it back must work for anything that was read.
    let again = cloudward_model::Inventory::from_json(&inventory.to_json())
        .expect("a snapshot written by this build reads back");
    assert_eq!(again.resources.len(), inventory.resources.len());
    std::hint::black_box(findings);
});
