//! The store against real SQLite files: runs and fingerprints, history, migrations from every
//! earlier schema, refusing a newer one, pruning, and writers killed with SIGKILL at random
//! points leaving a valid database holding whole runs only.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::{TimeZone, Utc};
use cloudward_model::test_support::finding;
use cloudward_model::{Finding, Severity, Status};
use cloudward_store::{fingerprint, RunInfo, RunKind, Store, StoreError, MIGRATIONS};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn temp_db() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "cloudward-store-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("nested").join("history.sqlite3")
}

fn info(target: &str, day: u32) -> RunInfo {
    let at = Utc
        .with_ymd_and_hms(2026, 11, day, 12, 0, 0)
        .single()
        .expect("a date");
    RunInfo {
        kind: RunKind::Scan,
        target: target.into(),
        account: Some("123456789012".into()),
        regions: vec!["eu-west-1".into()],
        started_at: at,
        finished_at: at,
        tool_version: "0.1.0".into(),
        catalogue_version: "test".into(),
    }
}

fn on(resource: &str, status: Status) -> Finding {
    let mut f = finding(Severity::High, status);
    f.resource_id = resource.into();
    f.account = Some("123456789012".into());
    f
}

#[test]
fn runs_fingerprints_and_history() {
    let path = temp_db();
    let mut store = Store::open(&path).expect("opens, making its directory");
    let denied = cloudward_model::CollectionError {
        service: "s3".into(),
        api: "GetBucketPolicy".into(),
        message: "AccessDenied".into(),
        ..Default::default()
    };
    let first = store
        .record(
            &info("123456789012", 1),
            &[on("a", Status::Fail), on("b", Status::Pass)],
            std::slice::from_ref(&denied),
        )
        .expect("records");
    let errors = store.errors(first).expect("reads");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].api, "GetBucketPolicy");
    let second = store
        .record(
            &info("123456789012", 2),
            &[on("a", Status::Pass), on("c", Status::Fail)],
            &[],
        )
        .expect("records");
    assert!(second > first);
    let runs = store.runs(Some("123456789012")).expect("lists");
    assert_eq!(
        runs.iter().map(|r| r.id).collect::<Vec<_>>(),
        [second, first]
    );
    assert!(store.runs(Some("other")).expect("lists").is_empty());
    let results = store.results(second).expect("reads");
    assert_eq!(results.len(), 2);
    let a = results
        .iter()
        .find(|r| r.resource_id == "a")
        .expect("a is there");
    assert_eq!(a.first_seen, first, "first seen in the first run");
    assert_eq!(a.status, "pass");
    let c = results
        .iter()
        .find(|r| r.resource_id == "c")
        .expect("c is there");
    assert_eq!(c.first_seen, second);
    let history = store
        .history(&fingerprint(&on("a", Status::Pass)))
        .expect("history");
    assert_eq!(
        history,
        [(first, "fail".to_string()), (second, "pass".to_string())]
    );
    assert_eq!(store.integrity_check().expect("checks"), "ok");
    // Reopening finds the same data.
    drop(store);
    let mut again = Store::open(&path).expect("reopens");
    assert_eq!(again.runs(None).expect("lists").len(), 2);
}

#[test]
fn prune_drops_old_runs_and_orphaned_fingerprints() {
    let mut store = Store::in_memory().expect("opens");
    let old = store
        .record(
            &info("t", 1),
            &[on("gone", Status::Fail), on("kept", Status::Fail)],
            &[],
        )
        .expect("records");
    let new = store
        .record(&info("t", 20), &[on("kept", Status::Fail)], &[])
        .expect("records");
    let cutoff = Utc
        .with_ymd_and_hms(2026, 11, 10, 0, 0, 0)
        .single()
        .expect("a date");
    assert_eq!(store.prune(cutoff).expect("prunes"), 1);
    assert!(store.run(old).expect("reads").is_none());
    assert!(store.results(old).expect("reads").is_empty());
    let kept = store.results(new).expect("reads");
    assert_eq!(kept.len(), 1);
    assert_eq!(
        kept[0].first_seen, new,
        "first seen moves to the oldest remaining run"
    );
    assert!(store
        .history(&fingerprint(&on("gone", Status::Fail)))
        .expect("history")
        .is_empty());
}

#[test]
fn every_earlier_schema_migrates_and_a_newer_one_is_refused() {
    for from in 0..MIGRATIONS.len() {
        let path = temp_db();
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("dir");
        {
            let conn = rusqlite::Connection::open(&path).expect("sqlite");
            for step in &MIGRATIONS[..from] {
                conn.execute_batch(step).expect("an earlier schema");
            }
            conn.pragma_update(None, "user_version", from as i64)
                .expect("version");
        }
        let mut store = Store::open(&path).expect("migrates");
        assert_eq!(
            store.schema_version().expect("version"),
            MIGRATIONS.len() as i64
        );
        store
            .record(&info("t", 1), &[on("a", Status::Fail)], &[])
            .expect("writes after migrating");
    }
    let path = temp_db();
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("dir");
    {
        let conn = rusqlite::Connection::open(&path).expect("sqlite");
        conn.pragma_update(None, "user_version", 999)
            .expect("version");
    }
    match Store::open(&path) {
        Err(StoreError::TooNew { found: 999, .. }) => {}
        other => panic!("a newer schema must be refused, got {other:?}"),
    }
}

/// Set in the child process the kill test starts: the database it writes to.
const WRITER_ENV: &str = "CLOUDWARD_STORE_TEST_WRITER";
/// Findings per run in the kill test.
const PER_RUN: usize = 2_000;

/// Not a test on its own: the writer the kill test starts (and kills). Without the variable
/// it returns at once.
#[test]
fn writer_child() {
    let Some(path) = std::env::var_os(WRITER_ENV) else {
        return;
    };
    let mut store = Store::open(&PathBuf::from(path)).expect("opens");
    let findings: Vec<Finding> = (0..PER_RUN)
        .map(|i| on(&format!("r{i}"), Status::Fail))
        .collect();
    for day in 1.. {
        store
            .record(&info("t", 1 + day % 28), &findings, &[])
            .expect("records");
    }
}

#[test]
fn issue11_writers_killed_at_random_points_leave_whole_runs_only() {
    let exe = std::env::current_exe().expect("this test binary");
    let path = temp_db();
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("dir");
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let kills = 20;
    for _ in 0..kills {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = Command::new(&exe)
            .args(["--exact", "writer_child", "--nocapture"])
            .env(WRITER_ENV, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start a writer");
        std::thread::sleep(Duration::from_millis(50 + seed % 400));
        child.kill().expect("SIGKILL the writer");
        let _ = child.wait();
        let mut store = Store::open(&path).expect("opens after the kill");
        assert_eq!(store.integrity_check().expect("checks"), "ok");
        for run in store.runs(None).expect("lists") {
            assert_eq!(
                store.results(run.id).expect("reads").len(),
                PER_RUN,
                "run {} is whole",
                run.id
            );
        }
    }
    let mut store = Store::open(&path).expect("opens");
    let runs = store.runs(None).expect("lists").len();
    eprintln!("{kills} writers killed; {runs} whole runs stored");
    assert!(runs > 0, "some writer got a run in before its kill");
}

#[test]
fn diff_sorts_changes_into_their_kinds() {
    let mut store = Store::in_memory().expect("opens");
    let a = store
        .record(
            &info("t", 1),
            &[
                on("fixed", Status::Fail),
                on("regressed", Status::Pass),
                on("gone", Status::Fail),
                on("unsure", Status::Pass),
                on("still", Status::Fail),
            ],
            &[],
        )
        .expect("records");
    let b = store
        .record(
            &info("t", 2),
            &[
                on("fixed", Status::Pass),
                on("regressed", Status::Fail),
                on("unsure", Status::Unknown),
                on("still", Status::Fail),
                on("new", Status::Fail),
            ],
            &[],
        )
        .expect("records");
    assert_eq!(
        store
            .previous_run("t", Some(b))
            .expect("reads")
            .map(|r| r.id),
        Some(a)
    );
    assert_eq!(store.previous_run("t", Some(a)).expect("reads"), None);
    let before = store.results(a).expect("reads");
    let after = store.results(b).expect("reads");
    let d = cloudward_store::Diff::between(&before, &after);
    let ids = |v: &[cloudward_store::StoredResult]| {
        v.iter().map(|r| r.resource_id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&d.new_failures), ["new"]);
    assert_eq!(ids(&d.regressed), ["regressed"]);
    assert_eq!(ids(&d.fixed), ["fixed"]);
    assert_eq!(ids(&d.newly_unknown), ["unsure"]);
    assert_eq!(ids(&d.gone), ["gone"]);
}

#[test]
fn alerts_are_kept_whole() {
    let mut store = Store::in_memory().expect("opens");
    let at = Utc
        .with_ymd_and_hms(2026, 11, 3, 10, 0, 0)
        .single()
        .expect("a date");
    let alert = cloudward_model::alert::Alert {
        rule: cloudward_model::alert::AlertRule {
            id: "console-login-without-mfa".into(),
            title: "Console login without MFA".into(),
            ..Default::default()
        },
        severity: Severity::High,
        log: "cloudtrail".into(),
        response: "check the user".into(),
        actor: Some("arn:aws:iam::123456789012:user/alice".into()),
        window_start: at,
        window_end: at,
        count: 3,
        first_time: at,
        last_time: at,
        first_event_id: "e1".into(),
        last_event_id: "e3".into(),
        access_key_ids: Vec::new(),
        source_ips: vec!["203.0.113.9".into()],
        user_agents: Vec::new(),
        regions: Vec::new(),
        accounts: Vec::new(),
        event_names: vec!["ConsoleLogin".into()],
        resources: vec![],
        group: Vec::new(),
        first_location: "trail.json.gz:1".into(),
        values_omitted: 0,
        event_ids: vec![],
        event_ids_omitted: 0,
        failed_calls: 0,
        error_codes: vec![],
    };
    let mut detect = info("logs:trail", 3);
    detect.kind = RunKind::Detect;
    let run = store
        .record_with_alerts(&detect, &[], &[], std::slice::from_ref(&alert))
        .expect("records");
    assert_eq!(
        store.alerts(run).expect("reads"),
        std::slice::from_ref(&alert)
    );

    // A live run: recorded when it starts, its alerts added as their windows close.
    let live = store.begin_run(&detect).expect("begins");
    assert_eq!(store.alerts(live).expect("reads"), []);
    let begun = store.run(live).expect("reads").expect("the run");
    assert_eq!(begun.finished_at, detect.started_at.to_rfc3339());
    let second = cloudward_model::alert::Alert {
        first_event_id: "e9".into(),
        ..alert.clone()
    };
    store
        .add_alerts(live, std::slice::from_ref(&alert))
        .expect("adds");
    store
        .add_alerts(live, std::slice::from_ref(&second))
        .expect("adds");
    let ended = detect.started_at + chrono::Duration::hours(1);
    store.finish_run(live, ended).expect("finishes");
    assert_eq!(store.alerts(live).expect("reads"), [alert, second]);
    let done = store.run(live).expect("reads").expect("the run");
    assert_eq!(done.finished_at, ended.to_rfc3339());
}

#[test]
fn processes_opening_a_new_store_at_once_all_succeed() {
    let path = temp_db();
    let threads: Vec<_> = (0..8)
        .map(|day| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).expect("opens while others migrate");
                store
                    .record(&info("t", day + 1), &[on("a", Status::Fail)], &[])
                    .expect("records")
            })
        })
        .collect();
    for t in threads {
        t.join().expect("no thread failed");
    }
    let mut store = Store::open(&path).expect("opens");
    assert_eq!(store.runs(None).expect("lists").len(), 8);
}

/// The trend a report draws: per run of one target, oldest first, counts by status; other
/// targets' runs are not mixed in, and `limit` keeps the latest runs.
#[test]
fn run_counts_count_each_run_of_one_target_by_status() {
    let mut store = Store::in_memory().expect("opens");
    let first = store
        .record(
            &info("123456789012", 1),
            &[
                on("a", Status::Fail),
                on("b", Status::Fail),
                on("c", Status::Unknown),
                on("d", Status::Pass),
            ],
            &[],
        )
        .expect("records");
    store
        .record(&info("other", 2), &[on("x", Status::Fail)], &[])
        .expect("records");
    let empty = store
        .record(&info("123456789012", 3), &[], &[])
        .expect("records");
    let last = store
        .record(
            &info("123456789012", 4),
            &[
                on("a", Status::Pass),
                on("b", Status::Suppressed),
                on("c", Status::Fail),
                on("d", Status::NotApplicable),
            ],
            &[],
        )
        .expect("records");

    let points = store.run_counts("123456789012", 10).expect("reads");
    let runs: Vec<i64> = points.iter().map(|p| p.run).collect();
    assert_eq!(runs, [first, empty, last]);
    assert_eq!(
        (points[0].fail, points[0].unknown, points[0].pass),
        (2, 1, 1)
    );
    assert!(points[0].started_at.starts_with("2026-11-01T12:00:00"));
    assert_eq!(
        points[1],
        cloudward_store::RunCounts {
            run: empty,
            started_at: points[1].started_at.clone(),
            ..Default::default()
        }
    );
    assert_eq!(
        (
            points[2].fail,
            points[2].suppressed,
            points[2].pass,
            points[2].not_applicable,
            points[2].unknown
        ),
        (1, 1, 1, 1, 0)
    );

    let latest = store.run_counts("123456789012", 2).expect("reads");
    assert_eq!(
        latest.iter().map(|p| p.run).collect::<Vec<_>>(),
        [empty, last]
    );
    assert!(store.run_counts("nobody", 10).expect("reads").is_empty());
}

/// Schema 3 (`notified`): taken from every earlier schema with the runs already stored kept,
/// and the dedupe rows it holds answer, are forgotten per fingerprint and are pruned by age.
#[test]
fn the_notified_table_arrives_by_migration_and_dedupes() {
    use cloudward_store::NotifiedKey;
    for from in 0..3 {
        let path = temp_db();
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("dir");
        {
            let conn = rusqlite::Connection::open(&path).expect("sqlite");
            for step in &MIGRATIONS[..from] {
                conn.execute_batch(step).expect("an earlier schema");
            }
            conn.pragma_update(None, "user_version", from as i64)
                .expect("version");
        }
        if from >= 1 {
            // A run written by the older schema survives the migration.
            let conn = rusqlite::Connection::open(&path).expect("sqlite");
            conn.execute(
                "INSERT INTO runs (kind, target, account, regions, started_at, finished_at,
                                   tool_version, catalogue_version, findings)
                 VALUES ('scan', 'old', NULL, '[]', '2026-11-01T00:00:00+00:00',
                         '2026-11-01T00:00:00+00:00', '0.0.1', 'x', 0)",
                [],
            )
            .expect("an old run");
        }
        let mut store = Store::open(&path).expect("migrates");
        assert_eq!(
            store.schema_version().expect("version"),
            MIGRATIONS.len() as i64,
            "from {from}"
        );
        assert_eq!(
            store.runs(Some("old")).expect("runs").len(),
            usize::from(from >= 1),
            "from {from}: old runs are kept"
        );
        let key = |fp: &str, change: &str| NotifiedKey {
            fingerprint: fp.into(),
            change: change.into(),
            sink: "team-slack".into(),
        };
        assert!(!store.was_notified(&key("a", "new")).expect("query"));
        let day = |d| {
            Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0)
                .single()
                .expect("date")
        };
        store
            .mark_notified(&[key("a", "new"), key("b", "regressed")], day(2))
            .expect("mark");
        store
            .mark_notified(&[key("a", "new")], day(20))
            .expect("marking twice is not an error");
        assert!(store.was_notified(&key("a", "new")).expect("query"));
        assert!(
            !store.was_notified(&key("a", "regressed")).expect("query"),
            "another change of the same finding is not the same notification"
        );
        assert_eq!(store.forget_notified(&["a".into()]).expect("forget"), 1);
        assert!(!store.was_notified(&key("a", "new")).expect("query"));
        store.prune(day(10)).expect("prune");
        assert!(
            !store.was_notified(&key("b", "regressed")).expect("query"),
            "pruned by age"
        );
    }
}

/// Set in a child process of [`sixteen_processes_opening_a_new_store_at_once_all_succeed`]:
/// the store it opens.
const OPENER_ENV: &str = "CLOUDWARD_STORE_TEST_OPENER";

/// The child: open the store once (a no-op as a normal test).
#[test]
fn opener_child() {
    let Some(path) = std::env::var_os(OPENER_ENV) else {
        return;
    };
    if let Err(e) = Store::open(std::path::Path::new(&path)) {
        eprintln!("OPEN FAILED: {e}");
        std::process::exit(1);
    }
}

/// Many processes (a CI matrix, a watch and a scan) opening one store at once all succeed:
/// the switch to WAL mode, which SQLite refuses without waiting while another connection
/// reads, is retried.
#[test]
fn sixteen_processes_opening_a_new_store_at_once_all_succeed() {
    let exe = std::env::current_exe().expect("this test binary");
    for round in 0..4 {
        let path = temp_db();
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("dir");
        let children: Vec<_> = (0..16)
            .map(|_| {
                Command::new(&exe)
                    .args(["--exact", "opener_child", "--nocapture"])
                    .env(OPENER_ENV, &path)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().expect("wait");
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn blocks_are_recorded_extended_and_removed_and_one_address_is_active_once() {
    use cloudward_store::{BlockChange, BlockRecord};
    let mut store = Store::open(&temp_db()).expect("open");
    let at = |h| {
        Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0)
            .single()
            .expect("date")
    };
    let record = |address: &str| BlockRecord {
        id: 0,
        target: "nacl:eu-west-1:acl-1".into(),
        address: address.into(),
        entry: Some(50),
        rule_id: "rule".into(),
        alert: "alert|rule".into(),
        severity: "high".into(),
        offence_at: at(1),
        added_at: at(2),
        expires_at: at(3),
        removed_at: None,
        removed_why: None,
    };
    store
        .record_block_changes(&[
            BlockChange::Added(record("45.33.32.1/32")),
            BlockChange::Added(record("45.33.32.2/32")),
        ])
        .expect("add");
    let active = store.active_blocks("nacl:eu-west-1:acl-1").expect("read");
    assert_eq!(active.len(), 2);
    assert_eq!(active[0].address, "45.33.32.1/32");
    assert_eq!(active[0].entry, Some(50));
    assert_eq!(active[0].expires_at, at(3));
    assert!(store
        .active_blocks("nacl:eu-west-1:acl-2")
        .expect("read")
        .is_empty());
    // The same address twice on one target is refused, and the whole transaction with it.
    let err = store.record_block_changes(&[
        BlockChange::Added(record("45.33.32.9/32")),
        BlockChange::Added(record("45.33.32.1/32")),
    ]);
    assert!(err.is_err());
    assert_eq!(
        store
            .active_blocks("nacl:eu-west-1:acl-1")
            .expect("read")
            .len(),
        2
    );
    store
        .record_block_changes(&[
            BlockChange::Extended {
                id: active[0].id,
                expires_at: at(9),
                offence_at: at(8),
                rule_id: "other".into(),
                alert: "alert|other".into(),
                severity: "critical".into(),
            },
            BlockChange::Removed {
                id: active[1].id,
                at: at(4),
                why: "expired".into(),
            },
        ])
        .expect("extend and remove");
    let active = store.active_blocks("nacl:eu-west-1:acl-1").expect("read");
    assert_eq!(active.len(), 1);
    assert_eq!(active[0].expires_at, at(9));
    assert_eq!(active[0].severity, "critical");
    let all = store.blocks(None, 10).expect("all");
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].removed_at, Some(at(4)));
    assert_eq!(all[0].removed_why.as_deref(), Some("expired"));
    // Removed, the address may be blocked again.
    store
        .record_block_changes(&[BlockChange::Added(record("45.33.32.2/32"))])
        .expect("again");
}

/// Verdicts judged after a run was recorded (the rule across an organization's accounts) join
/// that run: its results and its count, with their fingerprints.
#[test]
fn results_added_to_a_recorded_run_join_it() {
    let path = temp_db();
    let mut store = Store::open(&path).expect("opens");
    let run = store
        .record(&info("123456789012", 1), &[on("a", Status::Fail)], &[])
        .expect("records");
    store
        .add_results(run, &[on("across", Status::Fail), on("b", Status::Pass)])
        .expect("adds");
    let results = store.results(run).expect("reads");
    let ids: Vec<&str> = results.iter().map(|r| r.resource_id.as_str()).collect();
    assert_eq!(results.len(), 3, "{ids:?}");
    assert!(ids.contains(&"across"), "{ids:?}");
    let recorded = store.run(run).expect("reads").expect("the run");
    assert_eq!(recorded.findings, 3);
    let _ = std::fs::remove_file(&path);
}
