# IAM written the insecure way: a weak password policy, an administrator policy attached
# directly to a user, a user with a console password and two keys, wildcard inline policies.
resource "aws_iam_account_password_policy" "weak" {
  minimum_password_length   = 8
  password_reuse_prevention = 3
  require_symbols           = false
}

resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}
      ]
    }
  EOT
}

resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}

resource "aws_iam_access_key" "alice" {
  count = 2
  user  = aws_iam_user.alice.name
}

resource "aws_iam_user_policy_attachment" "alice_admin" {
  user       = aws_iam_user.alice.name
  policy_arn = aws_iam_policy.admin.arn
}

resource "aws_iam_user_policy" "alice_inline" {
  name = "kms"
  user = aws_iam_user.alice.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["kms:Decrypt", "s3:*"], Resource = "*" }]
  })
}

resource "aws_iam_role" "ops" {
  name = "ops"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "sts:AssumeRole"
    }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AWSCloudShellFullAccess"]
}
