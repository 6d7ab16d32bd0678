//! End-to-end tests of the HCL front end on small modules written to a temporary directory.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use cloudward_model::ec2::Peer;
use cloudward_model::s3::{Encryption, PublicAccessBlock};
use cloudward_model::{Resource, Value};

use super::*;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh directory holding `files`.
fn module_dir(files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "cloudward-tf-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    for (name, text) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().expect("file has a parent")).expect("mkdir");
        std::fs::write(p, text).expect("write fixture");
    }
    dir
}

fn adapt(files: &[(&str, &str)]) -> Output {
    adapt_with(files, &ScanOptions::default())
}

fn adapt_with(files: &[(&str, &str)], options: &ScanOptions) -> Output {
    let dir = module_dir(files);
    let out = adapt_module(&dir, &dir, options);
    let _ = std::fs::remove_dir_all(&dir);
    out
}

fn find<'a>(out: &'a Output, id: &str) -> &'a Resource {
    out.resources
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| {
            panic!(
                "no resource {id}; have {:?}",
                out.resources.iter().map(|r| &r.id).collect::<Vec<_>>()
            )
        })
}

#[test]
fn split_bucket_resources_join_by_reference() {
    let out = adapt(&[(
        "main.tf",
        r#"
provider "aws" { region = "eu-west-1" }
variable "env" { default = "prod" }
locals { name = "logs-${var.env}" }
resource "aws_s3_bucket" "logs" {
  bucket = local.name
}
resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.bucket
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}
"#,
    )]);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let r = find(&out, "aws_s3_bucket.logs");
    assert_eq!(r.name, "logs-prod");
    assert_eq!(r.region.as_deref(), Some("eu-west-1"));
    let b = r.as_s3_bucket().expect("bucket");
    assert!(b.versioning.known().expect("known").enabled);
    assert!(b
        .public_access_block
        .known()
        .expect("known")
        .expect("configured")
        .all_enabled());
    // Declared, so not AWS's default; encryption undeclared, so the SSE-S3 AWS applies.
    assert!(!b.aws_defaults.public_access_block);
    assert_eq!(b.encryption, Value::Known(Some(Encryption::sse_s3())));
    assert!(b.aws_defaults.encryption);
    assert_eq!(r.attribute_locations["versioning"].line, 8);
}

/// A key declared in the code is customer managed, though its ARN is known only after apply;
/// a key from anywhere else keeps the algorithm known and the key visibly unresolved.
#[test]
fn a_kms_key_known_only_after_apply_keeps_the_encryption_known() {
    let out = adapt(&[(
        "main.tf",
        r#"
resource "aws_kms_key" "s3" {}
variable "key" {}
resource "aws_s3_bucket" "own" {
  bucket = "own"
}
resource "aws_s3_bucket_server_side_encryption_configuration" "own" {
  bucket = aws_s3_bucket.own.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.s3.arn
    }
  }
}
resource "aws_s3_bucket" "other" {
  bucket = "other"
}
resource "aws_s3_bucket_server_side_encryption_configuration" "other" {
  bucket = aws_s3_bucket.other.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.key
    }
  }
}
"#,
    )]);
    let key = |id: &str| {
        let b = find(&out, id).as_s3_bucket().expect("bucket").clone();
        let enc = b.encryption.known().cloned().flatten().expect("known");
        assert_eq!(enc.sse_algorithm, "aws:kms");
        enc.kms_master_key_id.expect("a key")
    };
    assert_eq!(key("aws_s3_bucket.own"), "aws_kms_key.s3.arn");
    let other = key("aws_s3_bucket.other");
    assert!(
        other.starts_with("(unresolved: ") && other.contains("var.key"),
        "{other}"
    );
}

/// Issue 8, defect 13: what the code leaves undeclared is what AWS does to a new bucket
/// (SSE-S3, BucketOwnerEnforced, all four Block Public Access switches), except where the code
/// declares access that those defaults would refuse: that is judged as declared.
#[test]
fn issue_8_undeclared_bucket_settings_are_aws_defaults_unless_the_code_declares_access() {
    let out = adapt(&[(
        "main.tf",
        r#"
resource "aws_s3_bucket" "plain" {
  bucket = "plain"
}
resource "aws_s3_bucket" "site" {
  bucket = "site"
}
resource "aws_s3_bucket_acl" "site" {
  bucket = aws_s3_bucket.site.id
  acl    = "public-read"
}
resource "aws_s3_bucket" "policy" {
  bucket = "policy"
}
resource "aws_s3_bucket_policy" "policy" {
  bucket = aws_s3_bucket.policy.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::policy/*" }]
  })
}
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
  acl    = "log-delivery-write"
}
variable "acl" {}
resource "aws_s3_bucket" "unknown" {
  bucket = "unknown"
  acl    = var.acl
}
"#,
    )]);
    let bucket = |id: &str| find(&out, id).as_s3_bucket().expect("bucket").clone();
    let all_on = Value::Known(Some(PublicAccessBlock {
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: true,
    }));
    let enforced = Value::Known(Some("BucketOwnerEnforced".to_string()));

    let plain = bucket("aws_s3_bucket.plain");
    assert_eq!(plain.encryption, Value::Known(Some(Encryption::sse_s3())));
    assert_eq!(plain.public_access_block, all_on);
    assert_eq!(plain.object_ownership, enforced);
    assert!(
        plain.aws_defaults.encryption
            && plain.aws_defaults.public_access_block
            && plain.aws_defaults.object_ownership
    );

    // A public ACL: ACLs and the block stay off, as the code asks; encryption is still AWS's.
    let site = bucket("aws_s3_bucket.site");
    assert_eq!(site.public_access_block, Value::Known(None));
    assert_eq!(site.object_ownership, Value::Known(None));
    assert!(site.aws_defaults.encryption);
    assert!(!site.aws_defaults.public_access_block && !site.aws_defaults.object_ownership);

    // A public policy keeps the block off; the owner-only ACL leaves ACLs disabled.
    let policy = bucket("aws_s3_bucket.policy");
    assert_eq!(policy.public_access_block, Value::Known(None));
    assert_eq!(policy.object_ownership, enforced);

    // Non-public grants (log delivery): ACLs in force, the block on.
    let logs = bucket("aws_s3_bucket.logs");
    assert_eq!(logs.object_ownership, Value::Known(None));
    assert_eq!(logs.public_access_block, all_on);

    // An unknown ACL: whether the defaults hold is unknown.
    let unknown = bucket("aws_s3_bucket.unknown");
    assert!(unknown.object_ownership.unknown_reason().is_some());
    assert!(unknown.public_access_block.unknown_reason().is_some());
}

#[test]
fn unresolved_variable_is_unknown_with_its_name() {
    let out = adapt(&[(
        "main.tf",
        r#"
variable "versioning" {}
resource "aws_s3_bucket" "b" {
  bucket = "b"
  versioning {
    enabled = var.versioning
  }
}
"#,
    )]);
    let b = find(&out, "aws_s3_bucket.b")
        .as_s3_bucket()
        .expect("bucket");
    assert_eq!(
        b.versioning.unknown_reason(),
        Some("depends on var.versioning, which has no value")
    );
}

#[test]
fn tfvars_and_var_options_give_values() {
    let out = adapt_with(
        &[
            ("main.tf", "variable \"open\" {}\nvariable \"port\" {}\nresource \"aws_security_group\" \"web\" {\n  ingress {\n    from_port = var.port\n    to_port = var.port\n    protocol = \"tcp\"\n    cidr_blocks = [var.open]\n  }\n}\n"),
            ("terraform.tfvars", "open = \"10.0.0.0/8\"\nport = 22\n"),
        ],
        &ScanOptions {
            vars: vec![("open".into(), "0.0.0.0/0".into())],
            ..Default::default()
        },
    );
    let sg = find(&out, "aws_security_group.web")
        .as_ec2_security_group()
        .expect("sg");
    let rules = sg.ingress.known().expect("known");
    assert_eq!(rules[0].peer, Peer::Ipv4("0.0.0.0/0".into()));
    assert_eq!(rules[0].from_port, Some(22));
}

#[test]
fn count_and_for_each_expand_and_unknown_count_marks_existence() {
    let out = adapt(&[(
        "main.tf",
        r#"
variable "n" {}
resource "aws_ebs_volume" "data" {
  count             = 2
  availability_zone = "eu-west-1a"
  encrypted         = count.index == 0
}
resource "aws_iam_user" "u" {
  for_each = toset(["alice", "bob"])
  name     = each.key
}
resource "aws_ebs_volume" "maybe" {
  count = var.n
  availability_zone = "eu-west-1a"
}
resource "aws_ebs_volume" "none" {
  count = 0
  availability_zone = "eu-west-1a"
}
"#,
    )]);
    let v0 = find(&out, "aws_ebs_volume.data[0]")
        .as_ec2_volume()
        .expect("vol");
    let v1 = find(&out, "aws_ebs_volume.data[1]")
        .as_ec2_volume()
        .expect("vol");
    assert_eq!(v0.encrypted, Value::Known(true));
    assert_eq!(v1.encrypted, Value::Known(false));
    assert_eq!(find(&out, "aws_iam_user.u[\"bob\"]").name, "bob");
    let maybe = find(&out, "aws_ebs_volume.maybe");
    assert_eq!(
        maybe.existence_unknown.as_deref(),
        Some("count of aws_ebs_volume.maybe depends on var.n, which has no value")
    );
    assert!(!out
        .resources
        .iter()
        .any(|r| r.id.starts_with("aws_ebs_volume.none")));
}

#[test]
fn local_modules_are_followed_and_remote_ones_reported() {
    let out = adapt(&[
        (
            "main.tf",
            r#"
module "net" {
  source = "./modules/net"
  cidr   = "0.0.0.0/0"
}
module "remote" {
  source = "terraform-aws-modules/vpc/aws"
}
resource "aws_security_group_rule" "extra" {
  type              = "ingress"
  security_group_id = module.net.sg_id
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  cidr_blocks       = [module.net.cidr]
}
"#,
        ),
        (
            "modules/net/main.tf",
            r#"
variable "cidr" {}
resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.cidr]
  }
}
output "sg_id" { value = aws_security_group.web.id }
output "cidr" { value = var.cidr }
"#,
        ),
    ]);
    let r = find(&out, "module.net.aws_security_group.web");
    assert_eq!(r.location().expect("file").path, "modules/net/main.tf");
    let sg = r.as_ec2_security_group().expect("sg");
    let rules = sg.ingress.known().expect("known");
    assert_eq!(rules.len(), 2, "{rules:?}");
    assert_eq!(rules[1].from_port, Some(3389));
    assert_eq!(r.attribute_locations["ingress[1]"].path, "main.tf");
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.message.contains("module.remote") && d.level == DiagnosticLevel::Warning));
}

#[test]
fn policy_document_data_source_is_evaluated() {
    let out = adapt(&[(
        "main.tf",
        r#"
data "aws_iam_policy_document" "admin" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = data.aws_iam_policy_document.admin.json
}
resource "aws_iam_role" "ops" {
  name = "ops"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_iam_role_policy_attachment" "ops" {
  role       = aws_iam_role.ops.name
  policy_arn = aws_iam_policy.admin.arn
}
"#,
    )]);
    let p = find(&out, "aws_iam_policy.admin")
        .as_iam_policy()
        .expect("policy");
    assert_eq!(
        p.document
            .known()
            .expect("known")
            .full_admin_statements()
            .len(),
        1
    );
    assert_eq!(
        p.attachments,
        Value::Known(vec![cloudward_model::iam::PolicyAttachment::Role(
            "ops".into()
        )])
    );
    let role = find(&out, "aws_iam_role.ops").as_iam_role().expect("role");
    assert_eq!(
        role.attached_policies.known().expect("known")[0].policy_name,
        "admin"
    );
}

#[test]
fn syntax_error_in_one_file_keeps_the_others() {
    let out = adapt(&[
        (
            "bad.tf",
            "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \n",
        ),
        (
            "good.tf",
            "resource \"aws_s3_bucket\" \"y\" {\n  bucket = \"y\"\n}\n",
        ),
    ]);
    assert!(out.resources.iter().any(|r| r.id == "aws_s3_bucket.y"));
    let d = &out.diagnostics[0];
    assert_eq!(d.level, DiagnosticLevel::Error);
    assert_eq!(d.location.path, "bad.tf");
    assert!(d.location.line >= 2);
}

#[test]
fn json_configuration_is_adapted() {
    let out = adapt(&[(
        "main.tf.json",
        r#"{
  "variable": {"name": {"default": "data"}},
  "resource": {
    "aws_s3_bucket": {"b": {"bucket": "${var.name}-bucket"}},
    "aws_s3_bucket_versioning": {"b": {"bucket": "${aws_s3_bucket.b.id}", "versioning_configuration": {"status": "Enabled"}}}
  }
}"#,
    )]);
    let r = find(&out, "aws_s3_bucket.b");
    assert_eq!(r.name, "data-bucket");
    assert_eq!(r.location().expect("file").line, 4);
    assert!(
        r.as_s3_bucket()
            .expect("bucket")
            .versioning
            .known()
            .expect("known")
            .enabled
    );
}

#[test]
fn dynamic_blocks_expand() {
    let out = adapt(&[(
        "main.tf",
        r#"
locals { ports = [22, 443] }
resource "aws_security_group" "web" {
  dynamic "ingress" {
    for_each = local.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
"#,
    )]);
    let sg = find(&out, "aws_security_group.web")
        .as_ec2_security_group()
        .expect("sg");
    let ports: Vec<_> = sg
        .ingress
        .known()
        .expect("known")
        .iter()
        .map(|r| r.from_port)
        .collect();
    assert_eq!(ports, vec![Some(22), Some(443)]);
}

#[test]
fn rule_with_unknown_group_makes_groups_unknown() {
    let out = adapt(&[(
        "main.tf",
        r#"
variable "sg" {}
resource "aws_security_group" "a" {}
resource "aws_security_group_rule" "r" {
  type = "ingress"
  security_group_id = var.sg
  from_port = 22
  to_port = 22
  protocol = "tcp"
  cidr_blocks = ["0.0.0.0/0"]
}
"#,
    )]);
    let sg = find(&out, "aws_security_group.a")
        .as_ec2_security_group()
        .expect("sg");
    assert!(sg
        .ingress
        .unknown_reason()
        .expect("unknown")
        .contains("var.sg"));
    assert_eq!(sg.egress, Value::Known(vec![]));
}

#[test]
fn deeply_nested_input_does_not_overflow_the_stack() {
    let deep = format!(
        "locals {{\n  x = {}{}\n  y = {}1{}\n}}\nresource \"aws_s3_bucket\" \"b\" {{\n  bucket = local.x\n}}\n",
        "[".repeat(20000),
        "]".repeat(20000),
        "(".repeat(20000),
        ")".repeat(20000)
    );
    let out = adapt(&[("main.tf", &deep)]);
    // Either parsed (and evaluated within the depth guard) or reported: never a crash.
    assert!(out.resources.len() + out.diagnostics.len() > 0);
}

#[test]
fn long_reference_chains_are_cut_not_overflowed() {
    let mut text = String::from("locals {\n  l0 = \"x\"\n");
    for n in 1..400 {
        text.push_str(&format!("  l{n} = local.l{}\n", n - 1));
    }
    text.push_str("}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.l399\n}\n");
    let out = adapt(&[("main.tf", &text)]);
    assert_eq!(out.resources.len(), 1);
}

#[test]
fn file_and_templatefile_read_inside_the_tree_only() {
    let out = adapt(&[
        (
            "main.tf",
            r#"
resource "aws_iam_policy" "from_file" {
  name   = "from-file"
  policy = file("${path.module}/policies/admin.json")
}
resource "aws_iam_policy" "from_template" {
  name   = "from-template"
  policy = templatefile("policies/read.json.tpl", { bucket = "acme-reports", actions = ["s3:GetObject"] })
}
resource "aws_iam_policy" "outside" {
  name   = "outside"
  policy = file("/etc/hostname")
}
"#,
        ),
        (
            "policies/admin.json",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
        ),
        (
            "policies/read.json.tpl",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${jsonencode(actions)}, "Resource": "arn:aws:s3:::${bucket}/*"}]}"#,
        ),
    ]);
    let admin = find(&out, "aws_iam_policy.from_file")
        .as_iam_policy()
        .expect("policy");
    assert_eq!(
        admin
            .document
            .known()
            .expect("read")
            .full_admin_statements()
            .len(),
        1
    );
    let read = find(&out, "aws_iam_policy.from_template")
        .as_iam_policy()
        .expect("policy");
    let doc = read.document.known().expect("rendered");
    assert_eq!(doc.statements()[0].actions, vec!["s3:GetObject"]);
    assert_eq!(
        doc.statements()[0].resources,
        vec!["arn:aws:s3:::acme-reports/*"]
    );
    let outside = find(&out, "aws_iam_policy.outside")
        .as_iam_policy()
        .expect("policy");
    assert!(outside
        .document
        .unknown_reason()
        .expect("not read")
        .contains("outside the scanned directory"));
}

#[test]
fn path_module_is_relative_to_the_root_module() {
    let out = adapt(&[
        ("main.tf", "module \"m\" {\n  source = \"./mods/m\"\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = path.module\n}\n"),
        ("mods/m/main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = path.module\n}\n"),
    ]);
    assert_eq!(find(&out, "aws_s3_bucket.b").name, ".");
    assert_eq!(find(&out, "module.m.aws_s3_bucket.b").name, "mods/m");
}

#[test]
fn override_files_replace_arguments_and_nested_blocks() {
    let out = adapt(&[
        (
            "main.tf",
            "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"eu-west-1a\"\n  encrypted = true\n}\nresource \"aws_security_group\" \"g\" {\n  ingress {\n    from_port = 443\n    to_port = 443\n    protocol = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n",
        ),
        (
            "main_override.tf",
            "resource \"aws_ebs_volume\" \"v\" {\n  encrypted = false\n}\nresource \"aws_security_group\" \"g\" {\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n",
        ),
    ]);
    let v = find(&out, "aws_ebs_volume.v")
        .as_ec2_volume()
        .expect("volume");
    assert_eq!(v.encrypted, Value::Known(false));
    let g = find(&out, "aws_security_group.g")
        .as_ec2_security_group()
        .expect("sg");
    let ports: Vec<_> = g
        .ingress
        .known()
        .expect("known")
        .iter()
        .map(|r| r.from_port)
        .collect();
    assert_eq!(ports, vec![Some(22)]);
    let r = find(&out, "aws_ebs_volume.v");
    assert_eq!(r.attribute_locations["encrypted"].path, "main_override.tf");
}

#[test]
fn subnets_without_association_use_the_vpc_main_route_table() {
    let out = adapt(&[(
        "main.tf",
        r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
}
resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_route" "default" {
  route_table_id         = aws_vpc.main.main_route_table_id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.gw.id
}
"#,
    )]);
    let mut inventory = cloudward_model::Inventory::new();
    for r in &out.resources {
        inventory.push(r.clone());
    }
    inventory.normalize();
    assert_eq!(
        inventory.subnet_is_public("aws_subnet.a", None),
        Value::Known(true)
    );
    let main = find(&out, "aws_vpc.main.main_route_table");
    assert_eq!(main.location().expect("file").line, 2);
}

#[test]
fn satellites_that_may_not_exist_make_what_they_set_unknown() {
    let out = adapt(&[(
        "main.tf",
        r#"
variable "harden" {}
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
resource "aws_s3_bucket_public_access_block" "b" {
  count                   = var.harden ? 1 : 0
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}
resource "aws_security_group" "g" {}
resource "aws_security_group_rule" "ssh" {
  count             = var.harden ? 0 : 1
  type              = "ingress"
  security_group_id = aws_security_group.g.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
resource "aws_iam_user" "u" {
  name = "u"
}
resource "aws_iam_user_login_profile" "u" {
  count = var.harden ? 0 : 1
  user  = aws_iam_user.u.name
}
"#,
    )]);
    let b = find(&out, "aws_s3_bucket.b")
        .as_s3_bucket()
        .expect("bucket");
    assert!(b
        .public_access_block
        .unknown_reason()
        .expect("unknown")
        .contains("aws_s3_bucket_public_access_block.b may not exist"));
    let g = find(&out, "aws_security_group.g")
        .as_ec2_security_group()
        .expect("sg");
    assert!(g
        .ingress
        .unknown_reason()
        .expect("unknown")
        .contains("var.harden"));
    let u = find(&out, "aws_iam_user.u").as_iam_user().expect("user");
    assert!(u.password_enabled.unknown_reason().is_some());
}

/// The collection-error diagnostics of an output (those that left input unjudged).
fn unjudged(out: &Output) -> Vec<&Diagnostic> {
    out.diagnostics
        .iter()
        .filter(|d| d.is_collection_error())
        .collect()
}

/// Issue 8 (defect 5): `count = 1000000` in a three-line file took over 6 GiB. An expansion
/// is cut at the limit: the first instances are judged, the cut names file:line and makes
/// every rule over the kind Unknown (a collection error with the kind), the rest of the
/// module is judged as before.
#[test]
fn issue8_count_expansion_capped() {
    let options = ScanOptions {
        max_expansion: 5,
        ..ScanOptions::default()
    };
    let main = "resource \"aws_s3_bucket\" \"many\" {\n  count  = 1000000\n  bucket = \"b-${count.index}\"\n}\n\
                resource \"aws_s3_bucket\" \"at_limit\" {\n  count  = 5\n  bucket = \"a-${count.index}\"\n}\n\
                resource \"aws_iam_user\" \"each\" {\n  for_each = toset([\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"])\n  name = each.key\n}\n\
                resource \"aws_ebs_volume\" \"other\" {\n  availability_zone = \"eu-west-1a\"\n  size = 1\n}\n";
    let out = adapt_with(&[("main.tf", main)], &options);
    let ids: Vec<&str> = out.resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids.iter()
            .filter(|i| i.starts_with("aws_s3_bucket.many["))
            .count(),
        5
    );
    assert_eq!(
        ids.iter()
            .filter(|i| i.starts_with("aws_s3_bucket.at_limit["))
            .count(),
        5,
        "at the limit: all instances, no diagnostic"
    );
    assert_eq!(
        ids.iter()
            .filter(|i| i.starts_with("aws_iam_user.each["))
            .count(),
        5
    );
    assert!(ids.contains(&"aws_ebs_volume.other"), "the rest is judged");
    let cut = unjudged(&out);
    assert_eq!(cut.len(), 2, "{:?}", out.diagnostics);
    assert_eq!(
        (cut[0].location.path.as_str(), cut[0].location.line),
        ("main.tf", 2)
    );
    assert!(
        cut[0]
            .message
            .contains("count = 1000000 is over the limit of 5")
            && cut[0].message.contains("5 of 1000000 instances are judged"),
        "{}",
        cut[0].message
    );
    assert_eq!(
        cut[0].unjudged,
        Unjudged::Instances(vec![ResourceKind::S3Bucket])
    );
    assert_eq!(cut[1].location.line, 10);
    assert!(
        cut[1].message.contains("for_each = 6"),
        "{}",
        cut[1].message
    );
    assert_eq!(
        cut[1].unjudged,
        Unjudged::Instances(vec![ResourceKind::IamUser])
    );
}

/// Issue 8 (defect 5): the default limit holds for a count far beyond it, quickly (a million
/// instances would take gigabytes and minutes).
#[test]
fn issue8_count_expansion_capped_by_default() {
    let main = "resource \"aws_s3_bucket\" \"b\" {\n  count = 1e15\n}\n";
    let out = adapt(&[("main.tf", main)]);
    assert_eq!(out.resources.len(), crate::limits::DEFAULT_MAX_EXPANSION);
    assert_eq!(unjudged(&out).len(), 1);
}

/// Issue 8 (defect 5): modules with `count` times resources with `count` multiply; the module
/// tree as a whole is capped too, and a module call's own expansion is capped.
#[test]
fn issue8_total_instances_across_modules_capped() {
    let options = ScanOptions {
        max_expansion: 10,
        max_instances: 25,
        ..ScanOptions::default()
    };
    let root = "module \"m\" {\n  source = \"./m\"\n  count  = 4\n}\n";
    let child =
        "resource \"aws_s3_bucket\" \"b\" {\n  count  = 10\n  bucket = \"b-${count.index}\"\n}\n";
    let out = adapt_with(&[("main.tf", root), ("m/main.tf", child)], &options);
    assert_eq!(out.resources.len(), 25, "{:?}", out.diagnostics);
    let cut = unjudged(&out);
    assert_eq!(cut.len(), 2, "{:?}", out.diagnostics);
    assert!(cut
        .iter()
        .all(|d| d.message.contains("limit of 25 resource instances")));
    assert!(cut
        .iter()
        .all(|d| d.location.path == "m/main.tf" && d.location.line == 2));

    let wide = "module \"m\" {\n  source = \"./m\"\n  count  = 11\n}\n";
    let out = adapt_with(
        &[
            ("main.tf", wide),
            ("m/main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n"),
        ],
        &ScanOptions {
            max_expansion: 10,
            ..ScanOptions::default()
        },
    );
    assert_eq!(out.resources.len(), 10);
    let cut = unjudged(&out);
    assert_eq!(cut.len(), 1, "{:?}", out.diagnostics);
    assert_eq!(
        (cut[0].location.path.as_str(), cut[0].location.line),
        ("main.tf", 3)
    );
    assert_eq!(
        cut[0].unjudged,
        Unjudged::Instances(vec![ResourceKind::S3Bucket])
    );
}

/// Issue 8 (defect 9): a module that calls itself (`source = "./"`) gave 0 resources and
/// exit 0 (discovery took the directory for a called module, not a root). The cycle is an
/// error at the `source` line; the module's own resources are judged once.
#[test]
fn issue8_module_cycle_is_an_error() {
    let main = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n\
                module \"again\" {\n  source = \"./\"\n}\n";
    let dir = module_dir(&[("main.tf", main)]);
    let result = crate::scan(&dir, &ScanOptions::default());
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        result.inventory.resources.len(),
        1,
        "{:?}",
        result.diagnostics
    );
    let errors: Vec<&Diagnostic> = result
        .diagnostics
        .iter()
        .filter(|d| d.level == DiagnosticLevel::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", result.diagnostics);
    assert_eq!(
        (errors[0].location.path.as_str(), errors[0].location.line),
        ("main.tf", 5)
    );
    assert!(
        errors[0]
            .message
            .contains("module.again: module cycle (. -> .)"),
        "{}",
        errors[0].message
    );
    assert_eq!(result.inventory.errors.len(), 1);
}

/// Issue 8 (defect 9): an indirect cycle (a -> b -> a) had no root at all; now the first
/// module of the cycle is scanned, each module's resources are judged once, and the call that
/// closes the cycle is an error naming both modules.
#[test]
fn issue8_indirect_module_cycle_is_an_error() {
    let a = "resource \"aws_s3_bucket\" \"a\" {}\nmodule \"b\" {\n  source = \"../b\"\n}\n";
    let b = "resource \"aws_iam_user\" \"b\" {\n  name = \"b\"\n}\nmodule \"a\" {\n  source = \"../a\"\n}\n";
    let dir = module_dir(&[("a/main.tf", a), ("b/main.tf", b)]);
    let result = crate::scan(&dir, &ScanOptions::default());
    let _ = std::fs::remove_dir_all(&dir);
    let ids: Vec<&str> = result
        .inventory
        .resources
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?} {:?}", result.diagnostics);
    let errors: Vec<&Diagnostic> = result
        .diagnostics
        .iter()
        .filter(|d| d.level == DiagnosticLevel::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", result.diagnostics);
    assert_eq!(
        (errors[0].location.path.as_str(), errors[0].location.line),
        ("b/main.tf", 5)
    );
    assert!(
        errors[0].message.contains("(a -> b -> a)"),
        "{}",
        errors[0].message
    );
}

/// Issue 8 (defect 9), the same class nearby: a module call without a literal `source` was
/// taken for a remote module named "" and its resources silently not judged.
#[test]
fn issue8_module_without_source_is_an_error() {
    let out = adapt(&[("main.tf", "module \"m\" {\n  count = 1\n}\n")]);
    let errors: Vec<&Diagnostic> = out
        .diagnostics
        .iter()
        .filter(|d| d.level == DiagnosticLevel::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", out.diagnostics);
    assert!(errors[0]
        .message
        .contains("source must be a literal string"));
}

/// Issue 8, the same class as defect 9: a resource block with one label and a second
/// declaration of an address were skipped in silence.
#[test]
fn issue8_malformed_and_duplicate_blocks_are_errors() {
    let main = "resource \"aws_s3_bucket\" {\n}\n\
                resource \"aws_s3_bucket\" \"b\" {}\n\
                resource \"aws_s3_bucket\" \"b\" {\n  acl = \"public-read\"\n}\n";
    let out = adapt(&[("main.tf", main)]);
    let mut errors: Vec<(u32, &str)> = out
        .diagnostics
        .iter()
        .filter(|d| d.level == DiagnosticLevel::Error)
        .map(|d| (d.location.line, d.message.as_str()))
        .collect();
    errors.sort();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].0, 1);
    assert!(errors[0].1.contains("takes 2 label(s), not 1"));
    assert_eq!(errors[1].0, 4);
    assert!(errors[1].1.contains("declared twice"));
    assert_eq!(out.resources.len(), 1);
}

/// Issue 8, the same class: a local defined twice and a block with both `count` and
/// `for_each` were resolved in silence (first one wins, count wins); Terraform rejects both.
#[test]
fn issue8_duplicate_locals_and_count_with_for_each_are_errors() {
    let main = "locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\n\
                resource \"aws_s3_bucket\" \"b\" {\n  count    = 1\n  for_each = toset([\"x\"])\n}\n";
    let out = adapt(&[("main.tf", main)]);
    let mut errors: Vec<(u32, &str)> = out
        .diagnostics
        .iter()
        .filter(|d| d.level == DiagnosticLevel::Error)
        .map(|d| (d.location.line, d.message.as_str()))
        .collect();
    errors.sort();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].0, 5);
    assert!(errors[0].1.contains("local.a is defined twice"));
    assert_eq!(errors[1].0, 7);
    assert!(errors[1].1.contains("both count and for_each"));
}

/// Evaluate one expression with no module around it.
fn eval_expr(text: &str) -> Val {
    let expr = hcl_edit::parser::parse_expr(text).expect("valid expression");
    eval::Evaluator::new(&ConstEnv).eval(&expr)
}

fn unknown_reason(v: &Val) -> String {
    match v {
        Val::Unknown(r) => r.clone(),
        other => panic!("expected Unknown, got {:?}", other.weight(200)),
    }
}

/// Issue 8 (limits): `range()` at the collection limit is evaluated; past it (and with a step
/// too small to move a float, which looped before) it is Unknown naming the limit, at once.
#[test]
fn issue8_range_limit() {
    let max = crate::limits::MAX_COLLECTION_ITEMS;
    assert_eq!(
        eval_expr(&format!("length(range({max}))")),
        Val::Number(max as f64)
    );
    let past = unknown_reason(&eval_expr(&format!("range({})", max + 1)));
    assert!(past.contains("over the limit of 100000"), "{past}");
    assert!(unknown_reason(&eval_expr("range(1e18)")).contains("over the limit"));
    assert!(unknown_reason(&eval_expr("range(0, 1, 1e-300)")).contains("over the limit"));
    assert_eq!(eval_expr("range(3, 0, -1)"), eval_expr("[3, 2, 1]"));
    // A function's result is limited as well as what it is given.
    let doubled = unknown_reason(&eval_expr(&format!(
        "flatten([for i in range({max}) : [i, i]])"
    )));
    assert!(
        doubled.contains("flatten() builds 200000 elements"),
        "{doubled}"
    );
}

/// Issue 8 (limits): values built by `for` expressions, functions and templates are limited
/// to `MAX_VALUE_BYTES`; under it they are built as before, past it they are Unknown naming
/// the limit, so a chain of doubling steps cannot exhaust memory.
#[test]
fn issue8_value_size_limit() {
    let hundred = "x".repeat(100);
    // 100,000 strings of 100 bytes: about 13 MB with the per-element overhead, under 16 MiB.
    let at = eval_expr(&format!(
        "length(join(\"\", [for i in range(100000) : \"{hundred}\"]))"
    ));
    assert_eq!(at, Val::Number(10_000_000.0));
    let past = unknown_reason(&eval_expr(&format!(
        "[for i in range(100000) : \"{hundred}{hundred}\"]"
    )));
    assert!(
        past.contains("for expression is over the 16777216-byte"),
        "{past}"
    );
    // replace() that would grow a 1 MB string twentyfold is refused before it is built.
    let grown = unknown_reason(&eval_expr(&format!(
        "replace(join(\"\", [for i in range(100000) : \"aaaaaaaaaa\"]), \"a\", \"{}\")",
        "b".repeat(20)
    )));
    assert!(grown.contains("replace() would build"), "{grown}");
    // A template loop.
    let template = unknown_reason(&eval_expr(&format!(
        "\"%{{ for i in range(100000) }}{hundred}{hundred}%{{ endfor }}\""
    )));
    assert!(template.contains("template is over"), "{template}");
}

/// Issue 8 (limits): a chain of locals, each doubling the last, stops at the value limit with
/// an Unknown attribute instead of taking 2^40 bytes; the resource is still judged.
#[test]
fn issue8_doubling_locals_stop_at_the_value_limit() {
    let mut main = String::from("locals {\n  l0 = \"0123456789abcdef\"\n");
    for i in 1..=40 {
        main.push_str(&format!(
            "  l{i} = join(\"\", [local.l{}, local.l{}])\n",
            i - 1,
            i - 1
        ));
    }
    main.push_str("}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n  tags = { big = local.l40 }\n}\n");
    let out = adapt(&[("main.tf", &main)]);
    let bucket = find(&out, "aws_s3_bucket.b");
    assert_eq!(
        bucket.tags.get("big").map(String::as_str),
        Some(cloudward_model::TAG_VALUE_NOT_KNOWN),
        "the oversized tag is not a known value"
    );
}

/// A chain of `depth` local modules, `m1/` to `m<depth>/`, each holding one bucket and calling
/// the next; the root calls `m1`.
fn module_chain(depth: usize) -> Vec<(String, String)> {
    let mut files = vec![(
        "main.tf".to_string(),
        "module \"next\" {\n  source = \"./m1\"\n}\n".to_string(),
    )];
    let mut path = String::new();
    for i in 1..=depth {
        path.push_str(&format!("m{i}/"));
        let mut text = format!("resource \"aws_s3_bucket\" \"b{i}\" {{}}\n");
        if i < depth {
            text.push_str(&format!(
                "module \"next\" {{\n  source = \"./m{}\"\n}}\n",
                i + 1
            ));
        }
        files.push((format!("{path}main.tf"), text));
    }
    files
}

/// Issue 8 (limits): `MAX_MODULE_DEPTH` nested modules are all followed; the call one level
/// deeper is a warning at its line and a collection error, and what came before is judged.
#[test]
fn issue8_module_depth_at_and_past_the_limit() {
    let max = crate::limits::MAX_MODULE_DEPTH;
    let files = module_chain(max);
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let out = adapt(&refs);
    assert_eq!(out.resources.len(), max, "{:?}", out.diagnostics);
    assert!(unjudged(&out).is_empty(), "{:?}", out.diagnostics);

    let files = module_chain(max + 1);
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let out = adapt(&refs);
    assert_eq!(
        out.resources.len(),
        max,
        "the first {max} levels are judged"
    );
    let cut = unjudged(&out);
    assert_eq!(cut.len(), 1, "{:?}", out.diagnostics);
    assert!(
        cut[0].message.contains("nested more than 16 deep"),
        "{}",
        cut[0].message
    );
    assert_eq!(cut[0].location.line, 2);
}

/// Issue 8 (limits): a reference chain within `MAX_REFERENCE_DEPTH` resolves; a longer one
/// is Unknown (the bucket is still judged, its name is not guessed).
#[test]
fn issue8_reference_depth_at_and_past_the_limit() {
    let chain = |n: usize| {
        let mut text = String::from("locals {\n  l0 = \"deep\"\n");
        for i in 1..n {
            text.push_str(&format!("  l{i} = local.l{}\n", i - 1));
        }
        text.push_str(&format!(
            "}}\nresource \"aws_s3_bucket\" \"b\" {{\n  bucket = local.l{}\n}}\n",
            n - 1
        ));
        text
    };
    let max = crate::limits::MAX_REFERENCE_DEPTH;
    // The resource itself is one level of the chain.
    let at = adapt(&[("main.tf", &chain(max - 1))]);
    assert_eq!(find(&at, "aws_s3_bucket.b").name, "deep");
    let past = adapt(&[("main.tf", &chain(max))]);
    assert_eq!(past.resources.len(), 1);
    assert_ne!(find(&past, "aws_s3_bucket.b").name, "deep");
}

/// Issue 8 (limits): `file()` reads a file of exactly `MAX_READ_FILE_BYTES`; one byte more
/// is Unknown with the reason, not read.
#[test]
fn issue8_file_function_size_at_and_past_the_limit() {
    let limit = usize::try_from(crate::limits::MAX_READ_FILE_BYTES).expect("fits");
    let at = "a".repeat(limit);
    let past = "a".repeat(limit + 1);
    let main = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n  tags = {\n    at   = length(file(\"at.txt\"))\n    past = length(file(\"past.txt\"))\n  }\n}\n";
    let out = adapt(&[("main.tf", main), ("at.txt", &at), ("past.txt", &past)]);
    let bucket = find(&out, "aws_s3_bucket.b");
    assert_eq!(bucket.tags.get("at").map(String::as_str), Some("1048576"));
    assert_eq!(
        bucket.tags.get("past").map(String::as_str),
        Some(cloudward_model::TAG_VALUE_NOT_KNOWN),
        "{:?}",
        bucket.tags
    );
}

/// Issue 8 (limits): exactly `max_instances` resource instances are all judged with no
/// diagnostic.
#[test]
fn issue8_total_instances_at_the_limit() {
    let options = ScanOptions {
        max_instances: 20,
        ..ScanOptions::default()
    };
    let root = "module \"m\" {\n  source = \"./m\"\n  count  = 2\n}\n";
    let child = "resource \"aws_s3_bucket\" \"b\" {\n  count  = 10\n}\n";
    let out = adapt_with(&[("main.tf", root), ("m/main.tf", child)], &options);
    assert_eq!(out.resources.len(), 20);
    assert!(unjudged(&out).is_empty(), "{:?}", out.diagnostics);
}

/// Issue 8 (limits): HCL nesting is bounded by the parser (hcl-edit: 64 levels, below
/// `MAX_NESTING_DEPTH`, which guards evaluation): 64 levels are read, 65 are a syntax error
/// naming the line, and the file's other blocks are judged... by the other files.
#[test]
fn issue8_hcl_nesting_at_and_past_the_limit() {
    let nested = |n: usize| {
        format!(
            "resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"b\"\n  x = {}1{}\n}}\n",
            "[".repeat(n),
            "]".repeat(n)
        )
    };
    // The block is one level, so 63 lists inside it make 64.
    let at = adapt(&[("main.tf", &nested(63))]);
    assert_eq!(at.resources.len(), 1, "{:?}", at.diagnostics);
    assert!(at.diagnostics.is_empty(), "{:?}", at.diagnostics);
    let past = adapt(&[
        ("main.tf", &nested(64)),
        (
            "other.tf",
            "resource \"aws_iam_user\" \"u\" {\n  name = \"u\"\n}\n",
        ),
    ]);
    let errors: Vec<&Diagnostic> = unjudged(&past);
    assert_eq!(errors.len(), 1, "{:?}", past.diagnostics);
    assert_eq!(
        (errors[0].location.path.as_str(), errors[0].location.line),
        ("main.tf", 3)
    );
    assert!(
        errors[0].message.contains("nesting depth"),
        "{}",
        errors[0].message
    );
    assert_eq!(past.resources.len(), 1, "the other file is judged");
}

/// Issue 9: KMS keys join their split policy and aliases by `key_id` (known only after apply
/// but naming a declared key), and what names a key (a log group, a secret) keeps a reference
/// that the KMS rules can match; secrets join rotation and policy; parameters and log groups
/// take the provider's defaults.
#[test]
fn issue9_keys_secrets_parameters_and_log_groups() {
    let out = adapt(&[(
        "main.tf",
        r#"
resource "aws_kms_key" "k" {
  enable_key_rotation = true
}
resource "aws_kms_alias" "k" {
  name          = "alias/app"
  target_key_id = aws_kms_key.k.key_id
}
resource "aws_kms_key_policy" "k" {
  key_id = aws_kms_key.k.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "kms:Decrypt", Resource = "*" }] })
}
resource "aws_secretsmanager_secret" "s" {
  name       = "app/token"
  kms_key_id = aws_kms_key.k.key_id
}
resource "aws_secretsmanager_secret_rotation" "s" {
  secret_id           = aws_secretsmanager_secret.s.id
  rotation_lambda_arn = "arn:aws:lambda:us-east-1:111122223333:function:rotate"
  rotation_rules {
    schedule_expression = "rate(10 days)"
  }
}
resource "aws_ssm_parameter" "p" {
  name  = "/app/password"
  type  = "SecureString"
  value = "x"
}
resource "aws_cloudwatch_log_group" "g" {
  name       = "app"
  kms_key_id = aws_kms_key.k.arn
}
"#,
    )]);
    let key = find(&out, "aws_kms_key.k")
        .as_kms_key()
        .expect("key")
        .clone();
    assert_eq!(key.aliases, Value::Known(vec!["alias/app".to_string()]));
    assert_eq!(key.key_rotation_enabled, Value::Known(true));
    assert_eq!(key.key_state, Value::Known("Enabled".to_string()));
    assert!(key
        .policy
        .known()
        .and_then(|p| p.as_ref())
        .is_some_and(|p| !p.public_allow_statements().is_empty()));
    let secret = find(&out, "aws_secretsmanager_secret.s")
        .as_secretsmanager_secret()
        .expect("secret");
    assert_eq!(secret.rotation_enabled, Value::Known(true));
    assert_eq!(
        secret
            .rotation_rules
            .known()
            .cloned()
            .flatten()
            .and_then(|r| r.interval_days()),
        Some(10)
    );
    let named = secret.kms_key_id.known().cloned().flatten().expect("a key");
    assert_eq!(key.is_named_by(&named), Value::Known(true));
    let parameter = find(&out, "aws_ssm_parameter.p")
        .as_ssm_parameter()
        .expect("parameter");
    assert_eq!(
        parameter.key_id,
        Value::Known(Some("alias/aws/ssm".to_string()))
    );
    assert_eq!(parameter.tier, Value::Known("Standard".to_string()));
    let group = find(&out, "aws_cloudwatch_log_group.g")
        .as_logs_log_group()
        .expect("group");
    assert_eq!(group.retention_in_days, Value::Known(None));
    let group_key = group.kms_key_id.known().cloned().flatten().expect("a key");
    assert_eq!(key.is_named_by(&group_key), Value::Known(true));
}
