//! The account the code deploys to, when the user names it (`cloudward iac --account`).
//!
//! Terraform knows an IAM principal's ARN only after apply, so the adapter writes it as the
//! symbolic `<address>.arn`, and every reference to it (a policy's `Resource`, an attachment,
//! a permissions boundary) carries the same string: consistent, but no ARN the policy
//! evaluator can match against `arn:aws:iam::*:user/*` or tell the account of, so the
//! escalation search and the evaluator answer Unknown for code. With the account known, the
//! ARN is what AWS will assign (`arn:aws:iam::<account>:<kind><path><name>`), and [`assign`]
//! rewrites the symbolic ARN to it wherever it stands, so references still join. A principal
//! without a static name (its name is computed) keeps its symbolic ARN.
//!
//! Users, groups and customer managed policies are given the path `/` (roles keep theirs):
//! the model does not keep their paths, and only a statement naming their ARNs by path would
//! see the difference.

use std::collections::HashMap;

use cloudward_model::{Attributes, Resource};
use serde_json::Value as Json;

use crate::Output;

/// Deepest nesting rewritten in one resource's attributes (policy documents nest a few levels;
/// deeper input is left as it is rather than walked without bound).
const MAX_DEPTH: usize = 64;

/// The real ARN of each IAM principal and policy of `resources` that has a symbolic one.
fn real_arns(resources: &[Resource], account: &str) -> HashMap<String, String> {
    let mut arns = HashMap::new();
    for r in resources {
        let symbolic = format!("{}.arn", r.id);
        let real = match &r.attributes {
            Attributes::IamUser(u) if u.arn == symbolic && u.user_name != r.id => {
                format!("arn:aws:iam::{account}:user/{}", u.user_name)
            }
            Attributes::IamRole(role) if role.arn == symbolic && role.role_name != r.id => {
                format!("arn:aws:iam::{account}:role{}{}", role.path, role.role_name)
            }
            Attributes::IamGroup(g) if g.arn == symbolic && g.group_name != r.id => {
                format!("arn:aws:iam::{account}:group/{}", g.group_name)
            }
            Attributes::IamPolicy(p) if p.arn == symbolic && p.policy_name != r.id => {
                format!("arn:aws:iam::{account}:policy/{}", p.policy_name)
            }
            _ => continue,
        };
        arns.insert(symbolic, real);
    }
    arns
}

/// Give the module's resources `account` and its IAM principals and policies their real
/// ARNs, rewriting every string that is one of their symbolic ARNs.
pub(crate) fn assign(output: &mut Output, account: &str) {
    let arns = real_arns(&output.resources, account);
    for r in &mut output.resources {
        r.account = Some(account.to_string());
        if arns.is_empty() {
            continue;
        }
        let Ok(mut json) = serde_json::to_value(&r.attributes) else {
            continue;
        };
        if rewrite(&mut json, &arns, 0) {
            if let Ok(attributes) = serde_json::from_value(json) {
                r.attributes = attributes;
            }
        }
    }
}

/// Replace every string of `json` that is a key of `arns`; whether one was.
fn rewrite(json: &mut Json, arns: &HashMap<String, String>, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match json {
        Json::String(s) => match arns.get(s.as_str()) {
            Some(real) => {
                *s = real.clone();
                true
            }
            None => false,
        },
        Json::Array(items) => items
            .iter_mut()
            .fold(false, |changed, v| rewrite(v, arns, depth + 1) | changed),
        Json::Object(map) => map
            .values_mut()
            .fold(false, |changed, v| rewrite(v, arns, depth + 1) | changed),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudward_model::iam::{Role, User};
    use cloudward_model::policy::PolicyDocument;
    use cloudward_model::{test_support, Value};

    fn user(address: &str, name: &str, policy_resource: &str) -> Resource {
        let mut r = test_support::global(
            name,
            Attributes::IamUser(User {
                user_name: name.into(),
                arn: format!("{address}.arn"),
                permissions_boundary: Value::Known(Some("aws_iam_policy.b.arn".into())),
                ..Default::default()
            }),
        );
        r.id = address.into();
        if let Attributes::IamUser(u) = &mut r.attributes {
            u.inline_policies = Value::Known(vec![cloudward_model::iam::InlinePolicy {
                policy_name: "p".into(),
                document: Value::Known(PolicyDocument(serde_json::json!({
                    "Statement": [{"Effect": "Allow", "Action": "iam:PutUserPolicy",
                                   "Resource": [policy_resource, "aws_iam_user.dev.arn/x"]}]
                }))),
            }]);
        }
        r
    }

    #[test]
    fn symbolic_arns_become_real_wherever_they_stand_and_unnamed_ones_stay() {
        let mut unnamed = test_support::global(
            "aws_iam_role.anon",
            Attributes::IamRole(Role {
                role_name: "aws_iam_role.anon".into(),
                arn: "aws_iam_role.anon.arn".into(),
                path: "/".into(),
                ..Default::default()
            }),
        );
        unnamed.id = "aws_iam_role.anon".into();
        let mut output = Output {
            resources: vec![
                user("aws_iam_user.dev", "dev", "aws_iam_user.dev.arn"),
                unnamed,
            ],
            diagnostics: Vec::new(),
        };
        assign(&mut output, "111122223333");
        let dev = output.resources[0].as_iam_user().expect("a user");
        assert_eq!(dev.arn, "arn:aws:iam::111122223333:user/dev");
        let text = serde_json::to_string(&dev.inline_policies).expect("serializes");
        assert!(
            text.contains("\"arn:aws:iam::111122223333:user/dev\""),
            "{text}"
        );
        // Only whole values are references; a string that merely starts like one is kept.
        assert!(text.contains("aws_iam_user.dev.arn/x"), "{text}");
        // A boundary naming a policy the module does not declare keeps its symbol.
        assert_eq!(
            dev.permissions_boundary,
            Value::Known(Some("aws_iam_policy.b.arn".into()))
        );
        let anon = output.resources[1].as_iam_role().expect("a role");
        assert_eq!(anon.arn, "aws_iam_role.anon.arn");
        assert!(output
            .resources
            .iter()
            .all(|r| r.account.as_deref() == Some("111122223333")));
    }

    #[test]
    fn nesting_past_the_cap_is_left_as_it_is() {
        let arns = HashMap::from([("a.arn".to_string(), "real".to_string())]);
        let mut deep = Json::String("a.arn".into());
        for _ in 0..=MAX_DEPTH + 1 {
            deep = Json::Array(vec![deep]);
        }
        assert!(!rewrite(&mut deep, &arns, 0));
        let mut shallow = serde_json::json!({"x": ["a.arn"]});
        assert!(rewrite(&mut shallow, &arns, 0));
        assert_eq!(shallow, serde_json::json!({"x": ["real"]}));
    }
}
