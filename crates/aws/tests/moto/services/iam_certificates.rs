//! IAM server certificates against moto: one that expired in 2021.
//!
//! moto answers `ListServerCertificates` with a fixed `Expiration` of 2012-05-08 whatever
//! the certificate says, so a valid certificate cannot be shown passing here (a moto gap,
//! in moto.md); the unit tests cover it. The expired one is judged on moto's date too, so
//! this suite proves the listing, the parsing of `Expiration` and the wiring.

use cloudward_model::Status::Fail;

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const ROWS: &[Row] = &[(
    "iam-server-certificate-not-expired",
    "old-site@global",
    Fail,
)];

/// A throwaway P-256 key for the test certificates below (generated for this test only).
const KEY: &str = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgpd43qoDYoNfxJWqn\nGN6/PI8hE4Jnald8Y1cvpK2MS6ehRANCAAQwee2xvFtu2gUzui71AsuGxt/xOQO5\nSRIWJHifUGLwrE9wZdR11B0ihxQIhkUhSiQP68oO4wtT7EW74+roRXZv\n-----END PRIVATE KEY-----\n";
/// Valid from 2020 to 2021: expired.
const EXPIRED: &str = "-----BEGIN CERTIFICATE-----\nMIIBLTCB1KADAgECAhQE1UBBrYYy0JEIs5rVFITAMZInvTAKBggqhkjOPQQDAjAX\nMRUwEwYDVQQDDAxleGFtcGxlLnRlc3QwHhcNMjAwMTAxMDAwMDAwWhcNMjEwMTAx\nMDAwMDAwWjAXMRUwEwYDVQQDDAxleGFtcGxlLnRlc3QwWTATBgcqhkjOPQIBBggq\nhkjOPQMBBwNCAAQwee2xvFtu2gUzui71AsuGxt/xOQO5SRIWJHifUGLwrE9wZdR1\n1B0ihxQIhkUhSiQP68oO4wtT7EW74+roRXZvMAoGCCqGSM49BAMCA0gAMEUCIQDg\noszBilw6xL9y/pwKFWfdJTEW67KQ5Rw9liLpyjfE2wIgf+WaOTiVNof6j6+xM8zj\n9vM/QPoJVt72temqfDpvgwU=\n-----END CERTIFICATE-----\n";

async fn provision(moto: &Moto) {
    let iam = aws_sdk_iam::Client::new(&moto.sdk_config("us-east-1").await);
    for (name, body) in [("old-site", EXPIRED)] {
        must(
            iam.upload_server_certificate()
                .server_certificate_name(name)
                .certificate_body(body)
                .private_key(KEY)
                .send()
                .await,
            "iam:UploadServerCertificate",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn iam_server_certificate_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["iam"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
