//! API Gateway REST APIs: `aws_api_gateway_stage` joined with `aws_api_gateway_method_settings`
//! (by `rest_api_id` and `stage_name`) and `aws_wafv2_web_acl_association` (by the stage's
//! ARN in `resource_arn`); `aws_api_gateway_method`; `aws_api_gateway_domain_name`. Provider
//! defaults: `xray_tracing_enabled` and `cache_cluster_enabled` false, `api_key_required`
//! false; no method settings is no execution logging; an unset `security_policy` is Unknown
//! (AWS documents no single default).

use cloudward_model::apigateway::{DomainName, Method, MethodSetting, Stage};
use cloudward_model::{Attributes, Resource, Value};

use super::{
    blocks, bool_or, doubt_of, field, get, known_str, locate, opt_str, reason, resource, str_or,
    Index,
};
use crate::terraform::module::Instance;

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    stages(idx, out);
    for &i in idx.of("aws_api_gateway_method") {
        let verb = known_str(get(i, "http_method")).unwrap_or_default();
        let path = known_str(get(i, "resource_id")).unwrap_or_else(|| i.address.clone());
        let m = Method {
            rest_api_id: known_str(get(i, "rest_api_id")).unwrap_or_default(),
            resource_path: path.clone(),
            http_method: verb.clone(),
            authorization_type: str_or(get(i, "authorization"), "NONE"),
            api_key_required: bool_or(get(i, "api_key_required"), false),
        };
        let mut r = resource(i, format!("{verb} {path}"), Attributes::ApigatewayMethod(m));
        locate(&mut r, "authorization_type", i, "authorization");
        locate(&mut r, "api_key_required", i, "api_key_required");
        out.push(r);
    }
    for &i in idx.of("aws_api_gateway_domain_name") {
        let name = known_str(get(i, "domain_name")).unwrap_or_else(|| i.address.clone());
        let d = DomainName {
            domain_name: name.clone(),
            security_policy: match opt_str(get(i, "security_policy")) {
                Value::Known(Some(p)) => Value::Known(p),
                Value::Known(None) => Value::unknown(
                    "security_policy is not set: AWS documents no single default for every endpoint type",
                ),
                Value::Unknown(r) => Value::Unknown(r),
            },
        };
        let mut r = resource(i, name, Attributes::ApigatewayDomainName(d));
        locate(&mut r, "security_policy", i, "security_policy");
        out.push(r);
    }
}

fn stage_key(i: &Instance) -> (Option<String>, Option<String>) {
    (
        known_str(get(i, "rest_api_id")),
        known_str(get(i, "stage_name")),
    )
}

fn stages(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let settings = idx.of("aws_api_gateway_method_settings");
    let associations = idx.of("aws_wafv2_web_acl_association");
    for &i in idx.of("aws_api_gateway_stage") {
        let (api, name) = stage_key(i);
        let stage_name = name.clone().unwrap_or_else(|| i.address.clone());
        let arn = format!("{}.arn", i.address);

        // Method settings of this stage; one whose target is not static may be this stage's.
        let mut method_settings: Value<Vec<MethodSetting>> = Value::Known(Vec::new());
        for &s in settings {
            let (s_api, s_stage) = stage_key(s);
            let matches = match (&s_api, &s_stage) {
                (Some(a), Some(n)) => Some(api.as_ref() == Some(a) && name.as_ref() == Some(n)),
                _ => None,
            };
            let setting = match (matches, doubt_of(s)) {
                (Some(false), _) => continue,
                (None, _) => Err(format!(
                    "{} targets a stage not known statically",
                    s.address
                )),
                (Some(true), Some(why)) => Err(why),
                (Some(true), None) => method_setting(s),
            };
            method_settings = match (method_settings, setting) {
                (Value::Known(mut list), Ok(m)) => {
                    list.push(m);
                    Value::Known(list)
                }
                (Value::Unknown(r), _) => Value::Unknown(r),
                (_, Err(r)) => Value::Unknown(r),
            };
        }
        if let Value::Known(list) = &mut method_settings {
            list.sort_by(|a, b| a.key.cmp(&b.key));
        }

        // A web ACL association naming this stage's ARN.
        let mut web_acl: Value<Option<String>> = Value::Known(None);
        for &a in associations {
            match get(a, "resource_arn").map(|v| v.to_string_val()) {
                Some(Ok(target))
                    if target == arn
                        || api.as_ref().is_some_and(|api| {
                            target.ends_with(&format!("/restapis/{api}/stages/{stage_name}"))
                        }) =>
                {
                    web_acl = match doubt_of(a) {
                        Some(why) => Value::Unknown(why),
                        None => Value::Known(Some(
                            known_str(get(a, "web_acl_arn"))
                                .unwrap_or_else(|| format!("{}.web_acl_arn", a.address)),
                        )),
                    };
                    break;
                }
                Some(Err(e)) if web_acl == Value::Known(None) => {
                    web_acl = Value::unknown(format!(
                        "{} associates a web ACL with a resource not known statically ({})",
                        a.address,
                        reason(&e)
                    ));
                }
                _ => {}
            }
        }

        let access = match blocks(get(i, "access_log_settings")) {
            Err(e) => Value::Unknown(e),
            Ok(b) => match b.first() {
                None => Value::Known(None),
                Some(b) => opt_str(field(b, "destination_arn")),
            },
        };
        let s = Stage {
            rest_api_id: api.clone().unwrap_or_default(),
            rest_api_name: api.unwrap_or_default(),
            stage_name: stage_name.clone(),
            method_settings,
            access_log_destination: access,
            client_certificate_id: opt_str(get(i, "client_certificate_id")),
            tracing_enabled: bool_or(get(i, "xray_tracing_enabled"), false),
            web_acl_arn: web_acl,
            cache_cluster_enabled: bool_or(get(i, "cache_cluster_enabled"), false),
        };
        let mut r = resource(i, stage_name, Attributes::ApigatewayStage(s));
        locate(
            &mut r,
            "access_log_destination",
            i,
            "access_log_settings[0]",
        );
        locate(&mut r, "client_certificate_id", i, "client_certificate_id");
        locate(&mut r, "tracing_enabled", i, "xray_tracing_enabled");
        locate(&mut r, "cache_cluster_enabled", i, "cache_cluster_enabled");
        out.push(r);
    }
}

fn method_setting(s: &Instance) -> Result<MethodSetting, String> {
    let key = match get(s, "method_path").map(|v| v.to_string_val()) {
        Some(Ok(k)) => k,
        Some(Err(e)) => return Err(reason(&e)),
        None => return Err(format!("{} sets no method_path", s.address)),
    };
    let settings = blocks(get(s, "settings"))?;
    let Some(block) = settings.first() else {
        return Ok(MethodSetting {
            key,
            logging_level: "OFF".into(),
            ..Default::default()
        });
    };
    let level = str_or(field(block, "logging_level"), "OFF");
    let caching = bool_or(field(block, "caching_enabled"), false);
    let encrypted = bool_or(field(block, "cache_data_encrypted"), false);
    Ok(MethodSetting {
        key,
        logging_level: level.get().map_err(|r| r.to_string())?.clone(),
        caching_enabled: *caching.get().map_err(|r| r.to_string())?,
        cache_data_encrypted: *encrypted.get().map_err(|r| r.to_string())?,
    })
}
