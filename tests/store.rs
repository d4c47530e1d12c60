//! The data file: creation, migrations (all-or-nothing, backed up first), refusing files that are
//! not ours or are from a newer Rapport, backup, restore and check.

mod common;

use common::{fixed_now, person, temp_store};
use rapport::store::migrations::{Migration, LATEST, MIGRATIONS};
use rapport::store::{APPLICATION_ID, DB_FILE_NAME};
use rapport::{Error, Store};
use rusqlite::Connection;

fn open_with(path: &std::path::Path, migrations: &[Migration]) -> rapport::Result<Store> {
    Store::open_with(path, migrations, Box::new(fixed_now))
}

/// Every table's rows, in a stable order, as text: "the file's contents" for comparisons.
fn dump(path: &std::path::Path) -> Vec<String> {
    let conn = Connection::open(path).expect("open for dump");
    let mut out = Vec::new();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    out.push(format!("user_version={version}"));
    let tables: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .expect("schema")
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            ))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("collect");
    for (name, sql) in tables {
        out.push(sql);
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{name}\" ORDER BY 1"))
            .expect("select");
        let n = stmt.column_count();
        let rows: Vec<String> = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).map(|v| format!("{v:?}"))))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("collect");
        out.extend(rows);
    }
    out
}

#[test]
fn a_new_store_is_created_at_the_latest_version_with_wal_and_foreign_keys() {
    let (dir, store) = temp_store();
    assert_eq!(store.schema_version().expect("version"), LATEST);
    assert_eq!(store.path(), dir.path().join(DB_FILE_NAME));
    assert!(
        store.pre_migration_backup().is_none(),
        "a new file needs no backup"
    );
    drop(store);
    let conn = Connection::open(dir.path().join(DB_FILE_NAME)).expect("open");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .expect("app id");
    assert_eq!(app, APPLICATION_ID);
}

/// `.cargo/config.toml` builds the bundled SQLite without its global memory statistics, which
/// otherwise put one process-wide mutex around every allocation (see the file's comment).
#[test]
fn the_bundled_sqlite_is_built_without_memory_statistics() {
    let conn = Connection::open_in_memory().expect("open");
    let options: Vec<String> = conn
        .prepare("SELECT compile_options FROM pragma_compile_options")
        .expect("options")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read");
    assert!(
        options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"),
        "built with {options:?}"
    );
}

#[test]
fn reopening_keeps_the_data_and_takes_no_backup() {
    let (dir, mut store) = temp_store();
    let id = store.add_contact(&person("Ada Lovelace")).expect("add");
    drop(store);
    let store = Store::open_in(dir.path()).expect("reopen");
    assert_eq!(store.contact(id).expect("contact").name, "Ada Lovelace");
    assert!(store.pre_migration_backup().is_none());
    assert!(!dir.path().join("backups").exists());
}

#[test]
fn an_interaction_for_an_unknown_contact_is_refused() {
    let (_dir, mut store) = temp_store();
    let err = store
        .add_interaction(&rapport::interactions::InteractionInput {
            issue_id: None,
            contact_id: 999,
            occurred_at: None,
            channel: rapport::interactions::InteractionChannel::Call,
            summary: "hello".into(),
            tone: Default::default(),
            team_member_id: None,
        })
        .expect_err("unknown contact");
    assert_eq!(err.code(), "not_found");
}

#[test]
fn a_file_from_a_newer_rapport_is_refused_and_left_untouched() {
    let (dir, store) = temp_store();
    let path = store.path().to_path_buf();
    drop(store);
    Connection::open(&path)
        .expect("open")
        .execute_batch(&format!("PRAGMA user_version = {}", LATEST + 5))
        .expect("bump");
    let before = std::fs::read(&path).expect("read");
    let err = Store::open_in(dir.path()).expect_err("newer file must be refused");
    assert!(
        matches!(err, Error::NewerSchema { found, .. } if found == LATEST + 5),
        "{err:?}"
    );
    assert_eq!(err.code(), "newer_schema");
    assert!(
        err.to_string().contains("newer version of Rapport"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(DB_FILE_NAME);
    let garbage = b"Name,Email\nAda,ada@example.com\n".repeat(100);
    std::fs::write(&path, &garbage).expect("write");
    let err = Store::open_in(dir.path()).expect_err("garbage must be refused");
    assert_eq!(err.code(), "not_rapport_file", "{err:?}");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "names the file: {err}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), garbage);
}

#[test]
fn another_programs_sqlite_file_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(DB_FILE_NAME);
    Connection::open(&path)
        .expect("open")
        .execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);")
        .expect("create");
    let err = Store::open_in(dir.path()).expect_err("foreign database");
    assert_eq!(err.code(), "not_rapport_file");
    let n: i64 = Connection::open(&path)
        .expect("open")
        .query_row("SELECT count(*) FROM invoices", [], |r| r.get(0))
        .expect("still there");
    assert_eq!(n, 1);
}

#[test]
fn a_damaged_file_is_reported_as_corrupt() {
    let (dir, mut store) = temp_store();
    for i in 0..300 {
        store
            .add_contact(&person(&format!("Customer {i}")))
            .expect("add");
    }
    let path = store.path().to_path_buf();
    drop(store);
    // Keep the header, wreck the pages after it.
    let mut bytes = std::fs::read(&path).expect("read");
    assert!(bytes.len() > 8192, "file has several pages");
    for b in bytes.iter_mut().skip(100).take(8000) {
        *b = 0x5A;
    }
    std::fs::write(&path, &bytes).expect("write");
    let err = Store::open_in(dir.path()).expect_err("corrupt file");
    assert_eq!(err.code(), "corrupt", "{err:?}");
}

#[test]
fn migrations_on_an_existing_file_take_a_backup_first() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(DB_FILE_NAME);
    let mut store = open_with(&path, &MIGRATIONS[..1]).expect("v1");
    store.add_contact(&person("Grace Hopper")).expect("add");
    drop(store);
    let extra = Migration {
        name: "test: add a column",
        sql: "ALTER TABLE team_members ADD COLUMN colour TEXT;",
    };
    let all: Vec<Migration> = MIGRATIONS.iter().copied().chain([extra]).collect();
    let store = open_with(&path, &all).expect("migrate");
    assert_eq!(store.schema_version().expect("v"), all.len() as i64);
    let backup = store
        .pre_migration_backup()
        .expect("backup taken")
        .to_path_buf();
    assert!(backup.starts_with(dir.path().join("backups")), "{backup:?}");
    let conn = Connection::open(&backup).expect("open backup");
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("v");
    assert_eq!(v, 1, "the backup is the file as it was before migrating");
    let name: String = conn
        .query_row("SELECT display_name FROM contacts", [], |r| r.get(0))
        .expect("data in backup");
    assert_eq!(name, "Grace Hopper");
}

#[test]
fn a_failed_migration_leaves_the_file_exactly_as_it_was() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(DB_FILE_NAME);
    let mut store = open_with(&path, &MIGRATIONS[..1]).expect("v1");
    store
        .add_contact(&person("Katherine Johnson"))
        .expect("add");
    drop(store);
    let before_bytes = std::fs::read(&path).expect("read");
    let before = dump(&path);

    let good = Migration {
        name: "test: a good step",
        sql: "CREATE TABLE widgets (id INTEGER PRIMARY KEY); ALTER TABLE contacts ADD COLUMN mood TEXT;",
    };
    let bad = Migration {
        name: "test: a broken step",
        sql: "INSERT INTO widgets VALUES (1); CREATE TABLE broken (;",
    };
    let all: Vec<Migration> = MIGRATIONS.iter().copied().chain([good, bad]).collect();
    let err = open_with(&path, &all).expect_err("the broken step fails");
    let broken_version = all.len() as i64;
    assert!(
        matches!(err, Error::MigrationFailed { version, .. } if version == broken_version),
        "{err:?}"
    );
    assert_eq!(err.code(), "migration_failed");

    assert_eq!(dump(&path), before, "schema, version and rows unchanged");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before_bytes,
        "file bytes unchanged"
    );
    // And it still opens normally with this build.
    let store = open_with(&path, &MIGRATIONS[..1]).expect("reopen");
    assert_eq!(
        store
            .list_contacts(&Default::default())
            .expect("list")
            .total,
        1
    );
}

#[test]
fn backup_is_a_consistent_copy_taken_while_the_store_is_open() {
    let (dir, mut store) = temp_store();
    store.add_contact(&person("Mary Jackson")).expect("add");
    let out = dir.path().join("elsewhere/copy.sqlite3");
    store.backup_to(&out).expect("backup");
    // The store stays usable after the backup.
    store
        .add_contact(&person("Dorothy Vaughan"))
        .expect("add after");
    let copy = Store::open(&out).expect("backup opens as a Rapport store");
    assert_eq!(
        copy.list_contacts(&Default::default()).expect("list").total,
        1
    );
    assert!(copy.check().expect("check").is_ok());
    assert!(!dir.path().join("elsewhere/.copy.sqlite3.partial").exists());
}

#[test]
fn restore_replaces_the_data_and_keeps_what_it_replaced() {
    let (dir, mut store) = temp_store();
    store.add_contact(&person("Before Backup")).expect("add");
    let out = dir.path().join("snapshot.sqlite3");
    store.backup_to(&out).expect("backup");
    store.add_contact(&person("After Backup")).expect("add");

    let saved = store.restore_from(&out).expect("restore");
    let names: Vec<String> = store
        .list_contacts(&Default::default())
        .expect("list")
        .contacts
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, vec!["Before Backup"]);
    let kept = Store::open(&saved).expect("replaced data kept");
    assert_eq!(
        kept.list_contacts(&Default::default()).expect("list").total,
        2
    );
    assert!(store.check().expect("check").is_ok());
}

#[test]
fn restore_refuses_a_bad_file_and_changes_nothing() {
    let (dir, mut store) = temp_store();
    store.add_contact(&person("Still Here")).expect("add");
    let bogus = dir.path().join("not-a-backup.sqlite3");
    std::fs::write(&bogus, b"this is not a database at all, just text").expect("write");
    let err = store.restore_from(&bogus).expect_err("refused");
    assert_eq!(err.code(), "not_rapport_file");
    let missing = store
        .restore_from(&dir.path().join("missing.sqlite3"))
        .expect_err("missing");
    assert_eq!(missing.code(), "io");
    assert_eq!(
        store
            .list_contacts(&Default::default())
            .expect("list")
            .total,
        1
    );
    assert!(
        !dir.path().join("backups").exists(),
        "nothing saved for a refused restore"
    );
}

#[test]
fn check_reports_a_dangling_foreign_key() {
    let (_dir, mut store) = temp_store();
    let id = store.add_contact(&person("Linked")).expect("add");
    assert!(store.check().expect("check").is_ok());
    let path = store.path().to_path_buf();
    let conn = Connection::open(&path).expect("second connection");
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF; INSERT INTO interactions (contact_id, occurred_at, channel, summary, created_at)
         VALUES ({}, '2026-01-01T00:00:00Z', 'call', 'orphan', '2026-01-01T00:00:00Z');",
        id + 1000
    ))
    .expect("insert orphan");
    let report = store.check().expect("check");
    assert!(!report.is_ok());
    assert!(
        report.problems.iter().any(|p| p.contains("foreign key")),
        "{:?}",
        report.problems
    );
}

#[test]
fn recovering_an_unusable_folder_moves_the_bad_file_aside_and_opens_the_backup() {
    let (dir, mut store) = temp_store();
    store.add_contact(&person("Saved Customer")).expect("add");
    let backup = dir.path().join("backups/manual.sqlite3");
    store.backup_to(&backup).expect("backup");
    drop(store);
    let db = dir.path().join(DB_FILE_NAME);
    std::fs::write(&db, b"garbage garbage garbage garbage garbage").expect("wreck");
    assert_eq!(
        Store::open_in(dir.path()).expect_err("broken").code(),
        "not_rapport_file"
    );

    let (store, aside) =
        Store::recover_from_backup(dir.path(), &backup, "20261124T093000").expect("recover");
    assert_eq!(
        store
            .list_contacts(&Default::default())
            .expect("list")
            .contacts[0]
            .name,
        "Saved Customer"
    );
    assert_eq!(
        std::fs::read(&aside).expect("kept"),
        b"garbage garbage garbage garbage garbage"
    );
}

#[test]
fn rebuilding_the_issue_history_table_keeps_every_event_and_its_id() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(DB_FILE_NAME);
    // A file as version 3 wrote it: an issue with a few events.
    let mut store = open_with(&path, &MIGRATIONS[..3]).expect("v3");
    let customer = store.add_contact(&person("Corner Bakery")).expect("add");
    let id = store
        .add_issue(&rapport::issues::IssueInput {
            customer_id: customer,
            title: "Oven door".into(),
            due: Some("2026-12-01".into()),
            ..Default::default()
        })
        .expect("issue");
    store
        .update_issue(
            id,
            &rapport::issues::IssueUpdate {
                due: Some("2026-12-08".into()),
                comment: Some("Part on order".into()),
                ..Default::default()
            },
        )
        .expect("update");
    drop(store);
    let before: Vec<(i64, String)> = {
        let conn = Connection::open(&path).expect("open");
        let mut stmt = conn
            .prepare("SELECT id, kind FROM issue_events ORDER BY id")
            .expect("prepare");
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        rows
    };
    assert_eq!(before.len(), 4, "{before:?}");

    let mut store = open_with(&path, MIGRATIONS).expect("migrate");
    let now = rapport::issues::AsOf::new(fixed_now(), &chrono::Utc);
    let history: Vec<(i64, String)> = store
        .issue_detail(id, &now)
        .expect("detail")
        .history
        .into_iter()
        .map(|e| (e.id, e.kind))
        .collect();
    assert_eq!(history, before);
    store
        .update_issue(
            id,
            &rapport::issues::IssueUpdate {
                title: Some("Oven door seal".into()),
                ..Default::default()
            },
        )
        .expect("a title change is now recorded");
    assert!(store.check().expect("check").problems.is_empty());
}

#[test]
fn a_large_write_checkpoints_in_the_background_and_everything_stays_consistent() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open_in(dir.path()).expect("open");
    // 6,000 contacts is a large write: its checkpoint runs on another connection.
    let ids = store
        .add_contacts(&rapport::dev::sample_contacts(6_000, 9))
        .expect("batch");
    assert_eq!(ids.len(), 6_000);
    // Writing, reading, backing up and restoring right after all work.
    let one = store
        .add_contact(&person("Right After"))
        .expect("small write");
    assert_eq!(store.contact(one).expect("read").name, "Right After");
    let all = rapport::contacts::ContactQuery::default();
    let before = store.list_contacts(&all).expect("list").total;
    assert!(before >= 6_001, "{before}");
    let copy = dir.path().join("copy.sqlite3");
    store.backup_to(&copy).expect("backup");
    store
        .add_contacts(&rapport::dev::sample_contacts(6_000, 10))
        .expect("second batch");
    store.restore_from(&copy).expect("restore the copy");
    let report = store.check().expect("check");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    drop(store);
    let store = Store::open_in(dir.path()).expect("reopen");
    let after = store.list_contacts(&all).expect("list").total;
    assert_eq!(
        after, before,
        "the restored copy: the first batch and one more"
    );
}

#[test]
fn the_reminder_indexes_migration_reads_follow_ups_of_an_existing_file() {
    use rapport::reminders::{FollowUpInput, ReminderKind, ReminderWindow, Repeat, RepeatUnit};
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(DB_FILE_NAME);
    // A file as version 10 wrote it (before 0012): follow-ups of a live and a deleted contact.
    let mut store = open_with(&path, &MIGRATIONS[..10]).expect("v10");
    let ann = store.add_contact(&person("Ann Archer")).expect("add");
    let gone = store.add_contact(&person("Gone Away")).expect("add");
    let call = store
        .add_follow_up(&FollowUpInput {
            contact_id: ann,
            due_date: "2026-11-26".into(),
            due_time: Some("14:30".into()),
            note: Some("Call about the quote".into()),
            ..Default::default()
        })
        .expect("one-off");
    let weekly = store
        .add_follow_up(&FollowUpInput {
            contact_id: ann,
            due_date: "2026-11-20".into(),
            repeat: Some(Repeat {
                every: 1,
                unit: RepeatUnit::Week,
            }),
            ..Default::default()
        })
        .expect("weekly");
    store
        .add_follow_up(&FollowUpInput {
            contact_id: gone,
            due_date: "2026-11-25".into(),
            ..Default::default()
        })
        .expect("of a contact deleted next");
    store.delete_contact(gone).expect("delete");
    drop(store);

    let store = open_with(&path, MIGRATIONS).expect("migrate");
    assert_eq!(store.schema_version().expect("version"), LATEST);
    let conn = Connection::open(&path).expect("open");
    let columns = |index: &str| -> Vec<String> {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT name FROM pragma_index_info('{index}') ORDER BY seqno"
            ))
            .expect("prepare");
        let names = stmt
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        names
    };
    assert_eq!(
        columns("contacts_names"),
        ["id", "deleted_at", "display_name"]
    );
    let pending = columns("follow_ups_pending_by_due");
    assert_eq!(pending[0], "due_date");
    for needed in [
        "contact_id",
        "occurrence",
        "due_time",
        "note",
        "snoozed_until",
    ] {
        assert!(
            pending.iter().any(|c| c == needed),
            "{needed} in {pending:?}"
        );
    }

    let due = store
        .reminders_due(
            fixed_now(),
            &chrono::Utc,
            ReminderWindow::days("2026-11-24".parse().expect("date"), 7),
        )
        .expect("due");
    let seen: Vec<(Option<i64>, String, String, bool)> = due
        .iter()
        .filter(|r| r.kind == ReminderKind::FollowUp)
        .map(|r| {
            (
                r.follow_up_id,
                r.date.to_string(),
                r.contact.clone(),
                r.overdue,
            )
        })
        .collect();
    let ann_name = "Ann Archer".to_string();
    assert_eq!(
        seen,
        [
            (Some(weekly), "2026-11-20".into(), ann_name.clone(), true),
            (Some(call), "2026-11-26".into(), ann_name.clone(), false),
            (Some(weekly), "2026-11-27".into(), ann_name, false),
        ]
    );
    let call_reminder = due
        .iter()
        .find(|r| r.follow_up_id == Some(call))
        .expect("call");
    assert_eq!(call_reminder.title, "Call about the quote");
    assert_eq!(call_reminder.at, "2026-11-26T14:30:00Z");
    assert_eq!(call_reminder.key, format!("follow_up:{call}:2026-11-26"));
    assert!(store.check().expect("check").problems.is_empty());
}
