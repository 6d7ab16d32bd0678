//! Benchmark of the Terraform adapter: generates a module of FILES `.tf` files holding about
//! RESOURCES resources in all (buckets with split resources, security groups with sibling
//! rules, instances, IAM policies built with `jsonencode`, locals, variables and `count`),
//! then times adaptation plus judgement by the whole rule catalogue, and prints the peak RSS.
//!
//! ```text
//! cargo run --release -p cloudward-iac --example terraform_bench -- 100 1000
//! ```
//!
//! Run one size per process: the peak RSS (VmHWM) is per process.

use std::fmt::Write as _;
use std::time::Instant;

use cloudward_iac::{terraform, ScanOptions};
use cloudward_model::Inventory;

/// One group of ten resources, numbered `n`.
fn group(n: usize, out: &mut String) {
    let _ = write!(
        out,
        r#"
locals {{
  name_{n} = "${{var.prefix}}-{n}"
}}

resource "aws_s3_bucket" "b{n}" {{
  bucket = "${{local.name_{n}}}-data"
}}

resource "aws_s3_bucket_versioning" "b{n}" {{
  bucket = aws_s3_bucket.b{n}.id
  versioning_configuration {{
    status = "Enabled"
  }}
}}

resource "aws_s3_bucket_public_access_block" "b{n}" {{
  bucket                  = aws_s3_bucket.b{n}.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = {bool}
}}

resource "aws_s3_bucket_policy" "b{n}" {{
  bucket = aws_s3_bucket.b{n}.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["${{aws_s3_bucket.b{n}.arn}}", "${{aws_s3_bucket.b{n}.arn}}/*"]
      Condition = {{ Bool = {{ "aws:SecureTransport" = "false" }} }}
    }}]
  }})
}}

resource "aws_security_group" "sg{n}" {{
  name   = "sg-{n}"
  vpc_id = var.vpc_id

  dynamic "ingress" {{
    for_each = var.ports
    content {{
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [{n} % 2 == 0 ? "0.0.0.0/0" : "10.0.0.0/8"]
    }}
  }}
}}

resource "aws_security_group_rule" "ssh{n}" {{
  type              = "ingress"
  security_group_id = aws_security_group.sg{n}.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["203.0.113.0/24"]
}}

resource "aws_instance" "web{n}" {{
  count                  = 2
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.sg{n}.id]
  metadata_options {{
    http_tokens = count.index == 0 ? "required" : "optional"
  }}
  tags = merge(var.tags, {{ Name = "web-{n}-${{count.index}}" }})
}}

resource "aws_iam_policy" "p{n}" {{
  name = "policy-{n}"
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "${{aws_s3_bucket.b{n}.arn}}/*" }}]
  }})
}}

resource "aws_ebs_volume" "v{n}" {{
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = {bool}
}}
"#,
        bool = n % 3 != 0,
    );
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("FILES and RESOURCES are numbers"))
        .collect();
    let files = *args.first().unwrap_or(&100);
    let resources = *args.get(1).unwrap_or(&1000);
    let groups = resources.div_ceil(10).max(1);
    let dir = std::env::temp_dir().join(format!("cloudward-tf-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut texts = vec![String::new(); files.max(1)];
    let slots = texts.len();
    for g in 0..groups {
        group(g, &mut texts[g % slots]);
    }
    texts[0].push_str(
        r#"
provider "aws" {
  region = "eu-west-1"
}
variable "prefix" { default = "acme" }
variable "vpc_id" { default = "vpc-0123456789abcdef0" }
variable "ports" { default = [22, 443, 5432] }
variable "tags" { default = { team = "platform" } }
"#,
    );
    let bytes: usize = texts.iter().map(String::len).sum();
    for (i, t) in texts.iter().enumerate() {
        std::fs::write(dir.join(format!("f{i:04}.tf")), t).expect("write");
    }
    let start = Instant::now();
    let output = terraform::adapt_module(&dir, &dir, &ScanOptions::default());
    let adapted = start.elapsed();
    let mut inventory = Inventory::new();
    let n = output.resources.len();
    for r in output.resources {
        inventory.push(r);
    }
    inventory.normalize();
    let findings = cloudward_rules::engine::evaluate(&inventory, &cloudward_rules::catalogue());
    let total = start.elapsed();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);
    println!(
        "files={} blocks={} bytes={bytes} model_resources={n} findings={} adapt={:.3}s adapt+judge={:.3}s peak_rss={} KiB",
        texts.len(),
        groups * 10,
        findings.len(),
        adapted.as_secs_f64(),
        total.as_secs_f64(),
        peak_rss_kib().map_or("?".to_string(), |k| k.to_string()),
    );
}
