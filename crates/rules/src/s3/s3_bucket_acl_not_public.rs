//! No bucket ACL grant to everyone or to every AWS account takes effect.

use cloudward_model::s3::Bucket;
use cloudward_model::s3::{ALL_USERS_URI, AUTHENTICATED_USERS_URI};
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject, Value,
};

use crate::s3::{account_block, effective_switch, OWNERSHIP_DEFAULT};
use crate::Check;

/// Reads the bucket ACL (`GetBucketAcl`) for grants to the `AllUsers` or `AuthenticatedUsers`
/// groups (the latter is any AWS account in the world, just as public). Such grants have no
/// effect when `IgnorePublicAcls` is on at the bucket or account level, or when ACLs are
/// disabled (`BucketOwnerEnforced`), so those cases pass even if the ACL itself is unreadable.
pub struct S3BucketAclNotPublic;

const META: RuleMeta = RuleMeta {
    id: "s3-bucket-acl-not-public",
    title: "S3 bucket ACLs grant no access to everyone or to all AWS accounts",
    severity: Severity::Critical,
    service: "s3",
    kinds: Bucket::KINDS,
    checks: "For each bucket, whether its ACL has a grant to the AllUsers or AuthenticatedUsers \
             group that is in effect: not neutralised by IgnorePublicAcls (bucket or account \
             level) and not disabled by the BucketOwnerEnforced object ownership setting. READ \
             exposes the object listing, WRITE lets anyone upload or overwrite, READ_ACP and \
             WRITE_ACP expose or hand over the ACL itself.",
    rationale: "A public ACL grant is one of the two ways an S3 bucket becomes readable or \
                writable by anyone on the internet. AuthenticatedUsers is often mistaken for \
                'users of my account' but means any AWS customer.",
    remediation: Remediation {
        console: "S3 console > Buckets > <bucket> > Permissions > Object Ownership > Edit > \
                  'ACLs disabled (recommended)'; or Access control list (ACL) > Edit > remove the \
                  Everyone and Authenticated users groups. Then turn on Block Public Access.",
        cli: "aws s3api put-bucket-ownership-controls --bucket <bucket> \
              --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'\n\
              aws s3api put-bucket-acl --bucket <bucket> --acl private",
        terraform: "resource \"aws_s3_bucket_ownership_controls\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    object_ownership = \"BucketOwnerEnforced\"\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-2",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-3",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["S3.2", "S3.3"],
        well_architected: &["SEC03-BP07", "SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_s3_bucket\" \"site\" {\n  bucket = \"example-site\"\n}\n\nresource \"aws_s3_bucket_acl\" \"site\" {\n  bucket = aws_s3_bucket.site.id\n  acl    = \"public-read\"\n}\n",
        terraform_good: "resource \"aws_s3_bucket\" \"site\" {\n  bucket = \"example-site\"\n}\n\nresource \"aws_s3_bucket_acl\" \"site\" {\n  bucket = aws_s3_bucket.site.id\n  acl    = \"private\"\n}\n",
        cloudformation_bad: "Resources:\n  Site:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: PublicRead\n",
        cloudformation_good: "Resources:\n  Site:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: Private\n",
    },
    file: file!(),
};

fn group_name(uri: Option<&str>) -> &'static str {
    match uri {
        Some(ALL_USERS_URI) => "AllUsers (everyone)",
        Some(AUTHENTICATED_USERS_URI) => "AuthenticatedUsers (any AWS account)",
        _ => "a public group",
    }
}

impl Check for S3BucketAclNotPublic {
    type Subject = Bucket;
    const META: &'static RuleMeta = &META;

    fn judge(&self, bucket: &Bucket, resource: &Resource, inventory: &Inventory) -> Outcome {
        if bucket.object_ownership.known().and_then(Option::as_deref) == Some("BucketOwnerEnforced")
        {
            let message = if bucket.aws_defaults.object_ownership {
                format!("{OWNERSHIP_DEFAULT}, so no ACL grant takes effect")
            } else {
                "ACLs are disabled (BucketOwnerEnforced), so no ACL grant takes effect".to_string()
            };
            return Outcome::Pass(Evidence::at("object_ownership", message));
        }
        let account = account_block(resource, inventory);
        let ignore = effective_switch(&bucket.public_access_block, &account, |b| {
            b.ignore_public_acls
        });
        if let Value::Known(Some(source)) = ignore {
            return Outcome::Pass(Evidence::at(
                "public_access_block",
                format!(
                    "IgnorePublicAcls is on in {}, so public ACL grants have no effect",
                    source.describe(bucket)
                ),
            ));
        }
        let grants = match bucket.acl_grants.get() {
            Ok(grants) => grants,
            Err(reason) => return Outcome::unknown(reason),
        };
        let public: Vec<String> = grants
            .iter()
            .enumerate()
            .filter(|(_, g)| g.is_public())
            .map(|(i, g)| {
                format!(
                    "acl_grants[{i}]: {} to {}",
                    g.permission,
                    group_name(g.grantee_uri.as_deref())
                )
            })
            .collect();
        if public.is_empty() {
            return Outcome::Pass(Evidence::at(
                "acl_grants",
                "the bucket ACL has no grant to AllUsers or AuthenticatedUsers",
            ));
        }
        if let Value::Unknown(reason) = ignore {
            return Outcome::unknown(format!(
                "the bucket ACL has public grants ({}), but whether IgnorePublicAcls neutralises them is unknown: {reason}",
                public.join("; ")
            ));
        }
        Outcome::Fail(Evidence::at(
            "acl_grants",
            format!("public ACL grants in effect: {}", public.join("; ")),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::s3::test_helpers::{bucket, with_account_block, ALL_ON};
    use cloudward_model::s3::{Bucket, Grant, PublicAccessBlock};
    use cloudward_model::Status;

    fn grant(uri: Option<&str>, permission: &str) -> Grant {
        Grant {
            grantee_type: if uri.is_some() {
                "Group"
            } else {
                "CanonicalUser"
            }
            .into(),
            grantee_uri: uri.map(str::to_string),
            grantee_id: uri.is_none().then(|| "owner".to_string()),
            permission: permission.into(),
        }
    }

    fn public_bucket(block: Value<Option<PublicAccessBlock>>) -> Resource {
        bucket(Bucket {
            acl_grants: Value::Known(vec![
                grant(None, "FULL_CONTROL"),
                grant(Some(ALL_USERS_URI), "READ"),
                grant(Some(AUTHENTICATED_USERS_URI), "WRITE"),
            ]),
            public_access_block: block,
            object_ownership: Value::Known(Some("BucketOwnerPreferred".into())),
            ..Default::default()
        })
    }

    #[test]
    fn public_grants_fail_with_each_grant_named() {
        let r = public_bucket(Value::Known(None));
        match testing::outcome_in(&S3BucketAclNotPublic, &r, &Inventory::new()) {
            Outcome::Fail(e) => {
                assert!(
                    e.message.contains("acl_grants[1]: READ to AllUsers"),
                    "{}",
                    e.message
                );
                assert!(e
                    .message
                    .contains("acl_grants[2]: WRITE to AuthenticatedUsers"));
            }
            other => panic!("expected Fail, got {other:?}"),
        }
    }

    #[test]
    fn private_acl_passes() {
        let r = bucket(Bucket {
            acl_grants: Value::Known(vec![grant(None, "FULL_CONTROL")]),
            public_access_block: Value::Known(None),
            object_ownership: Value::Known(None),
            ..Default::default()
        });
        assert_eq!(testing::judge(&S3BucketAclNotPublic, &r), Status::Pass);
    }

    #[test]
    fn ignore_public_acls_neutralises_at_either_level() {
        let bucket_level = public_bucket(Value::Known(Some(ALL_ON)));
        assert_eq!(
            testing::judge(&S3BucketAclNotPublic, &bucket_level),
            Status::Pass
        );
        let account = with_account_block(Value::Known(Some(ALL_ON)));
        let r = public_bucket(Value::Known(None));
        assert_eq!(
            testing::outcome_in(&S3BucketAclNotPublic, &r, &account).status(),
            Status::Pass
        );
    }

    #[test]
    fn unknown_acl_or_unknown_block_is_unknown() {
        let r = bucket(Bucket {
            acl_grants: Value::unknown("AccessDenied"),
            public_access_block: Value::Known(None),
            ..Default::default()
        });
        assert_eq!(testing::judge(&S3BucketAclNotPublic, &r), Status::Unknown);
        let r = public_bucket(Value::unknown("AccessDenied"));
        assert_eq!(testing::judge(&S3BucketAclNotPublic, &r), Status::Unknown);
    }
}
