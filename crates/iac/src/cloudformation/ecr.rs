//! ECR: `AWS::ECR::Repository` (with its `RepositoryPolicyText` and `LifecyclePolicy`) and the
//! template's `AWS::ECR::RegistryScanningConfiguration`. Defaults: `ImageTagMutability`
//! `MUTABLE`, `ScanOnPush` false, `EncryptionType` `AES256`; no registry scanning resource is
//! the registry default (basic, no rules).

use cloudward_model::ecr::{RegistryScanning, Repository, ScanningRule};
use cloudward_model::{Attributes, Value};

use super::dynamodb::flag;
use super::eval::Val;
use super::s3::policy_document;
use super::sns::key_property;
use super::{known, locations, Template};

fn registry(p: &Val) -> Value<RegistryScanning> {
    let scan_type = match p.get("ScanType").map(Val::string) {
        None => return Value::unknown("RegistryScanningConfiguration has no ScanType"),
        Some(Err(r)) => return Value::Unknown(r),
        Some(Ok(s)) => s,
    };
    let rules = match p.get("Rules").map(Val::list) {
        None => Vec::new(),
        Some(Err(r)) => return Value::Unknown(r),
        Some(Ok(items)) => {
            let mut out = Vec::new();
            for rule in items {
                let frequency = match rule.get("ScanFrequency").map(Val::string) {
                    Some(Ok(f)) => f,
                    Some(Err(r)) => return Value::Unknown(r),
                    None => return Value::unknown("a registry scanning rule has no ScanFrequency"),
                };
                let filters = match rule.get("RepositoryFilters").map(Val::list) {
                    None => Vec::new(),
                    Some(Err(r)) => return Value::Unknown(r),
                    Some(Ok(fs)) => {
                        let mut names = Vec::new();
                        for f in fs {
                            match f.get("Filter").map(Val::string) {
                                Some(Ok(s)) => names.push(s),
                                Some(Err(r)) => return Value::Unknown(r),
                                None => {}
                            }
                        }
                        names
                    }
                };
                out.push(ScanningRule {
                    scan_frequency: frequency,
                    filters,
                });
            }
            out
        }
    };
    Value::Known(RegistryScanning { scan_type, rules })
}

pub(crate) fn adapt(t: &mut Template<'_>) {
    let registry_scanning = t
        .decls
        .iter()
        .find(|d| d.resource_type == "AWS::ECR::RegistryScanningConfiguration")
        .map_or_else(
            || {
                Value::Known(RegistryScanning {
                    scan_type: "BASIC".into(),
                    rules: Vec::new(),
                })
            },
            |d| match &d.existence_unknown {
                Some(why) => Value::unknown(format!(
                    "the registry scanning configuration may not exist: {why}"
                )),
                None => registry(&d.props),
            },
        );
    let repositories: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::ECR::Repository")
        .collect();
    for i in repositories {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("RepositoryName");
        let encryption = p.get("EncryptionConfiguration");
        let repo = Repository {
            repository_name: name.clone(),
            repository_arn: decl.logical_id.clone(),
            scan_on_push: match p.get("ImageScanningConfiguration") {
                None => Value::Known(false),
                Some(s) => flag(s, "ScanOnPush", false),
            },
            image_tag_mutability: match p.get("ImageTagMutability") {
                None => Value::Known("MUTABLE".into()),
                Some(v) => known(v.string()),
            },
            encryption_type: match encryption.and_then(|e| e.get("EncryptionType")) {
                None => Value::Known("AES256".into()),
                Some(v) => known(v.string()),
            },
            kms_key: match encryption {
                None => Value::Known(None),
                Some(e) => key_property(e, "KmsKey"),
            },
            lifecycle_policy_configured: Value::Known(
                p.get("LifecyclePolicy")
                    .and_then(|l| l.get("LifecyclePolicyText"))
                    .is_some(),
            ),
            policy: match p.get("RepositoryPolicyText") {
                None => Value::Known(None),
                Some(doc) => policy_document(doc).map(Some),
            },
            registry_scanning: registry_scanning.clone(),
        };
        let locs = locations(
            t,
            [
                ("scan_on_push", "ImageScanningConfiguration"),
                ("image_tag_mutability", "ImageTagMutability"),
                ("encryption_type", "EncryptionConfiguration"),
                ("kms_key", "EncryptionConfiguration"),
                ("lifecycle_policy_configured", "LifecyclePolicy"),
                ("policy", "RepositoryPolicyText"),
            ]
            .map(|(k, cfn)| (k.to_string(), p.key_pos(cfn))),
        );
        t.push(i, name, Attributes::EcrRepository(repo), locs);
    }
}
