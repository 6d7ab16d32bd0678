//! SNS: `aws_sns_topic` (with its inline `policy`) joined with `aws_sns_topic_policy` by the
//! topic's ARN (a reference resolves to `<address>.arn`; a literal ARN matches by name).

use cloudward_model::sns::Topic;
use cloudward_model::{Attributes, Resource, Value};

use super::{
    doubt_of, get, locate, name_or_address, opt_str, parent, policy, resource, Index, Parent,
};
use crate::terraform::module::Instance;

/// A key argument that is set: a key, even when its value is only known after apply.
pub(crate) fn key_argument(v: Option<&crate::terraform::value::Val>) -> Value<Option<String>> {
    match opt_str(v) {
        Value::Known(k) => Value::Known(k.filter(|k| !k.is_empty())),
        // Set to something computed (`aws_kms_key.x.arn`, a data source): encryption is on.
        Value::Unknown(r) => Value::Known(Some(format!("(unresolved: {r})"))),
    }
}

/// Whether `value` (a parent reference) names the instance `i` called `name`.
pub(crate) fn names(value: &str, i: &Instance, name: &str) -> bool {
    value == format!("{}.arn", i.address)
        || value == i.address
        || (value.starts_with("arn:") && value.rsplit(':').next() == Some(name))
}

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut topics: Vec<(Resource, &Instance, String)> = Vec::new();
    for &i in idx.of("aws_sns_topic") {
        let name = name_or_address(i, "name");
        let topic = Topic {
            topic_arn: format!("{}.arn", i.address),
            kms_master_key_id: key_argument(get(i, "kms_master_key_id")),
            policy: policy(get(i, "policy")),
        };
        let mut r = resource(i, name.clone(), Attributes::SnsTopic(topic));
        locate(&mut r, "kms_master_key_id", i, "kms_master_key_id");
        locate(&mut r, "policy", i, "policy");
        topics.push((r, i, name));
    }
    let mut doubt: Option<String> = None;
    let mut joined = vec![false; topics.len()];
    for &p in idx.of("aws_sns_topic_policy") {
        match parent(p, "arn") {
            Parent::Known(arn) => {
                if let Some(n) = topics.iter().position(|(_, i, name)| names(&arn, i, name)) {
                    let (r, _, _) = &mut topics[n];
                    if let Attributes::SnsTopic(t) = &mut r.attributes {
                        t.policy = match doubt_of(p) {
                            Some(why) => Value::Unknown(why),
                            None => policy(get(p, "policy")),
                        };
                    }
                    r.attribute_locations
                        .insert("policy".to_string(), p.location.clone());
                    joined[n] = true;
                }
            }
            Parent::Unknown(why) => doubt = doubt.or(Some(why)),
            Parent::Missing => {}
        }
    }
    if let Some(why) = doubt {
        for (n, (r, _, _)) in topics.iter_mut().enumerate() {
            if let (false, Attributes::SnsTopic(t)) = (joined[n], &mut r.attributes) {
                t.policy = Value::Unknown(why.clone());
            }
        }
    }
    out.extend(topics.into_iter().map(|(r, _, _)| r));
}
