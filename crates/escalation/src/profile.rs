//! "More privileged": a principal's privilege profile is its verdict on a fixed set of
//! sensitive actions on `*`; a target is more privileged when it is allowed one that the
//! principal is not. An administrator is allowed them all.

use cloudward_policy::{Context, Evaluator, Request, Verdict};

/// Sensitive actions, asked on `*`: IAM writes (escalation itself), credentials, data, logging,
/// compute. Chosen so that `AdministratorAccess`, `IAMFullAccess`, `PowerUserAccess` and the
/// data-reading policies each differ from a narrow policy on at least one of them.
pub const PROBES: &[&str] = &[
    "iam:CreateUser",
    "iam:AttachUserPolicy",
    "iam:PutRolePolicy",
    "iam:CreateAccessKey",
    "iam:PassRole",
    "sts:AssumeRole",
    "organizations:LeaveOrganization",
    "cloudtrail:StopLogging",
    "s3:GetObject",
    "s3:PutBucketPolicy",
    "kms:Decrypt",
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter",
    "ec2:RunInstances",
    "lambda:UpdateFunctionCode",
    "dynamodb:Scan",
    "rds:DeleteDBInstance",
];

/// One verdict per [`PROBES`] entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile(pub Vec<Verdict>);

impl Profile {
    /// The profile of `principal` (an ARN) under `evaluator`.
    pub fn of(evaluator: &Evaluator<'_>, principal: &str) -> Profile {
        Profile(
            PROBES
                .iter()
                .map(|action| {
                    evaluator
                        .evaluate(&Request {
                            principal: principal.to_string(),
                            action: (*action).to_string(),
                            resource: "*".into(),
                            context: Context::new(),
                        })
                        .verdict
                })
                .collect(),
        )
    }
}

/// Whether `target` is more privileged than `current`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gain {
    /// These probes are allowed to the target and denied to the principal.
    Yes(Vec<&'static str>),
    /// Not decidable: a probe is allowed or unknown on one side and unknown on the other.
    Unknown(Vec<&'static str>),
    /// The target is allowed nothing the principal is not.
    No,
}

/// Compare two profiles.
pub fn gain(current: &Profile, target: &Profile) -> Gain {
    let denied = |v: Verdict| matches!(v, Verdict::ImplicitDeny | Verdict::ExplicitDeny);
    let mut yes = Vec::new();
    let mut maybe = Vec::new();
    for ((probe, &now), &then) in PROBES.iter().zip(&current.0).zip(&target.0) {
        match (now, then) {
            (n, Verdict::Allow) if denied(n) => yes.push(*probe),
            (Verdict::Unknown, Verdict::Allow | Verdict::Unknown) => maybe.push(*probe),
            (n, Verdict::Unknown) if denied(n) => maybe.push(*probe),
            _ => {}
        }
    }
    if !yes.is_empty() {
        Gain::Yes(yes)
    } else if !maybe.is_empty() {
        Gain::Unknown(maybe)
    } else {
        Gain::No
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(v: Verdict) -> Profile {
        Profile(vec![v; PROBES.len()])
    }

    #[test]
    fn allowed_what_the_principal_is_denied_is_a_gain() {
        assert!(
            matches!(gain(&all(Verdict::ImplicitDeny), &all(Verdict::Allow)), Gain::Yes(p) if p.len() == PROBES.len())
        );
        assert_eq!(gain(&all(Verdict::Allow), &all(Verdict::Allow)), Gain::No);
        assert_eq!(
            gain(&all(Verdict::Allow), &all(Verdict::ImplicitDeny)),
            Gain::No
        );
        assert!(matches!(
            gain(&all(Verdict::ImplicitDeny), &all(Verdict::Unknown)),
            Gain::Unknown(_)
        ));
        assert!(matches!(
            gain(&all(Verdict::Unknown), &all(Verdict::Allow)),
            Gain::Unknown(_)
        ));
        assert_eq!(
            gain(&all(Verdict::ImplicitDeny), &all(Verdict::ExplicitDeny)),
            Gain::No
        );
    }
}
