//! Where code and live collection write the same setting differently, by kind: made equal
//! before comparing, so that only real differences are reported. Each case says why.

use cloudward_model::ResourceKind;
use serde_json::Value as Json;

/// Bring the live side's form to the code side's where AWS adds what no code writes.
pub(crate) fn normalize(kind: ResourceKind, code: &Json, live: &mut Json) {
    match kind {
        ResourceKind::S3Bucket => owner_grant(code, live),
        ResourceKind::Ec2RouteTable => local_routes(live),
        ResourceKind::IamRole => profile_names(live),
        _ => {}
    }
}

fn known_items<'a>(v: &'a mut Json, field: &str) -> Option<&'a mut Vec<Json>> {
    v.get_mut(field)?.get_mut("known")?.as_array_mut()
}

/// Code gives the bucket owner's grant without an id (the owner is not known before apply);
/// S3 returns it with the owner's canonical id. When the code declares the owner's grant and
/// live has exactly one canonical-user FULL_CONTROL grant, that grant is the owner's.
fn owner_grant(code: &Json, live: &mut Json) {
    let is_owner = |g: &Json| {
        g.get("grantee_type").and_then(Json::as_str) == Some("CanonicalUser")
            && g.get("permission").and_then(Json::as_str) == Some("FULL_CONTROL")
    };
    let code_has_owner = code
        .pointer("/acl_grants/known")
        .and_then(Json::as_array)
        .is_some_and(|gs| {
            gs.iter()
                .any(|g| is_owner(g) && g.get("grantee_id").is_none())
        });
    let Some(grants) = known_items(live, "acl_grants") else {
        return;
    };
    let mut owners = grants.iter_mut().filter(|g| is_owner(g));
    if let (true, Some(Json::Object(owner)), None) = (code_has_owner, owners.next(), owners.next())
    {
        owner.remove("grantee_id");
    }
}

/// Every route table has the VPC's `local` route, which AWS adds and no code declares.
fn local_routes(live: &mut Json) {
    if let Some(routes) = known_items(live, "routes") {
        routes.retain(|r| r.get("target").and_then(Json::as_str) != Some("local"));
    }
}

/// Live collection lists a role's instance profiles by ARN; Terraform code by the name its
/// references resolve to (the ARN is not known before apply). The name is the ARN's last
/// segment.
fn profile_names(live: &mut Json) {
    if let Some(profiles) = known_items(live, "instance_profiles") {
        for p in profiles.iter_mut() {
            let name = p.as_str().and_then(|arn| arn.rsplit('/').next());
            if let Some(name) = name.map(str::to_string) {
                *p = Json::String(name);
            }
        }
        profiles.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_owner_grant_loses_its_id_only_when_it_is_the_one_owner_grant() {
        let code = json!({"acl_grants": {"known": [{"grantee_type": "CanonicalUser", "permission": "FULL_CONTROL"}]}});
        let grant = |id: &str| json!({"grantee_type": "CanonicalUser", "grantee_id": id, "permission": "FULL_CONTROL"});
        let mut live = json!({"acl_grants": {"known": [grant("abc")]}});
        normalize(ResourceKind::S3Bucket, &code, &mut live);
        assert_eq!(live, code);
        let mut two = json!({"acl_grants": {"known": [grant("abc"), grant("def")]}});
        let before = two.clone();
        normalize(ResourceKind::S3Bucket, &code, &mut two);
        assert_eq!(two, before, "which one is the owner's is not known");
    }

    #[test]
    fn the_local_route_is_dropped() {
        let mut live = json!({"routes": {"known": [{"destination": "10.0.0.0/16", "target": "local"},
                                                    {"destination": "0.0.0.0/0", "target": "igw-1"}]}});
        normalize(ResourceKind::Ec2RouteTable, &json!({}), &mut live);
        assert_eq!(
            live,
            json!({"routes": {"known": [{"destination": "0.0.0.0/0", "target": "igw-1"}]}})
        );
    }

    #[test]
    fn instance_profiles_are_compared_by_name() {
        let mut live = json!({"instance_profiles": {"known": [
            "arn:aws:iam::123456789012:instance-profile/web/zeta",
            "arn:aws:iam::123456789012:instance-profile/alpha"
        ]}});
        normalize(ResourceKind::IamRole, &json!({}), &mut live);
        assert_eq!(
            live,
            json!({"instance_profiles": {"known": ["alpha", "zeta"]}})
        );
    }
}
