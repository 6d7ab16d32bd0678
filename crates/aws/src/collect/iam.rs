//! IAM (global): the root user, the password policy, users, groups, roles and managed
//! policies.
//!
//! Users, groups, roles and customer managed policies with every document come from one
//! paginated `GetAccountAuthorizationDetails`, which replaces thousands of `List*`/`Get*`
//! calls on a large account; policy attachments are inverted from it (it lists every
//! principal's attached policies). Per-user facts it lacks (access keys and their last use, MFA
//! devices, console password) come from the credential report and per-user calls through the
//! limiter. `AWSSupportAccess` is collected as an AWS managed policy for the support-role rule.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use aws_sdk_iam::types::{
    AssignmentStatusType, EntityType, ManagedPolicyDetail, PolicyDetail, ReportStateType,
    SummaryKeyType,
};
use chrono::{DateTime, Utc};
use cloudward_model::iam::{
    AccessKey, AccessKeyStatus, AttachedPolicy, Group, InlinePolicy, MfaDevice, PasswordPolicy,
    PasswordPolicySettings, Policy, PolicyAttachment, Role, RootAccount, ServerCertificate, User,
};
use cloudward_model::{Attributes, ErrorKind, ResourceKind, Value};
use futures_util::future::join_all;

use super::credential_report::{self, Row, ROOT_USER};
use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::convert::{policy_document, time};
use crate::paginate::{marker, paginate, Page};

/// The AWS managed policy the CIS support-role control looks for.
const SUPPORT_POLICY: &str = "AWSSupportAccess";

/// How long to wait for `GenerateCredentialReport` to reach COMPLETE.
const REPORT_WAIT: Duration = Duration::from_secs(60);

type Client = aws_sdk_iam::Client;

/// Collect IAM.
pub(crate) async fn collect(ctx: std::sync::Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::iam_client(&ctx.config);
    let (summary, password, report, details) = tokio::join!(
        account_summary(ctx, &client),
        password_policy(ctx, &client),
        credential_report(ctx, &client),
        authorization_details(ctx, &client),
    );
    root_account(ctx, &client, summary, &report).await;
    server_certificates(ctx, &client).await;
    ctx.push(ctx.resource(
        format!(
            "arn:{}:iam::{}:account-password-policy",
            ctx.partition(),
            ctx.account()
        ),
        "password-policy".into(),
        Attributes::IamPasswordPolicy(PasswordPolicy { policy: password }),
    ));
    let support = support_policy(ctx, &client);
    match details {
        Ok(details) => {
            let attachments = invert_attachments(&details);
            tokio::join!(users(ctx, &client, &details, &report), support);
            groups(ctx, &details);
            roles(ctx, &details);
            policies(ctx, &details, &attachments);
        }
        Err(err) => {
            ctx.listing_failed(
                &err,
                &[
                    ResourceKind::IamUser,
                    ResourceKind::IamGroup,
                    ResourceKind::IamRole,
                    ResourceKind::IamPolicy,
                ],
            );
            support.await;
        }
    }
}

/// `GetAccountSummary` → (MFA enabled, access keys present).
struct Summary {
    mfa_enabled: Value<bool>,
    access_keys_present: Value<bool>,
}

async fn account_summary(ctx: &CollectContext, client: &Client) -> Summary {
    match ctx
        .call("GetAccountSummary", client.get_account_summary().send())
        .await
    {
        Ok(out) => {
            let map = out.summary_map();
            let flag = |key: SummaryKeyType| match map.and_then(|m| m.get(&key)) {
                Some(v) => Value::Known(*v > 0),
                None => Value::unknown(format!(
                    "iam:GetAccountSummary returned no {} entry",
                    key.as_str()
                )),
            };
            Summary {
                mfa_enabled: flag(SummaryKeyType::AccountMfaEnabled),
                access_keys_present: flag(SummaryKeyType::AccountAccessKeysPresent),
            }
        }
        Err(err) => {
            let v: Value<bool> = ctx.failed(&err);
            Summary {
                mfa_enabled: v.clone(),
                access_keys_present: v,
            }
        }
    }
}

async fn password_policy(
    ctx: &CollectContext,
    client: &Client,
) -> Value<Option<PasswordPolicySettings>> {
    match ctx
        .call(
            "GetAccountPasswordPolicy",
            client.get_account_password_policy().send(),
        )
        .await
    {
        Ok(out) => Value::Known(out.password_policy().map(|p| {
            let known_u32 = |v: Option<i32>, field: &str| match v {
                Some(n) => Value::Known(u32::try_from(n).unwrap_or(0)),
                None => Value::unknown(format!("GetAccountPasswordPolicy returned no {field}")),
            };
            PasswordPolicySettings {
                minimum_password_length: known_u32(
                    p.minimum_password_length(),
                    "MinimumPasswordLength",
                ),
                password_reuse_prevention: Value::Known(
                    p.password_reuse_prevention()
                        .and_then(|n| u32::try_from(n).ok()),
                ),
                require_symbols: Value::Known(p.require_symbols()),
                require_numbers: Value::Known(p.require_numbers()),
                require_uppercase_characters: Value::Known(p.require_uppercase_characters()),
                require_lowercase_characters: Value::Known(p.require_lowercase_characters()),
                max_password_age: Value::Known(
                    p.max_password_age()
                        .filter(|n| *n > 0)
                        .and_then(|n| u32::try_from(n).ok()),
                ),
            }
        })),
        Err(err) if err.is_code("NoSuchEntity") => Value::Known(None),
        Err(err) => ctx.failed(&err),
    }
}

/// The parsed report, or why there is none.
type Report = Result<Vec<Row>, String>;

async fn credential_report(ctx: &CollectContext, client: &Client) -> Report {
    let started = tokio::time::Instant::now();
    // AWS usually completes the report within seconds: poll soon, then back off.
    let mut delay = Duration::from_millis(300);
    loop {
        // The one write-like call: AWS builds the report only when asked. It changes no
        // configuration and is answered from a cache for four hours.
        match ctx
            .call(
                "GenerateCredentialReport",
                client.generate_credential_report().send(),
            )
            .await
        {
            Ok(out) if out.state() == Some(&ReportStateType::Complete) => break,
            Ok(_) if started.elapsed() < REPORT_WAIT => {
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(3));
            }
            Ok(out) => {
                let message = format!(
                    "the credential report was not COMPLETE after {}s (state {:?})",
                    REPORT_WAIT.as_secs(),
                    out.state().map(ReportStateType::as_str)
                );
                ctx.problem(
                    "GenerateCredentialReport",
                    ErrorKind::Timeout,
                    message.clone(),
                    &[],
                );
                return Err(message);
            }
            Err(err) => {
                let reason = ctx.failed::<()>(&err);
                return Err(reason.unknown_reason().unwrap_or_default().to_string());
            }
        }
    }
    match ctx
        .call("GetCredentialReport", client.get_credential_report().send())
        .await
    {
        Ok(out) => {
            let content = out.content().map(|b| b.as_ref()).unwrap_or_default();
            credential_report::parse(content).map_err(|e| {
                let message = e.to_string();
                ctx.problem(
                    "GetCredentialReport",
                    ErrorKind::Other,
                    message.clone(),
                    &[],
                );
                message
            })
        }
        Err(err) => {
            let reason = ctx.failed::<()>(&err);
            Err(reason.unknown_reason().unwrap_or_default().to_string())
        }
    }
}

/// Root facts: account summary, the root row of the report, and virtual MFA devices.
async fn root_account(ctx: &CollectContext, client: &Client, summary: Summary, report: &Report) {
    let root_row = match report {
        Ok(rows) => rows
            .iter()
            .find(|r| r.user == ROOT_USER)
            .ok_or_else(|| "the credential report has no <root_account> row".to_string()),
        Err(reason) => Err(format!("no credential report: {reason}")),
    };
    let password_last_used = match &root_row {
        Ok(row) => match row.password_last_used.as_option() {
            Ok(t) => Value::Known(t),
            Err(marker) => Value::unknown(format!("root password_last_used is {marker}")),
        },
        Err(reason) => Value::unknown(reason.clone()),
    };
    let access_key_last_used = match &root_row {
        Ok(row) => Value::Known(
            row.access_keys
                .iter()
                .filter(|k| k.exists())
                .map(|k| k.last_used.as_option().ok().flatten())
                .collect(),
        ),
        Err(reason) => Value::unknown(reason.clone()),
    };
    let hardware_mfa_enabled = match &summary.mfa_enabled {
        Value::Known(false) => Value::Known(false),
        Value::Unknown(reason) => Value::unknown(reason.clone()),
        Value::Known(true) => root_has_virtual_mfa(ctx, client).await.map(|virt| !virt),
    };
    ctx.push(ctx.resource(
        format!("arn:{}:iam::{}:root", ctx.partition(), ctx.account()),
        "root".into(),
        Attributes::IamRootAccount(RootAccount {
            mfa_enabled: summary.mfa_enabled,
            hardware_mfa_enabled,
            access_keys_present: summary.access_keys_present,
            password_last_used,
            access_key_last_used,
        }),
    ));
}

/// Whether a virtual MFA device is assigned to root (then root's MFA is not hardware).
async fn root_has_virtual_mfa(ctx: &CollectContext, client: &Client) -> Value<bool> {
    let devices = paginate(ctx, "ListVirtualMFADevices", |token| async move {
        let out = ctx
            .call(
                "ListVirtualMFADevices",
                client
                    .list_virtual_mfa_devices()
                    .assignment_status(AssignmentStatusType::Assigned)
                    .set_marker(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: marker(out.is_truncated(), out.marker()),
            items: out
                .virtual_mfa_devices()
                .iter()
                .map(|d| is_root_virtual_device(d.serial_number(), d.user().map(|u| u.arn())))
                .collect::<Vec<bool>>(),
        })
    })
    .await;
    match devices {
        Ok(flags) => Value::Known(flags.into_iter().any(|f| f)),
        Err(err) => ctx.failed(&err),
    }
}

/// Server certificates stored in IAM, with their expiry.
async fn server_certificates(ctx: &CollectContext, client: &Client) {
    let listed = paginate(ctx, "ListServerCertificates", |token| async move {
        let out = ctx
            .call(
                "ListServerCertificates",
                client.list_server_certificates().set_marker(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: marker(out.is_truncated(), out.marker()),
            items: out.server_certificate_metadata_list().to_vec(),
        })
    })
    .await;
    match listed {
        Ok(certificates) => {
            for c in certificates {
                let name = c.server_certificate_name().to_string();
                let arn = c.arn().to_string();
                let expiration = match c.expiration().and_then(crate::convert::time) {
                    Some(t) => Value::Known(t),
                    None => Value::unknown("ListServerCertificates returned no Expiration"),
                };
                ctx.push(ctx.resource(
                    arn.clone(),
                    name.clone(),
                    Attributes::IamServerCertificate(ServerCertificate {
                        name,
                        arn,
                        expiration,
                    }),
                ));
            }
        }
        Err(err) => ctx.listing_failed(&err, &[ResourceKind::IamServerCertificate]),
    }
}

/// Root's virtual device is `arn:aws:iam::ACCOUNT:mfa/root-account-mfa-device`, or any device
/// whose user is the root ARN (`arn:aws:iam::ACCOUNT:root`).
fn is_root_virtual_device(serial: &str, user_arn: Option<&str>) -> bool {
    serial.ends_with(":mfa/root-account-mfa-device")
        || user_arn.is_some_and(|arn| arn.ends_with(":root"))
}

/// Everything `GetAccountAuthorizationDetails` returned, all pages.
#[derive(Default)]
struct Details {
    users: Vec<aws_sdk_iam::types::UserDetail>,
    groups: Vec<aws_sdk_iam::types::GroupDetail>,
    roles: Vec<aws_sdk_iam::types::RoleDetail>,
    policies: Vec<ManagedPolicyDetail>,
}

enum DetailItem {
    User(aws_sdk_iam::types::UserDetail),
    Group(aws_sdk_iam::types::GroupDetail),
    Role(aws_sdk_iam::types::RoleDetail),
    Policy(ManagedPolicyDetail),
}

async fn authorization_details(ctx: &CollectContext, client: &Client) -> Result<Details, ApiError> {
    let items = paginate(ctx, "GetAccountAuthorizationDetails", |token| async move {
        let out = ctx
            .call(
                "GetAccountAuthorizationDetails",
                client
                    .get_account_authorization_details()
                    .filter(EntityType::User)
                    .filter(EntityType::Group)
                    .filter(EntityType::Role)
                    .filter(EntityType::LocalManagedPolicy)
                    .set_marker(token)
                    .send(),
            )
            .await?;
        let next = marker(out.is_truncated(), out.marker());
        let mut items = Vec::new();
        items.extend(
            out.user_detail_list
                .unwrap_or_default()
                .into_iter()
                .map(DetailItem::User),
        );
        items.extend(
            out.group_detail_list
                .unwrap_or_default()
                .into_iter()
                .map(DetailItem::Group),
        );
        items.extend(
            out.role_detail_list
                .unwrap_or_default()
                .into_iter()
                .map(DetailItem::Role),
        );
        items.extend(
            out.policies
                .unwrap_or_default()
                .into_iter()
                .map(DetailItem::Policy),
        );
        Ok::<_, ApiError>(Page { items, next })
    })
    .await?;
    let mut details = Details::default();
    for item in items {
        match item {
            DetailItem::User(u) => details.users.push(u),
            DetailItem::Group(g) => details.groups.push(g),
            DetailItem::Role(r) => details.roles.push(r),
            DetailItem::Policy(p) => details.policies.push(p),
        }
    }
    Ok(details)
}

fn attached(list: &[aws_sdk_iam::types::AttachedPolicy]) -> Vec<AttachedPolicy> {
    let mut out: Vec<AttachedPolicy> = list
        .iter()
        .map(|p| AttachedPolicy {
            policy_name: p.policy_name().unwrap_or_default().to_string(),
            policy_arn: p.policy_arn().unwrap_or_default().to_string(),
        })
        .collect();
    out.sort();
    out
}

fn inline(list: &[PolicyDetail]) -> Vec<InlinePolicy> {
    let mut out: Vec<InlinePolicy> = list
        .iter()
        .map(|p| InlinePolicy {
            policy_name: p.policy_name().unwrap_or_default().to_string(),
            document: match p.policy_document() {
                Some(raw) => policy_document(raw).map_or_else(Value::Unknown, Value::Known),
                None => Value::unknown("GetAccountAuthorizationDetails returned no document"),
            },
        })
        .collect();
    out.sort_by(|a, b| a.policy_name.cmp(&b.policy_name));
    out
}

fn tags(list: &[aws_sdk_iam::types::Tag]) -> BTreeMap<String, String> {
    list.iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect()
}

/// Policy ARN → principals it is attached to, from every principal's attached list.
fn invert_attachments(details: &Details) -> HashMap<String, Vec<PolicyAttachment>> {
    let mut map: HashMap<String, Vec<PolicyAttachment>> = HashMap::new();
    let mut add = |arn: Option<&str>, who: PolicyAttachment| {
        if let Some(arn) = arn {
            map.entry(arn.to_string()).or_default().push(who);
        }
    };
    for u in &details.users {
        for p in u.attached_managed_policies() {
            add(
                p.policy_arn(),
                PolicyAttachment::User(u.user_name().unwrap_or_default().into()),
            );
        }
    }
    for g in &details.groups {
        for p in g.attached_managed_policies() {
            add(
                p.policy_arn(),
                PolicyAttachment::Group(g.group_name().unwrap_or_default().into()),
            );
        }
    }
    for r in &details.roles {
        for p in r.attached_managed_policies() {
            add(
                p.policy_arn(),
                PolicyAttachment::Role(r.role_name().unwrap_or_default().into()),
            );
        }
    }
    for list in map.values_mut() {
        list.sort();
        list.dedup();
    }
    map
}

async fn users(ctx: &CollectContext, client: &Client, details: &Details, report: &Report) {
    let rows: HashMap<&str, &Row> = match report {
        Ok(rows) => rows.iter().map(|r| (r.arn.as_str(), r)).collect(),
        Err(_) => HashMap::new(),
    };
    // Without a report, `ListUsers` still tells when each password was last used.
    let last_used = match report {
        Ok(_) => None,
        Err(reason) => Some(password_last_used_from_list(ctx, client, reason).await),
    };
    let futures = details.users.iter().map(|u| {
        let row = u.arn().and_then(|arn| rows.get(arn).copied());
        let fallback = last_used.as_ref().map(|r| {
            r.as_ref()
                .map(|m| m.get(u.user_name().unwrap_or_default()).copied())
        });
        user(ctx, client, u, row, fallback)
    });
    join_all(futures).await;
}

/// User name → `PasswordLastUsed` (absent: never used, or no password), from `ListUsers`;
/// `Err` holds the Unknown reason when neither source answered.
type LastUsed = Result<HashMap<String, Option<DateTime<Utc>>>, String>;

async fn password_last_used_from_list(
    ctx: &CollectContext,
    client: &Client,
    report_error: &str,
) -> LastUsed {
    let listed = paginate(ctx, "ListUsers", |token| async move {
        let out = ctx
            .call("ListUsers", client.list_users().set_marker(token).send())
            .await?;
        Ok::<_, ApiError>(Page {
            next: marker(out.is_truncated(), out.marker()),
            items: out
                .users()
                .iter()
                .map(|u| {
                    (
                        u.user_name().to_string(),
                        u.password_last_used().and_then(time),
                    )
                })
                .collect(),
        })
    })
    .await;
    match listed {
        Ok(users) => Ok(users.into_iter().collect()),
        Err(err) => {
            let reason = ctx.failed::<()>(&err);
            Err(format!(
                "no credential report ({report_error}) and {}",
                reason.unknown_reason().unwrap_or_default()
            ))
        }
    }
}

async fn user(
    ctx: &CollectContext,
    client: &Client,
    u: &aws_sdk_iam::types::UserDetail,
    row: Option<&Row>,
    // Set when there is no credential report: the `ListUsers` answer for this user.
    fallback: Option<Result<Option<Option<DateTime<Utc>>>, &String>>,
) {
    let name = u.user_name().unwrap_or_default().to_string();
    let arn = u.arn().unwrap_or_default().to_string();
    let (mfa_devices, access_keys, password_enabled) = tokio::join!(
        mfa_devices(ctx, client, &name),
        access_keys(ctx, client, &name),
        password_enabled(ctx, client, &name, row),
    );
    let password_last_used = match (row, fallback) {
        (Some(row), _) => match row.password_last_used.as_option() {
            Ok(t) => Value::Known(t),
            Err(marker) => Value::unknown(format!("password_last_used is {marker}")),
        },
        (None, Some(Ok(Some(t)))) => Value::Known(t),
        (None, Some(Ok(None))) => Value::unknown(format!(
            "user {name} is in neither the credential report nor ListUsers"
        )),
        (None, Some(Err(reason))) => Value::unknown(reason.clone()),
        (None, None) => Value::unknown(format!(
            "user {name} is not in the credential report (created after it was generated)"
        )),
    };
    let mut resource = ctx.resource(
        arn.clone(),
        name.clone(),
        Attributes::IamUser(User {
            user_name: name,
            arn,
            create_date: known_time(u.create_date(), "CreateDate"),
            password_enabled,
            password_last_used,
            mfa_devices,
            access_keys,
            attached_policies: Value::Known(attached(u.attached_managed_policies())),
            inline_policies: Value::Known(inline(u.user_policy_list())),
            groups: Value::Known({
                let mut g = u.group_list().to_vec();
                g.sort();
                g
            }),
            permissions_boundary: Value::Known(
                u.permissions_boundary()
                    .and_then(|b| b.permissions_boundary_arn())
                    .map(str::to_string),
            ),
        }),
    );
    resource.set_tags(tags(u.tags()));
    ctx.push(resource);
}

fn known_time(t: Option<&aws_smithy_types::DateTime>, field: &str) -> Value<DateTime<Utc>> {
    match t.and_then(time) {
        Some(t) => Value::Known(t),
        None => Value::unknown(format!("no {field} in the answer")),
    }
}

async fn mfa_devices(ctx: &CollectContext, client: &Client, user: &str) -> Value<Vec<MfaDevice>> {
    let subject = &format!("user {user}");
    let result = paginate(ctx, "ListMFADevices", |token| async move {
        let out = ctx
            .call_on(
                subject,
                "ListMFADevices",
                client
                    .list_mfa_devices()
                    .user_name(user)
                    .set_marker(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: marker(out.is_truncated(), out.marker()),
            items: out
                .mfa_devices()
                .iter()
                .map(|d| MfaDevice {
                    serial_number: d.serial_number().to_string(),
                    enable_date: time(d.enable_date()),
                })
                .collect(),
        })
    })
    .await;
    match result {
        Ok(devices) => Value::Known(devices),
        Err(err) => ctx.failed(&err),
    }
}

async fn access_keys(ctx: &CollectContext, client: &Client, user: &str) -> Value<Vec<AccessKey>> {
    let subject = &format!("user {user}");
    let listed = paginate(ctx, "ListAccessKeys", |token| async move {
        let out = ctx
            .call_on(
                subject,
                "ListAccessKeys",
                client
                    .list_access_keys()
                    .user_name(user)
                    .set_marker(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: marker(out.is_truncated(), out.marker()),
            items: out.access_key_metadata().to_vec(),
        })
    })
    .await;
    let keys = match listed {
        Ok(keys) => keys,
        Err(err) => return ctx.failed(&err),
    };
    let futures = keys.iter().map(|k| async move {
        let id = k.access_key_id().unwrap_or_default().to_string();
        let key_subject = format!("user {user} access key {id}");
        let last_used = match ctx
            .call_on(
                &key_subject,
                "GetAccessKeyLastUsed",
                client.get_access_key_last_used().access_key_id(&id).send(),
            )
            .await
        {
            Ok(out) => Value::Known(
                out.access_key_last_used()
                    .and_then(|u| u.last_used_date())
                    .and_then(time),
            ),
            Err(err) => ctx.failed(&err),
        };
        AccessKey {
            status: match k.status().map(|s| s.as_str()) {
                Some("Active") => AccessKeyStatus::Active,
                _ => AccessKeyStatus::Inactive,
            },
            access_key_id: id,
            create_date: known_time(k.create_date(), "CreateDate"),
            last_used_date: last_used,
        }
    });
    let mut keys = join_all(futures).await;
    keys.sort_by(|a, b| a.access_key_id.cmp(&b.access_key_id));
    Value::Known(keys)
}

/// From the credential report when the user is in it, else `GetLoginProfile`.
async fn password_enabled(
    ctx: &CollectContext,
    client: &Client,
    user: &str,
    row: Option<&Row>,
) -> Value<bool> {
    if let Some(enabled) = row.and_then(|r| r.password_enabled) {
        return Value::Known(enabled);
    }
    match ctx
        .call_on(
            &format!("user {user}"),
            "GetLoginProfile",
            client.get_login_profile().user_name(user).send(),
        )
        .await
    {
        Ok(_) => Value::Known(true),
        Err(err) if err.is_code("NoSuchEntity") => Value::Known(false),
        Err(err) => ctx.failed(&err),
    }
}

fn groups(ctx: &CollectContext, details: &Details) {
    for g in &details.groups {
        let name = g.group_name().unwrap_or_default().to_string();
        let arn = g.arn().unwrap_or_default().to_string();
        ctx.push(ctx.resource(
            arn.clone(),
            name.clone(),
            Attributes::IamGroup(Group {
                group_name: name,
                arn,
                attached_policies: Value::Known(attached(g.attached_managed_policies())),
                inline_policies: Value::Known(inline(g.group_policy_list())),
            }),
        ));
    }
}

fn roles(ctx: &CollectContext, details: &Details) {
    for r in &details.roles {
        let name = r.role_name().unwrap_or_default().to_string();
        let arn = r.arn().unwrap_or_default().to_string();
        let mut resource = ctx.resource(
            arn.clone(),
            name.clone(),
            Attributes::IamRole(Role {
                role_name: name,
                arn,
                path: r.path().unwrap_or("/").to_string(),
                assume_role_policy: match r.assume_role_policy_document() {
                    Some(raw) => policy_document(raw).map_or_else(Value::Unknown, Value::Known),
                    None => {
                        Value::unknown("GetAccountAuthorizationDetails returned no trust policy")
                    }
                },
                attached_policies: Value::Known(attached(r.attached_managed_policies())),
                inline_policies: Value::Known(inline(r.role_policy_list())),
                create_date: match r.create_date().and_then(crate::convert::time) {
                    Some(t) => Value::Known(t),
                    None => Value::unknown("GetAccountAuthorizationDetails returned no CreateDate"),
                },
                // An absent RoleLastUsed (or LastUsedDate) means no use IAM has tracked.
                last_used: Value::Known(
                    r.role_last_used()
                        .and_then(|u| u.last_used_date())
                        .and_then(crate::convert::time),
                ),
                permissions_boundary: Value::Known(
                    r.permissions_boundary()
                        .and_then(|b| b.permissions_boundary_arn())
                        .map(str::to_string),
                ),
                instance_profiles: Value::Known({
                    let mut arns: Vec<String> = r
                        .instance_profile_list()
                        .iter()
                        .map(|p| p.arn().to_string())
                        .collect();
                    arns.sort();
                    arns
                }),
            }),
        );
        resource.set_tags(tags(r.tags()));
        ctx.push(resource);
    }
}

fn policies(
    ctx: &CollectContext,
    details: &Details,
    attachments: &HashMap<String, Vec<PolicyAttachment>>,
) {
    for p in &details.policies {
        let arn = p.arn().unwrap_or_default().to_string();
        // Some endpoints leave PolicyName out of this answer; the ARN ends with it.
        let name = p
            .policy_name()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| arn.rsplit('/').next().unwrap_or_default())
            .to_string();
        let default = p
            .policy_version_list()
            .iter()
            .find(|v| v.is_default_version());
        let document = match default.and_then(|v| v.document()) {
            Some(raw) => policy_document(raw).map_or_else(Value::Unknown, Value::Known),
            None => Value::unknown(
                "GetAccountAuthorizationDetails returned no default version document",
            ),
        };
        ctx.push(ctx.resource(
            arn.clone(),
            name.clone(),
            Attributes::IamPolicy(Policy {
                policy_name: name,
                aws_managed: arn.contains(":iam::aws:policy/"),
                document,
                attachments: Value::Known(attachments.get(&arn).cloned().unwrap_or_default()),
                arn,
            }),
        ));
    }
}

/// `AWSSupportAccess`: its default document and who it is attached to
/// (`ListEntitiesForPolicy`). Not collected when it does not exist in this partition.
///
/// When `GetPolicy` fails, whether the policy exists is unknown, and so are its attachments:
/// an empty `ListEntitiesForPolicy` would otherwise read as "attached to nobody" (a Fail of the
/// support-role rule) for a policy that may not exist (the fault suite found this: moto lists
/// no entities for a policy it does not have, where AWS answers NoSuchEntity).
async fn support_policy(ctx: &CollectContext, client: &Client) {
    let arn = format!("arn:{}:iam::aws:policy/{SUPPORT_POLICY}", ctx.partition());
    let mut existence_unknown = None;
    let document = match ctx
        .call("GetPolicy", client.get_policy().policy_arn(&arn).send())
        .await
    {
        Ok(out) => match out.policy().and_then(|p| p.default_version_id()) {
            Some(version) => match ctx
                .call(
                    "GetPolicyVersion",
                    client
                        .get_policy_version()
                        .policy_arn(&arn)
                        .version_id(version)
                        .send(),
                )
                .await
            {
                Ok(out) => match out.policy_version().and_then(|v| v.document()) {
                    Some(raw) => policy_document(raw).map_or_else(Value::Unknown, Value::Known),
                    None => Value::unknown("GetPolicyVersion returned no document"),
                },
                Err(err) => ctx.failed(&err),
            },
            None => Value::unknown("GetPolicy returned no DefaultVersionId"),
        },
        Err(err) if err.is_code("NoSuchEntity") => {
            tracing::debug!(%arn, "AWS managed policy does not exist in this partition");
            return;
        }
        Err(err) => {
            let unknown: Value<_> = ctx.failed(&err);
            existence_unknown = unknown.unknown_reason().map(str::to_string);
            unknown
        }
    };
    let attachments = match &existence_unknown {
        Some(reason) => Value::unknown(format!(
            "whether {SUPPORT_POLICY} exists is unknown: {reason}"
        )),
        None => entities(ctx, client, &arn).await,
    };
    ctx.push(ctx.resource(
        arn.clone(),
        SUPPORT_POLICY.into(),
        Attributes::IamPolicy(Policy {
            policy_name: SUPPORT_POLICY.into(),
            arn,
            aws_managed: true,
            document,
            attachments,
        }),
    ));
}

/// Who `arn` is attached to, all pages of `ListEntitiesForPolicy`.
async fn entities(
    ctx: &CollectContext,
    client: &Client,
    arn: &str,
) -> Value<Vec<PolicyAttachment>> {
    let entities = paginate(ctx, "ListEntitiesForPolicy", |token| async move {
        let out = ctx
            .call(
                "ListEntitiesForPolicy",
                client
                    .list_entities_for_policy()
                    .policy_arn(arn)
                    .set_marker(token)
                    .send(),
            )
            .await?;
        let mut items = Vec::new();
        items.extend(
            out.policy_users()
                .iter()
                .map(|u| PolicyAttachment::User(u.user_name().unwrap_or_default().into())),
        );
        items.extend(
            out.policy_groups()
                .iter()
                .map(|g| PolicyAttachment::Group(g.group_name().unwrap_or_default().into())),
        );
        items.extend(
            out.policy_roles()
                .iter()
                .map(|r| PolicyAttachment::Role(r.role_name().unwrap_or_default().into())),
        );
        Ok::<_, ApiError>(Page {
            next: marker(out.is_truncated(), out.marker()),
            items,
        })
    })
    .await;
    match entities {
        Ok(mut list) => {
            list.sort();
            list.dedup();
            Value::Known(list)
        }
        Err(err) => ctx.failed(&err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_virtual_device_by_serial_or_user() {
        assert!(is_root_virtual_device(
            "arn:aws:iam::123456789012:mfa/root-account-mfa-device",
            None
        ));
        assert!(is_root_virtual_device(
            "arn:aws:iam::123456789012:mfa/something",
            Some("arn:aws:iam::123456789012:root")
        ));
        assert!(!is_root_virtual_device(
            "arn:aws:iam::123456789012:mfa/alice",
            Some("arn:aws:iam::123456789012:user/alice")
        ));
    }

    #[test]
    fn attachments_are_inverted_from_every_principal() {
        use aws_sdk_iam::types::{AttachedPolicy as Sdk, GroupDetail, RoleDetail, UserDetail};
        let policy = |arn: &str| Sdk::builder().policy_arn(arn).policy_name("p").build();
        let details = Details {
            users: vec![UserDetail::builder()
                .user_name("alice")
                .attached_managed_policies(policy("arn:aws:iam::1:policy/admin"))
                .build()],
            groups: vec![GroupDetail::builder()
                .group_name("ops")
                .attached_managed_policies(policy("arn:aws:iam::1:policy/admin"))
                .build()],
            roles: vec![RoleDetail::builder()
                .role_name("support")
                .attached_managed_policies(policy("arn:aws:iam::aws:policy/AWSSupportAccess"))
                .build()],
            policies: vec![],
        };
        let map = invert_attachments(&details);
        assert_eq!(
            map["arn:aws:iam::1:policy/admin"],
            [
                PolicyAttachment::User("alice".into()),
                PolicyAttachment::Group("ops".into())
            ]
        );
        assert_eq!(
            map["arn:aws:iam::aws:policy/AWSSupportAccess"],
            [PolicyAttachment::Role("support".into())]
        );
    }
}
