//! Athena rules: workgroups encrypt query results and enforce their settings on clients.

mod athena_workgroup_configuration_enforced;
mod athena_workgroup_query_results_encrypted;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &athena_workgroup_query_results_encrypted::AthenaWorkgroupQueryResultsEncrypted,
    &athena_workgroup_configuration_enforced::AthenaWorkgroupConfigurationEnforced,
];
