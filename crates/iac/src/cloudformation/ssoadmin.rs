//! IAM Identity Center: `AWS::SSO::Instance` declares an account instance.

use std::collections::BTreeMap;

use cloudward_model::ssoadmin::{Instance, Instances};
use cloudward_model::{Attributes, Value};

use super::Template;

pub(crate) fn adapt(t: &mut Template<'_>) {
    let declared: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::SSO::Instance")
        .collect();
    let Some(&first) = declared.first() else {
        return;
    };
    let instances = declared
        .iter()
        .map(|&i| Instance {
            instance_arn: t.decls[i].logical_id.clone(),
            status: "ACTIVE".into(),
            ..Default::default()
        })
        .collect();
    let name = t.decls[first].logical_id.clone();
    t.push(
        first,
        name,
        Attributes::SsoAdminInstances(Instances {
            account_id: String::new(),
            instances: Value::Known(instances),
        }),
        BTreeMap::new(),
    );
}
