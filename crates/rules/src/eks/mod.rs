//! EKS rules: cluster API endpoints not open to the internet, secrets envelope-encrypted with KMS, control-plane audit logging, and a Kubernetes version in standard support.

mod eks_cluster_control_plane_logging_enabled;
mod eks_cluster_endpoint_not_public;
mod eks_cluster_secrets_encrypted_with_kms;
mod eks_cluster_version_supported;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &eks_cluster_endpoint_not_public::EksClusterEndpointNotPublic,
    &eks_cluster_secrets_encrypted_with_kms::EksClusterSecretsEncryptedWithKms,
    &eks_cluster_control_plane_logging_enabled::EksClusterControlPlaneLoggingEnabled,
    &eks_cluster_version_supported::EksClusterVersionSupported,
];

use chrono::NaiveDate;
use cloudward_model::Inventory;

/// The day [`STANDARD_SUPPORT`] was last checked; code is judged as of this day.
pub(crate) const TABLE_DATE: &str = "2026-12-01";

/// Kubernetes minor versions (`1.N` as N) and the end of their standard support on EKS, from
/// <https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html> (release
/// calendar), as of [`TABLE_DATE`].
pub(crate) const STANDARD_SUPPORT: &[(u32, &str)] = &[
    (19, "2022-08-01"),
    (20, "2022-11-01"),
    (21, "2023-02-16"),
    (22, "2023-06-04"),
    (23, "2023-10-11"),
    (24, "2024-01-31"),
    (25, "2024-05-01"),
    (26, "2024-06-11"),
    (27, "2024-07-24"),
    (28, "2024-11-26"),
    (29, "2025-03-23"),
    (30, "2025-07-23"),
    (31, "2025-11-26"),
    (32, "2026-03-23"),
    (33, "2026-07-29"),
    (34, "2026-12-02"),
];

/// What the table says about one minor version.
pub(crate) enum Support {
    /// Standard support ends (or ended) on this day.
    Ends(NaiveDate),
    /// Newer than every version in the table: released after it was checked.
    Newer,
    /// Older than the table (long out of support, but not listed).
    NotListed,
}

/// The minor version of `1.N` (also `1.N.x` or `v1.N`).
pub(crate) fn minor(version: &str) -> Option<u32> {
    let v = version.trim().trim_start_matches('v');
    let mut parts = v.split('.');
    if parts.next()? != "1" {
        return None;
    }
    parts.next()?.parse().ok()
}

/// The end of standard support of minor version `minor`.
pub(crate) fn end_of_standard_support(minor: u32) -> Support {
    if let Some((_, d)) = STANDARD_SUPPORT.iter().find(|(m, _)| *m == minor) {
        return match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(date) => Support::Ends(date),
            Err(_) => Support::NotListed,
        };
    }
    if STANDARD_SUPPORT.iter().all(|(m, _)| *m < minor) {
        Support::Newer
    } else {
        Support::NotListed
    }
}

/// The day a verdict is given for, and how it was chosen.
pub(crate) fn judging_date(inventory: &Inventory) -> (NaiveDate, &'static str) {
    match inventory.collected_at {
        Some(at) => (at.date_naive(), "collected"),
        None => (
            NaiveDate::parse_from_str(TABLE_DATE, "%Y-%m-%d").expect("TABLE_DATE is a date"),
            "code judged as of the version table's date",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_versions_read() {
        for (m, _) in STANDARD_SUPPORT {
            assert!(
                matches!(end_of_standard_support(*m), Support::Ends(_)),
                "1.{m}"
            );
        }
        assert_eq!(minor("1.31"), Some(31));
        assert_eq!(minor("v1.29.3"), Some(29));
        assert_eq!(minor("2.0"), None);
    }
}
