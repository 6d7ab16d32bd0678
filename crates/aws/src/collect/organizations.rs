//! AWS Organizations, from the scanned account: `DescribeOrganization`; then, in an
//! organization, the service control policies and their targets, the delegated administrators
//! of the security services, IAM's centralized root access features
//! (`iam:ListOrganizationsFeatures`), and for the policy evaluator each SCP's text
//! (`DescribePolicy`) and the account's path from the root (`ListParents`).
//!
//! `AWSOrganizationsNotInUseException` means the account is in no organization: a known
//! `None`. The policy and delegated-administrator listings answer only the management account
//! or a delegated administrator; from a member account they are denied, and stay Unknown with
//! that reason.

use std::collections::BTreeMap;
use std::sync::Arc;

use aws_sdk_organizations::types::PolicyType;
use cloudward_model::organizations::{Membership, Organization, Scp, Target};
use cloudward_model::policy::PolicyDocument;
use cloudward_model::{Attributes, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// The service principals whose delegated administrators are read.
const PRINCIPALS: &[&str] = &[
    "config.amazonaws.com",
    "guardduty.amazonaws.com",
    "securityhub.amazonaws.com",
];

/// IAM errors that mean "centralized root access is not (and cannot be) on", not a failure.
const ROOT_ACCESS_OFF: &[&str] = &[
    "ServiceAccessNotEnabledException",
    "OrganizationNotInAllFeaturesModeException",
    "OrganizationNotFoundException",
];

/// Collect the account's organization into an `OrganizationsOrganization` resource.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_organizations, &ctx.config);
    let c = &client;
    let membership = match ctx
        .call("DescribeOrganization", c.describe_organization().send())
        .await
    {
        Ok(out) => match out.organization() {
            Some(o) => Value::Known(Some(Membership {
                id: o.id().unwrap_or_default().to_string(),
                arn: o.arn().unwrap_or_default().to_string(),
                feature_set: match o.feature_set() {
                    Some(f) => Value::Known(f.as_str().to_string()),
                    None => Value::unknown("DescribeOrganization returned no FeatureSet"),
                },
                management_account_id: o.master_account_id().unwrap_or_default().to_string(),
            })),
            None => Value::unknown("DescribeOrganization returned no Organization"),
        },
        Err(err) if err.is_code("AWSOrganizationsNotInUseException") => Value::Known(None),
        Err(err) => ctx.failed(&err),
    };
    let organization = if matches!(membership, Value::Known(None)) {
        Organization {
            account_id: ctx.account().to_string(),
            membership,
            scps: Value::Known(Vec::new()),
            delegated_administrators: PRINCIPALS
                .iter()
                .map(|p| (p.to_string(), Value::Known(Vec::new())))
                .collect(),
            root_access_features: Value::Known(Vec::new()),
            parent_path: Value::Known(Vec::new()),
        }
    } else {
        let (scps, delegated_administrators, root_access_features, parent_path) = tokio::join!(
            scps(ctx, c),
            delegated(ctx, c),
            root_access(ctx),
            parent_path(ctx, c)
        );
        Organization {
            account_id: ctx.account().to_string(),
            membership,
            scps,
            delegated_administrators,
            root_access_features,
            parent_path,
        }
    };
    ctx.push(ctx.resource(
        format!(
            "arn:{}:organizations::{}:account-organization",
            ctx.partition(),
            ctx.account()
        ),
        ctx.account().to_string(),
        Attributes::OrganizationsOrganization(organization),
    ));
}

/// The SCPs and where each is attached.
async fn scps(ctx: &CollectContext, c: &aws_sdk_organizations::Client) -> Value<Vec<Scp>> {
    let listed = paginate(ctx, "ListPolicies", |token| async move {
        let out = ctx
            .call(
                "ListPolicies",
                c.list_policies()
                    .filter(PolicyType::ServiceControlPolicy)
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.policies().to_vec(),
        })
    })
    .await;
    let policies = match listed {
        Ok(p) => p,
        Err(err) => return ctx.failed(&err),
    };
    let mut list = join_all(policies.into_iter().filter_map(|p| {
        let id = p.id()?.to_string();
        Some(async move {
            let subject = format!("policy {id}");
            let (id_ref, subject_ref) = (&id, &subject);
            let targets = paginate(ctx, "ListTargetsForPolicy", |token| async move {
                let out = ctx
                    .call_on(
                        subject_ref,
                        "ListTargetsForPolicy",
                        c.list_targets_for_policy()
                            .policy_id(id_ref)
                            .set_next_token(token)
                            .send(),
                    )
                    .await?;
                Ok::<_, ApiError>(Page {
                    next: out.next_token().map(str::to_string),
                    items: out.targets().to_vec(),
                })
            })
            .await;
            Scp {
                name: p.name().unwrap_or(&id).to_string(),
                aws_managed: p.aws_managed(),
                targets: match targets {
                    Ok(t) => {
                        let mut t: Vec<Target> = t
                            .iter()
                            .map(|t| Target {
                                target_id: t.target_id().unwrap_or_default().to_string(),
                                name: t.name().unwrap_or_default().to_string(),
                                r#type: t
                                    .r#type()
                                    .map(|t| t.as_str().to_string())
                                    .unwrap_or_default(),
                            })
                            .collect();
                        t.sort_by(|a, b| a.target_id.cmp(&b.target_id));
                        Value::Known(t)
                    }
                    Err(err) => ctx.failed(&err),
                },
                document: content(ctx, c, &id, &subject).await,
                id,
            }
        })
    }))
    .await;
    list.sort_by(|a, b| a.id.cmp(&b.id));
    Value::Known(list)
}

/// The text of one SCP (`DescribePolicy` `Content`), for the policy evaluator.
async fn content(
    ctx: &CollectContext,
    c: &aws_sdk_organizations::Client,
    id: &str,
    subject: &str,
) -> Value<PolicyDocument> {
    match ctx
        .call_on(
            subject,
            "DescribePolicy",
            c.describe_policy().policy_id(id).send(),
        )
        .await
    {
        Ok(out) => match out.policy().and_then(|p| p.content()) {
            Some(text) => PolicyDocument::parse(text).map_or_else(
                |e| Value::unknown(format!("SCP {id} is not valid JSON: {e}")),
                Value::Known,
            ),
            None => Value::unknown("DescribePolicy returned no Content"),
        },
        Err(err) => ctx.failed(&err),
    }
}

/// Deepest organization path read: a root and five levels of OUs is AWS's maximum.
const MAX_PARENT_DEPTH: usize = 6;

/// The scanned account's parents from the root down (`ListParents`, repeated upwards): the
/// levels at which an SCP must allow.
async fn parent_path(
    ctx: &CollectContext,
    c: &aws_sdk_organizations::Client,
) -> Value<Vec<String>> {
    let mut path = Vec::new();
    let mut child = ctx.account().to_string();
    for _ in 0..MAX_PARENT_DEPTH {
        let out = match ctx
            .call("ListParents", c.list_parents().child_id(&child).send())
            .await
        {
            Ok(out) => out,
            Err(err) => return ctx.failed(&err),
        };
        let Some(parent) = out.parents().first() else {
            return Value::unknown(format!("ListParents returned no parent of {child}"));
        };
        let id = parent.id().unwrap_or_default().to_string();
        let is_root = parent.r#type().is_some_and(|t| t.as_str() == "ROOT");
        path.push(id.clone());
        if is_root {
            path.reverse();
            return Value::Known(path);
        }
        child = id;
    }
    Value::unknown(format!(
        "the organization path is deeper than {MAX_PARENT_DEPTH} levels"
    ))
}

/// The delegated administrators of each principal in [`PRINCIPALS`].
async fn delegated(
    ctx: &CollectContext,
    c: &aws_sdk_organizations::Client,
) -> BTreeMap<String, Value<Vec<String>>> {
    join_all(PRINCIPALS.iter().map(|principal| async move {
        let listed = paginate(ctx, "ListDelegatedAdministrators", |token| async move {
            let out = ctx
                .call_on(
                    principal,
                    "ListDelegatedAdministrators",
                    c.list_delegated_administrators()
                        .service_principal(*principal)
                        .set_next_token(token)
                        .send(),
                )
                .await?;
            Ok::<_, ApiError>(Page {
                next: out.next_token().map(str::to_string),
                items: out.delegated_administrators().to_vec(),
            })
        })
        .await;
        let accounts = match listed {
            Ok(list) => {
                let mut ids: Vec<String> = list
                    .iter()
                    .filter_map(|d| d.id().map(str::to_string))
                    .collect();
                ids.sort();
                Value::Known(ids)
            }
            Err(err) => ctx.failed(&err),
        };
        (principal.to_string(), accounts)
    }))
    .await
    .into_iter()
    .collect()
}

/// IAM's centralized root access features, called as IAM (errors name `iam`).
async fn root_access(ctx: &CollectContext) -> Value<Vec<String>> {
    let iam = CollectContext::new(ctx.shared.clone(), "iam", None);
    let client = crate::config::iam_client(&iam.config);
    match iam
        .call(
            "ListOrganizationsFeatures",
            client.list_organizations_features().send(),
        )
        .await
    {
        Ok(out) => {
            let mut f: Vec<String> = out
                .enabled_features()
                .iter()
                .map(|f| f.as_str().to_string())
                .collect();
            f.sort();
            Value::Known(f)
        }
        Err(err) if ROOT_ACCESS_OFF.iter().any(|c| err.is_code(c)) => Value::Known(Vec::new()),
        Err(err) => iam.failed(&err),
    }
}
