//! Lambda function policies grant no access to everyone.

use cloudward_model::lambda::Function;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads the function's resource-based policy (`GetPolicy`; `aws_lambda_permission` in
/// Terraform, `AWS::Lambda::Permission` in CloudFormation, each permission one statement) for
/// `Allow` statements whose principal is everyone (`*`, `{"AWS": "*"}`, a `NotPrincipal`) with
/// no condition narrowing the caller (`aws:SourceAccount`, `aws:SourceArn`,
/// `aws:PrincipalOrgID`, ...). A service principal (`s3.amazonaws.com`) is not everyone. The
/// analysis is the SNS/SQS one ([`crate::sns::policy`]).
pub struct LambdaFunctionPolicyNotPublic;

const META: RuleMeta = RuleMeta {
    id: "lambda-function-policy-not-public",
    title: "Lambda function policies grant no access to everyone",
    severity: Severity::Critical,
    service: "lambda",
    kinds: Function::KINDS,
    checks: "For each Lambda function, whether an Allow statement of its resource-based policy has Principal \"*\" (or {\"AWS\": \"*\"}, or a NotPrincipal) without a condition restricting the caller (aws:SourceAccount, aws:SourceArn, aws:PrincipalOrgID, source VPC or IP). No policy passes.",
    rationale: "A function anyone may invoke runs attacker-chosen input with the function's role: data the role can read leaks, the account pays for every invocation, and a public lambda:InvokeFunctionUrl with an unauthenticated URL is an open web endpoint. Public grants are usually a permission added for a service without its aws:SourceArn/aws:SourceAccount condition.",
    remediation: Remediation {
        console: "Lambda console > Functions > <function> > Configuration > Permissions > Resource-based policy statements: delete the statement with Principal \"*\", or edit it to name the service and add the source ARN and source account.",
        cli: "aws lambda get-policy --function-name <function>\naws lambda remove-permission --function-name <function> --statement-id <sid>\naws lambda add-permission --function-name <function> --statement-id <sid> --action lambda:InvokeFunction --principal s3.amazonaws.com --source-arn <bucket-arn> --source-account <account-id>",
        terraform: "resource \"aws_lambda_permission\" \"this\" {\n  statement_id   = \"AllowS3\"\n  action         = \"lambda:InvokeFunction\"\n  function_name  = aws_lambda_function.this.function_name\n  principal      = \"s3.amazonaws.com\"\n  source_arn     = aws_s3_bucket.uploads.arn\n  source_account = data.aws_caller_identity.current.account_id\n}",
    },
    references: &["https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-1"],
    frameworks: Frameworks {
        cis_v7: &["2.21"],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Lambda.1"],
        well_architected: &["SEC03-BP07", "SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n}\n\nresource \"aws_lambda_permission\" \"anyone\" {\n  statement_id  = \"AllowAnyone\"\n  action        = \"lambda:InvokeFunction\"\n  function_name = aws_lambda_function.api.function_name\n  principal     = \"*\"\n}\n",
        terraform_good: "resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n}\n\nresource \"aws_lambda_permission\" \"uploads\" {\n  statement_id   = \"AllowUploads\"\n  action         = \"lambda:InvokeFunction\"\n  function_name  = aws_lambda_function.api.function_name\n  principal      = \"s3.amazonaws.com\"\n  source_arn     = \"arn:aws:s3:::example-uploads\"\n  source_account = \"123456789012\"\n}\n",
        cloudformation_bad: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n  Anyone:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: !Ref Api\n      Principal: '*'\n",
        cloudformation_good: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n  Uploads:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: !GetAtt Api.Arn\n      Principal: s3.amazonaws.com\n      SourceArn: arn:aws:s3:::example-uploads\n      SourceAccount: '123456789012'\n",
    },
    file: file!(),
};

impl Check for LambdaFunctionPolicyNotPublic {
    type Subject = Function;
    const META: &'static RuleMeta = &META;

    fn judge(&self, function: &Function, _: &Resource, _: &Inventory) -> Outcome {
        crate::sns::policy::judge_public(&function.policy, "function")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::policy::PolicyDocument;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};
    use serde_json::json;

    fn judge(f: Function) -> Status {
        testing::judge(
            &LambdaFunctionPolicyNotPublic,
            &resource("api", Attributes::LambdaFunction(f)),
        )
    }

    fn with_policy(doc: serde_json::Value) -> Function {
        Function {
            policy: Value::Known(Some(PolicyDocument(doc))),
            ..Default::default()
        }
    }

    #[test]
    fn public_fails_service_with_source_passes_unknown_stays_unknown() {
        let public = json!({"Statement": [{"Effect": "Allow", "Principal": "*",
            "Action": "lambda:InvokeFunction", "Resource": "*"}]});
        assert_eq!(judge(with_policy(public)), Status::Fail);
        let s3 = json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
            "Action": "lambda:InvokeFunction", "Resource": "*",
            "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::uploads"}}}]});
        assert_eq!(judge(with_policy(s3)), Status::Pass);
        let narrowed = json!({"Statement": [{"Effect": "Allow", "Principal": "*",
            "Action": "lambda:InvokeFunction", "Resource": "*",
            "Condition": {"StringEquals": {"AWS:SourceAccount": "123456789012"}}}]});
        assert_eq!(judge(with_policy(narrowed)), Status::Pass);
        assert_eq!(
            judge(Function {
                policy: Value::Known(None),
                ..Default::default()
            }),
            Status::Pass
        );
        assert_eq!(
            judge(Function {
                policy: Value::unknown("AccessDenied"),
                ..Default::default()
            }),
            Status::Unknown
        );
    }
}
