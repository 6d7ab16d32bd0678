//! Lambda environment variables named like secrets are encrypted with a customer managed key.

use cloudward_model::lambda::Function;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads the names of `Environment.Variables` (never their values) and `KMSKeyArn`. A name is
/// secret-like by the SSM rule's word matching ([`crate::ssm::secret_word`]: `DB_PASSWORD`,
/// `API_KEY`, `GITHUB_TOKEN`, `PRIVATE_KEY`; `PUBLIC_KEY`, `KMS_KEY_ID` are not). Such a
/// variable fails unless the environment is encrypted with a customer managed key, which adds
/// a kms:Decrypt permission between `lambda:GetFunctionConfiguration` and the value; better
/// still is no secret in the environment at all (Secrets Manager, SSM SecureString).
pub struct LambdaFunctionSecretsNotInPlainEnvironment;

const META: RuleMeta = RuleMeta {
    id: "lambda-function-secrets-not-in-plain-environment",
    title: "Lambda environment variables named like secrets are encrypted with a customer managed key",
    severity: Severity::High,
    service: "lambda",
    kinds: Function::KINDS,
    checks: "For each Lambda function, whether any environment variable name says it holds a secret (password, passwd, passphrase, secret, token, key, apikey, privatekey, credential(s), as whole words); if so, whether the environment is encrypted with a customer managed KMS key (KMSKeyArn). Values are never read.",
    rationale: "Environment variables encrypted with the AWS managed key aws/lambda are shown in clear text to anyone allowed lambda:GetFunctionConfiguration, which read-only roles, CI systems and support tooling usually hold; they are also copied into every version. A customer managed key at least requires kms:Decrypt on your key; keeping the secret in Secrets Manager and reading it at start-up keeps it out of the configuration entirely.",
    remediation: Remediation {
        console: "Lambda console > Functions > <function> > Configuration > Environment variables > Edit > Encryption configuration: use a customer master key > choose your key > Save. Better: move the secret to Secrets Manager and grant the function's role secretsmanager:GetSecretValue.",
        cli: "aws lambda update-function-configuration --function-name <function> --kms-key-arn <kms-key-arn>",
        terraform: "resource \"aws_lambda_function\" \"this\" {\n  function_name = \"<name>\"\n  kms_key_arn   = aws_kms_key.lambda.arn\n  environment {\n    variables = {\n      DB_SECRET_ARN = aws_secretsmanager_secret.db.arn\n    }\n  }\n  # ...\n}",
    },
    references: &["https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html", "https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC08-BP01", "SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n  environment {\n    variables = {\n      DB_PASSWORD = \"hunter2\"\n    }\n  }\n}\n",
        terraform_good: "resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = \"python3.12\"\n  handler       = \"app.handler\"\n  filename      = \"api.zip\"\n  kms_key_arn   = aws_kms_key.lambda.arn\n  environment {\n    variables = {\n      DB_PASSWORD = \"hunter2\"\n    }\n  }\n}\n\nresource \"aws_kms_key\" \"lambda\" {\n  enable_key_rotation = true\n}\n",
        cloudformation_bad: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n      Environment:\n        Variables:\n          API_TOKEN: abc123\n",
        cloudformation_good: "Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: api\n      Role: arn:aws:iam::123456789012:role/api\n      Runtime: python3.12\n      Handler: app.handler\n      Code:\n        ZipFile: \"def handler(event, context): return 1\"\n      KmsKeyArn: !GetAtt LambdaKey.Arn\n      Environment:\n        Variables:\n          API_TOKEN: abc123\n  LambdaKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n",
    },
    file: file!(),
};

impl Check for LambdaFunctionSecretsNotInPlainEnvironment {
    type Subject = Function;
    const META: &'static RuleMeta = &META;

    fn judge(&self, function: &Function, _: &Resource, _: &Inventory) -> Outcome {
        let names = match function.environment_variable_names.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(names) => names,
        };
        let secret: Vec<&str> = names
            .iter()
            .filter(|n| crate::ssm::secret_word(n).is_some())
            .map(String::as_str)
            .collect();
        if secret.is_empty() {
            return Outcome::Pass(Evidence::at(
                "environment_variable_names",
                "no environment variable is named like a secret",
            ));
        }
        match function.kms_key_arn.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(Some(key)) => Outcome::Pass(Evidence::at(
                "kms_key_arn",
                format!(
                    "variables named like secrets ({}) are encrypted with customer managed key {key}",
                    secret.join(", ")
                ),
            )),
            Ok(None) => Outcome::Fail(Evidence::at(
                "environment_variable_names",
                format!(
                    "variables named like secrets ({}) are encrypted only with the AWS managed key \
                     aws/lambda: readable by anyone allowed lambda:GetFunctionConfiguration",
                    secret.join(", ")
                ),
            )),
        }
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
            &LambdaFunctionSecretsNotInPlainEnvironment,
            &resource("api", Attributes::LambdaFunction(f)),
        )
    }

    fn env(names: &[&str], key: Option<&str>) -> Function {
        Function {
            environment_variable_names: Value::Known(names.iter().map(|n| n.to_string()).collect()),
            kms_key_arn: Value::Known(key.map(str::to_string)),
            ..Default::default()
        }
    }

    #[test]
    fn secret_names_need_a_customer_key() {
        assert_eq!(
            judge(env(&["DB_PASSWORD", "LOG_LEVEL"], None)),
            Status::Fail
        );
        assert_eq!(judge(env(&["STRIPE_API_KEY"], None)), Status::Fail);
        assert_eq!(
            judge(env(
                &["DB_PASSWORD"],
                Some("arn:aws:kms:us-east-1:123456789012:key/k")
            )),
            Status::Pass
        );
        assert_eq!(
            judge(env(&["LOG_LEVEL", "PUBLIC_KEY", "KMS_KEY_ID"], None)),
            Status::Pass
        );
        assert_eq!(judge(env(&[], None)), Status::Pass);
    }

    #[test]
    fn unreadable_is_unknown() {
        let mut f = env(&["DB_PASSWORD"], None);
        f.kms_key_arn = Value::unknown("denied");
        assert_eq!(judge(f), Status::Unknown);
        let f = Function {
            environment_variable_names: Value::unknown("denied"),
            ..Default::default()
        };
        assert_eq!(judge(f), Status::Unknown);
    }
}
