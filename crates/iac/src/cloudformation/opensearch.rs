//! `AWS::OpenSearchService::Domain` and `AWS::Elasticsearch::Domain`. Defaults: no
//! `EncryptionAtRestOptions`, `NodeToNodeEncryptionOptions` or `AdvancedSecurityOptions` is
//! off; no `DomainEndpointOptions.EnforceHTTPS` is HTTP allowed; an unset `TLSSecurityPolicy`
//! is AWS's choice (Unknown); no `VPCOptions` is a public endpoint; no `AccessPolicies` is none.

use cloudward_model::opensearch::Domain;
use cloudward_model::policy::PolicyDocument;
use cloudward_model::{Attributes, Value};

use super::dynamodb::flag;
use super::eval::Val;
use super::{locations, Template};

pub(crate) fn adapt(t: &mut Template<'_>) {
    let domains: Vec<usize> = (0..t.decls.len())
        .filter(|&i| {
            matches!(
                t.decls[i].resource_type.as_str(),
                "AWS::OpenSearchService::Domain" | "AWS::Elasticsearch::Domain"
            )
        })
        .collect();
    for i in domains {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("DomainName");
        let enabled = |key: &str| match p.get(key) {
            None => Value::Known(false),
            Some(o) => flag(o, "Enabled", false),
        };
        let endpoint = p.get("DomainEndpointOptions");
        let domain = Domain {
            domain_name: name.clone(),
            arn: String::new(),
            engine_version: p
                .get("EngineVersion")
                .or_else(|| p.get("ElasticsearchVersion"))
                .and_then(|v| v.string().ok()),
            encryption_at_rest_enabled: enabled("EncryptionAtRestOptions"),
            node_to_node_encryption_enabled: enabled("NodeToNodeEncryptionOptions"),
            enforce_https: match endpoint {
                None => Value::Known(false),
                Some(e) => flag(e, "EnforceHTTPS", false),
            },
            tls_security_policy: match endpoint.and_then(|e| e.get("TLSSecurityPolicy")) {
                None => {
                    Value::unknown("TLSSecurityPolicy is not set; the TLS policy is AWS's default")
                }
                Some(v) => match v.string() {
                    Ok(s) => Value::Known(Some(s)),
                    Err(r) => Value::unknown(format!("TLSSecurityPolicy: {r}")),
                },
            },
            vpc_subnet_ids: match p.get("VPCOptions") {
                None => Value::Known(None),
                Some(v) => Value::Known(Some(
                    v.get("SubnetIds")
                        .and_then(|s| s.list().ok())
                        .map(|items| items.iter().filter_map(|s| s.id().ok()).collect())
                        .unwrap_or_default(),
                )),
            },
            access_policies: match p.get("AccessPolicies") {
                None => Value::Known(None),
                Some(v) => access_policy(v),
            },
            fine_grained_access_control_enabled: enabled("AdvancedSecurityOptions"),
            audit_logs_enabled: match p
                .get("LogPublishingOptions")
                .and_then(|l| l.get("AUDIT_LOGS"))
            {
                None => Value::Known(false),
                Some(a) => flag(a, "Enabled", false),
            },
        };
        let locs = locations(
            t,
            [
                ("encryption_at_rest_enabled", "EncryptionAtRestOptions"),
                (
                    "node_to_node_encryption_enabled",
                    "NodeToNodeEncryptionOptions",
                ),
                ("enforce_https", "DomainEndpointOptions"),
                ("tls_security_policy", "DomainEndpointOptions"),
                ("vpc_subnet_ids", "VPCOptions"),
                ("access_policies", "AccessPolicies"),
                (
                    "fine_grained_access_control_enabled",
                    "AdvancedSecurityOptions",
                ),
                ("audit_logs_enabled", "LogPublishingOptions"),
            ]
            .map(|(k, cfn)| (k.to_string(), p.key_pos(cfn))),
        );
        t.push(i, name, Attributes::OpensearchDomain(domain), locs);
    }
}

/// An access policy written as an object (or a JSON string). Unresolved resources and sids
/// do not change who is allowed, so they are kept as placeholders; unresolved principals or
/// conditions make the policy Unknown.
fn access_policy(v: &Val) -> Value<Option<PolicyDocument>> {
    if let Ok(text) = v.string() {
        return match PolicyDocument::parse(&text) {
            Ok(doc) => Value::Known(Some(doc)),
            Err(e) => Value::unknown(format!("AccessPolicies is not valid JSON: {e}")),
        };
    }
    let lossy = v.to_json_lossy();
    let statements = match v.get("Statement") {
        Some(s) => s,
        None => return Value::Known(Some(PolicyDocument(lossy))),
    };
    let items: Vec<&Val> = match statements.list() {
        Ok(items) => items.iter().collect(),
        Err(_) => vec![statements],
    };
    for s in items {
        for key in ["Principal", "Condition", "Effect"] {
            if let Some(part) = s.get(key) {
                if let Err(r) = part.to_json() {
                    return Value::unknown(format!("AccessPolicies {key}: {r}"));
                }
            }
        }
    }
    Value::Known(Some(PolicyDocument(lossy)))
}
