//! The policy elements: Action / NotAction, Resource / NotResource, Principal / NotPrincipal.

use cloudward_policy::PolicyKind::{Identity, Resource};
use cloudward_policy::Verdict::{Allow, ExplicitDeny, ImplicitDeny};
use serde_json::json;

use super::*;

pub fn cases() -> Vec<Case> {
    let bob = "arn:aws:iam::111122223333:user/bob";
    // The NotPrincipal page's example: deny everyone but alice (and her account).
    let not_principal = || {
        doc(json!([{"Effect": "Deny",
        "NotPrincipal": {"AWS": [ALICE, "arn:aws:iam::111122223333:root"]},
        "Action": "s3:*", "Resource": [BUCKET, format!("{BUCKET}/*")]}]))
    };
    let bucket_allows = |principal: Json| {
        doc(
            json!([{"Effect": "Allow", "Principal": principal, "Action": "s3:GetObject", "Resource": format!("{BUCKET}/*")}]),
        )
    };
    vec![
        case("Action with a trailing wildcard", ACTION).identity(allow("s3:Get*", "*")).expect(Allow),
        case("Action names are case-insensitive", ACTION).identity(allow("S3:getobject", "*")).expect(Allow),
        case("Action *", ACTION).identity(allow("*", "*")).expect(Allow),
        case("Action with wildcards inside the name", ACTION)
            .request("iam:CreateAccessKey", "arn:aws:iam::111122223333:user/alice")
            .identity(allow("iam:*AccessKey*", "*")).expect(Allow),
        case("Action with ?", ACTION).identity(allow("s3:?etObject", "*")).expect(Allow),
        case("Action of another service", ACTION).identity(allow("s3express:*", "*")).expect(ImplicitDeny),
        case("Action list", ACTION)
            .identity(doc(json!([{"Effect": "Allow", "Action": ["sqs:SendMessage", "s3:GetObject"], "Resource": "*"}]))).expect(Allow),
        case("NotAction allow: everything but IAM", NOTACTION)
            .identity(doc(json!([{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]))).expect(Allow),
        case("NotAction allow: IAM itself is not allowed", NOTACTION)
            .request("iam:CreateUser", "arn:aws:iam::111122223333:user/x")
            .identity(doc(json!([{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]))).expect(ImplicitDeny),
        case("NotAction deny with MFA: without MFA everything but IAM is denied", NOTACTION)
            .identity(allow_all())
            .identity(doc(json!([{"Sid": "DenyAllUsersNotUsingMFA", "Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}])))
            .ctx("aws:MultiFactorAuthPresent", "false").expect(ExplicitDeny).deciding(&[(Identity, 0)]),
        case("NotAction deny with MFA: IAM stays reachable", NOTACTION)
            .request("iam:ListMFADevices", "arn:aws:iam::111122223333:user/alice")
            .identity(allow_all())
            .identity(doc(json!([{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}])))
            .ctx("aws:MultiFactorAuthPresent", "false").expect(Allow),
        case("Resource: the exact object", RESOURCE).identity(allow("s3:GetObject", OBJECT)).expect(Allow),
        case("Resource: the bucket ARN does not cover its objects", RESOURCE).identity(allow("s3:GetObject", BUCKET)).expect(ImplicitDeny),
        case("Resource: objects by wildcard", RESOURCE).identity(allow("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/*")).expect(Allow),
        case("Resource: ARNs are case-sensitive", RESOURCE).identity(allow("s3:GetObject", "arn:aws:s3:::AMZN-S3-DEMO-BUCKET/*")).expect(ImplicitDeny),
        case("Resource: ? matches one character", RESOURCE)
            .request("iam:GetUser", "arn:aws:iam::111122223333:user/dev1")
            .identity(allow("iam:GetUser", "arn:aws:iam::111122223333:user/dev?")).expect(Allow),
        case("Resource: wildcards in account and region", RESOURCE)
            .request("sqs:SendMessage", "arn:aws:sqs:eu-west-1:111122223333:orders")
            .identity(allow("sqs:SendMessage", "arn:aws:sqs:*:*:orders")).expect(Allow),
        case("Resource: a wildcard in one part does not match another part", RESOURCE)
            .request("sqs:SendMessage", "arn:aws:sqs:eu-west-1:111122223333:orders")
            .identity(allow("sqs:SendMessage", "arn:aws:sqs:*:orders:*")).expect(ImplicitDeny),
        case("Resource: a log stream under a log group", RESOURCE)
            .request("logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:web")
            .identity(allow("logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:app:*")).expect(Allow),
        case("Resource: an action without resource-level permissions needs *", RESOURCE)
            .request("s3:ListAllMyBuckets", "*")
            .identity(allow("s3:ListAllMyBuckets", "arn:aws:s3:::*")).expect(ImplicitDeny),
        case("NotResource allow: everything but one bucket", NOTRESOURCE)
            .identity(doc(json!([{"Effect": "Allow", "Action": "s3:*", "NotResource": [BUCKET, format!("{BUCKET}/*")]}]))).expect(ImplicitDeny),
        case("NotResource deny: everything outside one bucket is denied", NOTRESOURCE)
            .request("s3:GetObject", "arn:aws:s3:::other/x")
            .identity(allow("s3:*", "*"))
            .identity(doc(json!([{"Effect": "Deny", "Action": "s3:*", "NotResource": [BUCKET, format!("{BUCKET}/*")]}]))).expect(ExplicitDeny),
        case("NotResource deny: inside the bucket", NOTRESOURCE)
            .identity(allow("s3:*", "*"))
            .identity(doc(json!([{"Effect": "Deny", "Action": "s3:*", "NotResource": [BUCKET, format!("{BUCKET}/*")]}]))).expect(Allow),
        case("Principal: an account id", PRINCIPAL).identity(allow_all()).resource_policy(bucket_allows(json!({"AWS": ACCOUNT}))).expect(Allow),
        case("Principal: a user ARN in a list", PRINCIPAL).resource_policy(bucket_allows(json!({"AWS": [bob, ALICE]}))).expect(Allow).deciding(&[(Resource, 0)]),
        case("Principal: another user", PRINCIPAL).resource_policy(bucket_allows(json!({"AWS": bob}))).expect(ImplicitDeny),
        case("Principal: {\"AWS\": \"*\"} is everyone", PRINCIPAL).resource_policy(bucket_allows(json!({"AWS": "*"}))).expect(Allow),
        case("Principal: a service does not cover users", PRINCIPAL).resource_policy(bucket_allows(json!({"Service": "ec2.amazonaws.com"}))).expect(ImplicitDeny),
        case("Principal: a role by ARN", PRINCIPAL).principal(ROLE).resource_policy(bucket_allows(json!({"AWS": ROLE}))).expect(Allow),
        case("Principal: a role ARN covers its sessions", PRINCIPAL)
            .principal("arn:aws:sts::111122223333:assumed-role/app/alice-session").resource_policy(bucket_allows(json!({"AWS": ROLE}))).expect(Allow),
        case("Principal: a federated web identity provider", PRINCIPAL)
            .principal("arn:aws:iam::111122223333:role/web")
            .request("sts:AssumeRoleWithWebIdentity", "arn:aws:iam::111122223333:role/web")
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}])))
            .required().expect(ImplicitDeny),
        case("NotPrincipal deny: the listed user is not denied", NOTPRINCIPAL)
            .identity(allow("s3:*", "*")).resource_policy(not_principal()).expect(Allow),
        case("NotPrincipal deny: everyone else is", NOTPRINCIPAL)
            .principal(bob).identity(allow("s3:*", "*")).resource_policy(not_principal()).expect(ExplicitDeny).deciding(&[(Resource, 0)]),
        case("NotPrincipal deny: a principal of another account is denied", NOTPRINCIPAL)
            .principal("arn:aws:iam::444455556666:user/carol").identity(allow("s3:*", "*"))
            .resource_policy(not_principal()).expect(ExplicitDeny),
        case("NotPrincipal naming only the account does not spare its users", NOTPRINCIPAL)
            .principal(bob).identity(allow("s3:*", "*"))
            .resource_policy(doc(json!([{"Effect": "Deny", "NotPrincipal": {"AWS": ACCOUNT}, "Action": "s3:*", "Resource": format!("{BUCKET}/*")}])))
            .expect(ExplicitDeny),
        case("NotPrincipal naming a role does not spare its sessions", NOTPRINCIPAL)
            .principal("arn:aws:sts::111122223333:assumed-role/app/s1").identity(allow("s3:*", "*"))
            .resource_policy(doc(json!([{"Effect": "Deny", "NotPrincipal": {"AWS": [ROLE, "arn:aws:iam::111122223333:root"]}, "Action": "s3:*", "Resource": format!("{BUCKET}/*")}])))
            .expect(ExplicitDeny),
        case("NotPrincipal naming the role session spares it", NOTPRINCIPAL)
            .principal("arn:aws:sts::111122223333:assumed-role/app/s1").identity(allow("s3:*", "*"))
            .resource_policy(doc(json!([{"Effect": "Deny", "NotPrincipal": {"AWS": [ROLE, "arn:aws:sts::111122223333:assumed-role/app/s1", "arn:aws:iam::111122223333:root"]}, "Action": "s3:*", "Resource": format!("{BUCKET}/*")}])))
            .expect(Allow),
    ]
}

#[test]
fn policy_elements() {
    run(cases());
}
