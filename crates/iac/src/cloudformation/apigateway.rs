//! API Gateway: `AWS::ApiGateway::Stage` (inline `MethodSettings`, `AccessLogSetting`,
//! `ClientCertificateId`, `TracingEnabled`, `CacheClusterEnabled`) with the
//! `AWS::WAFv2::WebACLAssociation`s that may name it, `AWS::ApiGateway::Method`,
//! `AWS::ApiGateway::DomainName`; `AWS::ApiGatewayV2::Route` and `AWS::ApiGatewayV2::Stage`,
//! whose protocol comes from their `AWS::ApiGatewayV2::Api`. Defaults: tracing and cache off,
//! `LoggingLevel` `OFF`, `AuthorizationType` `NONE`, `ApiKeyRequired` false; an unset
//! `SecurityPolicy` is Unknown (AWS documents no single default for every endpoint type).

use cloudward_model::apigateway::{DomainName, Method, MethodSetting, Stage};
use cloudward_model::apigatewayv2;
use cloudward_model::{Attributes, Value};

use super::cloudfront::opt_string;
use super::eval::Val;
use super::{known, locations, Template};

fn flag(v: Option<&Val>, default: bool, what: &str) -> Result<bool, String> {
    match v {
        None => Ok(default),
        Some(v) => v.boolean().map_err(|r| format!("{what}: {r}")),
    }
}

fn method_settings(p: &Val) -> Result<Vec<MethodSetting>, String> {
    let Some(items) = p.get("MethodSettings") else {
        return Ok(Vec::new());
    };
    let mut list = Vec::new();
    for m in items.list()? {
        let path =
            opt_string(m.get("ResourcePath"), "ResourcePath")?.unwrap_or_else(|| "/*".into());
        let verb = opt_string(m.get("HttpMethod"), "HttpMethod")?.unwrap_or_else(|| "*".into());
        let key = if path == "/*" && verb == "*" {
            "*/*".to_string()
        } else {
            format!("{}/{verb}", path.trim_start_matches('/'))
        };
        list.push(MethodSetting {
            key,
            logging_level: opt_string(m.get("LoggingLevel"), "LoggingLevel")?
                .unwrap_or_else(|| "OFF".into()),
            caching_enabled: flag(m.get("CachingEnabled"), false, "CachingEnabled")?,
            cache_data_encrypted: flag(m.get("CacheDataEncrypted"), false, "CacheDataEncrypted")?,
        });
    }
    list.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(list)
}

/// The web ACL associated with stage `stage_name` of REST API `api` (its literal id, if any).
fn web_acl(t: &Template<'_>, api: Option<&str>, stage_name: &str) -> Value<Option<String>> {
    let mut found: Value<Option<String>> = Value::Known(None);
    for a in t.of_type("AWS::WAFv2::WebACLAssociation") {
        let acl = a
            .props
            .get("WebACLArn")
            .and_then(|w| w.id().ok())
            .unwrap_or_else(|| format!("{}.WebACLArn", a.logical_id));
        match a.props.get("ResourceArn").map(Val::string) {
            Some(Ok(arn)) => {
                let names = api.is_some_and(|api| {
                    arn.ends_with(&format!("/restapis/{api}/stages/{stage_name}"))
                });
                if names {
                    return match &a.existence_unknown {
                        Some(why) => {
                            Value::Unknown(format!("{} may not exist: {why}", a.logical_id))
                        }
                        None => Value::Known(Some(acl)),
                    };
                }
                if arn.ends_with(&format!("/stages/{stage_name}")) && api.is_none() {
                    found = Value::unknown(format!(
                        "{} names a stage {stage_name}, and this stage's API id is only known at deployment",
                        a.logical_id
                    ));
                }
            }
            Some(Err(reason)) => {
                found = Value::unknown(format!(
                    "{} associates a web ACL with a resource only known at deployment ({reason})",
                    a.logical_id
                ));
            }
            None => {}
        }
    }
    found
}

pub(crate) fn adapt(t: &mut Template<'_>) {
    let stages: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::ApiGateway::Stage")
        .collect();
    for i in stages {
        let decl = &t.decls[i];
        let p = &decl.props;
        let api_ref = p.get("RestApiId");
        let api_literal = api_ref.and_then(|v| v.string().ok());
        let api_key = api_ref.and_then(|v| v.id().ok()).unwrap_or_default();
        let stage_name = decl.name_or_logical_id("StageName");
        let s = Stage {
            rest_api_id: api_key.clone(),
            rest_api_name: api_key,
            stage_name: stage_name.clone(),
            method_settings: known(method_settings(p)),
            access_log_destination: match p.get("AccessLogSetting") {
                None => Value::Known(None),
                Some(a) => known(opt_string(a.get("DestinationArn"), "DestinationArn")),
            },
            client_certificate_id: match p.get("ClientCertificateId") {
                None => Value::Known(None),
                Some(v) => known(v.id().map(Some)),
            },
            tracing_enabled: known(flag(p.get("TracingEnabled"), false, "TracingEnabled")),
            web_acl_arn: web_acl(t, api_literal.as_deref(), &stage_name),
            cache_cluster_enabled: known(flag(
                p.get("CacheClusterEnabled"),
                false,
                "CacheClusterEnabled",
            )),
        };
        let locs = locations(
            t,
            [
                ("method_settings".to_string(), p.key_pos("MethodSettings")),
                (
                    "access_log_destination".to_string(),
                    p.key_pos("AccessLogSetting"),
                ),
                (
                    "client_certificate_id".to_string(),
                    p.key_pos("ClientCertificateId"),
                ),
                ("tracing_enabled".to_string(), p.key_pos("TracingEnabled")),
                (
                    "cache_cluster_enabled".to_string(),
                    p.key_pos("CacheClusterEnabled"),
                ),
            ],
        );
        t.push(i, stage_name, Attributes::ApigatewayStage(s), locs);
    }

    let methods: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::ApiGateway::Method")
        .collect();
    for i in methods {
        let decl = &t.decls[i];
        let p = &decl.props;
        let verb = p
            .get("HttpMethod")
            .and_then(|v| v.string().ok())
            .unwrap_or_default();
        let path = p
            .get("ResourceId")
            .and_then(|v| v.id().ok())
            .unwrap_or_else(|| decl.logical_id.clone());
        let m = Method {
            rest_api_id: p
                .get("RestApiId")
                .and_then(|v| v.id().ok())
                .unwrap_or_default(),
            resource_path: path.clone(),
            http_method: verb.clone(),
            authorization_type: known(
                opt_string(p.get("AuthorizationType"), "AuthorizationType")
                    .map(|a| a.unwrap_or_else(|| "NONE".into())),
            ),
            api_key_required: known(flag(p.get("ApiKeyRequired"), false, "ApiKeyRequired")),
        };
        let locs = locations(
            t,
            [
                (
                    "authorization_type".to_string(),
                    p.key_pos("AuthorizationType"),
                ),
                ("api_key_required".to_string(), p.key_pos("ApiKeyRequired")),
            ],
        );
        t.push(
            i,
            format!("{verb} {path}"),
            Attributes::ApigatewayMethod(m),
            locs,
        );
    }

    let domains: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::ApiGateway::DomainName")
        .collect();
    for i in domains {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("DomainName");
        let d = DomainName {
            domain_name: name.clone(),
            security_policy: match opt_string(p.get("SecurityPolicy"), "SecurityPolicy") {
                Ok(Some(s)) => Value::Known(s),
                Ok(None) => Value::unknown(
                    "SecurityPolicy is not set: AWS documents no single default for every endpoint type",
                ),
                Err(r) => Value::Unknown(r),
            },
        };
        let locs = locations(
            t,
            [("security_policy".to_string(), p.key_pos("SecurityPolicy"))],
        );
        t.push(i, name, Attributes::ApigatewayDomainName(d), locs);
    }

    let protocol = |t: &Template<'_>, p: &Val| -> String {
        p.get("ApiId")
            .and_then(|v| t.target(v))
            .and_then(|id| t.decl(&id))
            .and_then(|d| d.props.get("ProtocolType"))
            .and_then(|v| v.string().ok())
            .unwrap_or_default()
    };
    let routes: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::ApiGatewayV2::Route")
        .collect();
    for i in routes {
        let decl = &t.decls[i];
        let p = &decl.props;
        let key = p
            .get("RouteKey")
            .and_then(|v| v.string().ok())
            .unwrap_or_default();
        let r = apigatewayv2::Route {
            api_id: p.get("ApiId").and_then(|v| v.id().ok()).unwrap_or_default(),
            protocol_type: protocol(t, p),
            route_key: key.clone(),
            authorization_type: known(
                opt_string(p.get("AuthorizationType"), "AuthorizationType")
                    .map(|a| a.unwrap_or_else(|| "NONE".into())),
            ),
        };
        let locs = locations(
            t,
            [(
                "authorization_type".to_string(),
                p.key_pos("AuthorizationType"),
            )],
        );
        t.push(i, key, Attributes::Apigatewayv2Route(r), locs);
    }
    let v2_stages: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::ApiGatewayV2::Stage")
        .collect();
    for i in v2_stages {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("StageName");
        let s = apigatewayv2::Stage {
            api_id: p.get("ApiId").and_then(|v| v.id().ok()).unwrap_or_default(),
            protocol_type: protocol(t, p),
            stage_name: name.clone(),
            access_log_destination: match p.get("AccessLogSettings") {
                None => Value::Known(None),
                Some(a) => known(opt_string(a.get("DestinationArn"), "DestinationArn")),
            },
        };
        let locs = locations(
            t,
            [(
                "access_log_destination".to_string(),
                p.key_pos("AccessLogSettings"),
            )],
        );
        t.push(i, name, Attributes::Apigatewayv2Stage(s), locs);
    }
}
