//! Fuzz the Sigma condition parser: any text parses or is rejected with a reason, never
//! overflows the stack or backtracks (nesting and `1 of pattern` globs included).
#![no_main]

use cloudward_detect::sigma::check_condition;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let names: Vec<String> = ["sel", "sel_a", "sel_b", "filter", "_hidden", "selection_1"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let _ = check_condition(text, &names);
});
