//! Credentials in a member account: `sts:AssumeRole` of `arn:<partition>:iam::<account>:role/
//! <role name>` with session name `cloudward`, signed with the base configuration's own
//! credentials, so a profile that is itself an assumed role chains on (role chaining).
//!
//! The first AssumeRole is made up front, before the account is collected: a denial is then
//! that account's failure, with AWS's reason, instead of hundreds of failed calls. Later
//! credentials (a scan longer than the session) come from the SDK's `AssumeRoleProvider`,
//! which assumes the role again when the SDK's cache finds them expiring.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use aws_config::sts::AssumeRoleProvider;
use aws_config::SdkConfig;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{future, ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;
use aws_sdk_sts::operation::assume_role::AssumeRoleError;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::display::DisplayErrorContext;
use cloudward_model::ErrorKind;

use super::{AccountFailure, Member, OrgOptions};
use crate::classify::from_sdk;

/// The role session name every assumed session carries, so CloudTrail shows cloudward's
/// sessions as such.
pub(crate) const SESSION_NAME: &str = "cloudward";

/// Credentials handed out once more only when they stay valid at least this long.
const FRESH_FOR: Duration = Duration::from_secs(300);

/// Whether `name` is an IAM role name: 1-64 characters of `A-Z a-z 0-9 + = , . @ _ -`.
pub(crate) fn is_role_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
}

/// The role ARN assumed in `account`.
pub(crate) fn role_arn(partition: &str, account: &str, role_name: &str) -> String {
    format!("arn:{partition}:iam::{account}:role/{role_name}")
}

/// `base` with the credentials of the role in `member`, or why the role cannot be assumed.
pub(super) async fn member_config(
    base: &SdkConfig,
    partition: &str,
    member: &Member,
    org: &OrgOptions,
) -> Result<SdkConfig, AccountFailure> {
    let arn = role_arn(partition, &member.id, &org.role_name);
    let mut builder = AssumeRoleProvider::builder(arn.clone()).session_name(SESSION_NAME);
    if let Some(id) = &org.external_id {
        builder = builder.external_id(id);
    }
    let provider = builder.configure(base).build().await;
    tracing::debug!(service = "sts", api = "AssumeRole", role = %arn, "call");
    let first = provider
        .provide_credentials()
        .await
        .map_err(|e| failure(&arn, &e))?;
    let credentials = RoleCredentials {
        first: Mutex::new(Some(first)),
        provider,
    };
    Ok(base
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .build())
}

/// The failure of the AssumeRole of `arn`: classified like any failed call when the SDK's
/// error is inside (AccessDenied, throttled, network), with the role named.
fn failure(arn: &str, err: &CredentialsError) -> AccountFailure {
    let sdk = std::error::Error::source(err)
        .and_then(|e| e.downcast_ref::<SdkError<AssumeRoleError, HttpResponse>>());
    let (kind, said) = match sdk {
        Some(e) => {
            let api = from_sdk("sts", "AssumeRole", None, e);
            let said = match &api.code {
                Some(code) => format!("{code}: {}", api.message),
                None => api.message,
            };
            (api.kind, said)
        }
        None => (ErrorKind::Other, DisplayErrorContext(err).to_string()),
    };
    AccountFailure {
        service: "sts",
        api: "AssumeRole",
        kind,
        message: format!("could not assume {arn}: {said}"),
    }
}

/// The up-front credentials first, then the provider's.
#[derive(Debug)]
struct RoleCredentials {
    first: Mutex<Option<Credentials>>,
    provider: AssumeRoleProvider,
}

impl ProvideCredentials for RoleCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        let first = self
            .first
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let fresh = first.filter(|c| {
            c.expiry()
                .is_none_or(|at| at > SystemTime::now() + FRESH_FOR)
        });
        match fresh {
            Some(credentials) => future::ProvideCredentials::ready(Ok(credentials)),
            None => self.provider.provide_credentials(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_follow_iam_rules() {
        assert!(is_role_name("OrganizationAccountAccessRole"));
        assert!(is_role_name("audit+read=only,x.y@z_w-v"));
        assert!(!is_role_name(""));
        assert!(!is_role_name("path/Role"));
        assert!(!is_role_name(&"a".repeat(65)));
    }

    #[test]
    fn the_role_arn_names_the_member_account() {
        assert_eq!(
            role_arn("aws", "111111111111", "Audit"),
            "arn:aws:iam::111111111111:role/Audit"
        );
        assert_eq!(
            role_arn("aws-us-gov", "111111111111", "Audit"),
            "arn:aws-us-gov:iam::111111111111:role/Audit"
        );
    }
}
