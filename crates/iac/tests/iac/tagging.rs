//! The tag policy (`tagging-required-tags-present`) on code: Terraform `tags`, provider
//! `default_tags` and unresolved values, CloudFormation list and mapping `Tags`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use cloudward_iac::{cloudformation, terraform, Output, ScanOptions};
use cloudward_model::{Finding, Inventory, Settings, Status};

const RULE: &str = "tagging-required-tags-present";

fn settings() -> Settings {
    Settings {
        required_tags: vec!["owner".into(), "environment".into()],
        ..Default::default()
    }
}

/// The tag rule's findings, as (resource id, status, message).
fn verdicts(output: &Output, settings: Settings) -> Vec<(String, Status, String)> {
    let mut inventory = Inventory::new();
    for r in &output.resources {
        inventory.push(r.clone());
    }
    inventory.settings = settings;
    inventory.normalize();
    let rule = cloudward_rules::find(RULE).expect("the tag rule");
    cloudward_rules::engine::evaluate(&inventory, &[rule])
        .into_iter()
        .map(|f: Finding| (f.resource_id, f.status, f.message.to_string()))
        .collect()
}

fn status_of(verdicts: &[(String, Status, String)], id: &str) -> Status {
    verdicts
        .iter()
        .find(|(r, ..)| r == id)
        .map(|(_, s, _)| *s)
        .unwrap_or_else(|| panic!("no verdict for {id}: {verdicts:?}"))
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn terraform(text: &str) -> Output {
    let dir: PathBuf = std::env::temp_dir().join(format!(
        "cloudward-tags-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("main.tf"), text).expect("write");
    let out = terraform::adapt_module(&dir, &dir, &ScanOptions::default());
    let _ = std::fs::remove_dir_all(&dir);
    out
}

#[test]
fn terraform_tags_default_tags_and_unresolved_values() {
    let out = terraform(
        r#"
provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = { environment = "prod" }
  }
}
variable "owner" {}
variable "tags" {}
resource "aws_s3_bucket" "tagged" {
  bucket = "tagged"
  tags   = { owner = "payments" }
}
resource "aws_s3_bucket" "untagged" {
  bucket = "untagged"
}
resource "aws_s3_bucket" "from_variable" {
  bucket = "from-variable"
  tags   = var.tags
}
resource "aws_s3_bucket" "value_from_variable" {
  bucket = "value-from-variable"
  tags   = { owner = var.owner }
}
resource "aws_iam_group" "admins" {
  name = "admins"
}
"#,
    );
    let v = verdicts(&out, settings());
    // The provider's default_tags give every resource `environment`.
    assert_eq!(status_of(&v, "aws_s3_bucket.tagged"), Status::Pass, "{v:?}");
    assert_eq!(status_of(&v, "aws_s3_bucket.untagged"), Status::Fail);
    let message = &v
        .iter()
        .find(|(r, ..)| r == "aws_s3_bucket.untagged")
        .expect("a verdict")
        .2;
    assert!(
        message.starts_with("lacks the required tags owner"),
        "{message}"
    );
    assert_eq!(
        status_of(&v, "aws_s3_bucket.from_variable"),
        Status::Unknown
    );
    // The key is written and only its value is unknown: the key is there.
    assert_eq!(
        status_of(&v, "aws_s3_bucket.value_from_variable"),
        Status::Pass
    );
    // IAM groups cannot be tagged: never judged.
    assert!(!v.iter().any(|(r, ..)| r == "aws_iam_group.admins"));
    // With no tags required the rule gives no verdicts at all.
    assert!(verdicts(&out, Settings::default()).is_empty());
}

#[test]
fn unknown_default_tags_make_missing_keys_unknown() {
    let out = terraform(
        r#"
variable "defaults" {}
provider "aws" {
  region = "eu-west-1"
  default_tags { tags = var.defaults }
}
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  tags = { owner = "payments", environment = "dev" }
}
resource "aws_sqs_queue" "other" {
  name = "other"
}
"#,
    );
    let v = verdicts(&out, settings());
    assert_eq!(status_of(&v, "aws_sqs_queue.jobs"), Status::Pass);
    assert_eq!(
        status_of(&v, "aws_sqs_queue.other"),
        Status::Unknown,
        "{v:?}"
    );
}

#[test]
fn cloudformation_list_and_mapping_tags() {
    let template = r#"
Parameters:
  Owner:
    Type: String
Resources:
  Tagged:
    Type: AWS::S3::Bucket
    Properties:
      Tags:
        - Key: owner
          Value: payments
        - Key: environment
          Value: prod
  Untagged:
    Type: AWS::S3::Bucket
  Param:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: x
      Tags:
        owner: payments
        environment: prod
  FromParameter:
    Type: AWS::SQS::Queue
    Properties:
      Tags:
        - Key: owner
          Value: !Ref Owner
        - Key: environment
          Value: prod
"#;
    let out = cloudformation::adapt("template.yaml", template, &ScanOptions::default());
    let v = verdicts(&out, settings());
    assert_eq!(status_of(&v, "Tagged"), Status::Pass, "{v:?}");
    assert_eq!(status_of(&v, "Untagged"), Status::Fail);
    let message = &v
        .iter()
        .find(|(r, ..)| r == "Untagged")
        .expect("a verdict")
        .2;
    assert!(message.contains("CloudFormation stack tags"), "{message}");
    assert_eq!(status_of(&v, "Param"), Status::Pass);
    // A parameter without a default: the key is there, its value is not known.
    assert_eq!(status_of(&v, "FromParameter"), Status::Pass);
}
