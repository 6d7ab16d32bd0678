//! Lambda functions deployed as .zip archives have code signing configured.

use cloudward_model::lambda::Function;
use cloudward_model::lambda::IMAGE;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads `GetFunctionCodeSigningConfig` (`code_signing_config_arn` in Terraform,
/// `CodeSigningConfigArn` in CloudFormation). Code signing applies to .zip packages only: a
/// container image function is not applicable (sign images with ECR and AWS Signer instead).
pub struct LambdaFunctionCodeSigningEnabled;

const META: RuleMeta = RuleMeta {
    id: "lambda-function-code-signing-enabled",
    title: "Lambda functions deployed as .zip archives have code signing configured",
    severity: Severity::Low,
    service: "lambda",
    kinds: Function::KINDS,
    checks: "For each Lambda function deployed as a .zip archive, whether a code signing configuration is attached (CodeSigningConfigArn). Container image functions are not applicable.",
    rationale: "With a code signing configuration whose policy is Enforce, Lambda accepts only code packages signed by the allowed AWS Signer profiles: a stolen deployment credential or a tampered build artefact can no longer put arbitrary code behind the function's role.",
    remediation: Remediation {
        console: "Lambda console > Code signing configurations > Create (allowed signing profiles, policy Enforce); then Functions > <function> > Configuration > Code signing > Edit > choose it > Save.",
        cli: "aws lambda put-function-code-signing-config --function-name <function> --code-signing-config-arn <code-signing-config-arn>",
        terraform: "resource \"aws_lambda_function\" \"this\" {\n  function_name           = \"<name>\"\n  code_signing_config_arn = aws_lambda_code_signing_config.this.arn\n  # ...\n}",
    },
    references: &["https://docs.aws.amazon.com/lambda/latest/dg/configuration-codesigning.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC06-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n}\n",
        terraform_good: "resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n  code_signing_config_arn = aws_lambda_code_signing_config.signed.arn\n}\n\nresource \"aws_lambda_code_signing_config\" \"signed\" {\n  allowed_publishers {\n    signing_profile_version_arns = [\"arn:aws:signer:us-east-1:123456789012:/signing-profiles/release/abc\"]\n  }\n  policies {\n    untrusted_artifact_on_deployment = \"Enforce\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n",
        cloudformation_good: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n      CodeSigningConfigArn: arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0\n",
    },
    file: file!(),
};

impl Check for LambdaFunctionCodeSigningEnabled {
    type Subject = Function;
    const META: &'static RuleMeta = &META;

    fn judge(&self, function: &Function, _: &Resource, _: &Inventory) -> Outcome {
        match function.package_type.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(t) if t == IMAGE => {
                return Outcome::not_applicable(
                    "a container image function: Lambda code signing applies to .zip packages",
                )
            }
            Ok(_) => {}
        }
        judged(
            &function.code_signing_config_arn,
            "code_signing_config_arn",
            |arn| match arn {
                Some(arn) => Ok(format!("code signing configuration {arn} is attached")),
                None => Err("no code signing configuration is attached".into()),
            },
        )
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
            &LambdaFunctionCodeSigningEnabled,
            &resource("api", Attributes::LambdaFunction(f)),
        )
    }

    fn signing(package: &str, arn: Value<Option<String>>) -> Function {
        Function {
            package_type: Value::Known(package.into()),
            code_signing_config_arn: arn,
            ..Default::default()
        }
    }

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(
            judge(signing("Zip", Value::Known(Some("arn:csc".into())))),
            Status::Pass
        );
        assert_eq!(judge(signing("Zip", Value::Known(None))), Status::Fail);
        assert_eq!(
            judge(signing("Zip", Value::unknown("denied"))),
            Status::Unknown
        );
        assert_eq!(
            judge(signing("Image", Value::Known(None))),
            Status::NotApplicable
        );
    }
}
