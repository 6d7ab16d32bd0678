//! AWS Lambda, per region: `ListFunctions` (runtime, package type, environment variable
//! names, KMS key, VPC subnets, tracing), then for each function `GetPolicy`,
//! `ListFunctionUrlConfigs` and `GetFunctionCodeSigningConfig`. Environment variable values
//! arrive with `ListFunctions` and are dropped at once: only their names are kept.

use std::sync::Arc;

use aws_sdk_lambda::types::FunctionConfiguration;
use cloudward_model::lambda::Function;
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::convert::policy_document;
use crate::paginate::{paginate, Page};

type Client = aws_sdk_lambda::Client;

/// Collect the functions of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_lambda, &ctx.config);
    let c = &client;
    let listed = paginate(ctx, "ListFunctions", |token| async move {
        let out = ctx
            .call("ListFunctions", c.list_functions().set_marker(token).send())
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_marker().map(str::to_string),
            items: out.functions().iter().map(configuration).collect(),
        })
    })
    .await;
    match listed {
        Err(err) => ctx.listing_failed(&err, &[ResourceKind::LambdaFunction]),
        Ok(functions) => {
            join_all(functions.into_iter().map(|f| function(ctx, c, f))).await;
        }
    }
}

/// The configuration as the model keeps it (environment values dropped here).
fn configuration(f: &FunctionConfiguration) -> Function {
    let mut names: Vec<String> = f
        .environment()
        .and_then(|e| e.variables())
        .map(|vars| vars.keys().cloned().collect())
        .unwrap_or_default();
    names.sort();
    let package_type = f.package_type().map_or("Zip", |p| p.as_str()).to_string();
    Function {
        function_name: f.function_name().unwrap_or_default().to_string(),
        function_arn: f.function_arn().unwrap_or_default().to_string(),
        runtime: Value::Known(f.runtime().map(|r| r.as_str().to_string())),
        package_type: Value::Known(package_type),
        environment_variable_names: Value::Known(names),
        kms_key_arn: Value::Known(
            f.kms_key_arn()
                .filter(|k| !k.is_empty())
                .map(str::to_string),
        ),
        vpc_subnet_ids: Value::Known(
            f.vpc_config()
                .map(|v| v.subnet_ids().to_vec())
                .unwrap_or_default(),
        ),
        tracing_mode: Value::Known(
            f.tracing_config()
                .and_then(|t| t.mode())
                .map_or("PassThrough", |m| m.as_str())
                .to_string(),
        ),
        policy: Value::unknown("not read yet"),
        url_auth_types: Value::unknown("not read yet"),
        code_signing_config_arn: Value::unknown("not read yet"),
        role: match f.role() {
            Some(role) if !role.is_empty() => Value::Known(role.to_string()),
            _ => Value::unknown("ListFunctions returned no execution role"),
        },
    }
}

async fn function(ctx: &CollectContext, client: &Client, mut f: Function) {
    if f.function_arn.is_empty() {
        return;
    }
    let subject = format!("function {}", f.function_name);
    let arn = f.function_arn.clone();
    let (policy, urls, signing, tags) = tokio::join!(
        ctx.call_on(
            &subject,
            "GetPolicy",
            client.get_policy().function_name(&arn).send()
        ),
        paginate(ctx, "ListFunctionUrlConfigs", |token| {
            let (arn, subject) = (&arn, &subject);
            async move {
                let out = ctx
                    .call_on(
                        subject,
                        "ListFunctionUrlConfigs",
                        client
                            .list_function_url_configs()
                            .function_name(arn)
                            .set_marker(token)
                            .send(),
                    )
                    .await?;
                Ok::<_, ApiError>(Page {
                    next: out.next_marker().map(str::to_string),
                    items: out
                        .function_url_configs()
                        .iter()
                        .map(|u| u.auth_type().as_str().to_string())
                        .collect(),
                })
            }
        }),
        ctx.call_on(
            &subject,
            "GetFunctionCodeSigningConfig",
            client
                .get_function_code_signing_config()
                .function_name(&arn)
                .send()
        ),
        ctx.call_on(
            &subject,
            "ListTags",
            client.list_tags().resource(&arn).send()
        ),
    );
    f.policy = match policy {
        Ok(out) => match out.policy().filter(|p| !p.trim().is_empty()) {
            None => Value::Known(None),
            Some(text) => match policy_document(text) {
                Ok(doc) => Value::Known(Some(doc)),
                Err(message) => Value::unknown(format!("{subject}: {message}")),
            },
        },
        // No resource-based policy at all.
        Err(err) if err.is_code("ResourceNotFoundException") => Value::Known(None),
        Err(err) => ctx.failed(&err),
    };
    f.url_auth_types = match urls {
        Ok(mut types) => {
            types.sort();
            Value::Known(types)
        }
        Err(err) => ctx.failed(&err),
    };
    f.code_signing_config_arn = match signing {
        Ok(out) => Value::Known(
            Some(out.code_signing_config_arn())
                .filter(|a| !a.is_empty())
                .map(str::to_string),
        ),
        Err(err) => ctx.failed(&err),
    };
    let name = f.function_name.clone();
    let mut resource = ctx.resource(arn, name, Attributes::LambdaFunction(f));
    let tags = tags.map(|out| {
        out.tags()
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    });
    crate::collect::record_tags(ctx, &mut resource, tags);
    ctx.push(resource);
}
