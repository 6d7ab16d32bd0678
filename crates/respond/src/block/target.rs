//! Where addresses are blocked: a WAFv2 IP set (one address family each) or the inbound deny
//! entries of a network ACL in a rule-number range reserved for cloudward.

use std::net::IpAddr;

use serde::Serialize;

/// A WAF IP set's scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WafScope {
    /// Regional resources (ALB, API Gateway, AppSync, Cognito, App Runner, Verified Access).
    Regional,
    /// CloudFront distributions: the IP set lives in `us-east-1`.
    Cloudfront,
}

impl WafScope {
    /// `REGIONAL` or `CLOUDFRONT`, as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            WafScope::Regional => "REGIONAL",
            WafScope::Cloudfront => "CLOUDFRONT",
        }
    }
}

/// The address family of a WAF IP set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum IpVersion {
    /// `IPV4`.
    #[serde(rename = "IPV4")]
    V4,
    /// `IPV6`.
    #[serde(rename = "IPV6")]
    V6,
}

/// NACL rule numbers reserved for cloudward's deny entries, inclusive. Every inbound entry in
/// the range may be cloudward's; none outside it ever is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RuleRange {
    /// The first number.
    pub first: i32,
    /// The last number.
    pub last: i32,
}

/// The default range, `50-69`: 20 numbers (AWS's default quota of inbound rules per ACL), all
/// below 100, where allow rules usually start, since a network ACL applies the entry with the
/// lowest number that matches and a deny must come before the allows to take effect.
pub const DEFAULT_RULE_RANGE: RuleRange = RuleRange {
    first: 50,
    last: 69,
};

impl RuleRange {
    /// Parse `FIRST-LAST` (1 to 32766, the numbers a NACL entry may have).
    pub fn parse(text: &str) -> Result<RuleRange, String> {
        let (a, b) = text
            .split_once('-')
            .ok_or_else(|| format!("{text:?}: give the range as FIRST-LAST, e.g. 50-69"))?;
        let number = |s: &str| -> Result<i32, String> {
            s.trim()
                .parse::<i32>()
                .ok()
                .filter(|n| (1..=32766).contains(n))
                .ok_or_else(|| format!("{s:?} is not a rule number (1 to 32766)"))
        };
        let (first, last) = (number(a)?, number(b)?);
        if first > last {
            return Err(format!("{text:?}: the first number is above the last"));
        }
        Ok(RuleRange { first, last })
    }

    /// Whether `n` is in the range.
    pub fn contains(&self, n: i32) -> bool {
        (self.first..=self.last).contains(&n)
    }

    /// How many numbers it holds.
    pub fn len(&self) -> usize {
        usize::try_from(i64::from(self.last) - i64::from(self.first) + 1).unwrap_or(0)
    }

    /// Never true for a parsed range.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Display for RuleRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.first, self.last)
    }
}

/// One place addresses are blocked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// A WAFv2 IP set.
    WafIpSet {
        /// Its name.
        name: String,
        /// Its id.
        id: String,
        /// Its scope.
        scope: WafScope,
        /// Its region (`us-east-1` for CLOUDFRONT).
        region: String,
        /// Its address family.
        version: IpVersion,
    },
    /// A network ACL's inbound entries in the reserved range.
    NetworkAcl {
        /// `acl-...`.
        id: String,
        /// Its region.
        region: String,
        /// The reserved rule numbers.
        rules: RuleRange,
    },
}

impl Target {
    /// The key of its records in the store: `waf:<scope>:<region>:<id>` or
    /// `nacl:<region>:<id>`. The NACL range is not part of it: changing `--nacl-rules` must
    /// not orphan the records of entries made before.
    pub fn key(&self) -> String {
        match self {
            Target::WafIpSet {
                id, scope, region, ..
            } => format!("waf:{}:{region}:{id}", scope.as_str()),
            Target::NetworkAcl { id, region, .. } => format!("nacl:{region}:{id}"),
        }
    }

    /// Whether it can hold `ip` (a WAF IP set holds one family; a NACL both).
    pub fn holds_family(&self, ip: IpAddr) -> bool {
        match self {
            Target::WafIpSet { version, .. } => {
                matches!(
                    (version, ip),
                    (IpVersion::V4, IpAddr::V4(_)) | (IpVersion::V6, IpAddr::V6(_))
                )
            }
            Target::NetworkAcl { .. } => true,
        }
    }

    /// Whether entries carry rule numbers (a NACL).
    pub fn numbers_entries(&self) -> bool {
        matches!(self, Target::NetworkAcl { .. })
    }

    /// How people read it.
    pub fn describe(&self) -> String {
        match self {
            Target::WafIpSet {
                name,
                id,
                scope,
                region,
                version,
            } => {
                let family = match version {
                    IpVersion::V4 => "IPv4",
                    IpVersion::V6 => "IPv6",
                };
                format!(
                    "WAF IP set {name} ({id}, {}, {region}, {family})",
                    scope.as_str()
                )
            }
            Target::NetworkAcl { id, region, rules } => {
                format!("network ACL {id} ({region}), inbound rules {rules}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ranges_parse_and_refuse_what_a_nacl_cannot_number() {
        assert_eq!(RuleRange::parse("50-69"), Ok(DEFAULT_RULE_RANGE));
        assert_eq!(DEFAULT_RULE_RANGE.len(), 20);
        assert!(DEFAULT_RULE_RANGE.contains(50) && DEFAULT_RULE_RANGE.contains(69));
        assert!(!DEFAULT_RULE_RANGE.contains(70) && !DEFAULT_RULE_RANGE.contains(100));
        assert_eq!(RuleRange::parse(" 7 - 7 ").map(|r| r.len()), Ok(1));
        for bad in ["69-50", "0-10", "1-32767", "50", "a-b", ""] {
            assert!(RuleRange::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn keys_name_the_target_without_the_range() {
        let nacl = |first| Target::NetworkAcl {
            id: "acl-1".into(),
            region: "eu-west-1".into(),
            rules: RuleRange { first, last: 69 },
        };
        assert_eq!(nacl(50).key(), "nacl:eu-west-1:acl-1");
        assert_eq!(nacl(50).key(), nacl(60).key());
        let waf = Target::WafIpSet {
            name: "n".into(),
            id: "abc".into(),
            scope: WafScope::Cloudfront,
            region: "us-east-1".into(),
            version: IpVersion::V6,
        };
        assert_eq!(waf.key(), "waf:CLOUDFRONT:us-east-1:abc");
        assert!(waf.holds_family("2a01::1".parse().expect("v6")));
        assert!(!waf.holds_family("8.8.8.8".parse().expect("v4")));
    }
}
