//! Prints what the readers make of files: one line per event or error, then the counters.
//! Usage: `cargo run -p cloudward-detect --example dump -- <file or directory>...`
use cloudward_detect::read::list_files;
use cloudward_detect::Reader;

fn main() {
    for arg in std::env::args().skip(1) {
        let files = match list_files(std::path::Path::new(&arg)) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{e}");
                continue;
            }
        };
        for f in files {
            let mut r = match Reader::open(&f) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("{e}");
                    continue;
                }
            };
            for item in r.by_ref() {
                match item {
                    Ok(ev) => println!(
                        "{:?} {} {}",
                        ev.kind(),
                        ev.id(),
                        ev.field("eventName").unwrap_or_default()
                    ),
                    Err(e) => println!("ERROR {e}"),
                }
            }
            println!("{}: {:?}", f.display(), r.stats());
        }
    }
}
