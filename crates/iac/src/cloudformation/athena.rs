//! Athena: `AWS::Athena::WorkGroup` (`WorkGroupConfiguration.EnforceWorkGroupConfiguration`,
//! default true; `ResultConfiguration.EncryptionConfiguration`). Without a
//! `WorkGroupConfiguration` AWS's default enforcement is not documented: Unknown.

use cloudward_model::athena::{ResultEncryption, WorkGroup};
use cloudward_model::{Attributes, Value};

use super::eval::Val;
use super::{known, locations, Template};

fn result_encryption(config: &Val) -> Value<Option<ResultEncryption>> {
    let Some(encryption) = config
        .get("ResultConfiguration")
        .and_then(|r| r.get("EncryptionConfiguration"))
    else {
        return Value::Known(None);
    };
    match encryption.get("EncryptionOption").map(Val::string) {
        None => Value::Known(None),
        Some(Err(r)) => Value::Unknown(format!("EncryptionOption: {r}")),
        Some(Ok(option)) => Value::Known(Some(ResultEncryption {
            encryption_option: option,
            kms_key: encryption.get("KmsKey").and_then(|k| k.id().ok()),
        })),
    }
}

pub(crate) fn adapt(t: &mut Template<'_>) {
    let groups: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::Athena::WorkGroup")
        .collect();
    for i in groups {
        let decl = &t.decls[i];
        let p = &decl.props;
        let config = p.get("WorkGroupConfiguration");
        let (enforce, encryption) = match config {
            None => (
                Value::unknown(
                    "no WorkGroupConfiguration: AWS does not document whether a workgroup \
                     created without one enforces its settings",
                ),
                Value::Known(None),
            ),
            Some(c) => (
                match c.get("EnforceWorkGroupConfiguration") {
                    None => Value::Known(true),
                    Some(v) => known(
                        v.boolean()
                            .map_err(|r| format!("EnforceWorkGroupConfiguration: {r}")),
                    ),
                },
                result_encryption(c),
            ),
        };
        let group = WorkGroup {
            name: decl.name_or_logical_id("Name"),
            state: match p.get("State") {
                None => Value::Known("ENABLED".to_string()),
                Some(v) => known(v.string()),
            },
            enforce_work_group_configuration: enforce,
            result_encryption: encryption,
        };
        let config_pos = p.key_pos("WorkGroupConfiguration");
        let locs = locations(
            t,
            [
                (
                    "enforce_work_group_configuration".to_string(),
                    config
                        .and_then(|c| c.key_pos("EnforceWorkGroupConfiguration"))
                        .or(config_pos),
                ),
                (
                    "result_encryption".to_string(),
                    config
                        .and_then(|c| c.key_pos("ResultConfiguration"))
                        .or(config_pos),
                ),
            ],
        );
        let name = group.name.clone();
        t.push(i, name, Attributes::AthenaWorkGroup(group), locs);
    }
}
