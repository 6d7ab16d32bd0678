//! CloudFront: `AWS::CloudFront::Distribution` (`DistributionConfig`). Defaults: without a
//! `ViewerCertificate` CloudFront serves its default certificate (TLSv1);
//! `MinimumProtocolVersion` defaults to `TLSv1`; no `Logging` is logging off; no `WebACLId`
//! is no web ACL.

use cloudward_model::cloudfront::{
    CacheBehavior, CustomOriginConfig, Distribution, Logging, Origin, ViewerCertificate,
};
use cloudward_model::{Attributes, Value};

use super::eval::Val;
use super::{known, locations, Template};

/// An optional string property (`None` when absent or empty).
pub(crate) fn opt_string(v: Option<&Val>, what: &str) -> Result<Option<String>, String> {
    match v {
        None => Ok(None),
        Some(v) => v
            .string()
            .map(|s| Some(s).filter(|s| !s.is_empty()))
            .map_err(|r| format!("{what}: {r}")),
    }
}

fn behaviors(c: &Val) -> Result<Vec<CacheBehavior>, String> {
    let Some(default) = c.get("DefaultCacheBehavior") else {
        return Err("no DefaultCacheBehavior".into());
    };
    let policy = |b: &Val| -> Result<String, String> {
        opt_string(b.get("ViewerProtocolPolicy"), "ViewerProtocolPolicy")?
            .ok_or_else(|| "a cache behaviour has no ViewerProtocolPolicy".to_string())
    };
    let mut list = vec![CacheBehavior {
        path_pattern: None,
        viewer_protocol_policy: policy(default)?,
    }];
    if let Some(items) = c.get("CacheBehaviors") {
        for b in items.list()? {
            list.push(CacheBehavior {
                path_pattern: Some(
                    opt_string(b.get("PathPattern"), "PathPattern")?.unwrap_or_default(),
                ),
                viewer_protocol_policy: policy(b)?,
            });
        }
    }
    Ok(list)
}

fn viewer_certificate(c: &Val) -> Result<ViewerCertificate, String> {
    let Some(v) = c.get("ViewerCertificate") else {
        return Ok(ViewerCertificate {
            cloudfront_default_certificate: true,
            minimum_protocol_version: Some("TLSv1".into()),
            ..Default::default()
        });
    };
    Ok(ViewerCertificate {
        cloudfront_default_certificate: match v.get("CloudFrontDefaultCertificate") {
            None => false,
            Some(b) => b.boolean()?,
        },
        acm_certificate_arn: opt_string(v.get("AcmCertificateArn"), "AcmCertificateArn")?,
        iam_certificate_id: opt_string(v.get("IamCertificateId"), "IamCertificateId")?,
        ssl_support_method: opt_string(v.get("SslSupportMethod"), "SslSupportMethod")?,
        minimum_protocol_version: Some(
            opt_string(v.get("MinimumProtocolVersion"), "MinimumProtocolVersion")?
                .unwrap_or_else(|| "TLSv1".into()),
        ),
    })
}

fn origins(c: &Val) -> Result<Vec<Origin>, String> {
    let Some(items) = c.get("Origins") else {
        return Ok(Vec::new());
    };
    let mut list = Vec::new();
    for o in items.list()? {
        let custom = match o.get("CustomOriginConfig") {
            None => None,
            Some(cc) => Some(CustomOriginConfig {
                origin_protocol_policy: opt_string(
                    cc.get("OriginProtocolPolicy"),
                    "OriginProtocolPolicy",
                )?
                .ok_or_else(|| "CustomOriginConfig without OriginProtocolPolicy".to_string())?,
                // CloudFormation documents no default for an unset list: Unknown.
                origin_ssl_protocols: match cc.get("OriginSSLProtocols") {
                    None => {
                        return Err(
                            "OriginSSLProtocols is not set and CloudFormation documents \
                                    no default"
                                .into(),
                        )
                    }
                    Some(p) => p
                        .list()?
                        .iter()
                        .map(Val::string)
                        .collect::<Result<_, _>>()?,
                },
            }),
        };
        list.push(Origin {
            id: opt_string(o.get("Id"), "Id")?.unwrap_or_default(),
            domain_name: opt_string(o.get("DomainName"), "DomainName")?.unwrap_or_default(),
            s3_origin_access_identity: match o.get("S3OriginConfig") {
                None => None,
                Some(s) => Some(
                    opt_string(s.get("OriginAccessIdentity"), "OriginAccessIdentity")?
                        .unwrap_or_default(),
                ),
            },
            origin_access_control_id: match o.get("OriginAccessControlId") {
                None => None,
                // A Ref to an AWS::CloudFront::OriginAccessControl: set.
                Some(v) => v.id().ok().filter(|s| !s.is_empty()),
            },
            custom_origin_config: custom,
        });
    }
    Ok(list)
}

pub(crate) fn adapt(t: &mut Template<'_>) {
    let decls: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::CloudFront::Distribution")
        .collect();
    for i in decls {
        let decl = &t.decls[i];
        let Some(c) = decl.props.get("DistributionConfig") else {
            const MISSING: &str = "the distribution has no DistributionConfig";
            let d = Distribution {
                id: decl.logical_id.clone(),
                domain_name: String::new(),
                cache_behaviors: Value::unknown(MISSING),
                viewer_certificate: Value::unknown(MISSING),
                origins: Value::unknown(MISSING),
                web_acl_id: Value::unknown(MISSING),
                default_root_object: Value::unknown(MISSING),
                logging: Value::unknown(MISSING),
            };
            let name = decl.logical_id.clone();
            t.push(
                i,
                name,
                Attributes::CloudfrontDistribution(d),
                Default::default(),
            );
            continue;
        };
        let d = Distribution {
            id: decl.logical_id.clone(),
            domain_name: String::new(),
            cache_behaviors: known(behaviors(c)),
            viewer_certificate: known(viewer_certificate(c)),
            origins: known(origins(c)),
            web_acl_id: known(opt_string(c.get("WebACLId"), "WebACLId")),
            default_root_object: known(opt_string(c.get("DefaultRootObject"), "DefaultRootObject")),
            logging: match c.get("Logging") {
                None => Value::Known(Logging::default()),
                Some(l) => known(
                    opt_string(l.get("Bucket"), "Logging.Bucket").map(|b| Logging {
                        enabled: true,
                        bucket: b.unwrap_or_default(),
                    }),
                ),
            },
        };
        let locs = locations(
            t,
            [
                (
                    "cache_behaviors".to_string(),
                    c.key_pos("DefaultCacheBehavior"),
                ),
                (
                    "viewer_certificate".to_string(),
                    c.key_pos("ViewerCertificate"),
                ),
                ("origins".to_string(), c.key_pos("Origins")),
                ("web_acl_id".to_string(), c.key_pos("WebACLId")),
                (
                    "default_root_object".to_string(),
                    c.key_pos("DefaultRootObject"),
                ),
                ("logging".to_string(), c.key_pos("Logging")),
            ],
        );
        let name = decl.logical_id.clone();
        t.push(i, name, Attributes::CloudfrontDistribution(d), locs);
    }
}
