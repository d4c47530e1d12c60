//! The SQLite store: one file, opened safely, migrated all-or-nothing, backed up before it changes shape.
//!
//! `Store` owns the single `rusqlite::Connection`. Domain modules (`contacts`, `interactions`, `team`)
//! add methods to `Store` in their own files and keep their SQL there; this module only knows how to
//! open, migrate, snapshot, restore and check the file.

mod info;
mod maintenance;
pub mod migrations;
mod settings;

pub use settings::DEFAULT_BUSINESS_NAME;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use info::{list_backups, AppStatus, BackupFile, StoreInfo};
pub use maintenance::CheckReport;

use crate::error::{Error, Result};

/// The file name of the database inside a data folder.
pub const DB_FILE_NAME: &str = "rapport.sqlite3";
/// The folder, beside the database, that holds automatic backups.
pub const BACKUP_DIR_NAME: &str = "backups";
/// `PRAGMA application_id` of every Rapport file ("RAPP"), so a foreign SQLite file is never mistaken for ours.
pub const APPLICATION_ID: i32 = 0x5241_5050;

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Where "now" comes from. The real clock in the app and CLI; a fixed instant in tests.
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The system clock: the one place the core reads the time.
#[allow(clippy::disallowed_methods)]
pub fn system_clock() -> Clock {
    Box::new(Utc::now)
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    clock: Clock,
    /// The backup taken before migrations ran on this open, if any.
    pre_migration_backup: Option<PathBuf>,
    /// Minutes east of UTC where the owner is, to record local dates (e.g. "resolved on time").
    /// The faces set it; the core never asks the system.
    utc_offset_minutes: i32,
    /// A checkpoint running on its own connection after a large write (see [`Store::write_large`]).
    checkpointer: Option<std::thread::JoinHandle<()>>,
    /// A second connection, read-only, opened on first use, for reads that run on another thread
    /// beside the main connection's (see [`Store::reader`]).
    reader: std::sync::Mutex<Option<Connection>>,
}

/// From this many rows in one action on, callers write with [`Store::write_large`].
pub(crate) const LARGE_WRITE: usize = 5_000;

impl Drop for Store {
    fn drop(&mut self) {
        self.wait_for_checkpoint();
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database in a data folder.
    pub fn open_in(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir).map_err(|e| Error::io(data_dir, e))?;
        Store::open(&data_dir.join(DB_FILE_NAME))
    }

    /// Opens (creating if needed) the database file at `path` and brings it to the current schema.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, migrations::MIGRATIONS, system_clock())
    }

    /// Opens with an explicit migration list and clock. Tests use this to prove migrations are
    /// all-or-nothing and to fix "now".
    #[doc(hidden)]
    pub fn open_with(
        path: &Path,
        migrations: &[migrations::Migration],
        clock: Clock,
    ) -> Result<Store> {
        let existed = preflight(path)?;
        let conn = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            clock,
            pre_migration_backup: None,
            utc_offset_minutes: 0,
            checkpointer: None,
            reader: std::sync::Mutex::new(None),
        };
        store.identify(existed, migrations.len() as i64)?;
        store.pre_migration_backup = migrations::run(&mut store, migrations)?;
        Ok(store)
    }

    /// Replaces the clock (tests fix "now" this way).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// Sets the owner's offset from UTC in minutes (the CLI and the app pass the local one).
    pub fn set_utc_offset_minutes(&mut self, minutes: i32) {
        self.utc_offset_minutes = minutes;
    }

    pub(crate) fn utc_offset_minutes(&self) -> i32 {
        self.utc_offset_minutes
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// "now" as stored: UTC, RFC 3339, whole seconds.
    pub(crate) fn now_text(&self) -> String {
        timestamp(self.now())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn data_dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    pub fn backup_dir(&self) -> PathBuf {
        self.data_dir().join(BACKUP_DIR_NAME)
    }

    pub fn pre_migration_backup(&self) -> Option<&Path> {
        self.pre_migration_backup.as_deref()
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Read access for queries.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `aside` on the second connection, on a thread of its own, while `here` runs on this
    /// thread (on the main connection), and returns both. When the second connection cannot be
    /// opened or its read fails, `aside` runs again on the main connection after `here`.
    pub(crate) fn read_beside<A: Send, H>(
        &self,
        aside: impl Fn(&Connection) -> Result<A> + Sync,
        here: impl FnOnce() -> Result<H>,
    ) -> Result<(A, H)> {
        let aside = &aside;
        std::thread::scope(|threads| {
            let handle = self.reader().map(|reader| {
                threads.spawn(move || -> Option<Result<A>> {
                    let conn = reader.lock().ok()?;
                    Some(aside(conn.as_ref()?))
                })
            });
            let here = here();
            let beside = match handle.map(|h| h.join()) {
                Some(Ok(Some(Ok(value)))) => value,
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                Some(Ok(_)) | None => aside(&self.conn)?,
            };
            Ok((beside, here?))
        })
    }

    /// The read-only second connection, opened if need be, for a read that runs on another thread
    /// while this one goes on with the main connection (WAL lets readers run side by side; each sees
    /// the last commit when its statement starts). `None` when it cannot be opened: the caller then
    /// reads on the main connection.
    fn reader(&self) -> Option<&std::sync::Mutex<Option<Connection>>> {
        let mut slot = self.reader.lock().ok()?;
        if slot.is_none() {
            *slot = Some(connect(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?);
        }
        Some(&self.reader)
    }

    /// Closes the second connection (after the file's contents were replaced).
    pub(crate) fn close_reader(&mut self) {
        if let Ok(slot) = self.reader.get_mut() {
            *slot = None;
        }
    }

    /// Runs `f` in one write transaction: it commits only if `f` returns `Ok`, and rolls back on any
    /// error or panic (the transaction rolls back on drop). One user action is one call.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| map_open_error(&self.path, e))?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Like [`Store::write`], for one action that writes a lot (thousands of contacts in one
    /// import): the write-ahead log is not copied into the database at commit, as SQLite's automatic
    /// checkpoint would do while the owner waits, but on a connection of its own in a background
    /// thread right after. Durability is the same (`synchronous = NORMAL` in WAL mode: committed data
    /// is in the log either way); only who waits for the copy changes.
    pub(crate) fn write_large<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.wait_for_checkpoint();
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let result = self.write(f);
        self.conn.pragma_update(None, "wal_autocheckpoint", 1000)?;
        if result.is_ok() {
            let path = self.path.clone();
            self.checkpointer = Some(std::thread::spawn(move || {
                // Best effort: a checkpoint that cannot run now runs at the next commit instead.
                if let Ok(c) = Connection::open_with_flags(
                    &path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                ) {
                    let _ = c.busy_timeout(Duration::from_secs(5));
                    let _ = c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            }));
        }
        result
    }

    /// Waits for a background checkpoint to finish (before a backup, a restore, or closing).
    pub(crate) fn wait_for_checkpoint(&mut self) {
        if let Some(handle) = self.checkpointer.take() {
            let _ = handle.join();
        }
    }

    /// Checks that an existing file is ours and not from the future.
    fn identify(&self, existed: bool, supported: i64) -> Result<()> {
        let (app_id, version): (i32, i64) = self
            .conn
            .query_row(
                "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| map_open_error(&self.path, e))?;
        if !existed {
            return Ok(());
        }
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(|e| map_open_error(&self.path, e))?;
        if app_id != APPLICATION_ID && !(app_id == 0 && version == 0 && tables == 0) {
            return Err(Error::NotRapport {
                path: self.path.clone(),
                reason: "it is a database of another program".into(),
            });
        }
        if version > supported {
            return Err(Error::NewerSchema {
                path: self.path.clone(),
                found: version,
                supported,
            });
        }
        Ok(())
    }
}

/// Refuses files that are not SQLite before SQLite touches them. Returns whether the file existed
/// with content.
fn preflight(path: &Path) -> Result<bool> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut header = [0u8; 16];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    if read == 0 {
        return Ok(false);
    }
    if read < header.len() || &header != SQLITE_HEADER {
        return Err(Error::NotRapport {
            path: path.to_path_buf(),
            reason: "it is not a database file".into(),
        });
    }
    Ok(true)
}

fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| map_open_error(path, e))?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let read_only = flags.contains(OpenFlags::SQLITE_OPEN_READ_ONLY);
    let mode: String = if read_only {
        conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
    } else {
        conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
    }
    .map_err(|e| map_open_error(path, e))?;
    if !read_only && !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Locked {
            path: path.to_path_buf(),
        });
    }
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -65536;",
    )?;
    // The app's own statements, plus the batch writer's multi-row ones (`contacts::batch`: up to
    // eleven sizes for each of four tables).
    conn.set_prepared_statement_cache_capacity(96);
    Ok(conn)
}

/// Turns low-level open errors into ones that name the file.
pub(crate) fn map_open_error(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => Error::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Error::Locked {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::CannotOpen)
        | Some(ErrorCode::ReadOnly)
        | Some(ErrorCode::PermissionDenied) => {
            Error::io(path, std::io::Error::other(e.to_string()))
        }
        _ => Error::from(e),
    }
}

/// A timestamp as stored: UTC, RFC 3339, whole seconds (`2026-11-24T09:30:00Z`).
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The default data folder: `RAPPORT_DATA_DIR` if set, else the platform's app-data folder for
/// [`crate::APP_IDENTIFIER`] (the same folder Tauri's `app_data_dir()` gives the desktop app).
pub fn default_data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("RAPPORT_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::data_dir()
        .map(|d| d.join(crate::APP_IDENTIFIER))
        .ok_or_else(|| {
            Error::io(
                "the app-data folder",
                std::io::Error::other("this system has no app-data folder; set RAPPORT_DATA_DIR"),
            )
        })
}
