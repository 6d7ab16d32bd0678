//! The pivots of a path for one principal (its groups and policies, other principals, roles
//! a service may assume, role chains, functions, instances and the role each runs as), and
//! the screen that skips paths its policies cannot allow.

#[allow(clippy::wildcard_imports)]
use super::*;

impl<'a> Search<'a> {
    pub(super) fn candidates(&self, me: &Me<'a>, pivot: Pivot) -> Candidates {
        let inv = self.inventory;
        let plain = |list: Vec<String>| Candidates::Listed {
            list: list.into_iter().map(Candidate::at).collect(),
            capped: false,
        };
        match pivot {
            Pivot::None => Candidates::Listed {
                list: vec![Candidate::default()],
                capped: false,
            },
            Pivot::OwnGroup => match self.own_groups(me) {
                Ok(groups) => plain(groups),
                Err(reason) => Candidates::Unknown(reason),
            },
            Pivot::OtherGroup => {
                let own = self.own_groups(me).unwrap_or_default();
                plain(
                    inv.resources
                        .iter()
                        .filter_map(Resource::as_iam_group)
                        .map(|g| g.arn.clone())
                        .filter(|a| !own.contains(a))
                        .collect(),
                )
            }
            Pivot::AttachedCustomerPolicy => match self.attached_customer_policies(me) {
                Ok(list) => plain(list),
                Err(reason) => Candidates::Unknown(reason),
            },
            Pivot::OtherUser => plain(
                inv.resources
                    .iter()
                    .filter_map(Resource::as_iam_user)
                    .map(|u| u.arn.clone())
                    .filter(|a| a != me.arn)
                    .collect(),
            ),
            Pivot::OtherRole => plain(
                inv.resources
                    .iter()
                    .filter_map(Resource::as_iam_role)
                    .filter(|r| r.arn != me.arn && !r.path.starts_with("/aws-service-role/"))
                    .map(|r| r.arn.clone())
                    .collect(),
            ),
            Pivot::ServiceRole(service) => {
                if let Some(list) = self.service_roles.borrow().get(service) {
                    return Candidates::Listed {
                        list: list.clone(),
                        capped: false,
                    };
                }
                let mut list = Vec::new();
                for role in inv.resources.iter().filter_map(Resource::as_iam_role) {
                    let trust = self.evaluator.evaluate(&Request {
                        principal: service.to_string(),
                        action: "sts:AssumeRole".into(),
                        resource: role.arn.clone(),
                        context: Context::new(),
                    });
                    match trust.verdict {
                        Verdict::Allow => list.push(Candidate::at(role.arn.clone())),
                        Verdict::Unknown => list.push(Candidate {
                            arn: Some(role.arn.clone()),
                            hops: Vec::new(),
                            unknown: vec![format!(
                                "whether {service} may assume {}: {}",
                                role.arn,
                                trust.reasons.join("; ")
                            )],
                        }),
                        _ => {}
                    }
                }
                Candidates::Listed {
                    list,
                    capped: false,
                }
            }
            Pivot::RoleChain => self.chains(me),
            Pivot::Function => plain(
                inv.resources
                    .iter()
                    .filter_map(Resource::as_lambda_function)
                    .map(|f| f.function_arn.clone())
                    .collect(),
            ),
            Pivot::ProfiledInstance => plain(
                inv.resources
                    .iter()
                    .filter(|r| {
                        r.as_ec2_instance().is_some_and(|i| {
                            matches!(i.iam_instance_profile, Value::Known(Some(_)))
                        })
                    })
                    .map(|r| r.id.clone())
                    .collect(),
            ),
        }
    }

    /// The role instance `pivot` (its resource id) runs as: the role whose instance-profile
    /// list holds the instance's profile.
    pub(super) fn instance_role(&self, pivot: &str) -> InstanceRole {
        let profile = self
            .inventory
            .resources
            .iter()
            .find(|r| r.id == pivot)
            .and_then(Resource::as_ec2_instance)
            .map(|i| &i.iam_instance_profile);
        let profile = match profile {
            Some(Value::Known(Some(p))) => p,
            Some(Value::Known(None)) => return InstanceRole::None,
            Some(Value::Unknown(why)) => {
                return InstanceRole::Unknown(format!("{pivot}'s instance profile: {why}"))
            }
            None => return InstanceRole::Unknown(format!("{pivot} is not in the inventory")),
        };
        let mut unknown = None;
        for role in self
            .inventory
            .resources
            .iter()
            .filter_map(Resource::as_iam_role)
        {
            match &role.instance_profiles {
                Value::Known(list) if list.iter().any(|p| p == profile) => {
                    return InstanceRole::Role(role.arn.clone())
                }
                Value::Known(_) => {}
                Value::Unknown(why) => {
                    unknown.get_or_insert_with(|| why.clone());
                }
            }
        }
        match unknown {
            Some(why) => InstanceRole::Unknown(format!(
                "which role instance profile {profile} holds is not known ({why}), so whether \
                 it is more privileged is not known"
            )),
            None => InstanceRole::None,
        }
    }

    pub(super) fn screen(&self, resource: &Resource) -> Screen {
        let mut screen = Screen {
            everything: false,
            patterns: Vec::new(),
        };
        let mut docs: Vec<&Value<PolicyDocument>> = Vec::new();
        let mut unknown = false;
        let mut holders: Vec<Holder<'_>> = Vec::new();
        if let Some(u) = resource.as_iam_user() {
            holders.push((&u.inline_policies, &u.attached_policies));
            match u.groups.get() {
                Ok(groups) => {
                    for g in groups {
                        match self
                            .inventory
                            .find(ResourceKind::IamGroup, g)
                            .and_then(Resource::as_iam_group)
                        {
                            Some(group) => {
                                holders.push((&group.inline_policies, &group.attached_policies))
                            }
                            None => unknown = true,
                        }
                    }
                }
                Err(_) => unknown = true,
            }
        } else if let Some(r) = resource.as_iam_role() {
            holders.push((&r.inline_policies, &r.attached_policies));
        }
        for (inline, attached) in holders {
            match inline.get() {
                Ok(list) => docs.extend(list.iter().map(|p| &p.document)),
                Err(_) => unknown = true,
            }
            match attached.get() {
                Ok(list) => {
                    for a in list {
                        match self.managed.get(a.policy_arn.as_str()) {
                            Some(doc) => docs.push(doc),
                            None => unknown = true,
                        }
                    }
                }
                Err(_) => unknown = true,
            }
        }
        for doc in docs {
            let Value::Known(doc) = doc else {
                unknown = true;
                continue;
            };
            for st in doc.statements() {
                if !st.allow {
                    continue;
                }
                if !st.not_actions.is_empty() || st.raw.get("NotAction").is_some() {
                    unknown = true;
                }
                screen.patterns.extend(
                    st.actions
                        .iter()
                        .map(|a| cloudward_policy::Pattern::wild(a)),
                );
            }
        }
        screen.everything = unknown;
        screen
    }

    /// ARNs of the groups `me` (a user) is in.
    pub(super) fn own_groups(&self, me: &Me<'a>) -> Result<Vec<String>, String> {
        let Some(user) = me.resource.as_iam_user() else {
            return Ok(Vec::new());
        };
        let names = user
            .groups
            .get()
            .map_err(|r| format!("the groups of {}: {r}", me.arn))?;
        names
            .iter()
            .map(|n| {
                self.inventory
                    .find(ResourceKind::IamGroup, n)
                    .and_then(Resource::as_iam_group)
                    .map(|g| g.arn.clone())
                    .ok_or_else(|| format!("group {n} of {} is not in the inventory", me.arn))
            })
            .collect()
    }

    /// Customer managed policies attached to `me` or its groups.
    pub(super) fn attached_customer_policies(&self, me: &Me<'a>) -> Result<Vec<String>, String> {
        let mut lists = Vec::new();
        if let Some(u) = me.resource.as_iam_user() {
            lists.push(&u.attached_policies);
            for g in self.own_groups(me)? {
                let group = self
                    .inventory
                    .resources
                    .iter()
                    .filter_map(Resource::as_iam_group)
                    .find(|x| x.arn == g);
                if let Some(group) = group {
                    lists.push(&group.attached_policies);
                }
            }
        } else if let Some(r) = me.resource.as_iam_role() {
            lists.push(&r.attached_policies);
        }
        let mut out = Vec::new();
        for list in lists {
            let list = list
                .get()
                .map_err(|r| format!("the attached policies of {}: {r}", me.arn))?;
            for a in list {
                let customer = !a.policy_arn.contains(":iam::aws:policy/");
                if customer && !out.contains(&a.policy_arn) {
                    out.push(a.policy_arn.clone());
                }
            }
        }
        Ok(out)
    }

    /// Roles reachable from `me` by `sts:AssumeRole`, breadth first, shortest chain first.
    pub(super) fn chains(&self, me: &Me<'a>) -> Candidates {
        let mut seen: Vec<String> = vec![me.arn.to_string()];
        let mut list = Vec::new();
        let mut queue: VecDeque<(String, Vec<StepResult>)> = VecDeque::new();
        queue.push_back((me.arn.to_string(), Vec::new()));
        let mut capped = false;
        while let Some((from, hops)) = queue.pop_front() {
            if hops.len() >= MAX_CHAIN_DEPTH {
                continue;
            }
            for (role, decision) in self.assumable_from(&from) {
                if seen.contains(&role) {
                    continue;
                }
                if list.len() >= MAX_CANDIDATES {
                    capped = true;
                    break;
                }
                seen.push(role.clone());
                let mut path = hops.clone();
                let unknown: Vec<String> = path
                    .iter()
                    .chain(std::iter::once(&StepResult {
                        action: "sts:AssumeRole",
                        principal: from.clone(),
                        resource: role.clone(),
                        decision: decision.clone(),
                    }))
                    .filter(|s| s.decision.verdict == Verdict::Unknown)
                    .map(|s| {
                        format!(
                            "sts:AssumeRole of {} by {}: {}",
                            s.resource,
                            s.principal,
                            s.decision.reasons.join("; ")
                        )
                    })
                    .collect();
                path.push(StepResult {
                    action: "sts:AssumeRole",
                    principal: from.clone(),
                    resource: role.clone(),
                    decision,
                });
                list.push(Candidate {
                    arn: Some(role.clone()),
                    hops: path.clone(),
                    unknown,
                });
                queue.push_back((role, path));
            }
        }
        Candidates::Listed { list, capped }
    }

    pub(super) fn assumable_from(&self, from: &str) -> Vec<(String, Decision)> {
        if let Some(edges) = self.assumable.borrow().get(from) {
            return edges.clone();
        }
        let account = from.split(':').nth(4).unwrap_or_default();
        let root = format!("arn:aws:iam::{account}:root");
        let edges: Vec<(String, Decision)> = self
            .trusts
            .iter()
            .filter(|t| t.role != from && t.may_trust(&[from, account, root.as_str()]))
            .filter_map(|t| {
                let d = self.evaluator.evaluate(&Request {
                    principal: from.to_string(),
                    action: "sts:AssumeRole".into(),
                    resource: t.role.to_string(),
                    context: Context::new(),
                });
                matches!(d.verdict, Verdict::Allow | Verdict::Unknown)
                    .then(|| (t.role.to_string(), d))
            })
            .collect();
        self.assumable
            .borrow_mut()
            .insert(from.to_string(), edges.clone());
        edges
    }
}

/// The role an instance runs as, as far as the inventory tells.
pub(super) enum InstanceRole {
    /// This role's ARN.
    Role(String),
    /// None: the instance has no profile, or its profile holds no role of the account.
    None,
    /// Not known, with the reason.
    Unknown(String),
}
