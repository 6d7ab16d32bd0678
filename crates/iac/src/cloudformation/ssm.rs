//! `AWS::SSM::Parameter`. CloudFormation cannot create `SecureString` parameters (only
//! `String` and `StringList`), so every parameter a template declares is unencrypted; a
//! secret belongs in `AWS::SecretsManager::Secret`, or in a `SecureString` created outside
//! CloudFormation and referenced with a dynamic reference (`{{resolve:ssm-secure:...}}`).

use cloudward_model::ssm::Parameter;
use cloudward_model::{Attributes, Value};

use super::kms::text_or;
use super::{known, locations, Template};

pub(crate) fn adapt(t: &mut Template<'_>) {
    let parameters: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::SSM::Parameter")
        .collect();
    for i in parameters {
        let decl = &t.decls[i];
        let p = &decl.props;
        let (name, name_unresolved) = match p.get("Name").map(|n| n.string()) {
            Some(Ok(n)) => (n, None),
            Some(Err(why)) => (decl.logical_id.clone(), Some(format!("Name: {why}"))),
            // CloudFormation generates a name from the stack and logical id.
            None => (
                decl.logical_id.clone(),
                Some(
                    "no Name: CloudFormation generates one from the stack name and logical id"
                        .into(),
                ),
            ),
        };
        let r#type = match p.get("Type") {
            None => Value::unknown("Type is required but missing"),
            Some(v) => known(v.string().map_err(|r| format!("Type: {r}"))),
        };
        let parameter = Parameter {
            name: name.clone(),
            name_unresolved,
            arn: String::new(),
            r#type,
            tier: text_or(p, "Tier", "Standard"),
            key_id: Value::Known(None),
            data_type: p
                .get("DataType")
                .and_then(|d| d.string().ok())
                .or(Some("text".to_string())),
        };
        let locs = locations(
            t,
            [
                ("type".to_string(), p.key_pos("Type")),
                ("tier".to_string(), p.key_pos("Tier")),
            ],
        );
        t.push(i, name, Attributes::SsmParameter(parameter), locs);
    }
}
