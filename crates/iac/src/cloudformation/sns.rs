//! SNS: `AWS::SNS::Topic` and the `AWS::SNS::TopicPolicy` resources that set the access
//! policy of the topics they list.

use cloudward_model::sns::Topic;
use cloudward_model::{Attributes, Value};

use super::eval::Val;
use super::s3::policy_document;
use super::{locations, Template};

/// A key property that is set: a key, even when its value is only known at deployment.
pub(crate) fn key_property(p: &Val, name: &str) -> Value<Option<String>> {
    match p.get(name) {
        None => Value::Known(None),
        Some(v) => match v.id() {
            Ok(k) if k.is_empty() => Value::Known(None),
            Ok(k) => Value::Known(Some(k)),
            Err(r) => Value::Known(Some(format!("(unresolved: {r})"))),
        },
    }
}

pub(crate) fn adapt(t: &mut Template<'_>) {
    let topics: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::SNS::Topic")
        .collect();
    for i in topics {
        let decl = &t.decls[i];
        let p = &decl.props;
        let topic = Topic {
            topic_arn: decl.logical_id.clone(),
            kms_master_key_id: key_property(p, "KmsMasterKeyId"),
            // No TopicPolicy: SNS's default policy, which admits only the owner account.
            policy: Value::Known(None),
            subscriptions_confirmed: Value::unknown(
                "confirmed subscriptions exist only in a live account",
            ),
        };
        let locs = locations(
            t,
            [("kms_master_key_id".to_string(), p.key_pos("KmsMasterKeyId"))],
        );
        let name = decl.name_or_logical_id("TopicName");
        t.push(i, name, Attributes::SnsTopic(topic), locs);
    }
    let policies: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::SNS::TopicPolicy")
        .collect();
    for i in policies {
        let decl = &t.decls[i];
        let targets: Vec<Option<String>> = match decl.props.get("Topics").map(|v| v.list()) {
            Some(Ok(items)) => items.iter().map(|v| t.target(v)).collect(),
            _ => Vec::new(),
        };
        let document = match (&decl.existence_unknown, decl.props.get("PolicyDocument")) {
            (Some(why), _) => Value::Unknown(format!("the topic policy may not exist: {why}")),
            (None, Some(doc)) => policy_document(doc).map(Some),
            (None, None) => Value::Unknown("TopicPolicy without PolicyDocument".to_string()),
        };
        let location = t.location(decl.props.key_pos("PolicyDocument").unwrap_or(decl.pos));
        let mut joined = false;
        for target in targets.into_iter().flatten() {
            let Some(resource) = t.resource_mut(&target) else {
                continue;
            };
            if let Attributes::SnsTopic(topic) = &mut resource.attributes {
                topic.policy = document.clone();
                resource
                    .attribute_locations
                    .insert("policy".to_string(), location.clone());
                joined = true;
            }
        }
        if !joined {
            t.unjoined(i, "a topic");
        }
    }
}
