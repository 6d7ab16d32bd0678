//! IAM: users, groups, roles and managed policies, with `AWS::IAM::Policy` (inline policies
//! of several principals), `AWS::IAM::AccessKey`, `AWS::IAM::UserToGroupAddition` and
//! `AWS::IAM::VirtualMFADevice` joined into the principals they name.

use cloudward_model::iam::{
    AccessKey, AccessKeyStatus, AttachedPolicy, Group, InlinePolicy, MfaDevice, Policy,
    PolicyAttachment, Role, User,
};
use std::collections::HashMap;

use cloudward_model::{Attributes, Value};

use super::eval::Val;
use super::s3::policy_document;
use super::{known, locations, Template};

fn indices(t: &Template<'_>, resource_type: &str) -> Vec<usize> {
    (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == resource_type)
        .collect()
}

/// `Path` of a user, group or role (`/` when absent).
fn iam_path(props: &Val) -> String {
    props
        .get("Path")
        .and_then(|n| n.string().ok())
        .unwrap_or("/".into())
}

const NOT_DEPLOYED: &str = "not known before deployment";

/// `Policies: [{PolicyName, PolicyDocument}]`.
fn inline_policies(v: Option<&Val>) -> Value<Vec<InlinePolicy>> {
    let Some(v) = v else {
        return Value::Known(Vec::new());
    };
    let items = match v.list() {
        Ok(items) => items,
        Err(r) => return Value::Unknown(format!("Policies: {r}")),
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let name = item
            .get("PolicyName")
            .and_then(|n| n.string().ok())
            .unwrap_or_else(|| "(unnamed)".to_string());
        let document = match item.get("PolicyDocument") {
            Some(d) => policy_document(d),
            None => Value::Unknown("inline policy without PolicyDocument".to_string()),
        };
        out.push(InlinePolicy {
            policy_name: name,
            document,
        });
    }
    Value::Known(out)
}

/// The name of a managed policy ARN, or of a template policy a `Ref` names.
fn attached(t: &Template<'_>, v: &Val) -> Result<AttachedPolicy, String> {
    if let Some(id) = t.target(v) {
        let name = t
            .decl(&id)
            .and_then(|d| d.props.get("ManagedPolicyName"))
            .and_then(|n| n.string().ok())
            .unwrap_or_else(|| id.clone());
        return Ok(AttachedPolicy {
            policy_name: name,
            policy_arn: format!("(managed policy {id} of this template)"),
        });
    }
    let arn = v.string()?;
    let name = arn.rsplit('/').next().unwrap_or(&arn).to_string();
    Ok(AttachedPolicy {
        policy_name: name,
        policy_arn: arn,
    })
}

fn attached_policies(t: &Template<'_>, v: Option<&Val>) -> Value<Vec<AttachedPolicy>> {
    let Some(v) = v else {
        return Value::Known(Vec::new());
    };
    let items = match v.list() {
        Ok(items) => items,
        Err(r) => return Value::Unknown(format!("ManagedPolicyArns: {r}")),
    };
    known(
        items
            .iter()
            .map(|i| attached(t, i))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|r| format!("ManagedPolicyArns: {r}")),
    )
}

/// The name of a user, group or role a value names: a `Ref` to one of the template (its
/// static name, else its logical id, which is also the name the adapter gives it) or a literal.
fn principal_name(t: &Template<'_>, v: &Val) -> Result<String, String> {
    match t.target(v) {
        Some(id) => Ok(t.ev.resource(&id).map_or(id, |r| r.key.clone())),
        None => v.string(),
    }
}

pub(crate) fn adapt(t: &mut Template<'_>) {
    let account = t.account.clone();
    let arn = |kind: &str, name: &str, path: &str| match &account {
        Some(a) => format!("arn:aws:iam::{a}:{kind}{path}{name}"),
        None => String::new(),
    };
    for i in indices(t, "AWS::IAM::User") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("UserName");
        let path = iam_path(p);
        let groups = match p.get("Groups") {
            None => Value::Known(Vec::new()),
            Some(g) => known(g.list().and_then(|items| {
                items
                    .iter()
                    .map(|g| principal_name(t, g))
                    .collect::<Result<Vec<_>, _>>()
            })),
        };
        let user = User {
            user_name: name.clone(),
            arn: arn("user", &name, &path),
            create_date: Value::unknown(NOT_DEPLOYED),
            password_enabled: Value::Known(p.get("LoginProfile").is_some()),
            password_last_used: Value::Known(None),
            // Users enrol their own MFA device after deployment; only a VirtualMFADevice of
            // this template (joined below) makes the list known.
            mfa_devices: Value::unknown(
                "MFA devices are enrolled after deployment; the template declares none for this user",
            ),
            access_keys: Value::Known(Vec::new()),
            attached_policies: attached_policies(t, p.get("ManagedPolicyArns")),
            inline_policies: inline_policies(p.get("Policies")),
            permissions_boundary: boundary(p),
            groups,
        };
        let locs = locations(
            t,
            [
                ("password_enabled", p.key_pos("LoginProfile")),
                ("attached_policies", p.key_pos("ManagedPolicyArns")),
                ("inline_policies", p.key_pos("Policies")),
                ("groups", p.key_pos("Groups")),
            ]
            .map(|(k, v)| (k.to_string(), v)),
        );
        t.push(i, name, Attributes::IamUser(user), locs);
    }
    for i in indices(t, "AWS::IAM::Group") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("GroupName");
        let path = iam_path(p);
        let group = Group {
            group_name: name.clone(),
            arn: arn("group", &name, &path),
            attached_policies: attached_policies(t, p.get("ManagedPolicyArns")),
            inline_policies: inline_policies(p.get("Policies")),
        };
        let locs = locations(
            t,
            [
                ("attached_policies", p.key_pos("ManagedPolicyArns")),
                ("inline_policies", p.key_pos("Policies")),
            ]
            .map(|(k, v)| (k.to_string(), v)),
        );
        t.push(i, name, Attributes::IamGroup(group), locs);
    }
    for i in indices(t, "AWS::IAM::Role") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("RoleName");
        let path = iam_path(p);
        let role = Role {
            role_name: name.clone(),
            arn: arn("role", &name, &path),
            path,
            assume_role_policy: match p.get("AssumeRolePolicyDocument") {
                Some(d) => policy_document(d),
                None => Value::Unknown("role without AssumeRolePolicyDocument".to_string()),
            },
            attached_policies: attached_policies(t, p.get("ManagedPolicyArns")),
            inline_policies: inline_policies(p.get("Policies")),
            permissions_boundary: boundary(p),
            // A role in code has not been created yet: its age and use are live facts.
            create_date: Value::unknown("a role in code has no creation date yet"),
            last_used: Value::unknown("a role in code has no use history"),
            // Which instance profiles hold the role is not read from code (yet): the graph
            // then ties an instance to the role named like its profile, as unverified.
            instance_profiles: Value::unknown("instance profiles are not read from code"),
        };
        let locs = locations(
            t,
            [
                ("assume_role_policy", p.key_pos("AssumeRolePolicyDocument")),
                ("attached_policies", p.key_pos("ManagedPolicyArns")),
                ("inline_policies", p.key_pos("Policies")),
            ]
            .map(|(k, v)| (k.to_string(), v)),
        );
        t.push(i, name, Attributes::IamRole(role), locs);
    }
    managed_policies(t);
    inline_policy_resources(t);
    access_keys(t);
    group_additions(t);
    mfa_devices(t);
}

fn principals(t: &Template<'_>, props: &Val, key: &str) -> Vec<String> {
    props
        .get(key)
        .and_then(|v| v.list().ok())
        .map(|items| {
            items
                .iter()
                .filter_map(|v| principal_name(t, v).ok())
                .collect()
        })
        .unwrap_or_default()
}

fn managed_policies(t: &mut Template<'_>) {
    // Principals of this template that list a template policy in their ManagedPolicyArns,
    // gathered in one pass.
    let mut by_policy: HashMap<String, Vec<PolicyAttachment>> = HashMap::new();
    for r in &t.out {
        let (list, who) = match &r.attributes {
            Attributes::IamUser(u) => {
                (&u.attached_policies, PolicyAttachment::User(r.name.clone()))
            }
            Attributes::IamGroup(g) => (
                &g.attached_policies,
                PolicyAttachment::Group(r.name.clone()),
            ),
            Attributes::IamRole(ro) => (
                &ro.attached_policies,
                PolicyAttachment::Role(r.name.clone()),
            ),
            _ => continue,
        };
        for a in list.known().into_iter().flatten() {
            if let Some(id) = a
                .policy_arn
                .strip_prefix("(managed policy ")
                .and_then(|s| s.strip_suffix(" of this template)"))
            {
                by_policy
                    .entry(id.to_string())
                    .or_default()
                    .push(who.clone());
            }
        }
    }
    for i in indices(t, "AWS::IAM::ManagedPolicy") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("ManagedPolicyName");
        let mut attachments: Vec<PolicyAttachment> = Vec::new();
        attachments.extend(
            principals(t, p, "Users")
                .into_iter()
                .map(PolicyAttachment::User),
        );
        attachments.extend(
            principals(t, p, "Groups")
                .into_iter()
                .map(PolicyAttachment::Group),
        );
        attachments.extend(
            principals(t, p, "Roles")
                .into_iter()
                .map(PolicyAttachment::Role),
        );
        // Principals of this template that list the policy in their ManagedPolicyArns.
        let own = decl.logical_id.clone();
        for r in &t.out {
            let (list, who) = match &r.attributes {
                Attributes::IamUser(u) => {
                    (&u.attached_policies, PolicyAttachment::User(r.name.clone()))
                }
                Attributes::IamGroup(g) => (
                    &g.attached_policies,
                    PolicyAttachment::Group(r.name.clone()),
                ),
                Attributes::IamRole(ro) => (
                    &ro.attached_policies,
                    PolicyAttachment::Role(r.name.clone()),
                ),
                _ => continue,
            };
            if list.known().is_some_and(|l| {
                l.iter()
                    .any(|a| a.policy_arn == format!("(managed policy {own} of this template)"))
            }) && !attachments.contains(&who)
            {
                attachments.push(who);
            }
        }
        attachments.sort();
        let policy = Policy {
            policy_name: name.clone(),
            arn: match &t.account {
                Some(a) => format!("arn:aws:iam::{a}:policy/{name}"),
                None => String::new(),
            },
            aws_managed: false,
            document: match p.get("PolicyDocument") {
                Some(d) => policy_document(d),
                None => Value::Unknown("managed policy without PolicyDocument".to_string()),
            },
            attachments: Value::Known(attachments),
        };
        let locs = locations(t, [("document".to_string(), p.key_pos("PolicyDocument"))]);
        t.push(i, name, Attributes::IamPolicy(policy), locs);
    }
}

/// `AWS::IAM::Policy`: one inline policy put on each listed user, group and role.
fn inline_policy_resources(t: &mut Template<'_>) {
    for i in indices(t, "AWS::IAM::Policy") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let policy = InlinePolicy {
            policy_name: decl.name_or_logical_id("PolicyName"),
            document: match (&decl.existence_unknown, p.get("PolicyDocument")) {
                (Some(why), _) => Value::Unknown(format!("the policy may not exist: {why}")),
                (None, Some(d)) => policy_document(d),
                (None, None) => Value::Unknown("policy without PolicyDocument".to_string()),
            },
        };
        let location = t.location(decl.pos);
        let mut targets = Vec::new();
        for key in ["Users", "Groups", "Roles"] {
            if let Some(items) = p.get(key).and_then(|v| v.list().ok()) {
                for v in items {
                    if let Some(id) = t.target(v) {
                        targets.push(id);
                    }
                }
            }
        }
        if targets.is_empty() {
            t.unjoined(i, "a user, group or role");
            continue;
        }
        for id in targets {
            let Some(resource) = t.resource_mut(&id) else {
                continue;
            };
            let list = match &mut resource.attributes {
                Attributes::IamUser(u) => &mut u.inline_policies,
                Attributes::IamGroup(g) => &mut g.inline_policies,
                Attributes::IamRole(r) => &mut r.inline_policies,
                _ => continue,
            };
            if let Value::Known(list) = list {
                let index = list.len();
                list.push(policy.clone());
                resource
                    .attribute_locations
                    .insert(format!("inline_policies[{index}]"), location.clone());
            }
        }
    }
}

fn access_keys(t: &mut Template<'_>) {
    for i in indices(t, "AWS::IAM::AccessKey") {
        let decl = &t.decls[i];
        let Some(user) = decl.props.get("UserName").and_then(|u| t.target(u)) else {
            t.unjoined(i, "a user");
            continue;
        };
        let status = match decl.props.get("Status").map(Val::string) {
            None => Ok(AccessKeyStatus::Active),
            Some(Ok(s)) if s == "Inactive" => Ok(AccessKeyStatus::Inactive),
            Some(Ok(_)) => Ok(AccessKeyStatus::Active),
            Some(Err(r)) => Err(r),
        };
        let existence = decl.existence_unknown.clone();
        let key = AccessKey {
            access_key_id: decl.logical_id.clone(),
            status: AccessKeyStatus::Active,
            create_date: Value::unknown(NOT_DEPLOYED),
            last_used_date: Value::Known(None),
        };
        let location = t.location(decl.pos);
        let Some(resource) = t.resource_mut(&user) else {
            continue;
        };
        let Attributes::IamUser(u) = &mut resource.attributes else {
            continue;
        };
        match (existence, status, &mut u.access_keys) {
            (Some(why), _, keys @ Value::Known(_)) => {
                *keys = Value::Unknown(format!("access key may not exist: {why}"))
            }
            (None, Err(r), keys @ Value::Known(_)) => {
                *keys = Value::Unknown(format!("access key Status: {r}"))
            }
            (None, Ok(status), Value::Known(keys)) => {
                let index = keys.len();
                keys.push(AccessKey { status, ..key });
                resource
                    .attribute_locations
                    .insert(format!("access_keys[{index}]"), location);
            }
            _ => {}
        }
    }
}

fn group_additions(t: &mut Template<'_>) {
    for i in indices(t, "AWS::IAM::UserToGroupAddition") {
        let decl = &t.decls[i];
        let group = match decl.props.get("GroupName").map(|g| principal_name(t, g)) {
            Some(Ok(g)) => g,
            _ => {
                t.unjoined(i, "a group");
                continue;
            }
        };
        let users: Vec<String> = decl
            .props
            .get("Users")
            .and_then(|v| v.list().ok())
            .map(|items| items.iter().filter_map(|u| t.target(u)).collect())
            .unwrap_or_default();
        let existence = decl.existence_unknown.clone();
        for user in users {
            if let Some(Attributes::IamUser(u)) = t.resource_mut(&user).map(|r| &mut r.attributes) {
                match (&existence, &mut u.groups) {
                    (Some(why), g @ Value::Known(_)) => {
                        *g = Value::Unknown(format!("group membership may not exist: {why}"))
                    }
                    (None, Value::Known(groups)) if !groups.contains(&group) => {
                        groups.push(group.clone());
                    }
                    _ => {}
                }
            }
        }
    }
}

fn mfa_devices(t: &mut Template<'_>) {
    for i in indices(t, "AWS::IAM::VirtualMFADevice") {
        let decl = &t.decls[i];
        if decl.existence_unknown.is_some() {
            continue;
        }
        let users: Vec<String> = decl
            .props
            .get("Users")
            .and_then(|v| v.list().ok())
            .map(|items| items.iter().filter_map(|u| t.target(u)).collect())
            .unwrap_or_default();
        let serial = decl.logical_id.clone();
        for user in users {
            if let Some(Attributes::IamUser(u)) = t.resource_mut(&user).map(|r| &mut r.attributes) {
                let device = MfaDevice {
                    serial_number: serial.clone(),
                    enable_date: None,
                };
                match &mut u.mfa_devices {
                    Value::Known(devices) => devices.push(device),
                    unknown => *unknown = Value::Known(vec![device]),
                }
            }
        }
    }
}

/// `PermissionsBoundary`: none when absent, the ARN when it is text, Unknown when it is an
/// intrinsic resolved at deployment.
fn boundary(p: &Val) -> Value<Option<String>> {
    match p.get("PermissionsBoundary") {
        None => Value::Known(None),
        Some(_) => super::kms::text_or(p, "PermissionsBoundary", "").map(Some),
    }
}
