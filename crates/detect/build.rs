//! Rebuilds the crate when a built-in rule is added, changed or removed: `include_dir!` embeds
//! `rules/` at compile time, and on stable Rust cargo does not know it reads those files (a
//! new rule file was silently left out of test builds until a source file changed).
fn main() {
    println!("cargo:rerun-if-changed=rules");
}
