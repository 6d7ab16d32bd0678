//! Condition operators and the common global keys, from the operator reference and the
//! condition-key reference pages.

use cloudward_policy::Verdict::{Allow, ExplicitDeny, ImplicitDeny, Unknown};
use serde_json::json;

use super::*;

/// An identity policy allowing `s3:GetObject` under `condition`.
fn allow_if(condition: Json) -> Json {
    doc(
        json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": condition}]),
    )
}

pub fn cases() -> Vec<Case> {
    let tag =
        || allow_if(json!({"StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}}));
    let ip = || {
        allow_if(
            json!({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}}),
        )
    };
    let dates = || {
        allow_if(
            json!({"DateGreaterThan": {"aws:CurrentTime": "2020-04-01T00:00:00Z"}, "DateLessThan": {"aws:CurrentTime": "2020-06-30T23:59:59Z"}}),
        )
    };
    let tls_deny = || {
        doc(
            json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [BUCKET, format!("{BUCKET}/*")], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]),
        )
    };
    let vpce_deny = || {
        doc(
            json!([{"Sid": "Access-to-specific-VPCE-only", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [BUCKET, format!("{BUCKET}/*")], "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]),
        )
    };
    let org_bucket = || {
        doc(
            json!([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": format!("{BUCKET}/*"),
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxxx"}}}]),
        )
    };
    let tag_keys = || {
        allow_if(
            json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}}),
        )
    };
    let any_tag = || {
        allow_if(
            json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}}),
        )
    };
    let carol = "arn:aws:iam::444455556666:user/carol";
    vec![
        case("StringEquals on a principal tag: equal", OPERATORS).identity(tag()).ctx("aws:PrincipalTag/job-category", "iamuser-admin").expect(Allow),
        case("StringEquals on a principal tag: different", OPERATORS).identity(tag()).ctx("aws:PrincipalTag/job-category", "dev").expect(ImplicitDeny),
        case("StringEquals is case-sensitive", OPERATORS).identity(tag()).ctx("aws:PrincipalTag/job-category", "IAMUSER-ADMIN").expect(ImplicitDeny),
        case("StringEquals on a key known absent", OPERATORS).identity(tag()).absent("aws:PrincipalTag/job-category").expect(ImplicitDeny),
        case("StringEquals on a key not known", OPERATORS).identity(tag()).expect(Unknown),
        case("condition key names are case-insensitive", OPERATORS).identity(tag()).ctx("AWS:PRINCIPALTAG/JOB-CATEGORY", "iamuser-admin").expect(Allow),
        case("StringEqualsIgnoreCase", OPERATORS)
            .identity(allow_if(json!({"StringEqualsIgnoreCase": {"aws:PrincipalTag/job-category": "IAMUser-Admin"}})))
            .ctx("aws:PrincipalTag/job-category", "iamuser-admin").expect(Allow),
        case("StringNotEquals: a different value matches", OPERATORS)
            .identity(allow_if(json!({"StringNotEquals": {"aws:PrincipalTag/job-category": "contractor"}})))
            .ctx("aws:PrincipalTag/job-category", "staff").expect(Allow),
        case("StringNotEquals: a missing key matches", OPERATORS)
            .identity(allow_if(json!({"StringNotEquals": {"aws:PrincipalTag/job-category": "contractor"}})))
            .absent("aws:PrincipalTag/job-category").expect(Allow),
        case("StringNotEquals with several values: none may equal", OPERATORS)
            .identity(allow_if(json!({"StringNotEquals": {"aws:PrincipalTag/job-category": ["contractor", "intern"]}})))
            .ctx("aws:PrincipalTag/job-category", "intern").expect(ImplicitDeny),
        case("StringLike with a wildcard", OPERATORS)
            .identity(allow_if(json!({"StringLike": {"s3:prefix": ["", "home/", "home/alice/*"]}})))
            .ctx("s3:prefix", "home/alice/photos").expect(Allow),
        case("StringLike: no value matches", OPERATORS)
            .identity(allow_if(json!({"StringLike": {"s3:prefix": ["", "home/", "home/alice/*"]}})))
            .ctx("s3:prefix", "home/bob/").expect(ImplicitDeny),
        case("StringNotLike denies outside a prefix", OPERATORS)
            .identity(allow_all())
            .identity(doc(json!([{"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringNotLike": {"s3:prefix": "home/*"}}}])))
            .request("s3:ListBucket", BUCKET).ctx("s3:prefix", "private/").expect(ExplicitDeny),
        case("NumericLessThanEquals on s3:max-keys: within", OPERATORS)
            .identity(allow_if(json!({"NumericLessThanEquals": {"s3:max-keys": "10"}}))).ctx("s3:max-keys", "10").expect(Allow),
        case("NumericLessThanEquals on s3:max-keys: above", OPERATORS)
            .identity(allow_if(json!({"NumericLessThanEquals": {"s3:max-keys": "10"}}))).ctx("s3:max-keys", "50").expect(ImplicitDeny),
        case("NumericLessThanEquals on a request value that is not a number", OPERATORS)
            .identity(allow_if(json!({"NumericLessThanEquals": {"s3:max-keys": "10"}}))).ctx("s3:max-keys", "ten").expect(ImplicitDeny),
        case("NumericGreaterThan and NumericNotEquals", OPERATORS)
            .identity(allow_if(json!({"NumericGreaterThan": {"aws:MultiFactorAuthAge": 0}, "NumericNotEquals": {"aws:MultiFactorAuthAge": 42}})))
            .ctx("aws:MultiFactorAuthAge", "300").expect(Allow),
        case("NumericLessThan on MFA age: too old", KEYS)
            .identity(allow_if(json!({"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}))).ctx("aws:MultiFactorAuthAge", "7200").expect(ImplicitDeny),
        case("DateGreaterThan and DateLessThan: inside the window", OPERATORS).identity(dates()).ctx("aws:CurrentTime", "2020-05-01T12:00:00Z").expect(Allow),
        case("DateGreaterThan and DateLessThan: after the window", OPERATORS).identity(dates()).ctx("aws:CurrentTime", "2020-07-01T00:00:00Z").expect(ImplicitDeny),
        case("Date operators accept epoch seconds", OPERATORS)
            .identity(allow_if(json!({"DateLessThan": {"aws:EpochTime": "1609459200"}}))).ctx("aws:EpochTime", "1577836800").expect(Allow),
        case("DateEquals on a date", OPERATORS)
            .identity(allow_if(json!({"DateEquals": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}}))).ctx("aws:TokenIssueTime", "2020-01-01T00:00:00Z").expect(Allow),
        case("Bool: MFA present", KEYS)
            .identity(allow_if(json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}}))).ctx("aws:MultiFactorAuthPresent", "true").expect(Allow),
        case("Bool: MFA key absent (long-term access keys)", KEYS)
            .identity(allow_if(json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}}))).absent("aws:MultiFactorAuthPresent").expect(ImplicitDeny),
        case("BoolIfExists false denies access keys without MFA", OPERATORS)
            .identity(allow_all())
            .identity(doc(json!([{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}])))
            .absent("aws:MultiFactorAuthPresent").expect(ExplicitDeny),
        case("BoolIfExists false: a console session with MFA", OPERATORS)
            .identity(allow_all())
            .identity(doc(json!([{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}])))
            .ctx("aws:MultiFactorAuthPresent", "true").expect(Allow),
        case("Bool aws:SecureTransport false: a plain HTTP request is denied", OPERATORS)
            .identity(allow_all()).resource_policy(tls_deny()).ctx("aws:SecureTransport", "false").expect(ExplicitDeny),
        case("Bool aws:SecureTransport false: an HTTPS request", OPERATORS)
            .identity(allow_all()).resource_policy(tls_deny()).ctx("aws:SecureTransport", "true").expect(Allow),
        case("Bool aws:SecureTransport not known", OPERATORS)
            .identity(allow_all()).resource_policy(tls_deny()).expect(Unknown),
        case("BinaryEquals", OPERATORS)
            .identity(allow_if(json!({"BinaryEquals": {"key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}))).ctx("key", "QmluYXJ5VmFsdWVJbkJhc2U2NA==").expect(Allow),
        case("IpAddress: an IPv4 address in range", OPERATORS).identity(ip()).ctx("aws:SourceIp", "203.0.113.45").expect(Allow),
        case("IpAddress: an IPv6 address in range", OPERATORS).identity(ip()).ctx("aws:SourceIp", "2001:db8:1234:5678::1").expect(Allow),
        case("IpAddress: out of range", OPERATORS).identity(ip()).ctx("aws:SourceIp", "198.51.100.7").expect(ImplicitDeny),
        case("IpAddress: not known", OPERATORS).identity(ip()).expect(Unknown),
        case("NotIpAddress deny: a caller outside the ranges", KEYS)
            .identity(allow_all())
            .identity(doc(json!([{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"]}}}])))
            .ctx("aws:SourceIp", "198.51.100.7").expect(ExplicitDeny),
        case("NotIpAddress deny: a caller inside the ranges", KEYS)
            .identity(allow_all())
            .identity(doc(json!([{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"]}}}])))
            .ctx("aws:SourceIp", "192.0.2.10").expect(Allow),
        case("ArnLike aws:SourceArn for a service principal", OPERATORS)
            .principal("sns.amazonaws.com").request("sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:queue")
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:queue",
                "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}}}])))
            .ctx("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic").expect(Allow),
        case("ArnLike aws:SourceArn: another account's topic", OPERATORS)
            .principal("sns.amazonaws.com").request("sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:queue")
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:queue",
                "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}}}])))
            .ctx("aws:SourceArn", "arn:aws:sns:us-east-1:444455556666:topic").expect(ImplicitDeny),
        case("ArnEquals on aws:PrincipalArn", OPERATORS)
            .identity(allow_if(json!({"ArnEquals": {"aws:PrincipalArn": ALICE}}))).ctx("aws:PrincipalArn", ALICE).expect(Allow),
        case("ArnNotLike: a missing key matches", OPERATORS)
            .identity(allow_if(json!({"ArnNotLike": {"aws:SourceArn": "arn:aws:sns:*:*:*"}}))).absent("aws:SourceArn").expect(Allow),
        case("aws:SourceAccount guards a service principal (confused deputy)", KEYS)
            .principal("s3.amazonaws.com").request("sns:Publish", "arn:aws:sns:us-east-1:111122223333:topic")
            .resource_policy(doc(json!([{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sns:Publish", "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}])))
            .ctx("aws:SourceAccount", "444455556666").expect(ImplicitDeny),
        case("Null true: the key is absent", OPERATORS)
            .identity(allow_all())
            .identity(doc(json!([{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Null": {"aws:TokenIssueTime": "true"}}}])))
            .absent("aws:TokenIssueTime").expect(ExplicitDeny),
        case("Null true: the key is present", OPERATORS)
            .identity(allow_all())
            .identity(doc(json!([{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Null": {"aws:TokenIssueTime": "true"}}}])))
            .ctx("aws:TokenIssueTime", "2026-01-01T00:00:00Z").expect(Allow),
        case("Null false requires the key", OPERATORS)
            .identity(allow_if(json!({"Null": {"aws:PrincipalTag/team": "false"}}))).absent("aws:PrincipalTag/team").expect(ImplicitDeny),
        case("Null on a key not known", OPERATORS)
            .identity(allow_if(json!({"Null": {"aws:PrincipalTag/team": "false"}}))).expect(Unknown),
        case("IfExists: the key is absent", OPERATORS)
            .request("ec2:RunInstances", "*")
            .identity(doc(json!([{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}}])))
            .absent("ec2:InstanceType").expect(Allow),
        case("IfExists: the key is present and matches", OPERATORS)
            .request("ec2:RunInstances", "*")
            .identity(doc(json!([{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}}])))
            .ctx("ec2:InstanceType", "t2.micro").expect(Allow),
        case("IfExists: the key is present and does not match", OPERATORS)
            .request("ec2:RunInstances", "*")
            .identity(doc(json!([{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}}])))
            .ctx("ec2:InstanceType", "p4d.24xlarge").expect(ImplicitDeny),
        case("two operators are ANDed: one fails", OPERATORS)
            .identity(allow_if(json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})))
            .ctx("aws:MultiFactorAuthPresent", "true").ctx("aws:SourceIp", "198.51.100.1").expect(ImplicitDeny),
        case("two keys under one operator are ANDed", OPERATORS)
            .identity(allow_if(json!({"StringEquals": {"aws:PrincipalTag/team": "data", "aws:RequestedRegion": "eu-west-1"}})))
            .ctx("aws:PrincipalTag/team", "data").ctx("aws:RequestedRegion", "eu-west-1").expect(Allow),
        case("ANDed keys: one not known, the other false, is false", OPERATORS)
            .identity(allow_if(json!({"StringEquals": {"aws:PrincipalTag/team": "data", "aws:RequestedRegion": "eu-west-1"}})))
            .ctx("aws:RequestedRegion", "us-east-1").expect(ImplicitDeny),
        case("ForAllValues: every request tag key is allowed", MULTI).identity(tag_keys()).ctx("aws:TagKeys", "environment").ctx("aws:TagKeys", "cost-center").expect(Allow),
        case("ForAllValues: one request tag key is not allowed", MULTI).identity(tag_keys()).ctx("aws:TagKeys", "environment").ctx("aws:TagKeys", "owner").expect(ImplicitDeny),
        case("ForAllValues: no tag keys at all is vacuously true", MULTI).identity(tag_keys()).absent("aws:TagKeys").expect(Allow),
        case("ForAnyValue: one key matches", MULTI).identity(any_tag()).ctx("aws:TagKeys", "owner").ctx("aws:TagKeys", "environment").expect(Allow),
        case("ForAnyValue: no tag keys is false", MULTI).identity(any_tag()).absent("aws:TagKeys").expect(ImplicitDeny),
        case("ForAnyValue:StringLike on aws:PrincipalOrgPaths", KEYS)
            .identity(allow_if(json!({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"]}})))
            .ctx("aws:PrincipalOrgPaths", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/").expect(Allow),
        case("a single-valued operator over a multivalued key cannot be decided", MULTI)
            .identity(allow_if(json!({"StringEquals": {"aws:TagKeys": "environment"}}))).ctx("aws:TagKeys", "environment").ctx("aws:TagKeys", "owner").expect(Unknown),
        case("an operator the evaluator does not know is Unknown", OPERATORS)
            .identity(allow_if(json!({"StringStartsWith": {"aws:PrincipalTag/team": "d"}}))).ctx("aws:PrincipalTag/team", "data").expect(Unknown),
        case("aws:SourceVpce: a request through another endpoint is denied", KEYS)
            .identity(allow_all()).resource_policy(vpce_deny()).ctx("aws:SourceVpce", "vpce-0000").expect(ExplicitDeny),
        case("aws:SourceVpce: through the endpoint", KEYS)
            .identity(allow_all()).resource_policy(vpce_deny()).ctx("aws:SourceVpce", "vpce-1a2b3c4d").expect(Allow),
        case("aws:SourceVpce: not through any endpoint (key absent) is denied", KEYS)
            .identity(allow_all()).resource_policy(vpce_deny()).absent("aws:SourceVpce").expect(ExplicitDeny),
        case("aws:PrincipalOrgID: a member of the organization", KEYS)
            .principal(carol).identity(allow("s3:GetObject", "*")).resource_policy(org_bucket()).ctx("aws:PrincipalOrgID", "o-xxxxxxxxxxx").expect(Allow),
        case("aws:PrincipalOrgID: another organization", KEYS)
            .principal(carol).identity(allow("s3:GetObject", "*")).resource_policy(org_bucket()).ctx("aws:PrincipalOrgID", "o-yyyyyyyyyyy").expect(ImplicitDeny),
        case("aws:PrincipalOrgID: not known", KEYS)
            .principal(carol).identity(allow("s3:GetObject", "*")).resource_policy(org_bucket()).expect(Unknown),
        case("aws:RequestedRegion in an identity policy", KEYS)
            .identity(allow_if(json!({"StringEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-1"]}}))).ctx("aws:RequestedRegion", "us-west-1").expect(Allow),
        case("a condition value that is not valid for its operator is Unknown", OPERATORS)
            .identity(allow_if(json!({"NumericEquals": {"s3:max-keys": "many"}}))).ctx("s3:max-keys", "10").expect(Unknown),
    ]
}

#[test]
fn condition_operators_and_keys() {
    run(cases());
}
