//! Blocking offending addresses (`block`: a WAFv2 IP set and a network ACL) and the Security
//! Hub import against the moto emulator (moto 5.2.5 implements BatchImportFindings
//! and GetFindings, without filters: the import checks its scope itself).
//!
//! `retry` scripts the answers moto never gives (throttling, retryable failed findings) with a
//! local HTTP server.
//!
//! The emulator helper is the aws crate's (`cloudward_aws::moto`, feature `moto`): one
//! `moto_server` per test on a free 127.0.0.1 port, with its request recorder.

use cloudward_aws::moto as server;

mod block;
mod retry;
mod securityhub;

/// Run `future` on a runtime whose threads have 32 MiB stacks: the SDK's `GetFindings`
/// deserialiser (ASFF resource details nest deeply) needs more than a test thread's 2 MiB in
/// debug builds.
fn block_on(future: impl std::future::Future<Output = ()> + Send + 'static) {
    const STACK: usize = 32 << 20;
    let thread = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_stack_size(STACK)
                .enable_all()
                .build()
                .expect("a tokio runtime")
                .block_on(future)
        })
        .expect("spawn the test thread");
    if let Err(panic) = thread.join() {
        std::panic::resume_unwind(panic);
    }
}
