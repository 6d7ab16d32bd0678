//! CloudFront: `aws_cloudfront_distribution` (`origin`, `default_cache_behavior`,
//! `ordered_cache_behavior`, `viewer_certificate`, `logging_config`, `web_acl_id`,
//! `default_root_object`). Provider defaults: `viewer_certificate.minimum_protocol_version`
//! `TLSv1`, `cloudfront_default_certificate` false; a `logging_config` block turns standard
//! logging on; no `web_acl_id` is no web ACL.

use cloudward_model::cloudfront::{
    CacheBehavior, CustomOriginConfig, Distribution, Logging, Origin, ViewerCertificate,
};
use cloudward_model::{Attributes, Resource, Value};

use super::{
    blocks, bool_or, field, get, known_str, locate, opt_str, reason, resource, str_list, Index,
};
use crate::terraform::value::Val;

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_cloudfront_distribution") {
        let d = Distribution {
            id: i.address.clone(),
            domain_name: String::new(),
            cache_behaviors: behaviors(
                get(i, "default_cache_behavior"),
                get(i, "ordered_cache_behavior"),
            ),
            viewer_certificate: viewer_certificate(get(i, "viewer_certificate")),
            origins: origins(get(i, "origin")),
            web_acl_id: opt_str(get(i, "web_acl_id")).map(|w| w.filter(|w| !w.is_empty())),
            default_root_object: opt_str(get(i, "default_root_object"))
                .map(|r| r.filter(|r| !r.is_empty())),
            logging: match blocks(get(i, "logging_config")) {
                Err(e) => Value::Unknown(e),
                Ok(l) => Value::Known(match l.first() {
                    None => Logging::default(),
                    Some(l) => Logging {
                        enabled: true,
                        bucket: known_str(field(l, "bucket")).unwrap_or_default(),
                    },
                }),
            },
        };
        let mut r = resource(i, i.address.clone(), Attributes::CloudfrontDistribution(d));
        r.region = None;
        locate(
            &mut r,
            "cache_behaviors",
            i,
            "default_cache_behavior[0].viewer_protocol_policy",
        );
        locate(&mut r, "viewer_certificate", i, "viewer_certificate[0]");
        locate(&mut r, "origins", i, "origin[0]");
        locate(&mut r, "web_acl_id", i, "web_acl_id");
        locate(&mut r, "default_root_object", i, "default_root_object");
        locate(&mut r, "logging", i, "logging_config[0]");
        out.push(r);
    }
}

fn policy(v: Option<&Val>, what: &str) -> Result<String, String> {
    match v.map(Val::to_string_val) {
        Some(Ok(s)) => Ok(s),
        Some(Err(e)) => Err(reason(&e)),
        None => Err(format!("{what} sets no viewer_protocol_policy")),
    }
}

fn behaviors(default: Option<&Val>, ordered: Option<&Val>) -> Value<Vec<CacheBehavior>> {
    let build = || -> Result<Vec<CacheBehavior>, String> {
        let default = blocks(default)?;
        let Some(default) = default.first() else {
            return Err("no default_cache_behavior block".into());
        };
        let mut list = vec![CacheBehavior {
            path_pattern: None,
            viewer_protocol_policy: policy(
                field(default, "viewer_protocol_policy"),
                "default_cache_behavior",
            )?,
        }];
        for b in blocks(ordered)? {
            let pattern = known_str(field(b, "path_pattern")).unwrap_or_default();
            list.push(CacheBehavior {
                viewer_protocol_policy: policy(
                    field(b, "viewer_protocol_policy"),
                    "ordered_cache_behavior",
                )?,
                path_pattern: Some(pattern),
            });
        }
        Ok(list)
    };
    match build() {
        Ok(l) => Value::Known(l),
        Err(e) => Value::Unknown(e),
    }
}

fn viewer_certificate(v: Option<&Val>) -> Value<ViewerCertificate> {
    let certs = match blocks(v) {
        Ok(c) => c,
        Err(e) => return Value::Unknown(e),
    };
    let Some(c) = certs.first() else {
        return Value::unknown("no viewer_certificate block");
    };
    let text = |key: &str| opt_str(field(c, key)).map(|s| s.filter(|s| !s.is_empty()));
    let (default, acm, iam, method, minimum) = (
        bool_or(field(c, "cloudfront_default_certificate"), false),
        text("acm_certificate_arn"),
        text("iam_certificate_id"),
        text("ssl_support_method"),
        text("minimum_protocol_version"),
    );
    let reasons = [
        default.unknown_reason(),
        acm.unknown_reason(),
        iam.unknown_reason(),
        method.unknown_reason(),
        minimum.unknown_reason(),
    ];
    if let Some(r) = reasons.into_iter().flatten().next() {
        return Value::unknown(r);
    }
    Value::Known(ViewerCertificate {
        cloudfront_default_certificate: default.known().copied().unwrap_or(false),
        acm_certificate_arn: acm.known().cloned().flatten(),
        iam_certificate_id: iam.known().cloned().flatten(),
        ssl_support_method: method.known().cloned().flatten(),
        minimum_protocol_version: Some(
            minimum
                .known()
                .cloned()
                .flatten()
                .unwrap_or_else(|| "TLSv1".into()),
        ),
    })
}

fn origins(v: Option<&Val>) -> Value<Vec<Origin>> {
    let build = || -> Result<Vec<Origin>, String> {
        let mut list = Vec::new();
        for o in blocks(v)? {
            let s3 = blocks(field(o, "s3_origin_config"))?;
            let custom = blocks(field(o, "custom_origin_config"))?;
            let domain = match field(o, "domain_name").map(Val::to_string_val) {
                Some(Ok(d)) => d,
                Some(Err(e)) => return Err(reason(&e)),
                None => String::new(),
            };
            list.push(Origin {
                id: known_str(field(o, "origin_id")).unwrap_or_default(),
                domain_name: domain,
                s3_origin_access_identity: s3
                    .first()
                    .map(|s| known_str(field(s, "origin_access_identity")).unwrap_or_default()),
                origin_access_control_id: match field(o, "origin_access_control_id") {
                    None => None,
                    Some(v) => match v.to_string_val() {
                        Ok(s) if s.is_empty() => None,
                        Ok(s) => Some(s),
                        // A reference to an aws_cloudfront_origin_access_control: set.
                        Err(_) => Some("origin access control (known after apply)".to_string()),
                    },
                },
                custom_origin_config: match custom.first() {
                    None => None,
                    Some(c) => Some(CustomOriginConfig {
                        origin_protocol_policy: match field(c, "origin_protocol_policy")
                            .map(Val::to_string_val)
                        {
                            Some(Ok(p)) => p,
                            Some(Err(e)) => return Err(reason(&e)),
                            None => {
                                return Err(
                                    "custom_origin_config sets no origin_protocol_policy".into()
                                )
                            }
                        },
                        origin_ssl_protocols: str_list(field(c, "origin_ssl_protocols"))?,
                    }),
                },
            });
        }
        Ok(list)
    };
    match build() {
        Ok(l) => Value::Known(l),
        Err(e) => Value::Unknown(e),
    }
}
