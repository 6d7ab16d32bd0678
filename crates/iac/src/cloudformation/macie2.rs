//! Macie: `AWS::Macie::Session` enables Macie in the stack's region; `Status` defaults to
//! `ENABLED`.

use cloudward_model::macie2::RegionStatus;
use cloudward_model::{Attributes, Value};

use super::kms::text_or;
use super::{locations, Template};

pub(crate) fn adapt(t: &mut Template<'_>) {
    let sessions: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::Macie::Session")
        .collect();
    for i in sessions {
        let decl = &t.decls[i];
        let status: Value<String> =
            text_or(&decl.props, "Status", "ENABLED").map(|s| s.to_uppercase());
        let locs = locations(t, [("status".to_string(), decl.props.key_pos("Status"))]);
        let name = decl.logical_id.clone();
        t.push(
            i,
            name,
            Attributes::Macie2Region(RegionStatus { status }),
            locs,
        );
    }
}
