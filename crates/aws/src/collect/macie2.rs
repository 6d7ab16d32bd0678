//! Amazon Macie, per region: `GetMacieSession`. AWS answers an account without a Macie
//! session with `AccessDeniedException` "Macie is not enabled" (emulators with
//! `ResourceNotFoundException`, the session does not exist): that is a known `DISABLED`, not a
//! denial.

use std::sync::Arc;

use cloudward_model::macie2::RegionStatus;
use cloudward_model::{Attributes, Value};

use crate::classify::ApiError;
use crate::context::CollectContext;

/// Whether an error is AWS's "this account has no Macie session".
fn is_not_enabled(err: &ApiError) -> bool {
    err.is_code("ResourceNotFoundException")
        || (err.is_code("AccessDeniedException")
            && err
                .message
                .to_ascii_lowercase()
                .contains("macie is not enabled"))
}

/// Collect one region into a `Macie2Region` resource.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_macie2, &ctx.config);
    let status = match ctx
        .call("GetMacieSession", client.get_macie_session().send())
        .await
    {
        Ok(out) => match out.status() {
            Some(s) => Value::Known(s.as_str().to_string()),
            None => Value::unknown("GetMacieSession returned no status"),
        },
        Err(err) if is_not_enabled(&err) => Value::Known("DISABLED".to_string()),
        Err(err) => ctx.failed(&err),
    };
    let region = ctx.arn_region().to_string();
    ctx.push(ctx.resource(
        crate::arn::arn(ctx.partition(), "macie2", &region, ctx.account(), "session"),
        region,
        Attributes::Macie2Region(RegionStatus { status }),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudward_model::ErrorKind;

    fn err(code: &str, message: &str) -> ApiError {
        ApiError {
            service: "macie2",
            api: "GetMacieSession",
            region: Some("us-east-1".into()),
            kind: ErrorKind::AccessDenied,
            code: Some(code.into()),
            message: message.into(),
            detail: None,
            subject: None,
            short_circuited: false,
        }
    }

    #[test]
    fn not_enabled_is_known_off_a_real_denial_is_not() {
        assert!(is_not_enabled(&err(
            "AccessDeniedException",
            "Macie is not enabled."
        )));
        assert!(!is_not_enabled(&err(
            "AccessDeniedException",
            "User is not authorized to perform: macie2:GetMacieSession"
        )));
    }
}
