//! Writes synthetic, varied benchmark input (not committed): CloudTrail `{"Records":[...]}`
//! documents plain and gzip, VPC flow logs, and (each a third of the CloudTrail size) nginx
//! access logs (`web.log`), Linux `auth.log` and S3 server access logs (`s3access.log`).
//!
//! `cargo run --release -p cloudward-detect --example gen_bench_data -- /tmp/cwbench 300`
//! writes about 300 MB of CloudTrail JSON (≈1.3 KB per event) plus a gzip copy, and 100 MB of
//! flow log lines. The mix follows a typical account: mostly read-only calls and data events,
//! about 2% errors, under 1% of the state changes the built-in rules look for.
//!
//! A third argument N (default 500; 0 for none) also writes the same events as many small gzip
//! files of N events each under `trail/AWSLogs/...` (the layout a trail writes to S3), for
//! multi-file and multi-thread runs.
use std::io::Write;

/// A small deterministic PRNG (xorshift64), so runs are comparable.
pub struct Rng(pub u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const READS: &[(&str, &str)] = &[
    ("ec2.amazonaws.com", "DescribeInstances"),
    ("ec2.amazonaws.com", "DescribeSecurityGroups"),
    ("ec2.amazonaws.com", "DescribeVolumes"),
    ("s3.amazonaws.com", "GetObject"),
    ("s3.amazonaws.com", "PutObject"),
    ("s3.amazonaws.com", "ListObjects"),
    ("s3.amazonaws.com", "HeadBucket"),
    ("sts.amazonaws.com", "AssumeRole"),
    ("kms.amazonaws.com", "Decrypt"),
    ("kms.amazonaws.com", "GenerateDataKey"),
    ("iam.amazonaws.com", "GetRole"),
    ("iam.amazonaws.com", "ListAttachedRolePolicies"),
    ("lambda.amazonaws.com", "Invoke"),
    ("logs.amazonaws.com", "PutLogEvents"),
    ("dynamodb.amazonaws.com", "DescribeTable"),
    ("monitoring.amazonaws.com", "GetMetricData"),
    ("ssm.amazonaws.com", "GetParameter"),
    ("secretsmanager.amazonaws.com", "GetSecretValue"),
];
const WRITES: &[(&str, &str)] = &[
    ("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"),
    ("ec2.amazonaws.com", "CreateSecurityGroup"),
    ("iam.amazonaws.com", "AttachRolePolicy"),
    ("iam.amazonaws.com", "CreateAccessKey"),
    ("s3.amazonaws.com", "PutBucketPolicy"),
    ("cloudtrail.amazonaws.com", "UpdateTrail"),
    ("kms.amazonaws.com", "ScheduleKeyDeletion"),
    ("signin.amazonaws.com", "ConsoleLogin"),
    ("ec2.amazonaws.com", "CreateRoute"),
];
const REGIONS: &[&str] = &[
    "us-east-1",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-2",
    "us-west-2",
];
const AGENTS: &[&str] = &[
    "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79-99.164.amzn2023.x86_64 exe/x86_64.amzn.2023 prompt/off command/ec2.describe-instances",
    "aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/s3#1.51.3",
    "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.210 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69",
    "console.amazonaws.com",
    "terraform-provider-aws/5.42.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.0",
];

/// One synthetic CloudTrail event (minified JSON), the `i`-th of a stream.
pub fn event(rng: &mut Rng, i: u64) -> String {
    let roll = rng.below(1000);
    let (source, name) = if roll < 6 {
        WRITES[rng.below(WRITES.len() as u64) as usize]
    } else {
        READS[rng.below(READS.len() as u64) as usize]
    };
    let error = if rng.below(100) < 2 {
        r#","errorCode":"AccessDenied","errorMessage":"User is not authorized to perform this action""#
    } else {
        ""
    };
    let user = rng.below(50);
    let region = rng.pick(REGIONS);
    let agent = rng.pick(AGENTS);
    let secs = 1_700_000_000 + i / 50;
    let t = chrono::DateTime::from_timestamp(secs as i64, 0)
        .expect("valid time")
        .format("%Y-%m-%dT%H:%M:%SZ");
    let ip = format!(
        "{}.{}.{}.{}",
        3 + rng.below(200),
        rng.below(256),
        rng.below(256),
        1 + rng.below(254)
    );
    let params = match name {
        "AuthorizeSecurityGroupIngress" => format!(
            r#"{{"groupId":"sg-0{:x}","ipPermissions":{{"items":[{{"ipProtocol":"tcp","fromPort":22,"toPort":22,"groups":{{}},"ipRanges":{{"items":[{{"cidrIp":"{}"}}]}},"ipv6Ranges":{{}},"prefixListIds":{{}}}}]}}}}"#,
            rng.next() & 0xffffff,
            if rng.below(2) == 0 {
                "0.0.0.0/0"
            } else {
                "10.0.0.0/8"
            }
        ),
        "GetObject" | "PutObject" | "HeadBucket" | "ListObjects" => format!(
            r#"{{"bucketName":"data-{}-bucket","Host":"data-{}-bucket.s3.{region}.amazonaws.com","key":"prefix/{:x}/object-{}.parquet"}}"#,
            user % 7,
            user % 7,
            rng.next() & 0xffffffff,
            rng.below(100000)
        ),
        _ => format!(
            r#"{{"roleArn":"arn:aws:iam::111122223333:role/service-role-{}","roleSessionName":"session-{:x}","durationSeconds":3600,"filters":[{{"name":"tag:Environment","values":["prod","staging"]}}],"maxResults":1000}}"#,
            user,
            rng.next() & 0xffffffff
        ),
    };
    format!(
        r#"{{"eventVersion":"1.09","userIdentity":{{"type":"AssumedRole","principalId":"AROAEXAMPLE{user}:session-{user}","arn":"arn:aws:sts::111122223333:assumed-role/role-{user}/session-{user}","accountId":"111122223333","accessKeyId":"ASIAEXAMPLE{:08X}","sessionContext":{{"sessionIssuer":{{"type":"Role","principalId":"AROAEXAMPLE{user}","arn":"arn:aws:iam::111122223333:role/role-{user}","accountId":"111122223333","userName":"role-{user}"}},"attributes":{{"creationDate":"{t}","mfaAuthenticated":"false"}}}}}},"eventTime":"{t}","eventSource":"{source}","eventName":"{name}","awsRegion":"{region}","sourceIPAddress":"{ip}","userAgent":"{agent}"{error},"requestParameters":{params},"responseElements":null,"requestID":"{:016x}-{:08x}","eventID":"{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}","readOnly":true,"resources":[{{"accountId":"111122223333","type":"AWS::IAM::Role","ARN":"arn:aws:iam::111122223333:role/role-{user}"}}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","tlsDetails":{{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"{}.{region}.amazonaws.com"}}}}"#,
        rng.next() as u32,
        rng.next(),
        rng.next() as u32,
        rng.next() as u32,
        rng.next() as u16,
        rng.next() & 0xfff,
        rng.next() & 0xfff,
        rng.next() & 0xffffffffffff,
        source.split('.').next().unwrap_or("svc"),
    )
}

#[allow(dead_code)]
fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "/tmp/cwbench".into()));
    let mb: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(300);
    let split: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(500);
    std::fs::create_dir_all(&dir)?;
    let split_dir = dir.join("trail/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/01");
    if split > 0 {
        std::fs::create_dir_all(&split_dir)?;
    }
    let mut part: Option<flate2::write::GzEncoder<std::io::BufWriter<std::fs::File>>> = None;
    let mut parts = 0u64;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let plain_path = dir.join("cloudtrail.json");
    let mut plain = std::io::BufWriter::new(std::fs::File::create(&plain_path)?);
    let mut gz = flate2::write::GzEncoder::new(
        std::io::BufWriter::new(std::fs::File::create(dir.join("cloudtrail.json.gz"))?),
        flate2::Compression::new(6),
    );
    let mut written = 0u64;
    let mut n = 0u64;
    let head = b"{\"Records\":[";
    plain.write_all(head)?;
    gz.write_all(head)?;
    while written < mb * 1_000_000 {
        let e = event(&mut rng, n);
        let sep: &[u8] = if n == 0 { b"" } else { b"," };
        plain.write_all(sep)?;
        gz.write_all(sep)?;
        plain.write_all(e.as_bytes())?;
        gz.write_all(e.as_bytes())?;
        if split > 0 {
            if n % split == 0 {
                if let Some(mut p) = part.take() {
                    p.write_all(b"]}")?;
                    p.finish()?.flush()?;
                }
                let name =
                    format!("111122223333_CloudTrail_eu-west-1_20261101T0000Z_{parts:06}.json.gz");
                let mut p = flate2::write::GzEncoder::new(
                    std::io::BufWriter::new(std::fs::File::create(split_dir.join(name))?),
                    flate2::Compression::new(6),
                );
                p.write_all(head)?;
                parts += 1;
                part = Some(p);
            } else if let Some(p) = part.as_mut() {
                p.write_all(b",")?;
            }
            if let Some(p) = part.as_mut() {
                p.write_all(e.as_bytes())?;
            }
        }
        written += e.len() as u64 + 1;
        n += 1;
    }
    if let Some(mut p) = part.take() {
        p.write_all(b"]}")?;
        p.finish()?.flush()?;
    }
    if split > 0 {
        eprintln!(
            "{parts} gzip files of up to {split} events in {}",
            split_dir.display()
        );
    }
    plain.write_all(b"]}")?;
    gz.write_all(b"]}")?;
    plain.flush()?;
    gz.finish()?.flush()?;
    eprintln!(
        "{n} CloudTrail events, {:.1} MB, {:.0} B/event",
        written as f64 / 1e6,
        written as f64 / n as f64
    );

    let mut flow = std::io::BufWriter::new(std::fs::File::create(dir.join("flow.log"))?);
    writeln!(flow, "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status")?;
    let mut fw = 0u64;
    let mut lines = 0u64;
    while fw < mb / 3 * 1_000_000 {
        let public = rng.below(10) == 0;
        let src = if public {
            format!(
                "{}.{}.{}.{}",
                20 + rng.below(180),
                rng.below(256),
                rng.below(256),
                rng.below(256)
            )
        } else {
            format!("10.0.{}.{}", rng.below(256), rng.below(256))
        };
        let port = [22u64, 443, 80, 3306, 5432, 8080, 53, 123][rng.below(8) as usize];
        let action = if rng.below(5) == 0 {
            "REJECT"
        } else {
            "ACCEPT"
        };
        let start = 1_700_000_000 + lines / 100;
        let line = format!(
            "2 111122223333 eni-0{:07x} {src} 10.0.1.{} {} {port} 6 {} {} {start} {} {action} OK\n",
            rng.below(1 << 24),
            rng.below(256),
            1024 + rng.below(60000),
            1 + rng.below(100),
            40 + rng.below(100000),
            start + 60
        );
        flow.write_all(line.as_bytes())?;
        fw += line.len() as u64;
        lines += 1;
    }
    flow.flush()?;
    eprintln!("{lines} flow lines, {:.1} MB", fw as f64 / 1e6);
    text_logs(&dir, mb / 3 * 1_000_000, &mut rng)
}

/// A public-looking address out of a pool of `n`.
fn client(rng: &mut Rng, n: u64) -> String {
    let k = rng.below(n);
    format!(
        "{}.{}.{}.{}",
        20 + k % 180,
        (k / 180) % 256,
        (k * 7) % 256,
        1 + k % 254
    )
}

fn bench_start() -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
        .single()
        .expect("valid time")
}

/// Line `n` of a synthetic nginx `main` access log: web traffic from 5,000 clients at 200
/// requests a second, with ~2% probes by scanner user agents and ~1% refused logins.
pub fn web_line(rng: &mut Rng, n: u64) -> String {
    const PATHS: &[&str] = &[
        "/",
        "/index.html",
        "/static/app.js",
        "/static/app.css",
        "/api/v1/items",
        "/api/v1/items/42",
        "/search?q=shoes",
        "/images/logo.png",
        "/favicon.ico",
        "/products/1234?ref=home",
    ];
    const PROBES: &[&str] = &[
        "/.env",
        "/.git/config",
        "/wp-login.php",
        "/phpmyadmin/",
        "/cgi-bin/../../etc/passwd",
    ];
    const AGENTS: &[&str] = &[
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "curl/8.5.0",
        "python-requests/2.31.0",
    ];
    const SCANNERS: &[&str] = &[
        "sqlmap/1.8.2#stable (https://sqlmap.org)",
        "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None)",
        "Mozilla/5.0 zgrab/0.x",
    ];
    let t = bench_start() + chrono::Duration::milliseconds((n * 5) as i64);
    let ip = client(rng, 5000);
    let roll = rng.below(100);
    let (method, path, status, agent) = if roll < 2 {
        ("GET", rng.pick(PROBES), "404", rng.pick(SCANNERS))
    } else if roll < 3 {
        ("POST", "/login", "401", rng.pick(AGENTS))
    } else {
        (
            "GET",
            rng.pick(PATHS),
            if rng.below(50) == 0 { "304" } else { "200" },
            rng.pick(AGENTS),
        )
    };
    format!(
        "{ip} - - [{}] \"{method} {path} HTTP/1.1\" {status} {} \"https://www.example.com/\" \"{agent}\" \"-\"\n",
        t.format("%d/%b/%Y:%H:%M:%S +0000"),
        rng.below(50_000)
    )
}

/// Line `n` of a synthetic auth.log: internet SSH noise (failed passwords and unknown users
/// from 2,000 addresses) with some accepted logins, cron and sudo, 50 lines a second.
pub fn auth_line(rng: &mut Rng, n: u64) -> String {
    let t = bench_start() + chrono::Duration::milliseconds((n * 20) as i64);
    let ts = t.format("%b %e %H:%M:%S");
    let pid = 1000 + rng.below(30_000);
    let ip = client(rng, 2000);
    let port = 1024 + rng.below(60_000);
    match rng.below(20) {
        0..=9 => format!("{ts} web-1 sshd[{pid}]: Failed password for root from {ip} port {port} ssh2\n"),
        10..=12 => format!("{ts} web-1 sshd[{pid}]: Invalid user admin{} from {ip} port {port}\n", rng.below(100)),
        13 => format!("{ts} web-1 sshd[{pid}]: Accepted publickey for ubuntu from 10.0.{}.{} port {port} ssh2: ED25519 SHA256:p3Wl4iWh5e0SHdZ1tO3EXAMPLE\n", rng.below(256), rng.below(256)),
        14 => format!("{ts} web-1 sshd[{pid}]: Connection closed by authenticating user root {ip} port {port} [preauth]\n"),
        15 => format!("{ts} web-1 sshd[{pid}]: Received disconnect from {ip} port {port}:11: Bye Bye [preauth]\n"),
        16 | 17 => format!("{ts} web-1 CRON[{pid}]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)\n"),
        18 => format!("{ts} web-1 sudo:   ubuntu : TTY=pts/0 ; PWD=/home/ubuntu ; USER=root ; COMMAND=/usr/bin/systemctl status nginx\n"),
        _ => format!("{ts} web-1 systemd-logind[812]: New session {pid} of user ubuntu.\n"),
    }
}

/// `web.log`, `auth.log` (about `bytes` each) and `s3access.log` (half that): see
/// [`web_line`], [`auth_line`]; S3 reads and writes with ~3% refusals.
fn text_logs(dir: &std::path::Path, bytes: u64, rng: &mut Rng) -> std::io::Result<()> {
    let start = bench_start();
    for (name, line) in [
        ("web.log", web_line as fn(&mut Rng, u64) -> String),
        ("auth.log", auth_line),
    ] {
        let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join(name))?);
        let (mut w, mut n) = (0u64, 0u64);
        while w < bytes {
            let l = line(rng, n);
            out.write_all(l.as_bytes())?;
            w += l.len() as u64;
            n += 1;
        }
        out.flush()?;
        eprintln!("{n} {name} lines, {:.1} MB", w as f64 / 1e6);
    }

    let mut s3 = std::io::BufWriter::new(std::fs::File::create(dir.join("s3access.log"))?);
    let (mut w, mut n) = (0u64, 0u64);
    while w < bytes / 2 {
        let t = start + chrono::Duration::milliseconds((n * 10) as i64);
        let (op, status, err) = match rng.below(33) {
            0 => ("REST.GET.OBJECT", "403", "AccessDenied"),
            1..=20 => ("REST.GET.OBJECT", "200", "-"),
            21..=28 => ("REST.PUT.OBJECT", "200", "-"),
            _ => ("REST.HEAD.OBJECT", "200", "-"),
        };
        let key = format!(
            "data/{}/part-{:05}.parquet",
            rng.below(100),
            rng.below(100_000)
        );
        let line = format!(
            "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be amzn-s3-demo-bucket1 [{}] 10.0.{}.{} arn:aws:sts::111122223333:assumed-role/etl/i-0{:07x} {:016X} {op} {key} \"{} /amzn-s3-demo-bucket1/{key} HTTP/1.1\" {status} {err} {} {} {} {} \"-\" \"aws-sdk-java/2.25.0\" - {:x}= SigV4 TLS_AES_128_GCM_SHA256 AuthHeader amzn-s3-demo-bucket1.s3.eu-west-1.amazonaws.com TLSv1.3 - - -\n",
            t.format("%d/%b/%Y:%H:%M:%S +0000"),
            rng.below(256),
            rng.below(256),
            rng.below(1 << 24),
            rng.next(),
            if op == "REST.PUT.OBJECT" { "PUT" } else { "GET" },
            rng.below(1 << 20),
            rng.below(1 << 20),
            rng.below(200),
            rng.below(100),
            rng.next()
        );
        s3.write_all(line.as_bytes())?;
        w += line.len() as u64;
        n += 1;
    }
    s3.flush()?;
    eprintln!("{n} S3 server access lines, {:.1} MB", w as f64 / 1e6);
    Ok(())
}
