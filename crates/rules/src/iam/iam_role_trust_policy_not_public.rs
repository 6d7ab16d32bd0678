//! Nobody outside the intended principals can assume a role.

use cloudward_model::iam::Role;
use cloudward_model::{
    policy::{principal_is_everyone, PolicyDocument, Statement},
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};
use serde_json::Value as Json;

use super::statement_label;
use crate::Check;

/// Reads each role's `AssumeRolePolicyDocument` and flags `Allow` statements that let anyone
/// assume it:
/// - `Principal: "*"` or `{"AWS": "*"}` without a condition narrowing the caller (source or
///   principal account, organisation, ARN, IP, VPC). `sts:ExternalId` does not count: it guards
///   against the confused deputy, it is not access control;
/// - the GitHub Actions OIDC provider without a `token.actions.githubusercontent.com:sub`
///   condition naming a repository, which lets every GitHub workflow in the world assume the role.
pub struct IamRoleTrustPolicyNotPublic;

/// The GitHub Actions OIDC issuer.
const GITHUB_OIDC: &str = "token.actions.githubusercontent.com";

const META: RuleMeta = RuleMeta {
    id: "iam-role-trust-policy-not-public",
    title: "IAM role trust policies do not let anyone assume the role",
    severity: Severity::Critical,
    service: "iam",
    kinds: Role::KINDS,
    checks: "For each role, whether its trust policy has an `Allow` statement for \
             `Principal: \"*\"` (or `{\"AWS\": \"*\"}`) with no condition on the caller's account, \
             organisation, ARN, IP or VPC, or trusts the GitHub Actions OIDC provider without a \
             `token.actions.githubusercontent.com:sub` condition naming specific repositories.",
    rationale: "A role anyone can assume hands its permissions to every AWS account, or to every \
                GitHub workflow, on the internet. Such trust policies are a recurring cause of \
                breaches through CI/CD roles and vendor integrations, and IAM accepts them \
                without warning.",
    remediation: Remediation {
        console: "IAM console > Roles > <role> > Trust relationships > Edit trust policy: name the \
                  trusted account or role ARN instead of \"*\", or add a condition on \
                  aws:PrincipalOrgID; for GitHub OIDC add a StringLike condition on \
                  token.actions.githubusercontent.com:sub such as repo:<org>/<repo>:ref:refs/heads/main.",
        cli: "aws iam update-assume-role-policy --role-name <role> \
              --policy-document file://trust.json",
        terraform: "data \"aws_iam_policy_document\" \"github_trust\" {\n  \
                    statement {\n    \
                    actions = [\"sts:AssumeRoleWithWebIdentity\"]\n    \
                    principals {\n      \
                    type        = \"Federated\"\n      \
                    identifiers = [aws_iam_openid_connect_provider.github.arn]\n    }\n    \
                    condition {\n      \
                    test     = \"StringEquals\"\n      \
                    variable = \"token.actions.githubusercontent.com:aud\"\n      \
                    values   = [\"sts.amazonaws.com\"]\n    }\n    \
                    condition {\n      \
                    test     = \"StringLike\"\n      \
                    variable = \"token.actions.githubusercontent.com:sub\"\n      \
                    values   = [\"repo:<org>/<repo>:ref:refs/heads/main\"]\n    }\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-trust-policy",
        "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.21"],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP07", "SEC03-BP02"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_iam_role" "deploy" {
  name = "github-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
      Condition = { StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" } }
    }]
  })
}
"#,
        terraform_good: r#"resource "aws_iam_role" "deploy" {
  name = "github-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:example-org/app:ref:refs/heads/main" }
      }
    }]
  })
}
"#,
        cloudformation_bad: r#"Resources:
  VendorRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: vendor-audit
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal:
              AWS: "*"
            Condition:
              StringEquals:
                sts:ExternalId: vendor-1234
"#,
        cloudformation_good: r#"Resources:
  VendorRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: vendor-audit
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal:
              AWS: arn:aws:iam::444455556666:root
            Condition:
              StringEquals:
                sts:ExternalId: vendor-1234
"#,
    },
    file: file!(),
};

/// The values of condition key `key` under any operator (keys compare case-insensitively).
fn condition_values<'a>(condition: Option<&'a Json>, key: &str) -> Option<Vec<&'a str>> {
    let ops = condition?.as_object()?;
    let mut found: Option<Vec<&str>> = None;
    for keys in ops.values() {
        let Some(map) = keys.as_object() else {
            continue;
        };
        for (k, v) in map {
            if k.eq_ignore_ascii_case(key) {
                let values = found.get_or_insert_with(Vec::new);
                match v {
                    Json::String(s) => values.push(s),
                    Json::Array(items) => values.extend(items.iter().filter_map(Json::as_str)),
                    _ => {}
                }
            }
        }
    }
    found
}

/// Whether a statement trusts the GitHub Actions OIDC provider.
fn trusts_github_oidc(s: &Statement<'_>) -> bool {
    let Some(federated) = s.principal.and_then(|p| p.get("Federated")) else {
        return false;
    };
    let mut arns: Vec<&str> = Vec::new();
    match federated {
        Json::String(a) => arns.push(a),
        Json::Array(items) => arns.extend(items.iter().filter_map(Json::as_str)),
        _ => {}
    }
    arns.iter()
        .any(|a| a.ends_with(&format!("oidc-provider/{GITHUB_OIDC}")))
}

/// Why a statement lets anyone assume the role, if it does.
fn public_reason(s: &Statement<'_>, public: &[Statement<'_>]) -> Option<String> {
    if !s.allow {
        return None;
    }
    if principal_is_everyone(s.principal) && public.contains(s) {
        return Some("trusts every AWS principal (\"*\") with no condition on who calls".into());
    }
    if trusts_github_oidc(s) {
        let sub_key = format!("{GITHUB_OIDC}:sub");
        return match condition_values(s.condition, &sub_key) {
            None => Some(format!(
                "trusts GitHub Actions OIDC with no {sub_key} condition: any repository can \
                 assume it"
            )),
            Some(values)
                if values.is_empty()
                    || values.iter().any(|v| *v == "*" || v.starts_with("repo:*")) =>
            {
                Some(format!(
                    "trusts GitHub Actions OIDC with {sub_key} = {}: any repository can assume it",
                    values.join(", ")
                ))
            }
            Some(_) => None,
        };
    }
    None
}

fn public_statements(document: &PolicyDocument) -> Vec<String> {
    let public = document.public_allow_statements();
    document
        .statements()
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            public_reason(s, &public).map(|why| format!("{} {why}", statement_label(i, s.sid)))
        })
        .collect()
}

impl Check for IamRoleTrustPolicyNotPublic {
    type Subject = Role;
    const META: &'static RuleMeta = &META;

    fn judge(&self, role: &Role, _: &Resource, _: &Inventory) -> Outcome {
        let name = &role.role_name;
        let document = match role.assume_role_policy.get() {
            Ok(document) => document,
            Err(reason) => {
                return Outcome::unknown(format!("trust policy of role {name}: {reason}"))
            }
        };
        let found = public_statements(document);
        if found.is_empty() {
            Outcome::Pass(Evidence::at(
                "assume_role_policy",
                format!("the trust policy of role {name} names who may assume it"),
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "assume_role_policy",
                format!("role {name}: {}", found.join("; ")),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{iam, test_support, Attributes, Status, Value};
    use serde_json::json;

    fn judge(trust: Value<PolicyDocument>) -> Outcome {
        let r = test_support::global(
            "deploy",
            Attributes::IamRole(iam::Role {
                role_name: "deploy".into(),
                assume_role_policy: trust,
                ..Default::default()
            }),
        );
        testing::outcome_in(&IamRoleTrustPolicyNotPublic, &r, &Inventory::new())
    }

    fn github(condition: serde_json::Value) -> Value<PolicyDocument> {
        Value::Known(PolicyDocument(json!({"Statement": [{
            "Effect": "Allow",
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
            "Condition": condition
        }]})))
    }

    #[test]
    fn service_account_and_scoped_github_trust_pass() {
        let doc = PolicyDocument(json!({"Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}},
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}},
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"},
             "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}
        ]}));
        assert_eq!(judge(Value::Known(doc)).status(), Status::Pass);
        let scoped = github(json!({"StringLike": {
            "token.actions.githubusercontent.com:sub": "repo:example-org/app:*"
        }}));
        assert_eq!(judge(scoped).status(), Status::Pass);
    }

    #[test]
    fn principal_star_with_only_external_id_fails() {
        let doc = PolicyDocument(json!({"Statement": {
            "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"},
            "Condition": {"StringEquals": {"sts:ExternalId": "x"}}
        }}));
        let Outcome::Fail(e) = judge(Value::Known(doc)) else {
            panic!("expected a failure");
        };
        assert_eq!(e.attribute.as_deref(), Some("assume_role_policy"));
        assert!(
            e.message.contains("statement 1 trusts every AWS principal"),
            "{}",
            e.message
        );
    }

    #[test]
    fn github_trust_without_or_with_wildcard_sub_fails() {
        let no_sub = github(json!({"StringEquals": {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com"
        }}));
        assert_eq!(judge(no_sub).status(), Status::Fail);
        let wildcard = github(json!({"StringLike": {
            "token.actions.githubusercontent.com:sub": ["repo:*"]
        }}));
        assert_eq!(judge(wildcard).status(), Status::Fail);
    }

    #[test]
    fn unknown_trust_policy_is_unknown() {
        assert_eq!(
            judge(Value::unknown("unresolved")).status(),
            Status::Unknown
        );
    }
}
