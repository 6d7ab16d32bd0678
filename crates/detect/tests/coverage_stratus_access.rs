//! Stratus Red Team coverage of the built-in rules for the tactics of getting and keeping
//! access (issue 12): every AWS technique listed here is tagged `stratus.<technique id>` by at
//! least one built-in rule that alerts (a detection rule that generates alerts, or a
//! correlation), and that rule's own `cloudward_tests`, run by `rule_cases.rs`, show it firing
//! on the calls the technique makes (read from `DataDog/stratus-red-team`,
//! `v2/internal/attacktechniques/aws/`).
//!
//! Not listed, and why: `aws.exfiltration.s3-bedrock` (credentials taken inside a Bedrock
//! AgentCore code interpreter through its metadata endpoint leave no CloudTrail call that
//! tells them from the interpreter's own) and `aws.persistence.cognito-refresh-token-reuse`
//! (a token refresh looks like every other one without a per-user baseline).
//! `aws.exfiltration.ec2-security-group-open-port-22-ingress`,
//! `aws.lateral-movement.ssm-start-session` and
//! `aws.privilege-escalation.sagemaker-update-lifecycle-config` are covered by the security
//! group, SSM session and SageMaker rules.

use cloudward_detect::Engine;

const CREDENTIAL_ACCESS_EXFILTRATION_PERSISTENCE_PRIVESC_LATERAL: &[&str] = &[
    "aws.credential-access.ec2-get-password-data",
    "aws.credential-access.ec2-steal-instance-credentials",
    "aws.credential-access.secretsmanager-batch-retrieve-secrets",
    "aws.credential-access.secretsmanager-retrieve-secrets",
    "aws.credential-access.ssm-retrieve-securestring-parameters",
    "aws.exfiltration.ec2-share-ami",
    "aws.exfiltration.ec2-share-ebs-snapshot",
    "aws.exfiltration.rds-share-snapshot",
    "aws.exfiltration.s3-backdoor-bucket-policy",
    "aws.lateral-movement.ec2-instance-connect",
    "aws.lateral-movement.ec2-serial-console-connect",
    "aws.persistence.ec2-create-suspicious-keypair",
    "aws.persistence.iam-backdoor-role",
    "aws.persistence.iam-backdoor-user",
    "aws.persistence.iam-create-admin-user",
    "aws.persistence.iam-create-backdoor-role",
    "aws.persistence.iam-create-user-login-profile",
    "aws.persistence.lambda-backdoor-function",
    "aws.persistence.lambda-layer-extension",
    "aws.persistence.lambda-overwrite-code",
    "aws.persistence.rolesanywhere-create-trust-anchor",
    "aws.persistence.sts-federation-token",
    "aws.privilege-escalation.iam-update-user-login-profile",
];

#[test]
fn every_listed_stratus_technique_has_an_alerting_builtin_rule() {
    let engine = Engine::builder().build().expect("built-in rules build");
    let missing: Vec<&str> = CREDENTIAL_ACCESS_EXFILTRATION_PERSISTENCE_PRIVESC_LATERAL
        .iter()
        .copied()
        .filter(|technique| {
            let tag = format!("stratus.{technique}");
            !engine
                .loaded()
                .iter()
                .any(|r| (r.generate || r.correlation) && r.tags.contains(&tag))
        })
        .collect();
    assert!(missing.is_empty(), "no alerting rule for {missing:?}");
}

#[test]
fn a_rule_tagged_with_a_technique_cites_its_page() {
    let engine = Engine::builder().build().expect("built-in rules build");
    for r in engine.loaded() {
        let cited = r
            .references
            .iter()
            .any(|u| u.contains("stratus-red-team.cloud/attack-techniques/AWS/"));
        let tagged = r.tags.iter().any(|t| t.starts_with("stratus.aws."));
        assert!(
            !tagged || cited,
            "{}: Stratus tag without its page",
            r.title
        );
    }
}
