//! `cloudward can PRINCIPAL ACTION RESOURCE`: may this principal make this request? The
//! offline policy evaluator (cloudward-policy) answers from a snapshot or a live collection of
//! IAM, Organizations and the resource's service, with the statements that decided it.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use cloudward_model::Inventory;
use cloudward_policy::{Context, Decision, Evaluator, Request, Verdict};
use serde_json::json;

use super::Globals;
use crate::exit::UsageError;
use crate::live::LiveArgs;

/// Exit code for Allow.
pub const ALLOWED: u8 = 0;
/// Exit code for an explicit or implicit deny.
pub const DENIED: u8 = 1;
/// Exit code for Unknown (what is known cannot decide it).
pub const UNDECIDED: u8 = 4;

/// Arguments of `cloudward can`.
#[derive(clap::Args)]
#[command(after_help = "\
Exit codes: 0 allowed, 1 denied (explicitly or by default), 4 unknown (a condition key, policy \
variable or policy the evaluator does not know), 2 usage error, 3 the run could not complete.

Condition keys the request would carry are given with --context (repeat a key for a
multivalued one) or declared absent with --absent; any other key a policy tests makes the
answer Unknown. Keys that follow from the principal (aws:PrincipalArn, aws:username,
aws:PrincipalTag/*, aws:PrincipalOrgID, aws:ResourceAccount) come from the inventory.

Examples:
  cloudward can arn:aws:iam::111122223333:user/alice s3:GetObject arn:aws:s3:::logs/a.gz --inventory inventory.json
  cloudward can arn:aws:iam::111122223333:role/app kms:Decrypt arn:aws:kms:eu-west-1:111122223333:key/k \\
      --context aws:SourceIp=203.0.113.7 --context aws:SecureTransport=true --absent aws:SourceVpce")]
pub struct Args {
    /// The principal: a user, role, role-session or root ARN, an account id, or a service
    /// principal (`lambda.amazonaws.com`).
    #[arg(value_name = "PRINCIPAL")]
    pub principal: String,
    /// The action, `service:Action` (`s3:GetObject`).
    #[arg(value_name = "ACTION")]
    pub action: String,
    /// The resource ARN, or `*` for actions without resource-level permissions.
    #[arg(value_name = "RESOURCE")]
    pub resource: String,
    /// Answer from this inventory snapshot instead of a live collection (no AWS call).
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
    /// A condition key of the request, `KEY=VALUE` (repeatable).
    #[arg(long = "context", value_name = "KEY=VALUE")]
    pub context: Vec<String>,
    /// A condition key the request does not carry (repeatable).
    #[arg(long = "absent", value_name = "KEY")]
    pub absent: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    pub format: Format,
    /// Live collection flags (without --inventory). Default services: iam, organizations
    /// and the resource's service.
    #[command(flatten)]
    pub live: LiveArgs,
}

/// Output formats of `cloudward can`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// Readable text.
    Terminal,
    /// One JSON object: the request and the decision.
    Json,
}

/// Run `cloudward can`.
pub fn run(args: Args, globals: &Globals) -> anyhow::Result<u8> {
    let mut context = Context::new();
    for pair in &args.context {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(UsageError(format!("--context {pair:?}: expected KEY=VALUE")).into());
        };
        context.insert(key.trim(), value);
    }
    for key in &args.absent {
        context.set_absent(key.trim());
    }
    if !args.action.contains(':') {
        return Err(UsageError(format!(
            "action {:?}: expected service:Action, e.g. s3:GetObject",
            args.action
        ))
        .into());
    }
    let inventory = match &args.inventory {
        Some(path) => super::load_snapshot(path)?,
        None => collect(&args, globals)?,
    };
    let request = Request {
        principal: args.principal.clone(),
        action: args.action.clone(),
        resource: args.resource.clone(),
        context,
    };
    let decision = Evaluator::new(&inventory).evaluate(&request);
    let mut out = Vec::new();
    match args.format {
        Format::Terminal => render_text(&request, &decision, &mut out),
        Format::Json => {
            let value = json!({
                "principal": request.principal,
                "action": request.action,
                "resource": request.resource,
                "decision": decision,
            });
            serde_json::to_writer_pretty(&mut out, &value).context("rendering JSON")?;
            out.push(b'\n');
        }
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out).context("writing the answer")?;
    stdout.flush().context("writing the answer")?;
    Ok(match decision.verdict {
        Verdict::Allow => ALLOWED,
        Verdict::ExplicitDeny | Verdict::ImplicitDeny => DENIED,
        Verdict::Unknown => UNDECIDED,
    })
}

/// A live collection of what the question needs: IAM, Organizations and the resource's
/// service, unless `--service` says otherwise.
fn collect(args: &Args, globals: &Globals) -> anyhow::Result<Inventory> {
    let mut live = args.live.clone();
    if live.services.is_empty() {
        live.services = vec!["iam".into(), "organizations".into()];
        if let Some(service) = args.resource.split(':').nth(2) {
            let known = cloudward_aws::registry::check_services(&[service.to_string()]).is_ok();
            if known && !live.services.iter().any(|s| s == service) {
                live.services.push(service.to_string());
            }
        }
    }
    crate::live::collect_inventory(&live, globals)
}

fn render_text(request: &Request, decision: &Decision, out: &mut Vec<u8>) {
    let verdict = match decision.verdict {
        Verdict::Allow => "ALLOWED",
        Verdict::ExplicitDeny => "DENIED (explicit deny)",
        Verdict::ImplicitDeny => "DENIED (no policy allows it)",
        Verdict::Unknown => "UNKNOWN",
    };
    let mut text = format!(
        "{verdict}\n  principal  {}\n  action     {}\n  resource   {}\n",
        request.principal, request.action, request.resource
    );
    if !decision.statements.is_empty() {
        text.push_str("\nDeciding statements:\n");
        for s in &decision.statements {
            let sid = s
                .sid
                .as_deref()
                .map(|sid| format!(" ({sid})"))
                .unwrap_or_default();
            text.push_str(&format!(
                "  {} {}, statement {}{sid}, {}\n",
                s.policy.kind.label(),
                s.policy.name,
                s.index,
                s.effect
            ));
            for why in &s.undecided {
                text.push_str(&format!("    undecided: {why}\n"));
            }
            let json = serde_json::to_string(&s.statement).unwrap_or_default();
            text.push_str(&format!("    {json}\n"));
        }
    }
    if !decision.reasons.is_empty() {
        text.push_str("\nWhy:\n");
        for r in &decision.reasons {
            text.push_str(&format!("  - {r}\n"));
        }
    }
    out.extend_from_slice(text.as_bytes());
}
