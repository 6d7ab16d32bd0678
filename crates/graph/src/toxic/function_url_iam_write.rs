//! A Lambda function URL without authentication whose execution role can write IAM: anyone
//! who finds a flaw in the function can mint users, keys or policies.

use cloudward_model::{ResourceKind, Severity};

use super::{extend, nodes_of, CombinationMeta, Search, ToxicFinding};
use crate::access::can_write_iam;
use crate::answer::Answer;
use crate::graph::{EdgeKind, INTERNET};

pub(crate) const META: CombinationMeta = CombinationMeta {
    id: "toxic-public-function-url-iam-write",
    title: "Lambda function URL without authentication runs as a role that can write IAM",
    severity: Severity::Critical,
    rationale: "A function URL with AuthType NONE takes requests from anyone. Code injection or a \
        logic flaw in the function then runs with its execution role; a role that can create users, \
        access keys or policy versions lets the attacker stay in the account after the flaw is fixed.",
    remediation: "Set the URL's AuthType to AWS_IAM (or put an authorising API in front), and \
        remove IAM write actions from the execution role.",
    references: &["https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"],
    frameworks: &["FSBP Lambda.1", "FSBP IAM.1"],
};

pub(crate) fn find(s: &Search<'_, '_>) -> Vec<ToxicFinding> {
    let mut out = Vec::new();
    for node in nodes_of(s.graph, ResourceKind::LambdaFunction) {
        let open = s
            .graph
            .incoming(node)
            .any(|e| e.from == INTERNET && e.kind == EdgeKind::InternetFacing);
        if !open {
            continue;
        }
        let Some(path) = s.path(node) else { continue };
        for (e, runs_as) in s.out(node, EdgeKind::RunsAs) {
            let Some(role) = s.graph.resource(runs_as.to).and_then(|r| r.as_iam_role()) else {
                continue;
            };
            let write = match can_write_iam(s.evaluator, &role.arn) {
                Answer::Yes(why) => {
                    Answer::Yes(format!("role {} can write IAM: {why}", role.role_name))
                }
                other => other,
            };
            let facts = vec![write];
            if let Some(f) = s.finding(&META, node, Some(extend(path.clone(), s.graph, e)), facts) {
                out.push(f);
                break;
            }
        }
    }
    out
}
