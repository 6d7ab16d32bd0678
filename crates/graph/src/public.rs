//! Internet → bucket: a bucket anyone may read or write, through its policy (decided by the
//! evaluator for the anonymous principal) or its ACL (`AllUsers`, `AuthenticatedUsers`), unless
//! a public access block, the bucket's or the account's, neutralises that channel.

use cloudward_model::s3::{Bucket, PublicAccessBlock};
use cloudward_model::{Inventory, ResourceKind, Value};
use cloudward_policy::Evaluator;

use crate::access::ask;
use crate::answer::Answer;
use crate::graph::{EdgeKind, Graph, INTERNET};

/// Which way the public gets in.
#[derive(Clone, Copy)]
enum Access {
    Read,
    Write,
}

/// Whether `switch` of the bucket's or the account's public access block is on.
fn blocked(
    bucket: &Bucket,
    account: Option<&Value<Option<PublicAccessBlock>>>,
    switch: fn(&PublicAccessBlock) -> bool,
) -> Value<bool> {
    let mut unknown = None;
    for layer in std::iter::once(&bucket.public_access_block).chain(account) {
        match layer {
            Value::Known(Some(pab)) if switch(pab) => return Value::Known(true),
            Value::Known(_) => {}
            Value::Unknown(r) => unknown = Some(r.clone()),
        }
    }
    match unknown {
        Some(r) => Value::Unknown(format!("public access block: {r}")),
        None => Value::Known(false),
    }
}

fn through(grant: Answer, blocked: Value<bool>) -> Answer {
    match (grant, blocked) {
        (Answer::No, _) | (_, Value::Known(true)) => Answer::No,
        (g, Value::Known(false)) => g,
        (Answer::Yes(_), Value::Unknown(r)) => Answer::Maybe(r),
        (Answer::Maybe(a), Value::Unknown(b)) => Answer::Maybe(format!("{a}; {b}")),
    }
}

fn account_block(inventory: &Inventory) -> Option<&Value<Option<PublicAccessBlock>>> {
    inventory
        .of_kind(ResourceKind::S3AccountPublicAccessBlock)
        .next()
        .and_then(|r| r.as_s3_account_public_access_block())
        .map(|a| &a.configuration)
}

fn public(
    evaluator: &Evaluator<'_>,
    inventory: &Inventory,
    bucket: &Bucket,
    access: Access,
) -> Answer {
    let (action, acl) = match access {
        Access::Read => ("s3:GetObject", "READ"),
        Access::Write => ("s3:PutObject", "WRITE"),
    };
    let account = account_block(inventory);
    let policy = match ask(
        evaluator,
        "*",
        action,
        format!("arn:aws:s3:::{}/cloudward-probe", bucket.name),
    ) {
        Answer::Yes(why) => Answer::Yes(format!("bucket policy gives anyone {action}, {why}")),
        other => other,
    };
    let policy = through(
        policy,
        blocked(bucket, account, |p| p.restrict_public_buckets),
    );
    let grants = match &bucket.acl_grants {
        Value::Unknown(r) => Answer::Maybe(format!("ACL: {r}")),
        Value::Known(grants) => match grants
            .iter()
            .find(|g| g.is_public() && (g.permission == acl || g.permission == "FULL_CONTROL"))
        {
            Some(g) => Answer::Yes(format!(
                "ACL grants {} {}",
                g.grantee_uri.as_deref().unwrap_or_default(),
                g.permission
            )),
            None => Answer::No,
        },
    };
    let grants = through(grants, blocked(bucket, account, |p| p.ignore_public_acls));
    Answer::any([policy, grants])
}

/// Add internet → bucket edges for public reads and writes.
pub(crate) fn connect(graph: &mut Graph<'_>, evaluator: &Evaluator<'_>) {
    let inventory = graph.inventory;
    for (position, r) in inventory.resources.iter().enumerate() {
        let (Some(node), Some(bucket)) = (graph.node_of(position), r.as_s3_bucket()) else {
            continue;
        };
        for (access, kind, what) in [
            (Access::Read, EdgeKind::PublicRead, "anyone can read"),
            (Access::Write, EdgeKind::PublicWrite, "anyone can write"),
        ] {
            if let Some((why, certainty)) = public(evaluator, inventory, bucket, access).edge(what)
            {
                graph.connect(INTERNET, node, kind, why, certainty);
            }
        }
    }
}
