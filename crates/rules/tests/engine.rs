//! The engine's cross-cutting honesty rules, exercised with real catalogue rules: collection
//! errors become Unknown findings, resources that may not exist cannot Fail, suppressed Fails
//! are reported as Suppressed, and the output is deterministic.

use cloudward_model::ec2::{Peer, SecurityGroup, SecurityGroupRule};
use cloudward_model::s3::Bucket;
use cloudward_model::{
    test_support, Attributes, CollectionError, ErrorKind, Finding, Inventory, Location, Resource,
    ResourceKind, Source, Status, Suppression, Value,
};
use cloudward_rules::{catalogue, engine, find, Rule};

fn rule(id: &str) -> &'static dyn Rule {
    find(id).unwrap_or_else(|| panic!("rule {id} is in the catalogue"))
}

fn open_group(id: &str) -> Resource {
    test_support::resource(
        id,
        Attributes::Ec2SecurityGroup(SecurityGroup {
            group_id: id.into(),
            group_name: format!("{id}-name"),
            vpc_id: Some("vpc-1".into()),
            description: String::new(),
            ingress: Value::Known(vec![SecurityGroupRule {
                ip_protocol: "tcp".into(),
                from_port: Some(22),
                to_port: Some(22),
                peer: Peer::Ipv4("0.0.0.0/0".into()),
                description: None,
            }]),
            egress: Value::Known(vec![]),
        }),
    )
}

fn collection_error(kinds: Vec<ResourceKind>, region: &str) -> CollectionError {
    CollectionError {
        service: "ec2".into(),
        region: Some(region.into()),
        api: "DescribeSecurityGroups".into(),
        kind: ErrorKind::AccessDenied,
        message: "UnauthorizedOperation".into(),
        kinds,
        ..Default::default()
    }
}

#[test]
fn a_collection_error_yields_an_unknown_finding_per_rule_of_that_kind() {
    let mut inv = Inventory::new();
    inv.errors.push(collection_error(
        vec![ResourceKind::Ec2SecurityGroup],
        "eu-west-1",
    ));
    let ssh = rule("ec2-security-group-admin-ports-ipv4-restricted");
    let buckets = rule("s3-bucket-versioning-enabled");
    let findings = engine::evaluate(&inv, &[ssh, buckets]);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(f.status, Status::Unknown);
    assert_eq!(f.rule_id, ssh.meta().id);
    assert_eq!(f.region.as_deref(), Some("eu-west-1"));
    assert!(f.message.contains("UnauthorizedOperation"), "{}", f.message);

    // Every security group rule reports it.
    let all = engine::evaluate(&inv, &catalogue());
    // (Rules the settings leave off, such as the tag policy, give no verdicts at all.)
    let sg_rules = catalogue()
        .iter()
        .filter(|r| r.meta().kinds.contains(&ResourceKind::Ec2SecurityGroup) && r.applies(&inv))
        .count();
    assert_eq!(
        all.iter().filter(|f| f.status == Status::Unknown).count(),
        sg_rules
    );
}

#[test]
fn a_resource_that_may_not_exist_cannot_fail() {
    let mut maybe = open_group("sg-maybe");
    maybe.existence_unknown = Some("count = var.enabled could not be resolved".into());
    let mut inv = Inventory::new();
    inv.push(maybe);
    let findings = engine::evaluate(
        &inv,
        &[rule("ec2-security-group-admin-ports-ipv4-restricted")],
    );
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].status, Status::Unknown);
    assert!(findings[0].message.contains("count = var.enabled"));
    // A Pass stays a Pass: the resource passes whether or not it exists.
    let ipv6 = engine::evaluate(
        &inv,
        &[rule("ec2-security-group-admin-ports-ipv6-restricted")],
    );
    assert_eq!(ipv6[0].status, Status::Pass);
}

#[test]
fn a_suppressed_fail_is_reported_as_suppressed_with_its_reason() {
    let id = "ec2-security-group-admin-ports-ipv4-restricted";
    let mut group = open_group("sg-bastion");
    group.suppressions.push(Suppression {
        rule_id: id.into(),
        reason: "bastion host, source restricted by NACL".into(),
        location: None,
    });
    let mut inv = Inventory::new();
    inv.push(group);
    let findings = engine::evaluate(
        &inv,
        &[rule(id), rule("ec2-security-group-all-ports-restricted")],
    );
    let suppressed: Vec<&Finding> = findings.iter().filter(|f| f.rule_id == id).collect();
    assert_eq!(suppressed[0].status, Status::Suppressed);
    assert_eq!(
        suppressed[0].suppression.as_deref(),
        Some("bastion host, source restricted by NACL")
    );
    // The suppression names one rule only.
    let other = findings
        .iter()
        .find(|f| f.rule_id != id)
        .expect("second finding");
    assert_eq!(other.status, Status::Pass);
}

#[test]
fn code_findings_point_at_the_attribute_line() {
    let mut group = open_group("aws_security_group.admin");
    group.source = Source::File(Location {
        path: "main.tf".into(),
        line: 10,
        column: 1,
    });
    group.attribute_locations.insert(
        "ingress[0]".into(),
        Location {
            path: "main.tf".into(),
            line: 14,
            column: 3,
        },
    );
    let mut inv = Inventory::new();
    inv.push(group);
    let findings = engine::evaluate(
        &inv,
        &[rule("ec2-security-group-admin-ports-ipv4-restricted")],
    );
    assert_eq!(findings[0].status, Status::Fail);
    assert_eq!(findings[0].attribute.as_deref(), Some("ingress[0]"));
    assert_eq!(findings[0].location.as_ref().map(|l| l.line), Some(14));
}

fn mixed_inventory(reverse: bool) -> Inventory {
    let mut resources = vec![open_group("sg-b"), open_group("sg-a")];
    for name in ["logs", "data", "web"] {
        resources.push(test_support::resource(
            name,
            Attributes::S3Bucket(Bucket {
                name: name.into(),
                versioning: Value::unknown("AccessDenied"),
                ..Default::default()
            }),
        ));
    }
    if reverse {
        resources.reverse();
    }
    let mut inv = Inventory::new();
    for r in resources {
        inv.push(r);
    }
    inv.errors
        .push(collection_error(vec![ResourceKind::Ec2Volume], "us-east-1"));
    inv.errors
        .push(collection_error(vec![ResourceKind::Ec2Volume], "eu-west-1"));
    if reverse {
        inv.errors.reverse();
    }
    inv
}

#[test]
fn evaluation_is_deterministic() {
    let rules = catalogue();
    let first = engine::evaluate(&mixed_inventory(false), &rules);
    let second = engine::evaluate(&mixed_inventory(false), &rules);
    assert_eq!(first, second);
    // Input order does not leak into the output either.
    let reversed = engine::evaluate(&mixed_inventory(true), &rules);
    assert_eq!(first, reversed);
    assert!(first.len() > 20, "the mixed inventory exercises many rules");
    // Most severe first.
    assert!(first.windows(2).all(|w| w[0].severity >= w[1].severity));
}

#[test]
fn no_rule_passes_on_a_resource_it_knows_nothing_about() {
    // Every attribute left at its default is Unknown ("not collected"): no rule may Pass or
    // Fail on such a resource unless its verdict does not depend on the unknown data. The
    // inventory says only S3 and EC2 were collected, so no rule may conclude from an absent
    // trail either.
    let mut inv = Inventory::new();
    inv.services = vec!["s3".into(), "ec2".into()];
    inv.push(test_support::resource(
        "blank-bucket",
        Attributes::S3Bucket(Bucket {
            name: "blank-bucket".into(),
            ..Default::default()
        }),
    ));
    inv.push(test_support::resource(
        "sg-blank",
        Attributes::Ec2SecurityGroup(SecurityGroup {
            group_id: "sg-blank".into(),
            ..Default::default()
        }),
    ));
    for f in engine::evaluate(&inv, &catalogue()) {
        assert!(
            matches!(f.status, Status::Unknown | Status::NotApplicable),
            "{} gave {:?} on a resource with no data: {}",
            f.rule_id,
            f.status,
            f.message
        );
    }
}
