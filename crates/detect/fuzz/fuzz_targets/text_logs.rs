//! Fuzz the text log readers chosen by content (S3 server access, syslog auth, journald,
//! web access; flow and ALB too) with a small line cap, so the over-long-line path is reached,
//! and read every normalised field.
#![no_main]

use cloudward_detect::Reader;
use libfuzzer_sys::fuzz_target;

const FIELDS: &[&str] = &[
    "time", "host", "program", "pid", "message", "sshd_event", "user", "source_ip", "source_port",
    "client_ip", "method", "uri", "path", "query", "protocol", "status", "user_agent",
    "remote_ip", "requester", "requester_account", "key", "request_uri", "http_status",
];

fuzz_target!(|data: &[u8]| {
    let Ok(r) = Reader::new("fuzz", std::io::Cursor::new(data.to_vec())) else {
        return;
    };
    let mut n = 0u64;
    for item in r.max_line(512) {
        match item {
            Ok(ev) => {
                let _ = (ev.id(), ev.time());
                for f in FIELDS {
                    let _ = ev.field(f);
                }
            }
            Err(e) => assert!(e.to_string().starts_with("fuzz"), "{e}"),
        }
        n += 1;
        assert!(n <= data.len() as u64 + 1, "more items than bytes");
    }
});
