//! Lambda function URLs require IAM authentication.

use crate::rule::judged;
use crate::Check;
use cloudward_model::lambda::Function;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

/// Reads the `AuthType` of every function URL of the function (`ListFunctionUrlConfigs`;
/// `aws_lambda_function_url.authorization_type`, `AWS::Lambda::Url.AuthType`). `NONE` fails: the
/// URL is then reachable by anyone who can find it, whatever the function policy says about
/// other callers. A function without URLs passes.
pub struct LambdaFunctionUrlAuthRequired;

const META: RuleMeta = RuleMeta {
    id: "lambda-function-url-auth-required",
    title: "Lambda function URLs require IAM authentication",
    severity: Severity::High,
    service: "lambda",
    kinds: Function::KINDS,
    checks: "For each Lambda function, whether any of its function URLs (the function itself or an alias) has AuthType NONE. AWS_IAM passes; a function without a URL passes.",
    rationale: "A function URL with AuthType NONE is a public HTTPS endpoint: anyone on the internet can invoke the function, with its role's permissions, and run up its cost. Unless the function is a deliberate public webhook that authenticates requests itself, the URL should require SigV4-signed requests (AWS_IAM) or sit behind API Gateway or CloudFront with authentication.",
    remediation: Remediation {
        console: "Lambda console > Functions > <function> > Configuration > Function URL > Edit > Auth type: AWS_IAM > Save.",
        cli: "aws lambda update-function-url-config --function-name <function> --auth-type AWS_IAM",
        terraform: "resource \"aws_lambda_function_url\" \"this\" {\n  function_name      = aws_lambda_function.this.function_name\n  authorization_type = \"AWS_IAM\"\n}",
    },
    references: &["https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html", "https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP07", "SEC05-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n}\n\nresource \"aws_lambda_function_url\" \"api\" {\n  function_name      = aws_lambda_function.api.function_name\n  authorization_type = \"NONE\"\n}\n",
        terraform_good: "resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n}\n\nresource \"aws_lambda_function_url\" \"api\" {\n  function_name      = aws_lambda_function.api.function_name\n  authorization_type = \"AWS_IAM\"\n}\n",
        cloudformation_bad: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n  ApiUrl:\n    Type: AWS::Lambda::Url\n    Properties:\n      TargetFunctionArn: !GetAtt Api.Arn\n      AuthType: NONE\n",
        cloudformation_good: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n  ApiUrl:\n    Type: AWS::Lambda::Url\n    Properties:\n      TargetFunctionArn: !Ref Api\n      AuthType: AWS_IAM\n",
    },
    file: file!(),
};

impl Check for LambdaFunctionUrlAuthRequired {
    type Subject = Function;
    const META: &'static RuleMeta = &META;

    fn judge(&self, function: &Function, _: &Resource, _: &Inventory) -> Outcome {
        judged(&function.url_auth_types, "url_auth_types", |types| {
            if types.is_empty() {
                Ok("the function has no function URL".into())
            } else if types.iter().any(|t| t == "NONE") {
                Err("a function URL has AuthType NONE: anyone can invoke it".into())
            } else {
                Ok(format!("every function URL requires {}", types.join(", ")))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(f: Function) -> Status {
        testing::judge(
            &LambdaFunctionUrlAuthRequired,
            &resource("api", Attributes::LambdaFunction(f)),
        )
    }

    fn urls(types: Value<Vec<String>>) -> Function {
        Function {
            url_auth_types: types,
            ..Default::default()
        }
    }

    #[test]
    fn none_fails_iam_passes_unknown_stays_unknown() {
        assert_eq!(judge(urls(Value::Known(vec!["NONE".into()]))), Status::Fail);
        assert_eq!(
            judge(urls(Value::Known(vec!["AWS_IAM".into()]))),
            Status::Pass
        );
        assert_eq!(judge(urls(Value::Known(vec![]))), Status::Pass);
        assert_eq!(judge(urls(Value::unknown("denied"))), Status::Unknown);
    }
}
