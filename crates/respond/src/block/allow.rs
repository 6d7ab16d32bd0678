//! The allow-list: addresses `cloudward respond` never blocks, each with the reason it is
//! there, so a refused address is listed in the plan with that reason.
//!
//! Always on the list, whatever the settings say: private and special-purpose ranges and
//! anything that is not an address (the blocklist filter, [`cloudward_detect::blocklist::classify`],
//! applied before an address reaches this list), and the scanning host's own addresses (its
//! interfaces, and `[respond] self` for the public address it is NATed to). AWS's service
//! ranges are known only from AWS's published `ip-ranges.json` (`[respond] aws_ip_ranges`):
//! without the file an AWS address can be blocked, and the plan says so.

use std::net::IpAddr;

use ipnet::IpNet;
use serde::Serialize;

/// Why an address range is on the allow-list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AllowedWhy {
    /// `[respond] allow` in the settings file.
    Settings,
    /// `--allow` on the command line.
    Flag,
    /// An address of one of this host's network interfaces.
    LocalInterface,
    /// `[respond] self`: this host's public (NAT) address.
    SelfAddress,
    /// A range of AWS's published `ip-ranges.json`.
    Aws {
        /// Its `service` (`AMAZON`, `EC2`, `CLOUDFRONT`, ...).
        service: String,
        /// Its `region`.
        region: String,
    },
}

impl AllowedWhy {
    /// How the plan names it.
    pub fn describe(&self) -> String {
        match self {
            AllowedWhy::Settings => "[respond] allow".into(),
            AllowedWhy::Flag => "--allow".into(),
            AllowedWhy::LocalInterface => "an address of this host".into(),
            AllowedWhy::SelfAddress => "[respond] self (this host's public address)".into(),
            AllowedWhy::Aws { service, region } => {
                format!("AWS {service} range in {region} (ip-ranges.json)")
            }
        }
    }
}

/// One allow-listed range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allowed {
    /// The range.
    pub net: IpNet,
    /// Why.
    pub why: AllowedWhy,
}

/// The ranges never blocked, searched in the order they were added (settings and flags first,
/// so a refusal names the most specific reason a person gave).
#[derive(Clone, Debug, Default)]
pub struct AllowList {
    entries: Vec<Allowed>,
    /// Whether AWS's service ranges were loaded: without them an AWS address (a NAT gateway
    /// of another account, a Lambda, CloudFront) can be blocked, and the plan says so.
    pub aws_ranges_known: bool,
}

/// At most this many prefixes are read from an `ip-ranges.json` (AWS publishes about 10,000
/// IPv4 and 3,000 IPv6 prefixes); past it the file is refused, not partly read.
pub const MAX_AWS_PREFIXES: usize = 200_000;

/// An `ip-ranges.json` larger than this is refused unread (AWS's file is about 2 MB).
pub const MAX_AWS_RANGES_BYTES: u64 = 32 << 20;

impl AllowList {
    /// Add a range.
    pub fn add(&mut self, net: IpNet, why: AllowedWhy) {
        self.entries.push(Allowed { net, why });
    }

    /// Parse `text` as a CIDR (`203.0.113.0/24`) or a single address and add it.
    pub fn add_text(&mut self, text: &str, why: AllowedWhy) -> Result<(), String> {
        let net = parse_net(text)?;
        self.add(net, why);
        Ok(())
    }

    /// The first allow-listed range holding `ip`.
    pub fn find(&self, ip: IpAddr) -> Option<&Allowed> {
        self.entries.iter().find(|a| a.net.contains(&ip))
    }

    /// Number of ranges.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Add every prefix of AWS's published `ip-ranges.json`
    /// (<https://docs.aws.amazon.com/vpc/latest/userguide/aws-ip-ranges.html>) and mark the
    /// AWS ranges as known. A file that is not that document, or has more than
    /// [`MAX_AWS_PREFIXES`] prefixes, is an error naming the prefix.
    pub fn add_aws_ip_ranges(&mut self, text: &str) -> Result<usize, String> {
        #[derive(serde::Deserialize)]
        struct File {
            prefixes: Vec<V4>,
            #[serde(default)]
            ipv6_prefixes: Vec<V6>,
        }
        #[derive(serde::Deserialize)]
        struct V4 {
            ip_prefix: String,
            region: String,
            service: String,
        }
        #[derive(serde::Deserialize)]
        struct V6 {
            ipv6_prefix: String,
            region: String,
            service: String,
        }
        let file: File = serde_json::from_str(text)
            .map_err(|e| format!("not AWS's ip-ranges.json document: {e}"))?;
        let total = file.prefixes.len().saturating_add(file.ipv6_prefixes.len());
        if total > MAX_AWS_PREFIXES {
            return Err(format!(
                "{total} prefixes is over the limit of {MAX_AWS_PREFIXES}"
            ));
        }
        let v4 = file
            .prefixes
            .into_iter()
            .map(|p| (p.ip_prefix, p.region, p.service));
        let v6 = file
            .ipv6_prefixes
            .into_iter()
            .map(|p| (p.ipv6_prefix, p.region, p.service));
        let mut added = Vec::with_capacity(total);
        for (i, (prefix, region, service)) in v4.chain(v6).enumerate() {
            let net: IpNet = prefix
                .parse()
                .map_err(|_| format!("prefix {i}: {prefix:?} is not a CIDR"))?;
            added.push(Allowed {
                net,
                why: AllowedWhy::Aws { service, region },
            });
        }
        self.entries.extend(added);
        self.aws_ranges_known = true;
        Ok(total)
    }
}

/// A CIDR or a single address (as a host range).
pub fn parse_net(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    if let Ok(net) = text.parse::<IpNet>() {
        return Ok(net.trunc());
    }
    text.parse::<IpAddr>()
        .map(IpNet::from)
        .map_err(|_| format!("{text:?} is neither an address nor a CIDR"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    #[test]
    fn the_first_range_holding_an_address_names_the_reason() {
        let mut list = AllowList::default();
        list.add_text("45.33.32.0/24", AllowedWhy::Settings)
            .expect("cidr");
        list.add_text("45.33.0.0/16", AllowedWhy::Flag)
            .expect("cidr");
        list.add_text("2a01:4f8::1", AllowedWhy::SelfAddress)
            .expect("address");
        assert_eq!(
            list.find(ip("45.33.32.7")).map(|a| &a.why),
            Some(&AllowedWhy::Settings)
        );
        assert_eq!(
            list.find(ip("45.33.99.7")).map(|a| &a.why),
            Some(&AllowedWhy::Flag)
        );
        assert!(list.find(ip("45.34.0.1")).is_none());
        assert!(list.find(ip("2a01:4f8::1")).is_some());
        assert!(list.find(ip("2a01:4f8::2")).is_none());
        assert!(list.add_text("not-a-range", AllowedWhy::Flag).is_err());
        assert!(list.add_text("45.33.32.0/33", AllowedWhy::Flag).is_err());
    }

    #[test]
    fn aws_ip_ranges_are_read_with_service_and_region() {
        let mut list = AllowList::default();
        assert!(!list.aws_ranges_known);
        let n = list
            .add_aws_ip_ranges(
                r#"{"syncToken":"1","createDate":"2026-12-01-00-00-00",
                "prefixes":[{"ip_prefix":"3.5.140.0/22","region":"ap-northeast-2","service":"AMAZON","network_border_group":"ap-northeast-2"}],
                "ipv6_prefixes":[{"ipv6_prefix":"2600:1f14::/35","region":"us-west-2","service":"EC2","network_border_group":"us-west-2"}]}"#,
            )
            .expect("the published shape");
        assert_eq!(n, 2);
        assert!(list.aws_ranges_known);
        assert_eq!(
            list.find(ip("3.5.141.9")).map(|a| a.why.describe()),
            Some("AWS AMAZON range in ap-northeast-2 (ip-ranges.json)".to_string())
        );
        assert!(list.find(ip("2600:1f14::9")).is_some());
        let err = AllowList::default()
            .add_aws_ip_ranges(
                r#"{"prefixes":[{"ip_prefix":"3.5.140.0/99","region":"r","service":"s"}]}"#,
            )
            .expect_err("a bad prefix");
        assert!(err.contains("prefix 0"), "{err}");
        assert!(AllowList::default().add_aws_ip_ranges("[]").is_err());
    }
}
