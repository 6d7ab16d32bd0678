//! Lambda functions use a runtime AWS still supports.

use crate::Check;
use cloudward_model::lambda::Function;
use cloudward_model::lambda::IMAGE;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

/// Reads `Runtime` and `PackageType` and looks the runtime up in [`crate::lambda::RUNTIMES`], a
/// dated table of AWS's deprecation dates, judged at `inventory.collected_at` (code has no
/// snapshot date: it is judged at [`crate::lambda::TABLE_DATE`], the day the table was last
/// checked), so the same inventory always gives the same verdict. A runtime the table does not
/// know is Unknown; a container image function has no managed runtime and is not applicable.
pub struct LambdaFunctionRuntimeSupported;

const META: RuleMeta = RuleMeta {
    id: "lambda-function-runtime-supported",
    title: "Lambda functions use a runtime AWS still supports",
    severity: Severity::Medium,
    service: "lambda",
    kinds: Function::KINDS,
    checks: "For each Lambda function deployed as a .zip archive, whether its runtime identifier is past its AWS deprecation date on the day the inventory was collected (code: the date of cloudward's runtime table). Container image functions are not applicable; runtimes the table does not know are Unknown.",
    rationale: "After deprecation Lambda stops applying security patches to the runtime (language, OS and libraries) and the function is no longer eligible for technical support; later AWS blocks creating and then updating functions on it. A deprecated runtime therefore accumulates known vulnerabilities that no one will fix.",
    remediation: Remediation {
        console: "Lambda console > Functions > <function> > Code > Runtime settings > Edit > choose the current runtime of the language (test the function against it first) > Save.",
        cli: "aws lambda update-function-configuration --function-name <function> --runtime <runtime, e.g. python3.13>",
        terraform: "resource \"aws_lambda_function\" \"this\" {\n  function_name = \"<name>\"\n  runtime       = \"python3.13\"\n  # ...\n}",
    },
    references: &["https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html", "https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-2"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Lambda.2"],
        well_architected: &["SEC06-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.8\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n}\n",
        terraform_good: "resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n}\n",
        cloudformation_bad: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: nodejs16.x\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n",
        cloudformation_good: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: nodejs22.x\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n",
    },
    file: file!(),
};

impl Check for LambdaFunctionRuntimeSupported {
    type Subject = Function;
    const META: &'static RuleMeta = &META;

    fn judge(&self, function: &Function, _: &Resource, inventory: &Inventory) -> Outcome {
        match function.package_type.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(t) if t == IMAGE => {
                return Outcome::not_applicable(
                    "a container image function: its runtime is whatever the image contains",
                )
            }
            Ok(_) => {}
        }
        let runtime = match function.runtime.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(None) => return Outcome::unknown("the function declares no runtime"),
            Ok(Some(r)) => r,
        };
        let (today, basis) = crate::lambda::judging_date(inventory);
        match crate::lambda::deprecation_date(runtime) {
            None => Outcome::unknown(format!(
                "runtime {runtime} is not in cloudward's runtime table (last checked {})",
                crate::lambda::TABLE_DATE
            )),
            Some(date) if date <= today => Outcome::Fail(Evidence::at(
                "runtime",
                format!("runtime {runtime} was deprecated on {date} ({basis} {today})"),
            )),
            Some(date) => Outcome::Pass(Evidence::at(
                "runtime",
                format!("runtime {runtime} is supported until {date} ({basis} {today})"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use chrono::DateTime;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(package: &str, runtime: Option<&str>, at: Option<i64>) -> Status {
        let r = resource(
            "api",
            Attributes::LambdaFunction(Function {
                package_type: Value::Known(package.into()),
                runtime: Value::Known(runtime.map(str::to_string)),
                ..Default::default()
            }),
        );
        let mut inventory = Inventory::new();
        inventory.collected_at = at.map(|s| DateTime::from_timestamp(s, 0).expect("valid"));
        testing::judge_in(&LambdaFunctionRuntimeSupported, &r, &inventory)
    }

    #[test]
    fn judged_at_the_snapshot_date() {
        // 2024-01-01: python3.8 (deprecated 2024-10-14) was still supported.
        assert_eq!(
            judge("Zip", Some("python3.8"), Some(1_704_067_200)),
            Status::Pass
        );
        // 2025-01-01: it was not.
        assert_eq!(
            judge("Zip", Some("python3.8"), Some(1_735_689_600)),
            Status::Fail
        );
        assert_eq!(judge("Zip", Some("python3.13"), None), Status::Pass);
        assert_eq!(judge("Zip", Some("go1.x"), None), Status::Fail);
    }

    #[test]
    fn unknown_runtimes_and_images() {
        assert_eq!(judge("Zip", Some("cobol1.0"), None), Status::Unknown);
        assert_eq!(judge("Zip", None, None), Status::Unknown);
        assert_eq!(judge("Image", None, None), Status::NotApplicable);
        let r = resource(
            "api",
            Attributes::LambdaFunction(Function {
                package_type: Value::unknown("denied"),
                ..Default::default()
            }),
        );
        assert_eq!(
            testing::judge(&LambdaFunctionRuntimeSupported, &r),
            Status::Unknown
        );
    }
}
