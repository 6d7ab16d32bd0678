//! The S3 bucket CloudTrail writes to is not public.

use cloudward_model::cloudtrail::Trail;
use cloudward_model::{
    s3, Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, ResourceKind,
    RuleMeta, Severity, Subject, Value,
};

use super::trail_bucket;
use crate::Check;

/// Finds the trail's bucket in the inventory by name and asks two questions:
/// - ACL: does a grant go to AllUsers or AuthenticatedUsers, with `IgnorePublicAcls` off at
///   both bucket and account level?
/// - policy: does a statement allow `Principal: *` without a narrowing condition (or does
///   `GetBucketPolicyStatus` say public), with `RestrictPublicBuckets` off at both levels?
///
/// A public access block switch that is on settles its question without the ACL or policy.
/// An account public access block absent from the inventory counts as not configured (code
/// rarely declares it); one whose collection failed makes the switch Unknown.
pub struct CloudtrailBucketNotPublic;

const META: RuleMeta = RuleMeta {
    id: "cloudtrail-bucket-not-public",
    title: "The S3 bucket that receives CloudTrail logs is not publicly accessible",
    severity: Severity::High,
    service: "cloudtrail",
    kinds: Trail::KINDS,
    checks: "For each trail, whether its S3 bucket grants access to everyone through its ACL \
             (AllUsers or AuthenticatedUsers) or its bucket policy (`Principal: \"*\"` without a \
             condition on source account, organisation, VPC or IP), taking the bucket and \
             account public access blocks into account.",
    rationale: "CloudTrail logs describe the whole account: who has access, which resources \
                exist, which IPs administrators use. A public log bucket hands an attacker that \
                reconnaissance, and a publicly writable one lets them plant or bury evidence.",
    remediation: Remediation {
        console: "S3 console > <trail bucket> > Permissions > Block public access (bucket \
                  settings) > Edit > Block all public access > Save; then remove AllUsers and \
                  AuthenticatedUsers grants from the ACL and `\"Principal\": \"*\"` statements \
                  from the bucket policy.",
        cli: "aws s3api put-public-access-block --bucket <trail-bucket> \
              --public-access-block-configuration \
              BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        terraform: "resource \"aws_s3_bucket_public_access_block\" \"cloudtrail\" {\n  \
                    bucket                  = aws_s3_bucket.cloudtrail.id\n  \
                    block_public_acls       = true\n  \
                    ignore_public_acls      = true\n  \
                    block_public_policy     = true\n  \
                    restrict_public_buckets = true\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP07", "SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_s3_bucket" "trail" {
  bucket = "example-cloudtrail-logs"
}

resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CloudTrailAclCheck"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = "arn:aws:s3:::example-cloudtrail-logs"
      },
      {
        Sid       = "CloudTrailWrite"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::example-cloudtrail-logs/AWSLogs/111122223333/*"
        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control" } }
      },
      {
        Sid       = "PublicRead"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::example-cloudtrail-logs/*"
      }
    ]
  })
}

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
  depends_on            = [aws_s3_bucket_policy.trail]
}
"#,
        terraform_good: r#"resource "aws_s3_bucket" "trail" {
  bucket = "example-cloudtrail-logs"
}

resource "aws_s3_bucket_public_access_block" "trail" {
  bucket                  = aws_s3_bucket.trail.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CloudTrailAclCheck"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = "arn:aws:s3:::example-cloudtrail-logs"
      },
      {
        Sid       = "CloudTrailWrite"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::example-cloudtrail-logs/AWSLogs/111122223333/*"
        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control" } }
      }
    ]
  })
}

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
  depends_on            = [aws_s3_bucket_policy.trail]
}
"#,
        cloudformation_bad: r#"Resources:
  TrailBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-cloudtrail-logs
  TrailBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref TrailBucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: CloudTrailAclCheck
            Effect: Allow
            Principal:
              Service: cloudtrail.amazonaws.com
            Action: s3:GetBucketAcl
            Resource: arn:aws:s3:::example-cloudtrail-logs
          - Sid: CloudTrailWrite
            Effect: Allow
            Principal:
              Service: cloudtrail.amazonaws.com
            Action: s3:PutObject
            Resource: arn:aws:s3:::example-cloudtrail-logs/AWSLogs/111122223333/*
          - Sid: PublicRead
            Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: arn:aws:s3:::example-cloudtrail-logs/*
  Trail:
    Type: AWS::CloudTrail::Trail
    DependsOn: TrailBucketPolicy
    Properties:
      TrailName: main
      S3BucketName: !Ref TrailBucket
      IsLogging: true
      IsMultiRegionTrail: true
"#,
        cloudformation_good: r#"Resources:
  TrailBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-cloudtrail-logs
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        IgnorePublicAcls: true
        BlockPublicPolicy: true
        RestrictPublicBuckets: true
  TrailBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref TrailBucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: CloudTrailAclCheck
            Effect: Allow
            Principal:
              Service: cloudtrail.amazonaws.com
            Action: s3:GetBucketAcl
            Resource: arn:aws:s3:::example-cloudtrail-logs
          - Sid: CloudTrailWrite
            Effect: Allow
            Principal:
              Service: cloudtrail.amazonaws.com
            Action: s3:PutObject
            Resource: arn:aws:s3:::example-cloudtrail-logs/AWSLogs/111122223333/*
  Trail:
    Type: AWS::CloudTrail::Trail
    DependsOn: TrailBucketPolicy
    Properties:
      TrailName: main
      S3BucketName: !Ref TrailBucket
      IsLogging: true
      IsMultiRegionTrail: true
"#,
    },
    file: file!(),
};

/// One public access block switch, bucket and account level combined: on at either level is
/// enough.
fn switch_on(
    bucket: &s3::Bucket,
    inventory: &Inventory,
    name: &str,
    pick: fn(&s3::PublicAccessBlock) -> bool,
) -> Value<bool> {
    let bucket_level = bucket
        .public_access_block
        .as_ref()
        .map(|b| b.as_ref().is_some_and(pick));
    let account_level = match inventory
        .errors_for(ResourceKind::S3AccountPublicAccessBlock)
        .next()
    {
        Some(error) => Value::Unknown(format!("account public access block: {}", error.reason())),
        None => match inventory
            .of_kind(ResourceKind::S3AccountPublicAccessBlock)
            .filter_map(Resource::as_s3_account_public_access_block)
            .next()
        {
            Some(account) => account
                .configuration
                .as_ref()
                .map(|c| c.as_ref().is_some_and(pick)),
            None => Value::Known(false),
        },
    };
    match (bucket_level, account_level) {
        (Value::Known(true), _) | (_, Value::Known(true)) => Value::Known(true),
        (Value::Unknown(r), _) | (_, Value::Unknown(r)) => Value::Unknown(format!("{name}: {r}")),
        _ => Value::Known(false),
    }
}

/// Public exposure through one channel.
enum Exposure {
    None(String),
    Public(String),
    Unknown(String),
}

fn acl_exposure(bucket: &s3::Bucket, inventory: &Inventory) -> Exposure {
    let ignore = switch_on(bucket, inventory, "IgnorePublicAcls", |p| {
        p.ignore_public_acls
    });
    if ignore == Value::Known(true) {
        return Exposure::None("IgnorePublicAcls is on".to_string());
    }
    let grants = match bucket.acl_grants.get() {
        Ok(grants) => grants,
        Err(reason) => return Exposure::Unknown(format!("bucket ACL: {reason}")),
    };
    let public: Vec<String> = grants
        .iter()
        .filter(|g| g.is_public())
        .map(|g| {
            let who = g
                .grantee_uri
                .as_deref()
                .and_then(|u| u.rsplit('/').next())
                .unwrap_or("everyone");
            format!("{} to {who}", g.permission)
        })
        .collect();
    if public.is_empty() {
        return Exposure::None("the ACL has no public grant".to_string());
    }
    match ignore {
        Value::Unknown(reason) => Exposure::Unknown(format!(
            "the ACL grants {} and whether public ACLs are ignored is unknown: {reason}",
            public.join(", ")
        )),
        Value::Known(_) => Exposure::Public(format!("its ACL grants {}", public.join(", "))),
    }
}

fn policy_exposure(bucket: &s3::Bucket, inventory: &Inventory) -> Exposure {
    let restrict = switch_on(bucket, inventory, "RestrictPublicBuckets", |p| {
        p.restrict_public_buckets
    });
    if restrict == Value::Known(true) {
        return Exposure::None("RestrictPublicBuckets is on".to_string());
    }
    let statements: Value<Vec<String>> = match bucket.policy.get() {
        Ok(Some(document)) => Value::Known(
            document
                .public_allow_statements()
                .iter()
                .map(|s| match s.sid {
                    Some(sid) => format!(
                        "statement {sid:?} allows {} to everyone",
                        s.actions.join(", ")
                    ),
                    None => format!("a statement allows {} to everyone", s.actions.join(", ")),
                })
                .collect(),
        ),
        Ok(None) => Value::Known(Vec::new()),
        Err(reason) => Value::Unknown(reason),
    };
    let aws_says_public = bucket.policy_is_public.known() == Some(&true);
    let public = match &statements {
        Value::Known(found) if !found.is_empty() => {
            Some(format!("its policy: {}", found.join("; ")))
        }
        _ if aws_says_public => Some("its policy is public (GetBucketPolicyStatus)".to_string()),
        _ => None,
    };
    match (public, restrict, &statements) {
        (Some(why), Value::Unknown(reason), _) => Exposure::Unknown(format!(
            "{why}, and whether RestrictPublicBuckets applies is unknown: {reason}"
        )),
        (Some(why), _, _) => Exposure::Public(why),
        (None, _, Value::Known(_)) => {
            Exposure::None("the policy allows no one publicly".to_string())
        }
        (None, _, Value::Unknown(reason)) => match bucket.policy_is_public.get() {
            Ok(false) => Exposure::None("GetBucketPolicyStatus says not public".to_string()),
            _ => Exposure::Unknown(format!("bucket policy: {reason}")),
        },
    }
}

impl Check for CloudtrailBucketNotPublic {
    type Subject = Trail;
    const META: &'static RuleMeta = &META;

    fn judge(&self, trail: &Trail, _: &Resource, inventory: &Inventory) -> Outcome {
        let (name, bucket) = match trail_bucket(trail, inventory) {
            Ok(found) => found,
            Err(reason) => return Outcome::unknown(reason),
        };
        let acl = acl_exposure(bucket, inventory);
        let policy = policy_exposure(bucket, inventory);
        let mut public = Vec::new();
        let mut unknown = Vec::new();
        let mut fine = Vec::new();
        for exposure in [acl, policy] {
            match exposure {
                Exposure::Public(why) => public.push(why),
                Exposure::Unknown(why) => unknown.push(why),
                Exposure::None(why) => fine.push(why),
            }
        }
        if !public.is_empty() {
            return Outcome::Fail(Evidence::at(
                "s3_bucket_name",
                format!(
                    "bucket {name} of trail {} is public: {}",
                    trail.name,
                    public.join("; ")
                ),
            ));
        }
        if !unknown.is_empty() {
            return Outcome::unknown(format!("bucket {name}: {}", unknown.join("; ")));
        }
        Outcome::Pass(Evidence::at(
            "s3_bucket_name",
            format!(
                "bucket {name} of trail {} is not public: {}",
                trail.name,
                fine.join("; ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudtrail::test_support::{bucket, trail_to};
    use crate::rule::testing;
    use cloudward_model::{policy::PolicyDocument, test_support, Attributes, Status};
    use serde_json::json;

    fn private_bucket() -> s3::Bucket {
        s3::Bucket {
            name: "trail-logs".into(),
            acl_grants: Value::Known(vec![s3::Grant {
                grantee_type: "CanonicalUser".into(),
                grantee_uri: None,
                grantee_id: Some("abc".into()),
                permission: "FULL_CONTROL".into(),
            }]),
            policy: Value::Known(None),
            policy_is_public: Value::Known(false),
            public_access_block: Value::Known(None),
            ..Default::default()
        }
    }

    fn judge(bucket_attrs: Option<s3::Bucket>) -> Outcome {
        let t = trail_to(Value::Known(Some("trail-logs".into())));
        let mut inventory = Inventory::new();
        if let Some(b) = bucket_attrs {
            inventory.push(bucket(b));
        }
        testing::outcome_in(&CloudtrailBucketNotPublic, &t, &inventory)
    }

    #[test]
    fn private_bucket_passes() {
        assert_eq!(judge(Some(private_bucket())).status(), Status::Pass);
    }

    #[test]
    fn public_policy_fails_naming_the_statement() {
        let mut b = private_bucket();
        b.policy = Value::Known(Some(PolicyDocument(json!({
            "Statement": [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
                           "Action": "s3:GetObject", "Resource": "arn:aws:s3:::trail-logs/*"}]
        }))));
        let outcome = judge(Some(b));
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert!(e.message.contains("\"PublicRead\""), "{}", e.message);
        assert_eq!(e.attribute.as_deref(), Some("s3_bucket_name"));
    }

    #[test]
    fn public_acl_fails() {
        let mut b = private_bucket();
        b.acl_grants = Value::Known(vec![s3::Grant {
            grantee_type: "Group".into(),
            grantee_uri: Some(s3::ALL_USERS_URI.into()),
            grantee_id: None,
            permission: "READ".into(),
        }]);
        let Outcome::Fail(e) = judge(Some(b)) else {
            panic!("expected a failure");
        };
        assert!(e.message.contains("READ to AllUsers"), "{}", e.message);
    }

    #[test]
    fn public_access_block_settles_it_even_with_unknown_acl_and_policy() {
        let mut b = private_bucket();
        b.acl_grants = Value::unknown("GetBucketAcl denied");
        b.policy = Value::unknown("GetBucketPolicy denied");
        b.policy_is_public = Value::unknown("denied");
        b.public_access_block = Value::Known(Some(s3::PublicAccessBlock {
            block_public_acls: true,
            ignore_public_acls: true,
            block_public_policy: true,
            restrict_public_buckets: true,
        }));
        assert_eq!(judge(Some(b)).status(), Status::Pass);
    }

    #[test]
    fn account_block_neutralises_a_public_acl() {
        let mut b = private_bucket();
        b.acl_grants = Value::Known(vec![s3::Grant {
            grantee_type: "Group".into(),
            grantee_uri: Some(s3::AUTHENTICATED_USERS_URI.into()),
            grantee_id: None,
            permission: "READ".into(),
        }]);
        let t = trail_to(Value::Known(Some("trail-logs".into())));
        let mut inventory = Inventory::new();
        inventory.push(bucket(b));
        inventory.push(test_support::global(
            "account-pab",
            Attributes::S3AccountPublicAccessBlock(s3::AccountPublicAccessBlock {
                configuration: Value::Known(Some(s3::PublicAccessBlock {
                    block_public_acls: false,
                    ignore_public_acls: true,
                    block_public_policy: false,
                    restrict_public_buckets: false,
                })),
            }),
        ));
        assert_eq!(
            testing::outcome_in(&CloudtrailBucketNotPublic, &t, &inventory).status(),
            Status::Pass
        );
    }

    #[test]
    fn missing_bucket_or_unknown_acl_is_unknown() {
        let Outcome::Unknown(reason) = judge(None) else {
            panic!("expected unknown");
        };
        assert!(
            reason.contains("another account or was not collected"),
            "{reason}"
        );
        let mut b = private_bucket();
        b.acl_grants = Value::unknown("GetBucketAcl denied");
        assert_eq!(judge(Some(b)).status(), Status::Unknown);
    }
}
