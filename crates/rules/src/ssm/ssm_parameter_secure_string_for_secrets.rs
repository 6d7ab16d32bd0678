//! Parameters whose names say they hold a secret are `SecureString`.

use cloudward_model::ssm::{Parameter, SECURE_STRING};
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `DescribeParameters` `Name` and `Type` (never the value). The name is split into
/// words at every character that is not a letter or digit and at lower-to-upper case changes
/// (`/prod/db/masterPassword` → prod, db, master, password), and compared case-insensitively
/// with [`SECRET_WORDS`]. `key` preceded by `public`, or followed by `id`, `arn`, `alias` or
/// `name`, names no secret (`/ssh/public-key`, `/app/kms-key-id`). Only whole words count:
/// `keyboard` or `tokenizer` do not. A name that says nothing of a secret passes: the
/// requirement is about secret-looking names only.
pub struct SsmParameterSecureStringForSecrets;

/// Words that say a parameter holds a secret.
pub(crate) const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "secrets",
    "token",
    "tokens",
    "key",
    "keys",
    "apikey",
    "privatekey",
    "credential",
    "credentials",
];

const META: RuleMeta = RuleMeta {
    id: "ssm-parameter-secure-string-for-secrets",
    title: "SSM parameters named like secrets are SecureString",
    severity: Severity::High,
    service: "ssm",
    kinds: Parameter::KINDS,
    checks: "For each Parameter Store parameter whose name contains the word password, passwd, \
             passphrase, secret, token, key, apikey, privatekey or credential(s) (whole words, \
             any case, camelCase split), whether its type is SecureString. Parameter values are \
             never read.",
    rationale: "String and StringList parameters are stored and returned in plain text: anyone \
                with ssm:GetParameter or ssm:DescribeParameters history, every deployment log \
                and the CloudFormation console can see them. A SecureString is encrypted with \
                KMS and needs kms:Decrypt as well.",
    remediation: Remediation {
        console: "Systems Manager console > Parameter Store > <parameter>: note the consumers, \
                  delete it and create it again with Type SecureString (the type cannot be \
                  changed in place), then rotate the credential, which was stored in plain text.",
        cli: "aws ssm put-parameter --name <name> --type SecureString --value <value> --overwrite",
        terraform: "resource \"aws_ssm_parameter\" \"this\" {\n  name   = \"/<app>/db/password\"\n  type   = \"SecureString\"\n  key_id = aws_kms_key.params.arn\n  value  = var.db_password\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-parameter-store.html",
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ssm-parameter.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC02-BP03", "SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ssm_parameter\" \"db_password\" {\n  name  = \"/prod/db/password\"\n  type  = \"String\"\n  value = var.db_password\n}\n\nvariable \"db_password\" {\n  type      = string\n  sensitive = true\n}\n",
        terraform_good: "resource \"aws_ssm_parameter\" \"db_password\" {\n  name  = \"/prod/db/password\"\n  type  = \"SecureString\"\n  value = var.db_password\n}\n\nvariable \"db_password\" {\n  type      = string\n  sensitive = true\n}\n",
        // CloudFormation cannot create SecureString parameters: the fix is to keep the secret
        // out of the template (Secrets Manager, or a SecureString made outside CloudFormation
        // and read with {{resolve:ssm-secure:...}}) and keep only non-secret settings here.
        cloudformation_bad: "Resources:\n  DbPassword:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Name: /prod/db/password\n      Type: String\n      Value: hunter2\n",
        cloudformation_good: "Resources:\n  DbHost:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Name: /prod/db/host\n      Type: String\n      Value: db.internal.example.com\n",
    },
    file: file!(),
};

/// The words of a parameter name (see the rule's documentation), lower-cased.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The first word of `name` that says it holds a secret.
pub(crate) fn secret_word(name: &str) -> Option<String> {
    let words = words(name);
    words.iter().enumerate().find_map(|(i, w)| {
        if !SECRET_WORDS.contains(&w.as_str()) {
            return None;
        }
        if w == "key" || w == "keys" {
            let before = i.checked_sub(1).map(|j| words[j].as_str());
            let after = words.get(i + 1).map(String::as_str);
            if before == Some("public") || matches!(after, Some("id" | "arn" | "alias" | "name")) {
                return None;
            }
        }
        Some(w.clone())
    })
}

impl Check for SsmParameterSecureStringForSecrets {
    type Subject = Parameter;
    const META: &'static RuleMeta = &META;

    fn judge(&self, parameter: &Parameter, _: &Resource, _: &Inventory) -> Outcome {
        if let Some(reason) = &parameter.name_unresolved {
            return Outcome::unknown(format!("the parameter's name is not known: {reason}"));
        }
        let Some(word) = secret_word(&parameter.name) else {
            return Outcome::Pass(Evidence::at(
                "name",
                format!("the name {} does not say it holds a secret", parameter.name),
            ));
        };
        match parameter.r#type.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(t) if t == SECURE_STRING => Outcome::Pass(Evidence::at(
                "type",
                format!("named like a secret (\"{word}\") and stored as SecureString"),
            )),
            Ok(t) => Outcome::Fail(Evidence::at(
                "type",
                format!("named like a secret (\"{word}\") but stored as {t}, in plain text"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing::judge;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn parameter(name: &str, r#type: Value<String>) -> Resource {
        test_support::resource(
            name,
            Attributes::SsmParameter(Parameter {
                name: name.into(),
                r#type,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn word_matching() {
        assert_eq!(
            secret_word("/prod/db/masterPassword").as_deref(),
            Some("password")
        );
        assert_eq!(secret_word("GITHUB_TOKEN").as_deref(), Some("token"));
        assert_eq!(secret_word("/app/api-key").as_deref(), Some("key"));
        assert_eq!(secret_word("/ssh/public-key"), None);
        assert_eq!(secret_word("/app/kms-key-id"), None);
        assert_eq!(secret_word("/app/keyboard-layout"), None);
        assert_eq!(secret_word("/app/tokenizer"), None);
        assert_eq!(secret_word("/app/log-level"), None);
    }

    #[test]
    fn pass_fail_unknown() {
        let rule = &SsmParameterSecureStringForSecrets;
        let secure = parameter("/db/password", Value::Known(SECURE_STRING.into()));
        assert_eq!(judge(rule, &secure), Status::Pass);
        let plain = parameter("/db/password", Value::Known("String".into()));
        assert_eq!(judge(rule, &plain), Status::Fail);
        let harmless = parameter("/db/host", Value::Known("String".into()));
        assert_eq!(judge(rule, &harmless), Status::Pass);
        let unknown = parameter("/db/password", Value::unknown("denied"));
        assert_eq!(judge(rule, &unknown), Status::Unknown);
        let mut unresolved = parameter("aws_ssm_parameter.p", Value::Known("String".into()));
        if let Attributes::SsmParameter(p) = &mut unresolved.attributes {
            p.name_unresolved = Some("var.name is not set".into());
        }
        assert_eq!(judge(rule, &unresolved), Status::Unknown);
    }
}
