//! GuardDuty rules: the service is on, then each protection plan.

mod guardduty_ec2_runtime_monitoring_enabled;
mod guardduty_ecs_runtime_monitoring_enabled;
mod guardduty_eks_audit_log_monitoring_enabled;
mod guardduty_eks_runtime_monitoring_enabled;
mod guardduty_enabled;
mod guardduty_lambda_protection_enabled;
mod guardduty_malware_protection_enabled;
mod guardduty_rds_protection_enabled;
mod guardduty_runtime_monitoring_enabled;
mod guardduty_s3_protection_enabled;
mod plan;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &guardduty_enabled::GuarddutyEnabled,
    &guardduty_s3_protection_enabled::GuarddutyS3ProtectionEnabled,
    &guardduty_eks_audit_log_monitoring_enabled::GuarddutyEksAuditLogMonitoringEnabled,
    &guardduty_lambda_protection_enabled::GuarddutyLambdaProtectionEnabled,
    &guardduty_eks_runtime_monitoring_enabled::GuarddutyEksRuntimeMonitoringEnabled,
    &guardduty_malware_protection_enabled::GuarddutyMalwareProtectionEnabled,
    &guardduty_rds_protection_enabled::GuarddutyRdsProtectionEnabled,
    &guardduty_runtime_monitoring_enabled::GuarddutyRuntimeMonitoringEnabled,
    &guardduty_ecs_runtime_monitoring_enabled::GuarddutyEcsRuntimeMonitoringEnabled,
    &guardduty_ec2_runtime_monitoring_enabled::GuarddutyEc2RuntimeMonitoringEnabled,
];
