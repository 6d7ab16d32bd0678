//! The `hand-changed` fixture end to end: code adapted by the real Terraform adapter, the
//! state read by the real reader, the snapshot loaded as `scan --inventory` loads it. In the
//! account, port 22 was opened on `aws_security_group.web`, encryption is off on
//! `aws_ebs_volume.data`, bucket `acme-drift-assets` was deleted and `acme-drift-stray` was
//! created by hand.

use std::path::PathBuf;

use cloudward_drift::{compare, render_text, Change, Drift};
use cloudward_iac::terraform::state;
use cloudward_model::{Inventory, ResourceKind};
use serde_json::json;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load(live: impl FnOnce(&mut Inventory)) -> Drift {
    let dir = fixture("hand-changed");
    let code = cloudward_iac::scan(&dir.join("code"), &cloudward_iac::ScanOptions::default());
    let state = state::read_file(&dir.join("terraform.tfstate")).expect("state");
    let text = std::fs::read_to_string(dir.join("live.json")).expect("snapshot");
    let mut inventory = Inventory::from_json(&text).expect("snapshot parses");
    live(&mut inventory);
    compare(&code.inventory, &state, &inventory)
}

fn resource<'a>(d: &'a Drift, address: &str) -> &'a cloudward_drift::ResourceDrift {
    d.resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("{address} compared"))
}

#[test]
fn each_hand_change_is_found_with_both_values() {
    let d = load(|_| {});
    let web = resource(&d, "aws_security_group.web");
    assert_eq!(web.differences.len(), 1);
    assert_eq!(web.differences[0].attribute, "ingress");
    assert_eq!(
        web.differences[0].change,
        Change::Items {
            only_code: vec![],
            only_live: vec![json!({"ip_protocol": "tcp", "from_port": 22, "to_port": 22,
                                   "peer": {"type": "ipv4", "value": "0.0.0.0/0"}})],
        }
    );
    let volume = resource(&d, "aws_ebs_volume.data");
    assert_eq!(
        volume.differences[0].change,
        Change::Value {
            code: json!(true),
            live: json!(false)
        }
    );
    let missing: Vec<&str> = d.missing.iter().map(|m| m.address.as_str()).collect();
    assert_eq!(missing, ["aws_s3_bucket.assets"]);
    let unmanaged: Vec<&str> = d.unmanaged.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(
        unmanaged,
        ["arn:aws:s3:::acme-drift-stray"],
        "the default VPC and security group are AWS's own"
    );
    let not_applied: Vec<&str> = d.not_applied.iter().map(|m| m.address.as_str()).collect();
    assert_eq!(not_applied, ["aws_cloudwatch_log_group.app"]);
    assert_eq!(d.unsupported_types.get("aws_nat_gateway"), Some(&1));
    assert!(d.has_drift());
}

#[test]
fn what_was_applied_as_written_is_in_sync() {
    let d = load(|_| {});
    for address in [
        "aws_s3_bucket.logs",
        "aws_vpc.main",
        "aws_vpc.main.main_route_table",
    ] {
        let r = resource(&d, address);
        assert!(r.differences.is_empty(), "{address}: {:?}", r.differences);
        assert!(r.not_compared.is_empty(), "{address}: {:?}", r.not_compared);
        assert!(r.same > 0, "{address} compared something");
    }
}

#[test]
fn an_unknown_live_attribute_is_not_compared_never_equal() {
    let d = load(|live| {
        for r in &mut live.resources {
            if let cloudward_model::Attributes::Ec2Volume(v) = &mut r.attributes {
                v.encrypted = cloudward_model::Value::unknown("ec2:DescribeVolumes: AccessDenied");
            }
        }
    });
    let volume = resource(&d, "aws_ebs_volume.data");
    assert!(volume.differences.is_empty());
    assert_eq!(volume.not_compared[0].attribute, "encrypted");
    assert_eq!(
        volume.not_compared[0].reason,
        "unknown live: ec2:DescribeVolumes: AccessDenied"
    );
    assert!(d.has_unknowns());
}

#[test]
fn a_failed_listing_is_not_compared_rather_than_deleted() {
    let d = load(|live| {
        live.resources
            .retain(|r| r.kind() != ResourceKind::S3Bucket);
        live.errors.push(cloudward_model::CollectionError {
            service: "s3".into(),
            api: "ListBuckets".into(),
            message: "AccessDenied".into(),
            kinds: vec![ResourceKind::S3Bucket],
            ..Default::default()
        });
    });
    assert!(d.missing.is_empty(), "{:?}", d.missing);
    let reasons: Vec<&str> = d
        .not_compared
        .iter()
        .filter_map(|n| n.reason.as_deref())
        .collect();
    assert_eq!(reasons.len(), 2);
    assert!(
        reasons
            .iter()
            .all(|r| r.starts_with("could not list S3 buckets")),
        "{reasons:?}"
    );
    assert!(d.unmanaged.is_empty());
    assert!(d
        .unmanaged_unknown
        .iter()
        .any(|k| k.kind == ResourceKind::S3Bucket));
}

#[test]
fn a_region_not_collected_is_not_compared() {
    let d = load(|live| {
        live.regions = vec!["eu-west-1".into()];
        live.resources
            .retain(|r| r.kind() == ResourceKind::S3Bucket);
    });
    let volume = d
        .not_compared
        .iter()
        .find(|n| n.address == "aws_ebs_volume.data")
        .expect("volume not compared");
    assert_eq!(
        volume.reason.as_deref(),
        Some("region us-east-1 was not collected")
    );
    assert_eq!(
        d.missing.len(),
        1,
        "buckets are listed account-wide: assets is still missing"
    );
}

#[test]
fn text_report() {
    insta::assert_snapshot!(render_text(&load(|_| {})));
}

#[test]
fn json_report() {
    insta::assert_json_snapshot!(load(|_| {}));
}
