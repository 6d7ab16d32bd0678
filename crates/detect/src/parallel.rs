//! Reading many files on several threads with exactly the result of one thread.
//!
//! [`Detector::read_files`] hands whole files to worker threads. Each worker opens, inflates
//! and parses its file and matches every event against the shared, read-only [`Engine`]
//! (stateless matching), then sends the file's matches and read problems, in record order, over
//! a bounded channel of that file's own. The calling thread owns everything stateful, the
//! correlation windows and the alert aggregator, and drains the files strictly in list order.
//! The sequence of matches it folds is therefore the sequence a one-thread run folds, so
//! alerts, correlations (including which matches count as late), counters and the problem
//! list are identical whatever the number of threads; no reliance on the correlation
//! lateness is needed for files interleaved in time.
//!
//! Memory stays bounded whatever the number and size of the files: workers run at most
//! [`LOOKAHEAD_PER_THREAD`] files per thread ahead of the file being drained, and each file's
//! channel holds at most [`CHANNEL_CHUNKS`] chunks of about [`CHUNK_MATCHES`] matches (and at
//! most [`Detector::MAX_PROBLEMS`] problem messages per file), plus one reader's buffers per
//! worker.
//!
//! Scaling: the work spreads over the threads when files are many (the CloudTrail S3 layout:
//! one small gzip object per account, region and five minutes). A single file given alone is
//! inflated on a second thread while the calling thread parses and matches it
//! ([`Reader::with_inflate_thread`]). One large file among many is read by one worker; files
//! queued behind it are read ahead only up to the lookahead.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Condvar, Mutex, PoisonError};

use crate::alert::{Detector, InputOutcome};
use crate::engine::Engine;
use crate::matched::Match;
use crate::read::{ReadError, Reader};

/// Matches per chunk sent from a worker to the thread that owns the correlator.
pub const CHUNK_MATCHES: usize = 256;
/// Chunks a file's channel holds before its worker waits.
pub const CHANNEL_CHUNKS: usize = 4;
/// Files per worker thread that may be read ahead of the file being drained.
pub const LOOKAHEAD_PER_THREAD: usize = 4;

// The engine is shared by reference between the workers, and matches cross threads.
#[allow(dead_code)]
fn assert_thread_safe() {
    fn sync<T: Sync>() {}
    fn send<T: Send>() {}
    sync::<Engine>();
    send::<Match>();
}

/// What a worker reports about one file, in order; the last chunk has `end` set.
#[derive(Default)]
struct Chunk {
    matches: Vec<Match>,
    /// (record, message), in order.
    problems: Vec<(u64, String)>,
    /// Problems of this file beyond [`Detector::MAX_PROBLEMS`], counted only.
    omitted: u64,
    end: Option<End>,
}

enum End {
    /// The file could not be opened or its format was not recognised.
    Failed,
    /// The file was read (to its end or not).
    Read { outcome: InputOutcome, skipped: u64 },
}

/// Hands out file indices, at most `window` ahead of the file being drained.
struct Gate {
    state: Mutex<GateState>,
    cv: Condvar,
}

struct GateState {
    next: usize,
    drained: usize,
    stop: bool,
}

impl Gate {
    fn take(&self, files: usize, window: usize) -> Option<usize> {
        let mut st = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if st.stop || st.next >= files {
                return None;
            }
            if st.next < st.drained.saturating_add(window) {
                st.next += 1;
                return Some(st.next - 1);
            }
            st = self.cv.wait(st).unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn drained(&self, n: usize) {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .drained = n;
        self.cv.notify_all();
    }

    fn stop(&self) {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .stop = true;
        self.cv.notify_all();
    }
}

/// Stops the workers when the draining thread leaves, normally or by a panic.
struct StopOnDrop<'a>(&'a Gate);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

/// A worker's chunk being filled for one file.
struct Pending<'a> {
    tx: &'a SyncSender<Chunk>,
    chunk: Chunk,
    kept: usize,
}

impl Pending<'_> {
    fn problem(&mut self, record: u64, message: String) {
        if self.kept < Detector::MAX_PROBLEMS {
            self.kept += 1;
            self.chunk.problems.push((record, message));
        } else {
            self.chunk.omitted += 1;
        }
    }

    /// Sends the chunk if it is full; Err when the draining thread has gone.
    fn flush_if_full(&mut self) -> Result<(), ()> {
        if self.chunk.matches.len() >= CHUNK_MATCHES || self.chunk.problems.len() >= CHUNK_MATCHES {
            self.tx
                .send(std::mem::take(&mut self.chunk))
                .map_err(drop)?;
        }
        Ok(())
    }

    fn finish(mut self, end: End) -> Result<(), ()> {
        self.chunk.end = Some(end);
        self.tx.send(self.chunk).map_err(drop)
    }
}

/// Reads one file, matching its events; what [`Detector::read_file`] does, minus the state.
fn read_one(engine: &Engine, path: &Path, tx: &SyncSender<Chunk>) -> Result<(), ()> {
    let mut out = Pending {
        tx,
        chunk: Chunk::default(),
        kept: 0,
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            out.problem(0, e.to_string());
            return out.finish(End::Failed);
        }
    };
    let mut reader = match Reader::from_file(path.display().to_string(), file) {
        Ok(r) => r,
        Err(e) => {
            out.problem(e.record(), e.detail());
            return out.finish(End::Failed);
        }
    };
    let mut outcome = InputOutcome {
        complete: true,
        ..Default::default()
    };
    for item in reader.by_ref() {
        match item {
            Ok(ev) => {
                outcome.events += 1;
                engine.process_into(&ev, &mut out.chunk.matches);
            }
            Err(e @ ReadError::Malformed { .. }) => {
                outcome.malformed += 1;
                out.problem(e.record(), e.detail());
            }
            Err(e) => {
                outcome.complete = false;
                out.problem(e.record(), e.detail());
            }
        }
        out.flush_if_full()?;
    }
    let skipped = reader.stats().skipped;
    out.finish(End::Read { outcome, skipped })
}

fn worker(
    engine: &Engine,
    files: &[PathBuf],
    gate: &Gate,
    window: usize,
    announce: &mpsc::Sender<(usize, Receiver<Chunk>)>,
) {
    while let Some(i) = gate.take(files.len(), window) {
        let (tx, rx) = mpsc::sync_channel(CHANNEL_CHUNKS);
        if announce.send((i, rx)).is_err() {
            return;
        }
        if read_one(engine, &files[i], &tx).is_err() {
            return;
        }
    }
}

impl Detector<'_> {
    /// Reads `files` as [`Detector::read_file`] would one after the other, on up to `threads`
    /// worker threads (see the [module documentation](crate::parallel)); the result is the
    /// same for any number of threads. `threads` ≤ 1, or a single file, reads on the calling
    /// thread.
    pub fn read_files(&mut self, files: &[PathBuf], threads: usize) {
        if let [file] = files {
            if threads > 1 {
                // One file: a second thread can still take the decompression.
                self.read_file_inflating_ahead(file);
                return;
            }
        }
        let threads = threads.min(files.len());
        if threads <= 1 {
            for f in files {
                self.read_file(f);
            }
            return;
        }
        let engine = self.engine();
        let gate = Gate {
            state: Mutex::new(GateState {
                next: 0,
                drained: 0,
                stop: false,
            }),
            cv: Condvar::new(),
        };
        let window = threads.saturating_mul(LOOKAHEAD_PER_THREAD);
        let (announce_tx, announce_rx) = mpsc::channel();
        std::thread::scope(|s| {
            let _stop = StopOnDrop(&gate);
            let mut spawned = 0;
            for n in 0..threads {
                let announce = announce_tx.clone();
                let gate = &gate;
                let spawn = std::thread::Builder::new()
                    .name(format!("detect-{n}"))
                    .spawn_scoped(s, move || worker(engine, files, gate, window, &announce));
                if spawn.is_ok() {
                    spawned += 1;
                }
            }
            drop(announce_tx);
            if spawned == 0 {
                for f in files {
                    self.read_file(f);
                }
                return;
            }
            let mut ready: HashMap<usize, Receiver<Chunk>> = HashMap::new();
            for (i, path) in files.iter().enumerate() {
                let rx = loop {
                    if let Some(rx) = ready.remove(&i) {
                        break Some(rx);
                    }
                    match announce_rx.recv() {
                        Ok((j, rx)) => {
                            ready.insert(j, rx);
                        }
                        Err(_) => break None,
                    }
                };
                self.drain(path, rx);
                gate.drained(i + 1);
            }
        });
    }

    /// [`Detector::read_file`] with gzip inflated on a thread of its own.
    fn read_file_inflating_ahead(&mut self, path: &Path) {
        let origin = path.display().to_string();
        self.begin_input();
        let reader = File::open(path)
            .map_err(|e| (0, e.to_string()))
            .and_then(|f| {
                Reader::with_inflate_thread(origin.as_str(), f)
                    .map_err(|e| (e.record(), e.detail()))
            });
        match reader {
            Ok(reader) => {
                self.run_reader(&origin, reader);
            }
            Err((record, message)) => {
                self.fail_input();
                self.problem(&origin, record, message);
            }
        }
    }

    /// Folds one file's chunks into the detector, as [`Detector::read_file`] would have.
    fn drain(&mut self, path: &Path, rx: Option<Receiver<Chunk>>) {
        let origin = path.display().to_string();
        self.begin_input();
        let lost = "not read: its worker thread stopped".to_owned();
        let Some(rx) = rx else {
            self.fail_input();
            self.problem(&origin, 0, lost);
            return;
        };
        loop {
            let Ok(chunk) = rx.recv() else {
                self.fail_input();
                self.problem(&origin, 0, lost);
                return;
            };
            self.add_matches(&chunk.matches);
            for (record, message) in chunk.problems {
                self.problem(&origin, record, message);
            }
            self.omit_problems(chunk.omitted);
            match chunk.end {
                None => {}
                Some(End::Failed) => {
                    self.fail_input();
                    return;
                }
                Some(End::Read { outcome, skipped }) => {
                    self.end_input(outcome, skipped);
                    return;
                }
            }
        }
    }
}
