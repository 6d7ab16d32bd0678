//! What a path gains: the pivot's privileges, or the principal's own after a change it may
//! make (a policy it writes, a boundary it deletes, a group it joins), decided over a small
//! hypothetical inventory.

#[allow(clippy::wildcard_imports)]
use super::*;

impl<'a> Search<'a> {
    pub(super) fn gain(&self, me: &Me<'a>, gain: Gain, candidate: &Candidate) -> GainAnswer {
        let pivot = candidate.arn.as_deref().unwrap_or_default();
        let (target, what) = match gain {
            Gain::NotInInventory(why) => {
                return GainAnswer::Unknown(
                    format!("the privileges reached through {pivot}"),
                    why.to_string(),
                )
            }
            Gain::PivotPrincipal => (self.profile(pivot), format!("the privileges of {pivot}")),
            Gain::InstanceRole => match self.instance_role(pivot) {
                InstanceRole::Role(role) => (
                    self.profile(&role),
                    format!("the privileges of {role}, the role of {pivot}'s instance profile"),
                ),
                InstanceRole::None => return GainAnswer::No,
                InstanceRole::Unknown(why) => {
                    return GainAnswer::Unknown(
                        format!("the privileges reached through {pivot}"),
                        why,
                    )
                }
            },
            Gain::AnyPolicy => (
                self.hypothetical(me, Change::AdminPolicy),
                "any permission its boundary and SCPs allow".to_string(),
            ),
            Gain::NoBoundary => (
                self.hypothetical(me, Change::NoBoundary),
                "its permissions without the boundary".to_string(),
            ),
            Gain::PivotGroup => (
                self.hypothetical(me, Change::JoinGroup(pivot)),
                format!("the permissions of {pivot}"),
            ),
        };
        match profile::gain(&me.profile, &target) {
            profile::Gain::Yes(probes) => {
                GainAnswer::Yes(format!("{what}, including {}", probes.join(", ")))
            }
            profile::Gain::Unknown(probes) => GainAnswer::Unknown(
                what,
                format!(
                    "whether that is more than it has is not known ({} undecided)",
                    probes.join(", ")
                ),
            ),
            profile::Gain::No => GainAnswer::No,
        }
    }

    /// The profile `me` would have after `change`, decided over a hypothetical inventory.
    pub(super) fn hypothetical(&self, me: &Me<'a>, change: Change<'_>) -> Profile {
        let key = (me.arn.to_string(), format!("{change:?}"));
        if let Some(p) = self.hypotheticals.borrow().get(&key) {
            return p.clone();
        }
        let p = self.hypothetical_uncached(me, change);
        self.hypotheticals.borrow_mut().insert(key, p.clone());
        p
    }

    pub(super) fn hypothetical_uncached(&self, me: &Me<'a>, change: Change<'_>) -> Profile {
        let mut changed = me.resource.clone();
        if let Attributes::IamUser(user) = &mut changed.attributes {
            match change {
                Change::AdminPolicy => add_admin(&mut user.inline_policies),
                Change::NoBoundary => user.permissions_boundary = Value::Known(None),
                Change::JoinGroup(arn) => {
                    let name = arn.rsplit('/').next().unwrap_or(arn).to_string();
                    if let Value::Known(groups) = &mut user.groups {
                        groups.push(name);
                    }
                }
            }
        } else if let Attributes::IamRole(role) = &mut changed.attributes {
            match change {
                Change::AdminPolicy => add_admin(&mut role.inline_policies),
                Change::NoBoundary => role.permissions_boundary = Value::Known(None),
                Change::JoinGroup(_) => {}
            }
        }
        let mut inventory = self.small_inventory();
        inventory.push(changed);
        Profile::of(&Evaluator::new(&inventory), me.arn)
    }

    /// Decide `request` as if role `role` trusted `me` by ARN: what `iam:UpdateAssumeRolePolicy`
    /// lets the principal write.
    pub(super) fn with_trust_rewritten(
        &self,
        me: &Me<'a>,
        role: &str,
        request: &Request,
    ) -> Decision {
        let mut inventory = self.small_inventory();
        inventory.push(me.resource.clone());
        let found = self
            .inventory
            .resources
            .iter()
            .find(|r| r.as_iam_role().is_some_and(|x| x.arn == role));
        if let Some(found) = found {
            let mut rewritten = found.clone();
            if let Attributes::IamRole(r) = &mut rewritten.attributes {
                r.assume_role_policy = Value::Known(PolicyDocument(serde_json::json!({
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Principal": {"AWS": me.arn}, "Action": "sts:AssumeRole"}]
                })));
            }
            inventory.push(rewritten);
        }
        Evaluator::new(&inventory).evaluate(request)
    }

    /// The account's managed policies, groups and organization, without principals.
    pub(super) fn small_inventory(&self) -> Inventory {
        let mut inventory = Inventory::new();
        inventory.account_id = self.inventory.account_id.clone();
        inventory.settings = self.inventory.settings.clone();
        for r in &self.context_resources {
            inventory.push((*r).clone());
        }
        inventory
    }
}

pub(super) enum GainAnswer {
    Yes(String),
    Unknown(String, String),
    No,
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Change<'c> {
    AdminPolicy,
    NoBoundary,
    JoinGroup(&'c str),
}

/// Add an inline policy allowing everything: what a principal that writes its own policies
/// would write.
fn add_admin(policies: &mut Value<Vec<InlinePolicy>>) {
    let admin = InlinePolicy {
        policy_name: "hypothetical-any-permission".into(),
        document: Value::Known(PolicyDocument(serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
        }))),
    };
    // Unknown policies stay unknown: one of them may deny, so the gain stays undecided.
    if let Value::Known(list) = policies {
        list.push(admin);
    }
}
