resource "aws_s3_bucket" "b" {
  count = 1000000
}
module "self" {
  source = "./"
  count  = 2
}
