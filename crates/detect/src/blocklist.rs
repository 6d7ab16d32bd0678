//! IP blocklists from alerts: the source addresses of alerts whose rules name an offending
//! address (see [`crate::alert::names_offending_address`]), written as plain text, AWS WAF
//! IP sets or network ACL deny entries.
//!
//! An address is listed only if it is a global unicast address. Never listed: private ranges
//! (RFC 1918, CGNAT `100.64.0.0/10`, ULA `fc00::/7`), loopback, link-local, unspecified,
//! multicast and broadcast, documentation, benchmarking and other IANA special-purpose
//! ranges (`0.0.0.0/8`, `192.0.0.0/24`, `198.18.0.0/15`, `240.0.0.0/4`, `2001:db8::/32`,
//! `2001::/23` except global allocations are not made there, `64:ff9b::/96` ...), and anything
//! that is not an IP address at all: CloudTrail's `sourceIPAddress` also holds service names
//! (`s3.amazonaws.com`) and `AWS Internal`, which must never reach a deny list.
//! IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) are listed as their IPv4 address.

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use cloudward_model::alert::Alert;
use serde::Serialize;

use crate::alert::names_offending_address;

/// Default first NACL rule number of the deny entries. Low numbers are evaluated first; 100
/// leaves room below for explicit allows a team may want to keep ahead of the denies.
pub const NACL_FIRST_RULE: i32 = 100;
/// Step between NACL rule numbers (room to insert entries later).
pub const NACL_STEP: i32 = 1;
/// AWS's default quota of inbound rules per network ACL.
/// <https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html>
pub const NACL_DEFAULT_LIMIT: usize = 20;

/// Why an address is not listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Excluded {
    /// Not an IP address (an AWS service name, `AWS Internal`, garbage).
    NotAnAddress,
    /// RFC 1918, CGNAT or IPv6 unique local.
    Private,
    /// Loopback.
    Loopback,
    /// Link-local.
    LinkLocal,
    /// Documentation ranges (RFC 5737, RFC 3849).
    Documentation,
    /// Unspecified, broadcast, multicast, reserved or other special-purpose ranges.
    Reserved,
}

/// Parses `s` and returns the address if it may be blocked, or why not.
pub fn classify(s: &str) -> Result<IpAddr, Excluded> {
    let ip: IpAddr = s.trim().parse().map_err(|_| Excluded::NotAnAddress)?;
    let ip = match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        },
        v4 => v4,
    };
    match ip {
        IpAddr::V4(a) => classify_v4(a).map(IpAddr::V4),
        IpAddr::V6(a) => classify_v6(a).map(IpAddr::V6),
    }
}

fn in_v4(a: Ipv4Addr, net: [u8; 4], len: u32) -> bool {
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    (u32::from(a) & mask) == (u32::from(Ipv4Addr::from(net)) & mask)
}

fn classify_v4(a: Ipv4Addr) -> Result<Ipv4Addr, Excluded> {
    if a.is_loopback() {
        return Err(Excluded::Loopback);
    }
    if a.is_private() || in_v4(a, [100, 64, 0, 0], 10) {
        return Err(Excluded::Private);
    }
    if a.is_link_local() {
        return Err(Excluded::LinkLocal);
    }
    if in_v4(a, [192, 0, 2, 0], 24)
        || in_v4(a, [198, 51, 100, 0], 24)
        || in_v4(a, [203, 0, 113, 0], 24)
    {
        return Err(Excluded::Documentation);
    }
    const RESERVED: &[([u8; 4], u32)] = &[
        ([0, 0, 0, 0], 8),      // "this network"
        ([192, 0, 0, 0], 24),   // IETF protocol assignments
        ([192, 88, 99, 0], 24), // deprecated 6to4 relay anycast
        ([198, 18, 0, 0], 15),  // benchmarking
        ([224, 0, 0, 0], 4),    // multicast
        ([240, 0, 0, 0], 4),    // reserved, includes broadcast
    ];
    if RESERVED.iter().any(|(n, l)| in_v4(a, *n, *l)) {
        return Err(Excluded::Reserved);
    }
    Ok(a)
}

fn in_v6(a: Ipv6Addr, net: [u16; 8], len: u32) -> bool {
    let mask = if len == 0 {
        0
    } else {
        u128::MAX << (128 - len)
    };
    (u128::from(a) & mask) == (u128::from(Ipv6Addr::from(net)) & mask)
}

fn classify_v6(a: Ipv6Addr) -> Result<Ipv6Addr, Excluded> {
    if a.is_loopback() {
        return Err(Excluded::Loopback);
    }
    if in_v6(a, [0xfc00, 0, 0, 0, 0, 0, 0, 0], 7) {
        return Err(Excluded::Private);
    }
    if in_v6(a, [0xfe80, 0, 0, 0, 0, 0, 0, 0], 10) {
        return Err(Excluded::LinkLocal);
    }
    if in_v6(a, [0x2001, 0x0db8, 0, 0, 0, 0, 0, 0], 32)
        || in_v6(a, [0x3fff, 0, 0, 0, 0, 0, 0, 0], 20)
    {
        return Err(Excluded::Documentation);
    }
    // Only 2000::/3 is allocated as global unicast; within it, Teredo, ORCHID, benchmarking
    // and 6to4 are special-purpose. Everything outside 2000::/3 (::/128, ::/96 IPv4-compatible,
    // 64:ff9b::/96 NAT64, 100::/64 discard, fec0::/10, ff00::/8 multicast) is reserved.
    if !in_v6(a, [0x2000, 0, 0, 0, 0, 0, 0, 0], 3) {
        return Err(Excluded::Reserved);
    }
    const SPECIAL: &[([u16; 8], u32)] = &[
        ([0x2001, 0, 0, 0, 0, 0, 0, 0], 32),      // Teredo
        ([0x2001, 0x0002, 0, 0, 0, 0, 0, 0], 48), // benchmarking
        ([0x2001, 0x0010, 0, 0, 0, 0, 0, 0], 28), // ORCHID
        ([0x2001, 0x0020, 0, 0, 0, 0, 0, 0], 28), // ORCHIDv2
        ([0x2002, 0, 0, 0, 0, 0, 0, 0], 16),      // 6to4
    ];
    if SPECIAL.iter().any(|(n, l)| in_v6(a, *n, *l)) {
        return Err(Excluded::Reserved);
    }
    Ok(a)
}

/// The addresses to block, split by family, sorted and deduplicated, plus what was left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Blocklist {
    /// IPv4 addresses.
    pub v4: BTreeSet<Ipv4Addr>,
    /// IPv6 addresses.
    pub v6: BTreeSet<Ipv6Addr>,
    /// Distinct source values seen on eligible alerts but excluded, with the reason.
    pub excluded: Vec<(String, Excluded)>,
    /// Eligible alerts that had more source values than they keep (their lists are capped),
    /// so some offending addresses may be missing.
    pub truncated_alerts: usize,
}

impl Blocklist {
    /// Collects the addresses of the alerts whose rules name an offending address.
    pub fn from_alerts<'a>(alerts: impl IntoIterator<Item = &'a Alert>) -> Blocklist {
        let mut b = Blocklist::default();
        let mut excluded = std::collections::BTreeMap::new();
        for a in alerts {
            if !names_offending_address(&a.rule, &a.group) {
                continue;
            }
            if a.values_omitted > 0 {
                b.truncated_alerts += 1;
            }
            let group_ips = a
                .group
                .iter()
                .filter(|g| crate::alert::SOURCE_ADDRESS_FIELDS.contains(&g.name.as_str()))
                .filter_map(|g| g.value.as_deref());
            for s in a.source_ips.iter().map(String::as_str).chain(group_ips) {
                match classify(s) {
                    Ok(IpAddr::V4(v4)) => {
                        b.v4.insert(v4);
                    }
                    Ok(IpAddr::V6(v6)) => {
                        b.v6.insert(v6);
                    }
                    Err(why) => {
                        excluded.insert(s.to_owned(), why);
                    }
                }
            }
        }
        b.excluded = excluded.into_iter().collect();
        b
    }

    /// Number of addresses.
    pub fn len(&self) -> usize {
        self.v4.len() + self.v6.len()
    }

    /// True when nothing is to be blocked.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every address as CIDR (`/32`, `/128`), IPv4 first.
    pub fn cidrs(&self) -> Vec<String> {
        self.v4
            .iter()
            .map(|a| format!("{a}/32"))
            .chain(self.v6.iter().map(|a| format!("{a}/128")))
            .collect()
    }

    /// Plain text: one address per line, IPv4 then IPv6, each sorted.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        for a in &self.v4 {
            out.push_str(&a.to_string());
            out.push('\n');
        }
        for a in &self.v6 {
            out.push_str(&a.to_string());
            out.push('\n');
        }
        out
    }

    /// AWS WAF (wafv2) `CreateIPSet` input documents. An IP set holds one address family, so
    /// this returns one document per family present: `<name>-ipv4` and `<name>-ipv6`
    /// (`aws wafv2 create-ip-set --cli-input-json file://...` takes one of them).
    pub fn waf_ip_sets(&self, name: &str, scope: WafScope) -> Vec<WafIpSet> {
        let mut out = Vec::new();
        if !self.v4.is_empty() {
            out.push(WafIpSet {
                name: format!("{name}-ipv4"),
                scope: scope.as_str(),
                ip_address_version: "IPV4",
                addresses: self.v4.iter().map(|a| format!("{a}/32")).collect(),
                description: "Addresses named by cloudward detect alerts".into(),
            });
        }
        if !self.v6.is_empty() {
            out.push(WafIpSet {
                name: format!("{name}-ipv6"),
                scope: scope.as_str(),
                ip_address_version: "IPV6",
                addresses: self.v6.iter().map(|a| format!("{a}/128")).collect(),
                description: "Addresses named by cloudward detect alerts".into(),
            });
        }
        out
    }

    /// Network ACL inbound deny entries (the shape of `ec2:CreateNetworkAclEntry` input),
    /// numbered from `first_rule` in steps of [`NACL_STEP`]; IPv6 entries use
    /// `Ipv6CidrBlock`. Returns the entries and whether they exceed
    /// [`NACL_DEFAULT_LIMIT`] (AWS's default quota of inbound rules per ACL, which also has
    /// to hold the ACL's existing rules).
    pub fn nacl_entries(&self, first_rule: i32) -> (Vec<NaclEntry>, bool) {
        let mut out = Vec::new();
        let mut n = first_rule;
        for a in &self.v4 {
            out.push(NaclEntry {
                rule_number: n,
                protocol: "-1",
                rule_action: "deny",
                egress: false,
                cidr_block: Some(format!("{a}/32")),
                ipv6_cidr_block: None,
            });
            n = n.saturating_add(NACL_STEP);
        }
        for a in &self.v6 {
            out.push(NaclEntry {
                rule_number: n,
                protocol: "-1",
                rule_action: "deny",
                egress: false,
                cidr_block: None,
                ipv6_cidr_block: Some(format!("{a}/128")),
            });
            n = n.saturating_add(NACL_STEP);
        }
        let over = out.len() > NACL_DEFAULT_LIMIT;
        (out, over)
    }
}

/// WAF scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WafScope {
    /// Regional resources (ALB, API Gateway, AppSync, Cognito).
    Regional,
    /// CloudFront (the IP set must be created in us-east-1).
    Cloudfront,
}

impl WafScope {
    fn as_str(self) -> &'static str {
        match self {
            WafScope::Regional => "REGIONAL",
            WafScope::Cloudfront => "CLOUDFRONT",
        }
    }
}

/// An AWS WAF IP set document (`wafv2 create-ip-set` input).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WafIpSet {
    /// Name.
    pub name: String,
    /// `REGIONAL` or `CLOUDFRONT`.
    pub scope: &'static str,
    /// Description.
    pub description: String,
    /// `IPV4` or `IPV6`.
    #[serde(rename = "IPAddressVersion")]
    pub ip_address_version: &'static str,
    /// CIDR blocks.
    pub addresses: Vec<String>,
}

/// One network ACL entry (`ec2 create-network-acl-entry` input without the ACL id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NaclEntry {
    /// Rule number (evaluated in increasing order).
    pub rule_number: i32,
    /// `-1`: all protocols.
    pub protocol: &'static str,
    /// `deny`.
    pub rule_action: &'static str,
    /// False: inbound.
    pub egress: bool,
    /// IPv4 CIDR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    /// IPv6 CIDR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr_block: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded(s: &str) -> Excluded {
        match classify(s) {
            Ok(ip) => panic!("{s} should be excluded, got {ip}"),
            Err(e) => e,
        }
    }

    #[test]
    fn public_addresses_are_listed() {
        assert_eq!(classify("1.2.3.4"), Ok("1.2.3.4".parse().unwrap()));
        assert_eq!(classify(" 8.8.8.8 "), Ok("8.8.8.8".parse().unwrap()));
        assert_eq!(
            classify("2a00:1450:4001:80b::200e"),
            Ok("2a00:1450:4001:80b::200e".parse().unwrap())
        );
        // 100.63/100.128 border the CGNAT range but are public.
        assert!(classify("100.63.255.255").is_ok());
        assert!(classify("100.128.0.1").is_ok());
        assert!(classify("172.32.0.1").is_ok());
    }

    #[test]
    fn rfc1918_is_private() {
        for s in ["10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1"] {
            assert_eq!(excluded(s), Excluded::Private, "{s}");
        }
    }

    #[test]
    fn cgnat_is_private() {
        assert_eq!(excluded("100.64.0.1"), Excluded::Private);
        assert_eq!(excluded("100.127.255.254"), Excluded::Private);
    }

    #[test]
    fn ula_is_private() {
        assert_eq!(excluded("fd12:3456:789a::1"), Excluded::Private);
        assert_eq!(excluded("fc00::1"), Excluded::Private);
    }

    #[test]
    fn loopback() {
        assert_eq!(excluded("127.0.0.1"), Excluded::Loopback);
        assert_eq!(excluded("127.255.0.9"), Excluded::Loopback);
        assert_eq!(excluded("::1"), Excluded::Loopback);
    }

    #[test]
    fn link_local() {
        assert_eq!(excluded("169.254.169.254"), Excluded::LinkLocal);
        assert_eq!(excluded("fe80::1"), Excluded::LinkLocal);
    }

    #[test]
    fn documentation_ranges() {
        for s in [
            "192.0.2.10",
            "198.51.100.7",
            "203.0.113.200",
            "2001:db8::5",
            "3fff::1",
        ] {
            assert_eq!(excluded(s), Excluded::Documentation, "{s}");
        }
    }

    #[test]
    fn reserved_and_special_ranges() {
        for s in [
            "0.0.0.0",
            "0.1.2.3",
            "192.0.0.8",
            "198.18.0.1",
            "198.19.255.1",
            "224.0.0.1",
            "239.1.1.1",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "ff02::1",
            "64:ff9b::1.2.3.4",
            "100::1",
            "2001::1",
            "2002:c000:0204::1",
            "fec0::1",
        ] {
            assert_eq!(excluded(s), Excluded::Reserved, "{s}");
        }
    }

    #[test]
    fn aws_service_names_and_non_addresses() {
        for s in [
            "s3.amazonaws.com",
            "AWS Internal",
            "delivery.logs.amazonaws.com",
            "",
            "-",
            "1.2.3.4/32",
            "1.2.3",
            "example.com",
        ] {
            assert_eq!(excluded(s), Excluded::NotAnAddress, "{s:?}");
        }
    }

    #[test]
    fn nacl_entries_are_numbered_and_the_quota_is_flagged() {
        let mut b = Blocklist::default();
        for i in 1..=20u8 {
            b.v4.insert(Ipv4Addr::new(45, 33, 32, i));
        }
        let (entries, over) = b.nacl_entries(NACL_FIRST_RULE);
        assert_eq!(entries.len(), NACL_DEFAULT_LIMIT);
        assert!(!over);
        assert_eq!(entries[0].rule_number, 100);
        assert_eq!(entries[19].rule_number, 119);
        assert_eq!(entries[0].cidr_block.as_deref(), Some("45.33.32.1/32"));
        b.v6.insert("2a01:4f8::1".parse().unwrap());
        let (entries, over) = b.nacl_entries(NACL_FIRST_RULE);
        assert!(over);
        assert_eq!(
            entries[20].ipv6_cidr_block.as_deref(),
            Some("2a01:4f8::1/128")
        );
        assert_eq!(entries[20].cidr_block, None);
    }

    #[test]
    fn waf_ip_sets_split_by_family() {
        let mut b = Blocklist::default();
        assert!(b.waf_ip_sets("x", WafScope::Regional).is_empty());
        b.v4.insert(Ipv4Addr::new(45, 33, 32, 1));
        let sets = b.waf_ip_sets("x", WafScope::Regional);
        assert_eq!(sets.len(), 1);
        assert_eq!(sets[0].name, "x-ipv4");
        b.v6.insert("2a01:4f8::1".parse().unwrap());
        let sets = b.waf_ip_sets("x", WafScope::Cloudfront);
        assert_eq!(sets.len(), 2);
        assert_eq!(sets[1].ip_address_version, "IPV6");
        assert_eq!(sets[1].scope, "CLOUDFRONT");
        assert_eq!(sets[1].addresses, ["2a01:4f8::1/128"]);
    }

    #[test]
    fn ipv4_mapped_ipv6_is_judged_as_ipv4() {
        assert_eq!(classify("::ffff:1.2.3.4"), Ok("1.2.3.4".parse().unwrap()));
        assert_eq!(excluded("::ffff:10.0.0.1"), Excluded::Private);
    }
}
