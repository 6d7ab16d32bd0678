//! Catalogue-wide checks: every rule's metadata is complete, well-formed and consistent with
//! the framework tables (ripgrep `defs.rs`, trivy `TestCheckIDsUnique`, ruff's docs check).

use std::collections::BTreeSet;
use std::path::Path;

use cloudward_rules::frameworks::{title, Framework};
use cloudward_rules::{catalogue, find};

/// The id prefixes a service's rules may use. EC2 is one SDK service but three families in
/// AWS's own vocabulary (EC2, EBS, VPC), and ids use the one a reader looks for.
fn prefixes(service: &str) -> Vec<String> {
    match service {
        "ec2" => vec!["ec2-".into(), "ebs-".into(), "vpc-".into()],
        "elasticloadbalancing" => vec!["elb-".into()],
        "elasticloadbalancingv2" => vec!["elbv2-".into()],
        other => vec![format!("{other}-")],
    }
}

fn well_formed(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

#[test]
fn the_catalogue_is_large_enough() {
    let n = catalogue().len();
    assert!(
        n >= 45,
        "the catalogue has {n} rules; the issue asks for at least 45"
    );
}

#[test]
fn ids_are_unique_well_formed_and_prefixed_by_service() {
    let mut seen = BTreeSet::new();
    for rule in catalogue() {
        let m = rule.meta();
        assert!(seen.insert(m.id), "duplicate rule id {}", m.id);
        assert!(well_formed(m.id), "{}: ids are lower-case kebab", m.id);
        assert!(
            prefixes(m.service)
                .iter()
                .any(|p| m.id.starts_with(p.as_str())),
            "{}: id must start with one of {:?}",
            m.id,
            prefixes(m.service)
        );
        for filler in ["ensure", "check"] {
            assert!(
                !m.id.split('-').any(|w| w == filler),
                "{}: name the requirement, not '{filler}'",
                m.id
            );
        }
        assert!(
            find(m.id).is_some_and(|r| r.meta().id == m.id),
            "{}: find() must return it",
            m.id
        );
    }
}

#[test]
fn file_stem_matches_id() {
    for rule in catalogue() {
        let m = rule.meta();
        let path = Path::new(m.file);
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        assert_eq!(
            stem,
            m.id.replace('-', "_"),
            "{}: file {} does not match",
            m.id,
            m.file
        );
        assert!(
            path.components().any(|c| c.as_os_str() == "src"),
            "{}: rule files live under rules/src/<service>/",
            m.id
        );
    }
}

#[test]
fn metadata_is_complete() {
    for rule in catalogue() {
        let m = rule.meta();
        let id = m.id;
        for (field, text) in [
            ("title", m.title),
            ("checks", m.checks),
            ("rationale", m.rationale),
            ("remediation.console", m.remediation.console),
            ("remediation.cli", m.remediation.cli),
            ("remediation.terraform", m.remediation.terraform),
            ("service", m.service),
        ] {
            assert!(!text.trim().is_empty(), "{id}: {field} is empty");
        }
        assert!(
            !m.title.to_ascii_lowercase().starts_with("ensure"),
            "{id}: the title states the requirement, without 'Ensure'"
        );
        assert!(
            m.remediation.cli.contains("aws "),
            "{id}: remediation.cli should be an AWS CLI command"
        );
        assert!(
            m.remediation.terraform.contains("resource \"")
                || m.remediation.terraform.contains("data \""),
            "{id}: remediation.terraform should be a Terraform snippet"
        );
        assert!(!m.kinds.is_empty(), "{id}: no resource kinds");
        assert_eq!(
            m.kinds,
            rule.kinds(),
            "{id}: RuleMeta::kinds must be the subject's kinds (`<Subject as Subject>::KINDS`)"
        );
        assert!(!m.references.is_empty(), "{id}: no reference");
        for url in m.references {
            assert!(
                url.starts_with("https://"),
                "{id}: reference {url} is not an https URL"
            );
        }
        let cited: usize = Framework::ALL.iter().map(|f| f.cited_by(m).len()).sum();
        assert!(cited > 0, "{id}: cites no framework control");
    }
}

#[test]
fn every_cited_framework_id_exists() {
    let mut missing = Vec::new();
    for rule in catalogue() {
        let m = rule.meta();
        for framework in Framework::ALL {
            for id in framework.cited_by(m) {
                if title(framework, id).is_none() {
                    missing.push(format!(
                        "{}: {} has no control {id}",
                        m.id,
                        framework.name()
                    ));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "unknown framework ids:\n{}",
        missing.join("\n")
    );
}

#[test]
fn bad_examples_come_with_a_good_one() {
    for rule in catalogue() {
        let m = rule.meta();
        let e = &m.examples;
        for (lang, bad, good) in [
            ("terraform", e.terraform_bad, e.terraform_good),
            (
                "cloudformation",
                e.cloudformation_bad,
                e.cloudformation_good,
            ),
        ] {
            // A good example may stand alone: for "is it enabled" rules the bad case is the
            // absence of a resource, which yields no finding in code. A bad example without the
            // fixed version next to it may not.
            assert!(
                bad.trim().is_empty() || !good.trim().is_empty(),
                "{}: a {lang} bad example needs its good counterpart",
                m.id
            );
            assert!(
                bad.trim().is_empty() || bad != good,
                "{}: {lang} bad and good examples are identical",
                m.id
            );
        }
        if !e.cloudformation_bad.is_empty() {
            for text in [e.cloudformation_bad, e.cloudformation_good] {
                assert!(
                    text.starts_with("Resources:") || text.starts_with("AWSTemplateFormatVersion"),
                    "{}: CloudFormation examples are YAML templates",
                    m.id
                );
            }
        }
    }
}

#[test]
fn every_kind_is_covered_by_some_rule() {
    use cloudward_model::ResourceKind;
    let covered: BTreeSet<ResourceKind> = catalogue()
        .iter()
        .flat_map(|r| r.meta().kinds.iter().copied())
        .collect();
    // Kinds that exist only as context for other rules (looked up, never judged on their own).
    // A new kind in the model either gets a rule or joins this list with the reason.
    let context_only = [
        ResourceKind::Account,
        ResourceKind::IamGroup,
        ResourceKind::IamRole,
        // Read by `Inventory::subnet_is_public`.
        ResourceKind::Ec2RouteTable,
        ResourceKind::Ec2InternetGateway,
        // Read by the RDS TLS rules for the instances and clusters that use them.
        ResourceKind::RdsDbParameterGroup,
        ResourceKind::RdsDbClusterParameterGroup,
        // Read by the CIS monitoring rules, which judge the account.
        ResourceKind::CloudWatchRegion,
        // Read by the SSM instance rules, which judge each EC2 instance.
        ResourceKind::SsmFleet,
    ];
    for kind in ResourceKind::ALL {
        if !context_only.contains(kind) {
            assert!(covered.contains(kind), "no rule judges {kind}");
        }
    }
}
