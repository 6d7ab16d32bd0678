//! Fuzz the auto-detecting reader (CloudTrail, flow, ALB; plain or gzip) and the built-in rules
//! over whatever it yields. Run: `cargo +nightly fuzz run read` in crates/detect/fuzz.
#![no_main]

use std::sync::OnceLock;

use cloudward_detect::{Engine, Reader};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::builder().build().expect("built-in rules load"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(r) = Reader::new("fuzz", std::io::Cursor::new(data.to_vec())) else {
        return;
    };
    let e = engine();
    let mut c = e.correlator();
    for item in r {
        if let Ok(ev) = item {
            for m in e.process(&ev) {
                c.observe(&m);
            }
        }
    }
});
