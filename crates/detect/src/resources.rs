//! Which AWS resources a CloudTrail event acted on, so an alert can be linked to the posture
//! of those resources (the latest stored finding on a security group that was just opened, a
//! bucket whose policy was just changed) and `watch` can re-judge them.
//!
//! Taken from the event's `resources[].ARN` (CloudTrail fills it for many data and some
//! management events) and from the request parameters that name the resource acted on
//! ([`RESOURCE_PARAMETERS`]). Values are ids, names or ARNs as the API took them; a consumer
//! matches them against a resource's id, ARN or name. At most [`MAX_RESOURCES`] per event.

use crate::event::{Event, LogKind};

/// Most resources taken from one event (a `DeleteObjects` of a thousand keys names one
/// bucket; the list is for linking, not an inventory).
pub const MAX_RESOURCES: usize = 8;

/// `requestParameters` members that name the resource an API call acts on, across the
/// services cloudward collects, in order of preference (an event's resources are listed in
/// this order).
pub const RESOURCE_PARAMETERS: &[&str] = &[
    "bucketName",
    "groupId",
    "instanceId",
    "instancesSet.items.instanceId",
    "networkAclId",
    "vpcId",
    "snapshotId",
    "imageId",
    "functionName",
    "roleName",
    "userName",
    "groupName",
    "policyArn",
    "keyId",
    "secretId",
    "name",
    "trailName",
    "detectorId",
    "dBInstanceIdentifier",
    "dBSnapshotIdentifier",
    "dBClusterIdentifier",
    "topicArn",
    "queueUrl",
    "tableName",
    "loadBalancerArn",
    "repositoryName",
    "clusterName",
    "flowLogIds",
    "ipSetId",
    "webACLId",
];

/// The resources `ev` acted on, as described in the module documentation; empty for logs
/// other than CloudTrail.
pub fn resources_of(ev: &Event) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if ev.kind() != LogKind::CloudTrail {
        return out;
    }
    let push = |out: &mut Vec<String>, v: &str| {
        let v = v.trim();
        if !v.is_empty() && out.len() < MAX_RESOURCES && !out.iter().any(|o| o == v) {
            out.push(v.to_owned());
        }
        out.len() >= MAX_RESOURCES
    };
    if ev.values("resources.ARN", &mut |v| {
        v.is_some_and(|v| push(&mut out, &v))
    }) {
        return out;
    }
    // One pass over `requestParameters` for all the names (a lookup each cost more than the
    // rule that matched), then in the list's order.
    let mut found: Vec<(usize, String)> = Vec::new();
    ev.values_below("requestParameters", RESOURCE_PARAMETERS, &mut |i, v| {
        if let Some(v) = v {
            found.push((i, v.into_owned()));
        }
        false
    });
    found.sort_by_key(|(i, _)| *i);
    for (_, v) in found {
        if push(&mut out, &v) {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ct(json: &str) -> Event {
        Event::from_json(LogKind::CloudTrail, "t".into(), 1, json.as_bytes().to_vec())
            .expect("valid JSON")
    }

    #[test]
    fn names_the_resource_acted_on() {
        let ev = ct(
            r#"{"eventName":"AuthorizeSecurityGroupIngress","requestParameters":{"groupId":"sg-0abc","ipPermissions":{}}}"#,
        );
        assert_eq!(resources_of(&ev), ["sg-0abc"]);
        let ev = ct(
            r#"{"eventName":"PutBucketPolicy","requestParameters":{"bucketName":"b1"},
            "resources":[{"ARN":"arn:aws:s3:::b1","type":"AWS::S3::Bucket"}]}"#,
        );
        assert_eq!(resources_of(&ev), ["arn:aws:s3:::b1", "b1"]);
        let ev = ct(
            r#"{"eventName":"TerminateInstances","requestParameters":{"instancesSet":{"items":[{"instanceId":"i-1"},{"instanceId":"i-2"},{"instanceId":"i-1"}]}}}"#,
        );
        assert_eq!(resources_of(&ev), ["i-1", "i-2"]);
        assert!(resources_of(&ct(r#"{"eventName":"ListBuckets"}"#)).is_empty());
    }

    #[test]
    fn at_most_a_few_per_event() {
        let items: Vec<String> = (0..100)
            .map(|i| format!(r#"{{"ARN":"arn:aws:s3:::b/k{i}"}}"#))
            .collect();
        let ev = ct(&format!(r#"{{"resources":[{}]}}"#, items.join(",")));
        assert_eq!(resources_of(&ev).len(), MAX_RESOURCES);
    }
}
