//! A fault-injecting HTTP proxy between the SDK and moto, for the fault suite
//! (`fault_suite.rs`, issue 8).
//!
//! The scanner is pointed at the proxy (`--endpoint-url`); the proxy forwards each request to
//! moto, or answers it with a fault instead: an access denial or a throttling or server error
//! *in the service's own wire format* (EC2 query XML, IAM/STS query XML, S3 REST XML, S3
//! Control wrapped XML, JSON 1.1, REST-JSON), a connection closed before any answer, a
//! connection reset half-way through a correct answer's body, or a delay. Each [`Fault`] is
//! aimed by service, region, API and a substring of the path (one bucket), and fires on a
//! given share of the matching requests, drawn from a seeded generator so a run is
//! repeatable, or on the first few only.
//!
//! One request per connection: the proxy answers with `Connection: close`, which the SDK's
//! HTTP client honours, so request framing stays simple (the scan's requests carry
//! `Content-Length` bodies; a chunked request is answered 501 and counted as a proxy error,
//! which the suite asserts is zero). Threads, not tasks: the proxy must keep serving while the
//! test's runtime is busy, and it stops when dropped.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// Largest request head or response the proxy buffers; the scan's are far smaller.
const MAX_MESSAGE: usize = 64 << 20;

/// What a fault does to a matching request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The service's access-denied error (403, or 400 for JSON 1.1 protocols).
    Deny,
    /// The service's throttling error (`Throttling`, `RequestLimitExceeded`, `SlowDown`,
    /// `ThrottlingException`).
    Throttle,
    /// The service's internal error, HTTP 500.
    ServerError,
    /// The connection is closed before any byte of an answer.
    ResetBeforeAnswer,
    /// moto's real answer, cut half-way through its body (the status line and headers,
    /// including the full `Content-Length`, arrive first).
    ResetMidBody,
    /// moto's real answer, after a pause.
    Delay(Duration),
}

/// One fault: which requests it aims at and how often it fires.
#[derive(Clone, Debug)]
pub struct Fault {
    /// Signing name of the service (`ec2`, `iam`, `s3`, `s3control`, `cloudtrail`, ...); `None`
    /// for all.
    pub service: Option<&'static str>,
    /// A service never hit (`sts`: without its identity a scan does not start at all).
    pub sparing: Option<&'static str>,
    /// Region from the signature's credential scope; `None` for all.
    pub region: Option<&'static str>,
    /// API action (`DescribeRouteTables`, `GetBucketPolicy`); `None` for all.
    pub api: Option<&'static str>,
    /// A substring the request path must contain (`/acme-logs`: one bucket); `None` for all.
    pub path_contains: Option<String>,
    /// The effect.
    pub mode: Mode,
    /// Share of the matching requests it fires on, in percent (100: every one).
    pub percent: u32,
    /// Fire on at most this many requests (`None`: no limit).
    pub times: Option<u64>,
}

impl Fault {
    /// `mode` on every request.
    pub fn always(mode: Mode) -> Fault {
        Fault {
            service: None,
            sparing: None,
            region: None,
            api: None,
            path_contains: None,
            mode,
            percent: 100,
            times: None,
        }
    }

    /// `mode` on `percent` % of all requests.
    pub fn share(mode: Mode, percent: u32) -> Fault {
        Fault {
            percent,
            ..Fault::always(mode)
        }
    }

    /// Only requests of `service`.
    pub fn service(self, service: &'static str) -> Fault {
        Fault {
            service: Some(service),
            ..self
        }
    }

    /// Never requests of `service`.
    pub fn sparing(self, service: &'static str) -> Fault {
        Fault {
            sparing: Some(service),
            ..self
        }
    }

    /// Only requests signed for `region`.
    pub fn region(self, region: &'static str) -> Fault {
        Fault {
            region: Some(region),
            ..self
        }
    }

    /// Only requests of `api`.
    pub fn api(self, api: &'static str) -> Fault {
        Fault {
            api: Some(api),
            ..self
        }
    }

    /// Only requests whose path contains `part`.
    pub fn path(self, part: &str) -> Fault {
        Fault {
            path_contains: Some(part.to_string()),
            ..self
        }
    }

    /// Fire at most `n` times.
    pub fn times(self, n: u64) -> Fault {
        Fault {
            times: Some(n),
            ..self
        }
    }

    fn aims_at(&self, call: &Call) -> bool {
        self.service.is_none_or(|s| s == call.service)
            && self.sparing.is_none_or(|s| s != call.service)
            && self.region.is_none_or(|r| r == call.region)
            && self.api.is_none_or(|a| a == call.api)
            && self
                .path_contains
                .as_deref()
                .is_none_or(|p| call.path.contains(p))
    }
}

/// What the proxy saw and did.
#[derive(Debug, Default)]
pub struct Stats {
    /// Requests received.
    pub requests: AtomicU64,
    /// Requests answered with a fault.
    pub injected: AtomicU64,
    /// Requests the proxy could not handle itself (unparseable, chunked, moto unreachable).
    pub proxy_errors: AtomicU64,
    /// Every fault fired, as "service region api mode".
    pub fired: Mutex<Vec<String>>,
    /// What each proxy error was, for the assertion's message.
    pub proxy_error_log: Mutex<Vec<String>>,
}

impl Stats {
    fn proxy_error(&self, what: String) {
        self.proxy_errors.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut log) = self.proxy_error_log.lock() {
            log.push(what);
        }
    }
}

/// A running proxy; stops accepting when dropped.
pub struct FaultProxy {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    /// What happened so far.
    pub stats: Arc<Stats>,
}

impl FaultProxy {
    /// Start a proxy in front of `upstream` (moto's `http://127.0.0.1:PORT`) with `faults`,
    /// tried in order (the first that aims at a request and fires wins), and a `seed` for the
    /// share draws.
    pub fn start(upstream: &str, faults: Vec<Fault>, seed: u64) -> FaultProxy {
        let upstream: SocketAddr = upstream
            .trim_start_matches("http://")
            .parse()
            .expect("moto's endpoint is http://127.0.0.1:PORT");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the fault proxy on loopback");
        let addr = listener.local_addr().expect("the proxy has an address");
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let stop = Arc::new(AtomicBool::new(false));
        let stats = Arc::new(Stats::default());
        let shared = Arc::new(Shared {
            upstream,
            faults: faults.into_iter().map(|f| (f, AtomicU64::new(0))).collect(),
            rng: Mutex::new(seed.max(1)),
            stats: stats.clone(),
        });
        let stopping = stop.clone();
        thread::spawn(move || {
            while !stopping.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let shared = shared.clone();
                        thread::spawn(move || serve(stream, &shared));
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        thread::sleep(Duration::from_millis(2));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        FaultProxy { addr, stop, stats }
    }

    /// The endpoint URL to give the scanner.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Faults fired so far.
    pub fn injected(&self) -> u64 {
        self.stats.injected.load(Ordering::Relaxed)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

struct Shared {
    upstream: SocketAddr,
    /// Each fault with how often it fired.
    faults: Vec<(Fault, AtomicU64)>,
    /// xorshift64 state for the share draws.
    rng: Mutex<u64>,
    stats: Arc<Stats>,
}

impl Shared {
    fn draw_percent(&self) -> u32 {
        let mut state = self.rng.lock().unwrap_or_else(|p| p.into_inner());
        let mut x = *state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *state = x;
        (x % 100) as u32
    }

    fn pick(&self, call: &Call) -> Option<Mode> {
        for (fault, fired) in &self.faults {
            if !fault.aims_at(call) {
                continue;
            }
            if fault
                .times
                .is_some_and(|n| fired.load(Ordering::SeqCst) >= n)
            {
                continue;
            }
            if fault.percent < 100 && self.draw_percent() >= fault.percent {
                continue;
            }
            fired.fetch_add(1, Ordering::SeqCst);
            return Some(fault.mode);
        }
        None
    }
}

/// One request as the proxy understands it.
struct Call {
    service: String,
    region: String,
    api: String,
    path: String,
}

/// A parsed request: its head (as received) and body.
struct Request {
    head: String,
    body: Vec<u8>,
}

fn serve(mut client: TcpStream, shared: &Shared) {
    let _ = client.set_read_timeout(Some(Duration::from_secs(30)));
    shared.stats.requests.fetch_add(1, Ordering::Relaxed);
    let request = match read_request(&mut client) {
        Received::Request(request) => request,
        // A pooled connection the client closed without using: nothing to answer.
        Received::Closed => return,
        Received::Unhandled => {
            shared
                .stats
                .proxy_error("a request the proxy cannot parse".to_string());
            let _ = client.write_all(
                b"HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            return;
        }
    };
    let call = describe(&request);
    let mode = shared.pick(&call);
    if let Some(mode) = mode {
        shared.stats.injected.fetch_add(1, Ordering::Relaxed);
        shared
            .stats
            .fired
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(format!(
                "{} {} {} {mode:?}",
                call.service, call.region, call.api
            ));
    }
    match mode {
        Some(Mode::ResetBeforeAnswer) => {
            let _ = client.shutdown(Shutdown::Both);
        }
        Some(Mode::Deny | Mode::Throttle | Mode::ServerError) => {
            let answer = error_answer(&call, mode.expect("matched"));
            let _ = client.write_all(&answer);
        }
        Some(Mode::Delay(pause)) => {
            thread::sleep(pause);
            forward(&mut client, &request, shared, false);
        }
        Some(Mode::ResetMidBody) => forward(&mut client, &request, shared, true),
        None => forward(&mut client, &request, shared, false),
    }
}

/// What reading a request gave.
enum Received {
    Request(Request),
    /// The client closed the connection before sending a byte (an idle pooled connection).
    Closed,
    /// What the proxy does not handle: chunked bodies, oversize, a connection broken mid-request.
    Unhandled,
}

/// Read one request: head up to the blank line, then a `Content-Length` body.
fn read_request(client: &mut TcpStream) -> Received {
    let mut first = [0u8; 1];
    match client.read(&mut first) {
        Ok(0) | Err(_) => return Received::Closed,
        Ok(_) => {}
    }
    match read_rest(client, first[0]) {
        Some(request) => Received::Request(request),
        None => Received::Unhandled,
    }
}

fn read_rest(client: &mut TcpStream, first: u8) -> Option<Request> {
    let mut buffer = vec![first];
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(at) = find(&buffer, b"\r\n\r\n") {
            break at + 4;
        }
        if buffer.len() > MAX_MESSAGE {
            return None;
        }
        let n = client.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buffer[..head_end].to_vec()).ok()?;
    if header(&head, "transfer-encoding").is_some() {
        return None;
    }
    let length: usize = header(&head, "content-length")
        .map(|v| v.trim().parse().ok())
        .unwrap_or(Some(0))?;
    if length > MAX_MESSAGE {
        return None;
    }
    let mut body = buffer[head_end..].to_vec();
    while body.len() < length {
        let n = client.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    Some(Request { head, body })
}

/// Forward the request to moto with `Connection: close`, read the whole answer, and pass it
/// on (or, with `cut`, its head and half its body, then a reset).
fn forward(client: &mut TcpStream, request: &Request, shared: &Shared, cut: bool) {
    let once = || -> std::io::Result<Vec<u8>> {
        let mut upstream = TcpStream::connect(shared.upstream)?;
        upstream.set_read_timeout(Some(Duration::from_secs(60)))?;
        upstream.write_all(close_connection(&request.head).as_bytes())?;
        upstream.write_all(&request.body)?;
        let mut answer = Vec::new();
        upstream.take(MAX_MESSAGE as u64).read_to_end(&mut answer)?;
        Ok(answer)
    };
    // The scan only reads, so a request moto dropped (it resets a connection now and then
    // under load) is sent again once: the proxy is test scaffolding, not the thing tested.
    let answer = once().or_else(|_| once());
    let answer = match answer {
        Ok(answer) => answer,
        Err(e) => {
            let line = request.head.lines().next().unwrap_or_default();
            shared
                .stats
                .proxy_error(format!("forwarding {line} to moto: {e}"));
            let _ = client.shutdown(Shutdown::Both);
            return;
        }
    };
    if !cut {
        let _ = client.write_all(&answer);
        return;
    }
    let body_at = find(&answer, b"\r\n\r\n").map_or(answer.len(), |at| at + 4);
    let body_len = answer.len() - body_at;
    // At least one byte of the body is withheld, so the SDK sees an early end of the body.
    let keep = body_at + body_len / 2;
    if body_len == 0 {
        let _ = client.write_all(&answer);
        return;
    }
    let _ = client.write_all(&answer[..keep]);
    let _ = client.flush();
    let _ = client.shutdown(Shutdown::Both);
}

/// The request head with any `Connection` header replaced by `Connection: close`.
fn close_connection(head: &str) -> String {
    let mut out = String::with_capacity(head.len() + 20);
    for line in head.trim_end_matches("\r\n").split("\r\n") {
        if line
            .split_once(':')
            .is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case("connection"))
        {
            continue;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.split("\r\n").skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then_some(value.trim())
    })
}

/// Service, region and API of a request, from its signature, target header, form body or
/// REST path.
fn describe(request: &Request) -> Call {
    let request_line = request.head.lines().next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    // Credential=AKID/20261201/us-east-1/s3/aws4_request
    let scope: Vec<&str> = header(&request.head, "authorization")
        .and_then(|a| a.split("Credential=").nth(1))
        .map(|c| c.split(',').next().unwrap_or(c).split('/').collect())
        .unwrap_or_default();
    let region = scope.get(2).copied().unwrap_or("unknown").to_string();
    let mut service = scope.get(3).copied().unwrap_or("unknown").to_string();
    if service == "s3" && path.starts_with("/v20180820/") {
        service = "s3control".into();
    }
    let api = if let Some(target) = header(&request.head, "x-amz-target") {
        target.rsplit('.').next().unwrap_or(target).to_string()
    } else if let Some(action) = form_action(&request.body) {
        action
    } else {
        rest_api(&service, &method, path, query)
    };
    Call {
        service,
        region,
        api,
        path: path.to_string(),
    }
}

fn form_action(body: &[u8]) -> Option<String> {
    let body = std::str::from_utf8(body).ok()?;
    body.split('&')
        .find_map(|pair| pair.strip_prefix("Action="))
        .map(str::to_string)
}

/// The action of a REST request, for the services the scan calls over REST.
pub(crate) fn rest_api(service: &str, method: &str, path: &str, query: &str) -> String {
    let first_key = query
        .split('&')
        .map(|kv| kv.split('=').next().unwrap_or_default())
        .find(|k| !k.is_empty() && *k != "x-id");
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let name = match (service, method, segments.as_slice(), first_key) {
        ("s3", "GET", [], _) => "ListBuckets",
        ("s3", "GET", [_], Some("acl")) => "GetBucketAcl",
        ("s3", "GET", [_], Some("policy")) => "GetBucketPolicy",
        ("s3", "GET", [_], Some("policyStatus")) => "GetBucketPolicyStatus",
        ("s3", "GET", [_], Some("publicAccessBlock")) => "GetPublicAccessBlock",
        ("s3", "GET", [_], Some("encryption")) => "GetBucketEncryption",
        ("s3", "GET", [_], Some("versioning")) => "GetBucketVersioning",
        ("s3", "GET", [_], Some("logging")) => "GetBucketLogging",
        ("s3", "GET", [_], Some("ownershipControls")) => "GetBucketOwnershipControls",
        ("s3", "GET", [_], Some("tagging")) => "GetBucketTagging",
        ("s3", "GET", [_], Some("location")) => "GetBucketLocation",
        ("s3control", "GET", [.., "publicAccessBlock"], _) => "GetPublicAccessBlock",
        ("guardduty", "GET", ["detector"], _) => "ListDetectors",
        ("guardduty", "GET", ["detector", _], _) => "GetDetector",
        ("securityhub", "GET", ["accounts"], _) => "DescribeHub",
        ("access-analyzer", "GET", ["analyzer"], _) => "ListAnalyzers",
        ("backup", "GET", ["backup-vaults"], _) => "ListBackupVaults",
        ("backup", "GET", ["backup", "plans"], _) => "ListBackupPlans",
        ("backup", "GET", ["backup", "plans", _], _) => "GetBackupPlan",
        ("backup", "GET", ["backup", "plans", _, "selections"], _) => "ListBackupSelections",
        ("backup", "GET", ["backup", "plans", _, "selections", _], _) => "GetBackupSelection",
        ("backup", "GET", ["resources"], _) => "ListProtectedResources",
        ("elasticfilesystem", "GET", [_, "file-systems"], _) => "DescribeFileSystems",
        ("elasticfilesystem", "GET", [_, "file-systems", _, "backup-policy"], _) => {
            "DescribeBackupPolicy"
        }
        ("elasticfilesystem", "GET", [_, "mount-targets"], _) => "DescribeMountTargets",
        ("elasticfilesystem", "GET", [_, "access-points"], _) => "DescribeAccessPoints",
        ("es", "GET", [_, "domain"], _) => "ListDomainNames",
        ("es", "POST", [_, "opensearch", "domain-info"], _) => "DescribeDomains",
        ("securityhub", "POST", ["standards", "get"], _) => "GetEnabledStandards",
        // The Security Hub import (crate respond): its read and its write.
        ("securityhub", "POST", ["findings"], _) => "GetFindings",
        ("securityhub", "POST", ["findings", "import"], _) => "BatchImportFindings",
        ("account", "POST", ["getAlternateContact"], _) => "GetAlternateContact",
        ("account", "POST", ["getContactInformation"], _) => "GetContactInformation",
        ("inspector2", "POST", ["status", "batch", "get"], _) => "BatchGetAccountStatus",
        ("inspector2", "POST", ["findings", "list"], _) => "ListFindings",
        ("macie2", "GET", ["macie"], _) => "GetMacieSession",
        ("cloudfront", "GET", [_, "distribution"], _) => "ListDistributions",
        ("cloudfront", "GET", [_, "distribution", _, "config"], _) => "GetDistributionConfig",
        ("cloudfront", "GET", [_, "tagging"], _) => "ListTagsForResource",
        ("apigateway", "GET", ["restapis"], _) => "GetRestApis",
        ("apigateway", "GET", ["restapis", _, "stages"], _) => "GetStages",
        ("apigateway", "GET", ["restapis", _, "resources"], _) => "GetResources",
        ("apigateway", "GET", ["domainnames"], _) => "GetDomainNames",
        ("apigateway", "GET", ["v2", "apis"], _) => "GetApis",
        ("apigateway", "GET", ["v2", "apis", _, "routes"], _) => "GetRoutes",
        ("apigateway", "GET", ["v2", "apis", _, "stages"], _) => "GetStages",
        ("route53", "GET", [_, "hostedzone"], _) => "ListHostedZones",
        ("route53", "GET", [_, "queryloggingconfig"], _) => "ListQueryLoggingConfigs",
        ("route53", "GET", [_, "hostedzone", _, "dnssec"], _) => "GetDNSSEC",
        ("lambda", "GET", [_, "functions"], _) => "ListFunctions",
        ("lambda", "GET", [_, "functions", _, "policy"], _) => "GetPolicy",
        ("lambda", "GET", [_, "functions", _, "urls"], _) => "ListFunctionUrlConfigs",
        ("lambda", "GET", [_, "tags", _], _) => "ListTags",
        ("lambda", "GET", [_, "functions", _, "code-signing-config"], _) => {
            "GetFunctionCodeSigningConfig"
        }
        ("eks", "GET", ["clusters"], _) => "ListClusters",
        ("eks", "GET", ["clusters", _], _) => "DescribeCluster",
        _ => return format!("{method} {path}"),
    };
    name.to_string()
}

/// The wire protocol a service speaks, which decides what its errors look like.
#[derive(Clone, Copy)]
enum Protocol {
    Ec2Query,
    AwsQuery,
    RestXml,
    RestXmlWrapped,
    AwsJson,
    RestJson,
}

fn protocol(service: &str) -> Protocol {
    match service {
        "ec2" => Protocol::Ec2Query,
        "iam"
        | "sts"
        | "sqs-query"
        | "rds"
        | "sns"
        | "elasticache"
        | "redshift"
        | "elasticloadbalancing" => Protocol::AwsQuery,
        "s3" => Protocol::RestXml,
        "s3control" | "cloudfront" | "route53" => Protocol::RestXmlWrapped,
        "cloudtrail" | "config" | "kms" | "secretsmanager" | "ssm" | "logs" | "sqs" | "athena"
        | "dynamodb" | "organizations" | "sso" | "wafv2" | "acm" | "route53domains" | "ecr"
        | "ecs" => Protocol::AwsJson,
        _ => Protocol::RestJson,
    }
}

/// A complete HTTP answer carrying the service's own error for `mode`.
fn error_answer(call: &Call, mode: Mode) -> Vec<u8> {
    let protocol = protocol(&call.service);
    let (status, code, message) = match (mode, protocol) {
        (Mode::Deny, Protocol::Ec2Query) => (
            403,
            "UnauthorizedOperation",
            "You are not authorized to perform this operation.",
        ),
        (Mode::Deny, Protocol::AwsJson) => (400, "AccessDeniedException", "injected access denial"),
        (Mode::Deny, Protocol::RestJson) => {
            (403, "AccessDeniedException", "injected access denial")
        }
        (Mode::Deny, _) => (403, "AccessDenied", "injected access denial"),
        (Mode::Throttle, Protocol::Ec2Query) => {
            (503, "RequestLimitExceeded", "Request limit exceeded.")
        }
        (Mode::Throttle, Protocol::AwsQuery) => (400, "Throttling", "Rate exceeded"),
        (Mode::Throttle, Protocol::RestXml | Protocol::RestXmlWrapped) => {
            (503, "SlowDown", "Please reduce your request rate.")
        }
        (Mode::Throttle, Protocol::AwsJson) => (400, "ThrottlingException", "Rate exceeded"),
        (Mode::Throttle, Protocol::RestJson) => (429, "ThrottlingException", "Rate exceeded"),
        (_, Protocol::Ec2Query | Protocol::RestXml | Protocol::RestXmlWrapped) => (
            500,
            "InternalError",
            "We encountered an internal error. Please try again.",
        ),
        (_, Protocol::AwsQuery) => (500, "ServiceFailure", "injected server error"),
        (_, Protocol::AwsJson | Protocol::RestJson) => {
            (500, "InternalFailure", "injected server error")
        }
    };
    let reason = match status {
        400 => "Bad Request",
        403 => "Forbidden",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
    let (content_type, extra_header, body) = match protocol {
        Protocol::Ec2Query => (
            "text/xml",
            String::new(),
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>"),
        ),
        Protocol::AwsQuery => (
            "text/xml",
            String::new(),
            format!("<ErrorResponse><Error><Type>{}</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>", if status >= 500 { "Receiver" } else { "Sender" }),
        ),
        Protocol::RestXml => (
            "application/xml",
            String::new(),
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><RequestId>fault-proxy</RequestId></Error>"),
        ),
        Protocol::RestXmlWrapped => (
            "application/xml",
            String::new(),
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse><Error><Code>{code}</Code><Message>{message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>"),
        ),
        Protocol::AwsJson => (
            "application/x-amz-json-1.1",
            String::new(),
            format!("{{\"__type\":\"{code}\",\"message\":\"{message}\"}}"),
        ),
        Protocol::RestJson => (
            "application/json",
            format!("x-amzn-ErrorType: {code}\r\n"),
            format!("{{\"message\":\"{message}\"}}"),
        ),
    };
    format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n{extra_header}x-amzn-RequestId: fault-proxy\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}
