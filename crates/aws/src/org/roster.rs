//! The organization's accounts and where each sits: `DescribeOrganization`, `ListAccounts`,
//! and a walk of the tree (`ListRoots`, then `ListOrganizationalUnitsForParent` and
//! `ListAccountsForParent` per parent, a level at a time) for the OU path of every account and
//! the `--ou` filter. Then the filters choose the accounts to collect.
//!
//! These calls answer only the management account or a delegated administrator; from anywhere
//! else they are denied, and the organization scan cannot start ([`Error::Organization`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use aws_config::SdkConfig;
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::{CollectContext, Identity, Shared};
use crate::paginate::{paginate, Page};
use crate::{Error, NoProgress};

use super::OrgOptions;

/// Levels of organizational units walked below a root. AWS allows five; deeper levels are
/// not walked, and their accounts have no OU path (a warning says so).
pub(crate) const MAX_OU_DEPTH: usize = 10;

/// Organizational units walked at most (AWS's quota is 2,000 per organization). Past it the
/// walk stops with a warning.
pub(crate) const MAX_OUS: usize = 20_000;

/// Requests in flight while listing the organization.
const LISTING_CONCURRENCY: usize = 8;

/// One account of the organization.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Member {
    /// 12-digit account id.
    pub id: String,
    /// Its name in the organization.
    pub name: String,
    /// Organizational unit names from the root down, `Root/Workloads/Prod`; empty when the
    /// tree could not be read.
    pub ou_path: String,
    /// Ids of the root and organizational units above it, root first.
    pub parents: Vec<String>,
    /// Its state as listed (`ACTIVE`, `SUSPENDED`, ...); empty when it was not listed.
    pub state: String,
    /// Why the account was asked for but cannot be collected (not in the organization, not
    /// active). `None` for an account to collect.
    pub unavailable: Option<String>,
}

impl Member {
    /// An active account at the root, for tests.
    pub fn for_test(id: &str, name: &str) -> Member {
        Member {
            id: id.into(),
            name: name.into(),
            ou_path: "Root".into(),
            parents: vec!["r-test".into()],
            state: "ACTIVE".into(),
            unavailable: None,
        }
    }
}

/// The organization as listed, and the accounts chosen from it.
#[derive(Clone, Debug, Default)]
pub struct Roster {
    /// `o-...`.
    pub organization_id: String,
    /// The management account's id.
    pub management_account: String,
    /// The account the credentials belong to (collected without assuming a role).
    pub caller_account: String,
    /// ARN partition of the caller.
    pub partition: String,
    /// Accounts listed in the organization, all states.
    pub listed: usize,
    /// The accounts to collect, by id. Accounts asked for by `--accounts` that cannot be
    /// collected are here too, with [`Member::unavailable`] set.
    pub members: Vec<Member>,
    /// Accounts not chosen because they are not active (and were not asked for by id).
    pub inactive: Vec<Member>,
    /// What could not be read or matched while listing (an OU tree deeper than
    /// [`MAX_OU_DEPTH`], an excluded id that is not in the organization).
    pub warnings: Vec<String>,
}

/// A 12-digit account id.
pub(crate) fn is_account_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// An organizational unit (`ou-...`) or root (`r-...`) id, by its documented pattern.
pub(crate) fn is_parent_id(id: &str) -> bool {
    let rest = id
        .strip_prefix("ou-")
        .or_else(|| id.strip_prefix("r-"))
        .unwrap_or("");
    !rest.is_empty()
        && rest.len() <= 70
        && rest
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Where the tree walk placed one account.
#[derive(Clone, Debug, Default)]
struct Place {
    parents: Vec<String>,
    path: Vec<String>,
}

/// The tree walk's result.
#[derive(Default)]
struct Tree {
    /// Account id to its place.
    places: BTreeMap<String, Place>,
    /// Every root and OU id seen.
    parents: BTreeSet<String>,
    /// Why the walk is incomplete, if it is.
    incomplete: Option<String>,
}

/// List the organization and choose the accounts `org` asks for.
pub(super) async fn list(
    base: &SdkConfig,
    identity: Identity,
    region: String,
    org: &OrgOptions,
) -> Result<Roster, Error> {
    let caller_account = identity.account.clone();
    let partition = identity.partition.clone();
    let shared = Arc::new(Shared::new(
        base.clone(),
        identity,
        region,
        LISTING_CONCURRENCY,
        Arc::new(NoProgress),
    ));
    let ctx = CollectContext::new(shared, "organizations", None);
    let ctx = &ctx;
    let client = crate::config::client!(aws_sdk_organizations, &ctx.config);
    let c = &client;
    let fatal = |err: ApiError| Error::Organization {
        message: err.reason(),
    };

    let described = ctx
        .call("DescribeOrganization", c.describe_organization().send())
        .await
        .map_err(fatal)?;
    let (organization_id, management_account) = described
        .organization()
        .map(|o| {
            (
                o.id().unwrap_or_default().to_string(),
                o.master_account_id().unwrap_or_default().to_string(),
            )
        })
        .unwrap_or_default();

    let accounts = paginate(ctx, "ListAccounts", |token| async move {
        let out = ctx
            .call(
                "ListAccounts",
                c.list_accounts().set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.accounts().to_vec(),
        })
    })
    .await
    .map_err(fatal)?;

    let tree = walk(ctx, c).await;
    let mut warnings = Vec::new();
    if let Some(why) = &tree.incomplete {
        if !org.ous.is_empty() {
            return Err(Error::Organization {
                message: format!("--ou needs the organization's tree, and {why}"),
            });
        }
        warnings.push(format!("OU paths are incomplete: {why}"));
    }
    for ou in &org.ous {
        if !tree.parents.contains(ou) {
            return Err(Error::Organization {
                message: format!(
                    "--ou {ou}: no such organizational unit or root in organization {organization_id}"
                ),
            });
        }
    }

    let mut listed: BTreeMap<String, Member> = BTreeMap::new();
    for a in &accounts {
        let Some(id) = a.id() else { continue };
        let state = match (a.state(), a.status()) {
            (Some(state), _) => state.as_str().to_string(),
            (None, Some(status)) => status.as_str().to_string(),
            (None, None) => String::new(),
        };
        let place = tree.places.get(id).cloned().unwrap_or_default();
        listed.insert(
            id.to_string(),
            Member {
                id: id.to_string(),
                name: a.name().unwrap_or_default().to_string(),
                ou_path: place.path.join("/"),
                parents: place.parents,
                state,
                unavailable: None,
            },
        );
    }
    let choice = choose(&listed, org, &organization_id);
    warnings.extend(choice.warnings);
    Ok(Roster {
        organization_id,
        management_account,
        caller_account,
        partition,
        listed: listed.len(),
        members: choice.members,
        inactive: choice.inactive,
        warnings,
    })
}

/// What the filters chose.
#[derive(Debug, Default)]
struct Choice {
    members: Vec<Member>,
    inactive: Vec<Member>,
    warnings: Vec<String>,
}

/// Apply `--accounts`, `--exclude-accounts` and `--ou` to the listed accounts. Pure, so the
/// filters are tested without an organization.
fn choose(listed: &BTreeMap<String, Member>, org: &OrgOptions, organization_id: &str) -> Choice {
    let mut choice = Choice::default();
    let excluded: BTreeSet<&str> = org.exclude_accounts.iter().map(String::as_str).collect();
    for id in &excluded {
        if !listed.contains_key(*id) {
            choice.warnings.push(format!(
                "--exclude-accounts {id}: not an account of organization {organization_id}"
            ));
        }
    }
    let under_ou = |m: &Member| org.ous.is_empty() || m.parents.iter().any(|p| org.ous.contains(p));
    if org.accounts.is_empty() {
        for m in listed.values() {
            if excluded.contains(m.id.as_str()) || !under_ou(m) {
                continue;
            }
            if m.state == "ACTIVE" {
                choice.members.push(m.clone());
            } else {
                choice.inactive.push(m.clone());
            }
        }
        return choice;
    }
    let asked: BTreeSet<&str> = org.accounts.iter().map(String::as_str).collect();
    for id in asked {
        if excluded.contains(id) {
            continue;
        }
        match listed.get(id) {
            Some(m) if !under_ou(m) => continue,
            Some(m) if m.state == "ACTIVE" => choice.members.push(m.clone()),
            Some(m) => choice.members.push(Member {
                unavailable: Some(format!(
                    "account {id} is {} in organization {organization_id}, not ACTIVE",
                    if m.state.is_empty() {
                        "of unknown state"
                    } else {
                        &m.state
                    }
                )),
                ..m.clone()
            }),
            // Asked for by id, so in scope: reported as not scanned, never dropped.
            None if org.ous.is_empty() => choice.members.push(Member {
                id: id.to_string(),
                unavailable: Some(format!(
                    "account {id} is not an account of organization {organization_id}"
                )),
                ..Member::default()
            }),
            None => continue,
        }
    }
    choice
}

/// Walk the tree from every root, a level at a time, placing every account.
async fn walk(ctx: &CollectContext, c: &aws_sdk_organizations::Client) -> Tree {
    let mut tree = Tree::default();
    let roots = paginate(ctx, "ListRoots", |token| async move {
        let out = ctx
            .call("ListRoots", c.list_roots().set_next_token(token).send())
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.roots().to_vec(),
        })
    })
    .await;
    let roots = match roots {
        Ok(roots) => roots,
        Err(err) => {
            tree.incomplete = Some(err.reason());
            return tree;
        }
    };
    // (parent id, the place of an account directly under it)
    let mut level: Vec<(String, Place)> = roots
        .iter()
        .filter_map(|r| {
            let id = r.id()?.to_string();
            Some((
                id.clone(),
                Place {
                    parents: vec![id],
                    path: vec![r.name().unwrap_or("Root").to_string()],
                },
            ))
        })
        .collect();
    let mut depth = 0;
    while !level.is_empty() {
        for (id, _) in &level {
            tree.parents.insert(id.clone());
        }
        if tree.parents.len() > MAX_OUS {
            tree.incomplete = Some(format!(
                "the organization has more than {MAX_OUS} organizational units; the walk \
                 stopped there"
            ));
            return tree;
        }
        let children = join_all(level.iter().map(|(id, place)| children(ctx, c, id, place))).await;
        let mut next = Vec::new();
        for found in children {
            match found {
                Ok((accounts, ous)) => {
                    tree.places.extend(accounts);
                    next.extend(ous);
                }
                Err(err) => {
                    tree.incomplete.get_or_insert(err.reason());
                }
            }
        }
        depth += 1;
        if depth > MAX_OU_DEPTH && !next.is_empty() {
            tree.incomplete.get_or_insert(format!(
                "organizational units nest deeper than {MAX_OU_DEPTH} levels; deeper ones \
                 were not walked"
            ));
            break;
        }
        level = next;
    }
    tree
}

/// Accounts placed directly under `parent`, and its child OUs with their places.
type Children = (Vec<(String, Place)>, Vec<(String, Place)>);

/// The accounts and OUs directly under one parent.
async fn children(
    ctx: &CollectContext,
    c: &aws_sdk_organizations::Client,
    parent: &str,
    place: &Place,
) -> Result<Children, ApiError> {
    let subject = format!("parent {parent}");
    let subject = &subject;
    let accounts = paginate(ctx, "ListAccountsForParent", |token| async move {
        let out = ctx
            .call_on(
                subject,
                "ListAccountsForParent",
                c.list_accounts_for_parent()
                    .parent_id(parent)
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.accounts().to_vec(),
        })
    })
    .await?;
    let ous = paginate(
        ctx,
        "ListOrganizationalUnitsForParent",
        |token| async move {
            let out = ctx
                .call_on(
                    subject,
                    "ListOrganizationalUnitsForParent",
                    c.list_organizational_units_for_parent()
                        .parent_id(parent)
                        .set_next_token(token)
                        .send(),
                )
                .await?;
            Ok::<_, ApiError>(Page {
                next: out.next_token().map(str::to_string),
                items: out.organizational_units().to_vec(),
            })
        },
    )
    .await?;
    let accounts = accounts
        .iter()
        .filter_map(|a| Some((a.id()?.to_string(), place.clone())))
        .collect();
    let ous = ous
        .iter()
        .filter_map(|ou| {
            let id = ou.id()?.to_string();
            let mut below = place.clone();
            below.parents.push(id.clone());
            below.path.push(ou.name().unwrap_or(&id).to_string());
            Some((id, below))
        })
        .collect();
    Ok((accounts, ous))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, state: &str, parents: &[&str]) -> Member {
        Member {
            id: id.into(),
            name: format!("acct-{id}"),
            ou_path: String::new(),
            parents: parents.iter().map(|p| p.to_string()).collect(),
            state: state.into(),
            unavailable: None,
        }
    }

    fn listed() -> BTreeMap<String, Member> {
        [
            member("111111111111", "ACTIVE", &["r-ab12"]),
            member("222222222222", "ACTIVE", &["r-ab12", "ou-ab12-prod0001"]),
            member(
                "333333333333",
                "ACTIVE",
                &["r-ab12", "ou-ab12-prod0001", "ou-ab12-web00001"],
            ),
            member("444444444444", "SUSPENDED", &["r-ab12", "ou-ab12-prod0001"]),
        ]
        .into_iter()
        .map(|m| (m.id.clone(), m))
        .collect()
    }

    fn ids(members: &[Member]) -> Vec<&str> {
        members.iter().map(|m| m.id.as_str()).collect()
    }

    #[test]
    fn by_default_every_active_account_and_the_inactive_ones_aside() {
        let choice = choose(&listed(), &OrgOptions::default(), "o-1");
        assert_eq!(
            ids(&choice.members),
            ["111111111111", "222222222222", "333333333333"]
        );
        assert_eq!(ids(&choice.inactive), ["444444444444"]);
        assert!(choice.warnings.is_empty());
    }

    #[test]
    fn an_ou_includes_its_children_at_any_depth() {
        let org = OrgOptions {
            ous: vec!["ou-ab12-prod0001".into()],
            ..OrgOptions::default()
        };
        let choice = choose(&listed(), &org, "o-1");
        assert_eq!(ids(&choice.members), ["222222222222", "333333333333"]);
        assert_eq!(ids(&choice.inactive), ["444444444444"]);
    }

    #[test]
    fn exclusions_win_and_unknown_exclusions_are_named() {
        let org = OrgOptions {
            exclude_accounts: vec!["222222222222".into(), "999999999999".into()],
            ..OrgOptions::default()
        };
        let choice = choose(&listed(), &org, "o-1");
        assert_eq!(ids(&choice.members), ["111111111111", "333333333333"]);
        assert_eq!(
            choice.warnings,
            ["--exclude-accounts 999999999999: not an account of organization o-1"]
        );
    }

    #[test]
    fn accounts_asked_for_by_id_are_never_dropped_silently() {
        let org = OrgOptions {
            accounts: vec![
                "333333333333".into(),
                "444444444444".into(),
                "999999999999".into(),
            ],
            ..OrgOptions::default()
        };
        let choice = choose(&listed(), &org, "o-1");
        assert_eq!(
            ids(&choice.members),
            ["333333333333", "444444444444", "999999999999"]
        );
        assert_eq!(choice.members[0].unavailable, None);
        assert_eq!(
            choice.members[1].unavailable.as_deref(),
            Some("account 444444444444 is SUSPENDED in organization o-1, not ACTIVE")
        );
        assert_eq!(
            choice.members[2].unavailable.as_deref(),
            Some("account 999999999999 is not an account of organization o-1")
        );
    }

    #[test]
    fn ids_are_checked_by_shape() {
        assert!(is_account_id("012345678901"));
        assert!(!is_account_id("12345678901"));
        assert!(!is_account_id("01234567890a"));
        assert!(is_parent_id("r-ab12"));
        assert!(is_parent_id("ou-ab12-cdef3456"));
        assert!(!is_parent_id("ou-"));
        assert!(!is_parent_id("Prod"));
        assert!(!is_parent_id("ou-AB12"));
    }
}
