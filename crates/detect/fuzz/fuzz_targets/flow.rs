//! Fuzz the VPC flow log reader (header lines, v2 default, custom formats) with a small line
//! cap, so the over-long-line path is reached too.
#![no_main]

use cloudward_detect::read::FlowReader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut n = 0u64;
    for item in FlowReader::new("fuzz", data).max_line(512) {
        match item {
            Ok(ev) => {
                let _ = (ev.id(), ev.time(), ev.field("srcaddr"), ev.field("dstport"));
            }
            Err(e) => assert!(e.to_string().starts_with("fuzz"), "{e}"),
        }
        n += 1;
        assert!(n <= data.len() as u64 + 1, "more items than bytes");
    }
});
