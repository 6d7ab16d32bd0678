//! Stratus Red Team coverage of the built-in rules (issue 12): every AWS technique listed here
//! is tagged `stratus.<technique id>` by at least one built-in rule that alerts (a detection
//! rule that generates alerts, or a correlation). That rule's own `cloudward_tests`, run by
//! `rule_cases.rs`, show it firing on the calls the technique makes.

use cloudward_detect::Engine;

/// The AWS techniques of Stratus Red Team (`DataDog/stratus-red-team`,
/// `docs/attack-techniques/AWS/`, `v2/internal/attacktechniques/aws/`) of the tactics
/// defense evasion, discovery, execution, impact and initial access, all of which leave a
/// CloudTrail trace.
const DEFENSE_EVASION_DISCOVERY_EXECUTION_IMPACT_INITIAL_ACCESS: &[&str] = &[
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
    "aws.impact.bedrock-invoke-model",
    "aws.impact.ec2-deregister-ami",
    "aws.impact.s3-ransomware-batch-deletion",
    "aws.impact.s3-ransomware-client-side-encryption",
    "aws.impact.s3-ransomware-individual-deletion",
    "aws.initial-access.console-login-without-mfa",
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
fn every_listed_stratus_technique_has_an_alerting_builtin_rule() {
    let engine = Engine::builder().build().expect("built-in rules build");
    let missing: Vec<&str> = DEFENSE_EVASION_DISCOVERY_EXECUTION_IMPACT_INITIAL_ACCESS
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
fn stratus_tags_are_well_formed_and_the_rule_cites_stratus() {
    let engine = Engine::builder().build().expect("built-in rules build");
    for r in engine.loaded() {
        for tag in r.tags.iter().filter(|t| t.starts_with("stratus.")) {
            let parts: Vec<&str> = tag.split('.').collect();
            assert!(
                parts.len() == 4
                    && parts[1] == "aws"
                    && TACTICS.contains(&parts[2])
                    && !parts[3].is_empty()
                    && parts[3]
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}: malformed tag {tag}",
                r.title
            );
            assert!(
                r.references
                    .iter()
                    .any(|u| u.contains("stratus-red-team.cloud/attack-techniques/AWS/")),
                "{}: tagged {tag} without a Stratus technique reference",
                r.title
            );
        }
    }
}
