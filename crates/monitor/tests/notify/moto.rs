//! One `moto_server` per test, on a free 127.0.0.1 port, killed on drop (the pattern of
//! crates/aws/tests/moto/server.rs, reduced to what the SNS test needs). The executable
//! comes from `CLOUDWARD_MOTO_SERVER` or `moto_server` on PATH; a missing emulator fails
//! with instructions, never skips.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};

/// Make the environment hermetic once, before any test reads it (every test goes through
/// here first, so nothing reads the environment while it is written): dummy credentials for
/// the default chain the SNS sink uses, no IMDS, no shared config files.
pub fn init_env() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let empty = std::env::temp_dir().join("cloudward-notify-empty-aws-config");
        std::fs::write(&empty, "").expect("write an empty AWS config file");
        for (key, value) in [
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
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

pub struct Moto {
    child: Child,
    port: u16,
}

impl Moto {
    pub fn start() -> Moto {
        init_env();
        let exe = std::env::var_os("CLOUDWARD_MOTO_SERVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("moto_server"));
        for _attempt in 0..3 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free port")
                .port();
            let child = Command::new(&exe)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .env("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| {
                    panic!(
                        "cannot start the moto AWS emulator `{}`: {e}. Run ./scripts/test.sh \
                         (it installs moto[server] and sets CLOUDWARD_MOTO_SERVER), or put \
                         moto_server on PATH",
                        exe.display()
                    )
                });
            let mut moto = Moto { child, port };
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(30) {
                if let Ok(Some(_)) = moto.child.try_wait() {
                    break;
                }
                if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                    std::thread::sleep(Duration::from_millis(100));
                    if matches!(moto.child.try_wait(), Ok(None)) {
                        return moto;
                    }
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = moto.child.kill();
            let _ = moto.child.wait();
        }
        panic!(
            "moto_server `{}` did not start listening (3 attempts)",
            exe.display()
        );
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub async fn sdk_config(&self) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .http_client(cloudward_aws::https_client())
            .region(aws_config::Region::new("eu-west-1"))
            .endpoint_url(self.endpoint())
            .load()
            .await
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        // Our own child, by its handle.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
