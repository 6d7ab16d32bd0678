//! The search: for each user and role of an inventory, each catalogue path, each candidate
//! pivot, ask the evaluator every step; where all are allowed, ask whether the gain is real.
//!
//! One [`Evaluator`] serves the whole inventory. Gains that follow from changing the principal
//! itself (a policy it writes, a boundary it deletes, a group it joins) are decided by the
//! same evaluator over a small hypothetical inventory: the principal as it would be, with the
//! account's managed policies, groups and organization (so its boundary and SCPs still apply).

use std::collections::{BTreeMap, HashMap, VecDeque};

use cloudward_model::iam::InlinePolicy;
use cloudward_model::policy::PolicyDocument;
use cloudward_model::{Attributes, Inventory, Resource, ResourceKind, Value};
use cloudward_policy::{Context, Decision, Evaluator, Request, Verdict};

use crate::catalogue::{Gain, On, Path, Pivot, Principals, PATHS};
use crate::limits::{MAX_CANDIDATES, MAX_CHAIN_DEPTH};
use crate::profile::{self, Profile};
use crate::screen::{screenable, Holder, Screen, Trust};

/// One step as asked and answered.
#[derive(Clone, Debug)]
pub struct StepResult {
    /// `service:Action`.
    pub action: &'static str,
    /// The principal that asks (the original principal, or a role of a chain).
    pub principal: String,
    /// The resource of the request.
    pub resource: String,
    /// The evaluator's decision, with its deciding statements.
    pub decision: Decision,
}

/// A path found open or undecidable for one principal.
#[derive(Clone, Debug)]
pub struct Route {
    /// The catalogue entry.
    pub path: &'static Path,
    /// The pivot (group, policy, user, role, function or instance ARN), if the path has one.
    pub pivot: Option<String>,
    /// Every step, allowed or not decidable.
    pub steps: Vec<StepResult>,
    /// What success gives, in words ("the privileges of role admin: iam:CreateUser, ...").
    pub gain: String,
    /// Why it is not decidable (empty: the path is open).
    pub unknown: Vec<String>,
}

impl Route {
    /// Whether every step is allowed and the gain is real.
    pub fn is_open(&self) -> bool {
        self.unknown.is_empty()
    }
}

/// What the search found for one principal.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Open paths, in catalogue order (one route per path: the first candidate found).
    pub open: Vec<Route>,
    /// Paths that may be open: every step allowed or undecidable, the gain perhaps real.
    pub undecided: Vec<Route>,
    /// How many catalogue paths apply to this principal kind.
    pub examined: usize,
}

/// The search over one inventory: a [`Report`] per user and role ARN.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    reports: BTreeMap<String, Report>,
}

impl Analysis {
    /// The report for the user or role with this ARN.
    pub fn of(&self, arn: &str) -> Option<&Report> {
        self.reports.get(arn)
    }

    /// Every principal's report, by ARN.
    pub fn reports(&self) -> impl Iterator<Item = (&str, &Report)> {
        self.reports.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// Search every user and role of `inventory` for every catalogue path.
pub fn analyze(inventory: &Inventory) -> Analysis {
    let policies = policy_inventory(inventory);
    let search = Search::new(inventory, &policies);
    let mut reports = BTreeMap::new();
    for r in &inventory.resources {
        let (arn, kind) = if let Some(u) = r.as_iam_user() {
            (u.arn.as_str(), Principals::Users)
        } else if let Some(role) = r.as_iam_role() {
            (role.arn.as_str(), Principals::Roles)
        } else {
            continue;
        };
        reports.insert(arn.to_string(), search.principal(r, arn, kind));
    }
    Analysis { reports }
}

/// A subject of the search: the principal's resource and its profile.
struct Me<'a> {
    resource: &'a Resource,
    arn: &'a str,
    profile: Profile,
    screen: Screen,
}

struct Search<'a> {
    inventory: &'a Inventory,
    evaluator: Evaluator<'a>,
    account: String,
    /// Managed policies, groups and the organization: what a hypothetical inventory copies.
    context_resources: Vec<&'a Resource>,
    /// Every role's trust policy, indexed by whom it names.
    trusts: Vec<Trust<'a>>,
    /// Managed policy documents by ARN, for [`Screen`].
    managed: HashMap<&'a str, &'a Value<PolicyDocument>>,
    profiles: std::cell::RefCell<HashMap<String, Profile>>,
    /// Roles each service may assume (the `iam:PassRole` candidates), by service.
    service_roles: std::cell::RefCell<HashMap<&'static str, Vec<Candidate>>>,
    /// Profiles of hypothetical principals, by ARN and change.
    hypotheticals: std::cell::RefCell<HashMap<(String, String), Profile>>,
    /// `sts:AssumeRole` edges out of a principal: roles it may assume, and the decision.
    assumable: std::cell::RefCell<HashMap<String, Vec<(String, Decision)>>>,
}

impl<'a> Search<'a> {
    fn new(inventory: &'a Inventory, policies: &'a Inventory) -> Self {
        let context_resources = inventory
            .resources
            .iter()
            .filter(|r| {
                matches!(
                    r.kind(),
                    ResourceKind::IamPolicy
                        | ResourceKind::IamGroup
                        | ResourceKind::OrganizationsOrganization
                )
            })
            .collect();
        Search {
            inventory,
            evaluator: Evaluator::new(policies),
            account: inventory.account_id.clone().unwrap_or_else(|| "*".into()),
            context_resources,
            trusts: inventory
                .resources
                .iter()
                .filter_map(Resource::as_iam_role)
                .map(Trust::of)
                .collect(),
            managed: inventory
                .resources
                .iter()
                .filter_map(Resource::as_iam_policy)
                .map(|p| (p.arn.as_str(), &p.document))
                .collect(),
            profiles: Default::default(),
            service_roles: Default::default(),
            hypotheticals: Default::default(),
            assumable: Default::default(),
        }
    }

    fn profile(&self, arn: &str) -> Profile {
        if let Some(p) = self.profiles.borrow().get(arn) {
            return p.clone();
        }
        let p = Profile::of(&self.evaluator, arn);
        self.profiles
            .borrow_mut()
            .insert(arn.to_string(), p.clone());
        p
    }

    fn principal(&self, resource: &'a Resource, arn: &'a str, kind: Principals) -> Report {
        let me = Me {
            resource,
            arn,
            profile: self.profile(arn),
            screen: self.screen(resource),
        };
        let mut report = Report::default();
        // Nothing can be a gain for a principal denied no probe (an administrator).
        let saturated = me.profile.0.iter().all(|v| *v == Verdict::Allow);
        for path in PATHS {
            if !(path.principals == Principals::Both || path.principals == kind) {
                continue;
            }
            report.examined += 1;
            if saturated {
                continue;
            }
            match self.path(&me, path) {
                Some(route) if route.is_open() => report.open.push(route),
                Some(route) => report.undecided.push(route),
                None => {}
            }
        }
        report
    }

    /// The first open route of `path` for `me`, else the first undecided one, else none.
    fn path(&self, me: &Me<'a>, path: &'static Path) -> Option<Route> {
        // Steps that do not depend on the pivot are asked once: when one is denied, no
        // candidate can open the path, and the candidates need not be listed.
        if path
            .steps
            .iter()
            .any(|step| screenable(step.action) && !me.screen.may_allow(step.action))
        {
            return None;
        }
        if path.pivot != Pivot::RoleChain
            && path.steps.iter().any(|step| {
                let resource = match step.on {
                    On::Own => me.arn.to_string(),
                    On::New(pattern) => pattern.replace("{account}", &self.account),
                    On::Pivot | On::PivotTrustingMe => return false,
                };
                let verdict = self
                    .evaluator
                    .evaluate(&Request {
                        principal: me.arn.to_string(),
                        action: step.action.to_string(),
                        resource,
                        context: Context::new(),
                    })
                    .verdict;
                matches!(verdict, Verdict::ImplicitDeny | Verdict::ExplicitDeny)
            })
        {
            return None;
        }
        let candidates = self.candidates(me, path.pivot);
        let mut undecided: Option<Route> = None;
        let note = |route: Route, undecided: &mut Option<Route>| {
            if undecided.is_none() {
                *undecided = Some(route);
            }
        };
        match candidates {
            Candidates::Unknown(reason) => {
                return Some(Route {
                    path,
                    pivot: None,
                    steps: Vec::new(),
                    gain: String::new(),
                    unknown: vec![reason],
                })
            }
            Candidates::Listed { list, capped } => {
                for candidate in list.iter().take(MAX_CANDIDATES) {
                    match self.route(me, path, candidate) {
                        Some(route) if route.is_open() => return Some(route),
                        Some(route) => note(route, &mut undecided),
                        None => {}
                    }
                }
                if capped || list.len() > MAX_CANDIDATES {
                    let route = Route {
                        path,
                        pivot: None,
                        steps: Vec::new(),
                        gain: String::new(),
                        unknown: vec![format!(
                            "more than {MAX_CANDIDATES} candidates; the rest were not examined"
                        )],
                    };
                    note(route, &mut undecided);
                }
            }
        }
        undecided
    }

    /// The route through one candidate, when no step is denied and the gain is not nil.
    fn route(&self, me: &Me<'a>, path: &'static Path, candidate: &Candidate) -> Option<Route> {
        // The gain first: its profiles are cached, and most candidates give nothing more.
        let (gain, gain_unknown) = match self.gain(me, path.gain, candidate) {
            GainAnswer::Yes(text) => (text, None),
            GainAnswer::Unknown(text, why) => (text, Some(why)),
            GainAnswer::No => return None,
        };
        let mut steps = Vec::new();
        let mut unknown = Vec::new();
        // A chain's hops come first: each is an sts:AssumeRole asked by the previous role.
        for hop in &candidate.hops {
            steps.push(hop.clone());
        }
        for step in path.steps {
            if matches!(path.pivot, Pivot::RoleChain) {
                break;
            }
            let resource = match step.on {
                On::Own => me.arn.to_string(),
                On::Pivot | On::PivotTrustingMe => candidate.arn.clone().unwrap_or_default(),
                On::New(pattern) => pattern.replace("{account}", &self.account),
            };
            let mut context = Context::new();
            if let (Pivot::ServiceRole(service), "iam:PassRole") = (path.pivot, step.action) {
                context.insert("iam:PassedToService", service);
            }
            let request = Request {
                principal: me.arn.to_string(),
                action: step.action.to_string(),
                resource: resource.clone(),
                context,
            };
            let decision = match step.on {
                On::PivotTrustingMe => self.with_trust_rewritten(me, &resource, &request),
                _ => self.evaluator.evaluate(&request),
            };
            match decision.verdict {
                Verdict::Allow => {}
                Verdict::Unknown => unknown.push(format!(
                    "{} on {resource}: {}",
                    step.action,
                    decision.reasons.join("; ")
                )),
                Verdict::ImplicitDeny | Verdict::ExplicitDeny => return None,
            }
            steps.push(StepResult {
                action: step.action,
                principal: me.arn.to_string(),
                resource,
                decision,
            });
        }
        unknown.extend(candidate.unknown.iter().cloned());
        if let Some(why) = gain_unknown {
            unknown.push(why);
        }
        Some(Route {
            path,
            pivot: candidate.arn.clone(),
            steps,
            gain,
            unknown,
        })
    }

    fn gain(&self, me: &Me<'a>, gain: Gain, candidate: &Candidate) -> GainAnswer {
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
    fn hypothetical(&self, me: &Me<'a>, change: Change<'_>) -> Profile {
        let key = (me.arn.to_string(), format!("{change:?}"));
        if let Some(p) = self.hypotheticals.borrow().get(&key) {
            return p.clone();
        }
        let p = self.hypothetical_uncached(me, change);
        self.hypotheticals.borrow_mut().insert(key, p.clone());
        p
    }

    fn hypothetical_uncached(&self, me: &Me<'a>, change: Change<'_>) -> Profile {
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
    fn with_trust_rewritten(&self, me: &Me<'a>, role: &str, request: &Request) -> Decision {
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
    fn small_inventory(&self) -> Inventory {
        let mut inventory = Inventory::new();
        inventory.account_id = self.inventory.account_id.clone();
        inventory.settings = self.inventory.settings.clone();
        for r in &self.context_resources {
            inventory.push((*r).clone());
        }
        inventory
    }

    fn candidates(&self, me: &Me<'a>, pivot: Pivot) -> Candidates {
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
    fn instance_role(&self, pivot: &str) -> InstanceRole {
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

    fn screen(&self, resource: &Resource) -> Screen {
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
    fn own_groups(&self, me: &Me<'a>) -> Result<Vec<String>, String> {
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
    fn attached_customer_policies(&self, me: &Me<'a>) -> Result<Vec<String>, String> {
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
    fn chains(&self, me: &Me<'a>) -> Candidates {
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

    fn assumable_from(&self, from: &str) -> Vec<(String, Decision)> {
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

/// What the evaluator needs to decide the search's requests: the account's IAM principals,
/// groups and policies, the organization, Lambda functions (their resource policies), and a
/// placeholder without a policy for each resource a path creates. A resource that does not
/// exist yet has no resource policy; without the placeholder the evaluator would rightly
/// call the policy of a resource missing from the inventory unknown.
fn policy_inventory(inventory: &Inventory) -> Inventory {
    let mut out = Inventory::new();
    out.account_id = inventory.account_id.clone();
    // What the user asserted (no SCPs for code) holds for every evaluation of the search.
    out.settings = inventory.settings.clone();
    for r in &inventory.resources {
        if matches!(
            r.kind(),
            ResourceKind::IamPolicy
                | ResourceKind::IamGroup
                | ResourceKind::IamUser
                | ResourceKind::IamRole
                | ResourceKind::OrganizationsOrganization
                | ResourceKind::LambdaFunction
        ) {
            out.push(r.clone());
        }
    }
    let account = inventory.account_id.as_deref().unwrap_or("*");
    let mut created: Vec<String> = PATHS
        .iter()
        .flat_map(|p| p.steps)
        .filter_map(|s| match s.on {
            On::New(pattern) if pattern.starts_with("arn:aws:lambda:") => {
                Some(pattern.replace("{account}", account))
            }
            _ => None,
        })
        .collect();
    created.sort();
    created.dedup();
    for arn in created {
        out.push(Resource {
            id: arn.clone(),
            name: arn.clone(),
            account: inventory.account_id.clone(),
            region: None,
            tags: Default::default(),
            tags_unknown: None,
            source: cloudward_model::Source::Live,
            attribute_locations: Default::default(),
            existence_unknown: None,
            suppressions: Vec::new(),
            attributes: Attributes::LambdaFunction(cloudward_model::lambda::Function {
                function_name: "*".into(),
                function_arn: arn,
                policy: Value::Known(None),
                ..Default::default()
            }),
        });
    }
    out
}

enum GainAnswer {
    Yes(String),
    Unknown(String, String),
    No,
}

#[derive(Clone, Copy, Debug)]
enum Change<'c> {
    AdminPolicy,
    NoBoundary,
    JoinGroup(&'c str),
}

/// The pivots of a path for one principal.
enum Candidates {
    Listed { list: Vec<Candidate>, capped: bool },
    Unknown(String),
}

#[derive(Clone, Default)]
struct Candidate {
    arn: Option<String>,
    /// For chains: the `sts:AssumeRole` hops that reach `arn`.
    hops: Vec<StepResult>,
    /// What is not known about the candidate itself.
    unknown: Vec<String>,
}

impl Candidate {
    fn at(arn: String) -> Candidate {
        Candidate {
            arn: Some(arn),
            ..Default::default()
        }
    }
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

/// The role an instance runs as, as far as the inventory tells.
enum InstanceRole {
    /// This role's ARN.
    Role(String),
    /// None: the instance has no profile, or its profile holds no role of the account.
    None,
    /// Not known, with the reason.
    Unknown(String),
}
