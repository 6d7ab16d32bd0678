//! Writes synthetic, varied benchmark input (not committed): CloudTrail `{"Records":[...]}`
//! documents plain and gzip, and VPC flow logs.
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
    Ok(())
}
