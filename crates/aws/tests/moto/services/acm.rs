//! ACM against moto: a requested certificate (RSA 2048, transparency logging on), one
//! requested with transparency logging off, and an imported certificate with a 1024-bit RSA
//! key (a throwaway self-signed test certificate, valid until 2036).
//!
//! moto gives requested certificates a `NotAfter` one year ahead while they are still
//! pending validation (AWS gives none until issued), so they pass the expiry rule; an
//! expiring certificate cannot be made without generating one at test time, so the Fail side
//! of `acm-certificate-not-expiring` is covered by unit tests.

use aws_sdk_acm::primitives::Blob;
use aws_sdk_acm::types::{CertificateOptions, ValidationMethod};
use cloudward_model::Status::{Fail, NotApplicable, Pass};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const ROWS: &[Row] = &[
    (
        "acm-certificate-not-expiring",
        "good.example.com@us-east-1",
        Pass,
    ),
    (
        "acm-certificate-not-expiring",
        "nolog.example.com@us-east-1",
        Pass,
    ),
    (
        "acm-certificate-not-expiring",
        "legacy.example.com@us-east-1",
        Pass,
    ),
    (
        "acm-certificate-rsa-key-2048-bits-minimum",
        "good.example.com@us-east-1",
        Pass,
    ),
    (
        "acm-certificate-rsa-key-2048-bits-minimum",
        "nolog.example.com@us-east-1",
        Pass,
    ),
    (
        "acm-certificate-rsa-key-2048-bits-minimum",
        "legacy.example.com@us-east-1",
        Fail,
    ),
    (
        "acm-certificate-transparency-logging-enabled",
        "good.example.com@us-east-1",
        Pass,
    ),
    (
        "acm-certificate-transparency-logging-enabled",
        "nolog.example.com@us-east-1",
        Fail,
    ),
    (
        "acm-certificate-transparency-logging-enabled",
        "legacy.example.com@us-east-1",
        NotApplicable,
    ),
];

/// A self-signed certificate for `legacy.example.com` with a 1024-bit RSA key (test only).
const WEAK_CERT: &str = "-----BEGIN CERTIFICATE-----
MIICFjCCAX+gAwIBAgIUKKp1uxss+jPY6MaQFtLIa2IcITswDQYJKoZIhvcNAQEL
BQAwHTEbMBkGA1UEAwwSbGVnYWN5LmV4YW1wbGUuY29tMB4XDTI2MTIwMTIwMDMy
MFoXDTM2MTEyODIwMDMyMFowHTEbMBkGA1UEAwwSbGVnYWN5LmV4YW1wbGUuY29t
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCbty2nMDADr9jvnvjsVZKYv1LE
DpWDyWtV41CfNAoFk1R8cFanQ0dX92VyEuqbkwqziyggi6nXnrUwglzw3JogXmPd
nQCKgdzNmwGM9JjMkTCBhtMf44Oy/9k3zaM/RPFxy3XcHQ1kDwBspxjnFxVOXska
gsFrcgi2UaLzwXG5jQIDAQABo1MwUTAdBgNVHQ4EFgQUYSDXMeuEqNW20qCj0H5I
a0rG21wwHwYDVR0jBBgwFoAUYSDXMeuEqNW20qCj0H5Ia0rG21wwDwYDVR0TAQH/
BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOBgQBh04vKvJZYeC8FAG1QHSt6G1RfKLZE
LH/gZNL3OtQBK8+mtHeHnSehwRqxEljZnVWr8Zg83b6rjEy0H4h1N97iHuQUr+hp
Q+48/Vub53SBdql7Xals23zZzHrCDMD8wmoOfPCdpzPy8i5w5uiprYq1DXhTDzUh
9+V4lqk7RkgihA==
-----END CERTIFICATE-----
";

/// Its private key: a throwaway generated for this test, protecting nothing.
const WEAK_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIICdQIBADANBgkqhkiG9w0BAQEFAASCAl8wggJbAgEAAoGBAJu3LacwMAOv2O+e
+OxVkpi/UsQOlYPJa1XjUJ80CgWTVHxwVqdDR1f3ZXIS6puTCrOLKCCLqdeetTCC
XPDcmiBeY92dAIqB3M2bAYz0mMyRMIGG0x/jg7L/2TfNoz9E8XHLddwdDWQPAGyn
GOcXFU5eyRqCwWtyCLZRovPBcbmNAgMBAAECgYBkiHdpIateNgIRcsmzi+wBwkRl
YCUX2Mr7wK8kmix+PQim7sCDbOR63rcYVy4xE1YtZQKbQJB/LXA9yWzH9SVsDrBA
EBet7b+0q25Rw8fcARj8b+wNHjrN/xR3/cx0mmpdhVdTymzyz5FC/SoRjZtPay5E
kyD3K+xL/L/QgAHTAQJBAMoyks7BGs1KUePXk1cGMQzfq24xEZ3K4AtrNjQS5ko+
FbZPKVMhynhfJ6CkYz3eu87WYhiVjUuaRJQFcD/mQ3UCQQDFJk/7jc/MsN2EhFv0
1RCxcej3t2tJsQF1QwfUfbK5XRtrOsdM/UiVffgGz89C5PvxfitD2gFn5hhumYNQ
QdK5AkAh5DI5V6LPcDqjrxmyR4ZnOwJ4GN90DHJbV6AhQF27aganpUMu/QX8AS8a
PROpZjEirUqKBl9FodkG2paDD2yVAkAulEq5aFv8RJ1RvePsCJsVEZC1VkSm+Icb
qWakMb6URQdBYnXMHtuTVlvPYDHb4DYWbHTUZyGF5rtHBkYcJDEhAkAhmSKGtCYK
taWAO69QJzcb2XUIDkiogfP9YA+HpfuwHYBNHHwT2LR64JNTsYZQ4uclpdpP0vNy
xqrhJfYgn6Zv
-----END PRIVATE KEY-----
";

// moto still accepts the transparency opt-out that AWS has withdrawn (the SDK deprecates it):
// it stands for a certificate that opted out before the withdrawal.
#[allow(deprecated)]
async fn provision(moto: &Moto) {
    let acm = aws_sdk_acm::Client::new(&moto.sdk_config("us-east-1").await);
    for (domain, logging) in [
        (
            "good.example.com",
            aws_sdk_acm::types::CertificateTransparencyLoggingPreference::Enabled,
        ),
        (
            "nolog.example.com",
            aws_sdk_acm::types::CertificateTransparencyLoggingPreference::Disabled,
        ),
    ] {
        must(
            acm.request_certificate()
                .domain_name(domain)
                .validation_method(ValidationMethod::Dns)
                .options(
                    CertificateOptions::builder()
                        .certificate_transparency_logging_preference(logging)
                        .build(),
                )
                .send()
                .await,
            "acm:RequestCertificate",
        );
    }
    must(
        acm.import_certificate()
            .certificate(Blob::new(WEAK_CERT.as_bytes()))
            .private_key(Blob::new(WEAK_KEY.as_bytes()))
            .send()
            .await,
        "acm:ImportCertificate",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acm_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["acm"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
