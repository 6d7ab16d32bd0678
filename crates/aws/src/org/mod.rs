//! Organization-wide collection (`scan --org`, `collect --org`, issue 13): list the
//! organization's accounts from the management account (or a delegated administrator), assume a
//! role in each, and collect them concurrently, handing each account's inventory to the caller
//! as soon as it is complete.
//!
//! Three limits keep a scan of hundreds of accounts polite and its memory flat:
//! - [`OrgOptions::account_concurrency`] accounts are collected at once;
//! - [`OrgOptions::request_budget`] requests are in flight at once across all of them (one
//!   semaphore every account's calls take a permit of), on top of each account's own
//!   [`crate::CollectOptions::concurrency`];
//! - [`Organization::collect_each`] hands every finished account to a callback and keeps
//!   nothing: the caller judges and writes it, then drops it.
//!
//! An account that cannot be collected (its role cannot be assumed, the role lands in another
//! account, the account is not active) is not skipped: it arrives at the callback as an
//! [`AccountFailure`], which [`AccountFailure::inventory`] turns into an inventory whose every
//! resource kind is uncollected, so every rule reports Unknown for it with the reason.

mod assume;
pub mod queue;
mod roster;

use std::sync::Arc;

use aws_config::SdkConfig;
use cloudward_model::{CollectionError, ErrorKind, Inventory};
use futures_util::StreamExt;
use tokio::sync::Semaphore;

pub use roster::{Member, Roster};

use crate::{CollectOptions, Error, Progress};

/// The role `scan --org` assumes in each member account by default: the one AWS Organizations
/// creates in every account it creates.
pub const DEFAULT_ROLE_NAME: &str = "OrganizationAccountAccessRole";

/// Accounts collected at once by default: enough to keep the request budget busy while one
/// account waits on a slow service, few enough that a laptop's memory holds their inventories.
pub const DEFAULT_ACCOUNT_CONCURRENCY: usize = 4;

/// Requests in flight at once across all accounts by default: twice one account's default
/// limit, so that a few accounts together stay under the per-caller API rate limits of the
/// management account's network.
pub const DEFAULT_REQUEST_BUDGET: usize = 64;

/// How an organization scan chooses and reaches its accounts.
#[derive(Clone, Debug)]
pub struct OrgOptions {
    /// Role assumed in every member account (not in the account the credentials belong to,
    /// which is collected with them directly).
    pub role_name: String,
    /// `sts:AssumeRole` external id, when the role's trust policy requires one.
    pub external_id: Option<String>,
    /// Collect only these account ids (empty: every active account). An id that is not an
    /// active account of the organization is reported as not scanned, never dropped.
    pub accounts: Vec<String>,
    /// Never collect these account ids.
    pub exclude_accounts: Vec<String>,
    /// Collect only accounts under these organizational units (`ou-...`) or roots (`r-...`),
    /// at any depth.
    pub ous: Vec<String>,
    /// Accounts collected at once.
    pub account_concurrency: usize,
    /// Requests in flight at once across all accounts.
    pub request_budget: usize,
}

impl Default for OrgOptions {
    fn default() -> Self {
        OrgOptions {
            role_name: DEFAULT_ROLE_NAME.into(),
            external_id: None,
            accounts: Vec::new(),
            exclude_accounts: Vec::new(),
            ous: Vec::new(),
            account_concurrency: DEFAULT_ACCOUNT_CONCURRENCY,
            request_budget: DEFAULT_REQUEST_BUDGET,
        }
    }
}

/// Why one account could not be collected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountFailure {
    /// Service of the call that failed (`sts`, `organizations`).
    pub service: &'static str,
    /// The call that failed (`AssumeRole`, `GetCallerIdentity`, `ListAccounts`).
    pub api: &'static str,
    /// Its classification.
    pub kind: ErrorKind,
    /// One readable line.
    pub message: String,
}

impl AccountFailure {
    /// An inventory of `member` in which every resource kind is uncollected because of this
    /// failure: judged like any other inventory, it makes every rule Unknown for the account
    /// with this reason, so the account shows in every report format and in the exit code.
    pub fn inventory(&self, member: &Member) -> Inventory {
        Inventory::uncollected(&member.id, self.collection_error(member))
    }

    /// The failure as a collection error of `member` (hiding no kind: see
    /// [`Inventory::uncollected`] for that), as an organization snapshot's index keeps it.
    pub fn collection_error(&self, member: &Member) -> CollectionError {
        CollectionError {
            account: Some(member.id.clone()),
            service: self.service.to_string(),
            region: None,
            api: self.api.to_string(),
            kind: self.kind,
            message: self.message.clone(),
            ..Default::default()
        }
    }
}

/// One account's result, handed to the [`Organization::collect_each`] callback.
#[derive(Debug)]
pub struct AccountCollection {
    /// The account.
    pub member: Member,
    /// Its inventory, or why there is none.
    pub outcome: Result<Inventory, AccountFailure>,
}

/// An organization whose accounts are listed and ready to collect.
pub struct Organization {
    reach: Reach,
    roster: Roster,
}

impl Organization {
    /// List the organization the credentials of `options` (profile, endpoint, region) can see,
    /// and choose the accounts `org` asks for. Fails when the organization cannot be listed:
    /// without the list there is nothing to scan.
    pub async fn open(options: &CollectOptions, org: &OrgOptions) -> Result<Organization, Error> {
        crate::collect::check_options(options)?;
        let base = crate::config::sdk_config(options).await;
        Organization::open_with(base, options, org).await
    }

    /// [`Organization::open`] with an SDK configuration built by the caller (tests with the
    /// credentials of a provisioned user).
    pub async fn open_with(
        base: SdkConfig,
        options: &CollectOptions,
        org: &OrgOptions,
    ) -> Result<Organization, Error> {
        check_org_options(org)?;
        let (region, identity) = caller(&base, options).await?;
        let roster = roster::list(&base, identity, region, org).await?;
        let reach = Reach {
            base,
            caller_account: roster.caller_account.clone(),
            partition: roster.partition.clone(),
        };
        Ok(Organization { reach, roster })
    }

    /// How its members are reached (the publisher of a work queue reaches the queue and the
    /// results bucket with the same credentials).
    pub fn reach(&self) -> &Reach {
        &self.reach
    }

    /// The accounts chosen, and what was noticed while listing them.
    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// Collect every chosen account, at most [`OrgOptions::account_concurrency`] at once, and
    /// call `each` with every account as soon as it is done (in completion order; sort the
    /// results for a report). Nothing is kept here once `each` returns.
    pub async fn collect_each<F>(
        &self,
        options: &CollectOptions,
        org: &OrgOptions,
        progress: Arc<dyn Progress>,
        mut each: F,
    ) where
        F: FnMut(AccountCollection),
    {
        let budget = Arc::new(Semaphore::new(org.request_budget.max(1)));
        let jobs = self.roster.members.iter().map(|member| {
            let budget = budget.clone();
            let progress = progress.clone();
            async move {
                let outcome = self
                    .reach
                    .collect(member, options, org, progress, Some(budget))
                    .await;
                AccountCollection {
                    member: member.clone(),
                    outcome,
                }
            }
        });
        let mut done =
            futures_util::stream::iter(jobs).buffer_unordered(org.account_concurrency.max(1));
        while let Some(account) = done.next().await {
            each(account);
        }
    }
}

/// How member accounts are reached from the credentials at hand: the account those credentials
/// belong to is collected with them, any other through the role of [`OrgOptions::role_name`].
/// An [`Organization`] holds one; a queue worker (which never lists the organization) opens its
/// own with [`Reach::open`].
pub struct Reach {
    base: SdkConfig,
    caller_account: String,
    partition: String,
}

impl Reach {
    /// Who the credentials of `options` are (sts:GetCallerIdentity), ready to reach members.
    pub async fn open(options: &CollectOptions) -> Result<Reach, Error> {
        crate::collect::check_options(options)?;
        let base = crate::config::sdk_config(options).await;
        let (_, identity) = caller(&base, options).await?;
        Ok(Reach {
            base,
            caller_account: identity.account,
            partition: identity.partition,
        })
    }

    /// The account the credentials belong to.
    pub fn caller_account(&self) -> &str {
        &self.caller_account
    }

    /// The SDK configuration of the credentials themselves.
    pub fn base(&self) -> &SdkConfig {
        &self.base
    }

    /// Collect one member: assume its role (unless it is the caller's own account), collect
    /// it with `budget` shared with other accounts when given, and check that the credentials
    /// landed in that account.
    pub async fn collect(
        &self,
        member: &Member,
        options: &CollectOptions,
        org: &OrgOptions,
        progress: Arc<dyn Progress>,
        budget: Option<Arc<Semaphore>>,
    ) -> Result<Inventory, AccountFailure> {
        if !assume::is_role_name(&org.role_name) {
            return Err(AccountFailure {
                service: "sts",
                api: "AssumeRole",
                kind: ErrorKind::Other,
                message: format!("{:?} is not an IAM role name", org.role_name),
            });
        }
        if let Some(reason) = &member.unavailable {
            return Err(AccountFailure {
                service: "organizations",
                api: "ListAccounts",
                kind: ErrorKind::Other,
                message: reason.clone(),
            });
        }
        let config = if member.id == self.caller_account {
            // The account the credentials belong to: no role to assume (the management
            // account has no OrganizationAccountAccessRole of its own).
            self.base.clone()
        } else {
            assume::member_config(&self.base, &self.partition, member, org).await?
        };
        tracing::info!(account = %member.id, name = %member.name, "collecting member account");
        let inventory = crate::collect::collect_with(config, options, progress, budget)
            .await
            .map_err(|e| AccountFailure {
                service: "sts",
                api: "GetCallerIdentity",
                kind: ErrorKind::Other,
                message: e.to_string(),
            })?;
        // The role must land in the account it was assumed for: a report must never file one
        // account's resources under another's id.
        match inventory.account_id.as_deref() {
            Some(id) if id == member.id => Ok(inventory),
            other => Err(AccountFailure {
                service: "sts",
                api: "GetCallerIdentity",
                kind: ErrorKind::Other,
                message: format!(
                    "the credentials for account {} belong to account {}",
                    member.id,
                    other.unwrap_or("(none)")
                ),
            }),
        }
    }
}

/// The region of `base` and who its credentials are (sts:GetCallerIdentity there).
async fn caller(
    base: &SdkConfig,
    options: &CollectOptions,
) -> Result<(String, crate::context::Identity), Error> {
    let Some(region) = base.region().map(|r| r.as_ref().to_string()) else {
        return Err(Error::NoRegion);
    };
    let identity =
        crate::collect::account::identity(base, &region, options.profile.as_deref()).await?;
    Ok((region, identity))
}

/// Range checks of the organization options.
fn check_org_options(org: &OrgOptions) -> Result<(), Error> {
    let invalid = |option, message: String| Err(Error::InvalidOption { option, message });
    if org.account_concurrency == 0 {
        return invalid("account_concurrency", "must be at least 1".into());
    }
    if org.request_budget == 0 {
        return invalid("request_budget", "must be at least 1".into());
    }
    if !assume::is_role_name(&org.role_name) {
        return invalid(
            "role_name",
            format!(
                "{:?} is not an IAM role name (1-64 of A-Z a-z 0-9 + = , . @ _ -)",
                org.role_name
            ),
        );
    }
    for id in org.accounts.iter().chain(&org.exclude_accounts) {
        if !roster::is_account_id(id) {
            return invalid("accounts", format!("{id:?} is not a 12-digit account id"));
        }
    }
    for ou in &org.ous {
        if !roster::is_parent_id(ou) {
            return invalid(
                "ous",
                format!("{ou:?} is not an organizational unit (ou-...) or root (r-...) id"),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use cloudward_model::ResourceKind;

    #[test]
    fn a_failed_account_is_unknown_for_every_kind() {
        let member = Member::for_test("111111111111", "prod");
        let failure = AccountFailure {
            service: "sts",
            api: "AssumeRole",
            kind: ErrorKind::AccessDenied,
            message: "not authorized to perform sts:AssumeRole".into(),
        };
        let inventory = failure.inventory(&member);
        assert_eq!(inventory.account_id.as_deref(), Some("111111111111"));
        assert!(inventory.resources.is_empty());
        assert_eq!(inventory.errors.len(), 1);
        let error = &inventory.errors[0];
        assert_eq!(error.account.as_deref(), Some("111111111111"));
        for &kind in ResourceKind::ALL {
            assert_eq!(inventory.errors_for(kind).count(), 1, "{kind:?}");
        }
        assert_eq!(
            error.reason(),
            "sts:AssumeRole in global failed: not authorized to perform sts:AssumeRole"
        );
    }

    #[test]
    fn options_out_of_range_are_refused() {
        let ok = OrgOptions::default();
        assert!(check_org_options(&ok).is_ok());
        for bad in [
            OrgOptions {
                account_concurrency: 0,
                ..OrgOptions::default()
            },
            OrgOptions {
                request_budget: 0,
                ..OrgOptions::default()
            },
            OrgOptions {
                role_name: "no/slashes".into(),
                ..OrgOptions::default()
            },
            OrgOptions {
                accounts: vec!["12345".into()],
                ..OrgOptions::default()
            },
            OrgOptions {
                exclude_accounts: vec!["abcdefghijkl".into()],
                ..OrgOptions::default()
            },
            OrgOptions {
                ous: vec!["prod".into()],
                ..OrgOptions::default()
            },
        ] {
            assert!(check_org_options(&bad).is_err(), "{bad:?}");
        }
    }
}
