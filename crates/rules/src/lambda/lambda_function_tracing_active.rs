//! Lambda functions have AWS X-Ray active tracing enabled.

use crate::rule::judged;
use crate::Check;
use cloudward_model::lambda::Function;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

/// Reads `TracingConfig.Mode` (`tracing_config.mode`, `TracingConfig.Mode`; unset is
/// `PassThrough`): `Active` passes.
pub struct LambdaFunctionTracingActive;

const META: RuleMeta = RuleMeta {
    id: "lambda-function-tracing-active",
    title: "Lambda functions have AWS X-Ray active tracing enabled",
    severity: Severity::Low,
    service: "lambda",
    kinds: Function::KINDS,
    checks: "For each Lambda function, whether TracingConfig.Mode is Active (PassThrough, the default, records nothing unless the caller already traces).",
    rationale: "Active tracing records every invocation's path through downstream AWS calls in X-Ray, which shows what a function actually touched during an incident and makes unusual calls (a new service, a new bucket) stand out.",
    remediation: Remediation {
        console: "Lambda console > Functions > <function> > Configuration > Monitoring and operations tools > Edit > AWS X-Ray: Active tracing > Save (the role needs xray:PutTraceSegments).",
        cli: "aws lambda update-function-configuration --function-name <function> --tracing-config Mode=Active",
        terraform: "resource \"aws_lambda_function\" \"this\" {\n  function_name = \"<name>\"\n  tracing_config {\n    mode = \"Active\"\n  }\n  # ...\n}",
    },
    references: &["https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n}\n",
        terraform_good: "resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n  tracing_config {\n    mode = \"Active\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n      TracingConfig:\n        Mode: PassThrough\n",
        cloudformation_good: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n      TracingConfig:\n        Mode: Active\n",
    },
    file: file!(),
};

impl Check for LambdaFunctionTracingActive {
    type Subject = Function;
    const META: &'static RuleMeta = &META;

    fn judge(&self, function: &Function, _: &Resource, _: &Inventory) -> Outcome {
        judged(&function.tracing_mode, "tracing_mode", |mode| {
            if mode == "Active" {
                Ok("X-Ray active tracing is on".into())
            } else {
                Err(format!(
                    "tracing mode is {mode}: invocations are not traced"
                ))
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
            &LambdaFunctionTracingActive,
            &resource("api", Attributes::LambdaFunction(f)),
        )
    }

    fn mode(m: Value<String>) -> Function {
        Function {
            tracing_mode: m,
            ..Default::default()
        }
    }

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(judge(mode(Value::Known("Active".into()))), Status::Pass);
        assert_eq!(
            judge(mode(Value::Known("PassThrough".into()))),
            Status::Fail
        );
        assert_eq!(judge(mode(Value::unknown("denied"))), Status::Unknown);
    }
}
