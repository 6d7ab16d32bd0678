//! `cloudward respond`: block the offending public addresses of alerts in a WAFv2 IP set or
//! network ACL deny entries, for a time; and `detect --respond`, which runs the same plan on
//! the alerts of that detect run.
//!
//! A dry run by default: without `--apply` the plan is printed (what would be added, kept,
//! refreshed and removed, and what is refused and why) and nothing changes; the plan only
//! reads (`ListIPSets`, `GetIPSet`, `DescribeNetworkAcls`). `--apply` needs the store: the
//! entries' expiry lives there, and an entry nobody recorded is never removed.

use std::io::{BufWriter, Write};
use std::net::{IpAddr, UdpSocket};
use std::path::{Path, PathBuf};

use anyhow::Context;
use cloudward_model::alert::Alert;
use cloudward_model::Severity;
use cloudward_respond::block::allow::{AllowList, AllowedWhy, MAX_AWS_RANGES_BYTES};
use cloudward_respond::block::plan::{offenders, Offenders};
use cloudward_respond::block::target::{RuleRange, WafScope, DEFAULT_RULE_RANGE};
use cloudward_respond::block::waf::RetryOptions;
use cloudward_respond::block::{self, ApplySummary, Plan, PlanOptions, TargetSpec};
use cloudward_store::Store;

use super::Globals;
use crate::exit::{UsageError, ERROR, OK};
use crate::settings::{parse_ttl, RespondSettings};

/// A `detect --format json` file larger than this is refused unread.
pub const MAX_ALERTS_BYTES: u64 = 256 << 20;

/// The default TTL.
const DEFAULT_TTL: &str = "24h";

/// Stack of the thread the SDK calls run on (the SDK's futures are large in debug builds).
const STACK: usize = 16 << 20;

/// The targets and the policy, shared by `respond` and `detect --respond`; each unset flag is
/// taken from `[respond]` in the settings file.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct TargetArgs {
    /// WAFv2 IP set (name or id) that receives IPv4 offenders (as /32).
    #[arg(long, value_name = "NAME")]
    pub waf_ip_set: Option<String>,
    /// WAFv2 IP set (name or id) that receives IPv6 offenders (as /128): an IP set holds one
    /// address family.
    #[arg(long, value_name = "NAME")]
    pub waf_ip_set_v6: Option<String>,
    /// Network ACL (acl-...) that receives inbound deny entries for all protocols.
    #[arg(long, value_name = "ACL_ID")]
    pub nacl: Option<String>,
    /// NACL rule numbers reserved for cloudward [default: 50-69]: every entry in the range may
    /// be cloudward's and none outside it is ever touched. Below 100 so that the denies are
    /// evaluated before the usual allow rules.
    #[arg(long, value_name = "FIRST-LAST")]
    pub nacl_rules: Option<String>,
    /// The ACL's quota of inbound rules, if AWS raised it for the account.
    #[arg(long, value_name = "N", default_value_t = block::nacl::DEFAULT_QUOTA)]
    pub nacl_quota: usize,
    /// How long an entry stays (s, m, h, d) [default: 24h]; an address that offends again
    /// gets a new TTL.
    #[arg(long, value_name = "DURATION")]
    pub ttl: Option<String>,
    /// Never block this CIDR or address (repeatable; added to `[respond] allow`).
    #[arg(long = "allow", value_name = "CIDR")]
    pub allow: Vec<String>,
    /// At most this many of cloudward's entries per target [default: the NACL range's size,
    /// 10000 for a WAF IP set]; past it the most severe, most recent offenders win.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_entries: Option<u64>,
    /// Act on alerts at or above SEVERITY [default: high].
    #[arg(long, value_name = "SEVERITY")]
    pub min_severity: Option<Severity>,
    /// Make the changes. Without it, only print the plan.
    #[arg(long)]
    pub apply: bool,
}

/// Plan formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    /// Readable text.
    Text,
    /// One JSON document: the plan, and with --apply what was done.
    Json,
}

/// Arguments of `cloudward respond`.
#[derive(clap::Args)]
#[command(after_help = "\
Dry run by default: prints which entries would be added, kept, refreshed and removed, and \
which addresses are refused and why. --apply makes the changes and records them in the store.

Never blocked: private and special-purpose ranges, this host's addresses, [respond] allow and \
--allow, [respond] self, and AWS's ranges when [respond] aws_ip_ranges names AWS's \
ip-ranges.json.

Exit codes: 0 planned (or applied) completely; 2 usage error; 3 a target could not be read or \
a change failed.

Examples:
  cloudward respond --alerts alerts.json --waf-ip-set blocklist --region eu-west-1
  cloudward respond --nacl acl-0abc --region eu-west-1 --ttl 12h --apply
  cloudward respond --expire-only --nacl acl-0abc --region eu-west-1 --apply")]
pub struct Args {
    /// Alerts from `cloudward detect --format json`; default: the latest detect run in the
    /// store.
    #[arg(long, value_name = "FILE")]
    pub alerts: Option<PathBuf>,
    /// Only remove entries whose TTL passed; read no alerts.
    #[arg(long, conflicts_with = "alerts")]
    pub expire_only: bool,
    #[command(flatten)]
    pub targets: TargetArgs,
    /// WAF IP set scope (CLOUDFRONT sets live in us-east-1) [default: regional].
    #[arg(long, value_name = "SCOPE", value_parser = ["regional", "cloudfront"])]
    pub scope: Option<String>,
    /// Region of the IP set or network ACL.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Named profile from ~/.aws/config.
    #[arg(long, env = "AWS_PROFILE")]
    pub profile: Option<String>,
    /// Endpoint URL (an emulator such as moto).
    #[arg(long, env = "AWS_ENDPOINT_URL")]
    pub endpoint_url: Option<String>,
    /// Plan format.
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    pub format: PlanFormat,
    #[command(flatten)]
    pub store: super::history::StoreArgs,
    #[command(flatten)]
    pub settings: crate::settings::SettingsArgs,
    #[command(flatten)]
    pub notify: super::notify::NotifyArgs,
}

/// Which targets `detect --respond` uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RespondKind {
    /// The WAF IP set(s).
    Waf,
    /// The network ACL.
    Nacl,
}

/// Everything a plan run needs besides the alerts.
pub struct Request<'a> {
    /// `detect --respond waf|nacl`: only those targets; `None`: every target given.
    pub only: Option<RespondKind>,
    /// The flags.
    pub targets: &'a TargetArgs,
    /// `--scope` / `--waf-scope`.
    pub scope: Option<&'a str>,
    /// `--region`.
    pub region: Option<&'a str>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--endpoint-url`.
    pub endpoint_url: Option<String>,
    /// The format of the plan.
    pub format: PlanFormat,
    /// Write the plan to stderr (detect, whose stdout holds the alerts).
    pub to_stderr: bool,
    /// `[respond]`.
    pub settings: &'a RespondSettings,
    /// The notification sinks (empty with `--no-notify`).
    pub sinks: &'a [cloudward_monitor::SinkConfig],
}

/// Run `cloudward respond`.
pub fn run(args: Args, globals: &Globals) -> anyhow::Result<u8> {
    let loaded = args.settings.load_all()?;
    let sinks = if args.notify.no_notify {
        Vec::new()
    } else {
        loaded.notifications
    };
    let mut history = args.store.open()?;
    let alerts = if args.expire_only {
        Vec::new()
    } else {
        match &args.alerts {
            Some(path) => read_alerts(path)?,
            None => {
                let store = history.as_mut().ok_or_else(|| {
                    UsageError("--no-store: give the alerts with --alerts FILE".into())
                })?;
                latest_detect_alerts(store)?
            }
        }
    };
    let request = Request {
        only: None,
        targets: &args.targets,
        scope: args.scope.as_deref(),
        region: args.region.as_deref(),
        profile: args.profile.clone(),
        endpoint_url: args.endpoint_url.clone(),
        format: args.format,
        to_stderr: false,
        settings: &loaded.respond,
        sinks: &sinks,
    };
    execute(
        &request,
        &alerts,
        args.expire_only,
        history.as_mut(),
        globals,
    )
}

/// The alerts of a `detect --format json` document (`{"alerts": [...]}`), or a bare array.
fn read_alerts(path: &Path) -> anyhow::Result<Vec<Alert>> {
    let shown = path.display();
    let size = std::fs::metadata(path)
        .map_err(|e| UsageError(format!("--alerts {shown}: {e}")))?
        .len();
    if size > MAX_ALERTS_BYTES {
        return Err(UsageError(format!(
            "--alerts {shown}: {size} bytes is over the {MAX_ALERTS_BYTES}-byte limit"
        ))
        .into());
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| UsageError(format!("--alerts {shown}: {e}")))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| UsageError(format!("--alerts {shown}: not JSON: {e}")))?;
    let list = match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(mut doc) => match doc.remove("alerts") {
            Some(serde_json::Value::Array(items)) => items,
            _ => {
                return Err(UsageError(format!(
                    "--alerts {shown}: no \"alerts\" array (give the output of `cloudward detect --format json`)"
                ))
                .into())
            }
        },
        _ => {
            return Err(UsageError(format!(
                "--alerts {shown}: not a `cloudward detect --format json` document"
            ))
            .into())
        }
    };
    let mut alerts = Vec::with_capacity(list.len());
    for (i, item) in list.into_iter().enumerate() {
        let alert: Alert = serde_json::from_value(item)
            .map_err(|e| UsageError(format!("--alerts {shown}: alert {i}: {e}")))?;
        alerts.push(alert);
    }
    Ok(alerts)
}

/// The alerts of the latest recorded detect run.
fn latest_detect_alerts(store: &mut Store) -> anyhow::Result<Vec<Alert>> {
    let runs = store.runs(None)?;
    let Some(run) = runs.iter().find(|r| r.kind == "detect") else {
        return Err(UsageError(
            "no detect run in the store: run `cloudward detect` first or give --alerts FILE".into(),
        )
        .into());
    };
    Ok(store.alerts(run.id)?)
}

/// The targets of the request, from the flags and `[respond]`.
fn specs(request: &Request<'_>) -> anyhow::Result<Vec<TargetSpec>> {
    let settings = request.settings;
    let t = request.targets;
    let scope = match request.scope.or(settings.scope.as_deref()) {
        Some("cloudfront") => WafScope::Cloudfront,
        _ => WafScope::Regional,
    };
    let region = request
        .region
        .map(str::to_string)
        .or_else(|| settings.region.clone())
        .or_else(|| std::env::var("AWS_REGION").ok().filter(|r| !r.is_empty()))
        .or_else(|| {
            std::env::var("AWS_DEFAULT_REGION")
                .ok()
                .filter(|r| !r.is_empty())
        });
    let rules = match t.nacl_rules.as_deref().or(settings.nacl_rules.as_deref()) {
        Some(text) => {
            RuleRange::parse(text).map_err(|e| UsageError(format!("--nacl-rules {e}")))?
        }
        None => DEFAULT_RULE_RANGE,
    };
    let want = |kind| request.only.is_none_or(|only| only == kind);
    let mut out = Vec::new();
    let region_for = |what: &str| -> anyhow::Result<String> {
        region.clone().ok_or_else(|| {
            UsageError(format!(
                "{what} needs a region: --region, [respond] region or AWS_REGION"
            ))
            .into()
        })
    };
    if want(RespondKind::Waf) {
        for set in [&t.waf_ip_set, &t.waf_ip_set_v6]
            .into_iter()
            .zip([&settings.waf_ip_set, &settings.waf_ip_set_v6])
            .filter_map(|(flag, setting)| flag.clone().or_else(|| setting.clone()))
        {
            let region = match scope {
                WafScope::Cloudfront => "us-east-1".to_string(),
                WafScope::Regional => region_for("--waf-ip-set")?,
            };
            out.push(TargetSpec::Waf {
                name_or_id: set,
                scope,
                region,
            });
        }
    }
    if want(RespondKind::Nacl) {
        if let Some(acl) = t.nacl.clone().or_else(|| settings.nacl.clone()) {
            out.push(TargetSpec::Nacl {
                id: acl,
                region: region_for("--nacl")?,
                rules,
                quota: t.nacl_quota,
            });
        }
    }
    if out.is_empty() {
        let what = match request.only {
            Some(RespondKind::Waf) => "--respond waf needs --waf-ip-set (or [respond] waf_ip_set)",
            Some(RespondKind::Nacl) => "--respond nacl needs --nacl (or [respond] nacl)",
            None => {
                "no target: give --waf-ip-set, --waf-ip-set-v6 or --nacl (or set them in [respond])"
            }
        };
        return Err(UsageError(what.into()).into());
    }
    Ok(out)
}

/// The allow-list: settings, flags, this host, and AWS's ranges when the file is given.
fn allow_list(request: &Request<'_>) -> anyhow::Result<AllowList> {
    let mut list = AllowList::default();
    let settings = request.settings;
    for (values, why) in [
        (&settings.allow, AllowedWhy::Settings),
        (&request.targets.allow, AllowedWhy::Flag),
        (&settings.self_addresses, AllowedWhy::SelfAddress),
    ] {
        for v in values {
            list.add_text(v, why.clone())
                .map_err(|e| UsageError(format!("--allow / [respond]: {e}")))?;
        }
    }
    for ip in own_addresses() {
        list.add(ip.into(), AllowedWhy::LocalInterface);
    }
    if let Some(path) = &settings.aws_ip_ranges {
        let shown = path.display();
        let size = std::fs::metadata(path)
            .map_err(|e| UsageError(format!("[respond] aws_ip_ranges {shown}: {e}")))?
            .len();
        if size > MAX_AWS_RANGES_BYTES {
            return Err(UsageError(format!(
                "[respond] aws_ip_ranges {shown}: {size} bytes is over the {MAX_AWS_RANGES_BYTES}-byte limit"
            ))
            .into());
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| UsageError(format!("[respond] aws_ip_ranges {shown}: {e}")))?;
        list.add_aws_ip_ranges(&text)
            .map_err(|e| UsageError(format!("[respond] aws_ip_ranges {shown}: {e}")))?;
    }
    Ok(list)
}

/// The addresses this host sends from: the source address the system picks for the
/// internet, per family (a UDP socket "connected" to a public address; no packet is sent).
/// Its public NAT address, which no interface holds, is `[respond] self`.
fn own_addresses() -> Vec<IpAddr> {
    let mut out = Vec::new();
    for (bind, peer) in [("0.0.0.0:0", "192.0.2.1:9"), ("[::]:0", "[2001:db8::1]:9")] {
        let local = UdpSocket::bind(bind)
            .and_then(|s| s.connect(peer).map(|()| s))
            .and_then(|s| s.local_addr());
        if let Ok(addr) = local {
            if !addr.ip().is_unspecified() {
                out.push(addr.ip());
            }
        }
    }
    out
}

/// Plan (and with `--apply`, apply) `alerts` on the request's targets. Shared by `respond`
/// and `detect --respond`.
pub fn execute(
    request: &Request<'_>,
    alerts: &[Alert],
    expire_only: bool,
    history: Option<&mut Store>,
    globals: &Globals,
) -> anyhow::Result<u8> {
    let t = request.targets;
    let settings = request.settings;
    let specs = specs(request)?;
    let ttl = parse_ttl(
        t.ttl
            .as_deref()
            .or(settings.ttl.as_deref())
            .unwrap_or(DEFAULT_TTL),
    )
    .map_err(|e| UsageError(format!("--ttl {e}")))?;
    let min = match (t.min_severity, &settings.min_severity) {
        (Some(s), _) => s,
        (None, Some(text)) => text.parse().map_err(UsageError)?,
        (None, None) => Severity::High,
    };
    let max_entries = t
        .max_entries
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
        .or(settings.max_entries);
    let allow = allow_list(request)?;
    let mut memory;
    let store: &mut Store = match history {
        Some(store) => store,
        None if t.apply => {
            return Err(UsageError(
                "--apply needs the store (not --no-store): each entry's expiry is recorded \
                 there, and an entry nobody recorded is never removed"
                    .into(),
            )
            .into())
        }
        None => {
            memory = Store::in_memory()?;
            &mut memory
        }
    };
    let found: Offenders = if expire_only {
        Offenders::default()
    } else {
        offenders(alerts, min)
    };
    let options = PlanOptions {
        now: chrono::Utc::now(),
        ttl,
        max_entries,
    };
    let collect = cloudward_aws::CollectOptions {
        profile: request.profile.clone(),
        endpoint_url: request.endpoint_url.clone(),
        ..Default::default()
    };
    let apply = t.apply;
    let outcome = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("respond".into())
            .stack_size(STACK)
            .spawn_scoped(scope, || -> anyhow::Result<(Plan, Option<ApplySummary>)> {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .context("starting the async runtime")?;
                runtime.block_on(async {
                    let config = cloudward_aws::sdk_config(&collect).await;
                    let plan =
                        Box::pin(block::plan(&config, &specs, store, found, &allow, options))
                            .await?;
                    if !apply || !plan.changes_anything() {
                        return Ok((plan, None));
                    }
                    let summary =
                        Box::pin(block::apply(&config, &plan, store, RetryOptions::default()))
                            .await;
                    Ok((plan, Some(summary)))
                })
            })
            .context("starting the respond thread")?
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    let (plan, summary) = match outcome {
        Ok(done) => done,
        Err(e) => match e.downcast_ref::<block::BlockError>() {
            Some(block::BlockError::NotFound(_)) => return Err(UsageError(e.to_string()).into()),
            _ => {
                eprintln!("error: {e}");
                return Ok(ERROR);
            }
        },
    };
    print(request, &plan, summary.as_ref(), apply)?;
    let Some(summary) = summary else {
        return Ok(OK);
    };
    notify(request, &summary, plan.now, globals);
    Ok(if summary.is_complete() { OK } else { ERROR })
}

fn print(
    request: &Request<'_>,
    plan: &Plan,
    summary: Option<&ApplySummary>,
    apply: bool,
) -> anyhow::Result<()> {
    let text = match request.format {
        PlanFormat::Json => {
            let doc = serde_json::json!({
                "dry_run": !apply,
                "plan": plan,
                "applied": summary,
            });
            let mut s = serde_json::to_string_pretty(&doc)?;
            s.push('\n');
            s
        }
        PlanFormat::Text => {
            let mut s = plan.describe();
            match (apply, summary) {
                (false, _) => s.push_str(
                    "dry run: nothing was changed; run again with --apply to make these changes\n",
                ),
                (true, None) => s.push_str("nothing to change\n"),
                (true, Some(summary)) => s.push_str(&summary.describe()),
            }
            s
        }
    };
    if request.to_stderr {
        eprint!("{text}");
        return Ok(());
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// One notification per target that changed: what was blocked and unblocked.
fn notify(
    request: &Request<'_>,
    summary: &ApplySummary,
    at: chrono::DateTime<chrono::Utc>,
    globals: &Globals,
) {
    if request.sinks.is_empty() {
        return;
    }
    let pending: Vec<cloudward_monitor::Notification> = summary
        .targets
        .iter()
        .filter(|t| !t.added.is_empty() || !t.removed.is_empty())
        .map(|t| {
            let severity = t
                .added
                .iter()
                .chain(&t.removed)
                .map(|e| e.severity)
                .max()
                .unwrap_or(Severity::High);
            let list = |entries: &[block::plan::PlannedEntry]| -> Vec<String> {
                entries.iter().map(|e| e.address.clone()).collect()
            };
            cloudward_monitor::Notification::from_blocks(
                &t.target,
                &list(&t.added),
                &list(&t.removed),
                severity,
                at,
            )
        })
        .collect();
    let aws = super::notify::AwsTarget {
        profile: request.profile.clone(),
        endpoint_url: request.endpoint_url.clone(),
    };
    // Each summary has its own fingerprint (target and time): no ledger needed to dedupe.
    super::notify::send(&pending, request.sinks, &aws, None, globals);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alerts_file_is_a_detect_json_document_or_an_array() {
        let dir = std::env::temp_dir().join(format!("cloudward-respond-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp dir");
        let path = dir.join("alerts.json");
        std::fs::write(&path, r#"{"alerts": [], "summary": {}}"#).expect("write");
        assert!(read_alerts(&path).expect("a document").is_empty());
        std::fs::write(&path, "[]").expect("write");
        assert!(read_alerts(&path).expect("an array").is_empty());
        std::fs::write(&path, r#"{"findings": []}"#).expect("write");
        let err = read_alerts(&path).expect_err("no alerts");
        assert!(err.to_string().contains("no \"alerts\" array"), "{err}");
        std::fs::write(&path, r#"{"alerts": [{"rule": 1}]}"#).expect("write");
        let err = read_alerts(&path).expect_err("a bad alert");
        assert!(err.to_string().contains("alert 0"), "{err}");
    }
}
