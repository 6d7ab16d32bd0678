//! Lambda function policies allow only the account itself and trusted accounts.

use cloudward_model::lambda::Function;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads the function's resource-based policy for the accounts its `Allow` statements admit:
/// AWS principals (account ids, ARNs) and, for `Principal: *`, the accounts its condition
/// names (`aws:SourceAccount`, `aws:SourceArn`, `aws:PrincipalAccount`, ...); an organisation
/// condition passes. The scanned account and `trusted_accounts` are trusted; in code, another
/// account not listed is Unknown (the deploying account is not known). Service principals are
/// not accounts. Shared with SNS and SQS ([`crate::sns::policy::judge_trusted_accounts`]).
pub struct LambdaFunctionPolicyTrustedAccountsOnly;

const META: RuleMeta = RuleMeta {
    id: "lambda-function-policy-trusted-accounts-only",
    title: "Lambda function policies allow only the account itself and trusted accounts",
    severity: Severity::High,
    service: "lambda",
    kinds: Function::KINDS,
    checks: "For each Lambda function, every account an Allow statement of its resource-based policy admits (AWS principals, and the accounts a wildcard principal's condition names) must be the scanned account or one of trusted_accounts in cloudward.toml; a wildcard principal without such a condition admits every account and fails.",
    rationale: "A function another account may invoke (or whose configuration it may read or change, with lambda:GetFunction or lambda:UpdateFunctionCode) runs that account's input with your role's permissions. Cross-account grants to your own accounts and partners are normal; the trusted list makes any other, often left over from a test, visible.",
    remediation: Remediation {
        console: "Lambda console > Functions > <function> > Configuration > Permissions > Resource-based policy statements: delete the statements naming accounts you do not trust. If the account is trusted, add it to trusted_accounts in cloudward.toml.",
        cli: "aws lambda get-policy --function-name <function>\naws lambda remove-permission --function-name <function> --statement-id <sid>",
        terraform: "resource \"aws_lambda_permission\" \"partner\" {\n  statement_id  = \"AllowPartner\"\n  action        = \"lambda:InvokeFunction\"\n  function_name = aws_lambda_function.this.function_name\n  principal     = \"<trusted-account-id>\"\n}",
    },
    references: &["https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-cross-account.html", "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP07", "SEC03-BP09"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n}\n\nresource \"aws_lambda_permission\" \"anyone\" {\n  statement_id  = \"AllowAnyone\"\n  action        = \"lambda:InvokeFunction\"\n  function_name = aws_lambda_function.api.function_name\n  principal     = \"*\"\n}\n",
        terraform_good: "resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n}\n\nresource \"aws_lambda_permission\" \"uploads\" {\n  statement_id   = \"AllowUploads\"\n  action         = \"lambda:InvokeFunction\"\n  function_name  = aws_lambda_function.api.function_name\n  principal      = \"s3.amazonaws.com\"\n  source_arn     = \"arn:aws:s3:::example-uploads\"\n  source_account = \"123456789012\"\n}\n",
        cloudformation_bad: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n  Anyone:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: !Ref Api\n      Principal: '*'\n",
        cloudformation_good: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n  Uploads:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: !GetAtt Api.Arn\n      Principal: s3.amazonaws.com\n      SourceArn: arn:aws:s3:::example-uploads\n      SourceAccount: '123456789012'\n",
    },
    file: file!(),
};

impl Check for LambdaFunctionPolicyTrustedAccountsOnly {
    type Subject = Function;
    const META: &'static RuleMeta = &META;

    fn judge(&self, function: &Function, resource: &Resource, inventory: &Inventory) -> Outcome {
        crate::sns::policy::judge_trusted_accounts(
            &function.policy,
            resource,
            inventory,
            "function",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::policy::PolicyDocument;
    use cloudward_model::test_support::resource;
    use cloudward_model::Settings;
    use cloudward_model::{Attributes, Status, Value};
    use serde_json::json;

    fn judge(policy: Value<Option<PolicyDocument>>, trusted: &[&str]) -> Status {
        let r = resource(
            "api",
            Attributes::LambdaFunction(Function {
                policy,
                ..Default::default()
            }),
        );
        let mut inventory = Inventory::new();
        inventory.account_id = Some("123456789012".into());
        inventory.settings = Settings {
            trusted_accounts: trusted.iter().map(|a| a.to_string()).collect(),
            ..Default::default()
        };
        testing::judge_in(&LambdaFunctionPolicyTrustedAccountsOnly, &r, &inventory)
    }

    #[test]
    fn other_accounts_fail_unless_trusted() {
        let doc = || {
            Value::Known(Some(PolicyDocument(
                json!({"Statement": [{"Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                "Action": "lambda:InvokeFunction", "Resource": "*"}]}),
            )))
        };
        assert_eq!(judge(doc(), &[]), Status::Fail);
        assert_eq!(judge(doc(), &["444455556666"]), Status::Pass);
        assert_eq!(judge(Value::Known(None), &[]), Status::Pass);
        assert_eq!(judge(Value::unknown("AccessDenied"), &[]), Status::Unknown);
    }
}
