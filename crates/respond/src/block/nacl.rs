//! A network ACL: read its inbound entries (`DescribeNetworkAcls`) and change those in the
//! reserved range (`CreateNetworkAclEntry`, `DeleteNetworkAclEntry`).
//!
//! Entries outside the range are never created, replaced or deleted; they only count against
//! the ACL's quota of inbound rules (20 by default, the default `*` rule not counted:
//! <https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html>). Just before
//! changing anything the ACL is read again, so an entry that changed since the plan is left
//! alone and a rule number taken since is not overwritten.

use std::collections::BTreeSet;

use aws_sdk_ec2::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_ec2::types::RuleAction;
use ipnet::IpNet;

use super::plan::{Current, CurrentEntry, PlannedEntry, TargetPlan};
use super::target::{RuleRange, Target};
use super::BlockError;

/// AWS's default quota of inbound (and of outbound) rules per network ACL.
pub const DEFAULT_QUOTA: usize = cloudward_detect::blocklist::NACL_DEFAULT_LIMIT;

/// The rule every network ACL ends with (`*`, deny all), which is not counted in the quota.
const DEFAULT_RULE: i32 = 32767;

/// Most rule numbers tried for one address when another writer takes each number between our
/// read and our create (`NetworkAclEntryAlreadyExists`): each try moves to the next free
/// number of the range, so a second responder on the same ACL costs a retry, not a failure.
const MAX_NUMBER_TRIES: usize = 5;

/// One inbound entry as read.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Inbound {
    rule_number: i32,
    net: Option<IpNet>,
    deny: bool,
}

async fn inbound(client: &aws_sdk_ec2::Client, acl: &str) -> Result<Vec<Inbound>, BlockError> {
    let out = client
        .describe_network_acls()
        .network_acl_ids(acl)
        .send()
        .await
        .map_err(|e| BlockError::Aws {
            target: format!("network ACL {acl}"),
            call: "DescribeNetworkAcls",
            message: DisplayErrorContext(&e).to_string(),
        })?;
    let found = out
        .network_acls()
        .iter()
        .find(|a| a.network_acl_id() == Some(acl))
        .ok_or_else(|| BlockError::NotFound(format!("no network ACL {acl}")))?;
    Ok(found
        .entries()
        .iter()
        .filter(|e| e.egress() == Some(false))
        .filter_map(|e| {
            let net = e
                .cidr_block()
                .or(e.ipv6_cidr_block())
                .and_then(|c| c.parse::<IpNet>().ok())
                .map(|n| n.trunc());
            Some(Inbound {
                rule_number: e.rule_number()?,
                net,
                deny: e.rule_action() == Some(&RuleAction::Deny),
            })
        })
        .collect())
}

fn current_of(entries: &[Inbound], rules: RuleRange, quota: usize) -> Current {
    let in_range: Vec<&Inbound> = entries
        .iter()
        .filter(|e| rules.contains(e.rule_number))
        .collect();
    let outside = entries
        .iter()
        .filter(|e| !rules.contains(e.rule_number) && e.rule_number != DEFAULT_RULE)
        .count();
    let used: BTreeSet<i32> = in_range.iter().map(|e| e.rule_number).collect();
    Current {
        entries: in_range
            .iter()
            .map(|e| CurrentEntry {
                // An entry without a CIDR (a prefix list) is no recorded address: 0.0.0.0/32,
                // which no offender can be, holds its place.
                net: e.net.unwrap_or(IpNet::V4(ipnet::Ipv4Net::from(
                    std::net::Ipv4Addr::UNSPECIFIED,
                ))),
                rule_number: Some(e.rule_number),
                blocks: e.deny && e.net.is_some(),
            })
            .collect(),
        limit: quota.saturating_sub(outside),
        free_rule_numbers: (rules.first..=rules.last)
            .filter(|n| !used.contains(n))
            .collect(),
    }
}

/// Read the ACL `acl`: its entries in `rules`, their free numbers, and its room under `quota`.
pub async fn read(
    client: &aws_sdk_ec2::Client,
    acl: &str,
    region: &str,
    rules: RuleRange,
    quota: usize,
) -> Result<(Target, Current), BlockError> {
    let entries = inbound(client, acl).await?;
    let target = Target::NetworkAcl {
        id: acl.to_string(),
        region: region.to_string(),
        rules,
    };
    Ok((target, current_of(&entries, rules, quota)))
}

/// What the NACL changes did, entry by entry.
#[derive(Clone, Debug, Default)]
pub struct NaclOutcome {
    /// Created (with the rule number used).
    pub added: Vec<PlannedEntry>,
    /// Deleted.
    pub removed: Vec<PlannedEntry>,
    /// Not done: (address, why).
    pub failed: Vec<(String, String)>,
}

/// Delete the plan's removals, then create its additions, after reading the ACL again.
pub async fn change(client: &aws_sdk_ec2::Client, plan: &TargetPlan) -> NaclOutcome {
    let mut outcome = NaclOutcome::default();
    let Target::NetworkAcl { id: acl, rules, .. } = &plan.target else {
        outcome
            .failed
            .push(("-".into(), "not a network ACL".into()));
        return outcome;
    };
    let fail_all = |outcome: &mut NaclOutcome, why: String| {
        for e in plan.remove.iter().chain(&plan.add) {
            outcome.failed.push((e.address.clone(), why.clone()));
        }
    };
    let entries = match inbound(client, acl).await {
        Ok(entries) => entries,
        Err(e) => {
            fail_all(&mut outcome, e.to_string());
            return outcome;
        }
    };
    let mut used: BTreeSet<i32> = entries.iter().map(|e| e.rule_number).collect();
    for e in &plan.remove {
        let Some(number) = e.rule_number.filter(|n| rules.contains(*n)) else {
            outcome.failed.push((
                e.address.clone(),
                "no rule number in the reserved range".into(),
            ));
            continue;
        };
        let planned: Option<IpNet> = e.address.parse::<IpNet>().ok().map(|n| n.trunc());
        let still_ours = entries
            .iter()
            .any(|i| i.rule_number == number && i.net.is_some() && i.net == planned);
        if !still_ours {
            outcome.failed.push((
                e.address.clone(),
                format!("rule {number} changed since the plan: left alone"),
            ));
            continue;
        }
        let deleted = client
            .delete_network_acl_entry()
            .network_acl_id(acl)
            .rule_number(number)
            .egress(false)
            .send()
            .await;
        match deleted {
            Ok(_) => {
                used.remove(&number);
                outcome.removed.push(e.clone());
            }
            Err(err) => outcome.failed.push((
                e.address.clone(),
                format!(
                    "DeleteNetworkAclEntry {number}: {}",
                    DisplayErrorContext(&err)
                ),
            )),
        }
    }
    for e in &plan.add {
        let mut tries = 0;
        loop {
            // The planned number, or the next free one of the range if it was taken since.
            let number = e
                .rule_number
                .filter(|n| rules.contains(*n) && !used.contains(n))
                .or_else(|| (rules.first..=rules.last).find(|n| !used.contains(n)));
            let Some(number) = number else {
                outcome.failed.push((
                    e.address.clone(),
                    format!("no free rule number left in {rules}"),
                ));
                break;
            };
            tries += 1;
            let mut request = client
                .create_network_acl_entry()
                .network_acl_id(acl)
                .rule_number(number)
                .protocol("-1")
                .rule_action(RuleAction::Deny)
                .egress(false);
            request = if e.address.contains(':') {
                request.ipv6_cidr_block(&e.address)
            } else {
                request.cidr_block(&e.address)
            };
            match request.send().await {
                Ok(_) => {
                    used.insert(number);
                    outcome.added.push(PlannedEntry {
                        rule_number: Some(number),
                        ..e.clone()
                    });
                    break;
                }
                Err(err)
                    if err.code() == Some("NetworkAclEntryAlreadyExists")
                        && tries < MAX_NUMBER_TRIES =>
                {
                    // Taken by someone else since we read the ACL: try the next free number.
                    used.insert(number);
                }
                Err(err) => {
                    outcome.failed.push((
                        e.address.clone(),
                        format!(
                            "CreateNetworkAclEntry {number}: {}",
                            DisplayErrorContext(&err)
                        ),
                    ));
                    break;
                }
            }
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_quota_and_free_numbers_come_from_the_inbound_entries() {
        let entry = |n, cidr: &str| Inbound {
            rule_number: n,
            net: cidr.parse().ok(),
            deny: true,
        };
        let entries = [
            entry(50, "45.33.32.1/32"),
            entry(52, "45.33.32.2/32"),
            entry(100, "0.0.0.0/0"),
            entry(101, "::/0"),
            entry(DEFAULT_RULE, "0.0.0.0/0"),
        ];
        let rules = RuleRange {
            first: 50,
            last: 54,
        };
        let current = current_of(&entries, rules, DEFAULT_QUOTA);
        assert_eq!(current.entries.len(), 2);
        assert_eq!(current.free_rule_numbers, [51, 53, 54]);
        assert_eq!(
            current.limit,
            DEFAULT_QUOTA - 2,
            "100 and 101; * is not counted"
        );
    }
}
