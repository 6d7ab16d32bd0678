//! AWS Lambda functions (`ListFunctions`, `GetPolicy`, `ListFunctionUrlConfigs`,
//! `GetFunctionCodeSigningConfig`). Environment variable values are never read into the
//! model: only their names.

use serde::{Deserialize, Serialize};

use crate::policy::PolicyDocument;
use crate::Value;

/// A Lambda function (its `$LATEST` configuration).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Function {
    /// `FunctionName`.
    pub function_name: String,
    /// `FunctionArn`.
    pub function_arn: String,
    /// `PackageType`: `Zip` or `Image`. A container image function has no managed runtime.
    pub package_type: Value<String>,
    /// `Runtime` (`python3.12`, `nodejs20.x`, ...); `None` for container images.
    pub runtime: Value<Option<String>>,
    /// The names of `Environment.Variables` (never their values), sorted.
    pub environment_variable_names: Value<Vec<String>>,
    /// `KMSKeyArn`: the customer managed key that encrypts the environment variables; `None`:
    /// the AWS managed key `aws/lambda`.
    pub kms_key_arn: Value<Option<String>>,
    /// `VpcConfig.SubnetIds`: empty when the function is not connected to a VPC.
    pub vpc_subnet_ids: Value<Vec<String>>,
    /// `TracingConfig.Mode`: `Active` or `PassThrough`.
    pub tracing_mode: Value<String>,
    /// The function's resource-based policy (`GetPolicy`; `None`: no policy).
    pub policy: Value<Option<PolicyDocument>>,
    /// The `AuthType` of each function URL (`ListFunctionUrlConfigs`): `AWS_IAM` or `NONE`.
    pub url_auth_types: Value<Vec<String>>,
    /// `CodeSigningConfigArn` (`GetFunctionCodeSigningConfig`; `None`: no code signing).
    pub code_signing_config_arn: Value<Option<String>>,
    /// The execution role's ARN (`Role`): what the function's code acts as, and so what an
    /// exposed function hands an attacker (the exposure graph follows it). Snapshots written
    /// before the field existed read as Unknown.
    #[serde(default)]
    pub role: Value<String>,
}

/// `Image`: a function deployed as a container image (no managed runtime).
pub const IMAGE: &str = "Image";
