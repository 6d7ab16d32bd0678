//! Stratus Red Team coverage of the built-in rules (issue 12): every AWS technique listed in
//! [`COVERED`] is tagged `stratus.<technique id>` by at least one built-in rule that alerts (a
//! detection rule that generates alerts, or a correlation), and that rule's own
//! `cloudward_tests`, run by `rule_cases.rs`, show it firing on the calls the technique makes
//! (read from `DataDog/stratus-red-team`, `v2/internal/attacktechniques/aws/`, and checked
//! against its published detonation logs).
//!
//! [`NOT_COVERED`] are the AWS techniques that leave no CloudTrail trace a rule can tell from
//! normal use; together the two lists are every AWS technique Stratus has.

use cloudward_detect::Engine;

/// The AWS techniques with an alerting built-in rule.
const COVERED: &[&str] = &[
    "aws.credential-access.ec2-get-password-data",
    "aws.credential-access.ec2-steal-instance-credentials",
    "aws.credential-access.secretsmanager-batch-retrieve-secrets",
    "aws.credential-access.secretsmanager-retrieve-secrets",
    "aws.credential-access.ssm-retrieve-securestring-parameters",
    "aws.defense-evasion.bedrock-guardrail-delete",
    "aws.defense-evasion.bedrock-model-invocation-logging-delete",
    "aws.defense-evasion.cloudtrail-delete",
    "aws.defense-evasion.cloudtrail-event-selectors",
    "aws.defense-evasion.cloudtrail-lifecycle-rule",
    "aws.defense-evasion.cloudtrail-stop",
    "aws.defense-evasion.dns-delete-logs",
    "aws.defense-evasion.organizations-leave",
    "aws.defense-evasion.vpc-remove-flow-logs",
    "aws.discovery.bedrock-enumerate-models-multiple-regions",
    "aws.discovery.ec2-download-user-data",
    "aws.discovery.ec2-enumerate-from-instance",
    "aws.discovery.ses-enumerate",
    "aws.execution.ec2-launch-unusual-instances",
    "aws.execution.ec2-user-data",
    "aws.execution.sagemaker-update-lifecycle-config",
    "aws.execution.ssm-send-command",
    "aws.execution.ssm-start-session",
    "aws.exfiltration.ec2-security-group-open-port-22-ingress",
    "aws.exfiltration.ec2-share-ami",
    "aws.exfiltration.ec2-share-ebs-snapshot",
    "aws.exfiltration.rds-share-snapshot",
    "aws.exfiltration.s3-backdoor-bucket-policy",
    "aws.impact.bedrock-invoke-model",
    "aws.impact.ec2-deregister-ami",
    "aws.impact.s3-ransomware-batch-deletion",
    "aws.impact.s3-ransomware-client-side-encryption",
    "aws.impact.s3-ransomware-individual-deletion",
    "aws.initial-access.console-login-without-mfa",
    "aws.lateral-movement.ec2-instance-connect",
    "aws.lateral-movement.ec2-serial-console-connect",
    "aws.lateral-movement.ssm-start-session",
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
    "aws.privilege-escalation.sagemaker-update-lifecycle-config",
];

/// AWS techniques no rule covers, and why:
/// - `s3-bedrock`: credentials taken inside a Bedrock AgentCore code interpreter through its
///   metadata endpoint leave no CloudTrail call that tells them from the interpreter's own;
/// - `cognito-refresh-token-reuse`: a token refresh looks like every other one without a
///   per-user baseline.
const NOT_COVERED: &[&str] = &[
    "aws.exfiltration.s3-bedrock",
    "aws.persistence.cognito-refresh-token-reuse",
];

/// The tactics Stratus names its AWS techniques after.
const TACTICS: &[&str] = &[
    "collection",
    "credential-access",
    "defense-evasion",
    "discovery",
    "execution",
    "exfiltration",
    "impact",
    "initial-access",
    "lateral-movement",
    "persistence",
    "privilege-escalation",
];

#[test]
fn every_covered_stratus_technique_has_an_alerting_builtin_rule() {
    let engine = Engine::builder().build().expect("built-in rules build");
    let missing: Vec<&str> = COVERED
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
    assert!(COVERED.iter().all(|t| !NOT_COVERED.contains(t)));
}

#[test]
fn stratus_tags_are_well_formed_listed_and_cite_the_technique() {
    let engine = Engine::builder().build().expect("built-in rules build");
    for r in engine.loaded() {
        for tag in r.tags.iter().filter(|t| t.starts_with("stratus.")) {
            let parts: Vec<&str> = tag.split('.').collect();
            assert!(
                parts.len() == 4 && parts[1] == "aws" && TACTICS.contains(&parts[2]),
                "{}: malformed Stratus tag {tag}",
                r.title
            );
            let technique = &tag["stratus.".len()..];
            // Stratus renamed a few techniques; a rule may carry the old id beside the new one.
            let renamed = [
                "aws.lateral-movement.ec2-send-ssh-public-key",
                "aws.lateral-movement.ec2-serial-console-send-ssh-public-key",
            ];
            assert!(
                COVERED.contains(&technique) || renamed.contains(&technique),
                "{}: {tag} is not in the coverage list",
                r.title
            );
            assert!(
                r.references
                    .iter()
                    .any(|u| u.contains("stratus-red-team.cloud/attack-techniques/AWS/")),
                "{}: Stratus tag without the technique's page",
                r.title
            );
        }
    }
}
