//! Backup, restore and integrity check of the data file.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, MAIN_DB};
use serde::Serialize;
use ts_rs::TS;

use super::{connect, map_open_error, migrations, preflight, Store, APPLICATION_ID};
use crate::error::{Error, Result};

/// The result of `check`: empty `problems` means the file is healthy.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CheckReport {
    pub path: String,
    #[ts(type = "number")]
    pub schema_version: i64,
    #[ts(type = "number")]
    pub supported_version: i64,
    #[ts(type = "number")]
    pub contacts: i64,
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Writes a consistent copy of the open database to `target`, atomically: a temporary file in the
/// same folder is renamed over the target only once complete.
pub(super) fn snapshot(conn: &Connection, target: &Path) -> Result<()> {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".into());
    let partial = dir.join(format!(".{file_name}.partial"));
    let _ = std::fs::remove_file(&partial);
    let result = conn
        .execute("VACUUM INTO ?1", [partial.to_string_lossy().as_ref()])
        .map_err(|e| match Error::from(e) {
            Error::Database(e) => Error::io(target, std::io::Error::other(e.to_string())),
            other => other,
        })
        .and_then(|_| std::fs::rename(&partial, target).map_err(|e| Error::io(target, e)));
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

impl Store {
    /// A consistent snapshot of the database, taken while it is open, written to `target`.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        if target.exists() && same_file(target, &self.path) {
            return Err(Error::invalid(
                "out",
                "the backup cannot overwrite the data file itself",
            ));
        }
        snapshot(&self.conn, target)
    }

    /// Replaces the data with the contents of the Rapport file at `source`, after validating it.
    /// The data being replaced is first saved into `backups/`; its path is returned.
    pub fn restore_from(&mut self, source: &Path) -> Result<PathBuf> {
        validate_restore_source(source)?;
        self.wait_for_checkpoint();
        self.close_reader();
        let stamp = self.now().format("%Y%m%dT%H%M%S");
        let saved = self
            .backup_dir()
            .join(format!("rapport-before-restore-{stamp}.sqlite3"));
        snapshot(&self.conn, &saved)?;
        self.conn
            .restore(MAIN_DB, source, None::<fn(rusqlite::backup::Progress)>)
            .map_err(|e| map_open_error(source, e))?;
        // An older file is brought up to date like any other (its own pre-migration backup included).
        self.pre_migration_backup = migrations::run(self, migrations::MIGRATIONS)?;
        Ok(saved)
    }

    /// Integrity check, foreign-key check, schema version and search-index consistency.
    pub fn check(&self) -> Result<CheckReport> {
        let conn = &self.conn;
        let mut problems = Vec::new();
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(format!("integrity: {row}"));
            }
        }
        let mut stmt =
            conn.prepare("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (table, rowid, parent) = row?;
            problems.push(format!(
                "foreign key: {table} row {} points to a missing {parent}",
                rowid.map_or("?".to_string(), |r| r.to_string())
            ));
        }
        let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID {
            problems.push(format!("application id is {app_id:#x}, not Rapport's"));
        }
        let version = self.schema_version()?;
        if version != migrations::LATEST {
            problems.push(format!(
                "schema version is {version}, this build expects {}",
                migrations::LATEST
            ));
        }
        if let Err(e) = conn.execute(
            "INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('integrity-check', 0)",
            [],
        ) {
            problems.push(format!("search index: {e}"));
        }
        let contacts: i64 = conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?;
        let indexed: i64 = conn.query_row("SELECT count(*) FROM contacts_fts", [], |r| r.get(0))?;
        if contacts != indexed {
            problems.push(format!(
                "search index holds {indexed} contacts but the store has {contacts}"
            ));
        }
        Ok(CheckReport {
            path: self.path.display().to_string(),
            schema_version: version,
            supported_version: migrations::LATEST,
            contacts,
            problems,
        })
    }
}

/// A restore source must be a healthy Rapport file this build can read.
pub(super) fn validate_restore_source(source: &Path) -> Result<()> {
    if !source.is_file() {
        return Err(Error::io(
            source,
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        ));
    }
    if !preflight(source)? {
        return Err(Error::NotRapport {
            path: source.to_path_buf(),
            reason: "it is empty".into(),
        });
    }
    let conn = connect(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let (app_id, version): (i32, i64) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| map_open_error(source, e))?;
    if app_id != APPLICATION_ID {
        return Err(Error::NotRapport {
            path: source.to_path_buf(),
            reason: "it is a database of another program".into(),
        });
    }
    if version > migrations::LATEST {
        return Err(Error::NewerSchema {
            path: source.to_path_buf(),
            found: version,
            supported: migrations::LATEST,
        });
    }
    let verdict: String = conn
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .map_err(|e| map_open_error(source, e))?;
    if verdict != "ok" {
        return Err(Error::Corrupt {
            path: source.to_path_buf(),
            detail: verdict,
        });
    }
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
