//! Region handling: what `DescribeRegions` says under moto, and that `regions` restricts
//! collection.

use cloudward_model::ResourceKind;

use crate::provision::{self, Posture, PRIMARY, SECONDARY};
use crate::server::Moto;
use crate::support;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_regions_option_restricts_collection() {
    let moto = Moto::start();
    let ids = provision::account(&moto, Posture::Insecure).await;
    let inventory = support::collect(&moto, &[SECONDARY]).await;

    assert_eq!(inventory.regions, vec![SECONDARY.to_string()]);
    // Nothing regional from the primary region: its VPC, instance and security groups are
    // absent, and no regional resource carries another region.
    assert!(inventory
        .find(ResourceKind::Ec2Instance, &ids.instance_id)
        .is_none());
    assert!(inventory.find(ResourceKind::Ec2Vpc, &ids.vpc_id).is_none());
    for r in &inventory.resources {
        if let Some(region) = &r.region {
            let global_kind = matches!(r.kind(), ResourceKind::S3Bucket);
            assert!(
                region == SECONDARY || global_kind,
                "{} ({}) from {region} in an eu-west-1-only collection",
                r.id,
                r.kind()
            );
        }
    }
    // The secondary region's own resources are there.
    assert!(inventory
        .find(
            ResourceKind::Ec2SecurityGroup,
            &ids.secondary_sgs["acme-eu-bastion"]
        )
        .is_some());
    // Global services are collected once whatever the regions.
    assert!(inventory.find(ResourceKind::IamUser, "alice").is_some());
    // S3 buckets are listed account-wide, each with its own region.
    let assets = inventory
        .find(ResourceKind::S3Bucket, "acme-public-assets")
        .expect("buckets are global to list");
    assert_eq!(assets.region.as_deref(), Some(PRIMARY));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enabled_regions_come_from_describe_regions() {
    let moto = Moto::start();
    let inventory = support::collect(&moto, &[PRIMARY]).await;
    let account = inventory
        .of_kind(ResourceKind::Account)
        .next()
        .and_then(|r| r.as_account())
        .expect("the account is always collected");
    let enabled = account
        .enabled_regions
        .known()
        .expect("DescribeRegions answered");
    // moto ignores the opt-in-status filter and marks every region `opt-in-not-required`, so
    // opt-in regions such as af-south-1 appear enabled here; against AWS they would not.
    for region in [PRIMARY, SECONDARY, "af-south-1"] {
        assert!(
            enabled.iter().any(|r| r == region),
            "{region} missing: {enabled:?}"
        );
    }
    assert!(enabled.len() >= 17, "{enabled:?}");
}
