//! IAM: users, groups, roles and managed policies with their inline policies, attachments
//! (`aws_iam_{user,group,role}_policy_attachment`, `aws_iam_policy_attachment`,
//! `managed_policy_arns`), memberships, login profiles, access keys, and the account password
//! policy. Principals join by name (references resolve to the name), policies by ARN
//! (references to a policy in the code resolve to a symbolic `<address>.arn`).

use std::collections::HashMap;

use cloudward_model::iam::{
    AccessKey, AccessKeyStatus, AttachedPolicy, Group, InlinePolicy, PasswordPolicy,
    PasswordPolicySettings, Policy, PolicyAttachment, Role, User,
};
use cloudward_model::policy::PolicyDocument;
use cloudward_model::{Attributes, Location, Resource, Value};

use crate::terraform::module::Instance;

use super::{
    blocks, bool_or, doubt_of, field, get, known_str, locate, locate_at, name_or_address, opt_int,
    parent, policy, resource, str_list, Index, Parent,
};
use crate::terraform::value::Val;

/// Joined facts about principals, collected from the satellite resources.
#[derive(Default)]
struct Links {
    /// principal name -> attached policy ARNs.
    attached: HashMap<(Kind, String), Vec<String>>,
    /// policy ARN -> principals.
    attachments: HashMap<String, Vec<PolicyAttachment>>,
    /// principal -> inline policies.
    inline: HashMap<(Kind, String), Vec<InlinePolicy>>,
    /// user -> groups.
    groups: HashMap<String, Vec<String>>,
    /// users with a login profile.
    login: HashMap<String, ()>,
    /// user -> access keys.
    keys: HashMap<String, Vec<AccessKey>>,
    /// Satellites whose principal is unknown, per kind: the reason.
    doubt: HashMap<Kind, String>,
    /// Where each attachment (principal, policy ARN) is declared.
    attach_locs: HashMap<(Kind, String, String), Location>,
    /// Where each inline policy is declared, parallel to `inline`.
    inline_locs: HashMap<(Kind, String), Vec<Location>>,
    /// Where each access key is declared, parallel to `keys`.
    key_locs: HashMap<String, Vec<Location>>,
    /// Principals with a satellite (attachment, inline policy) that may not exist.
    maybe: HashMap<(Kind, String), String>,
    /// Policy ARNs attached by an attachment that may not exist.
    policy_maybe: HashMap<String, String>,
    /// Users with a login profile or access key that may not exist.
    maybe_login: HashMap<String, String>,
    maybe_keys: HashMap<String, String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    User,
    Group,
    Role,
}

impl Links {
    fn attach(&mut self, kind: Kind, principal: String, arn: String, i: &Instance) {
        if let Some(why) = doubt_of(i) {
            self.maybe.entry((kind, principal)).or_insert(why.clone());
            self.policy_maybe.entry(arn).or_insert(why);
            return;
        }
        self.attach_locs
            .entry((kind, principal.clone(), arn.clone()))
            .or_insert_with(|| i.location.clone());
        let who = match kind {
            Kind::User => PolicyAttachment::User(principal.clone()),
            Kind::Group => PolicyAttachment::Group(principal.clone()),
            Kind::Role => PolicyAttachment::Role(principal.clone()),
        };
        self.attachments.entry(arn.clone()).or_default().push(who);
        self.attached
            .entry((kind, principal))
            .or_default()
            .push(arn);
    }

    fn doubt(&mut self, kind: Kind, why: String) {
        self.doubt.entry(kind).or_insert(why);
    }
}

/// `permissions_boundary`: none when absent, the ARN when it is a literal, Unknown when it is
/// an expression resolved at apply time.
fn boundary(v: Option<&Val>) -> Value<Option<String>> {
    match v {
        None | Some(Val::Null) => Value::Known(None),
        Some(_) => known_str(v).map_or_else(
            || Value::unknown("permissions_boundary is not known statically"),
            |arn| Value::Known(Some(arn)),
        ),
    }
}

pub(super) fn document(v: Option<&Val>) -> Value<PolicyDocument> {
    match policy(v) {
        Value::Known(Some(d)) => Value::Known(d),
        Value::Known(None) => Value::unknown("the policy document is empty"),
        Value::Unknown(r) => Value::Unknown(r),
    }
}

fn collect_links(idx: &Index<'_>) -> Links {
    let mut links = Links::default();
    for (rtype, kind, key) in [
        ("aws_iam_user_policy_attachment", Kind::User, "user"),
        ("aws_iam_group_policy_attachment", Kind::Group, "group"),
        ("aws_iam_role_policy_attachment", Kind::Role, "role"),
    ] {
        for &i in idx.of(rtype) {
            match (parent(i, key), known_str(get(i, "policy_arn"))) {
                (Parent::Known(p), Some(arn)) => links.attach(kind, p, arn, i),
                (Parent::Unknown(why), _) => links.doubt(kind, why),
                (Parent::Known(_), None) => links.doubt(
                    kind,
                    format!(
                        "{} attaches a policy whose ARN is not known statically",
                        i.address
                    ),
                ),
                (Parent::Missing, _) => {}
            }
        }
    }
    for &i in idx.of("aws_iam_policy_attachment") {
        let Some(arn) = known_str(get(i, "policy_arn")) else {
            for kind in [Kind::User, Kind::Group, Kind::Role] {
                links.doubt(
                    kind,
                    format!(
                        "{} attaches a policy whose ARN is not known statically",
                        i.address
                    ),
                );
            }
            continue;
        };
        for (key, kind) in [
            ("users", Kind::User),
            ("groups", Kind::Group),
            ("roles", Kind::Role),
        ] {
            match str_list(get(i, key)) {
                Ok(names) => {
                    for n in names {
                        links.attach(kind, n, arn.clone(), i);
                    }
                }
                Err(e) => links.doubt(kind, format!("{}: {key} {e}", i.address)),
            }
        }
    }
    for (rtype, kind, key) in [
        ("aws_iam_user_policy", Kind::User, "user"),
        ("aws_iam_group_policy", Kind::Group, "group"),
        ("aws_iam_role_policy", Kind::Role, "role"),
    ] {
        for &i in idx.of(rtype) {
            match parent(i, key) {
                Parent::Known(p) if doubt_of(i).is_some() => {
                    links
                        .maybe
                        .entry((kind, p))
                        .or_insert_with(|| doubt_of(i).unwrap_or_default());
                }
                Parent::Known(p) => {
                    links
                        .inline_locs
                        .entry((kind, p.clone()))
                        .or_default()
                        .push(i.location.clone());
                    links
                        .inline
                        .entry((kind, p))
                        .or_default()
                        .push(InlinePolicy {
                            policy_name: name_or_address(i, "name"),
                            document: document(get(i, "policy")),
                        });
                }
                Parent::Unknown(why) => links.doubt(kind, why),
                Parent::Missing => {}
            }
        }
    }
    for &i in idx.of("aws_iam_user_group_membership") {
        if let (Parent::Known(user), Ok(groups)) = (parent(i, "user"), str_list(get(i, "groups"))) {
            links.groups.entry(user).or_default().extend(groups);
        }
    }
    for &i in idx.of("aws_iam_group_membership") {
        if let (Some(group), Ok(users)) = (known_str(get(i, "group")), str_list(get(i, "users"))) {
            for u in users {
                links.groups.entry(u).or_default().push(group.clone());
            }
        }
    }
    for &i in idx.of("aws_iam_user_login_profile") {
        match parent(i, "user") {
            Parent::Known(u) if doubt_of(i).is_some() => {
                links
                    .maybe_login
                    .entry(u)
                    .or_insert_with(|| doubt_of(i).unwrap_or_default());
            }
            Parent::Known(u) => {
                links.login.insert(u, ());
            }
            Parent::Unknown(why) => links.doubt(Kind::User, why),
            Parent::Missing => {}
        }
    }
    for &i in idx.of("aws_iam_access_key") {
        match parent(i, "user") {
            Parent::Known(u) if doubt_of(i).is_some() => {
                links
                    .maybe_keys
                    .entry(u)
                    .or_insert_with(|| doubt_of(i).unwrap_or_default());
            }
            Parent::Known(u) => {
                let status = match known_str(get(i, "status")).as_deref() {
                    Some("Inactive") => AccessKeyStatus::Inactive,
                    _ => AccessKeyStatus::Active,
                };
                links
                    .key_locs
                    .entry(u.clone())
                    .or_default()
                    .push(i.location.clone());
                links.keys.entry(u).or_default().push(AccessKey {
                    access_key_id: i.address.clone(),
                    status,
                    create_date: Value::unknown("the key is created at apply time"),
                    last_used_date: Value::Known(None),
                });
            }
            Parent::Unknown(why) => links.doubt(Kind::User, why),
            Parent::Missing => {}
        }
    }
    links
}

/// The name of a policy from its ARN, or the policy in the code it refers to.
fn attached_policies(
    links: &Links,
    kind: Kind,
    name: &str,
    extra: Vec<String>,
    names: &HashMap<String, String>,
) -> Value<Vec<AttachedPolicy>> {
    if let Some(why) = links
        .doubt
        .get(&kind)
        .or_else(|| links.maybe.get(&(kind, name.to_string())))
    {
        return Value::Unknown(why.clone());
    }
    let mut arns = links
        .attached
        .get(&(kind, name.to_string()))
        .cloned()
        .unwrap_or_default();
    arns.extend(extra);
    let mut out: Vec<AttachedPolicy> = arns
        .into_iter()
        .map(|arn| AttachedPolicy {
            policy_name: names
                .get(&arn)
                .cloned()
                .unwrap_or_else(|| arn.rsplit('/').next().unwrap_or(&arn).to_string()),
            policy_arn: arn,
        })
        .collect();
    out.sort();
    out.dedup();
    Value::Known(out)
}

fn inline_policies(
    links: &Links,
    kind: Kind,
    name: &str,
    mut own: Vec<InlinePolicy>,
) -> Value<Vec<InlinePolicy>> {
    if let Some(why) = links
        .doubt
        .get(&kind)
        .or_else(|| links.maybe.get(&(kind, name.to_string())))
    {
        return Value::Unknown(why.clone());
    }
    own.extend(
        links
            .inline
            .get(&(kind, name.to_string()))
            .cloned()
            .unwrap_or_default(),
    );
    Value::Known(own)
}

/// Point `attached_policies[i]`, `inline_policies[i]` and `access_keys[i]` at the resources
/// (or arguments) that declare them; `own_inline` are the principal's own inline policy
/// locations, listed first.
fn locate_lists(
    r: &mut Resource,
    links: &Links,
    kind: Kind,
    name: &str,
    own_inline: &[Location],
    managed_at: Option<&Location>,
) {
    let attached = match &r.attributes {
        Attributes::IamUser(u) => u.attached_policies.known().cloned(),
        Attributes::IamGroup(g) => g.attached_policies.known().cloned(),
        Attributes::IamRole(x) => x.attached_policies.known().cloned(),
        _ => None,
    };
    for (n, p) in attached.unwrap_or_default().iter().enumerate() {
        let at = links
            .attach_locs
            .get(&(kind, name.to_string(), p.policy_arn.clone()))
            .or(managed_at)
            .cloned();
        if let Some(at) = at {
            locate_at(r, &format!("attached_policies[{n}]"), &at);
            if n == 0 {
                locate_at(r, "attached_policies", &at);
            }
        }
    }
    let mut inline: Vec<&Location> = own_inline.iter().collect();
    if let Some(l) = links.inline_locs.get(&(kind, name.to_string())) {
        inline.extend(l);
    }
    for (n, at) in inline.iter().enumerate() {
        locate_at(r, &format!("inline_policies[{n}]"), at);
        if n == 0 {
            locate_at(r, "inline_policies", at);
        }
    }
    if kind == Kind::User {
        for (n, at) in links.key_locs.get(name).into_iter().flatten().enumerate() {
            locate_at(r, &format!("access_keys[{n}]"), at);
            if n == 0 {
                locate_at(r, "access_keys", at);
            }
        }
    }
}

/// The module's instance profiles (`aws_iam_instance_profile`) by the name of the role each
/// holds. A profile is named as references to it resolve (its `name`, else its address), so
/// an instance's `iam_instance_profile` matches it. `Err` when a profile's role cannot be
/// told: then no role's list is complete.
fn instance_profiles(
    idx: &Index<'_>,
) -> Result<std::collections::BTreeMap<String, Vec<String>>, String> {
    let mut by_role: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for &i in idx.of("aws_iam_instance_profile") {
        let profile = name_or_address(i, "name");
        match get(i, "role") {
            None | Some(Val::Null) => {}
            Some(role) => match known_str(Some(role)) {
                Some(role) => by_role.entry(role).or_default().push(profile),
                None => {
                    return Err(format!(
                        "the role of {} is not known from the code",
                        i.address
                    ))
                }
            },
        }
    }
    for list in by_role.values_mut() {
        list.sort();
    }
    Ok(by_role)
}

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let links = collect_links(idx);
    // Symbolic ARNs of policies in the code -> their names.
    let policy_names: HashMap<String, String> = idx
        .of("aws_iam_policy")
        .iter()
        .map(|i| (format!("{}.arn", i.address), name_or_address(i, "name")))
        .collect();

    for &i in idx.of("aws_iam_policy") {
        let arn = format!("{}.arn", i.address);
        let name = name_or_address(i, "name");
        let attachments = match (links.policy_maybe.get(&arn), links.doubt.values().next()) {
            (Some(why), _) => Value::Unknown(why.clone()),
            (None, Some(why)) if !links.attachments.contains_key(&arn) => {
                Value::Unknown(why.clone())
            }
            _ => Value::Known(links.attachments.get(&arn).cloned().unwrap_or_default()),
        };
        let mut r = resource(
            i,
            name.clone(),
            Attributes::IamPolicy(Policy {
                policy_name: name,
                arn,
                aws_managed: false,
                document: document(get(i, "policy")),
                attachments,
            }),
        );
        r.region = None;
        locate(&mut r, "document", i, "policy");
        out.push(r);
    }

    for &i in idx.of("aws_iam_user") {
        let name = name_or_address(i, "name");
        let password_enabled = if links.login.contains_key(&name) {
            Value::Known(true)
        } else if let Some(why) = links
            .maybe_login
            .get(&name)
            .or_else(|| links.doubt.get(&Kind::User))
        {
            Value::Unknown(why.clone())
        } else {
            Value::Known(false)
        };
        let user = User {
            user_name: name.clone(),
            arn: format!("{}.arn", i.address),
            create_date: Value::unknown("the user is created at apply time"),
            password_enabled,
            password_last_used: Value::Known(None),
            mfa_devices: Value::unknown(
                "MFA devices are enrolled outside Terraform, so the code cannot show them",
            ),
            access_keys: match links.maybe_keys.get(&name) {
                Some(why) => Value::Unknown(why.clone()),
                None => Value::Known(links.keys.get(&name).cloned().unwrap_or_default()),
            },
            attached_policies: attached_policies(
                &links,
                Kind::User,
                &name,
                Vec::new(),
                &policy_names,
            ),
            inline_policies: inline_policies(&links, Kind::User, &name, Vec::new()),
            groups: Value::Known(links.groups.get(&name).cloned().unwrap_or_default()),
            permissions_boundary: boundary(get(i, "permissions_boundary")),
        };
        let mut r = resource(i, name.clone(), Attributes::IamUser(user));
        r.region = None;
        locate_lists(&mut r, &links, Kind::User, &name, &[], None);
        out.push(r);
    }

    for &i in idx.of("aws_iam_group") {
        let name = name_or_address(i, "name");
        let group = Group {
            group_name: name.clone(),
            arn: format!("{}.arn", i.address),
            attached_policies: attached_policies(
                &links,
                Kind::Group,
                &name,
                Vec::new(),
                &policy_names,
            ),
            inline_policies: inline_policies(&links, Kind::Group, &name, Vec::new()),
        };
        let mut r = resource(i, name.clone(), Attributes::IamGroup(group));
        r.region = None;
        locate_lists(&mut r, &links, Kind::Group, &name, &[], None);
        out.push(r);
    }

    let profiles = instance_profiles(idx);
    for &i in idx.of("aws_iam_role") {
        let name = name_or_address(i, "name");
        let mut own_inline = Vec::new();
        let mut own_inline_locs = Vec::new();
        let mut inline_unknown = None;
        match blocks(get(i, "inline_policy")) {
            Ok(list) => {
                for p in list {
                    if field(p, "name").is_none() && field(p, "policy").is_none() {
                        continue;
                    }
                    own_inline_locs.push(
                        i.locs
                            .get(&format!("inline_policy[{}]", own_inline.len()))
                            .cloned()
                            .unwrap_or_else(|| i.location.clone()),
                    );
                    own_inline.push(InlinePolicy {
                        policy_name: known_str(field(p, "name")).unwrap_or_default(),
                        document: document(field(p, "policy")),
                    });
                }
            }
            Err(e) => inline_unknown = Some(e),
        }
        let managed = str_list(get(i, "managed_policy_arns"));
        let attached = match managed {
            Ok(extra) => attached_policies(&links, Kind::Role, &name, extra, &policy_names),
            Err(e) => Value::Unknown(e),
        };
        let role = Role {
            role_name: name.clone(),
            arn: format!("{}.arn", i.address),
            path: known_str(get(i, "path")).unwrap_or_else(|| "/".into()),
            assume_role_policy: document(get(i, "assume_role_policy")),
            attached_policies: attached,
            inline_policies: match inline_unknown {
                Some(e) => Value::Unknown(e),
                None => inline_policies(&links, Kind::Role, &name, own_inline),
            },
            // A role in code has not been created yet: its age and use are live facts.
            create_date: Value::unknown("a role in code has no creation date yet"),
            last_used: Value::unknown("a role in code has no use history"),
            permissions_boundary: boundary(get(i, "permissions_boundary")),
            instance_profiles: match &profiles {
                Ok(by_role) => Value::Known(by_role.get(&name).cloned().unwrap_or_default()),
                Err(why) => Value::Unknown(why.clone()),
            },
        };
        let mut r = resource(i, name.clone(), Attributes::IamRole(role));
        r.region = None;
        locate_lists(
            &mut r,
            &links,
            Kind::Role,
            &name,
            &own_inline_locs,
            i.locs.get("managed_policy_arns"),
        );
        locate(&mut r, "assume_role_policy", i, "assume_role_policy");
        out.push(r);
    }

    for &i in idx.of("aws_iam_account_password_policy") {
        let num = |k: &str| opt_int(get(i, k));
        let min_len = match num("minimum_password_length") {
            // The provider (and IAM) default is 6.
            Value::Known(v) => Value::Known(v.unwrap_or(6).max(0) as u32),
            Value::Unknown(r) => Value::Unknown(r),
        };
        let positive = |v: Value<Option<i64>>| v.map(|n| n.filter(|n| *n > 0).map(|n| n as u32));
        let settings = PasswordPolicySettings {
            minimum_password_length: min_len,
            password_reuse_prevention: positive(num("password_reuse_prevention")),
            require_symbols: bool_or(get(i, "require_symbols"), false),
            require_numbers: bool_or(get(i, "require_numbers"), false),
            require_uppercase_characters: bool_or(get(i, "require_uppercase_characters"), false),
            require_lowercase_characters: bool_or(get(i, "require_lowercase_characters"), false),
            max_password_age: positive(num("max_password_age")),
        };
        let mut r = resource(
            i,
            i.address.clone(),
            Attributes::IamPasswordPolicy(PasswordPolicy {
                policy: Value::Known(Some(settings)),
            }),
        );
        r.region = None;
        for k in [
            "minimum_password_length",
            "password_reuse_prevention",
            "require_symbols",
            "require_numbers",
            "require_uppercase_characters",
            "require_lowercase_characters",
            "max_password_age",
        ] {
            if i.locs.contains_key(k) {
                locate(&mut r, k, i, k);
            }
        }
        out.push(r);
    }
}
