//! SNS: `aws_sns_topic` (with its inline `policy`) joined with `aws_sns_topic_policy` by the
//! topic's ARN (a reference resolves to `<address>.arn`; a literal ARN matches by name).

use cloudward_model::sns::Topic;
use cloudward_model::{Attributes, Resource, Value};

use super::{doubt_of, get, locate, name_or_address, opt_str, policy, reason, resource, Index};
use crate::terraform::module::Instance;

/// A key argument that is set: a key, even when its value is only known after apply.
pub(crate) fn key_argument(v: Option<&crate::terraform::value::Val>) -> Value<Option<String>> {
    match opt_str(v) {
        Value::Known(k) => Value::Known(k.filter(|k| !k.is_empty())),
        // Set to something computed (`aws_kms_key.x.arn`, a data source): encryption is on.
        Value::Unknown(r) => Value::Known(Some(format!("(unresolved: {r})"))),
    }
}

/// A parent reference of a policy resource: a static value, or an attribute of a resource
/// of this code known only after apply (`aws_sqs_queue.jobs.url`).
enum Reference {
    Static(String),
    Computed(String),
    Unknown(String),
    Missing,
}

fn reference(i: &Instance, key: &str) -> Reference {
    match get(i, key) {
        None => Reference::Missing,
        Some(v) => match v.to_string_val() {
            Ok(s) => Reference::Static(s),
            Err(e) => {
                let why = reason(&e);
                match why.strip_suffix(" is known only after apply") {
                    Some(attr) => Reference::Computed(attr.to_string()),
                    None => Reference::Unknown(format!(
                        "{} has {key} that is not known statically ({why}) and may apply to this resource",
                        i.address
                    )),
                }
            }
        },
    }
}

/// Whether `value` (a parent reference) names the instance `i` called `name`: its address,
/// one of its attributes (`<address>.arn`, `<address>.url`), or a literal ARN or URL ending
/// in its name.
fn names(value: &str, i: &Instance, name: &str) -> bool {
    value == i.address
        || value
            .strip_prefix(i.address.as_str())
            .is_some_and(|rest| matches!(rest, ".arn" | ".id" | ".url"))
        || ((value.starts_with("arn:") || value.starts_with("https://"))
            && value.rsplit([':', '/']).next() == Some(name))
}

/// Set the policy of each parent that a `policy_type` resource names through `key`: parents
/// are `(resource, instance, name)`; `set` writes the policy into the resource's attributes. A
/// policy whose parent is not known statically makes every parent it did not join Unknown.
pub(crate) fn join_policies(
    idx: &Index<'_>,
    parents: &mut [(Resource, &Instance, String)],
    policy_type: &str,
    key: &str,
    set: fn(&mut Resource, Value<Option<cloudward_model::policy::PolicyDocument>>),
) {
    let mut doubt: Option<String> = None;
    let mut joined = vec![false; parents.len()];
    for &p in idx.of(policy_type) {
        let target = match reference(p, key) {
            Reference::Static(v) | Reference::Computed(v) => v,
            Reference::Unknown(why) => {
                doubt = doubt.or(Some(why));
                continue;
            }
            Reference::Missing => continue,
        };
        let Some(n) = parents
            .iter()
            .position(|(_, i, name)| names(&target, i, name))
        else {
            continue;
        };
        let (r, _, _) = &mut parents[n];
        let document = match doubt_of(p) {
            Some(why) => Value::Unknown(why),
            None => policy(get(p, "policy")),
        };
        set(r, document);
        r.attribute_locations
            .insert("policy".to_string(), p.location.clone());
        joined[n] = true;
    }
    if let Some(why) = doubt {
        for (n, (r, _, _)) in parents.iter_mut().enumerate() {
            if !joined[n] {
                set(r, Value::Unknown(why.clone()));
            }
        }
    }
}

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut topics: Vec<(Resource, &Instance, String)> = Vec::new();
    for &i in idx.of("aws_sns_topic") {
        let name = name_or_address(i, "name");
        let topic = Topic {
            topic_arn: format!("{}.arn", i.address),
            kms_master_key_id: key_argument(get(i, "kms_master_key_id")),
            policy: policy(get(i, "policy")),
            subscriptions_confirmed: Value::unknown(
                "confirmed subscriptions exist only in a live account",
            ),
        };
        let mut r = resource(i, name.clone(), Attributes::SnsTopic(topic));
        locate(&mut r, "kms_master_key_id", i, "kms_master_key_id");
        locate(&mut r, "policy", i, "policy");
        topics.push((r, i, name));
    }
    join_policies(idx, &mut topics, "aws_sns_topic_policy", "arn", |r, doc| {
        if let Attributes::SnsTopic(t) = &mut r.attributes {
            t.policy = doc;
        }
    });
    out.extend(topics.into_iter().map(|(r, _, _)| r));
}
