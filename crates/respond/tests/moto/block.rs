//! Blocking offending addresses against moto: a WAFv2 IP set and a network ACL provisioned
//! through the SDK, then `block::plan` + `block::apply` with an in-memory store and an
//! injected clock (expiry is tested by planning "later", never by sleeping).
//!
//! moto 5.2.5 enforces the WAFv2 lock token (`UpdateIPSet` with a token other than the set's
//! current one answers `WAFOptimisticLockException`, and every update makes a new token), so
//! the conflict test is a real one: the IP set is changed between our read and our write.

use std::net::IpAddr;

use aws_sdk_ec2::types::RuleAction;
use aws_sdk_wafv2::types::{IpAddressVersion, Scope};
use chrono::{DateTime, Duration, TimeZone, Utc};
use cloudward_model::alert::Alert;
use cloudward_model::Severity;
use cloudward_respond::block::allow::{AllowList, AllowedWhy};
use cloudward_respond::block::plan::{offenders, Reason};
use cloudward_respond::block::target::{RuleRange, WafScope};
use cloudward_respond::block::waf::RetryOptions;
use cloudward_respond::block::{apply, plan, Plan, PlanOptions, TargetSpec};
use cloudward_store::Store;

use crate::block_on;
use crate::server::Moto;

const REGION: &str = "eu-west-1";

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, hour, 0, 0)
        .single()
        .expect("a time")
}

/// An alert of a rule tagged `cloudward.blocklist` naming `ips`, its last event at `hour`.
fn alert(rule: &str, severity: Severity, ips: &[&str], hour: u32) -> Alert {
    serde_json::from_value(serde_json::json!({
        "rule": {"id": rule, "title": "Brute force", "references": [],
                 "tags": ["cloudward.blocklist"], "falsepositives": [], "origin": "builtin",
                 "correlation": false},
        "severity": severity.as_str(),
        "log": "cloudtrail",
        "response": "",
        "actor": null,
        "window_start": at(hour).to_rfc3339(),
        "window_end": at(hour).to_rfc3339(),
        "count": 1,
        "first_time": at(hour).to_rfc3339(),
        "last_time": at(hour).to_rfc3339(),
        "first_event_id": "e1",
        "last_event_id": "e1",
        "access_key_ids": [], "source_ips": ips, "user_agents": [], "regions": [],
        "accounts": [], "event_names": [], "group": [],
        "first_location": "trail.json:1",
        "values_omitted": 0
    }))
    .expect("an alert document")
}

async fn create_ip_set(moto: &Moto, name: &str, addresses: &[&str]) -> String {
    create_ip_set_of(moto, name, IpAddressVersion::Ipv4, addresses).await
}

async fn create_ip_set_of(
    moto: &Moto,
    name: &str,
    version: IpAddressVersion,
    addresses: &[&str],
) -> String {
    let config = moto.sdk_config(REGION).await;
    let client = cloudward_aws::wafv2_client(&config, REGION);
    let out = client
        .create_ip_set()
        .name(name)
        .scope(Scope::Regional)
        .ip_address_version(version)
        .set_addresses(Some(addresses.iter().map(|a| a.to_string()).collect()))
        .description("team blocklist")
        .send()
        .await
        .expect("CreateIPSet in moto");
    out.summary()
        .and_then(|s| s.id())
        .expect("an IP set id")
        .to_string()
}

/// The IP set's addresses (sorted) and lock token.
async fn ip_set(moto: &Moto, name: &str, id: &str) -> (Vec<String>, String) {
    let config = moto.sdk_config(REGION).await;
    let client = cloudward_aws::wafv2_client(&config, REGION);
    let out = client
        .get_ip_set()
        .name(name)
        .id(id)
        .scope(Scope::Regional)
        .send()
        .await
        .expect("GetIPSet in moto");
    let mut addresses = out.ip_set().expect("a set").addresses().to_vec();
    addresses.sort();
    (addresses, out.lock_token().expect("a token").to_string())
}

fn waf_spec(name: &str) -> TargetSpec {
    TargetSpec::Waf {
        name_or_id: name.into(),
        scope: WafScope::Regional,
        region: REGION.into(),
    }
}

async fn plan_at(
    moto: &Moto,
    spec: &TargetSpec,
    store: &mut Store,
    alerts: &[Alert],
    allow: &AllowList,
    now: DateTime<Utc>,
    max_entries: Option<usize>,
) -> Plan {
    let config = moto.sdk_config(REGION).await;
    Box::pin(plan(
        &config,
        std::slice::from_ref(spec),
        store,
        offenders(alerts, Severity::High),
        allow,
        PlanOptions {
            now,
            ttl: Duration::hours(24),
            max_entries,
        },
    ))
    .await
    .expect("a plan")
}

fn quick_retry() -> RetryOptions {
    RetryOptions {
        attempts: 5,
        backoff: std::time::Duration::from_millis(10),
    }
}

fn added(plan: &Plan) -> Vec<String> {
    plan.targets[0]
        .add
        .iter()
        .map(|e| e.address.clone())
        .collect()
}

#[test]
fn waf_dry_run_changes_nothing_apply_adds_and_the_same_alerts_again_add_nothing() {
    block_on(async {
        let moto = Moto::start();
        let id = create_ip_set(&moto, "blocklist", &["198.51.100.0/24"]).await;
        let mut store = Store::in_memory().expect("a store");
        let alerts = [alert(
            "brute-force",
            Severity::High,
            &["45.33.32.1", "45.33.32.2", "10.0.0.7"],
            9,
        )];
        let allow = AllowList::default();
        let spec = waf_spec("blocklist");

        moto.start_recording().await;
        let p = plan_at(&moto, &spec, &mut store, &alerts, &allow, at(10), None).await;
        // The plan made read calls only (moto's request recorder).
        let recording = moto.stop_recording().await;
        let mut calls: Vec<String> = serde_json::Deserializer::from_str(&recording)
            .into_iter::<serde_json::Value>()
            .filter_map(|entry| {
                let entry = entry.expect("a JSON recording entry");
                let headers = entry["headers"].as_object()?.clone();
                headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-target"))
                    .and_then(|(_, v)| v.as_str().map(str::to_string))
            })
            .collect();
        calls.sort();
        calls.dedup();
        assert_eq!(
            calls,
            ["AWSWAF_20190729.GetIPSet", "AWSWAF_20190729.ListIPSets"]
        );
        assert_eq!(added(&p), ["45.33.32.1/32", "45.33.32.2/32"]);
        assert_eq!(p.offenders.refused[0].value, "10.0.0.7");
        assert!(p.describe().contains("AWS service ranges are not known"));
        // The dry run is the plan alone: nothing changed in moto or in the store.
        let (now, _) = ip_set(&moto, "blocklist", &id).await;
        assert_eq!(now, ["198.51.100.0/24"]);
        assert!(store
            .active_blocks(&p.targets[0].key)
            .expect("read")
            .is_empty());

        let config = moto.sdk_config(REGION).await;
        let done = Box::pin(apply(&config, &p, &mut store, quick_retry())).await;
        assert!(done.is_complete(), "{}", done.describe());
        assert_eq!(done.added(), 2);
        let (now, _) = ip_set(&moto, "blocklist", &id).await;
        assert_eq!(now, ["198.51.100.0/24", "45.33.32.1/32", "45.33.32.2/32"]);
        let records = store.active_blocks(&p.targets[0].key).expect("read");
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].rule_id, "brute-force");
        assert_eq!(records[0].expires_at, at(10) + Duration::hours(24));

        // The same alerts an hour later: nothing to add, nothing extended.
        let again = plan_at(&moto, &spec, &mut store, &alerts, &allow, at(11), None).await;
        assert!(!again.changes_anything(), "{}", again.describe());
        assert_eq!(again.targets[0].keep.len(), 2);
        assert_eq!(again.targets[0].others, 1);
    });
}

#[test]
fn waf_expiry_removes_exactly_our_expired_entries_and_a_new_offence_extends() {
    block_on(async {
        let moto = Moto::start();
        let id = create_ip_set(&moto, "blocklist", &["198.51.100.0/24"]).await;
        let mut store = Store::in_memory().expect("a store");
        let allow = AllowList::default();
        let spec = waf_spec("blocklist");
        let config = moto.sdk_config(REGION).await;
        let first = [alert(
            "brute-force",
            Severity::High,
            &["45.33.32.1", "45.33.32.2"],
            9,
        )];
        let p = plan_at(&moto, &spec, &mut store, &first, &allow, at(10), None).await;
        let done = Box::pin(apply(&config, &p, &mut store, quick_retry())).await;
        assert!(done.is_complete(), "{}", done.describe());

        // Someone adds an address of their own; 45.33.32.2 offends again the next day.
        let (_, token) = ip_set(&moto, "blocklist", &id).await;
        cloudward_aws::wafv2_client(&config, REGION)
            .update_ip_set()
            .name("blocklist")
            .id(&id)
            .scope(Scope::Regional)
            .set_addresses(Some(
                [
                    "198.51.100.0/24",
                    "45.33.32.1/32",
                    "45.33.32.2/32",
                    "8.8.4.4/32",
                ]
                .map(String::from)
                .to_vec(),
            ))
            .lock_token(token)
            .send()
            .await
            .expect("a manual update");
        let later = Utc
            .with_ymd_and_hms(2026, 12, 3, 11, 0, 0)
            .single()
            .expect("a time");
        let second = [alert("brute-force", Severity::High, &["45.33.32.2"], 23)];
        let p = plan_at(&moto, &spec, &mut store, &second, &allow, later, None).await;
        let t = &p.targets[0];
        assert_eq!(
            t.remove
                .iter()
                .map(|e| e.address.as_str())
                .collect::<Vec<_>>(),
            ["45.33.32.1/32"]
        );
        assert_eq!(
            t.refresh
                .iter()
                .map(|e| e.address.as_str())
                .collect::<Vec<_>>(),
            ["45.33.32.2/32"]
        );
        let done = Box::pin(apply(&config, &p, &mut store, quick_retry())).await;
        assert!(done.is_complete(), "{}", done.describe());
        let (now, _) = ip_set(&moto, "blocklist", &id).await;
        assert_eq!(now, ["198.51.100.0/24", "45.33.32.2/32", "8.8.4.4/32"]);
        let records = store.active_blocks(&t.key).expect("read");
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].expires_at, later + Duration::hours(24));

        // --expire-only, a day and a half later: the last one of ours goes; theirs stay.
        let end = later + Duration::hours(36);
        let p = plan_at(&moto, &spec, &mut store, &[], &allow, end, None).await;
        let done = Box::pin(apply(&config, &p, &mut store, quick_retry())).await;
        assert!(done.is_complete(), "{}", done.describe());
        let (now, _) = ip_set(&moto, "blocklist", &id).await;
        assert_eq!(now, ["198.51.100.0/24", "8.8.4.4/32"]);
        assert!(store.active_blocks(&t.key).expect("read").is_empty());
    });
}

#[test]
fn waf_lock_conflict_between_read_and_write_is_retried_and_both_changes_stay() {
    block_on(async {
        let moto = Moto::start();
        let id = create_ip_set(&moto, "blocklist", &[]).await;
        let mut store = Store::in_memory().expect("a store");
        let config = moto.sdk_config(REGION).await;
        let client = cloudward_aws::wafv2_client(&config, REGION);
        let alerts = [alert("brute-force", Severity::Critical, &["45.33.32.1"], 9)];
        let p = plan_at(
            &moto,
            &waf_spec("blocklist"),
            &mut store,
            &alerts,
            &AllowList::default(),
            at(10),
            None,
        )
        .await;
        let stale = p.targets[0]
            .waf_read
            .as_ref()
            .expect("the plan's read")
            .lock_token
            .clone();

        // Someone else updates the set after our read, with the token we read too.
        client
            .update_ip_set()
            .name("blocklist")
            .id(&id)
            .scope(Scope::Regional)
            .addresses("8.8.4.4/32")
            .lock_token(&stale)
            .send()
            .await
            .expect("the other writer's update");
        // moto enforces the token: the one we hold is stale now.
        let refused = client
            .update_ip_set()
            .name("blocklist")
            .id(&id)
            .scope(Scope::Regional)
            .addresses("1.1.1.1/32")
            .lock_token(&stale)
            .send()
            .await
            .expect_err("a stale lock token is refused");
        assert!(
            matches!(
                refused.as_service_error(),
                Some(aws_sdk_wafv2::operation::update_ip_set::UpdateIPSetError::WafOptimisticLockException(_))
            ),
            "{refused:?}"
        );

        let done = Box::pin(apply(&config, &p, &mut store, quick_retry())).await;
        assert!(done.is_complete(), "{}", done.describe());
        assert_eq!(done.targets[0].lock_retries, 1);
        assert!(done.describe().contains("1 retry"), "{}", done.describe());
        let (now, _) = ip_set(&moto, "blocklist", &id).await;
        assert_eq!(
            now,
            ["45.33.32.1/32", "8.8.4.4/32"],
            "both changes are there"
        );
    });
}

async fn create_acl(moto: &Moto) -> (aws_sdk_ec2::Client, String) {
    let config = moto.sdk_config(REGION).await;
    let ec2 = cloudward_aws::ec2_client_in(&config, REGION);
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.0.0.0/16")
        .send()
        .await
        .expect("CreateVpc");
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).expect("a vpc id");
    let acl = ec2
        .create_network_acl()
        .vpc_id(vpc_id)
        .send()
        .await
        .expect("CreateNetworkAcl");
    let acl_id = acl
        .network_acl()
        .and_then(|a| a.network_acl_id())
        .expect("an acl id")
        .to_string();
    // The team's own entries: an allow at 100 (outside the range) and a deny at 60 (inside
    // the range, but not recorded by cloudward).
    for (number, action, cidr) in [
        (100, RuleAction::Allow, "0.0.0.0/0"),
        (60, RuleAction::Deny, "1.2.3.4/32"),
    ] {
        ec2.create_network_acl_entry()
            .network_acl_id(&acl_id)
            .rule_number(number)
            .protocol("-1")
            .rule_action(action)
            .egress(false)
            .cidr_block(cidr)
            .send()
            .await
            .expect("CreateNetworkAclEntry");
    }
    (ec2, acl_id)
}

/// Inbound entries: (rule number, action, CIDR), sorted.
async fn inbound(ec2: &aws_sdk_ec2::Client, acl: &str) -> Vec<(i32, String, String)> {
    let out = ec2
        .describe_network_acls()
        .network_acl_ids(acl)
        .send()
        .await
        .expect("DescribeNetworkAcls");
    let mut entries: Vec<(i32, String, String)> = out.network_acls()[0]
        .entries()
        .iter()
        .filter(|e| e.egress() == Some(false))
        .map(|e| {
            (
                e.rule_number().expect("a number"),
                e.rule_action()
                    .map(|a| a.as_str().to_string())
                    .unwrap_or_default(),
                e.cidr_block()
                    .or(e.ipv6_cidr_block())
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    entries.sort();
    entries
}

fn nacl_spec(acl: &str, first: i32, last: i32) -> TargetSpec {
    TargetSpec::Nacl {
        id: acl.into(),
        region: REGION.into(),
        rules: RuleRange { first, last },
        quota: cloudward_respond::block::nacl::DEFAULT_QUOTA,
    }
}

#[test]
fn nacl_entries_are_added_in_the_range_expire_and_nothing_outside_is_touched() {
    block_on(async {
        let moto = Moto::start();
        let (ec2, acl) = create_acl(&moto).await;
        let before = inbound(&ec2, &acl).await;
        let mut store = Store::in_memory().expect("a store");
        let mut allow = AllowList::default();
        allow
            .add_text("45.33.40.0/24", AllowedWhy::Settings)
            .expect("a range");
        let spec = nacl_spec(&acl, 59, 62);
        let alerts = [
            alert(
                "brute-force",
                Severity::High,
                &["45.33.32.1", "2a01:4f8::1"],
                9,
            ),
            alert(
                "port-scan",
                Severity::Critical,
                &["45.33.40.9", "192.168.1.1"],
                9,
            ),
            // Covered by the team's own deny entry at 60.
            alert("brute-force", Severity::High, &["1.2.3.4"], 9),
        ];
        let p = plan_at(&moto, &spec, &mut store, &alerts, &allow, at(10), None).await;
        assert_eq!(
            inbound(&ec2, &acl).await,
            before,
            "the plan changes nothing"
        );
        let t = &p.targets[0];
        let numbers: Vec<(&str, Option<i32>)> = t
            .add
            .iter()
            .map(|e| (e.address.as_str(), e.rule_number))
            .collect();
        // Equal severity and time: IPv4 before IPv6.
        assert_eq!(
            numbers,
            [("45.33.32.1/32", Some(59)), ("2a01:4f8::1/128", Some(61))]
        );
        let reasons: Vec<(&str, &Reason)> = t
            .refused
            .iter()
            .map(|r| (r.value.as_str(), &r.reason))
            .collect();
        assert!(matches!(
            reasons[0],
            ("1.2.3.4", Reason::CoveredByOtherEntry { .. })
        ));
        assert!(matches!(reasons[1], ("45.33.40.9", Reason::Allowed { .. })));
        assert_eq!(p.offenders.refused[0].value, "192.168.1.1");

        let config = moto.sdk_config(REGION).await;
        let done = Box::pin(apply(&config, &p, &mut store, quick_retry())).await;
        assert!(done.is_complete(), "{}", done.describe());
        let after = inbound(&ec2, &acl).await;
        assert!(
            after.contains(&(59, "deny".into(), "45.33.32.1/32".into())),
            "{after:?}"
        );
        assert!(
            after.contains(&(61, "deny".into(), "2a01:4f8::1/128".into())),
            "{after:?}"
        );
        for entry in &before {
            assert!(after.contains(entry), "{entry:?} is still there");
        }
        assert_eq!(after.len(), before.len() + 2);

        // Expired a day later: exactly our two go; the team's 60 and 100 stay.
        let p = plan_at(
            &moto,
            &spec,
            &mut store,
            &[],
            &allow,
            at(10) + Duration::hours(25),
            None,
        )
        .await;
        assert_eq!(p.targets[0].remove.len(), 2);
        let done = Box::pin(apply(&config, &p, &mut store, quick_retry())).await;
        assert!(done.is_complete(), "{}", done.describe());
        assert_eq!(inbound(&ec2, &acl).await, before);
        assert!(store
            .active_blocks(&p.targets[0].key)
            .expect("read")
            .is_empty());
    });
}

#[test]
fn nacl_max_entries_admits_the_most_severe_and_most_recent() {
    block_on(async {
        let moto = Moto::start();
        let (ec2, acl) = create_acl(&moto).await;
        let mut store = Store::in_memory().expect("a store");
        let alerts = [
            alert("brute-force", Severity::High, &["45.33.32.1"], 5),
            alert("brute-force", Severity::High, &["45.33.32.2"], 8),
            alert("port-scan", Severity::Critical, &["45.33.32.3"], 1),
        ];
        let spec = nacl_spec(&acl, 50, 69);
        let p = plan_at(
            &moto,
            &spec,
            &mut store,
            &alerts,
            &AllowList::default(),
            at(10),
            Some(2),
        )
        .await;
        assert_eq!(added(&p), ["45.33.32.3/32", "45.33.32.2/32"]);
        let skipped: Vec<&str> = p.targets[0]
            .capacity
            .iter()
            .map(|e| e.address.as_str())
            .collect();
        assert_eq!(skipped, ["45.33.32.1/32"]);
        assert!(p.describe().contains("not blocked: capacity"));
        let config = moto.sdk_config(REGION).await;
        let done = Box::pin(apply(&config, &p, &mut store, quick_retry())).await;
        assert!(done.is_complete(), "{}", done.describe());
        let denies: Vec<String> = inbound(&ec2, &acl)
            .await
            .into_iter()
            .filter(|(n, ..)| (50..=69).contains(n))
            .map(|(_, _, cidr)| cidr)
            .collect();
        assert_eq!(denies.len(), 3, "two of ours and the team's: {denies:?}");
        let address: IpAddr = "45.33.32.1".parse().expect("an address");
        assert!(!denies.contains(&format!("{address}/32")));
    });
}

/// Takes a rule number just before our `CreateNetworkAclEntry` goes out, the way a second
/// responder on the same ACL would between our read and our write: an SDK interceptor that,
/// the first time it sees that call, creates a deny entry at the same number through moto's
/// query API (a plain HTTP request: interceptors are not async).
#[derive(Debug)]
struct TakesTheNumberFirst {
    endpoint: String,
    acl: String,
    done: std::sync::atomic::AtomicBool,
}

impl aws_sdk_ec2::config::Intercept for TakesTheNumberFirst {
    fn name(&self) -> &'static str {
        "takes-the-number-first"
    }

    fn read_before_transmit(
        &self,
        context: &aws_sdk_ec2::config::interceptors::BeforeTransmitInterceptorContextRef<'_>,
        _components: &aws_sdk_ec2::config::RuntimeComponents,
        _cfg: &mut aws_sdk_ec2::config::ConfigBag,
    ) -> Result<(), aws_sdk_ec2::error::BoxError> {
        let body = context.request().body().bytes().unwrap_or_default();
        let body = String::from_utf8_lossy(body);
        if !body.contains("Action=CreateNetworkAclEntry")
            || self.done.swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            return Ok(());
        }
        let number = body
            .split('&')
            .find_map(|kv| kv.strip_prefix("RuleNumber="))
            .expect("a rule number")
            .to_string();
        let form = format!(
            "Action=CreateNetworkAclEntry&Version=2016-11-15&NetworkAclId={}&RuleNumber={number}\
             &Protocol=-1&RuleAction=deny&Egress=false&CidrBlock=9.9.9.9%2F32",
            self.acl
        );
        let host = self.endpoint.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(host).expect("moto");
        use std::io::{Read, Write};
        write!(
            stream,
            "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Authorization: AWS4-HMAC-SHA256 Credential=testing/20261202/{REGION}/ec2/aws4_request, \
             SignedHeaders=host, Signature=0\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{form}",
            form.len()
        )
        .expect("write");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("read");
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        Ok(())
    }
}

#[test]
fn nacl_rule_number_taken_between_read_and_write_moves_to_the_next_free_one() {
    block_on(async {
        let moto = Moto::start();
        let (ec2, acl) = create_acl(&moto).await;
        let mut store = Store::in_memory().expect("a store");
        let spec = nacl_spec(&acl, 59, 63);
        let alerts = [alert("brute-force", Severity::High, &["45.33.32.1"], 9)];
        let p = plan_at(
            &moto,
            &spec,
            &mut store,
            &alerts,
            &AllowList::default(),
            at(10),
            None,
        )
        .await;
        assert_eq!(p.targets[0].add[0].rule_number, Some(59));
        let config = moto.sdk_config(REGION).await;
        let racer = TakesTheNumberFirst {
            endpoint: moto.endpoint(),
            acl: acl.clone(),
            done: std::sync::atomic::AtomicBool::new(false),
        };
        let client = aws_sdk_ec2::Client::from_conf(
            aws_sdk_ec2::config::Builder::from(&config)
                .interceptor(racer)
                .build(),
        );
        let outcome = cloudward_respond::block::nacl::change(&client, &p.targets[0]).await;
        assert!(outcome.failed.is_empty(), "{:?}", outcome.failed);
        // 59 was taken by the other writer and 60 is the team's own: ours went to 61.
        let numbers: Vec<Option<i32>> = outcome.added.iter().map(|e| e.rule_number).collect();
        assert_eq!(numbers, [Some(61)]);
        let after = inbound(&ec2, &acl).await;
        assert!(
            after.contains(&(59, "deny".into(), "9.9.9.9/32".into())),
            "{after:?}"
        );
        assert!(
            after.contains(&(61, "deny".into(), "45.33.32.1/32".into())),
            "{after:?}"
        );
    });
}

#[test]
fn waf_ipv6_set_takes_ipv6_offenders_as_128_prefixes_and_refuses_ipv4() {
    block_on(async {
        let moto = Moto::start();
        let id = create_ip_set_of(
            &moto,
            "blocklist-v6",
            IpAddressVersion::Ipv6,
            &["2001:db8::/32"],
        )
        .await;
        let mut store = Store::in_memory().expect("a store");
        let alerts = [alert(
            "brute-force",
            Severity::High,
            &["2a01:4f8:c0c:1::7", "45.33.32.1", "2001:db8::9"],
            9,
        )];
        let spec = waf_spec("blocklist-v6");
        let p = plan_at(
            &moto,
            &spec,
            &mut store,
            &alerts,
            &AllowList::default(),
            at(10),
            None,
        )
        .await;
        assert_eq!(added(&p), ["2a01:4f8:c0c:1::7/128"]);
        let refused: Vec<(&str, &Reason)> = p.targets[0]
            .refused
            .iter()
            .map(|r| (r.value.as_str(), &r.reason))
            .collect();
        // The documentation range is never blocked (offenders filter), so only the IPv4
        // address reaches the target, which holds the other family.
        assert_eq!(refused, [("45.33.32.1", &Reason::OtherFamily)]);
        let config = moto.sdk_config(REGION).await;
        let done = Box::pin(apply(&config, &p, &mut store, quick_retry())).await;
        assert!(done.is_complete(), "{}", done.describe());
        let (now, _) = ip_set(&moto, "blocklist-v6", &id).await;
        assert_eq!(now, ["2001:db8::/32", "2a01:4f8:c0c:1::7/128"]);
    });
}
