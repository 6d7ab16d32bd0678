//! A bucket anyone can both read and write: a free file host for malware, and a place where
//! anyone can replace what others download.

use cloudward_model::{ResourceKind, Severity};

use super::{fact, nodes_of, CombinationMeta, Search, ToxicFinding};
use crate::graph::{EdgeKind, INTERNET};
use crate::paths::Path;

pub(crate) const META: CombinationMeta = CombinationMeta {
    id: "toxic-public-bucket-read-write",
    title: "S3 bucket is publicly readable and publicly writable",
    severity: Severity::Critical,
    rationale: "Public read exposes the data; public write lets anyone plant or replace objects. \
        Together the bucket serves attacker-chosen content under your name (supply-chain \
        poisoning of anything that downloads from it) and at your cost.",
    remediation: "Turn on the bucket's and the account's S3 Block Public Access \
        (`aws s3api put-public-access-block --bucket NAME --public-access-block-configuration \
        BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`) \
        and remove `Principal: *` write statements and AllUsers ACL grants.",
    references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"],
    frameworks: &["FSBP S3.1", "FSBP S3.2", "FSBP S3.3", "FSBP S3.8", "CIS AWS v5.0.0 2.1.4"],
};

pub(crate) fn find(s: &Search<'_, '_>) -> Vec<ToxicFinding> {
    let mut out = Vec::new();
    for node in nodes_of(s.graph, ResourceKind::S3Bucket) {
        let from_internet = |kind| {
            s.graph
                .inc
                .get(node.0 as usize)
                .into_iter()
                .flatten()
                .copied()
                .find(|&e| {
                    let edge = &s.graph.edges[e as usize];
                    edge.kind == kind && edge.from == INTERNET
                })
        };
        let (Some(read), Some(write)) = (
            from_internet(EdgeKind::PublicRead),
            from_internet(EdgeKind::PublicWrite),
        ) else {
            continue;
        };
        let path = Path {
            nodes: vec![INTERNET, node],
            edges: vec![read],
            unverified: Vec::new(),
        };
        let facts = vec![fact(&s.graph.edges[write as usize])];
        out.extend(s.finding(&META, node, Some(path), facts));
    }
    out
}
