//! Fuzz the CloudTrail reader on decompressed bytes: documents, arrays, JSON lines and any
//! mix of them; every item is an event or an error naming the file, and the reader ends.
#![no_main]

use cloudward_detect::read::CloudTrailReader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut n = 0u64;
    for item in CloudTrailReader::new("fuzz", data) {
        match item {
            Ok(ev) => {
                let _ = (
                    ev.id(),
                    ev.time(),
                    ev.field("userIdentity.arn"),
                    ev.raw_text(),
                );
            }
            Err(e) => assert!(e.to_string().starts_with("fuzz"), "{e}"),
        }
        n += 1;
        assert!(n <= data.len() as u64 + 2, "more items than bytes");
    }
});
