//! Systems Manager rules: Parameter Store parameters named like secrets are encrypted; EC2
//! instances are managed, patched and compliant with their associations; documents are not
//! public.

mod ssm_document_not_public;
mod ssm_instance_association_compliant;
mod ssm_instance_managed;
mod ssm_instance_patch_compliant;
mod ssm_parameter_secure_string_for_secrets;

use cloudward_model::ec2::Instance;
use cloudward_model::ssm::{ComplianceSummary, Fleet};
use cloudward_model::{Evidence, Inventory, Outcome, Resource, Source, Value};
pub(crate) use ssm_parameter_secure_string_for_secrets::secret_word;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &ssm_parameter_secure_string_for_secrets::SsmParameterSecureStringForSecrets,
    &ssm_instance_managed::SsmInstanceManaged,
    &ssm_instance_patch_compliant::SsmInstancePatchCompliant,
    &ssm_instance_association_compliant::SsmInstanceAssociationCompliant,
    &ssm_document_not_public::SsmDocumentNotPublic,
];

/// The Systems Manager fleet of an instance's region and account; `Err` is the outcome when
/// the instance is not judged (code, not running) or the fleet was not collected.
pub(super) fn fleet_of<'a>(
    instance: &Instance,
    resource: &Resource,
    inventory: &'a Inventory,
) -> Result<&'a Fleet, Outcome> {
    if matches!(resource.source, Source::File(_)) {
        return Err(Outcome::not_applicable(
            "whether an instance reports to Systems Manager is known only in a live account",
        ));
    }
    if instance.state != "running" {
        return Err(Outcome::not_applicable(format!(
            "the instance is {}; only running instances report to Systems Manager",
            instance.state
        )));
    }
    let region = resource.region.as_deref();
    inventory
        .resources
        .iter()
        .filter(|r| r.region.as_deref() == region)
        .filter(|r| match (&r.account, &resource.account) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        })
        .find_map(|r| r.as_ssm_fleet())
        .ok_or_else(|| {
            Outcome::unknown(format!(
                "Systems Manager was not collected in {} (scan with --service ssm)",
                region.unwrap_or("this region")
            ))
        })
}

/// Whether the instance is a managed node: `Ok(true)`, `Ok(false)`, or `Err(reason)`.
pub(super) fn is_managed(fleet: &Fleet, instance_id: &str) -> Result<bool, String> {
    fleet
        .managed_instances
        .get()
        .map(|list| list.iter().any(|m| m.instance_id == instance_id))
}

/// Judge one compliance type for a managed instance. `absent` is the outcome when no summary
/// names the instance.
pub(super) fn judge_compliance(
    fleet: &Fleet,
    summaries: &Value<Vec<ComplianceSummary>>,
    instance_id: &str,
    what: &str,
    absent: impl FnOnce() -> Outcome,
) -> Outcome {
    // Compliance can still be read when the node list could not be.
    if is_managed(fleet, instance_id) == Ok(false) {
        return Outcome::not_applicable(
            "the instance is not managed by Systems Manager (ssm-instance-managed reports it)",
        );
    }
    let list = match summaries.get() {
        Ok(l) => l,
        Err(reason) => return Outcome::unknown(reason),
    };
    let Some(s) = list.iter().find(|s| s.resource_id == instance_id) else {
        return absent();
    };
    if s.status == "COMPLIANT" {
        Outcome::Pass(Evidence::new(format!("{what} compliance is COMPLIANT")))
    } else {
        Outcome::Fail(Evidence::new(format!(
            "{what} compliance is {} ({} non-compliant item(s))",
            s.status, s.non_compliant_count
        )))
    }
}

#[cfg(test)]
pub(super) mod testing {
    use cloudward_model::ec2::Instance;
    use cloudward_model::ssm::{ComplianceSummary, Fleet, ManagedInstance};
    use cloudward_model::{test_support, Attributes, Inventory, Resource, Value};

    /// A running instance `i-1`.
    pub(crate) fn instance() -> Resource {
        test_support::resource(
            "i-1",
            Attributes::Ec2Instance(Instance {
                instance_id: "i-1".into(),
                state: "running".into(),
                ..Default::default()
            }),
        )
    }

    /// A fleet managing `managed`, with patch and association summaries.
    pub(crate) fn fleet(
        managed: Value<Vec<&str>>,
        patch: Value<Vec<(&str, &str)>>,
        association: Value<Vec<(&str, &str)>>,
    ) -> Fleet {
        let summaries = |v: Value<Vec<(&str, &str)>>| {
            v.map(|l| {
                l.into_iter()
                    .map(|(id, status)| ComplianceSummary {
                        resource_id: id.into(),
                        status: status.into(),
                        non_compliant_count: i64::from(status != "COMPLIANT"),
                    })
                    .collect()
            })
        };
        Fleet {
            managed_instances: managed.map(|l| {
                l.into_iter()
                    .map(|id| ManagedInstance {
                        instance_id: id.into(),
                        ping_status: "Online".into(),
                    })
                    .collect()
            }),
            patch_compliance: summaries(patch),
            association_compliance: summaries(association),
        }
    }

    /// An inventory holding the instance and the fleet.
    pub(crate) fn inventory(fleet: Fleet) -> Inventory {
        let mut inv = Inventory::new();
        inv.push(instance());
        inv.push(test_support::resource(
            "ssm-fleet",
            Attributes::SsmFleet(fleet),
        ));
        inv
    }
}
