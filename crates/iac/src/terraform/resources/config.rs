//! AWS Config: `aws_config_configuration_recorder` joined with
//! `aws_config_configuration_recorder_status` (a recorder with no status resource, or
//! `is_enabled = false`, is not recording). One `ConfigRegion` per declared recorder; a region
//! without one in code is not judged (account-level rules are not applicable to code that does
//! not declare the resource).

use std::collections::HashMap;

use cloudward_model::config::{Recorder, RegionStatus};
use cloudward_model::{Attributes, Resource, Value};

use super::{
    blocks, bool_or, doubt_of, field, get, known_str, locate, parent, regional, Index, Parent,
};

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut status: HashMap<String, Value<bool>> = HashMap::new();
    let mut doubt = None;
    for &s in idx.of("aws_config_configuration_recorder_status") {
        match parent(s, "name") {
            Parent::Known(n) => {
                let v = match doubt_of(s) {
                    Some(why) => Value::Unknown(why),
                    None => bool_or(get(s, "is_enabled"), false),
                };
                status.insert(n, v);
            }
            Parent::Unknown(why) => doubt = doubt.or(Some(why)),
            Parent::Missing => {}
        }
    }
    for &i in idx.of("aws_config_configuration_recorder") {
        let name = known_str(get(i, "name")).unwrap_or_else(|| "default".into());
        let (all_supported, global) = match blocks(get(i, "recording_group")) {
            Ok(g) => match g.first() {
                Some(g) => (
                    bool_or(field(g, "all_supported"), true),
                    bool_or(field(g, "include_global_resource_types"), false),
                ),
                None => (Value::Known(true), Value::Known(false)),
            },
            Err(e) => (Value::Unknown(e.clone()), Value::Unknown(e)),
        };
        let recording = match (status.get(&name), &doubt) {
            (Some(v), _) => v.clone(),
            (None, Some(why)) => Value::Unknown(why.clone()),
            (None, None) => Value::Known(false),
        };
        let mut r = regional(
            i,
            Attributes::ConfigRegion(RegionStatus {
                recorders: Value::Known(vec![Recorder {
                    name,
                    all_supported,
                    include_global_resource_types: global,
                    recording,
                    last_status: None,
                }]),
            }),
        );
        locate(&mut r, "recorders", i, "recording_group[0]");
        out.push(r);
    }
}
