//! builtin tests.

use cloudward_detect::Engine;

#[test]
fn all_builtin_rules_load() {
    let e = Engine::builder().build().unwrap();
    for r in e.rejected() {
        eprintln!("{r}");
    }
    assert!(e.rejected().is_empty());
    assert!(e.loaded().len() >= 30, "{}", e.loaded().len());
}
