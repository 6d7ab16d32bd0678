//! For tests (feature `moto`): one `moto_server` per test: started on a free 127.0.0.1 port, killed on drop.
//!
//! Each test gets its own emulator process, so tests run in parallel with no shared state and
//! no reset choreography. The executable comes from `CLOUDWARD_MOTO_SERVER` (set by
//! `scripts/test.sh`, which installs the pinned `moto[server]` into a virtualenv) or else
//! `moto_server` on `PATH`. A missing emulator is a failure with instructions, never a skip:
//! a suite that silently skips its live-collection tests proves nothing.

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sts::config::Credentials;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// The account moto serves by default.
pub const ACCOUNT_ID: &str = "123456789012";

/// Dummy credentials: moto accepts any signature unless IAM enforcement is switched on.
pub const ACCESS_KEY: &str = "testing";
/// See [`ACCESS_KEY`].
pub const SECRET_KEY: &str = "testing";

/// Set in a child test process that collects with its own credentials: the moto endpoint.
pub const CHILD_ENDPOINT_VAR: &str = "CLOUDWARD_MOTO_CHILD_ENDPOINT";

const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// Make the process environment hermetic once, before any SDK config is loaded: dummy
/// credentials for the default chain (which `cloudward_aws::collect` uses), no IMDS probe,
/// no shared config files from the developer's machine. Done under `Once`, which every test
/// passes through first, so no test reads the environment while it is written.
pub fn init_env() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let empty = std::env::temp_dir().join("cloudward-moto-empty-aws-config");
        std::fs::write(&empty, "").expect("write an empty AWS config file in the temp dir");
        // A child process started by a test to collect as another identity (see
        // `refusal.rs`) keeps the credentials its parent gave it.
        if std::env::var_os(CHILD_ENDPOINT_VAR).is_none() {
            std::env::set_var("AWS_ACCESS_KEY_ID", ACCESS_KEY);
            std::env::set_var("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        }
        for (key, value) in [
            ("AWS_REGION", "us-east-1"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ] {
            std::env::set_var(key, value);
        }
        std::env::set_var("AWS_CONFIG_FILE", &empty);
        std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", &empty);
        for key in ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"] {
            std::env::remove_var(key);
        }
    });
}

/// A running `moto_server`.
pub struct Moto {
    /// `None` when attached to a moto someone else started (the benchmark script).
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
    http: Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
}

impl Moto {
    /// Start moto with the default settings of this suite.
    pub fn start() -> Moto {
        Moto::start_with(&[])
    }

    /// Start moto with extra environment variables. Panics, with instructions, if the
    /// emulator cannot be started.
    pub fn start_with(extra_env: &[(&str, &str)]) -> Moto {
        init_env();
        let exe = std::env::var_os("CLOUDWARD_MOTO_SERVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("moto_server"));
        // A port that was free a moment ago may be taken by a parallel test before moto binds
        // it: try a few.
        let mut last_log = String::new();
        for _attempt in 0..3 {
            let port = free_port();
            let dir =
                std::env::temp_dir().join(format!("cloudward-moto-{}-{port}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("create a temp dir for the moto log");
            let log_path = dir.join("moto.log");
            let log = File::create(&log_path).expect("create the moto log file");
            let err_log = log.try_clone().expect("clone the moto log handle");
            let spawned = Command::new(&exe)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                // Without this, moto loads ~1,300 public AMIs per region whose backing
                // snapshots answer DescribeSnapshots(OwnerIds=self): see reference/moto.md.
                .env("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
                .env("MOTO_RECORDER_FILEPATH", dir.join("recording.jsonl"))
                .envs(extra_env.iter().copied())
                .stdin(Stdio::null())
                .stdout(Stdio::from(log))
                .stderr(Stdio::from(err_log))
                .spawn();
            let child = match spawned {
                Ok(child) => child,
                Err(e) => panic!(
                    "cannot start the moto AWS emulator `{}`: {e}.\n\
                     The live-collection tests need it. Either run the suite with \
                     ./scripts/test.sh (it installs moto[server]==5.2.5 into a virtualenv and \
                     sets CLOUDWARD_MOTO_SERVER), or `pip install \"moto[server]==5.2.5\"` and \
                     put `moto_server` on PATH, or set CLOUDWARD_MOTO_SERVER to its path.",
                    exe.display()
                ),
            };
            let http = Client::builder(TokioExecutor::new()).build_http();
            let mut moto = Moto {
                child: Some(child),
                port,
                dir,
                http,
            };
            if moto.wait_until_listening() {
                return moto;
            }
            last_log = std::fs::read_to_string(&log_path).unwrap_or_default();
        }
        panic!(
            "moto_server `{}` did not start listening within {STARTUP_TIMEOUT:?} (3 attempts); \
             its last log:\n{last_log}",
            exe.display()
        );
    }

    /// A handle to a moto started elsewhere (`http://127.0.0.1:PORT`); dropping it leaves the
    /// process alone.
    #[allow(dead_code)] // used by the benchmark's provisioning step only
    pub fn attach(endpoint: &str) -> Moto {
        let port = endpoint
            .rsplit(':')
            .next()
            .and_then(|p| p.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("{endpoint} is not http://127.0.0.1:PORT"));
        Moto {
            child: None,
            port,
            dir: std::env::temp_dir().join(format!("cloudward-moto-attached-{port}")),
            http: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    fn wait_until_listening(&mut self) -> bool {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let start = Instant::now();
        while start.elapsed() < STARTUP_TIMEOUT {
            if let Some(child) = self.child.as_mut() {
                if let Ok(Some(_status)) = child.try_wait() {
                    return false;
                }
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                // Listening, and still ours: a moto that lost the port to another exits.
                std::thread::sleep(Duration::from_millis(100));
                return match self.child.as_mut() {
                    Some(child) => matches!(child.try_wait(), Ok(None)),
                    None => true,
                };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The directory holding moto's log and request recording.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// An SDK config for one region pointing every service at this emulator, with the given
    /// static credentials.
    pub async fn sdk_config_as(&self, region: &str, access_key: &str, secret: &str) -> SdkConfig {
        aws_config::defaults(BehaviorVersion::latest())
            .http_client(crate::https_client())
            .region(Region::new(region.to_string()))
            .endpoint_url(self.endpoint())
            .credentials_provider(Credentials::new(
                access_key,
                secret,
                None,
                None,
                "moto-test",
            ))
            .load()
            .await
    }

    /// An SDK config for one region with the suite's dummy credentials.
    pub async fn sdk_config(&self, region: &str) -> SdkConfig {
        self.sdk_config_as(region, ACCESS_KEY, SECRET_KEY).await
    }

    async fn call(&self, method: &str, path: &str, body: &str) -> String {
        let request = http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.endpoint()))
            .body(Full::new(Bytes::from(body.to_string())))
            .expect("a well-formed request to the moto API");
        let response = self
            .http
            .request(request)
            .await
            .unwrap_or_else(|e| panic!("moto API {method} {path} failed: {e}"));
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .unwrap_or_else(|e| panic!("moto API {method} {path}: reading the body failed: {e}"))
            .to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        assert!(
            status.is_success(),
            "moto API {method} {path} answered {status}: {text}"
        );
        text
    }

    /// Start moto's request recorder (everything served from now on is logged).
    pub async fn start_recording(&self) {
        self.call("POST", "/moto-api/recorder/reset-recording", "")
            .await;
        self.call("POST", "/moto-api/recorder/start-recording", "")
            .await;
    }

    /// Stop the recorder and return the recording: one JSON object per line.
    pub async fn stop_recording(&self) -> String {
        self.call("POST", "/moto-api/recorder/stop-recording", "")
            .await;
        self.call("GET", "/moto-api/recorder/download-recording", "")
            .await
    }

    /// Switch IAM enforcement on: from now on every request must be signed with an access key
    /// that exists in moto's IAM, and is authorised by that principal's policies.
    pub async fn enforce_iam(&self) {
        self.call("POST", "/moto-api/reset-auth", "0").await;
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        // Our own child, by its handle: never anything found by name.
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
            // CLOUDWARD_KEEP_MOTO=1 keeps the directory, with moto's log and tracebacks.
            if std::env::var_os("CLOUDWARD_KEEP_MOTO").is_none() {
                let _ = std::fs::remove_dir_all(&self.dir);
            }
        }
    }
}

/// A port no other test of this process has been given. The OS may hand a just-released
/// ephemeral port to the next caller; two tests then start moto on one port, one of them
/// fails to bind, and its test would talk to the other's server (seen as verdicts from
/// another suite's resources under load).
fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let listener =
            TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port on 127.0.0.1");
        let port = listener
            .local_addr()
            .expect("a bound listener has an address")
            .port();
        if !given.contains(&port) {
            given.push(port);
            return port;
        }
    }
}
