//! No network ACL lets the internet reach SSH (22) or RDP (3389).

use cloudward_model::ec2::NetworkAcl;
use cloudward_model::ec2::{NetworkAclEntry, RuleAction};
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::ec2::{Port, ADMIN_PORTS};
use crate::Check;

/// Network ACLs are evaluated per packet in ascending rule-number order and the first matching
/// entry decides. For each admin port and each internet CIDR (`0.0.0.0/0`, `::/0`), the rule
/// walks the ingress entries whose source is that whole CIDR and which cover the port (protocol
/// `-1`, or TCP `6` with a range containing it; a TCP entry without a range is treated as all
/// ports) and takes the first: an ALLOW fails, a DENY shadows every later ALLOW. Entries with a
/// narrower source never shadow a world ALLOW, because internet traffic outside them still
/// reaches it. The default ACL's rule 100 (allow all) therefore fails, as CIS intends.
pub struct VpcNetworkAclAdminPortsRestricted;

const META: RuleMeta = RuleMeta {
    id: "vpc-network-acl-admin-ports-restricted",
    title: "Network ACLs do not allow ingress from 0.0.0.0/0 or ::/0 to SSH or RDP",
    severity: Severity::Medium,
    service: "ec2",
    kinds: NetworkAcl::KINDS,
    checks: "For each network ACL, whether the first ingress entry (lowest rule number) with \
             source 0.0.0.0/0 (or ::/0) that covers TCP port 22 or 3389 is an ALLOW; a \
             lower-numbered DENY for the same source and port shadows later ALLOWs.",
    rationale: "Network ACLs are the stateless subnet-level layer under security groups. \
                Allowing administration ports from the internet there means a single \
                permissive security group is enough to expose SSH or RDP; denying them at the \
                ACL keeps a second layer in place.",
    remediation: Remediation {
        console: "VPC console > Network ACLs > <acl> > Inbound rules > Edit inbound rules: add a \
                  DENY for TCP 22 and 3389 from 0.0.0.0/0 (and ::/0) with a rule number lower \
                  than the ALLOW, or narrow the ALLOW's source to trusted ranges.",
        cli: "aws ec2 create-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number 50 \
              --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny\n\
              aws ec2 create-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number 51 \
              --protocol tcp --port-range From=3389,To=3389 --cidr-block 0.0.0.0/0 --rule-action deny",
        terraform: "resource \"aws_network_acl_rule\" \"deny_ssh\" {\n  network_acl_id = aws_network_acl.public.id\n  rule_number    = 50\n  egress         = false\n  protocol       = \"tcp\"\n  rule_action    = \"deny\"\n  cidr_block     = \"0.0.0.0/0\"\n  from_port      = 22\n  to_port        = 22\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-21",
    ],
    frameworks: Frameworks {
        cis_v7: &["6.2"],
        cis_v6: &["6.2"],
        cis_v5: &["5.2"],
        cis_v3: &["5.1"],
        fsbp: &["EC2.21"],
        well_architected: &["SEC05-BP01", "SEC05-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_network_acl\" \"public\" {\n  vpc_id = \"vpc-0123456789abcdef0\"\n\n  ingress {\n    rule_no    = 100\n    protocol   = \"tcp\"\n    action     = \"allow\"\n    cidr_block = \"0.0.0.0/0\"\n    from_port  = 22\n    to_port    = 22\n  }\n}\n",
        terraform_good: "resource \"aws_network_acl\" \"public\" {\n  vpc_id = \"vpc-0123456789abcdef0\"\n\n  ingress {\n    rule_no    = 100\n    protocol   = \"tcp\"\n    action     = \"allow\"\n    cidr_block = \"0.0.0.0/0\"\n    from_port  = 443\n    to_port    = 443\n  }\n}\n",
        cloudformation_bad: "Resources:\n  PublicAcl:\n    Type: AWS::EC2::NetworkAcl\n    Properties:\n      VpcId: vpc-0123456789abcdef0\n  AllowSsh:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties:\n      NetworkAclId: !Ref PublicAcl\n      RuleNumber: 100\n      Protocol: 6\n      RuleAction: allow\n      Egress: false\n      CidrBlock: 0.0.0.0/0\n      PortRange:\n        From: 22\n        To: 22\n",
        cloudformation_good: "Resources:\n  PublicAcl:\n    Type: AWS::EC2::NetworkAcl\n    Properties:\n      VpcId: vpc-0123456789abcdef0\n  AllowHttps:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties:\n      NetworkAclId: !Ref PublicAcl\n      RuleNumber: 100\n      Protocol: 6\n      RuleAction: allow\n      Egress: false\n      CidrBlock: 0.0.0.0/0\n      PortRange:\n        From: 443\n        To: 443\n",
    },
    file: file!(),
};

/// Whether `entry` matches TCP traffic to `port` (ignoring the source).
fn covers_tcp_port(entry: &NetworkAclEntry, port: i32) -> bool {
    let protocol = entry.protocol.trim();
    if protocol == "-1" || protocol.eq_ignore_ascii_case("all") {
        return true;
    }
    if !(protocol == "6" || protocol.eq_ignore_ascii_case("tcp")) {
        return false;
    }
    match (entry.port_from, entry.port_to) {
        (Some(from), Some(to)) => from <= port && port <= to,
        _ => true,
    }
}

/// The source CIDR of `entry` if it is the whole internet.
fn world_source(entry: &NetworkAclEntry) -> Option<&'static str> {
    if entry.cidr_block.as_deref() == Some("0.0.0.0/0") {
        Some("0.0.0.0/0")
    } else if entry.ipv6_cidr_block.as_deref() == Some("::/0") {
        Some("::/0")
    } else {
        None
    }
}

impl Check for VpcNetworkAclAdminPortsRestricted {
    type Subject = NetworkAcl;
    const META: &'static RuleMeta = &META;

    fn judge(&self, acl: &NetworkAcl, _: &Resource, _: &Inventory) -> Outcome {
        let entries = match acl.entries.get() {
            Ok(entries) => entries,
            Err(reason) => return Outcome::unknown(reason),
        };
        // Keep each entry's position in the collected list for evidence.
        let mut ingress: Vec<(usize, &NetworkAclEntry)> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.egress)
            .collect();
        ingress.sort_by_key(|(_, e)| e.rule_number);
        let mut open: Vec<(usize, String)> = Vec::new();
        for &(port, service) in ADMIN_PORTS {
            for cidr in ["0.0.0.0/0", "::/0"] {
                let first = ingress
                    .iter()
                    .find(|(_, e)| world_source(e) == Some(cidr) && covers_tcp_port(e, port));
                if let Some((index, entry)) = first {
                    if entry.rule_action == RuleAction::Allow {
                        open.push((*index, describe(*index, entry, cidr, (port, service))));
                    }
                }
            }
        }
        match open.first() {
            None => Outcome::Pass(Evidence::at(
                "entries",
                "no ingress entry allows 22 (SSH) or 3389 (RDP) from 0.0.0.0/0 or ::/0",
            )),
            Some((first, _)) => {
                let all: Vec<&str> = open.iter().map(|(_, d)| d.as_str()).collect();
                Outcome::Fail(Evidence::at(format!("entries[{first}]"), all.join("; ")))
            }
        }
    }
}

fn describe(index: usize, entry: &NetworkAclEntry, cidr: &str, (port, service): Port) -> String {
    format!(
        "entries[{index}]: rule {} allows {cidr} to {port} ({service})",
        entry.rule_number
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::ec2::NetworkAcl;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn entry(
        n: i32,
        protocol: &str,
        action: RuleAction,
        cidr: &str,
        ports: Option<(i32, i32)>,
    ) -> NetworkAclEntry {
        NetworkAclEntry {
            rule_number: n,
            protocol: protocol.into(),
            rule_action: action,
            egress: false,
            cidr_block: (!cidr.contains(':')).then(|| cidr.to_string()),
            ipv6_cidr_block: cidr.contains(':').then(|| cidr.to_string()),
            port_from: ports.map(|p| p.0),
            port_to: ports.map(|p| p.1),
        }
    }

    fn judge(entries: Value<Vec<NetworkAclEntry>>) -> Outcome {
        let r = test_support::resource(
            "acl-1",
            Attributes::Ec2NetworkAcl(NetworkAcl {
                network_acl_id: "acl-1".into(),
                vpc_id: "vpc-1".into(),
                is_default: false,
                entries,
                associated_subnet_ids: vec![],
            }),
        );
        testing::outcome_in(&VpcNetworkAclAdminPortsRestricted, &r, &Inventory::new())
    }

    #[test]
    fn default_allow_all_fails() {
        let out = judge(Value::Known(vec![
            entry(32767, "-1", RuleAction::Deny, "0.0.0.0/0", None),
            entry(100, "-1", RuleAction::Allow, "0.0.0.0/0", None),
        ]));
        match out {
            Outcome::Fail(e) => {
                assert_eq!(
                    e.message,
                    "entries[1]: rule 100 allows 0.0.0.0/0 to 22 (SSH); entries[1]: rule 100 allows 0.0.0.0/0 to 3389 (RDP)"
                );
                assert_eq!(e.attribute.as_deref(), Some("entries[1]"));
            }
            other => panic!("expected Fail, got {other:?}"),
        }
    }

    #[test]
    fn lower_numbered_deny_shadows_the_allow() {
        let out = judge(Value::Known(vec![
            entry(100, "-1", RuleAction::Allow, "0.0.0.0/0", None),
            entry(10, "6", RuleAction::Deny, "0.0.0.0/0", Some((22, 22))),
            entry(11, "6", RuleAction::Deny, "0.0.0.0/0", Some((3389, 3389))),
        ]));
        assert_eq!(out.status(), Status::Pass);
    }

    #[test]
    fn narrower_deny_does_not_shadow_and_ipv6_is_judged() {
        let out = judge(Value::Known(vec![
            entry(10, "6", RuleAction::Deny, "10.0.0.0/8", Some((22, 22))),
            entry(20, "6", RuleAction::Allow, "0.0.0.0/0", Some((22, 22))),
        ]));
        assert_eq!(out.status(), Status::Fail);
        let v6 = judge(Value::Known(vec![entry(
            20,
            "6",
            RuleAction::Allow,
            "::/0",
            Some((3000, 4000)),
        )]));
        match v6 {
            Outcome::Fail(e) => {
                assert_eq!(e.message, "entries[0]: rule 20 allows ::/0 to 3389 (RDP)")
            }
            other => panic!("expected Fail, got {other:?}"),
        }
    }

    #[test]
    fn egress_and_other_ports_pass() {
        let mut out_entry = entry(100, "-1", RuleAction::Allow, "0.0.0.0/0", None);
        out_entry.egress = true;
        let out = judge(Value::Known(vec![
            out_entry,
            entry(100, "6", RuleAction::Allow, "0.0.0.0/0", Some((443, 443))),
        ]));
        assert_eq!(out.status(), Status::Pass);
    }

    #[test]
    fn unreadable_entries_are_unknown() {
        assert_eq!(
            judge(Value::unknown("AccessDenied")).status(),
            Status::Unknown
        );
    }
}
