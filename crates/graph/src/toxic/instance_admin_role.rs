//! An instance the internet reaches that runs as an administrator-equivalent role: one
//! exploited service on it is the whole account.

use cloudward_model::{ResourceKind, Severity};

use super::{extend, nodes_of, CombinationMeta, Search, ToxicFinding};
use crate::access::is_admin;
use crate::graph::EdgeKind;

pub(crate) const META: CombinationMeta = CombinationMeta {
    id: "toxic-internet-instance-admin-role",
    title: "Internet-reachable EC2 instance runs as an administrator-equivalent role",
    severity: Severity::Critical,
    rationale: "Code on the instance gets the role's temporary credentials from the instance \
        metadata service. An attacker who exploits any listening service on an internet-reachable \
        instance acts as that role, so an administrator-equivalent role turns one vulnerable \
        process into control of the account.",
    remediation: "Take the instance off the internet (no public IP, private subnet, security \
        groups without 0.0.0.0/0, a load balancer in front) or replace the role's policies with \
        the least privilege the workload needs (IAM Access Analyzer policy generation).",
    references: &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    ],
    frameworks: &["FSBP EC2.9", "FSBP EC2.18", "FSBP IAM.1", "CIS AWS v5.0.0 1.16"],
};

pub(crate) fn find(s: &Search<'_, '_>) -> Vec<ToxicFinding> {
    let mut out = Vec::new();
    for node in nodes_of(s.graph, ResourceKind::Ec2Instance) {
        let Some(path) = s.path(node) else { continue };
        for (e, edge) in s.out(node, EdgeKind::RunsAs) {
            let Some(role) = s.graph.resource(edge.to).and_then(|r| r.as_iam_role()) else {
                continue;
            };
            let admin = is_admin(s.evaluator, &role.arn);
            let admin = match admin {
                crate::Answer::Yes(why) => crate::Answer::Yes(format!(
                    "role {} is administrator-equivalent: {why}",
                    role.role_name
                )),
                other => other,
            };
            if let Some(f) = s.finding(
                &META,
                node,
                Some(extend(path.clone(), s.graph, e)),
                vec![admin],
            ) {
                out.push(f);
                break;
            }
        }
    }
    out
}
