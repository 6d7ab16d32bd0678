variable "n" {
  default = 3
}
locals {
  names = [for i in range(var.n) : format("b-%02d", i)]
  tags  = merge({a = "1"}, {b = join(",", local.names)})
}
resource "aws_s3_bucket" "b" {
  for_each = toset(local.names)
  bucket   = each.key
  tags     = local.tags
}
resource "aws_security_group" "g" {
  count = length(local.names)
  dynamic "ingress" {
    for_each = [22, 3389]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
