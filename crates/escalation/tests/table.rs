//! `PATHS.md`, the catalogue as one table for readers, is generated from [`PATHS`]; this test
//! fails when the two disagree. Regenerate with `UPDATE_PATHS_MD=1 cargo test -p
//! cloudward-escalation --test all table`.

use cloudward_escalation::{Gain, On, Pivot, PATHS};

fn on(on: &On) -> String {
    match on {
        On::Own => "itself".into(),
        On::Pivot => "the pivot".into(),
        On::PivotTrustingMe => "the pivot, after rewriting its trust".into(),
        On::New(pattern) => format!("`{pattern}`"),
    }
}

fn pivot(p: Pivot) -> String {
    match p {
        Pivot::None => "—".into(),
        Pivot::OwnGroup => "a group it is in".into(),
        Pivot::AttachedCustomerPolicy => "a customer managed policy attached to it".into(),
        Pivot::OtherGroup => "a group it is not in".into(),
        Pivot::OtherUser => "another user".into(),
        Pivot::OtherRole => "another role".into(),
        Pivot::ServiceRole(s) => format!("a role `{s}` may assume"),
        Pivot::RoleChain => "a role reached by sts:AssumeRole hops".into(),
        Pivot::Function => "a Lambda function".into(),
        Pivot::ProfiledInstance => "an EC2 instance with an instance profile".into(),
    }
}

fn gain(g: Gain) -> String {
    match g {
        Gain::AnyPolicy => "any permission its boundary and SCPs allow".into(),
        Gain::NoBoundary => "its permissions without its boundary".into(),
        Gain::PivotGroup => "the group's permissions".into(),
        Gain::PivotPrincipal => "the pivot's permissions".into(),
        Gain::InstanceRole => "the permissions of the instance's role".into(),
        Gain::NotInInventory(why) => format!("Unknown: {why}"),
    }
}

fn render() -> String {
    let mut out = String::from(
        "# Privilege-escalation paths\n\n\
         Generated from `src/catalogue.rs` by `tests/table.rs`; do not edit by hand.\n\
         A path is open when every action is allowed (by the policy evaluator: boundaries, SCPs,\n\
         conditions and trust policies honoured) and the gain exceeds what the principal has.\n\n\
         | # | id | principals | pivot | actions (on) | gains | sources |\n\
         |---|----|------------|-------|--------------|-------|---------|\n",
    );
    for (i, p) in PATHS.iter().enumerate() {
        let steps: Vec<String> = p
            .steps
            .iter()
            .map(|s| format!("`{}` ({})", s.action, on(&s.on)))
            .collect();
        out.push_str(&format!(
            "| {} | `{}` | {:?} | {} | {} | {} | {} |\n",
            i + 1,
            p.id,
            p.principals,
            pivot(p.pivot),
            steps.join(" + "),
            gain(p.gain),
            p.sources
        ));
    }
    out.push_str("\nFixes, per path:\n\n");
    for p in PATHS {
        out.push_str(&format!("- `{}` — {}: {}\n", p.id, p.title, p.fix));
    }
    out
}

#[test]
fn paths_md_is_generated_from_the_catalogue() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/PATHS.md");
    let want = render();
    if std::env::var_os("UPDATE_PATHS_MD").is_some() {
        std::fs::write(path, &want).expect("write PATHS.md");
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "PATHS.md is out of date: UPDATE_PATHS_MD=1 cargo test -p cloudward-escalation --test all table"
    );
}
