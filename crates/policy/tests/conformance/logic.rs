//! The evaluation flow in one account: default deny, explicit deny wins, resource-based and
//! identity-based policies, KMS key and role trust policies, session policies.

use cloudward_policy::PolicyKind::{Identity, Resource, Session};
use cloudward_policy::Verdict::{Allow, ExplicitDeny, ImplicitDeny, Unknown};
use serde_json::json;

use super::*;

pub fn cases() -> Vec<Case> {
    let bucket_allows = |principal: Json| {
        doc(
            json!([{"Effect": "Allow", "Principal": principal, "Action": "s3:GetObject", "Resource": format!("{BUCKET}/*")}]),
        )
    };
    vec![
        case("no policy at all: the default deny", EVAL).expect(ImplicitDeny),
        case("an identity-based policy allows", EVAL)
            .identity(allow("s3:GetObject", "*"))
            .expect(Allow)
            .deciding(&[(Identity, 0)]),
        case("an identity-based policy allows another action only", EVAL)
            .identity(allow("s3:PutObject", "*"))
            .expect(ImplicitDeny),
        case("an explicit deny in the same policy overrides the allow", DENYALLOW)
            .identity(doc(json!([
                {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                {"Sid": "NoReports", "Effect": "Deny", "Action": "s3:GetObject", "Resource": OBJECT}
            ])))
            .expect(ExplicitDeny)
            .deciding(&[(Identity, 1)]),
        case("an explicit deny in another identity policy overrides the allow", DENYALLOW)
            .identity(allow("s3:*", "*"))
            .identity(deny("s3:GetObject", "*"))
            .expect(ExplicitDeny)
            .deciding(&[(Identity, 0)]),
        case("a deny in the resource-based policy overrides an identity allow", DENYALLOW)
            .identity(allow("s3:*", "*"))
            .resource_policy(doc(json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": format!("{BUCKET}/*")}])))
            .expect(ExplicitDeny)
            .deciding(&[(Resource, 0)]),
        case("same account: a resource policy naming the user grants on its own", IDENTITY_VS_RESOURCE)
            .resource_policy(bucket_allows(json!({"AWS": ALICE})))
            .expect(Allow)
            .deciding(&[(Resource, 0)]),
        case("same account: a resource policy naming only the account delegates to IAM", PRINCIPAL)
            .resource_policy(bucket_allows(json!({"AWS": ACCOUNT})))
            .expect(ImplicitDeny),
        case("same account: account principal plus an identity allow", PRINCIPAL)
            .resource_policy(bucket_allows(json!({"AWS": format!("arn:aws:iam::{ACCOUNT}:root")})))
            .identity(allow("s3:GetObject", "*"))
            .expect(Allow),
        case("same account: either policy allowing is enough (identity)", EVAL)
            .resource_policy(bucket_allows(json!({"AWS": "arn:aws:iam::111122223333:user/bob"})))
            .identity(allow("s3:GetObject", OBJECT))
            .expect(Allow)
            .deciding(&[(Identity, 0)]),
        case("an allow whose condition cannot be decided, nothing else allows: Unknown", OPERATORS)
            .identity(doc(json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}])))
            .expect(Unknown)
            .deciding(&[(Identity, 0)]),
        case("an undecidable deny over an otherwise allowed request: Unknown", DENYALLOW)
            .identity(allow("s3:GetObject", "*"))
            .identity(doc(json!([{"Effect": "Deny", "Action": "s3:*", "Resource": "*",
                "Condition": {"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}}])))
            .expect(Unknown)
            .deciding(&[(Identity, 0), (Identity, 0)]),
        case("an undecidable deny when nothing allows is still an implicit deny", DENYALLOW)
            .identity(doc(json!([{"Effect": "Deny", "Action": "s3:*", "Resource": "*",
                "Condition": {"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}}])))
            .expect(ImplicitDeny),
        case("an unconditional allow beside an undecidable one decides Allow", EVAL)
            .identity(doc(json!([
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                 "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
                {"Effect": "Allow", "Action": "s3:Get*", "Resource": OBJECT}
            ])))
            .expect(Allow)
            .deciding(&[(Identity, 1)]),
        case("an undecidable deny loses to a decided deny", DENYALLOW)
            .identity(allow("*", "*"))
            .identity(doc(json!([
                {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
                {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}
            ])))
            .expect(ExplicitDeny)
            .deciding(&[(Identity, 1)]),
        case("the root user needs no identity-based policy in its account", EVAL)
            .principal("arn:aws:iam::111122223333:root")
            .expect(Allow),
        case("a resource-based deny applies to the root user too", EVAL)
            .principal("arn:aws:iam::111122223333:root")
            .resource_policy(doc(json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": format!("{BUCKET}/*")}])))
            .expect(ExplicitDeny),
        case("a service principal is granted by the resource-based policy", PRINCIPAL)
            .principal("cloudtrail.amazonaws.com")
            .request("s3:PutObject", "arn:aws:s3:::amzn-s3-demo-bucket/AWSLogs/111122223333/x")
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:PutObject", "Resource": format!("{BUCKET}/AWSLogs/111122223333/*")}])))
            .expect(Allow),
        case("a service principal without a resource policy is denied", PRINCIPAL)
            .principal("cloudtrail.amazonaws.com")
            .expect(ImplicitDeny),
        case("an anonymous caller and a public bucket policy", PRINCIPAL)
            .principal("*")
            .resource_policy(bucket_allows(json!("*")))
            .expect(Allow),
        case("an anonymous caller and a bucket open to one account only", PRINCIPAL)
            .principal("*")
            .resource_policy(bucket_allows(json!({"AWS": ACCOUNT})))
            .expect(ImplicitDeny),
        case("KMS: an identity policy alone does not reach a key whose policy ignores IAM", KMS)
            .request("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1234abcd")
            .identity(allow("kms:Decrypt", "*"))
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/keyadmin"}, "Action": "kms:*", "Resource": "*"}])))
            .required()
            .expect(ImplicitDeny),
        case("KMS: the default key policy enables IAM policies", KMS)
            .request("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1234abcd")
            .identity(allow("kms:Decrypt", "*"))
            .resource_policy(doc(json!([{"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}])))
            .required()
            .expect(Allow)
            .deciding(&[(Identity, 0), (Resource, 0)]),
        case("KMS: IAM enabled by the key policy but no identity policy allows", KMS)
            .request("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1234abcd")
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}])))
            .required()
            .expect(ImplicitDeny),
        case("KMS: a key policy naming the user grants on its own", KMS)
            .request("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1234abcd")
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*"}])))
            .required()
            .expect(Allow),
        case("KMS: no key policy at all", KMS)
            .request("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1234abcd")
            .identity(allow("kms:*", "*"))
            .required()
            .expect(ImplicitDeny),
        case("trust policy naming the user lets it assume the role without an identity policy", TRUST)
            .request("sts:AssumeRole", ROLE)
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "sts:AssumeRole"}])))
            .required()
            .expect(Allow),
        case("trust policy naming the account: the identity policy must allow", TRUST)
            .request("sts:AssumeRole", ROLE)
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}])))
            .identity(allow("sts:AssumeRole", ROLE))
            .required()
            .expect(Allow),
        case("trust policy naming the account, no identity policy", TRUST)
            .request("sts:AssumeRole", ROLE)
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}])))
            .required()
            .expect(ImplicitDeny),
        case("an identity policy alone cannot assume a role that does not trust the caller", TRUST)
            .request("sts:AssumeRole", ROLE)
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}])))
            .identity(allow("sts:AssumeRole", "*"))
            .required()
            .expect(ImplicitDeny),
        case("session policy and identity policy both allow", SESSION)
            .principal("arn:aws:sts::111122223333:assumed-role/app/s1")
            .identity(allow("s3:*", "*"))
            .session(allow("s3:GetObject", "*"))
            .expect(Allow)
            .deciding(&[(Identity, 0), (Session, 0)]),
        case("a session policy that does not allow limits the session", SESSION)
            .principal("arn:aws:sts::111122223333:assumed-role/app/s1")
            .identity(allow("s3:*", "*"))
            .session(allow("s3:ListBucket", "*"))
            .expect(ImplicitDeny),
        case("a session policy cannot grant more than the identity policy", SESSION)
            .principal("arn:aws:sts::111122223333:assumed-role/app/s1")
            .identity(allow("s3:ListBucket", "*"))
            .session(allow("s3:*", "*"))
            .expect(ImplicitDeny),
        case("a deny in a session policy", SESSION)
            .principal("arn:aws:sts::111122223333:assumed-role/app/s1")
            .identity(allow("s3:*", "*"))
            .session(doc(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}])))
            .expect(ExplicitDeny)
            .deciding(&[(Session, 1)]),
        case("a resource policy naming the role ARN is limited by the session policy", SESSION)
            .principal("arn:aws:sts::111122223333:assumed-role/app/s1")
            .resource_policy(bucket_allows(json!({"AWS": ROLE})))
            .session(allow("s3:ListBucket", "*"))
            .expect(ImplicitDeny),
        case("a resource policy naming the role session ARN is not limited by the session policy", SESSION)
            .principal("arn:aws:sts::111122223333:assumed-role/app/s1")
            .resource_policy(bucket_allows(json!({"AWS": "arn:aws:sts::111122223333:assumed-role/app/s1"})))
            .session(allow("s3:ListBucket", "*"))
            .expect(Allow),
        case("a role granted by the resource policy without any identity policy", IDENTITY_VS_RESOURCE)
            .principal(ROLE)
            .resource_policy(bucket_allows(json!({"AWS": ROLE})))
            .expect(Allow),
    ]
}

#[test]
fn evaluation_logic_in_one_account() {
    run(cases());
}
