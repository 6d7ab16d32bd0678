//! AWS Organizations: `AWS::Organizations::Organization` (`FeatureSet` defaults to `ALL`)
//! with the stack's `AWS::Organizations::Policy` resources of type `SERVICE_CONTROL_POLICY`
//! and their `TargetIds`. Delegated administrators and root access features cannot be declared
//! in CloudFormation: Unknown.

use std::collections::BTreeMap;

use cloudward_model::organizations::{Membership, Organization, Scp, Target};
use cloudward_model::{Attributes, Value};

use super::kms::text_or;
use super::{locations, Template};

pub(crate) fn adapt(t: &mut Template<'_>) {
    let Some(org) = (0..t.decls.len())
        .find(|&i| t.decls[i].resource_type == "AWS::Organizations::Organization")
    else {
        return;
    };
    let mut scps = Vec::new();
    for decl in t.of_type("AWS::Organizations::Policy") {
        let p = &decl.props;
        if text_or(p, "Type", "").known().map(String::as_str) != Some("SERVICE_CONTROL_POLICY") {
            continue;
        }
        let targets = match p.get("TargetIds").map(|v| v.list()) {
            None => Value::Known(Vec::new()),
            Some(Err(r)) => Value::Unknown(format!("TargetIds: {r}")),
            Some(Ok(items)) => items
                .iter()
                .map(|v| v.id())
                .collect::<Result<Vec<String>, String>>()
                .map(|ids| {
                    ids.into_iter()
                        .map(|id| Target {
                            r#type: if id.starts_with("ou-") {
                                "ORGANIZATIONAL_UNIT"
                            } else if id.starts_with("r-") {
                                "ROOT"
                            } else {
                                "ACCOUNT"
                            }
                            .to_string(),
                            name: id.clone(),
                            target_id: id,
                        })
                        .collect()
                })
                .map_or_else(|r| Value::Unknown(format!("TargetIds: {r}")), Value::Known),
        };
        scps.push(Scp {
            id: decl.logical_id.clone(),
            name: decl.name_or_logical_id("Name"),
            aws_managed: false,
            targets,
            document: match decl.props.get("Content") {
                Some(d) => super::s3::policy_document(d),
                None => Value::unknown("the policy declares no Content"),
            },
        });
    }
    let decl = &t.decls[org];
    let membership = Membership {
        feature_set: text_or(&decl.props, "FeatureSet", "ALL").map(|s| s.to_uppercase()),
        ..Default::default()
    };
    let delegated: BTreeMap<String, Value<Vec<String>>> = [
        "config.amazonaws.com",
        "guardduty.amazonaws.com",
        "securityhub.amazonaws.com",
    ]
    .iter()
    .map(|p| {
        (
            p.to_string(),
            Value::unknown("CloudFormation cannot register a delegated administrator"),
        )
    })
    .collect();
    let locs = locations(
        t,
        [("membership".to_string(), decl.props.key_pos("FeatureSet"))],
    );
    let name = decl.logical_id.clone();
    t.push(
        org,
        name,
        Attributes::OrganizationsOrganization(Organization {
            account_id: String::new(),
            membership: Value::Known(Some(membership)),
            scps: Value::Known(scps),
            delegated_administrators: delegated,
            root_access_features: Value::unknown(
                "CloudFormation cannot declare centralized root access",
            ),
            parent_path: Value::unknown(
                "code does not say where the account sits in the organization",
            ),
        }),
        locs,
    );
}
