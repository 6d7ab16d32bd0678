//! Athena: `aws_athena_workgroup` (`configuration { enforce_workgroup_configuration,
//! result_configuration { encryption_configuration } }`). Within a `configuration` block,
//! `enforce_workgroup_configuration` defaults to true (provider documentation); without the
//! block AWS's default is not documented, so it is Unknown.

use cloudward_model::athena::{ResultEncryption, WorkGroup};
use cloudward_model::{Attributes, Resource, Value};

use super::{blocks, bool_or, field, get, locate, name_or_address, resource, str_or, Index};

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_athena_workgroup") {
        let name = name_or_address(i, "name");
        let (enforce, encryption) = match blocks(get(i, "configuration")) {
            Err(e) => (Value::Unknown(e.clone()), Value::Unknown(e)),
            Ok(configs) => match configs.first() {
                None => (
                    Value::unknown(
                        "no configuration block: AWS does not document whether a workgroup \
                         created without one enforces its settings",
                    ),
                    Value::Known(None),
                ),
                Some(c) => (
                    bool_or(field(c, "enforce_workgroup_configuration"), true),
                    result_encryption(c),
                ),
            },
        };
        let group = WorkGroup {
            name: name.clone(),
            state: str_or(get(i, "state"), "ENABLED"),
            enforce_work_group_configuration: enforce,
            result_encryption: encryption,
        };
        let mut r = resource(i, name, Attributes::AthenaWorkGroup(group));
        locate(
            &mut r,
            "enforce_work_group_configuration",
            i,
            "configuration[0].enforce_workgroup_configuration",
        );
        locate(
            &mut r,
            "result_encryption",
            i,
            "configuration[0].result_configuration[0]",
        );
        out.push(r);
    }
}

fn result_encryption(config: &crate::terraform::value::Val) -> Value<Option<ResultEncryption>> {
    let results = match blocks(field(config, "result_configuration")) {
        Ok(r) => r,
        Err(e) => return Value::Unknown(e),
    };
    let Some(results) = results.first() else {
        return Value::Known(None);
    };
    let encryption = match blocks(field(results, "encryption_configuration")) {
        Ok(e) => e,
        Err(e) => return Value::Unknown(e),
    };
    let Some(encryption) = encryption.first() else {
        return Value::Known(None);
    };
    match str_or(field(encryption, "encryption_option"), "") {
        Value::Unknown(r) => Value::Unknown(r),
        Value::Known(option) if option.is_empty() => Value::Known(None),
        Value::Known(option) => Value::Known(Some(ResultEncryption {
            encryption_option: option,
            kms_key: super::sns::key_argument(field(encryption, "kms_key_arn"))
                .known()
                .cloned()
                .flatten(),
        })),
    }
}
