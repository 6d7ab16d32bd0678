//! Addresses join across module calls, `count` and `for_each` (keys with dots), references to
//! other resources compare by their live ids, and a per-region setting (GuardDuty) is found
//! by region. The live side is built from the model, as a collector fills it.

use std::path::PathBuf;

use cloudward_drift::{compare, Change, Drift};
use cloudward_iac::terraform::state;
use cloudward_model::ec2::{Peer, SecurityGroup, SecurityGroupRule, Volume};
use cloudward_model::guardduty::{Detector, RegionStatus};
use cloudward_model::test_support::resource;
use cloudward_model::{Attributes, Inventory, Resource, Value};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/addresses")
}

fn in_region(mut r: Resource, arn: String) -> Resource {
    r.region = Some("eu-west-1".into());
    r.id = arn;
    r
}

fn group(id: &str, name: &str, ingress: Vec<SecurityGroupRule>) -> Resource {
    in_region(
        resource(
            id,
            Attributes::Ec2SecurityGroup(SecurityGroup {
                group_id: id.into(),
                group_name: name.into(),
                ingress: Value::Known(ingress),
                egress: Value::Known(vec![]),
                ..Default::default()
            }),
        ),
        format!("arn:aws:ec2:eu-west-1:123456789012:security-group/{id}"),
    )
}

fn from_lb() -> SecurityGroupRule {
    SecurityGroupRule {
        ip_protocol: "tcp".into(),
        from_port: Some(8080),
        to_port: Some(8080),
        peer: Peer::SecurityGroup("sg-00000000000000001".into()),
        description: None,
    }
}

fn volume(id: &str) -> Resource {
    in_region(
        resource(
            id,
            Attributes::Ec2Volume(Volume {
                volume_id: id.into(),
                encrypted: Value::Known(true),
                kms_key_id: None,
                state: "available".into(),
                size: 20,
                attached_instance_ids: vec![],
            }),
        ),
        format!("arn:aws:ec2:eu-west-1:123456789012:volume/{id}"),
    )
}

fn guardduty(status: &str, code: &Inventory) -> Resource {
    // The features as the code declares them (all of AWS's defaults), the status as given.
    let declared = code
        .resources
        .iter()
        .find_map(|r| r.as_guardduty_region())
        .and_then(|g| g.detectors.known())
        .and_then(|d| d.first())
        .map(|d| d.features.clone())
        .expect("the code declares a detector");
    in_region(
        resource(
            "guardduty",
            Attributes::GuardDutyRegion(RegionStatus {
                detectors: Value::Known(vec![Detector {
                    detector_id: "det00000000000000000000000000001".into(),
                    status: Value::Known(status.into()),
                    features: declared,
                }]),
            }),
        ),
        "arn:aws:guardduty:eu-west-1:123456789012:detector".into(),
    )
}

fn run(guardduty_status: &str) -> Drift {
    let code = cloudward_iac::scan(&dir().join("code"), &cloudward_iac::ScanOptions::default());
    assert!(!code.has_errors(), "{:?}", code.diagnostics);
    let state = state::read_file(&dir().join("terraform.tfstate")).expect("state");
    let mut live = Inventory::new();
    live.regions = vec!["eu-west-1".into()];
    for r in [
        group("sg-00000000000000001", "lb", vec![]),
        group("sg-00000000000000002", "app.a", vec![from_lb()]),
        group("sg-00000000000000003", "db", vec![from_lb()]),
        volume("vol-00000000000000001"),
        volume("vol-00000000000000002"),
        guardduty(guardduty_status, &code.inventory),
    ] {
        live.push(r);
    }
    compare(&code.inventory, &state, &live)
}

#[test]
fn modules_count_and_for_each_instances_join_their_state_and_live_resources() {
    let d = run("ENABLED");
    let addresses: Vec<&str> = d.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(
        addresses,
        [
            "aws_ebs_volume.disk[0]",
            "aws_ebs_volume.disk[1]",
            "aws_guardduty_detector.main",
            "module.net.aws_security_group.lb",
            r#"module.net.aws_security_group.tier["app.a"]"#,
            r#"module.net.aws_security_group.tier["db"]"#,
        ]
    );
    for r in &d.resources {
        assert!(
            r.differences.is_empty(),
            "{}: {:?}",
            r.address,
            r.differences
        );
    }
    assert!(d.missing.is_empty() && d.not_applied.is_empty() && d.not_compared.is_empty());
    assert!(d.unmanaged.is_empty(), "{:?}", d.unmanaged);
    assert!(!d.has_drift());
}

#[test]
fn a_setting_turned_off_in_its_region_is_drift() {
    let d = run("DISABLED");
    let gd = d
        .resources
        .iter()
        .find(|r| r.address == "aws_guardduty_detector.main")
        .expect("compared");
    assert_eq!(gd.differences.len(), 1, "{:?}", gd.differences);
    assert_eq!(gd.differences[0].attribute, "detectors");
    let Change::Items {
        only_code,
        only_live,
    } = &gd.differences[0].change
    else {
        panic!("a list difference")
    };
    assert_eq!(
        only_code[0]["status"],
        serde_json::json!({"known": "ENABLED"})
    );
    assert_eq!(
        only_live[0]["status"],
        serde_json::json!({"known": "DISABLED"})
    );
}
