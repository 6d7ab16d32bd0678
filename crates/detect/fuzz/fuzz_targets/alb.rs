//! Fuzz the ALB access log reader (quoted fields, NLB and connection-log lines skipped) with a
//! small line cap, so the over-long-line path is reached too.
#![no_main]

use cloudward_detect::read::AlbReader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut n = 0u64;
    for item in AlbReader::new("fuzz", data).max_line(512) {
        match item {
            Ok(ev) => {
                let _ = (
                    ev.id(),
                    ev.time(),
                    ev.field("request_path"),
                    ev.field("client_ip"),
                );
            }
            Err(e) => assert!(e.to_string().starts_with("fuzz"), "{e}"),
        }
        n += 1;
        assert!(n <= data.len() as u64 + 1, "more items than bytes");
    }
});
