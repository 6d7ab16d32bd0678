//! Service control policies: every level of the organization path (root, each OU, the
//! account) must have an SCP that allows; an SCP deny anywhere wins; SCPs never grant.

use cloudward_policy::PolicyKind::{Identity, ServiceControl};
use cloudward_policy::Verdict::{Allow, ExplicitDeny, ImplicitDeny, Unknown};
use serde_json::json;

use super::*;

pub fn cases() -> Vec<Case> {
    let full = || vec![allow_all()];
    // "Deny access to AWS based on the requested AWS Region" (SCP examples).
    let region_deny = || {
        doc(json!([{"Sid": "DenyAllOutsideEU", "Effect": "Deny",
            "NotAction": ["a4b:*", "budgets:*", "cloudfront:*", "iam:*", "organizations:*", "route53:*", "sts:*", "support:*"],
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-central-1", "eu-west-1"]}}}]))
    };
    let mfa_deny = || {
        doc(
            json!([{"Effect": "Deny", "Action": "ec2:StopInstances", "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]),
        )
    };
    let ec2 = "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc";
    vec![
        case(
            "FullAWSAccess on every level and an identity allow",
            SCP_EVAL,
        )
        .identity(allow("s3:GetObject", "*"))
        .scps(vec![full(), full(), full()])
        .expect(Allow)
        .deciding(&[
            (Identity, 0),
            (ServiceControl, 0),
            (ServiceControl, 0),
            (ServiceControl, 0),
        ]),
        case(
            "an OU whose SCP does not allow S3 blocks it though the root allows all",
            SCP_EVAL,
        )
        .identity(allow("s3:GetObject", "*"))
        .scps(vec![full(), vec![allow("ec2:*", "*")], full()])
        .expect(ImplicitDeny),
        case("a level with no SCP allowing anything", SCP_EVAL)
            .identity(allow_all())
            .scps(vec![full(), vec![]])
            .expect(ImplicitDeny),
        case("an SCP deny at an OU", SCP_EVAL)
            .identity(allow_all())
            .scps(vec![full(), vec![allow_all(), deny("s3:*", "*")], full()])
            .expect(ExplicitDeny)
            .deciding(&[(ServiceControl, 0)]),
        case(
            "SCPs never grant: FullAWSAccess without an identity policy",
            SCP_EVAL,
        )
        .scps(vec![full(), full()])
        .expect(ImplicitDeny),
        case(
            "allow-list strategy: the OU allows EC2 and S3 only, IAM is blocked",
            SCP_EVAL,
        )
        .request("iam:ListUsers", "*")
        .identity(allow_all())
        .scps(vec![
            full(),
            vec![doc(
                json!([{"Effect": "Allow", "Action": ["ec2:*", "s3:*"], "Resource": "*"}]),
            )],
        ])
        .expect(ImplicitDeny),
        case("allow-list strategy: S3 is allowed", SCP_EVAL)
            .identity(allow_all())
            .scps(vec![
                full(),
                vec![doc(
                    json!([{"Effect": "Allow", "Action": ["ec2:*", "s3:*"], "Resource": "*"}]),
                )],
            ])
            .expect(Allow),
        case(
            "region deny: a request outside the allowed regions",
            SCP_EXAMPLES,
        )
        .request("ec2:StartInstances", ec2)
        .identity(allow_all())
        .scps(vec![vec![allow_all(), region_deny()]])
        .ctx("aws:RequestedRegion", "us-east-1")
        .expect(ExplicitDeny),
        case("region deny: a request in eu-west-1", SCP_EXAMPLES)
            .request("ec2:StartInstances", ec2)
            .identity(allow_all())
            .scps(vec![vec![allow_all(), region_deny()]])
            .ctx("aws:RequestedRegion", "eu-west-1")
            .expect(Allow),
        case("region deny: IAM is exempt through NotAction", SCP_EXAMPLES)
            .request("iam:CreateUser", "arn:aws:iam::111122223333:user/x")
            .identity(allow_all())
            .scps(vec![vec![allow_all(), region_deny()]])
            .ctx("aws:RequestedRegion", "us-east-1")
            .expect(Allow),
        case("region deny: the region is not known", SCP_EXAMPLES)
            .request("ec2:StartInstances", ec2)
            .identity(allow_all())
            .scps(vec![vec![allow_all(), region_deny()]])
            .expect(Unknown),
        case(
            "MFA for stopping instances: signed in with MFA",
            SCP_EXAMPLES,
        )
        .request("ec2:StopInstances", ec2)
        .identity(allow_all())
        .scps(vec![vec![allow_all(), mfa_deny()]])
        .ctx("aws:MultiFactorAuthPresent", "true")
        .expect(Allow),
        case(
            "MFA for stopping instances: long-term keys carry no MFA key (IfExists)",
            SCP_EXAMPLES,
        )
        .request("ec2:StopInstances", ec2)
        .identity(allow_all())
        .scps(vec![vec![allow_all(), mfa_deny()]])
        .absent("aws:MultiFactorAuthPresent")
        .expect(ExplicitDeny),
        case("MFA for stopping instances: not known", SCP_EXAMPLES)
            .request("ec2:StopInstances", ec2)
            .identity(allow_all())
            .scps(vec![vec![allow_all(), mfa_deny()]])
            .expect(Unknown),
        case("SCPs restrict the root user of a member account", SCP_EVAL)
            .principal("arn:aws:iam::111122223333:root")
            .request("organizations:LeaveOrganization", "*")
            .scps(vec![vec![
                allow_all(),
                deny("organizations:LeaveOrganization", "*"),
            ]])
            .expect(ExplicitDeny),
        case(
            "protect an admin role: others are denied changing it",
            SCP_EXAMPLES,
        )
        .request(
            "iam:AttachRolePolicy",
            "arn:aws:iam::111122223333:role/admin",
        )
        .identity(allow_all())
        .scps(vec![vec![
            allow_all(),
            doc(
                json!([{"Effect": "Deny", "Action": ["iam:AttachRolePolicy", "iam:DeleteRole"],
                "Resource": "arn:aws:iam::*:role/admin",
                "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}}}]),
            ),
        ]])
        .ctx("aws:PrincipalArn", ALICE)
        .expect(ExplicitDeny),
        case(
            "protect an admin role: the admin role itself may",
            SCP_EXAMPLES,
        )
        .principal("arn:aws:iam::111122223333:role/admin")
        .request(
            "iam:AttachRolePolicy",
            "arn:aws:iam::111122223333:role/admin",
        )
        .identity(allow_all())
        .scps(vec![vec![
            allow_all(),
            doc(
                json!([{"Effect": "Deny", "Action": ["iam:AttachRolePolicy", "iam:DeleteRole"],
                "Resource": "arn:aws:iam::*:role/admin",
                "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}}}]),
            ),
        ]])
        .ctx("aws:PrincipalArn", "arn:aws:iam::111122223333:role/admin")
        .expect(Allow),
        case(
            "an SCP allow under an unknown condition at one level",
            SCP_EVAL,
        )
        .identity(allow_all())
        .scps(vec![
            full(),
            vec![doc(
                json!([{"Effect": "Allow", "Action": "*", "Resource": "*",
                "Condition": {"StringEquals": {"aws:PrincipalTag/team": "data"}}}]),
            )],
        ])
        .expect(Unknown),
    ]
}

#[test]
fn service_control_policies() {
    run(cases());
}
