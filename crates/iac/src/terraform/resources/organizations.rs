//! AWS Organizations: `aws_organizations_organization` (`feature_set` defaults to `ALL`), with
//! the service control policies of the module (`aws_organizations_policy`, `type` defaulting
//! to `SERVICE_CONTROL_POLICY`) and their `aws_organizations_policy_attachment`s, the
//! `aws_organizations_delegated_administrator`s, and `aws_iam_organizations_features`. What the
//! code does not declare (a delegated administrator, root access features) is Unknown.

use std::collections::BTreeMap;

use cloudward_model::organizations::{Membership, Organization, Scp, Target};
use cloudward_model::{Attributes, Resource, Value};

use super::{get, known_str, locate, parent, resource, str_list, str_or, Index, Parent};

/// The principals the delegated-administrator rule asks about.
const PRINCIPALS: &[&str] = &[
    "config.amazonaws.com",
    "guardduty.amazonaws.com",
    "securityhub.amazonaws.com",
];

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let Some(&org) = idx.of("aws_organizations_organization").first() else {
        return;
    };
    let membership = Membership {
        id: String::new(),
        arn: String::new(),
        feature_set: str_or(get(org, "feature_set"), "ALL").map(|s| s.to_uppercase()),
        management_account_id: String::new(),
    };
    let attachments = idx.of("aws_organizations_policy_attachment");
    let mut scps = Vec::new();
    for &p in idx.of("aws_organizations_policy") {
        let kind = known_str(get(p, "type")).unwrap_or_else(|| "SERVICE_CONTROL_POLICY".into());
        if kind != "SERVICE_CONTROL_POLICY" {
            continue;
        }
        let mut targets: Value<Vec<Target>> = Value::Known(Vec::new());
        for &a in attachments {
            match parent(a, "policy_id") {
                Parent::Known(id) if id == p.address => {
                    let target_id = known_str(get(a, "target_id"))
                        .unwrap_or_else(|| format!("{} target", a.address));
                    targets = targets.map(|mut t| {
                        t.push(Target {
                            r#type: if target_id.starts_with("ou-") {
                                "ORGANIZATIONAL_UNIT"
                            } else if target_id.starts_with("r-") {
                                "ROOT"
                            } else {
                                "ACCOUNT"
                            }
                            .to_string(),
                            name: target_id.clone(),
                            target_id,
                        });
                        t
                    });
                }
                Parent::Unknown(why) => targets = Value::Unknown(why),
                _ => {}
            }
        }
        scps.push(Scp {
            id: p.address.clone(),
            name: known_str(get(p, "name")).unwrap_or_else(|| p.address.clone()),
            aws_managed: false,
            targets,
            document: super::iam::document(get(p, "content")),
        });
    }
    let mut delegated: BTreeMap<String, Value<Vec<String>>> = PRINCIPALS
        .iter()
        .map(|p| {
            (
                p.to_string(),
                Value::unknown(format!(
                    "the code registers no delegated administrator for {p}"
                )),
            )
        })
        .collect();
    for &d in idx.of("aws_organizations_delegated_administrator") {
        let (Some(principal), Some(account)) = (
            known_str(get(d, "service_principal")),
            known_str(get(d, "account_id")),
        ) else {
            continue;
        };
        let entry = delegated
            .entry(principal)
            .or_insert_with(|| Value::Known(Vec::new()));
        let mut list = entry.known().cloned().unwrap_or_default();
        list.push(account);
        *entry = Value::Known(list);
    }
    let root_access_features = match idx.of("aws_iam_organizations_features").first() {
        Some(&f) => match str_list(get(f, "enabled_features")) {
            Ok(list) => Value::Known(list),
            Err(why) => Value::Unknown(format!("enabled_features: {why}")),
        },
        None => Value::unknown("the code declares no aws_iam_organizations_features"),
    };
    let mut r = resource(
        org,
        org.address.clone(),
        Attributes::OrganizationsOrganization(Organization {
            account_id: String::new(),
            membership: Value::Known(Some(membership)),
            scps: Value::Known(scps),
            delegated_administrators: delegated,
            root_access_features,
            parent_path: Value::unknown(
                "code does not say where the account sits in the organization",
            ),
        }),
    );
    r.region = None;
    locate(&mut r, "membership", org, "feature_set");
    out.push(r);
}
