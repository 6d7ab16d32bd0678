//! A WAFv2 IP set: read (`ListIPSets` to find it by name or id, `GetIPSet` for its addresses
//! and lock token) and update (`UpdateIPSet` with the whole new address list).
//!
//! WAF uses optimistic locking: an update carries the lock token of the read it is based on,
//! and fails with `WAFOptimisticLockException` when the set changed since. The update is then
//! rebuilt on a fresh read (our additions and removals applied to whatever the set holds now,
//! so a change someone else made in between is kept) and sent again, a bounded number of
//! times with backoff. moto 5.2.5 enforces the token the same way (a new token on each update).

use std::time::Duration;

use aws_sdk_wafv2::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_wafv2::operation::update_ip_set::UpdateIPSetError;
use aws_sdk_wafv2::types::{IpAddressVersion, Scope};
use ipnet::IpNet;

use super::plan::{Current, CurrentEntry, TargetPlan};
use super::target::{IpVersion, Target, WafScope};
use super::BlockError;

/// AWS's limit of addresses in one IP set
/// (<https://docs.aws.amazon.com/waf/latest/developerguide/limits.html>).
pub const WAF_MAX_ADDRESSES: usize = 10_000;

/// At most this many pages of `ListIPSets` (100 sets each) are read looking for the set.
const MAX_LIST_PAGES: usize = 100;

/// What a `GetIPSet` returned: the update is built on it and sent with its token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WafRead {
    /// The addresses, as WAF spells them.
    pub addresses: Vec<String>,
    /// The description (an update replaces it, so it is sent back unchanged).
    pub description: Option<String>,
    /// The lock token.
    pub lock_token: String,
}

fn scope(s: WafScope) -> Scope {
    match s {
        WafScope::Regional => Scope::Regional,
        WafScope::Cloudfront => Scope::Cloudfront,
    }
}

/// Find the IP set named (or with the id) `name_or_id` in `scope` and read it.
pub async fn read(
    client: &aws_sdk_wafv2::Client,
    name_or_id: &str,
    waf_scope: WafScope,
    region: &str,
) -> Result<(Target, Current, WafRead), BlockError> {
    let mut marker: Option<String> = None;
    let mut found = None;
    for _page in 0..MAX_LIST_PAGES {
        let out = client
            .list_ip_sets()
            .scope(scope(waf_scope))
            .limit(100)
            .set_next_marker(marker.clone())
            .send()
            .await
            .map_err(|e| BlockError::Aws {
                target: format!("WAF IP set {name_or_id}"),
                call: "ListIPSets",
                message: DisplayErrorContext(&e).to_string(),
            })?;
        found = out
            .ip_sets()
            .iter()
            .find(|s| s.name() == Some(name_or_id) || s.id() == Some(name_or_id))
            .and_then(|s| Some((s.name()?.to_string(), s.id()?.to_string())));
        // An empty page's marker may repeat: stop there too.
        marker = out
            .next_marker()
            .filter(|_| !out.ip_sets().is_empty())
            .map(str::to_string);
        if found.is_some() || marker.is_none() {
            break;
        }
    }
    let Some((name, id)) = found else {
        return Err(BlockError::NotFound(format!(
            "no WAF IP set named or with the id {name_or_id:?} in scope {} in {region}",
            waf_scope.as_str()
        )));
    };
    let (read, version) = get(client, &name, &id, waf_scope).await?;
    let target = Target::WafIpSet {
        name,
        id,
        scope: waf_scope,
        region: region.to_string(),
        version,
    };
    let current = current(&read)?;
    Ok((target, current, read))
}

async fn get(
    client: &aws_sdk_wafv2::Client,
    name: &str,
    id: &str,
    waf_scope: WafScope,
) -> Result<(WafRead, IpVersion), BlockError> {
    let out = client
        .get_ip_set()
        .name(name)
        .id(id)
        .scope(scope(waf_scope))
        .send()
        .await
        .map_err(|e| BlockError::Aws {
            target: format!("WAF IP set {name}"),
            call: "GetIPSet",
            message: DisplayErrorContext(&e).to_string(),
        })?;
    let set = out.ip_set().ok_or_else(|| BlockError::Aws {
        target: format!("WAF IP set {name}"),
        call: "GetIPSet",
        message: "the answer holds no IP set".into(),
    })?;
    let lock_token = out.lock_token().ok_or_else(|| BlockError::Aws {
        target: format!("WAF IP set {name}"),
        call: "GetIPSet",
        message: "the answer holds no lock token".into(),
    })?;
    if set.addresses().len() > WAF_MAX_ADDRESSES {
        return Err(BlockError::Aws {
            target: format!("WAF IP set {name}"),
            call: "GetIPSet",
            message: format!(
                "{} addresses is over WAF's limit of {WAF_MAX_ADDRESSES}: not this API's answer",
                set.addresses().len()
            ),
        });
    }
    let version = match set.ip_address_version() {
        IpAddressVersion::Ipv6 => IpVersion::V6,
        _ => IpVersion::V4,
    };
    Ok((
        WafRead {
            addresses: set.addresses().to_vec(),
            description: set.description().map(str::to_string),
            lock_token: lock_token.to_string(),
        },
        version,
    ))
}

fn current(read: &WafRead) -> Result<Current, BlockError> {
    let mut entries = Vec::with_capacity(read.addresses.len());
    for (i, a) in read.addresses.iter().enumerate() {
        let net: IpNet = a.parse().map_err(|_| BlockError::Aws {
            target: "WAF IP set".into(),
            call: "GetIPSet",
            message: format!("address {i}: {a:?} is not a CIDR"),
        })?;
        entries.push(CurrentEntry {
            net: net.trunc(),
            rule_number: None,
            blocks: true,
        });
    }
    Ok(Current {
        entries,
        limit: WAF_MAX_ADDRESSES,
        free_rule_numbers: Vec::new(),
    })
}

/// How to retry an update that lost the lock race.
#[derive(Clone, Copy, Debug)]
pub struct RetryOptions {
    /// Updates sent at most, the first included.
    pub attempts: u32,
    /// Wait before the first resend; doubled on each.
    pub backoff: Duration,
}

impl Default for RetryOptions {
    fn default() -> Self {
        RetryOptions {
            attempts: 5,
            backoff: Duration::from_millis(200),
        }
    }
}

/// What an update did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WafOutcome {
    /// Resends after `WAFOptimisticLockException`.
    pub lock_retries: u32,
    /// Why it failed, when it did (nothing was changed then).
    pub error: Option<String>,
}

/// The new address list: `addresses` without the removals, plus the additions (each once).
pub fn updated_addresses(addresses: &[String], plan: &TargetPlan) -> Vec<String> {
    let parse = |a: &str| a.parse::<IpNet>().ok().map(|n| n.trunc());
    let removed: Vec<IpNet> = plan
        .remove
        .iter()
        .filter_map(|e| parse(&e.address))
        .collect();
    let mut out: Vec<String> = addresses
        .iter()
        .filter(|a| parse(a).is_none_or(|n| !removed.contains(&n)))
        .cloned()
        .collect();
    let mut present: Vec<IpNet> = out.iter().filter_map(|a| parse(a)).collect();
    for e in &plan.add {
        if let Some(net) = parse(&e.address) {
            if !present.contains(&net) {
                present.push(net);
                out.push(e.address.clone());
            }
        }
    }
    out
}

/// Send the plan's additions and removals with `UpdateIPSet`, the first time on the plan's
/// own read, after a lock conflict on a fresh one.
pub async fn update(
    client: &aws_sdk_wafv2::Client,
    plan: &TargetPlan,
    retry: RetryOptions,
) -> WafOutcome {
    let Target::WafIpSet {
        name, id, scope: s, ..
    } = &plan.target
    else {
        return WafOutcome {
            error: Some("not a WAF IP set".into()),
            ..WafOutcome::default()
        };
    };
    let mut outcome = WafOutcome::default();
    let mut read = match &plan.waf_read {
        Some(read) => read.clone(),
        None => match get(client, name, id, *s).await {
            Ok((read, _)) => read,
            Err(e) => {
                outcome.error = Some(e.to_string());
                return outcome;
            }
        },
    };
    let attempts = retry.attempts.max(1);
    let mut backoff = retry.backoff;
    for attempt in 1..=attempts {
        let addresses = updated_addresses(&read.addresses, plan);
        let sent = client
            .update_ip_set()
            .name(name)
            .id(id)
            .scope(scope(*s))
            .set_description(read.description.clone())
            .set_addresses(Some(addresses))
            .lock_token(&read.lock_token)
            .send()
            .await;
        match sent {
            Ok(_) => return outcome,
            Err(e) => {
                let conflict = matches!(
                    e.as_service_error(),
                    Some(UpdateIPSetError::WafOptimisticLockException(_))
                ) || e.code() == Some("WAFOptimisticLockException");
                if !conflict || attempt == attempts {
                    outcome.error = Some(if conflict {
                        format!(
                            "UpdateIPSet: the IP set kept changing under us ({attempts} attempts, WAFOptimisticLockException each time)"
                        )
                    } else {
                        format!("UpdateIPSet: {}", DisplayErrorContext(&e))
                    });
                    return outcome;
                }
                outcome.lock_retries = outcome.lock_retries.saturating_add(1);
                tracing::info!(
                    "WAF IP set {name}: changed since it was read (attempt {attempt}); reading it again"
                );
                tokio::time::sleep(backoff).await;
                backoff = backoff.saturating_mul(2);
                match get(client, name, id, *s).await {
                    Ok((fresh, _)) => read = fresh,
                    Err(e) => {
                        outcome.error = Some(e.to_string());
                        return outcome;
                    }
                }
            }
        }
    }
    outcome
}
