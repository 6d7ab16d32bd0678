//! Permissions boundaries: the effective permissions are the intersection of the identity
//! policy and the boundary, except what a resource-based policy grants a user ARN directly.

use cloudward_policy::PolicyKind::{Identity, PermissionsBoundary, Resource};
use cloudward_policy::Verdict::{Allow, ExplicitDeny, ImplicitDeny, Unknown};
use serde_json::json;

use super::*;

pub fn cases() -> Vec<Case> {
    // The page's example boundary: S3, CloudWatch and EC2 only.
    let boundary = || {
        doc(
            json!([{"Effect": "Allow", "Action": ["s3:*", "cloudwatch:*", "ec2:*"], "Resource": "*"}]),
        )
    };
    let bucket_allows = |principal: &str| {
        doc(
            json!([{"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "s3:GetObject", "Resource": format!("{BUCKET}/*")}]),
        )
    };
    vec![
        case("the boundary and the identity policy both allow", BOUNDARIES)
            .identity(allow("s3:GetObject", "*"))
            .boundary(boundary())
            .expect(Allow)
            .deciding(&[(Identity, 0), (PermissionsBoundary, 0)]),
        case("the page's example: iam:CreateUser allowed by the identity policy, not the boundary", BOUNDARIES)
            .request("iam:CreateUser", "arn:aws:iam::111122223333:user/new")
            .identity(allow("iam:CreateUser", "*"))
            .boundary(boundary())
            .expect(ImplicitDeny),
        case("the boundary allows but no identity policy does", BOUNDARIES)
            .boundary(boundary())
            .expect(ImplicitDeny),
        case("a deny in the boundary", BOUNDARIES)
            .identity(allow_all())
            .boundary(doc(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}])))
            .expect(ExplicitDeny)
            .deciding(&[(PermissionsBoundary, 1)]),
        case("a resource policy naming the user ARN is not limited by the boundary", BOUNDARIES)
            .boundary(allow("ec2:*", "*"))
            .resource_policy(bucket_allows(ALICE))
            .expect(Allow)
            .deciding(&[(Resource, 0)]),
        case("a resource policy naming the role ARN is limited by the boundary", BOUNDARIES)
            .principal(ROLE)
            .boundary(allow("ec2:*", "*"))
            .resource_policy(bucket_allows(ROLE))
            .expect(ImplicitDeny),
        case("a resource policy naming the role ARN, the boundary allowing", BOUNDARIES)
            .principal(ROLE)
            .boundary(boundary())
            .resource_policy(bucket_allows(ROLE))
            .expect(Allow),
        case("a resource policy naming the account needs the identity policy and the boundary", BOUNDARIES)
            .identity(allow("s3:GetObject", "*"))
            .boundary(allow("ec2:*", "*"))
            .resource_policy(bucket_allows(ACCOUNT))
            .expect(ImplicitDeny),
        case("a boundary whose allow depends on an unknown condition", BOUNDARIES)
            .identity(allow("s3:GetObject", "*"))
            .boundary(doc(json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
                "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}])))
            .expect(Unknown)
            .deciding(&[(Identity, 0), (PermissionsBoundary, 0)]),
        case("a boundary with NotAction allows everything but IAM", BOUNDARIES)
            .request("iam:CreateUser", "arn:aws:iam::111122223333:user/new")
            .identity(allow_all())
            .boundary(doc(json!([{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}])))
            .expect(ImplicitDeny),
        case("a boundary with NotAction, a non-IAM action", BOUNDARIES)
            .identity(allow_all())
            .boundary(doc(json!([{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}])))
            .expect(Allow),
        case("a boundary limited to one bucket, a request for another", BOUNDARIES)
            .request("s3:GetObject", "arn:aws:s3:::other-bucket/x")
            .identity(allow("s3:*", "*"))
            .boundary(allow("s3:*", "arn:aws:s3:::amzn-s3-demo-bucket/*"))
            .expect(ImplicitDeny),
        case("the delegation example: the admin may create users only with the boundary attached", BOUNDARIES)
            .request("iam:CreateUser", "arn:aws:iam::111122223333:user/new")
            .identity(doc(json!([{"Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*",
                "Condition": {"StringEquals": {"iam:PermissionsBoundary": "arn:aws:iam::111122223333:policy/XCompanyBoundaries"}}}])))
            .boundary(allow("iam:*", "*"))
            .ctx("iam:PermissionsBoundary", "arn:aws:iam::111122223333:policy/XCompanyBoundaries")
            .expect(Allow),
        case("the delegation example without the boundary in the request", BOUNDARIES)
            .request("iam:CreateUser", "arn:aws:iam::111122223333:user/new")
            .identity(doc(json!([{"Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*",
                "Condition": {"StringEquals": {"iam:PermissionsBoundary": "arn:aws:iam::111122223333:policy/XCompanyBoundaries"}}}])))
            .boundary(allow("iam:*", "*"))
            .absent("iam:PermissionsBoundary")
            .expect(ImplicitDeny),
    ]
}

#[test]
fn permissions_boundaries() {
    run(cases());
}
