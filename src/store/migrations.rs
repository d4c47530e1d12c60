//! Embedded, ordered, append-only schema migrations under `PRAGMA user_version`.
//!
//! Rules (atuin's and gitbutler's): never edit a migration that has been released, only append;
//! all pending migrations run in one transaction together with the version bump, so a failure
//! leaves the file exactly as it was; an existing file is copied to `backups/` before any of them run.

use std::path::PathBuf;

use rusqlite::TransactionBehavior;

use super::{map_open_error, Store, APPLICATION_ID, BACKUP_DIR_NAME};
use crate::error::{Error, Result};

/// One step of the schema. Its version is its position in [`MIGRATIONS`] plus one.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, in order. Append only.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "contacts, interactions, team",
        sql: include_str!("sql/0001_contacts.sql"),
    },
    Migration {
        name: "customer issues, history, escalation ladder",
        sql: include_str!("sql/0002_issues.sql"),
    },
    Migration {
        name: "follow-ups, reminder deliveries and settings",
        sql: include_str!("sql/0003_reminders.sql"),
    },
    Migration {
        name: "issue history records title and description changes",
        sql: include_str!("sql/0004_issue_event_kinds.sql"),
    },
    Migration {
        name: "contact import: sources (vCard UIDs), CSV profiles, merges",
        sql: include_str!("sql/0005_import.sql"),
    },
    Migration {
        name: "satisfaction surveys: surveys, responses, answers, mapping profiles",
        sql: include_str!("sql/0006_surveys.sql"),
    },
    Migration {
        name: "status meetings: attendees, agenda, action items, happiness poll, cadence",
        sql: include_str!("sql/0007_meetings.sql"),
    },
    Migration {
        name: "stay-in-touch cadence per tag",
        sql: include_str!("sql/0008_tag_cadences.sql"),
    },
    Migration {
        name: "customer relationship profiles, kick-out factors, kudos",
        sql: include_str!("sql/0009_profiles.sql"),
    },
    Migration {
        name: "survey questions in their own table, answers as numbers",
        sql: include_str!("sql/0010_survey_questions.sql"),
    },
    Migration {
        name: "the at-risk list reads its evidence from indexes",
        sql: include_str!("sql/0011_at_risk_indexes.sql"),
    },
    Migration {
        name: "reminders due reads follow-ups and contacts' names from covering indexes",
        sql: include_str!("sql/0012_reminder_indexes.sql"),
    },
];

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Brings the store to the last of `migrations`. Returns the path of the backup taken first, if the
/// file already held data.
pub(super) fn run(store: &mut Store, migrations: &[Migration]) -> Result<Option<PathBuf>> {
    let current = store.schema_version()?;
    let target = migrations.len() as i64;
    if current >= target {
        return Ok(None);
    }
    let backup = if current > 0 {
        Some(backup_before(store, current, target)?)
    } else {
        None
    };
    let path = store.path.clone();
    let tx = store
        .conn
        .transaction_with_behavior(TransactionBehavior::Exclusive)
        .map_err(|e| map_open_error(&path, e))?;
    // Another process may have migrated between our read and our lock.
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (index, migration) in migrations.iter().enumerate().skip(current as usize) {
        let version = index as i64 + 1;
        tx.execute_batch(migration.sql)
            .map_err(|source| Error::MigrationFailed { version, source })?;
    }
    tx.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {target};"
    ))?;
    tx.commit()?;
    Ok(backup)
}

/// Copies the file, consistently, into `backups/` before its schema changes.
fn backup_before(store: &Store, from: i64, to: i64) -> Result<PathBuf> {
    let dir = store.data_dir().join(BACKUP_DIR_NAME);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let stamp = store.now().format("%Y%m%dT%H%M%S");
    let target = dir.join(format!("rapport-v{from}-before-v{to}-{stamp}.sqlite3"));
    super::maintenance::snapshot(&store.conn, &target)?;
    Ok(target)
}
