//! An instance the internet reaches, answering IMDSv1, whose role reads a sensitive bucket:
//! a server-side request forgery in any web app on it hands out credentials that read the data.

use cloudward_model::{Resource, ResourceKind, Severity, Value};

use super::{extend, nodes_of, CombinationMeta, Search, ToxicFinding};
use crate::answer::Answer;
use crate::graph::EdgeKind;

pub(crate) const META: CombinationMeta = CombinationMeta {
    id: "toxic-internet-instance-imdsv1-sensitive-bucket",
    title: "Internet-reachable EC2 instance with IMDSv1 runs as a role that reads a sensitive bucket",
    severity: Severity::Critical,
    rationale: "IMDSv1 answers plain GET requests, so a server-side request forgery in any web \
        application on the instance returns the role's credentials (the 2019 Capital One breach). \
        With the instance reachable from the internet and the role able to read sensitive buckets, \
        one SSRF is a data breach.",
    remediation: "Require IMDSv2 (`aws ec2 modify-instance-metadata-options --instance-id ID \
        --http-tokens required`), and narrow the role's S3 access to the objects the workload needs.",
    references: &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
    ],
    frameworks: &["FSBP EC2.8", "FSBP EC2.9", "CIS AWS v5.0.0 5.7"],
};

/// Tag keys that classify data; a bucket is sensitive unless one of them says `public`.
pub const CLASSIFICATION_TAGS: &[&str] = &[
    "data-classification",
    "classification",
    "DataClassification",
];

/// Whether a bucket holds sensitive data: every bucket does unless tagged public.
pub fn is_sensitive(r: &Resource) -> bool {
    !CLASSIFICATION_TAGS.iter().any(|k| {
        r.tags
            .get(*k)
            .is_some_and(|v| v.eq_ignore_ascii_case("public"))
    })
}

fn imdsv1(r: &Resource) -> Answer {
    let Some(i) = r.as_ec2_instance() else {
        return Answer::No;
    };
    match &i.metadata_options {
        Value::Unknown(reason) => Answer::Maybe(format!("metadata options: {reason}")),
        Value::Known(m) if m.http_endpoint == "disabled" => Answer::No,
        Value::Known(m) if m.http_tokens == "optional" => {
            Answer::Yes("IMDSv1 answers (HttpTokens optional)".into())
        }
        Value::Known(_) => Answer::No,
    }
}

pub(crate) fn find(s: &Search<'_, '_>) -> Vec<ToxicFinding> {
    let mut out = Vec::new();
    for node in nodes_of(s.graph, ResourceKind::Ec2Instance) {
        let Some(resource) = s.graph.resource(node) else {
            continue;
        };
        let v1 = imdsv1(resource);
        if v1 == Answer::No {
            continue;
        }
        let Some(path) = s.path(node) else { continue };
        'roles: for (e, runs_as) in s.out(node, EdgeKind::RunsAs) {
            for (d, read) in s.out(runs_as.to, EdgeKind::CanRead) {
                let sensitive = s
                    .graph
                    .resource(read.to)
                    .is_some_and(|b| b.kind() == ResourceKind::S3Bucket && is_sensitive(b));
                if !sensitive {
                    continue;
                }
                let full = extend(extend(path.clone(), s.graph, e), s.graph, d);
                let facts = vec![v1.clone()];
                if let Some(f) = s.finding(&META, node, Some(full), facts) {
                    out.push(f);
                    break 'roles;
                }
            }
        }
    }
    out
}
