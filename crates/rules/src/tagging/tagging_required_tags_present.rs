//! Resources carry the tags the organisation requires (`cloudward.toml`).

use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, ResourceKind,
    RuleMeta, Severity, Source, Subject,
};

use crate::Check;

/// Compares each taggable resource's tag keys with `required_tags` and
/// `required_tags_by_kind`. Keys are case-sensitive, as in AWS; a key present only in another
/// case, or with an empty value, is reported as such. Tags a collector does not read (or could
/// not), and tags set in code from a value not known statically, make the verdict Unknown for
/// the keys not seen. Resources AWS manages (AWS managed KMS keys and IAM policies) carry no
/// customer tags and are not judged.
pub struct TaggingRequiredTagsPresent;

/// Any resource of a kind customers can tag.
pub struct Taggable;

impl Subject for Taggable {
    const KINDS: &'static [ResourceKind] = ResourceKind::TAGGABLE;
    type View<'a> = ();
    fn view(resource: &Resource) -> Option<()> {
        resource.kind().is_taggable().then_some(())
    }
}

const META: RuleMeta = RuleMeta {
    id: "tagging-required-tags-present",
    title: "Resources carry the required tags",
    severity: Severity::Low,
    service: "tagging",
    kinds: Taggable::KINDS,
    checks: "For each taggable resource, whether it carries, with a non-empty value, every tag \
             key cloudward.toml requires of it: `required_tags` (every kind) and \
             `required_tags_by_kind` (one kind). The rule runs only when some tag is required.",
    rationale: "An owner, environment or tier tag is how an incident responder finds who to \
                call about a resource, how an IAM or SCP condition on aws:ResourceTag scopes \
                access, and how cost and backup plans select what they cover. An untagged \
                resource falls outside all of them, and is usually the forgotten one.",
    remediation: Remediation {
        console: "Resource Groups & Tag Editor > Tag Editor > find the resources > Manage tags \
                  of selected resources > add the missing keys. To prevent new gaps, an AWS \
                  Organizations tag policy with enforced keys and an SCP denying creation \
                  without aws:RequestTag.",
        cli: "aws resourcegroupstaggingapi tag-resources --resource-arn-list <arn> --tags owner=<team>,environment=<env>",
        terraform: "provider \"aws\" {\n  default_tags {\n    tags = {\n      owner       = \"<team>\"\n      environment = \"<env>\"\n    }\n  }\n}\n\nresource \"aws_s3_bucket\" \"data\" {\n  bucket = \"<name>\"\n  tags = {\n    data-classification = \"internal\"\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html",
        "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_tag-policies.html",
        "https://docs.aws.amazon.com/whitepapers/latest/tagging-best-practices/tagging-best-practices.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC07-BP01", "SEC07-BP03"],
    },
    // The verdict depends on cloudward.toml, which the example harness does not set; the
    // Terraform and CloudFormation tests in crates/iac/tests cover code.
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

/// Why AWS, not the customer, would tag this resource, if so.
fn managed_by_aws(resource: &Resource) -> Option<&'static str> {
    if let Some(key) = resource.as_kms_key() {
        if key.is_customer_managed().known() == Some(&false) {
            return Some("an AWS managed KMS key carries no customer tags");
        }
    }
    if resource.as_iam_policy().is_some_and(|p| p.aws_managed) {
        return Some("an AWS managed policy carries no customer tags");
    }
    None
}

impl Check for TaggingRequiredTagsPresent {
    type Subject = Taggable;
    const META: &'static RuleMeta = &META;

    fn applies(&self, inventory: &Inventory) -> bool {
        inventory.settings.requires_tags()
    }

    fn judge(&self, _: (), resource: &Resource, inventory: &Inventory) -> Outcome {
        let required = inventory.settings.required_tags_for(resource.kind());
        if required.is_empty() {
            return Outcome::not_applicable(format!(
                "cloudward.toml requires no tags of {}",
                resource.kind().plural()
            ));
        }
        if let Some(why) = managed_by_aws(resource) {
            return Outcome::not_applicable(why);
        }
        let mut missing = Vec::new();
        let mut hints = Vec::new();
        for &key in &required {
            match resource.tags.get(key) {
                Some(value) if !value.trim().is_empty() => {}
                Some(_) => {
                    missing.push(key);
                    hints.push(format!("{key} has an empty value"));
                }
                None => {
                    missing.push(key);
                    if let Some(other) = resource.tags.keys().find(|k| k.eq_ignore_ascii_case(key))
                    {
                        hints.push(format!(
                            "it has {other}, not {key} (tag keys are case-sensitive)"
                        ));
                    }
                }
            }
        }
        if missing.is_empty() {
            return Outcome::Pass(Evidence::at(
                "tags",
                format!("carries the required tags {}", required.join(", ")),
            ));
        }
        let missing = missing.join(", ");
        if let Some(why) = &resource.tags_unknown {
            return Outcome::unknown(format!(
                "whether it carries the required tags {missing} is not known: {why}"
            ));
        }
        let mut message = format!("lacks the required tags {missing}");
        if !hints.is_empty() {
            message.push_str(&format!(" ({})", hints.join("; ")));
        }
        if let Source::File(_) = &resource.source {
            message.push_str(
                "; tags added only when the code is deployed (CloudFormation stack tags) are \
                 not in the code",
            );
        }
        Outcome::Fail(Evidence::at("tags", message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::test_support::resource;
    use cloudward_model::{kms, s3, Attributes, Settings, Status, Value};

    fn settings() -> Settings {
        Settings {
            required_tags: vec!["owner".into(), "environment".into()],
            required_tags_by_kind: [("s3_bucket".to_string(), vec!["data-classification".into()])]
                .into(),
            ..Default::default()
        }
    }

    fn bucket(tags: &[(&str, &str)]) -> Resource {
        let mut r = resource("logs", Attributes::S3Bucket(s3::Bucket::default()));
        r.set_tags(
            tags.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        r
    }

    fn outcome(r: &Resource, settings: Settings) -> Outcome {
        let mut inventory = Inventory::new();
        inventory.settings = settings;
        testing::outcome_in(&TaggingRequiredTagsPresent, r, &inventory)
    }

    #[test]
    fn every_required_key_with_a_value_passes() {
        let r = bucket(&[
            ("owner", "payments"),
            ("environment", "prod"),
            ("data-classification", "internal"),
            ("extra", "x"),
        ]);
        assert_eq!(outcome(&r, settings()).status(), Status::Pass);
    }

    #[test]
    fn missing_empty_and_miscased_keys_fail_by_name() {
        let r = bucket(&[("Owner", "payments"), ("environment", " ")]);
        let Outcome::Fail(e) = outcome(&r, settings()) else {
            panic!("expected Fail");
        };
        assert_eq!(
            e.message,
            "lacks the required tags owner, environment, data-classification (it has Owner, \
             not owner (tag keys are case-sensitive); environment has an empty value)"
        );
    }

    #[test]
    fn tags_not_read_are_unknown_not_fail() {
        let mut r = bucket(&[("owner", "payments")]);
        r.tags_unknown = Some("GetBucketTagging: AccessDenied".into());
        let o = outcome(&r, settings());
        assert_eq!(o.status(), Status::Unknown);
        assert!(format!("{o:?}").contains(
            "environment, data-classification is not known: GetBucketTagging: AccessDenied"
        ));
        // A key that is seen still counts when others are not readable.
        let mut full = bucket(&[
            ("owner", "a"),
            ("environment", "b"),
            ("data-classification", "c"),
        ]);
        full.tags_unknown = Some("partial".into());
        assert_eq!(outcome(&full, settings()).status(), Status::Pass);
    }

    #[test]
    fn only_configured_kinds_and_customer_resources_are_judged() {
        let key = |manager: &str| {
            let mut r = resource(
                "k",
                Attributes::KmsKey(kms::Key {
                    key_manager: Value::Known(manager.into()),
                    ..Default::default()
                }),
            );
            r.set_tags(Default::default());
            r
        };
        assert_eq!(
            outcome(&key("AWS"), settings()).status(),
            Status::NotApplicable
        );
        assert_eq!(outcome(&key("CUSTOMER"), settings()).status(), Status::Fail);
        let only_buckets = Settings {
            required_tags_by_kind: [("s3_bucket".to_string(), vec!["owner".into()])].into(),
            ..Default::default()
        };
        assert_eq!(
            outcome(&key("CUSTOMER"), only_buckets).status(),
            Status::NotApplicable
        );
        let mut inventory = Inventory::new();
        assert!(!Check::applies(&TaggingRequiredTagsPresent, &inventory));
        inventory.settings = settings();
        assert!(Check::applies(&TaggingRequiredTagsPresent, &inventory));
    }
}
