//! The run history: every `scan`, `iac` and `detect` run with its findings, in one SQLite file
//! (rusqlite with the bundled library, so nothing to install).
//!
//! A finding is identified across runs by its *fingerprint*: rule, account, region and
//! resource id, which do not change when the verdict or its evidence does. Per fingerprint the
//! store keeps the run it was first and last seen in, and each run's status, so history and
//! diffs are queries.
//!
//! Durability: the database is in WAL mode and a run is written in one transaction, so a
//! writer killed at any point (`kill -9`, power loss) leaves a valid database that holds the
//! whole run or none of it (`tests/store.rs` kills writers at random points to check).
//!
//! Schema versions are numbered in `PRAGMA user_version`; [`MIGRATIONS`] takes any earlier
//! version to the current one, each step in its own transaction, and a database written by a
//! newer cloudward is refused rather than misread.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use cloudward_model::alert::Alert;
use cloudward_model::{CollectionError, Finding};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed (the file is not a database, the disk is full, ...).
    #[error("store {path}: {source}")]
    Sqlite {
        /// The database file.
        path: String,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The directory for the database could not be made.
    #[error("store {path}: {source}")]
    Io {
        /// The database file.
        path: String,
        /// What the file system said.
        source: std::io::Error,
    },
    /// The database was written by a newer cloudward.
    #[error(
        "store {path}: schema version {found} is newer than this cloudward's ({supported}); \
         upgrade cloudward or use another --store"
    )]
    TooNew {
        /// The database file.
        path: String,
        /// Its schema version.
        found: i64,
        /// The newest version this build reads.
        supported: i64,
    },
}

/// The schema, one step per version: `MIGRATIONS[i]` takes version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: runs, fingerprints, per-run results, collection errors.
    "CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        account TEXT,
        regions TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        tool_version TEXT NOT NULL,
        catalogue_version TEXT NOT NULL,
        findings INTEGER NOT NULL
    );
    CREATE INDEX runs_by_target ON runs (target, id);
    CREATE TABLE fingerprints (
        id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL UNIQUE,
        rule_id TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        account TEXT,
        region TEXT,
        -- Run ids, not references: pruning may remove the first run that saw a fingerprint.
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
    );
    CREATE TABLE results (
        run INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        fingerprint INTEGER NOT NULL REFERENCES fingerprints (id),
        status TEXT NOT NULL,
        severity TEXT NOT NULL,
        title TEXT NOT NULL,
        service TEXT NOT NULL,
        resource_kind TEXT NOT NULL,
        resource_name TEXT NOT NULL,
        message TEXT NOT NULL,
        attribute TEXT,
        location TEXT,
        suppression TEXT,
        PRIMARY KEY (run, fingerprint)
    ) WITHOUT ROWID;
    CREATE INDEX results_by_fingerprint ON results (fingerprint, run);
    CREATE TABLE errors (
        run INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        service TEXT NOT NULL,
        region TEXT,
        api TEXT NOT NULL,
        kind TEXT NOT NULL,
        message TEXT NOT NULL
    );
    CREATE INDEX errors_by_run ON errors (run);",
    // 2: detection alerts of a run, each with its whole JSON form.
    "CREATE TABLE alerts (
        run INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        rule_id TEXT NOT NULL,
        title TEXT NOT NULL,
        severity TEXT NOT NULL,
        log TEXT NOT NULL,
        actor TEXT,
        window_start TEXT NOT NULL,
        window_end TEXT NOT NULL,
        events INTEGER NOT NULL,
        alert TEXT NOT NULL
    );
    CREATE INDEX alerts_by_run ON alerts (run);",
    // 3: which changes were notified through which sink, so a notification is sent once even
    // when the same change is seen again (a re-judged resource, a re-read log). Keyed by text,
    // not by fingerprint row: alerts have no fingerprint row, and pruning must not resend.
    "CREATE TABLE notified (
        fingerprint TEXT NOT NULL,
        change TEXT NOT NULL,
        sink TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (fingerprint, change, sink)
    ) WITHOUT ROWID;",
    // 4: addresses `cloudward respond` blocked, per target (a WAF IP set, a network ACL), with
    // the alert that caused each and its expiry. A row with `removed_at` NULL is an entry
    // cloudward owns now; at most one per target and address.
    "CREATE TABLE blocks (
        id INTEGER PRIMARY KEY,
        target TEXT NOT NULL,
        address TEXT NOT NULL,
        entry INTEGER,
        rule_id TEXT NOT NULL,
        alert TEXT NOT NULL,
        severity TEXT NOT NULL,
        offence_at TEXT NOT NULL,
        added_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        removed_at TEXT,
        removed_why TEXT
    );
    CREATE UNIQUE INDEX blocks_active ON blocks (target, address) WHERE removed_at IS NULL;
    CREATE INDEX blocks_by_target ON blocks (target, id);",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// What produced a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// A live or snapshot posture scan.
    Scan,
    /// Infrastructure as code.
    Iac,
    /// Log detection.
    Detect,
}

impl RunKind {
    /// `scan`, `iac` or `detect`.
    pub fn as_str(self) -> &'static str {
        match self {
            RunKind::Scan => "scan",
            RunKind::Iac => "iac",
            RunKind::Detect => "detect",
        }
    }
}

/// What a run was about, recorded with its findings.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// What produced it.
    pub kind: RunKind,
    /// What was scanned: an account id, or the scanned path for code. Runs of one target are
    /// compared with each other.
    pub target: String,
    /// The account, when known.
    pub account: Option<String>,
    /// Regions collected.
    pub regions: Vec<String>,
    /// When the run started and finished.
    pub started_at: DateTime<Utc>,
    /// See `started_at`.
    pub finished_at: DateTime<Utc>,
    /// The cloudward version.
    pub tool_version: String,
    /// Which rules judged (a digest of the catalogue's ids), so a diff can tell a new rule
    /// from a new failure.
    pub catalogue_version: String,
}

/// A short digest of the rule ids that judged a run (FNV-1a), so a diff can tell "a new rule"
/// from "a new failure".
pub fn catalogue_version(rule_ids: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for id in rule_ids {
        for b in id.bytes().chain([0]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{}-{hash:016x}", rule_ids.len())
}

/// Inserts a run's alerts, each with its whole JSON form.
fn insert_alerts(
    tx: &rusqlite::Transaction<'_>,
    run: i64,
    alerts: &[Alert],
) -> Result<(), rusqlite::Error> {
    let mut alert = tx.prepare_cached(
        "INSERT INTO alerts (run, rule_id, title, severity, log, actor, window_start,
                             window_end, events, alert)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for a in alerts {
        alert.execute(params![
            run,
            a.rule.id,
            a.rule.title,
            a.severity.as_str(),
            a.log,
            a.actor,
            a.window_start.to_rfc3339(),
            a.window_end.to_rfc3339(),
            i64::try_from(a.count).unwrap_or(i64::MAX),
            serde_json::to_string(a).unwrap_or_default(),
        ])?;
    }
    Ok(())
}

/// A stored run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Its id, increasing.
    pub id: i64,
    /// `scan`, `iac` or `detect`.
    pub kind: String,
    /// See [`RunInfo::target`].
    pub target: String,
    /// When it finished (RFC 3339).
    pub finished_at: String,
    /// How many findings it recorded.
    pub findings: i64,
}

/// One stored result of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResult {
    /// See [`fingerprint`].
    pub fingerprint: String,
    /// Rule id.
    pub rule_id: String,
    /// Resource id.
    pub resource_id: String,
    /// `fail`, `unknown`, `pass`, ...
    pub status: String,
    /// `critical` ... `info`.
    pub severity: String,
    /// Evidence or reason.
    pub message: String,
    /// The run the fingerprint was first seen in.
    pub first_seen: i64,
}

/// A `runs` row selected as `id, kind, target, finished_at, findings`.
fn run_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Run> {
    Ok(Run {
        id: r.get(0)?,
        kind: r.get(1)?,
        target: r.get(2)?,
        finished_at: r.get(3)?,
        findings: r.get(4)?,
    })
}

/// One stored collection error of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredError {
    /// The service whose call failed.
    pub service: String,
    /// Its region (`None` for global services).
    pub region: Option<String>,
    /// The API.
    pub api: String,
    /// What went wrong.
    pub message: String,
}

/// The identity of a finding across runs: rule, account, region and resource, which stay the
/// same when the verdict or the evidence changes.
pub fn fingerprint(f: &Finding) -> String {
    format!(
        "{}|{}|{}|{}",
        f.rule_id,
        f.account.as_deref().unwrap_or(""),
        f.region.as_deref().unwrap_or(""),
        f.resource_id
    )
}

/// The per-user default location: `$XDG_DATA_HOME/cloudward/history.sqlite3`, else
/// `~/.local/share/cloudward/history.sqlite3`.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/share"))
        })?;
    Some(base.join("cloudward").join("history.sqlite3"))
}

/// An open store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: String,
}

/// Switch the database to WAL mode. Changing the journal mode needs the database to itself,
/// and SQLite answers `SQLITE_BUSY` at once, without its busy handler, when another
/// connection is reading: several cloudward processes starting together (a CI matrix, a
/// watch and a scan) must not fail on that, so the change is retried for up to 10 s. A
/// database already in WAL mode (every one after its first open) is only read.
fn set_wal(c: &Connection) -> rusqlite::Result<()> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let current: rusqlite::Result<String> =
            c.query_row("PRAGMA journal_mode", [], |r| r.get(0));
        let attempt = match current {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(_) => c.pragma_update(None, "journal_mode", "WAL"),
            Err(e) => Err(e),
        };
        match attempt {
            Ok(()) => return Ok(()),
            Err(rusqlite::Error::SqliteFailure(f, _))
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => return Err(e),
        }
    }
}

impl Store {
    /// Open (creating it and its directory when missing) and migrate the database at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let shown = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: shown.clone(),
                source,
            })?;
        }
        let conn = Connection::open(path).map_err(|source| StoreError::Sqlite {
            path: shown.clone(),
            source,
        })?;
        Store::setup(conn, shown)
    }

    /// A store in memory, for tests and dry runs.
    pub fn in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Sqlite {
            path: ":memory:".into(),
            source,
        })?;
        Store::setup(conn, ":memory:".into())
    }

    fn setup(conn: Connection, path: String) -> Result<Store, StoreError> {
        let mut store = Store { conn, path };
        store.sql(|c| {
            // Another writer (a watch, a CI job) may hold the lock for a moment.
            c.busy_timeout(std::time::Duration::from_secs(10))?;
            set_wal(c)?;
            c.pragma_update(None, "synchronous", "NORMAL")?;
            c.pragma_update(None, "foreign_keys", "ON")
        })?;
        store.migrate()?;
        Ok(store)
    }

    fn sql<T>(
        &mut self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        f(&mut self.conn).map_err(|source| StoreError::Sqlite {
            path: self.path.clone(),
            source,
        })
    }

    /// The schema version of the open database.
    pub fn schema_version(&mut self) -> Result<i64, StoreError> {
        self.sql(|c| c.query_row("PRAGMA user_version", [], |r| r.get(0)))
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let found = self.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        for (from, step) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
            let to = from + 1;
            self.sql(|c| {
                let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
                // Another process may have taken this step while we waited for the lock (two
                // scans opening a new store at once): read the version again under it.
                let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
                if now == from as i64 {
                    tx.execute_batch(step)?;
                    tx.pragma_update(None, "user_version", to as i64)?;
                }
                tx.commit()
            })?;
        }
        Ok(())
    }

    /// Record one run with its findings and collection errors, in one transaction: after a
    /// crash the run is there whole or not at all. Returns the run's id.
    pub fn record(
        &mut self,
        info: &RunInfo,
        findings: &[Finding],
        errors: &[CollectionError],
    ) -> Result<i64, StoreError> {
        self.record_with_alerts(info, findings, errors, &[])
    }

    /// [`Store::record`], with the detection alerts of the run.
    pub fn record_with_alerts(
        &mut self,
        info: &RunInfo,
        findings: &[Finding],
        errors: &[CollectionError],
        alerts: &[Alert],
    ) -> Result<i64, StoreError> {
        self.sql(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO runs (kind, target, account, regions, started_at, finished_at,
                                   tool_version, catalogue_version, findings)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    info.kind.as_str(),
                    info.target,
                    info.account,
                    serde_json::to_string(&info.regions).unwrap_or_else(|_| "[]".into()),
                    info.started_at.to_rfc3339(),
                    info.finished_at.to_rfc3339(),
                    info.tool_version,
                    info.catalogue_version,
                    findings.len() as i64,
                ],
            )?;
            let run = tx.last_insert_rowid();
            {
                insert_results(&tx, run, findings)?;
                let mut error = tx.prepare_cached(
                    "INSERT INTO errors (run, service, region, api, kind, message)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?;
                for e in errors {
                    error.execute(params![
                        run,
                        e.service,
                        e.region,
                        e.api,
                        e.kind.as_str(),
                        e.message
                    ])?;
                }
                insert_alerts(&tx, run, alerts)?;
            }
            tx.commit()?;
            Ok(run)
        })
    }

    /// Adds findings to a recorded run, in one transaction: verdicts judged after the run
    /// was recorded (a rule across the accounts of an organization scan, which can only be
    /// judged once every account is).
    pub fn add_results(&mut self, run: i64, findings: &[Finding]) -> Result<(), StoreError> {
        self.sql(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            insert_results(&tx, run, findings)?;
            tx.execute(
                "UPDATE runs SET findings = findings + ?1 WHERE id = ?2",
                params![findings.len() as i64, run],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Starts a run whose alerts arrive over time (a live `detect --sqs`, `watch`): the run is
    /// recorded at once, [`Store::add_alerts`] adds each batch as its windows close (each batch
    /// in one transaction), and [`Store::finish_run`] sets its end. A consumer killed in between
    /// leaves a run holding every batch written before, with its start as its end.
    pub fn begin_run(&mut self, info: &RunInfo) -> Result<i64, StoreError> {
        let info = RunInfo {
            finished_at: info.started_at,
            ..info.clone()
        };
        self.record_with_alerts(&info, &[], &[], &[])
    }

    /// Adds alerts to a run started with [`Store::begin_run`], in one transaction.
    pub fn add_alerts(&mut self, run: i64, alerts: &[Alert]) -> Result<(), StoreError> {
        self.sql(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            insert_alerts(&tx, run, alerts)?;
            tx.commit()
        })
    }

    /// Sets the end time of a run started with [`Store::begin_run`].
    pub fn finish_run(&mut self, run: i64, finished_at: DateTime<Utc>) -> Result<(), StoreError> {
        self.sql(|c| {
            c.execute(
                "UPDATE runs SET finished_at = ?1 WHERE id = ?2",
                params![finished_at.to_rfc3339(), run],
            )
            .map(drop)
        })
    }

    /// Runs, newest first; only those of `target` when given.
    pub fn runs(&mut self, target: Option<&str>) -> Result<Vec<Run>, StoreError> {
        self.sql(|c| {
            let mut q = c.prepare(
                "SELECT id, kind, target, finished_at, findings FROM runs
                 WHERE ?1 IS NULL OR target = ?1 ORDER BY id DESC",
            )?;
            let rows = q.query_map(params![target], run_row)?;
            rows.collect()
        })
    }

    /// The results of run `run`, by fingerprint.
    pub fn results(&mut self, run: i64) -> Result<Vec<StoredResult>, StoreError> {
        self.sql(|c| {
            let mut q = c.prepare(
                "SELECT f.fingerprint, f.rule_id, f.resource_id, r.status, r.severity, r.message,
                        f.first_seen
                 FROM results r JOIN fingerprints f ON f.id = r.fingerprint
                 WHERE r.run = ?1 ORDER BY f.fingerprint",
            )?;
            let rows = q.query_map(params![run], |r| {
                Ok(StoredResult {
                    fingerprint: r.get(0)?,
                    rule_id: r.get(1)?,
                    resource_id: r.get(2)?,
                    status: r.get(3)?,
                    severity: r.get(4)?,
                    message: r.get(5)?,
                    first_seen: r.get(6)?,
                })
            })?;
            rows.collect()
        })
    }

    /// A fingerprint's status in each run that judged it, oldest first.
    pub fn history(&mut self, fingerprint: &str) -> Result<Vec<(i64, String)>, StoreError> {
        self.sql(|c| {
            let mut q = c.prepare(
                "SELECT r.run, r.status FROM results r JOIN fingerprints f ON f.id = r.fingerprint
                 WHERE f.fingerprint = ?1 ORDER BY r.run",
            )?;
            let rows = q.query_map(params![fingerprint], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect()
        })
    }

    /// The collection errors of run `run`.
    pub fn errors(&mut self, run: i64) -> Result<Vec<StoredError>, StoreError> {
        self.sql(|c| {
            let mut q = c.prepare(
                "SELECT service, region, api, message FROM errors WHERE run = ?1 ORDER BY rowid",
            )?;
            let rows = q.query_map(params![run], |r| {
                Ok(StoredError {
                    service: r.get(0)?,
                    region: r.get(1)?,
                    api: r.get(2)?,
                    message: r.get(3)?,
                })
            })?;
            rows.collect()
        })
    }

    /// Delete the runs that finished before `cutoff`, with their results and errors, and the
    /// fingerprints no remaining run saw. Returns how many runs went.
    pub fn prune(&mut self, cutoff: DateTime<Utc>) -> Result<usize, StoreError> {
        self.sql(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let gone = tx.execute(
                "DELETE FROM runs WHERE finished_at < ?1",
                params![cutoff.to_rfc3339()],
            )?;
            tx.execute(
                "DELETE FROM fingerprints
                 WHERE NOT EXISTS (SELECT 1 FROM results r WHERE r.fingerprint = fingerprints.id)",
                [],
            )?;
            // A change notified that long ago is not seen again as a change (a finding still
            // failing is neither new nor regressed), so its dedupe row can go too.
            tx.execute(
                "DELETE FROM notified WHERE sent_at < ?1",
                params![cutoff.to_rfc3339()],
            )?;
            // First seen in a run that is gone: the oldest remaining run that saw it.
            tx.execute(
                "UPDATE fingerprints SET first_seen =
                    (SELECT MIN(run) FROM results r WHERE r.fingerprint = fingerprints.id)
                 WHERE first_seen NOT IN (SELECT id FROM runs)",
                [],
            )?;
            tx.commit()?;
            Ok(gone)
        })
    }

    /// The alerts of run `run`, as recorded.
    pub fn alerts(&mut self, run: i64) -> Result<Vec<Alert>, StoreError> {
        let texts: Vec<String> = self.sql(|c| {
            let mut q = c.prepare("SELECT alert FROM alerts WHERE run = ?1 ORDER BY rowid")?;
            let rows = q.query_map(params![run], |r| r.get(0))?;
            rows.collect()
        })?;
        Ok(texts
            .iter()
            .filter_map(|t| serde_json::from_str(t).ok())
            .collect())
    }

    /// SQLite's own consistency check: `ok`, or what is wrong.
    pub fn integrity_check(&mut self) -> Result<String, StoreError> {
        self.sql(|c| c.query_row("PRAGMA integrity_check", [], |r| r.get(0)))
    }

    /// The run with id `run`, if stored.
    pub fn run(&mut self, run: i64) -> Result<Option<Run>, StoreError> {
        self.sql(|c| {
            c.query_row(
                "SELECT id, kind, target, finished_at, findings FROM runs WHERE id = ?1",
                params![run],
                run_row,
            )
            .optional()
        })
    }
}

/// One notification already delivered: what changed, for which fingerprint, through which sink.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NotifiedKey {
    /// The finding's [`fingerprint`], or an alert's identity.
    pub fingerprint: String,
    /// `new`, `regressed`, `alert`, ...
    pub change: String,
    /// The sink's name.
    pub sink: String,
}

impl Store {
    /// Whether `key` was notified already (see [`Store::mark_notified`]).
    pub fn was_notified(&mut self, key: &NotifiedKey) -> Result<bool, StoreError> {
        self.sql(|c| {
            c.query_row(
                "SELECT 1 FROM notified WHERE fingerprint = ?1 AND change = ?2 AND sink = ?3",
                params![key.fingerprint, key.change, key.sink],
                |_| Ok(()),
            )
            .optional()
            .map(|found| found.is_some())
        })
    }

    /// Remember that `keys` were delivered at `sent_at`, in one transaction.
    pub fn mark_notified(
        &mut self,
        keys: &[NotifiedKey],
        sent_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.sql(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT OR REPLACE INTO notified (fingerprint, change, sink, sent_at)
                     VALUES (?1, ?2, ?3, ?4)",
                )?;
                let at = sent_at.to_rfc3339();
                for k in keys {
                    insert.execute(params![k.fingerprint, k.change, k.sink, at])?;
                }
            }
            tx.commit()
        })
    }

    /// Forget what was notified for `fingerprints` (findings that were fixed), so
    /// that the next time one of them turns worse it is notified again. Returns the rows removed.
    pub fn forget_notified(&mut self, fingerprints: &[String]) -> Result<usize, StoreError> {
        self.sql(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut removed = 0;
            {
                let mut delete =
                    tx.prepare_cached("DELETE FROM notified WHERE fingerprint = ?1")?;
                for fp in fingerprints {
                    removed += delete.execute(params![fp])?;
                }
            }
            tx.commit()?;
            Ok(removed)
        })
    }
}

/// What changed between two runs of one target, by fingerprint.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diff {
    /// Failing in the later run, not judged in the earlier one.
    pub new_failures: Vec<StoredResult>,
    /// Failing in the later run, judged otherwise (pass, unknown, not applicable, suppressed)
    /// in the earlier one.
    pub regressed: Vec<StoredResult>,
    /// Failing or unknown in the earlier run, passing or not applicable in the later one.
    pub fixed: Vec<StoredResult>,
    /// Unknown in the later run, decided (or not judged) in the earlier one.
    pub newly_unknown: Vec<StoredResult>,
    /// Judged in the earlier run, not in the later one: the resource (or the rule) is gone.
    pub gone: Vec<StoredResult>,
}

impl Diff {
    /// Compare `before` with `after` (each a run's results).
    pub fn between(before: &[StoredResult], after: &[StoredResult]) -> Diff {
        use std::collections::HashMap;
        let earlier: HashMap<&str, &StoredResult> =
            before.iter().map(|r| (r.fingerprint.as_str(), r)).collect();
        let later: HashMap<&str, &StoredResult> =
            after.iter().map(|r| (r.fingerprint.as_str(), r)).collect();
        let mut diff = Diff::default();
        for r in after {
            let was = earlier
                .get(r.fingerprint.as_str())
                .map(|e| e.status.as_str());
            match (was, r.status.as_str()) {
                (None, "fail") => diff.new_failures.push(r.clone()),
                (Some(w), "fail") if w != "fail" => diff.regressed.push(r.clone()),
                (Some("fail" | "unknown"), "pass" | "not_applicable") => diff.fixed.push(r.clone()),
                (w, "unknown") if w != Some("unknown") => diff.newly_unknown.push(r.clone()),
                _ => {}
            }
        }
        diff.gone = before
            .iter()
            .filter(|r| !later.contains_key(r.fingerprint.as_str()))
            .cloned()
            .collect();
        diff
    }
}

impl Store {
    /// The latest run of `target` before run `run` (the one a diff or `--fail-on-new`
    /// compares with).
    pub fn previous_run(
        &mut self,
        target: &str,
        before: Option<i64>,
    ) -> Result<Option<Run>, StoreError> {
        self.sql(|c| {
            c.query_row(
                "SELECT id, kind, target, finished_at, findings FROM runs
                 WHERE target = ?1 AND (?2 IS NULL OR id < ?2) ORDER BY id DESC LIMIT 1",
                params![target, before],
                run_row,
            )
            .optional()
        })
    }
}

/// How many results of each status one run recorded: a point of a report's trend chart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunCounts {
    /// The run's id.
    pub run: i64,
    /// When it started (RFC 3339, as recorded).
    pub started_at: String,
    /// Failing results.
    pub fail: i64,
    /// Results that could not be decided.
    pub unknown: i64,
    /// Suppressed failures.
    pub suppressed: i64,
    /// Passing results.
    pub pass: i64,
    /// Results that did not apply.
    pub not_applicable: i64,
}

impl Store {
    /// Counts by status of the latest `limit` runs of `target`, oldest first (a report's trend
    /// over time). Read-only. A run that recorded no result is a point of zeros, not a gap.
    ///
    /// The cost is one pass over the results of those runs (their primary key starts with the
    /// run), so callers keep `limit` small: a report draws a few dozen points, not every run.
    pub fn run_counts(&mut self, target: &str, limit: usize) -> Result<Vec<RunCounts>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut points: Vec<RunCounts> = self.sql(|c| {
            let mut q = c.prepare(
                "SELECT id, started_at FROM runs WHERE target = ?1 ORDER BY id DESC LIMIT ?2",
            )?;
            let rows = q.query_map(params![target, limit], |r| {
                Ok(RunCounts {
                    run: r.get(0)?,
                    started_at: r.get(1)?,
                    ..RunCounts::default()
                })
            })?;
            rows.collect()
        })?;
        points.reverse();
        self.sql(|c| {
            let mut q = c.prepare_cached(
                "SELECT status, COUNT(*) FROM results WHERE run = ?1 GROUP BY status",
            )?;
            for point in &mut points {
                let rows = q.query_map(params![point.run], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                })?;
                for row in rows {
                    let (status, n) = row?;
                    match status.as_str() {
                        "fail" => point.fail += n,
                        "unknown" => point.unknown += n,
                        "suppressed" => point.suppressed += n,
                        "pass" => point.pass += n,
                        "not_applicable" => point.not_applicable += n,
                        // A status a newer cloudward wrote: not one this build can draw.
                        _ => {}
                    }
                }
            }
            Ok(())
        })?;
        Ok(points)
    }
}

/// One address `cloudward respond` blocked on a target (table `blocks`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockRecord {
    /// Row id (0 for a record not yet written).
    pub id: i64,
    /// The target: `waf:<scope>:<region>:<ip set id>` or `nacl:<region>:<acl id>`.
    pub target: String,
    /// The entry as applied: a CIDR (`/32`, `/128`).
    pub address: String,
    /// The NACL rule number holding it (`None` for a WAF IP set).
    pub entry: Option<i32>,
    /// The rule of the alert that caused (or last extended) the block.
    pub rule_id: String,
    /// That alert's identity (rule, log, actor, window).
    pub alert: String,
    /// That alert's severity.
    pub severity: String,
    /// The last offending event seen from the address (the alert's last event time).
    pub offence_at: DateTime<Utc>,
    /// When the entry was added.
    pub added_at: DateTime<Utc>,
    /// When the next `respond` run removes it.
    pub expires_at: DateTime<Utc>,
    /// When it was removed (`None` while blocked).
    pub removed_at: Option<DateTime<Utc>>,
    /// Why it was removed (`expired`, `missing from the target`, ...).
    pub removed_why: Option<String>,
}

fn block_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BlockRecord> {
    fn time(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<DateTime<Utc>> {
        let text: String = r.get(i)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
            })
    }
    let removed: Option<String> = r.get(10)?;
    Ok(BlockRecord {
        id: r.get(0)?,
        target: r.get(1)?,
        address: r.get(2)?,
        entry: r.get(3)?,
        rule_id: r.get(4)?,
        alert: r.get(5)?,
        severity: r.get(6)?,
        offence_at: time(r, 7)?,
        added_at: time(r, 8)?,
        expires_at: time(r, 9)?,
        removed_at: match removed {
            Some(_) => Some(time(r, 10)?),
            None => None,
        },
        removed_why: r.get(11)?,
    })
}

const BLOCK_COLUMNS: &str = "id, target, address, entry, rule_id, alert, severity, offence_at, \
     added_at, expires_at, removed_at, removed_why";

/// One change to the `blocks` table, written with others in one transaction
/// ([`Store::record_block_changes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockChange {
    /// A new entry (its `id` and `removed_at` are ignored).
    Added(BlockRecord),
    /// The address offended again: a later expiry, the newer alert.
    Extended {
        /// The row.
        id: i64,
        /// The new expiry.
        expires_at: DateTime<Utc>,
        /// The newer offence.
        offence_at: DateTime<Utc>,
        /// Its rule.
        rule_id: String,
        /// Its alert.
        alert: String,
        /// Its severity.
        severity: String,
    },
    /// The entry is gone from the target (expired and removed, or removed by someone else).
    Removed {
        /// The row.
        id: i64,
        /// When.
        at: DateTime<Utc>,
        /// Why.
        why: String,
    },
}

impl Store {
    /// The entries cloudward owns on `target` now (not removed), oldest first.
    pub fn active_blocks(&mut self, target: &str) -> Result<Vec<BlockRecord>, StoreError> {
        self.sql(|c| {
            let mut q = c.prepare(&format!(
                "SELECT {BLOCK_COLUMNS} FROM blocks WHERE target = ?1 AND removed_at IS NULL \
                 ORDER BY id"
            ))?;
            let rows = q.query_map(params![target], block_row)?;
            rows.collect()
        })
    }

    /// Every block ever recorded (on `target` when given), newest first, at most `limit`.
    pub fn blocks(
        &mut self,
        target: Option<&str>,
        limit: usize,
    ) -> Result<Vec<BlockRecord>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.sql(|c| {
            let mut q = c.prepare(&format!(
                "SELECT {BLOCK_COLUMNS} FROM blocks WHERE ?1 IS NULL OR target = ?1 \
                 ORDER BY id DESC LIMIT ?2"
            ))?;
            let rows = q.query_map(params![target, limit], block_row)?;
            rows.collect()
        })
    }

    /// Write `changes` in one transaction. Adding an address that is already active on its
    /// target is an error (the unique index), so a record never doubles.
    pub fn record_block_changes(&mut self, changes: &[BlockChange]) -> Result<(), StoreError> {
        self.sql(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            for change in changes {
                match change {
                    BlockChange::Added(b) => {
                        tx.execute(
                            "INSERT INTO blocks (target, address, entry, rule_id, alert, severity,
                                offence_at, added_at, expires_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                            params![
                                b.target,
                                b.address,
                                b.entry,
                                b.rule_id,
                                b.alert,
                                b.severity,
                                b.offence_at.to_rfc3339(),
                                b.added_at.to_rfc3339(),
                                b.expires_at.to_rfc3339(),
                            ],
                        )?;
                    }
                    BlockChange::Extended {
                        id,
                        expires_at,
                        offence_at,
                        rule_id,
                        alert,
                        severity,
                    } => {
                        tx.execute(
                            "UPDATE blocks SET expires_at = ?2, offence_at = ?3, rule_id = ?4,
                                alert = ?5, severity = ?6
                             WHERE id = ?1 AND removed_at IS NULL",
                            params![
                                id,
                                expires_at.to_rfc3339(),
                                offence_at.to_rfc3339(),
                                rule_id,
                                alert,
                                severity
                            ],
                        )?;
                    }
                    BlockChange::Removed { id, at, why } => {
                        tx.execute(
                            "UPDATE blocks SET removed_at = ?2, removed_why = ?3
                             WHERE id = ?1 AND removed_at IS NULL",
                            params![id, at.to_rfc3339(), why],
                        )?;
                    }
                }
            }
            tx.commit()
        })
    }
}

/// Insert `findings` as results of `run`, each with its fingerprint (first and last seen).
fn insert_results(
    tx: &rusqlite::Transaction<'_>,
    run: i64,
    findings: &[Finding],
) -> rusqlite::Result<()> {
    let mut upsert = tx.prepare_cached(
        "INSERT INTO fingerprints
                        (fingerprint, rule_id, resource_id, account, region, first_seen, last_seen)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                     ON CONFLICT (fingerprint) DO UPDATE SET last_seen = excluded.last_seen
                     RETURNING id",
    )?;
    let mut result = tx.prepare_cached(
        "INSERT OR REPLACE INTO results
                        (run, fingerprint, status, severity, title, service, resource_kind,
                         resource_name, message, attribute, location, suppression)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for f in findings {
        let id: i64 = upsert.query_row(
            params![
                fingerprint(f),
                f.rule_id.as_ref(),
                f.resource_id,
                f.account,
                f.region,
                run
            ],
            |r| r.get(0),
        )?;
        result.execute(params![
            run,
            id,
            f.status.as_str(),
            f.severity.as_str(),
            f.title.as_ref(),
            f.service.as_ref(),
            f.resource_kind.to_string(),
            f.resource_name,
            f.message.as_ref(),
            f.attribute.as_deref(),
            f.location
                .as_ref()
                .map(|l| format!("{}:{}", l.path, l.line)),
            f.suppression,
        ])?;
    }
    Ok(())
}
