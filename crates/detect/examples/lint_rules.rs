//! Loads Sigma rules from directories (without the built-ins), prints what loaded and every
//! rejection with its reason, then runs the rules over optional log files.
//! `cargo run -p cloudward-detect --example lint_rules -- <rules dir> [log file...]`
use cloudward_detect::{Engine, Reader};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: lint_rules <rules dir> [log file...]");
        std::process::exit(2);
    };
    let engine = match Engine::builder().builtin(false).rules_dir(&dir).build() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    for r in engine.loaded() {
        println!("loaded   {} [{}] ({})", r.title, r.id, r.origin);
    }
    for r in engine.rejected() {
        println!("rejected {r}");
    }
    for file in args {
        match Reader::open(std::path::Path::new(&file)) {
            Err(e) => eprintln!("{e}"),
            Ok(reader) => {
                for item in reader {
                    match item {
                        Ok(ev) => {
                            for m in engine.process(&ev) {
                                println!("match    {} <- {}", m.rule.title, m.event_id);
                            }
                        }
                        Err(e) => eprintln!("{e}"),
                    }
                }
            }
        }
    }
}
