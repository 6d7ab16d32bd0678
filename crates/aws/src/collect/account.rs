//! The account: who we are (`sts:GetCallerIdentity`) and which regions are enabled
//! (`ec2:DescribeRegions`, filtered on opt-in status here because emulators ignore the filter).

use aws_config::SdkConfig;
use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_types::error::display::DisplayErrorContext;
use cloudward_model::{account, Attributes, Value};

use crate::arn::partition_of;
use crate::classify::from_sdk;
use crate::context::{CollectContext, Identity};
use crate::Error;

/// `sts:GetCallerIdentity`; its failure ends the run. When the credential chain found nothing,
/// the SDK reports it as a failure of the request, before anything is sent; that is
/// [`Error::NoCredentials`] naming `profile` (the one the credentials were to come from), not
/// an STS failure.
pub(crate) async fn identity(
    config: &SdkConfig,
    region: &str,
    profile: Option<&str>,
) -> Result<Identity, Error> {
    tracing::debug!(service = "sts", api = "GetCallerIdentity", region, "call");
    let out = crate::config::sts_client(config)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| match credentials_error(&e) {
            Some(cause @ CredentialsError::CredentialsNotLoaded(_)) => {
                tracing::debug!(error = ?e, "the credential chain found no credentials");
                Error::NoCredentials {
                    profile: profile.map(str::to_string),
                    message: DisplayErrorContext(cause).to_string(),
                }
            }
            // Found but not usable (an expired SSO token, a failing credential_process).
            Some(cause) => Error::Identity {
                region: region.to_string(),
                message: format!(
                    "the credentials could not be loaded: {}",
                    DisplayErrorContext(cause)
                ),
            },
            None => Error::Identity {
                region: region.to_string(),
                message: from_sdk("sts", "GetCallerIdentity", Some(region.into()), &e).message,
            },
        })?;
    let account = out.account().unwrap_or_default().to_string();
    if account.is_empty() {
        return Err(Error::Identity {
            region: region.to_string(),
            message: "the answer carried no account id".into(),
        });
    }
    let partition = out
        .arn()
        .and_then(partition_of)
        .unwrap_or("aws")
        .to_string();
    Ok(Identity { account, partition })
}

/// The credentials-provider failure behind an SDK error, if that is what it is: the SDK
/// resolves credentials while it prepares the request and wraps that failure (a dispatch or
/// construction failure), so the error's source chain is searched for it.
fn credentials_error<'e>(
    err: &'e (dyn std::error::Error + 'static),
) -> Option<&'e CredentialsError> {
    let mut next = Some(err);
    while let Some(e) = next {
        if let Some(found) = e.downcast_ref::<CredentialsError>() {
            return Some(found);
        }
        next = e.source();
    }
    None
}

/// Whether a region's `OptInStatus` makes it usable.
fn is_enabled(opt_in_status: Option<&str>) -> bool {
    matches!(
        opt_in_status,
        Some("opt-in-not-required") | Some("opted-in")
    )
}

/// Push the `Account` resource; return the enabled regions when they could be read.
pub(super) async fn collect(ctx: &CollectContext) -> Option<Vec<String>> {
    let client = crate::config::ec2_client(&ctx.config);
    let enabled = match ctx
        .call(
            "DescribeRegions",
            client.describe_regions().all_regions(true).send(),
        )
        .await
    {
        Ok(out) => {
            let mut regions: Vec<String> = out
                .regions()
                .iter()
                .filter(|r| is_enabled(r.opt_in_status()))
                .filter_map(|r| r.region_name().map(str::to_string))
                .collect();
            regions.sort();
            Value::Known(regions)
        }
        Err(err) => {
            ctx.listing_failed(&err, &[]);
            Value::unknown(err.reason())
        }
    };
    let regions = enabled.known().cloned();
    let id = format!("arn:{}:account::{}:account", ctx.partition(), ctx.account());
    ctx.push(ctx.resource(
        id,
        ctx.account().to_string(),
        Attributes::Account(account::Account {
            account_id: ctx.account().to_string(),
            enabled_regions: enabled,
        }),
    ));
    regions
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_sts::error::SdkError;
    use aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityError;
    use aws_smithy_runtime_api::http::Response;

    /// The SDK wraps a failed credential chain in the request's error; it is found there, and
    /// an ordinary network failure is not mistaken for it (issue 8).
    #[test]
    fn a_credentials_failure_is_found_in_the_sdk_error() {
        let no_credentials: SdkError<GetCallerIdentityError, Response> =
            SdkError::construction_failure(CredentialsError::not_loaded("no providers in chain"));
        assert!(matches!(
            credentials_error(&no_credentials),
            Some(CredentialsError::CredentialsNotLoaded(_))
        ));
        let network: SdkError<GetCallerIdentityError, Response> = SdkError::construction_failure(
            std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused"),
        );
        assert!(credentials_error(&network).is_none());
    }

    #[test]
    fn opt_in_status_decides_enabled() {
        assert!(is_enabled(Some("opt-in-not-required")));
        assert!(is_enabled(Some("opted-in")));
        assert!(!is_enabled(Some("not-opted-in")));
        assert!(!is_enabled(None));
    }
}
