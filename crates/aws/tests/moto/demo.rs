//! The bundled demo snapshot, `examples/demo-account.json`, and how it is regenerated.
//!
//! ```text
//! CLOUDWARD_MOTO_SERVER=~/.cache/cloudward/venv/bin/moto_server \
//!   cargo test -p cloudward-aws --test moto -- --ignored regenerate_demo_snapshot
//! ```
//! (or `scripts/regenerate-demo.sh`). The account is the insecure one with a hardened corner
//! (three hardened buckets and a production VPC), as a real account usually is. It is exactly
//! what the collector read from moto: no post-processing. moto's credential report has no
//! root row, so the root facts that depend on it are Unknown in the demo too.

use std::path::PathBuf;

use crate::provision::{self, REGIONS};
use crate::server::Moto;
use crate::support;

fn demo_path() -> PathBuf {
    std::env::var_os("CLOUDWARD_DEMO_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo-account.json")
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes examples/demo-account.json; run on purpose to regenerate the demo"]
async fn regenerate_demo_snapshot() {
    let moto = Moto::start();
    provision::demo_account(&moto).await;
    let inventory = support::collect(&moto, &REGIONS).await;
    let path = demo_path();
    std::fs::write(&path, inventory.to_json() + "\n")
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    eprintln!(
        "wrote {} ({} resources, {} collection errors)",
        path.display(),
        inventory.resources.len(),
        inventory.errors.len()
    );
}

#[test]
fn the_bundled_demo_snapshot_reads_back() {
    let path = demo_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let inventory = cloudward_model::Inventory::from_json(&text)
        .unwrap_or_else(|e| panic!("{} is not a valid snapshot: {e}", path.display()));
    assert!(inventory.resources.len() > 20);
    let findings = cloudward_rules::engine::evaluate(&inventory, &cloudward_rules::catalogue());
    for status in [cloudward_model::Status::Pass, cloudward_model::Status::Fail] {
        assert!(
            findings.iter().any(|f| f.status == status),
            "the demo should show both passes and failures"
        );
    }
}
