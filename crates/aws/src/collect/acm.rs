//! AWS Certificate Manager, per region: `ListCertificates` (every key type: by default the API
//! returns RSA-2048 certificates only), then `DescribeCertificate` for each (type, expiry, key
//! algorithm, certificate transparency logging preference).

use std::sync::Arc;

use aws_sdk_acm::types::{CertificateDetail, Filters, KeyAlgorithm};
use cloudward_model::acm::Certificate;
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the certificates of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_acm, &ctx.config);
    let client = &client;
    let every_key_type = Filters::builder()
        .set_key_types(Some(
            KeyAlgorithm::values()
                .iter()
                .map(|v| KeyAlgorithm::from(*v))
                .collect(),
        ))
        .build();
    let every_key_type = &every_key_type;
    let listed = paginate(ctx, "ListCertificates", |token| async move {
        let out = ctx
            .call(
                "ListCertificates",
                client
                    .list_certificates()
                    .includes(every_key_type.clone())
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out
                .certificate_summary_list()
                .iter()
                .filter_map(|c| {
                    Some((
                        c.certificate_arn()?.to_string(),
                        c.domain_name().unwrap_or_default().to_string(),
                    ))
                })
                .collect(),
        })
    })
    .await;
    let listed = match listed {
        Ok(l) => l,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::AcmCertificate]);
            return;
        }
    };
    let certificates = join_all(listed.into_iter().map(|(arn, domain)| async move {
        let got = ctx
            .call_on(
                &format!("certificate {arn}"),
                "DescribeCertificate",
                client.describe_certificate().certificate_arn(&arn).send(),
            )
            .await;
        let certificate = match got {
            Err(err) => {
                let unknown: Value<String> = ctx.failed(&err);
                let reason = unknown.unknown_reason().unwrap_or_default().to_string();
                Certificate {
                    domain_name: domain.clone(),
                    r#type: Value::Unknown(reason.clone()),
                    status: Value::Unknown(reason.clone()),
                    not_after: Value::Unknown(reason.clone()),
                    key_algorithm: Value::Unknown(reason.clone()),
                    certificate_transparency_logging_preference: Value::Unknown(reason),
                    in_use_by: Vec::new(),
                }
            }
            Ok(out) => match out.certificate() {
                Some(detail) => certificate(&domain, detail),
                None => {
                    let reason = format!("DescribeCertificate returned no Certificate for {arn}");
                    Certificate {
                        domain_name: domain.clone(),
                        r#type: Value::unknown(reason.clone()),
                        status: Value::unknown(reason.clone()),
                        not_after: Value::unknown(reason.clone()),
                        key_algorithm: Value::unknown(reason.clone()),
                        certificate_transparency_logging_preference: Value::unknown(reason),
                        in_use_by: Vec::new(),
                    }
                }
            },
        };
        (arn, certificate)
    }))
    .await;
    for (arn, certificate) in certificates {
        let name = certificate.domain_name.clone();
        ctx.push(ctx.resource(arn, name, Attributes::AcmCertificate(certificate)));
    }
}

fn certificate(domain: &str, d: &CertificateDetail) -> Certificate {
    let missing = |field: &str| {
        Value::unknown(format!(
            "DescribeCertificate returned no {field} for {domain}"
        ))
    };
    Certificate {
        domain_name: d.domain_name().unwrap_or(domain).to_string(),
        r#type: d
            .r#type()
            .map_or_else(|| missing("Type"), |t| Value::Known(t.as_str().to_string())),
        status: d.status().map_or_else(
            || missing("Status"),
            |s| Value::Known(s.as_str().to_string()),
        ),
        // No NotAfter until the certificate is issued.
        not_after: Value::Known(d.not_after().and_then(crate::convert::time)),
        key_algorithm: d.key_algorithm().map_or_else(
            || missing("KeyAlgorithm"),
            |k| Value::Known(k.as_str().to_string()),
        ),
        // Options are absent for certificates requested before the preference existed, whose
        // issuance logged them (the default is ENABLED). The SDK deprecates the field because
        // new certificates can no longer opt out; certificates that opted out earlier still
        // report DISABLED here.
        #[allow(deprecated)]
        certificate_transparency_logging_preference: Value::Known(
            d.options()
                .and_then(|o| o.certificate_transparency_logging_preference())
                .map_or("ENABLED", |p| p.as_str())
                .to_string(),
        ),
        in_use_by: d.in_use_by().to_vec(),
    }
}
