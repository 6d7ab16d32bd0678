//! Fuzz Sigma rule loading: any text must load or be rejected with a reason, never panic.
#![no_main]

use cloudward_detect::Engine;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Engine::builder().builtin(false).rule_text("fuzz.yml", text).build();
    }
});
