//! Cross-account requests: the principal's account must allow (identity policies, boundary,
//! SCPs) and so must the resource's account (its resource-based policy).

use cloudward_policy::PolicyKind::{Identity, Resource, ServiceControl};
use cloudward_policy::Verdict::{Allow, ExplicitDeny, ImplicitDeny, Unknown};
use serde_json::json;

use super::*;

const CAROL: &str = "arn:aws:iam::444455556666:user/carol";

pub fn cases() -> Vec<Case> {
    let bucket_allows = |principal: Json| {
        doc(
            json!([{"Effect": "Allow", "Principal": principal, "Action": "s3:GetObject", "Resource": format!("{BUCKET}/*")}]),
        )
    };
    let from_other = || case("", CROSS).principal(CAROL);
    vec![
        Case { name: "both accounts allow", ..from_other() }
            .identity(allow("s3:GetObject", "*"))
            .resource_policy(bucket_allows(json!({"AWS": OTHER})))
            .expect(Allow)
            .deciding(&[(Identity, 0), (Resource, 0)]),
        Case { name: "only the identity policy allows", ..from_other() }
            .identity(allow("s3:GetObject", "*"))
            .expect(ImplicitDeny),
        Case { name: "only the resource policy allows, naming the user", ..from_other() }
            .resource_policy(bucket_allows(json!({"AWS": CAROL})))
            .expect(ImplicitDeny),
        Case { name: "the resource policy names the user and the identity policy allows", ..from_other() }
            .identity(allow("s3:GetObject", OBJECT))
            .resource_policy(bucket_allows(json!({"AWS": CAROL})))
            .expect(Allow),
        Case { name: "the resource policy trusts a third account only", ..from_other() }
            .identity(allow("s3:GetObject", "*"))
            .resource_policy(bucket_allows(json!({"AWS": "777788889999"})))
            .expect(ImplicitDeny),
        Case { name: "a deny in the principal's identity policy", ..from_other() }
            .identity(doc(json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}])))
            .resource_policy(bucket_allows(json!({"AWS": OTHER})))
            .expect(ExplicitDeny)
            .deciding(&[(Identity, 1)]),
        Case { name: "a deny in the resource policy", ..from_other() }
            .identity(allow("s3:*", "*"))
            .resource_policy(doc(json!([
                {"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "s3:*", "Resource": format!("{BUCKET}/*")},
                {"Effect": "Deny", "Principal": {"AWS": CAROL}, "Action": "s3:GetObject", "Resource": format!("{BUCKET}/*")}
            ])))
            .expect(ExplicitDeny)
            .deciding(&[(Resource, 1)]),
        Case { name: "a public bucket still needs the other account's identity policy", ..from_other() }
            .resource_policy(bucket_allows(json!("*")))
            .expect(ImplicitDeny),
        Case { name: "a public bucket and an identity allow", ..from_other() }
            .identity(allow("s3:GetObject", "*"))
            .resource_policy(bucket_allows(json!({"AWS": "*"})))
            .expect(Allow),
        Case { name: "the principal's SCPs apply to cross-account requests", ..from_other() }
            .identity(allow("s3:GetObject", "*"))
            .resource_policy(bucket_allows(json!({"AWS": OTHER})))
            .scps(vec![vec![allow_all(), deny("s3:*", "*")]])
            .expect(ExplicitDeny)
            .deciding(&[(ServiceControl, 0)]),
        Case { name: "a key policy trusting the other account, with its identity allow", source: KMS, ..from_other() }
            .request("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1234abcd")
            .identity(allow("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1234abcd"))
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:Decrypt", "Resource": "*"}])))
            .required()
            .expect(Allow),
        Case { name: "a key policy trusting the other account, without an identity allow", source: KMS, ..from_other() }
            .request("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1234abcd")
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:Decrypt", "Resource": "*"}])))
            .required()
            .expect(ImplicitDeny),
        Case { name: "a trust policy trusting the other account, with its identity allow", source: TRUST, ..from_other() }
            .request("sts:AssumeRole", ROLE)
            .identity(allow("sts:AssumeRole", ROLE))
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"}])))
            .required()
            .expect(Allow),
        Case { name: "a trust policy naming the other account's user still needs its identity allow", source: TRUST, ..from_other() }
            .request("sts:AssumeRole", ROLE)
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"AWS": CAROL}, "Action": "sts:AssumeRole"}])))
            .required()
            .expect(ImplicitDeny),
        Case { name: "a trust policy requiring an external id the request does not carry", source: TRUST, ..from_other() }
            .request("sts:AssumeRole", ROLE)
            .identity(allow("sts:AssumeRole", ROLE))
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"sts:ExternalId": "Unique-1234"}}}])))
            .absent("sts:ExternalId")
            .required()
            .expect(ImplicitDeny),
        Case { name: "the same, with the external id", source: TRUST, ..from_other() }
            .request("sts:AssumeRole", ROLE)
            .identity(allow("sts:AssumeRole", ROLE))
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"sts:ExternalId": "Unique-1234"}}}])))
            .ctx("sts:ExternalId", "Unique-1234")
            .required()
            .expect(Allow),
        Case { name: "the resource's account is not known: an identity allow alone is Unknown", ..from_other() }
            .identity(allow("s3:GetObject", "*"))
            .expect(Unknown)
            .resource_account_unknown(),
        Case { name: "the resource's account is not known but both sides allow", ..from_other() }
            .identity(allow("s3:GetObject", "*"))
            .resource_policy(bucket_allows(json!({"AWS": CAROL})))
            .expect(Allow)
            .resource_account_unknown(),
    ]
}

impl Case {
    fn resource_account_unknown(mut self) -> Self {
        self.resource_account = None;
        self
    }
}

#[test]
fn cross_account_requests() {
    run(cases());
}
