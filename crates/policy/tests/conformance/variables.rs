//! Policy variables in `Resource` and condition values, their defaults, the special
//! characters `${*}`, `${?}`, `${$}`, and documents of the old version that have none.

use cloudward_policy::Verdict::{Allow, ImplicitDeny, Unknown};
use serde_json::json;

use super::*;

pub fn cases() -> Vec<Case> {
    let home = || {
        doc(
            json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}]),
        )
    };
    vec![
        case("${aws:username} in Resource: her own folder", VARIABLES)
            .request("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt")
            .identity(home()).ctx("aws:username", "alice").expect(Allow),
        case("${aws:username} in Resource: another user's folder", VARIABLES)
            .request("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/bob/notes.txt")
            .identity(home()).ctx("aws:username", "alice").expect(ImplicitDeny),
        case("${aws:username} cannot be resolved: Unknown", VARIABLES)
            .request("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt")
            .identity(home()).expect(Unknown),
        case("${aws:username} for a role session (no user name in the request)", VARIABLES)
            .principal("arn:aws:sts::111122223333:assumed-role/app/s")
            .request("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt")
            .identity(home()).absent("aws:username").expect(ImplicitDeny),
        case("Version 2008-10-17: ${...} is literal text", VARIABLES)
            .request("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt")
            .identity(json!({"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}]}))
            .ctx("aws:username", "alice").expect(ImplicitDeny),
        case("a variable in a condition value", VARIABLES)
            .request("s3:ListBucket", BUCKET)
            .identity(doc(json!([{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": BUCKET, "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}}])))
            .ctx("aws:username", "alice").ctx("s3:prefix", "home/alice/photos/").expect(Allow),
        case("a principal tag as a variable", VARIABLES)
            .request("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/teams/data/x")
            .identity(allow("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/teams/${aws:PrincipalTag/team}/*"))
            .ctx("aws:PrincipalTag/team", "data").expect(Allow),
        case("a default for an absent tag", VARIABLES)
            .request("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/teams/company-wide/x")
            .identity(allow("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/teams/${aws:PrincipalTag/team, 'company-wide'}/*"))
            .absent("aws:PrincipalTag/team").expect(Allow),
        case("a default does not apply when the tag is set", VARIABLES)
            .request("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/teams/company-wide/x")
            .identity(allow("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/teams/${aws:PrincipalTag/team, 'company-wide'}/*"))
            .ctx("aws:PrincipalTag/team", "data").expect(ImplicitDeny),
        case("${*} is a literal asterisk", VARIABLES)
            .request("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/*")
            .identity(allow("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/${*}")).expect(Allow),
        case("${*} does not act as a wildcard", VARIABLES)
            .identity(allow("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/${*}")).expect(ImplicitDeny),
        case("${?} and ${$} are literal characters", VARIABLES)
            .request("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/what?$")
            .identity(allow("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/what${?}${$}")).expect(Allow),
        case("an unresolvable variable in a deny, nothing allowing: still an implicit deny", VARIABLES)
            .identity(doc(json!([{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}])))
            .expect(ImplicitDeny),
    ]
}

#[test]
fn policy_variables() {
    run(cases());
}

#[test]
fn the_suite_has_over_a_hundred_cases() {
    let total = super::logic::cases().len()
        + super::cross_account::cases().len()
        + super::boundaries::cases().len()
        + super::scps::cases().len()
        + super::conditions::cases().len()
        + super::elements::cases().len()
        + cases().len();
    assert!(total >= 100, "{total} cases");
    eprintln!("conformance cases: {total}");
}
