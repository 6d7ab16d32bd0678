//! Fuzz Terraform variable files: any bytes as `terraform.tfvars` (HCL) or, when they start
//! with `{`, as `terraform.tfvars.json`, read for a fixed module whose resources use the
//! variables (so values flow into `count`, `for_each` and attributes). Nothing may panic,
//! hang or run out of memory.
#![no_main]

use std::path::PathBuf;

use cloudward_iac::{terraform, ScanOptions};
use cloudward_model::Inventory;
use libfuzzer_sys::fuzz_target;

const MODULE: &str = r#"
variable "bucket_name" {}
variable "enabled" { default = true }
variable "cidrs" { default = [] }
variable "tags" { default = {} }
variable "count_n" { default = 1 }

resource "aws_s3_bucket" "b" {
  count  = var.count_n
  bucket = "${var.bucket_name}-${count.index}"
  tags   = var.tags
}

resource "aws_security_group" "g" {
  for_each = toset(var.cidrs)
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [each.value]
  }
}

resource "aws_ebs_encryption_by_default" "e" {
  enabled = var.enabled
}
"#;

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("cloudward-fuzz-tfvars-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&d);
    let _ = std::fs::write(d.join("main.tf"), MODULE);
    d
}

fuzz_target!(|data: &[u8]| {
    let d = dir();
    let json = data.first() == Some(&b'{');
    let (name, other) = if json {
        ("terraform.tfvars.json", "terraform.tfvars")
    } else {
        ("terraform.tfvars", "terraform.tfvars.json")
    };
    let _ = std::fs::remove_file(d.join(other));
    if std::fs::write(d.join(name), data).is_err() {
        return;
    }
    // Low expansion limits keep each run fast; the limit code is exercised all the same.
    let options = ScanOptions {
        max_expansion: 64,
        max_instances: 512,
        ..ScanOptions::default()
    };
    let out = terraform::adapt_module(&d, &d, &options);
    let mut inventory = Inventory::new();
    for r in out.resources {
        inventory.push(r);
    }
    inventory.normalize();
    let _ = cloudward_rules::engine::evaluate(&inventory, &cloudward_rules::catalogue());
});
