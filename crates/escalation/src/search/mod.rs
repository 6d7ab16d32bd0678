//! The search: for each user and role of an inventory, each catalogue path, each candidate
//! pivot, ask the evaluator every step; where all are allowed, ask whether the gain is real.
//!
//! One [`Evaluator`] serves the whole inventory. Gains that follow from changing the principal
//! itself (a policy it writes, a boundary it deletes, a group it joins) are decided by the
//! same evaluator over a small hypothetical inventory: the principal as it would be, with the
//! account's managed policies, groups and organization (so its boundary and SCPs still apply).

mod gain;
mod pivots;

use gain::GainAnswer;
use pivots::InstanceRole;

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
