//! Live alerting for `cloudward detect --sqs`: each alert is emitted as soon as its window
//! closes (event time past the window's end plus the allowed lateness, or wall-clock time
//! when the queue is quiet), not when the run ends. Emitting an alert means, in this order:
//! adding it to the run recorded in the history when the consumer started, sending it through
//! the notification sinks, and printing it when the output streams (terminal, or OCSF JSON
//! Lines, to standard output).
//!
//! A consumer without `--max-messages` or `--idle-exit` runs until SIGINT or SIGTERM, then
//! emits what is still open and exits. Such an endless consumer keeps no alert in memory after
//! emitting it (only the count at or above `--fail-on`), which is why the document formats
//! (JSON, SARIF, HTML), `-o` and `--blocklist` need a bounded run.

use std::io::{BufWriter, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use cloudward_model::alert::Alert;
use cloudward_model::Severity;
use cloudward_report::alerts::{
    render_alerts, AlertFormat, AlertRenderOptions, AlertReport, AlertSummary,
};

use super::Globals;

/// Where and how live alerts go.
pub(super) struct Live<'a> {
    /// The format alerts are printed in as they close; `None` when the output is a document
    /// written at the end.
    pub streaming: Option<AlertFormat>,
    pub sinks: &'a [cloudward_monitor::SinkConfig],
    pub notify: &'a super::notify::NotifyArgs,
    pub aws: super::notify::AwsTarget,
    pub history: Option<&'a mut cloudward_store::Store>,
    /// The run begun in the history when the consumer started.
    pub run: Option<i64>,
    /// Whether emitted alerts are kept for the end of the run (a bounded run's document,
    /// `--fail-on` and `--blocklist`).
    pub keep: bool,
    pub fail_on: Option<Severity>,
    /// Emitted alerts, when kept.
    pub kept: Vec<Alert>,
    /// Emitted alerts at or above `--fail-on`.
    pub failing: u64,
    pub emitted: u64,
}

impl Live<'_> {
    /// Records, notifies and prints one batch of closed alerts.
    /// `summary` is what was read so far, for the terminal footer.
    pub fn emit(&mut self, alerts: Vec<Alert>, summary: AlertSummary, globals: &Globals) {
        if alerts.is_empty() {
            return;
        }
        self.emitted += alerts.len() as u64;
        if let Some(min) = self.fail_on {
            self.failing += alerts.iter().filter(|a| a.severity >= min).count() as u64;
        }
        if let (Some(store), Some(run)) = (self.history.as_deref_mut(), self.run) {
            if let Err(e) = store.add_alerts(run, &alerts) {
                tracing::warn!(
                    "{} alert(s) were not recorded in the history: {e}",
                    alerts.len()
                );
            }
        }
        let pending = super::notify::alerts_to_notify(self.notify, self.sinks, &alerts, self.run);
        super::notify::send(
            &pending,
            self.sinks,
            &self.aws,
            self.history.as_deref_mut(),
            globals,
        );
        if let Some(format) = self.streaming {
            let color = format == AlertFormat::Terminal
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let report = AlertReport {
                alerts: &alerts,
                summary,
                tool_version: env!("CARGO_PKG_VERSION"),
            };
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            let written = render_alerts(format, &report, &AlertRenderOptions { color }, &mut out)
                .map_err(anyhow::Error::from)
                .and_then(|()| Ok(out.flush()?));
            if let Err(e) = written {
                tracing::warn!("alerts could not be written to standard output: {e}");
            }
        }
        if self.keep {
            self.kept.extend(alerts);
        }
    }
}

/// Set when SIGINT or SIGTERM arrives; the consumer stops after the message in hand. The
/// handlers are installed before this returns (the handler thread says when), so a signal
/// that comes right after the consumer starts is a clean stop, not the default kill.
pub(super) fn stop_flag() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<()>();
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async {
                #[cfg(unix)]
                {
                    use tokio::signal::unix::{signal, SignalKind};
                    let wait = |stream: Option<tokio::signal::unix::Signal>| async move {
                        match stream {
                            Some(mut s) => {
                                s.recv().await;
                            }
                            None => std::future::pending::<()>().await,
                        }
                    };
                    let term = signal(SignalKind::terminate()).ok();
                    let interrupt = signal(SignalKind::interrupt()).ok();
                    let _ = ready_tx.send(());
                    tokio::select! {
                        () = wait(term) => {}
                        () = wait(interrupt) => {}
                    }
                }
                #[cfg(not(unix))]
                {
                    let _ = ready_tx.send(());
                    let _ = tokio::signal::ctrl_c().await;
                }
            });
            eprintln!("detect: stopping after the current message (signal received)");
            flag.store(true, Ordering::SeqCst);
        });
    if spawned.is_ok() {
        // Returns at once if the thread could not start its runtime (the sender is dropped).
        let _ = ready_rx.recv_timeout(std::time::Duration::from_secs(5));
    }
    if let Err(e) = spawned {
        tracing::warn!("signals will end the process at once (no handler thread: {e})");
    }
    stop
}
