//! Lambda rules: function policies (not public, trusted accounts only), function URLs, runtimes, secrets in environment variables, VPC placement across zones, code signing and tracing.

mod lambda_function_code_signing_enabled;
mod lambda_function_in_vpc;
mod lambda_function_multi_az;
mod lambda_function_policy_not_public;
mod lambda_function_policy_trusted_accounts_only;
mod lambda_function_runtime_supported;
mod lambda_function_secrets_not_in_plain_environment;
mod lambda_function_tracing_active;
mod lambda_function_url_auth_required;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &lambda_function_policy_not_public::LambdaFunctionPolicyNotPublic,
    &lambda_function_policy_trusted_accounts_only::LambdaFunctionPolicyTrustedAccountsOnly,
    &lambda_function_url_auth_required::LambdaFunctionUrlAuthRequired,
    &lambda_function_runtime_supported::LambdaFunctionRuntimeSupported,
    &lambda_function_secrets_not_in_plain_environment::LambdaFunctionSecretsNotInPlainEnvironment,
    &lambda_function_in_vpc::LambdaFunctionInVpc,
    &lambda_function_multi_az::LambdaFunctionMultiAz,
    &lambda_function_code_signing_enabled::LambdaFunctionCodeSigningEnabled,
    &lambda_function_tracing_active::LambdaFunctionTracingActive,
];

use chrono::NaiveDate;
use cloudward_model::Inventory;

/// The day [`RUNTIMES`] was last checked against AWS's runtime page; code (which has no
/// snapshot date) is judged as of this day.
pub(crate) const TABLE_DATE: &str = "2026-12-01";

/// Lambda runtime identifiers and the day AWS deprecated them (or will), from
/// <https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html> (supported and
/// deprecated runtimes tables), as of [`TABLE_DATE`].
pub(crate) const RUNTIMES: &[(&str, &str)] = &[
    ("nodejs", "2016-10-31"),
    ("nodejs4.3", "2020-03-05"),
    ("nodejs4.3-edge", "2019-04-30"),
    ("nodejs6.10", "2019-08-12"),
    ("nodejs8.10", "2020-03-06"),
    ("nodejs10.x", "2021-07-30"),
    ("nodejs12.x", "2023-03-31"),
    ("nodejs14.x", "2023-12-04"),
    ("nodejs16.x", "2024-06-12"),
    ("nodejs18.x", "2025-09-01"),
    ("nodejs20.x", "2026-04-30"),
    ("nodejs22.x", "2027-04-30"),
    ("nodejs24.x", "2028-04-30"),
    ("python2.7", "2021-07-15"),
    ("python3.6", "2022-07-18"),
    ("python3.7", "2023-12-04"),
    ("python3.8", "2024-10-14"),
    ("python3.9", "2025-12-15"),
    ("python3.10", "2026-06-30"),
    ("python3.11", "2026-06-30"),
    ("python3.12", "2028-10-31"),
    ("python3.13", "2029-06-30"),
    ("python3.14", "2029-06-30"),
    ("java8", "2024-01-08"),
    ("java8.al2", "2026-06-30"),
    ("java11", "2026-06-30"),
    ("java17", "2026-06-30"),
    ("java21", "2029-06-30"),
    ("java25", "2029-06-30"),
    ("dotnetcore1.0", "2019-07-30"),
    ("dotnetcore2.0", "2019-05-30"),
    ("dotnetcore2.1", "2022-01-05"),
    ("dotnetcore3.1", "2023-04-03"),
    ("dotnet5.0", "2022-05-10"),
    ("dotnet6", "2024-12-20"),
    ("dotnet7", "2024-05-14"),
    ("dotnet8", "2026-11-10"),
    ("dotnet10", "2028-11-14"),
    ("go1.x", "2024-01-08"),
    ("ruby2.5", "2021-07-30"),
    ("ruby2.7", "2023-12-07"),
    ("ruby3.2", "2026-03-31"),
    ("ruby3.3", "2027-03-31"),
    ("ruby3.4", "2028-03-31"),
    ("provided", "2024-01-08"),
    ("provided.al2", "2026-06-30"),
    ("provided.al2023", "2029-06-30"),
];

/// The deprecation date of `runtime`, if the table knows it.
pub(crate) fn deprecation_date(runtime: &str) -> Option<NaiveDate> {
    RUNTIMES
        .iter()
        .find(|(r, _)| *r == runtime)
        .and_then(|(_, d)| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// The day a verdict is given for, and how it was chosen: the snapshot's collection date, or
/// for code the table's date.
pub(crate) fn judging_date(inventory: &Inventory) -> (NaiveDate, &'static str) {
    match inventory.collected_at {
        Some(at) => (at.date_naive(), "collected"),
        None => (
            NaiveDate::parse_from_str(TABLE_DATE, "%Y-%m-%d").expect("TABLE_DATE is a date"),
            "code judged as of the runtime table's date",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_date_parses() {
        for (runtime, _) in RUNTIMES {
            assert!(deprecation_date(runtime).is_some(), "{runtime}");
        }
        assert!(NaiveDate::parse_from_str(TABLE_DATE, "%Y-%m-%d").is_ok());
    }
}
