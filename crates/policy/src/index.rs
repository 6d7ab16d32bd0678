//! `Evaluator`: the policies of an inventory indexed once, so that many requests (the
//! escalation rules ask thousands) each cost a few lookups and the evaluation itself.
//!
//! What it resolves from the inventory: the principal (user, role, role session, root) and its
//! inline, attached and group policies and boundary; the SCPs on each level of the account's
//! organization path; the resource-based policy of the requested resource (S3 bucket, KMS key,
//! SNS topic, SQS queue, Lambda function, Secrets Manager secret, ECR repository, OpenSearch
//! domain; the trust policy of a role for `sts:AssumeRole`); and the condition keys that follow
//! from the principal (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:username`,
//! `aws:PrincipalTag/*`, `aws:PrincipalOrgID`, `aws:ResourceAccount`). Whatever it cannot
//! resolve enters the decision as an unknown policy, never as an empty one.

use std::collections::HashMap;

use cloudward_model::iam::{AttachedPolicy, InlinePolicy};
use cloudward_model::organizations::Organization;
use cloudward_model::policy::PolicyDocument;
use cloudward_model::{Inventory, Resource, ResourceKind, Value};

use crate::arn::{account_of, service_of};
use crate::decision::{Decision, PolicyKind, Verdict};
use crate::evaluate::{decide_for, Applicable, PolicyRef, Request, ScpLevel, Scps};
use crate::principal::{Principal, PrincipalKind};

/// Services whose resources carry a resource-based policy the inventory may hold. For other
/// services the evaluator assumes none (their resource policies are not modelled yet).
const POLICY_SERVICES: &[&str] = &[
    "s3",
    "kms",
    "sns",
    "sqs",
    "lambda",
    "secretsmanager",
    "ecr",
    "es",
];

/// Actions authorised by a role's trust policy.
const TRUST_ACTIONS: &[&str] = &[
    "sts:assumerole",
    "sts:assumerolewithsaml",
    "sts:assumerolewithwebidentity",
    "sts:tagsession",
    "sts:setsourceidentity",
];

/// The policies of one inventory, indexed for evaluation.
#[derive(Debug)]
pub struct Evaluator<'a> {
    inventory: &'a Inventory,
    managed: HashMap<&'a str, &'a Value<PolicyDocument>>,
    users: HashMap<&'a str, &'a Resource>,
    roles: HashMap<&'a str, &'a Resource>,
    roles_by_name: HashMap<&'a str, &'a Resource>,
    with_policy: HashMap<&'a str, &'a Resource>,
    organization: Option<&'a Organization>,
}

impl<'a> Evaluator<'a> {
    /// Index `inventory`.
    pub fn new(inventory: &'a Inventory) -> Self {
        let mut e = Evaluator {
            inventory,
            managed: HashMap::new(),
            users: HashMap::new(),
            roles: HashMap::new(),
            roles_by_name: HashMap::new(),
            with_policy: HashMap::new(),
            organization: None,
        };
        for r in &inventory.resources {
            if let Some(p) = r.as_iam_policy() {
                e.managed.insert(p.arn.as_str(), &p.document);
            } else if let Some(u) = r.as_iam_user() {
                e.users.insert(u.arn.as_str(), r);
            } else if let Some(role) = r.as_iam_role() {
                e.roles.insert(role.arn.as_str(), r);
                e.roles_by_name.insert(role.role_name.as_str(), r);
            } else if let Some(o) = r.as_organizations_organization() {
                e.organization = Some(o);
            } else if resource_policy(r).is_some() {
                e.with_policy.insert(r.id.as_str(), r);
            }
        }
        e
    }

    /// Decide `request` against the inventory's policies.
    pub fn evaluate(&self, request: &Request) -> Decision {
        let principal = match Principal::parse(&request.principal) {
            Ok(p) => p,
            Err(e) => return unknown(e),
        };
        let mut request = request.clone();
        let applicable = match self.applicable(&principal, &mut request) {
            Ok(a) => a,
            Err(e) => return unknown(e),
        };
        decide_for(&principal, &request, &applicable)
    }

    fn account(&self) -> Option<&'a str> {
        self.inventory.account_id.as_deref()
    }

    /// The policies that apply to `request`, filling principal-derived context keys the
    /// caller did not set.
    fn applicable(
        &self,
        principal: &Principal,
        request: &mut Request,
    ) -> Result<Applicable<'a>, String> {
        let mut applicable = Applicable::default();
        self.resource_side(request, &mut applicable);
        if principal.is_iam() {
            let in_inventory = principal.account.as_deref() == self.account();
            // A role session's aws:PrincipalArn is its role's ARN (with path, set from the
            // inventory below; without it for a role of another account).
            match &principal.kind {
                PrincipalKind::AssumedRole { role_arn } if !in_inventory => {
                    derive(&mut request.context, "aws:PrincipalArn", role_arn)
                }
                PrincipalKind::AssumedRole { .. } => {}
                _ => derive(&mut request.context, "aws:PrincipalArn", &principal.arn),
            }
            if let Some(account) = &principal.account {
                derive(&mut request.context, "aws:PrincipalAccount", account);
            }
            derive(&mut request.context, "aws:PrincipalIsAWSService", "false");
            if in_inventory {
                // The identity side may lift them again (a service-linked role).
                applicable.scps = self.scps();
                self.identity_side(principal, request, &mut applicable)?;
                self.org_keys(request);
            } else {
                applicable.identity.push(PolicyRef::unknown(
                    PolicyKind::Identity,
                    &principal.arn,
                    "the principal is in another account, whose policies are not in this inventory",
                ));
                applicable.scps =
                    Scps::Unknown("the principal's account is not in this inventory".into());
            }
        } else {
            derive(
                &mut request.context,
                "aws:PrincipalIsAWSService",
                &(principal.kind == PrincipalKind::Service).to_string(),
            );
        }
        if let Some(account) = &applicable.resource_account {
            derive(&mut request.context, "aws:ResourceAccount", account);
        }
        Ok(applicable)
    }

    fn identity_side(
        &self,
        principal: &Principal,
        request: &mut Request,
        applicable: &mut Applicable<'a>,
    ) -> Result<(), String> {
        let context = &mut request.context;
        match &principal.kind {
            PrincipalKind::Root => {
                derive(context, "aws:PrincipalType", "Account");
            }
            PrincipalKind::User => {
                let resource = self
                    .users
                    .get(principal.arn.as_str())
                    .ok_or_else(|| format!("user {} is not in the inventory", principal.arn))?;
                let user = resource.as_iam_user().expect("indexed as a user");
                derive(context, "aws:PrincipalType", "User");
                derive(context, "aws:username", &user.user_name);
                tags(context, resource);
                let owner = &user.arn;
                inline(&mut applicable.identity, owner, &user.inline_policies);
                self.attached(&mut applicable.identity, owner, &user.attached_policies);
                match &user.groups {
                    Value::Known(groups) => {
                        for g in groups {
                            match self.inventory.find(ResourceKind::IamGroup, g).and_then(Resource::as_iam_group) {
                                Some(group) => {
                                    inline(&mut applicable.identity, &group.arn, &group.inline_policies);
                                    self.attached(&mut applicable.identity, &group.arn, &group.attached_policies);
                                }
                                None => applicable.identity.push(PolicyRef::unknown(
                                    PolicyKind::Identity,
                                    format!("group {g}"),
                                    "the group is not in the inventory",
                                )),
                            }
                        }
                    }
                    Value::Unknown(reason) => applicable.identity.push(PolicyRef::unknown(
                        PolicyKind::Identity,
                        format!("{owner} groups"),
                        reason.clone(),
                    )),
                }
                applicable.boundary = self.boundary(owner, &user.permissions_boundary);
            }
            PrincipalKind::Role | PrincipalKind::AssumedRole { .. } => {
                let resource = match &principal.kind {
                    PrincipalKind::AssumedRole { role_arn } => role_arn
                        .rsplit('/')
                        .next()
                        .and_then(|name| self.roles_by_name.get(name)),
                    _ => self.roles.get(principal.arn.as_str()),
                }
                .ok_or_else(|| format!("role of {} is not in the inventory", principal.arn))?;
                let role = resource.as_iam_role().expect("indexed as a role");
                derive(context, "aws:PrincipalType", "AssumedRole");
                derive(context, "aws:PrincipalArn", &role.arn);
                tags(context, resource);
                inline(&mut applicable.identity, &role.arn, &role.inline_policies);
                self.attached(&mut applicable.identity, &role.arn, &role.attached_policies);
                applicable.boundary = self.boundary(&role.arn, &role.permissions_boundary);
                if role.path.starts_with("/aws-service-role/") {
                    applicable.scps = Scps::NotApplicable("service-linked role".into());
                }
            }
            PrincipalKind::FederatedUser => {
                return Err("federated user sessions are not evaluated: their session policy is not in the inventory".into())
            }
            PrincipalKind::Service | PrincipalKind::Anonymous => {}
        }
        Ok(())
    }

    fn attached(
        &self,
        out: &mut Vec<PolicyRef<'a>>,
        owner: &str,
        attached: &'a Value<Vec<AttachedPolicy>>,
    ) {
        match attached {
            Value::Known(list) => {
                for a in list {
                    out.push(self.managed_ref(PolicyKind::Identity, &a.policy_arn));
                }
            }
            Value::Unknown(reason) => out.push(PolicyRef::unknown(
                PolicyKind::Identity,
                format!("{owner} attached policies"),
                reason.clone(),
            )),
        }
    }

    fn managed_ref(&self, kind: PolicyKind, arn: &str) -> PolicyRef<'a> {
        match self.managed.get(arn) {
            Some(Value::Known(doc)) => PolicyRef::new(kind, arn, doc),
            Some(Value::Unknown(reason)) => PolicyRef::unknown(kind, arn, reason.clone()),
            None => PolicyRef::unknown(kind, arn, "the managed policy is not in the inventory"),
        }
    }

    fn boundary(&self, owner: &str, boundary: &Value<Option<String>>) -> Option<PolicyRef<'a>> {
        match boundary {
            Value::Known(None) => None,
            Value::Known(Some(arn)) => Some(self.managed_ref(PolicyKind::PermissionsBoundary, arn)),
            Value::Unknown(reason) => Some(PolicyRef::unknown(
                PolicyKind::PermissionsBoundary,
                format!("boundary of {owner}"),
                reason.clone(),
            )),
        }
    }

    /// The SCP chain of the inventory's account.
    fn scps(&self) -> Scps<'a> {
        let Some(org) = self.organization else {
            if self.inventory.settings.assume_no_scps {
                return Scps::NotApplicable(
                    "no SCP is assumed to apply (--no-scps): the code does not say".into(),
                );
            }
            return Scps::Unknown(
                "the account's AWS Organizations membership is not in the inventory".into(),
            );
        };
        let membership = match &org.membership {
            Value::Known(None) => {
                return Scps::NotApplicable("the account is in no organization".into())
            }
            Value::Known(Some(m)) => m,
            Value::Unknown(r) => return Scps::Unknown(format!("organization membership: {r}")),
        };
        if membership.management_account_id == org.account_id {
            return Scps::NotApplicable("SCPs do not restrict the management account".into());
        }
        let (scps, path) = match (&org.scps, &org.parent_path) {
            (Value::Known(s), Value::Known(p)) => (s, p),
            (Value::Unknown(r), _) | (_, Value::Unknown(r)) => return Scps::Unknown(r.clone()),
        };
        let levels = path
            .iter()
            .chain(std::iter::once(&org.account_id))
            .map(|target| ScpLevel {
                target: target.clone(),
                policies: scps
                    .iter()
                    .filter_map(|scp| {
                        let attached = match &scp.targets {
                            Value::Known(t) => t.iter().any(|t| &t.target_id == target),
                            Value::Unknown(_) => true,
                        };
                        attached.then(|| {
                            let name = format!("{} ({}) on {target}", scp.id, scp.name);
                            match (&scp.document, &scp.targets) {
                                (_, Value::Unknown(r)) => PolicyRef::unknown(
                                    PolicyKind::ServiceControl,
                                    name,
                                    format!("targets: {r}"),
                                ),
                                (Value::Known(doc), _) => {
                                    PolicyRef::new(PolicyKind::ServiceControl, name, doc)
                                }
                                (Value::Unknown(r), _) => {
                                    PolicyRef::unknown(PolicyKind::ServiceControl, name, r.clone())
                                }
                            }
                        })
                    })
                    .collect(),
            })
            .collect();
        Scps::Levels(levels)
    }

    fn org_keys(&self, request: &mut Request) {
        if let Some(org) = self.organization {
            match &org.membership {
                Value::Known(Some(m)) => derive(&mut request.context, "aws:PrincipalOrgID", &m.id),
                Value::Known(None) if !request.context.mentions("aws:PrincipalOrgID") => {
                    request.context.set_absent("aws:PrincipalOrgID");
                }
                _ => {}
            }
        }
    }

    /// The resource-based policy of the requested resource and the resource's account.
    fn resource_side(&self, request: &Request, applicable: &mut Applicable<'a>) {
        let arn = request.resource.as_str();
        let action = request.action.to_ascii_lowercase();
        applicable.resource_account = account_of(arn).map(str::to_string);
        if arn == "*" {
            applicable.resource_account = self.account().map(str::to_string);
            return;
        }
        if TRUST_ACTIONS.contains(&action.as_str()) {
            applicable.resource_policy_required = true;
            match self.roles.get(arn).and_then(|r| r.as_iam_role()) {
                Some(role) => applicable.resource.push(match &role.assume_role_policy {
                    Value::Known(doc) => {
                        PolicyRef::new(PolicyKind::Resource, format!("{arn} trust policy"), doc)
                    }
                    Value::Unknown(r) => PolicyRef::unknown(
                        PolicyKind::Resource,
                        format!("{arn} trust policy"),
                        r.clone(),
                    ),
                }),
                None => applicable.resource.push(PolicyRef::unknown(
                    PolicyKind::Resource,
                    format!("{arn} trust policy"),
                    "the role is not in the inventory",
                )),
            }
            return;
        }
        let service = service_of(arn).unwrap_or_default();
        if !POLICY_SERVICES.contains(&service) {
            return;
        }
        applicable.resource_policy_required = service == "kms";
        let holder = if service == "s3" {
            // The bucket is the resource part up to the first `/` (any partition).
            let bucket = arn
                .splitn(6, ':')
                .nth(5)
                .and_then(|r| r.split('/').next())
                .unwrap_or_default();
            self.inventory.find(ResourceKind::S3Bucket, bucket)
        } else {
            self.with_policy.get(arn).copied().or_else(|| {
                // A qualified Lambda ARN (`:function:name:alias`) has the function's policy.
                let unqualified = arn.rsplit_once(':').map(|(head, _)| head)?;
                (service == "lambda" && unqualified.matches(':').count() == 6)
                    .then(|| self.with_policy.get(unqualified).copied())
                    .flatten()
            })
        };
        let name = format!("{} policy", holder.map_or(arn, |r| r.id.as_str()));
        match holder {
            Some(r) => {
                if let Some(account) = r
                    .account
                    .clone()
                    .or_else(|| self.account().map(str::to_string))
                {
                    applicable.resource_account = Some(account);
                }
                match resource_policy(r) {
                    Some(Value::Known(Some(doc))) => {
                        applicable
                            .resource
                            .push(PolicyRef::new(PolicyKind::Resource, name, doc))
                    }
                    Some(Value::Known(None)) | None => {}
                    Some(Value::Unknown(reason)) => applicable.resource.push(PolicyRef::unknown(
                        PolicyKind::Resource,
                        name,
                        reason.clone(),
                    )),
                }
            }
            None => applicable.resource.push(PolicyRef::unknown(
                PolicyKind::Resource,
                name,
                "the resource is not in the inventory",
            )),
        }
    }
}

fn unknown(reason: String) -> Decision {
    Decision {
        verdict: Verdict::Unknown,
        statements: Vec::new(),
        reasons: vec![reason],
    }
}

/// Set a key the caller did not set.
fn derive(context: &mut crate::Context, key: &str, value: &str) {
    if !context.mentions(key) {
        context.insert(key, value);
    }
}

/// The principal's tags as `aws:PrincipalTag/*`; when they are known, other tags are absent.
fn tags(context: &mut crate::Context, resource: &Resource) {
    for (k, v) in &resource.tags {
        derive(context, &format!("aws:PrincipalTag/{k}"), v);
    }
    if resource.tags_unknown.is_none() {
        context.set_absent_prefix("aws:PrincipalTag/");
    }
}

fn inline<'a>(out: &mut Vec<PolicyRef<'a>>, owner: &str, policies: &'a Value<Vec<InlinePolicy>>) {
    match policies {
        Value::Known(list) => {
            for p in list {
                let name = format!("{owner} inline {}", p.policy_name);
                out.push(match &p.document {
                    Value::Known(doc) => PolicyRef::new(PolicyKind::Identity, name, doc),
                    Value::Unknown(r) => PolicyRef::unknown(PolicyKind::Identity, name, r.clone()),
                });
            }
        }
        Value::Unknown(reason) => out.push(PolicyRef::unknown(
            PolicyKind::Identity,
            format!("{owner} inline policies"),
            reason.clone(),
        )),
    }
}

/// The resource-based policy a resource carries, for kinds that carry one.
fn resource_policy(r: &Resource) -> Option<&Value<Option<PolicyDocument>>> {
    if let Some(b) = r.as_s3_bucket() {
        return Some(&b.policy);
    }
    if let Some(k) = r.as_kms_key() {
        return Some(&k.policy);
    }
    if let Some(t) = r.as_sns_topic() {
        return Some(&t.policy);
    }
    if let Some(q) = r.as_sqs_queue() {
        return Some(&q.policy);
    }
    if let Some(f) = r.as_lambda_function() {
        return Some(&f.policy);
    }
    if let Some(s) = r.as_secretsmanager_secret() {
        return Some(&s.policy);
    }
    if let Some(e) = r.as_ecr_repository() {
        return Some(&e.policy);
    }
    r.as_opensearch_domain().map(|d| &d.access_policies)
}
