//! Redshift rules: encryption, network exposure, audit logging, TLS, enhanced VPC routing, the
//! admin user name and automated snapshots.

mod redshift_cluster_audit_logging_enabled;
mod redshift_cluster_automatic_snapshots_enabled;
mod redshift_cluster_encrypted;
mod redshift_cluster_enhanced_vpc_routing;
mod redshift_cluster_not_default_admin_username;
mod redshift_cluster_not_publicly_accessible;
mod redshift_cluster_require_ssl;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &redshift_cluster_encrypted::RedshiftClusterEncrypted,
    &redshift_cluster_not_publicly_accessible::RedshiftClusterNotPubliclyAccessible,
    &redshift_cluster_require_ssl::RedshiftClusterRequireSsl,
    &redshift_cluster_audit_logging_enabled::RedshiftClusterAuditLoggingEnabled,
    &redshift_cluster_enhanced_vpc_routing::RedshiftClusterEnhancedVpcRouting,
    &redshift_cluster_not_default_admin_username::RedshiftClusterNotDefaultAdminUsername,
    &redshift_cluster_automatic_snapshots_enabled::RedshiftClusterAutomaticSnapshotsEnabled,
];
